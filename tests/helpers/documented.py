"""Every JSON answer the API tests receive, held against what the served OpenAPI document declares for its
route and status, so that the document cannot drift from the code (the `Api` client checks each answer)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from jsonschema import Draft202012Validator


class Undocumented(AssertionError):
    """An answer the document does not declare: its route, its status, or its shape."""


def _pattern(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\{\w+\\}", "[^/]+", re.escape(path)) + "$")


class Document:
    """The served document, read once; a validator per (route, method, status), made when first needed."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        # a literal segment wins over a variable one (/surveys/{id}/results.xlsx before /surveys/{id}/{…})
        routes = sorted(document["paths"], key=lambda path: path.count("{"))
        self.routes = [(route, _pattern(route)) for route in routes]
        self._validators: dict[tuple[str, str, str], Draft202012Validator] = {}

    def route(self, path: str) -> str | None:
        bare = path.split("?", 1)[0]
        return next((route for route, pattern in self.routes if pattern.match(bare)), None)

    def check(self, method: str, path: str, status: int, answer: Any) -> None:
        """Raise Undocumented unless the document declares this JSON answer for this route and status."""
        route = self.route(path)
        if route is None:
            return  # a path no route declares: the gateway's own answer, checked by the tests of it
        operation = self.document["paths"][route].get(method.lower())
        if operation is None:
            return  # a method no route declares: 405, checked by the tests of it
        responses = operation["responses"]
        key = str(status) if str(status) in responses else f"{str(status)[0]}XX"
        if key not in responses:
            raise Undocumented(f"{method} {route} answered {status}, which its document does not declare")
        schema = responses[key]["content"].get("application/json", {}).get("schema")
        if schema is None:
            return  # declared as a JSON answer of no set shape
        validator = self._validator(method, route, key, schema)
        errors = sorted(validator.iter_errors(answer), key=lambda e: list(e.absolute_path))
        if errors:
            where = "; ".join(
                f"{'/'.join(map(str, e.absolute_path)) or '(the answer)'}: {e.message}" for e in errors[:5]
            )
            raise Undocumented(f"{method} {route} answered {status} unlike its document: {where}")

    def _validator(self, method: str, route: str, key: str, schema: dict[str, Any]) -> Draft202012Validator:
        found = self._validators.get((method, route, key))
        if found is None:
            found = Draft202012Validator({**schema, "components": self.document["components"]})
            self._validators[(method, route, key)] = found
        return found


_served: Document | None = None


def served(fetch: Callable[[], bytes]) -> Document:
    """The served document (`fetch` asks GET /openapi.json), read once per test process: routes are declared
    at import and never change after."""
    global _served
    if _served is None:
        _served = Document(json.loads(fetch()))
    return _served
