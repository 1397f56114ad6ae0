"""The OpenAPI 3.1 document, built from the routes as they are declared.

Each route (chalicelib/<capability>/routes.py) states its summary, who may call it, its query
parameters, and the models of its body and answer; the schemas are the same
pydantic models that validate requests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from chalicelib.core.auth import ROLE_LABELS, Role
from chalicelib.core.errors import all_error_types
from chalicelib.core.models import Problem, built

REF = "#/components/schemas/{model}"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    roles: frozenset[Role]
    body: type[BaseModel] | Callable[[], type[BaseModel]] | None = None  # a callable builds it when needed
    answer: type[BaseModel] | None = None
    answer_is_list: bool = False
    status: int = 200
    idempotent: bool = False  # the same request sent again answers 200 with what the first one stored
    query: tuple[str, ...] = ()
    content_type: str = "application/json"


@dataclass
class ApiDoc:
    title: str = "双拥填报 API"
    version: str = "1.0.0"
    operations: list[Operation] = field(default_factory=list)

    def add(self, operation: Operation) -> None:
        self.operations.append(operation)

    def routes(self) -> set[tuple[str, str]]:
        return {(op.method, op.path) for op in self.operations}

    def document(self) -> dict[str, Any]:
        from pydantic.json_schema import models_json_schema  # loaded by the first request of the document

        models: set[type[BaseModel]] = {Problem}
        for op in self.operations:
            models.update(m for m in (_model(op.body), op.answer) if m is not None)
        pairs: list[tuple[type[BaseModel], Literal["validation"]]] = [
            (m, "validation") for m in sorted(models, key=lambda m: m.__name__)
        ]
        names, definitions = models_json_schema(pairs, ref_template=REF)
        schemas = dict(definitions.get("$defs", {}))
        paths: dict[str, dict[str, Any]] = {}
        for op in self.operations:
            paths.setdefault(op.path, {})[op.method.lower()] = self._operation(op, names)
        return {
            "openapi": "3.1.0",
            "info": {
                "title": self.title,
                "version": self.version,
                "description": "错误编号：\n\n"
                + "\n".join(
                    f"- `{e.code}` ({e.status}) {e.message}: {(e.__doc__ or '').strip()}" for e in all_error_types()
                ),
            },
            "components": {
                "schemas": schemas,
                "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            },
            "paths": paths,
        }

    @staticmethod
    def _ref(model: type[BaseModel], names: dict[Any, Any]) -> dict[str, Any]:
        return dict(names[(model, "validation")])

    def _operation(self, op: Operation, names: dict[Any, Any]) -> dict[str, Any]:
        parameters = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in re.findall(r"{(\w+)}", op.path)
        ] + [{"name": name, "in": "query", "required": False, "schema": {"type": "string"}} for name in op.query]
        if Role.PUBLIC not in op.roles:
            parameters.append(ORG_PARAMETER)
        responses: dict[str, Any] = {}
        if op.answer is not None:
            schema = self._ref(op.answer, names)
            if op.answer_is_list:  # a list route answers {"items": [...]}
                schema = {
                    "type": "object",
                    "required": ["items"],
                    "properties": {"items": {"type": "array", "items": schema}},
                }
            responses[str(op.status)] = {"description": "成功", "content": {op.content_type: {"schema": schema}}}
            if op.idempotent:
                again = "已保存过（同一请求重复发送），不再保存，答首次保存的内容"
                responses["200"] = {"description": again, "content": {op.content_type: {"schema": schema}}}
        else:
            responses[str(op.status)] = {"description": "成功", "content": {op.content_type: {}}}
        problem = {"content": {"application/json": {"schema": self._ref(Problem, names)}}}
        responses["4XX"] = {"description": "请求被拒绝，body 中的 code 为错误编号", **problem}
        operation: dict[str, Any] = {
            "summary": op.summary,
            "operationId": f"{op.method.lower()}_{re.sub(r'[^a-z0-9]+', '_', op.path.lower()).strip('_') or 'root'}",
            "parameters": parameters,
            "responses": responses,
            "description": _who(op.roles),
            "x-roles": sorted(role.value for role in op.roles),
        }
        if Role.PUBLIC not in op.roles:
            operation["security"] = [{"bearer": []}]
        body = _model(op.body)
        if body is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": self._ref(body, names)}},
            }
        return operation


ORG_PARAMETER = {
    "name": "org",
    "in": "query",
    "required": False,
    "schema": {"type": "string"},
    "description": "市、省的工作人员（及部署所有者）查看下属的县：该组织的编号；只可查看（GET），"
    "其他方法答 403（为下属组织登记工作人员除外）。不填即凭证所属的组织",
}


def _model(body: type[BaseModel] | Callable[[], type[BaseModel]] | None) -> type[BaseModel] | None:
    return None if body is None else built(body)


def _who(roles: frozenset[Role]) -> str:
    """The route's roles in words, in the order of ROLE_LABELS (the owner token counts as 管理员)."""
    if Role.PUBLIC in roles:
        return "可调用：任何人（无需凭证）"
    return "可调用：" + "、".join(label for role, label in ROLE_LABELS.items() if role in roles)
