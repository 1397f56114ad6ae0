"""The real local stack, as `make run` starts it: a moto server and Chalice's local server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import chromium, device, phone  # noqa: F401  (the browser fixtures, for tests/e2e)

ROOT = Path(__file__).resolve().parents[2]
ADMIN_TOKEN = "e2e-admin-token-abcdefghijkl"
# The stack's clock (CLOCK): a Tuesday in mid-September, after August's lock day, whatever the day the tests run.
CLOCK = "2026-09-15T10:00:00+08:00"
TODAY = date(2026, 9, 15)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Stack:
    base: str
    output: list[str] = field(default_factory=list)
    moto: str = ""
    stack_file: str = ""  # where `make run` wrote its whereabouts, for `make remind` and `make outbox`
    log: list[str] = field(default_factory=list)  # what the servers printed after starting (request lines)
    clock_offset: timedelta = timedelta(0)  # the stack's clock minus the real one

    def now(self) -> datetime:
        """The stack's time now (to within the moment it took to start), for the phones' clocks."""
        return datetime.now().astimezone() + self.clock_offset

    def call(self, method: str, path: str, body: Any = None, token: str | None = ADMIN_TOKEN) -> tuple[int, Any]:
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                raw = answer.read()
                return answer.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw else None


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    port = free_port()
    stack_file = str(tmp_path_factory.mktemp("stack") / "stack.json")
    env = {**os.environ, "PORT": str(port), "ADMIN_TOKEN": ADMIN_TOKEN, "PYTHONUNBUFFERED": "1", "CLOCK": CLOCK}
    env["STACK_FILE"] = stack_file
    clock_offset = datetime.fromisoformat(CLOCK) - datetime.now().astimezone()
    process = subprocess.Popen(
        [sys.executable, "-m", "local.run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    started = time.monotonic()
    assert process.stdout is not None
    while time.monotonic() - started < 60:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("Serving on"):
            break
    else:
        process.kill()
    running = Stack(f"http://127.0.0.1:{port}", lines, stack_file=stack_file, clock_offset=clock_offset)

    def keep_reading() -> None:
        """The servers log a line a request: keep reading, so that their pipe never fills up and stalls them."""
        for line in process.stdout:  # type: ignore[union-attr]
            running.log.append(line)

    threading.Thread(target=keep_reading, daemon=True).start()
    for line in lines:
        if line.startswith("moto server"):
            running.moto = line.split()[-1]
    try:
        assert running.call("GET", "/health", token=None)[0] == 200, "".join(lines)
        yield running
    finally:
        process.terminate()
        process.wait(timeout=10)
