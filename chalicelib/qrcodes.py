"""QR codes of public links, for printing on a lecture's handout. segno is imported only here."""

from __future__ import annotations

import base64
import io


def qr_images(link: str) -> tuple[str, bytes]:
    """The link's QR code as SVG text and PNG bytes; never a Micro QR, which phones misread."""
    import segno

    code = segno.make_qr(link, error="m")
    svg, png = io.BytesIO(), io.BytesIO()
    code.save(svg, kind="svg", scale=8, border=4, xmldecl=False, title="扫码填写问卷")
    code.save(png, kind="png", scale=8, border=4)
    return svg.getvalue().decode("utf-8"), png.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
