"""Files the API hands out: written to the bucket, answered as short-lived presigned links.

Chalice answers binary bodies only when the request's Accept header names a
binary type, which an <img> tag or a plain link does not reliably send; so a
file is put in S3 and the API answers a presigned GET link instead. The link
carries the download's name (RFC 6266/5987: an ASCII fallback and the UTF-8
name, so Chinese titles survive) and its content type.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from chalicelib.core.context import Context

LINK_SECONDS = 15 * 60
_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def filename(*parts: str, suffix: str) -> str:
    """A file name from its parts, without characters Windows or a header would refuse."""
    stem = _UNSAFE_IN_NAME.sub("_", "-".join(p for p in parts if p)).strip(" ._") or "download"
    return f"{stem[:80]}{suffix}"


def content_disposition(name: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    ascii_stem = "".join(c for c in stem if c.isascii() and c not in '"\\').strip(" -_")
    fallback = f"{ascii_stem if any(c.isalnum() for c in ascii_stem) else 'download'}{dot}{suffix}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def publish(ctx: Context, key: str, data: bytes, name: str, content_type: str) -> dict[str, Any]:
    """Put the file in the bucket and answer a link that downloads it under `name`."""
    bucket = ctx.config.bucket_name
    ctx.s3.put_object(Bucket=bucket, Key=key, Body=data, ContentType=content_type)
    url = ctx.s3.generate_presigned_url(
        "get_object",
        Params={
            "Bucket": bucket,
            "Key": key,
            "ResponseContentDisposition": content_disposition(name),
            "ResponseContentType": content_type,
        },
        ExpiresIn=LINK_SECONDS,
    )
    return {"url": url, "filename": name, "content_type": content_type, "expires_in": LINK_SECONDS}
