"""The county's member units registered from a sheet, each with its first reporter: taken whole, or refused with
every bad cell named by row and column and nothing stored; a re-run registers nothing twice; the template."""

from __future__ import annotations

import base64
import io
from typing import Any

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.conftest import Api
from tests.helpers.strategies import json_values
from tests.helpers.units import units_sheet

SHEET = [
    ["县司法局", "局/委/办", "sfj@example.cn、sfj2@example.cn", "张三", None],
    ["县人民法院", "法院", None, None, "fayuan"],
    ["城关镇", "township", " czz@example.cn ", "李四", None],
]


def imported(api: Api, rows: list[list[Any]], dry_run: bool = False) -> dict[str, Any]:
    answer = api.post("/units/import", {"file": units_sheet(rows), "dry_run": dry_run})
    assert answer.status == 200, answer.body
    return answer.json  # type: ignore[no-any-return]


def unit_ids(api: Api) -> list[str]:
    return sorted(u["unit_id"] for u in api.get("/units").json["items"])


def audit_trail(api: Api) -> list[tuple[str, str]]:
    return sorted(
        (e["action"], e["record"].split(":")[0]) for e in api.get("/audit?month=2026-08&limit=100").json["items"]
    )


def test_a_sheet_registers_each_unit_with_a_reporter_whose_link_opens_its_unit(api: Api) -> None:
    answer = imported(api, SHEET)
    created = answer["created"]
    assert [(u["row"], u["unit_id"], u["name"], u["kind"], u["emails"], u["active"]) for u in created] == [
        (2, "sifaju", "县司法局", "bureau", ["sfj@example.cn", "sfj2@example.cn"], True),
        (3, "fayuan", "县人民法院", "court", [], True),
        (4, "chengguanzhen", "城关镇", "township", ["czz@example.cn"], True),
    ]
    assert answer["existing"] == [] and answer["dry_run"] is False
    assert [(u["reporter"]["unit_id"], u["reporter"]["label"]) for u in created] == [
        ("sifaju", "张三"),
        ("fayuan", ""),
        ("chengguanzhen", "李四"),
    ]
    for unit in created:
        token = unit["reporter"]["token"]
        assert unit["reporter"]["link"] == f"https://sy.example.cn/#token={token}"
        assert [u["unit_id"] for u in api.get("/units", token=token).json["items"]] == [unit["unit_id"]]
    assert unit_ids(api) == ["chengguanzhen", "fayuan", "sifaju"]
    assert [r["label"] for r in api.get("/units/sifaju/reporters").json["items"]] == ["张三"]
    assert api.get("/units/sifaju/reporters").json["items"][0]["reporter_id"] == created[0]["reporter"]["reporter_id"]
    # as POST /units and POST /units/{unit_id}/reporters record them: an entry each
    assert audit_trail(api) == [("reporter.issued", "reporter")] * 3 + [("unit.created", "unit")] * 3


def test_a_re_run_registers_nothing_twice_and_names_the_units_that_exist(api: Api) -> None:
    imported(api, SHEET)
    again = imported(api, [*SHEET, ["县教育局", "局", None, "王五", None]])
    assert [(u["row"], u["unit_id"], u["reporter"]["label"]) for u in again["created"]] == [(5, "jiaoyuju", "王五")]
    assert again["existing"] == [
        {"row": 2, "unit_id": "sifaju", "name": "县司法局"},
        {"row": 3, "unit_id": "fayuan", "name": "县人民法院"},
        {"row": 4, "unit_id": "chengguanzhen", "name": "城关镇"},
    ]
    assert unit_ids(api) == ["chengguanzhen", "fayuan", "jiaoyuju", "sifaju"]
    for unit_id in ("sifaju", "fayuan", "chengguanzhen", "jiaoyuju"):
        assert len(api.get(f"/units/{unit_id}/reporters").json["items"]) == 1, unit_id
    assert len(audit_trail(api)) == 8  # four units, four reporters


def test_a_unit_renamed_since_is_still_the_one_its_number_names(api: Api) -> None:
    imported(api, SHEET)
    assert api.put("/units/fayuan", {"name": "县法院"}).status == 200
    again = imported(api, SHEET)
    assert again["created"] == []
    assert again["existing"][1] == {"row": 3, "unit_id": "fayuan", "name": "县法院"}


def test_a_row_naming_a_registered_unit_under_another_number_is_refused(api: Api) -> None:
    imported(api, SHEET)
    answer = api.post("/units/import", {"file": units_sheet([["县司法局", "局", None, None, "sfj"]])})
    assert answer.status == 400
    assert answer.error_fields() == {
        "rows.2.name": "第2行“单位名称”：与已登记的单位同名（单位编号 sifaju），同一单位请填写该编号或留空"
    }
    assert unit_ids(api) == ["chengguanzhen", "fayuan", "sifaju"]


def test_a_dry_run_answers_what_would_be_registered_and_stores_nothing(api: Api) -> None:
    answer = imported(api, SHEET, dry_run=True)
    assert answer["dry_run"] is True
    assert [(u["row"], u["unit_id"], u["reporter"]) for u in answer["created"]] == [
        (2, "sifaju", None),
        (3, "fayuan", None),
        (4, "chengguanzhen", None),
    ]
    assert unit_ids(api) == []
    assert audit_trail(api) == []


def test_a_made_unit_number_is_readable_and_unique(api: Api) -> None:
    api.unit("sifaju", "县司法所")
    answer = imported(
        api,
        [
            ["县司法局", "局", None, None, None],  # sifaju is taken, sifaju-2 by row 4
            ["本县教育局", "局", None, None, None],  # without the county's own name (本县, the tests' county)
            ["司法办", "局", None, None, "sifaju-2"],
            ["司法局", "局", None, None, None],
            ["区人武部", "其他", None, None, None],
            ["73026部队驻地联络站", "其他", None, None, None],
        ],
    )
    assert [(u["name"], u["unit_id"]) for u in answer["created"]] == [
        ("县司法局", "sifaju-3"),
        ("本县教育局", "jiaoyuju"),
        ("司法办", "sifaju-2"),
        ("司法局", "sifaju-4"),
        ("区人武部", "renwubu"),
        ("73026部队驻地联络站", "73026buduizhudilianluozhan"),
    ]


def test_one_bad_row_refuses_the_file_naming_every_bad_cell_and_nothing_is_stored(api: Api) -> None:
    answer = api.post(
        "/units/import",
        {
            "file": units_sheet(
                [
                    ["县司法局", "局", "sfj@example.cn", "张三", None],
                    [None, "部队", "sfj@example.cn 不是邮箱", "填" * 41, "SiFaJu"],
                    ["县司法局", "乡镇", None, None, "import"],
                    ["县教育局", None, None, None, None],
                ]
            )
        },
    )
    assert answer.status == 400
    assert answer.json["message"] == "单位表有3行有误，未导入任何单位"
    assert answer.error_fields() == {
        "rows.3.kind": "第3行“单位类型”：不认识的单位类型“部队”"
        "（应为局/委/办、法院/检察院、街道办事处、乡镇、企业、其他之一）",
        "rows.3.name": "第3行“单位名称”：必填项，请填写",
        "rows.3.emails": "第3行“联系邮箱”：“不是邮箱”格式不正确",
        "rows.3.unit_id": "第3行“单位编号”：格式不正确",
        "rows.3.label": "第3行“填报员”：不能超过40个字",
        "rows.4.name": "第4行“单位名称”：与第2行的单位重复",
        "rows.4.unit_id": "第4行“单位编号”：单位编号 import 为系统保留，请换一个",
        "rows.5.kind": "第5行“单位类型”：必填项，请填写",
    }
    assert unit_ids(api) == []
    assert audit_trail(api) == []


def test_the_ids_of_the_units_routes_are_no_unit_s(api: Api) -> None:
    for reserved, message in [("import", "单位编号 import 为系统保留，请换一个"), ("template.xlsx", "格式不正确")]:
        answer = api.post("/units", {"unit_id": reserved, "name": "某单位", "kind": "bureau"})
        assert answer.status == 400
        assert answer.error_fields() == {"unit_id": message}
    assert api.get("/units/import").status == 405


def test_the_template_holds_the_header_and_an_example_row_that_imports_as_it_is(api: Api) -> None:
    link = api.get("/units/template.xlsx").json
    assert link["filename"] == "成员单位表-模板.xlsx"
    data = requests.get(link["url"], timeout=10).content
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["单位表", "单位类型"]
    assert list(book["单位表"].iter_rows(values_only=True)) == [
        ("单位名称", "单位类型", "联系邮箱", "填报员", "单位编号"),
        ("县司法局", "局/委/办", "sfj@example.cn", "张三", None),
    ]
    assert [row[0] for row in book["单位类型"].iter_rows(values_only=True)] == [
        "单位类型",
        "局/委/办",
        "法院/检察院",
        "街道办事处",
        "乡镇",
        "企业",
        "其他",
    ]
    answer = api.post("/units/import", {"file": base64.b64encode(data).decode(), "dry_run": True})
    assert [(u["unit_id"], u["name"], u["kind"]) for u in answer.json["created"]] == [("sifaju", "县司法局", "bureau")]


def test_a_file_that_is_no_sheet_of_units_is_refused_naming_the_file(api: Api) -> None:
    header_only = units_sheet([])
    too_many = units_sheet([[f"单位{n}", "局", None, None, None] for n in range(101)])
    no_header = units_sheet([["县司法局", "局"]], header=["名称备注", "种类"])
    for file, status, message in [
        ("不是base64", 400, "文件应为 base64 编码"),
        (base64.b64encode(b"hello").decode(), 400, "不是有效的 Excel 文件（.xlsx）"),
        (header_only, 400, "表中没有单位"),
        (too_many, 400, "一次最多导入100个单位，表中有101个"),
        (no_header, 400, "前10行中找不到表头：须有“单位名称”、“单位类型”列"),
        (base64.b64encode(b"x" * (1024 * 1024 + 1)).decode(), 413, None),
    ]:
        answer = api.post("/units/import", {"file": file})
        assert answer.status == status, (message, answer.body)
        if message:
            assert answer.error_fields() == {"file": message}
    assert unit_ids(api) == []


CELLS = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=70),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(),
    st.sampled_from(["县司法局", "局", "法院", "sifaju", "import", "plan", "a@b.cn", "张三"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELLS, min_size=5, max_size=5), min_size=1, max_size=4), dry_run=json_values)
def test_no_sheet_or_body_gives_a_5xx_and_a_refused_one_stores_nothing(
    api: Api, rows: list[list[Any]], dry_run: Any
) -> None:
    before = unit_ids(api)
    for body in ({"file": units_sheet(rows)}, {"file": units_sheet(rows), "dry_run": dry_run}, {"file": dry_run}):
        answer = api.post("/units/import", body)
        assert answer.status < 500, answer.body
        if answer.status >= 400:
            assert answer.json["code"] and unit_ids(api) == before
        before = unit_ids(api)
