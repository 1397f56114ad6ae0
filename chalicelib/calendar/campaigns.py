"""The campaign calendar: the dates the county plans its activities around.

Units are reminded `lead_days` (10) before each: 春节, 八一建军节, 征兵, 全民国防教育日
(the third Saturday of September) and 烈士纪念日 by default. The calendar is data
the admin edits; 春节 moves every year, so it is a list of dates to maintain. A campaign's windows
(`days_before` to `days_after` each of its dates, `windows`) are its 节日期间: what a summary of the
festival period covers (summaries/periods.py) and what a plan task's "春节期间" means (plans/windows.py).
"""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from chalicelib.calendar import month_status
from chalicelib.calendar.models import Campaign, CampaignCalendar, CampaignCalendarForm, NthWeekday, PlannedCampaign
from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.dates import local_today
from chalicelib.core.models import as_item
from chalicelib.core.validation import validate_named

# 春节 (the first day of the lunar year), as the county would enter it.
SPRING_FESTIVALS = ["2026-02-17", "2027-02-06", "2028-01-26", "2029-02-13", "2030-02-03"]
# 征兵: the nation enlists twice a year since 2020, 2月中旬 to 3月底 and 8月中旬 to 9月底. Each season is
# entered as its first day, 2月15日 and 8月15日, and runs 46 days: to 9月30日 (in spring, to 4月2日).
CONSCRIPTIONS = [f"{year}-{month}-15" for year in range(2026, 2031) for month in ("02", "08")]

DEFAULT_CAMPAIGNS = [
    # 春节期间: from a month before (the 腊月 visits) to 元宵节.
    {"code": "chunjie", "name": "春节", "dates": SPRING_FESTIVALS, "days_before": 30, "days_after": 15},
    {"code": "bayi", "name": "八一建军节", "annual_on": "08-01"},
    {"code": "zhengbing", "name": "征兵", "dates": CONSCRIPTIONS, "days_before": 0, "days_after": 46},
    {"code": "guofang", "name": "全民国防教育日", "nth_weekday": {"month": 9, "nth": 3, "weekday": 6}},
    {"code": "lieshi", "name": "烈士纪念日", "annual_on": "09-30"},
]


def default_calendar() -> CampaignCalendarForm:
    return CampaignCalendarForm.model_validate({"campaigns": DEFAULT_CAMPAIGNS})


def nth_weekday(year: int, rule: NthWeekday) -> date | None:
    """The rule's day in `year` (e.g. the third Saturday of September), or None if that month has no such day."""
    first = date(year, rule.month, 1)
    day = first + timedelta(days=(rule.weekday - 1 - first.weekday()) % 7 + 7 * (rule.nth - 1))
    return day if day.month == rule.month else None


def occurrences(campaign: Campaign, year: int) -> list[date]:
    """The campaign's dates in `year`."""
    if campaign.annual_on is not None:
        month, day = (int(part) for part in campaign.annual_on.split("-"))
        return [date(year, month, min(day, gregorian.monthrange(year, month)[1]))]
    if campaign.nth_weekday is not None:
        found = nth_weekday(year, campaign.nth_weekday)
        return [found] if found else []
    return sorted(day for day in campaign.dates if day.year == year)


def windows(campaign: Campaign, year: int) -> list[tuple[date, date]]:
    """The campaign's 节日期间 in `year`, in order: each of its dates from `days_before` it to `days_after`
    it, kept within the year; windows that meet are one."""
    found: list[tuple[date, date]] = []
    for day in occurrences(campaign, year):
        first = max(day - timedelta(days=campaign.days_before), date(year, 1, 1))
        last = min(day + timedelta(days=campaign.days_after), date(year, 12, 31))
        if found and first <= found[-1][1] + timedelta(days=1):
            found[-1] = (found[-1][0], max(last, found[-1][1]))
        else:
            found.append((first, last))
    return found


def upcoming(campaign: Campaign, today: date) -> Iterator[date]:
    """The campaign's dates after today, in order, over this year and the next."""
    for year in (today.year, today.year + 1):
        yield from (day for day in occurrences(campaign, year) if day > today)


def due(campaign: Campaign, today: date) -> date | None:
    """The date a reminder is due for today: one within the next `lead_days` days, if any."""
    for day in upcoming(campaign, today):
        return day if (day - today).days <= campaign.lead_days else None
    return None


def current(ctx: Context) -> CampaignCalendarForm:
    stored = ctx.store.settings.get("campaigns")
    return CampaignCalendarForm.model_validate(stored) if stored else default_calendar()


def planned(ctx: Context, form: CampaignCalendarForm | None = None) -> CampaignCalendar:
    """The calendar with each campaign's next date and the day units will be reminded of it."""
    today = local_today(ctx.clock)
    items = []
    for campaign in (form or current(ctx)).campaigns:
        next_on = next(upcoming(campaign, today), None)
        remind_on = next_on - timedelta(days=campaign.lead_days) if next_on else None
        items.append(PlannedCampaign(**campaign.model_dump(), next_on=next_on, remind_on=remind_on))
    return CampaignCalendar(campaigns=items)


def update(ctx: Context, principal: Principal, body: dict[str, Any]) -> CampaignCalendar:
    """The calendar as the body lists it; of a campaign it keeps, what the body leaves out stays as it was (its
    festival's days before and after too)."""
    before = as_item(current(ctx))
    form = validate_named(CampaignCalendarForm, before, body)
    month_status.store_settings(ctx, principal, "campaigns", before, as_item(form))
    return planned(ctx, form)
