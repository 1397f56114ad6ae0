"""A survey with one question of every type, and helpers to answer it through the API (and to answer it
from many threads at once)."""

from __future__ import annotations

import uuid
from typing import Any

from tests.conftest import Api

QUESTIONS: list[dict[str, Any]] = [
    {
        "id": "need",
        "type": "single_choice",
        "label": "您最需要哪类法律帮助？",
        "required": True,
        "options": [
            {"value": "marriage", "label": "婚姻家庭"},
            {"value": "labour", "label": "劳动争议"},
            {"value": "contract", "label": "合同纠纷"},
        ],
    },
    {
        "id": "topics",
        "type": "multiple_choice",
        "label": "希望下次讲座讲哪些内容？",
        "options": [
            {"value": "civil_code", "label": "民法典"},
            {"value": "fraud", "label": "防范电信诈骗"},
            {"value": "family", "label": "家事纠纷"},
            {"value": "veterans", "label": "退役安置政策"},
        ],
        "min_selections": 1,
        "max_selections": 2,
    },
    {"id": "advice", "type": "text", "label": "其他意见和建议", "max_length": 20},
    {"id": "age", "type": "number", "label": "您的年龄", "min": 16, "max": 65, "integer": True, "unit": "岁"},
    {
        "id": "satisfaction",
        "type": "rating",
        "label": "您对本次送法进军营活动的满意程度",
        "required": True,
        "low_label": "很不满意",
        "high_label": "非常满意",
    },
    {"id": "consulted", "type": "yes_no", "label": "您是否曾咨询过法律援助？"},
    {
        "id": "enlisted",
        "type": "date",
        "label": "入伍日期",
        "min_date": "2000-01-01",
        "max_date": "2026-08-20",
    },
]

SURVEY: dict[str, Any] = {
    "title": "送法进军营法律需求调查问卷",
    "introduction": "本问卷匿名填写，仅用于改进法律服务。",
    "questions": QUESTIONS,
}


def valid_answers(**changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "need": "labour",
        "topics": ["fraud", "civil_code"],
        "advice": "希望多讲案例",
        "age": 23,
        "satisfaction": 5,
        "consulted": False,
        "enlisted": "2021-09-10",
    }
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def create_survey(api: Api, token: str | None = None, **changes: Any) -> dict[str, Any]:
    kw = {} if token is None else {"token": token}
    answer = api.post("/surveys", {**SURVEY, **changes}, **kw)
    assert answer.status == 201, answer.body
    return answer.json  # type: ignore[no-any-return]


def open_survey(api: Api, **changes: Any) -> tuple[dict[str, Any], str]:
    """A new survey, opened; answers (the open answer, its public path /s/<token>)."""
    survey = create_survey(api, **changes)
    opened = api.post(f"/surveys/{survey['survey_id']}/open")
    assert opened.status == 200, opened.body
    return opened.json, "/s/" + opened.json["link"].rsplit("/", 1)[1]


def respond(api: Api, public: str, answers: dict[str, Any], **extra: Any) -> Any:
    body = {"response_id": str(uuid.uuid4()), "answers": answers, **extra}
    return api.post(f"{public}/responses", body, token=None)
