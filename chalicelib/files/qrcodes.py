"""QR codes of public links as images (SVG, PNG), for printing on a handout. segno is imported only here."""

from __future__ import annotations

import base64
import io
from typing import Any


def qr_code(link: str) -> Any:
    """Never a Micro QR, which phones misread."""
    import segno

    return segno.make_qr(link, error="m")


def svg(code: Any, title: str) -> str:
    drawn = io.BytesIO()
    code.save(drawn, kind="svg", scale=8, border=4, xmldecl=False, title=title)
    return drawn.getvalue().decode("utf-8")


def qr_images(link: str) -> tuple[str, bytes]:
    """The link's QR code as SVG text and PNG bytes."""
    code = qr_code(link)
    png = io.BytesIO()
    code.save(png, kind="png", scale=8, border=4)
    return svg(code, "扫码填写问卷"), png.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
