"""The year's downloads: the month's files (month_files.py) with what a year adds.

XLSX: 汇总, 分月 (twelve months, with a chart), 分单位, 分类型 (with a chart), 计划任务
(the plan's progress), 台账 (every report of the year, streamed as it is read); the
台账 as CSV; a DOCX draft of the 年度双拥工作总结 whose sections follow the plan's
headings, with the months, the types and the plan's tasks as tables.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.core.catalogue import short_label
from chalicelib.core.dates import date_label
from chalicelib.files.spreadsheets import append_row, money_cell, start_sheet
from chalicelib.summaries.month_files import (
    FILES,
    MonthFiles,
    add_bar_chart,
    draft_bytes,
    figure_rows,
    review_rows,
    type_table,
)
from chalicelib.summaries.year import period_text

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
MONTH_KEYS = (
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


def progress_text(task: dict[str, Any]) -> str:
    progress = task["progress"]
    return progress["label"] + (f"（{progress['achieved_text']}）" if progress.get("achieved_text") else "")


class YearFiles(MonthFiles):
    """The year's files in `directory`, written as the year's reports stream past."""

    files = YEAR_FILES

    def _start_sheets(self) -> None:
        self.overview = start_sheet(self.workbook, "汇总", ["项目", "数值", "单位"], [34, 22, 10])
        self.per_month = start_sheet(self.workbook, "分月", MONTH_HEADER, [12] + [16] * (len(MONTH_HEADER) - 1))
        self._start_figure_sheets()
        self.plan = start_sheet(self.workbook, "计划任务", PLAN_HEADER, PLAN_WIDTHS)

    def _fill(self, summary: dict[str, Any]) -> None:
        super()._fill(summary)
        self._fill_per_month(summary)
        self._fill_plan(summary)

    def _docx(self, summary: dict[str, Any]) -> bytes:
        return docx_bytes(summary)

    def _overview_rows(self, summary: dict[str, Any]) -> list[tuple[str, Any, str]]:
        totals, done, co = summary["totals"], summary["completeness"], summary["co_building"]
        plan, surveys = summary["plan"]["counts"], summary["surveys"]
        return [
            ("年度", summary["year_label"], ""),
            ("统计期间", period_text(summary), ""),
            ("统计截至", date_label(date.fromisoformat(summary["as_of"])), ""),
            ("活动报告", totals["reports"], "项"),
            ("其中按时报告", totals["reports_on_time"], "项"),
            ("其中逾期报告", totals["reports_late"], "项"),
            ("参加人数", totals["participants"], "人次"),
            ("报送活动的单位", totals["units_reporting"], "个"),
            ("应报送（各单位逐月合计）", done["expected"], "单位·月"),
            ("已报送", done["reported"], "单位·月"),
            ("本月无活动", done["nil_reported"], "单位·月"),
            ("未报送", done["missing"], "单位·月"),
            ("按时报送", done["on_time"], "单位·月"),
            ("逾期报送", done["late"], "单位·月"),
            *figure_rows(summary),
            ("有效军地共建协议", co["active"], "份"),
            ("当年新签订共建协议", len(co["signed"]), "份"),
            ("当年到期或终止共建协议", len(co["ended"]), "份"),
            ("依托共建协议开展活动", co["reports"], "次"),
            ("年度计划任务", plan["tasks"], "项"),
            ("其中已完成", plan.get("done", 0), "项"),
            ("其中进行中", plan.get("in_progress", 0), "项"),
            ("其中未开始", plan.get("not_started", 0), "项"),
            ("其中逾期未报", plan.get("overdue", 0), "项"),
            ("问卷调查", surveys["run"], "次"),
            ("收回答卷", surveys["responses"], "份"),
            *review_rows(summary),
        ]

    def _fill_per_month(self, summary: dict[str, Any]) -> None:
        for row in summary["by_month"]:
            values = [money_cell(self.per_month, row[key]) for key in MONTH_KEYS]
            append_row(self.per_month, [row["month_label"], *values])
        totals, head = summary["totals"], summary["headline"]
        done = summary["completeness"]
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

    def _fill_plan(self, summary: dict[str, Any]) -> None:
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
                    task["target"]["label"] if task.get("target") else "",
                    progress_text(task),
                    task["progress"]["reports"],
                ],
            )


# --- the Word draft ------------------------------------------------------------------


def docx_bytes(summary: dict[str, Any]) -> bytes:
    """The 年度双拥工作总结 draft: the paragraphs by the plan's headings, who reported, three tables."""
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
        tasks = [
            [t["heading"], t["title"], "、".join(t["unit_names"]), t["window"]["text"], progress_text(t)]
            for t in summary["plan"]["tasks"]
        ]
        header = ["分类", "任务", "责任单位", "时间", "完成情况"]
        tables.append(("附表三：年度计划任务完成情况", header, tasks, (2.4, 5.2, 3.4, 2.6, 2.2)))
    title = f"{summary['year_label']}度双拥工作总结"
    return draft_bytes(summary, title, note, _completeness_lines(summary), tables)


def _completeness_lines(summary: dict[str, Any]) -> list[str]:
    done = summary["completeness"]
    lines = [
        f"{period_text(summary)}按月统计，各成员单位应报送{done['expected']}次，已报送{done['reported']}次，"
        f"报告本月无活动{done['nil_reported']}次，未报送{done['missing']}次，按时报送{done['on_time']}次，"
        f"逾期报送{done['late']}次。"
    ]
    for key, label in (("missing_units", "未报送"), ("late_units", "逾期报送")):
        if done[key]:
            units = "、".join(f"{u['name']}（{u['count']}个月）" for u in done[key])
            lines.append(f"{label}的单位：{units}。")
    return lines
