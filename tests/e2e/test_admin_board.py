"""The county office's 全年一览 in a real Chromium against the local stack, at 360×740 and 1366×768: a hand-made
year entered through the API, shown as a grid of words per unit and month with the reporting rates, three small
charts by month, a cell that opens its unit's month, and no sideways scrolling (the grid scrolls in its own box).

The stack's clock stands at 2026-09-15, so the three units made here are registered mid-year: before September
they are expected only where something was filed (then late, as filed after the deadline), and September's
deadline (10-05) has not passed. The demo county's six units, registered a year earlier, filed nothing in March:
they are its missing cells."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e.browser import Phone
from tests.e2e.conftest import ADMIN_TOKEN, Stack
from tests.helpers.admin_page import no_sideways_scrolling, open_admin

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

NE, LATE, REPORTED, NIL, RETURNED, DUE = "不需报", "迟报", "已报", "无活动", "退回", "未到期"


def filed(stack: Stack, unit_id: str, occurred_on: str, funds: int) -> dict[str, Any]:
    """A visit to the troops filed by the office for the unit: 6 participants."""
    body = {
        "submission_id": str(uuid.uuid4()),
        "unit_id": unit_id,
        "activity_type": "visit",
        "title": "八一走访慰问驻军",
        "occurred_on": occurred_on,
        "location": "73026部队营区",
        "counterpart": "73026部队",
        "participants": 6,
        "metrics": {"target": "troops", "households": 2, "persons": 6, "funds_yuan": funds},
    }
    status, stored = stack.call("POST", "/reports", body)
    assert status == 201, stored
    return stored  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def year(stack: Stack) -> dict[str, Any]:
    """Three units registered today (mid-September) and what they filed; their ids and names."""
    suffix = uuid.uuid4().hex[:6]
    units = {
        key: (f"bd-{key}-{suffix}", f"{name}{suffix}")
        for key, name in [("a", "县人社局"), ("b", "县卫健委"), ("c", "县财政局")]
    }
    for unit_id, name in units.values():
        assert stack.call("POST", "/units", {"unit_id": unit_id, "name": name, "kind": "bureau"})[0] == 201
    a, b = units["a"][0], units["b"][0]
    filed(stack, a, "2026-03-12", 62000)  # March, filed in September: late
    filed(stack, a, "2026-09-03", 0)  # September, before its deadline: reported
    returned = filed(stack, b, "2026-03-20", 1500)
    review = {"decision": "return", "version": returned["version"], "comment": "请补充活动照片"}
    assert stack.call("POST", f"/reports/{returned['report_id']}/review", review)[0] == 200
    assert stack.call("PUT", f"/units/{b}/months/2026-09/nil-report", {})[0] == 201
    return units


def cells(page: Any, unit_id: str) -> list[str]:
    return page.locator(f'#board-grid tr[data-unit="{unit_id}"] .cell').all_inner_texts()  # type: ignore[no-any-return]


def test_the_year_shows_each_units_months_in_words_with_the_rates_and_a_cell_opens_its_month(
    device: tuple[str, Phone], stack: Stack, year: dict[str, Any]
) -> None:
    from playwright.sync_api import expect

    name, phone = device
    page = open_admin(phone, stack)
    expect(page.locator("#tabs .tab").first).to_have_text("全年一览")
    expect(page.locator("#board-grid")).to_be_visible()  # the view the page opens on
    expect(page.locator('.tab[data-view="board"]')).to_have_attribute("aria-selected", "true")
    expect(page.locator("#board-year")).to_have_value("2026")

    a, b, c = (year[key][0] for key in "abc")
    expect(page.locator(f'#board-grid tr[data-unit="{a}"] th')).to_have_text(year["a"][1])
    #              1   2   3         4   5   6   7   8   9         10   11   12
    assert cells(page, a) == [NE, NE, LATE, NE, NE, NE, NE, NE, REPORTED, DUE, DUE, DUE]
    assert cells(page, b) == [NE, NE, RETURNED, NE, NE, NE, NE, NE, NIL, DUE, DUE, DUE]
    assert cells(page, c) == [NE] * 8 + [DUE] * 4
    assert page.locator('#board-grid tr[data-unit="sifaju"] .cell[data-month="2026-03"]').inner_text() == "缺报"
    # per unit: filed over counted (late and reported of 2; nil of nil and returned; nothing counted)
    expect(page.locator(f'#board-grid tr[data-unit="{a}"] .unit-rate')).to_have_text("100%")
    expect(page.locator(f'#board-grid tr[data-unit="{b}"] .unit-rate')).to_have_text("50%")
    expect(page.locator(f'#board-grid tr[data-unit="{c}"] .unit-rate')).to_have_text("—")
    # March: 1 late of 8 counted (the demo's six missing, one late, one returned): 12.5%, shown rounded
    expect(page.locator('.month-rates td[data-month="2026-03"]')).to_have_text("13%")
    # The legend says every state in words.
    expect(page.locator("#board-legend .cell")).to_have_text([REPORTED, LATE, NIL, RETURNED, "缺报", DUE, NE])

    # Three charts of twelve bars; March counts the late visit only (the returned one is not counted).
    expect(page.locator(".board-chart")).to_have_count(3)
    expect(page.locator(".board-chart").first.locator("rect.bar")).to_have_count(12)
    march = [page.locator(".board-chart").nth(i).locator('rect[data-month="2026-03"] title') for i in range(3)]
    assert [t.text_content() for t in march] == ["2026年3月：1份", "2026年3月：6人", "2026年3月：6.2万元"]

    # On a phone the grid scrolls inside its own box, never the page.
    no_sideways_scrolling(page)
    box = page.locator(".board-scroll")
    if name == "phone":
        assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    phone.screenshot(f"admin-board-{name}")

    # A cell opens that month in 月度汇总.
    page.locator(f'#board-grid tr[data-unit="{a}"] .cell[data-month="2026-03"]').click()
    expect(page.locator("#view-months")).to_be_visible()
    expect(page.locator("#month-title")).to_have_text("2026年3月")
    expect(page.locator('.month-row[data-month="2026-03"]')).to_have_attribute("aria-current", "true")
    no_sideways_scrolling(page)
    phone.check_traffic(ADMIN_TOKEN)
