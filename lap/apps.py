from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LapConfig(AppConfig):
    name = "lap"
    verbose_name = _("Landscape Action Plan")

    def ready(self):
        from django.db.models.signals import pre_save

        from lap.limits import enforce_text_limits

        pre_save.connect(enforce_text_limits, dispatch_uid="lap.limits.enforce_text_limits")
