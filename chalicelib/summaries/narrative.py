"""The 情况汇报 sentences of a month, filled from its summary, in the county's phrasing.

"全区共召开拥军优属座谈会_次，参加座谈会的优抚对象_人 … 全区共走访驻军_次，走访优抚对象_户，
走访慰问资金达_万元" (DOMAIN.md), then a sentence for every other kind of work that has
figures. The county speaks of itself as 全县, 全区, 全市 or 全旗 (tally.py `jurisdiction_of`). A clause
whose figure is zero is left out; money is written in 万元 as the county writes it (20.39万元).
Pure: summary dict in, paragraphs out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal, Never, cast

from chalicelib.core.catalogue import VISIT_TARGETS, short_label
from chalicelib.core.dates import ENDING_SOON_DAYS, date_label
from chalicelib.core.money import to_fen, wan_text
from chalicelib.plans.records import OverdueLine
from chalicelib.summaries.document import Summary
from chalicelib.summaries.parts import (
    Completeness,
    FigureRow,
    Figures,
    Headline,
    MilitaryCases,
    NamedUnit,
    Paragraph,
    ReviewCounts,
    TypeRow,
)
from chalicelib.summaries.preferential_words import preferential_text
from chalicelib.summaries.registry import MONTH, Registry, registry_of

# Per type: the opening clause with the number of activities (None: the figures say it
# all), then a clause per figure, in the order they are read out.
CLAUSES: dict[str, tuple[str | None, dict[str, str]]] = {
    "symposium": ("召开拥军优属座谈会{n}次", {"beneficiary_attendees": "参加座谈会的优抚对象{}人"}),
    "legal_lecture": (
        "开展法治宣传进军营活动{n}次",
        {"attendees": "受教育官兵{}人次", "materials": "发放资料{}份", "consultations": "解答法律咨询{}人次"},
    ),
    "legal_aid": (
        None,
        {"cases": "受理军人军属法律援助案件{}件", "beneficiaries": "受援{}人", "recovered_yuan": "挽回经济损失{}"},
    ),
    "notary": (None, {"notarizations": "办理拥军公证{}件", "fee_waived_yuan": "减免公证费{}"}),
    "mediation": (None, {"disputes": "排查调处涉军矛盾纠纷{}件", "resolved": "调解成功{}件"}),
    "publicity": (
        None,
        {
            "news_items": "刊发双拥新闻报道{}条",
            "broadcasts": "播发广播稿{}篇",
            "slogans": "张贴悬挂宣传标语{}条",
            "materials": "发放宣传资料{}份",
        },
    ),
    "defense_education": ("开展国防教育活动{n}次", {"sessions": "共{}场", "attendees": "受教育{}人次"}),
    "culture": ("开展军地文化交流活动{n}次", {"events": "共{}场", "attendees": "参与{}人次"}),
    "military_training": ("组织军训{n}次", {"trainees": "参训{}人"}),
    "veteran_service": ("开展退役军人服务活动{n}次", {"persons_served": "服务退役军人{}人", "jobs": "帮助就业{}人"}),
    "preferential": ("落实优抚政策{n}项", {"beneficiaries": "受益{}人", "amount_yuan": "涉及金额{}"}),
    "court_case": (
        None,
        {"cases": "受理涉军诉讼案件{}件", "concluded": "审结{}件", "fee_waived_yuan": "缓减免诉讼费{}"},
    ),
    "co_building": ("开展军地共建活动{n}次", {"attendees": "参加{}人次", "projects": "推进共建项目{}个"}),
    "other": ("开展其他双拥活动{n}次", {"attendees": "参加{}人次"}),
}

# The paragraphs of the report and the kinds of work each reads out ("visit" is the headline).
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("组织领导", ("organisation",)),
    ("拥军优属", ("symposium", "visit")),
    ("法律拥军", ("legal_lecture", "legal_aid", "notary", "mediation", "court_case")),
    ("宣传教育", ("publicity", "defense_education", "culture", "military_training")),
    ("退役军人服务和优抚政策落实", ("veteran_service", "preferential")),
    ("军地共建", ("co_building", "other")),
    ("表彰奖励", ("honour",)),
)


def summary_label(summary: Summary) -> str:
    """The period a summary is of, as its documents name it: 2026年8月, 2026年春节, 2026年."""
    return str(summary.get("month_label") or summary.get("period_label") or summary["year_label"])


def paragraphs(summary: Summary) -> list[Paragraph]:
    """The narrative: [{"topic", "text"}], the overview first, then each topic that has work to tell."""
    by_type = {row["activity_type"]: row for row in summary["by_type"]}
    found: list[Paragraph] = [{"topic": "总体情况", "text": _overview(summary)}]
    for topic, kinds in TOPICS:
        sentences = [cases_sentence(summary)] if "court_case" in kinds else []
        sentences += [s for kind in kinds if (s := _sentence(kind, by_type[kind], summary))]
        if "visit" in kinds and summary.get("period") and by_type["visit"]["reports"]:  # a festival's report names whom
            sentences.append(visit_targets(summary))
        if topic == "军地共建" and (agreements := _agreements_sentence(summary)):
            sentences.append(agreements)
        if text := "".join(sentences):
            found.append({"topic": topic, "text": text})
    if summary.get("plan_overdue"):
        found.append({"topic": "计划任务", "text": overdue_text(summary["plan_overdue"], summary["as_of"])})
    return found


def sentence(kind: str, summary: Summary) -> str:
    """The sentence that reads out one kind of work's figures ("" when it had none)."""
    row = next(r for r in summary["by_type"] if r["activity_type"] == kind)
    return _sentence(kind, row, summary)


def work_text(kind: str, summary: Figures) -> str:
    """One kind of work's figures as the sentence reads them out, without who did it and the full stop
    ("走访驻军3次，走访优抚对象144户，走访慰问资金达20.39万元"): what a unit's paragraph says of it."""
    row = next(r for r in summary["by_type"] if r["activity_type"] == kind)
    return _work_text(kind, row, summary)


def overdue_text(tasks: list[OverdueLine], as_of: str) -> str:
    """The overdue tasks as one sentence: "截至2026年8月31日，年度计划中有2项任务时间已过、尚无活动报告：…"."""
    lines = [f"《{t['title']}》（{t['units']}，{t['window']}）" for t in tasks]
    return (
        f"截至{date_label(date.fromisoformat(as_of))}，年度计划中有{len(tasks)}项任务时间已过、尚无活动报告："
        + "；".join(lines)
        + "。"
    )


def _overview(summary: Summary) -> str:
    totals, done = summary["totals"], summary["completeness"]
    label, whole = summary_label(summary), summary["jurisdiction"]
    if totals["reports"]:
        opening = f"{label}，{whole}{opening_figures(summary, registry_of(summary))}。"
    else:
        opening = f"{label}，{whole}未收到双拥活动报告。"
    if done is None:  # days that are not a month: who reported is judged by month
        return opening + summary["completeness_note"] + "。" + review_sentence(summary)
    return opening + completeness_sentence(summary) + review_sentence(summary)


def opening_figures(summary: Summary, registry: Registry) -> str:
    """ "共有5个单位报送双拥活动18项，参加383人次" """
    said = [registry.say(summary, f"totals.{key}") for key in ("units_reporting", "reports", "participants")]
    return f"{said[0]}{said[1]}，{said[2]}"


def completeness_sentence(summary: Summary) -> str:
    """Who reported, and when, in units and in reports: "应报送单位6个，已报送4个，…，未报送1个（县教育局）；
    按时报送4个，逾期报送1个（县司法局）；逾期报告1项。" Before the deadline those who have not filed are
    未报（未到期）, never 未报送."""
    done = cast(Completeness, summary["completeness"])

    def say(key: str) -> str:
        return MONTH.say(summary, f"completeness.{key}")

    reported = [say("expected"), say("reported")]
    if done["nil_reported"]:
        reported.append(say("nil_reported"))
    if done["missing"]:
        reported.append(f"{say('missing')}（{_names(done['missing_units'])}）")
    if done["pending"]:
        reported.append(f"{say('pending')}（{_names(done['pending_units'])}）")
    timely = [say("on_time")]
    if done["late"]:
        timely.append(f"{say('late')}（{_names(done['late_units'])}）")
    if summary["totals"]["reports_late"]:
        timely.append(MONTH.say(summary, "totals.reports_late"))
    return "，".join(reported) + "；" + "，".join(timely) + "。"


def _names(units: Sequence[NamedUnit]) -> str:
    """The units' names; a unit missing because its reports were all returned says so."""
    return "、".join(u["name"] + ("（报告被退回修改）" if u.get("reason") == "returned" else "") for u in units)


def review_sentence(summary: Summary) -> str:
    """What the figures leave out by the office's review: returned reports, and (when only approved reports
    count) those not yet reviewed. Nothing when every report counts."""
    review: ReviewCounts | dict[str, Never] = summary.get("review") or {}  # {}: compiled before reviews
    returned = review.get("returned", 0)
    if review.get("counting") == "approved":
        left_out = [f"待审核{review['pending']}项"] if review.get("pending") else []
        left_out += [f"退回修改{returned}项"] if returned else []
        text = f"按县双拥办的设定，以上数字只计入审核通过的报告（{review.get('approved', 0)}项）"
        return text + (f"，{'、'.join(left_out)}未计入。" if left_out else "。")
    return f"另有{returned}项报告被退回修改，更正前未计入以上数字。" if returned else ""


def _sentence(kind: str, row: TypeRow, summary: Summary) -> str:
    text = _work_text(kind, row, summary)
    if not text:
        return ""
    return text + "。" if kind == "honour" else summary["jurisdiction"] + "共" + text + "。"


def _work_text(kind: str, row: TypeRow, summary: Figures) -> str:
    if not row["reports"]:
        return ""
    if kind == "preferential" and (by_kind := preferential_text(summary)):
        return by_kind
    if kind == "honour":
        return _honours_text(summary)
    if kind == "organisation":
        return _organisation_text(summary, row)
    if kind == "visit":
        clauses = _visit_clauses(summary["headline"])
        fallback = f"开展走访慰问活动{row['reports']}次"
    else:
        opening, per_figure = CLAUSES[kind]
        figures = {f["code"]: f for f in row["figures"]}
        clauses = [opening.format(n=row["reports"])] if opening else []
        clauses += [phrase.format(_value(figures[c])) for c, phrase in per_figure.items() if figures[c]["value"]]
        label = short_label(kind)
        fallback = f"开展{label}活动{row['reports']}次"
    return "，".join(clauses or [fallback])


# 组织领导 by kind: the meetings held are read out together ("召开领导小组会议2次、军地联席会议1次"), the others apart.
HELD_MEETINGS = {"leading_group": "领导小组会议", "joint_meeting": "军地联席会议", "other": "其他双拥工作会议"}
OTHER_ORGANISATION = {"party_committee": "常委会、常务会专题研究双拥工作{}次", "mutual_visit": "开展军地互访{}次"}


def _organisation_text(summary: Figures, row: TypeRow) -> str:
    """ "召开领导小组会议2次、军地联席会议1次，常委会、常务会专题研究双拥工作1次，开展军地互访3次": each kind by its
    会议次数, or by its reports where none was given."""
    times = {r["kind"]: r["meetings"] or r["reports"] for r in summary.get("organisation") or []}
    held = [f"{words}{times[kind]}次" for kind, words in HELD_MEETINGS.items() if kind in times]
    clauses = ["召开" + "、".join(held)] if held else []
    clauses += [phrase.format(times[kind]) for kind, phrase in OTHER_ORGANISATION.items() if kind in times]
    return "，".join(clauses) or f"开展组织领导工作{row['reports']}次"


CASE_PARTS: tuple[tuple[Literal["legal_aid", "mediation", "court"], str], ...] = (
    ("legal_aid", "法律援助"),
    ("mediation", "调解纠纷"),
    ("court", "法院审理"),
)


def cases_sentence(summary: Summary) -> str:
    """ "全区共处理涉军案件9件（其中法律援助2件、调解纠纷3件、法院审理4件）。": legal aid cases, mediated disputes
    and the courts' cases as the one figure the county writes, with its parts; only when two kinds add up to it
    (one kind alone is its own sentence)."""
    cases: MilitaryCases | dict[str, Never] = summary.get("military_cases") or {}
    parts = [(words, cases[key]) for key, words in CASE_PARTS if cases.get(key)]
    if len(parts) < 2:
        return ""
    listed = "、".join(f"{words}{n}件" for words, n in parts)
    return f"{summary['jurisdiction']}共处理涉军案件{sum(n for _, n in parts)}件（其中{listed}）。"


def _honours_text(summary: Figures) -> str:
    """The period's honours: "获得表彰奖励2项：北湖区荣获全国双拥模范县（城）（全国）；…"."""
    honours = summary.get("honours") or []
    if not honours:
        return ""
    listed = "；".join(f"{h['recipient']}荣获{h['honour']}（{h['level_label']}）" for h in honours)
    return f"获得表彰奖励{len(honours)}项：{listed}"


def _visit_clauses(headline: Headline) -> list[str]:
    clauses = []
    if headline["troop_visits"]:
        clauses.append(f"走访驻军{headline['troop_visits']}次")
    households, persons = headline["beneficiary_households"], headline.get("beneficiary_persons_only", 0)
    if households or persons:  # 户次/人次 when a kind was visited more than once: a household may be counted twice
        again = "次" if headline.get("beneficiary_repeat_visits") else ""
        counted = ([f"{households}户{again}"] if households else []) + ([f"{persons}人{again}"] if persons else [])
        clauses.append("走访优抚对象" + "、".join(counted))
    if headline["visit_funds_yuan"]:
        clauses.append(f"走访慰问资金达{headline['visit_funds_text']}")
    if headline["visit_goods_yuan"]:
        clauses.append(f"慰问品折款{wan_text(to_fen(headline['visit_goods_yuan']))}")
    return clauses


def visit_targets(summary: Figures) -> str:
    """Whom the visits went to, each in its own measure: troops in 次 (and 个单位 where given), enterprises in 家,
    others in 户 or, where households were not given, 人; 户次/人次 when a kind was visited more than once."""
    parts = []
    for row in summary["by_target"]:
        if not row["reports"]:
            continue
        label, again = VISIT_TARGETS[row["target"]], "次" if row["reports"] > 1 else ""
        if row["target"] == "troops":
            counted = f"走访慰问{label}{row['reports']}次" + (
                f"、{row['households']}个单位" if row["households"] else ""
            )
        elif row["target"] == "enterprises":
            counted = f"{label}{row['households']}家" if row["households"] else f"{label}{row['reports']}次"
        elif row["households"] or row["persons"]:
            households = [f"{row['households']}户{again}"] if row["households"] else []
            persons = [f"{'慰问' if households else ''}{row['persons']}人{again}"] if row["persons"] else []
            counted = label + "、".join(households + persons)
        else:
            counted = f"{label}{row['reports']}次"
        money = f"，慰问金{wan_text(to_fen(row['funds_yuan']))}" if row["funds_yuan"] else ""
        parts.append(counted + money)
    return "其中：" + "；".join(parts) + "。" if parts else ""


def _value(figure: FigureRow) -> str:
    if figure["kind"] == "money":
        return wan_text(to_fen(figure["value"]))
    return str(figure["value"])


def _agreements_sentence(summary: Summary) -> str:
    """The agreements in force on the period's last day, those of them ending within 60 days of it, and those
    signed by then that start later."""
    co_building = summary["co_building"]
    active, waiting = co_building["active"], co_building["not_yet_in_force"]
    if not active and not waiting:
        return ""
    as_of = date_label(date.fromisoformat(co_building["as_of"]))
    if active:
        sentence = f"截至{as_of}，{summary['jurisdiction']}现有有效军地共建协议{active}份"
        ending = [a for a in co_building["agreements"] if a["ending_soon"]]
        if ending:
            titles = "、".join(f"《{a['title']}》" for a in ending)
            sentence += f"，其中{len(ending)}份将于{ENDING_SOON_DAYS}日内到期（{titles}）"
        if waiting:
            sentence += f"，另有{waiting}份已签订、尚未生效"
    else:
        sentence = f"截至{as_of}，{summary['jurisdiction']}已签订、尚未生效的军地共建协议{waiting}份"
    if co_building["reports"]:
        sentence += f"；{'本月' if summary.get('month') else '本期间'}依托共建协议开展活动{co_building['reports']}次"
    return sentence + "。"
