"""Declaring routes: each capability's routes.py is a `Routes` blueprint, and each of its routes says who may
call it (`roles`: one of the named sets in core/auth.py), its body and its answer, with the one `route()`.

The declarations fill one access table and one OpenAPI document for the whole API; app.py's middleware
decides every request's access from that table (a route without roles cannot be declared, so access fails
closed) and registers the blueprints. The request helpers read the request app.py is answering.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from chalice import Blueprint, Chalice, Response
from chalice.app import Request
from pydantic import BaseModel

from chalicelib.context import Context
from chalicelib.core.auth import AccessTable, Principal, Role
from chalicelib.core.dates import MONTH_FORMAT, is_month
from chalicelib.core.errors import InvalidParameter, ServiceBusy, UnsupportedMediaType, ValidationFailed
from chalicelib.core.models import built
from chalicelib.core.openapi import ApiDoc, Operation
from chalicelib.core.validation import UNKNOWN_FIELD, parse_json_object, validate
from chalicelib.db.errors import Busy

access = AccessTable()
api_doc = ApiDoc()
_app: Chalice | None = None
_context: Context | None = None


def context() -> Context:
    """The process's collaborators, built from the environment when first asked for."""
    global _context
    if _context is None:
        _context = Context()
    return _context


def use_context(replacement: Context | None) -> None:
    """Hand in the collaborators (tests, the local stack); None goes back to the environment's."""
    global _context
    _context = replacement


class Routes(Blueprint):
    """A capability's routes, registered on the app by app.py."""

    def route(  # type: ignore[override]
        self,
        path: str,
        *,
        roles: frozenset[Role],
        summary: str,
        methods: tuple[str, ...] = ("GET",),
        proven_by_write: bool = False,
        body: type[BaseModel] | Callable[[], type[BaseModel]] | None = None,
        validated_by_service: bool = False,
        **doc: Any,
    ) -> Callable[..., Any]:
        """Declare a route: who may call it, and (`proven_by_write`) whether its own write proves a reporter's
        token, see core/auth.py; `doc` is its OpenAPI operation (answer, status, query …).

        A body is read only when sent as JSON (else 415.1, a request without one needs no Content-Type), and a
        route that declares none refuses every field one names. A declared `body` is validated into its model
        here, and the view gets it as `form`: the service sees only a valid form. `validated_by_service` leaves
        that to the service, which must first answer what comes before the body (the record exists, the
        caller's unit, the year in the path) or validates with what only it knows (today, the stored document a
        PUT changes, a survey's questions, a year's campaign calendar)."""

        def register(view: Callable[..., Any]) -> Callable[..., Any]:
            for method in methods:
                access.allow(method, path, roles, proven_by_write)
                api_doc.add(Operation(method=method, path=path, summary=summary, roles=roles, body=body, **doc))
            form_model = None if body is None or validated_by_service else body

            @functools.wraps(view)
            def answer(*args: Any, **kwargs: Any) -> Any:
                try:
                    sent = raw_body()
                    if sent:
                        _sent_as_json()
                        if body is None:
                            _nothing_named(parse_json_object(sent))
                    if form_model is not None:
                        kwargs["form"] = validate(built(form_model), parse_json_object(sent))
                    return view(*args, **kwargs)
                except Busy:
                    raise ServiceBusy() from None  # any route: the table refused a write that kept colliding

            # Chalice's own check would refuse a body-less request sent with another type and take a body sent
            # without one as JSON: `_sent_as_json` decides instead, from the body itself.
            return super(Routes, self).route(path, methods=list(methods), content_types=["*/*"])(answer)

        return register


def _sent_as_json() -> None:
    """A body is read only as JSON: one sent with another Content-Type, or none, is refused (415.1)."""
    media_type = (current_request().headers.get("content-type") or "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise UnsupportedMediaType("提交的内容须以 JSON 格式发送（Content-Type: application/json）")


def _nothing_named(sent: dict[str, Any]) -> None:
    """A route that takes no body refuses every field a body names, as every form refuses one it does not know."""
    if sent:
        raise ValidationFailed([{"field": name, "message": UNKNOWN_FIELD} for name in sent])


def serve(app: Chalice, blueprints: list[Routes]) -> None:
    """Register every capability's routes on the app, whose requests the helpers below read."""
    global _app
    _app = app
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def current_request() -> Request:
    assert _app is not None and _app.current_request is not None, "a route answers only once the app is served"
    return _app.current_request


def principal() -> Principal:
    found: Principal = current_request().context["principal"]
    return found


def body() -> dict[str, Any]:
    return parse_json_object(raw_body())


def raw_body() -> bytes | None:
    raw = current_request().raw_body
    return raw.encode() if isinstance(raw, str) else raw


def query(name: str) -> str | None:
    params = current_request().query_params
    return None if params is None else params.get(name)


def month_param(month: str) -> str:
    if not is_month(month):
        raise InvalidParameter(MONTH_FORMAT)
    return month


def no_content() -> Response:
    return Response(body="", status_code=204)
