"""The year's plan (年度双拥工作要点 and its 任务分解表): tasks, their windows, their progress.

The county office enters the tasks (or imports them, see `plan_import.py`); reporters
link their reports to their unit's tasks (`plan_task_id`, checked by reports/service.py `_check_plan_task`);
everyone sees the progress of the tasks they may see. A task belongs to one year, the
year of its path; a report links to a task of its own activity date's year. Each change of
the plan is recorded in the audit trail, in the same transaction (audit/service.py).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, TypeVar, cast

from chalicelib.audit import service as audit
from chalicelib.calendar import campaigns
from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.dates import local_today, timestamp
from chalicelib.core.errors import AlreadyExists, NotFound, StateConflict, ValidationFailed, VersionConflict
from chalicelib.core.models import Form, as_item
from chalicelib.core.validation import validate, year_param
from chalicelib.db.errors import ConditionFailed
from chalicelib.db.table import Item, Step
from chalicelib.plans.models import PlanTaskEditForm, PlanTaskForm
from chalicelib.plans.progress import Moment, plan_at, present
from chalicelib.plans.records import PlanLink, PlanView, ShownTask, TaskFields, TaskRecord, WindowItem
from chalicelib.plans.windows import Calendar, WindowError, calendar_of, parse_windows, windows_item
from chalicelib.units.records import UnitRecord
from chalicelib.units.roster import unit_names as names_of


def calendar(ctx: Context, year: int) -> Calendar:
    """The campaign days and periods of the year a window phrase may name (春节, 春节期间), from the county's
    campaign calendar."""
    found = campaigns.current(ctx).campaigns
    return calendar_of(
        year,
        {c.code: campaigns.occurrences(c, year) for c in found},
        {c.code: campaigns.windows(c, year) for c in found},
    )


MAX_PHRASE = 100
F = TypeVar("F", bound=Form)


def read_window(ctx: Context, year_text: str, text: str | None) -> WindowItem:
    """The dates a window phrase reads as in the year, as a task would store them (the page shows them as the
    clerk types): the same reading as POST /plans/{year}/tasks, or its refusal on `window`."""
    year = year_param(year_text)
    phrase = (text or "").strip()
    if not phrase or len(phrase) > MAX_PHRASE:
        message = "必填项，请填写" if not phrase else f"时间最多{MAX_PHRASE}个字"
        raise ValidationFailed([{"field": "window", "message": message}])
    try:
        return windows_item(parse_windows(phrase, year, calendar(ctx, year)), phrase, year)
    except WindowError as error:
        raise ValidationFailed([{"field": "window", "message": str(error)}]) from None


def validate_task(ctx: Context, model: type[F], year: int, body: dict[str, Any]) -> F:
    return validate(model, body, {"year": year, "calendar": calendar(ctx, year)})


def unit_names(ctx: Context) -> dict[str, str]:
    return names_of(cast(list[UnitRecord], ctx.store.units.all()))


def unknown_units(unit_ids: list[str], names: dict[str, str], field: str = "unit_ids") -> list[dict[str, str]]:
    return [{"field": f"{field}.{i}", "message": f"未找到单位 {u}"} for i, u in enumerate(unit_ids) if u not in names]


def as_stored(task: TaskRecord) -> TaskRecord:
    """A stored task as a form would store it now: one stored before lead units has none."""
    return {"lead_unit_ids": [], **task}


def task_fields(form: PlanTaskForm) -> TaskFields:
    """What a form sets on a task, as stored."""
    return cast(TaskFields, as_item(form, exclude={"version"}))


def months_changed(*last_days: str) -> set[str]:
    """The months whose overdue tasks a task ending on these days can change: from the earliest to December."""
    first = min(last_days)
    year, month = int(first[:4]), int(first[5:7])
    return {f"{year}-{m:02d}" for m in range(month, 13)}


def moment_of(ctx: Context, year: int) -> Moment:
    return Moment.closing(date(year, 12, 31), local_today(ctx.clock))


# --- the county office's changes -------------------------------------------------------


def record(year: int, task_id: str) -> str:
    """A plan task as the audit trail names it."""
    return f"plan_task:{year}/{task_id}"


def plan_record(year: int) -> str:
    """The year's plan as the audit trail names it (an import changes many tasks at once)."""
    return f"plan:{year}"


def create(ctx: Context, principal: Principal, year_text: str, body: dict[str, Any]) -> ShownTask:
    year = year_param(year_text)
    form = validate_task(ctx, PlanTaskForm, year, body)
    names = unit_names(ctx)
    if errors := unknown_units(form.unit_ids, names):
        raise ValidationFailed(errors)
    tasks, _ = cast(tuple[list[TaskRecord], list[PlanLink]], ctx.store.plans.of_year(year))
    _refuse_repeat(tasks, form.heading, form.title)
    now = timestamp(ctx.clock)
    task: TaskRecord = {
        "task_id": uuid.uuid4().hex,
        "year": year,
        "position": max((t["position"] for t in tasks), default=0) + 1,
        **task_fields(form),
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    recorded = audit.step(ctx, principal, "plan_task.created", record(year, task["task_id"]), now)
    write_tasks(ctx, [(task, None)], [], months_changed(task["window"]["to"]), recorded)
    return present(task, [], moment_of(ctx, year), names)


def _refuse_repeat(tasks: list[TaskRecord], heading: str, title: str, task_id: str = "") -> None:
    if any(t["heading"] == heading and t["title"] == title and t["task_id"] != task_id for t in tasks):
        raise AlreadyExists(f"“{heading}”下已有任务“{title}”")


def update(ctx: Context, principal: Principal, year_text: str, task_id: str, body: dict[str, Any]) -> ShownTask:
    year = year_param(year_text)
    form = validate_task(ctx, PlanTaskEditForm, year, body)
    names = unit_names(ctx)
    tasks, links = cast(tuple[list[TaskRecord], list[PlanLink]], ctx.store.plans.of_year(year))
    found = next((t for t in tasks if t["task_id"] == task_id), None)
    if found is None:
        raise NotFound("未找到该计划任务")
    current = as_stored(found)
    if "lead_unit_ids" not in body:  # a form that knows nothing of lead units does not clear them
        form.lead_unit_ids = [u for u in current["lead_unit_ids"] if u in form.unit_ids]
    if errors := unknown_units(form.unit_ids, names):
        raise ValidationFailed(errors)
    own = [link for link in links if link["task_id"] == task_id]
    if errors := linked_units_kept(current, form.unit_ids, own, names):
        raise ValidationFailed(errors)
    _refuse_repeat(tasks, form.heading, form.title, task_id)
    if form.version != current["version"]:
        raise VersionConflict(f"该计划任务已被修改（当前版本 {current['version']}），请刷新后再改")
    now = timestamp(ctx.clock)
    fields = task_fields(form)
    task: TaskRecord = {**current, **fields, "version": current["version"] + 1, "updated_at": now}
    changed = audit.changed(current, task, fields)
    recorded = audit.step(ctx, principal, "plan_task.updated", record(year, task_id), now, changed)
    months = months_changed(current["window"]["to"], task["window"]["to"])
    write_tasks(ctx, [(task, form.version)], [], months, recorded)
    return present(task, own, moment_of(ctx, year), names)


def linked_units_kept(
    current: TaskRecord, unit_ids: list[str], links: list[PlanLink], names: dict[str, str], field: str = ""
) -> list[dict[str, str]]:
    """A unit whose reports are linked to the task cannot be taken off it."""
    dropped = sorted({link["unit_id"] for link in links} - set(unit_ids))
    return [
        {"field": field or "unit_ids", "message": f"{names.get(u, u)}已有报告关联此任务，不能从责任单位中去掉"}
        for u in dropped
        if u in current["unit_ids"]
    ]


def delete(ctx: Context, principal: Principal, year_text: str, task_id: str) -> None:
    year = year_param(year_text)
    current = cast(TaskRecord | None, ctx.store.plans.get_task(year, task_id))
    if current is None:
        raise NotFound("未找到该计划任务")
    if linked := ctx.store.plans.task_links(year, task_id):
        raise StateConflict(f"该任务已有{len(linked)}份关联报告，不能删除；请先在报告中改选其他任务或取消关联")
    recorded = audit.step(ctx, principal, "plan_task.deleted", record(year, task_id), timestamp(ctx.clock))
    write_tasks(ctx, [], [(current, current["version"])], months_changed(current["window"]["to"]), recorded)


def write_tasks(
    ctx: Context,
    puts: list[tuple[TaskRecord, int | None]],
    deletes: list[tuple[TaskRecord, int]],
    months: set[str],
    recorded: Step,
) -> None:
    """Write and delete tasks all at once with the audit entry `recorded`, or VersionConflict if one of them
    changed meanwhile."""
    try:
        ctx.store.plans.write(
            cast(list[tuple[Item, int | None]], puts), cast(list[tuple[Item, int]], deletes), months, audit=recorded
        )
    except ConditionFailed:
        raise VersionConflict("该计划任务已被修改，请刷新后再改") from None


# --- reading -----------------------------------------------------------------------------


def show(ctx: Context, principal: Principal, year_text: str, unit_id: str | None) -> PlanView:
    """The plan with each task's progress: everything for the office (or one unit's tasks), a
    reporter its own unit's tasks and reports."""
    year = year_param(year_text)
    if not principal.is_office:
        if unit_id is not None:
            principal.require_unit(unit_id, "单位")
        unit_id = principal.unit_id
    tasks, links = ctx.store.plans.of_year(year)
    found = plan_at(year, tasks, links, moment_of(ctx, year), unit_names(ctx), unit_id)
    return {**found, "summary_requested": ctx.store.summaries.get(str(year)) is not None}


def get(ctx: Context, principal: Principal, year_text: str, task_id: str) -> ShownTask:
    year = year_param(year_text)
    task = cast(TaskRecord | None, ctx.store.plans.get_task(year, task_id))
    if task is None or not (principal.is_office or principal.unit_id in task["unit_ids"]):
        raise NotFound("未找到该计划任务")
    links = cast(list[PlanLink], ctx.store.plans.task_links(year, task_id))
    shown_unit = None if principal.is_office else principal.unit_id
    return present(task, links, moment_of(ctx, year), unit_names(ctx), shown_unit)
