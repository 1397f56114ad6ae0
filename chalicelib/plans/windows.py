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

Several windows (`parse_windows`):

| phrase | windows |
|---|---|
| 每季度, 每月 | the four quarters, the twelve months |
| 春节期间, 八一期间, 征兵期间 | the campaign's 节日期间 by the campaign calendar (征兵: two a year) |
| 两节期间 (两大节日期间), 春节、八一和征兵期间 | each named campaign's 节日期间 |

A leading 2026年 is allowed when it is the plan's year, and a phrase may stand in
brackets, （7月20至8月20日）, or its names in quotes, “八一”期间. Campaign windows that reach
outside the year are cut at its edge (春节前 in a year whose 春节 is in January starts
on 1月1日). A decimal digit of any script reads as its digit (٣月, 𝟑月 and ３月 are 3月); any other
character with a number's value (³, ①, ⑶, 廿) is refused by name. Anything else is refused with a
message naming what to write instead (元旦春节期间: the calendar has no 元旦 period; 国庆期间: 国庆 is a day);
the caller names the field (`window`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from chalicelib.core.dates import last_day
from chalicelib.plans.records import WindowItem, WindowSpan

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
# The campaigns whose 节日期间 a plan may name (春节期间): code → the word a window is called by, then
# every name. 两节 is 春节 and 八一, as the county's 情况汇报 pairs them ("两大节日期间").
FESTIVALS: dict[str, tuple[str, ...]] = {
    "chunjie": ("春节",),
    "bayi": ("八一", "八一建军节", "建军节"),
    "zhengbing": ("征兵", "征兵工作"),
}
FESTIVAL_GROUPS: dict[str, tuple[str, ...]] = {name: ("chunjie", "bayi") for name in ("两节", "两大节日", "两大节")}
FESTIVAL_SEPARATORS = re.compile(r"[、，,和与及暨/]+")
QUOTES = re.compile(r"[“”\"'‘’「」『』]")

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
FESTIVAL_HINT = "可写成“春节期间”“八一期间”“征兵期间”“两节期间”“春节、八一和征兵期间”，或具体日期"


class WindowError(ValueError):
    """A window phrase that cannot be read as dates, or reads as more than one thing."""


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    name: str = ""  # a campaign's window is called by its campaign: 春节期间

    def as_item(self, text: str) -> WindowItem:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "text": text}


@dataclass(frozen=True)
class Calendar:
    """What a phrase may name in a year, from the campaign calendar (reminders/campaigns.py): the
    campaign days by name (八一 → 8月1日) and each campaign's 节日期间 by code (chunjie → 1月18日–3月4日)."""

    days: Mapping[str, date] = field(default_factory=dict)
    festivals: Mapping[str, tuple[Window, ...]] = field(default_factory=dict)


def windows_item(windows: tuple[Window, ...], text: str, year: int) -> WindowItem:
    """A task's stored window: the span of its windows, with each of them as `parts` when there are several
    (a campaign's by its name, 春节期间; any other by its dates, 4月至6月)."""
    span = Window(min(w.start for w in windows), max(w.end for w in windows))
    item: WindowItem = span.as_item(text)
    if len(windows) > 1:
        item["parts"] = [part.as_item(part.name or window_text(part, year)) for part in windows]
    return item


def windows_of(window: WindowItem) -> list[WindowSpan]:
    """A stored window's parts: itself when it is one window."""
    return list(window.get("parts") or [window])


def parse_window(text: str, year: int, calendar: Calendar | None = None) -> Window:
    """The one window a phrase names in `year`, with the campaign calendar's days and periods of that year."""
    found = parse_windows(text, year, calendar)
    if len(found) > 1:
        raise WindowError(f"无法识别为一段时间：“{text.strip()}”有{len(found)}段")
    return found[0]


def parse_windows(text: str, year: int, calendar: Calendar | None = None) -> tuple[Window, ...]:
    """The windows a phrase names in `year`, in order of their start: several for a recurring task (每季度,
    每月) and for campaigns' periods (两节期间), one for any other phrase."""
    phrase = _phrase(text, year)
    calendar = calendar or Calendar()
    if phrase in ("每季度", "每个季度", "按季度"):
        return tuple(_quarter(year, quarter) for quarter in range(1, 5))
    if phrase in ("每月", "每个月", "按月"):
        return tuple(_month(year, month) for month in range(1, 13))
    if phrase.endswith("期间") and not SEPARATORS.search(phrase):
        return _festivals(phrase, year, calendar)
    found = _parse(phrase, year, dict(calendar.days))
    if found.start > found.end:
        raise WindowError(f"时间“{text}”的开始晚于结束")
    return (found,)


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


def calendar_of(
    year: int, campaign_days: Mapping[str, list[date]], campaign_windows: Mapping[str, list[tuple[date, date]]]
) -> Calendar:
    """What a phrase may name in `year`: each campaign's day (by code, with its dates in the year) under
    every name of CAMPAIGN_NAMES, the fixed days (国庆), and the 节日期间 of the FESTIVALS (by code, with
    their windows in the year)."""
    days = {name: date(year, month, day) for name, (month, day) in FIXED_DAYS.items()}
    for code, found in campaign_days.items():
        if len(found) == 1:
            for name in CAMPAIGN_NAMES.get(code, ()):
                days[name] = found[0]
    festivals = {
        code: _named(FESTIVALS[code][0], spans, year)
        for code, spans in campaign_windows.items()
        if code in FESTIVALS and spans
    }
    return Calendar(days, festivals)


def _named(word: str, spans: list[tuple[date, date]], year: int) -> tuple[Window, ...]:
    """A campaign's windows called by it: 春节期间; two in a year by their half, 上半年征兵期间 and
    下半年征兵期间; else by their dates too."""
    names = [f"{word}期间"]
    if len(spans) > 1:
        names = [("上半年" if first.month <= 6 else "下半年") + names[0] for first, _ in spans]
    if len(set(names)) < len(spans):
        names = [f"{word}期间（{window_text(Window(first, last), year)}）" for first, last in spans]
    return tuple(Window(first, last, name) for (first, last), name in zip(spans, names, strict=True))


# --- the grammar -------------------------------------------------------------------


def _phrase(text: str, year: int) -> str:
    phrase = _normalise(text)
    if not phrase:
        raise WindowError("请填写时间，" + HINT)
    return _strip_year(phrase, year)


def _normalise(text: str) -> str:
    phrase = QUOTES.sub("", re.sub(r"\s+", "", _ascii_digits(text)))  # “八一”期间
    if bracketed := re.fullmatch(r"[（(](.*)[)）]", phrase):
        phrase = bracketed.group(1)
    phrase = ISO_DAY.sub(lambda m: f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日", phrase)
    phrase = re.sub(r"(?:内)?完成$", "", phrase)
    phrase = re.sub(r"月[_＿×*]+日", "月", phrase)  # 5月_日: the day left blank, to be decided
    if phrase.startswith("每年") and phrase not in ("每年", "每年度"):
        phrase = phrase.removeprefix("每年").removeprefix("度")  # 每年3月: the plan is the year's
    return phrase.replace("之前", "前").replace("号", "日").replace("份", "")


def _ascii_digits(text: str) -> str:
    """The digits of every script as 0–9, so that the grammar's \\d reads only what int() and DIGITS know;
    WindowError naming a character that has a number's value but is no digit the grammar reads (a
    superscript or a circled number may be a footnote mark as well)."""
    written = []
    for character in text:
        if character.isdecimal():
            written.append(str(unicodedata.decimal(character)))
            continue
        value = unicodedata.numeric(character, None)
        if value is not None and character not in DIGITS and character != "十":
            instead = f"“{int(value)}”" if value == int(value) and value < 100 else "阿拉伯数字或汉字数字"
            raise WindowError(f"时间“{text.strip()}”中的“{character}”无法识别为数字，请改写为{instead}")
        written.append(character)
    return "".join(written)


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
    if phrase.endswith("期间"):
        raise WindowError(f"“{phrase}”须单独填写，不能与其他时间连成一段；可写具体日期")
    return _calendar_span(phrase, year)


def _festivals(phrase: str, year: int, calendar: Calendar) -> tuple[Window, ...]:
    """The 节日期间 of the campaigns a phrase names (春节、八一和征兵期间), each window apart, by start."""
    codes: list[str] = []
    for piece in FESTIVAL_SEPARATORS.split(phrase.removesuffix("期间")):
        codes += _festival_codes(piece, phrase)
    if not codes:
        raise WindowError(f"“{phrase}”未写明哪个节日，{FESTIVAL_HINT}")
    found: list[Window] = []
    for code in dict.fromkeys(codes):
        if not calendar.festivals.get(code):
            name = FESTIVALS[code][0]
            raise WindowError(f"节日与纪念日中没有{year}年{name}的日期，无法确定“{phrase}”；请先补充，或填写具体日期")
        found += calendar.festivals[code]
    return tuple(sorted(found, key=lambda window: (window.start, window.end)))


def _festival_codes(piece: str, phrase: str) -> list[str]:
    """The campaigns a piece of a 期间 phrase names: one (八一), two (两节), or several written together
    (春节八一); anything else is refused, naming what the calendar has no period for."""
    names = {name: (code,) for code, words in FESTIVALS.items() for name in words} | FESTIVAL_GROUPS
    pattern = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    unknown = re.sub(pattern, "、", piece).strip("、")
    if not unknown:
        return [code for name in re.findall(pattern, piece) for code in names[name]]
    if unknown in _all_names():
        raise WindowError(f"“{unknown}”是一天，没有“期间”：可写“{unknown}前后”“{unknown}前”，或具体日期")
    if unknown == "节日":
        raise WindowError(f"“{phrase}”未写明哪个节日，{FESTIVAL_HINT}")
    raise WindowError(f"无法识别时间“{phrase}”：节日与纪念日中没有“{unknown}”的节日期间，{FESTIVAL_HINT}")


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
        if day < 0:
            raise WindowError(f"“{phrase}”中的日期不存在")
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
        return DIGITS.get(text, -1)
    tens, _, ones = text.partition("十")
    if (tens and tens not in DIGITS) or (ones and ones not in DIGITS):  # 十十, 二三十: not a number
        return -1
    return (DIGITS[tens] if tens else 1) * 10 + (DIGITS[ones] if ones else 0)
