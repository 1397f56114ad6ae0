"""The county's basic facts of a year (基本情况)."""

from __future__ import annotations

from chalice import Response

from chalicelib.core.auth import OFFICE_READ, OFFICE_WRITE
from chalicelib.core.responses import json_response
from chalicelib.profile import service as county_profile
from chalicelib.profile.models import Profile, ProfileForm
from chalicelib.web.routing import Routes, body, context, principal

routes = Routes(__name__)


@routes.route(
    "/profile/{year}",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="填写本县某年的基本情况（人口、优抚对象、驻军、荣誉等；只改所给的字段，带所改的 version）",
    body=ProfileForm,
    validated_by_service=True,
    answer=Profile,
)
def put_profile(year: str) -> Response:
    return json_response(county_profile.replace(context(), principal(), year, body()))


@routes.route("/profile/{year}", roles=OFFICE_READ, summary="本县某年的基本情况（情况汇报开头）", answer=Profile)
def get_profile(year: str) -> Response:
    return json_response(county_profile.show(context(), year))
