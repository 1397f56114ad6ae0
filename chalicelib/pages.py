"""The phone pages: plain HTML, CSS and JavaScript under chalicelib/pages/, served by the app itself.

Nothing is loaded from another host. Each page is an HTML file whose links to
`assets/<name>` (or `../assets/<name>`) get `?v=<content hash>` when it is first
served, so the assets can be cached for a year and a new release is fetched at
once. Only the files named in ASSETS and PAGES are served. The HTML carries a
Content-Security-Policy that allows this origin only, plus the bucket's upload
endpoint for photos, and no referrer ever leaves the page (the reporter's token
lives in the URL fragment and in the device's storage, never in a server log).

Files are read once, on first use, never at import.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from chalice import Response

from .errors import NotFound

if TYPE_CHECKING:
    from .context import Context

PAGES_DIR = Path(__file__).resolve().parent / "pages"

JS = "text/javascript; charset=utf-8"
ASSETS: dict[str, str] = {
    "app.css": "text/css; charset=utf-8",
    "common.js": JS,
    "report.js": JS,
    "sw.js": JS,
}
# A page and the files it loads; page weights are measured over these.
PAGES: dict[str, tuple[str, ...]] = {
    "report.html": ("app.css", "common.js", "report.js"),
}

ASSET_LINK = re.compile(r"""(["'])((?:\.\./)?assets/)([A-Za-z0-9_.-]+)\1""")
LONG_CACHE = "public, max-age=31536000, immutable"
SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


@dataclass(frozen=True)
class Asset:
    body: str
    content_type: str
    version: str


def _read(name: str) -> str:
    return (PAGES_DIR / name).read_text(encoding="utf-8")


@cache
def asset(name: str) -> Asset:
    """An allowed asset, with the hash of its content as its version."""
    if name not in ASSETS:
        raise NotFound("未找到该文件")
    body = _read(name)
    return Asset(body, ASSETS[name], hashlib.sha256(body.encode()).hexdigest()[:12])


def versioned(url: str) -> str:
    """`assets/app.css` -> `assets/app.css?v=<hash>`."""
    name = url.rsplit("/", 1)[-1]
    return f"{url}?v={asset(name).version}"


@cache
def html(page: str) -> str:
    """The page's HTML with each asset link carrying its content's version."""
    text = _read(page)
    return ASSET_LINK.sub(lambda m: f"{m[1]}{versioned(m[2] + m[3])}{m[1]}", text)


def origin(url: str) -> str:
    """scheme://host[:port] of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def upload_origin(ctx: Context) -> str:
    """Where the browser posts photos: the origin of a presigned POST's URL (signed locally, no request)."""
    return origin(ctx.s3.generate_presigned_post(ctx.config.bucket_name, "photos/probe")["url"])


def content_security_policy(upload: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' blob: data:",
            f"connect-src 'self' {upload}",
            "worker-src 'self'",
            "manifest-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def page_response(ctx: Context, page: str) -> Response:
    """A page's HTML: never cached without revalidation, under a strict CSP."""
    return Response(
        body=html(page),
        status_code=200,
        headers={
            "Content-Type": "text/html; charset=utf-8",
            "Cache-Control": "no-cache",
            "Content-Security-Policy": content_security_policy(upload_origin(ctx)),
            **SECURITY_HEADERS,
        },
    )


def asset_response(name: str, version: str | None) -> Response:
    """An asset; cached for a year when asked for by its current version, else revalidated."""
    found = asset(name)
    headers: dict[str, str | list[str]] = {
        "Content-Type": found.content_type,
        "Cache-Control": LONG_CACHE if version == found.version else "no-cache",
        **SECURITY_HEADERS,
    }
    if name == "sw.js":
        headers["Service-Worker-Allowed"] = "/"
    return Response(body=found.body, status_code=200, headers=headers)


def page_weight(page: str) -> dict[str, int]:
    """Bytes of a page's HTML, CSS and JavaScript, plain and gzipped (as each file is sent)."""
    texts = [html(page).encode(), *(asset(name).body.encode() for name in PAGES[page])]
    return {
        "bytes": sum(len(t) for t in texts),
        "gzipped": sum(len(gzip.compress(t, mtime=0)) for t in texts),
    }


if __name__ == "__main__":
    for name in PAGES:
        print(name, page_weight(name))
