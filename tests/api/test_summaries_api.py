"""Monthly summaries end to end on moto: request over HTTP, S3 → SQS → the compile function, downloads.

The compile function is handed what moto's S3 really sent to the compile queue, shaped as
Lambda's SQS event, through Chalice's test client. The files are fetched with their
presigned links and opened with openpyxl and python-docx, as the county office would.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import boto3
import pytest
from chalice.test import Client
from docx import Document
from openpyxl import load_workbook

import app as application
from chalicelib.context import Context
from chalicelib.db import keys
from chalicelib.summaries import requests as summary_requests
from local.pump import QueuePump
from tests.conftest import Api, SettableClock
from tests.helpers.summaries import (
    MONTH,
    compile_queue,
    compiled,
    deliver,
    download,
    invoke,
    received,
    submit,
    summary,
    visit,
)

ROOT = Path(__file__).resolve().parents[2]


# --- a county month, entered through the API ------------------------------------------------


def _broken() -> dict[str, Any]:
    """An agreement stored without its dates (as no form ever allowed): the compile cannot judge whether it
    is in force, and fails; a report it cannot read would only be named (see test_input_hygiene.py)."""
    return {
        **keys.agreement("broken"),
        **keys.agreement_index("sifaju", "broken"),
        "agreement_id": "broken",
        "unit_id": "sifaju",
        "title": "无日期的协议",
    }


@pytest.fixture
def county(api: Api, clock: SettableClock) -> dict[str, str]:
    """Four units: two report August (DOMAIN.md's 八一 visits and more), one files 本月无活动, one is missing."""
    for unit_id, name in [("minzhengju", "县退役军人事务局"), ("sifaju", "县司法局"), ("fayuan", "县人民法院")]:
        api.unit(unit_id, name)
    api.unit("jiaoyuju", "县教育局")
    tokens = {unit_id: api.reporter(unit_id) for unit_id in ("minzhengju", "sifaju", "fayuan")}
    clock.set("2026-09-02T10:00:00")
    mz, sf = tokens["minzhengju"], tokens["sifaju"]
    visit(api, mz, "troops", 16, "62000", title="八一走访驻区团以上部队")
    visit(api, mz, "disabled_veterans", 3, "1500")
    visit(api, mz, "enterprises", 4, "34000")
    visit(api, mz, "retired_cadres", 15, "3000")
    visit(api, sf, "military_families", 115, "23000")
    visit(api, sf, "demobilized", 26, "10400")
    visit(api, sf, "other", 300, "70000")
    submit(
        api,
        sf,
        "legal_lecture",
        {"attendees": 120, "materials": 300, "consultations": 18},
        title='=HYPERLINK("http://evil.example","点我")',
        description="+1 报名",
        participants=120,
    )
    submit(api, sf, "mediation", {"disputes": 3, "resolved": 2}, participants=4)
    nil = api.put("/units/fayuan/months/2026-08/nil-report", {"note": "本月无活动"}, token=tokens["fayuan"])
    assert nil.status == 201
    clock.set("2026-09-06T10:00:00")  # after the deadline day: late
    submit(api, mz, "symposium", {"attendees": 40, "beneficiary_attendees": 25}, participants=40)
    clock.set("2026-09-07T09:00:00")
    return tokens


# --- the flow -------------------------------------------------------------------------------


def test_a_requested_month_becomes_a_ready_summary_with_its_figures(
    api: Api, ctx: Context, aws: boto3.Session, county: dict[str, str]
) -> None:
    assert api.get(f"/summaries/{MONTH}").status == 404
    assert api.get(f"/months/{MONTH}").json["summary_requested"] is False  # a page need not ask for that 404
    answer = api.post(f"/summaries/{MONTH}")
    assert answer.status == 202, answer.body
    assert answer.json["status"] == "compiling"
    assert api.get(f"/months/{MONTH}").json["summary_requested"] is True
    assert summary(api)["status"] == "compiling"

    assert deliver(ctx, aws) == 2  # S3's test event when the notification was set up, and the request
    found = summary(api)
    assert found["status"] == "ready" and found["stale"] is False
    assert found["compiled_at"] == "2026-09-07T09:00:00+08:00"
    assert found["totals"] == {
        "reports": 10,
        "participants": 7 * 6 + 120 + 4 + 40,
        "reports_on_time": 9,
        "reports_late": 1,
        "units_reporting": 2,
    }
    head = found["headline"]
    assert head["visit_funds_yuan"] == Decimal("203900.00") and head["visit_funds_text"] == "20.39万元"
    assert (head["troop_visits"], head["beneficiary_households"], head["symposiums"]) == (1, 144, 1)
    text = "".join(p["text"] for p in found["narrative"])
    assert "全县共走访驻军1次，走访优抚对象144户，走访慰问资金达20.39万元。" in text
    assert "全县共召开拥军优属座谈会1次，参加座谈会的优抚对象25人。" in text
    done = found["completeness"]
    assert (done["expected"], done["reported"], done["nil_reported"], done["missing"]) == (4, 2, 1, 1)
    assert [u["name"] for u in done["missing_units"]] == ["县教育局"]
    assert (done["on_time"], done["late"]) == (3, 0)  # 退役军人事务局's late symposium came after on-time visits
    units = {u["unit_id"]: u for u in found["by_unit"]}
    assert units["sifaju"]["figures"]["visit"]["funds_yuan"] == Decimal("103400.00")
    assert units["minzhengju"]["reports_late"] == 1


def test_the_downloads_are_excel_csv_and_word_with_the_same_figures(
    api: Api, ctx: Context, aws: boto3.Session, county: dict[str, str]
) -> None:
    found = compiled(api, ctx, aws)

    xlsx = download(found, "xlsx")
    name = "2026年8月双拥工作汇总.xlsx"
    assert found["downloads"]["xlsx"]["filename"] == name
    assert xlsx.headers["Content-Disposition"].startswith("attachment;")
    assert f"filename*=UTF-8''{quote(name)}" in xlsx.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["汇总", "分单位", "分类型", "台账", "数据质量"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
    overview = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert overview["走访慰问资金"] == 203900
    assert overview["走访慰问资金（万元）"] == "20.39万元"
    assert overview["走访优抚对象"] == 144 and overview["未报送单位名单"] == "县教育局"
    assert overview["法治宣传进军营·受教育官兵"] == 120
    per_type = {row[0]: row for row in book["分类型"].iter_rows(min_row=2, values_only=True)}
    assert per_type["走访慰问"][1:3] == (7, 42) and per_type["合计"][1] == 10
    assert len(book["分类型"]._charts) == 1
    per_unit = {row[0]: row for row in book["分单位"].iter_rows(min_row=2, values_only=True)}
    assert per_unit["县人民法院"][1] == "本月无活动" and per_unit["县教育局"][1] == "未报送"
    assert per_unit["县司法局"][3] == 5 and per_unit["合计"][3] == 10
    ledger = list(book["台账"].iter_rows(min_row=2, values_only=True))
    assert len(ledger) == 10
    assert sum(row[9] or 0 for row in ledger) == 203900  # 金额（元）: a hand count of the ledger
    lecture = next(row for row in book["台账"].iter_rows(min_row=2) if row[1].value == "法治宣传进军营")
    assert lecture[2].value == '\'=HYPERLINK("http://evil.example","点我")' and lecture[2].data_type == "s"
    assert lecture[11].value == "'+1 报名"

    data = download(found, "csv").content
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["填报单位", "活动类型", "活动名称", "活动日期"] and len(rows) == 11
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert sum(Decimal(row[9]) for row in rows[1:] if row[9]) == Decimal("203900.00")

    document = Document(io.BytesIO(download(found, "docx").content))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "2026年8月双拥工作情况"
    assert any("走访慰问资金达20.39万元" in p for p in paragraphs)
    assert "未报送单位1个：县教育局。" in paragraphs and "本月无活动单位1个：县人民法院。" in paragraphs
    table = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert ["走访慰问", "7", "42", "走访户数479户；慰问人数479人；慰问金203900元"] in table
    assert table[-1][:3] == ["合计", "10", "206"]


def test_duplicate_and_out_of_order_deliveries_write_the_same_bytes(
    api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock, county: dict[str, str]
) -> None:
    s3 = aws.client("s3")

    def files() -> dict[str, bytes]:
        listed = s3.list_objects_v2(Bucket=ctx.config.bucket_name, Prefix="summaries/")["Contents"]
        return {o["Key"]: s3.get_object(Bucket=ctx.config.bucket_name, Key=o["Key"])["Body"].read() for o in listed}

    first = api.post(f"/summaries/{MONTH}").json
    events = received(ctx, aws)
    invoke(events[-1])
    written = files()
    assert len(written) == 4 and summary(api)["status"] == "ready"

    clock.set("2026-09-08T11:30:00")  # a day later, unchanged data
    invoke(events[-1])  # SQS delivered the same message twice
    second = api.post(f"/summaries/{MONTH}").json
    later = received(ctx, aws)
    invoke(later[-1])  # the newer request first …
    invoke(events[-1])  # … and the older one after it
    assert files() == written
    found = summary(api)
    assert found["status"] == "ready" and found["request"]["request_id"] == second["request_id"]
    assert found["request"]["request_id"] != first["request_id"]
    assert found["compiled_at"] == "2026-09-08T11:30:00+08:00"


def test_a_change_after_the_compile_makes_the_summary_stale_until_compiled_again(
    api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock, county: dict[str, str]
) -> None:
    assert compiled(api, ctx, aws)["status"] == "ready"
    report = visit(api, county["sifaju"], "veterans", 5, "500.50")
    assert summary(api)["status"] == "stale"

    found = compiled(api, ctx, aws)
    assert found["status"] == "ready" and found["totals"]["reports"] == 11
    assert found["headline"]["visit_funds_yuan"] == Decimal("204400.50")

    edited = {k: report[k] for k in ("activity_type", "title", "location", "counterpart", "participants", "metrics")}
    edited.update(occurred_on="2026-07-31", version=report["version"])
    assert api.put(f"/reports/{report['report_id']}", edited).status == 200  # July is locked: the office edits
    assert summary(api)["status"] == "stale"  # the report left August
    assert compiled(api, ctx, aws)["totals"]["reports"] == 10

    assert api.delete("/units/fayuan/months/2026-08/nil-report").status == 204
    assert summary(api)["status"] == "stale"  # completeness changed


def test_a_failed_compile_keeps_the_last_ready_summary_and_says_why(
    api: Api, ctx: Context, aws: boto3.Session, county: dict[str, str]
) -> None:
    ready = compiled(api, ctx, aws)
    ctx.store.table.put(_broken())

    api.post(f"/summaries/{MONTH}")
    events = received(ctx, aws)
    with pytest.raises(KeyError):
        invoke(events[-1])  # raised: SQS will deliver it again, then dead-letter it
    found = summary(api)
    assert found["status"] == "failed"
    assert found["failure"]["reason"] == "KeyError: 'status'"  # the first of the agreement's missing fields
    assert found["totals"] == ready["totals"] and found["compiled_at"] == ready["compiled_at"]
    assert load_workbook(io.BytesIO(download(found, "xlsx").content))["台账"].max_row == 11


def test_a_month_larger_than_one_query_page(api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock) -> None:
    api.unit("sifaju", "县司法局")
    token = api.reporter("sifaju")
    clock.set("2026-09-01T08:00:00")
    long_text = "送法进军营，为官兵讲解民法典中与军人权益相关的条款。" * 180  # about 14 KB of UTF-8
    for index in range(80):
        metrics = {"attendees": index, "materials": 1, "consultations": 0}
        submit(api, token, "legal_lecture", metrics, description=long_text[:5000], occurred_on="2026-08-15")
    from boto3.dynamodb.conditions import Key

    first_page = ctx.store.table.resource.query(
        IndexName="GSI1", KeyConditionExpression=Key("GSI1PK").eq(f"O#county#MONTH#{MONTH}")
    )
    assert "LastEvaluatedKey" in first_page and len(first_page["Items"]) < 80  # the month spans pages

    found = compiled(api, ctx, aws)
    lecture = next(r for r in found["by_type"] if r["activity_type"] == "legal_lecture")
    assert lecture["reports"] == 80
    assert {f["code"]: f["value"] for f in lecture["figures"]}["attendees"] == sum(range(80))
    assert load_workbook(io.BytesIO(download(found, "xlsx").content))["台账"].max_row == 81


def test_months_and_deadlines_follow_beijing_midnight(
    api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock
) -> None:
    api.unit("sifaju", "县司法局")
    token = api.reporter("sifaju")
    clock.set("2026-07-31T16:30:00+00:00")  # 8月1日 00:30 in Beijing, still July in UTC
    submit(api, token, "other", {"attendees": 1}, occurred_on="2026-08-01")
    submit(api, token, "other", {"attendees": 2}, occurred_on="2026-07-31")
    clock.set("2026-09-05T15:59:00+00:00")  # 9月5日 23:59: the last minute of the deadline day
    submit(api, token, "other", {"attendees": 4}, occurred_on="2026-08-31")
    clock.set("2026-09-05T16:01:00+00:00")  # 9月6日 00:01: late
    submit(api, token, "other", {"attendees": 8}, occurred_on="2026-08-31")

    api.post("/summaries/2026-07")
    api.post(f"/summaries/{MONTH}")
    deliver(ctx, aws)
    july, august = summary(api, "2026-07"), summary(api, MONTH)
    assert july["totals"]["reports"] == 1 and august["totals"]["reports"] == 3
    other = next(r for r in august["by_type"] if r["activity_type"] == "other")
    assert other["figures"][0]["value"] == 1 + 4 + 8
    assert (august["totals"]["reports_on_time"], august["totals"]["reports_late"]) == (2, 1)
    assert august["deadline"] == "2026-09-05"


def test_the_schedule_asks_for_last_month_the_day_after_its_deadline_and_lock_days(
    api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock
) -> None:
    from datetime import date

    days = {date(2026, 9, d): summary_requests.scheduled_month(date(2026, 9, d), 5, 10) for d in range(1, 31)}
    assert {d: m for d, m in days.items() if m} == {date(2026, 9, 6): MONTH, date(2026, 9, 11): MONTH}
    assert summary_requests.scheduled_month(date(2027, 1, 6), 5, 10) == "2026-12"
    assert summary_requests.scheduled_month(date(2026, 3, 29), 28, 28) == "2026-02"

    received(ctx, aws)
    clock.set("2026-09-05T01:00:00+00:00")  # the cron's 01:00 UTC, 9月5日 in Beijing: nothing yet
    with Client(application.app) as client:
        client.lambda_.invoke("request_scheduled_compiles", client.events.generate_cw_event("a", "b", {}, []))
        assert api.get(f"/summaries/{MONTH}").status == 404
        clock.set("2026-09-06T01:00:00+00:00")
        client.lambda_.invoke("request_scheduled_compiles", client.events.generate_cw_event("a", "b", {}, []))
    assert summary(api)["request"]["requested_by"] == "schedule"
    assert deliver(ctx, aws) == 1 and summary(api)["status"] == "ready"


def test_only_the_county_office_asks_for_and_reads_summaries(api: Api, ctx: Context) -> None:
    api.unit("sifaju", "县司法局")
    token = api.reporter("sifaju")
    assert api.post(f"/summaries/{MONTH}", token=token).status == 403
    assert api.get(f"/summaries/{MONTH}", token=token).status == 403
    assert api.get(f"/summaries/{MONTH}", token=None).status == 401
    assert api.post("/summaries/2026-13").status == 400
    assert api.get("/summaries/August").status == 400
    future = api.post("/summaries/2026-09")  # the clock is 2026-08-20
    assert future.status == 400 and "尚未到来" in future.json["message"]
    assert api.post(f"/summaries/{MONTH}").status == 202  # the current month, so far


def test_messages_that_are_not_compile_requests_are_skipped(ctx: Context, aws: boto3.Session) -> None:
    s3 = aws.client("s3")
    s3.put_object(Bucket=ctx.config.bucket_name, Key="compile-requests/notes.txt", Body=b"x")
    events = received(ctx, aws)
    assert len(events) == 2  # S3's test event and the stray object
    for event in events:
        invoke(event)  # neither raises, so neither is retried
    assert summary_requests.handle_message(ctx, "not json") == []
    assert ctx.store.summaries.get(MONTH) is None


def test_the_local_pump_deletes_a_message_only_when_the_compile_succeeds(
    api: Api, ctx: Context, aws: boto3.Session, county: dict[str, str]
) -> None:
    received(ctx, aws)
    sqs, url, _ = compile_queue(ctx, aws)
    pump = QueuePump(sqs, ctx.config.compile_queue, application.compile_month, wait_seconds=0, retry_after=0)
    api.post(f"/summaries/{MONTH}")
    assert pump.run_once() == 1
    assert summary(api)["status"] == "ready"

    ctx.store.table.put(_broken())
    api.post(f"/summaries/{MONTH}")
    assert pump.run_once() == 0  # failed: the message stays on the queue
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    waiting = int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])
    assert waiting == 1


def test_an_older_compile_never_replaces_one_from_newer_data(ctx: Context) -> None:
    newer = {"prefix": "summaries/2026-08/b/", "changes": 5, "compiled_at": "t2"}
    older = {"prefix": "summaries/2026-08/a/", "changes": 3, "compiled_at": "t3"}
    assert ctx.store.summaries.publish(MONTH, newer)
    assert not ctx.store.summaries.publish(MONTH, older)
    assert ctx.store.summaries.get(MONTH)["ready"]["prefix"] == "summaries/2026-08/b/"  # type: ignore[index]


def test_the_api_does_not_import_the_file_libraries() -> None:
    code = "import sys, app; print(sorted(m for m in ('openpyxl', 'docx', 'lxml', 'pypinyin') if m in sys.modules))"
    printed = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert printed.stdout.strip() == "[]"


def test_a_saved_workbook_carries_no_clock_time() -> None:
    import zipfile

    from chalicelib.files.spreadsheets import add_sheet, new_workbook, workbook_bytes

    book = new_workbook()
    add_sheet(book, "汇总", ["项目"], [["a"]])
    core = zipfile.ZipFile(io.BytesIO(workbook_bytes(book))).read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2  # created and modified, fixed; openpyxl's save stamps "now"
