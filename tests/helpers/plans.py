"""The 任务分解表 as the county office imports it: an Excel workbook, base64 as POST /plans/{year}/import takes it."""

from __future__ import annotations

import base64
import io
from typing import Any

from openpyxl import Workbook

HEADER = ["分类", "任务", "责任单位", "时间", "活动类型", "目标"]


def xlsx(rows: list[list[Any]], header: list[str] | None = None, title: str | None = "2026年双拥工作任务分解表") -> str:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.merge_cells("A1:F1")
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode()
