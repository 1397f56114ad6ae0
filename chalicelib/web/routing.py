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
from chalicelib.db.store import Store

access = AccessTable()
api_doc = ApiDoc()
_app: Chalice | None = None
_context: Context | None = None
_answering: Context | None = None  # the request's, for its organisation: see `answering`
TREE_SECONDS = 60.0


def context() -> Context:
    """The collaborators: while a request is answered, those of its organisation (`answering`); else the
    process's, built from the environment when first asked for."""
    global _context
    if _answering is not None:
        return _answering
    if _context is None:
        _context = Context()
    return _context


def use_context(replacement: Context | None) -> None:
    """Hand in the collaborators (tests, the local stack); None goes back to the environment's."""
    global _context
    _context = replacement


def answering(tenant: Context | None) -> None:
    """The request's collaborators from now until it is answered (None once it is): Lambda and the local server
    answer one request at a time in a process, as Chalice's own `current_request` assumes."""
    global _answering
    _answering = tenant


class Organisations:
    """The deployment as deciding access sees it (core/auth.py `Deployment`), over the process's context. The
    tree is remembered for a minute and read again when it lacks an organisation asked for: organisations are
    never renamed, moved or deleted, so what is remembered is never wrong, only short of the newest."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.admin_token_sha256 = ctx.config.admin_token_sha256
        self.home = ctx.org

    def credentials(self, org: str) -> Store:
        """The organisation's storage, where its staff and reporters are found."""
        return self.ctx.within(org).store

    def organisations(self, wanted: str | None = None) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.ctx.remembered("orgs", TREE_SECONDS, self.ctx.store.orgs.all)
        if wanted and not any(one["org_id"] == wanted for one in found):
            found = self.ctx.store.orgs.all()
            self.ctx.remember("orgs", found)
        return found

    def every(self) -> list[Context]:
        """The context of every organisation with items of its own: the deployment's own county, and every one
        registered (a city or a province for its direct units)."""
        others = [one for one in self.ctx.store.orgs.all() if one["org_id"] != self.home]
        return [self.ctx, *(self.ctx.within(one["org_id"], one["name"]) for one in others)]

    def within(self, org: str, name: str | None = None) -> Context:
        """The context of the organisation a request works in, named as registered."""
        if org == self.home:
            return self.ctx
        if name is None:
            name = next((str(one["name"]) for one in self.organisations(org) if one["org_id"] == org), None)
        return self.ctx.within(org, name)


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
        org_in_path: str | None = None,
        body: type[BaseModel] | Callable[[], type[BaseModel]] | None = None,
        validated_by_service: bool = False,
        **doc: Any,
    ) -> Callable[..., Any]:
        """Declare a route: who may call it, (`proven_by_write`) whether its own write proves a reporter's
        token, and (`org_in_path`) which of its path's parameters names the organisation it acts in, see
        core/auth.py; `doc` is its OpenAPI operation (answer, status, query …).

        A body is read only when sent as JSON (else 415.1, a request without one needs no Content-Type), and a
        route that declares none refuses every field one names. A declared `body` is validated into its model
        here, and the view gets it as `form`: the service sees only a valid form. `validated_by_service` leaves
        that to the service, which must first answer what comes before the body (the record exists, the
        caller's unit, the year in the path) or validates with what only it knows (today, the stored document a
        PUT changes, a survey's questions, a year's campaign calendar)."""

        def register(view: Callable[..., Any]) -> Callable[..., Any]:
            for method in methods:
                access.allow(method, path, roles, proven_by_write, org_in_path)
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
    return query_param(current_request(), name)


def query_param(request: Request, name: str) -> str | None:
    params = request.query_params
    return None if params is None else params.get(name)


def month_param(month: str) -> str:
    if not is_month(month):
        raise InvalidParameter(MONTH_FORMAT)
    return month


def no_content() -> Response:
    return Response(body="", status_code=204)
