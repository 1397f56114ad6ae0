"""A visit to several groups (DOMAIN.md's worked 八一 visits, as one report), counted each in its own measure."""

from __future__ import annotations

from decimal import Decimal

import boto3

from chalicelib.context import Context
from tests.conftest import ADMIN_TOKEN, Api, SettableClock
from tests.helpers.summaries import compiled, submit, visit

GROUPS = [
    {"target": "troops", "households": 16, "funds_yuan": 62000},  # 驻区16个团以上部队
    {"target": "disabled_veterans", "persons": 3, "funds_yuan": 1500},
    {"target": "enterprises", "households": 4, "funds_yuan": 34000},
    {"target": "retired_cadres", "persons": 15, "funds_yuan": 3000},
    {"target": "military_families", "persons": 115, "funds_yuan": 23000},
    {"target": "demobilized", "persons": 26, "funds_yuan": Decimal("10400.00")},
    {"target": "other", "persons": 300, "funds_yuan": 70000},
]


def test_a_visit_to_seven_groups_is_read_out_group_by_group(
    api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock
) -> None:
    clock.set("2026-08-20T10:00:00")
    api.unit("minzhengju", "县退役军人事务局")
    api.unit("sifaju", "县司法局")
    stored = submit(api, ADMIN_TOKEN, "visit", {"groups": GROUPS}, unit_id="minzhengju", occurred_on="2026-08-01")
    assert "target" not in stored["metrics"] and len(stored["metrics"]["groups"]) == 7
    # a second visit to 军属, the one-target shape (20户, 20人: the helper gives persons = households): 军属 visited
    # twice may count a household twice
    visit(api, ADMIN_TOKEN, "military_families", 20, "2000", unit_id="sifaju", occurred_on="2026-07-30")

    found = compiled(api, ctx, aws, "2026-07-17..2026-08-08")
    head = found["headline"]
    assert head["visit_funds_yuan"] == Decimal("205900.00")  # 203,900 + 2,000 yuan
    assert (head["troop_visits"], head["beneficiary_households"], head["beneficiary_persons_only"]) == (1, 20, 144)
    text = found["narrative"][1]["text"]
    assert text == (
        "全县共走访驻军1次，走访优抚对象20户次、144人次，走访慰问资金达20.59万元。"
        "其中：走访慰问驻军部队1次、16个单位，慰问金6.2万元；军属20户次、慰问135人次，慰问金2.5万元；"
        "伤残军人3人，慰问金0.15万元；在乡老复员军人26人，慰问金1.04万元；军队离退休干部15人，慰问金0.3万元；"
        "涉军困难企业4家，慰问金3.4万元；其他300人，慰问金7万元。"
    )
    month = compiled(api, ctx, aws, "2026-08")  # the month: one visit to each group, so 户 and 人
    assert "全县共走访驻军1次，走访优抚对象144人，走访慰问资金达20.39万元。" in month["narrative"][1]["text"]


def test_groups_are_checked_like_one_target(api: Api, clock: SettableClock) -> None:
    api.unit("minzhengju")
    both = {"target": "troops", "groups": GROUPS[:1]}
    answer = api.post("/reports", _body({"metrics": both}))
    assert answer.status == 400 and "groups" in answer.error_fields()["metrics.target"]
    too_many = {"groups": [{"target": "veterans", "households": 1}] * 21}
    assert "metrics.groups" in api.post("/reports", _body({"metrics": too_many})).error_fields()
    unknown = {"groups": [{"target": "aliens", "households": 1}]}
    assert "metrics.groups.0.target" in api.post("/reports", _body({"metrics": unknown})).error_fields()
    assert api.get("/reports?month=2026-08").json["items"] == []  # nothing stored


def _body(change: dict[str, object]) -> dict[str, object]:
    from tests.conftest import report_body

    return report_body(unit_id="minzhengju", **change)  # type: ignore[arg-type]
