"""The warning rules over HTTP: what POST, PUT and the list answer beside the report (its own figures), what
GET /reports/{id} adds from the county's context, the rules served with the form's schema, and a summary's
`quality` with its 数据质量 sheet and 数据质量提示 list, read back as the office would."""

from __future__ import annotations

import io
from decimal import Decimal

import boto3
import pytest
from docx import Document
from openpyxl import load_workbook

from bench.calls import DynamoCalls
from chalicelib.context import Context
from local import demo
from tests.conftest import ADMIN_TOKEN, Api, SettableClock, report_body
from tests.helpers.agreements import AGREEMENT
from tests.helpers.summaries import compiled, download, submit, visit

FEWER = "慰问人数（3人）少于走访户数（4户），每户至少慰问一人，请核对是否填反或漏填"


@pytest.fixture
def units(api: Api, clock: SettableClock) -> None:
    clock.set("2026-09-02T10:00:00")
    api.unit("minzhengju", "县退役军人事务局")
    api.unit("sifaju", "县司法局")


def test_a_suspicious_report_is_stored_with_its_warning(api: Api, units: None) -> None:
    token = api.reporter("minzhengju")
    metrics = {"target": "veterans", "households": 4, "persons": 3, "funds_yuan": 800}
    created = api.post("/reports", report_body(metrics=metrics), token=token)
    assert created.status == 201, "a warning never refuses a report"
    warning = {"code": "visit_persons_below_households", "severity": "medium", "field": "metrics.persons"}
    assert created.json["warnings"] == [{**warning, "message": FEWER}]
    listed = api.get("/reports?month=2026-08", token=token).json["items"]
    assert [r["warnings"] for r in listed] == [[{**warning, "message": FEWER}]]
    path = f"/reports/{created.json['report_id']}"
    assert api.get(path, token=token).json["warnings"] == [{**warning, "message": FEWER}]
    corrected = {**report_body(metrics={**metrics, "persons": 4}), "version": 1}
    del corrected["submission_id"]
    fixed = api.put(path, corrected, token=token)
    assert (fixed.status, fixed.json["warnings"]) == (200, [])


def test_the_report_rules_come_with_the_forms_schema(api: Api, units: None) -> None:
    rules = api.get("/forms/report/schema").json["x-warning-rules"]
    assert [(r["code"], r["activity_type"], r["when"][1]) for r in rules] == [
        ("visit_persons_below_households", "visit", {"figure": "persons", "op": "<", "other": "households"}),
        ("legal_aid_beneficiaries_below_cases", "legal_aid", {"figure": "beneficiaries", "op": "<", "other": "cases"}),
    ]


def test_get_judges_the_agreement_and_the_profile(api: Api, units: None) -> None:
    agreement = api.post("/agreements", AGREEMENT).json  # in force 2025-09-01 to 2026-09-30
    lecture = {"attendees": 120, "materials": 300, "consultations": 18}
    linked = {"unit_id": "sifaju", "agreement_id": agreement["agreement_id"]}
    inside = submit(api, ADMIN_TOKEN, "legal_lecture", lecture, occurred_on="2026-09-01", **linked)
    early = submit(api, ADMIN_TOKEN, "legal_lecture", lecture, occurred_on="2025-08-31", **linked)
    assert early["warnings"] == [], "POST judges the report alone: submitting stays one write"
    assert api.put("/profile/2026", {"allowance_households": 120, "version": 0}).status == 200
    paid = {"category": "allowance", "target": "military_families", "beneficiaries": 132, "households": 132}
    allowance = submit(api, ADMIN_TOKEN, "preferential", {**paid, "amount_yuan": 277200}, unit_id="minzhengju")
    assert allowance["warnings"] == []
    assert api.get(f"/reports/{allowance['report_id']}").json["warnings"] == [
        {
            "code": "allowance_coverage_over_100",
            "severity": "high",
            "field": "metrics.households",
            "message": "发放优待金132户，多于本县2026年基本情况中应享受优待金的120户（优待面110%），"
            "请核对户数或本县基本情况",
        }
    ]
    assert api.get(f"/reports/{inside['report_id']}").json["warnings"] == []
    assert api.get(f"/reports/{early['report_id']}").json["warnings"] == [
        {
            "code": "outside_agreement_validity",
            "severity": "high",
            "field": "occurred_on",
            "message": "活动日期2025-08-31不在所属共建协议“县司法局与73026部队法律服务共建协议”的有效期"
            "（2025-09-01至2026-09-30）内，请核对日期或所属协议",
        }
    ]


def test_a_months_list_judges_every_report_in_context_with_three_reads_for_the_page(
    api: Api, ctx: Context, units: None
) -> None:
    agreement = api.post("/agreements", AGREEMENT).json  # in force 2025-09-01 to 2026-09-30
    lecture = {"attendees": 120, "materials": 300, "consultations": 18}
    linked = {"unit_id": "sifaju", "agreement_id": agreement["agreement_id"]}
    inside = submit(api, ADMIN_TOKEN, "legal_lecture", lecture, occurred_on="2026-09-01", **linked)
    assert api.put("/profile/2026", {"allowance_households": 120, "version": 0}).status == 200
    paid = {"category": "allowance", "target": "military_families", "beneficiaries": 132, "households": 132}
    allowance = submit(
        api,
        ADMIN_TOKEN,
        "preferential",
        {**paid, "amount_yuan": 277200},
        unit_id="minzhengju",
        occurred_on="2026-09-01",
    )
    calls = DynamoCalls(ctx.store.table.resource.meta.client)

    alone = api.get("/reports?month=2026-09")
    plain = calls.take()
    assert {r["report_id"]: r["warnings"] for r in alone.json["items"]} == {
        inside["report_id"]: [],
        allowance["report_id"]: [],  # judged alone, 132 households are no warning
    }
    judged = api.get("/reports?month=2026-09&warnings=all")
    assert judged.status == 200, judged.body
    codes = {r["report_id"]: [w["code"] for w in r["warnings"]] for r in judged.json["items"]}
    assert codes == {inside["report_id"]: [], allowance["report_id"]: ["allowance_coverage_over_100"]}
    # the month's history, the year's profile and the agreements: three reads for the page, not three a report
    assert sorted(calls.take()) == sorted([*plain, "BatchGetItem", "GetItem", "Query"])

    refused = api.get("/reports?month=2026-09&warnings=some")
    assert (refused.status, refused.json["message"]) == (
        400,
        "数据提示 warnings 只能不填（只按报告本身判断），或按全县情况判断（填法见接口说明）",
    )


def test_a_summary_lists_its_quality_in_the_json_the_workbook_and_the_draft(
    api: Api, ctx: Context, aws: boto3.Session, units: None
) -> None:
    # July, compiled: five visits to veterans at 300 yuan a household and a person, the county's history
    for day in range(1, 6):
        visit(api, ADMIN_TOKEN, "veterans", 10, "3000", unit_id="minzhengju", occurred_on=f"2026-07-0{day}")
    assert compiled(api, ctx, aws, "2026-07")["quality"] == []
    # August: 35,000 yuan to 10 households of veterans (3,500 each: over ten times 300, kept as 298.5, the middle
    # of its bucket, so 约300), a visit with fewer persons than households, and 优待金 paid to 70 + 62 = 132
    # households of the profile's 120
    high = visit(api, ADMIN_TOKEN, "veterans", 10, "35000", unit_id="minzhengju", title="慰问退役军人")
    assert high["warnings"] == [], "the history is judged by GET and the compile"
    fewer = {"target": "veterans", "households": 4, "persons": 3, "funds_yuan": Decimal(800)}
    few = submit(api, ADMIN_TOKEN, "visit", fewer, unit_id="sifaju", title="走访老兵")
    assert api.put("/profile/2026", {"allowance_households": 120, "version": 0}).status == 200
    paid = []
    for households in (70, 62):
        metrics = {"category": "allowance", "households": households, "amount_yuan": Decimal(households * 2100)}
        paid.append(submit(api, ADMIN_TOKEN, "preferential", metrics, unit_id="minzhengju", title="发放优待金"))
    assert [w["code"] for w in api.get(f"/reports/{high['report_id']}").json["warnings"]] == [
        "visit_money_per_household_unusual",
        "visit_money_per_person_unusual",
    ]

    found = compiled(api, ctx, aws, "2026-08")
    allowance = "发放优待金132户，多于本县2026年基本情况中应享受优待金的120户（优待面110%），请核对户数或本县基本情况"
    per_household = "户均慰问金额3500元，超过本县近一年走访退役军人户均约300元（中位数）的10倍，请核对金额或户数"
    per_person = "人均慰问金额3500元，超过本县近一年慰问退役军人人均约300元（中位数）的10倍，请核对金额或人数"
    assert found["quality"][0] == {
        "code": "allowance_coverage_over_100",
        "severity": "high",
        "message": allowance,
        "unit_id": "minzhengju",
        "unit_name": "县退役军人事务局",
        "report_ids": sorted(p["report_id"] for p in paid),
    }
    assert sorted((q["code"], q["unit_id"], q["message"], q["report_ids"]) for q in found["quality"][1:]) == [
        ("visit_money_per_household_unusual", "minzhengju", f"“慰问退役军人”：{per_household}", [high["report_id"]]),
        ("visit_money_per_person_unusual", "minzhengju", f"“慰问退役军人”：{per_person}", [high["report_id"]]),
        ("visit_persons_below_households", "sifaju", f"“走访老兵”：{FEWER}", [few["report_id"]]),
    ]

    sheet = load_workbook(io.BytesIO(download(found, "xlsx").content))["数据质量"]
    rows = [list(row) for row in sheet.values]
    assert rows[0] == ["级别", "规则", "单位", "提示", "报告编号"]
    assert sorted(row[:4] for row in rows[1:]) == sorted(
        [
            ["高", "allowance_coverage_over_100", "县退役军人事务局", allowance],
            ["中", "visit_money_per_household_unusual", "县退役军人事务局", f"“慰问退役军人”：{per_household}"],
            ["中", "visit_money_per_person_unusual", "县退役军人事务局", f"“慰问退役军人”：{per_person}"],
            ["中", "visit_persons_below_households", "县司法局", f"“走访老兵”：{FEWER}"],
        ]
    )

    paragraphs = [p.text for p in Document(io.BytesIO(download(found, "docx").content)).paragraphs]
    listed = paragraphs[paragraphs.index("数据质量提示") + 1 :]
    assert listed[0] == f"1. 县退役军人事务局：{allowance}"
    assert sorted(line.split(" ", 1)[1] for line in listed[1:]) == [
        f"县司法局：“走访老兵”：{FEWER}",
        f"县退役军人事务局：“慰问退役军人”：{per_person}",
        f"县退役军人事务局：“慰问退役军人”：{per_household}",
    ]
    before = paragraphs[: paragraphs.index("数据质量提示")]
    assert not any("请核对" in p for p in before), "never inside the narrative"

    # The year to date: the same four (July's visits had no compiled month before them to be judged against)
    year = compiled(api, ctx, aws, "2026")
    assert sorted((q["code"], q["unit_id"]) for q in year["quality"]) == [
        ("allowance_coverage_over_100", "minzhengju"),
        ("visit_money_per_household_unusual", "minzhengju"),
        ("visit_money_per_person_unusual", "minzhengju"),
        ("visit_persons_below_households", "sifaju"),
    ]
    assert year["quality"][0]["message"] == allowance
    sheet = load_workbook(io.BytesIO(download(year, "xlsx").content))["数据质量"]
    assert len(list(sheet.values)) == 1 + 4
    paragraphs = [p.text for p in Document(io.BytesIO(download(year, "docx").content)).paragraphs]
    assert paragraphs[paragraphs.index("数据质量提示") + 1] == f"1. 县退役军人事务局：{allowance}"


def test_a_clean_month_says_so_in_its_workbook_and_adds_nothing_to_its_draft(
    api: Api, ctx: Context, aws: boto3.Session, units: None
) -> None:
    visit(api, ADMIN_TOKEN, "troops", 16, "62000", unit_id="minzhengju")
    found = compiled(api, ctx, aws, "2026-08")
    assert found["quality"] == []
    rows = [list(r) for r in load_workbook(io.BytesIO(download(found, "xlsx").content))["数据质量"].values]
    assert rows[1] == [None, None, None, "未发现疑似有误的数字。", None]
    paragraphs = [p.text for p in Document(io.BytesIO(download(found, "docx").content)).paragraphs]
    assert "数据质量提示" not in paragraphs


def test_the_demo_month_has_nothing_to_check(api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock) -> None:
    """The demo month: every visit's persons equal its households, its 120 households paid 优待金 are the
    profile's 120, its one legal aid has 2 beneficiaries for 2 cases, no report names an agreement, and no
    month before it was compiled (no history): nothing to check."""
    clock.set("2026-08-03T10:00:00")
    demo.seed(ctx)
    assert compiled(api, ctx, aws, "2026-07")["quality"] == []
