"""The county office's 基本情况 tab and the settings' count and jurisdiction, in a real Chromium against the local
stack, at 360×740 and 1366×768: the clerk fills a year's facts, saves and reads them back after a reload; a save
over another one is refused with what was typed kept; a refused fact is named beside its input; a reader sees the
facts and cannot change them.

The stack is shared by the e2e tests: each screen writes a year of its own that no other test writes, and the
settings are put back as they were."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.browser import Phone
from tests.e2e.conftest import ADMIN_TOKEN, Stack
from tests.helpers.admin_page import no_sideways_scrolling, no_write_control, open_tab, open_with
from tests.helpers.stack import staff

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

YEARS = {"phone": "2023", "desktop": "2022"}  # among the five years the tab offers; no other test writes them


def open_year(phone: Phone, stack: Stack, year: str) -> Any:
    page = open_tab(phone, stack, "profile")
    choose(page, year)
    return page


def choose(page: Any, year: str) -> None:
    """The year chosen, once this year's facts are shown, and its own read in."""
    from playwright.sync_api import expect

    expect(page.locator("#p-townships")).to_be_visible()
    with page.expect_response(lambda answer: answer.url.endswith(f"/profile/{year}")):
        page.select_option("#profile-year", year)


def test_the_clerk_fills_the_years_facts_saves_and_reads_them_after_a_reload(
    device: tuple[str, Phone], stack: Stack
) -> None:
    from playwright.sync_api import expect

    name, phone = device
    year = YEARS[name]
    page = open_year(phone, stack, year)
    expect(page.locator("#p-townships")).to_have_value("")
    page.fill("#p-townships", "12")
    page.fill("#p-subdistricts", "3")
    page.fill("#p-population", "４５６０００")  # full-width digits, as a Chinese keyboard may type them
    page.fill("#p-garrisons", "7")
    page.fill("#p-allowance_households", "820")
    page.fill("#p-martyr_families-persons", "35")
    page.fill("#p-military_families-households", "1200")
    page.click("text=＋ 添加荣誉")
    page.fill("#p-honour-0-year", "2019")
    page.fill("#p-honour-0-title", "全国双拥模范县（城）")
    page.select_option('.honour [data-name="level"]', "national")
    no_sideways_scrolling(page)
    phone.screenshot(f"admin-profile-filled-{name}")
    page.click("#profile-form button[type=submit]")
    expect(page.locator("#profile-form .saved")).to_have_text("已保存")

    status, stored = stack.call("GET", f"/profile/{year}")
    assert status == 200
    assert stored["version"] == 1
    assert (stored["townships"], stored["subdistricts"], stored["population"]) == (12, 3, 456000)
    assert (stored["garrisons"], stored["allowance_households"]) == (7, 820)
    assert stored["beneficiaries"] == {
        "martyr_families": {"persons": 35, "households": None},
        "military_families": {"persons": None, "households": 1200},
    }
    assert stored["honours"] == [{"year": 2019, "title": "全国双拥模范县（城）", "level": "national"}]

    page.reload()
    page.click('.tab[data-view="profile"]')
    choose(page, year)
    expect(page.locator("#p-population")).to_have_value("456000")
    expect(page.locator("#p-military_families-households")).to_have_value("1200")
    expect(page.locator("#p-honour-0-title")).to_have_value("全国双拥模范县（城）")
    expect(page.locator("#profile-form .saved")).to_contain_text("最近修改")

    # Another save comes in between: refused, what was typed kept; after a reload the clerk's change is saved
    # over the other one, which is kept too.
    page.fill("#p-townships", "13")
    assert stack.call("PUT", f"/profile/{year}", {"version": 1, "garrisons": 8})[0] == 200
    page.click("#profile-form button[type=submit]")
    expect(page.locator("#profile-form .err.box")).to_have_text(
        f"{year}年的基本情况已被他人修改（当前版本 2），请刷新后在最新内容上修改再保存"
    )
    expect(page.locator("#p-townships")).to_have_value("13")
    phone.screenshot(f"admin-profile-stale-{name}", full_page=False)
    page.reload()
    page.click('.tab[data-view="profile"]')
    choose(page, year)
    expect(page.locator("#p-townships")).to_have_value("13")
    expect(page.locator("#profile-form .saved")).to_contain_text("未保存的修改")
    page.click("#profile-form button[type=submit]")
    expect(page.locator("#profile-form .saved")).to_have_text("已保存")
    stored = stack.call("GET", f"/profile/{year}")[1]
    assert (stored["version"], stored["townships"], stored["garrisons"]) == (3, 13, 8)

    # A fact the API refuses is named beside its input; nothing is stored.
    page.fill("#p-subdistricts", "三个")
    page.fill("#p-honour-0-title", "")
    page.click("#profile-form button[type=submit]")
    expect(page.locator('#profile-form [data-field="subdistricts"] .err')).to_have_text("应填写整数")
    expect(page.locator('#profile-form [data-field="honours.0.title"] .err')).to_have_text("必填项，请填写")
    expect(page.locator("#p-subdistricts")).to_have_value("三个")
    no_sideways_scrolling(page)
    phone.screenshot(f"admin-profile-refused-{name}", full_page=False)
    assert stack.call("GET", f"/profile/{year}")[1]["version"] == 3
    phone.check_traffic(ADMIN_TOKEN)


def test_a_reader_sees_the_facts_and_cannot_change_them(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    year = "2024"
    version = stack.call("GET", f"/profile/{year}")[1]["version"]
    assert stack.call("PUT", f"/profile/{year}", {"version": version, "townships": 9})[0] == 200
    page = open_with(phone, stack, staff(stack, "viewer", "王五")["link"])
    page.click('.tab[data-view="profile"]')
    choose(page, year)
    expect(page.locator("#p-townships")).to_have_value("9")
    expect(page.locator("#p-townships")).to_be_disabled()
    expect(page.locator("#profile-year")).to_be_enabled()
    no_write_control(page)


def test_the_settings_count_and_jurisdiction_saved_and_read_back(device: tuple[str, Phone], stack: Stack) -> None:
    from playwright.sync_api import expect

    name, phone = device
    before = stack.call("GET", "/settings")[1]
    try:
        page = open_tab(phone, stack, "settings")
        expect(page.locator("#s-count")).to_have_value(before["count"])
        page.select_option("#s-count", "approved")
        page.select_option("#s-jurisdiction", "全区")
        no_sideways_scrolling(page)
        page.click("#calendar-form button[type=submit]")
        expect(page.locator("#calendar-form .saved")).to_have_text("已保存")
        found = stack.call("GET", "/settings")[1]
        assert (found["count"], found["jurisdiction"]) == ("approved", "全区")
        phone.screenshot(f"admin-settings-count-{name}", full_page=False)

        page.reload()
        page.click('.tab[data-view="settings"]')
        expect(page.locator("#s-count")).to_have_value("approved")
        expect(page.locator("#s-jurisdiction")).to_have_value("全区")
        page.select_option("#s-jurisdiction", "")  # back to the default: the county's name decides
        page.click("#calendar-form button[type=submit]")
        expect(page.locator("#calendar-form .saved")).to_have_text("已保存")
        assert stack.call("GET", "/settings")[1]["jurisdiction"] is None
    finally:
        status, answer = stack.call(
            "PUT", "/settings", {"count": before["count"], "jurisdiction": before["jurisdiction"]}
        )
        assert status == 200, answer
