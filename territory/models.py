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


class Source(models.Model):
    """Where a figure comes from: every figure of the territory points to one."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    document = models.CharField(_("document"), max_length=300, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title


class Province(models.Model):
    ubigeo = models.CharField(_("INEI ubigeo"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A district of Lamas province, keyed by its INEI ubigeo (the code GIS layers use)."""

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("province")
    )
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


class ForestLoss(models.Model):
    """Tree cover loss over a period (start year = end year for annual data), for the province
    or one district, with its source and whether it is stated by the source or derived."""

    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, null=True, blank=True, related_name="forest_loss"
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="forest_loss"
    )
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    tree_cover_loss_ha = models.DecimalField(
        _("tree cover loss (ha)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    humid_primary_forest_loss_ha = models.DecimalField(
        _("humid primary forest loss (ha)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    emissions_t_co2e = models.DecimalField(
        _("emissions (t CO2e)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    is_derived = models.BooleanField(_("derived"), default=False)
    derivation = models.CharField(_("derived from"), max_length=300, blank=True)

    class Meta:
        ordering = ["start_year", "end_year"]
        verbose_name = _("forest loss")
        verbose_name_plural = _("forest loss")
        constraints = [
            # A figure is about the province or about one district, never both or neither.
            models.CheckConstraint(
                name="forest_loss_province_xor_district",
                condition=models.Q(province__isnull=False, district__isnull=True)
                | models.Q(province__isnull=True, district__isnull=False),
            ),
            models.CheckConstraint(
                name="forest_loss_period_ordered",
                condition=models.Q(end_year__gte=models.F("start_year")),
            ),
        ]

    def __str__(self) -> str:
        where = self.district or self.province
        return f"{where} {self.start_year}–{self.end_year}"
