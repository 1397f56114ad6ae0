"""The OpenAPI document and the forms' JSON Schemas."""

from __future__ import annotations

from pathlib import Path

import app as application
from chalicelib.forms import schemas as forms
from tests.conftest import Api

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def test_every_route_of_the_app_is_in_the_openapi_document(api: Api) -> None:
    document = api.get("/openapi.json", token=None).json
    assert document["openapi"].startswith("3.1")
    for path, methods in application.app.routes.items():
        for method in methods:
            operation = document["paths"][path][method.lower()]
            assert operation["responses"], f"{method} {path}"
    submit = document["paths"]["/reports"]["post"]
    assert submit["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("NewReportForm")
    assert "409.1" in document["info"]["description"]


def test_the_committed_schemas_match_the_models() -> None:
    for name in forms.names():
        committed = (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")
        assert committed == forms.render(name), f"schemas/{name}.schema.json is stale: run `make schemas`"


def test_the_report_schema_carries_every_type_with_chinese_labels_and_units(api: Api) -> None:
    schema = api.get("/forms/report/schema").json
    visit = next(t for t in schema["x-activity-types"] if t["code"] == "visit")
    assert visit["label"] == "走访慰问"
    assert {"code": "funds_yuan", "label": "慰问金", "unit": "元", "kind": "money"} in visit["figures"]
    assert len(schema["x-activity-types"]) == 17
    assert api.get("/forms/nonsense/schema").status == 404
    assert [f["form"] for f in api.get("/forms").json["forms"]] == [
        "report",
        "agreement",
        "nil-report",
        "unit",
        "plan-task",
        "profile",
        "settings",
        "collection",
    ]


def test_the_readme_lists_every_error_code() -> None:
    from chalicelib.core.errors import all_error_types

    readme = (SCHEMAS.parent / "README.md").read_text(encoding="utf-8")
    for error in all_error_types():
        if error.__name__ != "ApiError":
            assert f"`{error.code}`" in readme, error.__name__
