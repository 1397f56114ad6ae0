"""The survey walk-through of the README, over HTTP, against the real local stack."""

from __future__ import annotations

import io
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import Stack
from tests.helpers.surveys import SURVEY, valid_answers

pytestmark = pytest.mark.e2e


def _fetch(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.read(), answer.headers.get("Content-Disposition", "")


def test_a_survey_from_definition_to_downloaded_results(stack: Stack) -> None:
    status, survey = stack.call("POST", "/surveys", {**SURVEY, "title": f"法律需求调查-{uuid.uuid4().hex[:6]}"})
    assert status == 201, survey
    survey_id = survey["survey_id"]
    status, opened = stack.call("POST", f"/surveys/{survey_id}/open")
    assert status == 200 and opened["link"].startswith(stack.base + "/s/")
    png, _ = _fetch(opened["qr"]["png_url"])
    assert png.startswith(b"\x89PNG")
    public = opened["link"].removeprefix(stack.base)

    status, definition = stack.call("GET", public, token=None)
    assert status == 200 and [q["id"] for q in definition["questions"]] == [q["id"] for q in SURVEY["questions"]]
    assert "survey_id" not in definition and "responses" not in definition

    body = {"response_id": str(uuid.uuid4()), "answers": valid_answers()}
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(lambda _: stack.call("POST", f"{public}/responses", body, token=None)[0], range(12)))
    assert statuses.count(201) == 1 and set(statuses) == {200, 201}
    other = {"response_id": str(uuid.uuid4()), "answers": valid_answers(need="marriage", satisfaction=3)}
    assert stack.call("POST", f"{public}/responses", other, token=None)[0] == 201
    refused = stack.call("POST", f"{public}/responses", {**body, "answers": valid_answers(age=200)}, token=None)
    assert refused[0] == 400 and refused[1]["errors"] == [{"field": "answers.age", "message": "不能大于65"}]
    assert stack.call("GET", f"/surveys/{survey_id}/results", token=None)[0] == 401

    status, results = stack.call("GET", f"/surveys/{survey_id}/results")
    assert status == 200 and results["responses"] == 2
    satisfaction = next(q for q in results["questions"] if q["question_id"] == "satisfaction")
    assert satisfaction["mean"] == 4  # (5 + 3) / 2

    status, link = stack.call("GET", f"/surveys/{survey_id}/results.xlsx")
    assert status == 200
    data, disposition = _fetch(link["url"])
    book = load_workbook(io.BytesIO(data))
    assert book["原始答卷"].max_row == 3
    assert disposition.startswith("attachment;") and "filename*=UTF-8''" in disposition, disposition
    csv_data, _ = _fetch(stack.call("GET", f"/surveys/{survey_id}/responses.csv")[1]["url"])
    assert csv_data.startswith(b"\xef\xbb\xbf")

    assert stack.call("POST", f"/surveys/{survey_id}/close")[1]["state"] == "closed"
    late = stack.call(
        "POST", f"{public}/responses", {"response_id": str(uuid.uuid4()), "answers": valid_answers()}, token=None
    )
    assert late[0] == 409 and late[1]["code"] == "409.6"


def test_a_limited_survey_over_http_takes_its_answers_refuses_the_next_and_downloads_them(stack: Stack) -> None:
    story = {"id": "story", "type": "text", "label": "请讲讲您遇到的法律问题", "max_length": 500}
    definition = {**SURVEY, "questions": [*SURVEY["questions"], story], "max_responses": 2}
    status, survey = stack.call("POST", "/surveys", {**definition, "title": f"限额调查-{uuid.uuid4().hex[:6]}"})
    assert status == 201 and survey["max_responses"] == 2, survey
    survey_id = survey["survey_id"]
    public = stack.call("POST", f"/surveys/{survey_id}/open")[1]["link"].removeprefix(stack.base)

    def answer(**changes: Any) -> tuple[int, Any]:
        body = {"response_id": str(uuid.uuid4()), "answers": valid_answers(**changes)}
        return stack.call("POST", f"{public}/responses", body, token=None)

    told = "退伍后\n工资被拖欠\t三个月"
    assert answer(story=told)[0] == 201
    status, refused = answer(story="拖欠\u0007工资")
    assert status == 400
    assert refused["errors"] == [
        {"field": "answers.story", "message": "含有不可见的控制字符（U+0007），请删除后重新填写"}
    ]
    assert answer(satisfaction=3)[0] == 201
    status, full = answer()
    assert (status, full["code"], full["message"]) == (409, "409.6", "问卷已收满2份答卷，不再接受填写，感谢您的关注")
    status, shown = stack.call("GET", f"/surveys/{survey_id}")
    assert (shown["responses"], shown["accepting_responses"]) == (2, False)
    assert stack.call("GET", public, token=None)[1]["accepting_responses"] is False

    data, _ = _fetch(stack.call("GET", f"/surveys/{survey_id}/results.xlsx")[1]["url"])
    rows = list(load_workbook(io.BytesIO(data))["原始答卷"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2 and any(told in row for row in rows)
