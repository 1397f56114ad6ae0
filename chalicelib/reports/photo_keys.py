"""The one shape of a photo's key: `photos/<org>/<unit>/<YYYY-MM>/<32 hex digits>.jpg`, the month of its upload.

The upload route hands out keys of this shape only, and a report accepts no other."""

from __future__ import annotations

import re
import uuid

from chalicelib.files.bucket import photo_prefix

_REST = re.compile(r"(?P<month>20\d\d-(?:0[1-9]|1[0-2]))/[0-9a-f]{32}\.jpg")


def new_key(org: str, unit_id: str, month: str) -> str:
    """A fresh key for one photo of the organisation's unit, uploaded in `month`."""
    return f"{photo_prefix(org, unit_id)}{month}/{uuid.uuid4().hex}.jpg"


def is_unit_key(key: str, org: str, unit_id: str) -> bool:
    """Whether the key lies under the unit's prefix (whatever follows)."""
    return key.startswith(photo_prefix(org, unit_id))


def is_upload_key(key: str, org: str, unit_id: str, latest_month: str) -> bool:
    """Whether the key has exactly the shape the upload route gives the unit, in a month up to `latest_month`."""
    if not is_unit_key(key, org, unit_id):
        return False
    found = _REST.fullmatch(key[len(photo_prefix(org, unit_id)) :])
    return found is not None and found["month"] <= latest_month
