"""Every route's refusals, swept: bad values in every field of every form and every query parameter,
as the county office and as a reporter. No answer is a 5xx, and every 4xx message is Chinese a
reporter understands: no Python repr, no English library text."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import pytest

from chalicelib.context import Context
from local import demo
from tests.conftest import Answer, Api, SettableClock
from tests.surveys_helpers import open_survey

BAD_VALUES: list[Any] = [
    "\x07",
    "\ud800",
    "第一行\n第二行",
    "\ufffe",
    1.5,
    -1,
    10**40,
    "字" * 6000,
    True,
    None,
    [],
    {},
    "١٢٣",
    "=1+1",
]
BAD_QUERIES = ["١٢", "²", "①", "甲乙", "-1", "9" * 30, "%07", "%ED%A0%80", "2026-13", ""]
RAW_BODIES = [b"not json", b"[]", b'{"a":', b'{"\\ud800": 1}', b'{"a": NaN}', b"\xff\xfe"]
# What a Chinese message may still spell in Latin letters: formats, units, codes a form shows, URLs.
ALLOWED = re.compile(
    r"YYYY-MM-DDTHH:MM|YYYY-MM-DD|YYYY-MM|YYYY|MM|true/false|true|false|KB|MB|JSON|UTF-8|Content-Type|application/json"
    r"|U\+[0-9A-F]{4,6}|Bearer|https?://\S+|\.xlsx|xlsx|\.jpg|jpg|jpeg|png|webp|heic|docx|csv|PDF|JPEG|PNG|QR|UUID|Excel|base64"
    r"|\{from, to\}"
)
ENGLISH = re.compile(r"[A-Za-z][A-Za-z_]{2,}")
REPR = re.compile(r"Decimal\(|\bNone\b|'|\{|\}|Traceback|Error\b")


def _schema(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _field_paths(document: dict[str, Any], schema: dict[str, Any], depth: int = 0) -> set[tuple[str | int, ...]]:
    """Every field a body can carry, nested ones (a report's metrics, a survey's questions) included."""
    schema = _schema(document, schema)
    paths: set[tuple[str | int, ...]] = set()
    if depth > 3:
        return paths
    for branch in schema.get("oneOf", []) + schema.get("anyOf", []) + schema.get("allOf", []):
        paths |= _field_paths(document, branch, depth)
    if "items" in schema:
        paths |= {(0, *inner) for inner in _field_paths(document, schema["items"], depth + 1)}
    for name, inner in schema.get("properties", {}).items():
        paths.add((name,))
        paths |= {(name, *rest) for rest in _field_paths(document, inner, depth + 1)}
    return paths


def _body(path: tuple[str | int, ...], value: Any, activity_type: str) -> Any:
    """A body holding `value` at `path`; a report's body names its type, so that its metrics are read."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        return [_body(rest, value, activity_type)]
    body = {head: _body(rest, value, activity_type)}
    return {"activity_type": activity_type, **body} if head == "metrics" else body


def _codes(document: dict[str, Any]) -> set[str]:
    """The codes the forms and queries name (field names, choices, parameters): a message may quote them."""
    text = json.dumps(document["components"]["schemas"], ensure_ascii=False)
    operations = [op for path in document["paths"].values() for op in path.values()]
    queries = {p["name"] for op in operations for p in op.get("parameters", [])}
    return set(re.findall(r'"([a-z][a-z0-9_]*)"', text)) | queries


def _understandable(message: str, codes: set[str]) -> bool:
    rest = ALLOWED.sub(" ", message)
    leftovers = [word for word in ENGLISH.findall(rest) if word not in codes]
    return bool(re.search(r"[\u4e00-\u9fff]", message)) and not leftovers and not REPR.search(rest)


@pytest.fixture
def county(api: Api, ctx: Context, clock: SettableClock) -> dict[str, str]:
    """The demo county, and an id of each kind of record for the routes' paths."""
    clock.set("2026-08-03T10:00:00")
    tokens = demo.seed(ctx)
    report = api.get("/reports?month=2026-07").json["items"][0]
    survey, public = open_survey(api)
    task = api.get("/plans/2026").json["tasks"][0]
    return {
        "unit_id": report["unit_id"],
        "report_id": report["report_id"],
        "survey_id": survey["survey_id"],
        "token": public.rsplit("/", 1)[1],
        "agreement_id": api.get("/agreements").json["items"][0]["agreement_id"],
        "task_id": task["task_id"],
        "reporter_id": api.get(f"/units/{report['unit_id']}/reporters").json["items"][0]["reporter_id"],
        "staff_id": api.post("/staff", {"name": "赵六", "role": "viewer"}).json["staff_id"],
        "month": "2026-07",
        "year": "2026",
        "period": "2026-07",
        "form": "report",
        "name": "app.css",
        "reporter_token": tokens[report["unit_id"]],
    }


def test_no_refusal_is_a_5xx_or_english(api: Api, county: dict[str, str]) -> None:
    document = api.get("/openapi.json").json
    codes = _codes(document)
    answers: list[tuple[str, Answer]] = []
    for template, methods in document["paths"].items():
        path = re.sub(r"\{(\w+)\}", lambda m: county[m.group(1)], template)
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            queries = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
            for token in (None, county["reporter_token"], "test-admin-token-0123456789"):
                call = {"token": token} if token else {}
                valid = {name: county[name] for name in queries if name in ("month", "unit_id")}
                for name in queries:
                    for value in BAD_QUERIES:
                        query = "&".join(f"{k}={v}" for k, v in {**valid, name: value}.items())
                        answers.append((f"{method} {path}?{query}", api.call(method, f"{path}?{query}", **call)))
                if body is None:
                    continue
                for raw in RAW_BODIES:
                    answers.append((f"{method} {path} {raw!r}", api.call(method, path, raw=raw, **call)))
                for field in sorted(_field_paths(document, body), key=str):
                    for value in BAD_VALUES:
                        sent = _body(field, value, "visit" if "funds_yuan" in field else "legal_aid")
                        raw = json.dumps(sent).encode()  # ASCII escapes: a lone surrogate arrives as JSON sent it
                        where = f"{method} {path} {'.'.join(map(str, field))}={value!r:.30}"
                        answers.append((where, api.call(method, path, raw=raw, **call)))
    assert len(answers) > 3000
    failures = {}
    for where, answer in answers:
        if answer.status >= 500:
            failures.setdefault(answer.body[:200].decode(errors="replace"), where)
        elif answer.status >= 400 and answer.headers.get("Content-Type", "").startswith("application/json"):
            problem = answer.json
            messages = [problem["message"]] + [e["message"] for e in problem.get("errors") or []]
            for message in messages:
                if not _understandable(message, codes):
                    failures.setdefault(message, where)
    assert not failures, "\n".join(f"{where}: {message}" for message, where in failures.items())


def test_a_path_with_a_lone_surrogate_or_odd_digits_is_refused_in_chinese(api: Api, county: dict[str, str]) -> None:
    for path in (f"/units/{quote(chr(0x663))}", "/summaries/２０２６-０７", "/months/2026-0７", "/plans/２０２６"):
        answer = api.get(path)
        assert answer.status in (400, 404), (path, answer.body)
        assert re.search(r"[\u4e00-\u9fff]", answer.json["message"]), answer.json
