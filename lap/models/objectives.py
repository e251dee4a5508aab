"""Models: objectives (strategic axes) of the plan, with their indicators.

An indicator is measured by hand (dated measurements with a source) or fed by a territory
series: then its baseline and measurements are read from `territory.ForestLoss`, never typed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lap import limits

__all__ = [
    "CONFIRMATIONS_NEEDED",
    "Indicator",
    "IndicatorDirection",
    "IndicatorMeasurement",
    "IndicatorSeries",
    "LandscalePillar",
    "MeasurementConfirmation",
    "Objective",
]


class Objective(models.Model):
    """A strategic axis of the plan; actions serve one objective."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=limits.DESCRIPTION)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class IndicatorDirection(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")


class IndicatorSeries(models.TextChoices):
    """Territory series an indicator can be fed by (columns of territory.ForestLoss)."""

    NONE = "", _("None (measured by hand)")
    HUMID_PRIMARY_FOREST_LOSS = (
        "humid_primary_forest_loss_ha",
        _("Annual humid primary forest loss (ha)"),
    )
    TREE_COVER_LOSS = "tree_cover_loss_ha", _("Annual tree cover loss (ha)")
    EMISSIONS = "emissions_t_co2e", _("Annual emissions from forest loss (t CO2e)")


class LandscalePillar(models.TextChoices):
    """LandScale's four pillars (San Martín's regional government adopted LandScale)."""

    ECOSYSTEMS = "ecosystems", _("Ecosystems")
    HUMAN_WELL_BEING = "human_well_being", _("Human well-being")
    GOVERNANCE = "governance", _("Governance")
    PRODUCTION = "production", _("Production")


class Indicator(models.Model):
    """How an objective's progress is measured: a baseline, a target and measurements."""

    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("objective"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=limits.DESCRIPTION)
    unit = models.CharField(_("unit"), max_length=40)
    direction = models.CharField(_("direction"), max_length=10, choices=IndicatorDirection.choices)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    series = models.CharField(
        _("fed by territory series"),
        max_length=40,
        choices=IndicatorSeries.choices,
        default=IndicatorSeries.NONE,
        blank=True,
    )
    series_province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("series province"),
    )
    series_district = models.ForeignKey(
        "territory.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("series district"),
    )
    # Empty for indicators made before pillars existed, until a coordinator chooses one.
    pillar = models.CharField(
        _("LandScale pillar"), max_length=20, choices=LandscalePillar.choices, blank=True
    )
    goal = models.TextField(_("goal"), blank=True, max_length=limits.COMMENT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        ordering = ["objective", "order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            # A series is read for the province or for one district, and only when there is one.
            models.CheckConstraint(
                name="indicator_series_place",
                condition=(
                    Q(series="") & Q(series_province__isnull=True) & Q(series_district__isnull=True)
                )
                | (
                    ~Q(series="")
                    & (
                        Q(series_province__isnull=False, series_district__isnull=True)
                        | Q(series_province__isnull=True, series_district__isnull=False)
                    )
                ),
            ),
            # A target must come after the baseline.
            models.CheckConstraint(
                name="indicator_target_after_baseline",
                condition=Q(baseline_year__isnull=True)
                | Q(target_year__isnull=True)
                | Q(target_year__gte=models.F("baseline_year")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objective.code} — {self.name}"

    @property
    def is_fed_by_series(self) -> bool:
        return bool(self.series)


class IndicatorMeasurement(models.Model):
    """A dated value of an indicator measured by hand, with where it comes from."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("indicator"),
    )
    # The period the value covers: from `period_start` to `measured_on` (its end).
    period_start = models.DateField(_("period start"))
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)
    method = models.CharField(_("method"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=limits.COMMENT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["indicator", "measured_on", "pk"]
        verbose_name = _("indicator measurement")
        verbose_name_plural = _("indicator measurements")
        constraints = [
            # One value per indicator and date: a correction replaces, it does not pile up.
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="one_measurement_per_indicator_and_date"
            ),
            # A measurement says where it comes from.
            models.CheckConstraint(name="measurement_has_source", condition=~Q(source="")),
            models.CheckConstraint(
                name="measurement_period_in_order",
                condition=Q(period_start__lte=models.F("measured_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"


# A measurement is verified by this many confirmations (DESIGN: two distinct persons).
CONFIRMATIONS_NEEDED = 2
CONVENER = "convener"  # what a coordinator's confirmation counts as


class MeasurementConfirmation(models.Model):
    """A person's confirmation of a measured value: a coordinator (counting as the convener) or
    a representative of an active organization (counting for it); one per counted party."""

    measurement = models.ForeignKey(
        IndicatorMeasurement,
        on_delete=models.CASCADE,
        related_name="confirmations",
        verbose_name=_("measurement"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    # "convener" or "organization:<id>": at most one confirmation for each.
    counts_for = models.CharField(max_length=40)
    created_at = models.DateTimeField(_("confirmed"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("measurement confirmation")
        verbose_name_plural = _("measurement confirmations")
        constraints = [
            models.UniqueConstraint(
                fields=["measurement", "person"], name="one_confirmation_per_person"
            ),
            models.UniqueConstraint(
                fields=["measurement", "counts_for"], name="one_confirmation_per_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measurement} ✓ {self.counts_for}"
