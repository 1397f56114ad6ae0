"""What every export shares: formula-safe cells, CSV with a byte-order mark, XLSX sheets.

Text that users typed can start with =, +, -, @, a tab or a carriage return; a
spreadsheet would run it as a formula (CSV injection). Every exported cell goes
through `safe`, which prefixes such text with an apostrophe, the OWASP advice,
so Excel and WPS show it as the text it was (and `safe` also replaces characters a workbook cannot
hold). openpyxl is imported only here,
inside the functions that write workbooks: never on the API's import path.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import IO, Any, cast

from chalicelib.core.text import writable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"  # its content type
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | Decimal | date | bool | None


def safe(value: Any) -> Any:
    """The value as it may go into a cell: text that a spreadsheet would run is neutralised, and a character
    openpyxl refuses (stored before text was checked) becomes U+FFFD instead of failing the whole file."""
    if not isinstance(value, str):
        return value
    value = writable(value)
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel shows the Chinese), CRLF line ends."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, header)
    for row in rows:
        writer(row)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def csv_writer(stream: IO[str], header: Sequence[str]) -> Any:
    """Writes the header to a text stream, and answers a function writing one formula-safe row.

    The byte-order mark is the caller's: csv_bytes adds it, a file opened with encoding="utf-8-sig" writes it."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([safe(h) for h in header])

    def write(row: Sequence[Cell]) -> None:
        writer.writerow(["" if v is None else safe(v) for v in row])

    return write


def new_workbook() -> Any:
    """A write-only workbook: rows stream to disk, memory stays flat however long the sheet."""
    from openpyxl import Workbook

    return Workbook(write_only=True)


def add_sheet(
    workbook: Any,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    widths: Sequence[int] | None = None,
) -> Any:
    """A sheet with a bold, frozen header row, set column widths and formula-safe cells."""
    sheet = start_sheet(workbook, title, header, widths)
    for row in rows:
        append_row(sheet, row)
    return sheet


def start_sheet(workbook: Any, title: str, header: Sequence[str], widths: Sequence[int] | None = None) -> Any:
    """A new sheet with only its bold, frozen header row and column widths; `append_row` fills it.

    In a write-only workbook each sheet streams to its own file, so sheets can be
    started in the order they should appear and filled in any order."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths or [max(10, len(h) * 2 + 2) for h in header], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=safe(text))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    return sheet


MONEY_FORMAT = "#,##0.00"


def money_cell(sheet: Any, value: Any) -> Any:
    """A Decimal as a cell showing yuan to the fen (openpyxl writes its exact digits); anything else as it is."""
    if not isinstance(value, Decimal):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=cast(Any, value))  # the stubs omit Decimal, which openpyxl writes exactly
    cell.number_format = MONEY_FORMAT
    return cell


def append_row(sheet: Any, row: Sequence[Any]) -> None:
    """One row of formula-safe cells; a ready-made cell (e.g. one with a number format) goes in as it is."""
    sheet.append([_xlsx_value(v) for v in row])


def _xlsx_value(value: Cell) -> Any:
    return safe(value)  # openpyxl writes a Decimal as its exact digits


def workbook_bytes(workbook: Any) -> bytes:
    """The workbook's file, byte-identical for identical content (see `deterministic_zip`)."""
    buffer = io.BytesIO()
    save_workbook(workbook, buffer)
    return buffer.getvalue()


def save_workbook(workbook: Any, target: IO[bytes]) -> None:
    """Save the workbook into `target`, byte-identical for identical content, through a temporary file.

    Not `workbook.save`: it stamps the modified time with the clock, which would make
    two saves a second apart differ."""
    import tempfile
    import zipfile
    from datetime import datetime

    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = workbook.properties.modified = datetime(2000, 1, 1)
    with tempfile.TemporaryFile() as raw:
        ExcelWriter(workbook, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
        raw.seek(0)
        rewrite_zip(raw, target)


def deterministic_zip(data: bytes) -> bytes:
    """The same ZIP (XLSX, DOCX) with every entry's timestamp fixed, so two compiles of
    unchanged data write byte-identical files."""

    out = io.BytesIO()
    rewrite_zip(io.BytesIO(data), out)
    return out.getvalue()


def rewrite_zip(source: IO[bytes], target: IO[bytes]) -> None:
    """`deterministic_zip` from file to file, entry by entry in chunks: memory stays flat
    however large the 台账 sheet inside."""
    import shutil
    import zipfile

    with zipfile.ZipFile(source) as reading, zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for info in reading.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            with reading.open(info) as entry, out.open(fixed, "w") as copy:
                shutil.copyfileobj(entry, copy, 1 << 16)
