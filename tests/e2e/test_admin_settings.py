"""The county office's months and settings in a real Chromium: lock or reopen a month, the deadline and lock
days, the reminder days and inboxes, the campaign calendar, the reminders sent. At 360×740 and 1366×768.

The stack is shared by the e2e tests: every setting changed here is put back as it was, and the months
locked and reopened here are ones no other test writes."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from tests.e2e.browser import Phone
from tests.e2e.conftest import ADMIN_TOKEN, ROOT, Stack
from tests.helpers.admin_page import open_admin

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def restore(stack: Stack, path: str, body: dict[str, Any]) -> None:
    status, answer = stack.call("PUT", path, body)
    assert status == 200, answer


def test_the_county_office_locks_and_reopens_a_month(device: tuple[str, Phone], stack: Stack) -> None:
    from playwright.sync_api import expect

    name, phone = device
    month = {"phone": "2025-03", "desktop": "2025-04"}[name]  # long past its lock day; no other test writes it
    page = open_admin(phone, stack, f"&summary={month}")
    expect(page.locator("#month-title")).to_have_text(f"2025年{int(month[5:])}月")
    state = page.locator("#lock-state")
    expect(state.locator(".badge")).to_have_text("已锁定")
    expect(state).to_contain_text(f"锁定日2025年{int(month[5:]) + 1}月10日")
    expect(page.locator("#lock-toggle")).to_have_text("重新开放")

    page.click("#lock-toggle")
    expect(state.locator(".badge")).to_have_text("开放填报")
    expect(state).to_contain_text("（县双拥办重新开放）")
    expect(page.locator("#lock-toggle")).to_have_text("锁定本月")
    assert stack.call("GET", f"/months/{month}")[1]["locked"] is False
    phone.screenshot(f"admin-month-reopened-{name}", full_page=False)

    page.goto(f"{stack.base}/admin#summary={month}")  # after a reload the month says what the API keeps
    expect(page.locator("#month-title")).to_have_text(f"2025年{int(month[5:])}月")
    expect(state.locator(".badge")).to_have_text("开放填报")
    page.click("#lock-toggle")  # locking stops every unit's writes: said first, and nothing done until confirmed
    asked = page.locator("#month .confirm")
    expect(asked.locator(".confirm-text")).to_have_text(
        f"锁定2025年{int(month[5:])}月后，各单位不能再提交、修改或撤回该月的报告，直到县双拥办重新开放。确认锁定？"
    )
    assert stack.call("GET", f"/months/{month}")[1]["locked"] is False
    phone.screenshot(f"admin-month-lock-confirm-{name}", full_page=False)
    asked.get_by_role("button", name="确认锁定").click()
    expect(asked).to_be_hidden()
    expect(state.locator(".badge")).to_have_text("已锁定")
    expect(state).to_contain_text("（县双拥办锁定）")
    status, found = stack.call("GET", f"/months/{month}")
    assert status == 200 and found["locked"] is True and found["override"] == "locked"
    phone.check_traffic(ADMIN_TOKEN)


def test_the_deadline_and_lock_days_refused_beside_their_inputs_kept_offline_and_saved(
    phone: Phone, stack: Stack
) -> None:
    from playwright.sync_api import expect

    before = stack.call("GET", "/settings")[1]
    try:
        page = open_admin(phone, stack)
        page.click('.tab[data-view="settings"]')
        expect(page.locator("#s-deadline_day")).to_have_value(str(before["deadline_day"]))
        expect(page.locator("#s-lock_day")).to_have_value(str(before["lock_day"]))

        # The API refuses: its message beside the input, what was typed still there.
        page.fill("#s-lock_day", "3")
        page.click("#calendar-form button[type=submit]")
        error = page.locator('#calendar-form [data-field="lock_day"] .err')
        expect(error).to_have_text("锁定日不能早于截止日")
        expect(page.locator("#s-lock_day")).to_have_value("3")
        page.fill("#s-deadline_day", "三十")
        page.fill("#s-lock_day", "40")
        page.click("#calendar-form button[type=submit]")
        expect(page.locator('#calendar-form [data-field="deadline_day"] .err')).to_be_visible()
        expect(page.locator('#calendar-form [data-field="lock_day"] .err')).to_contain_text("28")
        phone.screenshot("admin-settings-refused", full_page=False)

        # Nothing typed is lost on a reload or a lost connection.
        page.fill("#s-deadline_day", "6")
        page.fill("#s-lock_day", "12")
        page.reload()
        page.click('.tab[data-view="settings"]')
        expect(page.locator("#s-lock_day")).to_have_value("12")
        expect(page.locator("#calendar-form .saved")).to_contain_text("未保存的修改")
        phone.offline(True)
        page.click("#calendar-form button[type=submit]")
        expect(page.locator("#calendar-form .err.box")).to_contain_text("网络不通")
        expect(page.locator("#s-deadline_day")).to_have_value("6")
        phone.offline(False)
        page.click("#calendar-form button[type=submit]")
        expect(page.locator("#calendar-form .saved")).to_have_text("已保存")
        expect(page.locator("#calendar-form .err.box")).to_be_hidden()
        found = stack.call("GET", "/settings")[1]
        assert (found["deadline_day"], found["lock_day"]) == (6, 12)
        page.reload()
        page.click('.tab[data-view="settings"]')
        expect(page.locator("#s-lock_day")).to_have_value("12")
        expect(page.locator("#calendar-form .saved")).to_have_text("")
        phone.check_traffic(ADMIN_TOKEN)
    finally:
        restore(stack, "/settings", {"deadline_day": before["deadline_day"], "lock_day": before["lock_day"]})


def test_the_reminder_days_and_the_countys_inboxes(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    before = stack.call("GET", "/reminders/settings")[1]
    try:
        page = open_admin(phone, stack)
        page.click('.tab[data-view="settings"]')
        expect(page.locator("#s-reminder_days")).to_have_value("，".join(str(d) for d in before["reminder_days"]))
        page.fill("#s-reminder_days", "1，3，40")
        page.fill("#s-county_emails", "sybgs@example.cn, office@example")
        page.click("#reminder-form button[type=submit]")
        expect(page.locator('#reminder-form [data-field="reminder_days"] .err')).to_contain_text("28")
        expect(page.locator('#reminder-form [data-field="county_emails"] .err')).to_be_visible()
        expect(page.locator("#s-county_emails")).to_have_value("sybgs@example.cn, office@example")
        phone.screenshot("admin-reminder-settings-refused", full_page=False)

        page.fill("#s-reminder_days", "3 1")
        page.fill("#s-county_emails", "sybgs@example.cn，ldxz@example.cn")
        page.fill("#s-nudge_days", "20，25")
        page.click("#reminder-form button[type=submit]")
        expect(page.locator("#reminder-form .saved")).to_have_text("已保存")
        expect(page.locator("#s-reminder_days")).to_have_value("1，3")  # as the API keeps them: sorted
        found = stack.call("GET", "/reminders/settings")[1]
        assert found["reminder_days"] == [1, 3] and found["nudge_days"] == [20, 25]
        assert found["county_emails"] == ["sybgs@example.cn", "ldxz@example.cn"]
        page.reload()
        page.click('.tab[data-view="settings"]')
        expect(page.locator("#s-county_emails")).to_have_value("sybgs@example.cn，ldxz@example.cn")
        phone.check_traffic(ADMIN_TOKEN)
    finally:
        restore(stack, "/reminders/settings", before)


def test_the_campaign_calendar(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    before = stack.call("GET", "/reminders/campaigns")[1]
    kept = {"code", "name", "annual_on", "nth_weekday", "dates", "lead_days"}
    original = {
        "campaigns": [{k: v for k, v in c.items() if k in kept and v not in (None, [])} for c in before["campaigns"]]
    }
    try:
        page = open_admin(phone, stack)
        page.click('.tab[data-view="settings"]')
        rows = page.locator("#campaigns .campaign")
        expect(rows).to_have_count(len(before["campaigns"]))
        codes = [c["code"] for c in before["campaigns"]]
        spring = rows.nth(codes.index("chunjie"))
        expect(spring.locator('input[data-name="code"]')).to_have_value("chunjie")
        expect(spring.locator('textarea[data-name="dates"]')).to_have_value(
            "，".join(next(c for c in before["campaigns"] if c["code"] == "chunjie")["dates"])
        )
        guofang = rows.nth(codes.index("guofang"))
        expect(guofang.locator('select[data-name="rule"]')).to_have_value("nth_weekday")
        expect(guofang).to_contain_text("下一次：2026年9月19日")  # the third Saturday of September

        # A new date: its refused day beside its input, then accepted.
        page.click("#add-campaign")
        expect(rows).to_have_count(len(before["campaigns"]) + 1)
        new = rows.last
        new.locator('input[data-name="name"]').fill("县双拥模范命名纪念日")
        new.locator('input[data-name="code"]').fill("mingming")
        new.locator('select[data-name="rule"]').select_option("dates")
        new.locator('textarea[data-name="dates"]').fill("2026-10-20，2027-13-01")
        spring.locator('textarea[data-name="dates"]').fill("2027-02-06，2028-01-26，2029-02-13")
        page.click("#campaign-form button[type=submit]")
        index = len(before["campaigns"])
        expect(page.locator(f'[data-field="campaigns.{index}.dates"] .err')).to_be_visible()
        expect(new.locator('textarea[data-name="dates"]')).to_have_value("2026-10-20，2027-13-01")
        phone.screenshot("admin-campaigns-refused", full_page=False)

        new.locator('textarea[data-name="dates"]').fill("2026-10-20，2027-10-20")
        new.locator('input[data-name="lead_days"]').fill("7")
        page.click("#campaign-form button[type=submit]")
        expect(page.locator("#campaign-form .saved")).to_have_text("已保存")
        expect(rows.last).to_contain_text("下一次：2026年10月20日，2026年10月13日提醒各单位")
        stored = {c["code"]: c for c in stack.call("GET", "/reminders/campaigns")[1]["campaigns"]}
        assert stored["mingming"]["dates"] == ["2026-10-20", "2027-10-20"] and stored["mingming"]["lead_days"] == 7
        assert stored["chunjie"]["dates"] == ["2027-02-06", "2028-01-26", "2029-02-13"]

        # Removed, saved, and so after a reload.
        rows.last.locator("button", has_text="删除").click()
        page.click("#campaign-form button[type=submit]")
        expect(page.locator("#campaign-form .saved")).to_have_text("已保存")
        page.reload()
        page.click('.tab[data-view="settings"]')
        expect(rows).to_have_count(len(before["campaigns"]))
        assert "mingming" not in {c["code"] for c in stack.call("GET", "/reminders/campaigns")[1]["campaigns"]}
        phone.check_traffic(ADMIN_TOKEN)
    finally:
        restore(stack, "/reminders/campaigns", original)


def test_the_reminders_sent_in_a_month(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    # The daily job as of a day no other test uses: the demo units that have not reported November are nudged.
    env = {**os.environ, "STACK_FILE": stack.stack_file}
    done = subprocess.run(
        [sys.executable, "-m", "local.remind", "2025-11-25T09:00+08:00"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    sent = stack.call("GET", "/reminders?month=2025-11")[1]["items"]
    assert sent, done.stdout

    page = open_admin(phone, stack)
    page.click('.tab[data-view="settings"]')
    page.select_option("#reminder-month", "2025-11")
    cards = page.locator("#reminders .card")
    expect(cards).to_have_count(len(sent))
    first = cards.filter(has_text=sent[0]["subject"]).first
    expect(first).to_contain_text("催报" if sent[0]["reason"] == "missing" else sent[0]["subject"])
    expect(first).to_contain_text(sent[0]["to"][0] if sent[0]["to"] else "：")
    page.select_option("#reminder-month", "2025-10")
    expect(page.locator("#reminders")).to_contain_text("2025年10月没有发出提醒")
    page.select_option("#reminder-month", "2025-11")
    expect(cards).to_have_count(len(sent))
    page.locator("#reminders").scroll_into_view_if_needed()
    phone.screenshot("admin-reminders-sent", full_page=False)
    phone.check_traffic(ADMIN_TOKEN)


def test_saving_every_settings_form_unchanged_changes_no_stored_setting(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    paths = ("/settings", "/reminders/settings", "/reminders/campaigns")
    kept = {path: stack.call("GET", path)[1] for path in paths}
    # what the forms do not show (the count, the word), and festival days other than the defaults
    restore(stack, "/settings", {"count": "approved", "jurisdiction": "全区"})
    restore(stack, "/reminders/campaigns", {"campaigns": [{"code": "chunjie", "days_before": 20, "days_after": 10}]})
    try:
        before = {path: stack.call("GET", path)[1] for path in paths}
        spring = next(c for c in before["/reminders/campaigns"]["campaigns"] if c["code"] == "chunjie")
        assert (spring["days_before"], spring["days_after"]) == (20, 10)
        page = open_admin(phone, stack)
        page.click('.tab[data-view="settings"]')
        expect(page.locator("#s-deadline_day")).to_have_value(str(before["/settings"]["deadline_day"]))
        rows = page.locator("#campaigns .campaign")
        expect(rows).to_have_count(len(before["/reminders/campaigns"]["campaigns"]))
        shown = rows.nth([c["code"] for c in before["/reminders/campaigns"]["campaigns"]].index("chunjie"))
        expect(shown.locator('input[data-name="days_before"]')).to_have_value("20")
        expect(shown.locator('input[data-name="days_after"]')).to_have_value("10")
        for form in ("#calendar-form", "#reminder-form", "#campaign-form"):
            page.click(f"{form} button[type=submit]")
            expect(page.locator(f"{form} .saved")).to_have_text("已保存")
        assert {path: stack.call("GET", path)[1] for path in paths} == before
        phone.check_traffic(ADMIN_TOKEN)
    finally:
        restore(stack, "/settings", kept["/settings"])
        restore(stack, "/reminders/settings", kept["/reminders/settings"])
        listed = [
            {k: v for k, v in c.items() if k not in ("next_on", "remind_on")}
            for c in kept["/reminders/campaigns"]["campaigns"]
        ]
        restore(stack, "/reminders/campaigns", {"campaigns": listed})


def test_a_festivals_days_before_and_after_are_edited_on_the_page(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    before = stack.call("GET", "/reminders/campaigns")[1]["campaigns"]
    try:
        page = open_admin(phone, stack)
        page.click('.tab[data-view="settings"]')
        rows = page.locator("#campaigns .campaign")
        expect(rows).to_have_count(len(before))
        bayi = rows.nth([c["code"] for c in before].index("bayi"))
        expect(bayi.locator('input[data-name="days_before"]')).to_have_value("15")
        bayi.locator('input[data-name="days_before"]').fill("10")
        bayi.locator('input[data-name="days_after"]').fill("61")
        page.click("#campaign-form button[type=submit]")
        expect(bayi.locator('[data-field$=".days_after"] .err')).to_have_text("不能大于60")
        bayi.locator('input[data-name="days_after"]').fill("３")  # a full-width digit, as a phone's keyboard types it
        page.click("#campaign-form button[type=submit]")
        expect(page.locator("#campaign-form .saved")).to_have_text("已保存")
        stored = next(c for c in stack.call("GET", "/reminders/campaigns")[1]["campaigns"] if c["code"] == "bayi")
        assert (stored["days_before"], stored["days_after"]) == (10, 3)
        phone.screenshot("admin-campaign-days", full_page=False)
        phone.check_traffic(ADMIN_TOKEN)
    finally:
        listed = [{k: v for k, v in c.items() if k not in ("next_on", "remind_on")} for c in before]
        restore(stack, "/reminders/campaigns", {"campaigns": listed})
