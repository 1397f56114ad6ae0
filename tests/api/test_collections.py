"""The year-end collection (材料收集): the county office asks units for a document by a date; each unit uploads its
final file (DOC, DOCX, WPS, PDF) straight to the bucket and submits it, checked by its own first bytes; the office
returns it with a comment (one e-mail, once) or accepts it; a resubmission keeps the earlier file; the daily job
chases the units that have not submitted, on the days the collection names, once each; one .zip holds every file.

moto does not enforce a presigned POST's policy, so the files the checks must refuse are put into the bucket
directly, as a phone posting another file under a signed key would."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from typing import Any

import boto3
import pytest
import requests

from chalicelib.context import Context
from tests.conftest import ADMIN_TOKEN, BUCKET, Api, SettableClock
from tests.helpers import reminders
from tests.helpers.reminders import PUBLIC, Outbox, run_at
from tests.helpers.summaries import deliver

ctx = reminders.ctx  # the shared context, with SES on moto as the sender
outbox = reminders.outbox

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC_TYPE = "application/msword"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
DOCX = b"PK\x03\x04" + b"\x14\x00" * 20  # a zip's first bytes, as every DOCX begins
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40  # an OLE compound file's, as DOC and WPS begin
TITLE = "2026年度双拥工作总结"
COLLECTION = {"title": TITLE, "kind": "year_summary", "year": 2026, "due_on": "2026-12-20"}


@pytest.fixture
def county(api: Api, clock: SettableClock) -> dict[str, Any]:
    """Three units (法院 has no address), a reporter for two, a reviewer, and the office's collection of 2026's
    summaries from all three, asked on 1 December and due on the 20th."""
    clock.set("2026-12-01T10:00")
    api.unit("sifaju", "县司法局", ["sfj@example.cn"])
    api.unit("jiaoyuju", "县教育局", ["jyj@example.cn"])
    api.unit("fayuan", "县人民法院", [])
    reviewer = api.post("/staff", {"name": "王审核", "role": "reviewer"}).json
    made = api.post("/collections", COLLECTION)
    assert made.status == 201, made.body
    return {
        "id": made.json["collection_id"],
        "made": made.json,
        "sifaju": api.reporter("sifaju"),
        "jiaoyuju": api.reporter("jiaoyuju"),
        "reviewer": reviewer["token"],
    }


def upload(
    api: Api, collection_id: str, data: bytes, content_type: str, token: str, name: str, unit_id: str | None = None
) -> str:
    """The file posted as the page posts it, with the form the API signed; its key."""
    body: dict[str, Any] = {"filename": name, "content_type": content_type, "size": len(data)}
    if unit_id:
        body["unit_id"] = unit_id
    form = api.post(f"/collections/{collection_id}/uploads", body, token=token)
    assert form.status == 201, form.body
    posted = requests.post(form.json["url"], data=form.json["fields"], files={"file": (name, data, content_type)})
    assert posted.status_code in (200, 201, 204), posted.text
    return form.json["key"]  # type: ignore[no-any-return]


def submit(api: Api, collection_id: str, unit_id: str, key: str, token: str, name: str) -> Any:
    return api.put(f"/collections/{collection_id}/units/{unit_id}", {"key": key, "filename": name}, token=token)


def review(
    api: Api, collection_id: str, unit_id: str, token: str, decision: str, version: int, comment: str = ""
) -> Any:
    body = {"decision": decision, "comment": comment, "version": version}
    return api.post(f"/collections/{collection_id}/units/{unit_id}/review", body, token=token)


def standing(api: Api, collection_id: str) -> dict[str, tuple[Any, ...]]:
    """Each unit's state, lateness, file name and size, and its earlier files' names, as the office reads them."""
    units = api.get(f"/collections/{collection_id}").json["units"]
    return {
        u["unit_id"]: (
            u["state"],
            u["late"],
            u["file"] and (u["file"]["filename"], u["file"]["size"]),
            [f["filename"] for f in u["history"]],
        )
        for u in units
    }


def entries(api: Api, month: str) -> list[tuple[str, str]]:
    return [(e["action"], e["record"]) for e in api.get(f"/audit?month={month}&limit=100").json["items"]]


# --- asking ---------------------------------------------------------------------------------


def test_the_office_asks_every_unit_by_default_and_refuses_what_cannot_be(api: Api, county: dict[str, Any]) -> None:
    made = county["made"]
    assert made["unit_ids"] == ["fayuan", "jiaoyuju", "sifaju"]  # every unit taking part, in the units' order
    assert made["remind_days_before"] == [7, 1]
    assert made["counts"] == {"waiting": 3, "submitted": 0, "returned": 0, "accepted": 0}
    assert [(u["state"], u["state_label"]) for u in made["units"]] == [("waiting", "未提交")] * 3
    # The pages take the words of the kinds and of the states from the form's schema, never their own copy.
    schema = api.get("/forms/collection/schema").json
    assert schema["properties"]["kind"]["labels"] == {
        "year_summary": "年度双拥工作总结",
        "year_plan": "双拥工作要点",
        "other": "其他材料",
    }
    assert schema["x-states"] == [
        {"state": "waiting", "label": "未提交"},
        {"state": "submitted", "label": "已提交"},
        {"state": "returned", "label": "退回修改"},
        {"state": "accepted", "label": "已通过"},
    ]
    listed = api.get("/collections", token=county["reviewer"]).json["items"]
    assert [(c["title"], c["due_on"], c["counts"]["waiting"]) for c in listed] == [(TITLE, "2026-12-20", 3)]

    refused = api.post(
        "/collections",
        {**COLLECTION, "due_on": "2026-11-30", "unit_ids": ["sifaju", "nosuch"], "remind_days_before": [7, 7]},
    )
    assert refused.status == 400
    assert refused.error_fields() == {"remind_days_before": "同一项不能重复填写"}
    refused = api.post("/collections", {**COLLECTION, "due_on": "2026-11-30", "unit_ids": ["sifaju", "nosuch"]})
    assert refused.error_fields() == {"due_on": "截止日期不能早于今天", "unit_ids.1": "未找到该单位"}
    assert api.post("/collections", {**COLLECTION, "unit_ids": ["nosuch"]}).error_fields() == {
        "unit_ids.0": "未找到该单位"
    }
    assert api.post("/collections", COLLECTION, token=county["sifaju"]).status == 403
    assert len(api.get("/collections").json["items"]) == 1  # nothing refused was stored


def test_the_upload_pins_the_type_the_size_and_the_units_prefix(api: Api, county: dict[str, Any]) -> None:
    collection_id = county["id"]
    path = f"/collections/{collection_id}/uploads"
    body = {"filename": "总结.docx", "content_type": DOCX_TYPE, "size": 20 * 1024 * 1024}
    form = api.post(path, body, token=county["sifaju"])
    assert form.status == 201, form.body
    assert form.json["key"].startswith(f"collections/county/{collection_id}/sifaju/") and form.json["key"].endswith(
        ".docx"
    )
    conditions = json.loads(base64.b64decode(form.json["fields"]["policy"]))["conditions"]
    assert ["content-length-range", 1, 20_971_520] in conditions
    assert {"Content-Type": DOCX_TYPE} in conditions
    assert ["starts-with", "$key", f"collections/county/{collection_id}/sifaju/"] in conditions

    refused = api.post(path, {"filename": "总结.txt", "content_type": "text/plain", "size": 20_971_521})
    assert refused.error_fields() == {
        "content_type": "只能上传 DOC、DOCX、WPS 或 PDF 文件",
        "size": "文件不能超过20 MB",
    }
    unnamed = api.post(path, body)  # the office uploads for a unit it names
    assert unnamed.error_fields() == {"unit_id": "县双拥办代填时须指定填报单位"}
    theirs = api.post(path, {**body, "unit_id": "sifaju"}, token=county["jiaoyuju"])
    assert theirs.status == 403  # a reporter uploads for its own unit only, as with photos


# --- submitting, returning, resubmitting, accepting ----------------------------------------


def test_a_unit_submits_is_returned_once_by_e_mail_resubmits_late_and_is_accepted(
    api: Api, county: dict[str, Any], clock: SettableClock, outbox: Outbox
) -> None:
    collection_id, token = county["id"], county["sifaju"]
    clock.set("2026-12-18T15:30")
    first = upload(api, collection_id, PDF, PDF_TYPE, token, "司法局总结.pdf")
    submitted = submit(api, collection_id, "sifaju", first, token, "司法局总结.pdf")
    assert submitted.status == 200, submitted.body
    assert (submitted.json["state"], submitted.json["version"], submitted.json["late"]) == ("submitted", 1, False)
    assert submitted.json["submitted_at"] == "2026-12-18T15:30:00+08:00"
    again = submit(api, collection_id, "sifaju", first, token, "司法局总结.pdf")  # its answer was lost
    assert again.status == 200 and again.json["version"] == 1
    assert standing(api, collection_id)["sifaju"] == ("submitted", False, ("司法局总结.pdf", len(PDF)), [])

    returned = review(
        api, collection_id, "sifaju", county["reviewer"], "return", 1, "请补充法律援助案件数；\n加盖公章。"
    )
    assert returned.status == 200, returned.body
    assert (returned.json["state"], returned.json["notice"]) == ("returned", "已发邮件通知该单位")
    again = review(api, collection_id, "sifaju", county["reviewer"], "return", 1, "请补充法律援助案件数；\n加盖公章。")
    assert again.status == 200 and again.json["version"] == 2  # sent again: the stored return, no second e-mail
    (message,) = outbox.new()
    assert message["to"] == ["sfj@example.cn"]
    assert message["subject"] == "【双拥填报】材料退回修改：2026年度双拥工作总结"
    for part in (message["text"], message["html"]):
        assert "县司法局" in part and "请补充法律援助案件数；" in part and "加盖公章。" in part
        assert "2026年12月20日" in part and f"{PUBLIC}/" in part
    mine = api.get("/units/sifaju/collections", token=token).json["items"]
    assert [(c["title"], c["state"], c["comment"]) for c in mine] == [
        (TITLE, "returned", "请补充法律援助案件数；\n加盖公章。")
    ]
    stale = submit(api, collection_id, "sifaju", first, token, "司法局总结.pdf")  # the returned file, as it was
    assert (stale.status, stale.error_fields()) == (400, {"key": "上传的文件此前已提交过，请重新上传要提交的文件"})

    clock.set("2026-12-21T00:10")  # after the due date, in Beijing (still the 20th in UTC)
    second = upload(api, collection_id, DOCX, DOCX_TYPE, token, "司法局总结（修改稿）.docx")
    resubmitted = submit(api, collection_id, "sifaju", second, token, "司法局总结（修改稿）.docx")
    assert resubmitted.status == 200, resubmitted.body
    assert (resubmitted.json["state"], resubmitted.json["version"], resubmitted.json["late"]) == ("submitted", 3, True)
    (earlier,) = resubmitted.json["history"]
    assert (earlier["filename"], earlier["late"], earlier["comment"]) == (
        "司法局总结.pdf",
        False,
        "请补充法律援助案件数；\n加盖公章。",
    )
    assert requests.get(earlier["url"]).content == PDF  # the earlier file is kept
    assert standing(api, collection_id) == {
        "fayuan": ("waiting", True, None, []),  # past the due date, nothing submitted
        "jiaoyuju": ("waiting", True, None, []),
        "sifaju": ("submitted", True, ("司法局总结（修改稿）.docx", len(DOCX)), ["司法局总结.pdf"]),
    }

    accepted = review(api, collection_id, "sifaju", ADMIN_TOKEN, "approve", 3)
    assert (accepted.status, accepted.json["state"], accepted.json["notice"]) == (200, "accepted", None)
    assert outbox.new() == []
    assert api.get("/units/sifaju/collections", token=token).json["items"] == []  # nothing left open
    refused = submit(
        api, collection_id, "sifaju", upload(api, collection_id, PDF, PDF_TYPE, token, "a.pdf"), token, "a.pdf"
    )
    assert (refused.status, refused.json["message"]) == (409, "本单位的材料已通过，不能再提交")
    detail = api.get(f"/collections/{collection_id}").json
    assert detail["counts"] == {"waiting": 2, "submitted": 0, "returned": 0, "accepted": 1}
    actions = [action for action, record in entries(api, "2026-12") if record.endswith("/sifaju")]
    assert actions == ["collection.accepted", "collection.submitted", "collection.returned", "collection.submitted"]


def test_a_file_whose_own_first_bytes_are_not_its_type_is_refused_naming_the_file(
    api: Api, county: dict[str, Any], ctx: Context
) -> None:
    collection_id, token = county["id"], county["sifaju"]
    s3 = ctx.bucket.client
    hex32 = "0123456789abcdef0123456789abcdef"
    within = f"collections/county/{collection_id}/sifaju/"

    def put(name: str, data: bytes, content_type: str) -> str:
        s3.put_object(Bucket=BUCKET, Key=within + name, Body=data, ContentType=content_type)
        return within + name

    cases = {
        put(
            f"{hex32}.pdf", b"<html>not a pdf</html>", PDF_TYPE
        ): "上传的文件不是 PDF 文件（内容与文件类型不符），请另存为 PDF 后重新上传",
        put(
            f"{hex32}.docx", DOC, DOCX_TYPE
        ): "上传的文件不是 DOCX 文件（内容与文件类型不符），请另存为 DOCX 后重新上传",
        put(f"{hex32}.doc", DOCX, DOC_TYPE): "上传的文件不是 DOC 文件（内容与文件类型不符），请另存为 DOC 后重新上传",
        put(f"{hex32}.wps", b"", "application/vnd.ms-works"): "上传的文件是空的，请重新上传",
        put(f"1{hex32[1:]}.pdf", PDF, DOCX_TYPE): "上传的文件类型有误：只能上传 DOC、DOCX、WPS 或 PDF 文件",
        within + f"2{hex32[1:]}.pdf": "上传的文件未找到或已失效，请重新上传",
        f"collections/county/{collection_id}/jiaoyuju/{hex32}.pdf": "上传的文件不属于本单位的本次材料收集，请重新上传",
        f"collections/county/{'f' * 32}/sifaju/{hex32}.pdf": "上传的文件不属于本单位的本次材料收集，请重新上传",
        f"photos/county/sifaju/2026-12/{hex32}.jpg": "上传的文件不属于本单位的本次材料收集，请重新上传",
    }
    for key, message in cases.items():
        refused = submit(api, collection_id, "sifaju", key, token, "总结.pdf")
        assert (refused.status, refused.error_fields()) == (400, {"key": message}), key
    assert standing(api, collection_id)["sifaju"] == ("waiting", False, None, [])  # nothing stored
    assert [a for a, _ in entries(api, "2026-12") if a.startswith("collection.submitted")] == []

    good = put(f"3{hex32[1:]}.doc", DOC, DOC_TYPE)
    assert submit(api, collection_id, "sifaju", good, token, "总结.doc").json["file"]["size"] == len(DOC)


def test_a_reporter_reaches_only_its_own_unit_and_a_unit_not_asked_is_not_found(
    api: Api, county: dict[str, Any]
) -> None:
    collection_id = county["id"]
    key = upload(api, collection_id, PDF, PDF_TYPE, county["sifaju"], "总结.pdf")
    assert submit(api, collection_id, "sifaju", key, county["jiaoyuju"], "总结.pdf").status == 404
    assert api.get("/units/sifaju/collections", token=county["jiaoyuju"]).status == 404
    assert api.get(f"/collections/{collection_id}", token=county["sifaju"]).status == 403
    assert review(api, collection_id, "sifaju", county["sifaju"], "approve", 1).status == 403
    only = api.post(
        "/collections", {**COLLECTION, "title": "2027年双拥工作要点", "kind": "year_plan", "unit_ids": ["fayuan"]}
    )
    assert api.get("/units/sifaju/collections", token=county["sifaju"]).json["items"][0]["title"] == TITLE
    missing = submit(api, only.json["collection_id"], "sifaju", key, ADMIN_TOKEN, "总结.pdf")
    assert (missing.status, missing.json["message"]) == (404, "本次材料收集不包括该单位")
    assert api.get("/collections/nosuch").status == 404
    not_yet = review(api, collection_id, "jiaoyuju", ADMIN_TOKEN, "approve", 1)
    assert (not_yet.status, not_yet.json["message"]) == (409, "该单位尚未提交材料")
    # the office uploads and submits for a unit
    office = upload(api, collection_id, DOCX, DOCX_TYPE, ADMIN_TOKEN, "教育局总结.docx", unit_id="jiaoyuju")
    assert submit(api, collection_id, "jiaoyuju", office, ADMIN_TOKEN, "教育局总结.docx").json["state"] == "submitted"


# --- chasing ---------------------------------------------------------------------------------


def test_the_daily_job_chases_units_without_a_file_on_the_days_named_once_each(
    api: Api, county: dict[str, Any], clock: SettableClock, outbox: Outbox
) -> None:
    collection_id = county["id"]
    key = upload(api, collection_id, PDF, PDF_TYPE, county["sifaju"], "总结.pdf")
    assert submit(api, collection_id, "sifaju", key, county["sifaju"], "总结.pdf").status == 200
    outbox.new()

    def chased(moment: str) -> list[tuple[list[str], str]]:
        run_at(clock, moment)
        return [(m["to"], m["subject"]) for m in outbox.new() if "报送《" in m["subject"]]

    subject = "【双拥填报】请于2026年12月20日前报送《2026年度双拥工作总结》"
    assert chased("2026-12-12T09:00") == []  # 8 days before: no reminder day yet
    assert chased("2026-12-13T09:00") == [(["jyj@example.cn"], subject)]  # 7 days before; 法院 has no address
    assert chased("2026-12-13T09:00") == []  # the job run twice: once
    assert chased("2026-12-14T09:00") == []
    assert chased("2026-12-19T09:00") == [(["jyj@example.cn"], subject)]  # 1 day before
    assert chased("2026-12-20T09:00") == []
    assert chased("2026-12-21T09:00") == []  # past the due date
    sent = api.get("/reminders?month=2026-12").json["items"]
    chases = sorted(
        (r["period"], r["reason_label"], r["recipient"], r["status"]) for r in sent if r["reason"] == "collection"
    )
    assert chases == [  # 法院 has no address: nothing is claimed for it; the list says why each was sent in words
        (f"{collection_id}@2026-12-13", "材料催交", "jiaoyuju", "sent"),
        (f"{collection_id}@2026-12-19", "材料催交", "jiaoyuju", "sent"),
    ]


def test_a_returned_unit_is_chased_with_its_return_named(
    api: Api, county: dict[str, Any], clock: SettableClock, outbox: Outbox
) -> None:
    collection_id = county["id"]
    key = upload(api, collection_id, PDF, PDF_TYPE, county["sifaju"], "总结.pdf")
    submit(api, collection_id, "sifaju", key, county["sifaju"], "总结.pdf")
    review(api, collection_id, "sifaju", ADMIN_TOKEN, "return", 1, "请加盖公章")
    outbox.new()
    run_at(clock, "2026-12-19T09:00")
    letters = {m["to"][0]: m["text"] for m in outbox.new()}
    assert "贵单位提交的材料已被退回修改，尚未重新提交" in letters["sfj@example.cn"]
    assert (
        "贵单位尚未提交" in letters["jyj@example.cn"] and "2026年12月20日（还有1天截止）" in letters["jyj@example.cn"]
    )


# --- the archive ------------------------------------------------------------------------------


def test_the_archive_holds_every_submitted_file_named_by_unit_and_title(
    api: Api, county: dict[str, Any], ctx: Context, aws: boto3.Session
) -> None:
    collection_id = county["id"]
    assert api.post(f"/collections/{collection_id}/archive").json["message"] == "还没有单位提交材料，无法打包下载"
    big_pdf = PDF + b"x" * (3 * 1024 * 1024)  # two files of 3 MB: the zip goes up in two parts of S3's multipart
    big_doc = DOC + b"y" * (3 * 1024 * 1024)
    key = upload(api, collection_id, big_pdf, PDF_TYPE, county["sifaju"], "司法局.pdf")
    submit(api, collection_id, "sifaju", key, county["sifaju"], "司法局.pdf")
    key = upload(api, collection_id, big_doc, DOC_TYPE, county["jiaoyuju"], "教育局.doc")
    submit(api, collection_id, "jiaoyuju", key, county["jiaoyuju"], "教育局.doc")
    key = upload(api, collection_id, DOCX, DOCX_TYPE, ADMIN_TOKEN, "法院.docx", unit_id="fayuan")
    submit(api, collection_id, "fayuan", key, ADMIN_TOKEN, "法院.docx")
    review(api, collection_id, "fayuan", ADMIN_TOKEN, "return", 1, "请用正式文件")  # returned: not final, left out
    review(api, collection_id, "sifaju", ADMIN_TOKEN, "approve", 1)

    asked = api.post(f"/collections/{collection_id}/archive", token=county["reviewer"])
    assert asked.status == 202, asked.body
    assert asked.json["status"] == "pending"
    assert api.get(f"/collections/{collection_id}/archive").json["status"] == "pending"
    assert deliver(ctx, aws) >= 1
    ready = api.get(f"/collections/{collection_id}/archive", token=county["reviewer"]).json
    assert (ready["status"], ready["files"], ready["filename"]) == ("ready", 2, f"{TITLE}.zip")
    data = requests.get(ready["url"]).content
    assert ready["size"] == len(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["县教育局-2026年度双拥工作总结.doc", "县司法局-2026年度双拥工作总结.pdf"]
        assert archive.read("县司法局-2026年度双拥工作总结.pdf") == big_pdf
        assert archive.read("县教育局-2026年度双拥工作总结.doc") == big_doc
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
    assert ("collection.archive_requested", f"collection:{collection_id}") in entries(api, "2026-12")
