"""What only a year's summary has: its months, its completeness in unit·months, the plan's progress, the
surveys, the same months of the year before (同比), the office's own words. Plain dicts at runtime, typed: see
document.py for the summary they make up.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, NotRequired

from typing_extensions import TypedDict  # pydantic reads TypedDicts from typing_extensions before Python 3.12

from chalicelib.plans.records import HeadingCounts, OverdueLine, StateCounts, TaskBrief
from chalicelib.summaries.parts import Completeness, Headline, NamedUnit, Totals, UnitStatus
from chalicelib.surveys.records import SurveyRun

ComparedFigure = Literal[
    "reports", "participants", "symposiums", "troop_visits", "beneficiary_households", "visit_funds_yuan"
]  # the figures a year compares with the same months of the year before (year.py COMPARED)
UnitList = Literal["missing_units", "nil_units", "late_units", "returned_units"]  # the lists of units in completeness


# --- the months and who reported in them ----------------------------------------------------------------------


class MonthRow(TypedDict):
    """A month of the year (分月): whether it was compiled, its reports and the 情况汇报's figures."""

    month: str
    month_label: str
    compiled: bool
    reports: int
    participants: int
    reports_late: int
    units_reporting: int
    symposiums: int
    troop_visits: int
    beneficiary_households: int
    visit_funds_yuan: Decimal
    units_missing: int
    plan_overdue: int


class UnitMonthStatus(TypedDict):
    """Whether a unit reported in a month, and on time."""

    unit_id: str
    status: UnitStatus
    on_time: bool | None


class MonthDigest(TypedDict, total=False):
    """What a year keeps of each month it closed: its figures the year adds up, and who reported."""

    month: str
    totals: Totals
    headline: Headline
    completeness: Completeness
    plan_overdue: list[OverdueLine]
    by_unit: list[UnitMonthStatus]


class UnitMonths(NamedUnit):
    """A unit and the months of the year it was missing, nil, late or returned in (and how many)."""

    months: list[str]
    count: int


class YearCompleteness(TypedDict):
    """The year's 报送情况: the completeness of its months whose deadline has passed added up (unit·months), up
    to which month (`judged_through`), the months compiled but not yet due, and each unit's months."""

    months: int
    judged_through: str | None
    not_yet_due: list[str]
    expected: int
    reported: int
    nil_reported: int
    missing: int
    returned: int
    on_time: int
    late: int
    missing_units: list[UnitMonths]
    nil_units: list[UnitMonths]
    late_units: list[UnitMonths]
    returned_units: list[UnitMonths]


# --- the plan (plans/progress.py, as the year's summary keeps it) ---------------------------------------------


class SummaryPlan(TypedDict):
    """The year's plan at its close (or today): its tasks' progress, counted overall and by heading."""

    year: int
    as_of: str
    counts: StateCounts
    headings: list[HeadingCounts]
    tasks: list[TaskBrief]


# --- the surveys, the year before, the office's words ---------------------------------------------------------


class SurveyItem(SurveyRun):
    """A survey opened in the year, with the name of who ran it."""

    unit_name: str


class SurveysRun(TypedDict):
    """The surveys opened in the year: how many, their responses, each of them."""

    run: int
    responses: int
    items: list[SurveyItem]


class YearSpan(TypedDict, total=False):
    """The months a year's summary covers (so far) and the year in words: what its period is called by."""

    months: list[str]
    year_label: str


class LastYear(TypedDict):
    """The same months of the year before (同比): its year, the period in words, its figures by key."""

    year: str
    period: str
    figures: dict[str, int | Decimal]


class YearOnYearRow(TypedDict):
    """A figure of the year beside the same months of the year before, and the change in percent."""

    figure: ComparedFigure
    this: int | Decimal
    last: int | Decimal
    unit: str
    change: Decimal | None


class OfficeNotes(TypedDict, total=False):
    """The county office's own words in its year summary: 存在的问题, 下一步工作打算, a paragraph per area."""

    problems: str
    next_steps: str
    areas: dict[str, str]


class StoredNotes(OfficeNotes):
    """The office's words as stored, versioned like a report (version 0: none written yet)."""

    version: int
    updated_at: NotRequired[str]
    updated_by: NotRequired[str]
