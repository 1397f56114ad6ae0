"""The Word drafts of a month and a year, downloaded as the county office would, read back with python-docx:
GB/T 9704's page, fonts and grid; and a record stored with characters Word cannot hold still compiles."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import boto3
import pytest
from docx import Document
from docx.oxml.ns import qn

from chalicelib.context import Context
from chalicelib.db import keys
from chalicelib.db.reports import report_item
from tests.conftest import Api, SettableClock
from tests.helpers.summaries import deliver, download, submit, summary, visit


@pytest.fixture
def month(api: Api, clock: SettableClock) -> dict[str, str]:
    """August: 县司法局 reports two activities, 县教育局 nothing."""
    api.unit("sifaju", "县司法局")
    api.unit("jiaoyuju", "县教育局")
    token = api.reporter("sifaju")
    clock.set("2026-08-20T10:00:00")
    first = visit(api, token, "troops", 16, "62000", title="八一走访驻区部队")
    submit(api, token, "legal_lecture", {"attendees": 120, "materials": 300, "consultations": 18}, participants=120)
    clock.set("2026-09-07T09:00:00")
    return {"token": token, "report_id": first["report_id"]}


def compile_draft(api: Api, ctx: Context, aws: boto3.Session, period: str) -> bytes:
    """Compile the period; answer its Word draft's bytes."""
    assert api.post(f"/summaries/{period}").status == 202
    deliver(ctx, aws)
    found = summary(api, period)
    assert found["status"] == "ready", found.get("failure")
    return download(found, "docx").content


def east_asian(run: Any) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))  # type: ignore[no-any-return]


MONTH_HEADINGS = ["一、总体情况", "二、拥军优属", "三、法律拥军", "四、报送情况"]
# The year opens unnumbered (总体情况), then the county's areas that have work to tell, the units, the office's words.
YEAR_HEADINGS = ["一、拥军优属", "二、法律拥军", "三、各成员单位工作", "四、存在的问题", "五、下一步工作打算"]


@pytest.mark.parametrize(
    ("period", "title", "numbered"),
    [("2026-08", "2026年8月双拥工作情况", MONTH_HEADINGS), ("2026", "2026年度双拥工作总结", YEAR_HEADINGS)],
)
def test_the_drafts_are_a4_with_the_official_margins_fonts_and_grid(
    api: Api, ctx: Context, aws: boto3.Session, month: dict[str, str], period: str, title: str, numbered: list[str]
) -> None:
    data = compile_draft(api, ctx, aws, period)
    document = Document(io.BytesIO(data))
    [section] = document.sections
    assert abs(section.page_width.mm - 210) < 0.1 and abs(section.page_height.mm - 297) < 0.1
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    for found, expected in zip(margins, (37, 35, 28, 26), strict=True):
        assert abs(found.mm - expected) < 0.1
    grid = section._sectPr.find(qn("w:docGrid"))
    # 22 lines of 28 characters: 225 mm / 22 = 28.95 pt = 579 twips; (8845 twips / 20 / 28 − 16 pt) × 4096
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch")), grid.get(qn("w:charSpace"))) == (
        "linesAndChars",
        "579",
        "-842",
    )

    paragraphs = document.paragraphs
    assert paragraphs[0].text == title
    [heading] = paragraphs[0].runs
    assert heading.font.size.pt == 22 and east_asian(heading) == "方正小标宋简体"
    fonts = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode()
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="方正小标宋_GBK"/>' in fonts  # when that is missing

    assert document.styles["Normal"].font.size.pt == 16
    headings = [p for p in paragraphs if p.text[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert [p.text for p in headings] == numbered
    assert all(r.font.size.pt == 16 and east_asian(r) == "黑体" for p in headings for r in p.runs)
    body = [p for p in paragraphs[2:] if p not in headings and not p.text.startswith("附表")]
    assert len(body) >= 4 and any("走访慰问资金达6.2万元" in p.text for p in body)
    for paragraph in body:
        assert paragraph.paragraph_format.first_line_indent.pt == 32  # two characters
        assert all(r.font.size.pt == 16 and east_asian(r) == "仿宋_GB2312" for r in paragraph.runs)
    table = document.tables[-1]
    assert abs(sum(cell.width.mm for cell in table.rows[0].cells) - 156) < 0.5  # within the type area
    assert {r.font.size.pt for row in table.rows for c in row.cells for r in c.paragraphs[0].runs} == {12}


def test_a_record_stored_with_characters_word_cannot_hold_still_compiles(
    api: Api, ctx: Context, aws: boto3.Session, month: dict[str, str]
) -> None:
    # Stored as records were before the forms refused such characters: straight into the table. (A lone
    # surrogate cannot be stored, DynamoDB keeps UTF-8; tests/unit/test_documents.py writes one.)
    unit = ctx.store.units.get("jiaoyuju")
    assert unit is not None
    ctx.store.table.put({**keys.unit("jiaoyuju"), **unit, "name": "县教\x07育局\ufffe"})
    report = ctx.store.reports.get(month["report_id"])
    assert report is not None
    report.update(title="八一\x07走访\x1b", description="铃\x07声\x00\uffff")
    ctx.store.table.put(report_item(report))

    document = Document(io.BytesIO(compile_draft(api, ctx, aws, "2026-08")))
    texts = [p.text for p in document.paragraphs]
    assert "未报送单位1个：县教\ufffd育局\ufffd。" in texts  # each character Word cannot hold is a �
