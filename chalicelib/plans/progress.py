"""A plan task's progress, judged from the reports linked to it (pure, no AWS).

| state | when |
|---|---|
| done (已完成) | the target is met by the linked reports; without a target, at least one is linked |
| in_progress (进行中) | some reports are linked, the target is not met yet (even once the window is over) |
| not_started (未开始) | no report is linked and the window is not over |
| overdue (逾期未报) | the window is over and no report is linked |

Only reports dated inside the task's window count: a linked report dated outside it is
shown flagged (`outside_window`, 不在计划时间内) and counts toward nothing. A recurring
task (每季度) has several windows: it is done when its target is met and each window has
a counted report, overdue once a window is over without one, and shows each window's
state.

Links are copies of live reports (a withdrawn report has none), so nothing withdrawn
is counted; nor is a report the office returned for correction (退回修改), until it is
corrected. Progress is judged at a `Moment`: the links of reports dated up to a day
count, and a window is over when it ended before another. Right now that is today
(a window ending today is still open); at the close of a period (a month, a year)
that is over, it is the period's last day, with the window over if it ended by then.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from chalicelib.core.catalogue import FigureKind, area_for
from chalicelib.core.money import to_fen, to_yuan, yuan_text
from chalicelib.plans.models import figure_choices
from chalicelib.plans.records import (
    OverdueLine,
    PlanLink,
    Progress,
    ShownLink,
    ShownPlan,
    ShownTarget,
    ShownTask,
    StateCounts,
    TargetRecord,
    TaskRecord,
    TaskState,
    WindowProgress,
    WindowSpan,
    WindowState,
)
from chalicelib.plans.windows import windows_of
from chalicelib.reports.figures import figure_values

STATE_LABELS = {"done": "已完成", "in_progress": "进行中", "not_started": "未开始", "overdue": "逾期未报"}


@dataclass(frozen=True)
class Moment:
    counted_through: date  # reports dated up to this day count
    over_before: date  # a window that ended before this day is over

    @classmethod
    def during(cls, today: date) -> Moment:
        return cls(today, today)

    @classmethod
    def after(cls, day: date) -> Moment:
        return cls(day, day + timedelta(days=1))

    @classmethod
    def closing(cls, end: date, today: date) -> Moment:
        """At the close of a period ending on `end`: after it once it is over, else today."""
        return cls.after(end) if end < today else cls.during(today)


def _kind(task: TaskRecord, figure: str) -> tuple[str, str, FigureKind]:
    return figure_choices(list(task.get("activity_types") or []))[figure]


def measure(figure: str, links: list[PlanLink]) -> int:
    """The links' total of a target's figure: reports, participants, or a figure (money in fen)."""
    if figure == "reports":
        return len(links)
    if figure == "participants":
        return sum(int(link.get("participants") or 0) for link in links)
    return sum(figure_values(cast(dict[str, Any], link)).get(figure, 0) for link in links)


def amount_text(task: TaskRecord, figure: str, amount: int) -> str:
    """A measured amount as the plan writes it: "活动4次", "走访户数16户", "慰问金62000元"."""
    label, unit, kind = _kind(task, figure)
    return f"{label}{yuan_text(amount)}" if kind is FigureKind.MONEY else f"{label}{amount}{unit}"


def target_amount(task: TaskRecord) -> int:
    target = cast(TargetRecord, task["target"])  # a task with a target
    money = _kind(task, target["figure"])[2] is FigureKind.MONEY
    return to_fen(target["value"]) if money else int(target["value"])


def target_label(task: TaskRecord) -> str | None:
    return (
        amount_text(task, cast(TargetRecord, task["target"])["figure"], target_amount(task))
        if task.get("target")
        else None
    )


def _returned(link: PlanLink) -> bool:
    return (link.get("review") or {}).get("state") == "returned"


def _in_window(link: PlanLink, parts: list[WindowSpan]) -> bool:
    return any(part["from"] <= link["occurred_on"] <= part["to"] for part in parts)


def progress(task: TaskRecord, links: list[PlanLink], moment: Moment) -> Progress:
    """The task's state at the moment, from its links dated inside its window(s)."""
    through = moment.counted_through.isoformat()
    parts = windows_of(task["window"])
    counted = [
        link for link in links if link["occurred_on"] <= through and not _returned(link) and _in_window(link, parts)
    ]
    achieved: int | Decimal | None = None
    achieved_text = None
    if task.get("target"):
        figure = cast(TargetRecord, task["target"])["figure"]
        amount = measure(figure, counted)
        done = amount >= target_amount(task)
        achieved = to_yuan(amount) if _kind(task, figure)[2] is FigureKind.MONEY else amount
        achieved_text = amount_text(task, figure, amount)
    else:
        done = bool(counted)
    windows = [_window_progress(part, counted, moment) for part in parts]
    done = done and all(window["reports"] for window in windows)
    missed = any(window["state"] == "overdue" for window in windows)
    state: TaskState = "done" if done else "overdue" if missed else "in_progress" if counted else "not_started"
    per_unit = Counter(link["unit_id"] for link in counted)
    return {
        "state": state,
        "label": STATE_LABELS[state],
        "window_state": _window_state(task["window"], moment),
        "reports": len(counted),
        "achieved": achieved,
        "achieved_text": achieved_text,
        "units": [{"unit_id": u, "reports": per_unit.get(u, 0)} for u in _units(task, per_unit)],
        "windows": windows if len(windows) > 1 else None,
    }


def _window_state(window: WindowSpan, moment: Moment) -> WindowState:
    if date.fromisoformat(window["to"]) < moment.over_before:
        return "passed"
    return "upcoming" if date.fromisoformat(window["from"]) > moment.counted_through else "open"


def _window_progress(part: WindowSpan, counted: list[PlanLink], moment: Moment) -> WindowProgress:
    """One window of a recurring task (每季度): done once a counted report is dated in it, overdue when it
    is over without one."""
    reports = sum(1 for link in counted if part["from"] <= link["occurred_on"] <= part["to"])
    window_state = _window_state(part, moment)
    state: TaskState = "done" if reports else "overdue" if window_state == "passed" else "not_started"
    return {**part, "window_state": window_state, "state": state, "label": STATE_LABELS[state], "reports": reports}


def _units(task: TaskRecord, per_unit: Counter[str]) -> list[str]:
    return list(task["unit_ids"]) + sorted(u for u in per_unit if u not in task["unit_ids"])


def links_by_task(links: Iterable[PlanLink]) -> dict[str, list[PlanLink]]:
    found: dict[str, list[PlanLink]] = defaultdict(list)
    for link in links:
        found[link["task_id"]].append(link)
    return found


def present(
    task: TaskRecord,
    links: list[PlanLink],
    moment: Moment,
    names: dict[str, str],
    unit_id: str | None = None,
) -> ShownTask:
    """A task as the API shows it: its progress and its linked reports (only `unit_id`'s, when given)."""
    found = progress(task, links, moment)
    for row in found["units"]:
        row["name"] = names.get(row["unit_id"], row["unit_id"])
    shown = sorted(
        (link for link in links if unit_id is None or link["unit_id"] == unit_id),
        key=lambda link: (link["occurred_on"], link["report_id"]),
    )
    target: ShownTarget | None = (
        {**cast(TargetRecord, task["target"]), "label": target_label(task)} if task.get("target") else None
    )
    parts = windows_of(task["window"])
    return {
        **task,
        "area": task.get("area") or area_for(task["heading"], task["activity_types"]),  # tasks stored before areas
        "unit_names": [names.get(u, u) for u in task["unit_ids"]],
        "lead_unit_ids": task.get("lead_unit_ids", []),
        "target": target,
        "progress": found,
        "reports": [
            cast(
                ShownLink,
                {
                    **{k: link[k] for k in ("report_id", "unit_id", "title", "occurred_on", "activity_type")},
                    "outside_window": not _in_window(link, parts),
                },
            )
            for link in shown
        ],
    }


def overview(year: int, as_of: date, presented: list[ShownTask]) -> ShownPlan:
    """The plan: its tasks, how many are in each state, and the same per heading (in plan order)."""
    headings: dict[str, Counter[str]] = {}
    for task in presented:
        headings.setdefault(task["heading"], Counter())[task["progress"]["state"]] += 1

    def counts(states: Counter[str]) -> StateCounts:
        return cast(
            StateCounts, {"tasks": sum(states.values()), **{state: states.get(state, 0) for state in STATE_LABELS}}
        )

    return {
        "year": year,
        "as_of": as_of.isoformat(),
        "counts": counts(sum(headings.values(), Counter())),
        "headings": [{"heading": heading, **counts(states)} for heading, states in headings.items()],
        "tasks": presented,
    }


def plan_at(
    year: int,
    tasks: list[dict[str, Any]],
    links: list[dict[str, Any]],
    moment: Moment,
    names: dict[str, str],
    unit_id: str | None = None,
) -> ShownPlan:
    """The whole plan at a moment; with `unit_id`, that unit's tasks and its own linked reports."""
    # The year's tasks and links as the table gives them (ctx.store.plans.of_year)
    grouped = links_by_task(cast(list[PlanLink], links))
    shown = [t for t in cast(list[TaskRecord], tasks) if unit_id is None or unit_id in t["unit_ids"]]
    presented = [present(t, grouped.get(t["task_id"], []), moment, names, unit_id) for t in shown]
    return overview(year, moment.counted_through, presented)


def overdue_lines(plan: ShownPlan) -> list[OverdueLine]:
    """The overdue tasks of a plan, as the monthly summary lists them."""
    return [
        {
            "task_id": task["task_id"],
            "heading": task["heading"],
            "title": task["title"],
            "units": "、".join(task["unit_names"]),
            "window": task["window"]["text"],
            "window_to": task["window"]["to"],
        }
        for task in cast(ShownPlan, plan)["tasks"]  # as plan_at answers it
        if task["progress"]["state"] == "overdue"
    ]
