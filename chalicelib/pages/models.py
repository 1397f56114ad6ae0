"""QR codes of the pages' links (the county office's page prints them)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from chalicelib.core.models import Answer, Form, OneLine

# The most a QR code holds at error level M (version 40, byte mode); a link is always written in bytes.
QR_MAX_BYTES = 2331


def _fits_a_qr_code(link: str) -> str:
    if len(link.encode("utf-8")) > QR_MAX_BYTES:
        raise PydanticCustomError(
            "qr_too_long", "链接过长，二维码容纳不下（上限 {limit} 字节）", {"limit": QR_MAX_BYTES}
        )
    return link


class LinkQrForm(Form):
    link: Annotated[str, StringConstraints(min_length=1, max_length=2000), OneLine, AfterValidator(_fits_a_qr_code)] = (
        Field(title="链接", description="本系统页面的链接，如填报员的填报链接（含凭证，故放在请求体中）")
    )


class LinkQrCode(Answer):
    link: str
    svg: str = Field(description="二维码的 SVG 文本")
