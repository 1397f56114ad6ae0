"""A 任务分解表 that would unpack past what the function can hold is refused before it is unpacked: a zip bomb
(400 MB of shared strings in a few hundred KB), a zip whose directory understates a part, a sheet of too many
rows. Each is a 400 naming the file in Chinese, and nothing is stored."""

from __future__ import annotations

import base64
import io
import subprocess
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook

from tests.conftest import Api
from tests.helpers.plans import HEADER, xlsx

ROOT = Path(__file__).resolve().parents[2]
YEAR = "2026"
MB = 1024 * 1024
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def bomb(unpacked: int, stated: int | None = None) -> bytes:
    """A valid task table whose shared strings part unpacks to `unpacked` bytes of strings of 1,000 a's, which
    compress about a thousand times; its zip directory says the part holds `stated` bytes, if given."""
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["法律拥军", "送法进军营", "sifaju", "5月", None, None])
    plain = io.BytesIO()
    book.save(plain)
    packed = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":  # openpyxl finds the shared strings by their content type
                override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/>'
                data = data.replace(b"</Types>", override.encode() + b"</Types>")
            if info.filename != "xl/sharedStrings.xml":
                out.writestr(info, data)
        item = b"<si><t>" + b"a" * 1000 + b"</t></si>"
        chunk = item * (MB // len(item))
        with out.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(unpacked // len(chunk) + 1):
                part.write(chunk)
            part.write(b"</sst>")
        if stated is not None:
            out.getinfo("xl/sharedStrings.xml").file_size = stated  # the directory is written from it on closing
    return packed.getvalue()


def refusal(api: Api, data: bytes) -> str:
    answer = api.post(f"/plans/{YEAR}/import", {"file": base64.b64encode(data).decode()})
    assert answer.status == 400, answer.body
    assert api.get(f"/plans/{YEAR}").json["tasks"] == []
    return answer.error_fields()["file"]  # type: ignore[no-any-return]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(api: Api) -> None:
    api.unit("sifaju", "县司法局")
    data = bomb(400 * MB)
    assert len(data) < 1024 * 1024  # under the file's own limit: the size unpacked is what refuses it
    assert refusal(api, data) == "文件解压后超过20 MB，不像任务分解表；请只保留任务表后另存再导入"


def test_a_zip_bomb_is_refused_within_256_mb(tmp_path: Path) -> None:
    """Measured in a process of its own (its peak resident memory, C libraries' included: VmHWM, the new program's
    own, where getrusage would count the forking test process's peak too), which reads the bomb as the import
    does. Before the limit, this file peaked at 523 MB."""
    (tmp_path / "bomb.xlsx").write_bytes(bomb(400 * MB))
    probe = (
        "import re, sys\n"
        "from chalicelib.core.errors import ValidationFailed\n"
        "from chalicelib.plans.task_import import read_rows\n"
        "try:\n"
        "    read_rows(open(sys.argv[1], 'rb').read())\n"
        "except ValidationFailed as refused:\n"
        "    print(refused.details['errors'][0]['message'])\n"
        "print(int(re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1)) // 1024)\n"
    )
    run = [sys.executable, "-c", probe, str(tmp_path / "bomb.xlsx")]
    *refused, peak = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    assert refused == ["文件解压后超过20 MB，不像任务分解表；请只保留任务表后另存再导入"]
    assert int(peak) < 256, f"peak {peak} MB"


def test_a_table_just_under_the_limit_is_still_read(api: Api) -> None:
    api.unit("sifaju", "县司法局")
    answer = api.post(f"/plans/{YEAR}/import", {"file": base64.b64encode(bomb(18 * MB)).decode()})
    assert answer.status == 200, answer.body
    assert [task["title"] for task in answer.json["tasks"]] == ["送法进军营"]


def test_a_directory_that_understates_a_part_gets_no_more_through(api: Api) -> None:
    data = bomb(30 * MB, stated=1000)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/sharedStrings.xml").file_size == 1000
    api.unit("sifaju", "县司法局")
    assert refusal(api, data) == "不是有效的 Excel 文件（.xlsx）"


def test_a_sheet_of_more_than_5000_rows_is_refused_whether_or_not_it_gives_its_size(api: Api) -> None:
    api.unit("sifaju", "县司法局")
    rows: list[list[object]] = [["法律拥军", "送法进军营", "sifaju", "5月", None, None]]
    rows += [[None] * 6] * 4997 + [[None, "备注", None, None, None, None]]  # below a title and the header: row 5,001
    sized = base64.b64decode(xlsx(rows))
    message = "第一个工作表超过5000行，请删除表格下方多余的行后再导入"
    assert refusal(api, sized) == message
    # Without its <dimension>, the sheet is read up to the row past the limit.
    unsized = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(sized)) as source, zipfile.ZipFile(unsized, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:F5001"/>' in data
                data = data.replace(b'<dimension ref="A1:F5001"/>', b"")
            out.writestr(info, data)
    assert refusal(api, unsized.getvalue()) == message
    # A task on row 5,000 is read.
    answer = api.post(f"/plans/{YEAR}/import", {"file": xlsx([*rows[:-2], [None, "备注", "sifaju", "6月"]])})
    assert answer.status == 200, answer.body
    assert [task["title"] for task in answer.json["tasks"]] == ["送法进军营", "备注"]


def test_a_file_whose_sheet_or_workbook_is_not_xml_is_refused_as_no_excel_file(api: Api) -> None:
    api.unit("sifaju", "县司法局")
    good = base64.b64decode(xlsx([["法律拥军", "送法进军营", "sifaju", "5月", None, None]]))
    for part, broken in (("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row"), ("xl/workbook.xml", b"<<<")):
        packed = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(packed, "w") as out:
            for info in source.infolist():
                out.writestr(info, broken if info.filename == part else source.read(info))
        assert refusal(api, packed.getvalue()) == "不是有效的 Excel 文件（.xlsx）", part
