"""Places and sources: the province, its districts (with their three labelled areas and
boundary) and its Indigenous communities."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Crop",
    "District",
    "IndigenousCommunity",
    "IndigenousPeople",
    "Province",
    "Source",
]


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
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title


class Province(models.Model):
    """A province (Lamas: 2205), with the figures its sources state about it as a whole."""

    ubigeo = models.CharField(_("INEI ubigeo"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.CharField(_("region"), max_length=100, blank=True)
    official_area_ha = models.DecimalField(
        _("official area (ha)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    official_area_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source of the official area"),
    )
    stated_area_ha = models.DecimalField(
        _("area as the brief states it (ha)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    stated_area_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source of the stated area"),
    )
    official_area_derivation = models.CharField(
        _("official area derived from"), max_length=300, blank=True
    )

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
    ubigeo_reniec = models.CharField(_("RENIEC ubigeo"), max_length=6, blank=True)
    capital = models.CharField(_("capital"), max_length=100, blank=True)
    official_area_ha = models.DecimalField(
        _("official area, INEI (ha)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    official_area_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source of the official area"),
    )
    gis_area_ha = models.DecimalField(
        _("GIS layer area, AREA_MINAM (ha)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    gis_area_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source of the GIS layer area"),
    )
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    boundary_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source of the boundary"),
    )
    computed_area_ha = models.DecimalField(
        _("area computed from the boundary (ha)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Geodesic area of the stored boundary (WGS84 ellipsoid): a derived figure."),
    )

    class Meta:
        ordering = ["ubigeo"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class IndigenousPeople(models.TextChoices):
    KICHWA = "kichwa", _("Kichwa (Quechua-Lamista, Llacuash)")
    SHAWI = "shawi", _("Shawi")
    OTHER = "other", _("Other")


class IndigenousCommunity(models.Model):
    """An Indigenous community, represented by an indigenous-sector organization.

    Communities whose names no source gives are demo data and say so (`is_demo`)."""

    name = models.CharField(_("name"), max_length=200)
    people = models.CharField(
        _("people"),
        max_length=20,
        choices=IndigenousPeople.choices,
        default=IndigenousPeople.KICHWA,
    )
    category = models.CharField(
        _("legal category"),
        max_length=100,
        blank=True,
        help_text=_("For example: Comunidad Nativa."),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communities",
        verbose_name=_("source"),
    )
    notes = models.TextField(_("notes"), blank=True)
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
