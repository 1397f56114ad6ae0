"""优抚 money by kind, the combined 涉军案件 figure and the period's honours, each sentence written out by hand."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal
from typing import Any

import boto3
import pytest
from openpyxl import load_workbook

from chalicelib.context import Context
from tests.conftest import ADMIN_TOKEN, Api, SettableClock
from tests.helpers.summaries import compiled, download, submit


@pytest.fixture
def units(api: Api, clock: SettableClock) -> None:
    clock.set("2026-09-02T10:00:00")
    for unit_id, name in [("minzhengju", "县退役军人事务局"), ("sifaju", "县司法局"), ("fayuan", "县人民法院")]:
        api.unit(unit_id, name)


def _preferential(
    api: Api, kind: tuple[str, str] | None, persons: int, households: int, amount: str, occurred_on: str
) -> dict[str, Any]:
    """An 优抚 report of the unit: its (category, target), or neither (as reports were filed before categories)."""
    metrics: dict[str, Any] = {"beneficiaries": persons, "households": households, "amount_yuan": Decimal(amount)}
    if kind:
        metrics["category"], metrics["target"] = kind
    return submit(api, ADMIN_TOKEN, "preferential", metrics, unit_id="minzhengju", occurred_on=occurred_on)


def _paragraph(found: dict[str, Any], topic: str) -> str:
    return next(p["text"] for p in found["narrative"] if p["topic"] == topic)


PREFERENTIAL = "退役军人服务和优抚政策落实"


def test_medical_costs_are_written_by_whom_they_were_paid_for(
    api: Api, ctx: Context, aws: boto3.Session, units: None
) -> None:
    _preferential(api, ("medical", "disabled_veterans"), 3, 0, "8000", "2026-08-03")
    _preferential(api, ("medical", "disabled_veterans"), 2, 0, "4000.00", "2026-08-20")
    _preferential(api, ("medical", "retired_cadres"), 15, 0, "8000", "2026-08-21")
    found = compiled(api, ctx, aws, "2026-08")
    # 8,000 + 4,000 = 12,000 yuan for 3 + 2 persons; 8,000 yuan for 15 retired cadres
    assert _paragraph(found, PREFERENTIAL) == (
        "全县共为伤残军人报销医疗费1.2万元（5人），为军队离退休干部报销医疗费0.8万元（15人）。"
    )
    assert [(r["target"], r["reports"], r["amount_yuan"]) for r in found["preferential"]] == [
        ("disabled_veterans", 2, Decimal("12000.00")),
        ("retired_cadres", 1, Decimal("8000.00")),
    ]
    ledger = [row for row in load_workbook(io.BytesIO(download(found, "xlsx").content))["台账"].values][1:]
    assert sorted(row[8] for row in ledger) == [  # the 台账 says which kind each amount is
        "优抚项目：医疗费报销；受益对象：伤残军人；受益人数2人；涉及金额4000元",
        "优抚项目：医疗费报销；受益对象：伤残军人；受益人数3人；涉及金额8000元",
        "优抚项目：医疗费报销；受益对象：军队离退休干部；受益人数15人；涉及金额8000元",
    ]


def test_the_allowance_with_its_coverage_and_average_per_household(
    api: Api, ctx: Context, aws: boto3.Session, units: None
) -> None:
    assert api.put("/profile/2026", {"version": 0, "allowance_households": 120}).status == 200
    # August: 100 + 20 = 120 households of the 120 entitled, 210,000 + 42,000 = 252,000 yuan: 2,100 yuan each
    _preferential(api, ("allowance", "military_families"), 100, 100, "210000", "2026-08-05")
    _preferential(api, ("allowance", "military_families"), 20, 20, "42000", "2026-08-06")
    found = compiled(api, ctx, aws, "2026-08")
    assert _paragraph(found, PREFERENTIAL) == "全县共支付优待金25.2万元，优待面达100%，户均2,100元。"
    # July: 119 of 120 households (99.166…%, written 99.1%: rounded down, so that 100% means every household),
    # 250,000.50 yuan ÷ 119 = 2,100.84… yuan, written 2,101元 (whole yuan, half up)
    _preferential(api, ("allowance", "military_families"), 119, 119, "250000.50", "2026-07-05")
    july = compiled(api, ctx, aws, "2026-07")
    assert _paragraph(july, PREFERENTIAL) == "全县共支付优待金25万元，优待面达99.1%，户均2,101元。"
    # 2025 has no profile: the coverage is unknown and left out, never written with a blank
    _preferential(api, ("allowance", "military_families"), 10, 10, "21000", "2025-08-05")
    assert _paragraph(compiled(api, ctx, aws, "2025-08"), PREFERENTIAL) == "全县共支付优待金2.1万元，户均2,100元。"


def test_pensions_to_the_families_of_the_fallen(api: Api, ctx: Context, aws: boto3.Session, units: None) -> None:
    _preferential(api, ("pension", "martyr_families"), 12, 12, "36000", "2026-08-05")
    found = compiled(api, ctx, aws, "2026-08")
    assert _paragraph(found, PREFERENTIAL) == "全县共为12名牺牲病故军人家属办理抚恤补助3.6万元。"


def test_reports_without_a_category_keep_the_old_sentence_and_are_named_other_beside_known_kinds(
    api: Api, ctx: Context, aws: boto3.Session, units: None
) -> None:
    stored = _preferential(api, None, 30, 0, "15000", "2026-08-05")
    assert stored["metrics"]["category"] == "other"
    _preferential(api, None, 10, 0, "5000", "2026-08-06")
    found = compiled(api, ctx, aws, "2026-08")
    assert _paragraph(found, PREFERENTIAL) == "全县共落实优抚政策2项，受益40人，涉及金额2万元。"
    _preferential(api, ("education", "military_families"), 6, 0, "0", "2026-08-07")
    found = compiled(api, ctx, aws, "2026-08")
    assert (
        _paragraph(found, PREFERENTIAL)
        == "全县共落实军人子女入学优待6人；落实其他优抚政策2项，受益40人，涉及金额2万元。"
    )


def test_the_military_cases_handled_add_legal_aid_mediation_and_the_courts(
    api: Api, ctx: Context, aws: boto3.Session, units: None
) -> None:
    submit(api, ADMIN_TOKEN, "legal_aid", {"cases": 2, "beneficiaries": 2}, unit_id="sifaju")
    submit(api, ADMIN_TOKEN, "mediation", {"disputes": 3, "resolved": 2}, unit_id="sifaju")
    court = {"cases": 4, "concluded": 3, "fee_waived_yuan": Decimal("5000")}
    submit(api, ADMIN_TOKEN, "court_case", court, unit_id="fayuan")
    found = compiled(api, ctx, aws, "2026-08")
    assert _paragraph(found, "法律拥军") == (
        "全县共处理涉军案件9件（其中法律援助2件、调解纠纷3件、法院审理4件）。"
        "全县共受理军人军属法律援助案件2件，受援2人。"
        "全县共排查调处涉军矛盾纠纷3件，调解成功2件。"
        "全县共受理涉军诉讼案件4件，审结3件，缓减免诉讼费0.5万元。"
    )
    refused = api.post(
        "/reports",
        _body("court_case", {"cases": 1, "concluded": 2}, "fayuan"),
    )
    assert refused.status == 400 and refused.error_fields()["metrics.concluded"] == "审结不能多于受理涉军案件"


def test_the_periods_honours_are_listed(api: Api, ctx: Context, aws: boto3.Session, units: None) -> None:
    ctx.config = replace(ctx.config, county_name="北湖区")
    national = {"level": "national", "honour": "全国双拥模范县（城）", "recipient": "北湖区"}
    provincial = {"level": "provincial", "honour": "省级拥军优属模范个人", "recipient": "张丽"}
    submit(api, ADMIN_TOKEN, "honour", provincial, unit_id="minzhengju", occurred_on="2026-08-10")
    submit(api, ADMIN_TOKEN, "honour", national, unit_id="minzhengju", occurred_on="2026-08-01")
    found = compiled(api, ctx, aws, "2026-08")
    assert _paragraph(found, "表彰奖励") == (
        "获得表彰奖励2项：北湖区荣获全国双拥模范县（城）（全国）；张丽荣获省级拥军优属模范个人（省级）。"
    )
    missing = api.post("/reports", _body("honour", {"level": "city", "honour": "拥军模范"}, "minzhengju"))
    assert missing.status == 400 and "metrics.recipient" in missing.error_fields()
    assert len(api.get("/reports?month=2026-08").json["items"]) == 2  # nothing stored


def _body(kind: str, metrics: dict[str, Any], unit_id: str) -> dict[str, Any]:
    from tests.conftest import report_body

    return report_body(kind, metrics=metrics, unit_id=unit_id)  # type: ignore[arg-type]
