"""A respondent's text checked by the survey's own answer checks, without the API's edge in front of them:
no character an export could not write gets through, and nothing refused is echoed in a form no encoder can
write."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.surveys.answers import check_answers
from chalicelib.surveys.models import Question, stored_question

QUESTIONS: list[dict[str, Any]] = [
    stored_question(Question.model_validate(q))
    for q in (
        {"id": "advice", "type": "text", "label": "意见和建议（一句话）", "max_length": 100},
        {"id": "story", "type": "text", "label": "请讲讲您遇到的法律问题", "max_length": 500},
        {
            "id": "topics",
            "type": "multiple_choice",
            "label": "希望讲哪些内容？",
            "options": [{"value": "civil_code", "label": "民法典"}, {"value": "fraud", "label": "防范电信诈骗"}],
        },
    )
]


def refusals(answers: dict[str, Any]) -> dict[str, str]:
    _, errors = check_answers(QUESTIONS, answers)
    assert json.dumps(errors, ensure_ascii=False).encode("utf-8")  # every refusal can be sent back as it is
    return {e["field"]: e["message"] for e in errors}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("希望\x07多讲", "含有不可见的控制字符（U+0007），请删除后重新填写"),
        ("多讲案例\x1f", "含有不可见的控制字符（U+001F），请删除后重新填写"),  # strip() would have hidden it
        ("\x00", "含有不可见的控制字符（U+0000），请删除后重新填写"),
        ("希望\x7f多讲", "含有不可见的控制字符（U+007F），请删除后重新填写"),
        ("希望\x9b多讲", "含有不可见的控制字符（U+009B），请删除后重新填写"),
        ("希望\ud800多讲", "含有无法识别的字符（可能是复制粘贴时带入的乱码），请删除后重新填写"),
        ("希望\ufdd0多讲", "含有不能使用的特殊字符（U+FDD0），请删除后重新填写"),
        ("希望\U0010ffff", "含有不能使用的特殊字符（U+10FFFF），请删除后重新填写"),
    ],
)
def test_a_text_answer_with_a_character_no_export_can_write_is_refused_on_its_question(text: str, message: str) -> None:
    assert refusals({"advice": text}) == {"answers.advice": message}
    assert refusals({"story": text}) == {"answers.story": message}


def test_line_breaks_and_tabs_only_in_the_answer_to_a_long_text_question() -> None:
    told = "去年退伍后\n工资被拖欠三个月\r\n\t至今未付"
    normalised, errors = check_answers(QUESTIONS, {"story": f"  {told}\n", "advice": "希望多讲案例"})
    assert errors == []
    assert normalised == {"story": told, "advice": "希望多讲案例"}
    for short in ("第一行\n第二行", "甲\t乙", "甲\r乙"):
        assert refusals({"advice": short}) == {"answers.advice": "不能换行或含制表符，请写在一行内"}
    # Surrounding white space is trimmed, as before, and not refused.
    assert check_answers(QUESTIONS, {"advice": "\t希望多讲案例\n"}) == ({"advice": "希望多讲案例"}, [])


def test_an_unknown_question_or_choice_is_named_in_writable_text() -> None:
    found = refusals({"q\ud800": 1, "topics": ["fraud", "x\udfff"]})
    assert found == {"answers.q\ufffd": "问卷中没有这道题", "answers.topics": "「x\ufffd」不是此题的选项"}
