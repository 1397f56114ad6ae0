"""Co-building agreements by the day they are in force: 未生效 before they start, and the summaries counting
those in force at their period's end, not today."""

from __future__ import annotations

from typing import Any

import boto3

from chalicelib.context import Context
from tests.conftest import Api, SettableClock
from tests.helpers.summaries import compiled


def agreement(title: str, signed_on: str, valid_from: str, valid_to: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": title,
        "unit_id": "sifaju",
        "military_unit": "73026部队",
        "signed_on": signed_on,
        "valid_from": valid_from,
        "valid_to": valid_to,
        **extra,
    }


IN_FORCE = agreement("法律服务共建协议", "2025-12-20", "2026-01-01", "2027-12-31")
STARTS_NEXT_MONTH = agreement("国防教育共建协议", "2026-08-10", "2026-09-01", "2028-08-31")
ENDED_LAST_MONTH = agreement("普法共建协议", "2024-06-20", "2024-07-01", "2026-07-15")


def register(api: Api, *bodies: dict[str, Any]) -> dict[str, str]:
    """Register each agreement; answer their ids by title."""
    found = {}
    for body in bodies:
        answer = api.post("/agreements", body)
        assert answer.status == 201, answer.body
        found[body["title"]] = answer.json["agreement_id"]
    return found


def by_title(items: list[dict[str, Any]]) -> dict[str, tuple[str, int | None, int | None]]:
    return {a["title"]: (a["status"], a["ends_in_days"], a["starts_in_days"]) for a in items}


def test_an_agreement_signed_but_not_yet_started_is_not_yet_in_force(api: Api, clock: SettableClock) -> None:
    api.unit("sifaju", "县司法局")
    ids = register(api, IN_FORCE, STARTS_NEXT_MONTH, ENDED_LAST_MONTH)  # today is 2026-08-20

    listed = api.get("/agreements")
    assert listed.status == 200
    assert by_title(listed.json["items"]) == {
        "法律服务共建协议": ("active", 498, None),  # 有效, to 2027-12-31
        "国防教育共建协议": ("not_yet_in_force", None, 12),  # 未生效, from 2026-09-01
        "普法共建协议": ("expired", None, None),  # 已到期 on 2026-07-15
    }
    one = api.get(f"/agreements/{ids['国防教育共建协议']}").json
    assert (one["status"], one["starts_in_days"], one["ends_in_days"]) == ("not_yet_in_force", 12, None)

    waiting = api.get("/agreements?status=not_yet_in_force").json["items"]
    assert [a["title"] for a in waiting] == ["国防教育共建协议"]
    assert [a["title"] for a in api.get("/agreements?status=active").json["items"]] == ["法律服务共建协议"]
    refused = api.get("/agreements?status=pending")
    assert refused.status == 400 and refused.json["message"] == "协议状态应为未生效、有效、已到期或已终止"

    labels = api.get("/openapi.json").json["components"]["schemas"]["Agreement"]["properties"]["status"]["labels"]
    assert labels == {"not_yet_in_force": "未生效", "active": "有效", "expired": "已到期", "terminated": "已终止"}

    clock.set("2026-09-01T08:00:00")  # its first day: in force
    assert by_title(api.get("/agreements").json["items"])["国防教育共建协议"] == ("active", 730, None)


def test_a_month_counts_the_agreements_in_force_on_its_last_day(
    api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock
) -> None:
    api.unit("sifaju", "县司法局")
    register(api, IN_FORCE, STARTS_NEXT_MONTH, ENDED_LAST_MONTH)
    clock.set("2026-09-02T10:00:00")

    found = compiled(api, ctx, aws, "2026-08")
    august = found["co_building"]
    assert august["as_of"] == "2026-08-31"
    assert (august["active"], august["ending_soon"], august["not_yet_in_force"]) == (1, 0, 1)
    assert [a["title"] for a in august["agreements"]] == ["法律服务共建协议"]
    text = "".join(p["text"] for p in found["narrative"])
    assert "截至2026年8月31日，全县现有有效军地共建协议1份，另有1份已签订、尚未生效。" in text

    # June: the one that ended in July was in force, 15 days from its end; the other was not signed yet.
    found = compiled(api, ctx, aws, "2026-06")
    june = found["co_building"]
    assert (june["active"], june["ending_soon"], june["not_yet_in_force"]) == (2, 1, 0)
    rows = {a["title"]: a for a in june["agreements"]}
    assert (rows["普法共建协议"]["status"], rows["普法共建协议"]["ends_in_days"]) == ("active", 15)
    assert rows["普法共建协议"]["ending_soon"] is True
    text = "".join(p["text"] for p in found["narrative"])
    assert "截至2026年6月30日，全县现有有效军地共建协议2份，其中1份将于60日内到期（《普法共建协议》）。" in text


def test_a_terminated_agreement_counts_until_the_day_it_was_terminated(
    api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock
) -> None:
    api.unit("sifaju", "县司法局")
    ids = register(api, IN_FORCE, ENDED_LAST_MONTH)
    path = f"/agreements/{ids['法律服务共建协议']}"
    ended = api.put(path, {**IN_FORCE, "status": "terminated", "version": 1})  # on 2026-08-20
    assert ended.status == 200
    assert (ended.json["status"], ended.json["ended_at"]) == ("terminated", "2026-08-20T10:00:00+08:00")
    clock.set("2026-09-01T09:00:00")  # a later correction keeps the day it was terminated
    fixed = api.put(path, {**IN_FORCE, "goals": "法律服务", "status": "terminated", "version": 2}).json
    assert fixed["ended_at"] == "2026-08-20T10:00:00+08:00"

    clock.set("2026-09-02T10:00:00")
    assert compiled(api, ctx, aws, "2026-07")["co_building"]["active"] == 1  # in force on 7月31日
    august = compiled(api, ctx, aws, "2026-08")["co_building"]
    assert (august["active"], august["agreements"]) == (0, [])

    year = compiled(api, ctx, aws, "2026")["co_building"]
    assert year["as_of"] == "2026-09-02" and year["active"] == 0
    assert [(a["title"], a["status"]) for a in year["ended"]] == [
        ("普法共建协议", "expired"),
        ("法律服务共建协议", "terminated"),
    ]

    again = api.put(path, {**IN_FORCE, "status": "active", "version": 3}).json  # recorded in force again
    assert (again["status"], again["ended_at"]) == ("active", None)
