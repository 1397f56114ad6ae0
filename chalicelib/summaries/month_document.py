"""A month's or days' 情况汇报 as a Word draft (GB/T 9704 on A4, files/documents.py): the narrative, the
completeness, a table by type; and how the summary's files write figures, units and dates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Literal, cast

from chalicelib.core.catalogue import ACTIVITY_TYPE_BY_CODE, FigureKind, short_label
from chalicelib.core.dates import date_label
from chalicelib.core.money import to_fen, yuan_text
from chalicelib.files.documents import (
    Part,
    add_caption,
    add_paragraphs,
    add_table,
    document_bytes,
    new_document,
    write_sections,
)
from chalicelib.summaries.document import Summary
from chalicelib.summaries.parts import Completeness, NamedUnit, TypeRow
from chalicelib.summaries.quality import QualityFinding
from chalicelib.summaries.quality_files import add_quality_list
from chalicelib.summaries.registry import MONTH

TABLE_WIDTHS_CM = (3.6, 2.4, 2.8, 7.0)


Table = tuple[str, list[str], list[list[str]], tuple[float, ...]]  # caption, header, rows, column widths (cm)


def draft_bytes(summary: Summary, title: str, note: str, completeness: list[str], tables: list[Table]) -> bytes:
    """The period's Word draft: the narrative's sections, who reported, then the tables."""
    sections: list[tuple[str, list[Part]]] = [(p["topic"], [p["text"]]) for p in summary["narrative"]]
    sections.append(("报送情况", list(completeness)))
    return written_bytes(title, note, summary["county"], [], sections, tables, summary.get("quality") or [])


def written_bytes(
    title: str,
    note: str,
    county: str,
    opening: list[str],
    sections: Sequence[tuple[str, Sequence[Part]]],
    tables: list[Table],
    quality: Sequence[QualityFinding] = (),
) -> bytes:
    """A Word draft: its title and note, opening paragraphs, numbered sections, the tables, then the 数据质量提示."""
    document = new_document(title, note)
    add_paragraphs(document, opening)
    write_sections(document, sections)
    for caption, header, rows, widths in tables:
        add_caption(document, caption)
        add_table(document, header, rows, widths)
    add_quality_list(document, quality)
    return document_bytes(document, title, county)


def docx_bytes(summary: Summary) -> bytes:
    """A one-to-two page 月度双拥工作情况 draft: the narrative, who reported, the per-type table."""
    note = f"（{summary['county']}双拥办 · 草稿 · 据各成员单位报送汇总）"
    tables = [type_table("附表：分类型统计", summary)]
    return draft_bytes(summary, f"{summary['month_label']}双拥工作情况", note, _completeness_lines(summary), tables)


def _completeness_lines(summary: Summary) -> list[str]:
    """报送情况: who was expected and filed, then each list of units named, in units and, for timeliness, also
    in reports (a unit on time may have filed one report late)."""
    done = cast(Completeness, summary["completeness"])  # a month's

    def line(key: str, names: Literal["nil_units", "missing_units", "pending_units", "late_units"]) -> str:
        named = names_text(done[names])
        return MONTH.say(summary, f"completeness.{key}", 1) + (f"：{named}。" if named else "。")

    said = {key: MONTH.say(summary, f"completeness.{key}") for key in ("expected", "reported", "on_time")}
    timely = "，".join(MONTH.say(summary, f"totals.{key}") for key in ("reports_on_time", "reports_late"))
    return [
        f"{said['expected']}，{said['reported']}，{said['on_time']}（报送截止日{date_text(summary['deadline'])}）。",
        line("nil_reported", "nil_units"),
        line("missing", "missing_units"),
        *([line("pending", "pending_units")] if done["pending"] else []),
        line("late", "late_units"),
        f"{MONTH.say(summary, 'totals.reports', 1)}，其中{timely}。",
    ]


def type_table(caption: str, summary: Summary) -> Table:
    """The per-type table: each type with activities, its count, participants and figures; the totals."""
    totals = summary["totals"]
    lines = [
        [short_label(r["activity_type"]), str(r["reports"]), str(r["participants"]), _figures_line(r)]
        for r in summary["by_type"]
        if r["reports"]
    ]
    lines.append(["合计", str(totals["reports"]), str(totals["participants"]), ""])
    return caption, ["活动类型", "活动数（项）", "参加人数（人次）", "主要数据"], lines, TABLE_WIDTHS_CM


def _figures_line(row: TypeRow) -> str:
    return figure_text(row["activity_type"], {f["code"]: f["value"] for f in row["figures"]})


def figure_text(code: str, figures: Mapping[str, int | Decimal]) -> str:
    """The non-zero figures of a type as a line: "受教育官兵120人次；发放资料300份"; money exact in 元."""
    parts = []
    for figure in ACTIVITY_TYPE_BY_CODE[code].figures:
        value = figures.get(figure.code, 0)
        if not value:
            continue
        if figure.kind is FigureKind.MONEY:
            parts.append(f"{figure.label}{yuan_text(to_fen(value))}")
        else:
            parts.append(f"{figure.label}{value}{figure.unit}")
    return "；".join(parts)


def names_text(units: Sequence[NamedUnit]) -> str:
    """The units' names; a unit missing because its reports were all returned says so."""
    return "、".join(u["name"] + ("（报告被退回修改）" if u.get("reason") == "returned" else "") for u in units)


def date_text(iso: str) -> str:
    return date_label(date.fromisoformat(iso))
