"""Each warning rule (reports/warnings.py) with hand-made reports: the warning it gives, written out, and the
report just inside the rule that gives none."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import simplejson
from boto3.dynamodb.types import TypeSerializer

from bench import data
from chalicelib.reports.warnings import (
    RULES,
    County,
    History,
    histogram,
    histogram_text,
    page_rules,
    usual,
    warnings_of,
)

CONTEXT = ("profile", "agreement", "history")


def report(activity_type: str, metrics: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "report_id": "r1",
        "unit_id": "minzhengju",
        "activity_type": activity_type,
        "title": "八一走访",
        "occurred_on": "2026-08-01",
        "month": "2026-08",
        "participants": 6,
        "metrics": metrics,
        **fields,
    }


def test_every_rule_has_a_test_here() -> None:
    tested = {
        "visit_persons_below_households",
        "legal_aid_beneficiaries_below_cases",
        "allowance_coverage_over_100",
        "visit_money_per_household_unusual",
        "visit_money_per_person_unusual",
        "outside_agreement_validity",
        "participants_unusual",
    }
    assert {rule.code for rule in RULES} == tested


def test_a_visit_with_fewer_persons_than_households() -> None:
    found = warnings_of(report("visit", {"target": "veterans", "households": 4, "persons": 3, "funds_yuan": 800}))
    assert found == [
        {
            "code": "visit_persons_below_households",
            "severity": "medium",
            "field": "metrics.persons",
            "message": "慰问人数（3人）少于走访户数（4户），每户至少慰问一人，请核对是否填反或漏填",
        }
    ]
    assert warnings_of(report("visit", {"target": "veterans", "households": 4, "persons": 4})) == []
    # 16 units of troops, their persons not given: nothing to compare
    assert warnings_of(report("visit", {"target": "troops", "households": 16, "funds_yuan": 62000})) == []


def test_the_group_of_a_visit_to_several_groups_is_named() -> None:
    groups = [
        {"target": "troops", "households": 16, "persons": 80, "funds_yuan": 62000},
        {"target": "demobilized", "households": 26, "persons": 20, "funds_yuan": 10400},
    ]
    found = warnings_of(report("visit", {"groups": groups}))
    assert [(w["field"], w["message"]) for w in found] == [
        ("metrics.groups.1.persons", "慰问人数（20人）少于走访户数（26户），每户至少慰问一人，请核对是否填反或漏填")
    ]


def test_legal_aid_with_fewer_beneficiaries_than_cases() -> None:
    found = warnings_of(report("legal_aid", {"cases": 5, "beneficiaries": 2, "recovered_yuan": 0}))
    assert found == [
        {
            "code": "legal_aid_beneficiaries_below_cases",
            "severity": "medium",
            "field": "metrics.beneficiaries",
            "message": "受援人数（2人）少于受理援助案件（5件），每件案件至少有一名受援人，请核对",
        }
    ]
    assert warnings_of(report("legal_aid", {"cases": 5, "beneficiaries": 5})) == []
    assert warnings_of(report("legal_aid", {"cases": 5})) == []


def test_allowance_paid_to_more_households_than_the_profile_entitles() -> None:
    paid = report("preferential", {"category": "allowance", "households": 132, "amount_yuan": 277200})
    county = County(profile={"allowance_households": 120})
    assert warnings_of(paid, county, CONTEXT) == [
        {
            "code": "allowance_coverage_over_100",
            "severity": "high",
            "field": "metrics.households",
            "message": "发放优待金132户，多于本县2026年基本情况中应享受优待金的120户（优待面110%），"
            "请核对户数或本县基本情况",
        }
    ]
    exactly = report("preferential", {"category": "allowance", "households": 120, "amount_yuan": 252000})
    assert warnings_of(exactly, county, CONTEXT) == []
    medical = report("preferential", {"category": "medical", "households": 132, "amount_yuan": 1000})
    assert warnings_of(medical, county, CONTEXT) == []
    assert warnings_of(paid, County(profile={"allowance_households": None}), CONTEXT) == []
    assert warnings_of(paid) == [], "without the profile the rule is not judged"


# five groups of veterans in the history: 200, 250, 300, 300, 400 yuan per household (median 300, kept as the middle
# of its bucket: 20 × lg 300 = 49.54, bucket 49, from 10^2.45 = 281.8 to 10^2.5 = 316.2, middle 10^2.475 = 298.5)
VETERANS = History(per_household={"veterans": histogram([200, 250, 300, 300, 400])})


def test_money_per_household_far_above_the_countys_own_history() -> None:
    # 3,010 yuan per household: more than ten times 298.5
    visit = report(
        "visit", {"target": "veterans", "households": 10, "persons": 10, "funds_yuan": 30000, "goods_yuan": 100}
    )
    assert warnings_of(visit, County(history=VETERANS), CONTEXT) == [
        {
            "code": "visit_money_per_household_unusual",
            "severity": "medium",
            "field": "metrics.funds_yuan",
            "message": "户均慰问金额3010元，超过本县近一年走访退役军人户均约300元（中位数）的10倍，请核对金额或户数",
        }
    ]
    just = report("visit", {"target": "veterans", "households": 10, "persons": 10, "funds_yuan": 29850})
    assert warnings_of(just, County(history=VETERANS), CONTEXT) == [], "2,985 is not over ten times 298.5"
    four = History(per_household={"veterans": histogram([200, 250, 300, 300])})
    assert warnings_of(visit, County(history=four), CONTEXT) == [], "four reports are too few to judge by"
    troops = report("visit", {"target": "troops", "households": 10, "persons": 10, "funds_yuan": 30100})
    assert warnings_of(troops, County(history=VETERANS), CONTEXT) == [], "another target's history"


def test_money_per_person_far_above_the_countys_own_history() -> None:
    history = History(per_person={"troops": histogram([100, 120, 150, 150, 800, 900])})
    # the median of six: (150 + 150) / 2 = 150, in bucket 43 (20 × lg 150 = 43.52), whose middle is 10^2.175 = 149.6;
    # 16 units, 10 persons, 15,100 yuan: 1,510 yuan a person
    visit = report("visit", {"target": "troops", "households": 16, "persons": 10, "funds_yuan": 15100})
    found = warnings_of(visit, County(history=history), CONTEXT)
    assert [w for w in found if w["code"] == "visit_money_per_person_unusual"] == [
        {
            "code": "visit_money_per_person_unusual",
            "severity": "medium",
            "field": "metrics.funds_yuan",
            "message": "人均慰问金额1510元，超过本县近一年慰问驻军部队人均约150元（中位数）的10倍，请核对金额或人数",
        }
    ]


AGREEMENT = {"agreement_id": "a1", "title": "法律服务共建协议", "valid_from": "2026-03-01", "valid_to": "2027-02-28"}


def test_a_report_dated_outside_its_agreements_validity() -> None:
    before = report("legal_lecture", {"attendees": 120}, agreement_id="a1", occurred_on="2026-02-27")
    assert warnings_of(before, County(agreement=AGREEMENT), CONTEXT) == [
        {
            "code": "outside_agreement_validity",
            "severity": "high",
            "field": "occurred_on",
            "message": "活动日期2026-02-27不在所属共建协议“法律服务共建协议”的有效期（2026-03-01至2027-02-28）内，"
            "请核对日期或所属协议",
        }
    ]
    first_day = report("legal_lecture", {"attendees": 120}, agreement_id="a1", occurred_on="2026-03-01")
    assert warnings_of(first_day, County(agreement=AGREEMENT), CONTEXT) == []
    unlinked = report("legal_lecture", {"attendees": 120}, occurred_on="2026-02-27")
    assert warnings_of(unlinked, County(agreement=AGREEMENT), CONTEXT) == []


def test_participants_far_beyond_the_units_usual_count() -> None:
    # the median 10 is kept as the middle of its bucket (from 10 to 10^1.05 = 11.2): 10^1.025 = 10.59
    history = History(participants={"minzhengju": histogram([6, 8, 10, 12, 40]), "sifaju": histogram([1000] * 5)})
    crowd = report("culture", {"attendees": 106}, participants=106)
    assert warnings_of(crowd, County(history=history), CONTEXT) == [
        {
            "code": "participants_unusual",
            "severity": "medium",
            "field": "participants",
            "message": "参加人数106人，超过本单位近一年活动参加人数约11人（中位数）的10倍，请核对",
        }
    ]
    assert warnings_of(report("culture", {"attendees": 105}, participants=105), County(history=history), CONTEXT) == []


def participants_kept(*months: list[int]) -> list[Any]:
    """Each month's norms as its compile keeps them, of reports of minzhengju with these participants."""
    kept = []
    for values in months:
        month = History()
        for value in values:
            month.add(report("culture", {"attendees": value}, participants=value))
        kept.append(month.kept())
    return kept


def test_the_median_of_merged_months_is_within_a_bucket_of_the_exact_one() -> None:
    kept = participants_kept([120, 135, 150], [160, 500], [90, 100, 3000])
    # all eight: 90 100 120 135 150 160 500 3000, the median (135 + 150) / 2 = 142.5; kept as the middles of their
    # buckets, 135's 42 (20 × lg 135 = 42.61): 10^2.125 = 133.35, 150's 43 (43.52): 10^2.175 = 149.62
    found = usual(History.of(kept).participants["minzhengju"])
    assert found is not None and found.quantize(Decimal("0.01")) == Decimal("141.49")
    assert Decimal("142.5") / Decimal("1.1220") < found < Decimal("142.5") * Decimal("1.1220"), "one bucket: 10^0.05"
    # five or more values, counted over the merged months
    assert usual(History.of(kept[:1]).participants["minzhengju"]) is None, "three values"
    two_months = usual(History.of(kept[:2]).participants["minzhengju"])  # 120 135 150 160 500: 150, bucket 43
    assert two_months is not None and two_months.quantize(Decimal("0.01")) == Decimal("149.62")
    # a month compiled before the histograms kept the values themselves: 90 100 120 135 150, the median 120 in
    # bucket 41 (41.58), its middle 10^2.075 = 118.85
    old = usual(History.of([{"participants": {"minzhengju": [90, 100, 120, 135, 150]}}]).participants["minzhengju"])
    assert old is not None and old.quantize(Decimal("0.01")) == Decimal("118.85")


def test_a_months_histogram_is_kept_as_runs_of_counts() -> None:
    # 0 twice (the bucket below 0.01), 10 three times (bucket 20: 20 × lg 10), 12.6 once (bucket 22: 22.01)
    assert histogram_text(histogram([0, 0, 10, 10, 10, Decimal("12.6")])) == "-41:2 20:3,,1"
    assert participants_kept([0, 0, 10, 10, 10, 13]) == [  # 13: bucket 22 (22.28)
        {"per_household": {}, "per_person": {}, "participants": {"minzhengju": "-41:2 20:3,,1"}}
    ]


def test_a_month_of_20000_reports_keeps_a_small_history() -> None:
    """The benchmark's month (bench/data.py: 20,000 reports of every type from 200 units) keeps its history in
    under 20 KB, as DynamoDB stores it (the values' text with JSON's punctuation): a twentieth of the 400 KB an
    item may hold. Its participants alone were 20,000 numbers when each value was kept."""
    month = History()
    for generated in data.reports(20_000, 200, "2026-08", 1):
        month.add(generated)
    kept = month.kept()
    TypeSerializer().serialize(kept)  # storable as it is
    assert len(simplejson.dumps(kept, separators=(",", ":"))) < 20_000
    merged = History.of([kept])
    assert len(merged.participants) == 200
    assert sum(counts.total() for counts in merged.participants.values()) == 20_000, "every report counted"


def test_the_page_gets_the_report_rules_as_comparisons() -> None:
    assert page_rules() == [
        {
            "code": "visit_persons_below_households",
            "severity": "medium",
            "activity_type": "visit",
            "field": "metrics.persons",
            "message": "慰问人数（{persons}人）少于走访户数（{households}户），每户至少慰问一人，请核对是否填反或漏填",
            "when": [
                {"figure": "persons", "op": ">", "value": 0},
                {"figure": "persons", "op": "<", "other": "households"},
            ],
        },
        {
            "code": "legal_aid_beneficiaries_below_cases",
            "severity": "medium",
            "activity_type": "legal_aid",
            "field": "metrics.beneficiaries",
            "message": "受援人数（{beneficiaries}人）少于受理援助案件（{cases}件），每件案件至少有一名受援人，请核对",
            "when": [
                {"figure": "beneficiaries", "op": ">", "value": 0},
                {"figure": "beneficiaries", "op": "<", "other": "cases"},
            ],
        },
    ]


def test_the_readme_lists_every_rule() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert [rule.code for rule in RULES if f"| `{rule.code}` | " not in readme] == []


def test_a_report_stored_before_the_forms_checked_its_figures_gives_no_warning_and_no_error() -> None:
    """Such a report is named `unreadable` by the compile; GET and the list still answer it."""
    history = History(per_household={"veterans": histogram([300] * 5)}, participants={"minzhengju": histogram([6] * 5)})
    county = County(profile={"allowance_households": 1}, history=history)
    texts = report("visit", {"target": "veterans", "households": "4", "persons": "3", "funds_yuan": "九千"})
    assert warnings_of({**texts, "participants": "很多"}, county, CONTEXT) == []
    assert warnings_of(report("visit", ["not", "figures"]), county, CONTEXT) == []
    assert warnings_of(report("visit", {"groups": ["not a group"]}), county, CONTEXT) == []
    assert History.of([None]) == History(), "a month compiled before the rules kept no history"
