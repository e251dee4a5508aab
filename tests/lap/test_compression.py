"""Pages, the API and the CSV leave gzip-compressed for a client that accepts it; what is
compressed already (the XLSX) leaves as it is."""

import gzip
import io

import openpyxl
import pytest
from django.urls import reverse

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.mark.django_db
def test_a_page_is_compressed_for_a_browser_that_accepts_gzip_and_reads_the_same(client):
    plain = client.get(reverse("resources-funding-gaps"))
    compressed = client.get(reverse("resources-funding-gaps"), **GZIP)
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    html = gzip.decompress(compressed.content).decode()
    assert html.startswith("<!doctype html>")
    assert len(compressed.content) < len(plain.content) / 2


@pytest.mark.django_db
def test_api_json_is_compressed(api_client):
    response = api_client.get(reverse("api:funding-gaps"), **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert b'"totals"' in gzip.decompress(response.content)


@pytest.mark.django_db
def test_the_streamed_csv_is_compressed_and_complete(client):
    response = client.get(reverse("resources-funding-gaps-csv"), **GZIP)
    assert response["Content-Encoding"] == "gzip"
    text = gzip.decompress(response.getvalue()).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("secci")  # the Spanish header


@pytest.mark.django_db
def test_the_xlsx_is_not_compressed_again(client):
    response = client.get(reverse("resources-funding-gaps-xlsx"), **GZIP)
    assert "Content-Encoding" not in response
    workbook = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    assert workbook.active.max_row >= 1
