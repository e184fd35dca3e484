"""Dates, times, numbers, durations and lists as each interface language writes them."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import formatting, i18n
from bot.formatting import (
    chinese_number,
    duration_words,
    format_date,
    format_short_date,
    format_time,
    join,
    ordinal_en,
    roman,
)
from bot.i18n import Language

WEDNESDAY = dt.date(2020, 6, 10)
WEDNESDAY_ZH = "2020 年 6 月 10 日（星期三）"


@pytest.mark.parametrize(
    ("number", "english", "chinese", "numeral"),
    [
        (1, "1st", "一", "I"),
        (2, "2nd", "二", "II"),
        (3, "3rd", "三", "III"),
        (4, "4th", "四", "IV"),
        (9, "9th", "九", "IX"),
        (11, "11th", "十一", "XI"),
        (12, "12th", "十二", "XII"),
        (13, "13th", "十三", "XIII"),
        (20, "20th", "二十", "XX"),
        (21, "21st", "二十一", "XXI"),
        (23, "23rd", "二十三", "XXIII"),
        (24, "24th", "二十四", "XXIV"),
        (111, "111th", "111", "XXXXXXXXXXXI"),
    ],
)
def test_numbers(number: int, english: str, chinese: str, numeral: str) -> None:
    assert ordinal_en(number) == english
    assert chinese_number(number) == chinese
    assert roman(number) == numeral


@pytest.mark.parametrize(
    ("lang", "plain", "with_weekday", "short"),
    [
        ("en", "10 June 2020", "Wednesday, 10 June 2020", "Wed 10 Jun 2020"),
        ("zh-Hans", "2020 年 6 月 10 日", WEDNESDAY_ZH, WEDNESDAY_ZH),
        ("zh-Hant", "2020 年 6 月 10 日", WEDNESDAY_ZH, WEDNESDAY_ZH),
    ],
)
def test_dates(lang: Language, plain: str, with_weekday: str, short: str) -> None:
    assert format_date(lang, WEDNESDAY) == plain
    assert format_date(lang, WEDNESDAY, weekday=True) == with_weekday
    assert format_short_date(lang, WEDNESDAY) == short


def test_times_are_on_the_24_hour_clock() -> None:
    assert format_time(dt.time(9, 5)) == "09:05"
    assert format_time(dt.datetime(2020, 6, 10, 15, 30, 59, tzinfo=dt.UTC)) == "15:30"


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "a, b, c"), ("zh-Hans", "a、b、c"), ("zh-Hant", "a、b、c")]
)
def test_lists(lang: Language, expected: str) -> None:
    assert join(lang, ["a", "b", "c"]) == expected
    assert join(lang, ["a"]) == "a"


@pytest.mark.parametrize(
    ("delta", "en", "hans", "hant"),
    [
        (dt.timedelta(0), "0 minutes", "0 分钟", "0 分鐘"),
        (dt.timedelta(minutes=1), "1 minute", "1 分钟", "1 分鐘"),
        (dt.timedelta(minutes=30), "30 minutes", "30 分钟", "30 分鐘"),
        (dt.timedelta(hours=1), "1 hour", "1 小时", "1 小時"),
        (dt.timedelta(minutes=90), "1 hour 30 minutes", "1 小时 30 分钟", "1 小時 30 分鐘"),
        (dt.timedelta(days=1, hours=2), "1 day 2 hours", "1 天 2 小时", "1 天 2 小時"),
        (dt.timedelta(days=2, minutes=1), "2 days 1 minute", "2 天 1 分钟", "2 天 1 分鐘"),
        (dt.timedelta(seconds=-170), "3 minutes", "3 分钟", "3 分鐘"),  # rounded, unsigned
    ],
)
def test_durations(delta: dt.timedelta, en: str, hans: str, hant: str) -> None:
    assert duration_words("en", delta) == en
    assert duration_words("zh-Hans", delta) == hans
    assert duration_words("zh-Hant", delta) == hant


def test_the_helpers_are_still_importable_where_callers_import_them() -> None:
    from bot import notices

    for name in ("chinese_number", "format_date", "format_short_date", "format_time", "join"):
        assert getattr(i18n, name) is getattr(formatting, name)
    for name in ("ordinal_en", "roman"):
        assert getattr(i18n, name) is getattr(formatting, name)
    assert notices.duration_words is formatting.duration_words
