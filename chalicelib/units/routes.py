"""Member units and their reporters' credentials."""

from __future__ import annotations

from chalice import Response

from chalicelib.core.auth import ACCESS_ADMIN, OFFICE_READ, OFFICE_WRITE, SIGNED_IN
from chalicelib.core.models import Download
from chalicelib.core.responses import json_response
from chalicelib.units import import_sheet
from chalicelib.units import service as units
from chalicelib.units.models import (
    IssuedReporter,
    NewUnitForm,
    Reporter,
    ReporterForm,
    Unit,
    UnitForm,
    UnitImport,
    UnitImportForm,
)
from chalicelib.web.routing import Routes, body, context, principal, raw_body

routes = Routes(__name__)


@routes.route(
    "/units", methods=("POST",), roles=OFFICE_WRITE, summary="登记成员单位", body=NewUnitForm, answer=Unit, status=201
)
def create_unit(form: NewUnitForm) -> Response:
    return json_response(units.create(context(), principal(), form), 201)


@routes.route("/units", roles=SIGNED_IN, summary="成员单位（填报员只见本单位）", answer=Unit, answer_is_list=True)
def list_units() -> Response:
    return json_response({"items": units.list_visible(context(), principal())})


@routes.route(
    "/units/import",
    methods=("POST",),
    roles=ACCESS_ADMIN,
    summary="导入成员单位表（.xlsx，base64），每个单位签发一名填报员：整表导入，或指明每个有误的单元格、一个也不导入",
    body=UnitImportForm,
    validated_by_service=True,
    answer=UnitImport,
)
def import_units() -> Response:
    return json_response(import_sheet.import_units(context(), principal(), raw_body()))


@routes.route(
    "/units/template.xlsx", roles=OFFICE_READ, summary="下载成员单位表的空模板（XLSX：表头与一行示例）", answer=Download
)
def units_template() -> Response:
    return json_response(import_sheet.download(context()))


@routes.route("/units/{unit_id}", roles=SIGNED_IN, summary="一个成员单位", answer=Unit)
def get_unit(unit_id: str) -> Response:
    return json_response(units.get(context(), principal(), unit_id))


@routes.route(
    "/units/{unit_id}",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="修改成员单位（只改所给的字段）",
    body=UnitForm,
    validated_by_service=True,
    answer=Unit,
)
def update_unit(unit_id: str) -> Response:
    return json_response(units.update(context(), principal(), unit_id, body()))


@routes.route(
    "/units/{unit_id}/reporters",
    methods=("POST",),
    roles=ACCESS_ADMIN,
    summary="为单位签发填报员凭证（只显示一次）",
    body=ReporterForm,
    answer=IssuedReporter,
    status=201,
)
def issue_reporter(unit_id: str, form: ReporterForm) -> Response:
    return json_response(units.issue_reporter(context(), principal(), unit_id, form), 201)


@routes.route(
    "/units/{unit_id}/reporters", roles=ACCESS_ADMIN, summary="单位的填报员", answer=Reporter, answer_is_list=True
)
def list_reporters(unit_id: str) -> Response:
    return json_response({"items": units.list_reporters(context(), unit_id)})


@routes.route("/reporters/{reporter_id}", methods=("DELETE",), roles=ACCESS_ADMIN, summary="吊销填报员凭证，立即生效")
def revoke_reporter(reporter_id: str) -> Response:
    return json_response(units.revoke_reporter(context(), principal(), reporter_id))
