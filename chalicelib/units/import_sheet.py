"""The county's member units registered from Excel, each with its first reporter; and the sheet's template.

The body is `{"file": "<the .xlsx, base64>", "dry_run": false}`, read within the limits of
files/uploaded_sheets.py. The first sheet's header names the columns (the names each goes by are in COLUMNS):
单位名称 and 单位类型 (its label, a part of it such as 法院, or its code) are required; 联系邮箱 (several separated
by 、，,；; or spaces), 填报员 (the reporter's label) and 单位编号 may be left blank. A blank 单位编号 is made from
the name in pinyin, without the county's own name or a leading 县/区 (县司法局: sifaju), and numbered on when
taken (sifaju-2).

A row naming a registered unit (by its 单位编号, or by its name when the 编号 is blank) is left alone and answered
as existing, so a re-run of the same file registers nothing twice. Every other row goes through the checks of
POST /units and POST /units/{unit_id}/reporters, and one bad row refuses the file, each bad cell named as
`rows.<Excel row number>.<field>`, nothing written. Otherwise each unit is written with its reporter and their two
audit entries (unit.created, reporter.issued) in one transaction of its own, and the reporters' links are
answered this once. A dry run checks and answers what would be registered, writing nothing.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.catalogue import UNIT_KINDS
from chalicelib.core.dates import timestamp
from chalicelib.core.errors import ValidationFailed
from chalicelib.core.validation import validate
from chalicelib.db.errors import ConditionFailed
from chalicelib.files.bucket import PublishedFile, filename, units_key
from chalicelib.files.spreadsheets import XLSX, add_sheet, new_workbook, workbook_bytes
from chalicelib.files.uploaded_sheets import Sheet, cell_text, first_sheet, uploaded_file
from chalicelib.units import service as units
from chalicelib.units.models import RESERVED_UNIT_IDS, NewUnitForm, ReporterForm, UnitImportForm
from chalicelib.units.records import ExistingUnit, ImportedUnit, UnitImportResult

F = TypeVar("F", NewUnitForm, ReporterForm)
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("单位名称", "名称", "成员单位", "单位"),
    "kind": ("单位类型", "单位类别", "类型", "类别"),
    "emails": ("联系邮箱", "邮箱", "电子邮箱", "电子邮件"),
    "label": ("填报员", "填报员备注", "联系人"),
    "unit_id": ("单位编号", "编号"),
}
REQUIRED = ("name", "kind")
MAX_UNITS = 100  # a transaction each: well within the API's 29 seconds
LIST_SEPARATORS = re.compile(r"[、，,；;\s]+")
EXAMPLE = ("县司法局", UNIT_KINDS["bureau"], "sfj@example.cn", "张三", "")  # its 编号 left blank: made as sifaju
WIDTHS = (24, 16, 32, 14, 16)


def import_units(ctx: Context, principal: Principal, raw: bytes | None) -> UnitImportResult:
    form, data = uploaded_file(raw, UnitImportForm)
    with first_sheet(data, COLUMNS, REQUIRED, "单位表", "单位表") as sheet:
        rows = _unit_rows(sheet)
    stored = ctx.store.units.all()
    by_id = {str(u["unit_id"]): str(u["name"]) for u in stored}
    by_name = {str(u["name"]): str(u["unit_id"]) for u in stored}
    existing: list[ExistingUnit] = []
    new_rows: list[tuple[int, dict[str, str | None]]] = []
    for number, cells in rows:
        unit_id = cells["unit_id"] or by_name.get(cells["name"] or "")
        if unit_id in by_id:
            existing.append({"row": number, "unit_id": unit_id, "name": by_id[unit_id]})
        else:
            new_rows.append((number, cells))
    forms, errors = _checked(ctx, new_rows, by_name)
    if errors:
        bad_rows = len({e["field"].split(".")[1] for e in errors})
        raise ValidationFailed(errors, f"单位表有{bad_rows}行有误，未导入任何单位")
    created: list[ImportedUnit] = []
    for number, unit_form, reporter_form in forms:
        if form.dry_run:
            created.append({**units.new_unit(unit_form, timestamp(ctx.clock)), "row": number, "reporter": None})
            continue
        try:
            unit, reporter = units.create_with_reporter(ctx, principal, unit_form, reporter_form)
        except ConditionFailed:  # registered since the sheet was checked
            taken = ctx.store.units.get(unit_form.unit_id)
            name = str(taken["name"]) if taken else unit_form.name
            existing.append({"row": number, "unit_id": unit_form.unit_id, "name": name})
            continue
        created.append({**unit, "row": number, "reporter": reporter})
    return {"dry_run": form.dry_run, "created": created, "existing": existing}


def _unit_rows(sheet: Sheet) -> list[tuple[int, dict[str, str | None]]]:
    """The rows holding anything: (Excel row number, {field: text})."""
    found = []
    for number, values in sheet.rows():
        cells = {
            field: cell_text(values[sheet.columns[field][0]])
            if field in sheet.columns and sheet.columns[field][0] < len(values)
            else None
            for field in COLUMNS
        }
        if any(cells.values()):
            found.append((number, cells))
    if not found:
        raise ValidationFailed([{"field": "file", "message": "表中没有单位"}])
    if len(found) > MAX_UNITS:
        raise ValidationFailed([{"field": "file", "message": f"一次最多导入{MAX_UNITS}个单位，表中有{len(found)}个"}])
    return found


def _checked(
    ctx: Context, rows: list[tuple[int, dict[str, str | None]]], registered: dict[str, str]
) -> tuple[list[tuple[int, NewUnitForm, ReporterForm]], list[dict[str, str]]]:
    """Each new row's forms, as POST /units and POST /units/{unit_id}/reporters check them; or every bad cell.
    `registered`: the registered units' ids by name."""
    given = {cells["unit_id"] for _, cells in rows if cells["unit_id"]}
    taken = set(registered.values()) | given | set(RESERVED_UNIT_IDS)
    names: dict[str, int] = {}
    ids: dict[str, int] = {}
    forms: list[tuple[int, NewUnitForm, ReporterForm]] = []
    errors: list[dict[str, str]] = []
    for number, cells in rows:
        row_errors: list[dict[str, str]] = []

        def refuse(field: str, message: str, number: int = number, row_errors: list[dict[str, str]] = row_errors):
            cell = f"rows.{number}.{field}"
            if all(e["field"] != cell for e in row_errors):  # one message a cell: the first
                column = COLUMNS[field][0]
                row_errors.append({"field": cell, "message": f"第{number}行“{column}”：{message}"})

        name = cells["name"] or ""
        unit_id = cells["unit_id"] or (readable_id(name, ctx.config.county_name, taken) if name else "")
        taken.add(unit_id)
        body: dict[str, Any] = {
            "unit_id": unit_id,
            "name": name,
            "emails": [e for e in LIST_SEPARATORS.split(cells["emails"] or "") if e],
        }
        if cells["kind"]:  # a blank one is missing, and the form says so
            body["kind"] = _kind(cells["kind"], refuse)
        if name and name in names:
            refuse("name", f"与第{names[name]}行的单位重复")
        if name in registered:  # under another number: a second unit of the name is a mistake, not a wish
            refuse("name", f"与已登记的单位同名（单位编号 {registered[name]}），同一单位请填写该编号或留空")
        if cells["unit_id"] and unit_id in ids:
            refuse("unit_id", f"与第{ids[unit_id]}行的单位编号重复")
        names.setdefault(name, number)
        ids.setdefault(unit_id, number)
        unit_form = _form(NewUnitForm, body, refuse)
        reporter_form = _form(ReporterForm, {"label": cells["label"] or ""}, refuse)
        if row_errors or unit_form is None or reporter_form is None:
            errors += row_errors
        else:
            forms.append((number, unit_form, reporter_form))
    return forms, errors


def _form(model: type[F], sent: dict[str, Any], refuse: Any) -> F | None:
    """The row's form of `model`, or None with each bad cell refused (an e-mail named by its address)."""
    try:
        return validate(model, sent)
    except ValidationFailed as refused:
        for item in refused.details["errors"]:
            field, _, index = item["field"].partition(".")
            said = f"“{sent[field][int(index)]}”" if field == "emails" and index.isdigit() else ""
            refuse(field, said + item["message"])
        return None


def _kind(text: str, refuse: Any) -> str:
    """A 单位类型 by its code, its label (局/委/办) or a part of the label (法院)."""
    for code, label in UNIT_KINDS.items():
        if text in (code, label, *label.split("/")):
            return code
    refuse("kind", f"不认识的单位类型“{text}”（应为{'、'.join(UNIT_KINDS.values())}之一）")
    return text


def readable_id(name: str, county_name: str, taken: set[str]) -> str:
    """A unit id from its name in pinyin (县司法局: sifaju), numbered on when taken (sifaju-2)."""
    from pypinyin import lazy_pinyin  # its dictionaries load only here, never on the API's import path

    stem = name.removeprefix(county_name) or name
    if len(stem) > 2 and stem[0] in "县区":
        stem = stem[1:]
    letters = re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(stem)).lower())[:36]
    base = letters if len(letters) > 1 else "danwei"
    unit_id, number = base, 1
    while unit_id in taken:
        number += 1
        unit_id = f"{base}-{number}"
    return unit_id


# --- the template -----------------------------------------------------------------------


def template_bytes() -> bytes:
    """The header the import reads (COLUMNS' first names), an example row, and the unit types on a sheet beside."""
    workbook = new_workbook()
    add_sheet(workbook, "单位表", [names[0] for names in COLUMNS.values()], [list(EXAMPLE)], WIDTHS)
    add_sheet(workbook, "单位类型", ["单位类型"], [[label] for label in UNIT_KINDS.values()], [16])
    return workbook_bytes(workbook)


def download(ctx: Context) -> PublishedFile:
    """Put the template in the bucket and answer its short-lived link."""
    name = filename("成员单位表", "模板", suffix=".xlsx")
    return ctx.bucket.publish(units_key(ctx.org, "template.xlsx"), template_bytes(), name, XLSX)
