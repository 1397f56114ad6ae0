"""The local stack's clock: the real one, or one set with CLOCK=2026-09-15T10:00+08:00 that runs on from there.

`make run` keeps the clock's offset in the stack file, so that `make remind` without AT
runs at the stack's time too. The e2e tests set CLOCK, so that a run across midnight
or a month's end cannot change the month they work in.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta


def moment(text: str, name: str = "AT") -> datetime:
    """An ISO time; Beijing time if it has no offset, 09:00 if it is only a date."""
    from chalicelib.core.dates import CHINA

    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"{name} 应为 ISO 时间，如 2026-08-03T09:00+08:00，而不是 {text!r}") from None
    if len(text) == 10:
        at = datetime.combine(at.date(), time(9))
    return at if at.tzinfo else at.replace(tzinfo=CHINA)


def offset(clock: str | None) -> timedelta:
    """How far the stack's clock stands from the real one: none without CLOCK."""
    from chalicelib.core.dates import system_clock

    return moment(clock, "CLOCK") - system_clock() if clock else timedelta(0)
