"""`make run`'s demo content: the lifecycle and consent already visible to a new user."""

import pytest
from django.core.management import call_command

from lap.models import Action

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True  # demo data refuses production mode; pytest-django turns DEBUG off
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command("load_demo_plan", verbosity=0)


def test_the_demo_actions_stand_in_three_states_and_are_marked_demo(demo):
    states = dict(Action.objects.values_list("title", "state"))
    assert sorted(states.values()) == ["accepted", "approved", "submitted"]
    assert all(title.endswith("(demo)") for title in states)


def test_the_approved_demo_action_has_the_consent_of_every_concerned_community(demo):
    action = Action.objects.get(state="approved")
    concerned = action.concerned_communities.filter(removed_at__isnull=True)
    assert concerned.count() >= 1
    assert {c.consent.state for c in concerned} == {"consent"}


def test_loading_the_demo_twice_changes_nothing(demo):
    before = list(Action.objects.values_list("pk", "state"))
    call_command("load_demo_plan", verbosity=0)
    assert list(Action.objects.values_list("pk", "state")) == before


def test_the_approved_demo_action_shows_its_implementation_marked_demo(demo, client):
    from lap.models import Milestone, ProgressUpdate

    action = Action.objects.get(state="approved")
    milestones = list(Milestone.objects.filter(action=action))
    updates = list(ProgressUpdate.objects.filter(action=action))
    assert len(milestones) == 2
    assert sum(m.done_on is not None for m in milestones) == 1
    assert sorted(u.status for u in updates) == ["draft", "published"]
    assert all(
        "(demo" in text for text in [m.title for m in milestones] + [u.narrative for u in updates]
    )
    # Visitors see the published update on /results/ and the action page, never the draft.
    results = client.get("/results/").content.decode()
    assert "30,00 %" in results
    page = client.get(f"/actions/{action.pk}/").content.decode()
    assert "5 000 plantones" in page
    assert "12 ha para la primera" not in page
    call_command("load_demo_plan", verbosity=0)
    assert Milestone.objects.filter(action=action).count() == 2


def test_the_demo_indicators_have_a_verified_and_an_unverified_measurement(demo, client):
    from lap.models import IndicatorMeasurement
    from lap.selectors.vision import measurements_with_confirmations

    counts = dict(
        measurements_with_confirmations().values_list("indicator__name", "confirmation_count")
    )
    assert counts == {
        "Productores con parcelas verificadas libres de deforestación (demo)": 2,
        "Hectáreas en restauración en las cabeceras del Cumbaza (demo)": 0,
    }
    assert all("(demo)" in m.source for m in IndicatorMeasurement.objects.all())
    page = client.get("/objectives/").content.decode()
    assert page.count('class="badge badge-verified"') >= 1
    assert page.count('class="badge badge-unverified"') >= 1
    call_command("load_demo_plan", verbosity=0)
    assert IndicatorMeasurement.objects.count() == 2
