"""The year at a glance: who reported each month, and each month's figures."""

from __future__ import annotations

from chalice import Response

from chalicelib.core.auth import OFFICE_READ
from chalicelib.core.responses import json_response
from chalicelib.core.validation import year_param
from chalicelib.reporting import service as reporting
from chalicelib.reporting.models import YearBoard
from chalicelib.web.routing import Routes, context

routes = Routes(__name__)


@routes.route(
    "/reporting/{year}", roles=OFFICE_READ, summary="全年报送一览（各单位逐月报送情况与每月数字）", answer=YearBoard
)
def year_board(year: str) -> Response:
    return json_response(reporting.year_board(context(), year_param(year)))
