"""The API's own routes: whether it is up, and its OpenAPI document."""

from __future__ import annotations

from chalice import Response

from chalicelib.core.auth import ANYONE
from chalicelib.core.responses import json_response
from chalicelib.web.routing import Routes, api_doc

routes = Routes(__name__)


@routes.route("/health", roles=ANYONE, summary="健康检查")
def health() -> Response:
    return json_response({"status": "ok"})


@routes.route("/openapi.json", roles=ANYONE, summary="本 API 的 OpenAPI 3.1 文档")
def openapi() -> Response:
    return json_response(api_doc.document())
