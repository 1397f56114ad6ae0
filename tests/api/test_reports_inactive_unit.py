"""A unit the county office set not to report (`active: false`) cannot report: 403 with the reason."""

from __future__ import annotations

from tests.conftest import Api, report_body

NOT_REPORTING = "本单位已设为不参加填报，如需填报请联系县双拥办"


def set_active(api: Api, active: bool) -> None:
    answer = api.put("/units/sifaju", {"name": "县司法局", "kind": "bureau", "emails": [], "active": active})
    assert answer.status == 200, answer.body


def test_a_unit_set_not_to_report_can_neither_report_nor_file_a_nil_report(api: Api) -> None:
    api.unit("sifaju", "县司法局")
    token = api.reporter("sifaju")
    set_active(api, False)

    report = api.post("/reports", report_body(), token=token)
    assert (report.status, report.json["code"], report.json["message"]) == (403, "403.1", NOT_REPORTING)
    nil = api.put("/units/sifaju/months/2026-08/nil-report", {}, token=token)
    assert (nil.status, nil.json["message"]) == (403, NOT_REPORTING)
    assert api.get("/reports?month=2026-08&unit_id=sifaju").json["items"] == []
    assert api.get("/units/sifaju/months/2026-08/nil-report").status == 404

    set_active(api, True)
    body = report_body()
    assert api.post("/reports", body, token=token).status == 201
    set_active(api, False)
    assert api.post("/reports", body, token=token).status == 200  # a retry of what was stored before: its answer
    assert api.post("/reports", report_body(unit_id="sifaju")).status == 201  # the county office may file for it
    assert len(api.get("/reports?month=2026-08&unit_id=sifaju").json["items"]) == 2
