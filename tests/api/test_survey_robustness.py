"""No survey input makes the API answer 5xx; the heavy libraries stay off the API's import path."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Api
from tests.helpers.surveys import QUESTIONS, SURVEY, open_survey, valid_answers

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


@pytest.fixture
def public(api: Api) -> str:
    """One open survey's public path, for every example of a test."""
    return open_survey(api)[1]


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(
    question=st.sampled_from([q["id"] for q in QUESTIONS] + ["ghost"]), value=json_values, raw=st.binary(max_size=40)
)
def test_mangled_answers_never_give_a_5xx(api: Api, public: str, question: str, value: Any, raw: bytes) -> None:
    body = {"response_id": str(uuid.uuid4()), "answers": valid_answers(**{question: value})}
    for payload in (json.dumps(body).encode(), raw, json.dumps({**body, "version": value}).encode()):
        answer = api.post(f"{public}/responses", raw=payload, token=None)
        assert answer.status < 500, answer.body
        assert answer.json["code" if answer.status >= 400 else "response_id"]


@SETTINGS
@given(
    index=st.integers(min_value=0, max_value=len(QUESTIONS) - 1),
    key=st.sampled_from(
        [
            "id",
            "type",
            "label",
            "options",
            "min_selections",
            "max_selections",
            "max_length",
            "min",
            "max",
            "integer",
            "min_date",
            "max_date",
            "required",
            "low_label",
        ]
    ),
    value=json_values,
)
def test_mangled_definitions_never_give_a_5xx(api: Api, index: int, key: str, value: Any) -> None:
    questions = [dict(q) for q in QUESTIONS]
    questions[index][key] = value
    answer = api.post("/surveys", {**SURVEY, "questions": questions})
    assert answer.status < 500, answer.body
    if answer.status == 400:
        assert all(e["field"].startswith("questions.") for e in answer.json["errors"])


def test_segno_and_openpyxl_are_not_imported_with_the_api() -> None:
    root = Path(__file__).resolve().parents[2]
    probe = "import sys, app; print(sorted(m for m in ('segno', 'openpyxl', 'docx') if m in sys.modules))"
    found = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_no_model_is_built_when_the_api_is_imported() -> None:
    # A cold start pays only for the models its request uses (issue 18): every pydantic model the app defines
    # is deferred (core.models.Answer), so after `import app` none has its validator yet.
    root = Path(__file__).resolve().parents[2]
    probe = (
        "import app, sys\n"
        "from pydantic import BaseModel\n"
        "from pydantic._internal._mock_val_ser import MockValSer\n"
        "def every(cls):\n"
        "    for sub in cls.__subclasses__():\n"
        "        yield sub\n"
        "        yield from every(sub)\n"
        "mine = {c for c in every(BaseModel) if c.__module__.startswith(('chalicelib', 'app'))\n"
        "        and not c.__pydantic_generic_metadata__['parameters']}  # the generic bases are no models\n"
        "built = sorted(c.__qualname__ for c in mine if not isinstance(c.__pydantic_validator__, MockValSer))\n"
        "print(len(mine) > 50, built)\n"
    )
    found = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "True []", found.stdout


def test_the_garbage_collector_runs_again_once_the_api_is_imported() -> None:
    # app.py pauses collection while it imports (issue 18's cold start); a process that kept it paused would
    # never free a reference cycle again.
    root = Path(__file__).resolve().parents[2]
    probe = "import gc, app; print(gc.isenabled(), gc.get_freeze_count() > 10000)"
    found = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "True True", found.stdout
