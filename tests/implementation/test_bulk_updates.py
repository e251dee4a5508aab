"""Bulk progress updates: a coordinator uploads a CSV or XLSX, sees every row checked in their
language, and commits all rows or none (DESIGN "Implementation tracking and results")."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from lap import limits
from lap.models import AuditEvent, ProgressUpdate, ProgressUpload
from lap.progress_files import MAX_ROWS
from lap.selectors.implementation import action_progress
from lap.web import PAGE_SIZE
from tests.factories import ActionFactory

UPLOADS = reverse("implementation-uploads")


def _speaks_english(user):
    """A signed-in person reads pages in the language of their profile."""
    user.language = "en"
    user.save(update_fields=["language"])


def _csv(text: str, name="avances.csv", encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def _upload(client, file, **headers):
    return client.post(UPLOADS, {"file": file}, **headers)


def _preview_url(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def _row_cells(html: str, number: int) -> str:
    start = html.index(f'data-row="{number}"')
    return html[start : html.index("</tr>", start)]


def test_a_csv_is_previewed_then_committed_as_published_updates_of_the_coordination(
    world, approved, client
):
    client.force_login(world.coordinator)
    preview = _preview_url(
        _upload(
            client,
            _csv(
                "action,date,percent,narrative\n"
                f"{approved.pk},2026-11-20,40,Se sembraron 200 plantones.\n"
                f"{approved.pk},2026-11-25,,Reunión con la cooperativa.\n"
            ),
        )
    )
    html = client.get(preview).content.decode()
    assert "Listo" in _row_cells(html, 2)
    assert "Listo" in _row_cells(html, 3)
    assert f"{approved.pk}. Shade trees on coffee plots" in _row_cells(html, 2)
    assert not ProgressUpdate.objects.exists()  # nothing is published by the preview

    upload = ProgressUpload.objects.get()
    commit = reverse("implementation-upload-commit", args=[upload.pk])
    done = client.post(commit, follow=True)
    assert "2 reportes de avance se publicaron." in done.content.decode()
    updates = ProgressUpdate.objects.order_by("reported_on")
    assert [(u.percent, u.status, u.organization, u.author, u.upload) for u in updates] == [
        (40, "published", None, world.coordinator, upload),
        (None, "published", None, world.coordinator, upload),
    ]
    assert action_progress(type(approved).objects.filter(pk=approved.pk))[0].percent == 40
    # Anyone sees them on the action's page, told as the coordination's.
    client.logout()
    public = client.get(reverse("implementation-action", args=[approved.pk])).content.decode()
    assert "Se sembraron 200 plantones." in public
    assert "Coordinación" in public
    listed = client.get(reverse("api:progress-update-list"), {"action": approved.pk}).json()
    assert [
        (u["organization"], u["organization_name"], u["author_name"]) for u in listed["results"]
    ] == [
        (None, None, None),
        (None, None, None),
    ]
    # A second commit (a double click) publishes nothing more.
    client.force_login(world.coordinator)
    again = client.post(commit, follow=True).content.decode()
    assert "Este archivo ya se publicó" in again
    assert ProgressUpdate.objects.count() == 2
    assert AuditEvent.objects.filter(verb="progress_upload.commit").count() == 1


def test_every_wrong_row_is_named_in_the_persons_language_and_nothing_is_committed(
    world, approved, client
):
    draft = ActionFactory(state="draft", proposer=world.member)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    rows = [
        "999999,2026-11-20,10,Unknown action.",  # row 2
        "abc,2026-11-20,10,Not a number.",  # 3
        f"{draft.pk},2026-11-20,10,A draft action.",  # 4
        f"{approved.pk},2026-11-20,150,Too much.",  # 5
        f"{approved.pk},2026-11-20,40.5,Half a percent.",  # 6
        f"{approved.pk},{tomorrow},10,Tomorrow.",  # 7
        f"{approved.pk},31/02/2026,10,No such day.",  # 8
        f"{approved.pk},2026-11-20,10,",  # 9
        f"{approved.pk},2026-11-20,10,{'x' * (limits.DESCRIPTION + 1)}",  # 10
        f"{approved.pk},30/11/2026,20,Right.",  # 11
        f"{approved.pk},2026-11-30,20,Right.",  # 12: the same as row 11
    ]
    client.force_login(world.coordinator)
    text = "action,date,percent,narrative\n" + "\n".join(rows)
    preview = _preview_url(_upload(client, _csv(text)))
    spanish = client.get(preview).content.decode()
    assert "10 de 11 filas no se pueden publicar" in spanish
    assert "No existe la acción 999999." in _row_cells(spanish, 2)
    _speaks_english(world.coordinator)
    english = client.get(preview).content.decode()
    expected = {
        2: "There is no action 999999.",
        3: "“abc” is not an action number.",
        4: f"Action {draft.pk} is Draft: updates are recorded while an action is approved",
        5: "The percent complete is a whole number from 0 to 100.",
        6: "The percent complete is a whole number from 0 to 100.",
        7: "An update cannot be dated in the future.",
        8: "“31/02/2026” is not a date; write it as 2026-11-30 or 30/11/2026.",
        9: "Tell what happened.",
        10: f"at most {limits.DESCRIPTION} characters",
        11: "Ready",
        12: "This row repeats row 11.",
    }
    for number, message in expected.items():
        assert message in _row_cells(english, number), number
    assert "Publish every row" not in english
    only_errors = client.get(preview, {"errors": "1"}).content.decode()
    assert 'data-row="11"' not in only_errors
    assert 'data-row="12"' in only_errors

    upload = ProgressUpload.objects.get()
    refused = client.post(reverse("implementation-upload-commit", args=[upload.pk]), follow=True)
    html = refused.content.decode()
    assert "10 rows cannot be committed; nothing was published." in html
    assert "Row 2: There is no action 999999." in html
    assert not ProgressUpdate.objects.exists()
    upload.refresh_from_db()
    assert not upload.is_committed


def test_an_xlsx_with_date_and_number_cells_and_spanish_headers_is_read(world, approved, client):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Acción", "Fecha", "Porcentaje", "Relato"])
    # A spreadsheet's date cell has no time zone.
    midnight = datetime.datetime(2026, 11, 28)  # noqa: DTZ001
    sheet.append([approved.pk, midnight, 40.0, "Vivero listo."])
    sheet.append([None, None, None, None])  # a blank row is skipped
    sheet.append([approved.pk, datetime.date(2026, 11, 29), None, "Visita de campo."])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(world.coordinator)
    _preview_url(_upload(client, SimpleUploadedFile("avances.xlsx", buffer.getvalue())))
    upload = ProgressUpload.objects.get()
    client.post(reverse("implementation-upload-commit", args=[upload.pk]))
    assert list(
        ProgressUpdate.objects.order_by("reported_on").values_list("reported_on", "percent")
    ) == [(datetime.date(2026, 11, 28), 40), (datetime.date(2026, 11, 29), None)]


def test_a_csv_saved_by_a_spanish_spreadsheet_with_semicolons_and_windows_1252_is_read(
    world, approved, client
):
    text = (
        "acción;fecha;porcentaje;relato\r\n"
        f"{approved.pk};30/11/2026;40 %;Plantones en San Martín\r\n"
    )
    client.force_login(world.coordinator)
    _preview_url(_upload(client, _csv(text, encoding="cp1252")))
    upload = ProgressUpload.objects.get()
    client.post(reverse("implementation-upload-commit", args=[upload.pk]))
    update = ProgressUpdate.objects.get()
    assert (update.narrative, update.percent, update.reported_on) == (
        "Plantones en San Martín",
        40,
        datetime.date(2026, 11, 30),
    )


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


TOO_MANY_ROWS = "action,date,narrative\n" + "1,2026-11-30,x\n" * (MAX_ROWS + 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"%PDF-1.4\x00\x01binary", "The file is neither a CSV nor an XLSX spreadsheet."),
        (b"action,date,percent\n1,2026-11-30,10\n", "Missing: narrative."),
        (b"action,date,narrative\n", "The file has no rows under its first row"),
        (b"action,action,date,narrative\n1,1,2026-11-30,x\n", "appears twice"),
        (TOO_MANY_ROWS.encode(), f"The file has more than {MAX_ROWS} rows"),
        (b"a" * (2 * 1024 * 1024 + 1), "The file is larger than 2 MB"),
        (_zip({"notes.txt": b"not a workbook"}), "The XLSX file cannot be read"),
        (_zip({"xl/huge.xml": b"\x00" * (41 * 1024 * 1024)}), "unpacks to too much data"),
        (b"PK\x03\x04 truncated", "The file is neither a CSV nor an XLSX spreadsheet."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_message_and_nothing_is_kept(
    world, client, content, message
):
    _speaks_english(world.coordinator)
    client.force_login(world.coordinator)
    response = _upload(client, SimpleUploadedFile("avances.csv", content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProgressUpload.objects.exists()


def test_an_action_that_leaves_implementation_after_the_preview_stops_the_commit(
    world, approved, client
):
    _speaks_english(world.coordinator)
    client.force_login(world.coordinator)
    _preview_url(_upload(client, _csv(f"action,date,narrative\n{approved.pk},2026-11-30,Bien.\n")))
    type(approved).objects.filter(pk=approved.pk).update(state="completed")
    upload = ProgressUpload.objects.get()
    html = client.post(
        reverse("implementation-upload-commit", args=[upload.pk]), follow=True
    ).content.decode()
    assert f"Row 2: Action {approved.pk} is Completed" in html
    assert not ProgressUpdate.objects.exists()


def test_a_file_uploaded_again_after_its_commit_is_flagged_row_by_row(world, approved, client):
    text = f"action,date,percent,narrative\n{approved.pk},2026-11-30,30,Vivero.\n"
    _speaks_english(world.coordinator)
    client.force_login(world.coordinator)
    _preview_url(_upload(client, _csv(text)))
    client.post(reverse("implementation-upload-commit", args=[ProgressUpload.objects.get().pk]))
    again = _preview_url(_upload(client, _csv(text)))
    html = client.get(again).content.decode()
    assert "This update is already published for the action." in _row_cells(html, 2)


def test_only_coordinators_upload_and_commit(world, approved, client):
    client.force_login(world.coordinator)
    _preview_url(_upload(client, _csv(f"action,date,narrative\n{approved.pk},2026-11-30,Bien.\n")))
    upload = ProgressUpload.objects.get()
    client.force_login(world.representative)
    assert _upload(client, _csv("action,date,narrative\n1,2026-11-30,x\n")).status_code == 403
    commit = reverse("implementation-upload-commit", args=[upload.pk])
    assert client.post(commit).status_code == 403
    assert not ProgressUpdate.objects.exists()
    assert ProgressUpload.objects.count() == 1


def test_a_file_not_committed_can_be_discarded_and_a_committed_one_cannot(world, approved, client):
    client.force_login(world.coordinator)
    for _number in range(2):
        _upload(client, _csv(f"action,date,narrative\n{approved.pk},2026-11-30,Bien.\n"))
    first, second = ProgressUpload.objects.order_by("id")
    client.post(reverse("implementation-upload-delete", args=[first.pk]))
    assert not ProgressUpload.objects.filter(pk=first.pk).exists()
    assert AuditEvent.objects.filter(verb="progress_upload.delete").count() == 1
    client.post(reverse("implementation-upload-commit", args=[second.pk]))
    client.post(reverse("implementation-upload-delete", args=[second.pk]))
    assert ProgressUpload.objects.filter(pk=second.pk).exists()
    assert ProgressUpdate.objects.filter(upload=second).count() == 1


def test_the_template_names_the_columns_in_the_persons_language(world, client):
    client.force_login(world.coordinator)
    url = reverse("implementation-upload-template")
    assert client.get(url).content.decode("utf-8") == "\ufeffacción,fecha,porcentaje,relato\r\n"
    _speaks_english(world.coordinator)
    english = client.get(url)
    assert english.content.decode("utf-8") == "\ufeffaction,date,percent,narrative\r\n"
    assert english["Content-Disposition"] == 'attachment; filename="progress-updates.csv"'


@pytest.mark.parametrize("count", [2, 20])
def test_uploads_page_query_count_does_not_grow(
    world, approved, client, django_assert_max_num_queries, count
):
    client.force_login(world.coordinator)
    for _number in range(count):
        _upload(client, _csv(f"action,date,narrative\n{approved.pk},2026-11-30,Bien.\n"))
    with django_assert_max_num_queries(8):
        response = client.get(UPLOADS)
    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [2, 40])
def test_preview_query_count_does_not_grow(
    world, approved, client, django_assert_max_num_queries, count
):
    client.force_login(world.coordinator)
    rows = "".join(f"{approved.pk},2026-11-30,{n % 100},Fila {n}.\n" for n in range(count))
    preview = _preview_url(_upload(client, _csv("action,date,percent,narrative\n" + rows)))
    with django_assert_max_num_queries(9):
        response = client.get(preview, {"errors": "0"})
    assert response.context["wrong_count"] == 0
    assert len(response.context["page"].object_list) == min(count, PAGE_SIZE)
