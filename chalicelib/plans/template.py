"""The 任务分解表's empty template: the header row the importer reads (task_import.COLUMNS' first names: the
units in two columns, 牵头单位 and 配合单位) and one example row that imports as it is (its units are the
county's: the first leads, the second joins), as an .xlsx link."""

from __future__ import annotations

from chalicelib.context import Context
from chalicelib.core.catalogue import AREAS, short_label
from chalicelib.core.validation import year_param
from chalicelib.files.bucket import PublishedFile, filename, plan_key
from chalicelib.files.spreadsheets import XLSX, add_sheet, new_workbook, workbook_bytes
from chalicelib.plans.task_import import COLUMNS

FIELDS = ("heading", "title", "lead_unit_ids", "join_unit_ids", "window", "activity_types", "target", "area")
WIDTHS = (14, 36, 18, 24, 20, 20, 12, 14)
NO_UNITS_YET = "县司法局"  # the example's unit when the county has registered none


def example_row(lead: str, joining: str) -> list[str]:
    return [
        "法律拥军",
        "开展法治宣传进军营活动",
        lead,
        joining,
        "7月20日至8月20日",
        short_label("legal_lecture"),
        "2次",
        AREAS["legal"],
    ]


def template_bytes(lead: str, joining: str) -> bytes:
    workbook = new_workbook()
    add_sheet(workbook, "任务分解表", [COLUMNS[f][0] for f in FIELDS], [example_row(lead, joining)], WIDTHS)
    return workbook_bytes(workbook)


def download(ctx: Context, year_text: str) -> PublishedFile:
    """Put the template in the bucket and answer its short-lived link."""
    year = year_param(year_text)
    names = sorted(u["name"] for u in ctx.store.units.all() if u.get("active", True))
    data = template_bytes(names[0] if names else NO_UNITS_YET, "、".join(names[1:2]))
    name = filename(f"{year}年任务分解表", "模板", suffix=".xlsx")
    return ctx.bucket.publish(plan_key(ctx.org, year, "template.xlsx"), data, name, XLSX)
