"""The month's downloads: XLSX (汇总, 分单位, 分类型 with a chart, 台账), the 台账 as CSV, a DOCX draft.

`MonthFiles` is opened before the month's reports are read; each report streams
into the 台账 sheet and the CSV as it passes (nothing holds the month in memory),
and `finish` writes the sheets made from the summary, the DOCX and summary.json.
Every file is byte-identical for identical data: no timestamps inside, ZIP entries
dated 1980. Every cell goes through `spreadsheets.safe`. openpyxl and python-docx
are imported inside the functions, never on the API's import path.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Never, cast

from chalicelib.core.catalogue import ACTIVITY_TYPE_BY_CODE, ACTIVITY_TYPES, VISIT_TARGETS, FigureKind, short_label
from chalicelib.core.money import to_yuan
from chalicelib.core.responses import dumps
from chalicelib.files.spreadsheets import XLSX, Cell, append_row, csv_writer, money_cell, save_workbook, start_sheet
from chalicelib.reports.figures import UnreadableReport, figures_and_groups
from chalicelib.summaries.document import Summary
from chalicelib.summaries.month_document import date_text, docx_bytes, draft_bytes, figure_text, names_text, type_table
from chalicelib.summaries.narrative import summary_label
from chalicelib.summaries.parts import Completeness, ReviewCounts
from chalicelib.summaries.quality_files import quality_sheet
from chalicelib.summaries.registry import BY_TARGET, BY_TYPE, DAYS, HEADLINE, MONTH, ORGANISATION, TOTALS, registry_of

# The files of one compile: format → (file name in S3, download name pattern, content type).
FILES: dict[str, tuple[str, str, str]] = {
    "xlsx": (
        "summary.xlsx",
        "{label}双拥工作汇总.xlsx",
        XLSX,
    ),
    "csv": ("ledger.csv", "{label}双拥工作台账.csv", "text/csv; charset=utf-8"),
    "docx": (
        "report.docx",
        "{label}双拥工作情况.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "json": ("summary.json", "{label}双拥工作汇总.json", "application/json; charset=utf-8"),
}

LEDGER_HEADER = (
    "填报单位",
    "活动类型",
    "活动名称",
    "活动日期",
    "地点",
    "部队或对象",
    "参加人数",
    "走访对象",
    "数据",
    "金额（元）",
    "所属共建协议",
    "活动情况",
    "是否逾期",
    "填报时间",
    "报告编号",
)
LEDGER_WIDTHS = (18, 16, 30, 12, 20, 18, 10, 14, 40, 14, 24, 50, 10, 26, 38)
STATUS_TEXT = {
    "reported": "已报送",
    "nil": "本月无活动",
    "missing": "未报送",
    "pending": "未报（未到期）",
    "not_expected": "不需报送",
    "none": "期间无报告",
}
MONTH_COMPLETENESS = ("expected", "reported", "nil_reported", "missing", "pending", "on_time", "late")
REVIEW_KEYS = ("review.pending", "review.approved", "review.returned")
COUNTING_TEXT = {"not_returned": "除退回修改的报告外都计入", "approved": "只计入审核通过的报告"}


def choices_text(report: dict[str, Any]) -> str:
    """The report's choices as the 台账 shows them: "优抚项目：优待金；受益对象：军属" (a stored 优抚 report without
    a category reads as 其他, as the summary counts it)."""
    metrics = report.get("metrics") or {}
    parts = []
    for choice in ACTIVITY_TYPE_BY_CODE[report["activity_type"]].choices:
        value = metrics.get(choice.code) or choice.default
        if value:
            parts.append(f"{choice.label}：{dict(choice.options).get(value, value)}")
    return "；".join(parts)


def ledger_row(report: dict[str, Any], unit_names: dict[str, str], agreement_titles: dict[str, str]) -> list[Cell]:
    """One report as a 台账 row (the same row in the sheet and the CSV)."""
    values, groups = figures_and_groups(report)
    code = report["activity_type"]
    activity = ACTIVITY_TYPE_BY_CODE[code]
    money_figures = [f.code for f in activity.figures if f.kind is FigureKind.MONEY]
    shown = {f.code: to_yuan(values[f.code]) if f.code in money_figures else values[f.code] for f in activity.figures}
    targets = [VISIT_TARGETS.get(str(t), str(t)) for t, _ in groups]
    chosen = choices_text(report)
    agreement = report.get("agreement_id")
    return [
        unit_names.get(report["unit_id"], report["unit_id"]),
        short_label(code),
        report.get("title", ""),
        date.fromisoformat(report["occurred_on"]),
        report.get("location", ""),
        report.get("counterpart", ""),
        report.get("participants", 0),
        "、".join(targets),
        "；".join(filter(None, [chosen, figure_text(code, shown)])),
        to_yuan(sum(values[code] for code in money_figures)) if money_figures else None,
        agreement_titles.get(agreement, agreement) if agreement else "",
        report.get("description", ""),
        "是" if report.get("late") else "否",
        report.get("created_at", ""),
        report["report_id"],
    ]


class MonthFiles:
    """The month's files in `directory`, written as the reports stream past."""

    files = FILES
    ledger_header: tuple[str, ...] = LEDGER_HEADER
    ledger_widths: tuple[int, ...] = LEDGER_WIDTHS

    def __init__(self, directory: Path, unit_names: dict[str, str], agreement_titles: dict[str, str]) -> None:
        from chalicelib.files.spreadsheets import new_workbook

        self.directory = directory
        self.unit_names = unit_names
        self.agreement_titles = agreement_titles
        self.workbook = new_workbook()
        # Started in the order they appear; 台账 fills first, the others once the summary is known.
        self._start_sheets()
        self.ledger = start_sheet(self.workbook, "台账", self.ledger_header, self.ledger_widths)
        self._csv_file = (directory / self.files["csv"][0]).open("w", encoding="utf-8-sig", newline="")
        self._write_csv = csv_writer(self._csv_file, self.ledger_header)

    def _start_sheets(self) -> None:
        self.overview = start_sheet(self.workbook, "汇总", ["项目", "数值", "单位"], [34, 22, 10])
        self._start_figure_sheets()

    def _start_figure_sheets(self) -> None:
        self.per_unit = start_sheet(self.workbook, "分单位", *_unit_header())
        self.per_type = start_sheet(
            self.workbook, "分类型", ["活动类型", "活动数（项）", "参加人数（人次）", "逾期报告（项）", "主要数据"]
        )
        self.per_type.column_dimensions["A"].width = 20
        self.per_type.column_dimensions["E"].width = 60

    def row(self, report: dict[str, Any]) -> list[Cell]:
        """The report's 台账 row, written by `write`; UnreadableReport when the stored report cannot make one."""
        try:
            return ledger_row(report, self.unit_names, self.agreement_titles)
        except (KeyError, TypeError, ValueError) as error:
            raise UnreadableReport(f"报告 {report.get('report_id')} 无法写入台账：{error}") from None

    def write(self, row: list[Cell]) -> None:
        append_row(self.ledger, [money_cell(self.ledger, v) for v in row])
        self._write_csv(row)

    def finish(self, summary: Summary) -> dict[str, Path]:
        """Write the rest from the summary; answer the paths of every file, by format."""
        self._csv_file.close()
        self._fill(summary)
        quality_sheet(self.workbook, summary.get("quality") or [])  # last: the office's checklist
        paths = {fmt: self.directory / name for fmt, (name, _, _) in self.files.items()}
        with paths["xlsx"].open("wb") as target:
            save_workbook(self.workbook, target)
        paths["docx"].write_bytes(self._docx(summary))
        paths["json"].write_text(dumps(summary), encoding="utf-8")
        return paths

    def close(self) -> None:
        """Release what the files hold; after a failed compile, also the sheets' temporary files
        (openpyxl's write-only sheets stream to files of their own outside `directory`)."""
        if not self._csv_file.closed:
            self._csv_file.close()
        for sheet in self.workbook.worksheets:
            if not sheet.closed:
                sheet.close()
                writer = getattr(sheet, "_writer", None)  # openpyxl removes it only when it saves
                if writer is not None:
                    writer.cleanup()

    def _fill(self, summary: Summary) -> None:
        self._fill_overview(summary)
        self._fill_per_unit(summary)
        self._fill_per_type(summary)

    def _docx(self, summary: Summary) -> bytes:
        return docx_bytes(summary)

    def _fill_overview(self, summary: Summary) -> None:
        for label, value, unit in self._overview_rows(summary):
            append_row(self.overview, [label, money_cell(self.overview, value), unit])
        append_row(self.overview, [])
        append_row(self.overview, ["情况汇报"])
        for paragraph in summary["narrative"]:
            append_row(self.overview, [paragraph["text"]])

    def _overview_rows(self, summary: Summary) -> list[tuple[str, Any, str]]:
        done = cast(Completeness, summary["completeness"])  # a month's
        names = {key: names_text(done[key]) for key in ("missing_units", "pending_units", "nil_units", "late_units")}
        rows: list[tuple[str, Any, str]] = [
            ("月份", summary["month_label"], ""),
            ("报送截止日", date_text(summary["deadline"]), ""),
            *[MONTH.row(summary, figure.key) for figure in TOTALS],
            *[MONTH.row(summary, f"completeness.{key}") for key in MONTH_COMPLETENESS],
            ("未报送单位名单", names["missing_units"], ""),
            ("未报（未到期）单位名单", names["pending_units"], ""),
            ("本月无活动单位名单", names["nil_units"], ""),
            ("逾期报送单位名单", names["late_units"], ""),
        ]
        return rows + figures_and_review_rows(summary)

    def _fill_per_unit(self, summary: Summary) -> None:
        timely = {True: "按时", False: "逾期", None: ""}
        for unit in summary["by_unit"]:
            status = STATUS_TEXT[unit["status"]] + ("" if unit["active"] else "（不参加填报）")
            row: list[Any] = [unit["name"], status, timely[unit["on_time"]], unit["reports"], unit["participants"]]
            row.append(unit["reports_late"])
            row += [unit["by_type"].get(a.code, 0) for a in ACTIVITY_TYPES]
            for activity in ACTIVITY_TYPES:
                sums = unit["figures"].get(activity.code, {})
                row += [money_cell(self.per_unit, _zero(f, sums.get(f.code))) for f in activity.figures]
            append_row(self.per_unit, row)
        totals = summary["totals"]
        by_type = {r["activity_type"]: r for r in summary["by_type"]}
        row = ["合计", "", "", totals["reports"], totals["participants"], totals["reports_late"]]
        row += [by_type[a.code]["reports"] for a in ACTIVITY_TYPES]
        for activity in ACTIVITY_TYPES:
            row += [money_cell(self.per_unit, f["value"]) for f in by_type[activity.code]["figures"]]
        append_row(self.per_unit, row)

    def _fill_per_type(self, summary: Summary) -> None:
        for row in summary["by_type"]:
            figures = {f["code"]: f["value"] for f in row["figures"]}
            line = figure_text(row["activity_type"], figures)
            append_row(
                self.per_type,
                [short_label(row["activity_type"]), row["reports"], row["participants"], row["reports_late"], line],
            )
        totals = summary["totals"]
        append_row(self.per_type, ["合计", totals["reports"], totals["participants"], totals["reports_late"], ""])
        title = f"{summary_label(summary)}各类双拥活动数量"
        add_bar_chart(self.per_type, title, len(summary["by_type"]) + 1, "G2", (18, 11), horizontal=True)


class DaysFiles(MonthFiles):
    """The files of days that are not a month (a festival's window): the month's, without completeness."""

    def _overview_rows(self, summary: Summary) -> list[tuple[str, Any, str]]:
        rows: list[tuple[str, Any, str]] = [
            ("期间", summary["period_label"], ""),
            *[("日期段", f"{date_text(r['from'])}至{date_text(r['to'])}", "") for r in summary["ranges"]],
            ("统计截至", date_text(summary["as_of"]), ""),
            *[DAYS.row(summary, figure.key) for figure in TOTALS],
            ("报送情况", summary["completeness_note"], ""),
        ]
        return rows + figures_and_review_rows(summary)

    def _docx(self, summary: Summary) -> bytes:
        note = f"（{summary['county']}双拥办 · 草稿 · 据各成员单位报送汇总）"
        tables = [type_table("附表：分类型统计", summary)]
        title = f"{summary['period_label']}双拥工作情况"
        return draft_bytes(summary, title, note, [summary["completeness_note"] + "。"], tables)


def figures_and_review_rows(summary: Summary) -> list[tuple[str, Any, str]]:
    """The overview's rows after who reported: the figures, co-building, overdue tasks, the review, the reports
    left out."""
    registry = registry_of(summary)
    rows = figure_rows(summary)
    rows += [registry.row(summary, f"co_building.{key}") for key in ("active", "ending_soon", "reports")]
    overdue = summary.get("plan_overdue", [])
    if "plan_overdue.count" in registry.figures:
        rows.append(registry.row(summary, "plan_overdue.count"))
    rows += [(f"逾期任务：{t['title']}", f"{t['units']}（{t['window']}）", "") for t in overdue]
    rows += review_rows(summary)
    left_out = summary["unreadable"]
    rows += [(f"未能汇总的报告：{r['title']}", f"{r['unit_name']}：{r['reason']}", "") for r in left_out]
    return rows


def review_rows(summary: Summary) -> list[tuple[str, Any, str]]:
    """The office's review of the period's reports, as overview rows: which count, how many in each state, and
    each report returned for correction (left out of the figures and the 台账) with what to fix."""
    review: ReviewCounts | dict[str, Never] = summary.get("review") or {}  # {}: compiled before reviews
    rows: list[tuple[str, Any, str]] = [
        ("计入汇总的报告", COUNTING_TEXT.get(review.get("counting", "not_returned"), ""), ""),
        *[registry_of(summary).row(summary, key) for key in REVIEW_KEYS],
    ]
    returned = review.get("returned_reports", [])
    rows += [(f"退回修改：{r['title']}", f"{r['unit_name']}：{r['comment']}", "") for r in returned]
    return rows


def figure_rows(summary: Summary) -> list[tuple[str, Any, str]]:
    """The 情况汇报 blanks, every type's figures and every visit target's, as overview rows (label, value, unit)."""
    registry = registry_of(summary)
    head = summary["headline"]
    rows: list[tuple[str, Any, str]] = [registry.row(summary, figure.key) for figure in HEADLINE]
    rows.append(("走访慰问资金（万元）", head["visit_funds_text"], ""))
    rows += [registry.row(summary, figure.key) for figure in (*ORGANISATION, *BY_TYPE, *BY_TARGET)]
    return rows


def add_bar_chart(
    sheet: Any, title: str, last_row: int, anchor: str, size: tuple[int, int], horizontal: bool = False
) -> None:
    """A bar chart of column B (activities) by column A, rows 2 to `last_row`, placed at `anchor`."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.legend = None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.title = "活动数（项）"
    chart.width, chart.height = size
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=last_row), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last_row))
    sheet.add_chart(chart, anchor)


def _unit_header() -> tuple[list[str], list[int]]:
    header = ["单位", "填报情况", "是否按时", "报告数（项）", "参加人数（人次）", "逾期报告（项）"]
    header += [f"{short_label(a.code)}（项）" for a in ACTIVITY_TYPES]
    header += [f"{short_label(a.code)}·{f.label}（{f.unit}）" for a in ACTIVITY_TYPES for f in a.figures]
    return header, [22, 16, 10, 12, 16, 14] + [max(12, len(h) * 2) for h in header[6:]]


def _zero(figure: Any, value: Any) -> Any:
    if value is not None:
        return value
    return Decimal("0.00") if figure.kind is FigureKind.MONEY else 0


# --- the Word draft ------------------------------------------------------------------
