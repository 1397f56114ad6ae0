"""What GET /forms answers."""

from __future__ import annotations

from pydantic import Field

from chalicelib.core.models import Answer


class FormLink(Answer):
    form: str = Field(description="表单名")
    schema_path: str = Field(alias="schema", description="该表单 JSON Schema 的路径")


class FormList(Answer):
    forms: list[FormLink]
