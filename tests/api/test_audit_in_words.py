"""Issue 27: an audit a clerk can read. Each entry is answered with its action and fields in Chinese, its person
(a reporter with their unit), its record's kind and its name as it is now, and where it opens on the office page;
approving and returning, locking and reopening, and each settings form read apart; the filters offer people and
kinds of record from lists. Every label below is written out by hand."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bench.calls import DynamoCalls
from chalicelib.agreements.models import AgreementForm
from chalicelib.audit import labels
from chalicelib.audit import service as audit
from chalicelib.calendar.models import CampaignCalendarForm, SettingsForm
from chalicelib.context import Context
from chalicelib.core.auth import Principal, Role
from chalicelib.plans.models import PlanTaskForm
from chalicelib.profile.models import CountyFacts
from chalicelib.reminders.models import ReminderSettingsForm
from chalicelib.reports.service import CONTENT_FIELDS
from chalicelib.summaries.models import SummaryNotesText
from chalicelib.surveys.models import SurveyForm
from chalicelib.units.models import UnitForm
from tests.api.test_audit import ACTIONS
from tests.conftest import Api, SettableClock, report_body
from tests.helpers.surveys import SURVEY

MONTH = "2026-08"
SHOWN = ("action_label", "field_labels", "person", "role_label", "record_kind_label", "record_name", "opens")
CODE = re.compile(r"[A-Za-z_.:]")  # a label with any of these still shows a code


@pytest.fixture
def county(api: Api, clock: SettableClock) -> dict[str, Any]:
    """县司法局 and 县教育局, 张三 reporting for 司法局, a reviewer 王审核: set up in July; the clock on 2026-08-20."""
    clock.set("2026-07-31T09:00:00")
    api.unit("sifaju", "县司法局")
    api.unit("jiaoyuju", "县教育局")
    zhang = api.post("/units/sifaju/reporters", {"label": "张三"}).json
    li = api.post("/units/jiaoyuju/reporters", {"label": "李四"}).json
    wang = api.post("/staff", {"name": "王审核", "role": "reviewer"}).json
    clock.set("2026-08-20T10:00:00")
    return {"zhang": zhang, "li": li, "wang": wang}


def _page(api: Api, asked: str = "") -> list[dict[str, Any]]:
    answer = api.get(f"/audit?month={MONTH}&limit=100{asked}")
    assert answer.status == 200, answer.body
    return answer.json["items"]  # type: ignore[no-any-return]


def _shown(entries: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [tuple(entry[name] for name in SHOWN) for entry in entries]


def test_each_entry_reads_in_words_with_its_record_named_and_where_it_opens(api: Api, county: dict[str, Any]) -> None:
    zhang, wang = county["zhang"]["token"], county["wang"]["token"]
    body = report_body()
    report_id = api.post("/reports", body, token=zhang).json["report_id"]
    path = f"/reports/{report_id}"
    returned = {"decision": "return", "comment": "走访户数有误", "version": 1}
    assert api.post(f"{path}/review", returned, token=wang).status == 200
    correction = {k: v for k, v in body.items() if k != "submission_id"} | {"version": 2, "participants": 15}
    assert api.put(path, correction, token=zhang).status == 200
    assert api.post(f"{path}/review", {"decision": "approve", "version": 3}, token=wang).status == 200
    assert api.put("/settings", {"count": "approved"}).status == 200
    assert api.put("/reminders/settings", {"county_emails": ["ban@example.cn"]}).status == 200
    campaigns = {"campaigns": [{"code": "bayi", "name": "八一建军节", "annual_on": "08-01"}]}
    assert api.put("/reminders/campaigns", campaigns).status == 200
    assert api.post("/months/2026-07/lock").status == 200
    assert api.post("/months/2026-07/reopen").status == 200
    notes = {"version": 0, "problems": "部分单位报送不及时。", "next_steps": "加强督促。"}
    assert api.put("/summaries/2026/notes", notes).status == 200
    survey_id = api.post("/surveys", SURVEY, token=zhang).json["survey_id"]
    assert api.delete(f"/surveys/{survey_id}", token=zhang).status == 204
    nil = api.put(f"/units/jiaoyuju/months/{MONTH}/nil-report", {"note": "无"}, token=county["li"]["token"])
    assert nil.status == 201

    entries = _page(api)
    owner = "县双拥办（管理员令牌）"
    report = (
        "八一走访慰问驻军（县司法局）",
        {"view": "review", "month": MONTH, "unit_id": "sifaju", "report_id": report_id},
    )
    assert _shown(entries) == [
        (
            "报送本月无活动",
            [],
            "李四（县教育局）",
            "填报员",
            "本月无活动",
            "县教育局 2026年8月",
            {"view": "review", "month": MONTH, "unit_id": "jiaoyuju"},
        ),
        ("删除草稿问卷", [], "张三（县司法局）", "填报员", "问卷", "问卷（已删除）", None),
        ("新建问卷", [], "张三（县司法局）", "填报员", "问卷", "问卷（已删除）", None),
        (
            "修改年度总结中的文字",
            ["下一步工作打算", "存在的问题"],
            owner,
            "管理员",
            "年度总结中县双拥办撰写的内容",
            "2026年度工作总结",
            {"view": "plan", "year": "2026"},
        ),
        ("重新开放月份", [], owner, "管理员", "月份", "2026年7月", {"view": "months", "month": "2026-07"}),
        ("锁定月份", [], owner, "管理员", "月份", "2026年7月", {"view": "months", "month": "2026-07"}),
        (
            "修改节日与纪念日日历",
            ["节日与纪念日"],
            owner,
            "管理员",
            "设置",
            "节日与纪念日日历",
            {"view": "settings", "form": "campaigns"},
        ),
        (
            "修改催报提醒设置",
            ["县双拥办收件邮箱"],
            owner,
            "管理员",
            "设置",
            "催报提醒设置",
            {"view": "settings", "form": "reminders"},
        ),
        (
            "修改截止日、锁定日与汇总口径",
            ["汇总计入的报告"],
            owner,
            "管理员",
            "设置",
            "截止日、锁定日与汇总口径",
            {"view": "settings", "form": "calendar"},
        ),
        ("审核通过活动报告", ["审核状态"], "王审核", "审核员", "活动报告", *report),
        ("修改活动报告", ["参加人数", "审核状态"], "张三（县司法局）", "填报员", "活动报告", *report),
        ("退回活动报告修改", ["审核状态"], "王审核", "审核员", "活动报告", *report),
        ("提交活动报告", [], "张三（县司法局）", "填报员", "活动报告", *report),
    ]
    for entry in entries:
        words = [entry["action_label"], *entry["field_labels"], entry["person"], entry["record_kind_label"]]
        assert not [w for w in [*words, entry["record_name"], entry["role_label"]] if CODE.search(w)], entry
    # the codes stay beside the words, for filters and links
    assert (entries[-1]["action"], entries[-1]["record_kind"]) == ("report.submitted", "report")


def test_names_are_looked_up_when_read_so_a_renamed_record_reads_as_it_is_now(
    api: Api, county: dict[str, Any], clock: SettableClock
) -> None:
    assert api.put("/units/sifaju", {"name": "县司法局（法律援助中心）"}).status == 200
    task = {"heading": "法律拥军", "title": "送法进军营", "unit_ids": ["sifaju"], "window": "8月"}
    made = api.post("/plans/2026/tasks", task).json
    renamed = {**task, "title": "开展送法进军营活动", "version": 1}
    assert api.put(f"/plans/2026/tasks/{made['task_id']}", renamed).status == 200
    assert api.delete(f"/reporters/{county['zhang']['reporter_id']}").status == 200
    entries = _page(api)
    assert _shown(entries) == [
        (
            "停用填报员链接",
            [],
            "县双拥办（管理员令牌）",
            "管理员",
            "填报员链接",
            "张三（县司法局（法律援助中心））",
            {"view": "units", "unit_id": "sifaju"},
        ),
        (
            "修改计划任务",
            ["任务"],
            "县双拥办（管理员令牌）",
            "管理员",
            "计划任务",
            "开展送法进军营活动",
            {"view": "plan", "year": "2026", "task_id": made["task_id"]},
        ),
        (
            "新建计划任务",
            [],
            "县双拥办（管理员令牌）",
            "管理员",
            "计划任务",
            "开展送法进军营活动",
            {"view": "plan", "year": "2026", "task_id": made["task_id"]},
        ),
        (
            "修改成员单位",
            ["单位名称"],
            "县双拥办（管理员令牌）",
            "管理员",
            "成员单位",
            "县司法局（法律援助中心）",
            {"view": "units", "unit_id": "sifaju"},
        ),
    ]
    july = api.get("/audit?month=2026-07&limit=100").json["items"]
    assert [(e["action_label"], e["record_name"]) for e in july] == [
        ("登记工作人员", "王审核"),
        ("签发填报员链接", "李四（县教育局）"),
        ("签发填报员链接", "张三（县司法局（法律援助中心））"),
        ("新建成员单位", "县教育局"),
        ("新建成员单位", "县司法局（法律援助中心）"),
    ]
    assert july[0]["opens"] == {"view": "staff", "staff_id": county["wang"]["staff_id"]}
    report_id = api.post("/reports", report_body(unit_id="jiaoyuju")).json["report_id"]
    assert api.delete(f"/reports/{report_id}").status == 200
    withdrawn, submitted = _page(api)[:2]
    assert (withdrawn["action_label"], submitted["action_label"]) == ("撤回活动报告", "提交活动报告")
    assert (withdrawn["record_name"], withdrawn["opens"]) == ("八一走访慰问驻军（县教育局）（已撤回）", None)


def test_a_review_stored_before_approve_and_return_were_told_apart_still_reads(
    api: Api, ctx: Context, county: dict[str, Any]
) -> None:
    report_id = api.post("/reports", report_body(), token=county["zhang"]["token"]).json["report_id"]
    reviewer = Principal(Role.REVIEWER, county["wang"]["staff_id"], name="王审核")
    at = "2026-08-20T10:00:00+08:00"
    ctx.store.table.transact([audit.step(ctx, reviewer, "report.reviewed", f"report:{report_id}", at, ["review"])])
    (older, _submitted) = _page(api)
    assert (older["action_label"], older["field_labels"], older["person"]) == ("审核活动报告", ["审核状态"], "王审核")


def test_the_filters_offer_people_by_name_and_kinds_of_record(api: Api, county: dict[str, Any]) -> None:
    zhang = county["zhang"]
    assert api.post("/reports", report_body(), token=zhang["token"]).status == 201
    assert api.post("/reports", report_body(), token=zhang["token"]).status == 201
    assert api.put("/settings", {"count": "approved"}).status == 200
    assert api.put("/reminders/settings", {"county_emails": ["ban@example.cn"]}).status == 200
    staff = api.post("/staff", {"name": "孙管理", "role": "admin"}).json
    assert api.put("/units/jiaoyuju", {"active": False}, token=staff["token"]).status == 200

    filters = api.get(f"/audit/filters?month={MONTH}")
    assert filters.status == 200, filters.body
    assert filters.json["people"] == [
        {"actor": "admin", "person": "县双拥办（管理员令牌）", "role": "admin", "role_label": "管理员"},
        {"actor": staff["staff_id"], "person": "孙管理", "role": "admin", "role_label": "管理员"},
        {"actor": zhang["reporter_id"], "person": "张三（县司法局）", "role": "reporter", "role_label": "填报员"},
    ]
    kinds = {k["kind"]: k["label"] for k in filters.json["kinds"]}
    assert kinds["report"] == "活动报告" and kinds["settings"] == "设置" and kinds["unit"] == "成员单位"
    assert len(kinds) == 19 and not [label for label in kinds.values() if CODE.search(label)]

    assert [e["action_label"] for e in _page(api, "&kind=settings")] == [
        "修改催报提醒设置",
        "修改截止日、锁定日与汇总口径",
    ]
    assert [e["action_label"] for e in _page(api, f"&actor={zhang['reporter_id']}")] == ["提交活动报告"] * 2
    assert [e["person"] for e in _page(api, f"&actor={staff['staff_id']}&kind=unit")] == ["孙管理"]
    assert _page(api, "&kind=plan") == []
    refused = api.get(f"/audit?month={MONTH}&kind=nonsense")
    assert (refused.status, refused.json["message"]) == (400, "记录类别不存在，请从列表中选择")
    assert api.get("/audit/filters?month=2026-13").status == 400
    assert api.get("/audit/filters?month=2026-09").json["people"] == []


def test_a_page_is_named_in_two_batch_reads_whatever_its_number_of_reports(
    api: Api, ctx: Context, county: dict[str, Any]
) -> None:
    calls = DynamoCalls(ctx.store.table.resource.meta.client)
    reporters = (county["zhang"]["token"], county["li"]["token"])
    for count in (4, 40):
        for n in range(count // 2):
            for token in reporters:
                assert api.post("/reports", report_body(title=f"活动{n}"), token=token).status == 201
        calls.take()
        entries = _page(api)
        # the page's Query, then its reports and reporters at once, then their units at once
        assert calls.take() == ["Query", "BatchGetItem", "BatchGetItem"]
        assert {e["person"] for e in entries} == {"张三（县司法局）", "李四（县教育局）"}
    assert len(entries) == 44


def test_every_action_written_and_every_field_a_form_changes_has_its_label() -> None:
    """The table against what the app writes: each write route's action (test_audit.ACTIONS, by hand) and the
    returns', and each field of the forms whose edits the trail names."""
    written = set(ACTIONS.values()) | {"report.returned", "collection.returned"}
    assert sorted(written - set(labels.ACTIONS)) == []
    forms = {
        "report": [*CONTENT_FIELDS, "review"],
        "unit": list(UnitForm.model_fields),
        "agreement": [*AgreementForm.model_fields, "documents"],
        "survey": [*SurveyForm.model_fields, "version"],
        "plan_task": list(PlanTaskForm.model_fields),
        "profile": list(CountyFacts.model_fields),
        "summary_notes": list(SummaryNotesText.model_fields),
        "unit_summary_notes": list(SummaryNotesText.model_fields),
        "collection_unit": ["state"],  # a review's entry names the state it set
        "settings": [
            *SettingsForm.model_fields,
            *ReminderSettingsForm.model_fields,
            *CampaignCalendarForm.model_fields,
        ],
    }
    unlabelled = [(kind, f) for kind, names in forms.items() for f in names if f not in labels.KINDS[kind].fields]
    assert unlabelled == []
