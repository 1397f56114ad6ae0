"""The 任务分解表 imported from Excel: taken whole, or refused with every bad row named and nothing stored."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

import pytest

from chalicelib.context import Context
from tests.conftest import Api, SettableClock, report_body
from tests.helpers.plans import xlsx

YEAR = "2026"

GOOD = [
    ["一、组织领导", None, None, None, None, None],  # a row that only starts a heading
    [None, "召开双拥工作领导小组会议", "县退役军人事务局", "3月", "其他", None],
    ["二、法律拥军", "开展送法进军营活动", "县司法局", "4月下旬至5月", "法治宣传进军营", "4次"],
    [None, "军人军属法律援助", "sifaju、fayuan", "全年", "军人军属法律援助", "受理援助案件10件"],
    ["三、拥军优属", "八一走访慰问驻区部队", "县退役军人事务局", "八一前后", "走访慰问", "走访户数16户"],
    [None, "春节走访慰问", "县退役军人事务局", "春节前", "visit", "慰问金6.2万元"],
    [None, "国防教育日集中宣传", "县教育局，县司法局", datetime(2026, 9, 19), "国防教育、双拥宣传", None],
]


# A real implementation plan's 任务分解表: its own column names, a 序号 column holding the areas (一、),
# lower headings (（一）) and an unnumbered 项目 in the 项目 column, two unit columns, and its time phrases.
REAL_HEADER = ["序号", "项目", "活动内容", "责任单位", "配合单位", "宣传时间", "类型"]
REAL_PLAN = [
    ["一、组织领导", None, None, None, None, None, None],
    [1, None, "召开双拥工作领导小组会议", "县退役军人事务局", None, "年初", None],
    [2, None, "县委常委会专题研究双拥工作", "县退役军人事务局", None, "每年3月", None],
    ["二、宣传教育", None, None, None, None, None, None],
    [3, "（一）双拥宣传月", "开展双拥宣传月活动", "县委宣传部", "县教育局", "(7月20至8月20日)", "双拥宣传"],
    [4, None, "制作播出双拥专题新闻", "县委宣传部", None, "每季度", "双拥宣传"],
    [5, "（二）国防教育", "全民国防教育日集中宣传", "县教育局", None, "9月_日", "国防教育"],
    ["三、拥军优属", None, None, None, None, None, None],
    [6, None, "召开驻县部队座谈会", "县退役军人事务局", None, "每年", "座谈会、茶话会"],
    [7, None, "年终走访慰问", "县退役军人事务局", None, "年终", "走访慰问"],
    ["四、法律拥军", None, None, None, None, None, None],
    [8, None, "军人军属法律援助", "县司法局", "县人民法院", "全年", "军人军属法律援助"],
    [9, "送法进军营", "法治讲座进军营", "县司法局", None, "5月_日", None],
]


@pytest.fixture
def county(api: Api) -> None:
    for unit_id, name in [
        ("sifaju", "县司法局"),
        ("minzhengju", "县退役军人事务局"),
        ("jiaoyuju", "县教育局"),
        ("fayuan", "县人民法院"),
        ("xuanchuanbu", "县委宣传部"),
    ]:
        api.unit(unit_id, name)


def test_a_task_table_is_imported_whole(api: Api, county: None) -> None:
    answer = api.post(f"/plans/{YEAR}/import", {"file": xlsx(GOOD), "filename": "任务分解表.xlsx"})
    assert answer.status == 200, answer.body
    assert (answer.json["created"], answer.json["updated"], answer.json["unchanged"]) == (6, 0, 0)
    tasks = {t["title"]: t for t in api.get(f"/plans/{YEAR}").json["tasks"]}
    assert list(tasks) == [
        "召开双拥工作领导小组会议",
        "开展送法进军营活动",
        "军人军属法律援助",
        "八一走访慰问驻区部队",
        "春节走访慰问",
        "国防教育日集中宣传",
    ]
    meeting = tasks["召开双拥工作领导小组会议"]
    assert meeting["heading"] == "组织领导" and meeting["unit_ids"] == ["minzhengju"]
    assert meeting["activity_types"] == ["other"] and meeting["target"] is None
    lectures = tasks["开展送法进军营活动"]
    assert lectures["heading"] == "法律拥军"
    assert lectures["window"] == {"from": "2026-04-21", "to": "2026-05-31", "text": "4月下旬至5月"}
    assert lectures["target"] == {"figure": "reports", "value": 4, "label": "活动4次"}
    aid = tasks["军人军属法律援助"]
    assert aid["heading"] == "法律拥军" and aid["unit_ids"] == ["sifaju", "fayuan"]  # merged 分类 cells
    assert aid["target"]["label"] == "受理援助案件10件"
    assert tasks["八一走访慰问驻区部队"]["window"]["from"] == "2026-07-25"
    spring = tasks["春节走访慰问"]
    assert spring["target"]["figure"] == "funds_yuan" and spring["target"]["label"] == "慰问金62000元"
    day = tasks["国防教育日集中宣传"]
    assert day["window"] == {"from": "2026-09-19", "to": "2026-09-19", "text": "9月19日"}
    assert day["activity_types"] == ["defense_education", "publicity"]
    assert day["unit_ids"] == ["jiaoyuju", "sifaju"]


def test_a_real_plans_table_is_read_with_its_columns_headings_and_phrases(api: Api, county: None) -> None:
    answer = api.post(f"/plans/{YEAR}/import", {"file": xlsx(REAL_PLAN, header=REAL_HEADER)})
    assert answer.status == 200, answer.body
    assert answer.json["created"] == 9
    tasks = api.get(f"/plans/{YEAR}").json["tasks"]
    assert [
        (
            t["area"],
            t["heading"],
            t["title"],
            t["unit_ids"],
            t["window"]["from"],
            t["window"]["to"],
            t["activity_types"],
        )
        for t in tasks
    ] == [
        ("organisation", "组织领导", "召开双拥工作领导小组会议", ["minzhengju"], "2026-01-01", "2026-02-28", []),
        ("organisation", "组织领导", "县委常委会专题研究双拥工作", ["minzhengju"], "2026-03-01", "2026-03-31", []),
        (
            "publicity",
            "双拥宣传月",
            "开展双拥宣传月活动",
            ["xuanchuanbu", "jiaoyuju"],
            "2026-07-20",
            "2026-08-20",
            ["publicity"],
        ),
        ("publicity", "双拥宣传月", "制作播出双拥专题新闻", ["xuanchuanbu"], "2026-01-01", "2026-12-31", ["publicity"]),
        (
            "publicity",
            "国防教育",
            "全民国防教育日集中宣传",
            ["jiaoyuju"],
            "2026-09-01",
            "2026-09-30",
            ["defense_education"],
        ),
        ("support", "拥军优属", "召开驻县部队座谈会", ["minzhengju"], "2026-01-01", "2026-12-31", ["symposium"]),
        ("support", "拥军优属", "年终走访慰问", ["minzhengju"], "2026-12-01", "2026-12-31", ["visit"]),
        ("legal", "法律拥军", "军人军属法律援助", ["sifaju", "fayuan"], "2026-01-01", "2026-12-31", ["legal_aid"]),
        ("legal", "送法进军营", "法治讲座进军营", ["sifaju"], "2026-05-01", "2026-05-31", []),
    ]
    news = tasks[3]
    assert news["window"]["text"] == "每季度" and len(news["window"]["parts"]) == 4
    assert tasks[2]["window"]["text"] == "(7月20至8月20日)"


def test_a_tasks_area_is_the_offices_choice_or_read_from_its_heading(api: Api, county: None) -> None:
    body = {"heading": "双拥展示月", "title": "拥军演出", "unit_ids": ["xuanchuanbu"], "window": "8月"}
    assert api.post(f"/plans/{YEAR}/tasks", body).json["area"] == "other"  # neither the words nor a type say
    body = {**body, "title": "送法进军营演出", "activity_types": ["legal_lecture"]}
    assert api.post(f"/plans/{YEAR}/tasks", body).json["area"] == "legal"  # its type's area
    body = {**body, "title": "拥军优属演出", "heading": "拥军优属"}
    assert api.post(f"/plans/{YEAR}/tasks", body).json["area"] == "support"  # its heading's words come first
    chosen = api.post(f"/plans/{YEAR}/tasks", {**body, "title": "军地联欢", "area": "co_building"}).json
    assert chosen["area"] == "co_building"
    refused = api.post(f"/plans/{YEAR}/tasks", {**body, "title": "另一项", "area": "宣传"})
    assert refused.status == 400 and "area" in refused.error_fields()


def test_importing_the_file_again_changes_nothing_and_a_changed_row_updates_its_task(api: Api, county: None) -> None:
    assert api.post(f"/plans/{YEAR}/import", {"file": xlsx(GOOD)}).status == 200
    again = api.post(f"/plans/{YEAR}/import", {"file": xlsx(GOOD)}).json
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 6)
    changed = [list(row) for row in GOOD]
    changed[2][3] = "5月"
    changed.append(["三、拥军优属", "烈士纪念日祭扫", "县退役军人事务局", "9月30日", "其他", None])
    answer = api.post(f"/plans/{YEAR}/import", {"file": xlsx(changed)}).json
    assert (answer["created"], answer["updated"], answer["unchanged"]) == (1, 1, 5)
    tasks = {t["title"]: t for t in api.get(f"/plans/{YEAR}").json["tasks"]}
    assert tasks["开展送法进军营活动"]["window"]["text"] == "5月" and tasks["开展送法进军营活动"]["version"] == 2
    assert len(tasks) == 7


def test_a_file_with_bad_rows_is_refused_with_every_bad_row_named_and_nothing_stored(
    api: Api, ctx: Context, county: None
) -> None:
    rows = [
        ["一、组织领导", "召开双拥工作领导小组会议", "县退役军人事务局", "3月", None, None],  # row 3: good
        [None, "开展送法进军营活动", "县司法局、县财政局", "4月下旬至5月", "法治宣传进军营", "4次"],  # 4: unknown unit
        [None, "走访慰问", "县退役军人事务局", "上旬", "走访慰问", None],  # 5: a part of a month without the month
        [None, "国防教育", "县教育局", "9月", "国防课", "很多"],  # 6: unknown type, unreadable target
        [None, None, "县教育局", "9月", None, None],  # 7: no task
        [None, "召开双拥工作领导小组会议", "县退役军人事务局", "4月", None, None],  # 8: repeats row 3
        [None, "法律援助", "县司法局", "2025年5月", "军人军属法律援助", "挽回经济损失1万元"],  # 9: another year
    ]
    answer = api.post(f"/plans/{YEAR}/import", {"file": xlsx(rows)})
    assert answer.status == 400
    assert answer.json["message"] == "任务分解表有6行有误，未导入任何任务"
    fields = answer.error_fields()
    assert fields == {
        "rows.4.unit_ids": "第4行：不认识的单位“县财政局”（应为已登记单位的名称或编号）",
        "rows.5.window": "第5行：“上旬”须写明月份，如“4月上旬”",
        "rows.6.activity_types": "第6行：不认识的活动类型“国防课”",
        "rows.6.target": fields["rows.6.target"],
        "rows.7.title": "第7行：必填项，请填写",
        "rows.8.title": "第8行：与第3行的任务重复",
        "rows.9.window": "第9行：时间“2025年5月”不在2026年内；一项任务只属于一个年度",
    }
    assert fields["rows.6.target"].startswith("第6行：无法识别目标“很多”")
    assert api.get(f"/plans/{YEAR}").json["tasks"] == []
    assert ctx.store.plans.of_year(2026) == ([], [])


def test_a_changed_row_may_not_drop_a_unit_whose_reports_are_linked(api: Api, county: None) -> None:
    assert api.post(f"/plans/{YEAR}/import", {"file": xlsx(GOOD)}).status == 200
    tasks = {t["title"]: t for t in api.get(f"/plans/{YEAR}").json["tasks"]}
    token = api.reporter("fayuan")
    body = report_body("legal_aid", plan_task_id=tasks["军人军属法律援助"]["task_id"])
    body["metrics"] = {"cases": 1, "beneficiaries": 1, "recovered_yuan": 0}
    assert api.post("/reports", body, token=token).status == 201
    changed = [list(row) for row in GOOD]
    changed[3][2] = "县司法局"
    answer = api.post(f"/plans/{YEAR}/import", {"file": xlsx(changed)})
    assert answer.status == 400
    assert answer.error_fields() == {"rows.6.unit_ids": "县人民法院已有报告关联此任务，不能从责任单位中去掉"}
    assert api.get(f"/plans/{YEAR}").json["tasks"][2]["unit_ids"] == ["sifaju", "fayuan"]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"file": "not base64!"}, "file", "文件应为 base64 编码"),
        ({"file": base64.b64encode(b"plain text, not a workbook").decode()}, "file", "不是有效的 Excel 文件（.xlsx）"),
        ({"file": xlsx([["a", "b", "c"]], header=["甲", "乙", "丙"])}, "file", "前10行中找不到表头"),
        ({"file": xlsx([])}, "file", "表中没有任务"),
        (
            {"file": xlsx([[None, f"任务{i}", "县司法局", "5月", None, None] for i in range(81)])},
            "file",
            "最多导入80项",
        ),
        ({}, "file", "必填项"),
    ],
)
def test_a_file_that_is_not_a_task_table_is_refused(
    api: Api, county: None, body: dict[str, Any], field: str, message: str
) -> None:
    answer = api.post(f"/plans/{YEAR}/import", body)
    assert answer.status == 400, answer.body
    assert message in answer.error_fields()[field]


def test_an_oversized_file_is_refused_before_it_is_read(api: Api, county: None) -> None:
    answer = api.post(f"/plans/{YEAR}/import", {"file": "A" * 1_600_000})
    assert answer.status == 413
    answer = api.post(f"/plans/{YEAR}/import", {"file": base64.b64encode(b"x" * 1_100_000).decode()})
    assert answer.status in (400, 413)


# The festival rows of a real plan, their windows by the default campaign calendar counted by hand: 春节
# 2026年2月17日, 30 days before to 15 after (1月18日–3月4日); 八一 15 days before to 7 after (7月17日–8月8日);
# 征兵 from 2月15日 and from 8月15日, 46 days each (2月15日–4月2日, 8月15日–9月30日).
FESTIVAL_PLAN = [
    ["三、拥军优属", None, None, None, None, None, None],
    [1, None, "春节走访慰问驻县部队", "县退役军人事务局", None, "春节期间", "走访慰问"],
    [2, None, "八一走访慰问驻县部队", "县退役军人事务局", None, "“八一”期间", "走访慰问"],
    [3, None, "走访慰问新入伍士兵家庭", "县退役军人事务局", None, "征兵期间", "走访慰问"],
    [4, None, "两节走访慰问优抚对象", "县退役军人事务局", None, "两节期间", "走访慰问"],
    [5, None, "节日期间走访慰问驻县部队", "县退役军人事务局", None, "春节、八一和征兵期间", "走访慰问"],
]


def test_festival_rows_read_the_campaign_calendars_windows(api: Api, clock: SettableClock, county: None) -> None:
    answer = api.post(f"/plans/{YEAR}/import", {"file": xlsx(FESTIVAL_PLAN, header=REAL_HEADER)})
    assert answer.status == 200, answer.body
    assert answer.json["created"] == 5
    tasks = api.get(f"/plans/{YEAR}").json["tasks"]

    def parts(task: dict[str, Any]) -> list[tuple[str, str, str]]:
        return [(p["from"], p["to"], p["text"]) for p in task["window"].get("parts", [])]

    assert [(t["window"]["from"], t["window"]["to"], t["window"]["text"]) for t in tasks] == [
        ("2026-01-18", "2026-03-04", "春节期间"),
        ("2026-07-17", "2026-08-08", "“八一”期间"),
        ("2026-02-15", "2026-09-30", "征兵期间"),
        ("2026-01-18", "2026-08-08", "两节期间"),
        ("2026-01-18", "2026-09-30", "春节、八一和征兵期间"),
    ]
    assert parts(tasks[0]) == parts(tasks[1]) == []
    assert parts(tasks[2]) == [
        ("2026-02-15", "2026-04-02", "上半年征兵期间"),
        ("2026-08-15", "2026-09-30", "下半年征兵期间"),
    ]
    assert parts(tasks[3]) == [("2026-01-18", "2026-03-04", "春节期间"), ("2026-07-17", "2026-08-08", "八一期间")]
    assert parts(tasks[4]) == [
        ("2026-01-18", "2026-03-04", "春节期间"),
        ("2026-02-15", "2026-04-02", "上半年征兵期间"),
        ("2026-07-17", "2026-08-08", "八一期间"),
        ("2026-08-15", "2026-09-30", "下半年征兵期间"),
    ]

    # 两节期间 is done when 春节期间 and 八一期间 each have a report dated in them; one dated between counts for nothing
    two = tasks[3]["task_id"]
    token = api.reporter("minzhengju")

    def report(day: str) -> str:
        clock.set(f"{day}T20:00:00")
        answer = api.post("/reports", report_body("visit", occurred_on=day, plan_task_id=two), token=token)
        assert answer.status == 201, answer.body
        return str(answer.json["report_id"])

    def shown() -> dict[str, Any]:
        return next(t for t in api.get(f"/plans/{YEAR}").json["tasks"] if t["task_id"] == two)

    spring = report("2026-02-10")
    task = shown()
    assert (task["progress"]["state"], task["progress"]["reports"]) == ("in_progress", 1)
    assert [(w["text"], w["state"], w["reports"]) for w in task["progress"]["windows"]] == [
        ("春节期间", "done", 1),
        ("八一期间", "not_started", 0),
    ]
    early = report("2026-07-10")  # before 7月17日
    task = shown()
    assert (task["progress"]["state"], task["progress"]["reports"]) == ("in_progress", 1)
    assert [(r["report_id"], r["outside_window"]) for r in task["reports"]] == [(spring, False), (early, True)]
    bayi = report("2026-08-02")
    task = shown()
    assert (task["progress"]["state"], task["progress"]["reports"]) == ("done", 2)
    assert [(w["text"], w["state"], w["reports"]) for w in task["progress"]["windows"]] == [
        ("春节期间", "done", 1),
        ("八一期间", "done", 1),
    ]
    assert [(r["report_id"], r["outside_window"]) for r in task["reports"]] == [
        (spring, False),
        (early, True),
        (bayi, False),
    ]


def test_a_festival_row_the_calendar_cannot_place_is_refused_naming_its_row(api: Api, county: None) -> None:
    rows = [
        *FESTIVAL_PLAN[:2],
        [2, None, "元旦春节走访慰问", "县退役军人事务局", None, "元旦春节期间", "走访慰问"],  # row 5
        [3, None, "国庆走访慰问", "县退役军人事务局", None, "国庆期间", "走访慰问"],  # row 6
        [4, None, "节日走访慰问", "县退役军人事务局", None, "节日期间", "走访慰问"],  # row 7
    ]
    answer = api.post(f"/plans/{YEAR}/import", {"file": xlsx(rows, header=REAL_HEADER)})
    assert answer.status == 400
    hint = "可写成“春节期间”“八一期间”“征兵期间”“两节期间”“春节、八一和征兵期间”，或具体日期"
    assert answer.error_fields() == {
        "rows.5.window": f"第5行：无法识别时间“元旦春节期间”：节日与纪念日中没有“元旦”的节日期间，{hint}",
        "rows.6.window": "第6行：“国庆”是一天，没有“期间”：可写“国庆前后”“国庆前”，或具体日期",
        "rows.7.window": f"第7行：“节日期间”未写明哪个节日，{hint}",
    }
    assert api.get(f"/plans/{YEAR}").json["tasks"] == []
