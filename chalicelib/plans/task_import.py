"""The 任务分解表 imported from Excel: the whole file, or a refusal naming every bad row.

The body is JSON, `{"file": "<the .xlsx, base64>", "filename": "…"}`, read within the limits of
files/uploaded_sheets.py (1 MB of file, 20 MB unpacked, 5,000 rows). The first sheet is read. Its header
row (within the first 10 rows; a title row above it is fine) names the columns, in any order (the names
each goes by are in COLUMNS below):
- 分类 (项目 …): the heading; blank: the one above (merged cells);
- 任务 (活动内容, 工作内容 …): the task (required);
- 责任单位 (牵头单位, 配合单位 …): unit names or ids, separated by 、，,；; or spaces; every
  such column counts (required). Which units lead (牵头) is said as the table says it: a 牵头单位
  column names them; beside a 配合单位 column, the other unit columns (责任单位) name them; a name
  marked 牵头 in a cell (县民政局（牵头）, 县民政局牵头) leads, one marked 配合 joins;
- 时间 (完成时限, 宣传时间 …): a phrase (4月下旬至5月, 八一前后, 每季度, 两节期间 …), a date, or dates
  with 至 (required);
- 活动类型: labels (法治宣传进军营, 座谈会、茶话会) or codes, separated like units; blank: any type;
- 目标: "4次" or "4" (linked reports), "走访户数16户", "慰问金6.2万元"; blank: none;
- 工作领域: 组织领导 … 退役军人服务 (core/catalogue.py's AREAS); blank: from the headings.

A heading has two levels, as plans number them: 一、 (the area of the year-end summary its
tasks belong to, by its words) and （一） or 1. (the task's heading, its grouping). A row
holding nothing but a numbered heading, in any column, starts one.

Rows are matched to the year's tasks by 分类 and 任务: a matching task is updated, a
new one created, an identical one left alone; tasks not in the file stay. Every row
is checked before anything is written; one bad row refuses the file, with each bad
cell named as `rows.<Excel row number>.<field>`. The writes are one DynamoDB
transaction, so a file is taken whole or not at all: hence at most 80 task rows. The transaction holds
the import's one audit entry (`plan.imported`, record `plan:<year>`).
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from chalicelib.audit import service as audit
from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.catalogue import ACTIVITY_TYPES, AREAS, FigureKind, area_named, short_label
from chalicelib.core.dates import timestamp
from chalicelib.core.errors import ValidationFailed
from chalicelib.core.validation import year_param
from chalicelib.files.uploaded_sheets import Sheet, cell_text, first_sheet, uploaded_file
from chalicelib.plans.models import PlanImportForm, PlanTaskForm, figure_choices
from chalicelib.plans.progress import Moment, present
from chalicelib.plans.records import ImportResult, PlanLink, SheetCells, SheetRow, TargetRecord, TaskRecord
from chalicelib.plans.service import (
    as_stored,
    linked_units_kept,
    moment_of,
    months_changed,
    plan_record,
    task_fields,
    unit_names,
    validate_task,
    write_tasks,
)

MAX_ROWS = 80

COLUMNS: dict[str, tuple[str, ...]] = {
    "heading": ("分类", "类别", "工作类别", "项目", "工作项目"),
    "title": ("任务", "工作任务", "任务内容", "工作内容", "具体任务", "活动内容", "工作措施", "主要内容", "具体工作"),
    "unit_ids": ("责任单位", "牵头单位", "责任部门", "承办单位", "实施单位", "主办单位", "配合单位", "协办单位"),
    # Of the unit columns above, those that name the leading units, and those that name the joining ones.
    "lead_unit_ids": ("牵头单位", "主办单位"),
    "join_unit_ids": ("配合单位", "协办单位"),
    "window": ("时间", "完成时限", "时间安排", "时限", "完成时间", "宣传时间", "活动时间", "实施时间", "时间节点"),
    "activity_types": ("活动类型", "类型"),
    "target": ("目标", "目标数", "指标"),
    "area": ("工作领域", "领域"),
}
REQUIRED = ("title", "unit_ids", "window")
LIST_SEPARATORS = re.compile(r"[、，,；;/\s]+")
ROLE_MARK = re.compile(r"[（(]?(牵头|配合)[)）]?$")  # 县民政局（牵头）, 县财政局配合
UPPER_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+[、.．]\s*")  # 一、组织领导: the area
LOWER_HEADING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])\s*")  # （一）, 1.: the grouping
REPORT_COUNT = re.compile(r"^(?:至少|不少于|≥|>=)?\s*(\d+)\s*(?:次|项|场|期|份)?\s*(?:以上)?$")


def import_plan(ctx: Context, principal: Principal, year_text: str, raw: bytes | None) -> ImportResult:
    year = year_param(year_text)
    _, data = uploaded_file(raw, PlanImportForm)
    rows = read_rows(data)
    names = unit_names(ctx)
    forms, errors = _validate_rows(ctx, year, rows, names)
    tasks, links = cast(tuple[list[TaskRecord], list[PlanLink]], ctx.store.plans.of_year(year))
    by_key = {(t["heading"], t["title"]): as_stored(t) for t in tasks}
    puts: list[tuple[TaskRecord, int | None]] = []
    months: set[str] = set()
    created = updated = unchanged = 0
    now = timestamp(ctx.clock)
    position = max((t["position"] for t in tasks), default=0)
    results: list[TaskRecord] = []
    for number, form_row in forms:
        fields = task_fields(form_row)
        current = by_key.get((form_row.heading, form_row.title))
        if current is None:
            position += 1
            # A TaskRecord once its times are added, on the next line.
            task = cast(
                TaskRecord, {"task_id": uuid.uuid4().hex, "year": year, "position": position, **fields, "version": 1}
            )
            task |= {"created_at": now, "updated_at": now}
            puts.append((task, None))
            months |= months_changed(task["window"]["to"])
            created += 1
        elif all(current.get(k) == v for k, v in fields.items()):
            task = current
            unchanged += 1
        else:
            own = [link for link in links if link["task_id"] == current["task_id"]]
            errors += linked_units_kept(current, form_row.unit_ids, own, names, f"rows.{number}.unit_ids")
            task = {**current, **fields, "version": current["version"] + 1, "updated_at": now}
            puts.append((task, current["version"]))
            months |= months_changed(current["window"]["to"], task["window"]["to"])
            updated += 1
        results.append(task)
    if errors:
        raise ValidationFailed(
            errors, f"任务分解表有{len({e['field'].split('.')[1] for e in errors})}行有误，未导入任何任务"
        )
    if puts:  # one entry for the whole import, which is one transaction; a file that changes nothing writes none
        recorded = audit.step(ctx, principal, "plan.imported", plan_record(year), now)
        write_tasks(ctx, puts, [], months, recorded)
    grouped: dict[str, list[PlanLink]] = {}
    for link in links:
        grouped.setdefault(link["task_id"], []).append(link)
    moment: Moment = moment_of(ctx, year)
    return {
        "year": year,
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "tasks": [present(t, grouped.get(t["task_id"], []), moment, names) for t in results],
    }


# --- the sheet -------------------------------------------------------------------------


def read_rows(data: bytes) -> list[tuple[int, SheetRow]]:
    """The task rows of the first sheet: (Excel row number, {field: cell value}); a file-level problem refuses."""
    with first_sheet(data, COLUMNS, REQUIRED, "任务分解表", "任务表") as sheet:
        return _task_rows(sheet)


def _task_rows(sheet: Sheet) -> list[tuple[int, SheetRow]]:
    found: list[tuple[int, SheetRow]] = []
    headings = Headings()
    for number, values in sheet.rows():
        cells = _cells(values, sheet.columns)
        given = {k: v for k, v in cells.items() if v not in (None, "")}
        texts = [text for value in values if (text := cell_text(value))]
        if len(texts) == 1 and headings.starts(texts[0]):
            continue  # a row that only starts a heading, in whichever column
        if given.get("heading"):
            headings.take(str(given["heading"]))
        if not given or set(given) == {"heading"}:
            continue  # an empty row
        found.append((number, {**cells, "heading": headings.current, "area_hint": headings.area}))
    if not found:
        raise ValidationFailed([{"field": "file", "message": "表中没有任务"}])
    if len(found) > MAX_ROWS:
        raise ValidationFailed([{"field": "file", "message": f"一次最多导入{MAX_ROWS}项任务，表中有{len(found)}项"}])
    return found


class Headings:
    """The headings above a row: the upper (一、) names the area, the lower (（一）, or an unnumbered 分类 cell)
    the task's heading; under an upper heading with no lower one yet, the upper is the task's heading too."""

    def __init__(self) -> None:
        self.upper: str | None = None
        self.lower: str | None = None

    def starts(self, text: str) -> bool:
        """Take `text` as a heading; False (and nothing taken) when it is not numbered as one."""
        if UPPER_HEADING.match(text):
            self.upper, self.lower = UPPER_HEADING.sub("", text).strip(), None
            return True
        if LOWER_HEADING.match(text):
            self.lower = LOWER_HEADING.sub("", text).strip()
            return True
        return False

    def take(self, text: str) -> None:
        """A 分类 cell: a numbered heading of its level, or an unnumbered grouping under the upper heading."""
        if not self.starts(text):
            self.lower = text.strip()

    @property
    def current(self) -> str | None:
        return self.lower or self.upper

    @property
    def area(self) -> str | None:
        return self.upper


def _cells(values: tuple[Any, ...], columns: dict[str, list[int]]) -> SheetCells:
    """A row's cells by field: text (units from every unit column together), the time as it is (a date cell
    stays a date)."""

    def at(index: int) -> Any:
        return values[index] if index < len(values) else None

    def joined(indices: list[int]) -> str | None:
        return "、".join(text for index in indices if (text := cell_text(at(index)))) or None

    texts = {field: cell_text(at(columns[field][0])) if field in columns else None for field in COLUMNS}
    cells = cast(SheetCells, {field: text for field, text in texts.items() if field != "join_unit_ids"})
    cells["unit_ids"] = joined(columns["unit_ids"])
    cells["lead_unit_ids"] = joined(_lead_columns(columns))
    cells["window"] = at(columns["window"][0])
    return cells


def _lead_columns(columns: dict[str, list[int]]) -> list[int]:
    """The unit columns that name the leading units: 牵头单位; else, beside 配合单位, the others; else none."""
    if "lead_unit_ids" in columns:
        return columns["lead_unit_ids"]
    if "join_unit_ids" in columns:
        return [index for index in columns["unit_ids"] if index not in columns["join_unit_ids"]]
    return []


# --- the rows ------------------------------------------------------------------------------


def _validate_rows(
    ctx: Context, year: int, rows: list[tuple[int, SheetRow]], names: dict[str, str]
) -> tuple[list[tuple[int, PlanTaskForm]], list[dict[str, str]]]:
    by_name = {name: unit_id for unit_id, name in names.items()}
    forms: list[tuple[int, PlanTaskForm]] = []
    errors: list[dict[str, str]] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in rows:
        row_errors: list[dict[str, str]] = []

        def refuse(field: str, message: str, number: int = number, row_errors: list[dict[str, str]] = row_errors):
            row_errors.append({"field": f"rows.{number}.{field}", "message": f"第{number}行：{message}"})

        body: dict[str, Any] = {"heading": cells["heading"] or "", "title": cells["title"] or ""}
        units = _units(cells["unit_ids"], names, by_name, refuse)
        leads = {u for u, _ in _units(cells["lead_unit_ids"], names, by_name, _refused_already)}
        body["unit_ids"] = list(dict.fromkeys(u for u, _ in units))
        body["lead_unit_ids"] = [u for u, role in units if role == "牵头" or (u in leads and role != "配合")]
        body["window"] = _window(cells["window"], year)
        body["activity_types"] = _types(cells["activity_types"], refuse)
        body["target"] = _target(cells["target"], body["activity_types"], refuse)
        if area := _area(cells["area"], refuse) or area_named(cells["area_hint"]):
            body["area"] = area
        if not row_errors:
            try:
                forms.append((number, validate_task(ctx, PlanTaskForm, year, body)))
            except ValidationFailed as error:
                for item in error.details["errors"]:
                    refuse(item["field"], item["message"])
        key = (body["heading"], body["title"])
        if key in seen and body["title"]:
            refuse("title", f"与第{seen[key]}行的任务重复")
        seen.setdefault(key, number)
        errors += row_errors
    return forms, errors


def _units(text: str | None, names: dict[str, str], by_name: dict[str, str], refuse: Any) -> list[tuple[str, str]]:
    """Each unit a cell names, with the role it is marked with (牵头, 配合, or "")."""
    found = []
    for part in LIST_SEPARATORS.split(text or ""):
        mark = ROLE_MARK.search(part)
        name = part[: mark.start()] if mark else part
        if not name:
            continue
        unit_id = name if name in names else by_name.get(name)
        if unit_id is None:
            refuse("unit_ids", f"不认识的单位“{name}”（应为已登记单位的名称或编号）")
        else:
            found.append((unit_id, mark.group(1) if mark else ""))
    if text and not found:
        refuse("unit_ids", "请填写责任单位")
    return found


def _refused_already(field: str, message: str) -> None:
    """No second refusal: the lead columns are among the unit columns, whose units are checked first."""


def _window(value: Any, year: int) -> Any:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return {"from": value.isoformat(), "to": value.isoformat()}
    return cell_text(value) or ""


def _types(text: str | None, refuse: Any) -> list[str]:
    """Type labels or codes; a label holding a separator (座谈会、茶话会) is matched whole before the rest is split."""
    labels = {}
    for activity in ACTIVITY_TYPES:
        labels[activity.code] = labels[activity.label] = labels[short_label(activity.code)] = activity.code
    rest = text or ""
    found = []
    for label in sorted((label for label in labels if not label.isascii()), key=len, reverse=True):
        if label in rest:
            found.append((rest.index(label), labels[label]))
            rest = rest.replace(label, "、")
    for part in re.split(r"[、，,；;/]+", rest):
        part = part.strip()
        if not part:
            continue
        if part in labels:
            found.append(((text or "").find(part), labels[part]))
        else:
            refuse("activity_types", f"不认识的活动类型“{part}”")
    return [code for _, code in sorted(found, key=lambda hit: hit[0])]


def _area(text: str | None, refuse: Any) -> str | None:
    if not text:
        return None
    by_label = {label: code for code, label in AREAS.items()}
    found = text if text in AREAS else by_label.get(text) or area_named(text)
    if found is None:
        refuse("area", f"不认识的工作领域“{text}”（应为{'、'.join(AREAS.values())}之一）")
    return found


def _target(text: str | None, activity_types: list[str], refuse: Any) -> TargetRecord | None:
    """ "4次" → 4 linked reports; "走访户数16户" → a figure's total; "慰问金6.2万元" → money in yuan."""
    if not text:
        return None
    compact = re.sub(r"\s+", "", text)
    if found := REPORT_COUNT.match(compact):
        return {"figure": "reports", "value": int(found.group(1))}
    choices = figure_choices(activity_types)
    for code, (label, unit, kind) in sorted(choices.items(), key=lambda c: -len(c[1][0])):
        if not compact.startswith(label):
            continue
        amount = re.fullmatch(
            r"(?:至少|不少于|达到)?(\d+(?:\.\d+)?)(万)?" + re.escape(unit) + "?(?:以上)?", compact[len(label) :]
        )
        if amount is None:
            break
        try:
            value = Decimal(amount.group(1)) * (10000 if amount.group(2) else 1)
        except InvalidOperation:
            break
        if kind is FigureKind.MONEY or value == value.to_integral_value():
            return {"figure": code, "value": value if kind is FigureKind.MONEY else int(value)}
        break
    refuse("target", f"无法识别目标“{text}”：可写成“4次”（关联报告数）或“走访户数16户”“慰问金6.2万元”")
    return None
