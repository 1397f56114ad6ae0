"""QR codes of public links, for printing on a lecture's handout. segno is imported only here."""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING, Any

from chalicelib.core.errors import ValidationFailed
from chalicelib.core.validation import validate
from chalicelib.pages.models import LinkQrForm

if TYPE_CHECKING:
    from chalicelib.core.context import Context


def _code(link: str) -> Any:
    """Never a Micro QR, which phones misread."""
    import segno

    return segno.make_qr(link, error="m")


def _svg(code: Any, title: str) -> str:
    svg = io.BytesIO()
    code.save(svg, kind="svg", scale=8, border=4, xmldecl=False, title=title)
    return svg.getvalue().decode("utf-8")


def qr_images(link: str) -> tuple[str, bytes]:
    """The link's QR code as SVG text and PNG bytes."""
    code = _code(link)
    png = io.BytesIO()
    code.save(png, kind="png", scale=8, border=4)
    return _svg(code, "扫码填写问卷"), png.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def link_qr(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """The QR code (SVG) of one of this app's own pages' links, e.g. a reporter's link, to print.

    The link, token and all, comes in the request's body, never in its URL, so no log holds it."""
    form = validate(LinkQrForm, body)
    if not form.link.startswith(ctx.config.public_url + "/"):
        raise ValidationFailed([{"field": "link", "message": "只能为本系统页面的链接生成二维码"}])
    return {"link": form.link, "svg": _svg(_code(form.link), "扫码打开链接")}
