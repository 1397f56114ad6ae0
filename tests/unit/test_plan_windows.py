"""The window phrases of a 任务分解表, read as dates: what each means, and what is refused."""

from __future__ import annotations

import calendar as gregorian
import re
import sys
import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.calendar.campaigns import default_calendar, occurrences, windows
from chalicelib.calendar.models import CampaignCalendarForm
from chalicelib.plans.windows import (
    Calendar,
    Window,
    WindowError,
    calendar_of,
    parse_window,
    parse_windows,
    window_text,
    windows_item,
)

YEAR = 2026


def calendar(year: int, form: CampaignCalendarForm | None = None) -> Calendar:
    found = (form or default_calendar()).campaigns
    return calendar_of(year, {c.code: occurrences(c, year) for c in found}, {c.code: windows(c, year) for c in found})


ANCHORS = calendar(YEAR)
CHINESE_MONTHS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
PARTS = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, None), "月初": (1, 10), "月底": (21, None)}


def window(text: str, year: int = YEAR) -> tuple[str, str]:
    found = parse_window(text, year, calendar(year))
    return found.start.isoformat(), found.end.isoformat()


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("4月下旬至5月", "2026-04-21", "2026-05-31"),
        ("5月", "2026-05-01", "2026-05-31"),
        ("五月份", "2026-05-01", "2026-05-31"),
        ("2月下旬", "2026-02-21", "2026-02-28"),
        ("十二月中下旬", "2026-12-11", "2026-12-31"),
        ("6月上中旬", "2026-06-01", "2026-06-20"),
        ("八一前后", "2026-07-25", "2026-08-07"),
        ("建军节前后", "2026-07-25", "2026-08-07"),
        ("八一前", "2026-07-02", "2026-07-31"),
        ("春节前", "2026-01-18", "2026-02-16"),  # 春节 2026 is 2月17日 in the campaign calendar
        ("年底前", "2026-01-01", "2026-12-31"),
        ("年底", "2026-12-01", "2026-12-31"),
        ("全年", "2026-01-01", "2026-12-31"),
        ("上半年", "2026-01-01", "2026-06-30"),
        ("第三季度", "2026-07-01", "2026-09-30"),
        ("二季度", "2026-04-01", "2026-06-30"),
        ("6月底前", "2026-01-01", "2026-06-30"),
        ("6月底前完成", "2026-01-01", "2026-06-30"),
        ("5月10日前", "2026-01-01", "2026-05-10"),
        ("5月10日", "2026-05-10", "2026-05-10"),
        ("4至5月", "2026-04-01", "2026-05-31"),
        ("4-5月", "2026-04-01", "2026-05-31"),
        ("4月10日至20日", "2026-04-10", "2026-04-20"),
        ("2026-04-21至2026-05-31", "2026-04-21", "2026-05-31"),
        ("2026年4月下旬 至 5月", "2026-04-21", "2026-05-31"),
        ("９月", "2026-09-01", "2026-09-30"),
        ("国防教育日前后", "2026-09-12", "2026-09-25"),  # the third Saturday of September: 9月19日
        ("国庆前后", "2026-09-24", "2026-10-07"),
        # the phrases of real implementation plans
        ("5月_日", "2026-05-01", "2026-05-31"),
        ("5月__日", "2026-05-01", "2026-05-31"),
        ("(7月20至8月20日)", "2026-07-20", "2026-08-20"),
        ("（7月20日至8月20日）", "2026-07-20", "2026-08-20"),
        ("7月20", "2026-07-20", "2026-07-20"),
        ("每年3月", "2026-03-01", "2026-03-31"),
        ("每年", "2026-01-01", "2026-12-31"),
        ("每年度", "2026-01-01", "2026-12-31"),
        ("年初", "2026-01-01", "2026-02-28"),
        ("年中", "2026-06-01", "2026-07-31"),
        ("年终", "2026-12-01", "2026-12-31"),
    ],
)
def test_the_phrases_of_a_task_table_read_as_dates(phrase: str, start: str, end: str) -> None:
    assert window(phrase) == (start, end)


def test_a_recurring_task_has_a_window_per_quarter_or_per_month() -> None:
    quarters = parse_windows("每季度", YEAR, ANCHORS)
    assert [(w.start.isoformat(), w.end.isoformat()) for w in quarters] == [
        ("2026-01-01", "2026-03-31"),
        ("2026-04-01", "2026-06-30"),
        ("2026-07-01", "2026-09-30"),
        ("2026-10-01", "2026-12-31"),
    ]
    months = parse_windows("每月", YEAR, ANCHORS)
    assert len(months) == 12 and months[1] == Window(date(2026, 2, 1), date(2026, 2, 28))
    assert parse_windows("4月下旬至5月", YEAR, ANCHORS) == (Window(date(2026, 4, 21), date(2026, 5, 31)),)
    with pytest.raises(WindowError, match="无法识别"):
        parse_window("每季度", YEAR, ANCHORS)  # one window cannot stand for four


def test_campaign_windows_follow_the_calendar_and_stop_at_the_year() -> None:
    assert window("春节前", 2027) == ("2027-01-07", "2027-02-05")  # 春节 2027: 2月6日
    assert window("春节前", 2028) == ("2028-01-01", "2028-01-25")  # 春节 2028: 1月26日; cut at 1月1日
    with pytest.raises(WindowError, match="没有2035年春节的日期"):
        window("春节前", 2035)  # the calendar has no 春节 for 2035: the office adds it first


# The default calendar's 节日期间 in 2026, counted by hand: 春节 2月17日, 30 days before (1月18日) to 15 after
# (3月4日); 八一 8月1日, 15 days before (7月17日) to 7 after (8月8日); 征兵 from 2月15日 and 8月15日, 46 days
# after each (4月2日, 9月30日).
SPRING = ("2026-01-18", "2026-03-04", "春节期间")
BAYI = ("2026-07-17", "2026-08-08", "八一期间")
CONSCRIPTION = [("2026-02-15", "2026-04-02", "上半年征兵期间"), ("2026-08-15", "2026-09-30", "下半年征兵期间")]


def festival_windows(text: str, year: int = YEAR, form: CampaignCalendarForm | None = None) -> list[tuple[str, ...]]:
    found = parse_windows(text, year, calendar(year, form))
    return [(w.start.isoformat(), w.end.isoformat(), w.name) for w in found]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("春节期间", [SPRING]),
        ("“春节”期间", [SPRING]),
        ("（春节期间）", [SPRING]),
        ("2026年春节期间", [SPRING]),
        ("八一期间", [BAYI]),
        ("“八一”期间", [BAYI]),
        ("八一建军节期间", [BAYI]),
        ("建军节期间", [BAYI]),
        ("征兵期间", CONSCRIPTION),
        ("征兵工作期间", CONSCRIPTION),
        ("两节期间", [SPRING, BAYI]),
        ("“两节”期间", [SPRING, BAYI]),
        ("两大节日期间", [SPRING, BAYI]),
        ("春节、八一期间", [SPRING, BAYI]),
        ("八一和春节期间", [SPRING, BAYI]),
        ("春节八一期间", [SPRING, BAYI]),
        ("春节、“八一”期间", [SPRING, BAYI]),
        ("春节、八一和征兵期间", [SPRING, CONSCRIPTION[0], BAYI, CONSCRIPTION[1]]),
        ("两节和征兵期间", [SPRING, CONSCRIPTION[0], BAYI, CONSCRIPTION[1]]),
        ("春节和两节期间", [SPRING, BAYI]),  # 春节 named twice is one window
    ],
)
def test_festival_periods_read_as_the_campaign_calendars_windows(phrase: str, expected: list[object]) -> None:
    assert festival_windows(phrase) == expected


def test_several_festival_windows_are_stored_as_parts_of_their_span() -> None:
    item = windows_item(parse_windows("两节期间", YEAR, ANCHORS), "两节期间", YEAR)
    assert item == {
        "from": "2026-01-18",
        "to": "2026-08-08",
        "text": "两节期间",
        "parts": [
            {"from": "2026-01-18", "to": "2026-03-04", "text": "春节期间"},
            {"from": "2026-07-17", "to": "2026-08-08", "text": "八一期间"},
        ],
    }
    one = windows_item(parse_windows("“八一”期间", YEAR, ANCHORS), "“八一”期间", YEAR)
    assert one == {"from": "2026-07-17", "to": "2026-08-08", "text": "“八一”期间"}
    with pytest.raises(WindowError, match="无法识别为一段时间：“两节期间”有2段"):
        parse_window("两节期间", YEAR, ANCHORS)


def test_festival_periods_follow_the_county_calendar_of_each_year() -> None:
    assert festival_windows("春节期间", 2027) == [("2027-01-07", "2027-02-21", "春节期间")]  # 春节 2027: 2月6日
    assert festival_windows("春节期间", 2028) == [("2028-01-01", "2028-02-10", "春节期间")]  # 1月26日; cut at 1月1日
    own = CampaignCalendarForm.model_validate(
        {
            "campaigns": [
                {"code": "chunjie", "name": "春节", "dates": ["2026-02-17"], "days_before": 10, "days_after": 5},
                {"code": "bayi", "name": "八一建军节", "annual_on": "08-01", "days_before": 0, "days_after": 3},
            ]
        }
    )
    assert festival_windows("两节期间", form=own) == [
        ("2026-02-07", "2026-02-22", "春节期间"),
        ("2026-08-01", "2026-08-04", "八一期间"),
    ]
    with pytest.raises(WindowError, match="节日与纪念日中没有2026年征兵的日期，无法确定“春节、八一和征兵期间”"):
        festival_windows("春节、八一和征兵期间", form=own)  # a county's calendar saved before 征兵 was in it
    with pytest.raises(WindowError, match="没有2035年春节的日期"):
        festival_windows("两节期间", 2035)


@pytest.mark.parametrize(
    ("phrase", "reason"),
    [
        ("元旦春节期间", "无法识别时间“元旦春节期间”：节日与纪念日中没有“元旦”的节日期间"),
        ("元旦、春节期间", "没有“元旦”的节日期间"),
        ("国庆期间", "“国庆”是一天，没有“期间”：可写“国庆前后”"),
        ("节日期间", "“节日期间”未写明哪个节日"),
        ("期间", "未写明哪个节日"),
        ("3月至春节期间", "“春节期间”须单独填写"),
        ("2025年春节期间", "不在2026年内"),
        ("征兵前后", "无法识别"),  # 征兵 is a season, not a day
    ],
)
def test_festival_periods_the_calendar_cannot_place_are_refused_with_a_reason(phrase: str, reason: str) -> None:
    with pytest.raises(WindowError, match=reason):
        parse_windows(phrase, YEAR, ANCHORS)


@pytest.mark.parametrize(
    ("phrase", "reason"),
    [
        ("上旬", "须写明月份"),
        ("月底前", "须写明月份"),
        ("6月前", "含义不明"),
        ("2025年4月", "不在2026年内"),
        ("13月", "月份不存在"),
        ("2月30日", "2026年2月没有30日"),
        ("5月至4月", "开始晚于结束"),
        ("元旦春节期间", "无法识别"),
        ("4月至5月至6月", "无法识别"),
        ("", "请填写时间"),
        ("近期", "无法识别"),
        ("十十月", "月份不存在"),  # no number: refused, never a KeyError
        ("5月二三十日", "日期不存在"),
    ],
)
def test_ambiguous_or_unknown_phrases_are_refused_with_a_reason(phrase: str, reason: str) -> None:
    with pytest.raises(WindowError, match=reason):
        window(phrase)


DECIMAL_DIGITS = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isdecimal()]
# Letters with a digit's value that are no decimal digit: superscripts, subscripts, circled and bracketed numbers.
DIGIT_LETTERS = [c for c in map(chr, range(sys.maxunicode + 1)) if unicodedata.digit(c, None) is not None]
DIGIT_LETTERS = [c for c in DIGIT_LETTERS if not c.isdecimal()]


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("٣月", "2026-03-01", "2026-03-31"),  # Arabic-Indic
        ("𝟑月", "2026-03-01", "2026-03-31"),  # mathematical bold
        ("5月٣日", "2026-05-03", "2026-05-03"),
        ("۱۲月上旬", "2026-12-01", "2026-12-10"),  # Persian
        ("２０２６-０８-０１至８月２０日", "2026-08-01", "2026-08-20"),
        ("٢٠٢٦年٤月下旬至٥月", "2026-04-21", "2026-05-31"),
    ],
)
def test_a_digit_of_any_script_reads_as_its_digit(phrase: str, start: str, end: str) -> None:
    assert window(phrase) == (start, end)


def test_every_decimal_digit_reads_as_its_value() -> None:
    assert len(DECIMAL_DIGITS) > 600
    for digit in DECIMAL_DIGITS:
        value = unicodedata.decimal(digit)
        phrase = f"1{digit}月" if value < 3 else f"{digit}月"  # 10月 to 12月, or 3月 to 9月
        month = 10 + value if value < 3 else value
        assert window(phrase) == (date(YEAR, month, 1).isoformat(), window(f"{month}月")[1]), digit


@pytest.mark.parametrize(
    ("phrase", "reason"),
    [
        ("③月", "时间“③月”中的“③”无法识别为数字，请改写为“3”"),
        ("5月³日", "时间“5月³日”中的“³”无法识别为数字，请改写为“3”"),
        ("⑿月", "时间“⑿月”中的“⑿”无法识别为数字，请改写为“12”"),
        ("廿日前", "时间“廿日前”中的“廿”无法识别为数字，请改写为“20”"),
        ("½月", "时间“½月”中的“½”无法识别为数字，请改写为阿拉伯数字或汉字数字"),
    ],
)
def test_a_number_that_is_no_digit_is_refused_by_name(phrase: str, reason: str) -> None:
    with pytest.raises(WindowError) as refused:
        window(phrase)
    assert str(refused.value) == reason


def test_every_letter_with_a_digit_value_is_refused_naming_it() -> None:
    assert len(DIGIT_LETTERS) > 100
    for letter in DIGIT_LETTERS:
        with pytest.raises(WindowError, match=f"中的“{re.escape(letter)}”无法识别为数字"):
            window(f"5月{letter}日")


def test_windows_are_written_back_as_a_plan_writes_them() -> None:
    assert window_text(Window(date(2026, 1, 1), date(2026, 12, 31)), YEAR) == "全年"
    assert window_text(Window(date(2026, 5, 1), date(2026, 5, 31)), YEAR) == "5月"
    assert window_text(Window(date(2026, 4, 1), date(2026, 5, 31)), YEAR) == "4月至5月"
    assert window_text(Window(date(2026, 4, 21), date(2026, 5, 31)), YEAR) == "4月21日至5月31日"
    assert window_text(Window(date(2026, 8, 1), date(2026, 8, 1)), YEAR) == "8月1日"


months = st.integers(min_value=1, max_value=12)


@given(month=months, part=st.sampled_from(sorted(PARTS)))
def test_a_part_of_a_month_lies_inside_that_month(month: int, part: str) -> None:
    found = parse_window(f"{month}月{part.removeprefix('月')}", YEAR, ANCHORS)
    first, last = PARTS[part]
    assert found.start == date(YEAR, month, first)
    assert found.end == date(YEAR, month, last or gregorian.monthrange(YEAR, month)[1])


@given(month=months)
def test_chinese_and_arabic_month_numbers_agree(month: int) -> None:
    assert parse_window(f"{CHINESE_MONTHS[month - 1]}月", YEAR, ANCHORS) == parse_window(f"{month}月", YEAR, ANCHORS)


@given(first=months, last=months, head=st.sampled_from(["", "上旬", "下旬"]), tail=st.sampled_from(["", "中旬"]))
def test_a_range_runs_from_the_first_spans_start_to_the_last_spans_end(
    first: int, last: int, head: str, tail: str
) -> None:
    a, b = f"{first}月{head}", f"{last}月{tail}"
    start, end = parse_window(a, YEAR, ANCHORS).start, parse_window(b, YEAR, ANCHORS).end
    if start > end:
        with pytest.raises(WindowError):
            parse_window(f"{a}至{b}", YEAR, ANCHORS)
    else:
        assert parse_window(f"{a}至{b}", YEAR, ANCHORS) == Window(start, end)


@given(days=st.lists(st.dates(min_value=date(YEAR, 1, 1), max_value=date(YEAR, 12, 31)), min_size=2, max_size=2))
def test_any_two_dates_of_the_year_read_back_and_write_back(days: list[date]) -> None:
    start, end = sorted(days)
    found = parse_window(f"{start.isoformat()}至{end.isoformat()}", YEAR, ANCHORS)
    assert found == Window(start, end)
    assert parse_window(window_text(found, YEAR), YEAR, ANCHORS) == found


PHRASE_PIECES = st.sampled_from(
    [
        "1",
        "2",
        "12",
        "31",
        "2026",
        "2025",
        "十",
        "二",
        "三十一",
        "月",
        "日",
        "年",
        "上旬",
        "中",
        "下旬",
        "底",
        "初",
        "前",
        "后",
        "至",
        "-",
        "~",
        "春节",
        "八一",
        "国庆",
        "期间",
        "两节",
        "征兵",
        "、",
        "和",
        "“",
        "季度",
        "第",
        "半年",
        "全年",
        "年底",
        "号",
        "份",
        "完成",
        "每",
        "_",
        "（",
        "）",
        " ",
    ]
)


@given(pieces=st.lists(PHRASE_PIECES, max_size=8), noise=st.text(max_size=6))
def test_any_phrase_is_read_inside_the_year_or_refused_with_a_reason(pieces: list[str], noise: str) -> None:
    for text in ("".join(pieces), "".join(pieces) + noise):
        try:
            found = parse_windows(text, YEAR, ANCHORS)
        except WindowError as error:
            assert str(error)
        else:
            assert all(date(YEAR, 1, 1) <= w.start <= w.end <= date(YEAR, 12, 31) for w in found)
