"""Dates, times, numbers and lists the way each interface language writes them.

Pure functions with no parse mode of their own: the caller passes the result to ``t`` (which
escapes it) or uses it as plain text. Words that are sentences rather than number formats
(``、`` / ``, `` for a list) come from the catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Final

from bot.catalogue import Language, catalogue

_WEEKDAYS: Final[Mapping[Language, tuple[str, ...]]] = {
    "zh-Hans": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
    "zh-Hant": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS_EN: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ORDINAL_SUFFIX: Final = {1: "st", 2: "nd", 3: "rd"}


def ordinal_en(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else _ORDINAL_SUFFIX.get(number % 10, "th")
    return f"{number}{suffix}"


def chinese_number(number: int) -> str:
    """1 → 一, 23 → 二十三, 24 → 二十四 (as the report writes session and resolution numbers)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number % 10] if number % 10 else "")
    if number < 100:
        tens, ones = divmod(number, 10)
        return digits[tens] + "十" + (digits[ones] if ones else "")
    return str(number)


def roman(number: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, letters in numerals:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def format_date(lang: Language, day: dt.date, *, weekday: bool = False) -> str:
    """``2020 年 6 月 10 日（星期三）`` or ``Wednesday, 10 June 2020``."""
    if lang == "en":
        text = f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
        return f"{_WEEKDAYS['en'][day.weekday()]}, {text}" if weekday else text
    text = f"{day.year} 年 {day.month} 月 {day.day} 日"
    return f"{text}（{_WEEKDAYS[lang][day.weekday()]}）" if weekday else text


def format_time(moment: dt.time | dt.datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_short_date(lang: Language, day: dt.date) -> str:
    """``2027 年 3 月 1 日（星期一）`` or ``Mon 1 Mar 2027``."""
    if lang == "en":
        weekday = _WEEKDAYS["en"][day.weekday()][:3]
        return f"{weekday} {day.day} {_MONTHS_EN[day.month - 1][:3]} {day.year}"
    return format_date(lang, day, weekday=True)


def duration_words(lang: Language, delta: dt.timedelta) -> str:
    """``1 小时 30 分钟`` / ``1 hour 30 minutes``: whole minutes, rounded, without a sign."""
    minutes = round(abs(delta.total_seconds()) / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    words = catalogue()
    parts = [
        words.template(lang, f"duration.{unit}", n).format(count=n)
        for n, unit in ((days, "days"), (hours, "hours"), (mins, "minutes"))
        if n
    ]
    return " ".join(parts) or words.template(lang, "duration.minutes", 0).format(count=0)


def join(lang: Language, items: list[str]) -> str:
    """``a、b、c`` or ``a, b, c``."""
    return catalogue().template(lang, "word.and").join(items)
