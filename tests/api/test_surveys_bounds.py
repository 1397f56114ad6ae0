"""How much a public link can take: a survey's limit of responses (max_responses), and answers whose text
holds characters no export could write."""

from __future__ import annotations

import io
import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from openpyxl import load_workbook

from chalicelib.context import Context
from tests.conftest import Api
from tests.helpers.races import serialized
from tests.helpers.surveys import (
    QUESTIONS,
    SURVEY,
    create_survey,
    open_survey,
    respond,
    valid_answers,
)

FULL = "问卷已收满{n}份答卷，不再接受填写，感谢您的关注"


def responses(api: Api, survey_id: str) -> int:
    return int(api.get(f"/surveys/{survey_id}").json["responses"])


# --- the limit as a setting --------------------------------------------------------------------


def test_a_limit_is_set_shown_and_edited_like_the_surveys_other_settings(api: Api) -> None:
    survey = create_survey(api, max_responses=300)
    survey_id = survey["survey_id"]
    assert survey["max_responses"] == 300
    assert api.get(f"/surveys/{survey_id}").json["max_responses"] == 300
    assert api.get("/surveys").json["items"][0]["max_responses"] == 300
    assert create_survey(api, title="不限")["max_responses"] is None

    opened = api.post(f"/surveys/{survey_id}/open").json
    changed = api.put(f"/surveys/{survey_id}", {**SURVEY, "max_responses": 500})
    assert changed.status == 200 and changed.json["max_responses"] == 500
    assert changed.json["version"] == opened["version"] == 1  # a setting, not a new version of the questions
    assert api.put(f"/surveys/{survey_id}", SURVEY).json["max_responses"] is None  # left out: no limit

    for value, message in [
        (0, "不能小于1"),
        (-5, "不能小于1"),
        (1_000_001, "不能大于1000000"),
        ("300", "应填写整数"),
        (2.5, "应填写整数"),
        (True, "应填写整数"),
    ]:
        refused = api.put(f"/surveys/{survey_id}", {**SURVEY, "max_responses": value})
        assert refused.status == 400, value
        assert refused.error_fields() == {"max_responses": message}, value


def test_the_openapi_document_describes_the_limit(api: Api) -> None:
    schemas = api.get("/openapi.json", token=None).json["components"]["schemas"]
    for form in ("SurveyForm", "NewSurveyForm"):
        (integer,) = (s for s in schemas[form]["properties"]["max_responses"]["anyOf"] if s["type"] == "integer")
        assert (integer["minimum"], integer["maximum"]) == (1, 1_000_000)
        assert schemas[form]["properties"]["max_responses"]["title"] == "答卷数上限"
    assert "max_responses" in schemas["Survey"]["properties"]
    assert "max_responses" in schemas["SurveySummary"]["properties"]


# --- the limit on the public link ----------------------------------------------------------------


def test_beyond_its_limit_a_survey_refuses_new_answers_and_stores_nothing(api: Api) -> None:
    opened, public = open_survey(api, max_responses=2)
    survey_id = opened["survey_id"]
    first = {"response_id": str(uuid.uuid4()), "answers": valid_answers()}
    assert api.post(f"{public}/responses", first, token=None).status == 201
    assert api.get(public, token=None).json["accepting_responses"] is True
    assert respond(api, public, valid_answers(satisfaction=3)).status == 201

    third = respond(api, public, valid_answers(satisfaction=1))
    assert third.status == 409
    assert third.json["code"] == "409.6"
    assert third.json["message"] == FULL.format(n=2)
    assert responses(api, survey_id) == 2
    results = api.get(f"/surveys/{survey_id}/results").json
    assert results["responses"] == 2
    satisfaction = next(q for q in results["questions"] if q["question_id"] == "satisfaction")
    assert satisfaction["mean"] == 4  # (5 + 3) / 2: the refused 1 is nowhere

    # A retry of an answer the survey took is still answered as stored.
    assert api.post(f"{public}/responses", first, token=None).status == 200
    # The phone learns it on opening the link; the county office sees it too.
    definition = api.get(public, token=None).json
    assert definition["accepting_responses"] is False
    assert definition["notice"] == FULL.format(n=2)
    assert definition["state"] == "open"
    shown = api.get(f"/surveys/{survey_id}").json
    assert (shown["state"], shown["accepting_responses"], shown["responses"]) == ("open", False, 2)

    # Raised, the survey takes answers again up to the new limit; lowered, it takes none.
    assert api.put(f"/surveys/{survey_id}", {**SURVEY, "max_responses": 3}).status == 200
    assert respond(api, public, valid_answers()).status == 201
    assert respond(api, public, valid_answers()).json["message"] == FULL.format(n=3)
    assert api.put(f"/surveys/{survey_id}", {**SURVEY, "max_responses": 1}).status == 200
    assert respond(api, public, valid_answers()).json["message"] == FULL.format(n=1)
    assert responses(api, survey_id) == 3
    # Without a limit, it takes answers again.
    assert api.put(f"/surveys/{survey_id}", SURVEY).status == 200
    assert respond(api, public, valid_answers()).status == 201
    assert responses(api, survey_id) == 4


def test_answers_sent_at_once_stop_at_the_limit(api: Api) -> None:
    opened, public = open_survey(api, max_responses=3)

    def answer(index: int) -> Any:
        return respond(api, public, valid_answers(satisfaction=index % 5 + 1))

    with serialized(), ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(answer, range(16)))
    statuses = sorted(a.status for a in answers)
    assert statuses == [201] * 3 + [409] * 13
    assert {a.json["code"] for a in answers if a.status == 409} == {"409.6"}
    assert responses(api, opened["survey_id"]) == 3
    assert api.get(f"/surveys/{opened['survey_id']}/results").json["responses"] == 3


def test_a_survey_opened_before_responses_were_counted_keeps_its_limit(api: Api, ctx: Context) -> None:
    opened, public = open_survey(api)
    survey_id = opened["survey_id"]
    for _ in range(2):
        assert respond(api, public, valid_answers()).status == 201
    # As a survey opened by an earlier release holds it: its responses, and no count of them.
    ctx.store.table.resource.delete_item(Key={"PK": f"O#county#SURVEY#{survey_id}", "SK": "COUNT#responses"})
    assert responses(api, survey_id) == 2
    assert api.put(f"/surveys/{survey_id}", {**SURVEY, "max_responses": 3}).status == 200
    assert respond(api, public, valid_answers()).status == 201
    refused = respond(api, public, valid_answers())
    assert (refused.status, refused.json["message"]) == (409, FULL.format(n=3))
    assert responses(api, survey_id) == 3
    assert api.get(f"/surveys/{survey_id}/results").json["responses"] == 3


# --- characters no export can write ---------------------------------------------------------------

LONG_TEXT = {"id": "story", "type": "text", "label": "请讲讲您遇到的法律问题", "max_length": 500}


def raw_answer(question: str, value: str) -> bytes:
    """A body of valid answers but one, written by hand as JSON text (to carry escapes such as a lone surrogate)."""
    others = json.dumps(valid_answers(**{question: None}), ensure_ascii=False)
    answers = f'{others[:-1]}, "{question}": {value}}}'
    return f'{{"response_id": "{uuid.uuid4()}", "answers": {answers}}}'.encode()


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        ("advice", '"希望\\u0007多讲案例"', "含有不可见的控制字符（U+0007），请删除后重新填写"),
        ("advice", '"希望多讲\\u0085案例"', "含有不可见的控制字符（U+0085），请删除后重新填写"),
        ("advice", '"案例\\u001f"', "含有不可见的控制字符（U+001F），请删除后重新填写"),
        ("advice", '"希望\\ufffe多讲"', "含有不能使用的特殊字符（U+FFFE），请删除后重新填写"),
        ("advice", '"希望\\ud800多讲"', "含有无法识别的字符（可能是复制粘贴时带入的乱码），请删除后重新填写"),
        ("advice", '"第一行\\n第二行"', "不能换行或含制表符，请写在一行内"),
        ("advice", '"甲\\t乙"', "不能换行或含制表符，请写在一行内"),
        ("story", '"先说\\u0000再说"', "含有不可见的控制字符（U+0000），请删除后重新填写"),
    ],
)
def test_a_text_answer_with_a_character_no_export_can_write_is_refused_naming_its_question(
    api: Api, question: str, value: str, message: str
) -> None:
    opened, public = open_survey(api, questions=[*QUESTIONS, LONG_TEXT])
    answer = api.post(f"{public}/responses", raw=raw_answer(question, value), token=None)
    assert answer.status == 400, answer.body
    assert answer.json["code"] == "400.2"
    assert answer.error_fields() == {f"answers.{question}": message}
    assert responses(api, opened["survey_id"]) == 0


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("\\ud800", "1"),
        ("need", '"\\udfff"'),
        ("topics", '["fraud", "\\ud83d"]'),
        ("enlisted", '"2021-09-1\\u0000"'),
    ],
)
def test_a_broken_question_id_or_choice_is_refused_not_a_5xx(api: Api, question: str, value: str) -> None:
    opened, public = open_survey(api)
    answer = api.post(f"{public}/responses", raw=raw_answer(question, value), token=None)
    assert answer.status == 400, answer.body
    assert answer.json["code"] == "400.2"
    ((field, message),) = answer.error_fields().items()
    assert field.startswith("answers") and "请删除后重新填写" in message
    assert responses(api, opened["survey_id"]) == 0


def test_a_long_text_answer_keeps_its_lines_and_a_stored_control_character_does_not_break_the_download(
    api: Api, ctx: Context
) -> None:
    opened, public = open_survey(api, questions=[*QUESTIONS, LONG_TEXT])
    survey_id = opened["survey_id"]
    story = "去年退伍后\n工资被拖欠三个月\t至今未付"
    assert respond(api, public, valid_answers(story=story, advice=None)).status == 201
    # A response stored before answers were checked for such characters.
    ctx.store.table.resource.put_item(
        Item={
            "PK": f"O#county#SURVEY#{survey_id}",
            "SK": f"RESPONSE#{uuid.uuid4()}",
            "response_id": str(uuid.uuid4()),
            "version": 1,
            "answers": {"need": "labour", "satisfaction": 4, "advice": "希望\x07多讲案例"},
            "submitted_at": "2026-08-20T09:00:00+08:00",
        }
    )
    figures = api.get(f"/surveys/{survey_id}/results").json["questions"]
    assert next(q for q in figures if q["question_id"] == "story")["answers"] == [story]

    link = api.get(f"/surveys/{survey_id}/results.xlsx")
    assert link.status == 200, link.body
    stored = ctx.bucket.client.get_object(
        Bucket=ctx.config.bucket_name, Key=f"surveys/county/{survey_id}/exports/results.xlsx"
    )
    sheet = load_workbook(io.BytesIO(stored["Body"].read()))["原始答卷"]
    cells = [str(value) for row in sheet.iter_rows(min_row=2, values_only=True) for value in row if value is not None]
    assert story in cells
    (advice,) = [cell for cell in cells if cell.startswith("希望")]
    assert advice.endswith("多讲案例") and "\x07" not in advice
