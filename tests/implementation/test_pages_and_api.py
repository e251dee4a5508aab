"""Implementation as its users meet it: the pages and the API, what each person may do there,
and lists whose query count does not grow with their length."""

import datetime

import pytest
from django.urls import reverse

from lap.models.implementation import ProgressUpdate
from lap.services import implementation as services
from tests.implementation.conftest import GPS_MARK

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 20)


def _published(world, action, count, percent=10):
    for number in range(count):
        update = services.progress_update_create(
            acting_user=world.member,
            action=action,
            reported_on=DAY - datetime.timedelta(days=number),
            percent=percent,
            narrative=f"Update {number}",
        )
        services.progress_update_publish(acting_user=world.coordinator, update=update)


def test_the_issue_walk_through_the_api(world, approved, photo, api_client, client):
    """Two milestones, a 40% draft with a photo from a member, published by the representative;
    the objective moves; visitors see the published update and never the draft; a member of
    another organization cannot publish (403)."""
    api_client.force_authenticate(world.representative)
    for title in ("Nursery", "Planting"):
        created = api_client.post(
            reverse("api:milestone-list"),
            {"action": approved.pk, "title": title, "due_on": "2026-12-01"},
            format="json",
        )
        assert created.status_code == 201, created.json()
    api_client.force_authenticate(world.member)
    draft = api_client.post(
        reverse("api:progress-update-list"),
        {
            "action": approved.pk,
            "reported_on": "2026-11-30",
            "percent": 40,
            "narrative": "Nursery with 2,000 seedlings.",
            "files": [photo],
        },
        format="multipart",
    )
    assert draft.status_code == 201, draft.json()
    body = draft.json()
    assert body["status"] == "draft"
    assert len(body["attachments"]) == 1
    pk = body["id"]
    api_client.force_authenticate(world.members["company"])
    refused = api_client.post(reverse("api:progress-update-publish", args=[pk]))
    assert refused.status_code == 403
    api_client.force_authenticate(None)
    assert api_client.get(reverse("api:progress-update-list")).json()["count"] == 0
    api_client.force_authenticate(world.representative)
    published = api_client.post(reverse("api:progress-update-publish", args=[pk]))
    assert published.json()["status"] == "published"
    api_client.force_authenticate(None)
    listed = api_client.get(reverse("api:progress-update-list")).json()
    assert listed["count"] == 1
    assert listed["results"][0]["organization_name"] == world.smallholder.name
    assert listed["results"][0]["author_name"] is None  # a visitor never reads people's names
    summary = api_client.get(reverse("api:results-summary")).json()
    objective = next(o for o in summary["objectives"] if o["code"] == "O1")
    assert (objective["percent"], objective["counted"], objective["total"]) == ("40.00", 1, 1)
    assert summary["actions_by_state"]["approved"] == 1
    # The photo is public with its update, without its GPS position.
    photo_url = listed["results"][0]["attachments"][0]["url"]
    download = client.get(photo_url)
    assert download.status_code == 200
    assert GPS_MARK not in b"".join(download.streaming_content)
    # The results page and the action page show it.
    client.cookies["django_language"] = "en"
    results = client.get(reverse("results")).content.decode()
    assert "40.00 %" in results
    assert "1 of 1 action reports progress" in results
    page = client.get(reverse("action-detail", args=[approved.pk])).content.decode()
    assert "Nursery with 2,000 seedlings." in page
    assert "from the latest published update" in page


def test_a_draft_is_not_on_the_pages_of_visitors_or_other_organizations(world, approved, client):
    services.progress_update_create(
        acting_user=world.member, action=approved, reported_on=DAY, narrative="Secret draft."
    )
    page = reverse("implementation-action", args=[approved.pk])
    assert "Secret draft." not in client.get(page).content.decode()
    client.force_login(world.members["company"])
    assert "Secret draft." not in client.get(page).content.decode()
    client.force_login(world.representative)
    html = client.get(page).content.decode()
    assert "Secret draft." in html
    assert reverse("implementation-update-publish", args=[ProgressUpdate.objects.get().pk]) in html


def test_the_update_form_saves_a_draft_and_bad_input_is_shown_in_spanish(world, approved, client):
    client.force_login(world.member)
    url = reverse("implementation-update-create", args=[approved.pk])
    form = client.get(url).content.decode()
    assert 'accept=".jpg,.jpeg,.png,.pdf,.odt,.docx"' in form
    refused = client.post(url, {"reported_on": "2999-01-01", "percent": "101", "narrative": "x"})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Asegúrese de que este valor es menor o igual a 100." in html
    assert not ProgressUpdate.objects.exists()
    saved = client.post(url, {"reported_on": "2026-11-30", "percent": "35", "narrative": "Vivero."})
    assert saved.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.percent, update.status, update.organization) == (35, "draft", world.smallholder)
    # The edit form shows what was saved, and saving it unchanged changes nothing.
    edit_url = reverse("implementation-update-edit", args=[update.pk])
    edit = client.get(edit_url)
    assert edit.context["form"].initial == {
        "reported_on": datetime.date(2026, 11, 30),
        "percent": 35,
        "narrative": "Vivero.",
    }
    before = update.updated_at
    client.post(edit_url, {"reported_on": "2026-11-30", "percent": "35", "narrative": "Vivero."})
    update.refresh_from_db()
    assert update.updated_at == before


@pytest.mark.parametrize("count", [2, 20])
def test_api_update_list_query_count_does_not_grow(
    world, approved, api_client, django_assert_max_num_queries, count
):
    _published(world, approved, count)
    api_client.force_authenticate(world.member)
    with django_assert_max_num_queries(3):
        response = api_client.get(reverse("api:progress-update-list"), {"page_size": count})
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [2, 20])
def test_api_milestone_list_query_count_does_not_grow(
    world, approved, api_client, django_assert_max_num_queries, count
):
    for number in range(count):
        services.milestone_create(
            acting_user=world.coordinator, action=approved, title=f"M{number}", due_on=DAY
        )
    with django_assert_max_num_queries(2):
        response = api_client.get(reverse("api:milestone-list"), {"page_size": count})
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [2, 20])
def test_implementation_page_query_count_does_not_grow(
    world, approved, client, django_assert_max_num_queries, count
):
    _published(world, approved, count)
    client.force_login(world.representative)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("implementation-action", args=[approved.pk]))
    assert len(response.context["updates"]) == count


@pytest.mark.parametrize("count", [2, 20])
def test_results_page_query_count_does_not_grow(
    world, approved, client, django_assert_max_num_queries, count
):
    from decimal import Decimal

    from lap.models import Indicator
    from lap.services.resources import need_create
    from territory.models import ForestLoss, Source
    from tests.factories import ActionFactory, ProvinceFactory

    source = Source.objects.create(key="gfw-count", title="Global Forest Watch")
    province = ProvinceFactory()
    Indicator.objects.create(
        objective=approved.objective,
        name="Loss",
        unit="ha",
        direction="decrease",
        series="humid_primary_forest_loss_ha",
        series_province=province,
    )
    for year in range(2001, 2001 + count):
        ForestLoss.objects.create(
            province=province,
            start_year=year,
            end_year=year,
            humid_primary_forest_loss_ha=Decimal(100),
            source=source,
        )
    for _ in range(count):
        action = ActionFactory(state="in_progress", objective=approved.objective)
        action.responsible_organizations.set([world.smallholder])
        _published(world, action, 1, percent=50)
        need_create(
            acting_user=world.coordinator, action=action, kind="finance", amount="1000", unit="PEN"
        )
    with django_assert_max_num_queries(15):
        response = client.get(reverse("results"))
    assert response.status_code == 200
    assert response.context["resources"].total.need == Decimal(1000 * count)
