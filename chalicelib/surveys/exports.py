"""A survey's results as JSON, and as files: XLSX (results with a chart per choice question, and the
raw responses) and CSV (either table), written to S3 and answered as short-lived links.

The responses are read page by page and never held all at once: one pass for the
figures, one more for the raw sheet. openpyxl is imported only inside the XLSX
functions; every cell passes through `spreadsheets.safe`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, cast

from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.dates import local_now
from chalicelib.core.errors import NotFound
from chalicelib.files.bucket import PublishedFile, filename, survey_key
from chalicelib.files.spreadsheets import XLSX, Cell, add_sheet, csv_bytes, new_workbook, workbook_bytes
from chalicelib.surveys import service as surveys
from chalicelib.surveys.models import QUESTION_TYPES
from chalicelib.surveys.records import (
    QuestionRecord,
    ResponseRecord,
    SurveyRecord,
    SurveyTally,
    VersionRecord,
)
from chalicelib.surveys.results import YES_NO, TextLimit, tally

# The JSON results list at most 500 text answers a question and a million characters in all
# (an API answer stays well under Lambda's 6 MB); the files list every answer.
JSON_TEXT_LIMIT = TextLimit(per_question=500, characters=1_000_000)
RESULT_HEADER = ("题号", "题目", "题型", "选项或取值", "人数", "百分比（%）")
RESULT_WIDTHS = (10, 40, 14, 40, 10, 12)
RESPONSE_LEAD = ("答卷编号", "题目版本", "提交时间")
CHART_ROWS = 16  # a chart is about 15 rows high: a charted question takes at least this many rows
CHARTS = {"single_choice": "pie", "yes_no": "pie", "multiple_choice": "bar", "rating": "col"}
CSV = "text/csv; charset=utf-8"
KINDS = {
    "results.xlsx": ("统计结果", ".xlsx", XLSX),
    "results.csv": ("统计结果", ".csv", CSV),
    "responses.csv": ("原始答卷", ".csv", CSV),
}


def _versions(ctx: Context, survey: SurveyRecord) -> dict[int, list[QuestionRecord]]:
    frozen = {
        v["version"]: v["questions"] for v in cast(list[VersionRecord], ctx.store.surveys.versions(survey["survey_id"]))
    }
    return frozen or {survey["version"]: survey["questions"]}


def _figures(ctx: Context, survey: SurveyRecord, text_limit: TextLimit | None) -> SurveyTally:
    counted = tally(
        _versions(ctx, survey),
        survey["version"],
        cast(Iterator[ResponseRecord], ctx.store.surveys.responses(survey["survey_id"])),
        text_limit,
    )
    return {
        "survey_id": survey["survey_id"],
        "title": survey["title"],
        "state": surveys.state(survey, local_now(ctx.clock)),
        "version": survey["version"],
        **counted,
    }


def results(ctx: Context, principal: Principal, survey_id: str) -> SurveyTally:
    return _figures(ctx, surveys.load(ctx, principal, survey_id), JSON_TEXT_LIMIT)


def download(ctx: Context, principal: Principal, survey_id: str, kind: str) -> PublishedFile:
    """Render the file, put it in the bucket, answer its link."""
    if kind not in KINDS:
        raise NotFound("没有这种下载格式")
    survey = surveys.load(ctx, principal, survey_id)
    what, suffix, content_type = KINDS[kind]
    if kind == "results.xlsx":
        data = results_workbook(_figures(ctx, survey, None), *_response_table(ctx, survey))
    elif kind == "results.csv":
        data = csv_bytes(
            RESULT_HEADER,
            (row for section in result_sections(_figures(ctx, survey, None)) for row in [*section.rows, []]),
        )
    else:
        header, rows = _response_table(ctx, survey)
        data = csv_bytes(header, rows)
    name = filename(survey["title"], what, suffix=suffix)
    return ctx.bucket.publish(survey_key(ctx.org, survey_id, f"exports/{kind}"), data, name, content_type)


# --- the results table ---------------------------------------------------------------


@dataclass
class Section:
    """One question's rows; `chart` names the chart of rows `first`..`last` (0-based within rows)."""

    rows: list[list[Cell]] = field(default_factory=list)
    chart: str | None = None
    first: int = 1
    last: int = 0


def _line(label: str, count: Any, share: Any = None) -> list[Cell]:
    return ["", "", "", label, count, share]


def result_sections(figures: SurveyTally) -> list[Section]:
    sections = [Section([["", figures["title"], "", "答卷总数", figures["responses"], None]])]
    for question in figures["questions"]:
        label = question["label"]
        if not question["current"]:
            label += f"（第{'、'.join(str(v) for v in question['versions'])}版的题目，现已修改或删除）"
        section = Section(
            [[question["question_id"], label, QUESTION_TYPES[question["type"]], "作答人数", question["answered"], None]]
        )
        listed = question.get("options") or question.get("distribution") or []
        section.rows.extend(_line(row["label"], row["count"], row["percent"]) for row in listed)
        if listed and question["type"] in CHARTS:
            section.chart, section.last = CHARTS[question["type"]], len(listed)
        key: Literal["mean", "min", "max", "median", "earliest", "latest"]
        for key, title in (
            ("mean", "平均值"),
            ("min", "最小值"),
            ("max", "最大值"),
            ("median", "中位数"),
            ("earliest", "最早"),
            ("latest", "最晚"),
        ):
            if question.get(key) is not None:
                section.rows.append(_line(title, question[key]))
        section.rows.extend(_line(text, None) for text in question.get("answers") or [])
        sections.append(section)
    return sections


def results_workbook(figures: SurveyTally, response_header: list[str], responses: Iterator[list[Cell]]) -> bytes:
    from openpyxl.chart import BarChart, PieChart, Reference

    book = new_workbook()
    rows: list[list[Cell]] = []
    charts: list[tuple[Section, int]] = []
    for section in result_sections(figures):
        start = len(rows) + 2  # the sheet's row of the section's first row, below the header
        rows.extend(section.rows)
        if section.chart:
            charts.append((section, start))
            rows.extend([] for _ in range(CHART_ROWS - len(section.rows)))
        rows.append([])
    sheet = add_sheet(book, "统计结果", RESULT_HEADER, rows, RESULT_WIDTHS)
    for section, start in charts:
        chart = PieChart() if section.chart == "pie" else BarChart()
        if isinstance(chart, BarChart):
            chart.type = section.chart
            chart.legend = None
        chart.title = str(section.rows[0][1])[:60]
        first, last = start + section.first, start + section.last
        chart.add_data(Reference(sheet, min_col=5, min_row=first, max_row=last), titles_from_data=False)
        chart.set_categories(Reference(sheet, min_col=4, min_row=first, max_row=last))
        chart.height, chart.width = 7.5, 14
        sheet.add_chart(chart, f"H{start}")
    add_sheet(book, "原始答卷", response_header, responses)
    return workbook_bytes(book)


# --- the raw responses ---------------------------------------------------------------


def _response_table(ctx: Context, survey: SurveyRecord) -> tuple[list[str], Iterator[list[Cell]]]:
    versions = _versions(ctx, survey)
    columns: dict[str, str] = {}
    for version in sorted(versions, key=lambda v: (v != survey["version"], -v)):
        for question in versions[version]:
            columns.setdefault(question["id"], f"{question['id']} {question['label']}")
    by_version = {v: {q["id"]: q for q in questions} for v, questions in versions.items()}

    def rows() -> Iterator[list[Cell]]:
        for response in cast(Iterator[ResponseRecord], ctx.store.surveys.responses(survey["survey_id"])):
            questions = by_version.get(response["version"], {})
            answers = response["answers"]
            cells = [_cell(questions.get(qid), answers.get(qid)) for qid in columns]
            yield [
                response["response_id"],
                response["version"],
                response["submitted_at"][:16].replace("T", " "),
                *cells,
            ]

    return [*RESPONSE_LEAD, *columns.values()], rows()


def _cell(question: QuestionRecord | None, value: Any) -> Cell:
    if question is None or value is None:
        return None
    kind = question["type"]
    if kind in ("single_choice", "multiple_choice"):
        labels: dict[str, str] = {option["value"]: option["label"] for option in question["options"]}
        chosen = value if isinstance(value, list) else [value]
        return "；".join(labels.get(str(code), str(code)) for code in chosen)
    if kind == "yes_no":
        return dict(YES_NO)[bool(value)]
    if kind == "date":
        return date.fromisoformat(value)
    return value
