"""The Word helpers: any text can be written, and a table keeps within the type area."""

from __future__ import annotations

import io

from docx import Document

from chalicelib.files.documents import add_caption, add_table, document_bytes, new_document, write_sections


def test_characters_word_cannot_hold_become_replacement_marks_wherever_they_are_written() -> None:
    document = new_document("2026年8月\x07双拥工作情况", "（草稿\ud800）")
    write_sections(document, [("总体\x1b情况", ["铃声\x07、空字符\x00、\ufffe\uffff、\x85。", "一行\t制表\n换行"])])
    add_caption(document, "附表\udfff")
    add_table(document, ["活动\x0b类型", "数"], [["走访\x07", "16\ud800"]], (8.0, 8.0))
    data = document_bytes(document, "标题\x07", "本县\x01")

    opened = Document(io.BytesIO(data))
    assert [p.text for p in opened.paragraphs] == [
        "2026年8月\ufffd双拥工作情况",
        "（草稿\ufffd）",
        "一、总体\ufffd情况",
        "铃声\ufffd、空字符\ufffd、\ufffd\ufffd、\ufffd。",
        "一行\t制表\n换行",  # tab and line feed are text Word holds
        "附表\ufffd",
    ]
    assert [[c.text for c in row.cells] for row in opened.tables[0].rows] == [
        ["活动\ufffd类型", "数"],
        ["走访\ufffd", "16\ufffd"],
    ]
    assert (opened.core_properties.title, opened.core_properties.author) == ("标题\ufffd", "本县\ufffd双拥办")


def test_a_table_wider_than_the_type_area_is_narrowed_in_proportion() -> None:
    document = new_document("标题", "注")
    add_table(document, ["甲", "乙", "丙"], [["1", "2", "3"]], (4.0, 8.0, 8.0))  # 20 cm on a 15.6 cm type area
    add_table(document, ["甲"], [["1"]], (10.0,))  # narrower: kept
    wide, narrow = Document(io.BytesIO(document_bytes(document, "标题", "本县"))).tables
    assert [round(c.width.cm, 2) for c in wide.rows[1].cells] == [3.12, 6.24, 6.24]
    assert round(narrow.rows[0].cells[0].width.cm, 2) == 10.0
