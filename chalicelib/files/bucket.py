"""The bucket: the only module that talks to S3. Its prefixes are listed once, here.

| prefix              | what                                                  | written by                     |
|---------------------|-------------------------------------------------------|--------------------------------|
| `compile-requests/` | a summary's compile request (S3 notifies the queue)   | POST /summaries, the schedule  |
| `summaries/`        | a compile's files, under the hash of their content    | the compile                    |
| `photos/`           | report photos, posted by the phone (presigned POST)   | the phone                      |
| `surveys/`          | a survey's QR codes and result downloads (a cache of exports re-made on each GET) | the API |
| `agreements/`       | an agreement's signed documents (PDF, JPEG, PNG; presigned POST), kept | the office's page |
| `plans/`            | the 任务分解表's empty template, units' 要点 drafts (re-made on each request) | the API  |
| `collections/`      | units' files (DOC, DOCX, WPS, PDF), kept; each .zip in `_archives/`, 30 days | pages, compile |

Every key names its organisation right after its top-level prefix (`photos/<org>/<unit>/…`,
`compile-requests/<org>/<period>/…`), so the lifecycle rules, the IAM statements and the compile's notification
filter, which name the top-level prefixes only, hold for every organisation alike. Objects stored before
organisations keep their keys (the items that name them read them as stored).
The IAM policies and the lifecycle rules are checked against `PREFIXES` by a test.
Chalice answers binary bodies only when the request's Accept header names a binary
type, which an <img> tag or a plain link does not reliably send; so a file is put
in the bucket and the API answers a presigned GET link instead. The link carries
the download's name (RFC 6266/5987: an ASCII fallback and the UTF-8 name, so
Chinese titles survive) and its content type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, cast
from urllib.parse import quote, urlsplit

from typing_extensions import TypedDict  # the answers' models read them: pydantic wants this one before 3.12

if TYPE_CHECKING:
    from mypy_boto3_s3.client import S3Client

COMPILE_REQUESTS = "compile-requests/"
SUMMARIES = "summaries/"
PHOTOS = "photos/"
SURVEYS = "surveys/"
AGREEMENTS = "agreements/"
PLANS = "plans/"
UNITS = "units/"
COLLECTIONS = "collections/"
PREFIXES = (COMPILE_REQUESTS, SUMMARIES, PHOTOS, SURVEYS, AGREEMENTS, PLANS, UNITS, COLLECTIONS)
ARCHIVE_REQUESTS = COLLECTIONS  # after an organisation's compile requests: the same queue builds them
# A collection's .zip files: made again whenever asked, so the bucket lets them expire (infra/resources.json);
# "_": no collection id (hex) begins so.
ARCHIVES = f"{COLLECTIONS}_archives/"
ARCHIVE_DAYS = 30
MIN_PART_BYTES = 5 * 1024 * 1024  # S3's least part of a multipart upload (but the last)

LINK_SECONDS = 15 * 60
_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


class DownloadLink(TypedDict):
    """A short-lived link that downloads a file of the bucket under its Chinese name."""

    url: str
    filename: str
    expires_in: int


class PublishedFile(DownloadLink):
    """A file just put in the bucket, and its download link."""

    content_type: str


class FileMissing(Exception):
    """The bucket has no object under the key asked for."""


@dataclass(frozen=True)
class StoredObject:
    """What a HEAD of an object tells: its size in bytes and the content type it was stored with."""

    size: int
    content_type: str


def compile_request_key(org: str, period: str, request_id: str) -> str:
    return f"{COMPILE_REQUESTS}{org}/{period}/{request_id}.json"


def summary_prefix(org: str, period: str, digest: str) -> str:
    """Where a compile's files go: named by the hash of their content."""
    return f"{SUMMARIES}{org}/{period}/{digest}/"


def photo_prefix(org: str, unit_id: str) -> str:
    return f"{PHOTOS}{org}/{unit_id}/"


def survey_key(org: str, survey_id: str, name: str) -> str:
    return f"{SURVEYS}{org}/{survey_id}/{name}"


def agreement_prefix(org: str, agreement_id: str) -> str:
    return f"{AGREEMENTS}{org}/{agreement_id}/"


def plan_key(org: str, year: int, name: str) -> str:
    return f"{PLANS}{org}/{year}/{name}"


def units_key(org: str, name: str) -> str:
    return f"{UNITS}{org}/{name}"


def collection_prefix(org: str, collection_id: str, unit_id: str) -> str:
    """Where a unit's files for a collection go."""
    return f"{COLLECTIONS}{org}/{collection_id}/{unit_id}/"


def archive_request_key(org: str, collection_id: str, request_id: str) -> str:
    return f"{COMPILE_REQUESTS}{org}/{ARCHIVE_REQUESTS}{collection_id}/{request_id}.json"


def archive_key(org: str, collection_id: str, request_id: str) -> str:
    return f"{ARCHIVES}{org}/{collection_id}/{request_id}.zip"


def filename(*parts: str, suffix: str) -> str:
    """A file name from its parts, without characters Windows or a header would refuse."""
    stem = _UNSAFE_IN_NAME.sub("_", "-".join(p for p in parts if p)).strip(" ._") or "download"
    return f"{stem[:80]}{suffix}"


def content_disposition(name: str, fallback: str | None = None) -> str:
    """An attachment named `name` (UTF-8), with an ASCII `fallback` (by default, the name's ASCII letters)."""
    if fallback is None:
        stem, dot, suffix = name.rpartition(".")
        ascii_stem = "".join(c for c in stem if c.isascii() and c not in '"\\').strip(" -_")
        fallback = f"{ascii_stem if any(c.isalnum() for c in ascii_stem) else 'download'}{dot}{suffix}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def origin(url: str) -> str:
    """scheme://host[:port] of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class PartWriter:
    """Written to like a file that cannot seek (zipfile then writes data descriptors); holds less than a part. The
    multipart upload begins with the first full part: an object smaller than one part is put whole."""

    def __init__(self, bucket: Bucket, key: str, content_type: str) -> None:
        self.bucket, self.key, self.content_type = bucket, key, content_type
        self.upload_id: str | None = None
        self.held = bytearray()
        self.written = 0
        self.parts: list[dict[str, Any]] = []

    def write(self, data: bytes) -> int:
        self.held += data
        self.written += len(data)
        if len(self.held) >= MIN_PART_BYTES:
            self._send()
        return len(data)

    def tell(self) -> int:
        return self.written

    def flush(self) -> None:
        """Parts go when they are full: S3 refuses a part under MIN_PART_BYTES but the last."""

    def _send(self) -> None:
        if self.upload_id is None:
            self.upload_id = self.bucket.client.create_multipart_upload(
                Bucket=self.bucket.name, Key=self.key, ContentType=self.content_type
            )["UploadId"]
        number = len(self.parts) + 1
        sent = self.bucket.client.upload_part(
            Bucket=self.bucket.name, Key=self.key, UploadId=self.upload_id, PartNumber=number, Body=bytes(self.held)
        )
        self.parts.append({"PartNumber": number, "ETag": sent["ETag"]})
        self.held.clear()

    def finish(self) -> None:
        if self.upload_id is None:
            self.bucket.put(self.key, bytes(self.held), self.content_type)
            return
        if self.held:
            self._send()
        self.bucket.client.complete_multipart_upload(
            Bucket=self.bucket.name,
            Key=self.key,
            UploadId=self.upload_id,
            MultipartUpload={"Parts": cast(Any, self.parts)},
        )


class Bucket:
    """The S3 client handed in (moto's in tests and the local stack), with the bucket's name."""

    def __init__(self, client: S3Client, name: str) -> None:
        self.client = client
        self.name = name

    def put(self, key: str, body: bytes | IO[bytes], content_type: str) -> None:
        self.client.put_object(Bucket=self.name, Key=key, Body=body, ContentType=content_type)

    def read(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()
        except self.client.exceptions.NoSuchKey:
            raise FileMissing(key) from None

    def read_start(self, key: str, size: int) -> bytes:
        """The object's first `size` bytes (a ranged GET); FileMissing if there is none."""
        try:
            found = self.client.get_object(Bucket=self.name, Key=key, Range=f"bytes=0-{size - 1}")
        except self.client.exceptions.NoSuchKey:
            raise FileMissing(key) from None
        return found["Body"].read()

    def stream(self, key: str) -> IO[bytes]:
        """The object's body, to be read in pieces (never whole in memory); FileMissing if there is none."""
        try:
            return cast(IO[bytes], self.client.get_object(Bucket=self.name, Key=key)["Body"])
        except self.client.exceptions.NoSuchKey:
            raise FileMissing(key) from None

    @contextmanager
    def writer(self, key: str, content_type: str) -> Iterator[PartWriter]:
        """A file-like that writes the object at `key` as a multipart upload, a part each time MIN_PART_BYTES are
        held (one under a part is put whole): an object of any size passes through a few MB of memory and no disk.
        The object appears whole when the block ends; a failure inside it aborts the upload, so no part is left
        billed."""
        out = PartWriter(self, key, content_type)
        try:
            yield out
            out.finish()
        except BaseException:
            if out.upload_id is not None:
                self.client.abort_multipart_upload(Bucket=self.name, Key=key, UploadId=out.upload_id)
            raise

    def head(self, key: str) -> StoredObject:
        """The object's size and content type (a HEAD request); FileMissing if there is none.

        S3 answers 404 for a missing key, or 403 to a caller without s3:ListBucket (the API's
        role has none): both mean "not there"."""
        from botocore.exceptions import ClientError

        try:
            found = self.client.head_object(Bucket=self.name, Key=key)
        except ClientError as error:
            if str(error.response.get("Error", {}).get("Code")) in ("404", "403", "NoSuchKey", "NotFound"):
                raise FileMissing(key) from None
            raise
        return StoredObject(size=int(found["ContentLength"]), content_type=str(found.get("ContentType", "")))

    def exists(self, key: str) -> bool:
        """Whether the bucket holds an object under `key` (a HEAD request)."""
        try:
            self.head(key)
        except FileMissing:
            return False
        return True

    def download_link(self, key: str, name: str, content_type: str, fallback: str | None = None) -> DownloadLink:
        """A presigned GET of the object that downloads it as `name`."""
        url = self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.name,
                "Key": key,
                "ResponseContentDisposition": content_disposition(name, fallback),
                "ResponseContentType": content_type,
            },
            ExpiresIn=LINK_SECONDS,
        )
        return {"url": url, "filename": name, "expires_in": LINK_SECONDS}

    def publish(self, key: str, data: bytes, name: str, content_type: str) -> PublishedFile:
        """Put the file in the bucket and answer a link that downloads it under `name`."""
        self.put(key, data, content_type)
        return {**self.download_link(key, name, content_type), "content_type": content_type}

    def upload_form(
        self, key: str, content_type: str, max_bytes: int, within: str, expires: int = LINK_SECONDS
    ) -> dict[str, Any]:
        """A presigned POST for exactly one new object at `key` (under `within`), of the type and size allowed:
        {key, url, fields, max_bytes, content_type, expires_in} (core.models.PresignedPost).

        Signing is local: no request reaches S3."""
        signed = self.client.generate_presigned_post(
            self.name,
            key,
            Fields={"Content-Type": content_type},
            Conditions=[
                {"Content-Type": content_type},
                ["content-length-range", 1, max_bytes],
                ["starts-with", "$key", within],
            ],
            ExpiresIn=expires,
        )
        return {
            "key": key,
            "url": signed["url"],
            "fields": signed["fields"],
            "max_bytes": max_bytes,
            "content_type": content_type,
            "expires_in": expires,
        }

    def download_origin(self) -> str:
        """Where presigned GET links point: the origin of one (signed locally, no request)."""
        return origin(self.client.generate_presigned_url("get_object", Params={"Bucket": self.name, "Key": PHOTOS}))

    def upload_origin(self) -> str:
        """Where a browser posts uploads: the origin of a presigned POST's URL (signed locally, no request)."""
        return origin(self.client.generate_presigned_post(self.name, f"{PHOTOS}probe")["url"])
