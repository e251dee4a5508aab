"""Every write about the vision, objectives and indicators: keyword-only, atomic,
permission-checked, audited. E-mails are enqueued on commit."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lap import limits
from lap.audit import Verb, record
from lap.models import (
    Endorsement,
    Indicator,
    IndicatorDirection,
    IndicatorMeasurement,
    IndicatorSeries,
    LandscalePillar,
    MeasurementConfirmation,
    Objective,
    VisionAdoption,
    VisionComment,
    VisionState,
    VisionVersion,
)
from lap.models.objectives import CONVENER
from lap.services.kit import check_fields, locked, require, update_model
from stakeholders.acting import resolve_acting_organization, resolve_on_behalf_of
from stakeholders.models import MembershipRole, MembershipStatus, Organization, User

VERSION_FIELDS = ("title", "body", "summary")


def _require_state(version: VisionVersion, *states: str, message: str) -> None:
    if version.state not in states:
        raise ValidationError(message)


def _validate_text(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("A version needs a title.")
    if not body:
        errors["body"] = _("A version needs a text.")
    if errors:
        raise ValidationError(errors)
    return title, body


# --- Versions ------------------------------------------------------------------------------------


@transaction.atomic
def version_create(
    *, acting_user: User, title: str, body: str, summary: str = "", is_demo: bool = False
) -> VisionVersion:
    """A coordinator drafts the next version (numbered after the last one)."""
    require("lap.manage_vision", acting_user)
    title, body = _validate_text(title, body)
    last = VisionVersion.objects.select_for_update().order_by("-number").first()
    try:
        with transaction.atomic():
            version = VisionVersion.objects.create(
                number=(last.number if last else 0) + 1,
                title=title,
                body=body,
                summary=summary.strip(),
                created_by=acting_user,
                is_demo=is_demo,
            )
    except IntegrityError:
        # Two first drafts at once: the unique number refuses the second.
        raise ValidationError(
            _("Another version was drafted at the same time; try again.")
        ) from None
    record(
        actor=acting_user,
        verb=Verb.VISION_VERSION_CREATE,
        target=version,
        changes={"number": version.number, "title": title},
    )
    return version


@transaction.atomic
def version_update(
    *, acting_user: User, version: VisionVersion, title: str, body: str, summary: str = ""
) -> VisionVersion:
    require("lap.manage_vision", acting_user)
    version = locked(version)
    _require_state(
        version, VisionState.DRAFT, message=_("Only a draft can be edited; draft a new version.")
    )
    title, body = _validate_text(title, body)
    version, _changes = update_model(
        instance=version,
        fields=VERSION_FIELDS,
        data={"title": title, "body": body, "summary": summary.strip()},
        acting_user=acting_user,
        verb=Verb.VISION_VERSION_UPDATE,
    )
    return version


@transaction.atomic
def version_open(*, acting_user: User, version: VisionVersion) -> VisionVersion:
    """Open a draft for comment; every organization's members hear of it by e-mail."""
    require("lap.manage_vision", acting_user)
    version = locked(version)
    _require_state(version, VisionState.DRAFT, message=_("Only a draft can be opened for comment."))
    version.state = VisionState.OPEN
    version.opened_at = timezone.now()
    version.save(update_fields=["state", "opened_at"])
    record(
        actor=acting_user,
        verb=Verb.VISION_VERSION_OPEN,
        target=version,
        changes={"state": ["draft", "open"]},
    )
    from lap.tasks.vision import notify_vision_opened

    notify_vision_opened.delay_on_commit(version.pk)
    return version


@transaction.atomic
def version_close(*, acting_user: User, version: VisionVersion) -> VisionVersion:
    require("lap.manage_vision", acting_user)
    version = locked(version)
    _require_state(
        version, VisionState.OPEN, message=_("Only a version open for comment can be closed.")
    )
    version.state = VisionState.CLOSED
    version.closed_at = timezone.now()
    version.save(update_fields=["state", "closed_at"])
    record(
        actor=acting_user,
        verb=Verb.VISION_VERSION_CLOSE,
        target=version,
        changes={"state": ["open", "closed"]},
    )
    return version


@transaction.atomic
def version_publish(*, acting_user: User, version: VisionVersion) -> VisionVersion:
    """Publish a closed version: it becomes the current one, the one people endorse."""
    require("lap.manage_vision", acting_user)
    version = locked(version)
    _require_state(
        version,
        VisionState.CLOSED,
        message=_("Only a version closed for comment can be published."),
    )
    previous = VisionVersion.objects.select_for_update().filter(is_current=True).first()
    if previous is not None and previous.number > version.number:
        # An older text never replaces a newer one people may already be endorsing.
        raise ValidationError(
            _(
                "Version %(number)s is older than the current version %(current)s: "
                "only a newer version can be published."
            )
            % {"number": version.number, "current": previous.number}
        )
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    version.state = VisionState.PUBLISHED
    version.is_current = True
    version.published_at = timezone.now()
    version.save(update_fields=["state", "is_current", "published_at"])
    record(
        actor=acting_user,
        verb=Verb.VISION_VERSION_PUBLISH,
        target=version,
        changes={
            "state": ["closed", "published"],
            "replaces": previous.number if previous else None,
        },
    )
    return version


# --- Comments ------------------------------------------------------------------------------------


@transaction.atomic
def comment_create(
    *,
    acting_user: User,
    version: VisionVersion,
    section: int | str,
    text: str,
    organization_id: int | str | None = None,
    on_behalf_of: User | int | str | None = None,
) -> VisionComment:
    """A member comments on a section of a version open for comment, for their organization.

    A facilitator may comment on behalf of an active member (`on_behalf_of`): the member is
    the author and the facilitator is recorded as having entered it. A coordinator may comment
    without an organization.
    """
    require(
        "lap.comment_on_vision",
        acting_user,
        message=_("Only members of an organization can comment on the vision."),
    )
    author, entered_by = resolve_on_behalf_of(user=acting_user, on_behalf_of=on_behalf_of)
    organization: Organization | None
    if author.memberships.filter(status=MembershipStatus.ACTIVE).exists():
        organization = resolve_acting_organization(user=author, organization_id=organization_id)
    elif author.is_coordinator and entered_by is None:
        organization = None
    else:
        raise PermissionDenied(_("Only members of an organization can comment on the vision."))
    version = locked(version)
    _require_state(version, VisionState.OPEN, message=_("This version is not open for comment."))
    sections = {s.number: s for s in version.sections}
    try:
        number = int(section)
    except (TypeError, ValueError):
        number = 0
    if number not in sections:
        raise ValidationError({"section": _("Choose one of the sections of this version.")})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    limits.check(text=(text, limits.COMMENT))
    comment = VisionComment.objects.create(
        version=version,
        section=number,
        section_heading=sections[number].heading[:200],
        text=text,
        author=author,
        organization=organization,
        entered_by=entered_by,
    )
    record(
        actor=author,
        entered_by=entered_by,
        verb=Verb.VISION_COMMENT_CREATE,
        target=comment,
        organization=organization,
        changes={"version": version.number, "section": number},
    )
    return comment


# --- Endorsements and adoption -------------------------------------------------------------------


def _endorsing_organization(
    *, acting_user: User, organization_id: int | str | None
) -> Organization:
    require(
        "lap.endorse_vision",
        acting_user,
        message=_("Only a representative can endorse the vision for their organization."),
    )
    organization = resolve_acting_organization(user=acting_user, organization_id=organization_id)
    require(
        "lap.endorse_vision_for",
        acting_user,
        organization,
        message=_("Only a representative of %(organization)s can endorse for it.")
        % {"organization": organization},
    )
    return organization


@transaction.atomic
def endorsement_create(
    *,
    acting_user: User,
    version: VisionVersion,
    organization_id: int | str | None = None,
    note: str = "",
) -> Endorsement:
    """A representative endorses the current version for their organization, once.

    The version row is locked, so two endorsements arriving together are decided one after
    the other and the adoption they complete is recorded once.
    """
    organization = _endorsing_organization(acting_user=acting_user, organization_id=organization_id)
    version = locked(version)
    if not version.is_current:
        raise ValidationError(_("Only the current published version can be endorsed."))
    if Endorsement.objects.filter(
        version=version, organization=organization, withdrawn_at__isnull=True
    ).exists():
        raise ValidationError(
            _("%(organization)s has already endorsed this version.")
            % {"organization": organization}
        )
    endorsement = Endorsement.objects.create(
        version=version,
        organization=organization,
        endorsed_by=acting_user,
        note=(note or "").strip(),
    )
    record(
        actor=acting_user,
        verb=Verb.VISION_ENDORSE,
        target=endorsement,
        organization=organization,
        changes={"version": version.number},
    )
    _adopt_if_complete(version=version, acting_user=acting_user)
    return endorsement


def _adopt_if_complete(
    *, version: VisionVersion, acting_user: User | None
) -> VisionAdoption | None:
    """Record the adoption once, when every core sector with an active organization endorsed."""
    from lap.selectors.vision import adoption_status

    status = adoption_status(version)
    if status.adoption is not None or not status.is_complete:
        return None
    adoption = VisionAdoption.objects.create(version=version, adopted_at=timezone.now())
    adoption.endorsers.set([e.organization for e in status.endorsements])
    record(
        actor=acting_user,
        verb=Verb.VISION_ADOPT,
        target=version,
        changes={
            "adopted_at": adoption.adopted_at.isoformat(),
            "endorsers": [e.organization_id for e in status.endorsements],
        },
    )
    from lap.tasks.vision import notify_vision_adopted

    notify_vision_adopted.delay_on_commit(version.pk)
    return adoption


@transaction.atomic
def vision_check_adoption(*, acting_user: User | None = None) -> VisionAdoption | None:
    """Record the current version's adoption if it has become complete by another change.

    A membership change (an organization losing its last active member, say) can complete the
    adoption without a new endorsement. The current version is locked, so this and a
    simultaneous endorsement record the adoption once.
    """
    version = VisionVersion.objects.select_for_update().filter(is_current=True).first()
    if version is None:
        return None
    return _adopt_if_complete(version=version, acting_user=acting_user)


def check_adoption_on_commit(*, acting_user: User | None = None) -> None:
    """Called by the membership services: check the adoption once their change is committed."""
    transaction.on_commit(lambda: vision_check_adoption(acting_user=acting_user))


@transaction.atomic
def endorsement_withdraw(
    *, acting_user: User, version: VisionVersion, organization_id: int | str | None = None
) -> Endorsement:
    """A representative withdraws their organization's endorsement, only until adoption."""
    organization = _endorsing_organization(acting_user=acting_user, organization_id=organization_id)
    version = locked(version)
    if VisionAdoption.objects.filter(version=version).exists():
        raise ValidationError(
            _("This version has been adopted: endorsements can no longer be withdrawn.")
        )
    endorsement = (
        Endorsement.objects.select_for_update()
        .filter(version=version, organization=organization, withdrawn_at__isnull=True)
        .first()
    )
    if endorsement is None:
        raise ValidationError(
            _("%(organization)s has not endorsed this version.") % {"organization": organization}
        )
    endorsement.withdrawn_at = timezone.now()
    endorsement.withdrawn_by = acting_user
    endorsement.save(update_fields=["withdrawn_at", "withdrawn_by"])
    record(
        actor=acting_user,
        verb=Verb.VISION_ENDORSEMENT_WITHDRAW,
        target=endorsement,
        organization=organization,
        changes={"version": version.number},
    )
    return endorsement


# --- Objectives, indicators, measurements --------------------------------------------------------

OBJECTIVE_FIELDS = ("code", "title", "description", "order")


def _validate_objective(fields: dict[str, Any], *, exclude_pk: int | None = None) -> dict[str, Any]:
    fields = {
        **fields,
        "code": (fields.get("code") or "").strip(),
        "title": (fields.get("title") or "").strip(),
    }
    others = (
        Objective.objects.all() if exclude_pk is None else Objective.objects.exclude(pk=exclude_pk)
    )
    errors: dict[str, str] = {}
    if not fields["code"]:
        errors["code"] = _("An objective needs a code.")
    elif others.filter(code__iexact=fields["code"]).exists():
        errors["code"] = _("Another objective has this code.")
    if not fields["title"]:
        errors["title"] = _("An objective needs a title.")
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def objective_create(
    *,
    acting_user: User,
    code: str,
    title: str,
    description: str = "",
    order: int = 0,
    is_demo: bool = False,
) -> Objective:
    require("lap.manage_objectives", acting_user)
    fields = _validate_objective(
        {"code": code, "title": title, "description": description, "order": order}
    )
    objective = Objective.objects.create(**fields, is_demo=is_demo)
    record(actor=acting_user, verb=Verb.OBJECTIVE_CREATE, target=objective, changes=fields)
    return objective


@transaction.atomic
def objective_update(*, acting_user: User, objective: Objective, **fields: Any) -> Objective:
    require("lap.manage_objectives", acting_user)
    check_fields(fields, OBJECTIVE_FIELDS, "objective")
    objective = locked(objective)
    before = {name: getattr(objective, name) for name in OBJECTIVE_FIELDS}
    objective, _changes = update_model(
        instance=objective,
        fields=OBJECTIVE_FIELDS,
        data=_validate_objective({**before, **fields}, exclude_pk=objective.pk),
        acting_user=acting_user,
        verb=Verb.OBJECTIVE_UPDATE,
    )
    return objective


INDICATOR_FIELDS = (
    "name",
    "description",
    "unit",
    "direction",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "series",
    "series_province",
    "series_district",
    "order",
    "pillar",
    "goal",
)


def _validate_indicator(fields: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    fields["name"] = (fields.get("name") or "").strip()
    fields["unit"] = (fields.get("unit") or "").strip()
    fields["series"] = fields.get("series") or ""
    if not fields["name"]:
        errors["name"] = _("An indicator needs a name.")
    if not fields["unit"]:
        errors["unit"] = _("An indicator needs a unit.")
    if fields.get("direction") not in IndicatorDirection.values:
        errors["direction"] = _("Choose increase or decrease.")
    fields["pillar"] = fields.get("pillar") or ""
    if fields["pillar"] and fields["pillar"] not in LandscalePillar.values:
        errors["pillar"] = _("Choose one of LandScale's four pillars.")
    fields["goal"] = (fields.get("goal") or "").strip()
    if fields["series"] not in IndicatorSeries.values:
        errors["series"] = _("Choose one of the listed series.")
    elif fields["series"]:
        if bool(fields.get("series_province")) == bool(fields.get("series_district")):
            errors["series_province"] = _(
                "A series is read for the province or for one district: choose one of them."
            )
    else:
        fields["series_province"] = fields["series_district"] = None
    baseline_year, target_year = fields.get("baseline_year"), fields.get("target_year")
    if baseline_year and target_year and target_year < baseline_year:
        errors["target_year"] = _("The target year cannot come before the baseline year.")
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def indicator_create(
    *, acting_user: User, objective: Objective, is_demo: bool = False, **fields: Any
) -> Indicator:
    require("lap.manage_objectives", acting_user)
    check_fields(fields, INDICATOR_FIELDS, "indicator")
    fields = _validate_indicator({name: fields.get(name) for name in INDICATOR_FIELDS})
    fields["order"] = fields["order"] or 0
    fields["description"] = fields["description"] or ""
    indicator = Indicator.objects.create(objective=objective, is_demo=is_demo, **fields)
    record(
        actor=acting_user,
        verb=Verb.INDICATOR_CREATE,
        target=indicator,
        changes={"objective": objective.code, **fields},
    )
    return indicator


@transaction.atomic
def indicator_update(*, acting_user: User, indicator: Indicator, **fields: Any) -> Indicator:
    require("lap.manage_objectives", acting_user)
    check_fields(fields, INDICATOR_FIELDS, "indicator")
    indicator = locked(indicator)
    before = {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
    indicator, _changes = update_model(
        instance=indicator,
        fields=INDICATOR_FIELDS,
        data=_validate_indicator({**before, **fields}),
        acting_user=acting_user,
        verb=Verb.INDICATOR_UPDATE,
    )
    return indicator


@transaction.atomic
def measurement_record(
    *,
    acting_user: User,
    indicator: Indicator,
    measured_on: datetime.date,
    value: Decimal,
    source: str,
    note: str = "",
    period_start: datetime.date | None = None,
    method: str = "",
) -> IndicatorMeasurement:
    """A coordinator records a value measured over a period (from `period_start`, the same day
    when not given, to `measured_on`); a second one ending on the same date replaces it. A
    changed value is unverified again: its confirmations are dropped (DESIGN)."""
    require("lap.manage_objectives", acting_user)
    if indicator.series:
        raise ValidationError(
            _("This indicator is fed by a territory series: its values come from the data.")
        )
    source, method = (source or "").strip(), (method or "").strip()
    if not source:
        raise ValidationError({"source": _("Say where the value comes from.")})
    if measured_on is None:
        raise ValidationError({"measured_on": _("Give the date of the measurement.")})
    if value is None:
        raise ValidationError({"value": _("Give the measured value.")})
    period_start = period_start or measured_on
    if period_start > measured_on:
        raise ValidationError({"period_start": _("The period cannot start after it ends.")})
    limits.check(method=(method, 300), note=(note or "", limits.COMMENT))
    before = (
        IndicatorMeasurement.objects.select_for_update()
        .filter(indicator=indicator, measured_on=measured_on)
        .first()
    )
    measurement, created = IndicatorMeasurement.objects.update_or_create(
        indicator=indicator,
        measured_on=measured_on,
        defaults={
            "value": value,
            "source": source,
            "note": note or "",
            "recorded_by": acting_user,
            "period_start": period_start,
            "method": method,
        },
    )
    reset = 0
    if before is not None and before.value != measurement.value:
        reset, _by_model = MeasurementConfirmation.objects.filter(measurement=measurement).delete()
    record(
        actor=acting_user,
        verb=Verb.INDICATOR_MEASUREMENT_RECORD if created else Verb.INDICATOR_MEASUREMENT_REPLACE,
        target=measurement,
        changes={
            "indicator": indicator.pk,
            "date": measured_on.isoformat(),
            "value": str(value),
            "confirmations_reset": reset,
        },
    )
    return measurement


def _party_of(
    acting_user: User, organization_id: int | str | None
) -> tuple[str, Organization | None]:
    """What the person's confirmation counts for: the convener for a coordinator, else the
    active organization they represent (named when they represent several)."""
    if acting_user.is_coordinator:
        return CONVENER, None
    represented = [
        membership.organization
        for membership in acting_user.memberships.filter(
            status=MembershipStatus.ACTIVE, role=MembershipRole.REPRESENTATIVE
        ).select_related("organization")
    ]
    if organization_id not in (None, ""):
        represented = [o for o in represented if str(o.pk) == str(organization_id)]
    if not represented:
        raise PermissionDenied(
            _("Only coordinators and representatives of an active organization confirm values.")
        )
    if len(represented) > 1:
        raise ValidationError(
            {
                "organization": _(
                    "You represent several organizations: choose the one you confirm for."
                )
            }
        )
    return f"organization:{represented[0].pk}", represented[0]


@transaction.atomic
def measurement_confirm(
    *,
    acting_user: User,
    measurement: IndicatorMeasurement,
    organization_id: int | str | None = None,
) -> MeasurementConfirmation:
    """Confirm a measured value. Verified once CONFIRMATIONS_NEEDED distinct persons other than
    the one who entered it confirmed it, at most one per organization (coordinators count as
    the convener); superusers do not count."""
    measurement = locked(measurement)
    if not acting_user.is_authenticated or (
        acting_user.is_superuser and not acting_user.is_coordinator
    ):
        raise PermissionDenied(_("A superuser's confirmation does not count."))
    if measurement.recorded_by_id == acting_user.pk:
        raise PermissionDenied(_("The person who entered a value cannot confirm it."))
    counts_for, organization = _party_of(acting_user, organization_id)
    existing = MeasurementConfirmation.objects.filter(measurement=measurement)
    if existing.filter(person=acting_user).exists():
        raise ValidationError(_("You already confirmed this value."))
    if existing.filter(counts_for=counts_for).exists():
        raise ValidationError(
            _("Someone already confirmed this value for the same organization: it counts once.")
        )
    confirmation = MeasurementConfirmation.objects.create(
        measurement=measurement,
        person=acting_user,
        organization=organization,
        counts_for=counts_for,
    )
    record(
        actor=acting_user,
        organization=organization,
        verb=Verb.INDICATOR_MEASUREMENT_CONFIRM,
        target=measurement,
        changes={"counts_for": counts_for},
    )
    return confirmation


@transaction.atomic
def measurement_withdraw_confirmation(
    *, acting_user: User, measurement: IndicatorMeasurement
) -> None:
    """Its author withdraws a confirmation (the value may become unverified again)."""
    measurement = locked(measurement)
    confirmation = MeasurementConfirmation.objects.filter(
        measurement=measurement, person=acting_user.pk
    ).first()
    if confirmation is None:
        raise ValidationError(_("You have not confirmed this value."))
    record(
        actor=acting_user,
        organization=confirmation.organization,
        verb=Verb.INDICATOR_MEASUREMENT_UNCONFIRM,
        target=measurement,
        changes={"counts_for": confirmation.counts_for},
    )
    confirmation.delete()
