"""QR codes of the pages' links (the county office's page prints them)."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    BaseModel,
    Field,
    StringConstraints,
)

from chalicelib.core.models import (
    Form,
)

# --- QR codes of the pages' links (the county office's page prints them) ------------------


class LinkQrForm(Form):
    link: Annotated[str, StringConstraints(min_length=1, max_length=2000)] = Field(
        title="链接", description="本系统页面的链接，如填报员的填报链接（含凭证，故放在请求体中）"
    )


class LinkQrCode(BaseModel):
    link: str
    svg: str = Field(description="二维码的 SVG 文本")
