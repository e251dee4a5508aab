"""Lists: filters, pagination and a query count that does not grow with the page size."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from lap.api.actions.filters import ActionFilter
from lap.selectors.actions import actions_visible_to
from lap.services import actions as services
from tests.factories import ActionFactory, CommunityFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def _many(count, lamas, world, **fields):
    for number in range(count):
        action = ActionFactory(
            title=f"Action {number}",
            objective=lamas["objective"],
            districts=[lamas["san_roque"], lamas["caynarachi"]],
            proposing_organization=world.smallholder,
            **fields,
        )
        action.responsible_organizations.set([world.government, world.company])


@pytest.mark.parametrize("count", [3, 30])
def test_api_action_list_query_count_does_not_grow_with_the_page_size(
    world, lamas, api_client, django_assert_max_num_queries, count
):
    _many(count, lamas, world)
    api_client.force_authenticate(world.member)
    with django_assert_max_num_queries(8):
        response = api_client.get("/api/v1/actions/", {"page_size": count})
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [3, 30])
def test_action_list_page_query_count_does_not_grow_with_the_page_size(
    world, lamas, client, django_assert_max_num_queries, count
):
    _many(count, lamas, world)
    client.force_login(world.member)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("action-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_review_queue_query_count_does_not_grow(
    world, lamas, client, django_assert_max_num_queries, count
):
    _many(count, lamas, world, state="submitted")
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("action-review-queue"))
    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [2, 20])
def test_api_sub_lists_query_count_does_not_grow(
    world, lamas, api_client, django_assert_max_num_queries, count, propose
):
    action = propose()
    for number in range(count):
        services.comment_create(acting_user=world.member, action=action, body=f"Comment {number}")
        community = CommunityFactory(district=lamas["san_roque"], organization=world.indigenous)
        services.concerned_community_add(
            acting_user=world.coordinator, action=action, community=community
        )
    # Submitted: the community's representative sees it (a draft is its proposers' only).
    services.action_submit(acting_user=world.member, action=action)
    for concerned in action.concerned_communities.all():
        services.consent_record(
            acting_user=world.representatives["indigenous"],
            action=action,
            community=concerned.community,
            state="information_shared",
        )
    api_client.force_authenticate(world.member)
    for name in ("api:action-comments", "api:action-communities", "api:action-consents"):
        with django_assert_max_num_queries(10):
            response = api_client.get(reverse(name, args=[action.pk]), {"page_size": 200})
        assert response.json()["count"] >= count
    with django_assert_max_num_queries(14):
        response = api_client.get(reverse("api:action-detail", args=[action.pk]))
    assert len(response.json()["concerned_communities"]) == count + 2
    api_client.force_login(world.member)
    with django_assert_max_num_queries(22):
        page = api_client.get(reverse("action-detail", args=[action.pk]))
    assert page.status_code == 200


def test_filterset_filters_by_objective_district_sector_state_and_text(world, lamas):
    from tests.factories import ObjectiveFactory

    other_objective = ObjectiveFactory(code="O2")
    company = OrganizationFactory(name="Cocoa exporter", sector="company")
    coffee = ActionFactory(
        title="Shade coffee",
        objective=lamas["objective"],
        districts=[lamas["san_roque"]],
        proposing_organization=world.smallholder,
    )
    cocoa = ActionFactory(
        title="Cocoa traceability",
        description="Deforestation-free supply",
        objective=other_objective,
        districts=[lamas["caynarachi"], lamas["san_roque"]],
        proposing_organization=company,
        state="approved",
    )
    everything = actions_visible_to(AnonymousUser())

    def titles(params):
        return sorted(action.title for action in ActionFilter(params, everything).qs)

    assert titles({"objective": lamas["objective"].pk}) == ["Shade coffee"]
    assert titles({"district": lamas["san_roque"].pk}) == ["Cocoa traceability", "Shade coffee"]
    assert titles({"district": lamas["caynarachi"].pk}) == ["Cocoa traceability"]
    assert titles({"sector": ["company"]}) == ["Cocoa traceability"]
    assert titles({"state": ["approved"]}) == ["Cocoa traceability"]
    assert titles({"q": "deforestation"}) == ["Cocoa traceability"]
    assert coffee
    assert cocoa


def test_the_list_page_filters_and_paginates(world, lamas, client):
    _many(30, lamas, world)
    ActionFactory(
        title="Unique cocoa nursery",
        objective=lamas["objective"],
        proposing_organization=world.company,
    )
    response = client.get(reverse("action-list"), {"q": "cocoa nursery"})
    assert [a.title for a in response.context["page"].object_list] == ["Unique cocoa nursery"]
    response = client.get(reverse("action-list"), {"sector": "smallholder", "page": 2})
    assert response.context["page"].number == 2
    assert len(response.context["page"].object_list) == 5
    response = client.get(reverse("action-list"), {"state": "draft"})
    assert list(response.context["page"].object_list) == []
