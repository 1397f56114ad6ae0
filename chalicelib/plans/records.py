"""The records the year's plan keeps and hands on, as typed dicts: a stored task, its window and target, a
report's link to it (see db/plans.py for how they are stored), a task's progress, the plan as shown, and a
row of the 任务分解表 being imported.

The API's models (models.py) describe the same answers for the OpenAPI document; these are what the code
passes around, so that every key it reads or writes is checked.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, NotRequired

from typing_extensions import TypedDict  # the answers' models read them: pydantic wants this one before 3.12

TaskState = Literal["done", "in_progress", "not_started", "overdue"]
WindowState = Literal["upcoming", "open", "passed"]

# A window's first and last day, ISO dates ("from" is a keyword: the functional form of a TypedDict).
_Span = TypedDict("_Span", {"from": str, "to": str})


# --- stored -------------------------------------------------------------------------------


class WindowSpan(_Span):
    """One window of a task: its first and last day, and how the plan words it (春节期间, 4月至6月)."""

    text: str


class WindowItem(WindowSpan):
    """A task's stored window: the span of its windows, with each of them as `parts` when there are several."""

    parts: NotRequired[list[WindowSpan]]


class TargetRecord(TypedDict):
    """A task's target as stored: the figure its linked reports count, and the amount to reach (money in yuan)."""

    figure: str
    value: int | Decimal


class _TaskWording(TypedDict):
    """What the office writes of a task in the 任务分解表: heading, task, units, window, types, target."""

    heading: str
    title: str
    unit_ids: list[str]
    window: WindowItem
    activity_types: list[str]
    target: TargetRecord | None


class TaskFields(_TaskWording):
    """What a task form sets on a stored task (service.task_fields)."""

    area: str
    lead_unit_ids: list[str]


class TaskRecord(_TaskWording):
    """A stored plan task: what the office wrote, its place in the year's plan, and its version."""

    task_id: str
    year: int
    position: int
    area: NotRequired[str]  # tasks stored before areas have none
    lead_unit_ids: NotRequired[list[str]]  # tasks stored before leads have none: no unit leads
    version: int
    created_at: str
    updated_at: str


class LinkReview(TypedDict, total=False):
    """The office's review of a linked report, as the report holds it (reports stored before reviews have none)."""

    state: str
    comment: str
    by: str
    by_name: str
    at: str


class PlanLink(TypedDict):
    """A live report's link to its plan task: the copy of the report's fields that its progress reads."""

    task_id: str
    report_id: str
    unit_id: str
    occurred_on: str
    title: str
    activity_type: str
    participants: int | None
    metrics: Any  # the report's figures as the report stores them (read by reports/figures.py)
    review: NotRequired[LinkReview | None]  # links written before reviews have none


# --- shown --------------------------------------------------------------------------------


class UnitProgress(TypedDict):
    """How many counted reports a responsible unit (or another that linked one) has for a task."""

    unit_id: str
    reports: int
    name: NotRequired[str]  # added as the task is shown


class WindowProgress(WindowSpan):
    """One window of a recurring task (每季度), with its state and its counted reports."""

    window_state: WindowState
    state: TaskState
    label: str
    reports: int


class Progress(TypedDict):
    """A task's progress at a moment: its state, what its counted reports achieved, per unit and per window."""

    state: TaskState
    label: str
    window_state: WindowState
    reports: int
    achieved: int | Decimal | None
    achieved_text: str | None
    units: list[UnitProgress]
    windows: list[WindowProgress] | None  # a task with several windows only


class ShownTarget(TargetRecord):
    """A task's target as shown, with its words ("活动4次")."""

    label: str | None


class ShownLink(TypedDict):
    """A linked report as its task shows it, flagged when dated outside the task's window."""

    report_id: str
    unit_id: str
    title: str
    occurred_on: str
    activity_type: str
    outside_window: bool


class TaskBrief(TypedDict):
    """A task at a moment, as the year's summary keeps it: what it is, who does it, when, and its progress."""

    task_id: str
    heading: str
    area: str
    title: str
    unit_ids: list[str]
    unit_names: list[str]
    lead_unit_ids: NotRequired[list[str]]  # summaries compiled before lead units were kept have none
    window: WindowItem
    activity_types: list[str]
    target: ShownTarget | None
    progress: Progress


class ShownTask(TaskBrief):
    """A task as the API shows it: as stored, with its units' names, its target's words, progress and reports."""

    year: int
    position: int
    version: int
    created_at: str
    updated_at: str
    reports: list[ShownLink]


class StateCounts(TypedDict):
    """How many tasks there are, and how many in each state."""

    tasks: int
    done: int
    in_progress: int
    not_started: int
    overdue: int


class HeadingCounts(StateCounts):
    """The counts of one heading's tasks."""

    heading: str


class ShownPlan(TypedDict):
    """The year's plan at a moment: its tasks as shown, with their counts, in all and per heading."""

    year: int
    as_of: str
    counts: StateCounts
    headings: list[HeadingCounts]
    tasks: list[ShownTask]


class PlanView(ShownPlan):
    """The plan as GET /plans/{year} answers it: whether the year's summary has been asked for too."""

    summary_requested: bool


class OverdueLine(TypedDict):
    """An overdue task as the monthly summary lists it."""

    task_id: str
    heading: str
    title: str
    units: str
    window: str
    window_to: str


class ImportResult(TypedDict):
    """What an import of the 任务分解表 did: how many tasks it created, updated and left alone, and the tasks."""

    year: int
    created: int
    updated: int
    unchanged: int
    tasks: list[ShownTask]


# --- imported -----------------------------------------------------------------------------


class SheetCells(TypedDict):
    """A row of the 任务分解表 by field: each cell's text (units from every unit column), None when blank."""

    heading: str | None
    title: str | None
    unit_ids: str | None
    lead_unit_ids: str | None  # the units the table names as leading: its 牵头单位 column, or those beside 配合单位
    window: Any  # the time cell as the sheet holds it: text, or a date (or a number) for a day
    activity_types: str | None
    target: str | None
    area: str | None


class SheetRow(SheetCells):
    """A task row of the 任务分解表 as read: its cells, its heading from the rows above, their area's words."""

    area_hint: str | None
