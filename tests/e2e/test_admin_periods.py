"""The county office's summaries of a festival's period or of days chosen (节日期间汇总), in a real Chromium at
360×740 and 1366×768: compiled from the page, downloaded, refused beside the dates, read by a viewer.

The demo county's August reports (local/demo.py) are dated 8月1日 to 8月8日, inside 八一's window of the
default campaign calendar (15 days before 8月1日 to 7 days after: 2026年7月17日 to 8月8日); no other test writes
July or August, so the window holds the demo's 18 reports and its seven visits' 203,900 yuan."""

from __future__ import annotations

import io
from typing import Any

import pytest

from tests.e2e.browser import Phone
from tests.e2e.conftest import ADMIN_TOKEN, Stack
from tests.helpers.admin_page import no_write_control, open_with
from tests.helpers.stack import compiled, staff

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def open_periods(phone: Phone, stack: Stack) -> Any:
    from playwright.sync_api import expect

    page = phone.page
    page.goto(f"{stack.base}/admin#token={ADMIN_TOKEN}")
    expect(page.locator("#tabs")).to_be_visible()
    page.click('.tab[data-view="periods"]')
    expect(page.locator("#s-period-kind")).to_be_visible()
    return page


def test_the_office_compiles_the_bayi_period_and_downloads_its_xlsx(device: tuple[str, Phone], stack: Stack) -> None:
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    name, phone = device
    page = open_periods(phone, stack)
    kinds = page.locator("#s-period-kind option").all_inner_texts()
    assert kinds == ["八一期间", "春节期间", "两节期间（春节、八一）", "自定义日期"]
    assert page.input_value("#s-period-year") == "2026"  # this year, by the stack's clock
    expect(page.locator("#period-days")).to_be_hidden()  # a festival is chosen by its year
    expect(page.locator("#period-title")).to_have_text("2026年八一期间")  # opened with the first choice

    page.click("#compile-period")  # 汇总, or 重新汇总 when the other screen's run compiled it first
    expect(page.locator("#period-status")).to_contain_text("已于", timeout=60_000)
    expect(page.locator("#period-ranges")).to_have_text("日期：2026年7月17日至2026年8月8日")
    expect(page.locator("#period-note")).to_have_text(
        "本期间不是整月，不统计各单位报送是否齐全、是否按时（按月统计，见各月汇总）。"
    )
    # participants: 7 visits × 6, lecture 120, mediation 4, symposium 40, 优抚 120 + 3 + 12, court 4, legal aid 2,
    # honour 1, publicity 20
    expect(page.locator("#view-periods .summary-line")).to_have_text("活动报告18份，参加383人次。")
    expect(page.locator("#period-narrative")).to_contain_text("走访慰问资金达20.39万元")
    expect(page.locator("#compile-period")).to_have_text("重新汇总")
    phone.screenshot(f"admin-period-bayi-{name}")

    with page.expect_download() as download:
        page.click("#period-download-xlsx")
    assert download.value.failure() is None and ".xlsx?" in download.value.url
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    overview = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert overview["期间"] == "2026年八一期间"
    # 62,000 + 1,500 + 34,000 + 3,000 + 23,000 + 10,400 + 70,000 (the demo's seven 八一 visits)
    assert overview["走访慰问资金"] == 203900
    titles = [row[2] for row in book["台账"].iter_rows(min_row=2, values_only=True)]
    assert len(titles) == 18 and "八一走访驻区团以上部队" in titles
    for kind in ("docx", "csv"):
        expect(page.locator(f"#period-download-{kind}")).to_be_visible()

    # Days chosen: reversed, refused beside the dates with the API's words; then a stretch not yet compiled.
    page.select_option("#s-period-kind", "days")
    expect(page.locator("#period-days")).to_be_visible()
    expect(page.locator("#s-period-year")).to_be_hidden()
    page.click("#period-form button[type=submit]")
    expect(page.locator('[data-field="from"] .err')).to_have_text("请选择开始日期")
    page.fill("#s-from", "2026-08-08")
    page.fill("#s-to", "2026-07-25")
    page.click("#period-form button[type=submit]")
    expect(page.locator('[data-field="period"] .err')).to_have_text(
        "汇总期间2026年8月8日至2026年7月25日起止颠倒：开始日期应不晚于结束日期"
    )
    expect(page.locator("#period")).to_be_hidden()
    page.fill("#s-from", "2025-12-30")
    page.fill("#s-to", "2026-01-02")
    page.click("#period-form button[type=submit]")
    expect(page.locator('[data-field="period"] .err')).to_contain_text("不能跨年")
    page.fill("#s-from", "2026-07-25")
    page.fill("#s-to", "2026-08-08")
    page.click("#period-form button[type=submit]")
    expect(page.locator("#period-title")).to_have_text("2026年7月25日至8月8日")  # the API's name of the days
    expect(page.locator('[data-field="period"] .err')).to_be_hidden()
    expect(page.locator("#period-status")).to_contain_text("尚未汇总")
    expect(page.locator("#period-ranges")).to_have_text("日期：2026年7月25日至2026年8月8日")  # said before any compile
    phone.screenshot(f"admin-period-days-{name}", full_page=False)
    # A period not yet compiled is known from its state: no request the browser logs as failed.
    missing = [r.url for r in phone.requests if "/summaries/" in r.url and r.response() and r.response().status == 404]
    assert missing == []

    # The choice is kept on the device: opened again, the page shows the same days.
    page.reload()
    page.click('.tab[data-view="periods"]')
    expect(page.locator("#period-title")).to_have_text("2026年7月25日至8月8日")
    assert page.input_value("#s-from") == "2026-07-25"
    phone.check_traffic(ADMIN_TOKEN)


def test_a_viewer_reads_a_period_and_downloads_it_without_a_compile_button(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    compiled(stack, "2026-bayi")
    viewer = staff(stack, "viewer", "王五")
    page = open_with(phone, stack, viewer["link"])
    page.click('.tab[data-view="periods"]')
    expect(page.locator("#period-title")).to_have_text("2026年八一期间")
    expect(page.locator("#period-status")).to_contain_text("已于")
    expect(page.locator("#period-download-xlsx")).to_be_visible()
    expect(page.locator("#compile-period")).to_have_count(0)
    no_write_control(page)
    phone.check_traffic(viewer["token"])
