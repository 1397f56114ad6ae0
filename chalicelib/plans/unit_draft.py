"""A member unit's 双拥工作要点 for a year, drafted as a Word document (GB/T 9704, files/documents.py) from the
county's plan tasks of that year given to the unit and from what the unit did the year before.

The draft reads like the 要点 a unit writes by hand (DOMAIN.md, "What a member unit writes"): the title
县司法局2027年双拥工作要点（草稿）; an opening paragraph (the guiding idea in one sentence, then
"结合我局实际，制定2027年双拥工作要点如下："); then a section per area of work in the unit's words (SECTIONS)
that has an item, each item numbered 1. 2. …:
- a task of the year's plan given to the unit, in plan order: its title, who leads it and who joins (牵头,
  配合, as the task keeps it; a task that names no lead says only who is responsible), its window as the
  plan words it (春节前, 八一期间, 每季度) and its target;
- then, for each activity type the unit reported in the year before that none of its tasks expects, in the
  catalogue's order: "继续开展法治宣传进军营活动，全年不少于3次。", with the number of the unit's reports of
  that type in that year, counted as the county's summaries count them (the settings' `count`).
A unit with no task in the year's plan says so after the opening: its items come from the year before alone.
Honours (表彰奖励) are received, not planned: they make no item. The file is put under the bucket's plans/
prefix, re-made on each request, and answered as a short-lived link.
"""

from __future__ import annotations

from collections import Counter
from typing import cast

from chalicelib.calendar import month_status
from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.catalogue import ACTIVITY_TYPES, AREAS, TYPE_AREAS, area_for
from chalicelib.core.dates import year_months
from chalicelib.core.errors import NotFound
from chalicelib.core.validation import year_param
from chalicelib.files.bucket import PublishedFile, filename, plan_key
from chalicelib.files.documents import DOCX, add_paragraphs, document_bytes, new_document, write_sections
from chalicelib.plans.progress import target_label
from chalicelib.plans.records import TaskRecord
from chalicelib.plans.service import unit_names
from chalicelib.reports.models import counts

# The sections of a unit's 要点, in the unit's words, and the areas of work (core/catalogue.py AREAS) each holds.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("强化组织领导，完善双拥工作机制", ("organisation",)),
    ("加强宣传教育，营造浓厚双拥氛围", ("publicity",)),
    ("发挥职能作用，服务部队建设和军人军属", ("support", "legal")),
    ("做好退役军人服务", ("veterans",)),
    ("加强军地共建", ("co_building",)),
    ("做好其他双拥工作", ("other",)),
)
assert sorted(a for _, areas in SECTIONS for a in areas) == sorted(AREAS)  # every area has its section

# What a unit plans to go on doing, by the type of what it did: "继续{…}，全年不少于N次".
CONTINUED: dict[str, str] = {
    "legal_lecture": "开展法治宣传进军营活动",
    "legal_aid": "开展军人军属法律援助",
    "notary": "开展公证拥军服务",
    "mediation": "开展涉军矛盾纠纷排查调处",
    "visit": "开展走访慰问活动",
    "symposium": "召开拥军优属座谈会、茶话会",
    "defense_education": "开展国防教育活动",
    "culture": "开展军地文化交流活动",
    "veteran_service": "开展退役军人服务活动",
    "publicity": "开展双拥宣传活动",
    "military_training": "组织军训",
    "preferential": "落实优抚政策",
    "co_building": "开展军地共建活动",
    "court_case": "依法办理涉军案件",
    "organisation": "召开双拥工作会议、研究部署双拥工作",
    "other": "开展其他双拥活动",
}

# How a unit calls itself, by the end of its name (县司法局 → 我局, 县人民法院 → 我院, 城关镇 → 我镇).
SELF_WORDS: tuple[tuple[str, str], ...] = (
    ("街道办事处", "我街道"),
    ("街道", "我街道"),
    ("公司", "我公司"),
    ("局", "我局"),
    ("院", "我院"),
    ("委", "我委"),
    ("办", "我办"),
    ("部", "我部"),
    ("镇", "我镇"),
    ("乡", "我乡"),
)


def self_word(name: str) -> str:
    return next((word for ending, word in SELF_WORDS if name.endswith(ending)), "我单位")


def draft(ctx: Context, principal: Principal, unit_id: str, year_text: str) -> PublishedFile:
    """Write the unit's 要点 of the year and answer its link; a reporter's other unit is not found."""
    principal.require_unit(unit_id, "单位")
    year = year_param(year_text)
    names = unit_names(ctx)
    if unit_id not in names:
        raise NotFound("未找到该单位")
    tasks = cast(list[TaskRecord], ctx.store.plans.of_year(year)[0])
    done = _reports_by_type(ctx, unit_id, year - 1)
    title = f"{names[unit_id]}{year}年双拥工作要点（草稿）"
    data = document(title, names, unit_id, year, tasks, done, ctx.config.county_name)
    name = filename(f"{names[unit_id]}{year}年双拥工作要点", "草稿", suffix=".docx")
    return ctx.bucket.publish(plan_key(ctx.org, year, f"drafts/{unit_id}.docx"), data, name, DOCX)


def _reports_by_type(ctx: Context, unit_id: str, year: int) -> Counter[str]:
    """How many of the unit's reports of the year count, by type, as the county's summaries count them."""
    counting = month_status.settings(ctx).count
    return Counter(
        str(report["activity_type"])
        for month in year_months(year)
        for report in ctx.store.reports.of_month(month, unit_id)
        if counts(report, counting)
    )


def document(
    title: str,
    names: dict[str, str],
    unit_id: str,
    year: int,
    tasks: list[TaskRecord],
    done: Counter[str],
    county: str,
) -> bytes:
    """The 要点's Word file: the opening, a word on where its items come from when the plan gives none, the
    sections with their numbered items."""
    me = self_word(names[unit_id])
    own = sorted((t for t in tasks if unit_id in t["unit_ids"]), key=lambda t: t["position"])
    expected = {code for task in own for code in task["activity_types"]}
    items: dict[str, list[str]] = {area: [] for area in AREAS}
    for task in own:
        items[task.get("area") or area_for(task["heading"], task["activity_types"])].append(
            _task_item(task, unit_id, me, names)
        )
    for code in (activity.code for activity in ACTIVITY_TYPES):
        if done[code] and code in CONTINUED and code not in expected:
            items[TYPE_AREAS[code]].append(f"继续{CONTINUED[code]}，全年不少于{done[code]}次。")
    sections = [
        (words, [f"{n}.{item}" for n, item in enumerate((i for a in areas for i in items[a]), start=1)])
        for words, areas in SECTIONS
    ]
    opening = [
        f"{year}年，{me}将坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻习近平强军思想，认真落实"
        f"县委、县政府和县双拥办关于双拥工作的部署要求，结合{me}实际，制定{year}年双拥工作要点如下："
    ]
    if not own:
        plan = f"{year}年任务分解表中暂无{me}承担的任务" if tasks else f"{year}年任务分解表尚未下达"
        found = any(lines for _, lines in sections)
        source = (
            f"以下各项依据{me}{year - 1}年填报的双拥活动拟定"
            if found
            else f"{me}{year - 1}年填报的双拥活动中没有可列入的事项"
        )
        opening.append(f"{plan}，{source}，待任务下达后补充完善。")
    note = f"（据{year}年任务分解表和本单位{year - 1}年填报的双拥活动生成，请修改完善）"
    written = new_document(title, note)
    add_paragraphs(written, opening)
    write_sections(written, [(words, lines) for words, lines in sections if lines])
    return document_bytes(written, title, county)


def _task_item(task: TaskRecord, unit_id: str, me: str, names: dict[str, str]) -> str:
    """ "开展法治宣传进军营活动。由我局牵头，县教育局配合；时间：八一期间；目标：活动2次。" """
    leads = [u for u in task.get("lead_unit_ids", []) if u in task["unit_ids"]]

    def named(units: list[str]) -> str:
        return "、".join(me if u == unit_id else names.get(u, u) for u in units)

    others = [u for u in task["unit_ids"] if u not in leads]
    if leads:
        role = f"由{named(leads)}牵头" + (f"，{named(others)}配合" if others else "")
    else:
        role = f"由{named(task['unit_ids'])}{'共同' if len(task['unit_ids']) > 1 else ''}负责"
    parts = [role, f"时间：{task['window']['text']}"]
    if target := target_label(task):
        parts.append(f"目标：{target}")
    return f"{task['title'].rstrip('。；;，,')}。{'；'.join(parts)}。"
