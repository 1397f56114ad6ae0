"""The warning rules on the pages, in a real Chromium against the local stack: the report page warns before the
reporter leaves the form (offline too: the rules came with the form's schema) and sends the report as it is on
a second press; 审核 shows a report's warnings, and a unit's bulk approval names the warned reports before it
approves anything."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.e2e.browser import Phone
from tests.e2e.conftest import ADMIN_TOKEN, TODAY, Stack
from tests.e2e.test_report_page import card, fill_common, month_reports, new_reporter, open_link
from tests.helpers.admin_page import open_with
from tests.helpers.stack import a_unit

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

MONTH = TODAY.strftime("%Y-%m")
FEWER = "慰问人数（3人）少于走访户数（4户），每户至少慰问一人，请核对是否填反或漏填"


def test_the_report_page_warns_offline_before_it_sends(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    issued = new_reporter(stack)
    page = open_link(phone, issued)
    phone.offline(True)
    fill_common(page, "visit", "慰问退役军人家庭")
    page.select_option("#f-metrics-target", "veterans")
    page.fill("#f-metrics-households", "4")
    page.fill("#f-metrics-persons", "3")
    page.fill("#f-metrics-funds_yuan", "800")
    page.click("#submit")
    warning = page.locator("#form-warning")
    expect(warning).to_be_visible()
    expect(warning.locator('li[data-warning="metrics.persons"]')).to_have_text(FEWER)
    expect(page.locator("#submit")).to_have_text("核对无误，仍然提交")
    expect(page.locator("#view-form")).to_be_visible()  # nothing sent or queued: the reporter is still on the form
    phone.screenshot("report-form-warning")

    phone.offline(False)
    page.click("#submit")
    expect(card(page, "慰问退役军人家庭").locator(".badge.ok")).to_have_text("已提交")
    [stored] = month_reports(stack, issued["token"], MONTH)
    assert (stored["metrics"]["persons"], stored["warnings"][0]["message"]) == (3, FEWER)
    phone.check_traffic(issued["token"])


def report(stack: Stack, token: str, title: str, households: int, persons: int) -> dict[str, Any]:
    body = {
        "submission_id": str(uuid.uuid4()),
        "activity_type": "visit",
        "title": title,
        "occurred_on": TODAY.replace(day=3).isoformat(),
        "location": "退役军人家中",
        "counterpart": "退役军人",
        "participants": 3,
        "metrics": {"target": "veterans", "households": households, "persons": persons, "funds_yuan": 800},
    }
    status, stored = stack.call("POST", "/reports", body, token=token)
    assert status == 201, stored
    return stored  # type: ignore[no-any-return]


def review_states(stack: Stack, unit_id: str) -> dict[str, str]:
    status, answer = stack.call("GET", f"/reports?month={MONTH}&unit_id={unit_id}")
    assert status == 200, answer
    return {r["report_id"]: r["review"]["state"] for r in answer["items"]}


def test_review_shows_the_warnings_and_names_them_before_approving_the_month(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    unit_id, _, token = a_unit(stack)
    warned = report(stack, token, "慰问退役军人家庭", 4, 3)
    clean = report(stack, token, "看望退役军人", 2, 2)
    page = open_with(phone, stack, f"{stack.base}/admin#token={ADMIN_TOKEN}")
    page.click('.tab[data-view="review"]')
    page.select_option("#review-month", MONTH)
    group = page.locator(f'.review-unit[data-unit="{unit_id}"]')
    shown = group.locator(f'[data-report="{warned["report_id"]}"] .review-warnings')
    expect(shown.locator('li[data-code="visit_persons_below_households"]')).to_have_text(FEWER)
    expect(group.locator(f'[data-report="{clean["report_id"]}"] .review-warnings')).to_be_hidden()
    # every card's warnings came with the month's list (warnings=all), not one request a card
    asked_one = [r.url for r in phone.requests if re.search(r"/reports/[0-9a-f-]{36}$", r.url.split("?")[0])]
    assert asked_one == [], asked_one

    group.locator(".approve-all").click()
    caution = group.locator(".approve-caution")
    expect(caution.locator("li")).to_have_text([f"“慰问退役军人家庭”：{FEWER}"])
    phone.screenshot("admin-review-warnings", full_page=False)
    assert review_states(stack, unit_id) == {warned["report_id"]: "pending", clean["report_id"]: "pending"}

    caution.get_by_role("button", name="确认全部通过").click()
    expect(group.locator(".approve-note")).to_have_text("已通过2份。")
    expect(caution).to_be_hidden()
    assert review_states(stack, unit_id) == {warned["report_id"]: "approved", clean["report_id"]: "approved"}
    phone.check_traffic(ADMIN_TOKEN)
