"""Surveys through the HTTP API: definitions, opening and closing, versions, anonymous responses."""

from __future__ import annotations

import copy
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from chalicelib.context import Context
from tests.conftest import Api, SettableClock, report_body
from tests.helpers.races import serialized
from tests.helpers.surveys import (
    QUESTIONS,
    SURVEY,
    create_survey,
    open_survey,
    respond,
    valid_answers,
)

# --- defining a survey ----------------------------------------------------------------


def test_a_draft_is_created_with_its_questions_and_defaults(api: Api) -> None:
    survey = create_survey(api)
    assert survey["state"] == "draft" and survey["accepting_responses"] is False
    assert survey["version"] == 1 and survey["link"] is None and survey["unit_id"] is None
    questions = {q["id"]: q for q in survey["questions"]}
    assert list(questions) == [q["id"] for q in QUESTIONS]
    assert questions["topics"]["min_selections"] == 1 and questions["topics"]["max_selections"] == 2
    assert questions["advice"]["max_length"] == 20 and questions["advice"]["required"] is False
    assert questions["age"]["integer"] is True and questions["age"]["unit"] == "岁"
    assert "options" not in questions["age"] and "max_length" not in questions["need"]
    assert api.get(f"/surveys/{survey['survey_id']}").json == survey


def test_a_text_question_without_a_limit_gets_500_and_choice_defaults_follow_the_options(api: Api) -> None:
    survey = create_survey(
        api,
        questions=[
            {"id": "t", "type": "text", "label": "意见"},
            {"id": "m", "type": "multiple_choice", "label": "多选", "options": QUESTIONS[0]["options"]},
        ],
    )
    text, multiple = survey["questions"]
    assert text["max_length"] == 500
    assert (multiple["min_selections"], multiple["max_selections"]) == (1, 3)


def test_every_fault_in_a_definition_is_named(api: Api) -> None:
    bad = {
        "title": "",
        "opens_at": "2026-08-21T09:00",
        "closes_at": "2026-08-20T18:00",
        "questions": [
            {"id": "q1", "type": "essay", "label": "题目"},
            {"id": "q2", "type": "single_choice", "label": "只有一个选项", "options": [{"value": "a", "label": "甲"}]},
            {"id": "q3", "type": "text", "label": "填空", "options": [{"value": "a", "label": "甲"}]},
            {
                "id": "q4",
                "type": "multiple_choice",
                "label": "多选",
                "options": [{"value": "a", "label": "甲"}, {"value": "a", "label": "乙"}],
            },
            {"id": "q5", "type": "number", "label": "数字", "min": 10, "max": 1},
            {
                "id": "q6",
                "type": "multiple_choice",
                "label": "多选",
                "options": [{"value": "a", "label": "甲"}, {"value": "b", "label": "乙"}],
                "max_selections": 3,
            },
            {"id": "q7", "type": "date", "label": "日期", "min_date": "2026-08-02", "max_date": "2026-08-01"},
            {"id": "bad id!", "type": "yes_no", "label": ""},
            {"id": "q9", "type": "rating", "label": "评分", "max_length": 10, "required": "yes"},
        ],
    }
    answer = api.post("/surveys", bad)
    assert answer.status == 400
    fields = answer.error_fields()
    assert fields == {
        "title": "必填项，请填写",
        "closes_at": "截止时间应晚于开始时间",
        "questions.0.type": fields["questions.0.type"],
        "questions.1.options": "选择题至少需要2个选项",
        "questions.2.options": "填空题不使用此设置，请删除",
        "questions.3.options": "选项代码重复：a",
        "questions.4.max": "最大值不能小于最小值",
        "questions.5.max_selections": "最多选择项数不能超过选项数",
        "questions.6.max_date": "最晚日期不能早于最早日期",
        "questions.7.id": "格式不正确",
        "questions.7.label": "必填项，请填写",
        "questions.8.required": "应填写是或否（true/false）",
        "questions.8.max_length": "评分题（1–5分）不使用此设置，请删除",
    }
    assert "single_choice" in fields["questions.0.type"]
    assert api.get("/surveys").json["items"] == []


def test_repeated_question_ids_and_the_bounds_are_refused(api: Api) -> None:
    twice = api.post("/surveys", {**SURVEY, "questions": [QUESTIONS[2], QUESTIONS[2]]})
    assert twice.error_fields() == {"questions": "题号重复：advice"}
    many = [{"id": f"q{i}", "type": "yes_no", "label": "是否"} for i in range(101)]
    assert api.post("/surveys", {**SURVEY, "questions": many}).error_fields() == {"questions": "最多100项"}
    options = [{"value": f"o{i}", "label": "选项"} for i in range(51)]
    wide = {"id": "w", "type": "single_choice", "label": "很多选项", "options": options}
    assert api.post("/surveys", {**SURVEY, "questions": [wide]}).error_fields() == {"questions.0.options": "最多50项"}
    long_text = {"id": "t", "type": "text", "label": "作文", "max_length": 2001}
    assert api.post("/surveys", {**SURVEY, "questions": [long_text]}).error_fields() == {
        "questions.0.max_length": "不能大于2000"
    }
    assert api.post("/surveys", raw=b'{"title":"' + b"x" * 70_000 + b'"}').status == 413


def test_times_are_beijing_time_and_malformed_ones_are_named(api: Api) -> None:
    survey = create_survey(api, opens_at="2026-08-21T09:00", closes_at="2026-08-30T10:00:00Z")
    assert survey["opens_at"] == "2026-08-21T09:00:00+08:00"
    assert survey["closes_at"] == "2026-08-30T18:00:00+08:00"
    assert survey["state"] == "draft"
    answer = api.post("/surveys", {**SURVEY, "opens_at": "明天", "closes_at": 5})
    assert answer.error_fields() == {
        "opens_at": "时间应写成年-月-日T时:分，如 2026-08-20T18:00",
        "closes_at": "时间应写成年-月-日T时:分，如 2026-08-20T18:00",
    }


def test_a_survey_can_belong_to_the_lecture_report(api: Api) -> None:
    api.unit("sifaju")
    reporter = api.reporter("sifaju")
    report = api.post("/reports", report_body("legal_lecture"), token=reporter).json
    survey = create_survey(api, token=reporter, report_id=report["report_id"])
    assert survey["report_id"] == report["report_id"] and survey["unit_id"] == "sifaju"
    api.unit("jiaoyuju")
    other = api.reporter("jiaoyuju")
    refused = api.post("/surveys", {**SURVEY, "report_id": report["report_id"]}, token=other)
    assert refused.error_fields() == {"report_id": "未找到本单位的该活动报告"}


def test_a_draft_is_edited_in_place(api: Api) -> None:
    survey = create_survey(api)
    edited = api.put(f"/surveys/{survey['survey_id']}", {**SURVEY, "title": "改过的标题", "questions": QUESTIONS[:2]})
    assert edited.status == 200, edited.body
    assert edited.json["version"] == 1 and edited.json["title"] == "改过的标题"
    assert [q["id"] for q in edited.json["questions"]] == ["need", "topics"]
    assert api.get(f"/surveys/{survey['survey_id']}/versions").json["items"] == []


# --- opening, the public link and its QR code ------------------------------------------


def test_opening_gives_an_unguessable_link_and_its_qr_code(api: Api, ctx: Context) -> None:
    opened, public = open_survey(api)
    assert opened["state"] == "open" and opened["accepting_responses"] is True
    token = public.rsplit("/", 1)[1]
    assert opened["link"] == f"https://sy.example.cn/s/{token}" and len(token) == 32
    qr = opened["qr"]
    assert qr["link"] == opened["link"]
    assert qr["svg"].startswith("<svg") and "扫码填写问卷" in qr["svg"]
    assert qr["png_data_uri"].startswith("data:image/png;base64,iVBOR")
    png = ctx.bucket.client.get_object(
        Bucket=ctx.config.bucket_name, Key=f"surveys/county/{opened['survey_id']}/qr.png"
    )
    assert png["Body"].read().startswith(b"\x89PNG") and png["ContentType"] == "image/png"
    assert "response-content-disposition=attachment" in qr["png_url"]
    assert api.get(f"/surveys/{opened['survey_id']}/qr").json["link"] == opened["link"]
    again = api.post(f"/surveys/{opened['survey_id']}/open").json
    assert again["link"] == opened["link"] and again["revision"] == opened["revision"]


def test_a_survey_without_questions_cannot_be_opened_and_a_draft_has_no_qr(api: Api) -> None:
    survey = create_survey(api, questions=[])
    answer = api.post(f"/surveys/{survey['survey_id']}/open")
    assert answer.status == 400 and answer.error_fields() == {"questions": "问卷至少需要一道题才能发布"}
    assert api.get(f"/surveys/{survey['survey_id']}/qr").json["code"] == "409.5"
    assert api.post(f"/surveys/{survey['survey_id']}/close").json["code"] == "409.5"


def test_the_public_definition_holds_nothing_internal(api: Api) -> None:
    opened, public = open_survey(api)
    definition = api.get(public, token=None)
    assert definition.status == 200
    assert set(definition.json) == {
        "title",
        "introduction",
        "version",
        "questions",
        "opens_at",
        "closes_at",
        "state",
        "accepting_responses",
        "notice",
    }
    assert definition.json["questions"] == opened["questions"]
    assert definition.json["accepting_responses"] is True and definition.json["notice"] is None


# --- answering ------------------------------------------------------------------------


def test_a_valid_response_is_stored_once_however_often_it_is_retried(api: Api) -> None:
    opened, public = open_survey(api)
    body = {"response_id": str(uuid.uuid4()), "answers": valid_answers()}
    first = api.post(f"{public}/responses", body, token=None)
    assert first.status == 201, first.body
    assert first.json["message"] == "提交成功，感谢您的参与！" and first.json["version"] == 1
    again = api.post(f"{public}/responses", body, token=None)
    assert again.status == 200 and again.json == first.json
    reordered = {**body, "answers": valid_answers(topics=["civil_code", "fraud"], advice="  希望多讲案例 ")}
    assert api.post(f"{public}/responses", reordered, token=None).status == 200
    assert api.get(f"/surveys/{opened['survey_id']}").json["responses"] == 1


def test_the_same_response_id_with_other_answers_is_a_conflict(api: Api) -> None:
    opened, public = open_survey(api)
    body = {"response_id": str(uuid.uuid4()), "answers": valid_answers()}
    api.post(f"{public}/responses", body, token=None)
    changed = api.post(f"{public}/responses", {**body, "answers": valid_answers(satisfaction=1)}, token=None)
    assert changed.status == 409 and changed.json["code"] == "409.1"
    results = api.get(f"/surveys/{opened['survey_id']}/results").json
    assert results["responses"] == 1


def test_concurrent_duplicate_responses_are_stored_once(api: Api) -> None:
    opened, public = open_survey(api)
    body = {"response_id": str(uuid.uuid4()), "answers": valid_answers()}
    with serialized(), ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(lambda _: api.post(f"{public}/responses", body, token=None).status, range(12)))
    assert statuses.count(201) == 1 and set(statuses) == {200, 201}
    assert api.get(f"/surveys/{opened['survey_id']}/results").json["responses"] == 1


def test_optional_questions_may_be_left_blank_but_required_ones_not(api: Api) -> None:
    _, public = open_survey(api)
    blank = {"topics": [], "advice": "   ", "age": None, "consulted": None}
    assert respond(api, public, {"need": "labour", "satisfaction": 3, **blank}).status == 201
    missing = respond(api, public, {"need": "", "topics": ["fraud"]})
    assert missing.status == 400
    assert missing.error_fields() == {"answers.need": "此题必答", "answers.satisfaction": "此题必答"}


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        ("need", "lawsuit", "请从选项中选择一项"),
        ("need", ["labour"], "请从选项中选择一项"),
        ("need", 1, "请从选项中选择一项"),
        ("topics", "fraud", "应为所选选项代码的列表"),
        ("topics", ["fraud", 2], "应为所选选项代码的列表"),
        ("topics", ["fraud", "tax"], "「tax」不是此题的选项"),
        ("topics", ["fraud", "fraud"], "同一选项不能重复选择"),
        ("topics", ["fraud", "family", "civil_code"], "最多选择2项"),
        ("advice", "这一条建议写得实在太长了超过了二十个字的限制", "不能超过20个字"),
        ("advice", 42, "应填写文字"),
        ("age", "23", "应填写数字"),
        ("age", True, "应填写数字"),
        ("age", 15, "不能小于16"),
        ("age", 66, "不能大于65"),
        ("age", 23.5, "应填写整数"),
        ("satisfaction", 0, "请选择1到5分"),
        ("satisfaction", 6, "请选择1到5分"),
        ("satisfaction", 4.5, "请选择1到5分"),
        ("satisfaction", "5", "请选择1到5分"),
        ("satisfaction", True, "请选择1到5分"),
        ("consulted", "是", "请选择是或否（true/false）"),
        ("consulted", 1, "请选择是或否（true/false）"),
        ("enlisted", "2021/09/10", "日期应写成年-月-日，如 2026-08-01"),
        ("enlisted", "2021-02-30", "日期不存在，请核对月和日"),
        ("enlisted", "1999-12-31", "不能早于2000年1月1日"),
        ("enlisted", "2026-08-21", "不能晚于2026年8月20日"),
    ],
)
def test_each_kind_of_invalid_answer_is_named_and_nothing_is_stored(
    api: Api, question: str, value: Any, message: str
) -> None:
    opened, public = open_survey(api)
    answer = respond(api, public, valid_answers(**{question: value}))
    assert answer.status == 400, answer.body
    assert answer.json["code"] == "400.2"
    assert answer.error_fields() == {f"answers.{question}": message}
    assert api.get(f"/surveys/{opened['survey_id']}").json["responses"] == 0


def test_a_number_question_without_integer_takes_decimals_and_a_multiple_choice_its_minimum(api: Api) -> None:
    questions = [
        {"id": "hours", "type": "number", "label": "每周学习时长", "min": 0},
        {
            "id": "m",
            "type": "multiple_choice",
            "label": "多选",
            "options": QUESTIONS[1]["options"],
            "min_selections": 2,
        },
    ]
    _opened, public = open_survey(api, questions=questions)
    assert respond(api, public, {"hours": 2.5, "m": ["fraud", "family"]}).status == 201
    refused = respond(api, public, {"hours": 1.1234567, "m": ["fraud"]})
    assert refused.error_fields() == {"answers.hours": "最多保留6位小数", "answers.m": "至少选择2项"}
    assert respond(api, public, {"hours": -1}).error_fields() == {"answers.hours": "不能小于0"}


def test_every_failing_part_of_a_response_is_named_at_once(api: Api) -> None:
    opened, public = open_survey(api)
    body = {
        "response_id": "not-a-uuid",
        "ip": "1.2.3.4",
        "answers": {"need": "nope", "satisfaction": 9, "ghost": 1, "age": 100},
    }
    answer = api.post(f"{public}/responses", body, token=None)
    assert answer.status == 400
    assert set(answer.error_fields()) == {
        "response_id",
        "ip",
        "answers.ghost",
        "answers.need",
        "answers.satisfaction",
        "answers.age",
    }
    assert answer.error_fields()["answers.ghost"] == "问卷中没有这道题"
    assert api.post(
        f"{public}/responses", {"response_id": str(uuid.uuid4()), "answers": [1]}, token=None
    ).error_fields() == {"answers": "应为对象：题号 → 答案"}
    too_many = {f"q{i}": 1 for i in range(101)}
    assert respond(api, public, too_many).error_fields() == {"answers": "答案不能超过100项"}
    assert api.get(f"/surveys/{opened['survey_id']}").json["responses"] == 0


def test_the_answers_body_is_bounded(api: Api) -> None:
    _, public = open_survey(api)
    huge = respond(api, public, valid_answers(advice="长" * 70_000))
    assert huge.status == 413 and huge.json["code"] == "413.1"


# --- when a survey takes answers ------------------------------------------------------------


def test_a_scheduled_survey_refuses_answers_until_it_opens(api: Api, clock: SettableClock) -> None:
    opened, public = open_survey(api, opens_at="2026-08-21T09:00", closes_at="2026-08-31T18:00")
    assert opened["state"] == "scheduled"
    definition = api.get(public, token=None).json
    assert definition["accepting_responses"] is False
    assert definition["notice"] == "问卷尚未开始，将于2026年8月21日 09:00开放填写"
    early = respond(api, public, valid_answers())
    assert early.status == 409 and early.json["code"] == "409.6"
    assert early.json["message"] == "问卷尚未开始，将于2026年8月21日 09:00开放填写"
    assert early.json["state"] == "scheduled"
    clock.set("2026-08-21T09:00")
    assert respond(api, public, valid_answers()).status == 201


def test_after_its_closing_time_a_survey_refuses_answers(api: Api, clock: SettableClock) -> None:
    opened, public = open_survey(api, closes_at="2026-08-20T18:00")
    body = {"response_id": str(uuid.uuid4()), "answers": valid_answers()}
    assert api.post(f"{public}/responses", body, token=None).status == 201
    clock.set("2026-08-20T18:00")
    late = respond(api, public, valid_answers())
    assert late.status == 409 and late.json["message"] == "问卷已于2026年8月20日 18:00结束，感谢您的关注"
    # a retry of an answer that arrived in time is still answered as stored
    assert api.post(f"{public}/responses", body, token=None).status == 200
    assert api.get(f"/surveys/{opened['survey_id']}").json["state"] == "closed"


def test_a_closed_survey_refuses_answers_and_can_be_opened_again(api: Api, clock: SettableClock) -> None:
    opened, public = open_survey(api)
    closed = api.post(f"/surveys/{opened['survey_id']}/close")
    assert closed.status == 200 and closed.json["state"] == "closed"
    assert closed.json["closed_at"] == "2026-08-20T10:00:00+08:00"
    refused = respond(api, public, valid_answers())
    assert refused.status == 409 and refused.json["message"] == "问卷已于2026年8月20日 10:00结束，感谢您的关注"
    assert api.get(public, token=None).json["state"] == "closed"
    assert api.post(f"/surveys/{opened['survey_id']}/close").status == 200  # closing twice changes nothing
    reopened = api.post(f"/surveys/{opened['survey_id']}/open").json
    assert reopened["link"] == opened["link"] and reopened["closed_at"] is None
    assert respond(api, public, valid_answers()).status == 201


def test_a_survey_past_its_closing_time_cannot_be_reopened_until_the_time_moves(api: Api, clock: SettableClock) -> None:
    opened, _ = open_survey(api, closes_at="2026-08-20T18:00")
    survey_id = opened["survey_id"]
    clock.set("2026-08-21T08:00")
    closed = api.post(f"/surveys/{survey_id}/close").json
    assert closed["closed_at"] == "2026-08-20T18:00:00+08:00"
    again = api.post(f"/surveys/{survey_id}/open")
    assert again.status == 409 and again.json["message"] == "截止时间已过，请先修改截止时间再发布"
    definition = {k: v for k, v in SURVEY.items()} | {"closes_at": "2026-08-25T18:00"}
    assert api.put(f"/surveys/{survey_id}", definition).status == 200
    assert api.post(f"/surveys/{survey_id}/open").json["state"] == "open"


# --- versions -----------------------------------------------------------------------------


def test_opened_questions_are_frozen_and_changes_make_a_new_version(api: Api) -> None:
    opened, public = open_survey(api)
    survey_id = opened["survey_id"]
    old = {"response_id": str(uuid.uuid4()), "answers": valid_answers()}
    assert api.post(f"{public}/responses", old, token=None).status == 201
    questions = copy.deepcopy(QUESTIONS)
    questions[0]["options"].append({"value": "inheritance", "label": "继承纠纷"})
    questions = [q for q in questions if q["id"] != "advice"]
    edited = api.put(f"/surveys/{survey_id}", {**SURVEY, "questions": questions})
    assert edited.json["version"] == 2
    versions = api.get(f"/surveys/{survey_id}/versions").json["items"]
    assert [v["version"] for v in versions] == [1, 2]
    assert "advice" in [q["id"] for q in versions[0]["questions"]]
    assert len(versions[0]["questions"][0]["options"]) == 3
    assert api.get(public, token=None).json["version"] == 2
    # the new version refuses the removed question; the old one still takes it
    assert respond(api, public, valid_answers()).error_fields() == {"answers.advice": "问卷中没有这道题"}
    assert respond(api, public, valid_answers(need="inheritance", advice=None)).status == 201
    assert respond(api, public, valid_answers(), version=1).status == 201
    assert respond(api, public, valid_answers(), version=7).error_fields() == {
        "version": "问卷没有这个版本，请刷新后重新填写"
    }
    # the first answer keeps its version: a retry is still the same response
    assert api.post(f"{public}/responses", old, token=None).json["version"] == 1


def test_unchanged_questions_or_a_new_title_make_no_new_version(api: Api) -> None:
    opened, _ = open_survey(api)
    same = api.put(f"/surveys/{opened['survey_id']}", {**SURVEY, "title": "新标题", "closes_at": "2026-09-01T18:00"})
    assert same.json["version"] == 1 and same.json["title"] == "新标题"
    assert len(api.get(f"/surveys/{opened['survey_id']}/versions").json["items"]) == 1


def test_an_opened_survey_keeps_at_least_one_question(api: Api) -> None:
    opened, _ = open_survey(api)
    emptied = api.put(f"/surveys/{opened['survey_id']}", {**SURVEY, "questions": []})
    assert emptied.error_fields() == {"questions": "已发布的问卷至少需要一道题"}


def test_concurrent_edits_cannot_both_make_the_same_version(api: Api, ctx: Context) -> None:
    from chalicelib.audit import service as audit
    from chalicelib.core.auth import Principal, Role
    from chalicelib.db.errors import ConditionFailed
    from chalicelib.surveys import service as surveys

    opened, _ = open_survey(api)
    admin = Principal(Role.ADMIN, "admin")
    stale = surveys.load(ctx, admin, opened["survey_id"])
    api.put(f"/surveys/{opened['survey_id']}", {**SURVEY, "questions": QUESTIONS[:3]})
    changed = {**stale, "questions": QUESTIONS[:2], "version": 2, "revision": stale["revision"] + 1}
    with pytest.raises(ConditionFailed):
        recorded = audit.step(ctx, admin, "survey.updated", surveys.record(opened["survey_id"]), "2026-08-20T10:00")
        frozen = {"version": 2, "questions": [], "created_at": ""}
        ctx.store.surveys.save(changed, stale["revision"], frozen_version=frozen, audit=recorded)
    assert [len(v["questions"]) for v in ctx.store.surveys.versions(opened["survey_id"])] == [7, 3]


# --- who sees what ---------------------------------------------------------------------------


def test_a_reporter_manages_its_own_units_surveys_only(api: Api) -> None:
    api.unit("sifaju")
    api.unit("jiaoyuju")
    mine, theirs = api.reporter("sifaju"), api.reporter("jiaoyuju")
    survey = create_survey(api, token=mine)
    assert survey["unit_id"] == "sifaju"
    county = create_survey(api, title="全县军属满意度调查")
    assert api.post("/surveys", {**SURVEY, "unit_id": "jiaoyuju"}, token=mine).status == 403
    path = f"/surveys/{survey['survey_id']}"
    for target in (path, f"/surveys/{county['survey_id']}"):
        attempts = [
            api.get(target, token=theirs),
            api.put(target, SURVEY, token=theirs),
            api.post(f"{target}/open", token=theirs),
            api.post(f"{target}/close", token=theirs),
            api.get(f"{target}/results", token=theirs),
            api.get(f"{target}/results.xlsx", token=theirs),
            api.get(f"{target}/versions", token=theirs),
            api.get(f"{target}/qr", token=theirs),
        ]
        assert {a.status for a in attempts} == {404}
    assert api.post(f"{path}/open", token=mine).status == 200
    assert [s["survey_id"] for s in api.get("/surveys", token=mine).json["items"]] == [survey["survey_id"]]
    assert api.get("/surveys", token=theirs).json["items"] == []
    assert api.get("/surveys?unit_id=sifaju", token=theirs).status == 404
    assert {s["survey_id"] for s in api.get("/surveys").json["items"]} == {survey["survey_id"], county["survey_id"]}
    assert api.post("/surveys", {**SURVEY, "unit_id": "nobody"}).error_fields() == {"unit_id": "未找到该单位"}


def test_the_list_shows_states_and_counts_without_the_questions(api: Api, clock: SettableClock) -> None:
    draft = create_survey(api, title="草稿")
    _opened, public = open_survey(api, title="进行中")
    respond(api, public, valid_answers())
    listed = api.get("/surveys").json["items"]
    by_title = {s["title"]: s for s in listed}
    assert by_title["进行中"]["responses"] == 1 and by_title["进行中"]["question_count"] == 7
    assert by_title["草稿"]["state"] == "draft" and "questions" not in by_title["草稿"]
    assert [s["survey_id"] for s in api.get("/surveys?state=draft").json["items"]] == [draft["survey_id"]]
    assert api.get("/surveys?state=nonsense").status == 400


def test_a_public_link_reaches_nothing_but_its_own_survey(api: Api, ctx: Context) -> None:
    opened, public = open_survey(api)
    other, other_public = open_survey(api, title="另一份问卷")
    token = public.rsplit("/", 1)[1]
    respond(api, public, valid_answers())
    # the link's token is no credential for any signed-in route
    for path in ("/surveys", f"/surveys/{opened['survey_id']}", f"/surveys/{opened['survey_id']}/results", "/units"):
        assert api.get(path, token=token).status == 401
    assert api.get(f"/surveys/{opened['survey_id']}/results", token=None).status == 401
    # the public routes take no other paths
    for path in (f"{public}/results", f"{public}/responses", f"/s/{opened['survey_id']}", f"{public}/../surveys"):
        assert api.get(path, token=None).status in (403, 404, 405)
    # a wrong, shortened or lengthened token is 404, whatever the method
    for wrong in (
        "A" * 32,
        token[:-1],
        token + "x",
        "..%2Fsurveys",
        token.upper() if token.upper() != token else "B" * 32,
    ):
        assert api.get(f"/s/{wrong}", token=None).status == 404
        assert respond(api, f"/s/{wrong}", valid_answers()).status == 404
    # the definition and receipt tell nothing of other surveys, units or counts
    seen = api.get(public, token=None).body.decode() + respond(api, public, valid_answers()).body.decode()
    for secret in (other["title"], other_public, opened["survey_id"], '"responses":', "created_by", "unit_id"):
        assert secret not in seen


def test_responses_are_stored_without_who_sent_them(api: Api, ctx: Context) -> None:
    _opened, public = open_survey(api)
    token = public.rsplit("/", 1)[1]
    headers = {"User-Agent": "Mozilla/5.0 (iPhone) MicroMessenger/8.0", "X-Forwarded-For": "203.0.113.9"}
    body = {"response_id": str(uuid.uuid4()), "answers": valid_answers()}
    answer = api.post(f"{public}/responses", body, token=None, headers=headers)
    assert answer.status == 201
    items = ctx.store.table.resource.scan()["Items"]
    stored = [item for item in items if str(item["SK"]).startswith("RESPONSE#")]
    assert len(stored) == 1
    assert set(stored[0]) == {"PK", "SK", "response_id", "version", "answers", "submitted_at"}
    assert stored[0]["submitted_at"] == "2026-08-20T10:00:00+08:00"  # to the minute
    text = repr(stored)
    for trace in ("203.0.113.9", "Mozilla", "MicroMessenger", token, "127.0.0.1", "admin"):
        assert trace not in text


def test_surveys_that_ended_in_a_month_are_listed_for_the_summary(api: Api, ctx: Context, clock: SettableClock) -> None:
    from chalicelib.surveys.service import surveys_closed_in

    closed_now, public = open_survey(api, title="八月手动结束")
    respond(api, public, valid_answers())
    respond(api, public, valid_answers())
    api.post(f"/surveys/{closed_now['survey_id']}/close")
    timed, _ = open_survey(api, title="八月底截止", closes_at="2026-08-31T18:00")
    open_survey(api, title="九月截止", closes_at="2026-09-10T18:00")
    create_survey(api, title="草稿不算", closes_at="2026-08-25T18:00")
    ended = surveys_closed_in(ctx, "2026-08")
    assert [(s["title"], s["responses"], s["closed_at"]) for s in ended] == [
        ("八月手动结束", 2, "2026-08-20T10:00:00+08:00")
    ]
    clock.set("2026-09-02T08:00")
    ended = surveys_closed_in(ctx, "2026-08")
    assert [s["title"] for s in ended] == ["八月手动结束", "八月底截止"]
    assert ended[1] == {
        "survey_id": timed["survey_id"],
        "title": "八月底截止",
        "unit_id": None,
        "closed_at": "2026-08-31T18:00:00+08:00",
        "responses": 0,
    }
    assert surveys_closed_in(ctx, "2026-07") == []
