"""The home page's "Waiting for you": what each signed-in person has to do, with links, in a
constant number of queries (DESIGN "Participation and inclusion", To do)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from lap.models import Indicator
from lap.services import implementation as implementation_services
from lap.services import resources as resources_services
from lap.services import rounds as round_services
from lap.services import vision as vision_services
from tests.factories import ActionFactory, ObjectiveFactory
from tests.rounds.conftest import open_round

DAY = datetime.date(2026, 11, 2)


def _todo(client, user) -> str:
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    start = html.index('data-testid="todo"')
    return html[start : html.index("</section>", start)]


def _group(section: str, kind: str) -> str:
    start = section.index(f'data-kind="{kind}"')
    return section[start : section.index("</div>", start)]


def _pledge(world, action, organization="company", expected_on=DAY):
    need = resources_services.need_create(
        acting_user=world.coordinator, action=action, kind="finance", amount="1000", unit="PEN"
    )
    return resources_services.commitment_create(
        acting_user=world.representatives[organization],
        need=need,
        amount=Decimal("400"),
        expected_on=expected_on,
    )


@pytest.fixture
def work(world):
    """An open round with two candidates (the member scored one), a draft of the smallholder
    organization, a pledge of the company due in the past, a draft update of the smallholder
    organization, a submitted action and a measurement entered by the coordinator."""
    first, second = ActionFactory(state="accepted"), ActionFactory(state="accepted")
    round_ = open_round(world, actions=[first, second])
    round_services.scores_submit(
        acting_user=world.member,
        round=round_,
        scores=[{"action": first.pk, "criterion": "impact", "value": 3}],
    )
    ActionFactory(
        state="draft",
        title="Draft of the producers",
        proposing_organization=world.smallholder,
        proposer=world.member,
    )
    approved = ActionFactory(
        state="approved", title="Shade coffee", proposing_organization=world.smallholder
    )
    approved.responsible_organizations.set([world.smallholder])
    _pledge(world, approved)
    implementation_services.progress_update_create(
        acting_user=world.member, action=approved, reported_on=DAY, narrative="Nursery."
    )
    ActionFactory(state="submitted", title="Waiting for review")
    indicator = Indicator.objects.create(
        objective=ObjectiveFactory(code="O9"), name="Hectares restored", unit="ha"
    )
    vision_services.measurement_record(
        acting_user=world.coordinator,
        indicator=indicator,
        measured_on=DAY,
        value=Decimal(12),
        source="Field count",
    )
    return round_


def test_a_member_is_told_which_round_waits_for_their_scores(world, work, client):
    section = _todo(client, world.member)
    score = _group(section, "score")
    assert reverse("round-score", args=[work.pk]) in score
    assert "1 acción por calificar" in score
    assert 'data-kind="drafts"' not in section  # members do not submit


def test_a_representative_sees_drafts_pledges_updates_and_measurements(world, work, client):
    section = _todo(client, world.representative)
    assert "Draft of the producers" in _group(section, "drafts")
    assert "Shade coffee" in _group(section, "updates")
    assert "Hectares restored" in _group(section, "verify")
    assert 'data-kind="pledges"' not in section  # the pledge is the company's
    company = _todo(client, world.representatives["company"])
    assert "Shade coffee" in _group(company, "pledges")


def test_a_coordinator_sees_the_review_queue_overdue_pledges_and_no_own_measurement(
    world, work, client
):
    section = _todo(client, world.coordinator)
    assert "Waiting for review" in _group(section, "review")
    assert "Shade coffee" in _group(section, "overdue")
    assert "Shade coffee" in _group(section, "updates")
    assert 'data-kind="verify"' not in section  # they entered it: others confirm it


def test_someone_with_nothing_to_do_is_told_so_and_visitors_see_no_panel(world, client):
    assert "Nada le espera por ahora." in _todo(client, world.outsider)
    client.logout()
    assert 'data-testid="todo"' not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("count", [2, 12])
def test_home_query_count_for_a_representative_does_not_grow(
    world, client, django_assert_max_num_queries, count
):
    for number in range(count):
        ActionFactory(
            state="draft",
            title=f"Draft {number}",
            proposing_organization=world.smallholder,
            proposer=world.member,
        )
        approved = ActionFactory(state="approved", proposing_organization=world.smallholder)
        _pledge(world, approved, organization="smallholder")
    client.force_login(world.representative)
    with django_assert_max_num_queries(23):
        response = client.get(reverse("home"))
    drafts = next(group for group in response.context["todo"] if group.kind == "drafts")
    assert (len(drafts.items), drafts.more) == (min(count, 5), count > 5)
