"""Months, deadlines and lock days, by the local date in Asia/Shanghai."""

from __future__ import annotations

import calendar as gregorian
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
MONTH_PATTERN = re.compile(r"(20[0-9][0-9])-(0[1-9]|1[0-2])")  # used with fullmatch: ASCII digits only
YEAR_PATTERN = re.compile(r"20[0-9]{2}")
DAY_PATTERN = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")  # used with fullmatch: ASCII digits only
DAY_FORMAT = "日期应写成年-月-日，如 2026-08-01"
MONTH_FORMAT = "月份应写成年-月，如 2026-08"
NO_SUCH_DAY = "日期不存在，请核对月和日"
# An agreement in force ends soon within this many days (agreements/status.py, the reminders, the summaries, and
# the county office's page through GET /me): here, below them all, so that each reads the one number.
ENDING_SOON_DAYS = 60

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(CHINA)


def shifted_clock(offset: timedelta) -> Clock:
    """The system clock moved by `offset`: the local stack's CLOCK, set to a chosen moment and running on from it."""
    return lambda: system_clock() + offset


def local_now(clock: Clock) -> datetime:
    return clock().astimezone(CHINA)


def local_today(clock: Clock) -> date:
    return local_now(clock).date()


def timestamp(clock: Clock) -> str:
    """An ISO 8601 local timestamp with its offset, to the second."""
    return local_now(clock).replace(microsecond=0).isoformat()


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def parse_day(text: object) -> date:
    """A date written YYYY-MM-DD; ValueError with a reporter's reason: the format, or 日期不存在 for a date written
    right that no calendar has (2026-02-30, 2026-13-01)."""
    found = DAY_PATTERN.fullmatch(text) if isinstance(text, str) else None
    if found is None:
        raise ValueError(DAY_FORMAT)
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        raise ValueError(NO_SUCH_DAY) from None


def is_month(text: str) -> bool:
    return bool(MONTH_PATTERN.fullmatch(text))


def parse_month(text: str) -> tuple[int, int]:
    found = MONTH_PATTERN.fullmatch(text)
    if not found:
        raise ValueError(text)
    return int(found.group(1)), int(found.group(2))


def is_year(period: str) -> bool:
    """A period is a year (YYYY) or a month (YYYY-MM)."""
    return bool(YEAR_PATTERN.fullmatch(period))


def year_months(year: int) -> list[str]:
    return [f"{year}-{m:02d}" for m in range(1, 13)]


def last_day(year: int, month: int) -> int:
    return gregorian.monthrange(year, month)[1]


def month_end(month: str) -> date:
    year, mon = parse_month(month)
    return date(year, mon, last_day(year, mon))


def previous_month(month: str) -> str:
    year, mon = parse_month(month)
    return f"{year - (mon == 1):04d}-{(mon - 2) % 12 + 1:02d}"


def next_month(month: str) -> str:
    year, mon = parse_month(month)
    return f"{year + mon // 12:04d}-{mon % 12 + 1:02d}"


def day_of_following_month(month: str, day: int) -> date:
    """The given day of the month after `month`, clamped to that month's length."""
    year, mon = parse_month(next_month(month))
    first_after = date(year + mon // 12, mon % 12 + 1, 1)
    return min(date(year, mon, day), first_after - timedelta(days=1)) if day > 28 else date(year, mon, day)


def deadline(month: str, deadline_day: int) -> date:
    """The last local date on which a report of `month` is on time."""
    return day_of_following_month(month, deadline_day)


def lock_date(month: str, lock_day: int) -> date:
    """From the day after this local date on, reporters can no longer change `month`."""
    return day_of_following_month(month, lock_day)


def month_label(month: str) -> str:
    year, mon = parse_month(month)
    return f"{year}年{mon}月"


def period_label(period: str) -> str:
    """ "2026年" for a year, "2026年8月" for a month."""
    return f"{period}年" if is_year(period) else month_label(period)


def date_label(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
