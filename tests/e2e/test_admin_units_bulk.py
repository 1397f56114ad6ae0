"""The county office's units in bulk, from its page in a real Chromium at 360×740 and 1366×768: the template
downloaded; a sheet with bad cells refused, each cell listed by row and column; a good sheet checked first (what
would be registered, nothing stored), then imported, its new links printed as an A4 sheet with one block per unit;
the same sheet again registers nothing twice; a unit renamed and set not to report; a reporter's link reissued.

Each run works in its own units, so the shared stack's other counts stay."""

from __future__ import annotations

import base64
import io
import uuid
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.e2e.browser import Phone
from tests.e2e.conftest import Stack
from tests.helpers.admin_page import no_sideways_scrolling, open_tab
from tests.helpers.units import HEADER, units_sheet

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_file(rows: list[list[Any]]) -> dict[str, Any]:
    return {"name": "单位表.xlsx", "mimeType": XLSX, "buffer": base64.b64decode(units_sheet(rows))}


def test_units_are_imported_from_a_sheet_their_links_printed_edited_and_reissued(
    device: tuple[str, Phone], stack: Stack
) -> None:
    from playwright.sync_api import expect

    name, phone = device
    tag = uuid.uuid4().hex[:4]
    archives, veterans = f"dag-{tag}", f"tyjr-{tag}"
    page = open_tab(phone, stack, "units")
    expect(page.locator('#units [data-unit="sifaju"]')).to_be_visible()  # the tab's script has come

    # the template: the import's header and an example row
    with page.expect_download() as download:
        page.click("#units-template")
    assert download.value.failure() is None and ".xlsx?" in download.value.url
    template = load_workbook(io.BytesIO(download.value.path().read_bytes())).worksheets[0]
    assert [c.value for c in template[1]] == HEADER
    assert [c.value for c in template[2]][:4] == ["县司法局", "局/委/办", "sfj@example.cn", "张三"]

    # a sheet with two bad cells: each listed by row and column in Chinese, nothing stored
    bad = [
        [f"县档案馆{tag}", "局/委/办", "dag@example.cn", "王五", archives],
        [f"县退役军人事务局{tag}", "部队", "tyjr@example", "赵六", veterans],
    ]
    page.set_input_files("#units-file", sheet_file(bad))
    refused = page.locator("#refused-cells tbody tr")
    expect(refused).to_have_count(2)
    assert [r.locator("td").all_text_contents() for r in refused.all()] == [
        [
            "第3行",
            "单位类型",
            "第3行“单位类型”：不认识的单位类型“部队”（应为局/委/办、法院/检察院、街道办事处、乡镇、企业、其他之一）",
        ],
        ["第3行", "联系邮箱", "第3行“联系邮箱”：“tyjr@example”格式不正确"],
    ]
    expect(page.locator(f'#units [data-unit="{archives}"]')).to_have_count(0)
    no_sideways_scrolling(page)

    # the good sheet, checked first: what would be registered, and still nothing stored
    good = [bad[0], [f"县退役军人事务局{tag}", "局/委/办", "tyjr@example.cn", "赵六", veterans]]
    page.set_input_files("#units-file", sheet_file(good))
    check = page.locator("#units-check")
    expect(check).to_contain_text("将登记2个单位")
    expect(check.locator(".to-create li")).to_have_text(
        [
            f"第2行 县档案馆{tag}（{archives} · 局/委/办 · dag@example.cn）",
            f"第3行 县退役军人事务局{tag}（{veterans} · 局/委/办 · tyjr@example.cn）",
        ]
    )
    expect(page.locator(f'#units [data-unit="{archives}"]')).to_have_count(0)
    phone.screenshot(f"admin-units-import-check-{name}")

    # imported: one block per unit with its name, reporter, QR code, link and how to open it
    check.locator("button", has_text="确认导入2个单位").click()
    blocks = page.locator("#link-sheet .unit-block")
    expect(blocks).to_have_count(2)
    expect(blocks.locator(".block-name")).to_have_text([f"县档案馆{tag}", f"县退役军人事务局{tag}"])
    expect(blocks.locator(".block-reporter")).to_have_text(["填报员：王五", "填报员：赵六"])
    expect(blocks.locator("img.qr")).to_have_count(2)
    links = blocks.locator(".block-link").all_text_contents()
    assert len(set(links)) == 2 and all(link.startswith("http") and "token=" in link for link in links)
    expect(blocks.first.locator(".block-how")).to_contain_text("用手机扫描二维码")
    expect(page.locator(f'#units [data-unit="{archives}"] .card-title')).to_have_text(f"县档案馆{tag}")
    no_sideways_scrolling(page)
    phone.screenshot(f"admin-units-links-{name}")

    # on paper: the blocks alone, no tabs, no unit cards, no buttons
    page.emulate_media(media="print")
    expect(blocks).to_have_count(2)
    for block in blocks.all():
        expect(block).to_be_visible()
        expect(block.locator("img.qr")).to_be_visible()
    expect(page.locator("#tabs")).to_be_hidden()
    expect(page.locator("#units")).to_be_hidden()
    expect(page.locator("#link-sheet button").first).to_be_hidden()
    phone.screenshot(f"admin-units-links-print-{name}")
    page.emulate_media(media="screen")

    # the same sheet again registers nothing: it says which units exist
    page.click("#link-sheet button:has-text('完成')")
    page.set_input_files("#units-file", sheet_file(good))
    expect(check).to_contain_text("单位表中的单位都已登记，没有要导入的；2个已登记。")
    expect(check.locator(".existing li")).to_have_text(
        [
            f"第2行 县档案馆{tag}（{archives}）已登记，不再重复登记",
            f"第3行 县退役军人事务局{tag}（{veterans}）已登记，不再重复登记",
        ]
    )
    expect(check.locator("button", has_text="确认导入")).to_have_count(0)

    # a unit renamed and set not to report; a refused name is told beside its input
    card = page.locator(f'#units [data-unit="{archives}"]')
    card.locator("button", has_text="修改").click()
    edit = card.locator(".edit form")
    edit.locator('[data-name="name"]').fill("")
    edit.locator("button[type=submit]").click()
    expect(edit.locator('[data-field="name"] .err')).to_have_text("必填项，请填写")
    assert stack.call("GET", f"/units/{archives}")[1]["name"] == f"县档案馆{tag}"
    edit.locator('[data-name="name"]').fill(f"县档案局{tag}")
    edit.locator('[data-name="active"]').uncheck()
    edit.locator("button[type=submit]").click()
    expect(card.locator(".card-title")).to_have_text(f"县档案局{tag}不参加填报")
    assert stack.call("GET", f"/units/{archives}")[1]["active"] is False
    no_sideways_scrolling(page)

    # a reporter's link reissued: the old one revoked, a new one shown once
    reporter = card.locator(".reporter").first
    reporter.locator(".reporter-line button", has_text="重新签发").click()
    reporter.locator("button", has_text="确认重新签发").click()
    issued = card.locator(".qr-card")
    expect(issued.locator(".qr-title")).to_have_text(f"县档案局{tag} 填报员：王五")
    new_link = issued.locator(".qr-link").input_value()
    assert new_link.startswith("http") and new_link not in links
    expect(card.locator(".reporter .badge")).to_contain_text(["已收回", "有效"])
    no_sideways_scrolling(page)
    phone.screenshot(f"admin-units-reissued-{name}")
