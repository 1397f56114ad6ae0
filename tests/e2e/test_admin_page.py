"""The county office's page in a real Chromium, as a 360×740 phone, against the real local stack."""

from __future__ import annotations

import io
import uuid
from typing import Any

import pytest

from tests.e2e.browser import Phone
from tests.e2e.conftest import ADMIN_TOKEN, TODAY, Stack
from tests.helpers.stack import agreement, previous_month
from tests.helpers.surveys import SURVEY, valid_answers

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def open_admin_page(phone: Phone, stack: Stack, fragment: str = "") -> Any:
    from playwright.sync_api import expect

    page = phone.page
    page.goto(f"{stack.base}/admin#token={ADMIN_TOKEN}{fragment}")
    expect(page.locator("#tabs")).to_be_visible()
    assert "token" not in page.url  # kept on the device, out of the address bar
    assert page.evaluate("localStorage.getItem('sy.token.admin')") == f'"{ADMIN_TOKEN}"'
    return page


def test_the_county_office_registers_a_unit_issues_a_reporter_with_a_qr_code_and_revokes_one(
    phone: Phone, stack: Stack
) -> None:
    from playwright.sync_api import expect

    page = open_admin_page(phone, stack)
    page.click('.tab[data-view="units"]')
    demo = page.locator('#units [data-unit="sifaju"]')
    expect(demo.locator(".card-title")).to_have_text("县司法局")
    expect(demo.locator(".reporter").first).to_contain_text("有效")

    # Register a unit: refused on the phone first, then accepted.
    unit_id = f"jd-{uuid.uuid4().hex[:6]}"
    page.click("#new-unit")
    page.fill("#u-unit_id", "城关")
    page.click("#unit-form button[type=submit]")
    expect(page.locator('[data-field="unit_id"] .err')).to_contain_text("小写字母")
    expect(page.locator('[data-field="name"] .err')).to_have_text("必填项，请填写")
    page.fill("#u-unit_id", unit_id)
    page.fill("#u-name", "东关街道办事处")
    page.select_option("#u-kind", "street")
    page.fill("#u-emails", "dgjd@example.cn，dgjd@example")
    page.click("#unit-form button[type=submit]")
    expect(page.locator('[data-field="emails"] .err')).to_have_text("邮箱格式不对：dgjd@example")
    page.fill("#u-emails", "")  # no address: the shared stack's reminder test counts the demo's
    page.click("#unit-form button[type=submit]")
    card = page.locator(f'#units [data-unit="{unit_id}"]')
    expect(card.locator(".card-title")).to_have_text("东关街道办事处")
    expect(card).to_contain_text("街道办事处 · 未填联系邮箱")
    expect(card.locator(".reporters")).to_contain_text("还没有填报员")
    assert stack.call("GET", f"/units/{unit_id}")[1]["kind"] == "street"

    # Issue a reporter: the link, shown once, as a QR code to print.
    card.locator("text=签发填报员").click()
    card.locator("input[aria-label=填报员备注]").fill("王五")
    card.locator("button[type=submit]").click()
    expect(card.locator(".qr-card img.qr")).to_be_visible()
    expect(card.locator(".qr-title")).to_have_text("东关街道办事处 填报员：王五")
    link = card.locator(".qr-link").input_value()
    assert link.startswith(f"{stack.base}/#token=sy5.")
    expect(card.locator(".reporter")).to_have_count(1)
    expect(card.locator(".reporter")).to_contain_text("王五")
    natural = card.locator("img.qr").evaluate("img => img.naturalWidth")
    assert natural > 100  # the SVG drew
    card.locator(".qr-card").scroll_into_view_if_needed()
    expect(page.locator("#toast")).to_be_hidden()
    phone.screenshot("admin-units-qr", full_page=False)

    token = link.split("#token=", 1)[1]
    status, visible = stack.call("GET", "/units", token=token)
    assert status == 200 and [u["unit_id"] for u in visible["items"]] == [unit_id]

    # Revoke it: the link stops working at once.
    card.locator("text=完成").click()
    expect(card.locator(".qr-card")).to_have_count(0)
    card.locator(".reporter button.danger").click()
    card.locator("text=确认收回").click()
    expect(card.locator(".reporter .badge.bad")).to_contain_text("已收回")
    assert stack.call("GET", "/units", token=token)[0] == 401

    phone.check_traffic(ADMIN_TOKEN)
    phone.check_traffic(token)
    logged = "".join(stack.log)
    assert "POST /qrcodes" in logged and token not in logged and ADMIN_TOKEN not in logged


def test_the_county_office_sees_agreements_ending_soon_and_surveys_with_their_counts(
    phone: Phone, stack: Stack
) -> None:
    from playwright.sync_api import expect

    soon = f"八一共建协议-{uuid.uuid4().hex[:4]}"
    agreement(stack, "minzhengju", soon, ends_in=30)
    agreement(stack, "sifaju", f"法律服务共建协议-{uuid.uuid4().hex[:4]}", ends_in=400)
    title = f"送法进军营法律需求调查-{uuid.uuid4().hex[:4]}"
    survey = stack.call("POST", "/surveys", {**SURVEY, "title": title, "unit_id": "sifaju"})[1]
    link = stack.call("POST", f"/surveys/{survey['survey_id']}/open")[1]["link"]
    public = link.removeprefix(stack.base)
    for satisfaction in (5, 3):
        body = {"response_id": str(uuid.uuid4()), "answers": valid_answers(satisfaction=satisfaction)}
        assert stack.call("POST", f"{public}/responses", body, token=None)[0] == 201

    page = open_admin_page(phone, stack)
    expect(page.locator("#ending-count")).to_be_visible()
    expect(page.locator("#notice")).to_be_hidden()
    page.click('.tab[data-view="agreements"]')
    ending = page.locator("#agreements .card", has_text=soon)
    expect(ending).to_have_class("card soon")
    expect(ending.locator(".badge.wait")).to_have_text("30天后到期")
    expect(ending).to_contain_text("县退役军人事务局 — 73026部队")
    expect(page.locator("#agreements .card").first).to_have_class("card soon")  # the soonest first
    phone.screenshot("admin-agreements", full_page=False)

    page.click('.tab[data-view="surveys"]')
    card = page.locator(f'#surveys [data-survey="{survey["survey_id"]}"]')
    expect(card.locator(".responses")).to_have_text("答卷 2 份")
    expect(card).to_contain_text("填写中")
    expect(card).to_contain_text("县司法局")
    card.locator("text=二维码").click()
    expect(card.locator("img.qr")).to_be_visible()
    assert card.locator(".qr-link").input_value() == link
    phone.screenshot("admin-surveys", full_page=False)
    phone.check_traffic(ADMIN_TOKEN)


def test_without_its_token_the_page_says_how_to_open_it(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    phone.page.goto(stack.base + "/admin")
    expect(phone.page.locator("#notice")).to_contain_text("管理链接")
    expect(phone.page.locator("#tabs")).to_be_hidden()
    phone.page.goto(stack.base + "/admin#token=sy-wrong-token")
    expect(phone.page.locator("#notice")).to_contain_text("管理链接已失效")


def test_make_run_prints_the_county_office_link(stack: Stack) -> None:
    assert f"  county office page: {stack.base}/admin#token={ADMIN_TOKEN}\n" in stack.output


def complete_the_month(stack: Stack, month: str) -> tuple[set[str], set[str]]:
    """Every active unit without a report in `month` files 本月无活动 (the county office may, for any unit).
    Answers (units that reported, units that filed 本月无活动)."""
    reported: set[str] = set()
    path = f"/reports?month={month}&limit=100"
    while path:
        status, found = stack.call("GET", path)
        assert status == 200, found
        reported |= {r["unit_id"] for r in found["items"]}
        path = f"/reports?month={month}&limit=100&next_token={found['next_token']}" if found.get("next_token") else ""
    active = {u["unit_id"] for u in stack.call("GET", "/units")[1]["items"] if u["active"]}
    for unit_id in sorted(active - reported):
        status, _ = stack.call("PUT", f"/units/{unit_id}/months/{month}/nil-report", {"note": "本月无活动"})
        assert status in (200, 201), unit_id
    return reported & active, active - reported


def test_the_county_office_sees_the_month_complete_and_downloads_its_xlsx(phone: Phone, stack: Stack) -> None:
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    month = previous_month()  # the demo county's worked month
    reported, nil = complete_the_month(stack, month)
    assert {"minzhengju", "sifaju"} <= reported and nil

    page = open_admin_page(phone, stack, fragment=f"&summary={month}")  # as the digest e-mail links
    expect(page.locator("#month-title")).to_have_text(f"{int(month[:4])}年{int(month[5:])}月")
    expect(page.locator(f'.month-row[data-month="{month}"]')).to_have_attribute("aria-current", "true")
    page.click("#compile")
    expect(page.locator("#month-status")).to_contain_text("汇总", timeout=60_000)
    expect(page.locator("#month-status")).to_contain_text("已于", timeout=60_000)
    expect(page.locator("#completeness .badge")).to_have_text("全部报送")
    # the registry's figures (GET /summaries: figures), as the Excel and Word files say them
    expect(page.locator("#completeness")).to_contain_text("未报送单位0个")
    expect(page.locator("#completeness")).to_contain_text("按时报送单位6个，逾期报送单位0个；其中按时报告")
    rows = page.locator("#unit-table tbody tr")
    expect(rows).to_have_count(len(reported) + len(nil))
    expect(page.locator("#unit-table tr.missing")).to_have_count(0)
    expect(page.locator('#unit-table tr[data-unit="minzhengju"] .badge.ok')).to_have_text("已报")
    expect(page.locator(f'#unit-table tr[data-unit="{sorted(nil)[0]}"] .badge.ok')).to_have_text("本月无活动")
    visits = page.locator("#chart-types .bar-row", has_text="走访慰问")
    expect(visits.locator(".bar-value")).to_have_text("7")
    expect(page.locator("#chart-units .bar-row")).to_have_count(len(reported))
    expect(page.locator("#narrative")).to_contain_text("20.39万元")
    expect(page.locator(f'.month-row[data-month="{month}"] .badge.ok')).to_have_text("全部报送")
    expect(page.locator("#toast")).to_be_hidden()
    phone.screenshot("admin-month")

    with page.expect_download() as download:
        page.click("#download-xlsx")
    # (Its name comes from the link's Content-Disposition; Chromium here, under a locale the machine
    # lacks, calls it "download".)
    assert download.value.failure() is None and ".xlsx?" in download.value.url
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames == ["汇总", "分单位", "分类型", "台账", "数据质量"]
    titles = {row[2] for row in book["台账"].iter_rows(min_row=2, values_only=True)}
    assert "八一走访驻区团以上部队" in titles
    statuses = [row for row in book["分单位"].iter_rows(min_row=2, values_only=True) if row and row[0]]
    assert not any("未报送" in [str(c) for c in row] for row in statuses)

    # The digest e-mail's link, on a device that keeps the token: that month opens.
    earlier = f"{int(month[:4]) - 1}-{month[5:]}"
    page.goto(f"{stack.base}/admin#summary={earlier}")
    expect(page.locator("#month-title")).to_have_text(f"{int(earlier[:4])}年{int(earlier[5:])}月")
    expect(page.locator("#month-status")).to_contain_text("尚未汇总")
    page.reload()
    expect(page.locator("#month-title")).to_have_text(f"{int(earlier[:4])}年{int(earlier[5:])}月")
    expect(page.locator(f'.month-row[data-month="{earlier}"]')).to_have_attribute("aria-current", "true")
    phone.check_traffic(ADMIN_TOKEN)


def test_the_county_office_page_on_a_desktop(chromium: Any, stack: Stack) -> None:
    from playwright.sync_api import expect

    from tests.e2e.browser import new_phone

    assert stack.call("POST", f"/summaries/{previous_month()}")[0] == 202  # the page opens that month
    desktop = {"viewport": {"width": 1280, "height": 800}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
    desk = new_phone(chromium, stack, **desktop)
    try:
        page = open_admin_page(desk, stack)
        page.click('.tab[data-view="months"]')
        expect(page.locator("#month-title")).not_to_be_empty()
        list_box = page.locator("#months").bounding_box()
        month_box = page.locator("#month").bounding_box()
        assert list_box and month_box and month_box["x"] > list_box["x"] + list_box["width"]  # side by side
        expect(page.locator("#month-body")).to_be_visible(timeout=30_000)
        expect(page.locator("#ending-count")).to_be_visible()
        desk.screenshot("admin-desktop", full_page=False)
        page.click('.tab[data-view="units"]')
        cards = page.locator("#units > .card")
        expect(cards.nth(1)).to_be_visible()
        first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
        assert first and second and second["x"] > first["x"]  # two columns
        desk.check_traffic(ADMIN_TOKEN)
    finally:
        desk.context.close()


def test_the_county_office_sees_the_plans_states_and_downloads_the_year_xlsx(phone: Phone, stack: Stack) -> None:
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    from tests.conftest import report_body

    today = TODAY
    year = str(today.year)
    suffix = uuid.uuid4().hex[:6]
    unit_id = f"u-{suffix}"
    assert stack.call("POST", "/units", {"unit_id": unit_id, "name": f"县司法局{suffix}", "kind": "bureau"})[0] == 201
    reporter = stack.call("POST", f"/units/{unit_id}/reporters", {})[1]["token"]

    def task(title: str, window: dict[str, str]) -> str:
        body = {"heading": f"法律拥军{suffix}", "title": title, "unit_ids": [unit_id], "window": window}
        status, made = stack.call("POST", f"/plans/{year}/tasks", {**body, "activity_types": ["legal_lecture"]})
        assert status == 201, made
        return str(made["task_id"])

    passed = task(f"一月送法进军营{suffix}", {"from": f"{year}-01-01", "to": f"{year}-01-31"})
    done = task(f"全年法律讲座{suffix}", {"from": f"{year}-01-01", "to": f"{year}-12-31"})
    body = report_body("legal_lecture", occurred_on=today.isoformat(), plan_task_id=done)
    assert stack.call("POST", "/reports", body, token=reporter)[0] == 201

    page = open_admin_page(phone, stack)
    page.click('.tab[data-view="plan"]')
    expect(page.locator("#plan-title")).to_have_text(f"{year}年度计划")
    overdue = page.locator(f'#plan tr[data-task="{passed}"]')
    expect(overdue).to_have_class("missing")  # highlighted
    expect(overdue.locator(".badge.bad")).to_have_text("逾期未报")
    expect(overdue).to_contain_text(f"县司法局{suffix}")
    finished = page.locator(f'#plan tr[data-task="{done}"]')
    expect(finished.locator(".badge.ok")).to_have_text("已完成")
    expect(finished.locator("td.num")).to_have_text("1")
    expect(page.locator("#plan h3", has_text=f"法律拥军{suffix}")).to_have_count(1)
    expect(page.locator("#plan-counts")).to_contain_text("逾期未报")

    page.click("#compile-year")
    expect(page.locator("#year-status")).to_contain_text("已于", timeout=90_000)
    status, found = stack.call("GET", f"/summaries/{year}")
    assert status == 200 and found["status"] == "ready"
    expect(page.locator("#year-line")).to_contain_text(f"活动报告{found['totals']['reports']}份")
    expect(page.locator("#year-download-docx")).to_be_visible()
    expect(page.locator("#toast")).to_be_hidden()
    page.evaluate("window.scrollTo(0, 0)")
    phone.screenshot("admin-plan", full_page=False)

    with page.expect_download() as download:
        page.click("#year-download-xlsx")
    assert download.value.failure() is None and ".xlsx?" in download.value.url
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    per_month = list(book["分月"].iter_rows(min_row=2, max_row=13, values_only=True))
    assert [row[1] for row in per_month] == [r["reports"] for r in found["by_month"]]
    assert per_month[today.month - 1][1] >= 1  # this month's report is among them
    plan_rows = {row[1]: row for row in book["计划任务"].iter_rows(min_row=2, values_only=True)}
    assert str(plan_rows[f"一月送法进军营{suffix}"][8]).startswith("逾期")
    phone.check_traffic(ADMIN_TOKEN)
