"""Recording the audit trail. Services call `record` inside their transaction."""

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from lap.models.audit import AuditEvent

if TYPE_CHECKING:
    from stakeholders.models import Organization, User


class Verb(StrEnum):
    """Every verb the audit trail knows: a misspelled one fails where it is written."""

    ACTION_ACCEPT = "action.accept"
    ACTION_APPROVE = "action.approve"
    ACTION_COMMENT = "action.comment"
    ACTION_COMMUNITY_ADD = "action.community_add"
    ACTION_COMMUNITY_REMOVE = "action.community_remove"
    ACTION_COMPLETE = "action.complete"
    ACTION_CONSENT = "action.consent"
    ACTION_CREATE = "action.create"
    ACTION_REJECT = "action.reject"
    ACTION_RESUME = "action.resume"
    ACTION_START = "action.start"
    ACTION_SUBMIT = "action.submit"
    ACTION_SUSPEND = "action.suspend"
    ACTION_UPDATE = "action.update"
    ACTION_WITHDRAW = "action.withdraw"
    API_KEY_CREATE = "api_key.create"
    API_KEY_REVOKE = "api_key.revoke"
    COMMITMENT_CANCEL = "commitment.cancel"
    COMMITMENT_CONFIRM = "commitment.confirm"
    COMMITMENT_CREATE = "commitment.create"
    COMMITMENT_REMIND = "commitment.remind"
    COMMITMENT_UPDATE = "commitment.update"
    DELIVERY_CREATE = "delivery.create"
    EXCHANGE_RATE_CREATE = "exchange_rate.create"
    INDICATOR_CREATE = "indicator.create"
    INDICATOR_MEASUREMENT_CONFIRM = "indicator.measurement.confirm"
    INDICATOR_MEASUREMENT_RECORD = "indicator.measurement.record"
    INDICATOR_MEASUREMENT_REPLACE = "indicator.measurement.replace"
    INDICATOR_MEASUREMENT_UNCONFIRM = "indicator.measurement.unconfirm"
    INDICATOR_UPDATE = "indicator.update"
    INVITATION_ACCEPT = "invitation.accept"
    INVITATION_CREATE = "invitation.create"
    INVITATION_REVOKE = "invitation.revoke"
    MEMBERSHIP_ACTIVATE = "membership.activate"
    MEMBERSHIP_ADD = "membership.add"
    MEMBERSHIP_APPROVE = "membership.approve"
    MEMBERSHIP_DECLINE = "membership.decline"
    MEMBERSHIP_REQUEST = "membership.request"
    MEMBERSHIP_REVOKE = "membership.revoke"
    MEMBERSHIP_ROLE = "membership.role"
    MILESTONE_CREATE = "milestone.create"
    MILESTONE_DELETE = "milestone.delete"
    MILESTONE_DONE = "milestone.done"
    MILESTONE_UPDATE = "milestone.update"
    NEED_CREATE = "need.create"
    NEED_DELETE = "need.delete"
    NEED_UPDATE = "need.update"
    OBJECTIVE_CREATE = "objective.create"
    OBJECTIVE_UPDATE = "objective.update"
    ORGANIZATION_CREATE = "organization.create"
    ORGANIZATION_UPDATE = "organization.update"
    PROGRESS_REMIND = "progress.remind"
    PROGRESS_UPDATE_CREATE = "progress_update.create"
    PROGRESS_UPDATE_DELETE = "progress_update.delete"
    PROGRESS_UPDATE_EDIT = "progress_update.edit"
    PROGRESS_UPDATE_HIDE = "progress_update.hide"
    PROGRESS_UPDATE_PUBLISH = "progress_update.publish"
    PROGRESS_UPLOAD_COMMIT = "progress_upload.commit"
    PROGRESS_UPLOAD_CREATE = "progress_upload.create"
    PROGRESS_UPLOAD_DELETE = "progress_upload.delete"
    ROUND_CLOSE = "round.close"
    ROUND_CONFIGURE = "round.configure"
    ROUND_CREATE = "round.create"
    ROUND_OPEN = "round.open"
    ROUND_PUBLISH = "round.publish"
    ROUND_RECOMPUTE = "round.recompute"
    ROUND_SCORE = "round.score"
    TERRITORY_CARBON_CREATE = "territory.carbon.create"
    TERRITORY_CARBON_UPDATE = "territory.carbon.update"
    TERRITORY_COMMUNITY_CREATE = "territory.community.create"
    TERRITORY_COMMUNITY_UPDATE = "territory.community.update"
    TERRITORY_CONSERVATION_AREA_CREATE = "territory.conservation_area.create"
    TERRITORY_CONSERVATION_AREA_UPDATE = "territory.conservation_area.update"
    TERRITORY_CONSERVATION_SHARE_CREATE = "territory.conservation_share.create"
    TERRITORY_CONSERVATION_SHARE_UPDATE = "territory.conservation_share.update"
    TERRITORY_DISTRICT_BOUNDARY_CREATE = "territory.district.boundary.create"
    TERRITORY_DISTRICT_BOUNDARY_UPDATE = "territory.district.boundary.update"
    TERRITORY_DISTRICT_CREATE = "territory.district.create"
    TERRITORY_DISTRICT_UPDATE = "territory.district.update"
    TERRITORY_FOREST_LOSS_CREATE = "territory.forest_loss.create"
    TERRITORY_FOREST_LOSS_UPDATE = "territory.forest_loss.update"
    TERRITORY_LAND_USE_CREATE = "territory.land_use.create"
    TERRITORY_LAND_USE_UPDATE = "territory.land_use.update"
    TERRITORY_POPULATION_CREATE = "territory.population.create"
    TERRITORY_POPULATION_UPDATE = "territory.population.update"
    TERRITORY_PROVINCE_CREATE = "territory.province.create"
    TERRITORY_PROVINCE_UPDATE = "territory.province.update"
    TERRITORY_RANKING_CREATE = "territory.ranking.create"
    TERRITORY_RANKING_UPDATE = "territory.ranking.update"
    TERRITORY_SOURCE_CREATE = "territory.source.create"
    TERRITORY_SOURCE_UPDATE = "territory.source.update"
    USER_DISPLAY = "user.display"
    USER_LANGUAGE = "user.language"
    USER_PASSWORD = "user.password"  # noqa: S105 - a verb, not a password
    USER_PLATFORM_ROLES = "user.platform_roles"
    USER_REGISTER = "user.register"
    VISION_ADOPT = "vision.adopt"
    VISION_COMMENT_CREATE = "vision.comment.create"
    VISION_ENDORSE = "vision.endorse"
    VISION_ENDORSEMENT_WITHDRAW = "vision.endorsement.withdraw"
    VISION_VERSION_CLOSE = "vision.version.close"
    VISION_VERSION_CREATE = "vision.version.create"
    VISION_VERSION_OPEN = "vision.version.open"
    VISION_VERSION_PUBLISH = "vision.version.publish"
    VISION_VERSION_UPDATE = "vision.version.update"


Changes = dict[str, list[Any]]


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """{field: [old, new]} for the fields whose value changed."""
    return {
        field: [_jsonable(before.get(field)), _jsonable(value)]
        for field, value in after.items()
        if before.get(field) != value
    }


def record(
    *,
    actor: "User | None",
    verb: Verb,
    target: models.Model,
    changes: dict[str, Any] | None = None,
    organization: "Organization | None" = None,
    entered_by: "User | None" = None,
) -> AuditEvent:
    verb = Verb(verb)  # a plain string must still be a known verb
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        entered_by=entered_by,
        organization=organization,
        verb=verb,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        object_repr=str(target)[:300],
        changes={key: _jsonable(value) for key, value in (changes or {}).items()},
    )


def trail_for(target: models.Model) -> "models.QuerySet[AuditEvent]":
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
    ).select_related("actor", "entered_by", "organization")
