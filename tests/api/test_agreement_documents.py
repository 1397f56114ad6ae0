"""An agreement's signed documents: uploaded straight to the bucket with a presigned POST whose policy pins the key,
the type and the size; attached by naming the keys, each checked again on the object itself (moto does not enforce
a POST's policy, so the policy is read here and the objects the checks refuse are put into the bucket directly);
read back with a download link, by the office and by the reporter of the agreement's unit."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote

import pytest
import requests

from chalicelib.context import Context
from tests.conftest import BUCKET, Api
from tests.helpers.agreements import AGREEMENT

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
TEN_MB = 10 * 1024 * 1024
WRONG_TYPE = "只能上传 PDF、JPEG 或 PNG 文件"
TOO_LARGE = "文件不能超过10 MB，请压缩后重新上传"
NOT_OURS = "文件不属于本协议"
NOT_UPLOADED = "文件未上传或已失效，请重新上传"
HEX = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def agreement(api: Api) -> dict[str, Any]:
    api.unit("sifaju", "县司法局")
    api.unit("jiaoyuju", "县教育局")
    made = api.post("/agreements", AGREEMENT)
    assert made.status == 201, made.body
    return made.json  # type: ignore[no-any-return]


def upload(api: Api, agreement_id: str, data: bytes, content_type: str, name: str = "共建协议.pdf") -> str:
    """The document posted as the page posts it, with the form the API signed; its key."""
    body = {"filename": name, "content_type": content_type, "size": len(data)}
    form = api.post(f"/agreements/{agreement_id}/documents/uploads", body)
    assert form.status == 201, form.body
    posted = requests.post(form.json["url"], data=form.json["fields"], files={"file": (name, data, content_type)})
    assert posted.status_code in (200, 201, 204), posted.text
    return form.json["key"]  # type: ignore[no-any-return]


def attach(api: Api, agreement_id: str, version: int, *documents: tuple[str, str]) -> Any:
    listed = [{"key": key, "filename": name} for key, name in documents]
    return api.put(f"/agreements/{agreement_id}/documents", {"version": version, "documents": listed})


def updates(api: Api, agreement_id: str) -> list[list[str]]:
    """The fields of each agreement.updated entry of the agreement, sorted (the clock stands still: the entries
    share their moment)."""
    entries = api.get(f"/audit?month=2026-08&record=agreement:{agreement_id}&limit=50").json["items"]
    return sorted(e["fields"] for e in entries if e["action"] == "agreement.updated")


# --- the upload's policy ----------------------------------------------------------------------


def test_an_upload_allows_one_file_of_the_declared_type_and_at_most_10_mb_under_the_agreement(
    api: Api, agreement: dict[str, Any]
) -> None:
    agreement_id = agreement["agreement_id"]
    path = f"/agreements/{agreement_id}/documents/uploads"
    answer = api.post(path, {"filename": "协议.pdf", "content_type": "application/pdf", "size": 812_345})
    assert answer.status == 201, answer.body
    form = answer.json
    assert re.fullmatch(f"agreements/county/{agreement_id}/[0-9a-f]{{32}}\\.pdf", form["key"])
    assert (form["max_bytes"], form["content_type"], form["expires_in"]) == (10_485_760, "application/pdf", 900)
    assert form["fields"]["Content-Type"] == "application/pdf"
    policy = json.loads(base64.b64decode(form["fields"]["policy"]))
    conditions = policy["conditions"]
    assert ["content-length-range", 1, 10_485_760] in conditions
    assert {"Content-Type": "application/pdf"} in conditions
    assert ["starts-with", "$key", f"agreements/county/{agreement_id}/"] in conditions
    assert {"key": form["key"]} in conditions
    assert {"bucket": BUCKET} in conditions
    expires = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert timedelta(minutes=14) < expires - datetime.now(UTC) < timedelta(minutes=16)

    photo = api.post(path, {"filename": "协议第1页.png", "content_type": "image/png", "size": 10_485_760}).json
    assert photo["key"].endswith(".png") and photo["key"] != form["key"]
    assert {"Content-Type": "image/png"} in json.loads(base64.b64decode(photo["fields"]["policy"]))["conditions"]


def test_an_upload_of_another_type_or_size_is_refused_naming_each_field(api: Api, agreement: dict[str, Any]) -> None:
    path = f"/agreements/{agreement['agreement_id']}/documents/uploads"
    refused = api.post(path, {"filename": "", "content_type": "text/html", "size": 10_485_761})
    assert refused.status == 400
    assert refused.error_fields() == {"filename": "必填项，请填写", "content_type": WRONG_TYPE, "size": TOO_LARGE}
    empty = api.post(path, {"filename": "a.gif", "content_type": "image/gif", "size": 0})
    assert empty.error_fields() == {"content_type": WRONG_TYPE, "size": "不能小于1"}
    unknown = api.post("/agreements/nosuch/documents/uploads", {"filename": "a.pdf", "content_type": "x", "size": 1})
    assert (unknown.status, unknown.json["message"]) == (404, "未找到该共建协议")


# --- attaching, reading, detaching -----------------------------------------------------------


def test_an_uploaded_pdf_is_attached_and_its_link_downloads_the_same_bytes(
    api: Api, agreement: dict[str, Any], ctx: Context
) -> None:
    agreement_id = agreement["agreement_id"]
    key = upload(api, agreement_id, PDF, "application/pdf")
    attached = attach(api, agreement_id, 1, (key, "县司法局共建协议（签字版）.pdf"))
    assert attached.status == 200, attached.body
    assert attached.json["version"] == 2
    (document,) = attached.json["documents"]
    assert (document["key"], document["filename"], document["size"], document["content_type"]) == (
        key,
        "县司法局共建协议（签字版）.pdf",
        len(PDF),
        "application/pdf",
    )

    (shown,) = api.get(f"/agreements/{agreement_id}").json["documents"]
    assert shown["expires_in"] == 900
    downloaded = requests.get(shown["url"])
    assert downloaded.status_code == 200 and downloaded.content == PDF
    assert downloaded.headers["Content-Type"] == "application/pdf"
    disposition = downloaded.headers["Content-Disposition"]
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "县司法局共建协议（签字版）.pdf"
    (listed,) = api.get("/agreements").json["items"]
    assert listed["documents"] == [
        {"key": key, "filename": "县司法局共建协议（签字版）.pdf", "size": 51, "content_type": "application/pdf"}
    ]
    assert updates(api, agreement_id) == [["documents"]]

    # the same request again (a retry after a lost answer) stores nothing more
    again = attach(api, agreement_id, 1, (key, "县司法局共建协议（签字版）.pdf"))
    assert (again.status, again.json["version"]) == (200, 2)
    assert updates(api, agreement_id) == [["documents"]]

    # an edit of the terms keeps the documents; a photo of page 1 is added and the PDF renamed
    terms = api.put(f"/agreements/{agreement_id}", {**AGREEMENT, "goals": "法律服务进军营", "version": 2})
    assert (terms.status, [d["key"] for d in terms.json["documents"]]) == (200, [key])
    page = upload(api, agreement_id, PNG, "image/png", "第1页.png")
    both = attach(api, agreement_id, 3, (key, "协议.pdf"), (page, "第1页.png"))
    assert both.status == 200, both.body
    assert [(d["filename"], d["size"], d["content_type"]) for d in both.json["documents"]] == [
        ("协议.pdf", 51, "application/pdf"),
        ("第1页.png", 48, "image/png"),
    ]

    # detaching takes it off the agreement; the object stays in the bucket
    detached = attach(api, agreement_id, 4, (page, "第1页.png"))
    assert [d["key"] for d in detached.json["documents"]] == [page]
    assert api.get(f"/agreements/{agreement_id}").json["version"] == 5
    assert ctx.bucket.read(key) == PDF
    assert updates(api, agreement_id) == [["documents"], ["documents"], ["documents"], ["goals"]]
    stale = attach(api, agreement_id, 4)
    assert (stale.status, stale.json["code"]) == (409, "409.2")


def test_each_refused_document_is_named_and_nothing_is_stored(
    api: Api, agreement: dict[str, Any], ctx: Context
) -> None:
    agreement_id = agreement["agreement_id"]
    prefix = f"agreements/county/{agreement_id}/"
    good = upload(api, agreement_id, PDF, "application/pdf")
    other = api.post("/agreements", {**AGREEMENT, "unit_id": "jiaoyuju"}).json["agreement_id"]
    foreign = upload(api, other, PDF, "application/pdf")
    s3 = ctx.bucket.client
    oversized, html, png_as_pdf = f"{prefix}{HEX}.pdf", f"{prefix}{'1' * 32}.pdf", f"{prefix}{'2' * 32}.pdf"
    s3.put_object(Bucket=BUCKET, Key=oversized, Body=b"%" * (TEN_MB + 1), ContentType="application/pdf")
    s3.put_object(Bucket=BUCKET, Key=html, Body=b"<html></html>", ContentType="text/html")
    s3.put_object(Bucket=BUCKET, Key=png_as_pdf, Body=PNG, ContentType="image/png")
    missing = f"{prefix}{'3' * 32}.pdf"
    refused = attach(
        api,
        agreement_id,
        1,
        (good, "协议.pdf"),
        (foreign, "别的协议.pdf"),
        (missing, "未上传.pdf"),
        (oversized, "太大.pdf"),
        (html, "网页.pdf"),
    )
    assert refused.status == 400
    assert refused.error_fields() == {
        "documents.1": NOT_OURS,
        "documents.2": NOT_UPLOADED,
        "documents.3": TOO_LARGE,
        "documents.4": WRONG_TYPE,
    }
    odd = attach(api, agreement_id, 1, (png_as_pdf, "a.pdf"), (f"{prefix}../x.pdf", "b.pdf"), (good, "c"), (good, "d"))
    assert odd.error_fields() == {
        "documents.0": WRONG_TYPE,
        "documents.1": "文件编号有误，请重新上传",
        "documents.3": "同一文件只能附一次",
    }
    six = attach(api, agreement_id, 1, *[(good, f"{i}.pdf") for i in range(6)])
    assert (six.status, six.error_fields()) == (400, {"documents": "最多5项"})
    shown = api.get(f"/agreements/{agreement_id}").json
    assert (shown["version"], shown["documents"]) == (1, [])
    assert updates(api, agreement_id) == []


# --- who may ------------------------------------------------------------------------------------


def test_the_units_reporter_reads_the_documents_but_cannot_upload_or_attach(
    api: Api, agreement: dict[str, Any]
) -> None:
    agreement_id = agreement["agreement_id"]
    key = upload(api, agreement_id, PDF, "application/pdf")
    assert attach(api, agreement_id, 1, (key, "协议.pdf")).status == 200
    mine, theirs = api.reporter("sifaju"), api.reporter("jiaoyuju")

    (document,) = api.get(f"/agreements/{agreement_id}", token=mine).json["documents"]
    assert requests.get(document["url"]).content == PDF
    assert api.get(f"/agreements/{agreement_id}", token=theirs).status == 404

    body = {"filename": "协议.pdf", "content_type": "application/pdf", "size": 100}
    assert api.post(f"/agreements/{agreement_id}/documents/uploads", body, token=mine).status == 403
    emptied = api.put(f"/agreements/{agreement_id}/documents", {"version": 2, "documents": []}, token=mine)
    assert emptied.status == 403
    assert [d["key"] for d in api.get(f"/agreements/{agreement_id}").json["documents"]] == [key]
