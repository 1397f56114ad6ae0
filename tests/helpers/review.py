"""Reports under review: what a reporter sends back to correct a report (PUT /reports/{report_id})."""

from __future__ import annotations

from typing import Any

from chalicelib.reports import service as reports


def correction(report: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The correction of `report` as read: its content and version, with `changes`."""
    return {**{k: report[k] for k in reports.CONTENT_FIELDS}, "version": report["version"], **changes}
