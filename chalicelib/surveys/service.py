"""Surveys: a questionnaire is defined, opened through a public link, closed, and read back.

Who: a survey belongs to a unit (`unit_id`) and its reporters manage it like their
reports; the county office manages every survey and may create county-wide ones
(`unit_id` null), which only it sees.

States: `draft` (editable, no link) → opened (`open`, or `scheduled` before its
`opens_at`) → `closed` (by `POST …/close`, or once `closes_at` has passed).
A closed survey can be opened again; its link stays the same.

Versions: a draft's questions are edited in place (version 1). Opening freezes
them; from then on a change to the questions writes version N+1 beside the
frozen earlier ones, and each response keeps the version it answered. Title,
introduction, times and the limit of responses can change without a new version.

Limit: a survey may take at most `max_responses` answers; the count and each answer are written
together (see `db.surveys`), so the limit holds however many phones answer at once.

Audit: each change of a survey (created, copied, updated, opened, closed, a draft deleted) is recorded in
the audit trail in the same transaction (audit/service.py). The public's anonymous answers
(surveys/public.py) are not the office's or a unit's writes and have no entry: no account is behind them,
and an entry would be personal data kept about nobody in particular.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from typing import Any, cast

from chalicelib.audit import service as audit
from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.dates import MONTH_FORMAT, is_month, local_now, timestamp
from chalicelib.core.errors import (
    Forbidden,
    InvalidParameter,
    NotFound,
    StateConflict,
    ValidationFailed,
    VersionConflict,
)
from chalicelib.core.validation import validate
from chalicelib.db.errors import ConditionFailed
from chalicelib.db.table import Item, Step
from chalicelib.files import qrcodes
from chalicelib.files.bucket import filename, survey_key
from chalicelib.surveys.models import MAX_TITLE, NewSurveyForm, SurveyForm, stored_question
from chalicelib.surveys.records import (
    EndedSurvey,
    OpenedSurvey,
    QrLinks,
    ShownSurvey,
    SurveyDefinition,
    SurveyRecord,
    SurveyRun,
    SurveyState,
    VersionRecord,
)

STATES = ("draft", "scheduled", "open", "closed")
SUMMARY_FIELDS = (
    "survey_id",
    "unit_id",
    "title",
    "introduction",
    "report_id",
    "opens_at",
    "closes_at",
    "max_responses",
    "version",
    "opened_at",
    "closed_at",
    "revision",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
)


def state(survey: SurveyRecord, now: datetime) -> SurveyState:
    """The survey's state at `now`: its closing time closes it without anyone acting."""
    if survey["status"] == "draft":
        return "draft"
    if survey["status"] == "closed" or _passed(survey.get("closes_at"), now):
        return "closed"
    if survey.get("opens_at") and not _passed(survey["opens_at"], now):
        return "scheduled"
    return "open"


def _passed(moment: str | None, now: datetime) -> bool:
    return moment is not None and datetime.fromisoformat(moment) <= now


def full(survey: SurveyRecord, responses: int) -> bool:
    """Whether the survey has all the responses it takes."""
    limit = survey.get("max_responses")
    return limit is not None and responses >= limit


def full_notice(survey: SurveyRecord) -> str:
    return f"问卷已收满{survey['max_responses']}份答卷，不再接受填写，感谢您的关注"


def link(ctx: Context, survey: SurveyRecord) -> str | None:
    return f"{ctx.config.public_url}/s/{survey['token']}" if survey.get("token") else None


def present(ctx: Context, survey: SurveyRecord, with_questions: bool = True) -> ShownSurvey:
    current = state(survey, local_now(ctx.clock))
    responses = ctx.store.surveys.count_responses(survey["survey_id"]) if survey.get("opened_at") else 0
    shown = cast(ShownSurvey, {field: survey.get(field) for field in SUMMARY_FIELDS})  # completed below
    shown.update(
        {
            "state": current,
            "accepting_responses": current == "open" and not full(survey, responses),
            "link": link(ctx, survey),
            "responses": responses,
        }
    )
    shown["question_count"] = len(survey["questions"])
    if with_questions:
        shown["questions"] = survey["questions"]
    return shown


def load(ctx: Context, principal: Principal, survey_id: str) -> SurveyRecord:
    """The survey, if the caller may see it: reporters see their own unit's only."""
    survey = (
        cast(SurveyRecord | None, ctx.store.surveys.get(survey_id))
        if survey_id.isalnum() and len(survey_id) <= 64
        else None
    )
    if survey is None:
        raise NotFound("未找到该问卷")
    principal.require_unit(survey["unit_id"], "问卷")
    return survey


def record(survey_id: str) -> str:
    """The survey as the audit trail names it."""
    return f"survey:{survey_id}"


def _definition(form: SurveyForm) -> SurveyDefinition:
    return {
        "title": form.title,
        "introduction": form.introduction,
        "report_id": form.report_id,
        "opens_at": form.opens_at.isoformat() if form.opens_at else None,
        "closes_at": form.closes_at.isoformat() if form.closes_at else None,
        "max_responses": form.max_responses,
        "questions": [stored_question(question) for question in form.questions],
    }


def _owning_unit(ctx: Context, principal: Principal, asked: str | None) -> str | None:
    if not principal.is_admin:
        if asked is not None and asked != principal.unit_id:
            raise Forbidden("只能为本单位创建问卷")
        return principal.unit_id
    if asked is not None and ctx.store.units.get(asked) is None:
        raise ValidationFailed([{"field": "unit_id", "message": "未找到该单位"}])
    return asked


def _check_report(ctx: Context, report_id: str | None, unit_id: str | None) -> None:
    if report_id is None:
        return
    report = ctx.store.reports.get(report_id.lower())
    if report is None or (unit_id is not None and report["unit_id"] != unit_id):
        raise ValidationFailed([{"field": "report_id", "message": "未找到本单位的该活动报告"}])


def create(ctx: Context, principal: Principal, form: NewSurveyForm) -> ShownSurvey:
    unit_id = _owning_unit(ctx, principal, form.unit_id)
    _check_report(ctx, form.report_id, unit_id)
    now = timestamp(ctx.clock)
    survey = cast(SurveyRecord, {**_draft(unit_id, principal, now), **_definition(form)})
    ctx.store.surveys.add(
        cast(Item, survey), audit=audit.step(ctx, principal, "survey.created", record(survey["survey_id"]), now)
    )
    return present(ctx, survey)


def _draft(unit_id: str | None, principal: Principal, now: str) -> dict[str, Any]:
    """What every new draft holds beside its definition."""
    return {
        "survey_id": uuid.uuid4().hex,
        "unit_id": unit_id,
        "status": "draft",
        "version": 1,
        "revision": 1,
        "token": None,
        "opened_at": None,
        "closed_at": None,
        "created_at": now,
        "created_by": principal.actor,
        "updated_at": now,
        "updated_by": principal.actor,
    }


def get(ctx: Context, principal: Principal, survey_id: str) -> ShownSurvey:
    return present(ctx, load(ctx, principal, survey_id))


def delete_draft(ctx: Context, principal: Principal, survey_id: str) -> None:
    """Delete a survey never opened; one that was opened has a link and answers, and is closed instead."""
    current = load(ctx, principal, survey_id)
    if current["status"] != "draft":
        raise StateConflict("只能删除草稿问卷；已发布的问卷不能删除，可以结束")
    recorded = audit.step(ctx, principal, "survey.deleted", record(survey_id), timestamp(ctx.clock))
    try:
        ctx.store.surveys.delete_draft(survey_id, current["revision"], audit=recorded)
    except ConditionFailed:
        raise VersionConflict("该问卷已被修改或删除，请刷新后再试") from None


COPY_MARK = "（副本）"


def copy(ctx: Context, principal: Principal, survey_id: str) -> ShownSurvey:
    """A new draft of the same unit with the survey's title (marked as a copy), introduction, report, limit and
    current questions; its times are left empty, since a copy is usually run again later."""
    source = load(ctx, principal, survey_id)
    now = timestamp(ctx.clock)
    title = source["title"][: MAX_TITLE - len(COPY_MARK)] + COPY_MARK
    copied = {
        "title": title,
        "introduction": source["introduction"],
        "report_id": source.get("report_id"),
        "opens_at": None,
        "closes_at": None,
        "max_responses": source.get("max_responses"),
        "questions": source["questions"],
    }
    survey = cast(SurveyRecord, {**_draft(source["unit_id"], principal, now), **copied})
    recorded = audit.step(ctx, principal, "survey.copied", record(survey["survey_id"]), now)
    ctx.store.surveys.add(cast(Item, survey), audit=recorded)
    return present(ctx, survey)


def _changed(current: SurveyRecord, principal: Principal, now: str, **changes: Any) -> SurveyRecord:
    return cast(
        SurveyRecord,
        {**current, **changes, "revision": current["revision"] + 1, "updated_at": now, "updated_by": principal.actor},
    )


def update(ctx: Context, principal: Principal, survey_id: str, body: dict[str, Any]) -> ShownSurvey:
    """Edit the definition. Once opened, changed questions become a new version; answers keep theirs."""
    current = load(ctx, principal, survey_id)
    form = validate(SurveyForm, body)
    _check_report(ctx, form.report_id, current["unit_id"])
    now = timestamp(ctx.clock)
    definition = _definition(form)
    survey = _changed(current, principal, now, **definition)
    frozen: VersionRecord | None = None
    if current.get("opened_at") and survey["questions"] != current["questions"]:
        if not survey["questions"]:
            raise ValidationFailed([{"field": "questions", "message": "已发布的问卷至少需要一道题"}])
        survey["version"] = current["version"] + 1
        frozen = {"version": survey["version"], "questions": survey["questions"], "created_at": now}
    fields = audit.changed(current, survey, [*definition, "version"])  # "version": the questions' new version
    recorded = audit.step(ctx, principal, "survey.updated", record(survey_id), now, fields)
    _save(ctx, survey, current["revision"], recorded, frozen_version=frozen)
    return present(ctx, survey)


def open_survey(ctx: Context, principal: Principal, survey_id: str) -> OpenedSurvey:
    """Freeze the questions (first time), give the survey its public link, and answer the link's QR code."""
    current = load(ctx, principal, survey_id)
    if not current["questions"]:
        raise ValidationFailed([{"field": "questions", "message": "问卷至少需要一道题才能发布"}])
    survey = current
    if current["status"] != "open":
        if _passed(current.get("closes_at"), local_now(ctx.clock)):
            raise StateConflict("截止时间已过，请先修改截止时间再发布")
        now = timestamp(ctx.clock)
        survey = _changed(current, principal, now, status="open", closed_at=None)
        frozen: VersionRecord | None = None
        if not current.get("opened_at"):
            survey["opened_at"] = now
            frozen = {"version": current["version"], "questions": current["questions"], "created_at": now}
        new_token = None if current.get("token") else secrets.token_urlsafe(24)
        survey["token"] = current.get("token") or new_token
        recorded = audit.step(ctx, principal, "survey.opened", record(survey_id), now)
        _save(ctx, survey, current["revision"], recorded, frozen_version=frozen, new_token=new_token)
    return {**present(ctx, survey), "qr": _qr(ctx, survey)}


def close(ctx: Context, principal: Principal, survey_id: str) -> ShownSurvey:
    current = load(ctx, principal, survey_id)
    if current["status"] == "draft":
        raise StateConflict("草稿问卷尚未发布，无需结束")
    if current["status"] == "closed":
        return present(ctx, current)
    now = timestamp(ctx.clock)
    # Past its closing time, the survey ended then, not when someone noticed.
    closed_at = current["closes_at"] if _passed(current.get("closes_at"), local_now(ctx.clock)) else now
    survey = _changed(current, principal, now, status="closed", closed_at=closed_at)
    _save(ctx, survey, current["revision"], audit.step(ctx, principal, "survey.closed", record(survey_id), now))
    return present(ctx, survey)


def qr(ctx: Context, principal: Principal, survey_id: str) -> QrLinks:
    survey = load(ctx, principal, survey_id)
    if not survey.get("token"):
        raise StateConflict("问卷尚未发布，还没有填写链接")
    return _qr(ctx, survey)


def _qr(ctx: Context, survey: SurveyRecord) -> QrLinks:
    public_link = str(link(ctx, survey))
    svg, png = qrcodes.qr_images(public_link)
    name = filename(survey["title"], "二维码", suffix="")
    png_key, svg_key = (survey_key(ctx.org, survey["survey_id"], f"qr.{suffix}") for suffix in ("png", "svg"))
    as_png = ctx.bucket.publish(png_key, png, f"{name}.png", "image/png")
    as_svg = ctx.bucket.publish(svg_key, svg.encode("utf-8"), f"{name}.svg", "image/svg+xml")
    return {
        "link": public_link,
        "svg": svg,
        "png_data_uri": qrcodes.data_uri(png),
        "png_url": as_png["url"],
        "svg_url": as_svg["url"],
        "expires_in": as_png["expires_in"],
    }


def versions(ctx: Context, principal: Principal, survey_id: str) -> list[VersionRecord]:
    load(ctx, principal, survey_id)
    return cast(list[VersionRecord], ctx.store.surveys.versions(survey_id))


def list_visible(
    ctx: Context, principal: Principal, unit_id: str | None, wanted_state: str | None
) -> list[ShownSurvey]:
    if wanted_state is not None and wanted_state not in STATES:
        raise InvalidParameter("问卷状态应为草稿、已发布未开始、填写中或已结束")
    if not principal.is_office:
        if unit_id is not None:
            principal.require_unit(unit_id, "单位")
        unit_id = principal.unit_id
    shown = [
        present(ctx, survey, with_questions=False)
        for survey in cast(list[SurveyRecord], ctx.store.surveys.all(unit_id))
    ]
    return [survey for survey in shown if wanted_state is None or survey["state"] == wanted_state]


def surveys_closed_in(ctx: Context, month: str) -> list[EndedSurvey]:
    """The surveys that ended in the local month (closed, or reached their closing time), for the
    monthly summary: [{survey_id, title, unit_id, closed_at, responses}], earliest first."""
    if not is_month(month):
        raise InvalidParameter(MONTH_FORMAT)
    now = local_now(ctx.clock)
    ended = [
        s
        for s in cast(list[SurveyRecord], ctx.store.surveys.ending_in(month))
        if s["status"] != "draft" and state(s, now) == "closed"
    ]
    found: list[EndedSurvey] = [
        {
            "survey_id": survey["survey_id"],
            "title": survey["title"],
            "unit_id": survey["unit_id"],
            "closed_at": survey.get("closed_at") or survey["closes_at"],
            "responses": ctx.store.surveys.count_responses(survey["survey_id"]),
        }
        for survey in ended
    ]
    return sorted(found, key=lambda s: (s["closed_at"], s["survey_id"]))


def _save(ctx: Context, survey: SurveyRecord, revision: int, recorded: Step, **also: Any) -> None:
    """Store the survey over its `revision` with its audit entry (`recorded`), or VersionConflict if another
    change came first."""
    try:
        ctx.store.surveys.save(cast(Item, survey), revision, **also, audit=recorded)
    except ConditionFailed:
        raise VersionConflict("该问卷已被修改，请刷新后再试") from None


def surveys_run(ctx: Context, year: int) -> list[SurveyRun]:
    """The surveys opened in the year, with their responses so far."""
    found = [
        s for s in cast(list[SurveyRecord], ctx.store.surveys.all()) if str(s.get("opened_at") or "")[:4] == str(year)
    ]
    return [
        {
            "survey_id": s["survey_id"],
            "title": s["title"],
            "unit_id": s.get("unit_id"),
            "opened_at": cast(str, s["opened_at"]),  # found: opened in the year
            "closed_at": s.get("closed_at") or s.get("closes_at"),
            "responses": ctx.store.surveys.count_responses(s["survey_id"]),
        }
        for s in sorted(found, key=lambda s: (s["opened_at"], s["survey_id"]))
    ]
