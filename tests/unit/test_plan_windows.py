"""The window phrases of a 任务分解表, read as dates: what each means, and what is refused."""

from __future__ import annotations

import calendar as gregorian
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.plans.windows import Window, WindowError, anchor_days, parse_window, parse_windows, window_text
from chalicelib.reminders.campaigns import default_calendar, occurrences

YEAR = 2026
ANCHORS = anchor_days(YEAR, {c.code: occurrences(c, YEAR) for c in default_calendar().campaigns})
CHINESE_MONTHS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
PARTS = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, None), "月初": (1, 10), "月底": (21, None)}


def window(text: str, year: int = YEAR) -> tuple[str, str]:
    found = parse_window(
        text, year, anchor_days(year, {c.code: occurrences(c, year) for c in default_calendar().campaigns})
    )
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
        ("两节期间", "无法识别"),
        ("元旦春节期间", "无法识别"),
        ("4月至5月至6月", "无法识别"),
        ("", "请填写时间"),
        ("近期", "无法识别"),
    ],
)
def test_ambiguous_or_unknown_phrases_are_refused_with_a_reason(phrase: str, reason: str) -> None:
    with pytest.raises(WindowError, match=reason):
        window(phrase)


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
            found = parse_window(text, YEAR, ANCHORS)
        except WindowError as error:
            assert str(error)
        else:
            assert date(YEAR, 1, 1) <= found.start <= found.end <= date(YEAR, 12, 31)
