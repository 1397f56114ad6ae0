"""A respondent's answers checked against the questions they answered, or every fault named.

Plain Python over the stored question definitions (see `surveys.models.stored_question`).
An answer is blank when it is missing, null, empty text or an empty list; a
blank answer to a required question is refused. Every failing answer is named
as `answers.<question_id>` with its reason in Chinese, all at once.
Answers come back normalised: text trimmed, choices in the options' order,
whole numbers as int, so that a retried submission compares equal.
Text answers hold no character an export could not write (`core.text`): no C0 or C1
control character, lone surrogate or noncharacter; line breaks and tabs only in the
answer to a long text question, which the page shows as a multi-line box. Whatever
the answer sent is echoed in a message or a field name only as writable text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from chalicelib.core.dates import date_label, parse_day
from chalicelib.core.errors import ValidationFailed
from chalicelib.core.text import unwritable, writable
from chalicelib.surveys.models import MAX_NUMBER, MAX_QUESTIONS, NUMBER_PLACES, ONE_LINE_TEXT, RATING_SCALE
from chalicelib.surveys.records import AnswerValue, QuestionRecord

RESPONSE_FIELDS = ("response_id", "version", "answers")
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
Checked = tuple[Any, str | None]  # (normalised answer, or the reason it is refused)


def is_response_id(value: Any) -> bool:
    return isinstance(value, str) and bool(UUID.match(value))


def read_response(
    body: dict[str, Any], current_version: int, questions_of: Callable[[int], list[QuestionRecord] | None]
) -> tuple[str, int, dict[str, AnswerValue]]:
    """(response_id, version, normalised answers) of a submission, or ValidationFailed naming each fault.

    `questions_of(version)` gives a version's questions, None if the survey has no such version."""
    errors = [
        {"field": _field(name), "message": "不认识的字段，请删除"} for name in body if name not in RESPONSE_FIELDS
    ]
    response_id = body.get("response_id")
    if not is_response_id(response_id):
        errors.append({"field": "response_id", "message": "应为客户端生成的 UUID，如 3f2b…（重复提交时保持不变）"})
    version = current_version if body.get("version") is None else body["version"]
    questions = questions_of(version) if type(version) is int else None
    if questions is None:
        errors.append({"field": "version", "message": "问卷没有这个版本，请刷新后重新填写"})
    answers = body.get("answers")
    normalised: dict[str, AnswerValue] = {}
    if not isinstance(answers, dict):
        errors.append({"field": "answers", "message": "应为对象：题号 → 答案"})
    elif questions is not None:
        normalised, answer_errors = check_answers(questions, answers)
        errors.extend(answer_errors)
    if errors:
        raise ValidationFailed(errors)
    return str(response_id).lower(), int(version), normalised


def check_answers(
    questions: list[QuestionRecord], answers: dict[str, Any]
) -> tuple[dict[str, AnswerValue], list[dict[str, str]]]:
    """The normalised answers and the faults, each as {field, message}."""
    if len(answers) > MAX_QUESTIONS:
        return {}, [{"field": "answers", "message": f"答案不能超过{MAX_QUESTIONS}项"}]
    known = {question["id"] for question in questions}
    errors = [{"field": _field(f"answers.{key}"), "message": "问卷中没有这道题"} for key in answers if key not in known]
    normalised: dict[str, AnswerValue] = {}
    for question in questions:
        value = answers.get(question["id"])
        if _blank(value):
            if question["required"]:
                errors.append({"field": f"answers.{question['id']}", "message": "此题必答"})
            continue
        answer, refusal = CHECKS[question["type"]](question, value)
        if refusal:
            errors.append({"field": f"answers.{question['id']}", "message": refusal})
        else:
            normalised[question["id"]] = answer
    return normalised, errors


def _field(name: str) -> str:
    name = writable(name)
    return name if len(name) <= 80 else name[:80] + "…"


def _blank(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _single_choice(question: QuestionRecord, value: Any) -> Checked:
    codes = [option["value"] for option in question["options"]]
    if not isinstance(value, str) or value not in codes:
        return None, "请从选项中选择一项"
    return value, None


def _multiple_choice(question: QuestionRecord, value: Any) -> Checked:
    codes = [option["value"] for option in question["options"]]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None, "应为所选选项代码的列表"
    strangers = [v for v in value if v not in codes]
    if strangers:
        return None, f"「{writable(strangers[0][:40])}」不是此题的选项"
    if len(set(value)) != len(value):
        return None, "同一选项不能重复选择"
    least, most = question["min_selections"], question["max_selections"]
    if len(value) < least:
        return None, f"至少选择{least}项"
    if len(value) > most:
        return None, f"最多选择{most}项"
    return [code for code in codes if code in value], None


def _text(question: QuestionRecord, value: Any) -> Checked:
    if not isinstance(value, str):
        return None, "应填写文字"
    text = value.strip()
    # The raw answer first: strip() would drop the control characters that Python counts as white space.
    refusal = unwritable(value) or unwritable(text, multiline=question["max_length"] > ONE_LINE_TEXT)
    if refusal:
        return None, refusal
    if len(text) > question["max_length"]:
        return None, f"不能超过{question['max_length']}个字"
    return text, None


def _number(question: QuestionRecord, value: Any) -> Checked:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None, "应填写数字"
    number = Decimal(value)
    if not number.is_finite() or abs(number) > MAX_NUMBER:
        return None, "数字过大"
    whole = number == number.to_integral_value()
    if question["integer"] and not whole:
        return None, "应填写整数"
    if not whole and number.as_tuple().exponent < -NUMBER_PLACES:  # type: ignore[operator]
        return None, f"最多保留{NUMBER_PLACES}位小数"
    least, most = question.get("min"), question.get("max")
    if least is not None and number < least:
        return None, f"不能小于{least}"
    if most is not None and number > most:
        return None, f"不能大于{most}"
    return (int(number) if whole else number), None


def _rating(question: QuestionRecord, value: Any) -> Checked:
    if type(value) is not int or value not in RATING_SCALE:
        return None, f"请选择{RATING_SCALE[0]}到{RATING_SCALE[-1]}分"
    return value, None


def _yes_no(question: QuestionRecord, value: Any) -> Checked:
    if not isinstance(value, bool):
        return None, "请选择是或否（true/false）"
    return value, None


def _date(question: QuestionRecord, value: Any) -> Checked:
    try:
        day = parse_day(value)
    except ValueError as error:
        return None, str(error)
    earliest, latest = question.get("min_date"), question.get("max_date")
    if earliest and day < date.fromisoformat(earliest):
        return None, f"不能早于{date_label(date.fromisoformat(earliest))}"
    if latest and day > date.fromisoformat(latest):
        return None, f"不能晚于{date_label(date.fromisoformat(latest))}"
    return day.isoformat(), None


CHECKS: dict[str, Callable[[QuestionRecord, Any], Checked]] = {
    "single_choice": _single_choice,
    "multiple_choice": _multiple_choice,
    "text": _text,
    "number": _number,
    "rating": _rating,
    "yes_no": _yes_no,
    "date": _date,
}
