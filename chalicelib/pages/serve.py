"""The phone pages: plain HTML, CSS and JavaScript under chalicelib/pages/, served by the app itself.

Nothing is loaded from another host. Each page is an HTML file whose links to
`assets/<name>` (or `../assets/<name>`) get `?v=<content hash>` when it is first
served, so the assets can be cached for a year and a new release is fetched at
once. Only the files named in ASSETS and PAGES are served (LATER: what a page loads
when a view needs it); `<!--#include head.html-->`
puts in the <meta> lines every page shares. The HTML carries a
Content-Security-Policy that allows this origin only, plus the bucket's upload
endpoint for photos (on the county office's page, its download endpoint, to show
them), and no referrer ever leaves the page (the reporter's token lives in the URL
fragment and in the device's storage, never in a server log).

The pages: the report page (`/`, a reporter's), a survey's page (`/s/<token>`, a
respondent's: its policy lets it connect to its own survey's two addresses and
nowhere else) and the county office's page (`/admin`, the admin token in the
fragment like a reporter's).

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

from chalice import Response

from chalicelib.core.errors import NotFound

if TYPE_CHECKING:
    from chalicelib.context import Context

PAGES_DIR = Path(__file__).resolve().parent

JS = "text/javascript; charset=utf-8"
ASSETS: dict[str, str] = {
    "app.css": "text/css; charset=utf-8",
    "common.js": JS,
    "report.js": JS,
    "sw.js": JS,
    "survey.js": JS,
    "admin.css": "text/css; charset=utf-8",
    "admin.js": JS,
    "admin-summaries.js": JS,
    "admin-units.js": JS,
    "admin-agreements.js": JS,
    "admin-surveys.js": JS,
    "admin-plan.js": JS,
    "admin-settings.js": JS,
    "admin-review.js": JS,
    "admin-staff.js": JS,
    "admin-audit.js": JS,
    "admin-profile.js": JS,
    "admin-board.js": JS,
    "admin-collections.js": JS,
    "admin-orgs.js": JS,
}
# A page and the files it loads first; page weights are measured over these.
PAGES: dict[str, tuple[str, ...]] = {
    "report.html": ("app.css", "common.js", "report.js"),
    "survey.html": ("app.css", "common.js", "survey.js"),
    "admin.html": ("app.css", "admin.css", "common.js", "admin.js", "admin-board.js"),  # the first tab's, at once
}
# What a page loads later: the county office page's tabs, each one's script when the tab is first opened (its link in
# the HTML: the tab's data-script).
LATER: dict[str, tuple[str, ...]] = {
    "admin.html": (
        "admin-units.js",
        "admin-agreements.js",
        "admin-surveys.js",
        "admin-plan.js",
        "admin-settings.js",
        "admin-review.js",
        "admin-staff.js",
        "admin-audit.js",
        "admin-profile.js",
        "admin-summaries.js",
        "admin-collections.js",
        "admin-orgs.js",  # a city's or a province's office only: the picker of the counties below
    )
}

INCLUDE = re.compile(r"<!--#include (head\.html)-->")  # the <meta> lines every page shares
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
    """The page's HTML, with the shared <head> lines put in, and each asset link carrying its content's version."""
    text = INCLUDE.sub(lambda m: _read(m[1]).rstrip("\n"), _read(page))
    return ASSET_LINK.sub(lambda m: f"{m[1]}{versioned(m[2] + m[3])}{m[1]}", text)


def content_security_policy(
    connect: str, *, images: str = "'self' blob: data:", workers: str = "'self'", forms: str = "'self'"
) -> str:
    """This origin only; `connect`: where the page's scripts may send requests."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {images}",
            f"connect-src {connect}",
            f"worker-src {workers}",
            "manifest-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            f"form-action {forms}",
            "frame-ancestors 'none'",
        ]
    )


def _html_response(page: str, policy: str, headers: dict[str, str] | None = None) -> Response:
    """A page's HTML: never cached without revalidation, under a strict CSP."""
    return Response(
        body=html(page),
        status_code=200,
        headers={
            "Content-Type": "text/html; charset=utf-8",
            "Cache-Control": "no-cache",
            "Content-Security-Policy": policy,
            **SECURITY_HEADERS,
            **(headers or {}),
        },
    )


def page_response(ctx: Context, page: str) -> Response:
    """The report page: it talks to the API and posts photos to the bucket."""
    return _html_response(page, content_security_policy(f"'self' {ctx.bucket.upload_origin()}"))


def admin_page_response(ctx: Context) -> Response:
    """The county office's page: the API, and the bucket for the signed agreements' uploads (downloads are
    navigations to presigned links, not fetches); images from here (QR codes as data:) and the report photos'
    presigned links to the bucket."""
    images = f"'self' data: {ctx.bucket.download_origin()}"
    connect = f"'self' {ctx.bucket.upload_origin()}"
    return _html_response("admin.html", content_security_policy(connect, images=images, workers="'none'"))


# --- a survey's public page ------------------------------------------------------------

SURVEY_PATH = re.compile(r"^(?:/[A-Za-z0-9._~-]+)*/s/([A-Za-z0-9_-]{32})$")  # [stage]/s/<a well-formed token>
HOST = re.compile(r"^[A-Za-z0-9.-]+(?::[0-9]{1,5})?$")
URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~-]+)*/s/[A-Za-z0-9_-]{32}$")


def wants_html(accept: str | None) -> bool:
    """A browser opening a link asks for text/html; the page's own fetch (and API clients) for JSON or anything."""
    kinds = {part.split(";")[0].strip().lower() for part in (accept or "").split(",")}
    return "text/html" in kinds and "application/json" not in kinds


def survey_page_response(public_url: str, host: str | None, path: str) -> Response:
    """A survey's page. Its scripts may connect to this very address (the definition) and its
    `/responses` (the answers), nothing else. The address is the request's own (`host`, `path`),
    and the same under PUBLIC_URL, where the survey's link points (for a proxy that forwards
    another Host). A malformed link may connect nowhere (the page says the survey is not found)."""
    found = SURVEY_PATH.match(path)
    addresses = []
    if found:
        if host and HOST.match(host):
            addresses.append(f"{host}{path}")
        public = f"{public_url}/s/{found[1]}"
        if URL.match(public) and public.split("://", 1)[1] not in addresses:
            addresses.append(public)
    connect = " ".join(f"{a} {a}/responses" for a in addresses) or "'none'"
    policy = content_security_policy(connect, images="'self' data:", workers="'none'", forms="'none'")
    return _html_response("survey.html", policy, {"Vary": "Accept"})


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


def _weight(texts: list[bytes]) -> dict[str, int]:
    return {
        "bytes": sum(len(t) for t in texts),
        "gzipped": sum(len(gzip.compress(t, mtime=0)) for t in texts),
    }


def page_weight(page: str) -> dict[str, int]:
    """Bytes of a page's HTML, CSS and JavaScript as it first loads, plain and gzipped (as each file is sent)."""
    return _weight([html(page).encode(), *(asset(name).body.encode() for name in PAGES[page])])


def file_weight(name: str) -> dict[str, int]:
    """Bytes of one page or asset as sent, plain and gzipped."""
    return _weight([(html(name) if name in PAGES else asset(name).body).encode()])


if __name__ == "__main__":
    for name in PAGES:
        print(name, "first load", page_weight(name))
        for part in (name, *PAGES[name], *LATER.get(name, ())):
            print("  ", part, file_weight(part), "later" if part in LATER.get(name, ()) else "")
