"""Spreadsheet downloads (CSV and XLSX) that never carry formulas.

A spreadsheet program runs a cell whose text starts with `=`, `+`, `-` or `@` (and, after a tab
or carriage return, often still does) as a formula: an action titled `=HYPERLINK(...)` would
become a link in the coordinator's spreadsheet (CSV/formula injection). Every export goes
through this module: text that starts with one of those characters is written as text (in CSV
with a leading apostrophe, in XLSX as a string cell: this module writes no formula element at
all), and numbers stay numbers (a negative Decimal is a number, not text). DESIGN "Resources".
"""

import csv
import datetime
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import chain
from typing import IO
from xml.sax.saxutils import escape

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
    """The CSV document a few rows at a time, for a StreamingHttpResponse: the byte-order mark
    and header leave before the first row is computed, and memory does not grow with the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if bom:
        buffer.write("\ufeff")
    if header is not None:
        writer.writerow([csv_value(value) for value in header])
    if buffer.tell():
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    for number, row in enumerate(rows, start=1):
        writer.writerow([csv_value(value) for value in row])
        if number % CSV_CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# --- XLSX -------------------------------------------------------------------------------------
# Written here, streamed into a zip, rather than with openpyxl: its write-only mode took 19 s
# for the 80,000 rows of a funding gap at 50,000 actions (a cell object and a style lookup per
# value); this takes a few. openpyxl still reads what this writes, in the tests.

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PACKAGE}">'
    f'<Relationship Id="rId1" Type="{_RELATIONS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PACKAGE}">'
    f'<Relationship Id="rId1" Type="{_RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELATIONS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# What XML 1.0 cannot carry at all (a spreadsheet program would refuse the file).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Rows gathered into one write of the zip stream.
_XLSX_CHUNK_ROWS = 500


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _xml_text(value: str) -> str:
    # A raw carriage return would read back as a line feed: written as a character reference.
    return escape(_NOT_XML.sub("", value)).replace("\r", "&#13;")


def _styles(formats: list[str]) -> str:
    """Style 0 plain, style i + 1 the number format formats[i]."""
    number_formats = "".join(
        f'<numFmt numFmtId="{164 + i}" formatCode="{_xml_text(code)}"/>'
        for i, code in enumerate(formats)
    )
    cell_formats = "".join(
        f'<xf numFmtId="{164 + i}" fontId="0" fillId="0" borderId="0" xfId="0" '
        'applyNumberFormat="1"/>'
        for i in range(len(formats))
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{_MAIN}">'
        + (f'<numFmts count="{len(formats)}">{number_formats}</numFmts>' if formats else "")
        + '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        f'<cellXfs count="{len(formats) + 1}"><xf numFmtId="0" fontId="0" fillId="0" '
        f'borderId="0" xfId="0"/>{cell_formats}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _xlsx_cell(reference: str, value, style: str) -> str:
    """One cell: numbers as numbers (with the column's style), everything else an inline string
    (never a formula: a formula is a <f> element, which is never written)."""
    if isinstance(value, NUMBERS) and not isinstance(value, bool):
        number = format(value, "f") if isinstance(value, Decimal) else repr(value)
        return f'<c r="{reference}"{style}><v>{number}</v></c>'
    if isinstance(value, datetime.date | datetime.datetime):
        value = value.isoformat()
    text = _xml_text(str(value))
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_chunks(
    rows: Iterable[Sequence], header: Sequence | None, number_formats: dict
) -> Iterator[str]:
    formats = list(dict.fromkeys(number_formats.values()))
    styles = {column: f' s="{formats.index(code) + 1}"' for column, code in number_formats.items()}
    letters: list[str] = []
    yield (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN}">'
        "<sheetData>"
    )
    every_row = rows if header is None else chain([[str(value) for value in header]], rows)
    chunk: list[str] = []
    for number, row in enumerate(every_row, start=1):
        while len(letters) < len(row):
            letters.append(_column_letters(len(letters)))
        cells = "".join(
            _xlsx_cell(f"{letters[column]}{number}", value, styles.get(column, ""))
            for column, value in enumerate(row)
            if value is not None
        )
        chunk.append(f'<row r="{number}">{cells}</row>')
        if len(chunk) == _XLSX_CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk) + "</sheetData></worksheet>"


def xlsx_file(
    rows: Iterable[Sequence],
    *,
    title: str,
    header: Sequence | None = None,
    number_formats: dict | None = None,
) -> IO[bytes]:
    """A workbook of one sheet, written row by row into a temporary file (removed when closed)
    and positioned at its start: memory stays flat whatever the number of rows. Text is always
    a string cell, numbers are numbers; `number_formats` maps a column index to its format."""
    number_formats = number_formats or {}
    name = _xml_text(_SHEET_NAME_FORBIDDEN.sub("-", title)[:31]) or "Sheet1"
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONS}"><sheets>'
        f'<sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    file = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it: FileResponse does)
    try:
        with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
            archive.writestr("_rels/.rels", _ROOT_RELS)
            archive.writestr("xl/workbook.xml", workbook)
            archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
            archive.writestr("xl/styles.xml", _styles(list(dict.fromkeys(number_formats.values()))))
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                for chunk in _sheet_chunks(rows, header, number_formats):
                    sheet.write(chunk.encode())
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return file


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
