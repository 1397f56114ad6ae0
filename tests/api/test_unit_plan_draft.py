"""A member unit's 双拥工作要点 draft (POST /units/{unit_id}/plans/{year}/draft), downloaded and read back with
python-docx: its items from the county's tasks of the year (牵头 or 配合) and from the unit's reports of the
year before that no task expects; a unit without tasks says so; a reporter drafts its own unit's only. And the
plan's tasks keeping their lead units: from the API, from the 任务分解表's columns and marks, in the template."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
import requests
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from chalicelib.context import Context
from chalicelib.db import keys
from tests.conftest import ADMIN_TOKEN, Api, SettableClock
from tests.helpers.plans import xlsx
from tests.helpers.summaries import submit

LECTURE = {"attendees": 120, "materials": 300, "consultations": 18}
AID = {"cases": 1, "beneficiaries": 2, "recovered_yuan": 5000}
VISIT = {"target": "troops", "households": 1, "persons": 10, "funds_yuan": 2000}
MEDIATION = {"disputes": 2, "resolved": 1}
EDUCATION = {"attendees": 300, "sessions": 1}

OPENING = (
    "2027年，我局将坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻习近平强军思想，认真落实县委、县政府和"
    "县双拥办关于双拥工作的部署要求，结合我局实际，制定2027年双拥工作要点如下："
)


def task(title: str, heading: str, units: list[str], window: str, **fields: Any) -> dict[str, Any]:
    return {"heading": heading, "title": title, "unit_ids": units, "window": window, **fields}


@pytest.fixture
def county(api: Api, clock: SettableClock) -> None:
    """2027's plan gives 县司法局 three tasks (one it leads, one it joins, one alone with no lead named) and
    县退役军人事务局 one more; 2026's reports of 县司法局: 3 lectures and a visit (expected by its tasks), 2 legal
    aids, 2 mediations (one returned), 1 国防教育; 2025's legal aid and 县教育局's 国防教育 are not its 2026."""
    clock.set("2026-12-20T10:00:00")
    for unit_id, name in [
        ("sifaju", "县司法局"),
        ("minzhengju", "县退役军人事务局"),
        ("jiaoyuju", "县教育局"),
        ("fayuan", "县人民法院"),
    ]:
        api.unit(unit_id, name)
    tasks = [
        task(
            "开展法治宣传进军营活动",
            "法律拥军",
            ["sifaju", "jiaoyuju"],
            "八一期间",
            lead_unit_ids=["sifaju"],
            activity_types=["legal_lecture"],
            target={"figure": "reports", "value": 2},
        ),
        task(
            "八一走访慰问驻区部队",
            "拥军优属",
            ["minzhengju", "sifaju"],
            "八一前后",
            lead_unit_ids=["minzhengju"],
            activity_types=["visit"],
        ),
        task("召开双拥工作领导小组会议。", "组织领导", ["sifaju"], "每季度", activity_types=["organisation"]),
        task("退役军人就业培训", "退役军人服务", ["minzhengju"], "4月下旬至5月", lead_unit_ids=["minzhengju"]),
    ]
    for body in tasks:
        made = api.post("/plans/2027/tasks", body)
        assert made.status == 201, made.body

    def report(unit_id: str, activity_type: str, metrics: dict[str, Any], day: str) -> dict[str, Any]:
        return submit(api, ADMIN_TOKEN, activity_type, metrics, unit_id=unit_id, occurred_on=day)

    for day in ("2026-03-10", "2026-07-28", "2026-11-02"):
        report("sifaju", "legal_lecture", LECTURE, day)
    report("sifaju", "visit", VISIT, "2026-07-30")
    report("sifaju", "legal_aid", AID, "2026-04-01")
    report("sifaju", "legal_aid", AID, "2026-10-15")
    report("sifaju", "mediation", MEDIATION, "2026-05-06")
    returned = report("sifaju", "mediation", MEDIATION, "2026-06-06")
    review = {"decision": "return", "comment": "调解成功件数有误", "version": returned["version"]}
    assert api.post(f"/reports/{returned['report_id']}/review", review).status == 200
    report("sifaju", "defense_education", EDUCATION, "2026-09-19")
    report("sifaju", "legal_aid", AID, "2025-12-31")  # the year before last
    report("jiaoyuju", "defense_education", EDUCATION, "2026-09-19")  # another unit's
    report("fayuan", "court_case", {"cases": 3, "concluded": 2}, "2026-05-20")


def opened(api: Api, unit_id: str, year: str, token: str = ADMIN_TOKEN) -> Any:
    """The draft's link followed, the file opened."""
    answer = api.post(f"/units/{unit_id}/plans/{year}/draft", token=token)
    assert answer.status == 200, answer.body
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert answer.json["content_type"] == docx_type and answer.json["expires_in"] == 900
    got = requests.get(answer.json["url"], timeout=10)
    assert got.status_code == 200
    return Document(io.BytesIO(got.content))


def draft(api: Api, unit_id: str, year: str, token: str = ADMIN_TOKEN) -> list[str]:
    """The draft's paragraphs' text."""
    return [p.text for p in opened(api, unit_id, year, token).paragraphs]


def test_a_units_draft_lists_its_tasks_lead_or_joined_then_what_it_did_last_year_that_no_task_expects(
    api: Api, county: None
) -> None:
    reporter = api.reporter("sifaju")
    answer = api.post("/units/sifaju/plans/2027/draft", token=reporter)
    assert answer.json["filename"] == "县司法局2027年双拥工作要点-草稿.docx"
    assert draft(api, "sifaju", "2027", reporter) == [
        "县司法局2027年双拥工作要点（草稿）",
        "（据2027年任务分解表和本单位2026年填报的双拥活动生成，请修改完善）",
        OPENING,
        "一、强化组织领导，完善双拥工作机制",
        "1.召开双拥工作领导小组会议。由我局负责；时间：每季度。",
        "二、加强宣传教育，营造浓厚双拥氛围",
        "1.继续开展国防教育活动，全年不少于1次。",
        "三、发挥职能作用，服务部队建设和军人军属",
        "1.八一走访慰问驻区部队。由县退役军人事务局牵头，我局配合；时间：八一前后。",
        "2.开展法治宣传进军营活动。由我局牵头，县教育局配合；时间：八一期间；目标：活动2次。",
        "3.继续开展军人军属法律援助，全年不少于2次。",
        "4.继续开展涉军矛盾纠纷排查调处，全年不少于1次。",  # the returned one does not count
    ]
    document = opened(api, "sifaju", "2027")  # GB/T 9704: A4, top margin 37 mm, the title in 二号, 一、 in 黑体
    [section] = document.sections
    assert (round(section.page_width.mm), round(section.top_margin.mm)) == (210, 37)
    assert document.paragraphs[0].runs[0].font.size.pt == 22
    assert document.paragraphs[3].runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"


def test_when_only_approved_reports_count_the_draft_counts_only_those(api: Api, county: None) -> None:
    assert api.put("/settings", {"count": "approved"}).status == 200
    [aid] = api.get("/reports?month=2026-04&unit_id=sifaju").json["items"]
    approved = api.post(f"/reports/{aid['report_id']}/review", {"decision": "approve", "version": aid["version"]})
    assert approved.status == 200, approved.body
    assert draft(api, "sifaju", "2027")[3:] == [
        "一、强化组织领导，完善双拥工作机制",
        "1.召开双拥工作领导小组会议。由我局负责；时间：每季度。",
        "二、发挥职能作用，服务部队建设和军人军属",
        "1.八一走访慰问驻区部队。由县退役军人事务局牵头，我局配合；时间：八一前后。",
        "2.开展法治宣传进军营活动。由我局牵头，县教育局配合；时间：八一期间；目标：活动2次。",
        "3.继续开展军人军属法律援助，全年不少于1次。",
    ]


def test_a_unit_without_tasks_in_the_plan_drafts_from_last_year_alone_and_says_so(api: Api, county: None) -> None:
    assert draft(api, "fayuan", "2027") == [
        "县人民法院2027年双拥工作要点（草稿）",
        "（据2027年任务分解表和本单位2026年填报的双拥活动生成，请修改完善）",
        OPENING.replace("我局", "我院"),
        "2027年任务分解表中暂无我院承担的任务，以下各项依据我院2026年填报的双拥活动拟定，待任务下达后补充完善。",
        "一、发挥职能作用，服务部队建设和军人军属",
        "1.继续依法办理涉军案件，全年不少于1次。",
    ]
    # no plan for 2028 at all, and nothing reported in 2027: no item is made up
    assert draft(api, "sifaju", "2028")[3:] == [
        "2028年任务分解表尚未下达，我局2027年填报的双拥活动中没有可列入的事项，待任务下达后补充完善。"
    ]


def test_a_reporter_drafts_only_its_own_unit(api: Api, county: None) -> None:
    reporter = api.reporter("sifaju")
    other = api.post("/units/jiaoyuju/plans/2027/draft", token=reporter)
    assert (other.status, other.json["message"]) == (404, "未找到该单位")
    assert api.post("/units/nosuch/plans/2027/draft").status == 404
    bad_year = api.post("/units/sifaju/plans/27/draft")
    assert (bad_year.status, bad_year.json["message"]) == (400, "年份应为四位数字，如 2026")


# --- the tasks' lead units --------------------------------------------------------------------


def test_lead_units_are_some_of_the_tasks_units_and_an_edit_that_omits_them_keeps_them(api: Api) -> None:
    api.unit("sifaju", "县司法局")
    api.unit("jiaoyuju", "县教育局")
    body = task("送法进军营", "法律拥军", ["sifaju"], "8月", lead_unit_ids=["jiaoyuju"])
    refused = api.post("/plans/2026/tasks", body)
    assert refused.status == 400
    assert refused.json["errors"] == [
        {"field": "lead_unit_ids", "message": "牵头单位须是责任单位之一：jiaoyuju不在责任单位中"}
    ]
    assert api.get("/plans/2026").json["tasks"] == []
    made = api.post("/plans/2026/tasks", {**body, "unit_ids": ["sifaju", "jiaoyuju"]}).json
    assert made["lead_unit_ids"] == ["jiaoyuju"]
    edited = api.put(f"/plans/2026/tasks/{made['task_id']}", {**body, "unit_ids": ["jiaoyuju"], "version": 1})
    assert edited.status == 200, edited.body
    assert (edited.json["unit_ids"], edited.json["lead_unit_ids"]) == (["jiaoyuju"], ["jiaoyuju"])
    body.pop("lead_unit_ids")
    edited = api.put(f"/plans/2026/tasks/{made['task_id']}", {**body, "unit_ids": ["sifaju"], "version": 2})
    assert edited.json["lead_unit_ids"] == []  # the lead is no longer among its units
    cleared = api.put(f"/plans/2026/tasks/{made['task_id']}", {**body, "lead_unit_ids": ["sifaju"], "version": 3})
    assert cleared.json["lead_unit_ids"] == ["sifaju"]


def test_a_task_stored_before_lead_units_reads_with_none_and_its_row_imported_again_changes_nothing(
    api: Api, ctx: Context
) -> None:
    api.unit("sifaju", "县司法局")
    made = api.post("/plans/2026/tasks", task("法律援助", "法律拥军", ["sifaju"], "全年")).json
    key = keys.plan_task(2026, made["task_id"])
    ctx.store.table.update(key, UpdateExpression="REMOVE lead_unit_ids")
    assert "lead_unit_ids" not in (ctx.store.table.get(key) or {})
    assert api.get(f"/plans/2026/tasks/{made['task_id']}").json["lead_unit_ids"] == []
    imported = api.post("/plans/2026/import", {"file": xlsx([["法律拥军", "法律援助", "县司法局", "全年"]])})
    assert (imported.json["unchanged"], imported.json["updated"]) == (1, 0)


def test_the_import_reads_leads_from_a_lead_column_beside_joins_and_from_marks_in_a_cell(api: Api) -> None:
    for unit_id, name in [("sifaju", "县司法局"), ("minzhengju", "县退役军人事务局"), ("jiaoyuju", "县教育局")]:
        api.unit(unit_id, name)
    rows = [
        ["法律拥军", "送法进军营", "县司法局", "县教育局", "8月"],
        ["拥军优属", "八一走访", None, "县退役军人事务局、县司法局", "八一前后"],
    ]
    imported = api.post("/plans/2026/import", {"file": xlsx(rows, ["分类", "任务", "牵头单位", "配合单位", "时间"])})
    assert imported.status == 200, imported.body
    got = [(t["title"], t["unit_ids"], t["lead_unit_ids"]) for t in imported.json["tasks"]]
    assert got == [
        ("送法进军营", ["sifaju", "jiaoyuju"], ["sifaju"]),
        ("八一走访", ["minzhengju", "sifaju"], []),
    ]
    # 责任单位 beside 配合单位 names the leads; a single 责任单位 column leads only where a name is marked
    beside = [["法律拥军", "法律援助", "县司法局", "县教育局", "全年"]]
    imported = api.post("/plans/2027/import", {"file": xlsx(beside, ["分类", "任务", "责任单位", "配合单位", "时间"])})
    assert [t["lead_unit_ids"] for t in imported.json["tasks"]] == [["sifaju"]]
    marked = [["拥军优属", "春节走访", "县退役军人事务局（牵头）、县司法局、县教育局配合", "全年"]]
    imported = api.post("/plans/2028/import", {"file": xlsx(marked, ["分类", "任务", "责任单位", "时间"])})
    [shown] = imported.json["tasks"]
    assert (shown["unit_ids"], shown["lead_unit_ids"]) == (["minzhengju", "sifaju", "jiaoyuju"], ["minzhengju"])
    unmarked = [["拥军优属", "春节走访", "县退役军人事务局、县司法局", "全年"]]
    imported = api.post("/plans/2029/import", {"file": xlsx(unmarked, ["分类", "任务", "责任单位", "时间"])})
    assert [t["lead_unit_ids"] for t in imported.json["tasks"]] == [[]]


def test_the_template_has_a_lead_and_a_join_column_and_its_example_imports_with_its_lead(api: Api) -> None:
    api.unit("sifaju", "县司法局")
    api.unit("jiaoyuju", "县教育局")
    link = api.get("/plans/2026/template.xlsx").json
    content = requests.get(link["url"], timeout=10).content
    rows = [list(r) for r in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True)]
    assert rows[0] == ["分类", "任务", "牵头单位", "配合单位", "时间", "活动类型", "目标", "工作领域"]
    assert rows[1][2:4] == ["县司法局", "县教育局"]  # the county's first two units by name (司 U+53F8, 教 U+6559)
    imported = api.post("/plans/2026/import", {"file": base64.b64encode(content).decode()})
    [shown] = imported.json["tasks"]
    assert (shown["unit_ids"], shown["lead_unit_ids"]) == (["sifaju", "jiaoyuju"], ["sifaju"])
