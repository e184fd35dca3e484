"""Callback data: every button carries what it does, versioned, within Telegram's 64 bytes.

Nothing is kept in memory between the message and the press, so a button still works after a
restart or on another instance. The format is ``v1|<action>|<arg>|<arg>…``; ids never contain
``|``. Data from another version, or that does not parse, decodes to ``None`` and the press is
answered with a short "this button is out of date" note.

Actions:

    r   <id>                     show one record in a new message (paragraph, item, meeting…)
    p   <id>                     show one record in place of this message (previous / next)
    orig <id>                    a paragraph as printed, in place (one printed in the other script)
    o   <resolution> <page>      a resolution's paragraphs, one page
    s   <resolution> <n> <page>  section n of a resolution, one page
    l   <view> <page>            a listing (resolutions, documents, agenda, meetings…), one page
    lang <code>                  set the interface language
    sub / unsub <topic>          subscribe to / unsubscribe from a topic
    n                            a button that does nothing (page counter)
    cal  <meeting id | all>      the meeting(s) as an .ics file (handlers.calendar)
    fb   <question> <u | d>      👍 / 👎 under a free-text answer (handlers.feedback)
    pick <question> <id>         a "did you mean" or a choice, noted for that question
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

VERSION: Final = "v1"
MAX_BYTES: Final = 64
SEPARATOR: Final = "|"

Action = Literal["r", "p", "orig", "o", "s", "l", "lang", "sub", "unsub", "n", "cal", "fb", "pick"]
_ARITY: Final[dict[str, int]] = {
    "r": 1,
    "p": 1,
    "orig": 1,
    "o": 2,
    "s": 3,
    "l": 2,
    "lang": 1,
    "sub": 1,
    "unsub": 1,
    "n": 0,
    "cal": 1,
    "fb": 2,
    "pick": 2,
}


class CallbackDataError(ValueError):
    """The data would not fit in 64 bytes, or an argument contains the separator."""


@dataclass(frozen=True, slots=True)
class Callback:
    action: Action
    args: tuple[str, ...] = ()

    def arg(self, index: int) -> str:
        return self.args[index]

    def int_arg(self, index: int, default: int = 0) -> int:
        value = self.args[index]
        return int(value) if value.isdigit() else default


def encode(action: Action, *args: str | int) -> str:
    """The callback data for a button; raises CallbackDataError if it cannot be sent."""
    parts = [str(a) for a in args]
    if len(parts) != _ARITY[action]:
        raise CallbackDataError(f"{action} takes {_ARITY[action]} argument(s), got {len(parts)}")
    for part in parts:
        if SEPARATOR in part or not part:
            raise CallbackDataError(f"invalid argument {part!r}")
    data = SEPARATOR.join([VERSION, action, *parts])
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise CallbackDataError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def fits(action: Action, *args: str | int) -> bool:
    """Whether a button with this action and these arguments can be sent at all."""
    try:
        encode(action, *args)
    except CallbackDataError:
        return False
    return True


def decode(data: str | None) -> Callback | None:
    """The button's meaning, or None for data that is stale, foreign or malformed."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    version, _, rest = data.partition(SEPARATOR)
    if version != VERSION or not rest:
        return None
    action, *args = rest.split(SEPARATOR)
    arity = _ARITY.get(action)
    if arity is None or len(args) != arity or any(not a for a in args):
        return None
    return Callback(action, tuple(args))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Deep links: t.me/<bot>?start=<payload> opens a record. A payload is at most 64 characters of
# A-Za-z0-9_- , so "." is written "_" and "/" is written "-"; a "_" or "-" of the id itself is
# doubled (R1.24 → R1_24, E/CN.16/2020/2 → E-CN_16-2020-2, A/75/62-E/2020/11 → A-75-62--E-2020-11).

_PAYLOAD_CHARS: Final = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
)
_ENCODE: Final = {".": "_", "/": "-", "_": "__", "-": "--"}
_DECODE: Final = {"_": ".", "-": "/"}


def deep_link_payload(record_id: str) -> str | None:
    """The /start payload that opens a record, or None if its id cannot be written as one."""
    payload = "".join(_ENCODE.get(ch, ch) for ch in record_id)
    if not payload or len(payload) > 64 or not set(payload) <= _PAYLOAD_CHARS:
        return None
    return payload


def payload_candidates(payload: str) -> list[str]:
    """The record ids a payload may stand for, the exact decoding first."""
    if not payload or len(payload) > 64 or not set(payload) <= _PAYLOAD_CHARS:
        return []
    decoded: list[str] = []
    index = 0
    while index < len(payload):
        ch = payload[index]
        if ch in _DECODE:
            if index + 1 < len(payload) and payload[index + 1] == ch:
                decoded.append(ch)  # a doubled mark is the character itself
                index += 2
                continue
            decoded.append(_DECODE[ch])
        else:
            decoded.append(ch)
        index += 1
    # links written by hand often use "_" for every dot and nothing else
    simple = payload.replace("_", ".")
    return list(dict.fromkeys(["".join(decoded), simple, payload]))
