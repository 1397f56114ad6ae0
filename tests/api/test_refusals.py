"""Every route's refusals, swept: bad values in every field of every form and every query parameter,
as the county office and as a reporter. No answer is a 5xx, and every 4xx message is Chinese a
reporter understands: no Python repr, no English library text. Each route is a case of its own, so that
pytest-xdist's workers share the sweep; the demo county they are swept in is seeded once per worker."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote

import boto3
import pytest
from chalice.test import Client

import app as application
from chalicelib.context import Context
from local import demo
from tests.conftest import Answer, Api, SettableClock, app_context, moto_aws, start_clock
from tests.helpers.surveys import open_survey

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
# Every Unicode decimal digit (٣, ۳, ३, ３, 𝟑 …) and every letter with a digit's value that is none (³, ₃, ③, ⑶, ⒊):
# each set whole in one text, and in the places a month, a date, a year or a plan window puts a digit.
DECIMAL_DIGITS = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isdecimal())
DIGIT_LETTERS = "".join(
    c for c in map(chr, range(sys.maxunicode + 1)) if unicodedata.digit(c, None) is not None and not c.isdecimal()
)
DIGIT_TEXTS = [
    DECIMAL_DIGITS,
    DIGIT_LETTERS,
    "٣月",
    "𝟑月",
    "5月٣日",
    "③月上旬",
    "5月³日前",
    "٢٠٢٦",
    "٢٠٢٦-٠٨",
    "٢٠٢٦-٠٨-٠١",
    "𝟐𝟎𝟐𝟔-𝟎𝟖-𝟎𝟏..𝟐𝟎𝟐𝟔-𝟎𝟖-𝟎𝟓",
    "2026-08-0①",
    "¹²",
]
BAD_QUERIES = ["١٢", "²", "①", "甲乙", "-1", "9" * 30, "%07", "%ED%A0%80", "2026-13", ""]
RAW_BODIES = [b"not json", b"[]", b'{"a":', b'{"\\ud800": 1}', b'{"a": NaN}', b"\xff\xfe"]
# What a Chinese message may still spell in Latin letters: formats, units, codes a form shows, URLs.
ALLOWED = re.compile(
    r"YYYY-MM-DDTHH:MM|YYYY-MM-DD|YYYY-MM|YYYY|MM|true/false|true|false|KB|MB|JSON|UTF-8|Content-Type|application/json"
    r"|U\+[0-9A-F]{4,6}|Bearer|https?://\S+|\.xlsx|xlsx|\.jpg|jpg|jpeg|png|webp|heic|docx|csv|PDF|JPEG|PNG|DOCX|DOC|WPS|QR|UUID|Excel|base64"
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


# The demo county is seeded once per worker for every test of this module: the module has its own moto, clock,
# context and client, which end with it (pytest ends a module's fixtures before another module's tests run).
# The routes' cases share the county: a route sees what the routes swept before it on that worker left.


@pytest.fixture(scope="module")
def clock() -> SettableClock:
    return start_clock()


@pytest.fixture(scope="module")
def aws() -> Iterator[boto3.Session]:
    with moto_aws() as session:
        yield session


@pytest.fixture(scope="module")
def ctx(aws: boto3.Session, clock: SettableClock) -> Iterator[Context]:
    with app_context(aws, clock) as context:
        yield context


@pytest.fixture(scope="module")
def api(ctx: Context) -> Iterator[Api]:
    with Client(application.app) as client:
        yield Api(client)


@pytest.fixture(scope="module")
def county(api: Api, ctx: Context, clock: SettableClock) -> dict[str, str]:
    """The demo county, and an id of each kind of record for the routes' paths."""
    clock.set("2026-08-03T10:00:00")
    tokens = demo.seed(ctx)
    report = api.get("/reports?month=2026-07").json["items"][0]
    survey, public = open_survey(api)
    task = api.get("/plans/2026").json["tasks"][0]
    asked = {"title": "2026年度双拥工作总结", "kind": "year_summary", "year": 2026, "due_on": "2026-12-20"}
    return {
        "collection_id": api.post("/collections", asked).json["collection_id"],
        "unit_id": report["unit_id"],
        "report_id": report["report_id"],
        "survey_id": survey["survey_id"],
        "token": public.rsplit("/", 1)[1],
        "agreement_id": api.get("/agreements").json["items"][0]["agreement_id"],
        "task_id": task["task_id"],
        "reporter_id": api.get(f"/units/{report['unit_id']}/reporters").json["items"][0]["reporter_id"],
        "staff_id": api.post("/staff", {"name": "赵六", "role": "viewer"}).json["staff_id"],
        "org_id": "county",  # the deployment's own county (Config.county_id)
        "month": "2026-07",
        "year": "2026",
        "period": "2026-07",
        "form": "report",
        "name": "app.css",
        "reporter_token": tokens[report["unit_id"]],
    }


@pytest.fixture(scope="module")
def document(api: Api) -> dict[str, Any]:
    """The OpenAPI document the app serves: its routes, their forms and their query parameters."""
    return api.get("/openapi.json").json  # type: ignore[no-any-return]


# Every route the app has, as (method, path template), known when the tests are collected; the served document
# declares the same routes (test_the_sweep_covers_every_documented_route).
ROUTES = [(method, template) for template, methods in application.app.routes.items() for method in methods]
# A request of the sweep: where it went (for a failure's message), its method, its path and query, and the
# keywords Api.call is given (a token, a raw body).
Request = tuple[str, str, str, dict[str, Any]]


def sweep(document: dict[str, Any], method: str, template: str, county: dict[str, str]) -> list[Request]:
    """The requests sent to one route, in order: bad values in every query parameter, bodies that are no form
    at all, and bad values in every field of its form; as the county office, as a reporter and as the county
    office again (a pass that names no token sends Api.call's default, the county office's)."""
    operation = document["paths"][template][method.lower()]
    method = method.lower()
    path = re.sub(r"\{(\w+)\}", lambda m: county[m.group(1)], template)
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    queries = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query" and p["name"] != "org"]
    sent: list[Request] = []
    for token in (None, county["reporter_token"], "test-admin-token-0123456789"):
        call = {"token": token} if token else {}
        valid = {name: county[name] for name in queries if name in ("month", "unit_id")}
        for name in queries:
            for value in BAD_QUERIES:
                query = "&".join(f"{k}={v}" for k, v in {**valid, name: value}.items())
                sent.append((f"{method} {path}?{query}", method, f"{path}?{query}", call))
        if body is None:
            continue
        for raw in RAW_BODIES:
            sent.append((f"{method} {path} {raw!r}", method, path, {"raw": raw, **call}))
        for field in sorted(_field_paths(document, body), key=str):
            for value in BAD_VALUES:
                form = _body(field, value, "visit" if "funds_yuan" in field else "legal_aid")
                raw = json.dumps(form).encode()  # ASCII escapes: a lone surrogate arrives as JSON sent it
                where = f"{method} {path} {'.'.join(map(str, field))}={value!r:.30}"
                sent.append((where, method, path, {"raw": raw, **call}))
    return sent


def _texts(document: dict[str, Any], schema: dict[str, Any]) -> bool:
    """Whether a field takes text (a string, perhaps null)."""
    schema = _schema(document, schema)
    branches = schema.get("anyOf", []) + schema.get("oneOf", [])
    return schema.get("type") == "string" or any(_texts(document, branch) for branch in branches)


def _text_field_paths(document: dict[str, Any], schema: dict[str, Any]) -> set[tuple[str | int, ...]]:
    """Every field of a body that takes text, nested ones included; a list of texts by its first item."""
    found: set[tuple[str | int, ...]] = set()
    for path in _field_paths(document, schema):
        inner = [schema]
        for step in path:
            inner = [found for outer in inner for found in _field_schemas(document, outer, step)]
        if any(_texts(document, candidate) for candidate in inner):
            found.add(path)
        elif any(_texts(document, item) for candidate in inner for item in _field_schemas(document, candidate, 0)):
            found.add((*path, 0))
    return found


def _field_schemas(document: dict[str, Any], schema: dict[str, Any], step: str | int) -> list[dict[str, Any]]:
    """The schemas of `step` (a property, or 0: an item) under `schema`, in every branch that declares it (a
    report's metrics differ by its type)."""
    schema = _schema(document, schema)
    found = []
    if step == 0 and "items" in schema:
        found.append(schema["items"])
    if isinstance(step, str) and step in schema.get("properties", {}):
        found.append(schema["properties"][step])
    for branch in schema.get("oneOf", []) + schema.get("anyOf", []) + schema.get("allOf", []):
        found += _field_schemas(document, branch, step)
    return found


def digit_sweep(document: dict[str, Any], method: str, template: str, county: dict[str, str]) -> list[Request]:
    """DIGIT_TEXTS in every path variable, every query parameter and every text field of the route's form, as the
    county office and as a reporter."""
    operation = document["paths"][template][method.lower()]
    method = method.lower()
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    queries = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query" and p["name"] != "org"]
    path = re.sub(r"\{(\w+)\}", lambda m: county[m.group(1)], template)
    sent: list[Request] = []
    for token in (None, county["reporter_token"]):
        call = {"token": token} if token else {}
        for value in DIGIT_TEXTS:
            for name in re.findall(r"\{(\w+)\}", template):
                odd = template.replace(f"{{{name}}}", quote(value, safe=""))
                odd = re.sub(r"\{(\w+)\}", lambda m: county[m.group(1)], odd)
                sent.append((f"{method} {template} {name}={value:.12}", method, odd, call))
            for name in queries:
                target = f"{path}?{name}={quote(value, safe='')}"
                sent.append((f"{method} {template}?{name}={value:.12}", method, target, call))
            for field in sorted(_text_field_paths(document, body), key=str) if body else []:
                raw = json.dumps(_body(field, value, "visit" if "target" in field else "legal_aid")).encode()
                where = f"{method} {path} {'.'.join(map(str, field))}={value:.12}"
                sent.append((where, method, path, {"raw": raw, **call}))
    return sent


# `?org=` is every route's, decided before any route's own code (core/auth.py): swept once, on test_tenants.py's
# route, not on each route again.
def test_the_sweep_covers_every_documented_route(document: dict[str, Any], county: dict[str, str]) -> None:
    documented = {(method.upper(), path) for path, methods in document["paths"].items() for method in methods}
    assert documented == set(ROUTES)
    assert sum(len(sweep(document, method, template, county)) for method, template in ROUTES) > 3000


@pytest.mark.parametrize(("method", "template"), ROUTES, ids=[f"{method} {template}" for method, template in ROUTES])
def test_no_refusal_is_a_5xx_or_english(
    api: Api, county: dict[str, str], document: dict[str, Any], method: str, template: str
) -> None:
    _answered_in_chinese(api, document, sweep(document, method, template, county))


def test_the_digit_sweep_reaches_every_text_a_clerk_types(document: dict[str, Any], county: dict[str, str]) -> None:
    window = [where for where in (r[0] for r in digit_sweep(document, "GET", "/plans/{year}/window", county))]
    assert "get /plans/{year}/window?text=٣月" in window and "get /plans/{year}/window year=٢٠٢٦" in window
    tasks = {r[0].split(" ", 3)[2].split("=")[0] for r in digit_sweep(document, "POST", "/plans/{year}/tasks", county)}
    assert {"window", "title", "heading", "unit_ids.0", "activity_types.0"} <= tasks
    report = {r[0].split(" ", 3)[2].split("=")[0] for r in digit_sweep(document, "POST", "/reports", county)}
    assert {"occurred_on", "title", "metrics.target", "metrics.groups.0.target"} <= report
    assert "participants" not in report  # a number, not text: the other sweep's BAD_VALUES reach it
    assert len(DECIMAL_DIGITS) == 660 and len(DIGIT_LETTERS) == 128


@pytest.mark.parametrize(("method", "template"), ROUTES, ids=[f"{method} {template}" for method, template in ROUTES])
def test_no_digit_of_any_script_is_a_5xx_or_english(
    api: Api, county: dict[str, str], document: dict[str, Any], method: str, template: str
) -> None:
    _answered_in_chinese(api, document, digit_sweep(document, method, template, county))


def _answered_in_chinese(api: Api, document: dict[str, Any], requests: list[Request]) -> None:
    """Send the requests; fail naming each 5xx and each refusal a reporter could not read."""
    codes = _codes(document)

    def send() -> list[tuple[str, Answer]]:
        return [(where, api.call(verb, target, **call)) for where, verb, target, call in requests]

    # Sent, one after another, from a thread of their own, whose Python stack starts empty. In a pytest-xdist
    # worker the test's stack is a few frames deeper than in a plain run, which on Python 3.11 put the app's
    # calls at the edge of a chunk of the interpreter's frame stack: each call mapped and unmapped a chunk, some
    # 2,000 times a request (PUT /reports/{report_id}: 10 s in a plain run, 60 to 80 s in a worker).
    with ThreadPoolExecutor(max_workers=1) as sender:
        answers = sender.submit(send).result()
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
