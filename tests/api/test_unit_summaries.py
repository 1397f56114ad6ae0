"""A unit's own summary (issue 28) end to end on moto: asked for by the unit's reporter, compiled through S3 → SQS
by the county's compile with a unit filter, its year DOCX read paragraph by paragraph in the unit's voice, its
台账 read cell by cell, another unit's reporter refused, and every unit's year adding up to the county's."""

from __future__ import annotations

import io
import json
import random
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import boto3
import pytest
import simplejson
from docx import Document
from openpyxl import load_workbook

from bench.data import report_bodies
from chalicelib.context import Context
from tests.conftest import Api, SettableClock, report_body
from tests.helpers.summaries import deliver, download, submit, summary

UNITS = {"sifaju": "县司法局", "minzhengju": "县退役军人事务局", "jiaoyuju": "县教育局"}
LECTURE = {"attendees": 120, "materials": 300, "consultations": 18}


def unit_summary(api: Api, unit_id: str, period: str, token: str | None = None) -> dict[str, Any]:
    answer = api.get(f"/units/{unit_id}/summaries/{period}", **({"token": token} if token else {}))
    assert answer.status == 200, answer.body
    return json.loads(answer.body, parse_float=Decimal)  # type: ignore[no-any-return]


@pytest.fixture
def county(api: Api, ctx: Context, clock: SettableClock) -> dict[str, Any]:
    """县司法局's year by hand (a meeting, a lecture under its plan task and its agreement, legal aid, a visit with
    photos); 县退役军人事务局's generated over January to August; 县教育局 本月无活动 in March. The clock then
    stands in January 2027: the whole year is due."""
    clock.set("2026-03-02T09:00:00")
    for unit_id, name in UNITS.items():
        api.unit(unit_id, name)
    tokens = {unit_id: api.reporter(unit_id) for unit_id in UNITS}
    lectures = {
        "heading": "法律拥军",
        "title": "送法进军营",
        "unit_ids": ["sifaju"],
        "lead_unit_ids": ["sifaju"],
        "window": "4月下旬至5月",
        "activity_types": ["legal_lecture"],
        "target": {"figure": "reports", "value": 1},
    }
    task_id = api.post("/plans/2026/tasks", lectures).json["task_id"]
    agreement = {
        "title": "法律服务共建协议",
        "unit_id": "sifaju",
        "military_unit": "73026部队",
        "signed_on": "2026-03-01",
        "valid_from": "2026-03-01",
        "valid_to": "2027-02-28",
    }
    agreement_id = api.post("/agreements", agreement).json["agreement_id"]
    mine = tokens["sifaju"]
    clock.set("2026-03-12T10:00:00")
    meeting = submit(
        api, mine, "organisation", {"meetings": 1, "kind": "leading_group"}, title="召开双拥工作领导小组会议",
        occurred_on="2026-03-10", participants=15, counterpart="双拥工作领导小组",
    )  # fmt: skip
    assert api.put("/units/jiaoyuju/months/2026-03/nil-report", {}, token=tokens["jiaoyuju"]).status == 201
    clock.set("2026-05-09T10:00:00")
    lecture = submit(
        api, mine, "legal_lecture", LECTURE, title="送法进军营法治讲座", occurred_on="2026-05-08",
        participants=120, plan_task_id=task_id, agreement_id=agreement_id,
    )  # fmt: skip
    clock.set("2026-06-16T10:00:00")
    aid = {"cases": 2, "beneficiaries": 3, "recovered_yuan": Decimal("15000.50")}
    legal_aid = submit(
        api, mine, "legal_aid", aid, title="为军属提供法律援助", occurred_on="2026-06-15", participants=3,
        counterpart="军属",
    )  # fmt: skip
    clock.set("2026-08-02T10:00:00")
    photos = [
        "photos/county/sifaju/2026-08/a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1.jpg",
        "photos/county/sifaju/2026-08/b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2.jpg",
    ]
    for key in photos:  # as the phone uploads them
        ctx.bucket.put(key, b"\xff\xd8\xff\xd9", "image/jpeg")
    troops = {"target": "troops", "households": 1, "persons": 20, "funds_yuan": Decimal("5000")}
    visit = submit(
        api, mine, "visit", troops, title="八一走访慰问驻军", occurred_on="2026-08-01", participants=6,
        photos=photos,
    )  # fmt: skip
    rng = random.Random(28)
    for month in [f"2026-{m:02d}" for m in range(1, 9)]:
        clock.set(f"{month}-27T10:00:00")
        for _, body in report_bodies(4, ["minzhengju"], month, seed=rng.randrange(1000)):
            for key in body["photos"]:
                ctx.bucket.put(key, b"\xff\xd8\xff\xd9", "image/jpeg")
            raw = simplejson.dumps(body, use_decimal=True, ensure_ascii=False).encode()
            assert api.post("/reports", raw=raw, token=tokens["minzhengju"]).status == 201
    clock.set("2027-01-10T10:00:00")
    return {
        "tokens": tokens,
        "reports": {"meeting": meeting, "lecture": lecture, "legal_aid": legal_aid, "visit": visit},
        "agreement_id": agreement_id,
    }


def test_a_units_year_summary_is_its_own_in_its_voice(
    api: Api, ctx: Context, aws: boto3.Session, county: dict[str, Any]
) -> None:
    mine = county["tokens"]["sifaju"]
    notes = {
        "version": 0,
        "problems": "部分活动照片留存不全。",
        "next_steps": "继续开展送法进军营活动。\n做好八一走访慰问。",
        "areas": {"legal": "我局把法律拥军作为服务部队的重点。"},
    }
    written = api.put("/units/sifaju/summaries/2026/notes", notes, token=mine)
    assert written.status == 200, written.body
    assert (written.json["version"], written.json["unit_id"]) == (1, "sifaju")
    assert api.put("/units/sifaju/summaries/2026/notes", notes, token=mine).status == 200  # the same again
    assert api.put("/units/sifaju/summaries/2026/notes", {**notes, "problems": "另写"}, token=mine).status == 409
    assert api.get("/summaries/2026/notes").json["version"] == 0  # the office's own are apart

    asked = api.post("/units/sifaju/summaries/2026", token=mine)
    assert asked.status == 202, asked.body
    assert (asked.json["unit_id"], asked.json["status"]) == ("sifaju", "compiling")
    assert api.get("/summaries/2026").status == 404  # the county's summary is not asked for by it
    deliver(ctx, aws)
    found = unit_summary(api, "sifaju", "2026", mine)

    assert (found["status"], found["unit"]) == ("ready", {"unit_id": "sifaju", "name": "县司法局"})
    assert found["totals"]["reports"] == 4 and found["totals"]["participants"] == 15 + 120 + 3 + 6
    assert [row["unit_id"] for row in found["by_unit"]] == ["sifaju"]
    # its months: reported in March, May, June and August; the six others since it was registered missed
    done = found["completeness"]
    # registered on 2 March: expected from March, ten months
    assert (done["months"], done["expected"], done["reported"], done["missing"], done["nil_reported"]) == (
        12, 10, 4, 6, 0
    )  # fmt: skip
    assert [t["title"] for t in found["plan"]["tasks"]] == ["送法进军营"]
    assert found["plan"]["tasks"][0]["progress"]["state"] == "done"
    assert [a["title"] for a in found["activities"]] == [
        "召开双拥工作领导小组会议", "送法进军营法治讲座", "为军属提供法律援助", "八一走访慰问驻军"
    ]  # fmt: skip
    assert found["downloads"]["docx"]["filename"] == "县司法局2026年度双拥工作总结（草稿）.docx"
    trail = api.get("/audit?month=2027-01&limit=10").json["items"]
    assert [(e["action_label"], e["record_name"], e["person"]) for e in trail[:2]] == [
        ("申请单位汇总", "县司法局 2026年汇总", "填报员（县司法局）"),
        ("修改单位年度总结中的文字", "县司法局 2026年度工作总结", "填报员（县司法局）"),
    ]

    document = Document(io.BytesIO(download(found, "docx").content))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    assert paragraphs == [
        "县司法局2026年度双拥工作总结（草稿）",
        "（县司法局 · 草稿 · 据本单位报送的活动汇总，截至2026年12月31日）",
        # the opening, in the unit's voice
        "2026年，县司法局认真落实县委、县政府和县双拥办有关要求，全年报送双拥活动4项，参加144人次；"
        "按月统计（全年12个月），已报送4次，未报送6次。现将全年双拥工作总结如下：",
        # 组织领导: its meeting, in the county's phrase, and the activity named with its date
        "一、加强双拥工作组织领导",
        "全年召开领导小组会议1次。",
        "主要活动：2026年3月10日，召开双拥工作领导小组会议。",
        # 拥军优属: the visit, whom it went to, the activity with its counterpart
        "二、扎实做好拥军优属工作",
        "全年走访驻军1次，走访慰问资金达0.5万元。其中：走访慰问驻军部队1次、1个单位，慰问金0.5万元。",
        "主要活动：2026年8月1日，八一走访慰问驻军（73026部队）。",
        # 法律拥军: the unit's own paragraph first, then each kind's figures, activities, and its plan task
        "三、发挥职能作用，深入开展法律拥军",
        "我局把法律拥军作为服务部队的重点。",
        "全年开展法治宣传进军营活动1次，受教育官兵120人次，发放资料300份，解答法律咨询18人次。"
        "全年受理军人军属法律援助案件2件，受援3人，挽回经济损失1.5万元。",
        "主要活动：2026年5月8日，送法进军营法治讲座（73026部队）；2026年6月15日，为军属提供法律援助。",
        "承担年度计划任务1项：《送法进军营》（牵头，4月下旬至5月，已完成（活动1次））。",
        # 军地共建: no co-building activity, but its agreement and the activity under it
        "四、加强军地共建",
        "截至2026年12月31日，本单位现有有效军地共建协议1份（《法律服务共建协议》），依托共建协议开展活动1次。",
        # 宣传教育, 退役军人服务, 其他: nothing done, left out; then what only the unit writes
        "五、存在的不足",
        "部分活动照片留存不全。",
        "六、下一年工作打算",
        "继续开展送法进军营活动。",
        "做好八一走访慰问。",
        "附表：分类型统计",
    ]
    assert not any("0次" in p or "0项" in p for p in paragraphs[2:])  # no area written with a zero


def test_a_units_ledger_lists_every_activity_with_its_figures_and_photos(
    api: Api, ctx: Context, aws: boto3.Session, county: dict[str, Any]
) -> None:
    assert api.post("/units/sifaju/summaries/2026").status == 202  # the county office, for any unit
    deliver(ctx, aws)
    found = unit_summary(api, "sifaju", "2026")
    assert found["downloads"]["xlsx"]["filename"] == "县司法局2026年双拥工作台账.xlsx"
    workbook = load_workbook(io.BytesIO(download(found, "xlsx").content))
    assert workbook.sheetnames == ["台账", "数据质量"]
    rows = [list(row) for row in workbook["台账"].iter_rows(values_only=True)]
    reports = county["reports"]

    def filed(name: str) -> tuple[str, str]:
        return reports[name]["created_at"], reports[name]["report_id"]

    assert rows == [
        [
            "填报单位", "活动类型", "活动名称", "活动日期", "地点", "部队或对象", "参加人数", "走访对象", "数据",
            "金额（元）", "所属共建协议", "活动情况", "是否逾期", "填报时间", "报告编号", "照片",
        ],
        [
            "县司法局", "组织领导", "召开双拥工作领导小组会议", datetime(2026, 3, 10), "驻地", "双拥工作领导小组", 15,
            None, "类别：领导小组会议；会议次数1次", None, None, None, "否", *filed("meeting"), None,
        ],
        [
            "县司法局", "法治宣传进军营", "送法进军营法治讲座", datetime(2026, 5, 8), "驻地", "73026部队", 120, None,
            "受教育官兵120人次；发放资料300份；解答法律咨询18人次", None, "法律服务共建协议", None, "否",
            *filed("lecture"), None,
        ],
        [
            "县司法局", "军人军属法律援助", "为军属提供法律援助", datetime(2026, 6, 15), "驻地", "军属", 3, None,
            "受理援助案件2件；受援人数3人；挽回经济损失15000.5元", 15000.5, None, None, "否", *filed("legal_aid"),
            None,
        ],
        [
            "县司法局", "走访慰问", "八一走访慰问驻军", datetime(2026, 8, 1), "驻地", "73026部队", 6, "驻军部队",
            "走访户数1户；慰问人数20人；慰问金5000元", 5000, None, None, "否", *filed("visit"),
            f"2张：{'a1' * 16}.jpg、{'b2' * 16}.jpg",
        ],
    ]  # fmt: skip
    csv_rows = download(found, "csv").content.decode("utf-8-sig").splitlines()
    assert csv_rows[0].endswith(",报告编号,照片") and csv_rows[-1].endswith(f",2张：{'a1' * 16}.jpg、{'b2' * 16}.jpg")
    assert len(csv_rows) == 5


def test_a_reporter_of_another_unit_finds_no_summary_of_it(api: Api, county: dict[str, Any]) -> None:
    theirs = county["tokens"]["jiaoyuju"]
    notes = {"version": 0, "problems": "不该写进别人的总结"}
    for method, path, body in (
        ("POST", "/units/sifaju/summaries/2026", None),
        ("GET", "/units/sifaju/summaries/2026", None),
        ("POST", "/units/sifaju/summaries/bad-period", None),  # 404 before the period is even read
        ("GET", "/units/sifaju/summaries/2026/notes", None),
        ("PUT", "/units/sifaju/summaries/2026/notes", notes),
    ):
        answer = api.call(method, path, body, token=theirs)
        assert (answer.status, answer.json) == (404, {"code": "404.1", "message": "未找到该单位"}), (method, path)
    assert api.get("/units/sifaju/summaries/2026/notes").json["version"] == 0  # nothing stored
    assert api.get("/units/sifaju/summaries/2026").status == 404  # nothing asked for
    assert api.post("/units/nosuchunit/summaries/2026").status == 404  # the office too, for no such unit
    refused = api.post("/units/jiaoyuju/summaries/2026-13", token=theirs)
    assert (refused.status, refused.json["code"]) == (400, "400.3")


def test_every_units_year_adds_up_to_the_countys(
    api: Api, ctx: Context, aws: boto3.Session, county: dict[str, Any]
) -> None:
    for path in ["/summaries/2026", *(f"/units/{unit_id}/summaries/2026" for unit_id in UNITS)]:
        assert api.post(path).status == 202
    deliver(ctx, aws)
    whole = summary(api, "2026")
    units = [unit_summary(api, unit_id, "2026") for unit_id in UNITS]
    assert [u["totals"]["reports"] for u in units] == [4, 32, 0]  # 县退役军人事务局: 4 reports a month, 8 months
    assert whole["totals"]["reports"] == 36
    # every figure that counts reports, people, money or unit·months: the units' add up to the county's
    additive = ("reports", "figure", "money", "unit_months")
    shown = {f["key"]: f for f in whole["figures"]}
    checked = 0
    for key, figure in shown.items():
        if figure["counts"] not in additive:
            continue
        parts = [next(f["value"] for f in u["figures"] if f["key"] == key) for u in units]
        assert sum(parts) == figure["value"], key
        checked += 1
    assert checked > 100
    assert sum(u["headline"]["visit_funds_yuan"] for u in units) == whole["headline"]["visit_funds_yuan"]
    assert [u["completeness"]["nil_reported"] for u in units] == [0, 0, 1]
    assert date.fromisoformat(whole["as_of"]) == date(2026, 12, 31)


def test_a_units_month_and_festival_are_its_situation_in_its_voice(
    api: Api, ctx: Context, aws: boto3.Session, county: dict[str, Any]
) -> None:
    mine = county["tokens"]["sifaju"]
    for period in ("2026-08", "2026-bayi"):
        assert api.post(f"/units/sifaju/summaries/{period}", token=mine).status == 202
    deliver(ctx, aws)
    month, bayi = unit_summary(api, "sifaju", "2026-08", mine), unit_summary(api, "sifaju", "2026-bayi", mine)
    assert month["completeness"]["reported"] == 1 and month["completeness"]["expected"] == 1
    assert bayi["completeness"] is None and bayi["period_label"] == "2026年八一期间"
    assert month["downloads"]["docx"]["filename"] == "县司法局2026年8月双拥工作情况（草稿）.docx"
    visit = "走访驻军1次，走访慰问资金达0.5万元。其中：走访慰问驻军部队1次、1个单位，慰问金0.5万元。"
    named = "主要活动：2026年8月1日，八一走访慰问驻军（73026部队）。"
    periods = ((month, "2026年8月", "本月", "2026年8月31日"), (bayi, "2026年八一期间", "八一期间", "2026年8月8日"))
    for found, label, span, last_day in periods:
        document = Document(io.BytesIO(download(found, "docx").content))
        assert [p.text for p in document.paragraphs if p.text.strip()] == [
            f"县司法局{label}双拥工作情况（草稿）",
            f"（县司法局 · 草稿 · 据本单位报送的活动汇总，截至{last_day}）",
            f"{label}，县司法局认真落实县委、县政府和县双拥办有关要求，{span}报送双拥活动1项，参加6人次。"
            f"现将{span}双拥工作情况报告如下：",
            "一、扎实做好拥军优属工作",
            span + visit,
            named,
            # no activity under it in the period, but the agreement in force on its last day is something to tell
            "二、加强军地共建",
            f"截至{last_day}，本单位现有有效军地共建协议1份（《法律服务共建协议》）。",
            "附表：分类型统计",
        ]


def test_a_units_summary_turns_stale_by_its_own_writes_not_another_units(
    api: Api, ctx: Context, aws: boto3.Session, county: dict[str, Any]
) -> None:
    mine = county["tokens"]["sifaju"]
    assert api.post("/units/sifaju/summaries/2026", token=mine).status == 202
    deliver(ctx, aws)
    assert unit_summary(api, "sifaju", "2026")["status"] == "ready"
    theirs = api.post("/reports", report_body(unit_id="minzhengju", occurred_on="2026-08-03"))  # the office files
    assert theirs.status == 201, theirs.body
    assert unit_summary(api, "sifaju", "2026")["status"] == "ready"  # another unit's report: not its figures
    assert api.put("/summaries/2026/notes", {"version": 0, "problems": "县里的话"}).status == 200
    assert unit_summary(api, "sifaju", "2026")["status"] == "ready"  # nor the office's own words
    assert api.put("/units/sifaju/summaries/2026/notes", {"version": 0, "problems": "本单位的话"}).status == 200
    assert unit_summary(api, "sifaju", "2026")["status"] == "stale"  # its own words are
    assert api.post("/units/sifaju/summaries/2026", token=mine).status == 202
    deliver(ctx, aws)
    assert unit_summary(api, "sifaju", "2026")["status"] == "ready"
    assert api.post("/reports", report_body(unit_id="sifaju", occurred_on="2026-08-03")).status == 201
    assert unit_summary(api, "sifaju", "2026")["status"] == "stale"  # and so is its own report
