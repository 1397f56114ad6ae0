"""Reminder e-mails, as the units and the county office receive them (recorded by moto's SES)."""

from __future__ import annotations

import email
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import app as application
from chalicelib.calendar import campaigns
from chalicelib.calendar.models import NthWeekday
from chalicelib.context import Context
from chalicelib.core.dates import CHINA
from chalicelib.db import keys
from chalicelib.reminders import daily as remind
from tests.conftest import Api, SettableClock, report_body
from tests.helpers import reminders
from tests.helpers.reminders import COUNTY, PUBLIC, Outbox, county, run_at
from tests.helpers.strategies import json_values

ctx = reminders.ctx  # the shared context, with the county office's inbox and SES on moto
outbox = reminders.outbox


def days(start: date, end: date) -> Iterator[date]:
    while start <= end:
        yield start
        start += timedelta(days=1)


def kinds(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return sorted((",".join(m["to"]), m["subject"]) for m in messages)


# --- when each reminder goes, and to whom ----------------------------------------------


def test_over_a_month_of_daily_runs_each_reminder_goes_on_its_day_only(
    api: Api, clock: SettableClock, outbox: Outbox
) -> None:
    county(api, clock)
    sent: dict[str, list[tuple[str, str]]] = {}
    for day in days(date(2026, 7, 20), date(2026, 8, 14)):
        run_at(clock, f"{day.isoformat()}T09:00")
        fresh = outbox.new()
        if fresh:
            sent[day.isoformat()] = kinds(fresh)

    sfj = "sfj@example.cn,sfj2@example.cn"
    bayi = "【双拥填报】八一建军节（2026年8月1日）双拥活动提醒"
    conscription = "【双拥填报】征兵（2026年8月15日）双拥活动提醒"  # the autumn season starts 8月15日
    july = "【双拥填报】请于2026年8月5日前填报2026年7月双拥活动"
    assert sent == {
        "2026-07-22": sorted([(sfj, bayi), ("tyjr@example.cn", bayi), ("jyj@example.cn", bayi)]),
        "2026-07-25": [(sfj, "【双拥填报】2026年7月即将结束，请及时填报本月双拥活动")],
        "2026-08-01": [(sfj, july)],
        "2026-08-03": [(sfj, july)],
        "2026-08-05": sorted(
            [(sfj, conscription), ("tyjr@example.cn", conscription), ("jyj@example.cn", conscription)]
        ),
        "2026-08-06": [(COUNTY, "【双拥填报】2026年7月填报情况：2个单位未报")],
    }


def test_a_second_run_at_the_same_moment_sends_nothing(api: Api, clock: SettableClock, outbox: Outbox) -> None:
    county(api, clock)
    clock.set("2026-08-01T09:00")
    first = remind.run_daily(api_context())
    assert [(m["recipient"], m["reason"]) for m in first["sent"]] == [("sifaju", "missing")]
    assert [m["recipient"] for m in first["unreachable"]] == ["fayuan"]
    assert len(outbox.new()) == 1

    again = remind.run_daily(api_context())
    assert again["sent"] == [] and again["failed"] == []
    assert again["skipped"] == 1
    run_at(clock, "2026-08-01T09:00")
    assert outbox.new() == []


def api_context() -> Context:
    return application.context()


def test_a_unit_that_reports_is_no_longer_reminded(api: Api, clock: SettableClock, outbox: Outbox) -> None:
    county(api, clock)
    run_at(clock, "2026-08-01T09:00")
    assert [m["to"][0] for m in outbox.new()] == ["sfj@example.cn"]
    clock.set("2026-08-02T15:00")
    token = api.reporter("sifaju")
    assert api.put("/units/sifaju/months/2026-07/nil-report", {}, token=token).status == 201
    run_at(clock, "2026-08-03T09:00")
    assert outbox.new() == []


def test_the_unit_email_says_which_month_the_deadline_the_link_and_how_to_file_nothing(
    api: Api, clock: SettableClock, outbox: Outbox
) -> None:
    county(api, clock)
    run_at(clock, "2026-08-01T09:00")
    (message,) = outbox.new()
    assert message["to"] == ["sfj@example.cn", "sfj2@example.cn"]
    assert "城关县双拥办" in message["from"] and "shuangyong@example.cn" in message["from"]
    assert message["content_types"] == ["multipart/alternative", "text/plain", "text/html"]
    for part in (message["text"], message["html"]):
        assert "县司法局" in part
        assert "2026年7月" in part and "2026年8月5日" in part and "2026年8月10日" in part
        assert f"{PUBLIC}/" in part
        assert "本月无活动" in part
        # nothing about any other unit, nor any token
        for other in ("县退役军人事务局", "县教育局", "县人民法院", "tyjr@", "jyj@", "sy5."):
            assert other not in part
    assert '<a href="https://sy.example.cn/">' in message["html"]
    assert message["html"].startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in message["html"]


def test_the_digest_names_missing_late_and_unreachable_units_and_links_the_summary(
    api: Api, clock: SettableClock, outbox: Outbox
) -> None:
    county(api, clock)
    api.unit("jiancha", "县人民检察院", ["jcy@example.cn"])
    clock.set("2026-07-20T10:00")
    assert api.post("/agreements", agreement("sifaju", "2026-09-20")).status == 201
    clock.set("2026-08-06T08:30")  # after the deadline, before the digest
    token = api.reporter("jiancha")
    late = api.post("/reports", report_body(occurred_on="2026-07-28"), token=token)
    assert late.status == 201 and late.json["late"] is True

    run_at(clock, "2026-08-06T09:00")
    digests = [m for m in outbox.new() if m["to"] == [COUNTY]]
    assert len(digests) == 1
    digest = digests[0]
    assert digest["subject"] == "【双拥填报】2026年7月填报情况：2个单位未报"
    text = digest["text"]
    assert "参加填报的5个单位中，按时填报2个，迟报1个，未报2个" in text
    assert "未报单位（既无活动报告，也未填报本月无活动）：\n  · 县人民法院（无联系邮箱）\n  · 县司法局" in text
    assert "迟报单位（截止日期之后才填报）：\n  · 县人民检察院" in text
    assert "县司法局：《县司法局与73026部队法律服务共建协议》（73026部队），2026年9月20日到期，还有45天" in text
    assert "未登记联系邮箱" in text and "  · 县人民法院\n" in text
    assert f"{PUBLIC}/admin#summary=2026-07" in text
    assert f'<a href="{PUBLIC}/admin#summary=2026-07">' in digest["html"]
    assert "<li>县人民检察院</li>" in digest["html"]

    run_at(clock, "2026-08-07T09:00")
    assert [m for m in outbox.new() if m["to"] == [COUNTY]] == []


def test_the_digest_says_when_every_unit_reported(api: Api, clock: SettableClock, outbox: Outbox) -> None:
    clock.set("2026-07-15T10:00")
    api.unit("sifaju", "县司法局", ["sfj@example.cn"])
    assert api.post("/reports", report_body(unit_id="sifaju", occurred_on="2026-07-01")).status == 201
    run_at(clock, "2026-08-06T09:00")
    (digest,) = [m for m in outbox.new() if m["to"] == [COUNTY]]  # the unit is reminded of 征兵 (8月15日) too
    assert digest["subject"] == "【双拥填报】2026年7月填报情况：全部单位已报"
    assert "未报单位" not in digest["text"]


def test_without_a_county_address_no_digest_is_sent_and_the_run_says_so(
    api: Api, clock: SettableClock, ctx: Context, outbox: Outbox
) -> None:
    county(api, clock)
    bare = Context(replace(ctx.config, county_email=""), clock=clock, table=ctx.store.table.resource, sender=ctx.sender)
    clock.set("2026-08-06T09:00")
    outcome = remind.run_daily(bare)
    assert {"reason": "digest", "period": "2026-07", "recipient": "county"} in outcome["unreachable"]
    assert [m for m in outbox.new() if "填报情况" in m["subject"]] == []  # units are reminded of 征兵 (8月15日)
    # the admin names the county office's inbox in the reminder settings instead
    settings = {"nudge_days": [25], "reminder_days": [1, 3], "county_emails": ["ban@example.cn"]}
    assert api.put("/reminders/settings", settings).status == 200
    remind.run_daily(bare)
    assert [m["to"] for m in outbox.new()] == [["ban@example.cn"]]


def agreement(unit_id: str, valid_to: str) -> dict[str, Any]:
    return {
        "title": "县司法局与73026部队法律服务共建协议",
        "unit_id": unit_id,
        "military_unit": "73026部队",
        "signed_on": "2024-01-01",
        "valid_from": "2024-01-01",
        "valid_to": valid_to,
    }


def test_an_agreement_is_announced_60_and_30_days_before_it_ends(
    api: Api, clock: SettableClock, outbox: Outbox
) -> None:
    county(api, clock)
    assert api.post("/agreements", agreement("sifaju", "2026-10-31")).status == 201
    assert api.post("/agreements", {**agreement("fayuan", "2026-10-31"), "title": "法院共建协议"}).status == 201
    found = {}
    for day in days(date(2026, 8, 30), date(2026, 11, 2)):
        run_at(clock, f"{day.isoformat()}T09:00")
        ending = [m for m in outbox.new() if "共建协议" in m["subject"]]
        if ending:
            found[day.isoformat()] = [(m["to"], m["subject"]) for m in ending]
    title = "县司法局与73026部队法律服务共建协议"
    assert found == {
        "2026-09-01": [
            (["sfj@example.cn", "sfj2@example.cn"], f"【双拥填报】共建协议将于2026年10月31日到期（还有60天）：{title}")
        ],
        "2026-10-01": [
            (["sfj@example.cn", "sfj2@example.cn"], f"【双拥填报】共建协议将于2026年10月31日到期（还有30天）：{title}")
        ],
    }


def test_an_agreement_registered_with_20_days_left_gets_only_the_30_day_notice(
    api: Api, clock: SettableClock, outbox: Outbox
) -> None:
    county(api, clock)
    clock.set("2026-10-11T08:00")
    assert api.post("/agreements", agreement("sifaju", "2026-10-31")).status == 201
    run_at(clock, "2026-10-11T09:00")
    run_at(clock, "2026-10-12T09:00")
    (notice,) = [m for m in outbox.new() if "共建协议" in m["subject"]]
    assert "还有20天" in notice["subject"]
    assert "73026部队" in notice["text"] and "2026年10月31日" in notice["html"]


# --- campaign reminders ----------------------------------------------------------------


def test_the_third_saturday_of_september_is_computed_for_each_year() -> None:
    rule = NthWeekday(month=9, nth=3, weekday=6)
    assert campaigns.nth_weekday(2026, rule) == date(2026, 9, 19)
    assert campaigns.nth_weekday(2027, rule) == date(2027, 9, 18)
    assert campaigns.nth_weekday(2029, rule) == date(2029, 9, 15)
    assert campaigns.nth_weekday(2026, NthWeekday(month=9, nth=5, weekday=6)) is None  # only four in 2026


@pytest.mark.parametrize(
    ("remind_on", "subject"),
    [
        ("2026-07-22", "八一建军节（2026年8月1日）"),
        ("2026-09-09", "全民国防教育日（2026年9月19日）"),
        ("2026-09-20", "烈士纪念日（2026年9月30日）"),
        ("2027-01-27", "春节（2027年2月6日）"),
        ("2028-01-16", "春节（2028年1月26日）"),
    ],
)
def test_campaign_reminders_go_to_every_active_unit_ten_days_ahead(
    api: Api, clock: SettableClock, outbox: Outbox, remind_on: str, subject: str
) -> None:
    clock.set("2026-07-01T10:00")
    api.unit("sifaju", "县司法局", ["sfj@example.cn"])
    api.unit("jiaoyuju", "县教育局", ["jyj@example.cn"])
    api.post("/units", {"unit_id": "old", "name": "已撤并单位", "kind": "bureau", "emails": ["old@x.cn"]})
    assert (
        api.put("/units/old", {"name": "已撤并单位", "kind": "bureau", "emails": ["old@x.cn"], "active": False}).status
        == 200
    )
    day = date.fromisoformat(remind_on)
    run_at(clock, f"{(day - timedelta(days=1)).isoformat()}T09:00")
    assert [m for m in outbox.new() if subject in m["subject"]] == []
    run_at(clock, f"{remind_on}T09:00")
    mine = [m for m in outbox.new() if subject in m["subject"]]
    assert sorted(m["to"][0] for m in mine) == ["jyj@example.cn", "sfj@example.cn"]
    for message in mine:
        assert message["subject"] == f"【双拥填报】{subject}双拥活动提醒"
        assert "还有10天" in message["text"] and "走访慰问" in message["text"] and "填报" in message["html"]
        other = "县教育局" if message["to"] == ["sfj@example.cn"] else "县司法局"
        assert other not in message["text"] and other not in message["html"]
    run_at(clock, f"{(day + timedelta(days=1)).isoformat()}T09:00")
    assert [m for m in outbox.new() if subject in m["subject"]] == []


def test_the_admin_maintains_the_campaign_calendar(api: Api, clock: SettableClock, outbox: Outbox) -> None:
    clock.set("2026-11-23T10:00")
    listed = api.get("/reminders/campaigns").json["campaigns"]
    assert [(c["name"], c["next_on"], c["remind_on"]) for c in listed] == [
        ("春节", "2027-02-06", "2027-01-27"),
        ("八一建军节", "2027-08-01", "2027-07-22"),
        ("征兵", "2027-02-15", "2027-02-05"),
        ("全民国防教育日", "2027-09-18", "2027-09-08"),
        ("烈士纪念日", "2027-09-30", "2027-09-20"),
    ]
    calendar = {
        "campaigns": [
            {"code": "chunjie", "name": "春节", "dates": ["2027-02-06"], "lead_days": 15},
            {"code": "laonian", "name": "重阳节", "dates": ["2026-10-29", "2027-10-08"]},
        ]
    }
    answer = api.put("/reminders/campaigns", calendar)
    assert answer.status == 200, answer.body
    assert [(c["code"], c["remind_on"]) for c in answer.json["campaigns"]] == [
        ("chunjie", "2027-01-22"),
        ("laonian", "2027-09-28"),
    ]
    api.unit("sifaju", "县司法局", ["sfj@example.cn"])
    run_at(clock, "2027-01-22T09:00")
    assert [m["subject"] for m in outbox.new() if "春节" in m["subject"]] == [
        "【双拥填报】春节（2027年2月6日）双拥活动提醒"
    ]
    run_at(clock, "2027-07-22T09:00")
    assert [m for m in outbox.new() if "八一" in m["subject"]] == []  # removed from the calendar


def test_the_campaign_calendar_refuses_bad_entries_in_chinese(api: Api, clock: SettableClock) -> None:
    reporter = (api.unit("sifaju"), api.reporter("sifaju"))[1]
    assert api.get("/reminders/campaigns", token=reporter).status == 403
    bad = {
        "campaigns": [
            {"code": "a1", "name": "两种规则", "annual_on": "08-01", "dates": ["2027-01-01"]},
            {"code": "a2", "name": "没有日期"},
            {"code": "a3", "name": "二月三十", "annual_on": "02-30"},
            {"code": "a4", "name": "第六个", "nth_weekday": {"month": 9, "nth": 6, "weekday": 6}},
            {"code": "a5", "name": "提前太久", "annual_on": "10-01", "lead_days": 100},
        ]
    }
    answer = api.put("/reminders/campaigns", bad)
    assert answer.status == 400 and answer.json["code"] == "400.2"
    fields = answer.error_fields()
    assert (
        fields["campaigns.0"]
        == fields["campaigns.1"]
        == "每年固定日期、每年某月第几个星期几、逐年日期三者须填且只填一项"
    )
    assert fields["campaigns.2.annual_on"] == "不是有效的日期"
    assert fields["campaigns.3.nth_weekday.nth"] == "不能大于5"
    assert fields["campaigns.4.lead_days"] == "不能大于60"
    twice = {"campaigns": [{"code": "xx", "name": "甲", "annual_on": "08-01"}] * 2}
    assert api.put("/reminders/campaigns", twice).error_fields() == {"campaigns": "编号不能重复"}


# --- the admin's reminder days ------------------------------------------------------------


def test_the_admin_chooses_the_reminder_days(api: Api, clock: SettableClock, outbox: Outbox) -> None:
    assert api.get("/reminders/settings").json == {"nudge_days": [25], "reminder_days": [1, 3], "county_emails": []}
    refused = api.put("/reminders/settings", {"nudge_days": [40], "reminder_days": [2, 6]})
    assert refused.status == 400
    assert refused.error_fields() == {"nudge_days.0": "不能大于31"}
    refused = api.put("/reminders/settings", {"nudge_days": [28], "reminder_days": [2, 6]})
    assert refused.error_fields() == {"reminder_days.1": "次月提醒日不能晚于截止日（次月5日）"}
    saved = api.put("/reminders/settings", {"nudge_days": [31], "reminder_days": [4, 2, 2]})
    assert saved.status == 200 and saved.json["reminder_days"] == [2, 4]

    county(api, clock)
    by_day = {}
    for day in days(date(2026, 7, 24), date(2026, 8, 5)):
        run_at(clock, f"{day.isoformat()}T09:00")
        by_day[day.isoformat()] = len([m for m in outbox.new() if "2026年7月" in m["subject"]])
    assert {d for d, n in by_day.items() if n} == {"2026-07-31", "2026-08-02", "2026-08-04"}


# --- exactly once: failures, crashes, the admin's list ------------------------------------


def test_a_send_that_fails_is_retried_on_the_next_run(
    api: Api, clock: SettableClock, outbox: Outbox, aws: boto3.Session, ctx: Context
) -> None:
    county(api, clock)
    sesv2 = aws.client("sesv2")
    sesv2.delete_email_identity(EmailIdentity=ctx.config.mail_from)  # SES now rejects the sender
    clock.set("2026-08-01T09:00")
    outcome = remind.run_daily(ctx)
    assert [f["recipient"] for f in outcome["failed"]] == ["sifaju"]
    assert "MessageRejected" in outcome["failed"][0]["error"]
    assert outbox.new() == []
    listed = api.get("/reminders?month=2026-08").json["items"]
    assert [(r["recipient"], r["status"], r["attempts"]) for r in listed] == [("sifaju", "failed", 1)]

    sesv2.create_email_identity(EmailIdentity=ctx.config.mail_from)
    run_at(clock, "2026-08-02T09:00")  # the next day's run makes up the 1 August reminder
    assert [m["subject"] for m in outbox.new()] == ["【双拥填报】请于2026年8月5日前填报2026年7月双拥活动"]
    listed = api.get("/reminders?month=2026-08").json["items"]
    assert [(r["period"], r["status"], r["attempts"]) for r in listed] == [("2026-07@2026-08-01", "sent", 2)]
    assert listed[0]["sent_at"].startswith("2026-08-02T09:00")
    run_at(clock, "2026-08-02T09:00")
    assert outbox.new() == []


def test_a_claim_left_by_a_crashed_run_is_sent_once_its_lease_has_passed(
    api: Api, clock: SettableClock, outbox: Outbox, ctx: Context
) -> None:
    county(api, clock)
    # A run claimed the reminder at 09:00 and died before sending it.
    clock.set("2026-08-01T09:00")
    reminder = {"reason": "missing", "period": "2026-07@2026-08-01", "recipient": "sifaju", "to": ["sfj@example.cn"]}
    assert ctx.store.reminders.claim({**reminder, "subject": "…"}, "crashed", "2026-08-01T09:00:00+08:00", "2026-08-01")
    # Lambda retries the event a minute later: the claim may still be in flight, so nothing is sent twice.
    run_at(clock, "2026-08-01T09:01")
    assert outbox.new() == []
    # Past the lease the reminder is no longer taken to be in flight, and goes.
    run_at(clock, "2026-08-01T09:30")
    assert [m["to"] for m in outbox.new()] == [["sfj@example.cn", "sfj2@example.cn"]]
    run_at(clock, "2026-08-01T10:30")
    assert outbox.new() == []


def test_the_admin_lists_the_reminders_of_a_month(api: Api, clock: SettableClock, outbox: Outbox) -> None:
    county(api, clock)
    run_at(clock, "2026-07-22T09:00")
    run_at(clock, "2026-07-25T09:00")
    listed = api.get("/reminders?month=2026-07")
    assert listed.status == 200
    rows = [
        (r["reason"], r["reason_label"], r["recipient"], r["status"], r["claimed_at"][:10])
        for r in listed.json["items"]
    ]
    assert rows == [
        ("campaign", "节日提醒", "jiaoyuju", "sent", "2026-07-22"),
        ("campaign", "节日提醒", "minzhengju", "sent", "2026-07-22"),
        ("campaign", "节日提醒", "sifaju", "sent", "2026-07-22"),
        ("missing", "催报", "sifaju", "sent", "2026-07-25"),
    ]
    assert listed.json["items"][-1]["to"] == ["sfj@example.cn", "sfj2@example.cn"]
    assert api.get("/reminders?month=2026-7").json["code"] == "400.3"
    assert api.get("/reminders").status == 400
    assert api.get("/reminders?month=2026-07", token=api.reporter("sifaju")).status == 403


def test_the_schedule_is_daily_at_nine_beijing_time() -> None:
    (source,) = [s for s in application.app.event_sources if getattr(s, "name", "") == "daily_reminders"]
    assert source.schedule_expression.to_string() == "cron(0 1 * * ? *)"  # 01:00 UTC is 09:00 in Beijing
    assert datetime(2026, 8, 1, 1, 0, tzinfo=UTC).astimezone(CHINA).hour == 9


def test_a_title_with_a_line_break_cannot_add_headers(
    api: Api, ctx: Context, clock: SettableClock, outbox: Outbox
) -> None:
    county(api, clock)
    clock.set("2026-10-11T08:00")
    sneaky = {**agreement("sifaju", "2026-10-31"), "title": "共建协议\r\nBcc: someone@elsewhere.cn"}
    refused = api.post("/agreements", sneaky)
    assert refused.status == 400 and refused.error_fields() == {"title": "不能换行或含制表符，请写在一行内"}
    # One stored before titles were checked still cannot add a header.
    stored = api.post("/agreements", {**sneaky, "title": "共建协议"}).json
    agreement_id = stored["agreement_id"]
    item = {**keys.agreement(agreement_id), **keys.agreement_index("sifaju", agreement_id)}
    ctx.store.table.put({**item, **ctx.store.agreements.get(agreement_id), "title": sneaky["title"]})
    run_at(clock, "2026-10-11T09:00")
    (notice,) = [m for m in outbox.new() if "共建协议" in m["subject"]]
    assert notice["subject"].endswith("：共建协议 Bcc: someone@elsewhere.cn")
    assert notice["to"] == ["sfj@example.cn", "sfj2@example.cn"]
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    sent = ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages[-1]
    assert email.message_from_string(sent.raw_data)["Bcc"] is None
    assert not any("elsewhere" in address for address in sent.destinations)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(["nudge_days", "reminder_days", "county_emails", "campaigns", "extra"]),
    value=json_values,
    raw=st.binary(max_size=40),
)
def test_odd_reminder_settings_and_calendars_never_give_a_5xx(api: Api, field: str, value: object, raw: bytes) -> None:
    for path in ("/reminders/settings", "/reminders/campaigns"):
        for payload in (json.dumps({field: value}).encode(), raw):
            answer = api.put(path, raw=payload)
            assert answer.status < 500, answer.body
    campaign = {"code": "xx", "name": "测试", "annual_on": "08-01", field: value}
    assert api.put("/reminders/campaigns", {"campaigns": [campaign]}).status < 500
