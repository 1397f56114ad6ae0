"""The county office's people, their roles and credentials."""

from __future__ import annotations

from chalice import Response

from chalicelib.core.auth import ACCESS_ADMIN, SIGNED_IN
from chalicelib.core.responses import json_response
from chalicelib.staff import service as staff
from chalicelib.staff.models import IssuedStaff, Me, RevokedStaff, StaffForm, StaffMember
from chalicelib.web.routing import Routes, context, principal

routes = Routes(__name__)


@routes.route("/me", roles=SIGNED_IN, summary="本凭证是谁：角色、姓名（页面据此只显示该角色可做的操作）", answer=Me)
def who_am_i() -> Response:
    return json_response(staff.me(principal()))


@routes.route(
    "/staff",
    methods=("POST",),
    roles=ACCESS_ADMIN,
    summary="登记县双拥办工作人员及其角色（凭证与个人链接只显示一次）",
    body=StaffForm,
    answer=IssuedStaff,
    status=201,
)
def register_staff(form: StaffForm) -> Response:
    return json_response(staff.register(context(), principal(), form), 201)


@routes.route(
    "/orgs/{org_id}/staff",
    methods=("POST",),
    roles=ACCESS_ADMIN,
    org_in_path="org_id",
    summary="为本组织或下级组织登记工作人员（如市双拥办为各县登记第一位管理员；凭证与个人链接只显示一次）",
    body=StaffForm,
    answer=IssuedStaff,
    status=201,
)
def provision_staff(org_id: str, form: StaffForm) -> Response:
    return json_response(staff.register(context(), principal(), form), 201)


@routes.route(
    "/staff", roles=ACCESS_ADMIN, summary="县双拥办工作人员（不含凭证）", answer=StaffMember, answer_is_list=True
)
def list_staff() -> Response:
    return json_response({"items": staff.list_all(context())})


@routes.route(
    "/staff/{staff_id}",
    methods=("DELETE",),
    roles=ACCESS_ADMIN,
    summary="注销工作人员的凭证，立即生效",
    answer=RevokedStaff,
)
def revoke_staff(staff_id: str) -> Response:
    return json_response(staff.revoke(context(), principal(), staff_id))
