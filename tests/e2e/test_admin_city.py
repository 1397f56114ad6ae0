"""The office page of a city's office in a real Chromium against the local stack, at 360×740 and 1366×768: the
demo city 北湖市 (`make run`) picks one of its two counties, 查看下属县, and reads that county's year and units with
no control that writes (the API would refuse it); a reload stays on the county; a county's own office has no picker.

河西县's three units were registered a year before the demo month (August, the stack's clock standing at
2026-09-15) and each reported in August, by the 3rd of September: January to July are missing (缺报), August
reported (已报)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.browser import Phone
from tests.e2e.conftest import Stack
from tests.helpers.admin_page import no_write_control, open_with
from tests.helpers.stack import city_token, staff

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

HEXI_UNITS = ["河西县教育局", "河西县退役军人事务局", "河西县司法局"]  # by id, as the county keeps its units


def test_the_city_picks_a_county_and_reads_it_without_a_write_control(device: tuple[str, Phone], stack: Stack) -> None:
    from playwright.sync_api import expect

    name, phone = device
    token = city_token(stack)
    page = open_with(phone, stack, f"{stack.base}/admin#token={token}")
    picker = page.get_by_label("查看下属县")
    expect(picker.locator("option")).to_have_text(["北湖市（本级）", "本县", "河西县"])
    expect(picker).to_have_value("")
    expect(page.locator("h1")).to_have_text("北湖市双拥办")
    expect(page.locator('.tab[data-view="staff"]')).to_be_visible()  # the city's own office: its admin writes
    expect(page.locator("#board > p.hint")).to_have_text("还没有登记成员单位。")  # no 市直单位 yet

    picker.select_option(label="河西县")
    expect(page.locator("#board-grid")).to_be_visible()
    assert page.url.endswith("/admin#org=hexi")
    expect(picker).to_have_value("hexi")
    expect(page.locator("#org-read")).to_have_text("只可查看，不能修改")
    expect(page.locator("#board-grid tr[data-unit] th")).to_have_text(HEXI_UNITS)
    row = page.locator('#board-grid tr[data-unit="sifaju"] .cell')
    assert row.all_inner_texts()[:8] == ["缺报"] * 7 + ["已报"]
    no_write_control(page)
    expect(page.locator('.tab[data-view="staff"]')).to_be_hidden()
    expect(page.locator('.tab[data-view="audit"]')).to_be_hidden()
    phone.screenshot(f"admin-city-{name}")

    page.click('.tab[data-view="units"]')
    expect(page.locator("#units > .card .card-title")).to_have_text(HEXI_UNITS)
    no_write_control(page)
    expect(page.locator("#units .reporters")).to_have_count(0)  # credentials are the county admin's to see

    page.click('.tab[data-view="months"]')  # 河西县's months, read: no 汇总, no 锁定本月
    page.locator('.month-row[data-month="2026-08"]').click()
    expect(page.locator("#month-title")).to_have_text("2026年8月")
    # a county's own compile, not the city's to ask (the city's summary, below, has 河西县 compile it once)
    expect(page.locator("#month-status")).to_have_text(re.compile(r"^(尚未汇总。|已于.+汇总；截止日 .+)$"))
    expect(page.locator("#lock-state")).to_contain_text("已锁定")
    no_write_control(page)

    page.reload()  # the county is kept in the address
    expect(page.locator("#board-grid")).to_be_visible()
    expect(picker).to_have_value("hexi")
    expect(page.locator("#board-grid tr[data-unit] th")).to_have_text(HEXI_UNITS)
    no_write_control(page)

    picker.select_option(label="北湖市（本级）")
    expect(page.locator('.tab[data-view="staff"]')).to_be_visible()
    assert page.url.endswith("/admin")
    expect(page.locator("#org-read")).to_be_hidden()

    page.click('.tab[data-view="months"]')  # the city's own August: the sum of its counties', asked for here
    page.locator('.month-row[data-month="2026-08"]').click()
    page.click("#compile")
    counties = page.locator("#unit-table tbody tr td:first-child")
    expect(counties).to_have_text(["本县", "河西县"], timeout=90_000)
    expect(page.locator("#narrative p").first).to_contain_text("2026年8月，全市2个县（区）共有")
    expect(page.locator("#unit-table tbody tr").nth(1)).to_have_text("河西县报送率100%（3/3）4")
    asked = [request.url for request in phone.requests if "org=" in request.url]
    assert asked and all(url.endswith("org=hexi") or "org=hexi&" in url for url in asked), asked
    phone.check_traffic(token)


def test_a_county_office_has_no_picker(device: tuple[str, Phone], stack: Stack) -> None:
    from playwright.sync_api import expect

    _, phone = device
    issued = staff(stack, "admin", "县管理员")
    page = open_with(phone, stack, issued["link"])
    expect(page.locator("#board-grid")).to_be_visible()
    expect(page.locator('.tab[data-view="staff"]')).to_be_visible()
    expect(page.locator("#org-pick")).to_be_hidden()
    assert not [request.url for request in phone.requests if "admin-orgs.js" in request.url]
    phone.check_traffic(issued["token"])
