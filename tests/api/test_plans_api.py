"""The year's plan over HTTP: tasks, reports linked to them, progress, and who sees what."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.context import Context
from tests.conftest import Api, SettableClock, report_body

YEAR = "2026"
BAYI = {
    "heading": "拥军优属",
    "title": "八一走访慰问驻区部队",
    "unit_ids": ["minzhengju"],
    "window": "八一前后",
    "activity_types": ["visit"],
    "target": {"figure": "households", "value": 16},
}


def new_task(api: Api, **fields: Any) -> dict[str, Any]:
    body = {
        "heading": "法律拥军",
        "title": "送法进军营",
        "unit_ids": ["sifaju"],
        "window": "4月下旬至5月",
        "activity_types": ["legal_lecture"],
        **fields,
    }
    answer = api.post(f"/plans/{YEAR}/tasks", body)
    assert answer.status == 201, answer.body
    return answer.json  # type: ignore[no-any-return]


def link(api: Api, token: str, task_id: str | None, kind: str = "legal_lecture", **fields: Any) -> dict[str, Any]:
    answer = api.post("/reports", report_body(kind, plan_task_id=task_id, **fields), token=token)
    assert answer.status == 201, answer.body
    return answer.json  # type: ignore[no-any-return]


def plan(api: Api, token: str | None = None, unit_id: str | None = None) -> dict[str, Any]:
    path = f"/plans/{YEAR}" + (f"?unit_id={unit_id}" if unit_id else "")
    answer = api.get(path, **({"token": token} if token else {}))
    assert answer.status == 200, answer.body
    return answer.json  # type: ignore[no-any-return]


def states(found: dict[str, Any]) -> dict[str, str]:
    return {t["title"]: t["progress"]["state"] for t in found["tasks"]}


def _form(**fields: Any) -> dict[str, Any]:
    return {"heading": "法律拥军", "title": "送法进军营", "unit_ids": ["sifaju"], "window": "5月", **fields}


@pytest.fixture
def county(api: Api) -> dict[str, str]:
    for unit_id, name in [("sifaju", "县司法局"), ("minzhengju", "县退役军人事务局"), ("jiaoyuju", "县教育局")]:
        api.unit(unit_id, name)
    return {unit_id: api.reporter(unit_id) for unit_id in ("sifaju", "minzhengju", "jiaoyuju")}


def test_a_task_is_entered_with_its_window_read_and_its_target_labelled(api: Api, county: dict[str, str]) -> None:
    task = new_task(api, target={"figure": "reports", "value": 4})
    assert task["window"] == {"from": "2026-04-21", "to": "2026-05-31", "text": "4月下旬至5月"}
    assert task["target"] == {"figure": "reports", "value": 4, "label": "活动4次"}
    assert task["unit_names"] == ["县司法局"] and task["version"] == 1
    visits = new_task(api, **{**BAYI, "window": {"from": "2026-07-25", "to": "2026-08-07"}})
    assert visits["window"]["text"] == "7月25日至8月7日"
    assert visits["target"]["label"] == "走访户数16户"
    assert [t["title"] for t in plan(api)["tasks"]] == ["送法进军营", "八一走访慰问驻区部队"]
    assert api.get(f"/plans/{YEAR}/tasks/{task['task_id']}").json["title"] == "送法进军营"


def test_a_task_that_cannot_be_read_names_each_field(api: Api, county: dict[str, str]) -> None:
    answer = api.post(
        f"/plans/{YEAR}/tasks",
        _form(window="上旬", activity_types=["legal_lecture"], target={"figure": "households", "value": 3}),
    )
    assert answer.status == 400
    fields = answer.error_fields()
    assert "须写明月份" in fields["window"]
    assert fields["target"].startswith("目标指标应为以下之一：reports（活动）")
    answer = api.post(f"/plans/{YEAR}/tasks", _form(window="2025-05-01至2025-05-31"))
    assert answer.status == 400 and "2026年内" in answer.error_fields()["window"]
    answer = api.post(f"/plans/{YEAR}/tasks", _form(unit_ids=["nobody"]))
    assert answer.error_fields() == {"unit_ids.0": "未找到单位 nobody"}
    answer = api.post(f"/plans/{YEAR}/tasks", _form(target={"figure": "reports", "value": 2.5}))
    assert answer.error_fields() == {"target": "目标值应为整数"}
    new_task(api)
    assert api.post(f"/plans/{YEAR}/tasks", _form()).status == 409  # the same task under the same heading
    assert api.post("/plans/26/tasks", _form()).status == 400
    assert plan(api)["counts"]["tasks"] == 1


def test_progress_is_done_in_progress_not_started_or_overdue(
    api: Api, clock: SettableClock, county: dict[str, str]
) -> None:
    lectures = new_task(api, target={"figure": "reports", "value": 2})
    visits = new_task(api, **BAYI)
    new_task(
        api, heading="宣传教育", title="全民国防教育日活动", unit_ids=["jiaoyuju"], window="9月中旬", activity_types=[]
    )
    new_task(
        api, heading="拥军优属", title="春节前走访慰问", unit_ids=["minzhengju"], window="春节前", activity_types=[]
    )
    clock.set("2026-05-25T10:00:00")
    link(api, county["sifaju"], lectures["task_id"], occurred_on="2026-05-10")
    assert states(plan(api))["送法进军营"] == "in_progress"  # 1 of 2
    link(api, county["sifaju"], lectures["task_id"], occurred_on="2026-05-20")
    clock.set("2026-08-20T10:00:00")
    metrics = {"target": "troops", "households": 10, "persons": 60, "funds_yuan": 30000}
    link(api, county["minzhengju"], visits["task_id"], "visit", occurred_on="2026-08-01", metrics=metrics)

    found = plan(api)
    assert states(found) == {
        "送法进军营": "done",
        "八一走访慰问驻区部队": "in_progress",  # 10 of 16 households, though the window has passed
        "全民国防教育日活动": "not_started",
        "春节前走访慰问": "overdue",  # 1月18日–2月16日 passed with no report
    }
    assert found["counts"] == {"tasks": 4, "done": 1, "in_progress": 1, "not_started": 1, "overdue": 1}
    visit = next(t for t in found["tasks"] if t["title"] == "八一走访慰问驻区部队")
    assert visit["progress"]["achieved"] == 10 and visit["progress"]["achieved_text"] == "走访户数10户"
    assert visit["progress"]["window_state"] == "passed"
    headings = {h["heading"]: h for h in found["headings"]}
    assert headings["拥军优属"]["tasks"] == 2 and headings["拥军优属"]["overdue"] == 1


def test_a_money_target_is_met_exactly_in_fen(api: Api, county: dict[str, str]) -> None:
    task = new_task(
        api,
        heading="拥军优属",
        title="八一慰问金",
        unit_ids=["minzhengju"],
        window="8月",
        activity_types=["visit"],
        target={"figure": "funds_yuan", "value": 62000.10},
    )
    assert task["target"]["label"] == "慰问金62000.1元"
    metrics = {"target": "troops", "households": 1, "persons": 1, "funds_yuan": 31000.05}
    link(api, county["minzhengju"], task["task_id"], "visit", metrics=metrics)
    assert states(plan(api)) == {"八一慰问金": "in_progress"}
    link(api, county["minzhengju"], task["task_id"], "visit", metrics=metrics)
    found = plan(api)["tasks"][0]["progress"]
    assert found["state"] == "done" and found["achieved_text"] == "慰问金62000.1元"


def test_a_window_ending_today_is_still_open(api: Api, clock: SettableClock, county: dict[str, str]) -> None:
    new_task(api, title="八月任务", window="8月20日")
    assert states(plan(api))["八月任务"] == "not_started"
    clock.set("2026-08-21T00:01:00")
    assert states(plan(api))["八月任务"] == "overdue"


def test_withdrawn_reports_are_not_counted_and_edits_move_the_link(
    api: Api, clock: SettableClock, county: dict[str, str]
) -> None:
    first = new_task(api, title="八月送法进军营", window="8月")
    second = new_task(api, title="九月送法进军营", window="8月至9月")
    report = link(api, county["sifaju"], first["task_id"], occurred_on="2026-08-10")
    assert report["plan_task_id"] == first["task_id"]
    assert states(plan(api)) == {"八月送法进军营": "done", "九月送法进军营": "not_started"}

    edited = {
        k: report[k] for k in ("activity_type", "title", "occurred_on", "location", "counterpart", "participants")
    }
    edited.update(metrics=report["metrics"], version=report["version"], plan_task_id=second["task_id"])
    moved = api.put(f"/reports/{report['report_id']}", edited, token=county["sifaju"])
    assert moved.status == 200, moved.body
    assert states(plan(api)) == {"八月送法进军营": "not_started", "九月送法进军营": "done"}
    history = api.get(f"/reports/{report['report_id']}/history").json["items"]
    assert history[-1]["changes"]["plan_task_id"] == [first["task_id"], second["task_id"]]

    edited.update(version=2, title="改了名称")
    del edited["plan_task_id"]  # a client that does not know plans keeps the link; null would clear it
    kept = api.put(f"/reports/{report['report_id']}", edited, token=county["sifaju"])
    assert kept.status == 200 and kept.json["plan_task_id"] == second["task_id"]
    assert states(plan(api))["九月送法进军营"] == "done"
    edited.update(version=3, plan_task_id=None)
    cleared = api.put(f"/reports/{report['report_id']}", edited, token=county["sifaju"])
    assert cleared.status == 200 and cleared.json["plan_task_id"] is None
    assert states(plan(api)) == {"八月送法进军营": "not_started", "九月送法进军营": "not_started"}
    edited.update(version=4, plan_task_id=second["task_id"])
    assert api.put(f"/reports/{report['report_id']}", edited, token=county["sifaju"]).status == 200

    assert api.delete(f"/reports/{report['report_id']}", token=county["sifaju"]).status == 200
    found = plan(api)
    assert states(found) == {"八月送法进军营": "not_started", "九月送法进军营": "not_started"}
    assert all(t["progress"]["reports"] == 0 and t["reports"] == [] for t in found["tasks"])
    clock.set("2026-10-01T09:00:00")
    assert states(plan(api))["九月送法进军营"] == "overdue"


def test_a_report_links_only_to_its_own_units_task_of_its_year_and_type(api: Api, county: dict[str, str]) -> None:
    lectures = new_task(api)
    visits = new_task(api, heading="拥军优属", title="走访慰问", unit_ids=["minzhengju"], activity_types=["visit"])
    sifaju = county["sifaju"]

    def refused(task_id: str, kind: str = "legal_lecture", **fields: Any) -> str:
        answer = api.post("/reports", report_body(kind, plan_task_id=task_id, **fields), token=sifaju)
        assert answer.status == 400, answer.body
        return answer.error_fields()["plan_task_id"]

    assert "未找到本单位2026年的该计划任务" in refused(visits["task_id"], "visit")  # another unit's task
    assert "未找到" in refused("no-such-task")
    assert "年度须与活动日期的年份相同" in refused(lectures["task_id"], occurred_on="2025-12-30")
    assert "活动类型为法治宣传进军营" in refused(lectures["task_id"], "mediation")
    assert api.get("/reports?month=2026-08", token=sifaju).json["items"] == []  # nothing stored
    shared = new_task(
        api, heading="宣传教育", title="双拥宣传月", unit_ids=["sifaju", "minzhengju"], activity_types=[], window="全年"
    )
    link(api, sifaju, shared["task_id"], "mediation")
    link(api, county["minzhengju"], shared["task_id"], "visit")
    found = api.get(f"/plans/{YEAR}/tasks/{shared['task_id']}").json
    assert [u["reports"] for u in found["progress"]["units"]] == [1, 1]


def test_a_reporter_sees_only_its_units_tasks_and_reports(api: Api, county: dict[str, str]) -> None:
    own = new_task(api)
    other = new_task(api, heading="拥军优属", title="走访慰问", unit_ids=["minzhengju"], activity_types=["visit"])
    shared = new_task(
        api, heading="宣传教育", title="双拥宣传月", unit_ids=["sifaju", "minzhengju"], activity_types=[], window="全年"
    )
    link(api, county["minzhengju"], shared["task_id"], "visit", title="民政局的走访")
    mine = link(api, county["sifaju"], shared["task_id"], "mediation", title="司法局的调解")

    seen = plan(api, county["sifaju"])
    assert [t["title"] for t in seen["tasks"]] == ["送法进军营", "双拥宣传月"]
    seen_shared = seen["tasks"][1]
    assert [r["report_id"] for r in seen_shared["reports"]] == [mine["report_id"]]  # not the other unit's report
    assert seen_shared["progress"]["reports"] == 2  # but the shared task's progress counts both
    assert api.get(f"/plans/{YEAR}/tasks/{other['task_id']}", token=county["sifaju"]).status == 404
    assert api.get(f"/plans/{YEAR}/tasks/{own['task_id']}", token=county["sifaju"]).status == 200
    assert api.get(f"/plans/{YEAR}?unit_id=minzhengju", token=county["sifaju"]).status == 404
    assert [t["title"] for t in plan(api, unit_id="minzhengju")["tasks"]] == ["走访慰问", "双拥宣传月"]
    for method, path in [
        ("POST", f"/plans/{YEAR}/tasks"),
        ("PUT", f"/plans/{YEAR}/tasks/{own['task_id']}"),
        ("DELETE", f"/plans/{YEAR}/tasks/{own['task_id']}"),
        ("POST", f"/plans/{YEAR}/import"),
    ]:
        assert api.call(method, path, _form(), token=county["sifaju"]).status == 403


def test_a_task_is_edited_with_its_version_and_deleted_only_without_links(api: Api, county: dict[str, str]) -> None:
    task = new_task(api, unit_ids=["sifaju", "jiaoyuju"])
    path = f"/plans/{YEAR}/tasks/{task['task_id']}"
    edit = _form(
        window="8月",
        unit_ids=["sifaju", "jiaoyuju"],
        activity_types=["legal_lecture"],
        target={"figure": "attendees", "value": 300},
    )
    edited = api.put(path, {**edit, "version": 1})
    assert edited.status == 200, edited.body
    assert edited.json["window"]["text"] == "8月" and edited.json["version"] == 2
    assert edited.json["target"]["label"] == "受教育官兵300人次"
    assert api.put(path, {**edit, "version": 1}).status == 409  # stale

    report = link(api, county["sifaju"], task["task_id"], occurred_on="2026-08-10")
    dropped = api.put(path, {**edit, "unit_ids": ["jiaoyuju"], "version": 2})
    assert dropped.status == 400 and "县司法局已有报告关联此任务" in dropped.error_fields()["unit_ids"]
    assert api.delete(path).status == 409
    assert api.delete(f"/reports/{report['report_id']}", token=county["sifaju"]).status == 200
    assert api.delete(path).status == 204
    assert api.get(path).status == 404 and plan(api)["tasks"] == []


def test_a_plan_change_marks_the_months_it_can_change(api: Api, ctx: Context, county: dict[str, str]) -> None:
    months = ("2026-05", "2026-06", "2026-12")
    before = {m: ctx.store.months.changes(m) for m in months}
    new_task(api, window="6月上旬")
    after = {m: ctx.store.months.changes(m) for m in months}
    assert after == {"2026-05": before["2026-05"], "2026-06": before["2026-06"] + 1, "2026-12": before["2026-12"] + 1}


def test_a_returned_report_counts_for_its_task_only_once_corrected(api: Api, county: dict[str, str]) -> None:
    task = new_task(api, title="八月送法进军营", window="8月")
    report = link(api, county["sifaju"], task["task_id"], occurred_on="2026-08-10")
    assert states(plan(api)) == {"八月送法进军营": "done"}
    review = {"decision": "return", "comment": "受教育人数有误", "version": report["version"]}
    returned = api.post(f"/reports/{report['report_id']}/review", review)
    assert returned.status == 200, returned.body
    assert states(plan(api)) == {"八月送法进军营": "not_started"}
    fields = ("activity_type", "title", "occurred_on", "location", "counterpart", "participants", "plan_task_id")
    corrected = {k: report[k] for k in fields}
    corrected.update(metrics={**report["metrics"], "attendees": 90}, version=returned.json["version"])
    assert api.put(f"/reports/{report['report_id']}", corrected, token=county["sifaju"]).status == 200
    assert states(plan(api)) == {"八月送法进军营": "done"}


def test_a_report_dated_outside_the_window_is_shown_flagged_and_counts_for_nothing(
    api: Api, clock: SettableClock, county: dict[str, str]
) -> None:
    task = new_task(api, title="五月送法进军营", window="4月下旬至5月", target={"figure": "reports", "value": 1})
    clock.set("2026-04-16T10:00:00")
    early = link(api, county["sifaju"], task["task_id"], occurred_on="2026-04-15")  # before 4月21日
    found = plan(api)["tasks"][0]
    assert found["progress"]["state"] == "not_started" and found["progress"]["reports"] == 0
    assert [(r["report_id"], r["outside_window"]) for r in found["reports"]] == [(early["report_id"], True)]
    clock.set("2026-05-11T10:00:00")
    inside = link(api, county["sifaju"], task["task_id"], occurred_on="2026-05-10")
    found = plan(api)["tasks"][0]
    assert found["progress"]["state"] == "done" and found["progress"]["reports"] == 1
    assert [(r["report_id"], r["outside_window"]) for r in found["reports"]] == [
        (early["report_id"], True),
        (inside["report_id"], False),
    ]


def test_a_quarterly_task_is_done_when_every_quarter_has_its_report(
    api: Api, clock: SettableClock, county: dict[str, str]
) -> None:
    task = new_task(api, title="每季度送法进军营", window="每季度", target={"figure": "reports", "value": 4})
    assert task["window"]["text"] == "每季度"
    assert [(p["from"], p["to"], p["text"]) for p in task["window"]["parts"]] == [
        ("2026-01-01", "2026-03-31", "1月至3月"),
        ("2026-04-01", "2026-06-30", "4月至6月"),
        ("2026-07-01", "2026-09-30", "7月至9月"),
        ("2026-10-01", "2026-12-31", "10月至12月"),
    ]
    clock.set("2026-05-20T10:00:00")
    for day in ("2026-05-10", "2026-05-12", "2026-05-14"):  # three in the second quarter, none in the first
        link(api, county["sifaju"], task["task_id"], occurred_on=day)
    progress = plan(api)["tasks"][0]["progress"]
    assert progress["state"] == "overdue" and progress["achieved_text"] == "活动3次"
    assert [(w["state"], w["reports"]) for w in progress["windows"]] == [
        ("overdue", 0),  # 1月至3月 is over without a report
        ("done", 3),
        ("not_started", 0),
        ("not_started", 0),
    ]
    clock.set("2026-08-20T10:00:00")
    link(api, county["sifaju"], task["task_id"], occurred_on="2026-08-10")
    clock.set("2026-11-20T10:00:00")
    link(api, county["sifaju"], task["task_id"], occurred_on="2026-11-10")
    progress = plan(api)["tasks"][0]["progress"]
    # five reports reach the target of four, but the first quarter never had one
    assert progress["state"] == "overdue" and progress["achieved_text"] == "活动5次"
    assert [w["state"] for w in progress["windows"]] == ["overdue", "done", "done", "done"]


def test_a_quarterly_task_with_a_report_in_each_quarter_is_done(
    api: Api, clock: SettableClock, county: dict[str, str]
) -> None:
    task = new_task(api, title="每季度调解排查", window="每季度", activity_types=["mediation"])
    for day in ("2026-02-10", "2026-05-10", "2026-08-10"):
        clock.set(f"{day}T18:00:00")
        link(api, county["sifaju"], task["task_id"], "mediation", occurred_on=day)
    assert plan(api)["tasks"][0]["progress"]["state"] == "in_progress"  # the fourth quarter is still open
    clock.set("2026-11-10T18:00:00")
    link(api, county["sifaju"], task["task_id"], "mediation", occurred_on="2026-11-10")
    progress = plan(api)["tasks"][0]["progress"]
    assert progress["state"] == "done" and progress["reports"] == 4
    assert [w["state"] for w in progress["windows"]] == ["done", "done", "done", "done"]


def test_the_plan_says_whether_its_year_was_ever_compiled(api: Api, county: dict[str, str]) -> None:
    # The office page asks for the year's summary only once there is one (a 404 is an error in the console).
    assert plan(api)["summary_requested"] is False
    assert api.get(f"/summaries/{YEAR}").status == 404
    assert api.post(f"/summaries/{YEAR}").status == 202
    assert plan(api)["summary_requested"] is True
