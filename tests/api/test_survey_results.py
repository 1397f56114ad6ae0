"""A survey's figures, checked against numbers worked out by hand, and the files that carry them."""

from __future__ import annotations

import copy
import io
import zipfile
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from openpyxl import load_workbook

from chalicelib.context import Context
from chalicelib.surveys.results import tally
from tests.conftest import Api
from tests.helpers.surveys import QUESTIONS, SURVEY, open_survey, valid_answers

FORMULA = "=SUM(A1:A9)"
# Four respondents answer version 1 (response ids chosen so the raw sheet's order is known).
V1_ANSWERS: list[dict[str, Any]] = [
    valid_answers(),
    valid_answers(topics=["fraud"], advice=FORMULA, age=30, satisfaction=4, consulted=True),
    {"need": "marriage", "topics": ["family", "veterans"], "age": 19, "satisfaction": 4, "consulted": True},
    {"need": "contract", "satisfaction": 2},
]


def rid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


@pytest.fixture
def answered(api: Api) -> dict[str, Any]:
    """The survey after four answers to version 1, a change of question `need` and one answer to version 2."""
    opened, public = open_survey(api)
    for n, answers in enumerate(V1_ANSWERS, start=1):
        assert api.post(f"{public}/responses", {"response_id": rid(n), "answers": answers}, token=None).status == 201
    questions = copy.deepcopy(QUESTIONS)
    questions[0]["options"].append({"value": "inheritance", "label": "继承纠纷"})
    questions = [q for q in questions if q["id"] != "advice"]
    assert api.put(f"/surveys/{opened['survey_id']}", {**SURVEY, "questions": questions}).json["version"] == 2
    v2 = {"need": "inheritance", "satisfaction": 1}
    assert api.post(f"{public}/responses", {"response_id": rid(5), "answers": v2}, token=None).status == 201
    return opened


def _by_block(results: dict[str, Any]) -> dict[tuple[str, bool], dict[str, Any]]:
    return {(q["question_id"], q["current"]): q for q in results["questions"]}


def _shares(rows: list[dict[str, Any]]) -> list[tuple[str, int, str]]:
    return [(r["label"], r["count"], str(r["percent"])) for r in rows]


def test_the_results_give_counts_percentages_means_and_distributions(api: Api, answered: dict[str, Any]) -> None:
    results = api.get(f"/surveys/{answered['survey_id']}/results")
    assert results.status == 200
    figures = results.json
    assert figures["responses"] == 5 and figures["version"] == 2
    blocks = _by_block(figures)
    order = [(q["question_id"], q["current"]) for q in figures["questions"]]
    assert order == [
        ("need", True),
        ("topics", True),
        ("age", True),
        ("satisfaction", True),
        ("consulted", True),
        ("enlisted", True),
        ("need", False),
        ("advice", False),
    ]
    # `need` gained an option in version 2: its answers are counted apart per version
    need_now, need_then = blocks[("need", True)], blocks[("need", False)]
    assert (need_now["versions"], need_now["responses"], need_now["answered"]) == ([2], 1, 1)
    assert _shares(need_now["options"]) == [
        ("婚姻家庭", 0, "0.0"),
        ("劳动争议", 0, "0.0"),
        ("合同纠纷", 0, "0.0"),
        ("继承纠纷", 1, "100.0"),
    ]
    assert (need_then["versions"], need_then["answered"], need_then["skipped"]) == ([1], 4, 0)
    assert _shares(need_then["options"]) == [("婚姻家庭", 1, "25.0"), ("劳动争议", 2, "50.0"), ("合同纠纷", 1, "25.0")]
    # unchanged questions are counted across both versions; percentages are of those who answered
    topics = blocks[("topics", True)]
    assert (topics["versions"], topics["responses"], topics["answered"], topics["skipped"]) == ([1, 2], 5, 3, 2)
    assert _shares(topics["options"]) == [
        ("民法典", 1, "33.3"),
        ("防范电信诈骗", 2, "66.7"),
        ("家事纠纷", 1, "33.3"),
        ("退役安置政策", 1, "33.3"),
    ]
    satisfaction = blocks[("satisfaction", True)]
    assert satisfaction["answered"] == 5 and satisfaction["mean"] == 3.2  # (5+4+4+2+1)/5
    assert _shares(satisfaction["distribution"]) == [
        ("1分", 1, "20.0"),
        ("2分", 1, "20.0"),
        ("3分", 0, "0.0"),
        ("4分", 2, "40.0"),
        ("5分", 1, "20.0"),
    ]
    age = blocks[("age", True)]
    assert (age["answered"], age["mean"], age["min"], age["max"], age["median"]) == (3, 24, 19, 30, 23)
    assert _shares(age["distribution"]) == [("19", 1, "33.3"), ("23", 1, "33.3"), ("30", 1, "33.3")]
    assert _shares(blocks[("consulted", True)]["options"]) == [("是", 2, "66.7"), ("否", 1, "33.3")]
    enlisted = blocks[("enlisted", True)]
    assert (enlisted["earliest"], enlisted["latest"]) == ("2021-09-10", "2021-09-10")
    assert _shares(enlisted["distribution"]) == [("2021-09-10", 2, "100.0")]
    advice = blocks[("advice", False)]
    assert sorted(advice["answers"]) == sorted(["希望多讲案例", FORMULA]) and advice["more_answers"] == 0
    assert (advice["responses"], advice["skipped"]) == (4, 2)
    assert b'"mean":3.20' in results.body  # exact decimals, two places


def test_numbers_are_grouped_into_ranges_and_the_median_of_an_even_count_is_the_middle_mean() -> None:
    question = {"id": "n", "type": "number", "label": "数", "required": False, "integer": False}
    many = [{"version": 1, "answers": {"n": value}} for value in range(1, 101)]  # 1..100
    figures = tally({1: [question]}, 1, many)["questions"][0]
    assert (figures["mean"], figures["median"], figures["min"], figures["max"]) == (
        Decimal("50.50"),
        Decimal("50.5"),
        1,
        100,
    )
    ranges = figures["distribution"]
    assert len(ranges) == 10 and sum(r["count"] for r in ranges) == 100
    assert (ranges[0]["label"], ranges[0]["count"]) == ("1–10.9", 10)
    assert (ranges[-1]["label"], ranges[-1]["count"]) == ("90.1–100", 10)
    few = tally({1: [question]}, 1, [{"version": 1, "answers": {"n": v}} for v in (Decimal("2.5"), 4, 4, 10)])
    assert few["questions"][0]["median"] == 4 and few["questions"][0]["mean"] == Decimal("5.13")  # 20.5/4


def test_many_dates_are_counted_by_month_and_nothing_answered_gives_zeros() -> None:
    question = {"id": "d", "type": "date", "label": "日期", "required": False}
    days = [f"2026-{m:02d}-{d:02d}" for m in (7, 8) for d in range(1, 12)]  # 22 distinct days
    figures = tally({1: [question]}, 1, [{"version": 1, "answers": {"d": day}} for day in days])["questions"][0]
    assert _shares(figures["distribution"]) == [("2026-07", 11, "50.0"), ("2026-08", 11, "50.0")]
    rating = {"id": "r", "type": "rating", "label": "评分", "required": False}
    empty = tally({1: [rating]}, 1, [{"version": 1, "answers": {}}])["questions"][0]
    assert empty["mean"] is None and empty["skipped"] == 1
    assert [str(r["percent"]) for r in empty["distribution"]] == ["0.0"] * 5


def _download(api: Api, ctx: Context, survey_id: str, kind: str) -> tuple[dict[str, Any], bytes]:
    answer = api.get(f"/surveys/{survey_id}/{kind}")
    assert answer.status == 200, answer.body
    link = answer.json
    stored = ctx.bucket.client.get_object(
        Bucket=ctx.config.bucket_name, Key=f"surveys/county/{survey_id}/exports/{kind}"
    )
    return link, stored["Body"].read()


def test_the_workbook_has_the_results_with_a_chart_per_choice_question_and_the_raw_responses(
    api: Api, ctx: Context, answered: dict[str, Any]
) -> None:
    link, data = _download(api, ctx, answered["survey_id"], "results.xlsx")
    assert link["filename"] == "送法进军营法律需求调查问卷-统计结果.xlsx"
    assert link["content_type"].endswith("spreadsheetml.sheet") and link["expires_in"] == 900
    disposition = parse_qs(urlparse(link["url"]).query)["response-content-disposition"][0]
    assert disposition.startswith('attachment; filename="') and "filename*=UTF-8''%E9%80%81" in disposition

    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["统计结果", "原始答卷"]
    sheet = book["统计结果"]
    assert [c.value for c in sheet[1]] == ["题号", "题目", "题型", "选项或取值", "人数", "百分比（%）"]
    assert [c.value for c in sheet[2]][1:5] == ["送法进军营法律需求调查问卷", None, "答卷总数", 5]
    assert [c.value for c in sheet[4]][:5] == ["need", "您最需要哪类法律帮助？", "单选题", "作答人数", 1]
    assert [[c.value for c in row][3:6] for row in sheet.iter_rows(min_row=5, max_row=8)] == [
        ["婚姻家庭", 0, 0],
        ["劳动争议", 0, 0],
        ["合同纠纷", 0, 0],
        ["继承纠纷", 1, 100],
    ]
    assert sheet["A21"].value == "topics" and sheet["E21"].value == 3  # the charted block took 16 rows, then a gap
    assert [sheet.cell(row=r, column=4).value for r in range(22, 26)] == [
        "民法典",
        "防范电信诈骗",
        "家事纠纷",
        "退役安置政策",
    ]
    assert sheet["F23"].value == 66.7
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2) if row[0].value}
    assert rows["advice"][1].value.startswith("其他意见和建议（第1版的题目")
    texts = [row[3].value for row in sheet.iter_rows() if row[3].value and "SUM(" in str(row[3].value)]
    assert texts == ["'" + FORMULA]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    charts = sorted(name for name in zipfile.ZipFile(io.BytesIO(data)).namelist() if name.startswith("xl/charts/"))
    assert charts == [f"xl/charts/chart{n}.xml" for n in range(1, 6)]  # need ×2, topics, satisfaction, consulted
    first_chart = zipfile.ZipFile(io.BytesIO(data)).read("xl/charts/chart1.xml").decode()
    assert "<pieChart>" in first_chart and "'统计结果'!$E$5:$E$8" in first_chart
    assert "'统计结果'!$D$5:$D$8" in first_chart
    assert len(sheet._charts) == 5

    raw = book["原始答卷"]
    assert [c.value for c in raw[1]] == [
        "答卷编号",
        "题目版本",
        "提交时间",
        "need 您最需要哪类法律帮助？",
        "topics 希望下次讲座讲哪些内容？",
        "age 您的年龄",
        "satisfaction 您对本次送法进军营活动的满意程度",
        "consulted 您是否曾咨询过法律援助？",
        "enlisted 入伍日期",
        "advice 其他意见和建议",
    ]
    assert [c.value for c in raw[2]] == [
        rid(1),
        1,
        "2026-08-20 10:00",
        "劳动争议",
        "民法典；防范电信诈骗",
        23,
        5,
        "否",
        datetime(2021, 9, 10),
        "希望多讲案例",
    ]
    assert raw["J3"].value == "'" + FORMULA and raw["J3"].data_type == "s"
    assert [c.value for c in raw[5]][3:10] == ["合同纠纷", None, None, 2, None, None, None]
    assert [c.value for c in raw[6]][:5] == [rid(5), 2, "2026-08-20 10:00", "继承纠纷", None]
    assert raw.max_row == 6


def test_the_csv_files_carry_a_bom_and_neutralised_text(api: Api, ctx: Context, answered: dict[str, Any]) -> None:
    link, data = _download(api, ctx, answered["survey_id"], "responses.csv")
    assert link["filename"] == "送法进军营法律需求调查问卷-原始答卷.csv" and link["content_type"].startswith("text/csv")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("答卷编号,题目版本,提交时间,need 您最需要哪类法律帮助？")
    assert lines[1] == f"{rid(1)},1,2026-08-20 10:00,劳动争议,民法典；防范电信诈骗,23,5,否,2021-09-10,希望多讲案例"
    assert lines[2].endswith(",'=SUM(A1:A9)")
    _, figures = _download(api, ctx, answered["survey_id"], "results.csv")
    assert figures.startswith(b"\xef\xbb\xbf")
    text = figures.decode("utf-8-sig")
    assert ",,,劳动争议,2,50.0\r\n" in text and ",,,平均值,3.20,\r\n" in text
    assert ",'=SUM(A1:A9)" in text and ",=SUM" not in text
    assert api.get(f"/surveys/{answered['survey_id']}/results.pdf").status in (403, 404)


def test_a_draft_has_empty_results_and_files(api: Api, ctx: Context) -> None:
    survey = api.post("/surveys", SURVEY).json
    results = api.get(f"/surveys/{survey['survey_id']}/results").json
    assert results["responses"] == 0 and results["state"] == "draft"
    assert all(q["answered"] == 0 for q in results["questions"])
    _, data = _download(api, ctx, survey["survey_id"], "results.xlsx")
    assert load_workbook(io.BytesIO(data))["原始答卷"].max_row == 1


def test_the_json_lists_text_answers_within_a_per_question_and_a_total_budget() -> None:
    from chalicelib.surveys.results import TextLimit

    questions = [
        {"id": f"t{i}", "type": "text", "label": "意见", "required": False, "max_length": 2000} for i in range(2)
    ]
    responses = [{"version": 1, "answers": {"t0": "甲" * 10, "t1": "乙" * 10}} for _ in range(5)]
    limit = TextLimit(per_question=3, characters=45)
    first, second = tally({1: questions}, 1, responses, limit)["questions"]
    assert (len(first["answers"]), first["more_answers"]) == (3, 2)  # 3 a question
    assert (len(second["answers"]), second["more_answers"]) == (1, 4)  # 45 characters in all: 30 + 10
    assert limit.characters == 45  # the caller's limit is not spent
    everything = tally({1: questions}, 1, responses)["questions"][0]
    assert len(everything["answers"]) == 5 and everything["more_answers"] == 0
