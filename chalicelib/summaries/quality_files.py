"""A summary's `quality` in its files, for the office: the workbook's 数据质量 sheet, and the Word draft's
数据质量提示 list after its tables (never inside the narrative, which goes out under the county's name)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chalicelib.files.documents import add_caption, add_paragraphs
from chalicelib.files.spreadsheets import add_sheet
from chalicelib.summaries.quality import QualityFinding

SEVERITY_LABELS = {"high": "高", "medium": "中"}
QUALITY_HEADER = ["级别", "规则", "单位", "提示", "报告编号"]
QUALITY_WIDTHS = [6, 34, 18, 80, 40]
NONE_FOUND = "未发现疑似有误的数字。"


def quality_sheet(workbook: Any, quality: Sequence[QualityFinding]) -> None:
    """The 数据质量 sheet: a row per finding (a line saying none was found when there is none)."""
    rows = [
        [
            SEVERITY_LABELS.get(q["severity"], q["severity"]),
            q["code"],
            q.get("unit_name") or "全县",
            q["message"],
            "、".join(q["report_ids"]),
        ]
        for q in quality
    ]
    add_sheet(workbook, "数据质量", QUALITY_HEADER, rows or [["", "", "", NONE_FOUND, ""]], QUALITY_WIDTHS)


def quality_lines(quality: Sequence[QualityFinding]) -> list[str]:
    """The 数据质量提示 list's lines: "1. 县民政局：“…”：慰问人数（3人）少于走访户数（4户）…"."""
    return [f"{i}. {q.get('unit_name') or '全县'}：{q['message']}" for i, q in enumerate(quality, start=1)]


def add_quality_list(document: Any, quality: Sequence[QualityFinding]) -> None:
    """The 数据质量提示 list after the tables (nothing when nothing was found)."""
    if quality:
        add_caption(document, "数据质量提示")
        add_paragraphs(document, quality_lines(quality))
