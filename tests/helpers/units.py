"""The units' sheet as the county office imports it: an Excel workbook, base64 as POST /units/import takes it."""

from __future__ import annotations

from typing import Any

from tests.helpers.plans import xlsx

HEADER = ["单位名称", "单位类型", "联系邮箱", "填报员", "单位编号"]


def units_sheet(rows: list[list[Any]], header: list[str] | None = None) -> str:
    """A sheet of units as the import takes it (base64): the header, then the rows."""
    return xlsx(rows, header or HEADER, title=None)
