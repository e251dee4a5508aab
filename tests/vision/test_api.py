"""The vision and objectives API: what each caller sees and does, and query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from lap.api.vision.filters import VisionVersionFilter
from lap.models import Endorsement, VisionComment, VisionVersion
from lap.services import vision as services
from stakeholders.models import MembershipRole
from tests.factories import MembershipFactory, OrganizationFactory
from tests.vision.conftest import BODY_V1, make_version


def test_current_vision_shows_sections_endorsements_and_adoption_state(
    world, api_client, published
):
    services.endorsement_create(
        acting_user=world.representatives["company"], version=published, note="Sí."
    )
    body = api_client.get(reverse("api:vision")).json()
    assert body["number"] == published.number
    assert [s["heading"] for s in body["sections"]] == [
        "",
        "Standing forests",
        "Water of the Cumbaza",
    ]
    assert [e["organization"]["name"] for e in body["endorsements"]] == ["Company organization"]
    assert "endorsed_by" not in body["endorsements"][0]  # people's names are not public
    assert body["adoption"]["is_adopted"] is False
    states = {s["sector"]: s["state"] for s in body["adoption"]["sectors"]}
    assert states == {
        "government": "waiting",
        "company": "endorsed",
        "smallholder": "waiting",
        "indigenous": "waiting",
    }


def test_current_vision_is_404_before_anything_is_published(world, api_client):
    make_version(world, "open")
    assert api_client.get(reverse("api:vision")).status_code == 404


def test_endorsing_through_the_api_adopts_when_the_last_core_sector_endorses(
    world, api_client, published
):
    url = reverse("api:vision-version-endorse", args=[published.pk])
    for sector in ("government", "company", "smallholder"):
        api_client.force_authenticate(world.representatives[sector])
        assert api_client.post(url, {}).json()["adoption"]["is_adopted"] is False
    api_client.force_authenticate(world.representatives["indigenous"])
    response = api_client.post(url, {"note": "Con nuestras comunidades."})
    assert response.status_code == 201
    adoption = response.json()["adoption"]
    assert adoption["is_adopted"] is True
    assert adoption["adopted_at"]
    assert len(adoption["adopted_by"]) == 4


def test_representative_of_several_organizations_gets_400_without_organization(
    world, api_client, published
):
    person = world.representatives["company"]
    MembershipFactory(
        user=person,
        organization=OrganizationFactory(name="Other", sector="academia"),
        role=MembershipRole.REPRESENTATIVE,
    )
    api_client.force_authenticate(person)
    url = reverse("api:vision-version-endorse", args=[published.pk])
    response = api_client.post(url, {})
    assert response.status_code == 400
    assert "organization" in response.json()
    assert api_client.post(url, {"organization": world.company.pk}).status_code == 201
    assert Endorsement.objects.get().organization == world.company


def test_coordinator_drafts_opens_closes_and_publishes_through_the_api(world, api_client):
    api_client.force_authenticate(world.coordinator)
    created = api_client.post(
        reverse("api:vision-version-list"), {"title": "Vision", "body": BODY_V1}
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    edited = api_client.patch(
        reverse("api:vision-version-detail", args=[pk]), {"summary": "First draft."}
    )
    assert edited.json()["summary"] == "First draft."
    for verb in ("open", "close", "publish"):
        response = api_client.post(reverse(f"api:vision-version-{verb}", args=[pk]))
        assert response.status_code == 200, response.json()
    assert VisionVersion.objects.get(pk=pk).is_current
    again = api_client.post(reverse("api:vision-version-publish", args=[pk]))
    assert again.status_code == 400


def test_member_comments_through_the_api_and_bad_sections_get_400(world, api_client):
    version = make_version(world, "open")
    api_client.force_authenticate(world.member)
    url = reverse("api:vision-version-comments", args=[version.pk])
    bad = api_client.post(url, {"section": 7, "text": "x"})
    assert bad.status_code == 400
    assert "section" in bad.json()
    good = api_client.post(url, {"section": 2, "text": "Add a 2030 milestone."})
    assert good.status_code == 201
    assert good.json()["organization"]["name"] == "Smallholder organization"
    assert VisionComment.objects.count() == 1


def test_comments_are_not_for_anonymous_visitors(world, api_client):
    version = make_version(world, "published")
    assert (
        api_client.get(reverse("api:vision-version-comments", args=[version.pk])).status_code == 401
    )


def test_partner_key_reads_published_and_open_versions_but_never_drafts(world, api_client):
    _draft, opened, published = (make_version(world, s) for s in ("draft", "open", "published"))
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {world.api_key_secret}")
    ids = {v["id"] for v in api_client.get(reverse("api:vision-version-list")).json()["results"]}
    assert ids == {opened.pk, published.pk}


def test_version_filterset_by_state(world):
    make_version(world, "draft")
    opened = make_version(world, "open")
    assert list(VisionVersionFilter({"state": ["open"]}, VisionVersion.objects.all()).qs) == [
        opened
    ]


@pytest.mark.parametrize("count", [2, 6])
def test_version_list_queries_do_not_grow(world, api_client, django_assert_max_num_queries, count):
    for _ in range(count):
        version = make_version(world, "published")
        services.endorsement_create(acting_user=world.representative, version=version)
    with django_assert_max_num_queries(2):
        response = api_client.get(reverse("api:vision-version-list"), {"page_size": count})
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [2, 6])
def test_comment_list_queries_do_not_grow(world, api_client, django_assert_max_num_queries, count):
    version = make_version(world, "open")
    for index in range(count):
        services.comment_create(
            acting_user=world.members["government"], version=version, section=1, text=f"c{index}"
        )
    api_client.force_authenticate(world.member)
    with django_assert_max_num_queries(6):
        response = api_client.get(
            reverse("api:vision-version-comments", args=[version.pk]), {"page_size": count}
        )
    assert len(response.json()["results"]) == count


def _objectives(world, lamas, count):
    for index in range(count):
        objective = services.objective_create(
            acting_user=world.coordinator, code=f"O{index}", title=f"Objective {index}"
        )
        services.indicator_create(
            acting_user=world.coordinator,
            objective=objective,
            name="Loss",
            unit="ha/yr",
            direction="decrease",
            series="humid_primary_forest_loss_ha",
            series_province=lamas,
        )
        indicator = services.indicator_create(
            acting_user=world.coordinator,
            objective=objective,
            name="Farmers",
            unit="farmers",
            direction="increase",
            baseline_value=Decimal(0),
            baseline_year=2025,
        )
        import datetime

        services.measurement_record(
            acting_user=world.coordinator,
            indicator=indicator,
            measured_on=datetime.date(2026, 1, 1),
            value=Decimal(10),
            source="census",
        )


@pytest.mark.parametrize("count", [2, 6])
def test_objective_list_queries_do_not_grow(
    world, lamas, api_client, django_assert_max_num_queries, count
):
    _objectives(world, lamas, count)
    with django_assert_max_num_queries(5):
        response = api_client.get(reverse("api:objective-list"), {"page_size": count})
    results = response.json()["results"]
    assert len(results) == count
    assert results[0]["indicators"][0]["baseline"]["value"] == "2310.00"
    assert results[0]["indicators"][1]["latest"]["value"] == "10.00"


@pytest.mark.parametrize("count", [2, 6])
def test_indicator_list_queries_do_not_grow(
    world, lamas, api_client, django_assert_max_num_queries, count
):
    _objectives(world, lamas, count)
    with django_assert_max_num_queries(5):
        response = api_client.get(reverse("api:indicator-list"), {"page_size": count})
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [2, 6])
def test_objective_page_queries_do_not_grow(
    world, lamas, client, django_assert_max_num_queries, count, settings
):
    _objectives(world, lamas, count)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("objective-list"))
    assert response.content.decode().count('class="card indicator"') == 2 * count


@pytest.mark.parametrize("count", [2, 6])
def test_version_page_queries_do_not_grow(world, client, django_assert_max_num_queries, count):
    for _ in range(count):
        make_version(world, "published")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("vision-version-list"))
    assert response.status_code == 200


def test_coordinator_creates_objectives_and_indicators_through_the_api(world, api_client, lamas):
    api_client.force_authenticate(world.coordinator)
    objective = api_client.post(
        reverse("api:objective-list"), {"code": "O8", "title": "Water"}
    ).json()
    response = api_client.post(
        reverse("api:indicator-list"),
        {
            "objective": objective["id"],
            "name": "Loss",
            "unit": "ha/yr",
            "direction": "decrease",
            "series": "humid_primary_forest_loss_ha",
            "series_province": lamas.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["baseline"]["value"] == "2310.00"


def test_member_cannot_create_objectives_through_the_api(world, api_client):
    api_client.force_authenticate(world.representative)
    response = api_client.post(reverse("api:objective-list"), {"code": "O8", "title": "Water"})
    assert response.status_code == 403


def test_partner_key_without_the_plan_scope_cannot_read_the_vision(world, api_client, published):
    from stakeholders import services as stakeholder_services

    _key, secret = stakeholder_services.api_key_create(
        acting_user=world.coordinator,
        organization=world.company,
        name="Territory only",
        scopes=["territory"],
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    assert api_client.get(reverse("api:vision")).status_code == 403
    assert api_client.get(reverse("api:objective-list")).status_code == 403
