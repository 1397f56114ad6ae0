"""What a reporter, a respondent or a clerk types cannot break the county's month: text a workbook or an
encoder could not write is refused at the edge, naming the field, and numbers are echoed as GET gives them."""

from __future__ import annotations

import io
import json

import boto3
from openpyxl import load_workbook

from chalicelib.context import Context
from tests.conftest import TABLE, Api, report_body
from tests.helpers.summaries import compiled, download, submit
from tests.helpers.surveys import open_survey


def _refused(answer: object) -> dict[str, str]:
    assert answer.status == 400, answer.body  # type: ignore[attr-defined]
    return answer.error_fields()  # type: ignore[attr-defined, no-any-return]


def test_a_report_with_a_control_character_or_a_lone_surrogate_is_refused_and_nothing_stored(api: Api) -> None:
    api.unit("sifaju", "县司法局")
    token = api.reporter("sifaju")
    bell = report_body(title="八一走访\x07慰问")
    assert _refused(api.post("/reports", bell, token=token)) == {
        "title": "含有不可见的控制字符（U+0007），请删除后重新填写"
    }
    broken = json.dumps(report_body(description="走访\ud800慰问")).encode()  # JSON may escape a lone surrogate
    assert _refused(api.post("/reports", raw=broken, token=token)) == {
        "description": "含有无法识别的字符（可能是复制粘贴时带入的乱码），请删除后重新填写"
    }
    c1 = report_body(location="营区\x85")
    assert _refused(api.post("/reports", c1, token=token)) == {
        "location": "含有不可见的控制字符（U+0085），请删除后重新填写"
    }
    two_lines = report_body(title="八一走访\n慰问")
    assert _refused(api.post("/reports", two_lines, token=token)) == {"title": "不能换行或含制表符，请写在一行内"}
    assert api.get("/reports?month=2026-08", token=token).json["items"] == []
    # The description is several lines: line ends and tabs are kept.
    fine = api.post("/reports", report_body(description="第一段。\n\t第二段。"), token=token)
    assert fine.status == 201 and fine.json["description"] == "第一段。\n\t第二段。"


def test_a_public_answer_with_a_lone_surrogate_anywhere_is_refused_in_chinese(api: Api) -> None:
    api.unit("sifaju", "县司法局")
    survey, public = open_survey(api)
    for answers in ({"\ud800": "a"}, {survey["questions"][0]["id"]: "\udfff"}):
        body = json.dumps({"response_id": "3f2b8c1e-4d5a-4b6c-9d7e-0f1a2b3c4d5e", "answers": answers}).encode()
        answer = api.post(f"{public}/responses", raw=body, token=None)
        assert answer.status == 400, answer.body
        (error,) = answer.json["errors"]
        assert error["field"].startswith("answers") and "无法识别的字符" in error["message"]
    assert api.get(f"/surveys/{survey['survey_id']}/results").json["responses"] == 0


def test_money_is_echoed_as_get_gives_it(api: Api) -> None:
    api.unit("sifaju", "县司法局")
    token = api.reporter("sifaju")
    body = report_body(metrics={"target": "troops", "households": 2, "persons": 10, "funds_yuan": 0, "goods_yuan": 0})
    raw = (
        json.dumps(body)
        .replace('"funds_yuan": 0', '"funds_yuan": 1E+2')
        .replace('"goods_yuan": 0', '"goods_yuan": -0.00')
    )
    created = api.post("/reports", raw=raw.encode(), token=token)
    assert created.status == 201, created.body
    assert b'"funds_yuan":100,' in created.body and b'"goods_yuan":0' in created.body
    stored = api.get(f"/reports/{created.json['report_id']}", token=token)
    assert created.json["metrics"] == stored.json["metrics"]
    assert stored.json["metrics"]["funds_yuan"] == 100 and stored.json["metrics"]["goods_yuan"] == 0


def test_a_link_no_qr_code_can_hold_is_refused_and_one_that_fits_is_drawn(api: Api, ctx: Context) -> None:
    page = ctx.config.public_url + "/#token="
    too_long = api.post("/qrcodes", {"link": page + "字" * 800})  # 2,400 bytes of 字 alone: more than 2,331
    assert too_long.status == 400
    assert too_long.error_fields() == {"link": "链接过长，二维码容纳不下（上限 2331 字节）"}
    wide, rest = divmod(2331 - len(page), 3)
    longest = page + "字" * wide + "a" * rest  # exactly 2,331 bytes
    assert len(longest.encode()) == 2331
    drawn = api.post("/qrcodes", {"link": longest})
    assert drawn.status == 200 and drawn.json["svg"].startswith("<svg")


def test_a_stored_report_the_compile_cannot_read_is_named_and_the_rest_is_summarised(
    api: Api, ctx: Context, aws: boto3.Session
) -> None:
    api.unit("sifaju", "县司法局")
    token = api.reporter("sifaju")
    good = submit(
        api, token, "mediation", {"disputes": 3, "resolved": 2}, title="调解涉军纠纷", occurred_on="2026-08-03"
    )
    bad = submit(
        api, token, "mediation", {"disputes": 4, "resolved": 1}, title="坏数据的调解", occurred_on="2026-08-04"
    )
    # Stored before the forms checked figures: a count that is not a number.
    table = aws.resource("dynamodb").Table(TABLE)
    table.update_item(
        Key={"PK": f"O#county#REPORT#{bad['report_id']}", "SK": "REPORT"},
        UpdateExpression="SET #metrics.disputes = :text",
        ExpressionAttributeNames={"#metrics": "metrics"},
        ExpressionAttributeValues={":text": "四件"},
    )
    found = compiled(api, ctx, aws, "2026-08")
    assert found["status"] == "ready"
    assert found["totals"]["reports"] == 1 and found["totals"]["participants"] == good["participants"]
    (left_out,) = found["unreadable"]
    assert (left_out["report_id"], left_out["unit_name"], left_out["title"]) == (
        bad["report_id"],
        "县司法局",
        "坏数据的调解",
    )
    assert "无法" in left_out["reason"]
    overview = {
        row[0]: row[1] for row in load_workbook(io.BytesIO(download(found, "xlsx").content))["汇总"].values if row
    }
    assert overview["未能汇总的报告：坏数据的调解"].startswith("县司法局：")
    ledger = list(load_workbook(io.BytesIO(download(found, "xlsx").content))["台账"].values)
    assert [row[2] for row in ledger[1:]] == ["调解涉军纠纷"]


def test_an_impossible_date_is_named_as_one_not_as_a_format(api: Api) -> None:
    api.unit("sifaju", "县司法局")
    token = api.reporter("sifaju")
    for day, reason in (
        ("2026-02-30", "日期不存在，请核对月和日"),
        ("2026-13-01", "日期不存在，请核对月和日"),
        ("2026-8-1", "日期应写成年-月-日，如 2026-08-01"),
        ("٢٠٢٦-٠٨-٠١", "日期应写成年-月-日，如 2026-08-01"),
    ):
        assert _refused(api.post("/reports", report_body(occurred_on=day), token=token)) == {"occurred_on": reason}
        task = {
            "heading": "法律拥军",
            "title": "送法进军营",
            "unit_ids": ["sifaju"],
            "window": {"from": day, "to": day},
        }
        assert _refused(api.post("/plans/2026/tasks", task)) == {"window": reason}
    assert api.get("/reports?month=2026-08", token=token).json["items"] == []
    assert api.get("/plans/2026").json["tasks"] == []
