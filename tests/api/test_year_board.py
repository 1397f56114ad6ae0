"""The year at a glance (GET /reporting/{year}): a hand-made year through the API, its cells written out by hand,
each month's figures equal to that month's compiled summary, whichever reports the settings count; its DynamoDB
calls, which do not grow with the reports; reports stored before the board's counters, counted by the recount."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import boto3

from bench.calls import DynamoCalls
from chalicelib.context import Context
from chalicelib.db.reports import report_item
from chalicelib.reports.recount import recount
from tests.conftest import ADMIN_TOKEN, Api, SettableClock
from tests.helpers.summaries import compiled, submit, visit

YEAR_MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]
LATER = ["not_due"] * 4  # September to December: expected, nothing due yet

# The year as the office sees it on 2026-08-03: June's deadline (07-05) has passed, July's (08-05) has not.
CELLS = {
    "sifaju": ["reported", "late", "reported", "missing", "missing", "late", "not_due", "not_due", *LATER],
    "minzhengju": ["nil", "returned", "missing", "reported", "missing", "missing", "reported", "reported", *LATER],
    "jiaoyuju": ["missing", "late", "late", "missing", "missing", "missing", "not_due", "not_due", *LATER],
    # set not to report; the office filed one report for it in March
    "fagaiwei": ["not_expected"] * 2 + ["reported"] + ["not_expected"] * 9,
    # registered on 2026-05-15
    "jiedao": ["not_expected"] * 4 + ["reported", "missing", "nil", "not_due", *LATER],
}
# (reports, participants, visit money) of each month, counting every report not returned (the default)
NOT_RETURNED = [
    (1, 6, "62000"),
    (1, 120, "0"),
    (5, 40 + 30 + 15 + 6 + 6, "3800"),  # the April lecture moved to March; the returned lecture not counted
    (1, 6, "900"),  # the withdrawn symposium not counted
    (1, 6, "2000"),
    (1, 6, "500.25"),
    (1, 6, "10400"),
    (1, 40, "0"),
    *[(0, 0, "0")] * 4,
]
# counting approved reports only: January's visit and 教育局's March visit
APPROVED = [(1, 6, "62000"), (0, 0, "0"), (1, 6, "800"), *[(0, 0, "0")] * 9]
# which of the summary's standings (its unit rows' status) each cell may stand for
SUMMARY_STATUS = {
    "reported": {"reported"},
    "late": {"reported", "nil"},
    "nil": {"nil"},
    "returned": {"missing", "pending"},  # the summary names it with the reason returned
    "missing": {"missing"},
    "not_due": {"pending"},
    "not_expected": {"not_expected"},
}


def lecture(api: Api, unit_id: str, occurred_on: str, participants: int) -> dict[str, Any]:
    metrics = {"attendees": participants, "materials": 0, "consultations": 0}
    return submit(
        api, ADMIN_TOKEN, "legal_lecture", metrics, unit_id=unit_id, occurred_on=occurred_on, participants=participants
    )


def symposium(api: Api, unit_id: str, occurred_on: str, participants: int) -> dict[str, Any]:
    metrics = {"attendees": participants, "beneficiary_attendees": 0}
    return submit(
        api, ADMIN_TOKEN, "symposium", metrics, unit_id=unit_id, occurred_on=occurred_on, participants=participants
    )


def paid(api: Api, unit_id: str, occurred_on: str, households: int, funds: str) -> dict[str, Any]:
    """A visit: 6 participants (tests/helpers/summaries.visit)."""
    return visit(api, ADMIN_TOKEN, "troops", households, funds, unit_id=unit_id, occurred_on=occurred_on)


def nil(api: Api, unit_id: str, month: str) -> None:
    answer = api.put(f"/units/{unit_id}/months/{month}/nil-report", {})
    assert answer.status == 201, answer.body


def reviewed(api: Api, report: dict[str, Any], decision: str) -> None:
    body = {
        "decision": decision,
        "version": report["version"],
        "comment": "请补充活动照片" if decision == "return" else "",
    }
    answer = api.post(f"/reports/{report['report_id']}/review", body)
    assert answer.status == 200, answer.body


def make_year(api: Api, clock: SettableClock) -> None:
    clock.set("2026-01-02T09:00:00")
    for unit_id, name in [
        ("sifaju", "县司法局"),
        ("minzhengju", "县民政局"),
        ("jiaoyuju", "县教育局"),
        ("fagaiwei", "县发改委"),
    ]:
        api.unit(unit_id, name)
    assert api.put("/units/fagaiwei", {"active": False}).status == 200
    clock.set("2026-02-03T09:00:00")  # January's deadline is 02-05
    reviewed(api, paid(api, "sifaju", "2026-01-20", 16, "62000"), "approve")
    nil(api, "minzhengju", "2026-01")
    clock.set("2026-03-10T09:00:00")  # after February's deadline
    lecture(api, "sifaju", "2026-02-10", 120)
    reviewed(api, paid(api, "minzhengju", "2026-02-12", 5, "1500.50"), "return")
    nil(api, "jiaoyuju", "2026-02")
    symposium(api, "sifaju", "2026-03-05", 40)
    paid(api, "fagaiwei", "2026-03-08", 2, "3000")
    clock.set("2026-04-07T09:00:00")  # after March's deadline
    lecture(api, "sifaju", "2026-03-20", 30)
    reviewed(api, paid(api, "jiaoyuju", "2026-03-25", 2, "800"), "approve")
    reviewed(api, lecture(api, "jiaoyuju", "2026-03-26", 50), "return")
    withdrawn = symposium(api, "minzhengju", "2026-04-02", 25)
    paid(api, "minzhengju", "2026-04-03", 3, "900")
    moved = lecture(api, "sifaju", "2026-04-06", 15)
    clock.set("2026-04-20T09:00:00")
    assert api.delete(f"/reports/{withdrawn['report_id']}").status == 200
    fields = ("activity_type", "title", "location", "counterpart", "participants", "metrics")
    correction = {**{k: moved[k] for k in fields}, "occurred_on": "2026-03-28", "version": moved["version"]}
    assert api.put(f"/reports/{moved['report_id']}", correction).status == 200
    clock.set("2026-05-15T09:00:00")
    api.unit("jiedao", "城关街道")
    clock.set("2026-06-01T09:00:00")
    paid(api, "jiedao", "2026-05-20", 4, "2000")
    clock.set("2026-07-20T09:00:00")
    paid(api, "minzhengju", "2026-07-15", 26, "10400")
    nil(api, "jiedao", "2026-07")
    clock.set("2026-08-03T09:00:00")  # after June's deadline, before July's
    paid(api, "sifaju", "2026-06-10", 1, "500.25")
    symposium(api, "minzhengju", "2026-08-01", 40)


def board(api: Api, year: int = 2026) -> dict[str, Any]:
    answer = api.get(f"/reporting/{year}")
    assert answer.status == 200, answer.body
    return answer.json  # type: ignore[no-any-return]


def figures(found: dict[str, Any]) -> list[tuple[int, int, str]]:
    return [(m["reports"], m["participants"], str(Decimal(str(m["funds_yuan"])).normalize())) for m in found["months"]]


def expected(rows: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    return [(reports, participants, str(Decimal(funds).normalize())) for reports, participants, funds in rows]


def test_a_hand_made_year_shows_each_units_months_and_agrees_with_each_months_summary(
    api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock
) -> None:
    make_year(api, clock)
    found = board(api)
    assert found["year"] == 2026
    assert [u["unit_id"] for u in found["units"]] == sorted(CELLS)
    assert {u["unit_id"]: u["name"] for u in found["units"]}["jiedao"] == "城关街道"
    assert {u["unit_id"]: list(u["months"]) for u in found["units"]} == {u: YEAR_MONTHS for u in CELLS}
    assert {u["unit_id"]: list(u["months"].values()) for u in found["units"]} == CELLS
    assert [m["month"] for m in found["months"]] == YEAR_MONTHS
    assert figures(found) == expected(NOT_RETURNED)

    for i, month in enumerate(YEAR_MONTHS[:8]):  # the months begun: each as its compiled summary has it
        summary = compiled(api, ctx, aws, month)
        assert summary["status"] == "ready"
        totals, headline = summary["totals"], summary["headline"]
        funds = str(Decimal(str(headline["visit_funds_yuan"])).normalize())
        assert (totals["reports"], totals["participants"], funds) == figures(found)[i]
        cells = {unit_id: states[i] for unit_id, states in CELLS.items()}
        for row in summary["by_unit"]:
            assert row["status"] in SUMMARY_STATUS[cells[row["unit_id"]]], (month, row["unit_id"])
        listed = {row["unit_id"] for row in summary["by_unit"]}
        assert all(cells[u] == "not_expected" for u in set(CELLS) - listed), month
        late = sorted(u["unit_id"] for u in summary["completeness"]["late_units"])
        assert late == sorted(u for u, state in cells.items() if state == "late"), month

    assert api.put("/settings", {"count": "approved"}).status == 200
    approved = board(api)
    assert figures(approved) == expected(APPROVED)
    assert {u["unit_id"]: list(u["months"].values()) for u in approved["units"]} == CELLS  # who filed: the same
    for i, month in enumerate(YEAR_MONTHS[:3]):
        summary = compiled(api, ctx, aws, month)
        funds = str(Decimal(str(summary["headline"]["visit_funds_yuan"])).normalize())
        assert (summary["totals"]["reports"], summary["totals"]["participants"], funds) == figures(approved)[i]


def test_the_board_costs_the_same_calls_whatever_the_number_of_reports(
    api: Api, ctx: Context, clock: SettableClock
) -> None:
    calls = DynamoCalls(ctx.store.table.resource.meta.client)
    clock.set("2026-08-03T09:00:00")
    api.unit("sifaju", "县司法局")
    api.unit("minzhengju", "县民政局")
    paid(api, "sifaju", "2026-07-01", 1, "100")
    board(api)  # the settings read once, then remembered for a minute
    calls.take()
    first = board(api)
    few = calls.take()
    assert few == ["Query"] * (1 + 8)  # the units, then each month begun (January to August)
    for day in range(2, 22):
        paid(api, "minzhengju", f"2026-07-{day:02d}", 1, "100")
    calls.take()
    more = board(api)
    assert calls.take() == few
    assert (first["months"][6]["reports"], more["months"][6]["reports"]) == (1, 21)
    assert (first["months"][6]["funds_yuan"], more["months"][6]["funds_yuan"]) == (100, 2100)


def test_reports_stored_before_the_board_counters_are_counted_by_the_recount(
    api: Api, ctx: Context, clock: SettableClock
) -> None:
    clock.set("2026-01-02T09:00:00")
    api.unit("sifaju", "县司法局")
    clock.set("2026-08-03T09:00:00")
    stored = ctx.store.reports.get(paid(api, "sifaju", "2026-07-10", 3, "1200")["report_id"])
    older = {
        **stored,
        "report_id": "0d6f0c2e-4b8a-4c55-9e43-9a1f4b2d7e01",
        "occurred_on": "2026-06-10",
        "month": "2026-06",
    }
    ctx.store.table.put(report_item(older))  # as a deployment before the counters stored it
    before = board(api)
    assert before["units"][0]["months"]["2026-06"] == "missing"  # the counters hold nothing of it yet
    assert (before["months"][5]["reports"], before["months"][6]["reports"]) == (0, 1)
    assert recount(ctx.store) >= 2
    after = board(api)
    assert [after["units"][0]["months"][m] for m in ("2026-06", "2026-07")] == ["reported", "reported"]
    assert [(m["reports"], m["participants"], m["funds_yuan"]) for m in after["months"][5:7]] == [
        (1, 6, 1200),
        (1, 6, 1200),
    ]


def test_only_the_county_office_reads_the_board_and_a_year_is_four_digits(api: Api) -> None:
    api.unit("sifaju", "县司法局")
    token = api.reporter("sifaju")
    assert api.get("/reporting/2026", token=token).status == 403
    refused = api.get("/reporting/26")
    assert (refused.status, refused.json["message"]) == (400, "年份应为四位数字，如 2026")
