"""Delivery evidence: only real PDF, JPEG, PNG, ODT or DOCX files are kept, served as downloads
through the app to people who may see the action (never as a page of the site)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lap.models import Delivery
from tests.resources.conftest import client_for


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


HTML = b"<html><script>alert(document.cookie)</script></html>"


def _upload(name, content):
    document = io.BytesIO(content)
    document.name = name
    return document


def test_an_html_page_renamed_pdf_is_refused_on_the_delivery_page(world, confirmed, client):
    client.force_login(world.representatives["government"])
    response = client.post(
        reverse("resources-delivery-create", kwargs={"pk": confirmed.pk}),
        {
            "amount": "1000",
            "delivered_on": "2026-01-20",
            "note": "",
            "document": _upload("receipt.pdf", HTML),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["document"]
    assert not Delivery.objects.exists()


def test_the_api_refuses_an_svg_as_delivery_evidence(world, confirmed):
    response = client_for(world.coordinator).post(
        reverse("api:delivery-list"),
        {
            "commitment": confirmed.pk,
            "amount": "100",
            "delivered_on": "2026-01-20",
            "document": SimpleUploadedFile("receipt.svg", b"<svg><script>1</script></svg>"),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "document" in response.json()
    assert not Delivery.objects.exists()


def test_delivery_evidence_is_downloaded_through_the_app_not_rendered(world, confirmed, client):
    client.force_login(world.representatives["government"])
    client.post(
        reverse("resources-delivery-create", kwargs={"pk": confirmed.pk}),
        {
            "amount": "1000",
            "delivered_on": "2026-01-20",
            "note": "",
            "document": _upload("receipt.pdf", b"%PDF-1.4 receipt"),
        },
    )
    delivery = Delivery.objects.get()
    url = reverse("resources-delivery-document", kwargs={"pk": delivery.pk})
    page = client.get(reverse("resources-action", kwargs={"pk": confirmed.need.action_id}))
    assert url in page.content.decode()
    assert delivery.document.url not in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 receipt"
    api = client_for(world.coordinator).get(
        reverse("api:delivery-detail", kwargs={"pk": delivery.pk})
    )
    assert api.json()["document"] == url
    client.logout()
    assert client.get(url).status_code == 302
