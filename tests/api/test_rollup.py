"""A city's summary is the sum of its counties' (issue 29): 北湖市 asks for August; the system has each county
compile its own August through the queue, then adds them up, in fen exactly, naming each county; its words say
全市, its workbook has a sheet per county, its Word 情况汇报 a paragraph per county."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import boto3
import pytest
from docx import Document
from openpyxl import load_workbook

from chalicelib.context import Context
from chalicelib.summaries import requests as summary_requests
from tests.conftest import Api
from tests.helpers.summaries import MONTH, deliver, download, submit, visit

HOME = "county"  # the deployment's own county (Config.county_id)


@pytest.fixture
def city(api: Api, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """北湖市 over 青山县 (the deployment's own) and 河西县, a unit and a reporter in each; the tokens of the city's
    admin and of each county's reporter."""
    monkeypatch.setattr(summary_requests, "LEVEL_WAIT_SECONDS", 0)
    for org in (
        {"org_id": "beihu", "name": "北湖市", "level": "city", "parent_id": None},
        {"org_id": HOME, "name": "青山县", "level": "county", "parent_id": "beihu"},
        {"org_id": "hexi", "name": "河西县", "level": "county", "parent_id": "beihu"},
    ):
        assert api.post("/orgs", org).status == 201
    mayor = api.post("/orgs/beihu/staff", {"name": "市管理员", "role": "admin"}).json["token"]
    hexi = api.post("/orgs/hexi/staff", {"name": "河西管理员", "role": "admin"}).json["token"]
    api.unit("sifaju", "县司法局")
    made = api.post("/units", {"unit_id": "minzhengju", "name": "河西县民政局", "kind": "bureau"}, token=hexi)
    assert made.status == 201, made.body
    return {
        "city": mayor,
        "home": api.reporter("sifaju"),
        "hexi": api.post("/units/minzhengju/reporters", {"label": "小河"}, token=hexi).json["token"],
    }


def compiled_through_the_queue(ctx: Context, aws: boto3.Session, rounds: int = 6) -> int:
    """Hand the compile function every message, again while any come; answer how many rounds it took."""
    for done in range(rounds):
        if not deliver(ctx, aws):
            return done
    raise AssertionError("the queue never emptied")


def test_the_citys_month_is_the_sum_of_its_counties(
    api: Api, ctx: Context, aws: boto3.Session, city: dict[str, str]
) -> None:
    visit(api, city["home"], "troops", 2, "62000.00", title="青山八一走访")
    visit(api, city["hexi"], "troops", 3, "1500.50", title="河西八一走访")
    lecture = {"attendees": 120, "materials": 300, "consultations": 18}
    submit(api, city["hexi"], "legal_lecture", lecture, title="河西送法进军营")

    asked = api.post(f"/summaries/{MONTH}", token=city["city"])
    assert asked.status == 202, asked.body
    assert compiled_through_the_queue(ctx, aws) >= 2  # the counties' compiles first, then the city's
    found = api.get(f"/summaries/{MONTH}", token=city["city"]).json
    assert (found["status"], found["stale"]) == ("ready", False)
    assert found["org"] == {"org_id": "beihu", "name": "北湖市", "level": "city"}
    # counted by hand: 青山 one visit (6 people), 河西 a visit (6) and a lecture (10)
    assert found["totals"] == {
        "reports": 3,
        "participants": 22,
        "reports_on_time": 3,
        "reports_late": 0,
        "units_reporting": 2,
    }
    assert Decimal(str(found["headline"]["visit_funds_yuan"])) == Decimal("63500.50")
    assert found["headline"]["visit_funds_text"] == "6.35万元"
    assert found["headline"]["troop_visits"] == 2
    visits = next(row for row in found["by_type"] if row["activity_type"] == "visit")
    figures = {f["code"]: f["value"] for f in visits["figures"]}
    assert (visits["reports"], figures["households"], Decimal(str(figures["funds_yuan"]))) == (
        2,
        5,
        Decimal("63500.50"),
    )
    assert [(row["name"], row["totals"]["reports"], row["completeness"]) for row in found["by_org"]] == [
        ("青山县", 1, {"expected": 1, "reported": 1, "nil_reported": 0, "rate": 100.0}),
        ("河西县", 2, {"expected": 1, "reported": 1, "nil_reported": 0, "rate": 100.0}),
    ]

    # the sum, figure by figure, of what each county's own summary says (read by the city, naming the county)
    counties = [api.get(f"/summaries/{MONTH}?org={org}", token=city["city"]).json for org in (HOME, "hexi")]
    assert [county["status"] for county in counties] == ["ready", "ready"]
    for key in ("reports", "participants", "units_reporting"):
        assert found["totals"][key] == sum(county["totals"][key] for county in counties)
    for row in found["by_type"]:
        own = [next(r for r in county["by_type"] if r["activity_type"] == row["activity_type"]) for county in counties]
        for figure in row["figures"]:
            parts = [next(f for f in r["figures"] if f["code"] == figure["code"])["value"] for r in own]
            assert Decimal(str(figure["value"])) == sum(Decimal(str(value)) for value in parts), figure

    words = [(p["topic"], p["text"]) for p in found["narrative"]]
    assert words[0] == (
        "总体情况",
        "2026年8月，全市2个县（区）共有2个单位报送双拥活动3项，参加22人次。各县报送率：青山县100.0%，河西县100.0%。",
    )
    assert words[-2][0] == "青山县" and words[-2][1].startswith(
        "青山县应报送单位1个，已报送1个；报送双拥活动1项，参加6人次；"
    )
    assert words[-1][0] == "河西县" and words[-1][1].startswith(
        "河西县应报送单位1个，已报送1个；报送双拥活动2项，参加16人次；"
    )


def test_the_citys_files_have_a_sheet_and_a_paragraph_per_county(
    api: Api, ctx: Context, aws: boto3.Session, city: dict[str, str]
) -> None:
    visit(api, city["home"], "troops", 2, "62000.00")
    visit(api, city["hexi"], "troops", 3, "1500.50")
    api.post(f"/summaries/{MONTH}", token=city["city"])
    compiled_through_the_queue(ctx, aws)
    found = api.get(f"/summaries/{MONTH}", token=city["city"]).json

    assert found["downloads"]["xlsx"]["filename"] == "北湖市2026年8月双拥工作汇总（分县）.xlsx"
    workbook = load_workbook(io.BytesIO(download(found, "xlsx").content))
    assert workbook.sheetnames == ["各县汇总", "青山县", "河西县"]
    rows = [[cell for cell in row] for row in workbook["各县汇总"].iter_rows(values_only=True)]
    assert rows == [
        ["县（区）", "应报送单位", "已报送", "报本月无活动", "报送率", "活动项数", "参加人次", "走访慰问资金（元）"],
        ["青山县", 1, 1, 0, "100.0%", 1, 6, 62000],
        ["河西县", 1, 1, 0, "100.0%", 1, 6, 1500.5],
        ["合计", 2, 2, 0, None, 2, 12, 63500.5],
    ]
    assert [row[0] for row in workbook["河西县"].iter_rows(values_only=True)] == ["活动类型", "走访慰问", "合计"]

    document = Document(io.BytesIO(download(found, "docx").content))
    lines = [p.text for p in document.paragraphs if p.text]
    assert lines[0] == "北湖市2026年8月双拥工作情况汇报（草稿）"
    assert "一、总体情况" in lines
    assert any(line.startswith("青山县应报送单位1个") for line in lines)
    assert any(line.startswith("河西县应报送单位1个") for line in lines)


def test_a_report_in_a_county_makes_the_citys_summary_stale(
    api: Api, ctx: Context, aws: boto3.Session, city: dict[str, str]
) -> None:
    visit(api, city["home"], "troops", 2, "62000.00")
    assert api.put("/profile/2026", {"version": 0, "garrisons": 4}, token=city["city"]).status == 200  # the city's own
    api.post(f"/summaries/{MONTH}", token=city["city"])
    compiled_through_the_queue(ctx, aws)
    assert api.get(f"/summaries/{MONTH}", token=city["city"]).json["status"] == "ready"
    visit(api, city["hexi"], "troops", 3, "1500.50")
    assert api.get(f"/summaries/{MONTH}", token=city["city"]).json["status"] == "stale"
    api.post(f"/summaries/{MONTH}", token=city["city"])
    compiled_through_the_queue(ctx, aws)
    again: dict[str, Any] = api.get(f"/summaries/{MONTH}", token=city["city"]).json
    assert (again["status"], again["totals"]["reports"]) == ("ready", 2)


def test_a_provinces_year_adds_up_every_county_below_its_cities(
    api: Api, ctx: Context, aws: boto3.Session, city: dict[str, str], clock: Any
) -> None:
    assert api.post("/orgs", {"org_id": "jiangnan", "name": "江南省", "level": "province", "parent_id": None}).status
    # 北湖市 was registered without a province: a second city under the province, with one county
    for org in (
        {"org_id": "nanshan", "name": "南山市", "level": "city", "parent_id": "jiangnan"},
        {"org_id": "xishui", "name": "西水县", "level": "county", "parent_id": "nanshan"},
        {"org_id": "pingyuan", "name": "平原县", "level": "county", "parent_id": "jiangnan"},  # 省直管县
    ):
        assert api.post("/orgs", org).status == 201
    province = api.post("/orgs/jiangnan/staff", {"name": "省管理员", "role": "admin"}).json["token"]
    xishui = api.post("/orgs/xishui/staff", {"name": "西水管理员", "role": "admin"}).json["token"]
    api.post("/units", {"unit_id": "fayuan", "name": "西水县人民法院", "kind": "bureau"}, token=xishui)
    reporter = api.post("/units/fayuan/reporters", {"label": "小西"}, token=xishui).json["token"]
    visit(api, reporter, "troops", 4, "800.25")
    visit(api, city["home"], "troops", 2, "62000.00")  # 北湖市's county: not under the province

    assert api.post("/summaries/2026", token=province).status == 202
    compiled_through_the_queue(ctx, aws)
    found = api.get("/summaries/2026", token=province).json
    assert found["status"] == "ready", found.get("failure")
    assert [row["name"] for row in found["by_org"]] == ["西水县", "平原县"]
    assert (found["totals"]["reports"], Decimal(str(found["headline"]["visit_funds_yuan"]))) == (1, Decimal("800.25"))
    assert found["narrative"][0]["text"].startswith("2026年，全省2个县（区）共有1个单位报送双拥活动1项")
    assert found["downloads"]["docx"]["filename"] == "江南省2026年度双拥工作总结（草稿）.docx"
    lines = [p.text for p in Document(io.BytesIO(download(found, "docx").content)).paragraphs if p.text]
    assert lines[0] == "江南省2026年度双拥工作总结（草稿）"


def test_the_citys_own_units_count_beside_its_counties(
    api: Api, ctx: Context, aws: boto3.Session, city: dict[str, str]
) -> None:
    mayor = city["city"]
    made = api.post("/units", {"unit_id": "shiminzheng", "name": "北湖市民政局", "kind": "bureau"}, token=mayor)
    assert made.status == 201, made.body
    direct = api.post("/units/shiminzheng/reporters", {"label": "市民政局"}, token=mayor).json["token"]
    visit(api, direct, "troops", 1, "300.00")
    visit(api, city["home"], "troops", 2, "62000.00")
    api.post(f"/summaries/{MONTH}", token=mayor)
    compiled_through_the_queue(ctx, aws)
    found = api.get(f"/summaries/{MONTH}", token=mayor).json
    assert [(row["name"], row["totals"]["reports"]) for row in found["by_org"]] == [
        ("青山县", 1),
        ("河西县", 0),
        ("北湖市市直单位", 1),
    ]
    assert Decimal(str(found["headline"]["visit_funds_yuan"])) == Decimal("62300.00")
    assert found["narrative"][0]["text"].startswith(
        "2026年8月，全市2个县（区）和北湖市市直单位共有2个单位报送双拥活动2项"
    )
    visit(api, direct, "troops", 1, "100.00")  # a direct unit's report: the city's summary is no longer current
    assert api.get(f"/summaries/{MONTH}", token=mayor).json["status"] == "stale"


def test_a_citys_festival_is_its_own_calendars_and_its_counties_are_summed_over_the_same_days(
    api: Api, ctx: Context, aws: boto3.Session, city: dict[str, str]
) -> None:
    bayi = {"code": "bayi", "name": "八一建军节", "annual_on": "08-01", "days_before": 0, "days_after": 2}
    answer = api.put("/reminders/campaigns", {"campaigns": [bayi]}, token=city["city"])  # the city's: 8月1日 to 3日
    assert answer.status == 200, answer.body
    visit(api, city["home"], "troops", 2, "62000.00", occurred_on="2026-08-05")  # the county's own 八一 only
    visit(api, city["hexi"], "troops", 3, "1500.50", occurred_on="2026-08-03")
    api.post("/summaries/2026-bayi", token=city["city"])
    compiled_through_the_queue(ctx, aws)
    found = api.get("/summaries/2026-bayi", token=city["city"]).json
    assert (found["status"], found["period_label"], found["ranges"]) == (
        "ready",
        "2026年八一期间",
        [{"from": "2026-08-01", "to": "2026-08-03"}],
    )
    assert [(row["name"], row["totals"]["reports"], row["completeness"]) for row in found["by_org"]] == [
        ("青山县", 0, None),  # days that are not a month judge no one
        ("河西县", 1, None),
    ]
    own = api.get("/summaries/2026-08-01..2026-08-03").json  # the county was asked for the city's days
    assert (own["status"], own["totals"]["reports"]) == ("ready", 0)
