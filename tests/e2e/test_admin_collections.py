"""材料收集 on the county office page, in a real Chromium at 360×740 and 1366×768 against the local stack: the office
asks two units for their year summary (a due date in the past refused first, beside its input), the units submit
PDFs through the API, the office returns one with a comment (required) and accepts the other, the returned unit
sends again (its first file kept with the comment), and the .zip the compile function builds holds both files named
by unit and title; the audit's entries open the collection, and a unit's row in it, in this tab. A reviewer decides
and packs but asks nothing; a viewer only reads.

Each run asks its own two units, so the shared stack's other collections do not matter."""

from __future__ import annotations

import io
import re
import uuid
import zipfile

import pytest
import requests

from tests.e2e.browser import Phone
from tests.e2e.conftest import ADMIN_TOKEN, Stack
from tests.helpers.admin_page import no_sideways_scrolling, no_write_control, open_tab, open_with
from tests.helpers.stack import a_unit, staff

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # 69 bytes
LONGER = PDF + b" " * 2800  # 2,869 bytes: 3 KB


def submitted(stack: Stack, collection_id: str, unit_id: str, token: str, filename: str, data: bytes) -> None:
    """The unit's file posted to the bucket with the form the API signed, as the report page posts it, then
    submitted."""
    body = {"filename": filename, "content_type": "application/pdf", "size": len(data)}
    status, form = stack.call("POST", f"/collections/{collection_id}/uploads", body, token=token)
    assert status == 201, form
    posted = requests.post(form["url"], data=form["fields"], files={"file": (filename, data, "application/pdf")})
    assert posted.status_code in (200, 201, 204), posted.text
    body = {"key": form["key"], "filename": filename}
    status, answer = stack.call("PUT", f"/collections/{collection_id}/units/{unit_id}", body, token=token)
    assert status == 200, answer


def test_the_office_asks_two_units_returns_one_accepts_the_other_and_downloads_the_zip(
    device: tuple[str, Phone], stack: Stack
) -> None:
    from playwright.sync_api import expect

    name, phone = device
    title = f"2026年度双拥工作总结{uuid.uuid4().hex[:4]}"
    first, first_name, first_token = a_unit(stack)
    second, second_name, second_token = a_unit(stack)
    page = open_tab(phone, stack, "collections")
    expect(page.locator("#collections")).not_to_be_empty()  # the tab's script has come and read the list

    # 发起收集: the two units ticked; a due date before the stack's today (2026-09-15) is refused beside its input
    page.click("#new-collection")
    form = page.locator("#collection-form")
    form.locator('[data-name="title"]').fill(title)
    expect(form.locator('[data-name="year"]')).to_have_value("2026")
    expect(form.locator('[data-name="remind_days_before"]')).to_have_value("7，1")
    form.locator('[data-name="due_on"]').fill("2026-09-01")
    form.locator('[data-name="scope"]').select_option("some")
    form.locator(f'#collection-units input[value="{first}"]').check()
    form.locator(f'#collection-units input[value="{second}"]').check()
    form.locator("button[type=submit]").click()
    expect(form.locator('[data-field="due_on"] .err')).to_have_text("截止日期不能早于今天")
    expect(page.locator("#collections .card", has_text=title)).to_have_count(0)
    no_sideways_scrolling(page)

    form.locator('[data-name="due_on"]').fill("2026-12-20")
    form.locator("button[type=submit]").click()
    expect(page.locator("#toast")).to_have_text(f"已发起：{title}")
    expect(form).to_be_hidden()
    card = page.locator("#collections .card", has_text=title)
    expect(card.locator(".card-meta").first).to_have_text("年度双拥工作总结 · 2026年度 · 截止2026年12月20日")
    expect(card.locator(".collection-counts")).to_have_text("未提交 2 · 已提交 0 · 退回修改 0 · 已通过 0")
    collection_id = card.get_attribute("data-collection")
    assert collection_id
    detail = page.locator("#collection-detail")
    expect(detail.locator("h2")).to_have_text(title)
    expect(detail.locator(".hint").first).to_have_text(
        "年度双拥工作总结 · 2026年度 · 截止日期2026年12月20日 · 提前7、1天提醒"
    )
    rows = detail.locator(".collection-unit")
    expect(rows).to_have_count(2)
    expect(rows.locator(".card-title .badge")).to_have_text(["未提交", "未提交"])

    # The two units send their PDFs: the list and the rows say 已提交, with each file's name, size and time
    submitted(stack, collection_id, first, first_token, "总结（初稿）.pdf", PDF)
    submitted(stack, collection_id, second, second_token, "年度总结.pdf", LONGER)
    card.locator(".card-title").click()
    one, other = rows.filter(has_text=first_name), rows.filter(has_text=second_name)
    expect(one.locator(".card-title .badge")).to_have_text("已提交")
    expect(one.locator(".file-link")).to_have_text("总结（初稿）.pdf")
    expect(one.locator(".collection-file")).to_have_text(re.compile(r"^总结（初稿）\.pdf1 KB · 2026年9月15日 10:\d\d$"))
    expect(other.locator(".file-link")).to_have_text("年度总结.pdf")
    expect(other.locator(".collection-file")).to_contain_text("年度总结.pdf3 KB · ")
    expect(card.locator(".collection-counts")).to_have_text("未提交 0 · 已提交 2 · 退回修改 0 · 已通过 0")
    no_sideways_scrolling(page)

    # 退回修改 asks for the comment in the API's words, then the row says so with the comment; the counts follow
    one.get_by_role("button", name="退回修改").click()
    one.get_by_role("button", name="确认退回").click()
    expect(one.locator('[data-field="comment"] .err')).to_have_text("退回修改须填写审核意见，说明需要修改什么")
    expect(one.locator(".card-title .badge")).to_have_text("已提交")
    one.locator("textarea").fill("请加盖公章后重新上传")
    one.get_by_role("button", name="确认退回").click()
    expect(one.locator(".card-title .badge")).to_have_text("退回修改")
    expect(one.locator(".collection-comment")).to_have_text("退回意见：请加盖公章后重新上传")
    expect(detail.locator("#collection-counts")).to_have_text("未提交 0 · 已提交 1 · 退回修改 1 · 已通过 0")
    other.get_by_role("button", name="通过").click()
    expect(other.locator(".card-title .badge")).to_have_text("已通过")
    expect(other.get_by_role("button")).to_have_count(0)
    expect(detail.locator("#collection-counts")).to_have_text("未提交 0 · 已提交 0 · 退回修改 1 · 已通过 1")
    expect(card.locator(".collection-counts")).to_have_text("未提交 0 · 已提交 0 · 退回修改 1 · 已通过 1")

    # The returned unit sends again: its first file stays in the history with the comment it was returned with
    submitted(stack, collection_id, first, first_token, "总结（盖章）.pdf", PDF)
    card.locator(".card-title").click()
    expect(one.locator(".file-link").first).to_have_text("总结（盖章）.pdf")
    one.locator(".collection-history summary").click()
    expect(one.locator(".collection-history summary")).to_have_text("此前提交的文件（1）")
    expect(one.locator(".history-file .file-link")).to_have_text("总结（初稿）.pdf")
    expect(one.locator(".history-file .collection-comment")).to_have_text("退回意见：请加盖公章后重新上传")

    # 打包下载: the compile function builds the .zip; the page asks every 2 s, then offers it as a navigation
    page.click("#collection-pack")
    # 2,938 bytes of files and the .zip's headers
    expect(page.locator("#archive-link")).to_have_text("下载压缩包（2个文件，3 KB）", timeout=60_000)
    no_sideways_scrolling(page)
    phone.screenshot(f"admin-collections-{name}")
    with page.expect_download() as download:
        page.click("#archive-link")
    assert download.value.failure() is None
    with zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())) as archive:
        assert sorted(archive.namelist()) == sorted([f"{first_name}-{title}.pdf", f"{second_name}-{title}.pdf"])
        assert archive.read(f"{first_name}-{title}.pdf") == PDF
        assert archive.read(f"{second_name}-{title}.pdf") == LONGER

    # The audit's entry opens this tab with the collection shown, marked and in sight
    page.click('.tab[data-view="audit"]')
    page.locator("#audit-kind").select_option(label="材料收集")
    page.locator(f'.audit-entry[data-record="collection:{collection_id}"] .audit-record').first.click()
    expect(page.locator("#view-collections")).to_be_visible()
    expect(page.locator(f'#collection-detail.asked[data-collection="{collection_id}"]')).to_be_in_viewport()
    expect(page.locator("#collection-detail h2")).to_have_text(title)
    # … and a unit's file in it, with that unit's row marked
    page.click('.tab[data-view="audit"]')
    page.locator("#audit-kind").select_option(label="单位报送的材料")
    page.locator(f'.audit-entry[data-record="collection_unit:{collection_id}/{second}"] .audit-record').first.click()
    expect(page.locator(f'#collection-units-list .asked[data-unit="{second}"]')).to_be_in_viewport()
    phone.check_traffic(ADMIN_TOKEN)


def test_a_reviewer_decides_on_the_file_as_it_is_now_and_packs_but_does_not_ask_and_a_viewer_only_reads(
    phone: Phone, stack: Stack
) -> None:
    from playwright.sync_api import expect

    unit_id, unit_name, token = a_unit(stack)
    title = f"2027年双拥工作要点{uuid.uuid4().hex[:4]}"
    body = {"title": title, "kind": "year_plan", "year": 2027, "due_on": "2026-12-31", "unit_ids": [unit_id]}
    status, collection = stack.call("POST", "/collections", body)
    assert status == 201, collection
    submitted(stack, collection["collection_id"], unit_id, token, "要点.pdf", PDF)

    page = open_with(phone, stack, staff(stack, "reviewer", "钱审核")["link"])
    page.click('.tab[data-view="collections"]')
    page.locator("#collections .card", has_text=title).locator(".card-title").click()
    row = page.locator(f'#collection-units-list [data-unit="{unit_id}"]')
    expect(row.locator(".card-title")).to_have_text(f"{unit_name} 已提交")
    expect(page.locator("#collection-detail .hint").first).to_have_text(
        "双拥工作要点 · 2027年度 · 截止日期2026年12月31日 · 提前7、1天提醒"
    )
    expect(page.locator("#collection-pack")).to_have_text("打包下载")
    expect(page.locator("#new-collection")).to_be_hidden()

    # The unit sends another file while the reviewer looks at the first: 通过 is refused in the API's words, and the
    # row shows the file as it is now, to be decided on
    submitted(stack, collection["collection_id"], unit_id, token, "要点（修改）.pdf", PDF)
    row.get_by_role("button", name="通过").click()
    expect(page.locator("#toast")).to_have_text("该单位的材料已有变动（当前版本 2），请刷新后再审阅")
    expect(row.locator(".file-link").first).to_have_text("要点（修改）.pdf")
    expect(row).to_have_class(re.compile(r"\basked\b"))
    row.get_by_role("button", name="通过").click()
    expect(row.locator(".card-title")).to_have_text(f"{unit_name} 已通过")

    page.goto("about:blank")  # the next link opens the page afresh, not as a change of its fragment
    page = open_with(phone, stack, staff(stack, "viewer", "孙查看")["link"])
    page.click('.tab[data-view="collections"]')
    page.locator("#collections .card", has_text=title).locator(".card-title").click()
    expect(row.locator(".file-link").first).to_have_text("要点（修改）.pdf")
    no_write_control(page)
    expect(page.locator("#collection-pack")).to_have_count(0)
    expect(row.get_by_role("button")).to_have_count(0)
    phone.check_traffic(ADMIN_TOKEN)
