"""The phone pages, their assets, and QR codes of their links."""

from __future__ import annotations

from chalice import Response

from chalicelib.core.auth import ACCESS_ADMIN, ANYONE
from chalicelib.core.responses import json_response
from chalicelib.pages import qrcodes
from chalicelib.pages import serve as pages
from chalicelib.pages.models import LinkQrCode, LinkQrForm
from chalicelib.web.routing import Routes, context, query

routes = Routes(__name__)


@routes.route("/", roles=ANYONE, summary="填报页（手机）：打开填报员收到的链接", content_type="text/html")
def report_page() -> Response:
    return pages.page_response(context(), "report.html")


@routes.route(
    "/admin", roles=ANYONE, summary="县双拥办页面：打开管理链接（凭证在 #token= 中）", content_type="text/html"
)
def admin_page() -> Response:
    return pages.admin_page_response(context())


@routes.route(  # it prints a credential's link as it is issued, so it goes with issuing credentials
    "/qrcodes",
    methods=("POST",),
    roles=ACCESS_ADMIN,
    summary="本系统页面链接的二维码（SVG），如填报员的填报链接，供打印",
    body=LinkQrForm,
    answer=LinkQrCode,
)
def link_qr_code(form: LinkQrForm) -> Response:
    return json_response(qrcodes.link_qr(context(), form))


@routes.route(
    "/assets/{name}", roles=ANYONE, summary="页面的样式与脚本（白名单）", content_type="text/plain", query=("v",)
)
def page_asset(name: str) -> Response:
    return pages.asset_response(name, query("v"))
