"""Summaries of any period of a year: a date range, several joined by +, the festivals' windows.

The same pipeline as a month's (S3 request → SQS → the compile function), the same JSON, the same files;
the reports counted are those whose local activity date falls in the period, whatever month they are in.
"""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal
from typing import Any

import boto3
import pytest
from docx import Document
from openpyxl import load_workbook

from chalicelib.context import Context
from chalicelib.files.bucket import COMPILE_REQUESTS
from tests.conftest import Api, SettableClock
from tests.helpers.summaries import compiled, deliver, download

TWO_FESTIVALS = "2026-two-festivals"  # by the default calendar: 2026-01-18..2026-03-04 and 2026-07-17..2026-08-08


def test_the_two_festivals_compile_from_the_calendar_into_the_months_shape(
    api: Api, ctx: Context, aws: boto3.Session, festivals: None
) -> None:
    asked = api.post(f"/summaries/{TWO_FESTIVALS}")
    assert asked.status == 202, asked.body
    assert (asked.json["period"], asked.json["period_label"]) == (TWO_FESTIVALS, "2026年春节、八一期间")
    found = compiled(api, ctx, aws, TWO_FESTIVALS)
    assert found["status"] == "ready" and found["stale"] is False
    assert found["ranges"] == [{"from": "2026-01-18", "to": "2026-03-04"}, {"from": "2026-07-17", "to": "2026-08-08"}]
    assert found["totals"]["reports"] == 3 and found["totals"]["participants"] == 6 + 6 + 40
    assert found["headline"]["visit_funds_yuan"] == Decimal("85000.50")
    assert found["completeness"] is None
    assert found["narrative"] == [
        {
            "topic": "总体情况",
            "text": "2026年春节、八一期间，全县共有2个单位报送双拥活动3项，参加52人次。"
            "本期间不是整月，不统计各单位报送是否齐全、是否按时（按月统计，见各月汇总）。",
        },
        {
            "topic": "拥军优属",
            "text": "全县共召开拥军优属座谈会1次，参加座谈会的优抚对象25人。"
            "全县共走访驻军1次，走访优抚对象115户，走访慰问资金达8.5万元。"
            "其中：走访慰问驻军部队1次、16个单位，慰问金6.2万元；军属115户、慰问115人，慰问金2.3万元。",
        },
    ]
    assert {u["unit_id"]: u["status"] for u in found["by_unit"]} == {"minzhengju": "reported", "sifaju": "reported"}

    sheets = load_workbook(io.BytesIO(download(found, "xlsx").content))
    ledger = [row for row in sheets["台账"].iter_rows(min_row=2, values_only=True)]
    assert sorted(str(row[3])[:10] for row in ledger) == ["2026-02-10", "2026-07-30", "2026-08-01"]
    overview = {row[0]: row[1] for row in sheets["汇总"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert overview["期间"] == "2026年春节、八一期间"
    assert overview["走访慰问资金"] == 85000.5
    csv_rows = download(found, "csv").content.decode("utf-8-sig").splitlines()
    assert len(csv_rows) == 1 + 3
    docx = download(found, "docx")
    assert "2026" in docx.headers["Content-Disposition"]
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert paragraphs[0] == "2026年春节、八一期间双拥工作情况"
    assert (
        "全县共召开拥军优属座谈会1次，参加座谈会的优抚对象25人。全县共走访驻军1次，走访优抚对象115户，走访慰问资金达8.5万元。"
        in ("".join(paragraphs))
    )


def test_a_period_says_its_dates_and_whether_it_was_asked_for_before_anything_is_compiled(
    api: Api, ctx: Context, aws: boto3.Session, festivals: None
) -> None:
    state = api.get(f"/summaries/{TWO_FESTIVALS}/state")
    assert state.status == 200, state.body
    assert state.json == {
        "period": TWO_FESTIVALS,
        "label": "2026年春节、八一期间",
        "ranges": [{"from": "2026-01-18", "to": "2026-03-04"}, {"from": "2026-07-17", "to": "2026-08-08"}],
        "requested": False,
    }
    assert api.get(f"/summaries/{TWO_FESTIVALS}").status == 404
    assert api.post(f"/summaries/{TWO_FESTIVALS}").status == 202
    assert api.get(f"/summaries/{TWO_FESTIVALS}/state").json["requested"] is True
    month = api.get("/summaries/2026-08/state").json
    assert (month["label"], month["ranges"], month["requested"]) == ("2026年8月", None, False)
    assert api.get("/summaries/2026-christmas/state").status == 400


def test_ranges_joined_by_plus_travel_the_queue_and_count_only_their_days(
    api: Api, ctx: Context, aws: boto3.Session, festivals: None
) -> None:
    period = "2026-02-01..2026-02-28+2026-07-25..2026-08-01"
    found = compiled(api, ctx, aws, period)
    assert found["period_label"] == "2026年2月1日至2月28日、7月25日至8月1日"
    assert found["totals"]["reports"] == 3
    straddling = compiled(api, ctx, aws, "2026-07-25..2026-08-25")  # 八一前后: July and August
    assert straddling["period_label"] == "2026年7月25日至8月25日"
    assert (straddling["totals"]["reports"], straddling["headline"]["visit_funds_yuan"]) == (3, Decimal("33400.50"))


def test_a_festival_window_is_the_calendars(api: Api, ctx: Context, aws: boto3.Session, festivals: None) -> None:
    calendar = {"campaigns": [{"code": "bayi", "name": "八一建军节", "annual_on": "08-01", "days_before": 0}]}
    assert api.put("/reminders/campaigns", calendar).status == 200
    found = compiled(api, ctx, aws, "2026-bayi")
    assert found["period_label"] == "2026年八一期间"
    assert found["ranges"] == [{"from": "2026-08-01", "to": "2026-08-08"}]  # days_after stays 7
    assert found["totals"]["reports"] == 1  # the symposium of 8月1日
    refused = api.post("/summaries/2026-spring-festival")  # the calendar no longer has 春节
    assert refused.status == 400
    assert refused.json["message"] == "节日日历中没有2026年春节的日期，无法汇总其节日期间；请先在节日日历中填写"


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2026-08-10..2026-08-01", "汇总期间2026年8月10日至2026年8月1日起止颠倒：开始日期应不晚于结束日期"),
        ("2025-12-20..2026-01-05", "汇总期间不能跨年：各段日期须在同一年内"),
        ("2026-02-30..2026-03-02", "汇总期间中的2026年2月30日：日期不存在"),
        ("2026-08-01..2026-08-05+2026-08-03..2026-08-09", "汇总期间的各段日期须按时间先后排列，且互不重叠"),
        ("2026-08-01...2026-08-05", None),
        ("2026-christmas", None),
        ("٢٠٢٦-٠٨-٠١..٢٠٢٦-٠٨-٠٥", None),  # a digit of another script is no digit of a period's name
        ("2026-02-01..2026-13-01", "汇总期间中的2026年13月1日：日期不存在"),
    ],
)
def test_malformed_periods_are_refused_naming_the_period_and_store_nothing(
    api: Api, ctx: Context, aws: boto3.Session, period: str, message: str | None
) -> None:
    for method in (api.post, api.get):
        answer: Any = method(f"/summaries/{period}")
        assert answer.status == 400, answer.body
        assert answer.json["code"] == "400.3"
        assert answer.json["message"] == (
            message or "无法识别汇总期间：可汇总某月、某年、同一年内的一段或几段日期，或某年的春节、八一、两节期间"
        )
    listed = aws.client("s3").list_objects_v2(Bucket=ctx.config.bucket_name, Prefix=COMPILE_REQUESTS)
    assert listed.get("KeyCount", 0) == 0
    assert deliver(ctx, aws) <= 1  # at most S3's test event: no compile was asked for


def test_days_not_yet_begun_are_refused(api: Api, clock: SettableClock) -> None:
    clock.set("2026-07-10T09:00:00")
    answer = api.post("/summaries/2026-07-17..2026-08-08")
    assert answer.status == 400
    assert answer.json["message"] == "2026年7月17日至8月8日尚未到来，不能汇总"


def test_the_report_calls_the_county_by_its_own_word(
    api: Api, ctx: Context, aws: boto3.Session, festivals: None
) -> None:
    ctx.config = replace(ctx.config, county_name="北湖区")  # COUNTY_NAME=北湖区: a district
    found = compiled(api, ctx, aws, "2026-07-17..2026-08-08")
    assert found["jurisdiction"] == "全区"
    assert [p["text"] for p in found["narrative"]] == [
        "2026年7月17日至8月8日，全区共有2个单位报送双拥活动2项，参加46人次。"
        "本期间不是整月，不统计各单位报送是否齐全、是否按时（按月统计，见各月汇总）。",
        "全区共召开拥军优属座谈会1次，参加座谈会的优抚对象25人。全区共走访优抚对象115户，走访慰问资金达2.3万元。"
        "其中：军属115户、慰问115人，慰问金2.3万元。",
    ]
    assert api.put("/settings", {"jurisdiction": "全市"}).status == 200  # the office's word overrides the name's
    found = compiled(api, ctx, aws, "2026-07-17..2026-08-08")
    assert found["narrative"][1]["text"].startswith("全市共召开拥军优属座谈会1次")
    assert (
        "全县"
        not in "".join(p["text"] for p in found["narrative"]) + compiled(api, ctx, aws, "2026")["narrative"][0]["text"]
    )
    refused = api.put("/settings", {"jurisdiction": "全州"})
    assert refused.status == 400 and "jurisdiction" in refused.error_fields()
