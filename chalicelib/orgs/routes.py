"""The organisations above and at the county: the tree."""

from __future__ import annotations

from chalice import Response

from chalicelib.core.auth import DEPLOYMENT_OWNER, OFFICE_READ
from chalicelib.core.responses import json_response
from chalicelib.orgs import service as orgs
from chalicelib.orgs.models import OrgForm, OrgRegistered, OrgTree
from chalicelib.web.routing import Routes, context, principal

routes = Routes(__name__)


@routes.route(
    "/orgs",
    methods=("POST",),
    roles=DEPLOYMENT_OWNER,
    summary="登记组织（省、市、县），挂在上一级组织下（仅部署所有者的管理员令牌）",
    body=OrgForm,
    answer=OrgRegistered,
    status=201,
)
def register_org(form: OrgForm) -> Response:
    return json_response(orgs.register(context(), principal(), form), 201)


@routes.route("/orgs", roles=OFFICE_READ, summary="组织树：部署所有者看到全部，县双拥办只看到本县", answer=OrgTree)
def org_tree() -> Response:
    return json_response(orgs.tree(context(), principal()))
