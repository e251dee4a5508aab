from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["DataVersion"]


class DataVersion(models.Model):
    """A single row whose token changes whenever any territory data does (territory.versions):
    pages drawn from that data are cached under the token, so they are never served stale. A
    random token rather than a counter: a database restored from a backup, or a test rolled
    back, never meets a drawing cached for other data under the same number."""

    token = models.CharField(_("token"), max_length=32)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("territory data version")
        verbose_name_plural = _("territory data versions")

    def __str__(self) -> str:
        return self.token
