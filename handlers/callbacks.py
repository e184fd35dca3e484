"""Callback data: every button carries what it does, in a namespace, within Telegram's 64 bytes.

Nothing is kept in memory between the message and the press, so a button still works after a
restart or on another instance. Data is ``<namespace>|<action>|<arg>|<arg>…``: the namespace says
which feature (and which version of its format) the button belongs to, arguments are never
empty, never contain ``|``, and numbers are written in ASCII digits. Data from another namespace,
or that does not parse, decodes to ``None`` and the press is answered with a short "this button
is out of date" note. Every namespace below encodes, checks and decodes here, and each keeps
decoding what it has always written: a new format takes a new prefix.

``v1`` (:data:`READER`) — what delegates browse (handlers.browse, .preferences, .subscriptions,
.calendar, .feedback):

    r   <id>                     show one record in a new message (paragraph, item, meeting…)
    p   <id>                     show one record in place of this message (previous / next)
    orig <id>                    a paragraph as printed, in place (one printed in the other script)
    o   <resolution> <page>      a resolution's paragraphs, one page
    s   <resolution> <n> <page>  section n of a resolution, one page
    l   <view> <page>            a listing (resolutions, documents, agenda, meetings…), one page
    lang <code>                  set the interface language
    sub / unsub <topic>          subscribe to / unsubscribe from a topic
    n                            a button that does nothing (page counter)
    cal  <meeting id | all>      the meeting(s) as an .ics file
    fb   <question> <u | d>      👍 / 👎 under a free-text answer
    pick <question> <id>         a "did you mean" or a choice, noted for that question

``kb1`` (:data:`KB_ADMIN`) — knowledge-base administration (handlers.kbadmin):

    a <version> <base>           activate; base: the live version previewed against (0: the file)
    x <version>                  discard an upload that never went live
    c <version>                  close a rollback preview (the version stays)

``nv1`` (:data:`NOTICES`) — a notice's preview and report (handlers.notices):

    send | sched <notice>        send now / schedule
    sendok | schedok <notice>    the second tap, when the first one asked for it
    test | cancel | stop <notice>

``in1`` (:data:`INSIGHTS`) — question insights (handlers.insights):

    a <question> <id>            add the question as a way to ask for the record
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Generic, Literal, TypeVar, cast

MAX_BYTES: Final = 64
SEPARATOR: Final = "|"

#: What an argument may be: any text (not empty, no separator), or a number in ASCII digits.
ArgKind = Literal["text", "number"]
TEXT: Final = "text"
NUMBER: Final = "number"

A = TypeVar("A", bound=str)

Action = Literal["r", "p", "orig", "o", "s", "l", "lang", "sub", "unsub", "n", "cal", "fb", "pick"]
KbAction = Literal["a", "x", "c"]
NoticeAction = Literal["send", "sendok", "sched", "schedok", "test", "cancel", "stop"]
InsightAction = Literal["a"]


class CallbackDataError(ValueError):
    """The data would not fit in 64 bytes, or an argument is not what its action takes."""


def _valid(part: str, kind: ArgKind) -> bool:
    if not part or SEPARATOR in part:
        return False
    return kind != NUMBER or is_number(part)


def is_number(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts "²", which ``int`` refuses."""
    return text.isascii() and text.isdigit()


@dataclass(frozen=True, slots=True)
class Callback(Generic[A]):
    """A decoded button press: its action and its arguments, as text."""

    action: A
    args: tuple[str, ...] = ()

    def arg(self, index: int) -> str:
        return self.args[index]

    def int_arg(self, index: int, default: int = 0) -> int:
        value = self.args[index]
        return int(value) if is_number(value) else default


@dataclass(frozen=True, slots=True)
class Namespace(Generic[A]):
    """One feature's buttons: a prefix, and the arguments each of its actions takes."""

    prefix: str
    actions: Mapping[A, tuple[ArgKind, ...]]

    def _kinds(self, action: str) -> tuple[ArgKind, ...] | None:
        return cast(Mapping[str, tuple[ArgKind, ...]], self.actions).get(action)

    def encode(self, action: A, *args: str | int) -> str:
        """The callback data for a button; raises CallbackDataError if it cannot be sent."""
        kinds = self._kinds(action)
        if kinds is None:
            raise CallbackDataError(f"{self.prefix} has no action {action!r}")
        parts = [str(a) for a in args]
        if len(parts) != len(kinds):
            raise CallbackDataError(f"{action} takes {len(kinds)} argument(s), got {len(parts)}")
        for part, kind in zip(parts, kinds, strict=True):
            if not _valid(part, kind):
                raise CallbackDataError(f"invalid argument {part!r}")
        data = SEPARATOR.join([self.prefix, action, *parts])
        if len(data.encode("utf-8")) > MAX_BYTES:
            raise CallbackDataError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data

    def encode_or_none(self, action: A, *args: str | int) -> str | None:
        """The callback data, or None when such a button cannot be sent."""
        try:
            return self.encode(action, *args)
        except CallbackDataError:
            return None

    def fits(self, action: A, *args: str | int) -> bool:
        """Whether a button with this action and these arguments can be sent at all."""
        return self.encode_or_none(action, *args) is not None

    def decode(self, data: str | None) -> Callback[A] | None:
        """The button's meaning, or None for data that is stale, foreign or malformed."""
        if not data or len(data.encode("utf-8")) > MAX_BYTES:
            return None
        prefix, _, rest = data.partition(SEPARATOR)
        if prefix != self.prefix or not rest:
            return None
        action, *args = rest.split(SEPARATOR)
        kinds = self._kinds(action)
        if kinds is None or len(args) != len(kinds):
            return None
        if not all(_valid(arg, kind) for arg, kind in zip(args, kinds, strict=True)):
            return None
        return Callback(cast(A, action), tuple(args))

    def pattern(self, *actions: A) -> str:
        """The ``CallbackQueryHandler`` pattern of this namespace's data (or of these actions)."""
        start = rf"^{re.escape(self.prefix)}\|"
        if not actions:
            return start
        with_args = [re.escape(a) for a in actions if self._kinds(a)]
        without = [re.escape(a) for a in actions if not self._kinds(a)]
        choices = []
        if with_args:
            choices.append(rf"(?:{'|'.join(with_args)})\|")
        if without:
            choices.append(rf"(?:{'|'.join(without)})$")
        return start + (choices[0] if len(choices) == 1 else f"(?:{'|'.join(choices)})")


READER: Final[Namespace[Action]] = Namespace(
    "v1",
    {
        "r": (TEXT,),
        "p": (TEXT,),
        "orig": (TEXT,),
        "o": (TEXT, TEXT),
        "s": (TEXT, TEXT, TEXT),
        "l": (TEXT, TEXT),
        "lang": (TEXT,),
        "sub": (TEXT,),
        "unsub": (TEXT,),
        "n": (),
        "cal": (TEXT,),
        "fb": (NUMBER, TEXT),
        "pick": (NUMBER, TEXT),
    },
)
KB_ADMIN: Final[Namespace[KbAction]] = Namespace(
    "kb1", {"a": (NUMBER, NUMBER), "x": (NUMBER,), "c": (NUMBER,)}
)
NOTICES: Final[Namespace[NoticeAction]] = Namespace(
    "nv1",
    {
        action: (NUMBER,)
        for action in ("send", "sendok", "sched", "schedok", "test", "cancel", "stop")
    },
)
INSIGHTS: Final[Namespace[InsightAction]] = Namespace("in1", {"a": (NUMBER, TEXT)})
NAMESPACES: Final = (READER, KB_ADMIN, NOTICES, INSIGHTS)

#: The reader namespace's prefix (the version of its format).
VERSION: Final = READER.prefix


def encode(action: Action, *args: str | int) -> str:
    """A reader button's callback data; raises CallbackDataError if it cannot be sent."""
    return READER.encode(action, *args)


def fits(action: Action, *args: str | int) -> bool:
    """Whether a reader button with this action and these arguments can be sent at all."""
    return READER.fits(action, *args)


def decode(data: str | None) -> Callback[Action] | None:
    """A reader button's meaning, or None for data that is stale, foreign or malformed."""
    return READER.decode(data)


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
