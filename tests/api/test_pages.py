"""The phone pages as the app serves them: HTML under a strict CSP, versioned assets, photo uploads."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from chalicelib.context import Context
from chalicelib.pages import serve as pages
from tests.conftest import BUCKET, Api, report_body
from tests.helpers.pages import ASSET_LINK, csp

ROOT = Path(__file__).resolve().parents[2]


def test_the_report_page_is_html_under_a_strict_policy(api: Api) -> None:
    answer = api.get("/", token=None)
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    assert answer.headers["Cache-Control"] == "no-cache"
    policy = csp(answer.headers)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'", f"https://{BUCKET}.s3.amazonaws.com"]
    assert policy["frame-ancestors"] == ["'none'"]
    html = answer.body.decode()
    assert '<html lang="zh-CN">' in html
    assert 'name="viewport" content="width=device-width' in html


def test_the_pages_carry_no_inline_script_or_style_and_nothing_from_another_host() -> None:
    for name in [*pages.PAGES, *pages.ASSETS]:
        text = (pages.PAGES_DIR / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), f"{name} names another host"
        if name.endswith(".html"):
            assert not re.search(r"<script(?![^>]*\bsrc=)", text), f"{name} has an inline script"
            assert not re.search(r"\son[a-z]+=", text), f"{name} has an inline event handler"
            assert not re.search(r"\sstyle=", text), f"{name} has an inline style"
    scripts = [(pages.PAGES_DIR / n).read_text(encoding="utf-8") for n in pages.ASSETS if n.endswith(".js")]
    assert not any(re.search(r"\beval\(|new Function\(|innerHTML", s) for s in scripts)


def test_each_asset_is_served_by_its_version_and_cached_for_a_year(api: Api) -> None:
    html = api.get("/", token=None).body.decode()
    links = ASSET_LINK.findall(html)
    assert {name for _, name, _ in links} == {"app.css", "common.js", "report.js", "sw.js"}
    for url, name, version in links:
        answer = api.get("/" + url, token=None)
        assert answer.status == 200, url
        assert hashlib.sha256(answer.body).hexdigest()[:12] == version
        assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        expected = "text/css; charset=utf-8" if name.endswith(".css") else "text/javascript; charset=utf-8"
        assert answer.headers["Content-Type"] == expected
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    stale = api.get("/assets/app.css?v=000000000000", token=None)
    assert stale.status == 200
    assert stale.headers["Cache-Control"] == "no-cache"
    assert api.get("/assets/sw.js", token=None).headers["Service-Worker-Allowed"] == "/"


@pytest.mark.parametrize("name", ["pages.py", "report.html", "..%2Fpages.py", "app.css.map", "x"])
def test_only_listed_assets_are_served(api: Api, name: str) -> None:
    answer = api.get(f"/assets/{name}", token=None)
    assert answer.status == 404
    assert answer.json["code"] == "404.1"


def test_the_report_page_weighs_under_100_kb() -> None:
    weight = pages.page_weight("report.html")
    assert weight["bytes"] < 100 * 1024, weight
    assert weight["gzipped"] < 30 * 1024, weight


def test_importing_the_app_reads_no_page_file() -> None:
    probe = (
        "import app; from chalicelib.pages import serve as p; print(p.asset.cache_info()[3], p.html.cache_info()[3])"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "0"]


# --- photos ---------------------------------------------------------------------------------


def policy_of(upload: dict[str, object]) -> dict[str, object]:
    fields = upload["fields"]
    assert isinstance(fields, dict)
    return json.loads(base64.b64decode(fields["policy"]))  # type: ignore[no-any-return]


def test_a_photo_upload_allows_one_jpeg_of_at_most_2_mb_under_the_reporters_unit(api: Api) -> None:
    api.unit("sifaju")
    answer = api.post("/photos/uploads", {}, token=api.reporter("sifaju"))
    assert answer.status == 201, answer.body
    upload = answer.json
    assert upload["key"].startswith("photos/county/sifaju/2026-08/") and upload["key"].endswith(".jpg")
    policy = policy_of(upload)
    conditions = policy["conditions"]
    assert isinstance(conditions, list)
    assert ["content-length-range", 1, 2 * 1024 * 1024] in conditions
    assert {"Content-Type": "image/jpeg"} in conditions
    assert ["starts-with", "$key", "photos/county/sifaju/"] in conditions
    assert {"key": upload["key"]} in conditions
    assert {"bucket": BUCKET} in conditions
    expires = datetime.fromisoformat(str(policy["expiration"]).replace("Z", "+00:00"))
    assert expires - datetime.now(UTC) < timedelta(minutes=16)
    assert upload["fields"]["Content-Type"] == "image/jpeg"
    assert upload["max_bytes"] == 2 * 1024 * 1024


JPEG = b"\xff\xd8\xff\xe0" + b"photo" * 100 + b"\xff\xd9"


def posted_photo(api: Api, reporter: str) -> dict[str, Any]:
    """A photo posted to the bucket as the phone posts it, through the presigned POST; the upload's answer."""
    upload: dict[str, Any] = api.post("/photos/uploads", {}, token=reporter).json
    posted = requests.post(upload["url"], data=upload["fields"], files={"file": ("p.jpg", JPEG, "image/jpeg")})
    assert posted.status_code in (200, 201, 204), posted.text
    return upload


def test_the_presigned_post_stores_the_photo_and_a_report_may_name_it(api: Api, ctx: Context) -> None:
    api.unit("sifaju")
    reporter = api.reporter("sifaju")
    upload = posted_photo(api, reporter)
    stored = ctx.bucket.client.get_object(Bucket=BUCKET, Key=upload["key"])
    assert stored["Body"].read() == JPEG
    answer = api.post("/reports", report_body(photos=[upload["key"]]), token=reporter)
    assert answer.status == 201, answer.body
    assert answer.json["photos"] == [upload["key"]]


def test_the_office_page_may_show_a_reports_photos_from_the_bucket_and_the_report_page_may_not(api: Api) -> None:
    api.unit("sifaju")
    reporter = api.reporter("sifaju")
    upload = posted_photo(api, reporter)
    report_id = api.post("/reports", report_body(photos=[upload["key"]]), token=reporter).json["report_id"]
    links = api.get(f"/reports/{report_id}/photos").json["items"]
    assert [link["url"].split("/")[2] for link in links] == [f"{BUCKET}.s3.amazonaws.com"]
    # The office page: the bucket's origin, where the photos' links point, beside the page's own images.
    office = csp(api.get("/admin", token=None).headers)
    assert office["img-src"] == ["'self'", "data:", f"https://{BUCKET}.s3.amazonaws.com"]
    # The reporter's page shows its own photos before upload (blob:), never the bucket's.
    assert csp(api.get("/", token=None).headers)["img-src"] == ["'self'", "blob:", "data:"]


def test_a_reporter_cannot_ask_for_another_units_prefix(api: Api) -> None:
    api.unit("sifaju")
    api.unit("jiaoyuju")
    answer = api.post("/photos/uploads", {"unit_id": "jiaoyuju"}, token=api.reporter("sifaju"))
    assert answer.status == 403
    assert api.post("/photos/uploads", {"shape": "png"}, token=api.reporter("sifaju")).status == 400


def test_the_county_office_names_the_unit_of_a_photo(api: Api) -> None:
    api.unit("jiaoyuju")
    missing = api.post("/photos/uploads", {})
    assert missing.status == 400
    assert "unit_id" in missing.error_fields()
    assert api.post("/photos/uploads", {"unit_id": "nowhere"}).status == 400
    upload = api.post("/photos/uploads", {"unit_id": "jiaoyuju"}).json
    assert upload["key"].startswith("photos/county/jiaoyuju/")
    assert ["starts-with", "$key", "photos/county/jiaoyuju/"] in policy_of(upload)["conditions"]  # type: ignore[operator]


def test_the_bucket_lets_only_the_pages_origin_post_to_it(ctx: Context) -> None:
    rules = ctx.bucket.client.get_bucket_cors(Bucket=BUCKET)["CORSRules"]
    assert [(r["AllowedMethods"], r["AllowedOrigins"]) for r in rules] == [(["POST"], ["http://127.0.0.1:8000"])]


def test_a_reporters_link_carries_the_token_in_the_fragment_only(api: Api) -> None:
    api.unit("sifaju")
    issued = api.post("/units/sifaju/reporters", {}).json
    assert issued["link"] == f"https://sy.example.cn/#token={issued['token']}"
