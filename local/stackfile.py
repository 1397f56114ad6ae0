"""The running local stack's whereabouts, so that `make remind` and `make outbox` can reach it.

`make run` writes them to .local/stack.json (or $STACK_FILE): the moto endpoint,
the offset of its clock and the environment the API runs with. The other commands read them back.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# What the API's environment holds that the daily job needs too.
SHARED_ENV = (
    "AWS_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_DEFAULT_REGION",
    "TABLE_NAME",
    "BUCKET_NAME",
    "PUBLIC_URL",
    "COUNTY_NAME",
    "COUNTY_EMAIL",
    "MAIL_TRANSPORT",
    "MAIL_FROM",
)


def path() -> Path:
    return Path(os.environ.get("STACK_FILE") or ROOT / ".local" / "stack.json")


def write(endpoint: str, clock_offset: timedelta) -> Path:
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    state = {
        "moto": endpoint,
        "clock_offset_seconds": clock_offset.total_seconds(),
        "env": {name: os.environ[name] for name in SHARED_ENV if name in os.environ},
    }
    target.write_text(json.dumps(state, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target


def read() -> dict[str, Any]:
    try:
        return json.loads(path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SystemExit(f"没有找到正在运行的本地环境（{path()}）：请先在另一个终端运行 make run") from None


def clock_offset(state: dict[str, Any]) -> timedelta:
    """How far the stack's clock (CLOCK) stands from the real one."""
    return timedelta(seconds=state.get("clock_offset_seconds", 0))


def enter(state: dict[str, Any]) -> None:
    """Take on the running stack's environment, so Context() reaches its table and mail."""
    os.environ.update(state["env"])


def verify_sender(session: Any, address: str) -> None:
    """Moto, like SES, sends only from a verified identity: verify the stack's MAIL_FROM."""
    session.client("sesv2").create_email_identity(EmailIdentity=address)
