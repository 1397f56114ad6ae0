"""Formula-safe cells, CSV with BOM, deterministic workbooks."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook

from chalicelib.files.spreadsheets import add_sheet, csv_bytes, new_workbook, safe, workbook_bytes


def test_text_that_would_run_as_a_formula_is_neutralised() -> None:
    for text in ("=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"):
        assert safe(text) == "'" + text
    assert safe("八一走访") == "八一走访"
    assert safe(-5) == -5


def test_csv_carries_a_bom_and_neutralised_cells() -> None:
    data = csv_bytes(["活动名称", "金额"], [['=HYPERLINK("x")', Decimal("0.10")]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[1] == '"\'=HYPERLINK(""x"")",0.10'


def _workbook(rows: list[list[object]]) -> bytes:
    book = new_workbook()
    add_sheet(book, "台账", ["活动名称", "金额"], rows)  # type: ignore[arg-type]
    return workbook_bytes(book)


def test_a_sheet_has_no_live_formula_and_exact_money() -> None:
    sheet = load_workbook(io.BytesIO(_workbook([["=1+1", Decimal("203900.10")]])))["台账"]
    assert sheet["A1"].value == "活动名称"
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 203900.1
    assert sheet.freeze_panes == "A2"


def test_the_same_content_gives_the_same_bytes() -> None:
    assert _workbook([["a", 1]]) == _workbook([["a", 1]])
