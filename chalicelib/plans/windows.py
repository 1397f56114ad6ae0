"""A plan task's window: the Chinese phrases of a 任务分解表 turned into dates (pure).

A window is a first and a last day, both inside the plan's year. The phrases read:

| phrase | window |
|---|---|
| 全年, 年内, 年底前, 每年 | the whole year (年底前: any time up to 12月31日) |
| 上半年, 下半年, 第二季度 (二季度) | 1–6月, 7–12月, the quarter's three months |
| 年初, 年中, 年底 (年末, 年终) | 1–2月, 6–7月, 12月 |
| 5月 (五月, 每年5月, 5月_日 with the day left blank) | 5月1日–5月31日 |
| 4月上旬, 中旬, 下旬 | days 1–10, 11–20, 21–end; 上中旬 1–20, 中下旬 11–end; 月初 = 上旬, 月底/月末 = 下旬 |
| 5月10日, 2026-05-10, 5月10 | that day |
| A至B (or 到, -, ~) | A's first day to B's last: 4月下旬至5月 is 4月21日–5月31日; 4至5月, 7月20至8月20日 |
| …前 (6月底前, 5月10日前, 5月上旬前) | 1月1日 to that span's last day; a bare month (6月前) is ambiguous: refused |
| 春节前, 八一前 | the 30 days before the day (春节 from the campaign calendar, which has its date per year) |
| 八一前后, 春节前后 | the fortnight around the day: 7 days before to 6 days after (八一前后: 7月25日–8月7日) |
| 八一, 国庆 | that day |

| 每季度, 每月 | several windows: the four quarters, the twelve months (`parse_windows`) |

A leading 2026年 is allowed when it is the plan's year, and a phrase may stand in
brackets, （7月20至8月20日）. Campaign windows that reach
outside the year are cut at its edge (春节前 in a year whose 春节 is in January starts
on 1月1日). Anything else is refused with a message naming what to write instead;
the caller names the field (`window`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from chalicelib.core.dates import last_day

BEFORE_DAYS = 30  # 春节前, 八一前: the month before the day
AROUND_BEFORE, AROUND_AFTER = 7, 6  # 八一前后: 7月25日 to 8月7日

# The campaign calendar's codes (reminders/campaigns.py) and the names a plan calls them by.
CAMPAIGN_NAMES: dict[str, tuple[str, ...]] = {
    "chunjie": ("春节",),
    "bayi": ("八一建军节", "建军节", "八一"),
    "guofang": ("全民国防教育日", "国防教育日"),
    "lieshi": ("烈士纪念日",),
}
FIXED_DAYS: dict[str, tuple[int, int]] = {"国庆节": (10, 1), "国庆": (10, 1)}

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUMBER = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
PARTS = {
    "上旬": (1, 10),
    "中旬": (11, 20),
    "下旬": (21, 31),
    "上中旬": (1, 20),
    "中下旬": (11, 31),
    "初": (1, 10),
    "中": (11, 20),
    "底": (21, 31),
    "末": (21, 31),
}
SEASONS = {"年初": (1, 2), "年中": (6, 7), "年底": (12, 12), "年末": (12, 12), "年终": (12, 12)}
QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
SEPARATORS = re.compile(r"\s*(?:至|到|~|～|—|–|－|-)\s*")
ISO_DAY = re.compile(r"(20\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})日?")

HINT = "可写成“4月下旬至5月”“6月底前”“八一前后”“春节前”“全年”，或日期“2026-04-21至2026-05-31”"


class WindowError(ValueError):
    """A window phrase that cannot be read as dates, or reads as more than one thing."""


@dataclass(frozen=True)
class Window:
    start: date
    end: date

    def as_item(self, text: str) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "text": text}


def windows_item(windows: tuple[Window, ...], text: str, year: int) -> dict[str, Any]:
    """A task's stored window: the span of its windows, with each of them as `parts` when there are several."""
    item: dict[str, Any] = Window(windows[0].start, windows[-1].end).as_item(text)
    if len(windows) > 1:
        item["parts"] = [part.as_item(window_text(part, year)) for part in windows]
    return item


def windows_of(window: Mapping[str, Any]) -> list[dict[str, str]]:
    """A stored window's parts: itself when it is one window."""
    return list(window.get("parts") or [window])


def parse_window(text: str, year: int, anchors: Mapping[str, date] | None = None) -> Window:
    """The one window a phrase names in `year`; `anchors` are the campaign days of that year by name."""
    phrase = _phrase(text, year)
    found = _parse(phrase, year, dict(anchors or {}))
    if found.start > found.end:
        raise WindowError(f"时间“{text}”的开始晚于结束")
    return found


def parse_windows(text: str, year: int, anchors: Mapping[str, date] | None = None) -> tuple[Window, ...]:
    """The windows a phrase names in `year`, in order: several for a recurring task (每季度, 每月), one for
    any phrase `parse_window` reads."""
    phrase = _phrase(text, year)
    if phrase in ("每季度", "每个季度", "按季度"):
        return tuple(_quarter(year, quarter) for quarter in range(1, 5))
    if phrase in ("每月", "每个月", "按月"):
        return tuple(_month(year, month) for month in range(1, 13))
    return (parse_window(text, year, anchors),)


def window_text(window: Window, year: int) -> str:
    """Dates as a plan writes them: 全年, 5月, 4月21日至5月31日, 8月1日."""
    start, end = window.start, window.end
    if (start, end) == (date(year, 1, 1), date(year, 12, 31)):
        return "全年"
    if start.day == 1 and end.day == last_day(end.year, end.month):
        first, last = f"{start.month}月", f"{end.month}月"
        return first if start.month == end.month else f"{first}至{last}"
    if start == end:
        return f"{start.month}月{start.day}日"
    return f"{start.month}月{start.day}日至{end.month}月{end.day}日"


def anchor_days(year: int, campaign_days: Mapping[str, list[date]]) -> dict[str, date]:
    """The named days of `year` a phrase may refer to: each campaign (by code, with its dates in
    the year) under every name of CAMPAIGN_NAMES, and the fixed days (国庆)."""
    found = {name: date(year, month, day) for name, (month, day) in FIXED_DAYS.items()}
    for code, days in campaign_days.items():
        if len(days) == 1:
            for name in CAMPAIGN_NAMES.get(code, ()):
                found[name] = days[0]
    return found


# --- the grammar -------------------------------------------------------------------


def _phrase(text: str, year: int) -> str:
    phrase = _normalise(text)
    if not phrase:
        raise WindowError("请填写时间，" + HINT)
    return _strip_year(phrase, year)


def _normalise(text: str) -> str:
    full_width = str.maketrans("０１２３４５６７８９", "0123456789")
    phrase = re.sub(r"\s+", "", text.translate(full_width))
    if bracketed := re.fullmatch(r"[（(](.*)[)）]", phrase):
        phrase = bracketed.group(1)
    phrase = ISO_DAY.sub(lambda m: f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日", phrase)
    phrase = re.sub(r"(?:内)?完成$", "", phrase)
    phrase = re.sub(r"月[_＿×*]+日", "月", phrase)  # 5月_日: the day left blank, to be decided
    if phrase.startswith("每年") and phrase not in ("每年", "每年度"):
        phrase = phrase.removeprefix("每年").removeprefix("度")  # 每年3月: the plan is the year's
    return phrase.replace("之前", "前").replace("号", "日").replace("份", "")


def _strip_year(phrase: str, year: int) -> str:
    for found in re.finditer(r"(20\d\d)年", phrase):
        if int(found.group(1)) != year:
            raise WindowError(f"时间“{phrase}”不在{year}年内；一项任务只属于一个年度")
    return re.sub(r"20\d\d年度?", "", phrase) or "全年"


def _parse(phrase: str, year: int, anchors: dict[str, date]) -> Window:
    parts = SEPARATORS.split(phrase)
    if len(parts) == 1:
        return _span(phrase, year, anchors)
    if len(parts) != 2 or not all(parts):
        raise WindowError(f"无法识别时间“{phrase}”，{HINT}")
    first, last = parts
    if re.fullmatch(NUMBER, first) and re.match(NUMBER + "月", last):
        first += "月"  # 4至5月
    if re.fullmatch(NUMBER + "日", last) and (month := re.match(r"(" + NUMBER + ")月", first)):
        last = month.group(0) + last  # 4月10日至20日
    start, end = _span(first, year, anchors), _span(last, year, anchors)
    return Window(start.start, end.end)


def _span(phrase: str, year: int, anchors: dict[str, date]) -> Window:
    whole = Window(date(year, 1, 1), date(year, 12, 31))
    if phrase in ("全年", "年内", "全年度", "年底前", "年末前", "年度内", "每年", "每年度", "年度"):
        return whole
    if phrase in SEASONS:
        first, last = SEASONS[phrase]
        return Window(date(year, first, 1), _month(year, last).end)
    if phrase == "上半年":
        return Window(date(year, 1, 1), date(year, 6, 30))
    if phrase == "下半年":
        return Window(date(year, 7, 1), date(year, 12, 31))
    if quarter := re.fullmatch(r"第?([一二三四1-4])季度", phrase):
        return _quarter(year, QUARTERS[quarter.group(1)])
    if phrase.endswith("前后"):
        day = _anchor(phrase[:-2], year, anchors, phrase)
        return _clip(day - timedelta(days=AROUND_BEFORE), day + timedelta(days=AROUND_AFTER), year, phrase)
    if phrase.endswith("前"):
        return _before(phrase[:-1], year, anchors)
    if phrase in anchors:
        return Window(anchors[phrase], anchors[phrase])
    return _calendar_span(phrase, year)


def _before(phrase: str, year: int, anchors: dict[str, date]) -> Window:
    if phrase in anchors or phrase in _all_names():
        day = _anchor(phrase, year, anchors, phrase + "前")
        return _clip(day - timedelta(days=BEFORE_DAYS), day - timedelta(days=1), year, phrase + "前")
    if re.fullmatch(NUMBER + "月", phrase):
        raise WindowError(f"“{phrase}前”含义不明：请写成“{phrase}底前”或具体日期")
    return Window(date(year, 1, 1), _calendar_span(phrase, year).end)


def _calendar_span(phrase: str, year: int) -> Window:
    found = re.fullmatch(r"(" + NUMBER + r")月(?:(" + NUMBER + r")日?|(" + "|".join(PARTS) + r"))?", phrase)
    if not found:
        if re.fullmatch("|".join(PARTS) + "|月初|月中|月底|月末", phrase):
            raise WindowError(f"“{phrase}”须写明月份，如“4月{phrase.removeprefix('月')}”")
        raise WindowError(f"无法识别时间“{phrase}”，{HINT}")
    month = _number(found.group(1))
    if not 1 <= month <= 12:
        raise WindowError(f"“{phrase}”中的月份不存在")
    if found.group(2):
        day = _number(found.group(2))
        if not 1 <= day <= last_day(year, month):
            raise WindowError(f"{year}年{month}月没有{day}日")
        return Window(date(year, month, day), date(year, month, day))
    if found.group(3):
        first, last = PARTS[found.group(3)]
        return Window(date(year, month, first), date(year, month, min(last, last_day(year, month))))
    return _month(year, month)


def _anchor(name: str, year: int, anchors: dict[str, date], phrase: str) -> date:
    if name in anchors:
        return anchors[name]
    if name in _all_names():
        raise WindowError(f"节日与纪念日中没有{year}年{name}的日期，无法确定“{phrase}”；请先补充，或填写具体日期")
    raise WindowError(f"无法识别时间“{phrase}”，{HINT}")


def _all_names() -> set[str]:
    return {name for names in CAMPAIGN_NAMES.values() for name in names} | set(FIXED_DAYS)


def _clip(start: date, end: date, year: int, phrase: str) -> Window:
    start, end = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
    if start > end:
        raise WindowError(f"“{phrase}”不在{year}年内")
    return Window(start, end)


def _quarter(year: int, quarter: int) -> Window:
    first = (quarter - 1) * 3 + 1
    return Window(date(year, first, 1), _month(year, first + 2).end)


def _month(year: int, month: int) -> Window:
    return Window(date(year, month, 1), date(year, month, last_day(year, month)))


def _number(text: str) -> int:
    """1 to 99, in digits or Chinese numerals: 5, 五, 十, 十二, 二十一, 三十."""
    if text.isascii() and text.isdigit():
        return int(text)
    if "十" not in text:
        return DIGITS[text] if len(text) == 1 else -1
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return -1
    return (DIGITS[tens] if tens else 1) * 10 + (DIGITS[ones] if ones else 0)
