"""A correction sent again because its first answer was lost answers 200 with the stored report: same
content, and the version it made is the stored one. Anything else based on an old version stays 409.2."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

import app as application
from chalicelib.reports.service import CONTENT_FIELDS
from tests.conftest import Api, report_body
from tests.helpers.races import one_request_per_thread, serialized, together


@pytest.fixture
def reporter(api: Api) -> str:
    api.unit("sifaju", "县司法局")
    return api.reporter("sifaju")


def correction(report: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The PUT body that corrects `report`: what the reporter filled in, and the version it edits."""
    return {**{k: report[k] for k in CONTENT_FIELDS}, "version": report["version"], **changes}


def test_a_correction_sent_again_answers_the_report_it_made(api: Api, reporter: str) -> None:
    report = api.post("/reports", report_body(), token=reporter).json
    path = f"/reports/{report['report_id']}"
    body = correction(report, participants=15, title="八一走访慰问驻军（更正）")
    first = api.put(path, body, token=reporter)
    assert (first.status, first.json["version"], first.json["participants"]) == (200, 2, 15)
    again = api.put(path, body, token=reporter)  # the phone never saw the first answer
    assert again.status == 200 and again.json == first.json
    assert api.get(path, token=reporter).json == first.json
    history = api.get(f"{path}/history", token=reporter).json["items"]
    assert [(h["version"], h["action"]) for h in history] == [(1, "created"), (2, "updated")]


def test_other_content_on_an_old_version_is_still_a_conflict(api: Api, reporter: str) -> None:
    report = api.post("/reports", report_body(), token=reporter).json
    path = f"/reports/{report['report_id']}"
    assert api.put(path, correction(report, participants=15), token=reporter).status == 200
    other = api.put(path, correction(report, participants=16), token=reporter)
    assert (other.status, other.json["code"], other.json["current_version"]) == (409, "409.2", 2)

    second = api.put(path, correction({**report, "version": 2}, participants=20), token=reporter)
    assert second.status == 200 and second.json["version"] == 3
    stale = api.put(path, correction(report, participants=15), token=reporter)  # version 1's retry, two edits on
    assert (stale.status, stale.json["code"]) == (409, "409.2")
    assert api.get(path, token=reporter).json["participants"] == 20


def test_the_same_correction_sent_twice_at_once_is_made_once(api: Api, reporter: str) -> None:
    with serialized(), one_request_per_thread(application.app):
        for _ in range(10):
            report = api.post("/reports", report_body(), token=reporter).json
            path = f"/reports/{report['report_id']}"
            answers = together(*[partial(api.put, path, correction(report, participants=15), token=reporter)] * 3)
            assert [a.status for a in answers] == [200, 200, 200], [a.body for a in answers]
            assert all(a.json["version"] == 2 and a.json == answers[0].json for a in answers)
            history = api.get(f"{path}/history", token=reporter).json["items"]
            assert [h["action"] for h in history] == ["created", "updated"]


def test_a_retried_withdrawal_is_not_a_correction(api: Api, reporter: str) -> None:
    report = api.post("/reports", report_body(), token=reporter).json
    path = f"/reports/{report['report_id']}"
    assert api.delete(path, token=reporter).status == 200
    assert api.put(path, correction(report), token=reporter).status == 404
