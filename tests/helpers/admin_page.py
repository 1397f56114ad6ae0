"""The county office's page in a real Chromium against the local stack (tests/e2e): opened as the admin or with
a staff member's personal link, on a tab; what a page must not show."""

from __future__ import annotations

from typing import Any

from tests.e2e.browser import Phone
from tests.e2e.conftest import ADMIN_TOKEN, Stack

# The words of the buttons that write, which a role that may not write must not see.
WRITES = (
    "登记成员单位",
    "签发填报员",
    "收回",
    "登记共建协议",
    "修改",
    "取下",
    "锁定本月",
    "重新开放",
    "汇总全年",
    "保存",
    "添加节日",
    "删除",
)


def open_admin(phone: Phone, stack: Stack, fragment: str = "") -> Any:
    from playwright.sync_api import expect

    page = phone.page
    page.goto(f"{stack.base}/admin#token={ADMIN_TOKEN}{fragment}")
    expect(page.locator("#tabs")).to_be_visible()
    return page


def open_tab(phone: Phone, stack: Stack, view: str) -> Any:
    from playwright.sync_api import expect

    page = phone.page
    page.goto(f"{stack.base}/admin#token={ADMIN_TOKEN}")
    expect(page.locator("#tabs")).to_be_visible()
    page.click(f'.tab[data-view="{view}"]')
    expect(page.locator(f"#view-{view}")).to_be_visible()
    return page


def open_with(phone: Phone, stack: Stack, link: str) -> Any:
    from playwright.sync_api import expect

    page = phone.page
    page.goto(link.replace("https://sy.example.cn", stack.base))
    expect(page.locator("#tabs")).to_be_visible()
    assert "token" not in page.url
    return page


def no_write_control(page: Any, allowed: tuple[str, ...] = ()) -> None:
    """On the tab shown: no control marked as a write is visible, and no button says a write's words."""
    from playwright.sync_api import expect

    expect(page.locator("[data-needs]:visible")).to_have_count(0)
    for words in WRITES:
        if words not in allowed:
            expect(page.locator("main button:visible", has_text=words)).to_have_count(0)


def no_sideways_scrolling(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
