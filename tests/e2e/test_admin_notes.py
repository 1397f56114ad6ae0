"""The office's own words in its year summary, edited on its page in a real Chromium: saved, there again after a
reload, and a save over what another person saved meanwhile refused in Chinese, the typed text kept until the
clerk chooses to load the newer words."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.browser import Phone
from tests.e2e.conftest import ADMIN_TOKEN, Stack
from tests.helpers.admin_page import open_tab

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def test_the_office_writes_its_words_sees_them_after_a_reload_and_is_told_of_a_conflicting_save(
    phone: Phone, stack: Stack
) -> None:
    from playwright.sync_api import expect

    year = stack.now().strftime("%Y")
    mark = uuid.uuid4().hex[:4]  # the stack is shared: these words are this run's
    problems = f"个别成员单位报送不及时（{mark}）。\n部分活动记录不够完整。"
    page = open_tab(phone, stack, "plan")
    form = page.locator("#notes-form")
    expect(form.locator("h2")).to_have_text(f"{year}年度总结中本办的文字")
    page.fill("#notes-problems", problems)
    page.fill("#notes-next_steps", "加强督促检查，确保按月报送。")
    form.locator("summary").click()
    expect(form.locator('[data-field="areas.legal"] label')).to_have_text("法律拥军")
    page.fill("#notes-areas-legal", "县司法局开展法律服务进军营活动。")
    form.locator("button[type=submit]").click()
    expect(form.locator(".saved")).to_contain_text("已保存（第")
    status, stored = stack.call("GET", f"/summaries/{year}/notes")
    assert status == 200
    assert (stored["problems"], stored["next_steps"], stored["areas"]) == (
        problems,
        "加强督促检查，确保按月报送。",
        {"legal": "县司法局开展法律服务进军营活动。"},
    )
    assert form.locator(".saved").inner_text() == f"已保存（第{stored['version']}版）"

    page.reload()
    page.click('.tab[data-view="plan"]')
    expect(page.locator("#notes-problems")).to_have_value(problems)
    expect(page.locator("#notes-areas-legal")).to_have_value("县司法局开展法律服务进军营活动。")
    expect(page.locator("#notes-form details")).to_have_attribute("open", "")  # a written paragraph shows

    # another person of the office saves first; this page still edits the version it read
    theirs = {"version": stored["version"], "problems": f"经费保障不足（{mark}）。", "next_steps": "", "areas": {}}
    assert stack.call("PUT", f"/summaries/{year}/notes", theirs)[0] == 200
    page.fill("#notes-next_steps", "下一步加强培训。")
    form.locator("button[type=submit]").click()
    expect(form.locator(".err.box")).to_have_text(
        f"{year}年度总结的文字已被他人修改（当前版本 {stored['version'] + 1}），请刷新后在最新内容上修改再保存"
    )
    expect(page.locator("#notes-next_steps")).to_have_value("下一步加强培训。")  # what was typed is kept
    assert stack.call("GET", f"/summaries/{year}/notes")[1]["problems"] == f"经费保障不足（{mark}）。"
    form.locator("button", has_text="放弃我的修改，载入最新内容").click()
    expect(page.locator("#notes-problems")).to_have_value(f"经费保障不足（{mark}）。")
    expect(page.locator("#notes-next_steps")).to_have_value("")
    phone.check_traffic(ADMIN_TOKEN)
