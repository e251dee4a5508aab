"""Spreadsheet downloads (CSV and XLSX) that never carry formulas.

A spreadsheet program runs a cell whose text starts with `=`, `+`, `-` or `@` (and, after a tab
or carriage return, often still does) as a formula: an action titled `=HYPERLINK(...)` would
become a link in the coordinator's spreadsheet (CSV/formula injection). Every export goes
through this module: text that starts with one of those characters is written as text (in CSV
with a leading apostrophe, in XLSX as a string cell, also in openpyxl's write-only mode), and
numbers stay numbers (a negative Decimal is a number, not text). DESIGN "Resources".
"""

import csv
import datetime
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBERS = (int, float, Decimal)


def is_dangerous(value) -> bool:
    """Text a spreadsheet program could read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_value(value):
    """One CSV field: None empty, dangerous text behind an apostrophe, the rest as is."""
    if value is None:
        return ""
    if isinstance(value, str):
        return f"'{value}" if is_dangerous(value) else value
    return value


def csv_text(rows: Iterable[Sequence], *, header: Sequence | None = None, bom: bool = False) -> str:
    """A whole CSV document; `bom` starts it with a UTF-8 byte-order mark for spreadsheet
    programs (human-facing downloads)."""
    return "".join(csv_chunks(rows, header=header, bom=bom))


# Rows written into one chunk of a streamed CSV: few enough to start at once, enough that the
# chunks are not a packet each.
CSV_CHUNK_ROWS = 200


def csv_chunks(
    rows: Iterable[Sequence], *, header: Sequence | None = None, bom: bool = False
) -> Iterator[str]:
    """The CSV document a few rows at a time, for a StreamingHttpResponse: the first bytes
    leave before the last row is computed, and memory does not grow with the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if bom:
        buffer.write("\ufeff")
    if header is not None:
        writer.writerow([csv_value(value) for value in header])
    for number, row in enumerate(rows, start=1):
        writer.writerow([csv_value(value) for value in row])
        if number % CSV_CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_cell(sheet, value, *, number_format: str | None = None):
    """An openpyxl cell for `sheet` (normal or write-only): text always a string cell (never a
    formula), numbers numeric with `number_format` when given."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime.date | datetime.datetime):
        value = value.isoformat()
    if value is not None and not isinstance(value, (*NUMBERS, str)):
        value = str(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, NUMBERS) and number_format:
        cell.number_format = number_format
    return cell


def xlsx_append(sheet, row: Sequence, *, number_formats: dict | None = None) -> None:
    """Append a row of values; `number_formats` maps a column index to its number format."""
    number_formats = number_formats or {}
    sheet.append(
        [
            xlsx_cell(sheet, value, number_format=number_formats.get(index))
            for index, value in enumerate(row)
        ]
    )


def xlsx_bytes(
    rows: Iterable[Sequence],
    *,
    title: str,
    header: Sequence | None = None,
    number_formats: dict | None = None,
) -> bytes:
    """A workbook of one sheet, as bytes (small workbooks; downloads use xlsx_file)."""
    with xlsx_file(rows, title=title, header=header, number_formats=number_formats) as file:
        return file.read()


def xlsx_file(
    rows: Iterable[Sequence],
    *,
    title: str,
    header: Sequence | None = None,
    number_formats: dict | None = None,
) -> IO[bytes]:
    """A workbook of one sheet written in write-only mode into a temporary file (removed when
    closed), positioned at its start: memory stays flat whatever the number of rows."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)
    if header is not None:
        xlsx_append(sheet, [str(value) for value in header])
    for row in rows:
        xlsx_append(sheet, row, number_formats=number_formats)
    file = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it: FileResponse does)
    try:
        workbook.save(file)
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return file
