from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "territory"
    verbose_name = _("Territory")

    def ready(self) -> None:
        from territory import versions
        from territory.models import DataVersion

        # Any change to territory data redraws what is cached from it (territory.versions).
        for model in self.get_models():
            if model is DataVersion:
                continue
            post_save.connect(versions.bump, sender=model, dispatch_uid=f"version-{model}")
            post_delete.connect(versions.bump, sender=model, dispatch_uid=f"version-del-{model}")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    versions.bump, sender=field.remote_field.through, dispatch_uid=f"v-{field}"
                )
        # A data migration writes through historical models, which send no signal to these.
        post_migrate.connect(_bump_after_migrate, sender=self)


def _bump_after_migrate(*, using: str = "default", **_arguments) -> None:
    from django.db import connections

    from territory import versions
    from territory.models import DataVersion

    # Not when migrating back to before the table existed.
    if DataVersion._meta.db_table in connections[using].introspection.table_names():
        versions.bump()
