"""A unit's own downloads: its 台账 (every activity it reported with its figures, and its photos listed) as XLSX
and CSV, and its own Word draft: for a year its 年度双拥工作总结（草稿）, for a month or days its
双拥工作情况（草稿）, in its own voice (unit_narrative.py), laid out as the county's drafts are (GB/T 9704,
files/documents.py).

The 台账 rows are the county's (month_files.py `ledger_row`), with the photos after them; the XLSX keeps the
数据质量 sheet for whoever typed the figures. The draft leaves it out: it is the document the unit sends.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath
from typing import Any

from chalicelib.core.dates import date_label
from chalicelib.files.spreadsheets import Cell
from chalicelib.summaries.document import Summary
from chalicelib.summaries.month_document import type_table, written_bytes
from chalicelib.summaries.month_files import FILES, LEDGER_HEADER, LEDGER_WIDTHS, MonthFiles
from chalicelib.summaries.narrative import summary_label
from chalicelib.summaries.year_files import outline

UNIT_FILES: dict[str, tuple[str, str, str]] = {
    **FILES,
    "xlsx": ("summary.xlsx", "{unit}{label}双拥工作台账.xlsx", FILES["xlsx"][2]),
    "csv": ("ledger.csv", "{unit}{label}双拥工作台账.csv", FILES["csv"][2]),
    "docx": ("report.docx", "{unit}{label}双拥工作情况（草稿）.docx", FILES["docx"][2]),
}
UNIT_YEAR_FILES = {**UNIT_FILES, "docx": ("report.docx", "{unit}{label}度双拥工作总结（草稿）.docx", FILES["docx"][2])}


def photos_text(report: dict[str, Any]) -> str:
    """The report's photos as the 台账 lists them: "2张：a1.jpg、b2.jpg" ("" without any)."""
    photos = [PurePosixPath(str(key)).name for key in report.get("photos") or []]
    return f"{len(photos)}张：{'、'.join(photos)}" if photos else ""


class UnitFiles(MonthFiles):
    """A unit's own files of a month or of days: the 台账 (with photos) and its 情况 draft."""

    files = UNIT_FILES
    ledger_header: tuple[str, ...] = (*LEDGER_HEADER, "照片")
    ledger_widths: tuple[int, ...] = (*LEDGER_WIDTHS, 40)

    def _start_sheets(self) -> None:
        """None before the 台账: the unit's workbook is its 台账."""

    def _fill(self, summary: Summary) -> None:
        """Nothing: the figures are in the JSON and the draft; the workbook is the 台账."""

    def row(self, report: dict[str, Any]) -> list[Cell]:
        return [*super().row(report), photos_text(report)]

    def _docx(self, summary: Summary) -> bytes:
        return unit_docx(summary, f"{summary['unit']['name']}{summary_label(summary)}双拥工作情况（草稿）")


class UnitYearFiles(UnitFiles):
    """A unit's own files of a year: the 台账 and its 年度双拥工作总结（草稿）."""

    files = UNIT_YEAR_FILES

    def _docx(self, summary: Summary) -> bytes:
        return unit_docx(summary, f"{summary['unit']['name']}{summary['year_label']}度双拥工作总结（草稿）")


def unit_docx(summary: Summary, title: str) -> bytes:
    """The unit's draft: its opening, its sections (一、 by area), and the table of its activities by type."""
    as_of = date_label(date.fromisoformat(summary["as_of"]))
    note = f"（{summary['unit']['name']} · 草稿 · 据本单位报送的活动汇总，截至{as_of}）"
    opening, sections = outline(summary)
    tables = [type_table("附表：分类型统计", summary)] if summary["totals"]["reports"] else []
    return written_bytes(title, note, summary["county"], opening, sections, tables)
