"""JSON Schemas of the forms, from the pydantic models, for pages to render forms from.

`make schemas` (python -m chalicelib.forms.schemas) writes them to schemas/; a test fails when the
committed files differ from what the models give.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from chalicelib.agreements.models import AgreementForm
from chalicelib.calendar.models import SettingsForm
from chalicelib.collections.models import STATE_LABELS, CollectionForm
from chalicelib.core.catalogue import ACTIVITY_TYPES, VISIT_TARGETS
from chalicelib.core.errors import NotFound
from chalicelib.core.models import built
from chalicelib.forms.models import FormLink, FormList
from chalicelib.plans.models import PlanTaskForm
from chalicelib.profile.models import ProfileForm
from chalicelib.reports.models import NilReportForm, report_form
from chalicelib.reports.warnings import page_rules
from chalicelib.units.models import NewUnitForm

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
FORMS: dict[str, type[BaseModel] | Callable[[], type[BaseModel]]] = {  # a callable builds it when asked for
    "report": report_form,
    "agreement": AgreementForm,
    "nil-report": NilReportForm,
    "unit": NewUnitForm,
    "plan-task": PlanTaskForm,
    "profile": ProfileForm,
    "settings": SettingsForm,
    "collection": CollectionForm,
}


def names() -> list[str]:
    return list(FORMS)


def listing() -> FormList:
    """GET /forms: every form, with where its schema is."""
    return FormList(forms=[FormLink(form=name, schema=f"/forms/{name}/schema") for name in names()])


def schema(form: str) -> dict[str, Any]:
    if form not in FORMS:
        raise NotFound("没有这个表单")  # the name as sent may be any text: not echoed
    document: dict[str, Any] = {"$schema": SCHEMA_DIALECT, **built(FORMS[form]).model_json_schema()}
    if form == "report":
        document["x-activity-types"] = [
            {
                "code": activity.code,
                "label": activity.label,
                "figures": [
                    {"code": f.code, "label": f.label, "unit": f.unit, "kind": f.kind.value} for f in activity.figures
                ],
            }
            for activity in ACTIVITY_TYPES
        ]
        document["x-visit-targets"] = VISIT_TARGETS
        document["x-warning-rules"] = page_rules()  # the report page warns offline by the same table
    if form == "collection":  # the words of a unit's standing, for the pages that show it
        document["x-states"] = [{"state": state, "label": label} for state, label in STATE_LABELS.items()]
    return document


def render(form: str) -> str:
    return json.dumps(schema(form), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_all(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for form in names():
        path = directory / f"{form}.schema.json"
        path.write_text(render(form), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(path)
