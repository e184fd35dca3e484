"""A reader's timezone: what they may type after /tz, and the zone it stands for.

Accepted: any IANA name in any case (``asia/tokyo``), ``Europe/Geneva`` (IANA files Geneva
under ``Europe/Zurich``), a fixed offset (``UTC+8``, ``GMT-5``, ``UTC+5:30``, stored as
``UTC+08:00``) and the cities delegates of a UN commission most often live by, in English and
in Chinese (``北京``, ``紐約``, ``New York``). Pure: no I/O beyond the system's zone data.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zoneinfo
from functools import cache
from typing import Final

from knowledge.normalize import to_simplified
from knowledge.schema import TIME_ZONE_ALIASES, iana_time_zone

__all__ = ["CITY_ZONES", "parse_timezone", "timezone_of"]

# City → IANA zone. Chinese names are written in Simplified; Traditional input is folded first.
CITY_ZONES: Final[dict[str, str]] = {
    "geneva": "Europe/Geneva",
    "日内瓦": "Europe/Geneva",
    "genève": "Europe/Geneva",
    "beijing": "Asia/Shanghai",
    "北京": "Asia/Shanghai",
    "shanghai": "Asia/Shanghai",
    "上海": "Asia/Shanghai",
    "hong kong": "Asia/Hong_Kong",
    "香港": "Asia/Hong_Kong",
    "taipei": "Asia/Taipei",
    "台北": "Asia/Taipei",
    "new york": "America/New_York",
    "纽约": "America/New_York",
    "washington": "America/New_York",
    "washington dc": "America/New_York",
    "华盛顿": "America/New_York",
    "paris": "Europe/Paris",
    "巴黎": "Europe/Paris",
    "london": "Europe/London",
    "伦敦": "Europe/London",
    "vienna": "Europe/Vienna",
    "维也纳": "Europe/Vienna",
    "berlin": "Europe/Berlin",
    "柏林": "Europe/Berlin",
    "brussels": "Europe/Brussels",
    "布鲁塞尔": "Europe/Brussels",
    "rome": "Europe/Rome",
    "罗马": "Europe/Rome",
    "madrid": "Europe/Madrid",
    "马德里": "Europe/Madrid",
    "moscow": "Europe/Moscow",
    "莫斯科": "Europe/Moscow",
    "tokyo": "Asia/Tokyo",
    "东京": "Asia/Tokyo",
    "seoul": "Asia/Seoul",
    "首尔": "Asia/Seoul",
    "singapore": "Asia/Singapore",
    "新加坡": "Asia/Singapore",
    "bangkok": "Asia/Bangkok",
    "曼谷": "Asia/Bangkok",
    "new delhi": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "新德里": "Asia/Kolkata",
    "beirut": "Asia/Beirut",
    "贝鲁特": "Asia/Beirut",
    "dubai": "Asia/Dubai",
    "迪拜": "Asia/Dubai",
    "riyadh": "Asia/Riyadh",
    "利雅得": "Asia/Riyadh",
    "tehran": "Asia/Tehran",
    "德黑兰": "Asia/Tehran",
    "nairobi": "Africa/Nairobi",
    "内罗毕": "Africa/Nairobi",
    "addis ababa": "Africa/Addis_Ababa",
    "亚的斯亚贝巴": "Africa/Addis_Ababa",
    "cairo": "Africa/Cairo",
    "开罗": "Africa/Cairo",
    "johannesburg": "Africa/Johannesburg",
    "pretoria": "Africa/Johannesburg",
    "约翰内斯堡": "Africa/Johannesburg",
    "比勒陀利亚": "Africa/Johannesburg",
    "lagos": "Africa/Lagos",
    "abuja": "Africa/Lagos",
    "拉各斯": "Africa/Lagos",
    "阿布贾": "Africa/Lagos",
    "santiago": "America/Santiago",
    "圣地亚哥": "America/Santiago",
    "mexico city": "America/Mexico_City",
    "墨西哥城": "America/Mexico_City",
    "brasilia": "America/Sao_Paulo",
    "brasília": "America/Sao_Paulo",
    "巴西利亚": "America/Sao_Paulo",
    "sao paulo": "America/Sao_Paulo",
    "são paulo": "America/Sao_Paulo",
    "圣保罗": "America/Sao_Paulo",
    "buenos aires": "America/Argentina/Buenos_Aires",
    "布宜诺斯艾利斯": "America/Argentina/Buenos_Aires",
    "los angeles": "America/Los_Angeles",
    "洛杉矶": "America/Los_Angeles",
    "sydney": "Australia/Sydney",
    "悉尼": "Australia/Sydney",
}

_OFFSET = re.compile(
    r"^(?:utc|gmt)\s*(?:(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?$"
)
_SEPARATORS = re.compile(r"[\s_]+")


@cache
def _iana_by_folded_name() -> dict[str, str]:
    names = {name.lower(): name for name in zoneinfo.available_timezones()}
    names.update({alias.lower(): alias for alias in TIME_ZONE_ALIASES})
    return names


def _offset_name(sign: str, hours: int, minutes: int) -> str | None:
    if hours > 14 or minutes >= 60 or (hours == 14 and minutes):
        return None
    if hours == 0 and minutes == 0:
        return "UTC"
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def parse_timezone(text: str) -> str | None:
    """The timezone a reader typed, as the name to keep (``Asia/Shanghai``, ``Europe/Geneva``,
    ``UTC+05:30``), or None when it names none."""
    typed = unicodedata.normalize("NFKC", text).strip()
    if not typed:
        return None
    folded = _SEPARATORS.sub(" ", typed).lower()
    offset = _OFFSET.match(folded.replace(" ", ""))
    if offset is not None:
        if offset["sign"] is None:
            return "UTC"
        return _offset_name(offset["sign"], int(offset["hours"]), int(offset["minutes"] or 0))
    iana = _iana_by_folded_name().get(folded.replace(" ", "_"))
    if iana is not None:
        return iana
    city = CITY_ZONES.get(folded) or CITY_ZONES.get(to_simplified(typed).replace(" ", ""))
    return city


_STORED_OFFSET = re.compile(r"^UTC(?P<sign>[+-])(?P<hours>\d{2}):(?P<minutes>\d{2})$")


def timezone_of(name: str | None) -> dt.tzinfo | None:
    """The zone a kept name stands for (IANA, Europe/Geneva, or a fixed UTC offset)."""
    if not name:
        return None
    offset = _STORED_OFFSET.match(name)
    if offset is not None:
        delta = dt.timedelta(hours=int(offset["hours"]), minutes=int(offset["minutes"]))
        return dt.timezone(-delta if offset["sign"] == "-" else delta, name)
    if name == "UTC":
        return dt.UTC
    key = iana_time_zone(name)
    return zoneinfo.ZoneInfo(key) if key is not None else None
