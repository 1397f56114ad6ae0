"""A report names only photos the upload route handed its unit, and that are in the bucket: the key's exact
shape (`photos/<unit>/<YYYY-MM>/<32 hex digits>.jpg`), then a HEAD of it. Each refused key is named."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from chalicelib.context import Context
from chalicelib.reports.service import CONTENT_FIELDS
from tests.conftest import BUCKET, Api, report_body

NOT_UPLOADED = "照片未上传或已失效，请重新上传"
MALFORMED = "照片编号有误，请重新上传照片"
NOT_OURS = "照片不属于本单位"
FRESH = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def reporter(api: Api) -> str:
    api.unit("sifaju", "县司法局")
    api.unit("jiaoyuju", "县教育局")
    return api.reporter("sifaju")


def uploaded(api: Api, token: str | None = None, unit_id: str | None = None) -> str:
    """A photo uploaded as the phone uploads it; its key."""
    body = {"unit_id": unit_id} if unit_id else {}
    upload = api.post("/photos/uploads", body, **({"token": token} if token else {})).json
    jpeg = b"\xff\xd8\xff\xe0" + b"photo" * 100 + b"\xff\xd9"
    posted = requests.post(upload["url"], data=upload["fields"], files={"file": ("p.jpg", jpeg, "image/jpeg")})
    assert posted.status_code in (200, 201, 204), posted.text
    return upload["key"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "key",
    [
        f"photos/county/sifaju/2026-08/../../summaries/2026-08/{FRESH}.jpg",
        f"photos/county/sifaju/2026-08/../2026-07/{FRESH}.jpg",
        f"photos/county/sifaju/2026-08/{FRESH.upper()}.jpg",
        f"photos/county/sifaju/2026-08/{FRESH}.png",
        f"photos/county/sifaju/2026-08/{FRESH[:-1]}.jpg",
        "photos/county/sifaju/2026-08/0d6f0c2e-4b8a-4c55-9e43-9a1f4b2d7e01.jpg",
        f"photos/county/sifaju/2026-08/x/{FRESH}.jpg",
        f"photos/county/sifaju/{FRESH}.jpg",
        f"photos/county/sifaju/2026-13/{FRESH}.jpg",
        f"photos/county/sifaju/2026-09/{FRESH}.jpg",  # next month: no upload has that key yet
    ],
)
def test_a_key_of_another_shape_is_refused(api: Api, reporter: str, key: str) -> None:
    answer = api.post("/reports", report_body(photos=[key]), token=reporter)
    assert (answer.status, answer.error_fields()) == (400, {"photos.0": MALFORMED})


def test_an_uploaded_photo_is_accepted_and_one_never_uploaded_is_named(api: Api, reporter: str) -> None:
    good = uploaded(api, reporter)
    never = f"photos/county/sifaju/2026-08/{FRESH}.jpg"
    other_unit = uploaded(api, unit_id="jiaoyuju")
    refused = api.post(
        "/reports", report_body(photos=[good, never, other_unit, "photos/county/sifaju/x.jpg"]), token=reporter
    )
    assert refused.status == 400
    assert refused.error_fields() == {"photos.1": NOT_UPLOADED, "photos.2": NOT_OURS, "photos.3": MALFORMED}
    assert api.get("/reports?month=2026-08").json["items"] == []

    stored = api.post("/reports", report_body(photos=[good]), token=reporter)
    assert stored.status == 201 and stored.json["photos"] == [good]
    by_admin = api.post("/reports", report_body(unit_id="jiaoyuju", photos=[other_unit]))
    assert by_admin.status == 201


def test_a_correction_keeps_its_photos_and_checks_the_new_ones(api: Api, reporter: str, ctx: Context) -> None:
    first = uploaded(api, reporter)
    report: dict[str, Any] = api.post("/reports", report_body(photos=[first]), token=reporter).json
    ctx.bucket.client.delete_object(Bucket=BUCKET, Key=first)  # gone since (a lifecycle rule, say)
    path = f"/reports/{report['report_id']}"
    body = {**{k: report[k] for k in CONTENT_FIELDS}, "version": report["version"]}
    never = f"photos/county/sifaju/2026-08/{FRESH}.jpg"
    refused = api.put(path, {**body, "photos": [first, never]}, token=reporter)
    assert (refused.status, refused.error_fields()) == (400, {"photos.1": NOT_UPLOADED})
    second = uploaded(api, reporter)
    edited = api.put(path, {**body, "photos": [first, second], "participants": 20}, token=reporter)
    assert edited.status == 200, edited.body
    assert edited.json["photos"] == [first, second]


def test_the_office_gets_a_short_lived_link_to_each_photo_and_another_unit_none(api: Api, reporter: str) -> None:
    first, second = uploaded(api, reporter), uploaded(api, reporter)
    report = api.post("/reports", report_body(photos=[first, second]), token=reporter).json
    answer = api.get(f"/reports/{report['report_id']}/photos")
    assert answer.status == 200, answer.body
    links = answer.json["items"]
    assert [link["filename"] for link in links] == [f"{report['title']}-1.jpg", f"{report['title']}-2.jpg"]
    assert [link["expires_in"] for link in links] == [900, 900]
    assert [link["content_type"] for link in links] == ["image/jpeg", "image/jpeg"]
    for link, key in zip(links, (first, second), strict=True):
        got = requests.get(link["url"], timeout=10)
        assert got.status_code == 200
        assert got.content == b"\xff\xd8\xff\xe0" + b"photo" * 100 + b"\xff\xd9"
        assert got.headers["Content-Type"] == "image/jpeg"
        assert key.split("/")[-1] in link["url"]
    assert api.get(f"/reports/{report['report_id']}/photos", token=reporter).status == 200  # its own unit's
    other = api.reporter("jiaoyuju")
    assert api.get(f"/reports/{report['report_id']}/photos", token=other).status == 404
    assert api.get("/reports/nothing-here/photos").status == 404
