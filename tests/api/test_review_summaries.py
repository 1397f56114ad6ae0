"""What the figures count once the office reviews: returned reports are left out until corrected, a unit whose
only reports are returned has not reported (and is named with that reason), the summary counts the reports
in each review state, and a county may count only approved reports. Every figure below is counted by hand."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import boto3
import pytest
from openpyxl import load_workbook

from chalicelib.context import Context
from tests.conftest import Api, SettableClock
from tests.helpers.review import correction
from tests.helpers.summaries import MONTH, compiled, download, submit, summary, visit


@pytest.fixture
def county(api: Api, clock: SettableClock) -> dict[str, Any]:
    """司法局 reports three activities, 退役军人事务局 one, 教育局 files 本月无活动, 法院 nothing. The reviewer
    approves 司法局's troop visit, returns its disabled veterans' visit and 退役军人事务局's only report."""
    clock.set("2026-08-25T10:00:00")
    for unit_id, name in [("sifaju", "县司法局"), ("minzhengju", "县退役军人事务局"), ("jiaoyuju", "县教育局")]:
        api.unit(unit_id, name)
    api.unit("fayuan", "县人民法院")
    tokens = {unit_id: api.reporter(unit_id) for unit_id in ("sifaju", "minzhengju", "jiaoyuju")}
    reviewer = api.post("/staff", {"name": "王审核", "role": "reviewer"}).json["token"]
    clock.set("2026-09-02T10:00:00")
    sf, mz = tokens["sifaju"], tokens["minzhengju"]
    troops = visit(api, sf, "troops", 16, "62000", title="八一走访驻军")
    veterans = visit(api, sf, "disabled_veterans", 3, "1500", title="走访伤残军人")
    mediation = submit(api, sf, "mediation", {"disputes": 3, "resolved": 2}, participants=4, title="涉军纠纷调解")
    families = visit(api, mz, "military_families", 115, "23000", title="走访军属")
    assert api.put("/units/jiaoyuju/months/2026-08/nil-report", {}, token=tokens["jiaoyuju"]).status == 201

    def review(report: dict[str, Any], decision: str, comment: str = "") -> dict[str, Any]:
        body = {"decision": decision, "comment": comment, "version": report["version"]}
        answer = api.post(f"/reports/{report['report_id']}/review", body, token=reviewer)
        assert answer.status == 200, answer.body
        return answer.json  # type: ignore[no-any-return]

    review(troops, "approve")
    review(veterans, "return", "慰问金额与附件不符")
    families = review(families, "return", "走访户数有误，请核实")
    clock.set("2026-09-07T09:00:00")  # after August's deadline (the 5th): who filed nothing is 缺报
    return {"tokens": tokens, "review": review, "mediation": mediation, "families": families}


def test_a_summary_leaves_returned_reports_out_and_counts_each_review_state(
    api: Api, ctx: Context, aws: boto3.Session, county: dict[str, Any]
) -> None:
    found = compiled(api, ctx, aws)
    assert found["status"] == "ready"  # the reviews kept the counters right: the compile agreed with them
    # counted: the troop visit (6 participants, 62,000 yuan) and the mediation (4); both visits returned are not
    assert found["totals"] == {
        "reports": 2,
        "participants": 10,
        "reports_on_time": 2,
        "reports_late": 0,
        "units_reporting": 1,
    }
    head = found["headline"]
    assert (head["troop_visits"], head["beneficiary_households"], head["visit_funds_text"]) == (1, 0, "6.2万元")
    assert head["visit_funds_yuan"] == Decimal("62000.00")
    review = found["review"]
    assert (review["counting"], review["pending"], review["approved"], review["returned"]) == ("not_returned", 1, 1, 2)
    assert [(r["title"], r["unit_name"], r["comment"], r["by_name"]) for r in review["returned_reports"]] == [
        ("走访军属", "县退役军人事务局", "走访户数有误，请核实", "王审核"),
        ("走访伤残军人", "县司法局", "慰问金额与附件不符", "王审核"),
    ]
    text = "".join(p["text"] for p in found["narrative"])
    assert "另有2项报告被退回修改，更正前未计入以上数字。" in text

    xlsx = load_workbook(io.BytesIO(download(found, "xlsx").content))
    overview = {row[0]: row[1] for row in xlsx["汇总"].iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert (overview["待审核的报告"], overview["审核通过的报告"], overview["退回修改的报告（未计入）"]) == (1, 1, 2)
    assert overview["退回修改：走访伤残军人"] == "县司法局：慰问金额与附件不符"
    rows = list(csv.reader(io.StringIO(download(found, "csv").content.decode("utf-8-sig"))))
    assert sorted(row[2] for row in rows[1:]) == ["八一走访驻军", "涉军纠纷调解"]  # the 台账 is what counts


def test_a_unit_whose_only_reports_are_returned_has_not_reported_and_is_named(
    api: Api, ctx: Context, aws: boto3.Session, county: dict[str, Any]
) -> None:
    found = compiled(api, ctx, aws)
    done = found["completeness"]
    counts = ("expected", "reported", "nil_reported", "missing", "returned", "on_time", "late")
    assert tuple(done[key] for key in counts) == (4, 1, 1, 2, 1, 2, 0)
    assert done["missing_units"] == [
        {"unit_id": "fayuan", "name": "县人民法院"},
        {
            "unit_id": "minzhengju",
            "name": "县退役军人事务局",
            "reason": "returned",
            "reason_text": "报告均被退回修改，尚未更正",
        },
    ]
    assert [(u["unit_id"], u["reports"]) for u in done["returned_units"]] == [("minzhengju", 1)]
    units = {u["unit_id"]: u for u in found["by_unit"]}
    assert units["minzhengju"]["status"] == "missing" and units["minzhengju"]["review"]["returned"] == 1
    assert units["sifaju"]["status"] == "reported" and units["sifaju"]["reports"] == 2
    text = "".join(p["text"] for p in found["narrative"])
    assert "未报送2个（县人民法院、县退役军人事务局（报告被退回修改））" in text

    # the correction puts it back to pending: the unit has reported, its figures count, the summary is stale
    families = county["families"]
    body = correction(families, metrics={**families["metrics"], "households": 110, "persons": 110})
    corrected = api.put(f"/reports/{families['report_id']}", body, token=county["tokens"]["minzhengju"])
    assert corrected.status == 200 and corrected.json["review"]["state"] == "pending"
    assert api.get(f"/summaries/{MONTH}").json["status"] == "stale"
    again = compiled(api, ctx, aws)
    assert again["status"] == "ready"
    assert (again["totals"]["reports"], again["headline"]["beneficiary_households"]) == (3, 110)
    assert again["headline"]["visit_funds_text"] == "8.5万元"  # 62,000 + 23,000 yuan
    assert (again["completeness"]["reported"], again["completeness"]["returned_units"]) == (2, [])


def test_a_review_makes_the_months_summary_stale(
    api: Api, ctx: Context, aws: boto3.Session, county: dict[str, Any]
) -> None:
    assert compiled(api, ctx, aws)["status"] == "ready"
    county["review"](county["mediation"], "approve")
    assert summary(api)["status"] == "stale"
    assert compiled(api, ctx, aws)["review"]["approved"] == 2


def test_a_county_may_count_only_approved_reports(
    api: Api, ctx: Context, aws: boto3.Session, county: dict[str, Any]
) -> None:
    assert api.put("/settings", {"deadline_day": 6, "lock_day": 12}).status == 200
    assert compiled(api, ctx, aws)["totals"]["reports"] == 2
    answer = api.put("/settings", {"count": "approved"})
    assert answer.status == 200, answer.body
    kept = {"deadline_day": 6, "lock_day": 12, "count": "approved", "jurisdiction": None}
    assert api.get("/settings").json == kept  # the others kept
    assert summary(api)["status"] == "stale"  # counted by the other setting

    found = compiled(api, ctx, aws)
    assert found["status"] == "ready" and found["review"]["counting"] == "approved"
    # only the approved troop visit counts; the pending mediation is left out, but 司法局 has reported
    assert (found["totals"]["reports"], found["totals"]["participants"]) == (1, 6)
    assert found["headline"]["visit_funds_text"] == "6.2万元"
    done = found["completeness"]
    assert (done["reported"], done["missing"], done["returned"]) == (1, 2, 1)
    text = "".join(p["text"] for p in found["narrative"])
    assert "按县双拥办的设定，以上数字只计入审核通过的报告（1项），待审核1项、退回修改2项未计入。" in text

    county["review"](county["mediation"], "approve")
    assert compiled(api, ctx, aws)["totals"]["reports"] == 2
    bad = api.put("/settings", {"count": "all"})
    assert bad.status == 400 and "count" in bad.error_fields()


def test_the_years_summary_counts_the_months_review_states(
    api: Api, ctx: Context, aws: boto3.Session, county: dict[str, Any]
) -> None:
    month = compiled(api, ctx, aws)
    year = compiled(api, ctx, aws, "2026")
    assert year["status"] == "ready"
    for key in ("pending", "approved", "returned"):
        assert year["review"][key] == month["review"][key]
    assert year["totals"]["reports"] == month["totals"]["reports"] == 2
    assert year["completeness"]["returned"] == 1
    assert [(u["unit_id"], u["months"]) for u in year["completeness"]["returned_units"]] == [("minzhengju", [MONTH])]
    text = "".join(p["text"] for p in year["narrative"])
    assert "另有2项报告被退回修改，更正前未计入以上数字。" in text
