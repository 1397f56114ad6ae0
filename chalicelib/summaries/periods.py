"""The periods a summary may cover: a month, a year to date, or any stretch of days within one year.

`POST|GET /summaries/{period}` takes
- `YYYY-MM` (a month) and `YYYY` (a year to date), as always;
- `YYYY-MM-DD..YYYY-MM-DD`, and several such ranges joined by `+` (春节 and 八一 together);
- `{year}-spring-festival`, `{year}-bayi` and `{year}-two-festivals`: the campaign calendar's 春节 and
  八一 windows (each campaign's date, `days_before` it to `days_after` it, kept within the year).

The text as asked is the period's name: its summary record and its files are kept under it. A period
other than a month is read from the months it touches, report by report on its local activity date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, cast

from chalicelib.core.dates import date_label, is_month, is_year, month_end, month_of, parse_month, year_months
from chalicelib.core.errors import InvalidParameter
from chalicelib.summaries.document import Identity
from chalicelib.summaries.parts import DateRange

if TYPE_CHECKING:
    from chalicelib.calendar.models import CampaignCalendarForm
    from chalicelib.context import Context

MAX_RANGES = 12
MAX_TEXT = 300
DAY = r"(20[0-9][0-9])-([0-9][0-9])-([0-9][0-9])"  # ASCII digits: a ٣ is no digit of a period's name
RANGE = re.compile(rf"{DAY}\.\.{DAY}")
CAMPAIGN = re.compile(r"(20[0-9][0-9])-(spring-festival|bayi|two-festivals)")
# The campaign names a period may take: the calendar's campaigns (by code) it covers, and its words.
CAMPAIGN_PERIODS: dict[str, tuple[tuple[str, ...], str]] = {
    "spring-festival": (("chunjie",), "春节"),
    "bayi": (("bayi",), "八一"),
    "two-festivals": (("chunjie", "bayi"), "春节、八一"),
}
# The refusals are in a clerk's words, never the period's syntax, so that a page shows them as they come.
SHAPES = "无法识别汇总期间：可汇总某月、某年、同一年内的一段或几段日期，或某年的春节、八一、两节期间"


@dataclass(frozen=True)
class Period:
    """A period of the summaries: `kind` month, year or days; its days as inclusive ranges, in order."""

    text: str
    kind: str
    year: int
    ranges: tuple[tuple[date, date], ...]
    label: str

    @property
    def months(self) -> list[str]:
        """The months the period touches, in order."""
        if self.kind == "year":
            return year_months(self.year)
        found: list[str] = []
        for first, last in self.ranges:
            month = month_of(first)
            while month <= month_of(last):
                if month not in found:
                    found.append(month)
                month = month_of(month_end(month) + timedelta(days=1))
        return found

    def holds(self, day: str) -> bool:
        """Whether a report of this local activity date (YYYY-MM-DD) belongs to the period."""
        return self.kind != "days" or any(first.isoformat() <= day <= last.isoformat() for first, last in self.ranges)

    @property
    def first(self) -> date:
        return self.ranges[0][0]

    @property
    def last(self) -> date:
        return self.ranges[-1][1]


def check(text: str) -> str:
    """The period's text if it is well formed (campaign names are resolved later, with the calendar)."""
    if CAMPAIGN.fullmatch(text):
        return text
    of_text(text)
    return text


def of_text(text: str, calendar: CampaignCalendarForm | None = None) -> Period:
    """The period a text names; InvalidParameter, naming 汇总期间 in words, when it names none."""
    if is_month(text):
        year, month = parse_month(text)
        return Period(text, "month", year, ((date(year, month, 1), month_end(text)),), f"{year}年{month}月")
    if is_year(text):
        year = int(text)
        return Period(text, "year", year, ((date(year, 1, 1), date(year, 12, 31)),), f"{year}年")
    if found := CAMPAIGN.fullmatch(text):
        return _campaign(text, int(found.group(1)), found.group(2), calendar)
    return _days(text)


def _days(text: str) -> Period:
    parts = text.split("+")
    if len(text) > MAX_TEXT or len(parts) > MAX_RANGES:
        raise InvalidParameter(f"汇总期间最多{MAX_RANGES}段日期")
    ranges = []
    for part in parts:
        found = RANGE.fullmatch(part)
        if not found:
            raise InvalidParameter(SHAPES)
        first, last = _day(*found.groups()[:3]), _day(*found.groups()[3:])
        if first > last:
            words = f"{date_label(first)}至{date_label(last)}"
            raise InvalidParameter(f"汇总期间{words}起止颠倒：开始日期应不晚于结束日期")
        ranges.append((first, last))
    if len({day.year for pair in ranges for day in pair}) > 1:
        raise InvalidParameter("汇总期间不能跨年：各段日期须在同一年内")
    for (_, before), (after, _) in pairwise(ranges):
        if after <= before:
            raise InvalidParameter("汇总期间的各段日期须按时间先后排列，且互不重叠")
    year = ranges[0][0].year
    return Period(text, "days", year, tuple(ranges), f"{year}年" + "、".join(_range_words(r) for r in ranges))


def _day(year: str, month: str, day: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise InvalidParameter(f"汇总期间中的{int(year)}年{int(month)}月{int(day)}日：日期不存在") from None


def _range_words(pair: tuple[date, date]) -> str:
    """ "1月18日至3月4日", or "8月1日" for one day (the year is said once, before all ranges)."""
    first, last = (date_label(day).split("年", 1)[1] for day in pair)
    return first if pair[0] == pair[1] else f"{first}至{last}"


def _campaign(text: str, year: int, name: str, calendar: CampaignCalendarForm | None) -> Period:
    """The campaigns' windows in `year` as the calendar sets them (reminders/campaigns.py `windows`)."""
    from chalicelib.calendar.campaigns import default_calendar, windows

    codes, words = CAMPAIGN_PERIODS[name]
    by_code = {c.code: c for c in (calendar or default_calendar()).campaigns}
    ranges = []
    for code in codes:
        found = windows(by_code[code], year) if code in by_code else []
        if not found:
            missing = {"chunjie": "春节", "bayi": "八一建军节"}[code]
            raise InvalidParameter(f"节日日历中没有{year}年{missing}的日期，无法汇总其节日期间；请先在节日日历中填写")
        ranges.extend(found)
    ranges.sort()
    return Period(text, "days", year, tuple(ranges), f"{year}年{words}期间")


def resolve(ctx: Context, text: str) -> Period:
    """The period a text names, a campaign name by the county's campaign calendar."""
    from chalicelib.calendar.campaigns import current

    return of_text(text, current(ctx) if CAMPAIGN.fullmatch(text) else None)


def identity(period: Period) -> Identity:
    """{"month": …, "month_label": …}, {"year": …, "year_label": …}, or a stretch of days:
    {"period": …, "period_label": …, "ranges": [{"from", "to"}]}."""
    if period.kind == "days":
        ranges: list[DateRange] = [{"from": first.isoformat(), "to": last.isoformat()} for first, last in period.ranges]
        return {"period": period.text, "period_label": period.label, "ranges": ranges}
    return cast(Identity, {period.kind: period.text, f"{period.kind}_label": period.label})
