"""Photos of reports: the phone uploads each one straight to S3 with a presigned POST; the county office's
page shows them from short-lived presigned GET links (`links`).

The POST's policy allows exactly one new key under the unit's prefix
(`photos/<org>/<unit>/<YYYY-MM>/<32 hex digits>.jpg`, photo_keys.py), a JPEG only, of at most
MAX_PHOTO_BYTES (the page resizes photos to 1600 px before upload). The unit comes from
the reporter's token. A report then names the key, and reports/service.py refuses a key
of any other shape or unit, and one that is not in the bucket. Signing is local: no
request reaches S3 here.
"""

from __future__ import annotations

from typing import Any

from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.dates import local_today, month_of
from chalicelib.files.bucket import filename, photo_prefix
from chalicelib.reports import service as reports
from chalicelib.reports.models import PhotoUploadForm
from chalicelib.reports.photo_keys import new_key
from chalicelib.reports.service import reporting_unit

MAX_PHOTO_BYTES = 2 * 1024 * 1024
PHOTO_TYPE = "image/jpeg"
UPLOAD_EXPIRES_SECONDS = 15 * 60


def new_upload(ctx: Context, principal: Principal, form: PhotoUploadForm) -> dict[str, Any]:
    """A presigned POST for one photo of the caller's unit."""
    unit_id = reporting_unit(ctx, principal, form.unit_id)
    within = photo_prefix(ctx.org, unit_id)
    key = new_key(ctx.org, unit_id, month_of(local_today(ctx.clock)))
    return ctx.bucket.upload_form(key, PHOTO_TYPE, MAX_PHOTO_BYTES, within, UPLOAD_EXPIRES_SECONDS)


def links(ctx: Context, principal: Principal, report_id: str) -> list[dict[str, Any]]:
    """A 15-minute link to each of a report's photos, in the report's order (who may read the report may see
    them; signing is local)."""
    report = reports.get(ctx, principal, report_id)
    return [
        {
            **ctx.bucket.download_link(key, filename(report["title"], str(n), suffix=".jpg"), PHOTO_TYPE),
            "content_type": PHOTO_TYPE,
        }
        for n, key in enumerate(report.get("photos") or [], 1)
    ]
