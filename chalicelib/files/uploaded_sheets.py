"""An Excel sheet the office uploads (the 任务分解表, the units' sheet), read within the function's means.

The body is JSON, `{"file": "<the .xlsx, base64>", …}` (so it passes API Gateway and Chalice as text, with no
binary media types to set up), at most 1 MB of file. Before anything is unpacked, a file whose parts would
unpack to more than 20 MB is refused (a zip bomb: openpyxl holds every shared string in memory), and so is a
first sheet of more than 5,000 rows. The first sheet is read; its header row (within the first 10 rows; a title
row above it is fine) names the columns, in any order, each by one of the names it goes by. openpyxl is imported
only inside the functions, never on the API's import path.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from chalicelib.core.errors import PayloadTooLarge, ValidationFailed
from chalicelib.core.validation import parse_json_object, validate

MAX_FILE_BYTES = 1024 * 1024
MAX_BODY_BYTES = 1_500_000
HEADER_SEARCH_ROWS = 10
MAX_SHEET_ROWS = 5000
# What the file's parts may hold unpacked. At the limit, shared strings alone peak at 175 MB (the Lambda has 512).
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
TOO_LARGE = f"文件过大（上限 {MAX_FILE_BYTES // 1024} KB）"


class UploadForm(Protocol):
    file: str


F = TypeVar("F", bound=UploadForm)


def uploaded_file(raw: bytes | None, form_model: type[F]) -> tuple[F, bytes]:
    """The body's form and its file's bytes; a body or file over its limit is 413, a file not base64 400."""
    if raw is not None and len(raw) > MAX_BODY_BYTES:
        raise PayloadTooLarge(TOO_LARGE)
    form = validate(form_model, parse_json_object(raw, MAX_BODY_BYTES))  # type: ignore[type-var]
    try:
        data = base64.b64decode(form.file, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed([{"field": "file", "message": "文件应为 base64 编码"}]) from None
    if len(data) > MAX_FILE_BYTES:
        raise PayloadTooLarge(TOO_LARGE)
    return form, data


class Sheet:
    """The first sheet past its header: each field's columns by index, the header's Excel row number, and the
    rows below it."""

    def __init__(self, columns: dict[str, list[int]], header_row: int, rows: Iterator[tuple[Any, ...]]) -> None:
        self.columns, self.header_row, self._rows = columns, header_row, rows

    def rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(Excel row number, values) of each row below the header; a sheet that does not give its size and
        holds text past MAX_SHEET_ROWS is refused."""
        for number, values in enumerate(self._rows, start=self.header_row + 1):
            if number > MAX_SHEET_ROWS and any(cell_text(value) for value in values):
                raise too_many_rows()
            yield number, values


@contextmanager
def first_sheet(
    data: bytes, columns: Mapping[str, tuple[str, ...]], required: tuple[str, ...], what: str, kept: str
) -> Iterator[Sheet]:
    """The workbook's first sheet, found by its header (the first row naming every `required` column); a
    file-level problem refuses, `what` and `kept` naming what the file should be and hold ("不像{what}；请只保留
    {kept}后另存再导入")."""
    import zlib
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    unreadable = ValidationFailed([{"field": "file", "message": "不是有效的 Excel 文件（.xlsx）"}])
    try:
        _refuse_a_bomb(data, what, kept)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, zlib.error, KeyError, ValueError, OSError, TypeError, SyntaxError):
        raise unreadable from None  # SyntaxError: lxml's for a part that is not XML
    try:
        sheet = book.worksheets[0]
        if sheet.max_row is not None and sheet.max_row > MAX_SHEET_ROWS:  # the sheet's own <dimension>, before its rows
            raise too_many_rows()
        rows = sheet.iter_rows(max_row=MAX_SHEET_ROWS + 1, values_only=True)
        found, header_row = _header(rows, columns, required)
        yield Sheet(found, header_row, rows)
    except (BadZipFile, zlib.error, KeyError, OSError, SyntaxError):
        raise unreadable from None  # a sheet is unpacked and parsed while its rows are read
    finally:
        book.close()


def _refuse_a_bomb(data: bytes, what: str, kept: str) -> None:
    """Refuse, by the zip's directory alone, a file whose parts would unpack to more than MAX_UNPACKED_BYTES.
    A directory that understates a part cannot get more through: zipfile unpacks no part past the size its
    directory gives (the rest fails its CRC: not a valid file)."""
    from zipfile import ZipFile

    with ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        limit = MAX_UNPACKED_BYTES // (1024 * 1024)
        raise ValidationFailed(
            [{"field": "file", "message": f"文件解压后超过{limit} MB，不像{what}；请只保留{kept}后另存再导入"}]
        )


def too_many_rows() -> ValidationFailed:
    message = f"第一个工作表超过{MAX_SHEET_ROWS}行，请删除表格下方多余的行后再导入"
    return ValidationFailed([{"field": "file", "message": message}])


def _header(
    rows: Iterator[tuple[Any, ...]], columns: Mapping[str, tuple[str, ...]], required: tuple[str, ...]
) -> tuple[dict[str, list[int]], int]:
    """The first row (of the first 10) naming every required column: each field's columns by index. A name is
    read without spaces and without a note in brackets (“时间（月）”)."""
    for number in range(1, HEADER_SEARCH_ROWS + 1):
        values = next(rows, None)
        if values is None:
            break
        texts = [re.sub(r"[（(].*?[)）]|\s+", "", cell_text(v) or "") for v in values]
        found = {}
        for field, names in columns.items():
            if hits := [i for i, text in enumerate(texts) if text in names]:
                found[field] = hits
        if all(field in found for field in required):
            return found, number
    needed = "、".join(f"“{columns[f][0]}”" for f in required)
    raise ValidationFailed([{"field": "file", "message": f"前{HEADER_SEARCH_ROWS}行中找不到表头：须有{needed}列"}])


def cell_text(value: Any) -> str | None:
    """A cell as text, trimmed (a whole number typed into a cell, which Excel may keep as 3.0, as 3)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
