"""What is valid but suspicious in a knowledge base about to go live: warnings, not errors.

The loader refuses what cannot be right; these are things that can be right but usually are
slips an administrator wants to see before activating:

- a meeting dated outside its session's first and last day;
- a paragraph whose script changed (Simplified ↔ Traditional) against the live version.

(A meeting that ends before it starts is not among them: the loader refuses it outright, with
its line, since no reading of such a file is right.)

Everything here is pure: values in, values out.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal

import opencc

from knowledge.models import KnowledgeBase, Paragraph

__all__ = [
    "ContentWarning",
    "MeetingOutsideSession",
    "Script",
    "ScriptChanged",
    "script_of",
    "suspicious_content",
]

Script = Literal["Simplified", "Traditional"]

#: Characters of one script a text needs, and how many times those of the other, to be
#: said to be in it (a Simplified text holds a few characters OpenCC also reads as
#: Traditional, and the other way round).
_MIN_CHARS: Final = 2
_DOMINANCE: Final = 2


@dataclass(frozen=True, slots=True)
class MeetingOutsideSession:
    meeting: str
    date: dt.date
    session: int
    first: dt.date
    last: dt.date


@dataclass(frozen=True, slots=True)
class ScriptChanged:
    record: str
    old: Script
    new: Script


ContentWarning = MeetingOutsideSession | ScriptChanged


def suspicious_content(
    live: KnowledgeBase | None, new: KnowledgeBase
) -> tuple[ContentWarning, ...]:
    """The warnings for ``new`` replacing ``live`` (None: nothing to compare scripts with),
    meetings first, in file order."""
    warnings: list[ContentWarning] = []
    sessions = {session.number: session for session in new.sessions}
    for meeting in new.meetings:
        session = sessions.get(meeting.session)
        first = session.start if session is not None else None
        last = session.end if session is not None else None
        if first is not None and last is not None and not first <= meeting.date <= last:
            warnings.append(
                MeetingOutsideSession(meeting.id, meeting.date, meeting.session, first, last)
            )
    if live is not None:
        before = {p.id: p.text for p in _paragraphs(live)}
        for paragraph in _paragraphs(new):
            old_text = before.get(paragraph.id)
            if old_text is None or old_text == paragraph.text:
                continue
            old, now = script_of(old_text), script_of(paragraph.text)
            if old is not None and now is not None and old != now:
                warnings.append(ScriptChanged(paragraph.id, old, now))
    return tuple(warnings)


def _paragraphs(kb: KnowledgeBase) -> list[Paragraph]:
    return [*(p for r in kb.resolutions for p in r.paragraphs), *kb.paragraphs]


def script_of(text: str) -> Script | None:
    """The script a Chinese text is written in, or None when it cannot be told (too few
    characters that differ between the two, or a mix)."""
    characters = {c for c in text if "\u3400" <= c <= "\u9fff"}
    traditional = sum(1 for c in characters if _to_simplified(c) != c)
    simplified = sum(1 for c in characters if _to_traditional(c) != c)
    if traditional >= _MIN_CHARS and traditional >= _DOMINANCE * simplified:
        return "Traditional"
    if simplified >= _MIN_CHARS and simplified >= _DOMINANCE * traditional:
        return "Simplified"
    return None


# Character-level conversions (no vocabulary): does this character exist only in one script?
_LOCK: Final = threading.Lock()


@cache
def _opencc(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


@cache
def _to_simplified(character: str) -> str:
    with _LOCK:
        return str(_opencc("t2s").convert(character))


@cache
def _to_traditional(character: str) -> str:
    with _LOCK:
        return str(_opencc("s2t").convert(character))
