"""The year's downloads: the month's files (month_files.py) with what a year adds.

XLSX: 汇总 (本年 beside 上年 and the change, laid out by the county's areas, then the
总结's text), 分月 (twelve months, with a chart), 分单位, 分类型 (with a chart), 计划任务
(the plan's progress), 台账 (every report of the year, streamed as it is read); the
台账 as CSV; a DOCX draft of the 年度双拥工作总结: its opening, its sections by area in
the county's order (一、 with the plan's headings as （一）), each unit's paragraph, 存在的问题
and 下一步工作打算, then the months, the types and the plan's tasks as tables.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Final, Never, cast

from chalicelib.core.catalogue import ACTIVITY_TYPE_BY_CODE, AREAS, area_types, short_label
from chalicelib.core.dates import date_label
from chalicelib.core.money import to_fen, wan_text
from chalicelib.files.documents import Part, chinese_ordinal, numbered_lines
from chalicelib.files.spreadsheets import append_row, money_cell, start_sheet
from chalicelib.plans.records import ShownTarget, TaskBrief
from chalicelib.summaries.document import Summary
from chalicelib.summaries.month_document import type_table, written_bytes
from chalicelib.summaries.month_files import FILES, MonthFiles, add_bar_chart, review_rows
from chalicelib.summaries.registry import BY_TARGET, ORGANISATION, YEAR
from chalicelib.summaries.year import change, judged_text, period_text
from chalicelib.summaries.year_narrative import SECTION_TITLES
from chalicelib.summaries.year_parts import LastYear, YearCompleteness

Row = tuple[str, Any, Any, str]  # 项目, 本年, 上年, 单位
YEAR_COMPLETENESS: Final = ("months", "expected", "reported", "nil_reported", "missing", "on_time", "late")

YEAR_FILES: dict[str, tuple[str, str, str]] = {
    **FILES,
    "docx": ("report.docx", "{label}度双拥工作总结（草稿）.docx", FILES["docx"][2]),
}

MONTH_HEADER = (
    "月份",
    "活动报告（项）",
    "参加人数（人次）",
    "逾期报告（项）",
    "报送单位（个）",
    "未报送单位（个）",
    "座谈会（次）",
    "走访驻军（次）",
    "走访优抚对象（户）",
    "走访慰问资金（元）",
    "逾期计划任务（项）",
)
MONTH_KEYS: Final = (
    "reports",
    "participants",
    "reports_late",
    "units_reporting",
    "units_missing",
    "symposiums",
    "troop_visits",
    "beneficiary_households",
    "visit_funds_yuan",
    "plan_overdue",
)
PLAN_HEADER = (
    "分类",
    "任务",
    "责任单位",
    "时间",
    "开始日期",
    "结束日期",
    "活动类型",
    "目标",
    "完成情况",
    "关联报告（项）",
)
PLAN_WIDTHS = (14, 40, 30, 20, 12, 12, 24, 20, 12, 14)


def types_text(codes: list[str]) -> str:
    return "、".join(short_label(c) for c in codes) or "不限"


def progress_text(task: TaskBrief) -> str:
    progress = task["progress"]
    return progress["label"] + (f"（{progress['achieved_text']}）" if progress.get("achieved_text") else "")


class YearFiles(MonthFiles):
    """The year's files in `directory`, written as the year's reports stream past."""

    files = YEAR_FILES

    def _start_sheets(self) -> None:
        header = ["项目", "本年", "上年", "增减（%）", "单位"]
        self.overview = start_sheet(self.workbook, "汇总", header, [34, 22, 22, 10, 10])
        self.per_month = start_sheet(self.workbook, "分月", MONTH_HEADER, [12] + [16] * (len(MONTH_HEADER) - 1))
        self._start_figure_sheets()
        self.plan = start_sheet(self.workbook, "计划任务", PLAN_HEADER, PLAN_WIDTHS)

    def _fill(self, summary: Summary) -> None:
        super()._fill(summary)
        self._fill_per_month(summary)
        self._fill_plan(summary)

    def _docx(self, summary: Summary) -> bytes:
        return docx_bytes(summary)

    def _fill_overview(self, summary: Summary) -> None:
        """本年 beside 上年 (the same months of the year before, where its summary holds them) and the change in
        percent; then the 总结's text, section by section."""
        for label, value, last, unit in _overview_rows(summary):
            numbers = all(isinstance(v, int | Decimal) and not isinstance(v, bool) for v in (value, last))
            moved = change(value, last) if numbers else None
            append_row(
                self.overview, [label, money_cell(self.overview, value), money_cell(self.overview, last), moved, unit]
            )
        append_row(self.overview, [])
        append_row(self.overview, ["年度双拥工作总结"])
        opening, sections = outline(summary)
        for line in opening:
            append_row(self.overview, [line])
        for _, line in numbered_lines(sections):  # as the DOCX numbers them
            append_row(self.overview, [line])

    def _fill_per_month(self, summary: Summary) -> None:
        for row in summary["by_month"]:
            values = [money_cell(self.per_month, row[key]) for key in MONTH_KEYS]
            append_row(self.per_month, [row["month_label"], *values])
        totals, head = summary["totals"], summary["headline"]
        done = cast(YearCompleteness, summary["completeness"])  # a year's
        overdue = sum(row["plan_overdue"] for row in summary["by_month"])
        year_values = [
            totals["reports"],
            totals["participants"],
            totals["reports_late"],
            totals["units_reporting"],
            done["missing"],
            head["symposiums"],
            head["troop_visits"],
            head["beneficiary_households"],
            money_cell(self.per_month, head["visit_funds_yuan"]),
            overdue,
        ]
        append_row(self.per_month, ["全年" if len(summary["months"]) == 12 else "合计", *year_values])
        add_bar_chart(self.per_month, f"{summary['year_label']}各月双拥活动数量", 13, "A16", (20, 10))

    def _fill_plan(self, summary: Summary) -> None:
        for task in summary["plan"]["tasks"]:
            window = task["window"]
            append_row(
                self.plan,
                [
                    task["heading"],
                    task["title"],
                    "、".join(task["unit_names"]),
                    window["text"],
                    date.fromisoformat(window["from"]),
                    date.fromisoformat(window["to"]),
                    types_text(task["activity_types"]),
                    cast(ShownTarget, task["target"])["label"] if task.get("target") else "",
                    progress_text(task),
                    task["progress"]["reports"],
                ],
            )


def _overview_rows(summary: Summary) -> list[Row]:
    """The 汇总 rows: the year and who reported, then each area's figures in the county's order, then the
    plan, the surveys and the review. 上年 where the year before's summary gives the same figure."""
    head = summary["headline"]
    before: LastYear | dict[str, Never] = summary["last_year"] or {}  # {}: no year before to compare with
    last: dict[str, int | Decimal] = before.get("figures", {})

    def row(key: str, last_key: str | None = None) -> Row:  # a figure of the registry, 上年 by `last_key`
        label, value, unit = YEAR.row(summary, key)
        return label, value, last.get(last_key) if last_key else None, unit

    rows: list[Row] = [
        ("年度", summary["year_label"], f"{before['year']}年" if before else None, ""),
        ("统计期间", period_text(summary), before.get("period"), ""),
        ("统计截至", date_label(date.fromisoformat(summary["as_of"])), None, ""),
        ("报送情况统计至", judged_text(summary), None, ""),
        row("totals.reports", "reports"),
        row("totals.reports_on_time"),
        row("totals.reports_late"),
        row("totals.participants", "participants"),
        row("totals.units_reporting"),
        *[row(f"completeness.{key}") for key in YEAR_COMPLETENESS],
    ]
    for index, area in enumerate(AREAS):
        rows.append((f"{chinese_ordinal(index + 1)}、{SECTION_TITLES[area]}", None, None, ""))
        if area == "organisation":
            rows += [row(f.key, f.key.removesuffix(".meetings")) for f in ORGANISATION]
        if area == "support":
            funds = last.get("visit_funds_yuan")
            rows += [
                row("headline.symposiums", "symposiums"),
                row("headline.symposium_beneficiaries", "symposium.beneficiary_attendees"),
                row("headline.troop_visits", "troop_visits"),
                row("headline.beneficiary_households", "beneficiary_households"),
                row("headline.visit_funds_yuan", "visit_funds_yuan"),
                (
                    "走访慰问资金（万元）",
                    head["visit_funds_text"],
                    None if funds is None else wan_text(to_fen(funds)),
                    "",
                ),
            ]
            rows += [row(figure.key) for figure in BY_TARGET]
        for kind in area_types(area):
            rows.append(row(f"by_type.{kind}.reports", f"{kind}.reports"))
            rows += [row(f"by_type.{kind}.{f.code}", f"{kind}.{f.code}") for f in ACTIVITY_TYPE_BY_CODE[kind].figures]
        if area == "co_building":
            rows += [row(f"co_building.{key}") for key in ("active", "signed.count", "ended.count", "reports")]
    rows += [row(f"plan.counts.{key}") for key in ("tasks", "done", "in_progress", "not_started", "overdue")]
    rows += [row("surveys.run"), row("surveys.responses")]
    return rows + [(label, value, None, unit) for label, value, unit in review_rows(summary)]


def outline(summary: Summary) -> tuple[list[str], list[tuple[str, list[Part]]]]:
    """The 总结's text as the draft lays it out: the opening paragraphs (基本情况, 总体情况), then the numbered
    sections, each with its paragraphs and its subsections (heading, paragraphs)."""
    opening = [p["text"] for p in summary["narrative"] if "section" not in p]
    sections: list[tuple[str, list[Part]]] = [
        (p["topic"], [(part["heading"], [part["text"]]) if part["heading"] else part["text"] for part in p["parts"]])
        for p in summary["narrative"]
        if "section" in p
    ]
    return opening, sections


# --- the Word draft ------------------------------------------------------------------


def docx_bytes(summary: Summary) -> bytes:
    """The 年度双拥工作总结 draft: the opening, the sections (the office's words in their places, see
    year.paragraphs), three tables."""
    as_of = date_label(date.fromisoformat(summary["as_of"]))
    note = f"（{summary['county']}双拥办 · 草稿 · 据各成员单位报送汇总，截至{as_of}）"
    totals, funds = summary["totals"], summary["headline"]["visit_funds_yuan"]
    months = [
        [r["month_label"], str(r["reports"]), str(r["participants"]), f"{r['visit_funds_yuan']}"]
        for r in summary["by_month"]
    ]
    months.append(["合计", str(totals["reports"]), str(totals["participants"]), f"{funds}"])
    header = ["月份", "活动数（项）", "参加人数（人次）", "走访慰问资金（元）"]
    tables = [("附表一：分月统计", header, months, (3.0, 3.4, 4.0, 5.4)), type_table("附表二：分类型统计", summary)]
    if summary["plan"]["tasks"]:
        by_area = sorted(summary["plan"]["tasks"], key=lambda t: list(AREAS).index(t["area"]))
        tasks = [
            [t["heading"], t["title"], "、".join(t["unit_names"]), t["window"]["text"], progress_text(t)]
            for t in by_area
        ]
        header = ["分类", "任务", "责任单位", "时间", "完成情况"]
        tables.append(("附表三：年度计划任务完成情况", header, tasks, (2.4, 5.2, 3.4, 2.6, 2.2)))
    title = f"{summary['year_label']}度双拥工作总结"
    opening, sections = outline(summary)
    return written_bytes(title, note, summary["county"], opening, sections, tables, summary.get("quality") or [])
