from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from territory import services
from territory.management.commands._output import fail, summary


class Command(BaseCommand):
    help = (
        "Load the reference facts of Lamas province (districts, conservation area, crops, forest "
        "loss, carbon, sources). Idempotent: a second run changes nothing. Demo communities "
        "(marked as demo) are added in development, or with --demo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            default=None,
            help="Also add demo communities (default: only when DEBUG is on).",
        )
        parser.add_argument(
            "--no-demo", action="store_false", dest="demo", help="Never add demo communities."
        )

    def handle(self, *args, **options):
        with_demo = settings.DEBUG if options["demo"] is None else options["demo"]
        try:
            result = services.reference_data_load(with_demo=with_demo)
        except ValidationError as error:
            raise fail(error) from None
        summary(self, result, "Reference data")
