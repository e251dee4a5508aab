from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Stakeholders")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from stakeholders.display import remember_on_sign_in

        user_logged_in.connect(remember_on_sign_in, dispatch_uid="stakeholders.display")
