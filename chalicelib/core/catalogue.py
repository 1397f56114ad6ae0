"""The activity types of DOMAIN.md and their figures, as data.

Everything that knows about a type (the report models, the form schemas, the
summaries and their narrative) reads this catalogue, so a new type or figure is
added here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FigureKind(StrEnum):
    COUNT = "count"  # a whole number >= 0
    MONEY = "money"  # yuan with at most two decimals


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    unit: str
    kind: FigureKind = FigureKind.COUNT


@dataclass(frozen=True)
class Choice:
    """A field of a type's metrics that is not a figure: one of `options` (code, label), or, without options,
    a line of text. `default` is what a report that leaves it out (or was stored before it) reads as."""

    code: str
    label: str
    options: tuple[tuple[str, str], ...] = ()
    required: bool = False
    default: str | None = None


@dataclass(frozen=True)
class ActivityType:
    code: str
    label: str
    figures: tuple[Figure, ...]
    # (smaller, larger): the first figure can never exceed the second.
    bounded_by: tuple[tuple[str, str], ...] = ()
    choices: tuple[Choice, ...] = ()


def _count(code: str, label: str, unit: str) -> Figure:
    return Figure(code, label, unit, FigureKind.COUNT)


def _money(code: str, label: str) -> Figure:
    return Figure(code, label, "元", FigureKind.MONEY)


# 走访对象. The first five are 优抚对象: their households make "走访优抚对象_户".
VISIT_TARGETS: dict[str, str] = {
    "troops": "驻军部队",
    "martyr_families": "烈属",
    "military_families": "军属",
    "disabled_veterans": "伤残军人",
    "veterans": "退役军人",
    "demobilized": "在乡老复员军人",
    "retired_cadres": "军队离退休干部",
    "enterprises": "涉军困难企业",
    "other": "其他",
}
BENEFICIARY_TARGETS: frozenset[str] = frozenset(
    {"martyr_families", "military_families", "disabled_veterans", "veterans", "demobilized"}
)

# 优抚政策落实 by kind: each is a sentence of its own in the 情况汇报.
PREFERENTIAL_CATEGORIES: dict[str, str] = {
    "medical": "医疗费报销",
    "allowance": "优待金",
    "pension": "抚恤补助",
    "education": "子女入学优待",
    "litigation": "诉讼费缓减免",
    "housing": "住房",
    "other": "其他",
}
# 组织领导 by kind: the meetings and visits that open a 年度工作总结, each read out on its own.
ORGANISATION_KINDS: dict[str, str] = {
    "leading_group": "领导小组会议",
    "party_committee": "常委会、常务会专题研究",
    "joint_meeting": "军地联席会议",
    "mutual_visit": "军地互访",
    "other": "其他",
}
HONOUR_LEVELS: dict[str, str] = {"national": "全国", "provincial": "省级", "city": "市级", "county": "县级"}


ACTIVITY_TYPES: tuple[ActivityType, ...] = (
    ActivityType(
        "legal_lecture",
        "法治宣传进军营（送法进军营）",
        (
            _count("attendees", "受教育官兵", "人次"),
            _count("materials", "发放资料", "份"),
            _count("consultations", "解答法律咨询", "人次"),
        ),
    ),
    ActivityType(
        "legal_aid",
        "军人军属法律援助",
        (
            _count("cases", "受理援助案件", "件"),
            _count("beneficiaries", "受援人数", "人"),
            _money("recovered_yuan", "挽回经济损失"),
        ),
    ),
    ActivityType(
        "notary",
        "公证拥军",
        (_count("notarizations", "办理公证", "件"), _money("fee_waived_yuan", "减免公证费")),
    ),
    ActivityType(
        "mediation",
        "涉军矛盾纠纷调解",
        (_count("disputes", "排查调处纠纷", "件"), _count("resolved", "调解成功", "件")),
        bounded_by=(("resolved", "disputes"),),
    ),
    ActivityType(
        "visit",
        "走访慰问",
        (
            _count("households", "走访户数", "户"),
            _count("persons", "慰问人数", "人"),
            _money("funds_yuan", "慰问金"),
            _money("goods_yuan", "慰问品折款"),
        ),
    ),
    ActivityType(
        "symposium",
        "座谈会、茶话会",
        (
            _count("attendees", "参加人数", "人"),
            _count("beneficiary_attendees", "其中优抚对象", "人"),
        ),
        bounded_by=(("beneficiary_attendees", "attendees"),),
    ),
    ActivityType(
        "defense_education",
        "国防教育",
        (_count("attendees", "受教育人数", "人次"), _count("sessions", "场次", "场")),
    ),
    ActivityType(
        "culture",
        "军地文化交流（文艺演出、书画展览、体育比赛）",
        (_count("attendees", "参与人数", "人次"), _count("events", "场次", "场")),
    ),
    ActivityType(
        "veteran_service",
        "退役军人服务（安置、就业、培训）",
        (_count("persons_served", "服务人数", "人"), _count("jobs", "帮助就业", "人")),
    ),
    ActivityType(
        "publicity",
        "双拥宣传",
        (
            _count("news_items", "新闻报道", "条"),
            _count("broadcasts", "广播稿", "篇"),
            _count("slogans", "宣传标语", "条"),
            _count("materials", "宣传资料", "份"),
        ),
    ),
    ActivityType("military_training", "军训", (_count("trainees", "参训人数", "人"),)),
    ActivityType(
        "preferential",
        "优抚政策落实（子女入学优待、诉讼费缓减免等）",
        (
            _count("beneficiaries", "受益人数", "人"),
            _count("households", "发放户数", "户"),
            _money("amount_yuan", "涉及金额"),
        ),
        choices=(
            Choice("category", "优抚项目", tuple(PREFERENTIAL_CATEGORIES.items()), default="other"),
            Choice("target", "受益对象", tuple(VISIT_TARGETS.items())),
        ),
    ),
    ActivityType(
        "co_building",
        "军地共建活动",
        (_count("attendees", "参加人数", "人次"), _count("projects", "共建项目", "个")),
    ),
    ActivityType(
        "court_case",
        "涉军案件审理",
        (
            _count("cases", "受理涉军案件", "件"),
            _count("concluded", "审结", "件"),
            _money("fee_waived_yuan", "缓减免诉讼费"),
        ),
        bounded_by=(("concluded", "cases"),),
    ),
    ActivityType(
        "honour",
        "表彰奖励",
        (),
        choices=(
            Choice("level", "级别", tuple(HONOUR_LEVELS.items()), required=True),
            Choice("honour", "荣誉名称", required=True),
            Choice("recipient", "获奖单位或个人", required=True),
        ),
    ),
    ActivityType(
        "organisation",
        "组织领导",
        (_count("meetings", "会议次数", "次"),),
        choices=(Choice("kind", "类别", tuple(ORGANISATION_KINDS.items()), required=True),),
    ),
    ActivityType("other", "其他", (_count("attendees", "参加人数", "人次"),)),
)

ACTIVITY_TYPE_BY_CODE: dict[str, ActivityType] = {t.code: t for t in ACTIVITY_TYPES}


# The areas of a county's 双拥 work, in the order a 年度工作总结 and a plan take them (DOMAIN.md).
AREAS: dict[str, str] = {
    "organisation": "组织领导",
    "publicity": "宣传教育",
    "support": "拥军优属",
    "legal": "法律拥军",
    "co_building": "军地共建",
    "veterans": "退役军人服务",
    "other": "其他工作",
}
# Each activity type's area.
TYPE_AREAS: dict[str, str] = {
    "legal_lecture": "legal",
    "legal_aid": "legal",
    "notary": "legal",
    "mediation": "legal",
    "visit": "support",
    "symposium": "support",
    "defense_education": "publicity",
    "culture": "co_building",
    "veteran_service": "veterans",
    "publicity": "publicity",
    "military_training": "publicity",
    "preferential": "support",
    "co_building": "co_building",
    "court_case": "legal",
    "honour": "organisation",
    "organisation": "organisation",
    "other": "other",
}
# The words that name an area in a plan's headings, tried in this order (法律拥军 is legal, not support).
AREA_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("organisation", ("组织", "领导", "机制", "考核", "联席")),
    ("legal", ("法律", "法治", "司法", "维权", "涉军案件")),
    ("veterans", ("退役", "安置", "就业", "复员")),
    ("publicity", ("宣传", "教育", "国防", "舆论")),
    ("co_building", ("共建", "军地", "共育", "支持部队", "支援部队", "支持国防")),
    ("support", ("拥军", "优属", "优抚", "慰问", "走访", "优待", "军属")),
)


def area_named(text: str | None) -> str | None:
    """The area a heading's words name ("二、加强法律拥军" → legal), or None."""
    for area, words in AREA_WORDS:
        if text and any(word in text for word in words):
            return area
    return None


def area_for(heading: str | None, activity_types: list[str]) -> str:
    """A plan task's area when the office has not chosen one: what its heading names, else its first
    activity type's area, else 其他工作."""
    return area_named(heading) or next((TYPE_AREAS[t] for t in activity_types if t in TYPE_AREAS), "other")


def area_types(area: str) -> list[str]:
    """The activity types of an area in the order a summary reads them out: the area's namesake first (组织领导's
    meetings open the 年度工作总结; 双拥宣传 before 国防教育), then the catalogue's order."""
    found = [a.code for a in ACTIVITY_TYPES if TYPE_AREAS[a.code] == area]
    return sorted(found, key=lambda code: code != area)


def short_label(activity_type: str) -> str:
    """The type's label without its parenthesis: "法治宣传进军营（送法进军营）" → "法治宣传进军营"."""
    return ACTIVITY_TYPE_BY_CODE[activity_type].label.split("（")[0]


UNIT_KINDS: dict[str, str] = {
    "bureau": "局/委/办",
    "court": "法院/检察院",
    "street": "街道办事处",
    "township": "乡镇",
    "enterprise": "企业",
    "other": "其他",
}
