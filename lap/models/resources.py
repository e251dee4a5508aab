"""Models: resource needs, commitments, deliveries, exchange rates.

An action needs resources (money in a currency, or person-days, units or hectares); an
organization commits some of a need through its representative; deliveries record what was
actually given. Amounts stay in their own unit: reports convert money at the exchange rate in
force on the report date.
"""

from typing import TypedDict

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lap import limits

__all__ = [
    "MONEY_UNITS",
    "Commitment",
    "CommitmentStatus",
    "Delivery",
    "ExchangeRate",
    "NeedKind",
    "NeedUnit",
    "PledgeReminder",
    "ResourceNeed",
]


class NeedKind(models.TextChoices):
    FINANCE = "finance", _("Finance")
    STAFF = "staff", _("Staff")
    EQUIPMENT = "equipment", _("Equipment")
    TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")
    IN_KIND = "in_kind", _("In kind")


class NeedUnit(models.TextChoices):
    PEN = "PEN", _("Peruvian soles (PEN)")
    USD = "USD", _("US dollars (USD)")
    EUR = "EUR", _("Euros (EUR)")
    PERSON_DAYS = "person_days", _("person-days")
    UNITS = "units", _("units")
    HECTARES = "ha", _("hectares")


MONEY_UNITS = (NeedUnit.PEN, NeedUnit.USD, NeedUnit.EUR)


class _AmountDigits(TypedDict):
    max_digits: int
    decimal_places: int


AMOUNT: _AmountDigits = {"max_digits": 14, "decimal_places": 2}


class ResourceNeed(models.Model):
    """Something an action needs: money in a currency, or a quantity of another kind."""

    action = models.ForeignKey(
        "lap.Action", on_delete=models.CASCADE, related_name="needs", verbose_name=_("action")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NeedKind.choices)
    description = models.TextField(_("description"), blank=True, max_length=limits.DESCRIPTION)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    unit = models.CharField(_("unit"), max_length=12, choices=NeedUnit.choices)
    estimated_value_pen = models.DecimalField(
        _("estimated value (PEN)"),
        **AMOUNT,
        null=True,
        blank=True,
        help_text=_("For needs that are not money: what they are worth in soles, if known."),
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["action_id", "id"]
        verbose_name = _("resource need")
        verbose_name_plural = _("resource needs")
        constraints = [
            # A need of nothing is not a need.
            models.CheckConstraint(name="need_amount_positive", condition=Q(amount__gt=0)),
            # Finance is counted in a currency, and only finance is.
            models.CheckConstraint(
                name="need_finance_in_a_currency",
                condition=(Q(kind="finance") & Q(unit__in=["PEN", "USD", "EUR"]))
                | (~Q(kind="finance") & ~Q(unit__in=["PEN", "USD", "EUR"])),
            ),
            # Money needs are their own value; only other kinds carry a PEN estimate.
            models.CheckConstraint(
                name="need_estimate_only_for_non_money",
                condition=Q(estimated_value_pen__isnull=True)
                | (~Q(unit__in=["PEN", "USD", "EUR"]) & Q(estimated_value_pen__gte=0)),
            ),
            models.CheckConstraint(
                name="need_period_ends_after_it_starts",
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.amount} {self.unit} ({self.get_kind_display()})"

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY_UNITS


class CommitmentStatus(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class Commitment(models.Model):
    """An organization's commitment towards a need, in a currency or in the need's unit.

    Edits carry `version`: an edit based on an older version is refused rather than
    silently overwriting someone else's change.
    """

    need = models.ForeignKey(
        ResourceNeed, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("need")
    )
    organization = models.ForeignKey(
        "stakeholders.Organization",
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("organization"),
    )
    amount = models.DecimalField(_("amount"), **AMOUNT)
    unit = models.CharField(_("unit"), max_length=12, choices=NeedUnit.choices)
    expected_on = models.DateField(_("expected date"))
    note = models.TextField(_("note"), blank=True, max_length=limits.COMMENT)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PLEDGED,
        db_index=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("committed by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancel_reason = models.TextField(
        _("reason for cancelling"), blank=True, max_length=limits.REASON
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [models.Index(fields=["status", "expected_on"])]
        constraints = [
            # A commitment of nothing commits nobody.
            models.CheckConstraint(name="commitment_amount_positive", condition=Q(amount__gt=0)),
            # Cancelling says why, so the organization's record is understandable later.
            models.CheckConstraint(
                name="commitment_cancel_has_reason",
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
            ),
            models.CheckConstraint(name="commitment_version_positive", condition=Q(version__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.amount} {self.unit} ({self.get_status_display()})"

    @property
    def unit_label(self) -> str:
        """A currency code as is (USD); other units by their name (person-days)."""
        return self.unit if self.unit in MONEY_UNITS else str(self.get_unit_display())


class Delivery(models.Model):
    """What was actually given or disbursed under a commitment, in the commitment's unit."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("commitment"),
    )
    amount = models.DecimalField(_("amount"), **AMOUNT)
    delivered_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True, max_length=limits.COMMENT)
    document = models.FileField(_("document"), upload_to="deliveries/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            # A delivery of nothing is not evidence of anything.
            models.CheckConstraint(name="delivery_amount_positive", condition=Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.commitment.unit} on {self.delivered_on}"


class ExchangeRate(models.Model):
    """Soles per unit of a foreign currency, in force from `date` until the next entry."""

    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=[
            (NeedUnit.USD.value, NeedUnit.USD.label),
            (NeedUnit.EUR.value, NeedUnit.EUR.label),
        ],
    )
    date = models.DateField(_("date"))
    rate_to_pen = models.DecimalField(_("rate to PEN"), max_digits=12, decimal_places=6)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "currency"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            # One rate per currency and day, so "the rate on a date" has one answer.
            models.UniqueConstraint(fields=["currency", "date"], name="one_rate_per_currency_day"),
            # A rate of zero or less would turn money into nothing.
            models.CheckConstraint(name="exchange_rate_positive", condition=Q(rate_to_pen__gt=0)),
            models.CheckConstraint(
                name="exchange_rate_foreign_currency", condition=Q(currency__in=["USD", "EUR"])
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate_to_pen} PEN ({self.date})"


class PledgeReminder(models.Model):
    """A reminder sent about an overdue pledge, kept so that a pledge is reminded weekly at most."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("commitment")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Taken by the worker sending it (lap.tasks.resources.send_pledge_reminder); a claim older
    # than LAP_SWEEP_PENDING is a dead worker's, and the reminder is sent by the next one.
    claimed_at = models.DateTimeField(_("being sent since"), null=True, blank=True)
    # Who it was sent to, each added as soon as their e-mail is out (so a retry skips them).
    recipients = models.JSONField(_("recipients"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pledge reminder")
        verbose_name_plural = _("pledge reminders")

    def __str__(self) -> str:
        return f"{self.commitment} — {self.created_at:%Y-%m-%d}"
