"""Activity reports and nil reports: submit, read, correct, withdraw, list.

A report's id is the submission_id its client made, so a retried submission
finds the report it already created: same content answers with the stored
report, different content is a conflict (ODK Central's 409.1). A retried
correction (same content, the version it made is the stored one) answers the
stored report too. A unit-month is reported or 本月无活动, never both: each
write carries the condition on the other (db/months.py), so of two racing
requests one is refused with 409.5.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from pydantic import BaseModel

from chalicelib.audit import service as audit
from chalicelib.calendar import month_status as calendar
from chalicelib.context import Context
from chalicelib.core.auth import OWNER, OWNER_NAME, Principal
from chalicelib.core.catalogue import ACTIVITY_TYPE_BY_CODE
from chalicelib.core.dates import is_month, local_today, month_of, period_label, timestamp
from chalicelib.core.errors import (
    Forbidden,
    InvalidParameter,
    MonthLocked,
    NotFound,
    ServiceBusy,
    StateConflict,
    SubmissionConflict,
    Unauthenticated,
    ValidationFailed,
    VersionConflict,
    retried_write,
)
from chalicelib.core.models import Form, as_item
from chalicelib.core.validation import page_size, validate_parts
from chalicelib.db import keys
from chalicelib.db.errors import BadPageToken, ConditionFailed
from chalicelib.db.months import NilFiled, SettingsChanged, UnitNotReporting
from chalicelib.db.reports import MonthClosed
from chalicelib.db.table import Item, Step
from chalicelib.db.units import ClaimRefused
from chalicelib.reports.checks import check_agreement, check_photos, check_plan_task
from chalicelib.reports.models import (
    PENDING_REVIEW,
    REVIEW_STATES,
    NewReportEnvelope,
    ReportContent,
    ReportEditEnvelope,
    report_form,
    report_model,
    review_of,
)
from chalicelib.reports.records import (
    Author,
    ReportFields,
    ReportsPage,
    RevisionAction,
    RevisionRecord,
    ShownReport,
    StoredReport,
    Withdrawal,
)
from chalicelib.reports.shares import share_of

CONTENT_FIELDS = (
    "activity_type",
    "title",
    "occurred_on",
    "location",
    "counterpart",
    "participants",
    "metrics",
    "description",
    "agreement_id",
    "plan_task_id",
    "photos",
)
NOT_REPORTING = "本单位已设为不参加填报，如需填报请联系县双拥办"
SETTINGS_ATTEMPTS = 3  # with the settings assumed, then with those read after each change found


def nil_filed(month: str) -> StateConflict:
    return StateConflict(f"本单位{period_label(month)}已报告“本月无活动”，请先撤回“本月无活动”再报送该月活动")


def _content(report: StoredReport | ShownReport) -> dict[str, Any]:
    return {field: report.get(field) for field in CONTENT_FIELDS}


def present(report: StoredReport | ShownReport) -> ShownReport:
    """The report as the API answers it: with its review (pending for a report stored before reviews)."""
    return {**report, "review": review_of(report)}


def _validate(envelope: type[Form], body: dict[str, Any], today: date) -> tuple[Any, ReportContent]:
    """The envelope (submission_id, unit_id or version) and the report itself, all errors at once."""
    fields = set(envelope.model_fields)
    kind = body.get("activity_type")
    # A report of a known type is validated by its type's model alone, as the form's union would dispatch it;
    # the whole form (all 14 types) only answers a report of no or an unknown type.
    form = report_model(kind) if isinstance(kind, str) and kind in ACTIVITY_TYPE_BY_CODE else report_form()
    parts: list[tuple[type[BaseModel], dict[str, Any]]] = [
        (envelope, {k: v for k, v in body.items() if k in fields}),
        (form, {k: v for k, v in body.items() if k not in fields}),
    ]
    envelope_form, report = validate_parts(parts, {"today": today})
    return envelope_form, report if isinstance(report, ReportContent) else report.root


def proof(principal: Principal, ctx: Context) -> Step | None:
    """The transaction step that confirms a reporter's claimed token inside the submission's own write (None
    when there is nothing to confirm, core/auth.py); the write refuses with db.units.ClaimRefused if it fails."""
    claim = principal.claim
    if claim is None:
        return None
    return ctx.store.reporters.proof_step(claim.reporter_id, claim.unit_id, claim.label, claim.token_hash)


def submit(ctx: Context, principal: Principal, body: dict[str, Any]) -> tuple[ShownReport, bool]:
    """Store a new report; answer (report, created). A retry of the same submission is not created again."""
    today = local_today(ctx.clock)
    envelope, content = _validate(NewReportEnvelope, body, today)
    unit_id = _reporting_unit(ctx, principal, envelope.unit_id)
    check_agreement(ctx, content, unit_id)
    check_plan_task(ctx, content, unit_id)
    check_photos(ctx, content, unit_id)
    month = month_of(content.occurred_on)
    now = timestamp(ctx.clock)
    report: ShownReport = {
        "report_id": envelope.submission_id.lower(),
        "unit_id": unit_id,
        **cast(ReportFields, as_item(content)),
        "month": month,
        "version": 1,
        "created_at": now,
        "created_by": principal.actor,
        "updated_at": now,
        "updated_by": principal.actor,
        "created_by_name": principal.name,
        "review": PENDING_REVIEW.copy(),
    }
    recorded = audit.step(ctx, principal, "report.submitted", record(report["report_id"]), now)
    token_proof = proof(principal, ctx)
    for _ in range(SETTINGS_ATTEMPTS):
        terms = calendar.submission_terms(ctx, principal.is_admin, month)
        report["late"] = terms.late
        try:  # the one round trip of a submission, with its audit entry, the proof of a reporter's sy3 token
            existing = cast(
                StoredReport | None,
                ctx.store.reports.add(  # and the check of the calendar settings it assumed
                    cast(Item, report),
                    terms.guard,
                    unit_must_report=not principal.is_admin,
                    share=share_of(report),
                    audit=recorded,
                    proof=token_proof,
                    calendar=calendar.calendar_check(ctx, terms),
                ),
            )  # None, or the report already stored under this submission's id
            break
        except SettingsChanged:
            calendar.reread_settings(ctx)
        except ClaimRefused:
            raise Unauthenticated() from None
        except MonthClosed:
            raise MonthLocked() from None
        except NilFiled:
            raise nil_filed(month) from None
        except UnitNotReporting:
            raise Forbidden(NOT_REPORTING) from None
    else:  # the office changed the calendar between each read and write: nothing stored, send again
        raise ServiceBusy()
    if existing is None:
        return report, True
    if existing["unit_id"] == unit_id and not existing.get("withdrawn_at") and _content(existing) == _content(report):
        return present(existing), False
    raise SubmissionConflict()


def _reporting_unit(ctx: Context, principal: Principal, asked: str | None) -> str:
    if not principal.is_admin:
        if asked is not None and asked != principal.unit_id:
            raise Forbidden("只能为本单位填报")
        return str(principal.unit_id)
    if asked is None:
        raise ValidationFailed([{"field": "unit_id", "message": "县双拥办代填时须指定填报单位"}])
    if ctx.store.units.get(asked) is None:
        raise ValidationFailed([{"field": "unit_id", "message": "未找到该单位"}])
    return asked


reporting_unit = _reporting_unit  # the unit a caller files for (photos.py asks the same question)


def get(ctx: Context, principal: Principal, report_id: str, include_withdrawn: bool = False) -> ShownReport:
    report = cast(StoredReport | None, ctx.store.reports.get(report_id.lower(), include_withdrawn=include_withdrawn))
    if report is None:
        raise NotFound("未找到该报告")
    principal.require_unit(report["unit_id"], "报告")
    return present(report)


def update(ctx: Context, principal: Principal, report_id: str, body: dict[str, Any]) -> ShownReport:
    current = get(ctx, principal, report_id)
    today = local_today(ctx.clock)
    envelope, content = _validate(ReportEditEnvelope, body, today)
    if "plan_task_id" not in body and current.get("plan_task_id"):  # a client that knows no plans keeps the link
        content = content.model_copy(update={"plan_task_id": current["plan_task_id"]})
    check_agreement(ctx, content, current["unit_id"])
    check_plan_task(ctx, content, current["unit_id"])
    check_photos(ctx, content, current["unit_id"], kept=current.get("photos"))
    # The office asked for this correction: a returned report stays correctable in its month after the lock day.
    returned = current["review"]["state"] == "returned"
    status = calendar.ensure_open(ctx, principal.is_admin or returned, current["month"])
    month = month_of(content.occurred_on)
    if month != current["month"]:  # moved to another month: that one must be open too, returned or not
        status = calendar.ensure_open(ctx, principal.is_admin, month)
    new_content = cast(ReportFields, as_item(content))
    if envelope.version != current["version"]:
        return _retried(current, envelope.version, new_content)
    changes = {k: [current.get(k), new_content.get(k)] for k in CONTENT_FIELDS if current.get(k) != new_content.get(k)}
    if not changes:
        return current
    reviewed = current["review"]["state"]
    if reviewed != "pending":  # a correction of a reviewed report goes back to the office's review
        changes["review"] = [reviewed, "pending"]
    now = timestamp(ctx.clock)
    report: ShownReport = {
        **current,
        **new_content,
        "month": month,
        "late": calendar.is_late(status, _created_on(current)),
        "version": current["version"] + 1,
        "updated_at": now,
        "updated_by": principal.actor,
        "review": PENDING_REVIEW.copy(),
    }
    revision = new_revision(principal, report["version"], now, "updated", changes)
    recorded = audit.step(ctx, principal, "report.updated", record(report["report_id"]), now, changes)
    try:
        _replace(ctx, report, current, revision, recorded)
    except VersionConflict:  # another change came first: this very one, if it was sent twice at once
        stored = cast(StoredReport | None, ctx.store.reports.get(current["report_id"]))
        if stored is None:
            raise
        return _retried(stored, envelope.version, new_content)
    except NilFiled:
        raise nil_filed(month) from None
    return report


def _retried(stored: StoredReport | ShownReport, edited: int, content: ReportFields) -> ShownReport:
    """The stored report, if it is what a correction of version `edited` to `content` made (the correction
    was sent again: its first answer was lost); VersionConflict if another change came between."""
    sent = {k: content.get(k) for k in CONTENT_FIELDS}
    retried_write(
        stored["version"],
        edited,
        cast(dict[str, Any], stored),
        sent,
        "该报告已被修改（当前版本 {version}），请刷新后再改",
    )
    return present(stored)


def store_over(
    ctx: Context, report: ShownReport, current: ShownReport, revision: RevisionRecord, recorded: Step
) -> None:
    """Store the report's new state over `current`, with its revision and audit entry, in one transaction;
    ConditionFailed if another change came first."""
    ctx.store.reports.replace(
        cast(Item, report),
        current["version"],
        cast(Item, revision),
        previous_month=current["month"],
        previous_link=keys.plan_link(cast(Item, current)),
        shares=(share_of(current), share_of(report)),
        audit=recorded,
    )


def _replace(ctx: Context, report: ShownReport, current: ShownReport, revision: RevisionRecord, recorded: Step) -> None:
    """Store the report's new state over `current`, with its audit entry (`recorded`), or VersionConflict if
    another change came first (NilFiled if it moves the report into a month its unit declared 本月无活动)."""
    try:
        store_over(ctx, report, current, revision, recorded)
    except NilFiled:
        raise
    except ConditionFailed:
        raise VersionConflict() from None


def _created_on(report: ShownReport) -> date:
    return date.fromisoformat(report["created_at"][:10])


def withdraw(ctx: Context, principal: Principal, report_id: str) -> Withdrawal:
    current = get(ctx, principal, report_id)
    calendar.ensure_open(ctx, principal.is_admin, current["month"])
    now = timestamp(ctx.clock)
    report: ShownReport = {
        **current,
        "version": current["version"] + 1,
        "withdrawn_at": now,
        "withdrawn_by": principal.actor,
    }
    report["updated_at"], report["updated_by"] = now, principal.actor
    revision = new_revision(principal, report["version"], now, "withdrawn", {})
    _replace(ctx, report, current, revision, audit.step(ctx, principal, "report.withdrawn", record(report_id), now))
    return {"report_id": report["report_id"], "withdrawn_at": now, "version": report["version"]}


def record(report_id: str) -> str:
    """The report as the audit trail names it."""
    return f"report:{report_id.lower()}"


def new_revision(
    principal: Principal, version: int, at: str, action: RevisionAction, changes: dict[str, list[Any]]
) -> RevisionRecord:
    """A revision item (corrections, withdrawals, reviews): which version, when, who (by id, and by name as
    they were named then), what."""
    who: Author = {"by": principal.actor, "by_name": principal.name}
    return {"version": version, "at": at, **who, "action": action, "changes": changes}


def history(ctx: Context, principal: Principal, report_id: str) -> list[RevisionRecord]:
    """The report's revisions, oldest first, each naming the person: the name stored with it, or (for a
    revision written before names were kept) the person's name or label as known now, else their id."""
    report = get(ctx, principal, report_id, include_withdrawn=True)
    created: RevisionRecord = {
        "version": 1,
        "at": report["created_at"],
        "by": report["created_by"],
        "by_name": report.get("created_by_name"),
        "action": "created",
        "changes": {},
    }
    entries = [created, *cast(list[RevisionRecord], ctx.store.reports.revisions(report["report_id"]))]
    known: dict[str, str] = {}
    for entry in (e for e in entries if not e.get("by_name")):
        actor = str(entry["by"])
        entry["by_name"] = known[actor] = known.get(actor) or _name_of(ctx, actor)
    return entries


def _name_of(ctx: Context, actor: str) -> str:
    """Who an actor id names now: the owner token, a staff member, a reporter (by label), else the id itself."""
    if actor == OWNER.actor:
        return OWNER_NAME
    member = ctx.store.staff.get(actor)
    if member and member.get("name"):
        return str(member["name"])
    reporter = ctx.store.reporters.get(actor)
    if reporter:
        return str(reporter.get("label") or "填报员")
    return actor


def list_month(
    ctx: Context,
    principal: Principal,
    month: str | None,
    unit_id: str | None,
    activity_type: str | None,
    limit: str | None,
    next_token: str | None,
    review: str | None = None,
) -> ReportsPage:
    if not month or not is_month(month):
        raise InvalidParameter("请指定要查看的月份，如 2026-08")
    if not principal.is_office:
        if unit_id is not None:
            principal.require_unit(unit_id, "单位")
        unit_id = principal.unit_id
    if activity_type is not None and activity_type not in ACTIVITY_TYPE_BY_CODE:
        raise InvalidParameter("不认识的活动类型 activity_type")
    if review is not None and review not in REVIEW_STATES:
        raise InvalidParameter("审核状态应为待审核、审核通过或退回修改")
    size = page_size(limit)
    try:
        items, token = ctx.store.reports.page(month, unit_id, activity_type, size, next_token, review)
    except BadPageToken:
        raise InvalidParameter("翻页标记 next_token 无效，请从第一页重新查询") from None
    return {"items": [present(cast(StoredReport, item)) for item in items], "next_token": token}
