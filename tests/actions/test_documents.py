"""Consent documents: only real PDF, JPEG, PNG, ODT or DOCX files of at most 10 MB are kept, and
they are always served as downloads, never rendered by the browser as a page of the site."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lap.documents import MAX_DOCUMENT_BYTES
from lap.models.actions import ConsentProcess, ConsentRecord
from lap.services import actions as services

pytestmark = pytest.mark.django_db

HTML = b"<html><script>alert(document.cookie)</script></html>"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def _accepted(world, propose):
    action = propose()
    services.action_submit(acting_user=world.member, action=action)
    services.action_accept(acting_user=world.coordinator, action=action)
    return action


def _record(world, action, community, document):
    return services.consent_record(
        acting_user=world.coordinator,
        action=action,
        community=community,
        state="information_shared",
        document=document,
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("acta.html", HTML),
        ("acta.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>"),
        ("acta.pdf", HTML),  # an HTML page renamed .pdf
        ("acta.png", b"%PDF-1.4 a pdf named png"),
        ("acta", b"%PDF-1.4 no extension"),
    ],
)
def test_a_document_that_is_not_a_real_pdf_or_image_is_refused_and_nothing_is_recorded(
    world, lamas, propose, name, content
):
    action = _accepted(world, propose)
    with pytest.raises(ValidationError) as refused:
        _record(
            world,
            action,
            lamas["communities"]["chirikyacu"],
            SimpleUploadedFile(name, content, content_type="application/pdf"),
        )
    assert "Suba un documento PDF, JPEG, PNG, ODT o DOCX." in refused.value.message_dict["document"]
    assert not ConsentRecord.objects.exists()
    assert set(ConsentProcess.objects.values_list("state", flat=True)) == {"pending"}


def test_a_document_over_10_mb_is_refused(world, lamas, propose):
    action = _accepted(world, propose)
    big = SimpleUploadedFile("acta.pdf", b"%PDF-1.4" + b"0" * MAX_DOCUMENT_BYTES)
    with pytest.raises(ValidationError) as refused:
        _record(world, action, lamas["communities"]["chirikyacu"], big)
    assert "como máximo 10 MB" in refused.value.message_dict["document"][0]
    assert not ConsentRecord.objects.exists()


def test_a_photographed_assembly_minute_in_png_is_accepted(world, lamas, propose):
    action = _accepted(world, propose)
    entry = _record(
        world, action, lamas["communities"]["chirikyacu"], SimpleUploadedFile("acta.PNG", PNG)
    )
    assert entry.document.name.endswith(".PNG")


def test_the_consent_page_shows_a_wrong_document_as_a_field_error(world, lamas, propose, client):
    action = _accepted(world, propose)
    client.force_login(world.coordinator)
    url = reverse("action-consent", args=[action.pk, lamas["communities"]["chirikyacu"].pk])
    response = client.post(
        url,
        {"state": "information_shared", "document": SimpleUploadedFile("acta.html", HTML)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["document"]
    assert not ConsentRecord.objects.exists()


def test_the_api_refuses_a_wrong_document_with_400(world, lamas, propose, api_client):
    action = _accepted(world, propose)
    api_client.force_authenticate(world.coordinator)
    response = api_client.post(
        reverse("api:action-consents", args=[action.pk]),
        {
            "community": lamas["communities"]["chirikyacu"].pk,
            "state": "information_shared",
            "document": SimpleUploadedFile("acta.pdf", HTML),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "document" in response.json()
    assert not ConsentRecord.objects.exists()


def test_a_consent_document_is_served_as_a_download_with_its_allowed_type(
    world, lamas, propose, client
):
    action = _accepted(world, propose)
    entry = _record(
        world,
        action,
        lamas["communities"]["chirikyacu"],
        SimpleUploadedFile("acta.pdf", b"%PDF-1.4 minutes"),
    )
    client.force_login(world.outsider)
    response = client.get(reverse("action-consent-document", args=[action.pk, entry.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_html_file_stored_before_the_check_is_still_only_downloaded_as_bytes(
    world, lamas, propose, client
):
    action = _accepted(world, propose)
    entry = _record(
        world,
        action,
        lamas["communities"]["chirikyacu"],
        SimpleUploadedFile("acta.pdf", b"%PDF-1.4 minutes"),
    )
    entry.document.save("old.html", ContentFile(HTML))
    client.force_login(world.outsider)
    response = client.get(reverse("action-consent-document", args=[action.pk, entry.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
