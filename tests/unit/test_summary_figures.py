"""The month's figures, added up without AWS: sums, the 情况汇报 sentences, completeness, co-building."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from chalicelib.core.money import InexactMoney, to_fen, wan_text, yuan_text
from chalicelib.reports.figures import UnreadableReport
from tests.helpers.summaries import summarise

DEADLINE = date(2026, 9, 5)
UNITS = [
    {"unit_id": "minzhengju", "name": "县退役军人事务局", "active": True},
    {"unit_id": "chengguan", "name": "城关街道办事处", "active": True},
    {"unit_id": "sifaju", "name": "县司法局", "active": True},
    {"unit_id": "fayuan", "name": "县人民法院", "active": True},
    {"unit_id": "jiaoyuju", "name": "县教育局", "active": True},
    {"unit_id": "old-unit", "name": "已撤并单位", "active": False},
]


def _report(unit: str, activity_type: str, metrics: dict[str, Any], **extra: Any) -> dict[str, Any]:
    _report.count = getattr(_report, "count", 0) + 1  # type: ignore[attr-defined]
    return {
        "report_id": f"r{_report.count}",  # type: ignore[attr-defined]
        "unit_id": unit,
        "activity_type": activity_type,
        "title": "活动",
        "occurred_on": "2026-08-01",
        "participants": extra.pop("participants", 10),
        "metrics": metrics,
        "late": extra.pop("late", False),
        **extra,
    }


def _visit(unit: str, target: str, households: int, funds: str) -> dict[str, Any]:
    metrics = {"target": target, "households": households, "persons": households, "funds_yuan": Decimal(funds)}
    return _report(unit, "visit", metrics, participants=6)


def bayi_month() -> list[dict[str, Any]]:
    """DOMAIN.md's worked 八一 month: 203,900 yuan in all."""
    return [
        _visit("minzhengju", "troops", 16, "62000"),
        _visit("minzhengju", "disabled_veterans", 3, "1500"),
        _visit("minzhengju", "enterprises", 4, "34000"),
        _visit("minzhengju", "retired_cadres", 15, "3000"),
        _visit("chengguan", "military_families", 115, "23000"),
        _visit("chengguan", "demobilized", 26, "10400"),
        _visit("chengguan", "other", 300, "70000"),
    ]


def _summary(reports: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    return summarise("2026-08", reports, kw.pop("units", UNITS), kw.pop("nil", []), kw.pop("agreements", []), DEADLINE)


def _text(summary: dict[str, Any]) -> str:
    return "".join(p["text"] for p in summary["narrative"])


def test_wan_is_written_as_the_county_writes_it() -> None:
    assert wan_text(to_fen(62000)) == "6.2万元"
    assert wan_text(to_fen(70000)) == "7万元"
    assert wan_text(to_fen(203900)) == "20.39万元"
    assert wan_text(to_fen(100000)) == "10万元"
    assert wan_text(to_fen(Decimal("123456.78"))) == "12.35万元"
    assert wan_text(to_fen(Decimal("30.5"))) == "30.5元"  # too small for 万元: exact yuan
    assert yuan_text(to_fen(Decimal("1500.00"))) == "1500元"


def test_money_is_never_a_float_nor_finer_than_fen() -> None:
    with pytest.raises(InexactMoney):
        to_fen(0.1)
    with pytest.raises(InexactMoney):
        to_fen(Decimal("1.005"))
    assert to_fen(Decimal("0.10")) + to_fen(Decimal("0.20")) == to_fen(Decimal("0.30"))


def test_the_bayi_month_gives_exactly_20_39_wan_and_the_county_sentence() -> None:
    summary = _summary(bayi_month())
    head = summary["headline"]
    assert head["visit_funds_yuan"] == Decimal("203900.00")
    assert head["visit_funds_text"] == "20.39万元"
    assert head["troop_visits"] == 1
    # 优抚对象: disabled veterans 3 + military families 115 + demobilized 26; cadres, enterprises, other are not.
    assert head["beneficiary_households"] == 144
    assert "全县共走访驻军1次，走访优抚对象144户，走访慰问资金达20.39万元。" in _text(summary)
    troops = next(t for t in summary["by_target"] if t["target"] == "troops")
    assert troops["households"] == 16 and troops["funds_yuan"] == Decimal("62000.00")


def test_every_figure_is_summed_per_type_and_per_unit() -> None:
    reports = [
        *bayi_month(),
        _report("sifaju", "legal_lecture", {"attendees": 120, "materials": 300, "consultations": 18}, participants=120),
        _report("sifaju", "legal_lecture", {"attendees": 80, "materials": 0, "consultations": 2}, participants=80),
        _report("sifaju", "legal_aid", {"cases": 2, "beneficiaries": 3, "recovered_yuan": Decimal("0.10")}),
        _report("sifaju", "legal_aid", {"cases": 1, "beneficiaries": 1, "recovered_yuan": Decimal("0.20")}),
    ]
    summary = _summary(reports)
    by_type = {r["activity_type"]: r for r in summary["by_type"]}
    lecture = {f["code"]: f["value"] for f in by_type["legal_lecture"]["figures"]}
    assert lecture == {"attendees": 200, "materials": 300, "consultations": 20}
    assert by_type["legal_lecture"]["reports"] == 2 and by_type["legal_lecture"]["participants"] == 200
    aid = {f["code"]: f["value"] for f in by_type["legal_aid"]["figures"]}
    assert aid["recovered_yuan"] == Decimal("0.30")
    assert len(summary["by_type"]) == 17
    assert summary["totals"]["reports"] == 11
    assert summary["totals"]["participants"] == 7 * 6 + 120 + 80 + 10 + 10
    units = {u["unit_id"]: u for u in summary["by_unit"]}
    assert units["sifaju"]["by_type"] == {"legal_lecture": 2, "legal_aid": 2}
    aid_of_sifaju = units["sifaju"]["figures"]["legal_aid"]
    assert aid_of_sifaju == {"cases": 3, "beneficiaries": 4, "recovered_yuan": Decimal("0.30")}
    assert units["chengguan"]["figures"]["visit"]["funds_yuan"] == Decimal("103400.00")
    assert units["fayuan"]["reports"] == 0 and units["fayuan"]["status"] == "missing"


def test_the_narrative_fills_each_blank_and_leaves_out_zero_figures() -> None:
    reports = [
        _report("jiaoyuju", "symposium", {"attendees": 40, "beneficiary_attendees": 25}),
        _report("jiaoyuju", "symposium", {"attendees": 20, "beneficiary_attendees": 5}),
        _report("sifaju", "legal_lecture", {"attendees": 120, "materials": 300, "consultations": 0}),
        _report("sifaju", "legal_aid", {"cases": 2, "beneficiaries": 0, "recovered_yuan": 0}),
        _report("sifaju", "mediation", {"disputes": 3, "resolved": 2}),
        _report("jiaoyuju", "publicity", {"news_items": 4, "broadcasts": 0, "slogans": 12, "materials": 500}),
        _report("jiaoyuju", "notary", {"notarizations": 0, "fee_waived_yuan": 0}),
    ]
    text = _text(_summary(reports))
    assert "全县共召开拥军优属座谈会2次，参加座谈会的优抚对象30人。" in text
    assert "全县共开展法治宣传进军营活动1次，受教育官兵120人次，发放资料300份。" in text
    assert "全县共受理军人军属法律援助案件2件。" in text
    assert "全县共排查调处涉军矛盾纠纷3件，调解成功2件。" in text
    assert "全县共刊发双拥新闻报道4条，张贴悬挂宣传标语12条，发放宣传资料500份。" in text
    assert "全县共开展公证拥军活动1次。" in text  # reported, but with no figures
    assert "走访" not in text
    for zero in ("受援", "解答法律咨询", "广播稿", "挽回经济损失", "减免公证费"):
        assert zero not in text
    assert text.startswith("2026年8月，全县共有2个单位报送双拥活动7项")


def test_completeness_names_the_missing_and_the_late() -> None:
    reports = [
        _report("minzhengju", "other", {"attendees": 5}, late=False),
        _report("sifaju", "other", {"attendees": 5}, late=True),
        _report("sifaju", "other", {"attendees": 5}, late=True),
        _report("old-unit", "other", {"attendees": 5}),  # an inactive unit's report counts, the unit is not expected
    ]
    nil = [{"unit_id": "fayuan", "late": False}, {"unit_id": "chengguan", "late": True}]
    summary = _summary(reports, nil=nil)
    done = summary["completeness"]
    assert (done["expected"], done["reported"], done["nil_reported"], done["missing"]) == (5, 2, 2, 1)
    assert [u["name"] for u in done["missing_units"]] == ["县教育局"]
    assert [u["name"] for u in done["late_units"]] == ["城关街道办事处", "县司法局"]  # in the units' order
    assert (done["on_time"], done["late"]) == (2, 2)
    assert summary["totals"]["reports"] == 4 and summary["totals"]["reports_late"] == 2
    text = _text(summary)
    assert "未报送1个（县教育局）" in text and "逾期报送2个（城关街道办事处、县司法局）" in text
    rows = {u["unit_id"]: u for u in summary["by_unit"]}
    assert rows["old-unit"]["active"] is False and rows["old-unit"]["reports"] == 1
    assert rows["chengguan"]["status"] == "nil" and rows["chengguan"]["on_time"] is False


def test_a_unit_that_reported_on_time_once_is_on_time() -> None:
    reports = [_report("sifaju", "other", {}, late=True), _report("sifaju", "other", {}, late=False)]
    assert _summary(reports)["completeness"]["late_units"] == []


def test_co_building_lists_active_agreements_those_ending_within_60_days_and_their_activities() -> None:
    def agreement(agreement_id: str, valid_to: str, status: str = "active") -> dict[str, Any]:
        return {
            "agreement_id": agreement_id,
            "title": f"共建{agreement_id}",
            "unit_id": "sifaju",
            "military_unit": "73026部队",
            "valid_from": "2025-01-01",
            "valid_to": valid_to,
            "status": status,
        }

    agreements = [
        agreement("a", "2026-10-30"),  # 60 days after 8月31日: ending soon
        agreement("b", "2026-10-31"),  # 61 days: not yet
        agreement("c", "2026-08-15"),  # expired during the month
        agreement("d", "2027-01-01", "terminated"),
    ]
    reports = [
        _report("sifaju", "co_building", {"attendees": 30, "projects": 1}, agreement_id="a"),
        _report("sifaju", "co_building", {"attendees": 20, "projects": 0}, agreement_id="c"),
    ]
    co = _summary(reports, agreements=agreements)["co_building"]
    assert (co["active"], co["ending_soon"], co["reports"]) == (2, 1, 2)
    rows = {a["agreement_id"]: a for a in co["agreements"]}
    assert set(rows) == {"a", "b", "c"}
    assert rows["a"]["ends_in_days"] == 60 and rows["a"]["ending_soon"] and rows["a"]["reports"] == 1
    assert rows["c"]["status"] == "expired" and rows["c"]["reports"] == 1
    text = _text(_summary(reports, agreements=agreements))
    assert "截至2026年8月31日，全县现有有效军地共建协议2份，其中1份将于60日内到期（《共建a》）" in text


def test_a_report_of_an_unknown_type_cannot_be_summed_silently() -> None:
    with pytest.raises(UnreadableReport, match="parade"):
        _summary([_report("sifaju", "parade", {})])
    with pytest.raises(UnreadableReport):
        _summary([_report("sifaju", "visit", {"target": "aliens", "funds_yuan": 1})])


def test_an_empty_month_says_so() -> None:
    summary = _summary([])
    assert summary["narrative"] == [
        {
            "topic": "总体情况",
            "text": "2026年8月，全县未收到双拥活动报告。应报送单位5个，已报送0个，未报送5个"
            "（县退役军人事务局、城关街道办事处、县司法局、县人民法院、县教育局）；按时报送0个。",
        }
    ]


def test_a_unit_is_expected_for_the_months_that_ended_after_it_was_registered_in_beijing_time() -> None:
    units = [
        {**UNITS[0], "created_at": "2026-03-01T09:00:00+08:00"},
        {**UNITS[1], "created_at": "2026-08-31T23:30:00+08:00"},  # the month's last half hour: expected
        {**UNITS[2], "created_at": "2026-08-31T17:00:00+00:00"},  # 9月1日 01:00 in Beijing: not expected
        {**UNITS[3], "created_at": "2026-09-10T10:00:00+08:00"},  # later, but it filed 本月无活动
        {**UNITS[5], "created_at": "2026-01-01T10:00:00+08:00"},  # inactive: never expected
    ]
    nil = [{"unit_id": "fayuan", "late": False}]
    summary = _summary([_report("minzhengju", "other", {})], units=units, nil=nil)
    done = summary["completeness"]
    assert (done["expected"], done["reported"], done["nil_reported"], done["missing"]) == (2, 1, 0, 1)
    assert done["missing_units"] == [{"unit_id": "chengguan", "name": "城关街道办事处"}]
    assert {row["unit_id"]: row["status"] for row in summary["by_unit"]} == {
        "minzhengju": "reported",
        "chengguan": "missing",
        "fayuan": "nil",  # listed with what it filed, not counted among the expected
    }


def test_co_building_counts_the_agreements_in_force_on_the_months_last_day() -> None:
    def agreement(agreement_id: str, signed_on: str, valid_from: str, valid_to: str, **more: Any) -> dict[str, Any]:
        return {
            "agreement_id": agreement_id,
            "title": f"共建{agreement_id}",
            "unit_id": "sifaju",
            "military_unit": "73026部队",
            "signed_on": signed_on,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "status": "active",
            "updated_at": f"{signed_on}T10:00:00+08:00",
            **more,
        }

    agreements = [
        agreement("in-force", "2026-01-05", "2026-01-05", "2026-12-31"),
        agreement("starts-31st", "2026-08-01", "2026-08-31", "2027-08-30"),  # its first day is the month's last
        agreement("starts-later", "2026-08-20", "2026-09-01", "2027-08-31"),  # signed, not yet in force
        agreement("signed-later", "2026-09-03", "2026-10-01", "2027-09-30"),  # not signed by 8月31日: not named
        agreement("ended-31st", "2025-09-01", "2025-09-01", "2026-08-30"),  # its last day was the 30th
        agreement(
            "terminated-31st",
            "2025-01-01",
            "2025-01-01",
            "2027-12-31",
            status="terminated",
            ended_at="2026-08-31T16:00:00+08:00",
        ),
        agreement(
            "terminated-later",
            "2025-01-01",
            "2025-01-01",
            "2027-12-31",
            status="terminated",
            ended_at="2026-09-01T09:00:00+08:00",
        ),  # in force through August
    ]
    co = _summary([], agreements=agreements)["co_building"]
    assert (co["active"], co["not_yet_in_force"], co["ending_soon"]) == (3, 1, 0)
    assert [a["agreement_id"] for a in co["agreements"]] == ["in-force", "starts-31st", "terminated-later"]
    assert [a["ends_in_days"] for a in co["agreements"]] == [122, 364, 487]
    text = _text(_summary([], agreements=agreements))
    assert "截至2026年8月31日，全县现有有效军地共建协议3份，另有1份已签订、尚未生效。" in text
