"""Who is chased for a month: the active units registered before it ended, the same units the month's summary
expects. A unit set inactive is chased for nothing; a unit registered after a month ended is neither e-mailed
for that month nor missing in its summary."""

from __future__ import annotations

from typing import Any

import boto3

from chalicelib.context import Context
from tests.conftest import Api, SettableClock
from tests.helpers import reminders
from tests.helpers.reminders import COUNTY, Outbox, run_at
from tests.helpers.summaries import compiled

ctx = reminders.ctx  # the shared context, with the county office's inbox and SES on moto
outbox = reminders.outbox

AUGUST = "【双拥填报】请于2026年9月5日前填报2026年8月双拥活动"
SEPTEMBER_NUDGE = "【双拥填报】2026年9月即将结束，请及时填报本月双拥活动"
MARTYRS_DAY = "【双拥填报】烈士纪念日（2026年9月30日）双拥活动提醒"


def sent(outbox: Outbox) -> list[tuple[str, str]]:
    return sorted((",".join(m["to"]), m["subject"]) for m in outbox.new())


def county(api: Api, clock: SettableClock) -> None:
    """司法局 and 教育局 registered in July; 教育局 set inactive in August; 新区街道 registered on 9月3日 08:00."""
    clock.set("2026-07-15T10:00:00")
    api.unit("sifaju", "县司法局", ["sfj@example.cn"])
    api.unit("jiaoyuju", "县教育局", ["jyj@example.cn"])
    clock.set("2026-08-12T10:00:00")
    unit: dict[str, Any] = api.get("/units/jiaoyuju").json
    body = {"name": unit["name"], "kind": unit["kind"], "emails": unit["emails"], "active": False}
    assert api.put("/units/jiaoyuju", body).status == 200
    clock.set("2026-09-03T08:00:00")
    api.unit("xinqu-jd", "新区街道办事处", ["xq@example.cn"])


def test_only_active_units_registered_before_the_month_ended_are_chased_for_it(
    api: Api, clock: SettableClock, outbox: Outbox
) -> None:
    county(api, clock)
    run_at(clock, "2026-09-03T09:00")  # a reminder day of August, an hour after 新区街道 was registered
    assert sent(outbox) == [("sfj@example.cn", AUGUST)]

    run_at(clock, "2026-09-06T09:00")  # the digest counts the same units
    (digest,) = outbox.new()
    assert digest["to"] == [COUNTY]
    assert digest["subject"] == "【双拥填报】2026年8月填报情况：1个单位未报"
    assert "参加填报的1个单位中，按时填报0个，迟报0个，未报1个。" in digest["text"]
    assert "县教育局" not in digest["text"] and "新区街道办事处" not in digest["text"]

    run_at(clock, "2026-09-25T09:00")  # September ends after 新区街道 was registered: it is chased for it
    assert sent(outbox) == [
        ("sfj@example.cn", SEPTEMBER_NUDGE),
        ("sfj@example.cn", MARTYRS_DAY),
        ("xq@example.cn", SEPTEMBER_NUDGE),
        ("xq@example.cn", MARTYRS_DAY),
    ]


def test_a_unit_registered_after_the_month_ended_is_not_missing_in_its_summary(
    api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock
) -> None:
    county(api, clock)
    clock.set("2026-09-10T10:00:00")
    api.unit("xiangzhen", "城东镇人民政府", ["cdz@example.cn"])  # on 9月10日
    completeness = compiled(api, ctx, aws, "2026-08")["completeness"]
    assert (completeness["expected"], completeness["missing"]) == (1, 1)
    assert completeness["missing_units"] == [{"unit_id": "sifaju", "name": "县司法局"}]

    found = compiled(api, ctx, aws, "2026-09")  # September: both registered before its end are expected
    assert (found["completeness"]["due"], found["completeness"]["missing"]) == (False, 0)  # due on 10月5日
    pending = {u["name"] for u in found["completeness"]["pending_units"]}
    assert pending == {"县司法局", "新区街道办事处", "城东镇人民政府"}
