"""Reading a coordinator's bulk progress file (CSV or XLSX) into rows of text.

Only reading: what each row means (the action, the date, the percent) is checked by
`lap.services.implementation.check_progress_rows`, in the language of whoever reads the preview.
The file comes from outside, so everything here is bounded before it is trusted: its size, the
size an XLSX unpacks to (a 2 MB zip can unpack to gigabytes), its rows, columns and text.
A CSV saved by a spreadsheet in Spanish is often Windows-1252 and separated by semicolons: both
are read.
"""

import csv
import datetime
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_ROWS = 1_000
MAX_COLUMNS = 26  # A to Z
MAX_TEXT_CHARS = 5_000_000
XLSX_SIGNATURE = b"PK\x03\x04"
DELIMITERS = (",", ";", "\t")

# The names a header cell may give each column (lower case, without accents), in English and
# Spanish; "percent" may be left out (an update may only tell).
COLUMN_NAMES = {
    "action": {
        "action",
        "action id",
        "action number",
        "accion",
        "id de accion",
        "numero de accion",
    },
    "date": {"date", "fecha"},
    "percent": {"percent", "percent complete", "%", "porcentaje", "porcentaje de avance", "avance"},
    "narrative": {"narrative", "what happened", "relato", "que paso", "narrativa"},
}
COLUMNS = ("action", "date", "percent", "narrative")  # the order of RawRow's cells
REQUIRED_COLUMNS = ("action", "date", "narrative")
# The first row of the template a coordinator downloads, in their language.
TEMPLATE_HEADER = {
    "es": ["acción", "fecha", "porcentaje", "relato"],
    "en": ["action", "date", "percent", "narrative"],
}


@dataclass(frozen=True)
class RawRow:
    """One row as written, every cell as text; `number` is its row in the spreadsheet."""

    number: int
    action: str
    date: str
    percent: str
    narrative: str

    def as_list(self) -> list:
        return [self.number, self.action, self.date, self.percent, self.narrative]

    @classmethod
    def from_list(cls, values: list) -> "RawRow":
        number, action, date, percent, narrative = values
        return cls(int(number), str(action), str(date), str(percent), str(narrative))


def read_progress_file(file) -> list[RawRow]:
    """The file's rows under its header; ValidationError (translated) when it cannot be read."""
    data = file.read(MAX_FILE_BYTES + 1)
    if not data:
        raise ValidationError(_("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is larger than %(megabytes)d MB; split it into several files.")
            % {"megabytes": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if data.startswith(XLSX_SIGNATURE):
        return _rows_under_header(_xlsx_table(data))
    return _rows_under_header(_csv_table(data))


def _not_a_spreadsheet() -> ValidationError:
    return ValidationError(_("The file is neither a CSV nor an XLSX spreadsheet."))


def _csv_table(data: bytes) -> Iterator[list[str]]:
    if b"\x00" in data:
        raise _not_a_spreadsheet()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ValidationError(
                _("The CSV file is neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8.")
            ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as error:
        raise ValidationError(
            _("The CSV file cannot be read at line %(line)d.") % {"line": reader.line_num}
        ) from error


def _xlsx_table(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise _not_a_spreadsheet() from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(_("The XLSX file unpacks to too much data; split it."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # openpyxl raises many kinds of error on a damaged or foreign zip (KeyError, TypeError,
    # InvalidFileException, XML parse errors): each means the same thing to the person.
    except Exception as error:
        raise ValidationError(_("The XLSX file cannot be read; save it again as XLSX.")) from error
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            yield [_cell_text(value) for value in values]
    except ValidationError:
        raise
    except Exception as error:  # as above, while the sheet is streamed
        raise ValidationError(_("The XLSX file cannot be read; save it again as XLSX.")) from error
    finally:
        workbook.close()


def _cell_text(value) -> str:
    """A cell as the text a person would have typed: dates as YYYY-MM-DD, 40.0 as 40."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float | Decimal):
        return str(value)
    return str(value)


def _normalized(name: str) -> str:
    without_accents = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(without_accents.lower().replace("_", " ").split())


def _columns(header: list[str]) -> dict[str, int]:
    """Where each column is, by the header's names; ValidationError naming what is missing."""
    positions: dict[str, int] = {}
    for position, name in enumerate(header):
        normalized = _normalized(name)
        for column, names in COLUMN_NAMES.items():
            if normalized in names:
                if column in positions:
                    raise ValidationError(
                        _("The column “%(name)s” appears twice in the first row.") % {"name": name}
                    )
                positions[column] = position
    missing = [column for column in REQUIRED_COLUMNS if column not in positions]
    if missing:
        raise ValidationError(
            _(
                "The first row must name the columns: action, date, percent (optional) and "
                "narrative (or in Spanish: acción, fecha, porcentaje, relato). Missing: "
                "%(missing)s."
            )
            % {"missing": ", ".join(missing)}
        )
    return positions


def _cell(cells: list[str], positions: dict[str, int], column: str) -> str:
    position = positions.get(column)
    return cells[position] if position is not None and position < len(cells) else ""


def _rows_under_header(table: Iterable[list[str]]) -> list[RawRow]:
    rows: list[RawRow] = []
    positions: dict[str, int] | None = None
    text_chars = 0
    for number, raw_cells in enumerate(table, start=1):
        cells = [cell.strip() for cell in raw_cells[:MAX_COLUMNS]]
        if not any(cells):
            continue
        if any("\x00" in cell for cell in cells):
            raise _not_a_spreadsheet()
        if positions is None:
            positions = _columns(cells)
            continue
        if len(rows) == MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(count)d rows; split it into several files.")
                % {"count": MAX_ROWS}
            )
        text_chars += sum(len(cell) for cell in cells)
        if text_chars > MAX_TEXT_CHARS:
            raise ValidationError(_("The file holds too much text; split it into several files."))

        rows.append(RawRow(number, *(_cell(cells, positions, column) for column in COLUMNS)))
    if positions is None:
        raise ValidationError(_("The file is empty."))
    if not rows:
        raise ValidationError(_("The file has no rows under its first row (the column names)."))
    return rows
