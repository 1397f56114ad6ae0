"""The summary document, as typed dicts: what the compile builds (tally.py, year.py, narrate.py), what its files
are written from (month_files.py, year_files.py), what summary.json holds and GET /summaries/{period} serves
(models.py types its answers with the same parts, so the OpenAPI document describes each of them).

One `Summary` stands for a month's, a year's and days' summary: a key only some kinds of period have is
NotRequired (a month has `deadline`, a year `by_month` and `plan`, days `ranges` …), and a part whose shape
differs by period says so (a month's `Completeness`, a year's `YearCompleteness`, days' None). Its parts are in
parts.py (every period's) and year_parts.py (a year's). Money is Decimal yuan; dates are ISO text (YYYY-MM-DD).
These are plain dicts at runtime: nothing here builds or checks anything.
"""

from __future__ import annotations

from typing import Literal, NotRequired

from typing_extensions import TypedDict  # pydantic reads TypedDicts from typing_extensions before Python 3.12

from chalicelib.plans.records import OverdueLine
from chalicelib.reports.warnings import Norms
from chalicelib.summaries.parts import (
    Activity,
    CoBuilding,
    Completeness,
    DateRange,
    Figures,
    OrgBrief,
    OrgRow,
    Paragraph,
    ReviewCounts,
    ShownFigure,
    UnitBrief,
    UnitRow,
    UnreadableRow,
)
from chalicelib.summaries.quality import QualityFinding
from chalicelib.summaries.year_parts import (
    LastYear,
    MonthRow,
    OfficeNotes,
    SummaryPlan,
    SurveysRun,
    YearCompleteness,
    YearOnYearRow,
)


class Identity(TypedDict, total=False):
    """Which period a summary is of: a month, a year, or days of a year (periods.py `identity`)."""

    month: str
    month_label: str
    year: str
    year_label: str
    period: str
    period_label: str
    ranges: list[DateRange]


class PeriodFigures(Figures, Identity):
    """A period's figures: all its summary holds but its words (tally.py for a month or days, year.py a year)."""

    county: str
    jurisdiction: str
    as_of: str
    deadline: NotRequired[str]
    months: NotRequired[list[str]]
    by_month: NotRequired[list[MonthRow]]
    completeness: Completeness | YearCompleteness | None
    completeness_note: NotRequired[str]
    review: ReviewCounts
    by_unit: list[UnitRow]
    co_building: CoBuilding
    plan_overdue: NotRequired[list[OverdueLine]]
    plan: NotRequired[SummaryPlan]
    surveys: NotRequired[SurveysRun]
    last_year: NotRequired[LastYear | None]
    year_on_year: NotRequired[list[YearOnYearRow]]
    unit: NotRequired[UnitBrief]  # a unit's own summary: whose, and each activity it counts
    activities: NotRequired[list[Activity]]
    org: NotRequired[OrgBrief]  # a city's or a province's: whose, and each county's row (rollup.py)
    by_org: NotRequired[list[OrgRow]]


class Summary(PeriodFigures):
    """A period's summary (summary.json): its figures and its words, the office's notes (a year) and the reports
    left out; `profile` and `unreadable` are set as the compile finishes it."""

    narrative: list[Paragraph]
    figures: NotRequired[list[ShownFigure]]
    notes: NotRequired[OfficeNotes]
    unreadable: NotRequired[list[UnreadableRow]]
    quality: NotRequired[list[QualityFinding]]


# --- the compile's record and the answer's state --------------------------------------------------------------


class ReadyCompile(TypedDict):
    """A compile written whole (the summary record's `ready`): where its files are, what data it was made from."""

    prefix: str
    digest: str
    changes: int
    texts: dict[str, int]
    year_before: NotRequired[str | None]
    norms: NotRequired[Norms]  # a month's: what its counted reports add to the history (reports/warnings.py)
    verified: bool
    next_deadline: NotRequired[str | None]  # the first deadline still ahead of a month judged (compiling.py)
    reports: int
    compiled_at: str
    request_id: NotRequired[str]


class RequestState(TypedDict):
    """The period's latest compile request: who asked when, and how it stands (compiling, ready, failed)."""

    request_id: str
    requested_at: str
    requested_by: str
    state: Literal["compiling", "ready", "failed"]
    finished_at: NotRequired[str]


class CompileFailure(TypedDict):
    """Why the latest compile failed, and when."""

    request_id: str
    reason: str
    at: str
