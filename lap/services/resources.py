"""Every write about resources: needs, commitments, deliveries, exchange rates, reminders.

Keyword-only, atomic, permission-checked, audited. Money is Decimal (a float is refused) and
stays in its own currency; conversion happens only in reports.
"""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lap.audit import Verb, record
from lap.documents import validate_document
from lap.models import (
    FUNDING_LISTED_STATES,
    MONEY_UNITS,
    Action,
    Commitment,
    CommitmentStatus,
    Delivery,
    ExchangeRate,
    NeedKind,
    NeedUnit,
    PledgeReminder,
    ResourceNeed,
)
from lap.services.kit import StaleVersion, locked, require, update_model
from stakeholders.acting import resolve_acting_organization
from stakeholders.models import User
from stakeholders.rules import is_representative_of

# What a service takes as an amount of money: a Decimal, or its text ("1500.50"); never a float.
Amount = Decimal | str | int

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")
REMINDER_INTERVAL = datetime.timedelta(days=7)

NEED_FIELDS = (
    "kind",
    "description",
    "amount",
    "unit",
    "estimated_value_pen",
    "period_start",
    "period_end",
)
COMMITMENT_FIELDS = ("amount", "unit", "expected_on", "note")


# The commitment's own wording of a stale edit (the API's 409); the kit fills in the version.
COMMITMENT_STALE = gettext_lazy(
    "Someone else changed this commitment since you opened it (now version "
    "%(version)s). Reload it and make your change again."
)


def _money(value: object, field: str, *, allow_zero: bool = False) -> Decimal:
    """A Decimal with at most two decimals; floats are refused, they cannot hold money exactly."""
    if isinstance(value, float):
        raise TypeError("Money must be a Decimal or a string, never a float.")
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter an amount such as 1500 or 1500.50.")}) from None
    if not amount.is_finite():
        raise ValidationError({field: _("Enter an amount such as 1500 or 1500.50.")})
    if amount != amount.quantize(CENT):
        raise ValidationError({field: _("Use at most two decimals.")})
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError({field: _("The amount must be greater than zero.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("This amount is too large.")})
    return amount.quantize(CENT)


# --- Needs --------------------------------------------------------------------------------------


def _validate_need(fields: dict[str, Any]) -> dict[str, Any]:
    kind, unit = fields.get("kind"), fields.get("unit")
    if kind not in NeedKind.values:
        raise ValidationError({"kind": _("Choose one of the listed kinds.")})
    if unit not in NeedUnit.values:
        raise ValidationError({"unit": _("Choose one of the listed units.")})
    if kind == NeedKind.FINANCE and unit not in MONEY_UNITS:
        raise ValidationError({"unit": _("Finance is counted in PEN, USD or EUR.")})
    if kind != NeedKind.FINANCE and unit in MONEY_UNITS:
        raise ValidationError(
            {"unit": _("Only finance is counted in a currency: use person-days, units or ha.")}
        )
    fields["amount"] = _money(fields.get("amount"), "amount")
    estimate = fields.get("estimated_value_pen")
    if estimate in (None, ""):
        fields["estimated_value_pen"] = None
    elif unit in MONEY_UNITS:
        raise ValidationError(
            {"estimated_value_pen": _("A money need is its own value: leave the estimate empty.")}
        )
    else:
        fields["estimated_value_pen"] = _money(estimate, "estimated_value_pen", allow_zero=True)
    start, end = fields.get("period_start"), fields.get("period_end")
    if start and end and end < start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    fields["description"] = (fields.get("description") or "").strip()
    return fields


@transaction.atomic
def need_create(
    *,
    acting_user: User,
    action: Action,
    kind: str,
    amount: Amount,
    unit: str,
    description: str = "",
    estimated_value_pen: Amount | None = None,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> ResourceNeed:
    action = Action.objects.select_related("proposing_organization").get(pk=action.pk)
    require("lap.edit_resource_needs", acting_user, action)
    fields = _validate_need(
        {
            "kind": kind,
            "amount": amount,
            "unit": unit,
            "description": description,
            "estimated_value_pen": estimated_value_pen,
            "period_start": period_start,
            "period_end": period_end,
        }
    )
    need = ResourceNeed.objects.create(action=action, created_by=acting_user, **fields)
    record(
        actor=acting_user,
        verb=Verb.NEED_CREATE,
        target=need,
        organization=action.proposing_organization,
        changes=fields,
    )
    return need


@transaction.atomic
def need_update(*, acting_user: User, need: ResourceNeed, **fields: Any) -> ResourceNeed:
    unknown = set(fields) - set(NEED_FIELDS)
    if unknown:
        raise ValueError(f"Not need fields: {sorted(unknown)}")
    need = locked(need, "action__proposing_organization")
    require("lap.edit_resource_needs", acting_user, need.action)
    before = {field: getattr(need, field) for field in NEED_FIELDS}
    after = _validate_need({**before, **fields})
    if after["unit"] != need.unit:
        used_units = set(
            need.commitments.exclude(status=CommitmentStatus.CANCELLED).values_list(
                "unit", flat=True
            )
        )
        money_to_money = need.is_money and after["unit"] in MONEY_UNITS
        if used_units and not money_to_money:
            raise ValidationError(
                {"unit": _("Organizations committed to this need in its unit: keep the unit.")}
            )
    need, _changes = update_model(
        instance=need,
        fields=NEED_FIELDS,
        data=after,
        acting_user=acting_user,
        verb=Verb.NEED_UPDATE,
        organization=need.action.proposing_organization,
    )
    return need


@transaction.atomic
def need_delete(*, acting_user: User, need: ResourceNeed) -> None:
    need = locked(need, "action__proposing_organization")
    require("lap.edit_resource_needs", acting_user, need.action)
    if need.commitments.exists():
        raise ValidationError(
            _("Organizations committed to this need: it stays (its commitments can be cancelled).")
        )
    record(
        actor=acting_user,
        verb=Verb.NEED_DELETE,
        target=need,
        organization=need.action.proposing_organization,
        changes={"amount": need.amount, "unit": need.unit, "kind": need.kind},
    )
    need.delete()


# --- Commitments --------------------------------------------------------------------------------


def _validate_commitment_unit(need: ResourceNeed, unit: str | None) -> str:
    unit = unit or need.unit
    if need.is_money:
        if unit not in MONEY_UNITS:
            raise ValidationError({"unit": _("Commit money to a money need: PEN, USD or EUR.")})
    elif unit != need.unit:
        raise ValidationError(
            {"unit": _("Commit in the need's unit (%(unit)s).") % {"unit": need.get_unit_display()}}
        )
    return unit


def _validate_date(value: object, field: str) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise ValidationError({field: _("Enter a date.")})
    return value


@transaction.atomic
def commitment_create(
    *,
    acting_user: User,
    need: ResourceNeed,
    amount: Amount,
    expected_on: datetime.date,
    unit: str | None = None,
    note: str = "",
    organization_id: int | str | None = None,
) -> Commitment:
    """A representative commits the organization they act for to (part of) a need."""
    if not getattr(acting_user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to commit resources."))
    organization = resolve_acting_organization(user=acting_user, organization_id=organization_id)
    if not is_representative_of(acting_user, organization):
        raise PermissionDenied(
            _("Only a representative of %(organization)s can commit its resources.")
            % {"organization": organization}
        )
    need = ResourceNeed.objects.select_related("action").get(pk=need.pk)
    if need.action.state not in FUNDING_LISTED_STATES:
        raise ValidationError(
            _("Resources are committed only to accepted, approved, ongoing or suspended actions.")
        )
    fields = {
        "amount": _money(amount, "amount"),
        "unit": _validate_commitment_unit(need, unit),
        "expected_on": _validate_date(expected_on, "expected_on"),
        "note": (note or "").strip(),
    }
    commitment = Commitment.objects.create(
        need=need, organization=organization, committed_by=acting_user, **fields
    )
    record(
        actor=acting_user,
        verb=Verb.COMMITMENT_CREATE,
        target=commitment,
        organization=organization,
        changes={**fields, "need": need.pk},
    )
    return commitment


def _check_version(commitment: Commitment, version: int | str | None) -> None:
    if version is None or version == "":
        return
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise ValidationError({"version": _("Send the version you edited.")}) from None
    if version != commitment.version:
        raise StaleVersion(commitment.version, COMMITMENT_STALE)


def _delivered(commitment: Commitment) -> Decimal:
    return commitment.deliveries.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


@transaction.atomic
def commitment_update(
    *, acting_user: User, commitment: Commitment, version: int | str | None, **fields: Any
) -> Commitment:
    """Change amount, unit, date or note; refused with StaleVersion when `version` is old."""
    unknown = set(fields) - set(COMMITMENT_FIELDS)
    if unknown:
        raise ValueError(f"Not commitment fields: {sorted(unknown)}")
    if version is None or version == "":
        raise ValidationError({"version": _("Send the version you edited.")})
    commitment = locked(commitment, "need", "organization")
    require("lap.manage_commitment", acting_user, commitment)
    _check_version(commitment, version)
    if commitment.status == CommitmentStatus.CANCELLED:
        raise ValidationError(_("A cancelled commitment cannot be changed."))
    before = {field: getattr(commitment, field) for field in COMMITMENT_FIELDS}
    after = {**before, **fields}
    after["amount"] = _money(after["amount"], "amount")
    after["unit"] = _validate_commitment_unit(commitment.need, after["unit"])
    after["expected_on"] = _validate_date(after["expected_on"], "expected_on")
    after["note"] = (after["note"] or "").strip()
    delivered = _delivered(commitment)
    if delivered and after["unit"] != commitment.unit:
        raise ValidationError({"unit": _("Deliveries were recorded in this unit: keep it.")})
    if after["amount"] < delivered:
        raise ValidationError(
            {
                "amount": _("%(delivered)s %(unit)s were already delivered: it cannot be less.")
                % {"delivered": delivered, "unit": commitment.unit}
            }
        )
    # Conditional update: it writes only if nobody changed the row since `version` was read.
    commitment, _changes = update_model(
        instance=commitment,
        fields=COMMITMENT_FIELDS,
        data=after,
        acting_user=acting_user,
        verb=Verb.COMMITMENT_UPDATE,
        organization=commitment.organization,
        version=commitment.version,
        stale_message=COMMITMENT_STALE,
    )
    return commitment


@transaction.atomic
def commitment_confirm(
    *, acting_user: User, commitment: Commitment, version: int | str | None = None
) -> Commitment:
    commitment = locked(commitment, "need", "organization")
    require("lap.manage_commitment", acting_user, commitment)
    _check_version(commitment, version)
    if commitment.status != CommitmentStatus.PLEDGED:
        raise ValidationError(
            _("Only a pledged commitment can be confirmed; this one is %(status)s.")
            % {"status": commitment.get_status_display().lower()}
        )
    commitment.status = CommitmentStatus.CONFIRMED
    commitment.confirmed_at = timezone.now()
    commitment.confirmed_by = acting_user
    commitment.version += 1
    commitment.save(update_fields=["status", "confirmed_at", "confirmed_by", "version"])
    record(
        actor=acting_user,
        verb=Verb.COMMITMENT_CONFIRM,
        target=commitment,
        organization=commitment.organization,
        changes={"status": [CommitmentStatus.PLEDGED, CommitmentStatus.CONFIRMED]},
    )
    return commitment


@transaction.atomic
def commitment_cancel(
    *,
    acting_user: User,
    commitment: Commitment,
    reason: str,
    version: int | str | None = None,
) -> Commitment:
    commitment = locked(commitment, "need", "organization")
    require("lap.manage_commitment", acting_user, commitment)
    _check_version(commitment, version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the commitment is cancelled.")})
    if commitment.status == CommitmentStatus.CANCELLED:
        raise ValidationError(_("This commitment is already cancelled."))
    if commitment.deliveries.exists():
        raise ValidationError(
            _("Deliveries were recorded under this commitment: it can no longer be cancelled.")
        )
    before = commitment.status
    commitment.status = CommitmentStatus.CANCELLED
    commitment.cancelled_at = timezone.now()
    commitment.cancelled_by = acting_user
    commitment.cancel_reason = reason
    commitment.version += 1
    commitment.save(
        update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason", "version"]
    )
    record(
        actor=acting_user,
        verb=Verb.COMMITMENT_CANCEL,
        target=commitment,
        organization=commitment.organization,
        changes={"status": [before, CommitmentStatus.CANCELLED], "reason": reason},
    )
    return commitment


# --- Deliveries ---------------------------------------------------------------------------------


@transaction.atomic
def delivery_create(
    *,
    acting_user: User,
    commitment: Commitment,
    amount: Amount,
    delivered_on: datetime.date,
    note: str = "",
    document: UploadedFile | None = None,
) -> Delivery:
    """Record what was given; the total delivered never exceeds the commitment."""
    # The lock serializes deliveries on one commitment, so two at once cannot both pass the check.
    commitment = locked(commitment, "need", "organization")
    require("lap.manage_commitment", acting_user, commitment)
    amount = _money(amount, "amount")
    delivered_on = _validate_date(delivered_on, "delivered_on")
    try:
        validate_document(document)
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from None
    if commitment.status != CommitmentStatus.CONFIRMED:
        raise ValidationError(
            _("Deliveries are recorded against confirmed commitments; this one is %(status)s.")
            % {"status": commitment.get_status_display().lower()}
        )
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": _("A delivery cannot be dated in the future.")})
    delivered = _delivered(commitment)
    if delivered + amount > commitment.amount:
        raise ValidationError(
            {
                "amount": _(
                    "This would deliver more than committed: %(committed)s %(unit)s committed, "
                    "%(delivered)s already delivered, at most %(left)s left."
                )
                % {
                    "committed": commitment.amount,
                    "unit": commitment.unit,
                    "delivered": delivered,
                    "left": commitment.amount - delivered,
                }
            }
        )
    delivery = Delivery.objects.create(
        commitment=commitment,
        amount=amount,
        delivered_on=delivered_on,
        note=(note or "").strip(),
        document=document or "",
        recorded_by=acting_user,
    )
    record(
        actor=acting_user,
        verb=Verb.DELIVERY_CREATE,
        target=delivery,
        organization=commitment.organization,
        changes={"commitment": commitment.pk, "amount": amount, "delivered_on": delivered_on},
    )
    return delivery


# --- Exchange rates -----------------------------------------------------------------------------


@transaction.atomic
def exchange_rate_create(
    *, acting_user: User, currency: str, date: datetime.date, rate_to_pen: Amount
) -> ExchangeRate:
    require("lap.enter_exchange_rates", acting_user)
    if currency not in (NeedUnit.USD, NeedUnit.EUR):
        raise ValidationError({"currency": _("Enter rates for USD or EUR (PEN is the base).")})
    date = _validate_date(date, "date")
    if isinstance(rate_to_pen, float):
        raise TypeError("A rate must be a Decimal or a string, never a float.")
    try:
        rate = Decimal(str(rate_to_pen).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"rate_to_pen": _("Enter a rate such as 3.75.")}) from None
    if not rate.is_finite() or rate <= 0:
        raise ValidationError({"rate_to_pen": _("The rate must be greater than zero.")})
    if rate != rate.quantize(Decimal("0.000001")) or rate >= Decimal("1000000"):
        raise ValidationError(
            {"rate_to_pen": _("Use a rate below 1,000,000 with at most six decimals.")}
        )
    duplicate = _("A %(currency)s rate for %(date)s already exists.") % {
        "currency": currency,
        "date": date.isoformat(),
    }
    if ExchangeRate.objects.filter(currency=currency, date=date).exists():
        raise ValidationError({"date": duplicate})
    try:
        with transaction.atomic():
            exchange_rate = ExchangeRate.objects.create(
                currency=currency, date=date, rate_to_pen=rate, entered_by=acting_user
            )
    except IntegrityError:
        raise ValidationError({"date": duplicate}) from None
    record(
        actor=acting_user,
        verb=Verb.EXCHANGE_RATE_CREATE,
        target=exchange_rate,
        changes={"currency": currency, "date": date, "rate_to_pen": rate},
    )
    return exchange_rate


# --- Reminders ----------------------------------------------------------------------------------


@transaction.atomic
def pledge_reminder_record(*, commitment_id: int) -> PledgeReminder | None:
    """Record a reminder for an overdue pledge unless one was sent in the last 7 days.

    Called by the scheduled task (no acting person). Returns None when nothing is due. A
    reminder recorded but never sent (its task lost with a worker) blocks nothing: it is handed
    to the worker again instead of recording a second one.
    """
    commitment = (
        Commitment.objects.select_for_update()
        .select_related("organization")
        .filter(pk=commitment_id)
        .first()
    )
    if commitment is None or commitment.status != CommitmentStatus.PLEDGED:
        return None
    if commitment.expected_on >= timezone.localdate():
        return None
    # celery-stubs type a shared_task as a Task; under Django it is a DjangoTask (delay_on_commit).
    from lap.tasks.resources import send_pledge_reminder

    unsent = commitment.reminders.filter(sent_at__isnull=True).order_by("created_at").first()
    if unsent is not None:
        # Sends once, even if it was in flight.
        send_pledge_reminder.delay_on_commit(unsent.pk)  # type: ignore[attr-defined]
        return None
    since = timezone.now() - REMINDER_INTERVAL
    if commitment.reminders.filter(sent_at__isnull=False, created_at__gt=since).exists():
        return None
    reminder = PledgeReminder.objects.create(commitment=commitment)
    record(
        actor=None,
        verb=Verb.COMMITMENT_REMIND,
        target=commitment,
        organization=commitment.organization,
    )
    send_pledge_reminder.delay_on_commit(reminder.pk)  # type: ignore[attr-defined]
    return reminder
