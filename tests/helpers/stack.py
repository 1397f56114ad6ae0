"""The real local stack (tests/e2e) set up through its API, as the county office would: a unit of a test's own,
staff members, co-building agreements, a compiled month; and what `make run` printed (the demo city's tokens)."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from typing import Any

from tests.e2e.conftest import ADMIN_TOKEN, TODAY, Stack


def printed(stack: Stack, label: str) -> str:
    """What `make run` printed after `label` on the line it starts (a link or a token)."""
    line = next(line for line in stack.output if line.startswith(label))
    return line[len(label) :].strip()


def city_token(stack: Stack) -> str:
    """The demo city's (北湖市's) office admin, from the link `make run` printed."""
    link = printed(stack, "  city office page (北湖市): ")
    assert link.startswith(f"{stack.base}/admin#token=sy4.beihu."), link
    return link.split("#token=", 1)[1]


def a_unit(stack: Stack) -> tuple[str, str, str]:
    """A fresh unit (no e-mail address, so a return mails nobody) and its reporter: (unit_id, name, token)."""
    suffix = uuid.uuid4().hex[:6]
    unit_id, name = f"rv-{suffix}", f"审核测试局{suffix}"
    assert stack.call("POST", "/units", {"unit_id": unit_id, "name": name, "kind": "bureau"})[0] == 201
    status, issued = stack.call("POST", f"/units/{unit_id}/reporters", {"label": "赵填报"})
    assert status == 201, issued
    return unit_id, name, issued["token"]


def staff(stack: Stack, role: str, name: str) -> dict[str, Any]:
    status, issued = stack.call("POST", "/staff", {"name": name, "role": role})
    assert status == 201, issued
    return issued  # type: ignore[no-any-return]


def agreement(stack: Stack, unit_id: str, title: str, ends_in: int) -> None:
    today = TODAY
    body = {
        "title": title,
        "unit_id": unit_id,
        "military_unit": "73026部队",
        "signed_on": (today - timedelta(days=700)).isoformat(),
        "valid_from": (today - timedelta(days=700)).isoformat(),
        "valid_to": (today + timedelta(days=ends_in)).isoformat(),
    }
    assert stack.call("POST", "/agreements", body)[0] == 201


def previous_month() -> str:
    first = TODAY.replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


def compiled(stack: Stack, month: str) -> None:
    """The month compiled by the owner, so its downloads are there to see."""
    status, summary = stack.call("GET", f"/summaries/{month}")
    if status != 200 or summary["status"] != "ready":
        compiled_anew(stack, month)


def compiled_anew(stack: Stack, period: str, token: str | None = ADMIN_TOKEN) -> dict[str, Any]:
    """The period's summary, asked for as `token` and compiled through the stack's queue (a city's: its
    counties' first); waits up to two minutes."""
    status, asked = stack.call("POST", f"/summaries/{period}", token=token)
    assert status == 202, asked
    for _ in range(240):
        status, summary = stack.call("GET", f"/summaries/{period}", token=token)
        if status == 200 and summary["status"] == "ready":
            return summary  # type: ignore[no-any-return]
        time.sleep(0.5)
    raise AssertionError(f"{period} not compiled: {summary}")
