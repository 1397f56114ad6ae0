"""Word documents (python-docx, imported only inside the functions) as GB/T 9704 lays them out: A4, margins
37/35/28/26 mm, the title in 二号 小标宋, the body in 三号 仿宋 on a grid of 22 lines of 28 characters,
numbered sections in 黑体, gridded tables; bytes that are the same for the same content."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any

from chalicelib.core.text import writable

BODY_FONT, HEADING_FONT, TITLE_FONT, NOTE_FONT = "仿宋_GB2312", "黑体", "方正小标宋简体", "楷体_GB2312"
# What Word looks for when a font is not installed (the font table's altName): the _GB2312 fonts of the
# county offices' machines have their successors in Windows itself; 小标宋 has a GBK edition.
ALTERNATES = {TITLE_FONT: "方正小标宋_GBK", BODY_FONT: "仿宋", NOTE_FONT: "楷体"}
TITLE_PT, BODY_PT, TABLE_PT = 22, 16, 12  # 二号, 三号, 小四
PAGE_MM, MARGINS_MM = (210, 297), (37, 35, 28, 26)  # A4; top, bottom, left, right: a type area of 156 × 225 mm
TYPE_WIDTH_CM = (PAGE_MM[0] - MARGINS_MM[2] - MARGINS_MM[3]) / 10
LINES, CHARACTERS = 22, 28
CHINESE_ORDINALS = "一二三四五六七八九"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"  # its content type


def new_document(title: str, note: str) -> Any:
    """A Word document laid out as GB/T 9704, with its centred title and a note under it."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = (Mm(m) for m in PAGE_MM)
        top, bottom, left, right = (Mm(m) for m in MARGINS_MM)
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = top, bottom, left, right
        _grid(section)
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _east_asian(normal.element, BODY_FONT)
    # A line a grid line, no gaps: the template's 1.15 lines and 10 pt after a paragraph would break the 22 lines.
    spacing = normal.paragraph_format
    spacing.space_before, spacing.space_after, spacing.line_spacing = Pt(0), Pt(0), 1.0
    _font_table(document)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(heading, title, TITLE_FONT, TITLE_PT)
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(subtitle, note, NOTE_FONT, BODY_PT)
    return document


# A section's content: paragraphs, or subsections (their heading and paragraphs).
Part = str | tuple[str, Sequence[str]]


def write_sections(document: Any, sections: Sequence[tuple[str, Sequence[Part]]]) -> None:
    """Numbered sections (一、二、…), each a heading in 黑体 and its paragraphs, first lines indented two characters;
    a subsection's heading numbered （一）（二）… within its section, in 楷体, indented like a paragraph."""
    for level, text in numbered_lines(sections):
        if level == "section":
            _run(document.add_paragraph(), text, HEADING_FONT, BODY_PT)
        else:
            _run(_indented(document), text, NOTE_FONT if level == "subsection" else BODY_FONT, BODY_PT)


def numbered_lines(sections: Sequence[tuple[str, Sequence[Part]]]) -> Iterator[tuple[str, str]]:
    """The sections line by line in reading order, each with its level ("section", "subsection", "paragraph"): a
    section's heading numbered 一、二、…, a subsection's （一）（二）… within its section."""
    for index, (topic, parts) in enumerate(sections):
        yield "section", f"{chinese_ordinal(index + 1)}、{topic}"
        subsections = 0
        for part in parts:
            if isinstance(part, str):
                yield "paragraph", part
                continue
            subsections += 1
            heading, lines = part
            yield "subsection", f"（{chinese_ordinal(subsections)}）{heading}"
            yield from (("paragraph", line) for line in lines)


def add_paragraphs(document: Any, lines: Sequence[str]) -> None:
    """Body paragraphs in 仿宋, first lines indented two characters."""
    for line in lines:
        _run(_indented(document), line, BODY_FONT, BODY_PT)


def _indented(document: Any) -> Any:
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
    return paragraph


def add_caption(document: Any, text: str) -> None:
    _run(document.add_paragraph(), text, HEADING_FONT, BODY_PT)


def document_bytes(document: Any, title: str, county: str) -> bytes:
    """The document's bytes, the same for the same content: fixed properties, ZIP entries dated 1980."""
    import io
    from datetime import datetime

    from chalicelib.files.spreadsheets import deterministic_zip

    properties = document.core_properties
    properties.author = properties.last_modified_by = writable(f"{county}双拥办")
    properties.title = writable(title)
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
    """A gridded table in 小四: a header row in the heading font, then the rows, with set column widths
    (in cm, narrowed in proportion when together they are wider than the type area)."""
    from docx.shared import Cm

    widths = tuple(w * min(1.0, TYPE_WIDTH_CM / sum(widths)) for w in widths)
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _run(cell.paragraphs[0], text, HEADING_FONT, TABLE_PT)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _run(cell.paragraphs[0], text, BODY_FONT, TABLE_PT)
    for row in table.rows:  # Word reads the cells' widths, WPS the columns'
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
            _off_grid(cell.paragraphs[0])
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)


def _run(paragraph: Any, text: str, font: str, size: float) -> None:
    from docx.shared import Pt

    run = paragraph.add_run(writable(text))
    run.font.size = Pt(size)
    _east_asian(run._element, font)


def _off_grid(paragraph: Any) -> None:
    """The paragraph keeps its own line height: a table's 小四 lines are not stretched to the body's grid lines."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    snap = OxmlElement("w:snapToGrid", {qn("w:val"): "0"})
    paragraph._p.get_or_add_pPr().insert_element_before(snap, "w:spacing", "w:ind", "w:jc", "w:rPr")


def _east_asian(element: Any, font: str) -> None:
    """Set the East Asian font of a style or run (python-docx only sets the Latin one)."""
    from docx.oxml.ns import qn

    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:ascii"), "Times New Roman")
    fonts.set(qn("w:hAnsi"), "Times New Roman")


def _grid(section: Any) -> None:
    """Word's document grid: 22 lines of 28 characters of 三号 in the type area.

    linePitch is a line's height in twips, charSpace what a character's pitch adds to the 16 pt body size, in
    1/4096 pt; both from the margins as stored (in whole twips) and rounded down, or the 22nd line or the 28th
    character would not fit: 225 mm / 22 = 579.8 twips → 579 (28.95 pt), 156 mm / 28 = 15.79 pt → −842."""
    from docx.oxml.ns import qn

    width = section.page_width - section.left_margin - section.right_margin
    height = section.page_height - section.top_margin - section.bottom_margin
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(math.floor(height / 635 / LINES)))  # 635 EMU a twip
    grid.set(qn("w:charSpace"), str(math.floor((width / 12700 / CHARACTERS - BODY_PT) * 4096)))  # 12700 EMU a pt


def _font_table(document: Any) -> None:
    """Name each Chinese font in the font table, with its alternate and the GB2312 character set (86), so that a
    machine without it shows its successor, or at least a Chinese font, not a Latin fallback."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn

    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)  # a plain Part: its XML is its blob
    table = parse_xml(part.blob)
    for name in (TITLE_FONT, BODY_FONT, NOTE_FONT, HEADING_FONT):
        font = OxmlElement("w:font", {qn("w:name"): name})
        if name in ALTERNATES:
            font.append(OxmlElement("w:altName", {qn("w:val"): ALTERNATES[name]}))
        font.append(OxmlElement("w:charset", {qn("w:val"): "86"}))
        table.append(font)
    part._blob = serialize_part_xml(table)
