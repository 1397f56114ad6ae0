"""The year-end collections (材料收集) on the reporter's page, in a real Chromium at 360×740 and 1366×768, against
the local stack: the office asks through the API; the reporter sees what is asked, writes its own words, downloads
its drafts, uploads its final file, is returned and uploads again."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from tests.e2e.browser import Phone
from tests.e2e.conftest import Stack
from tests.e2e.test_report_page import new_reporter, open_link
from tests.helpers.admin_page import no_sideways_scrolling

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PDF = (  # a tiny valid PDF: a catalogue, an empty page tree
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PROBLEMS = "送法进军营的次数偏少，活动照片留存不全。"
NEXT_STEPS = "继续开展送法进军营活动。"


def ask(stack: Stack, unit_id: str, title: str, kind: str, year: int, due_on: str) -> str:
    status, made = stack.call(
        "POST", "/collections", {"title": title, "kind": kind, "year": year, "due_on": due_on, "unit_ids": [unit_id]}
    )
    assert status == 201, made
    return made["collection_id"]  # type: ignore[no-any-return]


def docx_paragraphs(download: Any) -> list[str]:
    assert download.failure() is None and ".docx?" in download.url
    document = Document(io.BytesIO(download.path().read_bytes()))
    return [p.text for p in document.paragraphs if p.text.strip()]


def test_a_reporter_answers_the_offices_collections_from_the_page(device: tuple[str, Phone], stack: Stack) -> None:
    from playwright.sync_api import expect

    name, phone = device
    issued = new_reporter(stack)
    unit_id, token = issued["unit_id"], issued["token"]
    page = open_link(phone, issued)
    expect(page.locator("#tabs")).to_be_visible()
    expect(page.locator("#collections")).to_be_hidden()  # nothing asked of the unit: nothing shown

    summary_id = ask(stack, unit_id, "2026年度双拥工作总结", "year_summary", 2026, "2026-12-20")
    ask(stack, unit_id, "2027年双拥工作要点", "year_plan", 2027, "2027-01-05")
    page.reload()
    summary = page.locator('[data-collection="' + summary_id + '"]')
    plan = page.locator("#collections .card", has_text="2027年双拥工作要点")
    expect(page.locator("#collections .card-title")).to_have_text(["2026年度双拥工作总结", "2027年双拥工作要点"])
    expect(summary.locator(".card-meta")).to_contain_text("截止日期：2026年12月20日")
    expect(summary.locator(".badge")).to_have_text(["未提交"])
    expect(plan.locator(".card-meta")).to_contain_text("截止日期：2027年1月5日")

    # The unit's own words, kept on the phone while typed and saved with the version read.
    summary.get_by_role("button", name="本单位的不足与打算").click()
    expect(summary.locator("textarea")).to_have_count(2)  # 存在的不足 and 下一年工作打算, nothing else
    summary.get_by_label("存在的不足").fill(PROBLEMS)
    assert PROBLEMS in page.evaluate(f"localStorage.getItem('sy.notes.{token.split('.')[1]}.2026')")
    summary.get_by_role("button", name="保存").click()
    expect(page.locator("#toast")).to_have_text("已保存")
    status, notes = stack.call("GET", f"/units/{unit_id}/summaries/2026/notes", token=token)
    assert status == 200 and (notes["version"], notes["problems"], notes["next_steps"]) == (1, PROBLEMS, "")
    # Saved meanwhile by the office: the phone's save is refused in words, what was typed stays, the newer words are
    # shown, and the next save goes over them.
    status, _ = stack.call(
        "PUT", f"/units/{unit_id}/summaries/2026/notes", {"version": 1, "next_steps": "做好八一走访慰问。"}
    )
    assert status == 200
    summary.get_by_label("下一年工作打算").fill(NEXT_STEPS)
    summary.get_by_role("button", name="保存").click()
    expect(summary).to_contain_text("2026年度总结的文字已被他人修改（当前版本 2）")
    expect(summary).to_contain_text("他人保存的内容：做好八一走访慰问。")
    expect(summary.get_by_label("下一年工作打算")).to_have_value(NEXT_STEPS)
    summary.get_by_role("button", name="保存").click()
    expect(page.locator("#toast")).to_have_text("已保存")
    expect(summary).not_to_contain_text("他人保存的内容")
    status, notes = stack.call("GET", f"/units/{unit_id}/summaries/2026/notes", token=token)
    assert (notes["version"], notes["problems"], notes["next_steps"]) == (3, PROBLEMS, NEXT_STEPS)

    # The year summary's draft: compiled, then followed as a download, with the words typed in their section.
    with page.expect_download(timeout=60_000) as downloading:
        summary.get_by_role("button", name="下载草稿").click()
        expect(summary).to_contain_text("正在生成…")
    paragraphs = docx_paragraphs(downloading.value)
    assert paragraphs[0] == "县司法局2026年度双拥工作总结（草稿）"
    heading = next(i for i, p in enumerate(paragraphs) if p.endswith("、存在的不足"))
    assert paragraphs[heading + 1] == PROBLEMS
    assert paragraphs[heading + 2].endswith("、下一年工作打算") and paragraphs[heading + 3] == NEXT_STEPS

    # Next year's 要点 draft.
    with page.expect_download(timeout=30_000) as downloading:
        plan.get_by_role("button", name="下载草稿").click()
    assert docx_paragraphs(downloading.value)[0] == "县司法局2027年双拥工作要点（草稿）"

    # A file of another type is refused on the phone, in the API's words, and nothing is asked of the API.
    picker = summary.locator("input[type=file]")
    asked = len(phone.requests)
    picker.set_input_files({"name": "总结.txt", "mimeType": "text/plain", "buffer": "定稿".encode()})
    expect(summary).to_contain_text("只能上传 DOC、DOCX、WPS 或 PDF 文件")
    assert not [r for r in phone.requests[asked:] if "/collections/" in r.url]

    # The final PDF: posted to the bucket, submitted, the card redrawn.
    picker.set_input_files({"name": "2026年度双拥工作总结.pdf", "mimeType": "application/pdf", "buffer": PDF})
    expect(summary.locator(".badge")).to_have_text(["已提交"])
    expect(summary).to_contain_text("已交：2026年度双拥工作总结.pdf（2026年9月15日）")
    expect(page.locator("#toast")).to_be_hidden()
    phone.screenshot(f"report-collections-{name}")
    if name == "phone":
        no_sideways_scrolling(page)
    status, asked_units = stack.call("GET", f"/collections/{summary_id}")
    [mine] = asked_units["units"]
    assert (mine["state"], mine["file"]["filename"], mine["file"]["size"]) == (
        "submitted",
        "2026年度双拥工作总结.pdf",
        len(PDF),
    )

    # Returned by the office with a comment: the reporter sees it and uploads again.
    review = {"decision": "return", "comment": "请补充八一走访慰问的情况", "version": mine["version"]}
    status, _ = stack.call("POST", f"/collections/{summary_id}/units/{unit_id}/review", review)
    assert status == 200
    page.reload()
    expect(summary.locator(".badge")).to_have_text(["退回修改"])
    expect(summary.locator(".review-comment")).to_have_text("请补充八一走访慰问的情况")
    expect(summary).to_contain_text("退回的文件：2026年度双拥工作总结.pdf")
    phone.screenshot(f"report-collections-returned-{name}")
    summary.locator("input[type=file]").set_input_files(
        {"name": "2026年度双拥工作总结（修改稿）.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    expect(summary.locator(".badge")).to_have_text(["已提交"])
    expect(summary.locator(".review-comment")).to_have_count(0)
    status, asked_units = stack.call("GET", f"/collections/{summary_id}")
    [mine] = asked_units["units"]
    assert mine["state"] == "submitted" and mine["file"]["filename"] == "2026年度双拥工作总结（修改稿）.pdf"
    assert [(f["filename"], f["comment"]) for f in mine["history"]] == [
        ("2026年度双拥工作总结.pdf", "请补充八一走访慰问的情况")
    ]

    # Offline: the section says it needs the network, offers no button, and the form still works.
    phone.offline(True)
    expect(page.locator("#collections-offline")).to_have_text("下载草稿、上传定稿需要联网；联网后再操作。")
    expect(page.locator("#collections button", has_text="上传定稿")).to_have_count(0)
    expect(page.locator("#collections .card-title")).to_have_count(2)
    expect(page.locator("#f-activity_type")).to_be_enabled()
    phone.offline(False)
    expect(page.locator("#collections-offline")).to_have_count(0)
    expect(summary.get_by_role("button", name="重新上传定稿")).to_be_visible()
    phone.check_traffic(token)
