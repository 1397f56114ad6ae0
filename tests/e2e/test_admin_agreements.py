"""Registering and editing a co-building agreement from the county office's page, in a real Chromium, at
360×740 and 1366×768; and the page's layout: every tab reachable on a phone, list beside detail on a desktop."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from tests.e2e.browser import Phone, new_phone
from tests.e2e.conftest import ADMIN_TOKEN, TODAY, Stack
from tests.e2e.test_admin_settings import DEVICES, open_admin

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.fixture(params=sorted(DEVICES))
def device(request: pytest.FixtureRequest, chromium: Any, stack: Stack) -> Iterator[tuple[str, Phone]]:
    opened = new_phone(chromium, stack, **DEVICES[request.param])
    yield request.param, opened
    opened.context.close()


def test_the_county_office_registers_and_edits_an_agreement(device: tuple[str, Any], stack: Stack) -> None:
    from playwright.sync_api import expect

    name, phone = device
    title = f"军民共建法治示范点协议-{uuid.uuid4().hex[:4]}"
    page = open_admin(phone, stack)
    page.click('.tab[data-view="agreements"]')
    expect(page.locator("#agreements .card").first).to_be_visible()
    page.click("#new-agreement")
    form = page.locator("#agreement-form")
    expect(form).to_be_visible()
    if name == "desktop":  # the form beside the list
        listed, detail = page.locator("#agreements").bounding_box(), form.bounding_box()
        assert listed and detail and detail["x"] >= listed["x"] + listed["width"]

    # Refused by the API: each reason beside its input, nothing typed lost.
    start, end = TODAY + timedelta(days=20), TODAY + timedelta(days=3 * 365)
    form.locator('[data-name="title"]').fill(title)
    form.locator('[data-name="military_unit"]').fill("73026部队")
    form.locator('[data-name="valid_from"]').fill(start.isoformat())
    form.locator('[data-name="valid_to"]').fill((start - timedelta(days=1)).isoformat())
    form.locator('[data-name="goals"]').fill("共建法治示范点，每季度送法进军营一次。")
    form.locator("button[type=submit]").click()
    expect(form.locator('[data-field="unit_id"] .err')).to_be_visible()
    expect(form.locator('[data-field="valid_to"] .err')).to_have_text("终止日期不能早于起始日期")
    expect(form.locator('[data-name="title"]')).to_have_value(title)
    phone.screenshot(f"admin-agreement-refused-{name}", full_page=False)

    # A reload keeps what was typed.
    page.reload()
    page.click('.tab[data-view="agreements"]')
    expect(form.locator('[data-name="title"]')).to_have_value(title)
    expect(form.locator(".saved")).to_contain_text("已恢复")
    form.locator('[data-name="unit_id"]').select_option("sifaju")
    form.locator('[data-name="valid_to"]').fill(end.isoformat())
    form.locator("button[type=submit]").click()
    card = page.locator("#agreements .card", has_text=title)
    expect(card.locator(".badge").first).to_have_text("未生效")
    expect(card).to_contain_text("20天后生效")
    expect(card).to_contain_text("县司法局 — 73026部队")
    expect(form).to_be_hidden()
    [stored] = [a for a in stack.call("GET", "/agreements")[1]["items"] if a["title"] == title]
    assert stored["status"] == "not_yet_in_force" and stored["goals"].startswith("共建法治示范点")

    # Edited: in force since yesterday, ending within 60 days; then terminated.
    assert (
        stack.call(
            "PUT",
            f"/agreements/{stored['agreement_id']}",
            {
                **{
                    k: stored[k]
                    for k in ("title", "unit_id", "military_unit", "signed_on", "valid_from", "valid_to", "goals")
                },
                "tasks": [{"title": "每季度送法进军营", "due_on": end.isoformat()}],
                "status": "active",
                "version": 1,
            },
        )[0]
        == 200
    )
    page.reload()
    page.click('.tab[data-view="agreements"]')
    card.locator("button", has_text="修改").click()
    expect(page.locator("#agreement-form-title")).to_have_text("修改共建协议")
    form.locator('[data-name="valid_from"]').fill((TODAY - timedelta(days=1)).isoformat())
    form.locator('[data-name="valid_to"]').fill((TODAY + timedelta(days=45)).isoformat())
    form.locator("button[type=submit]").click()
    expect(card.locator(".badge").first).to_have_text("有效")
    expect(card.locator(".badge.wait")).to_have_text("45天后到期")
    expect(card).to_have_class("card soon")
    expect(page.locator("#ending")).to_contain_text("60天内到期")
    phone.screenshot(f"admin-agreements-edited-{name}", full_page=False)

    card.locator("button", has_text="修改").click()
    form.locator('[data-name="status"]').select_option("terminated")
    form.locator("button[type=submit]").click()
    expect(card.locator(".badge").first).to_have_text("已终止")
    found = stack.call("GET", f"/agreements/{stored['agreement_id']}")[1]
    assert found["status"] == "terminated" and found["version"] == 4
    assert found["tasks"] == [{"title": "每季度送法进军营", "due_on": end.isoformat()}]  # kept through the page's edits
    page.reload()
    page.click('.tab[data-view="agreements"]')
    expect(card.locator(".badge").first).to_have_text("已终止")
    phone.check_traffic(ADMIN_TOKEN)


def test_every_tab_is_reachable_on_a_phone_and_the_desktop_uses_the_width(
    device: tuple[str, Any],
    stack: Stack,
) -> None:
    from playwright.sync_api import expect

    name, phone = device
    page = open_admin(phone, stack)
    width = page.evaluate("window.innerWidth")
    tabs = page.locator(".tab")
    for index in range(tabs.count()):
        box = tabs.nth(index).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (index, box)
        tabs.nth(index).click()
        view = tabs.nth(index).get_attribute("data-view")
        expect(page.locator(f"#view-{view}")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, view  # no sideways scrolling
    phone.screenshot(f"admin-tabs-{name}", full_page=False)
    if name == "desktop":
        page.click('.tab[data-view="settings"]')
        left, right = page.locator("#calendar-form").bounding_box(), page.locator("#campaign-form").bounding_box()
        assert left and right and right["x"] >= left["x"] + left["width"]
        page.click('.tab[data-view="months"]')
        listed, detail = page.locator("#months").bounding_box(), page.locator("#month").bounding_box()
        assert listed and detail and detail["x"] >= listed["x"] + listed["width"]
        assert detail["x"] + detail["width"] > 1100  # the width is used
        phone.screenshot("admin-desktop-1366", full_page=False)
    phone.check_traffic(ADMIN_TOKEN)
