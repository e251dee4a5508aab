import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from stakeholders.acting import resolve_on_behalf_of

pytestmark = pytest.mark.django_db


def test_a_facilitator_acts_for_a_member_and_both_are_recorded(world):
    assert resolve_on_behalf_of(user=world.facilitator, on_behalf_of=world.member.pk) == (
        world.member,
        world.facilitator,
    )


def test_a_member_cannot_act_on_behalf_of_another(world):
    with pytest.raises(PermissionDenied):
        resolve_on_behalf_of(user=world.member, on_behalf_of=world.representative.pk)


def test_a_facilitator_cannot_act_for_someone_without_a_membership(world):
    with pytest.raises(ValidationError):
        resolve_on_behalf_of(user=world.facilitator, on_behalf_of=world.outsider.pk)
    with pytest.raises(ValidationError):
        resolve_on_behalf_of(user=world.facilitator, on_behalf_of="not-a-number")


def test_without_on_behalf_of_everyone_acts_as_themself(world):
    assert resolve_on_behalf_of(user=world.facilitator) == (world.facilitator, None)
