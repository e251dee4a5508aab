"""The service kit every service stands on: require, locked, update_model and the audit verbs."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lap.audit import Verb, record
from lap.models import AuditEvent, Commitment, Objective, ResourceNeed
from lap.services.kit import StaleVersion, locked, require, update_model
from tests.factories import ActionFactory, ObjectiveFactory

OBJECTIVE_FIELDS = ("code", "title", "description", "order")


def _events(target, verb):
    return list(AuditEvent.objects.filter(verb=verb, object_id=str(target.pk)))


@pytest.fixture
def objective(db):
    return ObjectiveFactory(code="F1", title="Standing forests", description="Old text")


@pytest.fixture
def commitment(world):
    action = ActionFactory(state="approved", proposing_organization=world.smallholder)
    need = ResourceNeed.objects.create(
        action=action, kind="finance", amount=Decimal("100"), unit="PEN", created_by=world.member
    )
    return Commitment.objects.create(
        need=need,
        organization=world.company,
        amount=Decimal("40"),
        unit="PEN",
        expected_on=datetime.date(2026, 1, 5),
        committed_by=world.representatives["company"],
    )


def _update_objective(objective, world, **data):
    return update_model(
        instance=objective,
        fields=OBJECTIVE_FIELDS,
        data=data,
        acting_user=world.coordinator,
        verb=Verb.OBJECTIVE_UPDATE,
    )


def _update_commitment(commitment, world, *, version, note="Arrives by boat"):
    return update_model(
        instance=commitment,
        fields=("amount", "unit", "expected_on", "note"),
        data={"amount": commitment.amount, "note": note},
        acting_user=world.coordinator,
        verb=Verb.COMMITMENT_UPDATE,
        version=version,
    )


# --- update_model --------------------------------------------------------------------------------


def test_update_model_writes_only_the_fields_that_changed(objective, world):
    # Someone else renamed the objective after this copy was read: a save of every field
    # would put the old title back.
    Objective.objects.filter(pk=objective.pk).update(title="Renamed meanwhile")
    with CaptureQueriesContext(connection) as queries:
        objective, changes = _update_objective(
            objective, world, code="F1", title="Standing forests", description="New text"
        )
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert '"description"' in updates[0]
    assert '"title"' not in updates[0]
    assert '"code"' not in updates[0]
    assert changes == {"description": ["Old text", "New text"]}
    stored = Objective.objects.get(pk=objective.pk)
    assert stored.description == "New text"
    assert stored.title == "Renamed meanwhile"


def test_update_model_records_one_event_with_the_old_and_new_value_of_each_change(objective, world):
    update_model(
        instance=objective,
        fields=OBJECTIVE_FIELDS,
        data={"title": "Forests standing", "order": 3, "code": "F1"},
        acting_user=world.coordinator,
        verb=Verb.OBJECTIVE_UPDATE,
        organization=world.smallholder,
        entered_by=world.facilitator,
    )
    [event] = _events(objective, Verb.OBJECTIVE_UPDATE)
    assert event.changes == {"title": ["Standing forests", "Forests standing"], "order": [0, 3]}
    assert event.actor == world.coordinator
    assert event.entered_by == world.facilitator
    assert event.organization == world.smallholder


def test_update_model_changing_nothing_writes_and_records_nothing(
    objective, world, django_assert_num_queries
):
    with django_assert_num_queries(0):
        same, changes = _update_objective(
            objective, world, code="F1", title="Standing forests", description="Old text"
        )
    assert same is objective
    assert changes == {}
    assert not _events(objective, Verb.OBJECTIVE_UPDATE)


def test_update_model_puts_the_extra_changes_in_the_same_event(objective, world):
    _, changes = update_model(
        instance=objective,
        fields=OBJECTIVE_FIELDS,
        data={"title": "Standing forests"},
        acting_user=world.coordinator,
        verb=Verb.OBJECTIVE_UPDATE,
        extra_changes={"districts": [[1], [1, 2]]},
    )
    assert changes == {"districts": [[1], [1, 2]]}
    [event] = _events(objective, Verb.OBJECTIVE_UPDATE)
    assert event.changes == {"districts": [[1], [1, 2]]}


def test_update_model_also_saves_the_auto_now_fields(commitment):
    need = commitment.need
    ResourceNeed.objects.filter(pk=need.pk).update(
        updated_at=need.updated_at - datetime.timedelta(days=3)
    )
    need.refresh_from_db()
    long_ago = need.updated_at
    update_model(
        instance=need,
        fields=("description", "amount"),
        data={"description": "Seedlings for 10 ha"},
        acting_user=None,
        verb=Verb.NEED_UPDATE,
    )
    stored = ResourceNeed.objects.get(pk=need.pk)
    assert stored.description == "Seedlings for 10 ha"
    assert stored.updated_at > long_ago


def test_update_model_refuses_a_field_it_was_not_given(objective, world):
    with pytest.raises(ValueError, match=r"Not Objective fields: \['is_demo'\]"):
        _update_objective(objective, world, title="Changed", is_demo=True)
    stored = Objective.objects.get(pk=objective.pk)
    assert (stored.title, stored.is_demo) == ("Standing forests", False)
    assert not _events(objective, Verb.OBJECTIVE_UPDATE)


# --- update_model with a version -----------------------------------------------------------------


def test_update_model_with_the_current_version_writes_and_increments_it(commitment, world):
    commitment, changes = _update_commitment(commitment, world, version=1)
    assert changes == {"note": ["", "Arrives by boat"]}
    stored = Commitment.objects.get(pk=commitment.pk)
    assert (stored.note, stored.version) == ("Arrives by boat", 2)
    assert commitment.version == 2  # the instance returned is the stored row
    assert len(_events(commitment, Verb.COMMITMENT_UPDATE)) == 1


def test_update_model_with_a_stale_version_raises_and_writes_nothing(commitment, world):
    _update_commitment(commitment, world, version=1)
    with pytest.raises(StaleVersion) as stale:
        _update_commitment(commitment, world, version=1, note="Arrives by road")
    assert stale.value.current_version == 2
    stored = Commitment.objects.get(pk=commitment.pk)
    assert (stored.note, stored.version) == ("Arrives by boat", 2)
    assert len(_events(commitment, Verb.COMMITMENT_UPDATE)) == 1


def test_update_model_with_a_stale_version_raises_even_when_it_changes_nothing(commitment, world):
    _update_commitment(commitment, world, version=1)
    with pytest.raises(StaleVersion):
        _update_commitment(commitment, world, version=1, note="Arrives by boat")


def test_update_model_refuses_an_edit_when_the_row_changed_after_it_was_read(commitment, world):
    """The conditional update catches a change made after the instance was read."""
    Commitment.objects.filter(pk=commitment.pk).update(version=5, note="Changed meanwhile")
    with pytest.raises(StaleVersion) as stale:
        _update_commitment(commitment, world, version=1)
    assert stale.value.current_version == 5
    assert Commitment.objects.get(pk=commitment.pk).note == "Changed meanwhile"
    assert not _events(commitment, Verb.COMMITMENT_UPDATE)


def test_stale_version_says_the_current_version_in_the_users_language(commitment, world):
    _update_commitment(commitment, world, version=1)
    with pytest.raises(StaleVersion, match="ahora es la versión 2"):
        _update_commitment(commitment, world, version=1, note="Arrives by road")
    with pytest.raises(StaleVersion, match="This commitment moved on"):
        update_model(
            instance=commitment,
            fields=("note",),
            data={"note": "x"},
            acting_user=world.coordinator,
            verb=Verb.COMMITMENT_UPDATE,
            version=1,
            stale_message="This commitment moved on",
        )


# --- record, require, locked ---------------------------------------------------------------------


def test_record_refuses_a_misspelled_verb(objective, world):
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match=r"'objective\.updated' is not a valid Verb"):
        record(actor=world.coordinator, verb="objective.updated", target=objective)
    assert AuditEvent.objects.count() == before


def test_record_takes_a_known_verb_written_as_text(objective, world):
    event = record(actor=world.coordinator, verb="objective.update", target=objective)
    assert event.verb == Verb.OBJECTIVE_UPDATE


def test_require_refuses_with_the_translated_message(world):
    with pytest.raises(PermissionDenied, match=r"^Usted no tiene permiso para hacer esto\.$"):
        require("lap.manage_objectives", world.member)
    with (
        translation.override("en"),
        pytest.raises(PermissionDenied, match=r"^You are not allowed to do this\.$"),
    ):
        require("lap.manage_objectives", world.member)
    with pytest.raises(PermissionDenied, match=r"^Only coordinators$"):
        require("lap.manage_objectives", world.member, message="Only coordinators")


def test_require_lets_through_who_has_the_permission(world):
    require("lap.manage_objectives", world.coordinator)
    require("lap.endorse_vision_for", world.representative, world.smallholder)
    with pytest.raises(PermissionDenied):
        require("lap.endorse_vision_for", world.representative, world.company)


def test_locked_reads_the_stored_row_again(commitment):
    Commitment.objects.filter(pk=commitment.pk).update(note="Stored")
    fresh = locked(commitment, "need", "organization")
    assert fresh.note == "Stored"
    assert fresh.pk == commitment.pk
    assert "need" in fresh._state.fields_cache
