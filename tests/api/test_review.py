"""The county office reviews every report: 通过 (approve) or 退回修改 (return, with what to fix). A review
carries the version it read and races safely with a reporter's correction; a correction puts a reviewed
report back to pending; a return e-mails the unit exactly once; histories name people."""

from __future__ import annotations

from functools import partial
from typing import Any

import boto3
import pytest

import app as application
from chalicelib.context import Context
from chalicelib.core.auth import OWNER_NAME, Principal, Role
from chalicelib.db import keys
from chalicelib.db.months import LiveReports
from chalicelib.reports import service as reports
from tests.conftest import ADMIN_TOKEN, Api, SettableClock, report_body
from tests.helpers import reminders
from tests.helpers.races import one_request_per_thread, serialized, together
from tests.helpers.reminders import PUBLIC, Outbox, run_at
from tests.helpers.review import correction

ctx = reminders.ctx  # the shared context, with SES on moto as the sender
outbox = reminders.outbox

MONTH = "2026-08"


@pytest.fixture
def people(api: Api) -> dict[str, Any]:
    """司法局 with two addresses and its reporter 张三; 教育局 with none; a reviewer 王审核 and a viewer."""
    api.unit("sifaju", "县司法局", ["sfj@example.cn", "sfj2@example.cn"])
    api.unit("jiaoyuju", "县教育局")
    issued = api.post("/units/sifaju/reporters", {"label": "张三"}).json
    reviewer = api.post("/staff", {"name": "王审核", "role": "reviewer"}).json
    viewer = api.post("/staff", {"name": "李查看", "role": "viewer"}).json
    return {
        "reporter": issued["token"],
        "reporter_id": issued["reporter_id"],
        "reviewer": reviewer["token"],
        "reviewer_id": reviewer["staff_id"],
        "viewer": viewer["token"],
    }


def submit(api: Api, token: str, **fields: Any) -> dict[str, Any]:
    answer = api.post("/reports", report_body(**fields), token=token)
    assert answer.status == 201, answer.body
    return answer.json  # type: ignore[no-any-return]


def review(api: Api, report: dict[str, Any], token: str, decision: str, comment: str = "", **kw: Any) -> Any:
    body = {"decision": decision, "comment": comment, "version": report["version"], **kw}
    return api.post(f"/reports/{report['report_id']}/review", body, token=token)


# --- approve, return, versions ------------------------------------------------------------


def test_a_new_report_is_pending_and_a_reviewer_approves_the_version_read(api: Api, people: dict[str, Any]) -> None:
    report = submit(api, people["reporter"])
    assert report["review"] == {"state": "pending", "comment": "", "by": None, "by_name": None, "at": None}

    answer = review(api, report, people["reviewer"], "approve")
    assert answer.status == 200, answer.body
    approved = answer.json
    assert approved["version"] == 2 and approved["notice"] is None
    assert approved["review"]["state"] == "approved"
    assert (approved["review"]["by"], approved["review"]["by_name"]) == (people["reviewer_id"], "王审核")
    assert approved["review"]["at"].startswith("2026-08-20T10:00")
    shown = api.get(f"/reports/{report['report_id']}", token=people["reporter"]).json
    assert shown["review"] == approved["review"] and shown["version"] == 2


def test_a_return_needs_a_comment_naming_what_to_fix(api: Api, people: dict[str, Any]) -> None:
    report = submit(api, people["reporter"])
    for comment in ("", "   "):
        answer = review(api, report, people["reviewer"], "return", comment)
        assert (answer.status, answer.json["code"]) == (400, "400.2")
        assert answer.error_fields() == {"comment": "退回修改须填写审核意见，说明需要修改什么"}
    wrong = review(api, report, people["reviewer"], "reject", "数字有误")
    assert wrong.status == 400 and "decision" in wrong.error_fields()
    assert review(api, {**report, "version": 0}, people["reviewer"], "approve").error_fields() == {
        "version": "不能小于1"
    }
    assert api.get(f"/reports/{report['report_id']}").json["version"] == 1  # nothing stored


def test_a_review_of_a_stale_version_is_409_2(api: Api, people: dict[str, Any]) -> None:
    report = submit(api, people["reporter"])
    path = f"/reports/{report['report_id']}"
    assert api.put(path, correction(report, participants=15), token=people["reporter"]).status == 200
    stale = review(api, report, people["reviewer"], "approve")
    assert (stale.status, stale.json["code"], stale.json["current_version"]) == (409, "409.2", 2)
    assert api.get(path).json["review"]["state"] == "pending"


def test_a_withdrawn_report_cannot_be_reviewed(api: Api, people: dict[str, Any]) -> None:
    report = submit(api, people["reporter"])
    withdrawn = api.delete(f"/reports/{report['report_id']}", token=people["reporter"]).json
    answer = review(api, {**report, "version": withdrawn["version"]}, people["reviewer"], "approve")
    assert (answer.status, answer.json["code"], answer.json["message"]) == (409, "409.5", "该报告已撤回，不能审核")


def test_viewers_and_reporters_cannot_review(api: Api, people: dict[str, Any]) -> None:
    report = submit(api, people["reporter"])
    for token, message in (
        (people["viewer"], "你的角色（查看）不能进行此操作"),
        (people["reporter"], "只有县双拥办可以进行此操作"),
    ):
        for answer in (
            review(api, report, token, "approve"),
            api.post(f"/units/sifaju/months/{MONTH}/approve", token=token),
        ):
            assert (answer.status, answer.json["code"], answer.json["message"]) == (403, "403.1", message)
    assert api.get(f"/reports/{report['report_id']}").json["version"] == 1


def test_a_review_sent_again_answers_the_review_it_made(api: Api, people: dict[str, Any]) -> None:
    report = submit(api, people["reporter"])
    first = review(api, report, people["reviewer"], "approve")
    again = review(api, report, people["reviewer"], "approve")  # the first answer was lost
    assert (first.status, again.status) == (200, 200) and again.json["version"] == 2
    other = review(api, report, people["reviewer"], "return", "走访户数有误")  # another decision on version 1
    assert (other.status, other.json["code"]) == (409, "409.2")
    unchanged = review(api, first.json, people["reviewer"], "approve")  # approving it again changes nothing
    assert unchanged.status == 200 and unchanged.json["version"] == 2
    history = api.get(f"/reports/{report['report_id']}/history").json["items"]
    assert [h["action"] for h in history] == ["created", "approved"]


def test_a_review_and_a_correction_of_the_same_version_race_and_one_wins(
    api: Api, people: dict[str, Any], ctx: Context
) -> None:
    won = set()
    with serialized(), one_request_per_thread(application.app):
        for _ in range(8):
            report = submit(api, people["reporter"])
            path = f"/reports/{report['report_id']}"
            approve = partial(review, api, report, people["reviewer"], "approve")
            correct = partial(api.put, path, correction(report, participants=15), token=people["reporter"])
            approved, corrected = together(approve, correct)
            assert sorted([approved.status, corrected.status]) == [200, 409], (approved.body, corrected.body)
            stored = api.get(path).json
            assert stored["version"] == 2
            if approved.status == 200:
                won.add("review")
                assert (stored["review"]["state"], stored["participants"]) == ("approved", 12)
            else:
                won.add("correction")
                assert (stored["review"]["state"], stored["participants"]) == ("pending", 15)
            history = api.get(f"{path}/history").json["items"]
            assert len(history) == 2
    # the unit-month's counters hold exactly the live reports at their stored versions
    expected = LiveReports()
    for item in api.get(f"/reports?month={MONTH}&limit=100").json["items"]:
        expected = expected.plus(item["report_id"], item["version"])
    assert ctx.store.months.counts(MONTH).units["sifaju"] == expected
    assert won  # which one wins is the race's; that one always does


def test_a_correction_puts_a_returned_or_approved_report_back_to_pending(api: Api, people: dict[str, Any]) -> None:
    report = submit(api, people["reporter"])
    path = f"/reports/{report['report_id']}"
    returned = review(api, report, people["reviewer"], "return", "走访户数应为16户").json
    assert returned["review"]["state"] == "returned" and returned["review"]["comment"] == "走访户数应为16户"
    metrics = {**report["metrics"], "households": 16}
    corrected = api.put(path, correction(returned, metrics=metrics), token=people["reporter"])
    assert corrected.status == 200 and corrected.json["review"]["state"] == "pending"
    approved = review(api, corrected.json, people["reviewer"], "approve").json
    assert approved["review"]["state"] == "approved"
    again = api.put(path, correction(approved, participants=13), token=people["reporter"]).json
    assert again["review"] == {"state": "pending", "comment": "", "by": None, "by_name": None, "at": None}
    history = api.get(path + "/history").json["items"]
    assert [h["action"] for h in history] == ["created", "returned", "updated", "approved", "updated"]
    assert history[1]["comment"] == "走访户数应为16户"
    assert history[2]["changes"]["review"] == ["returned", "pending"]
    assert history[4]["changes"] == {"participants": [12, 13], "review": ["approved", "pending"]}


def test_a_returned_report_stays_correctable_after_its_months_lock_day(
    api: Api, people: dict[str, Any], clock: SettableClock
) -> None:
    returned_one, pending_one = submit(api, people["reporter"]), submit(api, people["reporter"], title="另一份")
    clock.set("2026-09-15T10:00:00")  # August locked on 9月10日
    returned = review(api, returned_one, people["reviewer"], "return", "走访户数应为16户").json
    path = f"/reports/{returned_one['report_id']}"
    metrics = {**returned_one["metrics"], "households": 16}
    moved = api.put(path, correction(returned, occurred_on="2026-07-20"), token=people["reporter"])
    assert moved.status == 409 and moved.json["code"] == "409.3"  # nor into another locked month
    corrected = api.put(path, correction(returned, metrics=metrics), token=people["reporter"])
    assert corrected.status == 200, corrected.body
    assert corrected.json["metrics"]["households"] == 16 and corrected.json["review"]["state"] == "pending"
    again = api.put(path, correction(corrected.json, participants=13), token=people["reporter"])
    assert again.status == 409 and again.json["code"] == "409.3"  # corrected, it is locked like the rest
    other = api.put(
        f"/reports/{pending_one['report_id']}", correction(pending_one, participants=13), token=people["reporter"]
    )
    assert other.status == 409 and other.json["code"] == "409.3"


# --- lists and a unit's month ------------------------------------------------------------------


def test_the_month_list_filters_by_review_state(api: Api, people: dict[str, Any], ctx: Context) -> None:
    token = people["reporter"]
    approved, returned, pending = (submit(api, token, title=title) for title in ("甲", "乙", "丙"))
    review(api, approved, people["reviewer"], "approve")
    review(api, returned, people["reviewer"], "return", "请补充照片")
    stamps = {"created_at": "2026-08-02T09:00:00+08:00", "updated_at": "2026-08-02T09:00:00+08:00"}
    made_by = {"created_by": "r-older", "updated_by": "r-older", "late": False}
    old = {
        **report_body(),
        "report_id": "older",
        "unit_id": "sifaju",
        "month": MONTH,
        "version": 1,
        **stamps,
        **made_by,
    }
    old.pop("submission_id")
    ctx.store.table.put({**keys.report("older"), **keys.report_index(old), **old})  # stored before reviews

    def titles(query: str, who: str = people["viewer"]) -> list[str]:
        answer = api.get(f"/reports?month={MONTH}{query}", token=who)
        assert answer.status == 200, answer.body
        return sorted(item["title"] for item in answer.json["items"])

    assert titles("&review=pending") == sorted([pending["title"], old["title"]])
    assert titles("&review=approved") == ["甲"]
    assert titles("&review=returned", token) == ["乙"]
    assert titles("&review=returned&activity_type=mediation") == []
    assert titles("") == sorted(["甲", "乙", "丙", old["title"]])
    listed = {item["report_id"]: item for item in api.get(f"/reports?month={MONTH}").json["items"]}
    assert listed["older"]["review"]["state"] == "pending"  # shown as pending
    for bad in ("rejected", "PENDING", "%EF%BD%90ending", "", "1"):
        answer = api.get(f"/reports?month={MONTH}&review={bad}")
        assert (answer.status, answer.json["code"]) == (400, "400.3"), bad
        assert "审核状态" in answer.json["message"]


def test_a_units_pending_reports_of_a_month_are_approved_at_once(
    api: Api, people: dict[str, Any], ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = people["reporter"]
    first, second, third, sent_back = (submit(api, token, title=t) for t in ("一", "二", "三", "四"))
    review(api, sent_back, people["reviewer"], "return", "数字有误")
    other = submit(api, api.reporter("jiaoyuju"))
    july = api.post("/reports", report_body(unit_id="sifaju", occurred_on="2026-07-30")).json  # locked: the office

    # 三 is corrected by its reporter after the approval read the month, before it wrote
    read = ctx.store.reports.of_month

    def read_then_edit(month: str, unit_id: str | None = None) -> Any:
        found = list(read(month, unit_id))
        reporter = Principal(Role.REPORTER, people["reporter_id"], "sifaju", "张三")
        reports.update(ctx, reporter, third["report_id"], correction(third, participants=30))
        return iter(found)

    monkeypatch.setattr(ctx.store.reports, "of_month", read_then_edit)
    answer = api.post(f"/units/sifaju/months/{MONTH}/approve", token=people["reviewer"])
    assert answer.status == 200, answer.body
    found = answer.json
    assert found["approved"] == 2
    assert sorted(r["title"] for r in found["reports"]) == ["一", "二"]
    assert found["skipped"] == [
        {
            "report_id": third["report_id"],
            "title": "三",
            "reason": "读取后报告已被修改或撤回，未予通过，请刷新后逐份审核",
        }
    ]
    monkeypatch.undo()

    def state(report: dict[str, Any]) -> str:
        return str(api.get(f"/reports/{report['report_id']}").json["review"]["state"])

    assert [state(r) for r in (first, second, third, sent_back)] == ["approved", "approved", "pending", "returned"]
    assert state(other) == "pending" and state(july) == "pending"  # another unit, another month
    again = api.post(f"/units/sifaju/months/{MONTH}/approve", token=people["reviewer"]).json
    assert (again["approved"], [r["title"] for r in again["reports"]]) == (1, ["三"])
    assert api.post("/units/nowhere/months/2026-08/approve").status == 404
    assert api.post("/units/sifaju/months/2026-8/approve").status == 400


# --- names, not ids -------------------------------------------------------------------------


def test_every_history_entry_names_the_person(api: Api, people: dict[str, Any], ctx: Context) -> None:
    report = submit(api, people["reporter"])
    path = f"/reports/{report['report_id']}"
    corrected = api.put(path, correction(report, participants=15), token=people["reporter"]).json
    returned = review(api, corrected, people["reviewer"], "return", "请补充活动照片").json
    approved = review(api, returned, ADMIN_TOKEN, "approve").json
    assert approved["review"]["by_name"] == OWNER_NAME
    history = api.get(f"{path}/history", token=people["reporter"]).json["items"]
    assert [(h["action"], h["by_name"]) for h in history] == [
        ("created", "张三"),
        ("updated", "张三"),
        ("returned", "王审核"),
        ("approved", OWNER_NAME),
    ]
    assert history[2]["by"] == people["reviewer_id"] and history[3]["by"] == "admin"

    # a report and revisions stored before names were kept: the name is looked up, else the id shown
    old = {**report_body(), "report_id": "older", "unit_id": "sifaju", "month": MONTH, "version": 3}
    old.update(created_at="2026-08-02T10:00:00+08:00", created_by=people["reporter_id"], updated_at="", updated_by="")
    old.pop("submission_id")
    ctx.store.table.put({**keys.report("older"), **keys.report_index(old), **old})
    for version, by in ((2, people["reviewer_id"]), (3, "gone-person")):
        revision = {"version": version, "at": "2026-08-03T10:00:00+08:00", "by": by, "action": "updated", "changes": {}}
        ctx.store.table.put({**keys.revision("older", version), **revision})
    history = api.get("/reports/older/history").json["items"]
    assert [h["by_name"] for h in history] == ["张三", "王审核", "gone-person"]


# --- the unit learns at once -----------------------------------------------------------------


def test_a_return_emails_the_unit_once_and_the_daily_job_does_not_send_it_again(
    api: Api, people: dict[str, Any], clock: SettableClock, outbox: Outbox
) -> None:
    report = submit(api, people["reporter"], title="八一走访慰问驻军")
    answer = review(api, report, people["reviewer"], "return", "走访户数应为16户；\n请补充活动照片。")
    assert answer.status == 200 and answer.json["notice"] == "已发邮件通知该单位"
    (message,) = outbox.new()
    assert message["to"] == ["sfj@example.cn", "sfj2@example.cn"]
    assert message["subject"] == "【双拥填报】报告退回修改：八一走访慰问驻军"
    link = f"{PUBLIC}/#report={report['report_id']}"
    for part in (message["text"], message["html"]):
        assert "县司法局" in part and "八一走访慰问驻军" in part and "2026年8月1日" in part
        assert "走访户数应为16户；" in part and "请补充活动照片。" in part
        assert link in part and "sy5." not in part
    assert f'<a href="{link}">' in message["html"]

    assert review(api, report, people["reviewer"], "return", "走访户数应为16户；\n请补充活动照片。").status == 200
    run_at(clock, "2026-08-21T09:00")  # the daily job names the return again: it was sent
    run_at(clock, "2026-08-21T09:00")
    assert outbox.new() == []
    listed = api.get(f"/reminders?month={MONTH}", token=people["viewer"]).json["items"]
    assert [(r["reason"], r["period"], r["recipient"], r["status"]) for r in listed] == [
        ("returned", f"{report['report_id']}@2", "sifaju", "sent")
    ]

    # corrected and returned again: a new return, one more e-mail
    corrected = api.put(
        f"/reports/{report['report_id']}", correction(answer.json, participants=20), token=people["reporter"]
    ).json
    assert review(api, corrected, people["reviewer"], "return", "参加人数仍有误").json["notice"] == "已发邮件通知该单位"
    (second,) = outbox.new()
    assert "参加人数仍有误" in second["text"]


def test_a_failed_send_is_made_up_once_by_the_daily_job(
    api: Api, people: dict[str, Any], clock: SettableClock, outbox: Outbox, aws: boto3.Session, ctx: Context
) -> None:
    may = api.post("/reports", report_body(unit_id="sifaju", occurred_on="2026-05-10", title="五月座谈")).json
    sesv2 = aws.client("sesv2")
    sesv2.delete_email_identity(EmailIdentity=ctx.config.mail_from)  # SES now rejects the sender
    answer = review(api, may, people["reviewer"], "return", "请补充参加人员名单")
    assert answer.status == 200 and answer.json["review"]["state"] == "returned"  # the review stands
    assert answer.json["notice"] == "邮件未能发出，系统将在每日提醒时自动重发"
    assert outbox.new() == []

    sesv2.create_email_identity(EmailIdentity=ctx.config.mail_from)
    run_at(clock, "2026-08-21T09:00")  # May is no month the job reads: the failed claim names it
    assert [m["subject"] for m in outbox.new()] == ["【双拥填报】报告退回修改：五月座谈"]
    run_at(clock, "2026-08-22T09:00")
    assert outbox.new() == []
    listed = api.get(f"/reminders?month={MONTH}").json["items"]
    assert [(r["period"], r["status"], r["attempts"]) for r in listed] == [(f"{may['report_id']}@2", "sent", 2)]


def test_a_unit_without_an_address_is_not_emailed_and_the_reviewer_is_told(
    api: Api, people: dict[str, Any], outbox: Outbox
) -> None:
    report = submit(api, api.reporter("jiaoyuju"))
    answer = review(api, report, people["reviewer"], "return", "请补充活动照片")
    assert answer.json["notice"] == "该单位未登记联系邮箱，未能发邮件通知，请另行告知"
    assert outbox.new() == []


def test_a_unit_whose_only_reports_are_returned_is_chased_as_not_reported(
    api: Api, people: dict[str, Any], clock: SettableClock, outbox: Outbox
) -> None:
    report = submit(api, people["reporter"])
    review(api, report, people["reviewer"], "return", "数字有误")
    outbox.new()
    run_at(clock, "2026-08-25T09:00")  # the nudge day of August
    (message,) = [m for m in outbox.new() if m["to"][0] == "sfj@example.cn"]
    assert message["subject"] == "【双拥填报】请更正退回修改的2026年8月双拥活动报告"
    assert "均已被县双拥办退回修改" in message["text"] and "本月无活动" not in message["text"]
