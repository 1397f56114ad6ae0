"""The QR code of one of this app's own pages' links (files/qrcodes.py draws it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.core.errors import ValidationFailed
from chalicelib.files.qrcodes import qr_code, svg
from chalicelib.pages.models import LinkQrForm

if TYPE_CHECKING:
    from chalicelib.context import Context


def link_qr(ctx: Context, form: LinkQrForm) -> dict[str, Any]:
    """The QR code (SVG) of one of this app's own pages' links, e.g. a reporter's link, to print.

    The link, token and all, comes in the request's body, never in its URL, so no log holds it."""
    if not form.link.startswith(ctx.config.public_url + "/"):
        raise ValidationFailed([{"field": "link", "message": "只能为本系统页面的链接生成二维码"}])
    return {"link": form.link, "svg": svg(qr_code(form.link), "扫码打开链接")}
