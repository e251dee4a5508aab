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
    tree_cover_decrease_pct = models.DecimalField(
        _("decrease in tree cover since 2000 (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    primary_share_pct = models.DecimalField(
        _("humid primary forest share of tree cover loss (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "As the source states it; the page also shows the share derived from the hectares."
        ),
    )
    canopy_threshold = models.PositiveSmallIntegerField(
        _("canopy cover threshold (%)"),
        default=30,
        help_text=_(
            "Global Forest Watch counts tree cover above this canopy density (default 30%)."
        ),
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
            # One figure per place, period, source and threshold: imports update it in place.
            models.UniqueConstraint(
                fields=["province", "start_year", "end_year", "source", "canopy_threshold"],
                condition=models.Q(district__isnull=True),
                name="forest_loss_unique_for_province",
            ),
            models.UniqueConstraint(
                fields=["district", "start_year", "end_year", "source", "canopy_threshold"],
                condition=models.Q(province__isnull=True),
                name="forest_loss_unique_for_district",
            ),
            # Hectares and emissions are never negative.
            models.CheckConstraint(
                name="forest_loss_amounts_not_negative",
                condition=(
                    models.Q(tree_cover_loss_ha__isnull=True) | models.Q(tree_cover_loss_ha__gte=0)
                )
                & (
                    models.Q(humid_primary_forest_loss_ha__isnull=True)
                    | models.Q(humid_primary_forest_loss_ha__gte=0)
                )
                & (models.Q(emissions_t_co2e__isnull=True) | models.Q(emissions_t_co2e__gte=0)),
            ),
            # A canopy threshold is a percentage.
            models.CheckConstraint(
                name="forest_loss_threshold_is_percent",
                condition=models.Q(canopy_threshold__lte=100),
            ),
        ]

    def __str__(self) -> str:
        where = self.district or self.province
        return f"{where} {self.start_year}–{self.end_year}"

    @property
    def years(self) -> int:
        return self.end_year - self.start_year + 1

    @property
    def is_annual(self) -> bool:
        return self.start_year == self.end_year


def _province_xor_district(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        name=name,
        condition=models.Q(province__isnull=False, district__isnull=True)
        | models.Q(province__isnull=True, district__isnull=False),
    )


class PopulationKind(models.TextChoices):
    CENSUS = "census", _("Census count")
    PROJECTION = "projection", _("Official projection")
    ESTIMATE = "estimate", _("Estimate")


class PopulationFigure(models.Model):
    """Inhabitants of the province or of one district in a year, of one kind (census,
    projection, estimate), with its source."""

    province = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="population_figures",
        verbose_name=_("province"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="population_figures",
        verbose_name=_("district"),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PopulationKind.choices)
    population = models.PositiveIntegerField(_("inhabitants"))
    is_approximate = models.BooleanField(_("approximate"), default=False)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    is_derived = models.BooleanField(_("derived"), default=False)
    derivation = models.CharField(_("derived from"), max_length=300, blank=True)

    class Meta:
        ordering = ["year", "kind"]
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        constraints = [
            # A figure is about the province or about one district, never both or neither.
            _province_xor_district("population_province_xor_district"),
            # One figure per place, year, kind and source.
            models.UniqueConstraint(
                fields=["district", "year", "kind", "source"],
                condition=models.Q(province__isnull=True),
                name="population_unique_for_district",
            ),
            models.UniqueConstraint(
                fields=["province", "year", "kind", "source"],
                condition=models.Q(district__isnull=True),
                name="population_unique_for_province",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district or self.province} {self.year}: {self.population}"


class ConservationArea(models.Model):
    """A protected area, such as the Cordillera Escalera Regional Conservation Area (ACR-CE)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=100, blank=True)
    legal_instrument = models.CharField(_("created by"), max_length=200, blank=True)
    created_on = models.DateField(_("created on"), null=True, blank=True)
    area_ha = models.DecimalField(
        _("area (ha)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    area_note = models.CharField(_("note on the area"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("conservation area")
        verbose_name_plural = _("conservation areas")
        constraints = [
            # Areas are never negative.
            models.CheckConstraint(
                name="conservation_area_area_not_negative",
                condition=models.Q(area_ha__isnull=True) | models.Q(area_ha__gte=0),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ConservationShare(models.Model):
    """How much of a district a conservation area covers, as the sources describe it.

    The sources rank districts and describe the coverage in words; a percentage is entered only
    when a source gives one."""

    conservation_area = models.ForeignKey(
        ConservationArea,
        on_delete=models.CASCADE,
        related_name="shares",
        verbose_name=_("conservation area"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        related_name="conservation_shares",
        verbose_name=_("district"),
    )
    rank = models.PositiveSmallIntegerField(
        _("rank by share"), null=True, blank=True, help_text=_("1 = the largest share.")
    )
    share_pct = models.DecimalField(
        _("share of the district (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    description = models.CharField(_("coverage"), max_length=300, blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )

    class Meta:
        ordering = ["conservation_area", models.F("rank").asc(nulls_last=True), "district__ubigeo"]
        verbose_name = _("conservation share")
        verbose_name_plural = _("conservation shares")
        constraints = [
            # One description per area and district.
            models.UniqueConstraint(
                fields=["conservation_area", "district"], name="conservation_share_unique"
            ),
            # A share is a percentage.
            models.CheckConstraint(
                name="conservation_share_is_percent",
                condition=models.Q(share_pct__isnull=True)
                | models.Q(share_pct__gte=0, share_pct__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conservation_area.code} · {self.district}"


class LandUseMeasure(models.TextChoices):
    AREA = "area", _("Planted area")
    PRODUCTION = "production", _("Production")


class LandUse(models.Model):
    """A crop figure: hectares and/or share of the province's total, for the province or a
    district, with its source; hectares computed from a share are marked derived."""

    crop = models.CharField(_("crop"), max_length=20, choices=Crop.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="land_use",
        verbose_name=_("province"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="land_use",
        verbose_name=_("district"),
    )
    measure = models.CharField(
        _("measure"), max_length=20, choices=LandUseMeasure.choices, default=LandUseMeasure.AREA
    )
    hectares = models.DecimalField(
        _("hectares"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    hectares_is_derived = models.BooleanField(_("hectares derived"), default=False)
    is_approximate = models.BooleanField(_("approximate"), default=False)
    share_pct = models.DecimalField(
        _("share of the province (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    is_derived = models.BooleanField(_("derived"), default=False)
    derivation = models.CharField(_("derived from"), max_length=300, blank=True)

    class Meta:
        ordering = ["crop", "province", models.F("share_pct").desc(nulls_last=True)]
        verbose_name = _("land use figure")
        verbose_name_plural = _("land use figures")
        constraints = [
            # A figure is about the province or about one district, never both or neither.
            _province_xor_district("land_use_province_xor_district"),
            # A figure without hectares or a share says nothing.
            models.CheckConstraint(
                name="land_use_has_a_figure",
                condition=models.Q(hectares__isnull=False) | models.Q(share_pct__isnull=False),
            ),
            models.CheckConstraint(
                name="land_use_share_is_percent",
                condition=models.Q(share_pct__isnull=True)
                | models.Q(share_pct__gte=0, share_pct__lte=100),
            ),
            models.CheckConstraint(
                name="land_use_hectares_not_negative",
                condition=models.Q(hectares__isnull=True) | models.Q(hectares__gte=0),
            ),
            # One figure per crop, place, measure and source: reloading updates it in place.
            models.UniqueConstraint(
                fields=["crop", "district", "measure", "source"],
                condition=models.Q(province__isnull=True),
                name="land_use_unique_for_district",
            ),
            models.UniqueConstraint(
                fields=["crop", "province", "measure", "source"],
                condition=models.Q(district__isnull=True),
                name="land_use_unique_for_province",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_crop_display()} · {self.district or self.province}"


class CarbonStock(models.Model):
    """Carbon stored in the vegetation of the province or a district, as a source states it."""

    province = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="carbon_stocks",
        verbose_name=_("province"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="carbon_stocks",
        verbose_name=_("district"),
    )
    tonnes_carbon = models.DecimalField(
        _("carbon (t C)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    is_lower_bound = models.BooleanField(
        _("lower bound"), default=False, help_text=_("The source says “more than”.")
    )
    density_t_c_per_ha = models.DecimalField(
        _("carbon density (t C/ha)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    is_derived = models.BooleanField(_("derived"), default=False)
    derivation = models.CharField(_("derived from"), max_length=300, blank=True)

    class Meta:
        ordering = ["province", "district__ubigeo"]
        verbose_name = _("carbon stock")
        verbose_name_plural = _("carbon stocks")
        constraints = [
            # A figure is about the province or about one district, never both or neither.
            _province_xor_district("carbon_province_xor_district"),
            models.CheckConstraint(
                name="carbon_not_negative",
                condition=(models.Q(tonnes_carbon__isnull=True) | models.Q(tonnes_carbon__gte=0))
                & (models.Q(density_t_c_per_ha__isnull=True) | models.Q(density_t_c_per_ha__gte=0)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district or self.province}: {self.tonnes_carbon} t C"


class RankingScope(models.TextChoices):
    REGION = "region", _("Among the provinces of the region")
    NATIONAL = "national", _("Among the provinces of Peru")


class DeforestationRanking(models.Model):
    """Where the province stands among others by deforestation rate, as a source states it."""

    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="rankings", verbose_name=_("province")
    )
    scope = models.CharField(_("scope"), max_length=20, choices=RankingScope.choices)
    rank = models.PositiveSmallIntegerField(_("rank"))
    out_of = models.PositiveSmallIntegerField(_("out of"), null=True, blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )

    class Meta:
        ordering = ["scope"]
        verbose_name = _("deforestation ranking")
        verbose_name_plural = _("deforestation rankings")
        constraints = [
            # One ranking per province, scope and source.
            models.UniqueConstraint(
                fields=["province", "scope", "source"], name="ranking_unique_per_scope"
            ),
            # A rank is within its field when the field size is known.
            models.CheckConstraint(
                name="ranking_within_field",
                condition=models.Q(rank__gte=1)
                & (models.Q(out_of__isnull=True) | models.Q(rank__lte=models.F("out_of"))),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province} #{self.rank}"
