"""JSON answers. Decimals are written as exact JSON numbers, never via float."""

from __future__ import annotations

from typing import Any

import simplejson
from chalice import Response

from chalicelib.core.errors import ApiError

JSON = "application/json; charset=utf-8"


def dumps(body: Any) -> str:
    return simplejson.dumps(body, use_decimal=True, ensure_ascii=False, default=_default, separators=(",", ":"))


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="python", by_alias=True)  # an answer's names as its document says
    raise TypeError(type(value).__name__)


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        body=dumps(body),
        status_code=status,
        headers={"Content-Type": JSON, "Cache-Control": "no-store", **(headers or {})},
    )


def error_response(error: ApiError) -> Response:
    return json_response(error.body(), error.status)
