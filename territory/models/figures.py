"""Figures about the territory besides forest loss: population, conservation areas, land use,
carbon and rankings. Each points to its Source and says whether it is stated or derived."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from territory.models.places import Crop, District, Province, Source

__all__ = [
    "CarbonStock",
    "ConservationArea",
    "ConservationShare",
    "DeforestationRanking",
    "LandUse",
    "LandUseMeasure",
    "PopulationFigure",
    "PopulationKind",
    "RankingScope",
]


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
