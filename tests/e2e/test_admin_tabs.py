"""The county office's page by feature, in a real Chromium at both sizes: each tab's script comes when the tab is
first opened, and only then; the roles' words come from the server; a form keeps what was typed."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import pytest

from tests.e2e.browser import Phone
from tests.e2e.conftest import ADMIN_TOKEN, Stack
from tests.helpers.admin_page import no_sideways_scrolling, open_admin

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

# The tabs in the order the clerk opens them here, with the script each one needs (全年一览 comes with the page).
TABS = [
    ("months", "admin-summaries.js"),
    ("units", "admin-units.js"),
    ("agreements", "admin-agreements.js"),
    ("surveys", "admin-surveys.js"),
    ("plan", "admin-plan.js"),
    ("profile", "admin-profile.js"),
    ("settings", "admin-settings.js"),
    ("review", "admin-review.js"),
    ("collections", "admin-collections.js"),
    ("staff", "admin-staff.js"),
    ("audit", "admin-audit.js"),
    ("periods", None),  # 节日期间汇总 is in admin-summaries.js, come with 月度汇总
]


def scripts_asked(phone: Phone) -> list[str]:
    return [
        urlsplit(r.url).path.rsplit("/", 1)[-1] for r in phone.requests if "/assets/admin" in r.url and ".js" in r.url
    ]


def test_each_tab_loads_its_own_script_when_first_opened_and_never_again(
    device: tuple[str, Phone], stack: Stack
) -> None:
    from playwright.sync_api import expect

    _, phone = device
    page = open_admin(phone, stack)
    expect(page.locator("#board-grid")).to_be_visible()
    assert scripts_asked(phone) == ["admin.js", "admin-board.js"]

    expected = ["admin.js", "admin-board.js"]
    for view, script in TABS:
        page.click(f'.tab[data-view="{view}"]')
        expect(page.locator(f"#view-{view}")).to_be_visible()
        if script:
            expected.append(script)
        expect(page.locator(f"#view-{view}")).not_to_have_attribute("inert", "")
        assert scripts_asked(phone) == expected, view
        no_sideways_scrolling(page)

    # Back to each one: drawn again from its script, which is not asked for twice.
    page.click('.tab[data-view="units"]')
    expect(page.locator('#units [data-unit="sifaju"] .card-title')).to_have_text("县司法局")
    page.click('.tab[data-view="months"]')
    expect(page.locator("#months .month-row")).not_to_have_count(0)
    assert scripts_asked(phone) == expected
    phone.check_traffic(ADMIN_TOKEN)


def test_the_role_words_come_from_the_server_and_a_unit_typed_is_kept_through_a_reload(
    device: tuple[str, Phone], stack: Stack
) -> None:
    from playwright.sync_api import expect

    _, phone = device
    page = open_admin(phone, stack)
    expect(page.locator("#who")).to_have_text("县双拥办（管理员令牌） · 管理员")
    page.click('.tab[data-view="staff"]')
    options = page.locator('#staff-form [data-name="role"] option')
    expect(options).to_have_text(
        ["管理员（全部操作，含登记人员）", "审核员（审核报告、申请汇总）", "查看（只查看和下载）"]
    )
    expect(page.locator('#staff-form [data-name="role"]')).to_have_value("reviewer")

    # A unit half typed, the page reloaded: what was typed is back; registered, it is gone from the device.
    unit_id = f"tab-{uuid.uuid4().hex[:6]}"
    page.click('.tab[data-view="units"]')
    expect(page.locator('#units [data-unit="sifaju"]')).to_be_visible()  # the tab's script has come
    page.click("#new-unit")
    page.fill("#u-unit_id", unit_id)
    page.fill("#u-name", "西关街道办事处")
    page.reload()
    page.click('.tab[data-view="units"]')
    expect(page.locator('#units [data-unit="sifaju"]')).to_be_visible()  # the tab's script has come
    page.click("#new-unit")
    expect(page.locator("#u-unit_id")).to_have_value(unit_id)
    expect(page.locator("#u-name")).to_have_value("西关街道办事处")
    page.click("#unit-form button[type=submit]")
    expect(page.locator('#unit-form [data-field="kind"] .err')).to_have_text("必填项，请填写")
    page.select_option("#u-kind", "street")
    page.click("#unit-form button[type=submit]")
    expect(page.locator(f'#units [data-unit="{unit_id}"] .card-title')).to_have_text("西关街道办事处")
    expect(page.locator("#toast")).to_have_text("已登记：西关街道办事处")
    assert page.evaluate("localStorage.getItem('sy.admin.draft.unit')") is None
    no_sideways_scrolling(page)
