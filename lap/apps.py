from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LapConfig(AppConfig):
    name = "lap"
    verbose_name = _("Landscape Action Plan")
