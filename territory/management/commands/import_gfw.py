from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from territory.importers import LEVELS, gfw_import
from territory.management.commands._files import read_text_file
from territory.management.commands._output import fail, summary


class Command(BaseCommand):
    help = (
        "Import annual tree cover loss from a Global Forest Watch CSV (long layout with "
        "umd_tree_cover_loss__year, or wide tc_loss_ha_2001…). Re-importing changes nothing; "
        "a file with any bad row is refused whole."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file downloaded from Global Forest Watch")
        parser.add_argument(
            "--threshold", type=int, default=30, help="Canopy cover threshold in %% (default 30)"
        )
        parser.add_argument(
            "--level",
            choices=LEVELS,
            default="district",
            help="Rows are about districts (default) or about the whole province",
        )
        parser.add_argument("--province", default="2205", help="INEI ubigeo of the province")

    def handle(self, *args, **options):
        path = Path(options["file"])
        text = read_text_file(path, what="CSV file")
        try:
            result = gfw_import(
                text=text,
                threshold=options["threshold"],
                level=options["level"],
                province_ubigeo=options["province"],
            )
        except ValidationError as error:
            raise fail(error) from None
        summary(self, result, "Tree cover loss")
