"""The county office page opened with a staff member's personal link, in a real Chromium against the local
stack: it asks GET /me and shows only what the role may do. A viewer (查看) reads and downloads and sees no
write control on any tab; a reviewer (审核员) also asks for a compile (汇总), and nothing else that writes;
the header names the person and the role."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.e2e.browser import Phone
from tests.e2e.conftest import ADMIN_TOKEN, Stack
from tests.helpers.admin_page import WRITES, no_write_control, open_with
from tests.helpers.stack import agreement, compiled, previous_month, staff

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

TABS = ("months", "units", "agreements", "surveys", "plan", "settings")


def test_a_viewer_reads_and_downloads_and_sees_no_write_control_on_any_tab(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    month = previous_month()
    compiled(stack, month)
    agreement(stack, "sifaju", f"查看测试共建协议-{uuid.uuid4().hex[:4]}", ends_in=300)
    viewer = staff(stack, "viewer", "张三")

    page = open_with(phone, stack, viewer["link"])
    expect(page.locator("#who")).to_have_text("张三 · 查看")
    expect(page.locator("body")).to_have_attribute("data-role", "viewer")
    expect(page.locator("#board-grid")).to_be_visible()  # the year at a glance first, for every role
    no_write_control(page)
    page.click('.tab[data-view="months"]')
    expect(page.locator(f'.month-row[data-month="{month}"]')).to_be_visible()
    expect(page.locator("#month-body")).to_be_visible(timeout=30_000)
    expect(page.locator("#download-xlsx")).to_be_visible()
    expect(page.locator("#download-docx")).to_be_visible()
    expect(page.locator("#compile")).to_be_hidden()
    expect(page.locator("#lock-toggle")).to_be_hidden()
    expect(page.locator("#lock-state")).not_to_be_empty()  # the month's state is read, not changed
    no_write_control(page, allowed=())
    compile_buttons = page.locator("main button:visible").filter(has_text=re.compile(r"^\s*(重新)?汇总\s*$"))
    expect(compile_buttons).to_have_count(0)  # no 汇总, no 重新汇总
    phone.screenshot("admin-viewer")

    page.click('.tab[data-view="units"]')
    expect(page.locator('#units [data-unit="sifaju"] .card-title')).to_have_text("县司法局")
    expect(page.locator("#units .reporters")).to_have_count(0)  # who holds a credential: the admin's to see
    no_write_control(page)

    page.click('.tab[data-view="agreements"]')
    expect(page.locator("#agreements .card").first).to_be_visible()
    expect(page.locator("#agreements button", has_text="修改")).to_have_count(0)
    page.locator("#agreements .card").first.get_by_role("button", name="详情").click()  # reading is the viewer's
    expect(page.locator("#agreement-detail h3").last).to_contain_text("在该协议下开展的活动")
    expect(page.locator("#document-file")).to_have_count(0)
    no_write_control(page)

    page.click('.tab[data-view="surveys"]')
    no_write_control(page)

    page.click('.tab[data-view="plan"]')
    expect(page.locator("#plan-title")).not_to_be_empty()
    expect(page.locator("#compile-year")).to_be_hidden()
    no_write_control(page)

    page.click('.tab[data-view="settings"]')
    expect(page.locator("#calendar-form [data-name=deadline_day]")).to_be_disabled()
    expect(page.locator("#view-settings button[type=submit]:visible")).to_have_count(0)
    expect(page.locator("#add-campaign")).to_be_hidden()
    no_write_control(page)

    expect(page.locator("#notice")).to_be_hidden()  # nothing it did was refused
    phone.check_traffic(viewer["token"])


def test_a_reviewer_sees_compile_but_no_other_write_and_the_header_names_them(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    month = previous_month()
    compiled(stack, month)
    reviewer = staff(stack, "reviewer", "李四")

    page = open_with(phone, stack, reviewer["link"])
    expect(page.locator("#who")).to_have_text("李四 · 审核员")
    page.click('.tab[data-view="months"]')
    expect(page.locator("#compile")).to_be_visible()
    expect(page.locator("#compile")).to_have_text("重新汇总", timeout=30_000)
    expect(page.locator("#lock-toggle")).to_be_hidden()
    no_write_control_but_compile(page)
    phone.screenshot("admin-reviewer", full_page=False)
    page.click("#compile")
    expect(page.locator("#toast")).to_contain_text("已开始汇总")
    expect(page.locator("#notice")).to_be_hidden()

    page.click('.tab[data-view="units"]')
    expect(page.locator('#units [data-unit="sifaju"]')).to_be_visible()
    expect(page.locator("#new-unit")).to_be_hidden()
    expect(page.locator("main button:visible", has_text="登记单位")).to_have_count(0)
    expect(page.locator("main button:visible", has_text="登记成员单位")).to_have_count(0)
    no_write_control_but_compile(page)

    page.click('.tab[data-view="plan"]')
    expect(page.locator("#compile-year")).to_be_visible()
    page.click('.tab[data-view="settings"]')
    expect(page.locator("#calendar-form [data-name=deadline_day]")).to_be_disabled()
    no_write_control_but_compile(page)
    expect(page.locator("#notice")).to_be_hidden()
    phone.check_traffic(reviewer["token"])


def no_write_control_but_compile(page: Any) -> None:
    from playwright.sync_api import expect

    expect(page.locator('[data-needs="write"]:visible')).to_have_count(0)
    for words in WRITES:
        if words != "汇总全年":
            expect(page.locator("main button:visible", has_text=words)).to_have_count(0)


def test_the_owner_token_sees_every_control_and_is_named_in_the_header(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    page = open_with(phone, stack, f"{stack.base}/admin#token={ADMIN_TOKEN}")
    expect(page.locator("#who")).to_have_text("县双拥办（管理员令牌） · 管理员")
    page.click('.tab[data-view="months"]')
    expect(page.locator("#compile")).to_be_visible()
    expect(page.locator("#lock-toggle")).to_be_visible()
    page.click('.tab[data-view="units"]')
    expect(page.locator("#new-unit")).to_be_visible()
    expect(page.locator('#units [data-unit="sifaju"] .reporter').first).to_be_visible()
    page.click('.tab[data-view="settings"]')
    expect(page.locator("#calendar-form button[type=submit]")).to_be_visible()
    expect(page.locator("#calendar-form [data-name=deadline_day]")).to_be_enabled()
