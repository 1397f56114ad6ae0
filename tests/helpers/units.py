"""The units' sheet as the county office imports it: an Excel workbook, base64 as POST /units/import takes it."""

from __future__ import annotations

import base64
import io
from typing import Any

from openpyxl import Workbook

HEADER = ["单位名称", "单位类型", "联系邮箱", "填报员", "单位编号"]


def units_sheet(rows: list[list[Any]], header: list[str] | None = None) -> str:
    book = Workbook()
    sheet = book.active
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode()
