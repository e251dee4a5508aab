"""Forest loss over a period or a year, for the province or a district."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from territory.models.places import District, Province, Source

__all__ = ["ForestLoss"]


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
