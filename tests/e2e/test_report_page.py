"""The reporter's page in a real Chromium, as a 360×740 phone, against the real local stack."""

from __future__ import annotations

import re
import urllib.request
import uuid
from datetime import date
from typing import Any

import boto3
import pytest

from chalicelib.core.catalogue import VISIT_TARGETS
from tests.e2e.browser import Phone, photo_png
from tests.e2e.conftest import TODAY, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def new_reporter(stack: Stack, name: str = "县司法局") -> dict[str, Any]:
    """A fresh unit and its reporter, issued by the county office through the API."""
    unit_id = f"u-{uuid.uuid4().hex[:8]}"
    assert stack.call("POST", "/units", {"unit_id": unit_id, "name": name, "kind": "bureau"})[0] == 201
    status, issued = stack.call("POST", f"/units/{unit_id}/reporters", {"label": "浏览器测试"})
    assert status == 201
    return issued  # type: ignore[no-any-return]


def open_link(phone: Phone, issued: dict[str, Any], unit_name: str = "县司法局") -> Any:
    page = phone.page
    page.goto(issued["link"])
    from playwright.sync_api import expect

    expect(page.locator("#unit")).to_have_text(unit_name)
    expect(page.locator("#f-activity_type option")).to_have_count(18)  # a prompt and the 17 types
    return page


def fill_common(page: Any, activity_type: str, title: str, participants: str = "12") -> None:
    page.select_option("#f-activity_type", activity_type)
    page.fill("#f-title", title)
    page.fill("#f-location", "73026部队营区")
    page.fill("#f-counterpart", "73026部队")
    page.fill("#f-participants", participants)


def card(page: Any, title: str) -> Any:
    return page.locator("#reports .card", has_text=title)


def month_reports(stack: Stack, token: str, month: str) -> list[dict[str, Any]]:
    status, answer = stack.call("GET", f"/reports?month={month}", token=token)
    assert status == 200
    return answer["items"]  # type: ignore[no-any-return]


def test_a_reporter_files_two_types_with_a_photo_then_one_offline_sent_once_online(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    issued = new_reporter(stack)
    page = open_link(phone, issued)
    # The token left the address bar and stays on the phone.
    assert "token" not in page.url
    assert page.evaluate("localStorage.getItem('sy.token.report')") == f'"{issued["token"]}"'
    today = page.evaluate("SY.today()")
    assert today == TODAY.isoformat()  # the date in Beijing
    month = today[:7]

    # A visit with a photo: the figures of 走访慰问 with their units, numeric keyboards.
    fill_common(page, "visit", "八一走访慰问驻军")
    assert page.input_value("#f-occurred_on") == today
    expect(page.locator('[data-field="metrics.funds_yuan"] .unit')).to_have_text("元")
    expect(page.locator('[data-field="metrics.households"] .unit')).to_have_text("户")
    assert page.get_attribute("#f-metrics-households", "inputmode") == "numeric"
    assert page.get_attribute("#f-metrics-funds_yuan", "inputmode") == "decimal"
    page.select_option("#f-metrics-target", "troops")
    page.fill("#f-metrics-households", "16")
    page.fill("#f-metrics-funds_yuan", "62000.10")
    page.set_input_files("#photo-input", files=[{"name": "p.png", "mimeType": "image/png", "buffer": photo_png()}])
    expect(page.locator("#photo-list img.thumb")).to_have_count(1)
    phone.screenshot("report-form")
    page.click("#submit")
    expect(card(page, "八一走访慰问驻军").locator(".badge.ok")).to_have_text("已提交")

    # A legal lecture, the second type.
    page.click("#new-report")
    fill_common(page, "legal_lecture", "送法进军营：民法典讲座", participants="120")
    page.fill("#f-metrics-attendees", "120")
    page.fill("#f-metrics-materials", "300")
    page.click("#submit")
    expect(card(page, "送法进军营：民法典讲座").locator(".badge.ok")).to_have_text("已提交")

    stored = {r["title"]: r for r in month_reports(stack, issued["token"], month)}
    assert set(stored) == {"八一走访慰问驻军", "送法进军营：民法典讲座"}
    visit = stored["八一走访慰问驻军"]
    assert visit["metrics"]["funds_yuan"] == 62000.1 and visit["occurred_on"] == today
    [key] = visit["photos"]
    assert key.startswith(f"photos/county/{issued['unit_id']}/")
    bucket = boto3.client(
        "s3", endpoint_url=stack.moto, region_name="us-east-1", aws_access_key_id="l", aws_secret_access_key="l"
    )
    photo = bucket.get_object(Bucket="shuangyong-files", Key=key)
    assert photo["ContentType"] == "image/jpeg"
    assert 1_000 < photo["ContentLength"] <= 2 * 1024 * 1024

    # No network: the report waits on the phone.
    phone.offline(True)
    page.click("#new-report")
    fill_common(page, "mediation", "离线时填报的纠纷调解", participants="4")
    page.fill("#f-metrics-disputes", "3")
    page.fill("#f-metrics-resolved", "2")
    page.click("#submit")
    waiting = card(page, "离线时填报的纠纷调解")
    expect(waiting.locator(".badge.wait")).to_have_text("待发送")
    expect(page.locator("#net")).to_be_visible()
    expect(page.locator("#pending")).to_have_text("1")
    phone.screenshot("report-list-offline")
    assert "离线时填报的纠纷调解" not in {r["title"] for r in month_reports(stack, issued["token"], month)}

    # The network returns: sent, exactly once.
    phone.offline(False)
    expect(waiting.locator(".badge.ok")).to_have_text("已提交")
    expect(page.locator("#pending")).to_be_hidden()
    expect(card(page, "离线时填报的纠纷调解")).to_have_count(1)
    expect(page.locator("#toast")).to_be_hidden()
    phone.screenshot("report-list")
    page.reload()
    page.click("#tab-list")
    expect(card(page, "离线时填报的纠纷调解")).to_have_count(1)
    titles = [r["title"] for r in month_reports(stack, issued["token"], month)]
    assert sorted(titles) == sorted(["八一走访慰问驻军", "送法进军营：民法典讲座", "离线时填报的纠纷调解"])
    phone.check_traffic(issued["token"])
    logged = "".join(stack.log)
    assert "POST /reports" in logged and issued["token"] not in logged


def test_errors_are_shown_beside_their_field_and_a_report_is_corrected(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    issued = new_reporter(stack)
    page = open_link(phone, issued)
    month = page.evaluate("SY.today()")[:7]

    # Checked on the phone: money with three decimals, a missing title.
    fill_common(page, "notary", "")
    page.fill("#f-metrics-fee_waived_yuan", "12.345")
    page.click("#submit")
    expect(page.locator('[data-field="metrics.fee_waived_yuan"] .err')).to_contain_text("两位小数")
    expect(page.locator('[data-field="title"] .err')).to_contain_text("必填")

    # Checked by the server: 调解成功 cannot exceed 排查调处纠纷; the message sits by its field.
    fill_common(page, "mediation", "涉军纠纷调处")
    page.fill("#f-metrics-disputes", "2")
    page.fill("#f-metrics-resolved", "3")
    page.click("#submit")
    error = page.locator('[data-field="metrics.resolved"] .err')
    expect(error).to_contain_text("调解成功不能多于排查调处纠纷")
    expect(page.locator('[data-field="metrics.resolved"]')).to_have_class("field invalid")
    expect(page.locator("#pending")).to_be_hidden()  # refused on screen: the form keeps it, not the queue
    phone.screenshot("report-error", full_page=False)
    assert month_reports(stack, issued["token"], month) == []

    page.fill("#f-metrics-resolved", "2")
    page.click("#submit")
    expect(card(page, "涉军纠纷调处").locator(".badge.ok")).to_have_text("已提交")
    expect(page.locator("#pending")).to_be_hidden()

    # Correcting: the form opens with the report's values; the API keeps the new version.
    card(page, "涉军纠纷调处").locator("button", has_text="更正").click()
    expect(page.locator("#editing")).to_be_visible()
    assert page.input_value("#f-metrics-disputes") == "2"
    page.fill("#f-title", "涉军纠纷调处（更正）")
    page.fill("#f-metrics-resolved", "1")
    page.click("#submit")
    # A correction is a transaction, which moto answers by copying the whole table: slow late in a full run.
    expect(card(page, "涉军纠纷调处（更正）").locator(".badge.ok")).to_have_text("已提交", timeout=30_000)
    [report] = month_reports(stack, issued["token"], month)
    assert (report["title"], report["version"], report["metrics"]["resolved"]) == ("涉军纠纷调处（更正）", 2, 1)
    phone.check_traffic(issued["token"])


def test_a_unit_files_no_activity_this_month(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    issued = new_reporter(stack, "县人民法院")
    page = open_link(phone, issued, "县人民法院")
    month = page.evaluate("SY.today()")[:7]
    page.click("#tab-list")
    page.click("#nil-button")
    page.click("#nil-confirm")
    expect(page.locator("#nil .badge.ok")).to_have_text("已提交")
    expect(page.locator("#nil")).to_contain_text("本月无活动")
    status, nil_report = stack.call(
        "GET", f"/units/{issued['unit_id']}/months/{month}/nil-report", token=issued["token"]
    )
    assert status == 200 and nil_report["month"] == month
    phone.check_traffic(issued["token"])


def test_without_a_link_the_page_says_how_to_get_one(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    phone.page.goto(stack.base + "/")
    expect(phone.page.locator("#notice")).to_contain_text("填报链接")
    expect(phone.page.locator("#view-form")).to_be_hidden()


def test_the_page_opens_without_a_network_once_it_was_opened(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    issued = new_reporter(stack)
    page = open_link(phone, issued)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the service worker's control
    expect(page.locator("#unit")).to_have_text("县司法局")
    phone.offline(True)
    page.reload()
    expect(page.locator("#net")).to_be_visible()
    page.select_option("#f-activity_type", "visit")
    expect(page.locator("#f-metrics-funds_yuan")).to_be_visible()


def test_a_half_filled_form_survives_a_reload_and_a_revoked_link_says_so(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    issued = new_reporter(stack)
    page = open_link(phone, issued)
    page.select_option("#f-activity_type", "symposium")
    page.fill("#f-title", "八一拥军优属座谈会")
    page.fill("#f-metrics-attendees", "40")
    page.reload()
    assert page.input_value("#f-activity_type") == "symposium"
    assert page.input_value("#f-title") == "八一拥军优属座谈会"
    assert page.input_value("#f-metrics-attendees") == "40"

    assert stack.call("DELETE", f"/reporters/{issued['reporter_id']}")[0] == 200
    page.reload()
    expect(page.locator("#notice")).to_contain_text("填报链接已失效")
    assert page.input_value("#f-title") == "八一拥军优属座谈会"


def test_make_run_prints_each_demo_reporters_link_and_the_page_allows_its_bucket(stack: Stack) -> None:
    printed = "".join(stack.output)
    for unit_id in ("sifaju", "minzhengju", "fayuan"):
        assert f"demo reporter of {unit_id}: sy5." in printed
    assert printed.count(f"  report page: {stack.base}/#token=sy5.") == 6
    with urllib.request.urlopen(stack.base + "/", timeout=10) as answer:
        policy = answer.headers["Content-Security-Policy"]
    assert f"connect-src 'self' {stack.moto};" in policy


def test_the_visit_targets_come_in_the_domains_order(phone: Phone, stack: Stack) -> None:
    page = open_link(phone, new_reporter(stack))
    page.select_option("#f-activity_type", "visit")
    options = page.locator("#f-metrics-target option").all_inner_texts()
    assert options[:2] == ["请选择", "驻军部队"]  # not 在乡老复员军人, the first code in alphabetical order
    assert options[1:] == list(VISIT_TARGETS.values())


def test_figures_typed_on_a_phone_become_exact_json_numbers(phone: Phone, stack: Stack) -> None:
    page = phone.page
    page.goto(stack.base + "/")
    typed = ["１２，３４５．５０", "0062000.10", " 7 ", "12.345"]
    assert page.evaluate("t => t.map(x => SY.numberText(SY.digits(x)))", typed) == [
        "12345.50",
        "62000.10",
        "7",
        "12.345",
    ]
    assert page.evaluate("t => t.map(x => SY.MONEY.test(SY.digits(x)))", typed) == [True, True, True, False]
    written = page.evaluate("SY.json({m: SY.exact('62000.10'), n: [SY.exact('7'), null], t: '\"引号\"'})")
    assert written == '{"m":62000.10,"n":[7,null],"t":"\\"引号\\""}'


def test_a_reporter_links_a_report_to_its_units_plan_task_and_keeps_it_when_correcting(
    phone: Phone, stack: Stack
) -> None:
    from playwright.sync_api import expect

    issued = new_reporter(stack)
    page_year = TODAY.year
    whole_year = {"from": f"{page_year}-01-01", "to": f"{page_year}-12-31"}
    suffix = uuid.uuid4().hex[:6]

    def task(title: str, types: list[str], unit_id: str = issued["unit_id"]) -> str:
        body = {"heading": "法律拥军", "title": title + suffix, "unit_ids": [unit_id], "window": whole_year}
        status, made = stack.call("POST", f"/plans/{page_year}/tasks", {**body, "activity_types": types})
        assert status == 201, made
        return str(made["task_id"])

    lectures = task("送法进军营讲座", ["legal_lecture"])
    task("走访驻军", ["visit"])
    anything = task("任何活动", [])
    dropped = task("将被删除的任务", [])
    other_unit = f"u-{uuid.uuid4().hex[:8]}"
    assert stack.call("POST", "/units", {"unit_id": other_unit, "name": "县民政局", "kind": "bureau"})[0] == 201
    task("他单位的讲座", ["legal_lecture"], other_unit)

    page = open_link(phone, issued)
    fill_common(page, "legal_lecture", "民法典进军营", participants="80")
    page.fill("#f-metrics-attendees", "80")
    # Only the unit's tasks expecting a lecture, or any type, are offered.
    options = page.locator("#f-plan_task_id option")
    expect(options).to_have_count(4)
    offered = options.all_inner_texts()
    assert offered[0] == "请选择" and sorted(offered[1:]) == sorted(
        [f"法律拥军：{t}{suffix}" for t in ("送法进军营讲座", "任何活动", "将被删除的任务")]
    )
    # Another type offers its own; a date of last year offers none (no plan that year).
    page.select_option("#f-activity_type", "visit")
    expect(options).to_have_count(4)
    expect(page.locator("#f-plan_task_id")).to_contain_text("走访驻军")
    page.select_option("#f-activity_type", "legal_lecture")
    page.fill("#f-metrics-attendees", "80")
    page.fill("#f-occurred_on", f"{page_year - 1}-12-30")
    page.locator("#f-occurred_on").dispatch_event("change")
    expect(page.locator("#f-plan_task_id")).to_have_count(0)
    page.fill("#f-occurred_on", TODAY.isoformat())
    page.locator("#f-occurred_on").dispatch_event("change")
    # A task deleted by the county office while the form was open: the server's reason sits by the select.
    page.select_option("#f-plan_task_id", dropped)
    assert stack.call("DELETE", f"/plans/{page_year}/tasks/{dropped}")[0] in (200, 204)
    page.click("#submit")
    expect(page.locator('[data-field="plan_task_id"] .err')).to_be_visible()
    expect(page.locator("#pending")).to_be_hidden()
    expect(options).to_have_count(3)  # the plan read again: the deleted task is no longer offered
    page.select_option("#f-plan_task_id", lectures)
    phone.screenshot("report-plan-task", full_page=False)
    page.click("#submit")
    expect(card(page, "民法典进军营").locator(".badge.ok")).to_have_text("已提交")

    def linked(task_id: str) -> dict[str, Any]:
        status, plan = stack.call("GET", f"/plans/{page_year}?unit_id={issued['unit_id']}")
        assert status == 200
        [found] = [t for t in plan["tasks"] if t["task_id"] == task_id]
        return found  # type: ignore[no-any-return]

    found = linked(lectures)
    assert [r["title"] for r in found["reports"]] == ["民法典进军营"]
    assert found["progress"]["state"] == "done" and found["progress"]["reports"] == 1

    # Correcting: the form shows the report's task; a new title keeps the link.
    card(page, "民法典进军营").locator("button", has_text="更正").click()
    expect(page.locator("#f-plan_task_id")).to_have_value(lectures)
    page.fill("#f-title", "民法典进军营（更正）")
    page.click("#submit")
    expect(card(page, "民法典进军营（更正）").locator(".badge.ok")).to_have_text("已提交")
    assert [r["title"] for r in linked(lectures)["reports"]] == ["民法典进军营（更正）"]

    # Choosing the other task moves the link; choosing none clears it.
    card(page, "民法典进军营（更正）").locator("button", has_text="更正").click()
    page.select_option("#f-plan_task_id", anything)
    page.click("#submit")
    expect(page.locator("#pending")).to_be_hidden()
    expect(card(page, "民法典进军营（更正）").locator(".badge.ok")).to_have_text("已提交")
    assert linked(lectures)["reports"] == [] and linked(lectures)["progress"]["state"] == "not_started"
    assert linked(anything)["progress"]["reports"] == 1
    card(page, "民法典进军营（更正）").locator("button", has_text="更正").click()
    expect(page.locator("#f-plan_task_id")).to_have_value(anything)
    page.select_option("#f-plan_task_id", "")
    page.click("#submit")
    expect(page.locator("#pending")).to_be_hidden()
    expect(card(page, "民法典进军营（更正）").locator(".badge.ok")).to_have_text("已提交")
    assert linked(anything)["reports"] == []
    phone.check_traffic(issued["token"])


def test_the_list_shows_each_reports_figures_and_a_report_is_withdrawn_after_a_confirmation(
    phone: Phone, stack: Stack
) -> None:
    from playwright.sync_api import expect

    from tests.conftest import report_body

    issued = new_reporter(stack)
    token = issued["token"]
    today = TODAY.isoformat()
    visit = report_body(
        "visit",
        title="八一走访驻区部队",
        occurred_on=today,
        metrics={"target": "troops", "households": 16, "persons": 80, "funds_yuan": 62000},
    )
    lecture = report_body("legal_lecture", title="民法典进军营", occurred_on=today)
    for body in (visit, lecture):
        assert stack.call("POST", "/reports", body, token=token)[0] == 201

    page = open_link(phone, issued)
    page.click("#tab-list")
    shown = card(page, "八一走访驻区部队")
    expect(shown.locator(".figures")).to_have_text("走访对象：驻军部队 · 走访户数16户 · 慰问人数80人 · 慰问金6.2万元")
    expect(card(page, "民法典进军营").locator(".figures")).to_contain_text("受教育官兵120人次")
    # Dates as the office page writes them: 2026年9月15日, never 2026-09-15.
    expect(shown).to_contain_text(f"走访慰问 · {TODAY.year}年{TODAY.month}月{TODAY.day}日")
    deadline = date.fromisoformat(stack.call("GET", f"/months/{today[:7]}")[1]["deadline"])
    expect(page.locator("#month-state")).to_have_text(
        f"报送截止：{deadline.year}年{deadline.month}月{deadline.day}日（逾期为迟报）"
    )
    phone.screenshot("report-list-figures", full_page=False)

    # 撤回 asks first; 取消 keeps the report.
    shown.locator(".actions button.danger").click()
    expect(shown.locator(".confirm")).to_be_visible()
    expect(shown.locator(".confirm")).to_contain_text("确认撤回“八一走访驻区部队”")
    shown.locator(".confirm button", has_text="取消").click()
    expect(shown.locator(".confirm")).to_be_hidden()
    assert len(month_reports(stack, token, today[:7])) == 2

    shown.locator(".actions button.danger").click()
    phone.screenshot("report-withdraw-confirm", full_page=False)
    shown.locator(".confirm button", has_text="确认撤回").click()
    expect(card(page, "八一走访驻区部队")).to_have_count(0)
    expect(card(page, "民法典进军营")).to_have_count(1)
    assert [r["title"] for r in month_reports(stack, token, today[:7])] == ["民法典进军营"]
    page.reload()
    page.click("#tab-list")
    expect(card(page, "民法典进军营")).to_have_count(1)
    expect(card(page, "八一走访驻区部队")).to_have_count(0)
    # A month with reports has no 本月无活动: the page does not ask for one (no expected 404).
    assert not [r for r in phone.requests if "/nil-report" in r.url]
    phone.check_traffic(token)


def test_the_no_activity_confirmation_can_be_cancelled_and_a_filed_one_withdrawn(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    issued = new_reporter(stack, "县人民法院")
    token = issued["token"]
    month = TODAY.isoformat()[:7]
    nil_path = f"/units/{issued['unit_id']}/months/{month}/nil-report"
    page = open_link(phone, issued, "县人民法院")
    page.click("#tab-list")
    page.click("#nil-button")
    expect(page.locator("#nil-confirm")).to_be_visible()
    page.click("#nil-cancel")
    expect(page.locator("#nil-confirm")).to_be_hidden()
    expect(page.locator("#nil-button")).to_be_visible()
    assert stack.call("GET", nil_path, token=token)[0] == 404  # nothing was filed

    page.click("#nil-button")
    page.click("#nil-confirm")
    expect(page.locator("#nil .badge.ok")).to_have_text("已提交")
    assert stack.call("GET", nil_path, token=token)[0] == 200

    page.click("#nil-withdraw")
    undo = page.locator("#nil-filed .confirm")
    expect(undo).to_contain_text("确认撤回本月无活动")
    undo.locator("button", has_text="取消").click()
    expect(undo).to_be_hidden()
    assert stack.call("GET", nil_path, token=token)[0] == 200
    page.click("#nil-withdraw")
    phone.screenshot("report-nil-withdraw", full_page=False)
    undo.locator("button", has_text="确认撤回").click()
    expect(page.locator("#nil-button")).to_be_visible()
    expect(page.locator("#nil-filed")).to_have_count(0)
    assert stack.call("GET", nil_path, token=token)[0] == 404
    page.reload()
    page.click("#tab-list")
    expect(page.locator("#nil-button")).to_be_visible()
    phone.check_traffic(token)


def test_the_reporter_sees_each_reports_review_corrects_a_returned_one_and_opens_the_e_mails_link(
    phone: Phone, stack: Stack
) -> None:
    from playwright.sync_api import expect

    issued = new_reporter(stack)
    token = issued["token"]
    page = open_link(phone, issued)
    month = TODAY.isoformat()[:7]

    # The reporter submits two reports from the phone: each waits for the county office's review.
    fill_common(page, "mediation", "涉军纠纷排查调处", participants="4")
    page.fill("#f-metrics-disputes", "3")
    page.fill("#f-metrics-resolved", "2")
    page.click("#submit")
    expect(card(page, "涉军纠纷排查调处").locator(".badge.rv-pending")).to_have_text("待审核")
    page.click("#new-report")
    fill_common(page, "legal_lecture", "送法进军营：国防法讲座", participants="90")
    page.fill("#f-metrics-attendees", "90")
    page.click("#submit")
    expect(card(page, "送法进军营：国防法讲座").locator(".badge.rv-pending")).to_have_text("待审核")
    expect(card(page, "涉军纠纷排查调处").locator(".badge.rv-pending")).to_have_text("待审核")

    # The county office returns the report the API lists last (so that only the page's order puts it first)
    # and approves the other.
    listed = month_reports(stack, token, month)
    assert [r["review"]["state"] for r in listed] == ["pending", "pending"]
    back, fine = listed[-1], listed[0]
    status, answer = stack.call(
        "POST",
        f"/reports/{back['report_id']}/review",
        {"decision": "return", "comment": "慰问金额有误，请核对", "version": back["version"]},
    )
    assert status == 200, answer
    status, answer = stack.call(
        "POST", f"/reports/{fine['report_id']}/review", {"decision": "approve", "version": fine["version"]}
    )
    assert status == 200, answer

    # The page read again: the returned report first, with the comment and 更正; the other 已通过.
    page.reload()
    page.click("#tab-list")
    cards = page.locator("#reports .card")
    expect(cards).to_have_count(2)
    first = cards.nth(0)
    expect(first.locator(".card-title")).to_have_text(back["title"])
    expect(first.locator(".badge.rv-returned")).to_have_text("退回修改")
    expect(first.locator(".review-comment")).to_have_text("慰问金额有误，请核对")
    expect(first.locator("button", has_text="更正")).to_be_visible()
    second = cards.nth(1)
    expect(second.locator(".card-title")).to_have_text(fine["title"])
    expect(second.locator(".badge.rv-approved")).to_have_text("已通过")
    expect(second.locator(".review-note")).to_have_count(0)
    expect(page.locator("#reports")).not_to_contain_text("待审核")
    phone.screenshot("report-list-review", full_page=False)

    # 更正 opens the report's form with its values and the office's comment; the correction goes back to review.
    first.locator("button", has_text="更正").click()
    expect(page.locator("#editing")).to_be_visible()
    expect(page.locator("#editing-title")).to_have_text(back["title"])
    expect(page.locator("#editing-comment")).to_have_text("退回意见：慰问金额有误，请核对")
    assert page.input_value("#f-participants") == str(back["participants"])
    page.fill("#f-title", back["title"] + "（更正）")
    page.click("#submit")
    corrected = card(page, back["title"] + "（更正）")
    expect(corrected.locator(".badge.rv-pending")).to_have_text("待审核")
    expect(corrected.locator(".review-note")).to_have_count(0)
    expect(card(page, fine["title"]).locator(".badge.rv-approved")).to_have_text("已通过")
    expect(page.locator("#pending")).to_be_hidden()
    status, report = stack.call("GET", f"/reports/{back['report_id']}", token=token)
    assert status == 200
    assert (report["review"]["state"], report["title"], report["version"]) == ("pending", back["title"] + "（更正）", 3)

    # The e-mail of a return links {PUBLIC_URL}/#report=<id>: the page opens at that report, marked and in view.
    page.goto(stack.base + "/")  # leave the page first: a new load, as from the e-mail
    page.goto(f"{stack.base}/#report={fine['report_id']}")
    expect(page.locator("#view-list")).to_be_visible()
    opened = page.locator(f'#reports .card[data-report="{fine["report_id"]}"]')
    expect(opened).to_have_class("card focus")
    expect(opened).to_be_in_viewport()
    expect(opened.locator(".badge.rv-approved")).to_have_text("已通过")
    expect(page.locator("#reports .card.focus")).to_have_count(1)
    assert "report=" not in page.url
    phone.check_traffic(token)


def test_a_returned_report_of_a_locked_month_is_still_corrected_and_nothing_else_changes(
    phone: Phone, stack: Stack
) -> None:
    from playwright.sync_api import expect

    issued = new_reporter(stack)
    token, unit_id = issued["token"], issued["unit_id"]
    august = TODAY.replace(day=1).replace(month=TODAY.month - 1)  # locked on 9月10日
    filed = []
    for title in ("八月送法进军营", "八月纠纷调处"):
        body = {
            "submission_id": str(uuid.uuid4()),
            "unit_id": unit_id,  # the office files them for the unit: the month is closed to reporters
            "activity_type": "mediation",
            "title": title,
            "occurred_on": august.replace(day=20).isoformat(),
            "location": "司法所",
            "counterpart": "73026部队",
            "participants": 3,
            "metrics": {"disputes": 2, "resolved": 1},
        }
        status, stored = stack.call("POST", "/reports", body)
        assert status == 201, stored
        filed.append(stored)
    back = filed[0]
    status, answer = stack.call(
        "POST",
        f"/reports/{back['report_id']}/review",
        {"decision": "return", "comment": "调解成功应为2件", "version": 1},
    )
    assert status == 200, answer

    page = open_link(phone, issued)
    page.click("#tab-list")
    page.select_option("#month", august.isoformat()[:7])
    returned = card(page, "八月送法进军营")
    expect(returned.locator(".badge.rv-returned")).to_have_text("退回修改")
    expect(returned.locator(".hint")).to_have_text("该月已锁定，仍可按退回意见更正本报告")
    expect(returned.get_by_role("button")).to_have_text(["更正"])  # (roles count only what is shown)
    expect(card(page, "八月纠纷调处").get_by_role("button")).to_have_count(0)  # locked, and not returned
    returned.locator("button", has_text="更正").click()
    page.fill("#f-metrics-resolved", "2")
    page.click("#submit")
    expect(card(page, "八月送法进军营").locator(".badge.rv-pending")).to_have_text("待审核")
    status, report = stack.call("GET", f"/reports/{back['report_id']}", token=token)
    assert (report["metrics"]["resolved"], report["version"], report["review"]["state"]) == (2, 3, "pending")
    expect(card(page, "八月送法进军营").get_by_role("button")).to_have_count(0)  # corrected: locked like the rest
    phone.check_traffic(token)


def test_a_month_without_reports_or_no_activity_logs_no_error_and_a_filed_one_shows_after_a_reload(
    phone: Phone, stack: Stack
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    phone.page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    issued = new_reporter(stack, "县人民法院")
    page = open_link(phone, issued, "县人民法院")
    page.click("#tab-list")
    expect(page.locator("#nil-button")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert errors == []  # no 本月无活动 is expected, and none is asked for
    assert not [r for r in phone.requests if r.url.endswith("/nil-report")]

    month = TODAY.isoformat()[:7]
    nil_path = f"/units/{issued['unit_id']}/months/{month}/nil-report"
    assert stack.call("PUT", nil_path, {"note": "本月无活动"}, token=issued["token"])[0] == 201
    page.reload()
    page.click("#tab-list")
    expect(page.locator("#nil .badge.ok")).to_have_text("已提交")  # read from the month's status
    assert errors == []
    phone.check_traffic(issued["token"])


def test_an_honour_and_an_allowance_are_filed_with_their_choices_and_names(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    issued = new_reporter(stack, "县退役军人事务局")
    page = open_link(phone, issued, "县退役军人事务局")
    month = page.evaluate("SY.today()")[:7]
    fill_common(page, "honour", "荣获全省拥军优属先进单位", participants="1")
    levels = page.locator("#f-metrics-level option").all_inner_texts()
    assert levels == ["请选择", "全国", "省级", "市级", "县级"]
    page.select_option("#f-metrics-level", "provincial")
    page.fill("#f-metrics-honour", " 全省拥军优属先进单位 ")
    page.fill("#f-metrics-recipient", "县退役军人事务局")
    page.click("#submit")
    expect(card(page, "荣获全省拥军优属先进单位").locator(".badge.ok")).to_have_text("已提交")
    expect(card(page, "荣获全省拥军优属先进单位")).to_contain_text("荣誉名称：全省拥军优属先进单位")

    page.click("#new-report")
    fill_common(page, "preferential", "发放义务兵家庭优待金", participants="120")
    page.select_option("#f-metrics-category", "allowance")
    page.select_option("#f-metrics-target", "military_families")
    page.fill("#f-metrics-households", "120")
    page.fill("#f-metrics-amount_yuan", "252000")
    page.click("#submit")
    expect(card(page, "发放义务兵家庭优待金").locator(".badge.ok")).to_have_text("已提交")
    expect(card(page, "发放义务兵家庭优待金")).to_contain_text("优抚项目：优待金")

    stored = {r["title"]: r["metrics"] for r in month_reports(stack, issued["token"], month)}
    assert stored["荣获全省拥军优属先进单位"] == {
        "level": "provincial",
        "honour": "全省拥军优属先进单位",
        "recipient": "县退役军人事务局",
    }
    assert stored["发放义务兵家庭优待金"] == {
        "category": "allowance",
        "target": "military_families",
        "beneficiaries": 0,
        "households": 120,
        "amount_yuan": 252000,
    }


def test_a_visit_to_two_groups_is_filed_refused_beside_its_line_and_corrected(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    issued = new_reporter(stack, "县退役军人事务局")
    page = open_link(phone, issued, "县退役军人事务局")
    month = page.evaluate("SY.today()")[:7]  # 八一's month is locked by the stack's clock: filed as a late entry
    # Begun as one target; what is typed becomes the first group, and a second line waits.
    fill_common(page, "visit", "八一走访慰问伤残军人和在乡老复员军人", participants="8")
    page.select_option("#f-metrics-target", "disabled_veterans")
    page.fill("#f-metrics-persons", "3")
    page.fill("#f-metrics-funds_yuan", "1500")
    page.click("#groups-on")
    lines = page.locator("#fields .group-line")
    expect(lines).to_have_count(2)
    expect(page.locator("#f-metrics-target")).to_have_count(0)
    assert page.input_value("#f-metrics-groups-0-target") == "disabled_veterans"
    assert page.input_value("#f-metrics-groups-0-persons") == "3"
    assert page.input_value("#f-metrics-groups-0-funds_yuan") == "1500"
    assert page.evaluate("document.activeElement.id") == "f-metrics-groups-1-target"
    targets = page.locator("#f-metrics-groups-1-target option").all_inner_texts()
    assert targets == [
        "请选择",
        "驻军部队",
        "烈属",
        "军属",
        "伤残军人",
        "退役军人",
        "在乡老复员军人",
        "军队离退休干部",
        "涉军困难企业",
        "其他",
    ]
    expect(lines.nth(1).locator('[data-field="metrics.groups.1.funds_yuan"] .unit')).to_have_text("元")

    # Checked on the phone: the second line names no target.
    page.fill("#f-metrics-groups-1-persons", "26")
    page.click("#submit")
    expect(page.locator('[data-field="metrics.groups.1.target"] .err')).to_have_text("必填项，请填写")
    # Checked by the API: more persons than it allows; its message sits beside that line's field.
    page.select_option("#f-metrics-groups-1-target", "demobilized")
    page.fill("#f-metrics-groups-1-persons", "99999999")
    page.fill("#f-metrics-groups-1-funds_yuan", "10400.50")
    page.click("#submit")
    refused = page.locator('[data-field="metrics.groups.1.persons"]')
    expect(refused.locator(".err")).to_contain_text("10000000")
    expect(refused).to_have_class(re.compile(r"\binvalid\b"))
    expect(page.locator('[data-field="metrics.groups.0.persons"] .err')).to_be_hidden()
    phone.screenshot("report-visit-groups-refused", full_page=False)
    assert month_reports(stack, issued["token"], month) == []

    # A third line added and removed again; then sent.
    page.click("#group-add")
    expect(lines).to_have_count(3)
    lines.nth(2).locator("button", has_text="删除此类").click()
    expect(lines).to_have_count(2)
    page.fill("#f-metrics-groups-1-persons", "26")
    phone.screenshot("report-visit-groups")
    page.click("#submit")
    sent = card(page, "八一走访慰问伤残军人和在乡老复员军人")
    expect(sent.locator(".badge.ok")).to_have_text("已提交")
    expect(sent.locator(".figures")).to_have_text(
        "走访对象：伤残军人，慰问人数3人，慰问金1500元 · 走访对象：在乡老复员军人，慰问人数26人，慰问金1.04万元"
    )

    [listed] = month_reports(stack, issued["token"], month)
    status, stored = stack.call("GET", f"/reports/{listed['report_id']}", token=issued["token"])
    assert status == 200
    assert stored["metrics"] == {
        "households": 0,  # the visit's own figures: none, they are in its groups
        "persons": 0,
        "funds_yuan": 0,
        "goods_yuan": 0,
        "groups": [
            {"target": "disabled_veterans", "households": 0, "persons": 3, "funds_yuan": 1500, "goods_yuan": 0},
            {"target": "demobilized", "households": 0, "persons": 26, "funds_yuan": 10400.5, "goods_yuan": 0},
        ],
    }

    # Corrected: the form shows both lines; the first removed, the second moves up and is sent alone.
    sent.locator("button", has_text="更正").click()
    expect(lines).to_have_count(2)
    assert page.input_value("#f-metrics-groups-1-funds_yuan") == "10400.5"
    lines.nth(0).locator("button", has_text="删除此类").click()
    expect(lines).to_have_count(1)
    assert page.input_value("#f-metrics-groups-0-target") == "demobilized"
    assert page.input_value("#f-metrics-groups-0-persons") == "26"
    page.click("#submit")
    expect(card(page, "八一走访慰问伤残军人和在乡老复员军人").locator(".figures")).to_have_text(
        "走访对象：在乡老复员军人，慰问人数26人，慰问金1.04万元"
    )
    status, stored = stack.call("GET", f"/reports/{listed['report_id']}", token=issued["token"])
    assert (stored["version"], stored["metrics"]["groups"]) == (
        2,
        [{"target": "demobilized", "households": 0, "persons": 26, "funds_yuan": 10400.5, "goods_yuan": 0}],
    )

    # At most 20 lines: the button to add one goes at the twentieth; with every line removed, one target again.
    page.click("#new-report")
    page.select_option("#f-activity_type", "visit")
    page.click("#groups-on")
    for count in range(3, 21):
        page.click("#group-add")
        expect(lines).to_have_count(count)
    expect(page.locator("#group-add")).to_have_count(0)
    expect(page.locator('[data-field="metrics.groups"] legend')).to_have_text("走访的各类对象（20类，最多20类）")
    for count in range(19, -1, -1):
        lines.last.locator("button", has_text="删除此类").click()
        expect(lines).to_have_count(count)
    expect(page.locator("#f-metrics-target")).to_be_visible()
    phone.check_traffic(issued["token"])


def test_the_courts_cases_and_the_kinds_of_preferential_treatment_are_asked_with_their_words(
    phone: Phone, stack: Stack
) -> None:
    from playwright.sync_api import expect

    issued = new_reporter(stack, "县人民法院")
    page = open_link(phone, issued, "县人民法院")
    month = page.evaluate("SY.today()")[:7]
    # 优抚: its kind and who received it as choices in the domain's order, households beside persons.
    page.select_option("#f-activity_type", "preferential")
    kinds = page.locator("#f-metrics-category option").all_inner_texts()
    assert kinds == ["请选择", "医疗费报销", "优待金", "抚恤补助", "子女入学优待", "诉讼费缓减免", "住房", "其他"]
    expect(page.locator('[data-field="metrics.target"] label')).to_have_text("受益对象")
    expect(page.locator('[data-field="metrics.households"] .unit')).to_have_text("户")
    expect(page.locator('[data-field="metrics.beneficiaries"] .unit')).to_have_text("人")

    # 涉军案件审理: more concluded than received is refused beside 审结, in the API's words.
    fill_common(page, "court_case", "审理涉军婚姻案件", participants="6")
    expect(page.locator('[data-field="metrics.cases"] label')).to_have_text("受理涉军案件")
    expect(page.locator('[data-field="metrics.fee_waived_yuan"] .unit')).to_have_text("元")
    page.fill("#f-metrics-cases", "4")
    page.fill("#f-metrics-concluded", "5")
    page.click("#submit")
    expect(page.locator('[data-field="metrics.concluded"] .err')).to_have_text("审结不能多于受理涉军案件")
    page.fill("#f-metrics-concluded", "3")
    page.fill("#f-metrics-fee_waived_yuan", "5000")
    page.click("#submit")
    expect(card(page, "审理涉军婚姻案件").locator(".figures")).to_have_text(
        "受理涉军案件4件 · 审结3件 · 缓减免诉讼费5000元"
    )
    [stored] = month_reports(stack, issued["token"], month)
    assert stored["metrics"] == {"cases": 4, "concluded": 3, "fee_waived_yuan": 5000}
    phone.check_traffic(issued["token"])
