"""The survey page and the county office's page as the app serves them; the QR code of a page's link."""

from __future__ import annotations

import re

import pytest

from chalicelib.pages import serve as pages
from chalicelib.staff import service as staff
from tests.conftest import BUCKET, Api
from tests.helpers.pages import ASSET_LINK, csp
from tests.helpers.surveys import open_survey

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def test_a_survey_link_answers_a_browser_the_page_and_a_client_the_definition(api: Api) -> None:
    _, public = open_survey(api)
    page = api.get(public, token=None, headers={"Accept": BROWSER, "Host": "sy.example.cn"})
    assert page.status == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert page.headers["Vary"] == "Accept"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    policy = csp(page.headers)
    # Its scripts may reach its own survey's two addresses, nothing else: no other API, no bucket.
    assert policy["connect-src"] == [f"sy.example.cn{public}", f"sy.example.cn{public}/responses"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["form-action"] == ["'none'"] and policy["worker-src"] == ["'none'"]
    assert {name for _, name, _ in ASSET_LINK.findall(page.body.decode())} == {"app.css", "common.js", "survey.js"}
    assert "../assets/survey.js?v=" in page.body.decode()

    for accept in ("application/json", "*/*", None, "text/html, application/json"):
        headers = {"Accept": accept} if accept else {}
        answer = api.get(public, token=None, headers=headers)
        assert answer.status == 200, accept
        assert answer.headers["Content-Type"] == "application/json; charset=utf-8", accept
        assert answer.headers["Vary"] == "Accept"
        assert answer.json["accepting_responses"] is True


@pytest.mark.parametrize("host", ["evil.cn; script-src *", "a b", ""])
def test_a_strange_host_lets_the_survey_page_connect_to_its_survey_under_public_url_only(api: Api, host: str) -> None:
    _, public = open_survey(api)
    page = api.get(public, token=None, headers={"Accept": BROWSER, "Host": host})
    own = f"https://sy.example.cn{public}"  # PUBLIC_URL in the tests
    assert csp(page.headers)["connect-src"] == [own, f"{own}/responses"]
    assert csp(page.headers)["script-src"] == ["'self'"]


def test_behind_a_proxy_the_survey_page_may_reach_its_survey_under_both_names(api: Api) -> None:
    _, public = open_survey(api)
    page = api.get(public, token=None, headers={"Accept": BROWSER, "Host": "abc.execute-api.cn:443"})
    own, named = f"abc.execute-api.cn:443{public}", f"https://sy.example.cn{public}"
    assert csp(page.headers)["connect-src"] == [own, f"{own}/responses", named, f"{named}/responses"]


def test_a_malformed_survey_link_gets_the_page_that_connects_nowhere(api: Api) -> None:
    page = api.get("/s/not-a-token", token=None, headers={"Accept": BROWSER, "Host": "sy.example.cn"})
    assert page.status == 200
    assert csp(page.headers)["connect-src"] == ["'none'"]
    assert api.get("/s/not-a-token", token=None).status == 404


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        (BROWSER, True),
        ("text/html", True),
        ("application/json", False),
        ("application/json, text/html", False),
        ("*/*", False),
        ("", False),
        (None, False),
    ],
)
def test_only_a_browser_navigation_wants_html(accept: str | None, html: bool) -> None:
    assert pages.wants_html(accept) is html


def test_the_county_office_page_is_html_that_connects_to_the_api_only(api: Api) -> None:
    page = api.get("/admin", token=None)
    assert page.status == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    policy = csp(page.headers)
    assert policy["connect-src"] == ["'self'", f"https://{BUCKET}.s3.amazonaws.com"]  # agreements' uploads
    assert policy["img-src"] == ["'self'", "data:", f"https://{BUCKET}.s3.amazonaws.com"]  # QR codes; report photos
    assert policy["frame-ancestors"] == ["'none'"]
    names = {name for _, name, _ in ASSET_LINK.findall(page.body.decode())}
    tabs = {
        *("board", "summaries", "units", "agreements", "surveys", "plan"),
        *("profile", "settings", "review", "collections", "staff", "audit"),
    }
    picker = "admin-orgs.js"  # a city's or a province's office only
    assert names == {"app.css", "admin.css", "common.js", "admin.js", picker} | {f"admin-{tab}.js" for tab in tabs}
    assert staff.admin_link("https://sy.example.cn", "tok") == "https://sy.example.cn/admin#token=tok"


@pytest.mark.parametrize("page", sorted(pages.PAGES))
def test_every_page_has_the_shared_head_and_weighs_under_100_kb(page: str) -> None:
    served = pages.html(page)
    assert served.startswith('<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n')
    assert '<meta name="referrer" content="no-referrer">' in served and "<!--#" not in served
    weight = pages.page_weight(page)
    assert weight["bytes"] < 100 * 1024, weight
    assert weight["gzipped"] < 30 * 1024, weight
    for later in pages.LATER.get(page, ()):  # loaded when a view needs it: under 60 KB on its own
        assert f'"assets/{later}?v={pages.asset(later).version}"' in served
        assert pages.file_weight(later)["bytes"] < 60 * 1024


def test_the_admin_gets_the_qr_code_of_a_reporters_link_and_nothing_else(api: Api) -> None:
    api.unit("sifaju")
    issued = api.post("/units/sifaju/reporters", {"label": "张三"}).json
    answer = api.post("/qrcodes", {"link": issued["link"]})
    assert answer.status == 200, answer.body
    assert answer.json["link"] == issued["link"]
    assert answer.json["svg"].startswith("<svg") and "<path" in answer.json["svg"]
    assert not re.search(r"<script|javascript:|on[a-z]+=", answer.json["svg"])

    refused = api.post("/qrcodes", {"link": "https://elsewhere.cn/phish"})
    assert refused.status == 400 and list(refused.error_fields()) == ["link"]
    assert api.post("/qrcodes", {"link": "https://sy.example.cn.evil.cn/x"}).status == 400
    assert api.post("/qrcodes", {}).status == 400
    assert api.post("/qrcodes", {"link": issued["link"]}, token=issued["token"]).status == 403
    assert api.post("/qrcodes", {"link": issued["link"]}, token=None).status == 401


def test_the_unit_form_schema_carries_the_kinds_in_chinese(api: Api) -> None:
    schema = api.get("/forms/unit/schema").json
    assert schema["properties"]["kind"]["labels"]["street"] == "街道办事处"
    assert schema["required"] == ["name", "kind", "unit_id"]
