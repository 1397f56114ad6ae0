"""The forms' JSON Schemas, for pages to render forms from."""

from __future__ import annotations

from chalice import Response

from chalicelib.core.auth import SIGNED_IN
from chalicelib.core.responses import json_response
from chalicelib.forms import schemas as forms
from chalicelib.forms.models import FormList
from chalicelib.web.routing import Routes

routes = Routes(__name__)


@routes.route("/forms", roles=SIGNED_IN, summary="可用的表单", answer=FormList)
def list_forms() -> Response:
    return json_response(forms.listing())


@routes.route("/forms/{form}/schema", roles=SIGNED_IN, summary="表单的 JSON Schema")
def form_schema(form: str) -> Response:
    return json_response(forms.schema(form), headers={"Content-Type": "application/schema+json; charset=utf-8"})
