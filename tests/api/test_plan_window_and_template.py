"""What the office page asks while a clerk types a task (the dates a window phrase reads as) and the
任务分解表's empty template, downloaded, opened with openpyxl and imported as it is."""

from __future__ import annotations

import base64
import io
from urllib.parse import quote

import requests
from openpyxl import load_workbook

from tests.conftest import Api


def window(api: Api, text: str, year: str = "2026") -> tuple[int, dict[str, object]]:
    answer = api.get(f"/plans/{year}/window?text={quote(text)}")
    return answer.status, answer.json


def test_the_window_preview_reads_as_posting_a_task_would(api: Api) -> None:
    assert window(api, "4月下旬至5月") == (200, {"from": "2026-04-21", "to": "2026-05-31", "text": "4月下旬至5月"})
    assert window(api, "八一前后") == (200, {"from": "2026-07-25", "to": "2026-08-07", "text": "八一前后"})
    status, quarters = window(api, "每季度")
    assert status == 200 and (quarters["from"], quarters["to"]) == ("2026-01-01", "2026-12-31")
    assert quarters["parts"] == [
        {"from": "2026-01-01", "to": "2026-03-31", "text": "1月至3月"},
        {"from": "2026-04-01", "to": "2026-06-30", "text": "4月至6月"},
        {"from": "2026-07-01", "to": "2026-09-30", "text": "7月至9月"},
        {"from": "2026-10-01", "to": "2026-12-31", "text": "10月至12月"},
    ]
    api.unit("sifaju")
    task = {"heading": "法律拥军", "title": "送法进军营", "unit_ids": ["sifaju"], "window": "4月下旬至5月"}
    assert api.post("/plans/2026/tasks", task).json["window"] == window(api, "4月下旬至5月")[1]


def test_a_festival_period_reads_as_the_countys_campaign_calendar_has_it(api: Api) -> None:
    status, two = window(api, "两节期间")  # the default calendar: 春节 2月17日 -30/+15, 八一 -15/+7
    assert status == 200 and two == {
        "from": "2026-01-18",
        "to": "2026-08-08",
        "text": "两节期间",
        "parts": [
            {"from": "2026-01-18", "to": "2026-03-04", "text": "春节期间"},
            {"from": "2026-07-17", "to": "2026-08-08", "text": "八一期间"},
        ],
    }
    calendar = {
        "campaigns": [{"code": "bayi", "name": "八一建军节", "annual_on": "08-01", "days_before": 0, "days_after": 3}]
    }
    assert api.put("/reminders/campaigns", calendar).status == 200
    assert window(api, "八一期间") == (200, {"from": "2026-08-01", "to": "2026-08-04", "text": "八一期间"})
    status, refused = window(api, "春节、八一和征兵期间")
    assert status == 400 and refused["errors"] == [
        {
            "field": "window",
            "message": "节日与纪念日中没有2026年春节的日期，无法确定“春节、八一和征兵期间”；请先补充，或填写具体日期",
        }
    ]


def test_a_phrase_it_cannot_read_is_refused_on_the_window_field_with_the_tasks_message(api: Api) -> None:
    status, refused = window(api, "6月前")
    assert status == 400
    (error,) = refused["errors"]
    assert error["field"] == "window" and "6月" in error["message"]
    api.unit("sifaju")
    task = {"heading": "法律拥军", "title": "送法进军营", "unit_ids": ["sifaju"], "window": "6月前"}
    assert api.post("/plans/2026/tasks", task).json["errors"] == refused["errors"]
    assert window(api, "")[1]["errors"] == [{"field": "window", "message": "必填项，请填写"}]
    assert window(api, "2027年3月")[0] == 400  # not the plan's year
    assert api.get("/plans/26/window?text=3月").status == 400


def test_the_template_has_the_importers_header_and_an_example_row_that_imports(api: Api) -> None:
    api.unit("sifaju", "县司法局")
    api.unit("jiaoyuju", "县教育局")
    link = api.get("/plans/2026/template.xlsx").json
    assert link["filename"] == "2026年任务分解表-模板.xlsx"
    got = requests.get(link["url"], timeout=10)
    assert got.status_code == 200
    sheet = load_workbook(io.BytesIO(got.content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows == [
        ["分类", "任务", "牵头单位", "配合单位", "时间", "活动类型", "目标", "工作领域"],
        [
            "法律拥军",
            "开展法治宣传进军营活动",
            "县司法局",
            "县教育局",
            "7月20日至8月20日",
            "法治宣传进军营",
            "2次",
            "法律拥军",
        ],
    ]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)  # no live formula
    imported = api.post("/plans/2026/import", {"file": base64.b64encode(got.content).decode()})
    assert imported.status == 200, imported.body
    (task,) = imported.json["tasks"]
    assert (task["heading"], task["title"], task["unit_ids"], task["lead_unit_ids"], task["area"]) == (
        "法律拥军",
        "开展法治宣传进军营活动",
        ["sifaju", "jiaoyuju"],
        ["sifaju"],
        "legal",
    )
    assert (task["window"]["from"], task["window"]["to"]) == ("2026-07-20", "2026-08-20")
    assert task["activity_types"] == ["legal_lecture"] and task["target"]["label"] == "活动2次"
