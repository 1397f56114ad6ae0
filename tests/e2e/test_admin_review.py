"""The county office's 审核, 人员 and 操作记录 views in a real Chromium against the local stack, at 360×740 and
1366×768: a reviewer returns a report with a comment (an empty one refused beside the input), approves another
and a unit's month, and sees each state at once; a viewer sees no review button; the admin registers a
reviewer, sees the personal link once and revokes it (the token then 401); a corrected report shows what changed
since it was returned and its photo opens over the page; the audit reads in words, filters by lists of names and
opens a report in 审核.

Each test works in a unit of its own, in the stack's current month, so no other test's counts move."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
import requests

from tests.e2e.browser import Phone, photo_png
from tests.e2e.conftest import ADMIN_TOKEN, TODAY, Stack
from tests.helpers.admin_page import no_sideways_scrolling, open_with
from tests.helpers.stack import a_unit, staff

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

MONTH = TODAY.strftime("%Y-%m")  # 2026-09: open to reporters, and no other test reviews it
EMPTY_COMMENT = "退回修改须填写审核意见，说明需要修改什么"


def photo(stack: Stack, unit_id: str) -> str:
    """A photo uploaded as the phone uploads it (straight to the bucket); its key."""
    status, upload = stack.call("POST", "/photos/uploads", {"unit_id": unit_id})
    assert status == 201, upload
    posted = requests.post(
        upload["url"], data=upload["fields"], files={"file": ("p.jpg", photo_png(64, 48), "image/jpeg")}, timeout=10
    )
    assert posted.status_code in (200, 201, 204), posted.text
    return str(upload["key"])


def report(
    stack: Stack, token: str, title: str, households: int, funds: str, photos: list[str] | None = None
) -> dict[str, Any]:
    body = {
        "submission_id": str(uuid.uuid4()),
        "activity_type": "visit",
        "title": title,
        "occurred_on": TODAY.replace(day=3).isoformat(),
        "location": "73026部队营区",
        "counterpart": "73026部队",
        "participants": 12,
        "metrics": {"target": "troops", "households": households, "persons": 30, "funds_yuan": float(funds)},
        "photos": photos or [],
    }
    status, stored = stack.call("POST", "/reports", body, token=token)
    assert status == 201, stored
    return stored  # type: ignore[no-any-return]


def correct(stack: Stack, token: str, stored: dict[str, Any], participants: int, version: int = 1) -> None:
    """The reporter corrects the report's `version`: its number of participants."""
    edited = {k: stored[k] for k in ("activity_type", "title", "occurred_on", "location", "counterpart", "metrics")}
    edited.update(photos=stored["photos"], participants=participants, version=version)
    assert stack.call("PUT", f"/reports/{stored['report_id']}", edited, token=token)[0] == 200


def open_review(page: Any, unit_id: str) -> Any:
    from playwright.sync_api import expect

    page.click('.tab[data-view="review"]')
    page.select_option("#review-month", MONTH)
    group = page.locator(f'.review-unit[data-unit="{unit_id}"]')
    expect(group).to_be_visible()
    return group


def test_a_reviewer_returns_one_report_approves_another_and_then_the_units_month(
    device: tuple[str, Phone], stack: Stack
) -> None:
    from playwright.sync_api import expect

    name, phone = device
    unit_id, unit_name, reporter = a_unit(stack)
    first = report(stack, reporter, "走访慰问驻军官兵", 16, "62000", [photo(stack, unit_id)])
    second = report(stack, reporter, "看望军属", 3, "1500")
    third = report(stack, reporter, "慰问退役军人", 5, "2000")
    reviewer = staff(stack, "reviewer", f"李审核{name}")

    page = open_with(phone, stack, reviewer["link"])
    group = open_review(page, unit_id)
    expect(group.locator("h2")).to_have_text(unit_name)
    expect(group.locator(".review-card")).to_have_count(3)
    card = group.locator(f'[data-report="{first["report_id"]}"]')
    expect(card.locator(".card-title")).to_have_text("走访慰问驻军官兵")
    expect(card.locator(".badge").first).to_have_text("待审核")
    expect(card).to_contain_text("走访慰问 · 2026年9月3日")
    expect(card.locator(".figures")).to_have_text("走访对象：驻军部队 · 走访户数16户 · 慰问人数30人 · 慰问金6.2万元")
    thumb = card.locator(".review-photos img")
    expect(thumb).to_have_count(1)
    page.wait_for_function("img => img.complete && img.naturalWidth === 64", arg=thumb.element_handle())
    # The photo opens over the page: no new tab, no download.
    thumb.click()
    dialog = page.locator("#photo-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("img")).to_have_attribute("alt", "走访慰问驻军官兵 照片1")
    page.wait_for_function("img => img.complete && img.naturalWidth === 64", arg=dialog.locator("img").element_handle())
    assert len(phone.page.context.pages) == 1
    no_sideways_scrolling(page)
    phone.screenshot(f"admin-review-photo-{name}", full_page=False)
    dialog.get_by_role("button", name="关闭").click()
    expect(dialog).to_be_hidden()
    expect(group.locator(".approve-all")).to_have_text("本单位本月全部通过（3份）")

    # 退回修改 with no comment: the API's refusal beside the comment; then with one.
    card.get_by_role("button", name="退回修改").click()
    card.get_by_role("button", name="确认退回").click()
    expect(card.locator('[data-field="comment"] .err')).to_have_text(EMPTY_COMMENT)
    expect(card.locator(".badge").first).to_have_text("待审核")
    card.locator("textarea").fill("慰问金数额与附件不符，请核对")
    phone.screenshot(f"admin-review-returning-{name}", full_page=False)
    card.get_by_role("button", name="确认退回").click()
    expect(card.locator(".badge").first).to_have_text("退回修改")
    expect(card.locator(".review-note")).to_contain_text("退回意见：慰问金数额与附件不符，请核对")
    expect(card.locator(".review-note")).to_contain_text(f"李审核{name}")
    returned_thumb = card.locator(".review-photos img")  # the card drawn again shows its photo still
    page.wait_for_function("img => img.complete && img.naturalWidth === 64", arg=returned_thumb.element_handle())

    # 通过 another: its state at once, and the unit's count of pending ones.
    other = group.locator(f'[data-report="{second["report_id"]}"]')
    other.get_by_role("button", name="通过").click()
    expect(other.locator(".badge").first).to_have_text("已通过")
    expect(other).to_contain_text(f"审核通过：李审核{name}")
    expect(group.locator(".approve-all")).to_have_text("本单位本月全部通过（1份）")
    expect(page.locator("#review-line")).to_contain_text("本次已处理2份。")  # the returned one and this one

    # The unit's month at once, after saying what it does: the one still pending.
    group.locator(".approve-all").click()
    caution = group.locator(".approve-caution")
    expect(caution.locator(".confirm-text")).to_have_text(
        f"将通过{unit_name}{int(MONTH[:4])}年{int(MONTH[5:])}月的全部1份待审核报告，通过后计入汇总。"
    )
    phone.screenshot(f"admin-review-approve-all-confirm-{name}", full_page=False)
    caution.get_by_role("button", name="确认全部通过").click()
    expect(group.locator(".approve-note")).to_have_text("已通过1份。")
    expect(caution).to_be_hidden()
    expect(group.locator(f'[data-report="{third["report_id"]}"] .badge').first).to_have_text("已通过")
    expect(group.locator(".approve-all")).to_be_hidden()
    no_sideways_scrolling(page)
    phone.screenshot(f"admin-review-{name}")

    states = {
        r["report_id"]: (r["review"]["state"], r["review"]["comment"], r["review"]["by_name"])
        for r in stack.call("GET", f"/reports?month={MONTH}&unit_id={unit_id}")[1]["items"]
    }
    assert states == {
        first["report_id"]: ("returned", "慰问金数额与附件不符，请核对", f"李审核{name}"),
        second["report_id"]: ("approved", "", f"李审核{name}"),
        third["report_id"]: ("approved", "", f"李审核{name}"),
    }

    # The filters: 退回修改 lists the returned one only; 已通过 the other two.
    page.click('#review-filter [data-review="returned"]')
    expect(group.locator(".review-card")).to_have_count(1)
    expect(group.locator(".card-title")).to_have_text("走访慰问驻军官兵")
    page.click('#review-filter [data-review="approved"]')
    expect(group.locator(".review-card")).to_have_count(2)
    assert sorted(group.locator(".card-title").all_text_contents()) == ["慰问退役军人", "看望军属"]
    phone.check_traffic(reviewer["token"])


def test_a_corrected_report_shows_what_changed_since_it_was_returned(device: tuple[str, Phone], stack: Stack) -> None:
    from playwright.sync_api import expect

    name, phone = device
    unit_id, _, reporter = a_unit(stack)
    stored = report(stack, reporter, "走访慰问驻军", 16, "62000")
    reviewer = staff(stack, "reviewer", f"钱审核{name}")
    body = {"decision": "return", "comment": "户数与名单不符", "version": 1}
    assert stack.call("POST", f"/reports/{stored['report_id']}/review", body, token=reviewer["token"])[0] == 200
    # Two corrections after the return: the households twice (16 → 17 → 18), the place and the money once.
    edited = {k: stored[k] for k in ("activity_type", "title", "occurred_on", "location", "counterpart", "photos")}
    edited.update(participants=12, metrics={**stored["metrics"], "households": 17}, version=2)  # the return made 2
    assert stack.call("PUT", f"/reports/{stored['report_id']}", edited, token=reporter)[0] == 200
    edited.update(
        location="73026部队礼堂", metrics={**stored["metrics"], "households": 18, "funds_yuan": 64000}, version=3
    )
    assert stack.call("PUT", f"/reports/{stored['report_id']}", edited, token=reporter)[0] == 200

    page = open_with(phone, stack, reviewer["link"])
    group = open_review(page, unit_id)
    card = group.locator(f'[data-report="{stored["report_id"]}"]')
    expect(card.locator(".badge").first).to_have_text("待审核")
    changes = card.locator(".review-changes")
    expect(changes.locator("b")).to_have_text("退回后改动：")
    expect(changes.locator("li")).to_have_text(
        ["地点：73026部队营区 → 73026部队礼堂", "走访户数：16 → 18", "慰问金：6.2万元 → 6.4万元"]
    )
    no_sideways_scrolling(page)
    phone.screenshot(f"admin-review-changes-{name}")
    phone.check_traffic(reviewer["token"])


def test_a_stale_review_is_refused_beside_the_comment_and_keeps_what_was_typed(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    unit_id, _, reporter = a_unit(stack)
    stored = report(stack, reporter, "走访慰问驻军", 2, "500")
    page = open_with(phone, stack, f"{stack.base}/admin#token={ADMIN_TOKEN}")
    card = open_review(page, unit_id).locator(f'[data-report="{stored["report_id"]}"]')
    expect(card).to_contain_text("第1版")
    correct(stack, reporter, stored, participants=20)

    card.get_by_role("button", name="退回修改").click()
    card.locator("textarea").fill("参加人数请核对")
    card.get_by_role("button", name="确认退回").click()
    expect(card.locator('[data-field="comment"] .err')).to_contain_text("该报告已被修改（当前版本 2）")
    expect(card.locator("textarea")).to_have_value("参加人数请核对")  # nothing typed is lost
    expect(card).to_contain_text("参加20人")  # the card now shows the report as it is
    card.get_by_role("button", name="确认退回").click()
    expect(card.locator(".badge").first).to_have_text("退回修改")
    phone.check_traffic(ADMIN_TOKEN)


def test_a_viewer_sees_the_reports_but_no_review_button(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    unit_id, _, reporter = a_unit(stack)
    report(stack, reporter, "走访慰问驻军", 2, "500")
    viewer = staff(stack, "viewer", "王查看")
    page = open_with(phone, stack, viewer["link"])
    expect(page.locator('.tab[data-view="staff"]')).to_be_hidden()
    expect(page.locator('.tab[data-view="audit"]')).to_be_hidden()
    group = open_review(page, unit_id)
    expect(group.locator(".review-card .card-title")).to_have_text("走访慰问驻军")
    expect(group.locator("button")).to_have_count(0)
    expect(page.locator("#view-review [data-needs]")).to_have_count(0)
    phone.check_traffic(viewer["token"])


def test_the_admin_registers_a_reviewer_sees_the_link_once_and_revokes_them(
    device: tuple[str, Phone], stack: Stack
) -> None:
    from playwright.sync_api import expect

    name, phone = device
    page = open_with(phone, stack, f"{stack.base}/admin#token={ADMIN_TOKEN}")
    page.click('.tab[data-view="staff"]')
    form = page.locator("#staff-form")
    form.locator("[data-name=emails]").fill("shenhe@example.cn, shenhe@")
    form.locator("button[type=submit]").click()
    expect(form.locator('[data-field="name"] .err')).to_be_visible()  # the API's refusals, beside each input
    expect(form.locator('[data-field="emails"] .err')).to_be_visible()
    expect(form.locator("[data-name=emails]")).to_have_value("shenhe@example.cn, shenhe@")  # nothing typed lost
    person = f"周审核{uuid.uuid4().hex[:4]}"
    form.locator("[data-name=name]").fill(person)
    form.locator("[data-name=emails]").fill("shenhe@example.cn")
    form.locator("[data-name=role]").select_option("reviewer")
    form.locator("button[type=submit]").click()

    issued = page.locator("#issued-staff")
    expect(issued.locator(".qr-title")).to_have_text(f"{person} · 审核员")
    expect(issued).to_contain_text("链接只显示这一次")
    link = issued.locator(".qr-link").input_value()
    assert re.fullmatch(r"https?://[^#]+/admin#token=sy4\.county\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", link), link
    token = link.split("#token=")[1]
    staff_id = issued.get_attribute("data-staff")
    status, me = stack.call("GET", "/me", token=token)
    assert (status, me["role"], me["name"], me["actor"], me["unit_id"]) == (200, "reviewer", person, staff_id, None)
    card = page.locator(f'#staff [data-staff="{staff_id}"]')
    expect(card).to_contain_text(person)
    expect(card).to_contain_text("审核员")
    expect(card).to_contain_text("有效")
    no_sideways_scrolling(page)
    phone.screenshot(f"admin-staff-issued-{name}")
    assert token not in page.evaluate("JSON.stringify(localStorage)")  # kept nowhere on the device

    page.reload()  # shown once: after a reload the list has the person, and no link
    page.click('.tab[data-view="staff"]')
    expect(card).to_contain_text(person)
    expect(page.locator("#issued-staff")).to_have_count(0)
    assert token not in page.content()

    card.get_by_role("button", name="注销").click()
    expect(card.locator(".confirm")).to_contain_text(f"注销后，{person}的个人链接立即失效")
    card.get_by_role("button", name="确认注销").click()
    expect(card).to_contain_text("已注销")
    expect(card.get_by_role("button", name="注销")).to_have_count(0)
    assert stack.call("GET", "/me", token=token)[0] == 401
    phone.check_traffic(ADMIN_TOKEN)


CODE = re.compile(r"[a-z_]+\.[a-z_]+")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_the_audit_reads_in_words_filters_from_lists_and_opens_the_report(
    device: tuple[str, Phone], stack: Stack
) -> None:
    from playwright.sync_api import expect

    name, phone = device
    unit_id, unit_name, reporter = a_unit(stack)
    stored = report(stack, reporter, "走访慰问驻军", 2, "500")
    person = f"吴审核{uuid.uuid4().hex[:4]}"
    reviewer = staff(stack, "reviewer", person)
    correct(stack, reporter, stored, participants=20)
    body = {"decision": "return", "comment": "请补充照片", "version": 2}
    assert stack.call("POST", f"/reports/{stored['report_id']}/review", body, token=reviewer["token"])[0] == 200
    other = report(stack, reporter, "看望军属", 3, "1500")
    body = {"decision": "approve", "comment": "", "version": 1}
    assert stack.call("POST", f"/reports/{other['report_id']}/review", body, token=reviewer["token"])[0] == 200

    page = open_with(phone, stack, f"{stack.base}/admin#token={ADMIN_TOKEN}")
    page.click('.tab[data-view="audit"]')
    expect(page.locator("#audit-month")).to_have_value(MONTH)
    expect(page.locator("#audit .audit-entry").first).to_be_visible()
    # The filters are lists of names: the people of the month with their roles, the kinds of record.
    actors = page.locator("#audit-actor option")
    expect(actors.filter(has_text=f"{person}（审核员）")).to_have_count(1)
    expect(actors.filter(has_text=f"赵填报（{unit_name}）（填报员）")).to_have_count(1)
    expect(page.locator("#audit-kind option").filter(has_text="活动报告")).to_have_count(1)
    expect(page.locator("#audit-kind option").first).to_have_text("全部类别")

    page.locator("#audit-actor").select_option(label=f"{person}（审核员）")
    entry = page.locator("#audit .audit-entry")
    expect(entry).to_have_count(2)  # approving and returning told apart, newest first
    expect(entry.locator(".audit-what")).to_have_text(["审核通过活动报告", "退回活动报告修改"])
    expect(entry.locator(".audit-who").first).to_have_text(f"{person} 审核员")
    expect(entry.locator(".audit-record")).to_have_text(
        [f"活动报告 · 看望军属（{unit_name}）", f"活动报告 · 走访慰问驻军（{unit_name}）"]
    )
    expect(entry.locator(".audit-fields")).to_have_text(["改动：审核状态", "改动：审核状态"])
    expect(entry.locator(".audit-at").first).to_have_text(re.compile(r"^2026年9月15日 \d\d:\d\d:\d\d$"))

    # The record's whole story, newest first: returned, corrected, submitted by the reporter.
    page.locator("#audit-actor").select_option("")
    page.locator("#audit-kind").select_option(label="活动报告")
    returned = page.locator(f'.audit-entry[data-record="report:{stored["report_id"]}"]').first
    returned.get_by_role("button", name="此记录全部操作").click()
    expect(page.locator("#audit-only")).to_have_text(f"只看：活动报告 · 走访慰问驻军（{unit_name}）看全部记录")
    expect(entry.locator(".audit-what")).to_have_text(["退回活动报告修改", "修改活动报告", "提交活动报告"])
    expect(entry.locator(".audit-who").nth(1)).to_have_text(f"赵填报（{unit_name}） 填报员")
    expect(entry.locator(".audit-fields")).to_have_text(["改动：审核状态", "改动：参加人数", ""])
    view = page.locator("#view-audit").inner_text()
    assert not CODE.search(view), view
    assert not UUID.search(view), view
    no_sideways_scrolling(page)
    phone.screenshot(f"admin-audit-{name}")

    # The whole month, unfiltered: no code and no id left in the view, whatever other tests wrote.
    page.locator("#audit-all").click()
    page.locator("#audit-kind").select_option("")
    expect(page.locator("#audit-only")).to_be_hidden()
    expect(entry.first).to_be_visible()
    view = page.locator("#view-audit").inner_text()
    assert not CODE.search(view), view
    assert not UUID.search(view), view

    # A record opens where it lives: the report's card in 审核, in its month and state.
    page.locator(f'.audit-entry[data-record="report:{stored["report_id"]}"] .audit-record').first.click()
    expect(page.locator("#view-review")).to_be_visible()
    card = page.locator(f'.review-card.asked[data-report="{stored["report_id"]}"]')
    expect(card).to_be_in_viewport()
    expect(card.locator(".badge").first).to_have_text("退回修改")
    expect(page.locator("#review-month")).to_have_value(MONTH)

    # Every other kind opens in its own tab, marked and in sight: the unit, the staff member.
    for kind, record, tab, shown in (
        ("成员单位", f"unit:{unit_id}", "units", f'#units .card.asked[data-unit="{unit_id}"]'),
        (
            "工作人员",
            f"staff:{reviewer['staff_id']}",
            "staff",
            f'#staff .card.asked[data-staff="{reviewer["staff_id"]}"]',
        ),
    ):
        page.click('.tab[data-view="audit"]')
        page.locator("#audit-kind").select_option(label=kind)
        page.locator(f'.audit-entry[data-record="{record}"] .audit-record').first.click()
        expect(page.locator(f"#view-{tab}")).to_be_visible()
        expect(page.locator(shown)).to_be_in_viewport()
    expect(page.locator(f'#units [data-unit="{unit_id}"] .card-title')).to_have_text(unit_name)
    expect(page.locator(f'#staff [data-staff="{reviewer["staff_id"]}"] .card-title')).to_contain_text(person)
    phone.check_traffic(ADMIN_TOKEN)


def test_an_uncompiled_month_logs_no_error_in_the_console(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    phone.page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    month = "2025-01"  # long past; no test compiles it
    assert stack.call("GET", f"/summaries/{month}")[0] == 404
    page = open_with(phone, stack, f"{stack.base}/admin#token={ADMIN_TOKEN}&summary={month}")
    expect(page.locator("#month-title")).to_have_text("2025年1月")
    expect(page.locator("#month-status")).to_contain_text("尚未汇总")
    expect(page.locator("#lock-state .badge")).to_have_text("已锁定")
    expect(page.locator(f'.month-row[data-month="{month}"] .month-state')).to_have_text("未汇总")
    page.wait_for_load_state("networkidle")
    assert errors == []
    assert not [r for r in phone.requests if r.url.endswith(f"/summaries/{month}")]
    phone.check_traffic(ADMIN_TOKEN)


def test_the_audit_shows_fifty_entries_and_more_on_asking(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    _, _, reporter = a_unit(stack)
    stored = report(stack, reporter, "走访慰问驻军", 2, "500")
    for version in range(1, 51):  # 50 corrections: with the report itself, 51 entries of one record
        correct(stack, reporter, stored, participants=100 + version, version=version)
    page = open_with(phone, stack, f"{stack.base}/admin#token={ADMIN_TOKEN}")
    page.click('.tab[data-view="audit"]')
    page.locator(f'.audit-entry[data-record="report:{stored["report_id"]}"] .audit-story').first.click()
    entries = page.locator("#audit .audit-entry")
    expect(entries).to_have_count(50)
    more = page.locator("#audit-more")
    more.click()
    expect(entries).to_have_count(51)  # within one second the entries' order is the table's: count, not place
    expect(more).to_be_enabled()
    while more.is_visible():  # the record is filtered within each page of the month's 50: later pages may hold none
        more.click()
        expect(more).to_be_enabled()
    expect(entries).to_have_count(51)
    expect(entries.locator(".audit-what").filter(has_text="修改活动报告")).to_have_count(50)
    expect(entries.locator(".audit-what").filter(has_text="提交活动报告")).to_have_count(1)
    phone.check_traffic(ADMIN_TOKEN)
