"""Word documents (python-docx, imported only inside the functions): the county's fonts on A4, numbered
sections, gridded tables, and bytes that are the same for the same content."""

from __future__ import annotations

from typing import Any

from chalicelib.files.spreadsheets import safe

BODY_FONT, HEADING_FONT, TITLE_FONT = "仿宋_GB2312", "黑体", "方正小标宋简体"
CHINESE_ORDINALS = "一二三四五六七八九"


def new_document(title: str, note: str) -> Any:
    """A Word document on A4 with the county's fonts, its centred title and a note under it."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    for section in document.sections:
        section.top_margin, section.bottom_margin = Cm(3), Cm(2.5)
        section.left_margin, section.right_margin = Cm(2.6), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.size = Pt(14)
    _east_asian(normal.element, BODY_FONT)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(heading, title, TITLE_FONT, 20, bold=True)
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(subtitle, note, "楷体_GB2312", 12)
    return document


def write_sections(document: Any, sections: list[tuple[str, list[str]]]) -> None:
    """Numbered sections (一、二、…), each a heading and its paragraphs, first lines indented."""
    from docx.shared import Pt

    for index, (topic, lines) in enumerate(sections):
        heading = document.add_paragraph()
        _run(heading, f"{chinese_ordinal(index + 1)}、{topic}", HEADING_FONT, 14)
        for line in lines:
            paragraph = document.add_paragraph(safe(line))
            paragraph.paragraph_format.first_line_indent = Pt(28)


def add_caption(document: Any, text: str) -> None:
    _run(document.add_paragraph(), text, HEADING_FONT, 14)


def document_bytes(document: Any, title: str, county: str) -> bytes:
    """The document's bytes, the same for the same content: fixed properties, ZIP entries dated 1980."""
    import io
    from datetime import datetime

    from chalicelib.files.spreadsheets import deterministic_zip

    properties = document.core_properties
    properties.author = properties.last_modified_by = f"{county}双拥办"
    properties.title = title
    properties.created = properties.modified = properties.last_printed = datetime(2000, 1, 1)
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


def chinese_ordinal(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (up to 99)."""
    tens, ones = divmod(number, 10)
    if not tens:
        return CHINESE_ORDINALS[ones - 1]
    return (CHINESE_ORDINALS[tens - 1] if tens > 1 else "") + "十" + (CHINESE_ORDINALS[ones - 1] if ones else "")


def add_table(document: Any, header: list[str], rows: list[list[str]], widths: tuple[float, ...]) -> None:
    """A gridded table: a header row in the heading font, then the rows, with set column widths."""
    from docx.shared import Cm, Pt

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _run(cell.paragraphs[0], text, HEADING_FONT, 10.5)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            run = cell.paragraphs[0].add_run(safe(text))
            run.font.size = Pt(10.5)
    for row in table.rows:  # Word reads the cells' widths, WPS the columns'
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)


def _run(paragraph: Any, text: str, font: str, size: float, bold: bool = False) -> None:
    from docx.shared import Pt

    run = paragraph.add_run(safe(text))
    run.font.size = Pt(size)
    run.font.bold = bold
    _east_asian(run._element, font)


def _east_asian(element: Any, font: str) -> None:
    """Set the East Asian font of a style or run (python-docx only sets the Latin one)."""
    from docx.oxml.ns import qn

    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:ascii"), "Times New Roman")
    fonts.set(qn("w:hAnsi"), "Times New Roman")
