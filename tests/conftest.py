"""Shared fixtures: moto-backed AWS, a settable clock, and an HTTP client for the app."""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import boto3
import pytest
from chalice.test import Client
from moto import mock_aws

import app as application
from chalicelib.context import Context
from chalicelib.core.config import Config
from chalicelib.core.dates import CHINA
from local import resources
from tests.helpers.documented import served

ADMIN_TOKEN = "test-admin-token-0123456789"
TABLE = "shuangyong-test"
BUCKET = "shuangyong-test-files"

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")


class SettableClock:
    """The app's clock in tests: a fixed Beijing moment that a test can move."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def set(self, text: str) -> None:
        """Set from ISO text; a naive time is Beijing time."""
        moment = datetime.fromisoformat(text)
        self.moment = moment if moment.tzinfo else moment.replace(tzinfo=CHINA)


def start_clock() -> SettableClock:
    """The clock every test starts with: 2026-08-20 10:00, Beijing time."""
    return SettableClock(datetime(2026, 8, 20, 10, 0, tzinfo=CHINA))


@contextmanager
def moto_aws() -> Iterator[boto3.Session]:
    """AWS on moto, with the app's table and bucket made, for as long as it lasts."""
    with mock_aws():
        session = boto3.Session(region_name="us-east-1")
        resources.create_all(session, TABLE, BUCKET)
        yield session


@contextmanager
def app_context(aws: boto3.Session, clock: SettableClock) -> Iterator[Context]:
    """The app's context on `aws` and `clock`, the one the app uses for as long as it lasts."""
    config = Config(
        table_name=TABLE,
        bucket_name=BUCKET,
        admin_token_sha256=hashlib.sha256(ADMIN_TOKEN.encode()).hexdigest(),
        public_url="https://sy.example.cn",
    )
    context = Context(config, clock=clock, table=aws.resource("dynamodb").Table(TABLE), s3=aws.client("s3"))
    application.use_context(context)
    yield context
    application.use_context(None)


@pytest.fixture
def clock() -> SettableClock:
    return start_clock()


@pytest.fixture
def aws() -> Iterator[boto3.Session]:
    with moto_aws() as session:
        yield session


@pytest.fixture
def ctx(aws: boto3.Session, clock: SettableClock) -> Iterator[Context]:
    with app_context(aws, clock) as context:
        yield context


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    def error_fields(self) -> dict[str, str]:
        return {e["field"]: e["message"] for e in self.json.get("errors", [])}


class Api:
    """Speaks HTTP to the app through Chalice's test client, as a given token."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        token: str | None = ADMIN_TOKEN,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        sent = {"Content-Type": "application/json", **(headers or {})}
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        payload = (
            raw if raw is not None else (json.dumps(body, ensure_ascii=False).encode() if body is not None else b"")
        )
        answer = getattr(self.client.http, method.lower())(path, headers=sent, body=payload)
        if answer.body and answer.headers.get("Content-Type", "").startswith("application/json"):
            document = served(lambda: self.client.http.get("/openapi.json").body)
            document.check(method, path, answer.status_code, json.loads(answer.body))
        return Answer(answer.status_code, dict(answer.headers), answer.body)

    def get(self, path: str, **kw: Any) -> Answer:
        return self.call("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Answer:
        return self.call("POST", path, body, **kw)

    def put(self, path: str, body: Any = None, **kw: Any) -> Answer:
        return self.call("PUT", path, body, **kw)

    def delete(self, path: str, **kw: Any) -> Answer:
        return self.call("DELETE", path, **kw)

    # --- the usual set-up, through the API ------------------------------------

    def unit(self, unit_id: str, name: str | None = None, emails: list[str] | None = None) -> dict[str, Any]:
        answer = self.post(
            "/units", {"unit_id": unit_id, "name": name or f"单位{unit_id}", "kind": "bureau", "emails": emails or []}
        )
        assert answer.status == 201, answer.body
        return answer.json  # type: ignore[no-any-return]

    def reporter(self, unit_id: str) -> str:
        answer = self.post(f"/units/{unit_id}/reporters", {"label": "填报员"})
        assert answer.status == 201, answer.body
        return answer.json["token"]  # type: ignore[no-any-return]


@pytest.fixture
def api(ctx: Context) -> Iterator[Api]:
    with Client(application.app) as client:
        yield Api(client)


def report_body(activity_type: str = "visit", **overrides: Any) -> dict[str, Any]:
    """A valid report of the given type, with a fresh submission_id."""
    metrics: dict[str, Any] = {
        "visit": {"target": "troops", "households": 2, "persons": 10, "funds_yuan": 62000},
        "mediation": {"disputes": 3, "resolved": 2},
        "symposium": {"attendees": 40, "beneficiary_attendees": 25},
        "legal_lecture": {"attendees": 120, "materials": 300, "consultations": 18},
    }.get(activity_type, {})
    body: dict[str, Any] = {
        "submission_id": str(uuid.uuid4()),
        "activity_type": activity_type,
        "title": "八一走访慰问驻军",
        "occurred_on": "2026-08-01",
        "location": "73026部队营区",
        "counterpart": "73026部队",
        "participants": 12,
        "description": "走访慰问驻地部队官兵。",
        "metrics": metrics,
    }
    body.update(overrides)
    return body


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say loudly when the browser tests did not run (tests/e2e/browser.py skips them without Chromium)."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "BROWSER TESTS NOT RUN" in str(r.longrepr)]
    if skipped:
        terminalreporter.section("BROWSER TESTS NOT RUN", sep="!", red=True, bold=True)
        terminalreporter.line(
            f"{len(skipped)} browser tests were skipped: no Chromium found. Install it: apt-get install chromium",
            red=True,
            bold=True,
        )
