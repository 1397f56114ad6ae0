"""Registering and editing a co-building agreement from the county office's page, in a real Chromium, at
360×740 and 1366×768; and the page's layout: every tab reachable on a phone, list beside detail on a desktop."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from tests.e2e.conftest import ADMIN_TOKEN, TODAY, Stack
from tests.helpers.admin_page import no_sideways_scrolling, open_admin
from tests.helpers.stack import a_unit

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


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


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + b"% signed by both sides\n" * 40 + b"%%EOF\n"


def test_an_agreements_tasks_contacts_signed_document_and_activities(device: tuple[str, Any], stack: Stack) -> None:
    from playwright.sync_api import expect

    name, phone = device
    unit_id, unit_name, reporter = a_unit(stack)
    title = f"县司法局与73026部队共建协议-{uuid.uuid4().hex[:4]}"
    page = open_admin(phone, stack)
    page.click('.tab[data-view="agreements"]')
    expect(page.locator("#agreements .card").first).to_be_visible()  # the units are read with the agreements
    page.click("#new-agreement")
    form = page.locator("#agreement-form")
    form.locator('[data-name="title"]').fill(title)
    form.locator('[data-name="unit_id"]').select_option(unit_id)
    form.locator('[data-name="military_unit"]').fill("73026部队")
    form.locator('[data-name="valid_from"]').fill((TODAY - timedelta(days=10)).isoformat())
    form.locator('[data-name="valid_to"]').fill((TODAY + timedelta(days=40)).isoformat())  # 2026-10-25

    # Two tasks and a contact; the second task's title left out and the phone mistyped: each refusal beside its input.
    form.get_by_role("button", name="＋ 添加任务").click()
    form.get_by_role("button", name="＋ 添加任务").click()
    form.get_by_role("button", name="＋ 添加联系人").click()
    form.locator('[data-name="tasks.0.title"]').fill("每季度送法进军营")
    form.locator('[data-name="tasks.0.due_on"]').fill("2026-12-31")
    form.locator('[data-name="tasks.1.due_on"]').fill("2026-10-01")
    form.locator('[data-name="contacts.0.name"]').fill("王干事")
    form.locator('[data-name="contacts.0.side"]').select_option("military")
    form.locator('[data-name="contacts.0.phone"]').fill("营部值班室")
    form.locator("button[type=submit]").click()
    expect(form.locator('[data-field="tasks.1.title"] .err')).to_have_text("必填项，请填写")
    expect(form.locator('[data-field="contacts.0.phone"] .err')).to_have_text("格式不正确")
    expect(form.locator('[data-field="tasks.0.title"] .err')).to_be_hidden()
    expect(form.locator('[data-name="tasks.0.title"]')).to_have_value("每季度送法进军营")
    expect(form.locator('[data-name="tasks.1.due_on"]')).to_have_value("2026-10-01")
    expect(form.locator('[data-name="contacts.0.phone"]')).to_have_value("营部值班室")
    assert not [a for a in stack.call("GET", "/agreements")[1]["items"] if a["title"] == title]  # nothing stored
    no_sideways_scrolling(page)
    phone.screenshot(f"admin-agreement-task-refused-{name}", full_page=False)

    # A reload keeps the rows; corrected, the agreement is registered and marked as ending within 60 days.
    page.reload()
    page.click('.tab[data-view="agreements"]')
    expect(form.locator('[data-name="tasks.1.due_on"]')).to_have_value("2026-10-01")
    form.locator('[data-name="tasks.1.title"]').fill("八一走访慰问")
    form.locator('[data-name="contacts.0.phone"]').fill("0731-1234567")
    form.locator("button[type=submit]").click()
    card = page.locator("#agreements .card", has_text=title)
    expect(card.locator(".badge.wait")).to_have_text("40天后到期")
    expect(card).to_have_class("card soon")
    expect(form).to_be_hidden()

    card.get_by_role("button", name="详情").click()
    detail = page.locator("#agreement-detail")
    expect(detail.locator("#agreement-tasks li")).to_have_text(
        ["每季度送法进军营（2026年12月31日前完成）", "八一走访慰问（2026年10月1日前完成）"]
    )
    expect(detail.locator("#agreement-contacts li")).to_have_text(["王干事（部队） 0731-1234567"])
    expect(detail.locator("#agreement-documents li")).to_have_text(["还没有附上协议文本。"])
    expect(detail.locator("#agreement-activities li")).to_have_text(["还没有单位在该协议下填报活动。"])

    # Refused in the page before anything is asked: a wrong type, then a file over 10 MB.
    upload, refusal = detail.locator("#document-file"), detail.locator('[data-field="documents"] .err')
    upload.set_input_files({"name": "协议.docx", "mimeType": "application/msword", "buffer": b"not a pdf"})
    expect(refusal).to_have_text("只能上传 PDF、JPEG 或 PNG 文件")
    large = {"name": "扫描件.pdf", "mimeType": "application/pdf", "buffer": b"%PDF" + b"0" * (10 * 1024 * 1024)}
    upload.set_input_files(large)
    expect(refusal).to_have_text("文件不能超过10 MB，请压缩后重新上传")
    assert not [r for r in phone.requests if "/documents" in r.url]

    # Attached: listed with its name and size, downloaded through its link with the same bytes.
    upload.set_input_files({"name": "共建协议.pdf", "mimeType": "application/pdf", "buffer": PDF})
    document = detail.locator("#agreement-documents li").first
    expect(document.locator("a")).to_have_text("共建协议.pdf")
    expect(document).to_contain_text("1 KB")
    expect(refusal).to_be_hidden()
    no_sideways_scrolling(page)
    detail.locator("#agreement-documents").scroll_into_view_if_needed()
    phone.screenshot(f"admin-agreement-document-{name}", full_page=False)
    with page.expect_download() as downloading:
        document.locator("a").click()
    with open(downloading.value.path(), "rb") as downloaded:
        assert downloaded.read() == PDF
    [stored] = [a for a in stack.call("GET", "/agreements")[1]["items"] if a["title"] == title]
    assert [(d["filename"], d["size"]) for d in stored["documents"]] == [("共建协议.pdf", len(PDF))]

    # Detached, after a confirmation.
    document.get_by_role("button", name="取下").click()
    expect(document.locator(".confirm")).to_contain_text("取下“共建协议.pdf”？")
    document.get_by_role("button", name="确认取下").click()
    expect(detail.locator("#agreement-documents li")).to_have_text(["还没有附上协议文本。"])
    assert stack.call("GET", f"/agreements/{stored['agreement_id']}")[1]["documents"] == []

    # The unit reports an activity under the agreement: the detail lists it.
    activity = {
        "submission_id": str(uuid.uuid4()),
        "activity_type": "legal_lecture",
        "title": "送法进军营专题讲座",
        "occurred_on": "2026-09-08",
        "location": "73026部队营区",
        "counterpart": "73026部队",
        "participants": 80,
        "metrics": {"attendees": 120, "materials": 300, "consultations": 18},
        "agreement_id": stored["agreement_id"],
    }
    assert stack.call("POST", "/reports", activity, token=reporter)[0] == 201
    page.locator("#agreements .card", has_text=title).get_by_role("button", name="详情").click()
    expect(detail.locator("h3").last).to_have_text("在该协议下开展的活动（1次）")
    expect(detail.locator("#agreement-activities li")).to_have_count(1)
    expect(detail.locator("#agreement-activities li strong")).to_have_text("送法进军营专题讲座")
    expect(detail.locator("#agreement-activities li .card-meta")).to_have_text(
        "2026年9月8日 · 法治宣传进军营（送法进军营） · 参加80人"
        " · 受教育官兵120人次 · 发放资料300份 · 解答法律咨询18人次"
    )
    no_sideways_scrolling(page)
    detail.locator("#agreement-activities").scroll_into_view_if_needed()
    phone.screenshot(f"admin-agreement-activities-{name}", full_page=False)
    assert unit_name in detail.locator(".card-meta").first.inner_text()

    # Edited: the second task removed, a second contact added; the detail gives way to the form.
    page.locator("#agreements .card", has_text=title).get_by_role("button", name="修改").click()
    expect(detail).to_be_hidden()
    expect(form.locator('[data-name="tasks.1.title"]')).to_have_value("八一走访慰问")
    form.locator('[data-field="tasks"] .row').nth(1).get_by_role("button", name="删除").click()
    expect(form.locator('[data-field="tasks"] .row')).to_have_count(1)
    form.get_by_role("button", name="＋ 添加联系人").click()
    form.locator('[data-name="contacts.1.name"]').fill("李科长")
    form.locator("button[type=submit]").click()
    expect(form).to_be_hidden()
    found = stack.call("GET", f"/agreements/{stored['agreement_id']}")[1]
    assert found["tasks"] == [{"title": "每季度送法进军营", "due_on": "2026-12-31"}]
    assert found["contacts"] == [
        {"name": "王干事", "side": "military", "phone": "0731-1234567"},
        {"name": "李科长", "side": "local", "phone": None},
    ]
    phone.check_traffic(ADMIN_TOKEN)
