"""The year's summary without AWS: a small year counted by hand, and any generated year against a plain count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.core.catalogue import ACTIVITY_TYPES, VISIT_TARGETS, FigureKind
from chalicelib.core.dates import deadline
from tests.helpers.summaries import AGREEMENT, summarise_year
from tests.helpers.years import assert_year_counts

YEAR = 2026
UNITS = [
    {"unit_id": "sifaju", "name": "县司法局", "active": True},
    {"unit_id": "minzhengju", "name": "县退役军人事务局", "active": True},
    {"unit_id": "jiaoyuju", "name": "县教育局", "active": True},
    {"unit_id": "old", "name": "已撤并单位", "active": False},
]
money = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
counts = st.integers(min_value=0, max_value=500)


@st.composite
def reports(draw: Any) -> dict[str, Any]:
    activity = draw(st.sampled_from(ACTIVITY_TYPES))
    metrics: dict[str, Any] = {f.code: draw(money if f.kind is FigureKind.MONEY else counts) for f in activity.figures}
    if activity.code == "visit":
        metrics["target"] = draw(st.sampled_from(sorted(VISIT_TARGETS)))
    for choice in activity.choices:  # 优抚's category and target, an honour's level, name and recipient
        options = [code for code, _ in choice.options] or ["全国双拥模范县（城）"]
        metrics[choice.code] = draw(st.sampled_from(options))
    month = draw(st.integers(min_value=1, max_value=8))
    return {
        "report_id": f"r{draw(st.integers(min_value=0, max_value=10**9))}",
        "unit_id": draw(st.sampled_from([u["unit_id"] for u in UNITS])),
        "activity_type": activity.code,
        "title": "活动",
        "occurred_on": date(YEAR, month, draw(st.integers(min_value=1, max_value=28))).isoformat(),
        "participants": draw(counts),
        "metrics": metrics,
        "late": draw(st.booleans()),
        "agreement_id": draw(st.sampled_from([None, "a1"])),
    }


MONTHS = [f"{YEAR}-{m:02d}" for m in range(1, 9)]  # January to August compiled
DEADLINES = {m: deadline(m, 5) for m in MONTHS}


def _by_month(found: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    return {m: [r for r in found if r["occurred_on"][:7] == m] for m in MONTHS}


def _made(report_id: str, unit: str, kind: str, on: str, participants: int, metrics: dict[str, Any], **more: Any):
    return {
        "report_id": report_id,
        "unit_id": unit,
        "activity_type": kind,
        "title": "活动",
        "occurred_on": on,
        "participants": participants,
        "metrics": metrics,
        "late": False,
        "agreement_id": None,
        **more,
    }


def test_a_year_of_six_reports_gives_the_figures_counted_by_hand() -> None:
    visit_troops = {"target": "troops", "households": 16, "persons": 80}
    visit_veterans = {"target": "veterans", "households": 10, "persons": 10}
    found = [
        _made(
            "r1",
            "sifaju",
            "legal_lecture",
            "2026-03-10",
            40,
            {"attendees": 120, "materials": 300, "consultations": 18},
            agreement_id="a1",
        ),
        _made("r2", "sifaju", "mediation", "2026-03-20", 5, {"disputes": 4, "resolved": 3}, late=True),
        _made(
            "r3",
            "minzhengju",
            "visit",
            "2026-08-01",
            12,
            {**visit_troops, "funds_yuan": Decimal("62000.00"), "goods_yuan": Decimal("1500.50")},
        ),
        _made(
            "r4",
            "minzhengju",
            "visit",
            "2026-01-20",
            8,
            {**visit_veterans, "funds_yuan": Decimal("8000.00"), "goods_yuan": Decimal("0.00")},
        ),
        _made("r5", "jiaoyuju", "defense_education", "2026-08-15", 50, {"attendees": 50, "sessions": 1}, late=True),
        _made("r6", "minzhengju", "symposium", "2026-01-25", 30, {"attendees": 30, "beneficiary_attendees": 12}),
    ]
    nil = {"2026-03": [{"unit_id": "jiaoyuju", "month": "2026-03", "late": False}]}
    year = summarise_year(YEAR, _by_month(found), UNITS, nil, [AGREEMENT], DEADLINES, as_of=date(2026, 9, 2))

    assert year["months"] == MONTHS
    totals = year["totals"]
    # 40 + 5 + 12 + 8 + 50 + 30 participants; r2 and r5 late; three units reported.
    assert (totals["reports"], totals["participants"], totals["reports_late"], totals["units_reporting"]) == (
        6,
        145,
        2,
        3,
    )
    assert year["headline"] == {
        "symposiums": 1,
        "symposium_beneficiaries": 12,
        "troop_visits": 1,
        "beneficiary_households": 10,  # 退役军人 are 优抚对象; the troops are not
        "beneficiary_repeat_visits": False,  # one visit to 退役军人: their 10 households are 户, not 户次
        "beneficiary_persons_only": 0,
        "visit_funds_yuan": Decimal("70000.00"),
        "visit_funds_text": "7万元",
        "visit_goods_yuan": Decimal("1500.50"),
    }
    visit = next(row for row in year["by_type"] if row["activity_type"] == "visit")
    assert (visit["reports"], visit["participants"]) == (2, 20)
    assert {f["code"]: f["value"] for f in visit["figures"]} == {
        "households": 26,
        "persons": 90,
        "funds_yuan": Decimal("70000.00"),
        "goods_yuan": Decimal("1500.50"),
    }
    assert [(row["reports"], row["participants"]) for row in year["by_month"]] == [
        (2, 38),
        (0, 0),
        (2, 45),
        (0, 0),
        (0, 0),
        (0, 0),
        (0, 0),
        (2, 62),
        (0, 0),
        (0, 0),
        (0, 0),
        (0, 0),
    ]
    # Three active units × eight months = 24 unit·months: 1月 民政, 3月 司法, 8月 民政 and 教育 reported;
    # 3月 教育 本月无活动; 8月 教育's only report was late.
    done = year["completeness"]
    assert [done[k] for k in ("expected", "reported", "nil_reported", "missing", "on_time", "late")] == [
        24,
        4,
        1,
        19,
        4,
        1,
    ]
    units = {row["unit_id"]: row for row in year["by_unit"]}
    assert [
        (
            units[u]["reports"],
            units[u]["months_reported"],
            units[u]["months_nil"],
            units[u]["months_missing"],
            units[u]["months_late"],
        )
        for u in ("sifaju", "minzhengju", "jiaoyuju")
    ] == [(2, 1, 0, 7, 0), (3, 2, 0, 6, 0), (1, 1, 1, 6, 1)]
    assert year["co_building"]["reports"] == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(found=st.lists(reports(), max_size=60))
def test_any_years_figures_are_a_plain_count_of_its_reports(found: list[dict[str, Any]]) -> None:
    year = summarise_year(YEAR, _by_month(found), UNITS, {}, [AGREEMENT], DEADLINES)
    assert assert_year_counts(year, found) > 20
