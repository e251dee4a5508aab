"""Models: objectives (strategic axes) of the plan, with their indicators."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Objective"]


class Objective(models.Model):
    """A strategic axis of the plan; actions serve one objective."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"
