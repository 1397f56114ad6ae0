"""The year-to-date summary end to end on moto: a county's generated year, compiled through S3 → SQS
like a month, equal to a plain count of the reports stored, and its XLSX and DOCX opened and read."""

from __future__ import annotations

import io
import random
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import boto3
import pytest
import simplejson
from docx import Document
from openpyxl import load_workbook

from bench.data import report_bodies
from chalicelib.context import Context
from chalicelib.core.catalogue import ACTIVITY_TYPES
from tests.conftest import Api, SettableClock
from tests.helpers.summaries import EVERY_AREA, deliver, download, numbered_headings, submit, summary, visit
from tests.helpers.surveys import open_survey, respond, valid_answers
from tests.helpers.years import assert_year_counts, reports_of

UNITS = {"sifaju": "县司法局", "minzhengju": "县退役军人事务局", "jiaoyuju": "县教育局"}
MONTHS = [f"2026-{m:02d}" for m in range(1, 10)]  # the clock stands in September: January to September so far


def task(api: Api, heading: str, title: str, unit: str, window: str, kinds: list[str], **extra: Any) -> str:
    body = {"heading": heading, "title": title, "unit_ids": [unit], "window": window, "activity_types": kinds, **extra}
    answer = api.post("/plans/2026/tasks", body)
    assert answer.status == 201, answer.body
    return answer.json["task_id"]  # type: ignore[no-any-return]


@pytest.fixture
def year(api: Api, ctx: Context, clock: SettableClock) -> dict[str, str]:
    """A generated county year: three units reporting every type from January to August, some late,
    some months 本月无活动; a plan of five tasks, reports linked to three of them; an agreement."""
    clock.set("2026-01-05T09:00:00")
    for unit_id, name in UNITS.items():
        api.unit(unit_id, name)
    tokens = {unit_id: api.reporter(unit_id) for unit_id in UNITS}
    tasks = {
        "meeting": task(api, "组织领导", "召开双拥工作领导小组会议", "minzhengju", "3月", ["other"]),
        "lectures": task(
            api,
            "法律拥军",
            "送法进军营",
            "sifaju",
            "4月下旬至5月",
            ["legal_lecture"],
            target={"figure": "reports", "value": 2},
        ),
        "bayi": task(
            api,
            "拥军优属",
            "八一走访慰问驻区部队",
            "minzhengju",
            "八一前后",
            ["visit"],
            target={"figure": "households", "value": 16},
        ),
        "spring": task(api, "拥军优属", "春节前走访慰问", "minzhengju", "春节前", ["visit"]),
        "education": task(api, "宣传教育", "国防教育日活动", "jiaoyuju", "9月中旬", []),
    }
    agreement = {
        "title": "县司法局与73026部队法律服务共建协议",
        "unit_id": "sifaju",
        "military_unit": "73026部队",
        "signed_on": "2026-03-01",
        "valid_from": "2026-03-01",
        "valid_to": "2027-02-28",
    }
    agreement_id = api.post("/agreements", agreement).json["agreement_id"]
    rng = random.Random(20260801)
    for month in MONTHS[:8]:
        clock.set(f"{month}-28T10:00:00")
        bodies = report_bodies(len(ACTIVITY_TYPES), ["sifaju", "minzhengju"], month, seed=rng.randrange(1000))
        for unit, body in rng.sample(bodies, rng.randint(3, 7)):  # every type, over the months
            if unit == "sifaju" and rng.random() < 0.3:
                body["agreement_id"] = agreement_id
            for key in body["photos"]:  # as the phone uploads them
                ctx.bucket.put(key, b"\xff\xd8\xff\xd9", "image/jpeg")
            raw = simplejson.dumps(body, use_decimal=True, ensure_ascii=False).encode()
            assert api.post("/reports", raw=raw, token=tokens[unit]).status == 201
        if month in ("2026-02", "2026-05"):
            assert api.put(f"/units/jiaoyuju/months/{month}/nil-report", {}, token=tokens["jiaoyuju"]).status == 201
        if month == "2026-03":
            meeting = {"plan_task_id": tasks["meeting"], "occurred_on": "2026-03-12"}
            submit(api, tokens["minzhengju"], "other", {"attendees": 30}, **meeting)
        if month == "2026-05":
            lecture = {"attendees": 120, "materials": 300, "consultations": 18}
            submit(
                api,
                tokens["sifaju"],
                "legal_lecture",
                lecture,
                plan_task_id=tasks["lectures"],
                occurred_on="2026-05-08",
            )
        if month == "2026-08":
            troops = {"target": "troops", "households": 16, "persons": 80, "funds_yuan": Decimal("62000.00")}
            submit(api, tokens["minzhengju"], "visit", troops, plan_task_id=tasks["bayi"], occurred_on="2026-08-01")
    clock.set("2026-07-07T10:00:00")  # after June's deadline day (the 5th): late
    _, public = open_survey(api)
    for _ in range(3):
        assert respond(api, public, valid_answers()).status == 201
    submit(api, tokens["sifaju"], "mediation", {"disputes": 4, "resolved": 3}, occurred_on="2026-06-30")
    clock.set("2026-09-02T10:00:00")
    return tasks


def compile_all(api: Api, ctx: Context, aws: boto3.Session) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    for period in [*MONTHS, "2026"]:
        assert api.post(f"/summaries/{period}").status == 202
    deliver(ctx, aws)
    return summary(api, "2026"), [summary(api, month) for month in MONTHS]


def test_the_year_counts_every_report_the_county_stored(
    api: Api, ctx: Context, aws: boto3.Session, year: dict[str, str]
) -> None:
    found, months = compile_all(api, ctx, aws)
    assert found["status"] == "ready" and all(m["status"] == "ready" for m in months)
    assert found["year"] == "2026" and found["months"] == MONTHS
    stored = reports_of(lambda query: api.get(f"/reports?{query}").json, MONTHS)
    assert assert_year_counts(found, stored) > 80
    assert found["totals"]["reports"] > 30 and found["totals"]["reports_late"] == 1
    assert found["totals"]["units_reporting"] == 2
    assert [row["month_label"] for row in found["by_month"]] == [f"2026年{m}月" for m in range(1, 13)]
    assert [row["reports"] for row in found["by_month"][9:]] == [0, 0, 0]
    # compiled on 9月2日: August (due 9月5日) and September are not yet judged, January to July are
    done = found["completeness"]
    assert (done["months"], done["judged_through"], done["not_yet_due"]) == (7, "2026-07", ["2026-08", "2026-09"])
    assert done["nil_reported"] == 2
    jiaoyuju = next(row for row in found["by_unit"] if row["unit_id"] == "jiaoyuju")
    # 本月无活动 in February and May; nothing in January, March, April, June, July
    assert (jiaoyuju["status"], jiaoyuju["months_nil"], jiaoyuju["months_missing"]) == ("nil", 2, 5)


def test_the_year_carries_the_plans_progress_and_the_months_their_overdue_tasks(
    api: Api, ctx: Context, aws: boto3.Session, year: dict[str, str]
) -> None:
    found, months = compile_all(api, ctx, aws)
    plan = found["plan"]
    assert plan["counts"] == {"tasks": 5, "done": 2, "in_progress": 1, "not_started": 1, "overdue": 1}
    assert [h["heading"] for h in plan["headings"]] == ["组织领导", "法律拥军", "拥军优属", "宣传教育"]
    overdue = {m["month"]: [t["title"] for t in m["plan_overdue"]] for m in months}
    assert overdue["2026-01"] == []  # 春节前 runs to 2月16日
    assert overdue["2026-02"] == ["春节前走访慰问"] and overdue["2026-08"] == ["春节前走访慰问"]
    assert [row["plan_overdue"] for row in found["by_month"][:9]] == [0, 1, 1, 1, 1, 1, 1, 1, 1]
    august = {p["topic"]: p["text"] for p in months[7]["narrative"]}
    assert august["计划任务"] == (
        "截至2026年8月31日，年度计划中有1项任务时间已过、尚无活动报告：《春节前走访慰问》（县退役军人事务局，春节前）。"
    )
    assert (found["surveys"]["run"], found["surveys"]["responses"]) == (1, 3)
    assert found["surveys"]["items"][0]["title"] == "送法进军营法律需求调查问卷"
    co = found["co_building"]
    assert [a["title"] for a in co["signed"]] == ["县司法局与73026部队法律服务共建协议"] and co["ended"] == []
    assert co["active"] == 1 and co["as_of"] == "2026-09-02"
    topics = [p["topic"] for p in found["narrative"]]
    assert topics == [  # the county's areas in its order, whatever the plan's headings; every type was reported
        "总体情况",
        "组织领导",
        "宣传教育（含国防教育）",
        "拥军优属",
        "法律拥军",
        "军地共建",
        "退役军人服务",
        "其他工作",
        "各成员单位工作",
        "存在的问题",
        "下一步工作打算",
    ]
    text = {p["topic"]: p["text"] for p in found["narrative"]}
    assert text["总体情况"].startswith(f"2026年1月至9月，全县共有2个单位报送双拥活动{found['totals']['reports']}项")
    assert "年度双拥工作计划共5项任务，其中已完成2项、进行中1项、未开始1项、逾期未报1项。" in text["总体情况"]
    assert text["总体情况"].endswith("开展问卷调查1次，收回答卷3份。")
    assert f"走访慰问资金达{found['headline']['visit_funds_text']}" in text["拥军优属"]
    assert "进行中1项（《送法进军营》目标活动2次，已完成活动1次）" in text["法律拥军"]


def test_the_year_downloads_open_and_agree_with_the_months(
    api: Api, ctx: Context, aws: boto3.Session, year: dict[str, str]
) -> None:
    found, months = compile_all(api, ctx, aws)
    names = {fmt: link["filename"] for fmt, link in found["downloads"].items()}
    assert names == {
        "xlsx": "2026年双拥工作汇总.xlsx",
        "csv": "2026年双拥工作台账.csv",
        "docx": "2026年度双拥工作总结（草稿）.docx",
    }
    xlsx = download(found, "xlsx")
    assert f"filename*=UTF-8''{quote(names['xlsx'])}" in xlsx.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["汇总", "分月", "分单位", "分类型", "计划任务", "台账", "数据质量"]

    per_month = list(book["分月"].iter_rows(values_only=True))
    assert per_month[0][:4] == ("月份", "活动报告（项）", "参加人数（人次）", "逾期报告（项）")
    for row, month in zip(per_month[1:10], months, strict=True):
        head = month["headline"]
        assert row[0] == month["month_label"]
        assert row[1:4] == (
            month["totals"]["reports"],
            month["totals"]["participants"],
            month["totals"]["reports_late"],
        )
        assert row[4] == month["totals"]["units_reporting"] and row[5] == month["completeness"]["missing"]
        assert row[6:9] == (head["symposiums"], head["troop_visits"], head["beneficiary_households"])
        assert Decimal(str(row[9])) == head["visit_funds_yuan"] and row[10] == len(month["plan_overdue"])
    assert [row[1] for row in per_month[10:13]] == [0, 0, 0]
    total_row = per_month[13]
    assert total_row[0] == "合计" and total_row[1] == sum(m["totals"]["reports"] for m in months)
    assert total_row[2] == sum(m["totals"]["participants"] for m in months)
    assert Decimal(str(total_row[9])) == sum(m["headline"]["visit_funds_yuan"] for m in months)
    assert len(book["分月"]._charts) == 1 and len(book["分类型"]._charts) == 1

    overview = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert overview["年度"] == "2026年" and overview["统计期间"] == "2026年1月至9月"
    assert overview["活动报告"] == found["totals"]["reports"]
    assert Decimal(str(overview["走访慰问资金"])) == sum(m["headline"]["visit_funds_yuan"] for m in months)
    assert overview["走访慰问资金（万元）"] == found["headline"]["visit_funds_text"]
    assert overview["年度计划任务"] == 5 and overview["其中逾期未报"] == 1
    assert overview["当年新签订共建协议"] == 1 and overview["本月无活动"] == 2
    assert (overview["问卷调查"], overview["收回答卷"]) == (1, 3)

    plan_rows = {row[1]: row for row in book["计划任务"].iter_rows(min_row=2, values_only=True)}
    assert plan_rows["春节前走访慰问"][8] == "逾期未报" and plan_rows["春节前走访慰问"][3] == "春节前"
    assert plan_rows["送法进军营"][7] == "活动2次" and plan_rows["送法进军营"][8] == "进行中（活动1次）"
    assert plan_rows["八一走访慰问驻区部队"][8] == "已完成（走访户数16户）"
    assert plan_rows["八一走访慰问驻区部队"][4].date().isoformat() == "2026-07-25"
    assert book["台账"].max_row == found["totals"]["reports"] + 1
    per_type = {row[0]: row for row in book["分类型"].iter_rows(min_row=2, values_only=True)}
    assert per_type["合计"][1] == found["totals"]["reports"]

    document = Document(io.BytesIO(download(found, "docx").content))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "2026年度双拥工作总结"
    assert paragraphs[1] == "（本县双拥办 · 草稿 · 据各成员单位报送汇总，截至2026年9月2日）"
    assert numbered_headings(paragraphs) == [*EVERY_AREA, "八、各成员单位工作", "九、存在的问题", "十、下一步工作打算"]
    assert paragraphs[2].startswith("2026年1月至9月，全县共有2个单位报送双拥活动")  # the opening, unnumbered
    assert any(f"走访慰问资金达{found['headline']['visit_funds_text']}" in p for p in paragraphs)
    month_table = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert month_table[0] == ["月份", "活动数（项）", "参加人数（人次）", "走访慰问资金（元）"]
    assert [row[1] for row in month_table[1:10]] == [str(m["totals"]["reports"]) for m in months]
    assert month_table[-1][:2] == ["合计", str(found["totals"]["reports"])]
    plan_table = [[cell.text for cell in row.cells] for row in document.tables[2].rows]
    assert plan_table[0] == ["分类", "任务", "责任单位", "时间", "完成情况"]
    assert ["拥军优属", "春节前走访慰问", "县退役军人事务局", "春节前", "逾期未报"] in plan_table


def test_a_year_summary_turns_stale_when_a_report_or_the_plan_changes(
    api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock, year: dict[str, str]
) -> None:
    assert api.post("/summaries/2026").status == 202
    deliver(ctx, aws)
    assert summary(api, "2026")["status"] == "ready"
    edit = {
        "heading": "宣传教育",
        "title": "国防教育日活动",
        "unit_ids": ["jiaoyuju"],
        "window": "9月下旬",
        "version": 1,
    }
    assert api.put(f"/plans/2026/tasks/{year['education']}", edit).status == 200
    assert summary(api, "2026")["status"] == "stale"
    assert api.post("/summaries/2026").status == 202
    deliver(ctx, aws)
    assert summary(api, "2026")["status"] == "ready"
    submit(api, api.reporter("sifaju"), "other", {"attendees": 1}, occurred_on="2026-09-01")
    assert summary(api, "2026")["status"] == "stale"


def test_only_past_and_present_years_are_compiled(api: Api) -> None:
    assert api.post("/summaries/2027").status == 400  # the clock is in 2026
    assert api.get("/summaries/2025").status == 404
    assert api.post("/summaries/26").status == 400
    assert api.post("/summaries/2025").status == 202


def last_august(api: Api, clock: SettableClock) -> str:
    """县退役军人事务局 visits the troops on 2025-08-01 with 160,000 yuan; the clock stays that day."""
    clock.set("2025-08-01T09:00:00")
    api.unit("minzhengju", "县退役军人事务局")
    token = api.reporter("minzhengju")
    visit(api, token, "troops", 16, "160000", occurred_on="2025-08-01")
    return token


def test_the_year_stands_beside_the_same_months_of_last_years_stored_summary(
    api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock
) -> None:
    token = last_august(api, clock)
    submit(api, token, "other", {"attendees": 10}, occurred_on="2025-08-01")
    clock.set("2026-08-20T10:00:00")
    visit(api, token, "troops", 16, "203900", occurred_on="2026-08-01")
    submit(api, token, "organisation", {"kind": "leading_group", "meetings": 2}, occurred_on="2026-08-05")
    for period in ("2025", "2026"):  # last year's summary is stored first; this year's compile reads it
        assert api.post(f"/summaries/{period}").status == 202
        deliver(ctx, aws)
    found = summary(api, "2026")
    assert found["last_year"] == {
        "year": "2025",
        "period": "2025年1月至8月",
        "figures": {
            "reports": 2,
            "participants": 16,  # the visit's 6 and the other's 10
            "symposiums": 0,
            "troop_visits": 1,
            "beneficiary_households": 0,  # troops are not 优抚对象
            "visit_funds_yuan": Decimal("160000.00"),
        },
    }
    text = {p["topic"]: p["text"] for p in found["narrative"]}
    # (203,900 − 160,000) / 160,000 = 27.4375% → 27.4%
    assert text["总体情况"].startswith(
        "2026年1月至8月，全县共有1个单位报送双拥活动2项，参加16人次。与上年同期相比，报送双拥活动2项，与上年持平；"
        "参加16人次，与上年持平；走访驻军1次，与上年持平；走访慰问资金20.39万元，同比增长27.4%。"
    )

    document = Document(io.BytesIO(download(found, "docx").content))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[3:7] == [
        "一、组织领导",
        "全县共召开领导小组会议2次。",
        "二、拥军优属",
        "全县共走访驻军1次，走访慰问资金达20.39万元。其中：走访慰问驻军部队1次、16个单位，慰问金20.39万元。",
    ]
    units = paragraphs.index("三、各成员单位工作")
    assert paragraphs[units + 1 : units + 3] == [
        "县退役军人事务局：1月至8月报送活动2项，召开领导小组会议2次；走访驻军1次，走访慰问资金达20.39万元。",
        "按月统计，未报送的单位：县退役军人事务局（7个月）。",
    ]
    assert paragraphs[units + 3 : units + 7] == [
        "四、存在的问题",
        "（待县双拥办填写）",
        "五、下一步工作打算",
        "（待县双拥办填写）",
    ]

    book = load_workbook(io.BytesIO(download(found, "xlsx").content))
    overview = {row[0]: row[1:] for row in book["汇总"].iter_rows(values_only=True) if row and row[0]}
    assert overview["项目"] == ("本年", "上年", "增减（%）", "单位")
    assert overview["统计期间"] == ("2026年1月至8月", "2025年1月至8月", None, None)
    assert overview["活动报告"] == (2, 2, 0, "项")
    assert overview["走访驻军"] == (1, 1, 0, "次")
    assert overview["走访慰问资金"] == (203900, 160000, 27.4, "元")
    assert overview["走访慰问·活动数"] == (1, None, None, "项")  # 2025 was compiled whole: only the months' rows match
    assert overview["组织领导·领导小组会议"] == (2, None, None, "次")


def test_a_year_turns_stale_when_the_year_before_is_compiled_from_other_reports(
    api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock
) -> None:
    token = last_august(api, clock)
    clock.set("2026-08-20T10:00:00")
    visit(api, token, "troops", 16, "203900", occurred_on="2026-08-01")

    def compile_year(year: str) -> None:
        assert api.post(f"/summaries/{year}").status == 202
        deliver(ctx, aws)

    compile_year("2026")
    assert summary(api, "2026")["last_year"] is None  # 2025 has no summary yet
    compile_year("2025")
    assert summary(api, "2026")["status"] == "stale"  # its 同比 can now be written
    compile_year("2026")
    assert summary(api, "2026")["last_year"]["figures"]["visit_funds_yuan"] == Decimal("160000.00")
    compile_year("2025")  # the same reports again: the same compile
    assert summary(api, "2026")["status"] == "ready"

    clock.set("2025-08-03T10:00:00")
    visit(api, token, "troops", 4, "40000", occurred_on="2025-08-02")
    clock.set("2026-08-21T10:00:00")
    assert summary(api, "2026")["status"] == "ready"  # 2025's summary is stale, this year's 同比 still what it was
    compile_year("2025")
    assert summary(api, "2026")["status"] == "stale"
    compile_year("2026")
    found = summary(api, "2026")
    assert found["status"] == "ready"
    assert found["last_year"]["figures"]["visit_funds_yuan"] == Decimal("200000.00")  # 160,000 + 40,000
