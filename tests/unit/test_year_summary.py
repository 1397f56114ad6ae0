"""The year's summary without AWS: every figure is the sum of its months', on generated reports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.core.catalogue import ACTIVITY_TYPES, VISIT_TARGETS, FigureKind
from chalicelib.core.dates import deadline
from chalicelib.summaries.tally import summarise
from chalicelib.summaries.year import sections, summarise_year
from tests.year_helpers import assert_year_is_the_sum_of_its_months

YEAR = 2026
UNITS = [
    {"unit_id": "sifaju", "name": "县司法局", "active": True},
    {"unit_id": "minzhengju", "name": "县退役军人事务局", "active": True},
    {"unit_id": "jiaoyuju", "name": "县教育局", "active": True},
    {"unit_id": "old", "name": "已撤并单位", "active": False},
]
AGREEMENT = {
    "agreement_id": "a1",
    "title": "法律服务共建协议",
    "unit_id": "sifaju",
    "military_unit": "73026部队",
    "signed_on": "2026-03-01",
    "valid_from": "2026-03-01",
    "valid_to": "2027-02-28",
    "status": "active",
    "updated_at": "2026-03-01T09:00:00+08:00",
}
money = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
counts = st.integers(min_value=0, max_value=500)


@st.composite
def reports(draw: Any) -> dict[str, Any]:
    activity = draw(st.sampled_from(ACTIVITY_TYPES))
    metrics: dict[str, Any] = {f.code: draw(money if f.kind is FigureKind.MONEY else counts) for f in activity.figures}
    if activity.code == "visit":
        metrics["target"] = draw(st.sampled_from(sorted(VISIT_TARGETS)))
    month = draw(st.integers(min_value=1, max_value=12))
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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    found=st.lists(reports(), max_size=60),
    nil=st.sets(st.tuples(st.sampled_from(["sifaju", "jiaoyuju"]), st.integers(min_value=1, max_value=12))),
)
def test_the_year_is_the_sum_of_its_twelve_months(found: list[dict[str, Any]], nil: set[tuple[str, int]]) -> None:
    months = [f"{YEAR}-{m:02d}" for m in range(1, 13)]
    by_month = {m: [r for r in found if r["occurred_on"][:7] == m] for m in months}
    nil_reports = {
        m: [{"unit_id": u, "month": m, "late": False} for u, n in sorted(nil) if f"{YEAR}-{n:02d}" == m] for m in months
    }
    deadlines = {m: deadline(m, 5) for m in months}
    monthly = [summarise(m, by_month[m], UNITS, nil_reports[m], [AGREEMENT], deadlines[m]) for m in months]
    year = summarise_year(YEAR, by_month, UNITS, nil_reports, [AGREEMENT], deadlines)
    assert assert_year_is_the_sum_of_its_months(year, monthly) > 100
    assert year["totals"]["reports"] == len(found)
    assert year["totals"]["units_reporting"] == len({r["unit_id"] for r in found})
    assert [row["reports"] for row in year["by_month"]] == [len(by_month[m]) for m in months]


def test_the_summarys_sections_follow_the_plans_headings() -> None:
    plan = {
        "counts": {"tasks": 3, "done": 1, "in_progress": 0, "not_started": 1, "overdue": 1},
        "headings": [{"heading": "组织领导"}, {"heading": "法律拥军"}, {"heading": "拥军优属"}],
        "tasks": [
            _task("组织领导", "召开领导小组会议", [], "done"),
            _task("法律拥军", "送法进军营", ["legal_lecture", "mediation"], "not_started"),
            _task("拥军优属", "八一走访慰问", ["visit"], "overdue"),
        ],
    }
    visit = {"target": "troops", "households": 16, "persons": 80, "funds_yuan": Decimal("62000"), "goods_yuan": 0}
    lecture = {"attendees": 120, "materials": 300, "consultations": 18}
    reports = {
        "2026-08": [
            _report("visit", visit),
            _report("legal_lecture", lecture),
            _report("defense_education", {"attendees": 50, "sessions": 1}),
        ]
    }
    year = summarise_year(
        YEAR, reports, UNITS, {}, [AGREEMENT], {"2026-08": date(2026, 9, 5)}, plan=plan, as_of=date(2026, 8, 20)
    )
    assert [heading for heading, _ in sections(year)] == [
        "组织领导",
        "法律拥军",
        "拥军优属",
        "宣传教育",
        "退役军人服务和优抚政策落实",
        "军地共建",
    ]
    topics = {p["topic"]: p["text"] for p in year["narrative"]}
    assert list(topics) == ["总体情况", "组织领导", "法律拥军", "拥军优属", "宣传教育", "军地共建"]
    assert topics["总体情况"].startswith("2026年8月，全县共有1个单位报送双拥活动3项")
    assert "年度双拥工作计划共3项任务，已完成1项，进行中0项，未开始1项，逾期未报1项。" in topics["总体情况"]
    assert topics["组织领导"] == "年度计划中本方面任务1项，已完成1项（《召开领导小组会议》）。"
    assert topics["法律拥军"].startswith("全县共开展法治宣传进军营活动1次，受教育官兵120人次")
    assert "未开始1项（《送法进军营》）" in topics["法律拥军"]
    assert topics["拥军优属"].startswith(
        "全县共走访驻军1次，走访慰问资金达6.2万元。其中：走访慰问驻军部队1次、16个单位"
    )
    assert "逾期未报1项（《八一走访慰问》，县退役军人事务局，8月）" in topics["拥军优属"]
    assert "开展国防教育活动1次" in topics["宣传教育"]
    assert "新签订军地共建协议1份（《法律服务共建协议》）" in topics["军地共建"]


def _task(heading: str, title: str, kinds: list[str], state: str) -> dict[str, Any]:
    return {
        "task_id": title,
        "heading": heading,
        "title": title,
        "unit_ids": ["minzhengju"],
        "unit_names": ["县退役军人事务局"],
        "window": {"from": "2026-08-01", "to": "2026-08-31", "text": "8月"},
        "activity_types": kinds,
        "target": None,
        "progress": {"state": state, "reports": 0},
    }


def _report(kind: str, metrics: dict[str, Any]) -> dict[str, Any]:
    return {
        "report_id": kind,
        "unit_id": "sifaju",
        "activity_type": kind,
        "occurred_on": "2026-08-01",
        "participants": 10,
        "metrics": metrics,
    }
