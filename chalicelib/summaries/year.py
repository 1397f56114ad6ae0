"""A year's figures (to date), added up by the month's own code (pure, no AWS).

`YearTally` feeds every report of the year into one `MonthTally` for the year and
into one per month, so each figure of the year is the sum of the same figure of its
months by construction: the same `add`, over the same reports. Each month is closed
into its figures as the monthly compile closes it (`MonthTally.month_figures`), and the
year's completeness, per-month rows and co-building activities are the sums of those.
Then come what only a year has: the plan's progress, the agreements signed and ended
in the year, the surveys run, and the same months of the year before (同比, from its
stored summary). The 年度双拥工作总结 is written from these figures (year_narrative.py).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final, Literal, Never, cast

from chalicelib.agreements.models import AgreementState
from chalicelib.agreements.status import effective_status, ended_on
from chalicelib.core.dates import month_label, year_months
from chalicelib.core.money import to_yuan
from chalicelib.plans.records import TaskBrief
from chalicelib.reports.models import counts
from chalicelib.summaries.document import PeriodFigures, Summary
from chalicelib.summaries.parts import AgreementBrief, CoBuilding, EndedAgreement, Figures, UnitRow, UnitStatus
from chalicelib.summaries.registry import YEAR
from chalicelib.summaries.tally import NOT_RETURNED, MonthTally, jurisdiction_of
from chalicelib.summaries.year_parts import (
    ComparedFigure,
    LastYear,
    MonthDigest,
    MonthRow,
    SummaryPlan,
    SurveyItem,
    SurveyRun,
    SurveysRun,
    UnitList,
    YearCompleteness,
    YearOnYearRow,
    YearSpan,
)
from chalicelib.units.records import UnitRecord
from chalicelib.units.roster import unit_names

COMPLETENESS_COUNTS: Final = ("expected", "reported", "nil_reported", "missing", "returned", "on_time", "late")
# A unit's standing in the year, by its months' (the first it had in any month): reported, then 本月无活动 …
YEAR_STANDINGS: Final[tuple[UnitStatus, ...]] = ("reported", "nil", "missing", "pending")
MONTH_FIGURES: Final = ("reports", "participants", "reports_late", "units_reporting")
HEADLINE_FIGURES: Final = ("symposiums", "troop_visits", "beneficiary_households", "visit_funds_yuan")
ENDED = (AgreementState.EXPIRED, AgreementState.TERMINATED)
# The figures a year compares with the same months of the year before (同比): their key in the months' rows
# (by_month), how the sentence says them, and their unit in the 汇总 sheet.
COMPARED: tuple[tuple[ComparedFigure, str, str], ...] = (
    ("reports", "报送双拥活动{}项", "项"),
    ("participants", "参加{}人次", "人次"),
    ("symposiums", "召开拥军优属座谈会{}次", "次"),
    ("troop_visits", "走访驻军{}次", "次"),
    ("beneficiary_households", "走访优抚对象{}户", "户"),
    ("visit_funds_yuan", "走访慰问资金{}", "元"),
)


class YearTally:
    """The running tallies of a year and of each of its months."""

    def __init__(self, year: int, counting: str = NOT_RETURNED) -> None:
        self.year = year
        self.counting = counting
        self.total = MonthTally(counting)
        self.months: dict[str, MonthTally] = {}
        self.month_summaries: dict[str, MonthDigest] = {}
        self.units: dict[str, MonthTally] = {}  # each unit's counted reports: its paragraph's figures

    def add(self, month: str, report: dict[str, Any], counted: bool | None = None) -> None:
        self.total.add(report, counted)
        self.months.setdefault(month, MonthTally(self.counting)).add(report, counted)
        if counted if counted is not None else counts(report, self.counting):
            self.units.setdefault(str(report.get("unit_id")), MonthTally(self.counting)).add(report, True)

    def close_month(self, month: str, *args: Any, **kwargs: Any) -> PeriodFigures:
        """The month's figures, as the monthly compile closes it (same arguments as `MonthTally.month_figures`);
        the month's tallies are let go, the year keeps what it reads of the figures."""
        found = (self.months.pop(month, None) or MonthTally()).month_figures(month, *args, **kwargs)
        self.month_summaries[month] = cast(
            MonthDigest,
            {  # what the year reads of it: memory stays with units × months
                **{key: found[key] for key in ("month", "totals", "headline", "completeness", "plan_overdue")},
                "by_unit": [{k: row[k] for k in ("unit_id", "status", "on_time")} for row in found["by_unit"]],
            },
        )
        return found

    def year_figures(
        self,
        units: list[UnitRecord],
        agreements: list[dict[str, Any]],
        plan: SummaryPlan,
        surveys: list[SurveyRun],
        as_of: date,
        county: str,
        jurisdiction: str | None = None,
        previous: Summary | None = None,
    ) -> PeriodFigures:
        """The year's figures, all its summary holds but its words (summaries/narrate.py writes those); `previous`
        is the year before's stored summary (for 同比)."""
        names = unit_names(units)
        months = self.month_summaries
        result: PeriodFigures = {
            "year": str(self.year),
            "year_label": f"{self.year}年",
            "county": county,
            "jurisdiction": jurisdiction_of(county, jurisdiction),
            "as_of": as_of.isoformat(),
            "months": sorted(months),
            **self.total.figures(),
            "by_month": [_month_row(m, months.get(m)) for m in year_months(self.year)],
            "completeness": _completeness(months, names),
            "review": self.total.review_counts(names),
            "by_unit": self._unit_rows(units, months, as_of),
            "co_building": self._co_building(as_of, agreements, names),
            "plan": _plan(plan),
            "surveys": _surveys(surveys, names),
            "last_year": last_year(previous, sorted(months)),
        }
        result["year_on_year"] = year_on_year(result)
        return result

    def _unit_rows(self, units: list[UnitRecord], months: dict[str, MonthDigest], as_of: date) -> list[UnitRow]:
        """Each unit's months by standing (a month not yet due counts neither missing nor late), and its standing
        in the year: reported if it reported in any month, else 本月无活动, missing, not yet due, or not expected."""
        counts: dict[str, dict[UnitStatus | Literal["late"], int]] = {}
        for found in months.values():
            for row in found["by_unit"]:
                seen = counts.setdefault(row["unit_id"], dict.fromkeys((*YEAR_STANDINGS, "late"), 0))
                seen[row["status"]] = seen.get(row["status"], 0) + 1
                seen["late"] += row["on_time"] is False
        standing: dict[str, UnitStatus] = {
            unit_id: next((s for s in YEAR_STANDINGS if seen[s]), "not_expected")
            for unit_id, seen in counts.items()
            if any(seen[s] for s in YEAR_STANDINGS)
        }
        rows = self.total.unit_rows(units, [], as_of, standing)
        for row in rows:
            seen = counts.get(row["unit_id"], dict.fromkeys((*YEAR_STANDINGS, "late"), 0))
            row["months_reported"], row["months_nil"] = seen["reported"], seen["nil"]
            row["months_missing"], row["months_late"] = seen["missing"], seen["late"]
            row["on_time"] = not seen["late"] if row["status"] in ("reported", "nil") else None
        return rows

    def unit_figures(self) -> dict[str, Figures]:
        """Each unit's figures of the year, from its counted reports: what its paragraph says it did."""
        return {unit_id: tally.figures() for unit_id, tally in self.units.items()}

    def _co_building(self, as_of: date, agreements: list[dict[str, Any]], names: dict[str, str]) -> CoBuilding:
        found = self.total.co_building(as_of, agreements, names)
        year = str(self.year)

        def brief(agreement: dict[str, Any]) -> AgreementBrief:
            keys = ("agreement_id", "title", "unit_id", "military_unit", "signed_on", "valid_from", "valid_to")
            return cast(
                AgreementBrief,
                {
                    **{k: agreement[k] for k in keys},
                    "unit_name": names.get(agreement["unit_id"], agreement["unit_id"]),
                },
            )

        signed = [brief(a) for a in agreements if a["signed_on"][:4] == year]
        # no longer in force on `as_of`, since a day of the year: its period ran out, or it was ended
        ended: list[EndedAgreement] = [
            {**brief(a), "status": effective_status(a, as_of)}
            for a in agreements
            if effective_status(a, as_of) in ENDED and ended_on(a).year == self.year
        ]
        signed.sort(key=lambda a: (a["signed_on"], a["agreement_id"]))
        ended.sort(key=lambda a: (a["valid_to"], a["agreement_id"]))
        return {**found, "signed": signed, "ended": ended}


def _month_row(month: str, found: MonthDigest | None) -> MonthRow:
    row: dict[str, Any] = {"month": month, "month_label": month_label(month), "compiled": found is not None}
    totals, head = (found or {}).get("totals", {}), (found or {}).get("headline", {})
    row.update({key: totals.get(key, 0) for key in MONTH_FIGURES})
    row.update({key: head.get(key, 0) for key in HEADLINE_FIGURES})
    if found is None:
        row["visit_funds_yuan"] = to_yuan(0)
    done = (found or {}).get("completeness", {})
    row["units_missing"] = done.get("missing", 0)
    row["plan_overdue"] = len((found or {}).get("plan_overdue", []))
    return cast(MonthRow, row)


def _completeness(months: dict[str, MonthDigest], names: dict[str, str]) -> YearCompleteness:
    """The completeness of the months whose deadline has passed added up (unit·months), and each unit's months
    missing, nil, late or returned in them; a month not yet due is judged by none of it, only named."""
    judged = {month: found for month, found in months.items() if found["completeness"]["due"]}
    result: dict[str, Any] = {
        "months": len(judged),
        "judged_through": max(judged, default=None),
        "not_yet_due": sorted(set(months) - set(judged)),
    }
    for key in COMPLETENESS_COUNTS:
        result[key] = sum(found["completeness"][key] for found in judged.values())
    for key in cast("tuple[UnitList, ...]", ("missing_units", "nil_units", "late_units", "returned_units")):
        per_unit: dict[str, list[str]] = {}
        for month, found in sorted(judged.items()):
            for unit in found["completeness"][key]:
                per_unit.setdefault(unit["unit_id"], []).append(month)
        result[key] = [
            {"unit_id": u, "name": names.get(u, u), "months": ms, "count": len(ms)} for u, ms in per_unit.items()
        ]
    return cast(YearCompleteness, result)


def _plan(plan: SummaryPlan) -> SummaryPlan:
    """The plan's progress without the linked reports' lists (their count stays)."""
    keys = (
        "task_id",
        "area",
        "heading",
        "title",
        "unit_ids",
        "unit_names",
        "lead_unit_ids",
        "window",
        "activity_types",
        "target",
        "progress",
    )
    return {**plan, "tasks": [cast(TaskBrief, {k: task.get(k) for k in keys}) for task in plan["tasks"]]}


def _surveys(surveys: list[SurveyRun], names: dict[str, str]) -> SurveysRun:
    items: list[SurveyItem] = [
        {**s, "unit_name": names.get(cast(str, s["unit_id"]), "县双拥办") if s.get("unit_id") else "县双拥办"}
        for s in surveys
    ]
    return {"run": len(items), "responses": sum(s["responses"] for s in items), "items": items}


def period_text(summary: YearSpan) -> str:
    """ "2026年" once the year is over, else "2026年1月至8月"."""
    months = summary["months"]
    if len(months) == 12 or not months:
        return summary["year_label"]
    first, last = int(months[0][5:]), int(months[-1][5:])
    return f"{summary['year_label']}{first}月" + (f"至{last}月" if last != first else "")


def judged_text(summary: Summary) -> str:
    """Up to which month the year judges who reported: "截至11月，已到报送期限的11个月" (a month before its
    deadline is judged by none of it), "全年12个月" once all are due."""
    done = cast(YearCompleteness, summary["completeness"])
    if done["months"] == 12:
        return "全年12个月"
    if not done["judged_through"]:
        return "尚无已到报送期限的月份"
    return f"截至{int(done['judged_through'][5:])}月，{YEAR.say(summary, 'completeness.months')}"


# --- 同比: the same months of the year before ------------------------------------------------------------


def last_year(previous: Summary | None, months: list[str]) -> LastYear | None:
    """What the year before's stored summary says of the same months: the COMPARED figures, added up from its
    months' rows, and, when it covered exactly these months, every type's figures (by "type.figure"). None when
    there is none, it lacks one of the months, or it cannot be read."""
    if not previous or not months:
        return None
    shifted = [f"{int(m[:4]) - 1}{m[4:]}" for m in months]
    try:
        rows: dict[str, MonthRow | dict[str, Never]] = {row["month"]: row for row in previous["by_month"]}
        if not all(rows.get(m, {}).get("compiled") for m in shifted):
            return None
        figures: dict[str, int | Decimal] = {key: sum(rows[m][key] for m in shifted) for key, _, _ in COMPARED}
        if previous["months"] == shifted:
            for row in previous["by_type"]:
                figures[f"{row['activity_type']}.reports"] = row["reports"]
                figures.update({f"{row['activity_type']}.{f['code']}": f["value"] for f in row["figures"]})
            figures.update({f"organisation.{r['kind']}": r["meetings"] for r in previous.get("organisation", [])})
    except (KeyError, TypeError, AttributeError):
        return None
    year = str(int(months[0][:4]) - 1)
    return {"year": year, "period": period_text({"months": shifted, "year_label": f"{year}年"}), "figures": figures}


def change(this: Any, last: Any) -> Decimal | None:
    """The change from `last` to `this` in percent, to one decimal, half up; None when `last` is 0 or missing."""
    if not last:
        return None
    return ((Decimal(this) - Decimal(last)) * 100 / Decimal(last)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def year_on_year(summary: PeriodFigures) -> list[YearOnYearRow]:
    """The COMPARED figures of the year beside the same months of the year before (empty without them)."""
    if summary["last_year"] is None:
        return []
    this = {key: sum(row[key] for row in summary["by_month"]) for key, _, _ in COMPARED}
    last = summary["last_year"]["figures"]
    return [
        {"figure": key, "this": this[key], "last": last[key], "unit": unit, "change": change(this[key], last[key])}
        for key, _, unit in COMPARED
    ]
