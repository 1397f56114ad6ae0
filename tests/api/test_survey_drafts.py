"""Issue 27's surveys: a draft can be deleted (drafts only), any survey copied into a new draft, and options
repeated by code or by wording are refused naming them."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api, SettableClock
from tests.helpers.surveys import QUESTIONS, SURVEY, create_survey, open_survey, respond, valid_answers


def _audit(api: Api) -> list[tuple[str, str]]:
    return [(e["action"], e["record"]) for e in api.get("/audit?month=2026-08&limit=100").json["items"]]


def test_a_draft_is_deleted_with_its_entry_and_is_gone(api: Api) -> None:
    draft = create_survey(api, title="待删除的草稿")
    kept = create_survey(api, title="保留的草稿")
    path = f"/surveys/{draft['survey_id']}"
    answer = api.delete(path)
    assert (answer.status, answer.body) == (204, b"")
    assert api.get(path).status == 404
    assert [s["title"] for s in api.get("/surveys").json["items"]] == ["保留的草稿"]
    assert api.delete(path).status == 404  # deleted already: nothing more happens
    assert _audit(api)[0] == ("survey.deleted", f"survey:{draft['survey_id']}")
    assert api.get(f"/surveys/{kept['survey_id']}").status == 200


def test_an_opened_or_closed_survey_is_not_deleted(api: Api) -> None:
    opened, public = open_survey(api)
    assert respond(api, public, valid_answers()).status == 201
    before = _audit(api)
    path = f"/surveys/{opened['survey_id']}"
    refused = api.delete(path)
    assert (refused.status, refused.json["code"]) == (409, "409.5")
    assert refused.json["message"] == "只能删除草稿问卷；已发布的问卷不能删除，可以结束"
    assert api.post(f"{path}/close").status == 200
    assert api.delete(path).status == 409
    assert api.get(path).json["responses"] == 1
    assert len(_audit(api)) == len(before) + 1  # the close only: a refusal leaves no entry


def test_a_reporter_deletes_and_copies_its_own_unit_s_surveys_only(api: Api) -> None:
    api.unit("sifaju")
    api.unit("jiaoyuju")
    mine, theirs = api.reporter("sifaju"), api.reporter("jiaoyuju")
    survey = create_survey(api, token=mine)
    county = create_survey(api, title="全县军属满意度调查")
    for target in (survey, county):
        assert api.delete(f"/surveys/{target['survey_id']}", token=theirs).status == 404
        assert api.post(f"/surveys/{target['survey_id']}/copy", token=theirs).status == 404
    assert api.post(f"/surveys/{county['survey_id']}/copy", token=mine).status == 404
    copied = api.post(f"/surveys/{survey['survey_id']}/copy", token=mine)
    assert copied.status == 201 and copied.json["unit_id"] == "sifaju"
    assert api.delete(f"/surveys/{survey['survey_id']}", token=mine).status == 204
    assert [s["survey_id"] for s in api.get("/surveys", token=mine).json["items"]] == [copied.json["survey_id"]]


def test_a_closed_survey_is_copied_into_a_new_draft_without_times_or_answers(api: Api, clock: SettableClock) -> None:
    opened, public = open_survey(api, closes_at="2026-08-30T18:00", max_responses=300)
    assert respond(api, public, valid_answers()).status == 201
    fewer = {**SURVEY, "closes_at": "2026-08-30T18:00", "max_responses": 300, "questions": QUESTIONS[:2]}
    assert api.put(f"/surveys/{opened['survey_id']}", fewer).json["version"] == 2
    clock.set("2026-09-01T09:00:00")  # past its closing time: closed
    copied = api.post(f"/surveys/{opened['survey_id']}/copy")
    assert copied.status == 201, copied.body
    made: dict[str, Any] = copied.json
    assert copied.headers["Location"] == f"/surveys/{made['survey_id']}"
    assert made["survey_id"] != opened["survey_id"]
    assert made["title"] == "送法进军营法律需求调查问卷（副本）"
    assert made["introduction"] == "本问卷匿名填写，仅用于改进法律服务。"
    assert (made["state"], made["version"], made["responses"], made["link"]) == ("draft", 1, 0, None)
    assert (made["opens_at"], made["closes_at"], made["max_responses"]) == (None, None, 300)
    assert [q["id"] for q in made["questions"]] == ["need", "topics"]  # the current questions, version 2's
    assert api.get(f"/surveys/{opened['survey_id']}").json["responses"] == 1  # the source is untouched
    entries = api.get("/audit?month=2026-09").json["items"]
    assert [(e["action"], e["record"]) for e in entries] == [("survey.copied", f"survey:{made['survey_id']}")]
    assert api.post(f"/surveys/{made['survey_id']}/open").status == 200  # a copy opens like any draft


def test_a_long_title_keeps_its_copy_mark_within_100_characters(api: Api) -> None:
    survey = create_survey(api, title="问" * 100)
    copied = api.post(f"/surveys/{survey['survey_id']}/copy").json
    assert copied["title"] == "问" * 96 + "（副本）"


def test_options_repeated_by_code_or_wording_are_refused_naming_them(api: Api) -> None:
    twice = [{"value": "yes", "label": "是"}, {"value": "yes2", "label": "是"}, {"value": "no", "label": "否"}]
    both = [{"value": "a", "label": "甲"}, {"value": "a", "label": "甲"}, {"value": "b", "label": "乙"}]
    questions = [
        {"id": "q1", "type": "single_choice", "label": "是否参加", "options": twice},
        {"id": "q2", "type": "multiple_choice", "label": "多选", "options": both},
    ]
    answer = api.post("/surveys", {**SURVEY, "questions": questions})
    assert answer.status == 400
    assert answer.error_fields() == {
        "questions.0.options": "选项文字重复：是",
        "questions.1.options": "选项代码重复：a；选项文字重复：甲",
    }
    draft = create_survey(api)
    edited = api.put(f"/surveys/{draft['survey_id']}", {**SURVEY, "questions": questions[:1]})
    assert edited.error_fields() == {"questions.0.options": "选项文字重复：是"}
    assert api.get("/surveys").json["items"][0]["question_count"] == 7  # nothing stored
