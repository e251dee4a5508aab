"""The issue's walkthrough, as a new user would try it on the pages and the API."""

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from lap.models import Endorsement, VisionAdoption, VisionComment, VisionVersion
from lap.models.audit import AuditEvent
from tests.vision.conftest import BODY_V1, BODY_V2, make_version


def test_coordinator_opens_v1_member_comments_on_section_2_and_v2_shows_the_change(world, client):
    client.force_login(world.coordinator)
    client.post(reverse("vision-version-create"), {"title": "Shared vision", "body": BODY_V1})
    v1 = VisionVersion.objects.get(number=1)
    client.post(reverse("vision-version-open", args=[v1.pk]))
    v1.refresh_from_db()
    assert v1.state == "open"

    client.force_login(world.member)
    response = client.post(
        reverse("vision-comment-create", args=[v1.pk]),
        {"section": 2, "text": "Give an intermediate target for 2030."},
    )
    assert response.status_code == 302
    comment = VisionComment.objects.get()
    assert (comment.section, comment.section_heading) == (2, "Standing forests")
    assert comment.organization == world.smallholder
    page = client.get(reverse("vision-version-detail", args=[v1.pk])).content.decode()
    assert "Give an intermediate target for 2030." in page

    client.force_login(world.coordinator)
    client.post(reverse("vision-version-close", args=[v1.pk]))
    client.post(reverse("vision-version-create"), {"title": "Shared vision", "body": BODY_V2})
    v2 = VisionVersion.objects.get(number=2)
    for verb in ("vision-version-open", "vision-version-close", "vision-version-publish"):
        client.post(reverse(verb, args=[v2.pk]))
    v2.refresh_from_db()
    assert v2.state == "published"
    assert v2.is_current

    client.logout()
    diff = client.get(reverse("vision-compare"), {"old": v1.pk, "new": v2.pk}).content.decode()
    # Anonymous visitors see only published versions: v1 is not offered to them.
    assert "<ins>" not in diff
    client.force_login(world.member)
    diff = client.get(reverse("vision-compare"), {"old": v1.pk, "new": v2.pk}).content.decode()
    assert "<del>stops</del>" in diff
    assert "<ins>halves</ins>" in diff
    assert "<ins>2030 and stops it by </ins>2035" in diff
    # The unchanged section is shown without marks.
    assert "The headwaters are protected." in diff


def _endorse_on_page(client, user, version):
    client.force_login(user)
    return client.post(reverse("vision-endorse", args=[version.pk]), {"note": "With our support."})


def test_vision_is_adopted_only_when_the_indigenous_representative_endorses(world, client):
    version_1 = make_version(world, "closed")
    published = make_version(world, "published", body=BODY_V2)
    assert published.number == 2
    for sector in ("government", "company", "smallholder"):
        response = _endorse_on_page(client, world.representatives[sector], published)
        assert response.status_code == 302
    assert not Endorsement.objects.filter(version=version_1).exists()
    page = client.get(reverse("vision")).content.decode()
    assert 'data-testid="not-adopted"' in page
    assert not VisionAdoption.objects.exists()

    _endorse_on_page(client, world.representatives["indigenous"], published)
    adoption = VisionAdoption.objects.get()
    assert set(adoption.endorsers.values_list("sector", flat=True)) == {
        "government",
        "company",
        "smallholder",
        "indigenous",
    }
    client.logout()
    page = client.get(reverse("vision")).content.decode()
    assert 'data-testid="adopted"' in page
    shown = date_format(timezone.localtime(adoption.adopted_at), "Y-m-d H:i")
    assert shown in page


def test_member_cannot_endorse_through_the_page(world, client, published):
    audit_before = AuditEvent.objects.count()
    client.force_login(world.member)
    response = client.post(reverse("vision-endorse", args=[published.pk]), {"note": "Yes"})
    assert response.status_code == 403
    assert not Endorsement.objects.exists()
    assert AuditEvent.objects.count() == audit_before


def test_member_cannot_endorse_through_the_api(world, api_client, published):
    api_client.force_authenticate(world.member)
    response = api_client.post(
        reverse("api:vision-version-endorse", args=[published.pk]), {"note": "Yes"}
    )
    assert response.status_code == 403
    assert "representative" in response.json()["detail"]
    assert not Endorsement.objects.exists()


def test_indicator_linked_to_the_province_series_shows_its_baseline_from_the_data(
    world, client, api_client, forest_indicator
):
    page = client.get(reverse("objective-detail", args=[forest_indicator.objective_id]))
    html = page.content.decode()
    assert "2,310.00 ha/yr (2002–2021)" in html
    assert "derived" in html
    assert "46,200.00 ha (2002–2021)" in html  # the stated period total is shown too

    body = api_client.get(reverse("api:indicator-detail", args=[forest_indicator.pk])).json()
    assert body["baseline"]["value"] == "2310.00"
    assert body["baseline"]["is_derived"] is True
    assert (body["baseline"]["start_year"], body["baseline"]["end_year"]) == (2002, 2021)
    assert body["measurements"] == []  # no annual figure is invented
    assert body["target"]["value"] == "1155.00"
