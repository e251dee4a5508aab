from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from territory.importers import boundaries_import
from territory.management.commands._files import read_text_file
from territory.management.commands._output import fail, summary


class Command(BaseCommand):
    help = (
        "Store the boundaries of the province's districts from a GeoJSON district layer (a "
        "national layer is fine), validated and measured. Nothing changes if anything is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="GeoJSON FeatureCollection of districts (lon/lat)")
        parser.add_argument("--province", default="2205", help="INEI ubigeo of the province")
        parser.add_argument(
            "--code-property", default="IDDIST", help="Property holding the INEI district ubigeo"
        )
        parser.add_argument(
            "--area-property", default="AREA_MINAM", help="Property holding the layer's area (ha)"
        )
        parser.add_argument(
            "--source", default="minam-district-limits", help="Key of the layer's Source"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        text = read_text_file(path, what="text file (is it GeoJSON?)")
        try:
            result = boundaries_import(
                text=text,
                province_ubigeo=options["province"],
                code_property=options["code_property"],
                area_property=options["area_property"],
                source_key=options["source"],
            )
        except ValidationError as error:
            raise fail(error) from None
        summary(self, result, "District boundaries")
