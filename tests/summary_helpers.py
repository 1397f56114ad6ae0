"""A month's or a year's summary straight from lists of reports: the compile's tallies without the table."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from chalicelib.summaries.tally import MonthTally
from chalicelib.summaries.year import YearTally

# A year's sections when every area has something to say, in the county's order (core/catalogue.AREAS).
EVERY_AREA = [
    "一、组织领导",
    "二、宣传教育（含国防教育）",
    "三、拥军优属",
    "四、法律拥军",
    "五、军地共建",
    "六、退役军人服务",
    "七、其他工作",
]


def summarise(
    month: str,
    reports: Iterable[dict[str, Any]],
    units: list[dict[str, Any]],
    nil_reports: list[dict[str, Any]],
    agreements: list[dict[str, Any]],
    deadline: date,
    county: str = "本县",
    overdue_tasks: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    tally = MonthTally()
    for report in reports:
        tally.add(report)
    return tally.summary(month, units, nil_reports, agreements, deadline, county, overdue_tasks)


def summarise_year(
    year: int,
    reports: dict[str, Iterable[dict[str, Any]]],
    units: list[dict[str, Any]],
    nil_reports: dict[str, list[dict[str, Any]]],
    agreements: list[dict[str, Any]],
    deadlines: dict[str, date],
    plan: dict[str, Any] | None = None,
    as_of: date | None = None,
    previous: dict[str, Any] | None = None,
    notes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The year from its months' reports, for the months given (keys of `reports`); `previous` is the year
    before's summary, `notes` the office's words."""
    tally = YearTally(year)
    for month, found in sorted(reports.items()):
        for report in found:
            tally.add(month, report)
        tally.close_month(month, units, nil_reports.get(month, []), agreements, deadlines[month], "本县", None)
    empty_plan = {"counts": {"tasks": 0}, "headings": [], "tasks": []}
    return tally.summary(
        units, agreements, plan or empty_plan, [], as_of or date(year, 12, 31), "本县", None, previous, notes
    )


def numbered_headings(paragraphs: list[str]) -> list[str]:
    """A Word draft's section headings (一、… 十、…), in order."""
    return [p for p in paragraphs if re.match(r"[一二三四五六七八九十]+、", p)]
