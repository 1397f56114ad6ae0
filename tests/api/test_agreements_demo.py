"""The demo county of `make run`: its units expected in the demo month, its two agreements (one in force and
ending within 60 days of the month's end, one signed in the month and 未生效 until next month)."""

from __future__ import annotations

import boto3

from chalicelib.context import Context
from local import demo
from tests.conftest import Api, SettableClock
from tests.helpers.summaries import compiled


def test_the_demo_month_counts_its_agreement_in_force_and_names_the_one_not_yet_in_force(
    api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock
) -> None:
    clock.set("2026-08-03T10:00:00")
    demo.seed(ctx)  # the demo month is July; the units were registered on 2025-08-03

    states = {
        a["unit_id"]: (a["status"], a["ends_in_days"], a["starts_in_days"])
        for a in api.get("/agreements").json["items"]
    }
    assert states == {"sifaju": ("active", 45, None), "jiaoyuju": ("not_yet_in_force", None, 29)}

    found = compiled(api, ctx, aws, "2026-07")
    done = found["completeness"]
    assert (done["expected"], done["reported"], done["nil_reported"], done["missing"]) == (6, 5, 1, 0)
    co = found["co_building"]
    assert (co["as_of"], co["active"], co["ending_soon"], co["not_yet_in_force"]) == ("2026-07-31", 1, 1, 1)
    assert [(a["title"], a["ends_in_days"]) for a in co["agreements"]] == [("县司法局与73026部队法律服务共建协议", 48)]
    text = "".join(p["text"] for p in found["narrative"])
    assert (
        "截至2026年7月31日，全县现有有效军地共建协议1份，其中1份将于60日内到期（《县司法局与73026部队法律服务共建协议》），"
        "另有1份已签订、尚未生效。"
    ) in text
