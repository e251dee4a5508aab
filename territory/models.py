"""Territory of Lamas province: districts, communities, crops, figures and their sources.

(Core models the plan refers to; the territory knowledge base extends this module.)
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Crop(models.TextChoices):
    COFFEE = "coffee", _("Coffee")
    COCOA = "cocoa", _("Cocoa")
    OIL_PALM = "oil_palm", _("Oil palm")
    OTHER = "other", _("Other")


class District(models.Model):
    """A district of Lamas province, keyed by its INEI ubigeo (the code GIS layers use)."""

    ubigeo = models.CharField(_("INEI ubigeo"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["ubigeo"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class IndigenousCommunity(models.Model):
    """An Indigenous community, represented by an indigenous-sector organization."""

    name = models.CharField(_("name"), max_length=200)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="communities", verbose_name=_("district")
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communities",
        verbose_name=_("represented by"),
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        ordering = ["district__ubigeo", "name"]
        verbose_name = _("Indigenous community")
        verbose_name_plural = _("Indigenous communities")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="community_unique_in_district"
            )
        ]

    def __str__(self) -> str:
        return self.name
