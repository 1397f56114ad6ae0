"""Which reminder e-mails are due, decided on plain values (reminders/due.py): no table, no mail."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.calendar.models import Campaign
from chalicelib.reminders.due import MonthFacts, Situation, decide

REGISTERED = "2026-01-05T09:00:00+08:00"
UNITS = [
    {"unit_id": "sifaju", "name": "县司法局", "emails": ["sfj@example.cn"], "created_at": REGISTERED},
    {"unit_id": "minzhengju", "name": "县民政局", "emails": ["mzj@example.cn"], "created_at": REGISTERED},
    {"unit_id": "jiaoyuju", "name": "县教育局", "emails": [], "created_at": REGISTERED},
    {"unit_id": "wenlvju", "name": "县文旅局", "emails": ["wlj@example.cn"], "created_at": REGISTERED},
    {"unit_id": "tingyong", "name": "停用单位", "emails": ["ty@example.cn"], "active": False, "created_at": REGISTERED},
    # registered in September: August did not expect it
    {
        "unit_id": "gonganju",
        "name": "县公安局",
        "emails": ["gaj@example.cn"],
        "created_at": "2026-09-01T10:00:00+08:00",
    },
]


def month(name: str, deadline: date, lock: date, **units: frozenset[str]) -> MonthFacts:
    return MonthFacts(
        name,
        deadline,
        lock,
        units.get("reported", frozenset()),
        units.get("late", frozenset()),
        units.get("returned_only", frozenset()),
    )


def situation(today: date, august: MonthFacts, **more: Any) -> Situation:
    """Autumn 2026 as seen on `today`: August's facts given, the months around it with nobody missing."""
    everyone = frozenset(u["unit_id"] for u in UNITS)
    months = {
        f"2026-{m:02d}": month(f"2026-{m:02d}", date(2026, m + 1, 5), date(2026, m + 1, 10), reported=everyone)
        for m in (7, 9, 10)
    }
    months["2026-08"] = august
    return Situation(
        today,
        UNITS,
        months,
        more.pop("agreements", []),
        more.pop("campaigns", []),
        public_url="https://sy.example.cn",
        county_name="北湖区",
        **more,
    )


def keyed(planned: list[Any]) -> list[tuple[str, str, str]]:
    return [(p.reason, p.period, p.recipient) for p in planned]


AUGUST_DEADLINE, AUGUST_LOCK = date(2026, 9, 5), date(2026, 9, 10)


def test_a_unit_expected_for_august_that_has_not_reported_is_reminded_on_the_latest_reminder_day() -> None:
    # 2 September: the reminder days of August are the 25th of August and the 1st and 3rd of September; the
    # latest passed is 1 September. 司法局 reported; 民政局, 教育局 (no address) and 文旅局 (only returned
    # reports) have not; the inactive unit and 公安局 (registered in September) are not expected.
    august = month(
        "2026-08", AUGUST_DEADLINE, AUGUST_LOCK, reported=frozenset({"sifaju"}), returned_only=frozenset({"wenlvju"})
    )
    planned = decide(situation(date(2026, 9, 2), august))
    assert keyed(planned) == [
        ("missing", "2026-08@2026-09-01", "minzhengju"),
        ("missing", "2026-08@2026-09-01", "jiaoyuju"),
        ("missing", "2026-08@2026-09-01", "wenlvju"),
    ]
    by_unit = {p.recipient: p.email for p in planned}
    assert by_unit["minzhengju"].to == ("mzj@example.cn",)
    assert by_unit["minzhengju"].subject == "【双拥填报】请于2026年9月5日前填报2026年8月双拥活动"
    assert by_unit["jiaoyuju"].to == ()  # planned all the same: the daily job records it as unreachable
    assert by_unit["wenlvju"].subject == "【双拥填报】请更正退回修改的2026年8月双拥活动报告"
    assert "北湖区双拥办" in by_unit["minzhengju"].text


def test_after_the_deadline_the_county_gets_the_digest_for_a_week_and_the_units_no_more_reminders() -> None:
    # expected for August: 司法局, 民政局, 教育局, 文旅局 (4); reported: 司法局 and 文旅局, 文旅局 late;
    # so 1 on time, 1 late, 2 missing (民政局, and 教育局 which has no address).
    august = month(
        "2026-08", AUGUST_DEADLINE, AUGUST_LOCK, reported=frozenset({"sifaju", "wenlvju"}), late=frozenset({"wenlvju"})
    )
    first_day = decide(situation(date(2026, 9, 6), august, county_emails=("sybgs@example.cn",)))
    assert keyed(first_day) == [("digest", "2026-08", "county")]
    digest = first_day[0].email
    assert digest.to == ("sybgs@example.cn",)
    assert digest.subject == "【双拥填报】2026年8月填报情况：2个单位未报"
    assert "参加填报的4个单位中，按时填报1个，迟报1个，未报2个。" in digest.text
    assert "县教育局（无联系邮箱）" in digest.text
    assert keyed(decide(situation(date(2026, 9, 12), august))) == [("digest", "2026-08", "county")]
    assert keyed(decide(situation(date(2026, 9, 13), august))) == []  # the week is over


def test_an_agreement_ending_within_60_days_is_announced_once_for_each_window() -> None:
    def agreement(agreement_id: str, unit_id: str, days: int, status: str = "active") -> dict[str, Any]:
        return {
            "agreement_id": agreement_id,
            "unit_id": unit_id,
            "title": f"协议{agreement_id}",
            "military_unit": "73026部队",
            "valid_to": "2026-10-31",
            "status": status,
            "ends_in_days": days,
        }

    everyone = frozenset(u["unit_id"] for u in UNITS)
    august = month("2026-08", AUGUST_DEADLINE, AUGUST_LOCK, reported=everyone)
    agreements = [
        agreement("a61", "sifaju", 61),  # not yet
        agreement("a60", "sifaju", 60),
        agreement("a31", "minzhengju", 31),
        agreement("a30", "minzhengju", 30),
        agreement("a0", "jiaoyuju", 0),
        agreement("ended", "sifaju", 10, status="expired"),
        agreement("idle", "tingyong", 10),  # its unit is inactive
    ]
    planned = decide(situation(date(2026, 9, 2), august, agreements=agreements))
    assert keyed(planned) == [
        ("agreement-60", "a60@2026-10-31", "sifaju"),
        ("agreement-60", "a31@2026-10-31", "minzhengju"),
        ("agreement-30", "a30@2026-10-31", "minzhengju"),
        ("agreement-30", "a0@2026-10-31", "jiaoyuju"),
    ]


def test_a_campaign_is_announced_to_every_active_unit_from_its_lead_days_before_to_the_day_before() -> None:
    everyone = frozenset(u["unit_id"] for u in UNITS)
    august = month("2026-08", AUGUST_DEADLINE, AUGUST_LOCK, reported=everyone)
    national_day = Campaign(code="guoqing", name="国庆节", annual_on="10-01", lead_days=10)
    active = ["sifaju", "minzhengju", "jiaoyuju", "wenlvju", "gonganju"]
    for today, due in (
        (date(2026, 9, 20), False),
        (date(2026, 9, 21), True),
        (date(2026, 9, 30), True),
        (date(2026, 10, 1), False),
    ):
        planned = decide(situation(today, august, campaigns=[national_day]))
        campaign = [(p.period, p.recipient) for p in planned if p.reason == "campaign"]
        assert campaign == ([("guoqing@2026-10-01", unit) for unit in active] if due else []), today
