"""Small helpers shared by the storage modules: times as text and argument checks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _time_to_text(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: storage keeps aware times only")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _time_from_text(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _optional_time(text: str | None) -> dt.datetime | None:
    return None if text is None else _time_from_text(text)


def _clean_username(username: str | None) -> str | None:
    if username is None:
        return None
    cleaned = username.strip().removeprefix("@")
    return cleaned or None


def _check_topic(topic: str) -> str:
    if not topic or topic != topic.strip():
        raise ValueError(f"topic {topic!r} must be a non-empty id without surrounding spaces")
    return topic


def _check_limit(limit: int) -> int:
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    return limit


def _optional_text(moment: dt.datetime | None) -> str | None:
    return None if moment is None else _time_to_text(moment)


def _seconds(delta: dt.timedelta | None) -> int | None:
    return None if delta is None else round(delta.total_seconds())


_LIST_NAME_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")


def _check_list_name(name: str) -> str:
    if not _LIST_NAME_RE.fullmatch(name):
        raise ValueError(f"list name {name!r}: lowercase letters, digits, - and _ (at most 32)")
    return name
