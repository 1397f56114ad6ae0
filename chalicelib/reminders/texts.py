"""The words of the reminder e-mails, in Chinese, as plain text and as HTML.

Each letter is written once as a short list of blocks (paragraphs, lists,
links) and rendered twice, so the text part and the HTML part always say the
same thing. A unit's letter names that unit only; other units appear in the
county office's digest alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from chalicelib.core.dates import date_label, month_label
from chalicelib.mail.sender import Email
from chalicelib.reports.records import ReviewRecord, ShownReport, StoredReport
from chalicelib.units.records import UnitRecord

PREFIX = "【双拥填报】"
FOOTER = "（本邮件由双拥填报系统自动发送，请勿直接回复。）"


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Items:
    title: str
    items: list[str]


@dataclass(frozen=True)
class Link:
    label: str
    url: str


Block = Para | Items | Link


def letter(to: tuple[str, ...], subject: str, greeting: str, blocks: list[Block], signature: str) -> Email:
    subject = PREFIX + " ".join(subject.split())  # a title typed with a line break must not break the header
    return Email(
        to=to,
        subject=subject,
        text=_text(greeting, blocks, signature),
        html=_html(subject, greeting, blocks, signature),
    )


def _text(greeting: str, blocks: list[Block], signature: str) -> str:
    parts = [greeting]
    for block in blocks:
        if isinstance(block, Para):
            parts.append(block.text)
        elif isinstance(block, Items):
            parts.append("\n".join([block.title, *(f"  · {item}" for item in block.items)]))
        else:
            parts.append(f"{block.label}：{block.url}")
    parts.append(f"{signature}\n{FOOTER}")
    return "\n\n".join(parts) + "\n"


def _html(title: str, greeting: str, blocks: list[Block], signature: str) -> str:
    body = [f"<p>{escape(greeting)}</p>"]
    for block in blocks:
        if isinstance(block, Para):
            body.append(f"<p>{escape(block.text)}</p>")
        elif isinstance(block, Items):
            items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
            body.append(f"<p>{escape(block.title)}</p><ul>{items}</ul>")
        else:
            body.append(f'<p>{escape(block.label)}：<a href="{escape(block.url)}">{escape(block.url)}</a></p>')
    body.append(f'<p>{escape(signature)}<br><span style="color:#888">{escape(FOOTER)}</span></p>')
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>"
        '<body style="font-family:sans-serif;font-size:15px;line-height:1.6">' + "".join(body) + "</body></html>\n"
    )


def _form_link(public_url: str) -> Link:
    return Link("填报页面", f"{public_url}/")


HOW_TO_OPEN = "请使用本单位填报员的专用填报链接打开；如链接遗失，请联系县双拥办重新签发。"


def missing(
    unit: UnitRecord,
    month: str,
    deadline: date,
    lock_date: date,
    month_over: bool,
    public_url: str,
    signature: str,
    returned: bool = False,
) -> Email:
    """To a unit that has neither a report nor a nil report for the month (`returned`: its only reports
    were returned for correction, so it has not reported yet)."""
    label = month_label(month)
    if returned:
        subject = f"请更正退回修改的{label}双拥活动报告"
        opening = (
            f"贵单位{label}报送的双拥活动报告均已被县双拥办退回修改，更正之前视为尚未填报。"
            f"请按审核意见更正后提交，最迟不晚于{date_label(deadline)}（截止日期）。"
        )
    elif month_over:
        subject = f"请于{date_label(deadline)}前填报{label}双拥活动"
        opening = f"贵单位尚未填报{label}的双拥活动情况。填报截止日期为{date_label(deadline)}，逾期填报将记为迟报。"
    else:
        subject = f"{label}即将结束，请及时填报本月双拥活动"
        opening = (
            f"贵单位尚未填报{label}的双拥活动情况。本月开展的活动请及时填报，"
            f"最迟不晚于{date_label(deadline)}（截止日期），逾期填报将记为迟报。"
        )
    blocks: list[Block] = [Para(opening), _form_link(public_url), Para(HOW_TO_OPEN)]
    if not returned:
        blocks.append(Para(f"如{label}贵单位没有开展双拥活动，请在填报页面选择“本月无活动”并提交，即视为已填报。"))
    blocks.append(Para(f"{date_label(lock_date)}之后，{label}的填报将锁定，填报员不能再填报或修改。"))
    return letter(tuple(unit["emails"]), subject, f"{unit['name']}：", blocks, signature)


def returned(report: StoredReport | ShownReport, unit: UnitRecord, public_url: str, signature: str) -> Email:
    """To the unit of a report the county office returned for correction (退回修改), at once."""
    label = month_label(report["month"])
    day = date_label(date.fromisoformat(report["occurred_on"]))
    review: ReviewRecord | dict[str, str] = report.get("review") or {}  # a report stored before reviews has none
    comment = str(review.get("comment") or "")
    blocks: list[Block] = [
        Para(
            f"贵单位报送的{label}双拥活动报告《{report['title']}》（活动日期{day}）经县双拥办审核，需要修改后重新提交。"
        ),
        Items("审核意见：", [line for line in comment.splitlines() if line.strip()] or [comment]),
        Link("报告页面", f"{public_url}/#report={report['report_id']}"),
        Para(HOW_TO_OPEN),
        Para(
            "请在填报页面打开该报告，按审核意见更正后提交，更正后的报告将重新审核。"
            "退回修改的报告在更正之前不计入汇总；如该月已锁定、无法更正，请联系县双拥办。"
        ),
    ]
    subject = f"报告退回修改：{report['title']}"
    return letter(tuple(unit.get("emails") or ()), subject, f"{unit['name']}：", blocks, signature)


def collection_due(
    title: str, due_on: date, today: date, returned: bool, unit: UnitRecord, public_url: str, signature: str
) -> Email:
    """To a unit that has not submitted the document a collection asks for (`returned`: its file was returned
    for correction), on the days before the due date the collection names."""
    days = (due_on - today).days
    when = "今天" if days == 0 else f"还有{days}天"
    state = "提交的材料已被退回修改，尚未重新提交" if returned else "尚未提交"
    blocks: list[Block] = [
        Para(f"县双拥办正在收集《{title}》，截止日期为{date_label(due_on)}（{when}截止）。贵单位{state}。"),
        Para("请在填报页面上传本单位的定稿（DOC、DOCX、WPS 或 PDF 文件，不超过20 MB）并提交。"),
        _form_link(public_url),
        Para(HOW_TO_OPEN),
    ]
    subject = f"请于{date_label(due_on)}前报送《{title}》"
    return letter(tuple(unit.get("emails") or ()), subject, f"{unit['name']}：", blocks, signature)


def collection_returned(
    title: str, due_on: date, comment: str, unit: UnitRecord, public_url: str, signature: str
) -> Email:
    """To a unit whose file the county office returned for correction, at once."""
    blocks: list[Block] = [
        Para(f"贵单位报送的《{title}》经县双拥办审阅，需要修改后重新提交。"),
        Items("审阅意见：", [line for line in comment.splitlines() if line.strip()] or [comment]),
        Para(f"请修改后在填报页面重新上传并提交（截止日期{date_label(due_on)}）；此前提交的文件仍留在记录中。"),
        _form_link(public_url),
        Para(HOW_TO_OPEN),
    ]
    return letter(tuple(unit.get("emails") or ()), f"材料退回修改：{title}", f"{unit['name']}：", blocks, signature)


def agreement_ending(agreement: dict[str, Any], unit: UnitRecord, public_url: str, signature: str) -> Email:
    """To the local unit of a co-building agreement that ends within 60 (or 30) days."""
    ends = date.fromisoformat(agreement["valid_to"])
    days = agreement["ends_in_days"]
    blocks: list[Block] = [
        Para(
            f"贵单位与{agreement['military_unit']}签订的《{agreement['title']}》有效期至{date_label(ends)}，"
            f"还有{days}天到期。"
        ),
        Para(
            "请及早与部队协商续签事宜；续签后请将新的协议报县双拥办登记。"
            "协议期内开展的共建活动，请在填报时选择该协议，以便统计。"
        ),
        _form_link(public_url),
    ]
    subject = f"共建协议将于{date_label(ends)}到期（还有{days}天）：{agreement['title']}"
    return letter(tuple(unit["emails"]), subject, f"{unit['name']}：", blocks, signature)


def campaign(name: str, day: date, today: date, unit: UnitRecord, public_url: str, signature: str) -> Email:
    """To every active unit, ahead of a date the county plans around."""
    blocks: list[Block] = [
        Para(
            f"距{name}（{date_label(day)}）还有{(day - today).days}天。请提前谋划，"
            "安排好走访慰问驻地部队、烈军属、伤残军人和退役军人等双拥活动。"
        ),
        Para(
            "活动开展后，请及时在填报系统中逐项填报（活动类型如“走访慰问”“座谈会、茶话会”等），"
            "如实填写走访户数、慰问人数、慰问金额等数据，并上传活动照片。"
        ),
        _form_link(public_url),
        Para(HOW_TO_OPEN),
    ]
    subject = f"{name}（{date_label(day)}）双拥活动提醒"
    return letter(tuple(unit["emails"]), subject, f"{unit['name']}：", blocks, signature)


def digest(
    to: tuple[str, ...],
    month: str,
    deadline: date,
    lock_date: date,
    counts: dict[str, int],
    missing_units: list[str],
    late_units: list[str],
    ending_agreements: list[str],
    unreachable_units: list[str],
    public_url: str,
    signature: str,
) -> Email:
    """To the county office, after the deadline: who has not reported, who was late, what ends soon."""
    label = month_label(month)
    blocks: list[Block] = [
        Para(
            f"{label}的双拥活动填报已于{date_label(deadline)}截止。参加填报的{counts['total']}个单位中，"
            f"按时填报{counts['on_time']}个，迟报{counts['late']}个，未报{counts['missing']}个。"
        )
    ]
    if missing_units:
        blocks.append(Items("未报单位（既无活动报告，也未填报本月无活动）：", missing_units))
    if late_units:
        blocks.append(Items("迟报单位（截止日期之后才填报）：", late_units))
    if ending_agreements:
        blocks.append(Items("60天内到期的共建协议：", ending_agreements))
    if unreachable_units:
        blocks.append(
            Items("以下单位未登记联系邮箱，系统无法向其发送提醒，请电话催报并在单位管理中补充邮箱：", unreachable_units)
        )
    blocks += [
        Link(f"{label}汇总", f"{public_url}/admin#summary={month}"),
        Para(
            f"{date_label(lock_date)}之后，{label}的填报将锁定，填报员不能再补报；确需补报的，可由县双拥办重新开放该月。"
        ),
    ]
    summary = f"{counts['missing']}个单位未报" if counts["missing"] else "全部单位已报"
    subject = f"{label}填报情况：{summary}"
    return letter(to, subject, "县双拥办：", blocks, signature)
