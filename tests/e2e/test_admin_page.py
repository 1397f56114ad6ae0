"""The county office's page in a real Chromium, as a 360×740 phone, against the real local stack."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.months import local_today, system_clock
from tests.e2e.browser import Phone
from tests.e2e.conftest import ADMIN_TOKEN, Stack
from tests.surveys_helpers import SURVEY, valid_answers

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def open_admin_page(phone: Phone, stack: Stack, fragment: str = "") -> Any:
    from playwright.sync_api import expect

    page = phone.page
    page.goto(f"{stack.base}/admin#token={ADMIN_TOKEN}{fragment}")
    expect(page.locator("#tabs")).to_be_visible()
    assert "token" not in page.url  # kept on the device, out of the address bar
    assert page.evaluate("localStorage.getItem('sy.token.admin')") == f'"{ADMIN_TOKEN}"'
    return page


def agreement(stack: Stack, unit_id: str, title: str, ends_in: int) -> None:
    today = local_today(system_clock)
    body = {
        "title": title,
        "unit_id": unit_id,
        "military_unit": "73026部队",
        "signed_on": (today - timedelta(days=700)).isoformat(),
        "valid_from": (today - timedelta(days=700)).isoformat(),
        "valid_to": (today + timedelta(days=ends_in)).isoformat(),
    }
    assert stack.call("POST", "/agreements", body)[0] == 201


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
    page.fill("#u-emails", "dgjd@example.cn")
    page.click("#unit-form button[type=submit]")
    card = page.locator(f'#units [data-unit="{unit_id}"]')
    expect(card.locator(".card-title")).to_have_text("东关街道办事处")
    expect(card).to_contain_text("街道办事处")
    expect(card.locator(".reporters")).to_contain_text("还没有填报员")
    assert stack.call("GET", f"/units/{unit_id}")[1]["emails"] == ["dgjd@example.cn"]

    # Issue a reporter: the link, shown once, as a QR code to print.
    card.locator("text=签发填报员").click()
    card.locator("input[aria-label=填报员备注]").fill("王五")
    card.locator("button[type=submit]").click()
    expect(card.locator(".qr-card img.qr")).to_be_visible()
    expect(card.locator(".qr-title")).to_have_text("东关街道办事处 填报员：王五")
    link = card.locator(".qr-link").input_value()
    assert link.startswith(f"{stack.base}/#token=sy1.")
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
