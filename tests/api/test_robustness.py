"""No input makes the API answer 5xx, and a refused request stores nothing."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Api, report_body
from tests.helpers.strategies import json_values

FIELDS = [
    "activity_type",
    "title",
    "occurred_on",
    "participants",
    "metrics",
    "submission_id",
    "unit_id",
    "photos",
    "agreement_id",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=json_values, raw=st.binary(max_size=40))
def test_mangled_reports_never_give_a_5xx(api: Api, field: str, value: object, raw: bytes) -> None:
    body = report_body()
    body[field] = value
    for payload in (json.dumps(body).encode(), raw):
        answer = api.post("/reports", raw=payload)
        assert answer.status < 500, answer.body
        if answer.status >= 400:
            assert answer.json["code"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.text(alphabet="abc-_%/.0123456789", max_size=20), query=st.text(max_size=20))
def test_odd_paths_and_queries_never_give_a_5xx(api: Api, path: str, query: str) -> None:
    for target in (f"/reports/{path}", f"/reports?month={query}", f"/units/{path}/months/{query}/nil-report"):
        assert api.get(target).status < 500


TASK_FIELDS = ["heading", "title", "unit_ids", "window", "activity_types", "target", "version"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(TASK_FIELDS), value=json_values, year=st.sampled_from(["2026", "1999", "x", "2026-08"]))
def test_mangled_plan_tasks_and_imports_never_give_a_5xx(api: Api, field: str, value: object, year: str) -> None:
    body = {"heading": "法律拥军", "title": "送法进军营", "unit_ids": ["sifaju"], "window": "5月", field: value}
    for path, payload in [
        (f"/plans/{year}/tasks", body),
        (f"/plans/{year}/tasks/abc", body),
        (f"/plans/{year}/import", {"file": value}),
        (f"/summaries/{year}", None),
    ]:
        for method in ("POST", "PUT", "GET", "DELETE"):
            answer = api.call(method, path, payload)
            assert answer.status < 500, (method, path, answer.body)
