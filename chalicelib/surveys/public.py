"""What a survey's public link can do, and nothing more: read the definition, submit answers.

The link's token finds its survey by key (never a scan); an unknown or malformed
token is "not found". Nothing here reads results, other surveys or any other
record. Anonymous means anonymous: a stored response holds its client-made id,
the version it answered, the answers and the minute it arrived; no address,
user agent, token or account. A survey with `max_responses` refuses (409.6) every new answer
beyond it; a retry of an answer it took is still answered as stored.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, cast

from chalicelib.context import Context
from chalicelib.core.dates import local_now
from chalicelib.core.errors import NotAcceptingResponses, NotFound, SubmissionConflict
from chalicelib.db.errors import ConditionFailed
from chalicelib.db.table import Item
from chalicelib.surveys import service as surveys
from chalicelib.surveys.answers import is_response_id, read_response
from chalicelib.surveys.records import (
    PublicDefinition,
    QuestionRecord,
    Receipt,
    ResponseRecord,
    SurveyRecord,
    SurveyState,
    VersionRecord,
)

TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
THANKS = "提交成功，感谢您的参与！"


def _survey_of(ctx: Context, token: str) -> tuple[Context, SurveyRecord]:
    """The survey a public link opens, with the context of the organisation that published it (the link names
    it: a respondent has no credential)."""
    link = ctx.store.surveys.link(token) if TOKEN.match(token) else None
    survey = None
    if link is not None:
        ctx = ctx.within(str(link["org_id"]))
        survey = cast(SurveyRecord | None, ctx.store.surveys.get(str(link["survey_id"])))
    if survey is None:
        raise NotFound("未找到该问卷，请检查链接是否完整")
    return ctx, survey


def _notice(survey: SurveyRecord, state: SurveyState) -> str | None:
    if state == "scheduled":  # so it has an opening time
        return f"问卷尚未开始，将于{_when(cast(str, survey['opens_at']))}开放填写"
    if state == "closed":
        ended = survey.get("closed_at") or survey.get("closes_at")
        return f"问卷已于{_when(ended)}结束，感谢您的关注" if ended else "问卷已结束，感谢您的关注"
    return None


def _when(moment: str) -> str:
    at = datetime.fromisoformat(moment)
    return f"{at.year}年{at.month}月{at.day}日 {at.hour:02d}:{at.minute:02d}"


def definition(ctx: Context, token: str) -> PublicDefinition:
    """The survey as a respondent's phone needs it: no unit, counts, results or internal fields."""
    ctx, survey = _survey_of(ctx, token)
    state = surveys.state(survey, local_now(ctx.clock))
    notice = _notice(survey, state)
    limited = state == "open" and survey.get("max_responses") is not None
    if limited and surveys.full(survey, ctx.store.surveys.count_responses(survey["survey_id"])):
        notice = surveys.full_notice(survey)
    return {
        "title": survey["title"],
        "introduction": survey["introduction"],
        "version": survey["version"],
        "questions": survey["questions"],
        "opens_at": survey.get("opens_at"),
        "closes_at": survey.get("closes_at"),
        "state": state,
        "accepting_responses": notice is None and state == "open",
        "notice": notice,
    }


def submit(ctx: Context, token: str, body: dict[str, Any]) -> tuple[Receipt, bool]:
    """Store an anonymous response; answer (receipt, created). A retry of the same response counts once."""
    ctx, survey = _survey_of(ctx, token)
    survey_id = survey["survey_id"]
    now = local_now(ctx.clock)
    state = surveys.state(survey, now)
    older: dict[int, list[QuestionRecord]] = {}

    def questions_of(version: int) -> list[QuestionRecord] | None:
        if version == survey["version"]:
            return survey["questions"]
        if not older:
            older.update(
                {v["version"]: v["questions"] for v in cast(list[VersionRecord], ctx.store.surveys.versions(survey_id))}
            )
        return older.get(version)

    # A retry finds its first submission: it is checked against the version it answered then.
    given_id = body.get("response_id")
    existing = (
        cast(ResponseRecord | None, ctx.store.surveys.get_response(survey_id, str(given_id).lower()))
        if is_response_id(given_id)
        else None
    )
    if existing is None and state != "open":
        raise NotAcceptingResponses(_notice(survey, state) or "问卷尚未发布", state=state)
    default_version = existing["version"] if existing else survey["version"]
    response_id, version, answers = read_response(body, default_version, questions_of)
    response: ResponseRecord = {
        "response_id": response_id,
        "version": version,
        "answers": answers,
        "submitted_at": now.replace(second=0, microsecond=0).isoformat(),
    }
    if existing is None:
        limit = survey.get("max_responses")
        try:
            existing = cast(
                ResponseRecord | None, ctx.store.surveys.add_response(survey_id, cast(Item, response), limit)
            )
        except ConditionFailed:
            if limit is None:
                raise
            raise NotAcceptingResponses(surveys.full_notice(survey), state=state) from None
        if existing is None:
            return _receipt(response), True
    if _same(existing, response):
        return _receipt(existing), False
    raise SubmissionConflict("该答卷编号已用于另一份内容不同的答卷")


def _same(stored: ResponseRecord, response: ResponseRecord) -> bool:
    return bool(stored["version"] == response["version"] and stored["answers"] == response["answers"])


def _receipt(response: ResponseRecord) -> Receipt:
    return {
        "response_id": response["response_id"],
        "version": response["version"],
        "submitted_at": response["submitted_at"],
        "message": THANKS,
    }
