"""A month and days of a year as periods of the compile: the tallies the one pipeline feeds, closed into
their figures (a year's is year.py `YearTally`)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from chalicelib.summaries.document import PeriodFigures
from chalicelib.summaries.periods import Period
from chalicelib.summaries.tally import DAYS_COMPLETENESS, NOT_RETURNED, MonthTally, jurisdiction_of
from chalicelib.units.records import UnitRecord
from chalicelib.units.roster import unit_names


class MonthPeriod:
    """A month as a period of the compile: the one month's tally, closed into its summary."""

    def __init__(self, counting: str = NOT_RETURNED) -> None:
        self.tally = MonthTally(counting)
        self.closed: PeriodFigures = cast(PeriodFigures, {})  # the month's figures, once it is closed

    def add(self, month: str, report: dict[str, Any], counted: bool | None = None) -> None:
        self.tally.add(report, counted)

    def close_month(self, month: str, *args: Any, **kwargs: Any) -> PeriodFigures:
        """The month's figures (same arguments as `MonthTally.month_figures`)."""
        self.closed = self.tally.month_figures(month, *args, **kwargs)
        return self.closed


class DaysPeriod:
    """Days of a year as a period of the compile (a date range, several, a festival's window): one tally over
    the reports of its days. Units report by month, so who reported on time is judged by month, not here."""

    def __init__(self, period: Period, counting: str = NOT_RETURNED) -> None:
        self.period = period
        self.tally = MonthTally(counting)

    def add(self, month: str, report: dict[str, Any], counted: bool | None = None) -> None:
        self.tally.add(report, counted)

    def close_month(self, month: str, *args: Any, **kwargs: Any) -> None:
        """Nothing to close: the period's figures are its days', whatever months they fall in."""

    def period_figures(
        self,
        units: list[UnitRecord],
        agreements: list[dict[str, Any]],
        as_of: date,
        county: str,
        jurisdiction: str | None = None,
    ) -> PeriodFigures:
        """The period's figures: the month's shape, with `completeness` null and said why."""
        from chalicelib.summaries.periods import identity

        tally, names = self.tally, unit_names(units)
        rows = tally.unit_rows(units, [], as_of)
        for row in rows:  # no report in the period is no fault: the month's summary judges that
            row["status"] = "reported" if row["unit_id"] in tally.filed else "none"
            row["on_time"] = None
        result: PeriodFigures = {
            **identity(self.period),
            "county": county,
            "jurisdiction": jurisdiction_of(county, jurisdiction),
            "as_of": as_of.isoformat(),
            **tally.figures(),
            "completeness": None,
            "completeness_note": DAYS_COMPLETENESS,
            "review": tally.review_counts(names),
            "by_unit": rows,
            "co_building": tally.co_building(as_of, agreements, names),
            "plan_overdue": [],
        }
        return result
