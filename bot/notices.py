"""Notices from the secretariat and meeting reminders: composing, timing, reminders, reports.

A notice goes through these states (``notices.state``)::

    draft ──send now──────────────► sending ──► done
      │                               ▲  └─stop─► stopped
      └─schedule─► scheduled ──due────┘
      │               ├─too late (beyond the grace) / meeting started──► dropped
      └─cancel────────┴─cancel──► cancelled

**The recipient list is fixed when the notice starts going out**: at the confirmation for "send
now", at its time for a scheduled notice (so a delegate who subscribes in between gets it, and
one who unsubscribed does not). At that moment one delivery row per recipient is written in
the same transaction as the state change (``Storage.queue_notice``); from then on the delivery
worker (:mod:`bot.delivery`) owns them. The preview shows how many recipients there are now.

Scheduled notices and reminders live in the database, not in memory. The worker calls
:func:`activate_due_notices` about once a second: a notice whose time has come is queued; if
the bot was not running at its time it is still sent when it is less than ``notice_grace``
late (and the report says how late), and dropped (with the reason in the report) beyond that,
or — for a reminder — once its meeting has started.

Reminders: :func:`sync_reminders` keeps one reminder per meeting start time and lead
(``Settings.reminder_leads``) in step with the knowledge base: it creates missing ones, moves
pending ones when a meeting moves, cancels those of cancelled or removed meetings, and queues a
"changed" notice to everyone who already got a reminder for a meeting that moved or was
cancelled. Notices the secretariat timed relative to a meeting ("30m before M2") move with it.

Text: a notice is Telegram HTML. Text without any tag or character reference is taken as plain
text and escaped; anything else is checked the way Telegram parses HTML
(:func:`notice_html`), so a broken tag is refused before the preview, with the reason.

Exceptions::

    NoticeError            root
    ├── NoticeTextError    the text is empty, too long or not valid Telegram HTML
    ├── TimingError        a time that cannot be read, is past, or names an unknown meeting
    ├── TopicError         an unknown audience
    ├── LinkError          a link that is not an http(s) or tg URL
    └── NoticeStateError   the notice is no longer in a state that allows this (e.g. sent)

Each carries a ``problem`` code and ``params``, which the handlers turn into words from the
catalogue (``notice.problem.<code>``).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import logging
import re
import urllib.parse
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from bot.audience import (
    AudienceCount,
    address_label,
    count_audience,
    sources_of,
    stored_address,
)
from bot.config import Settings, load_timezone, parse_duration
from bot.formatting import duration_words as duration_words  # re-exported for the renderers
from bot.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    Html,
    Language,
    format_date,
    format_time,
    language_from_telegram,
    t,
)
from bot.lists import known_lists, parse_list_names
from bot.storage import (
    ANY_LANGUAGE,
    TOPIC_ALL,
    Actor,
    DeliveryFigures,
    DeliveryOutcome,
    NewNotice,
    Notice,
    Storage,
)
from knowledge.models import KnowledgeBase, Meeting
from knowledge.schema import iana_time_zone

__all__ = [
    "LATE_AFTER",
    "Activation",
    "Confirmation",
    "Draft",
    "LinkError",
    "NoticeError",
    "NoticeOptions",
    "NoticeReport",
    "NoticeStateError",
    "NoticeTextError",
    "ReminderChanges",
    "Timing",
    "TimingError",
    "TopicError",
    "activate_due_notices",
    "cancel_notice",
    "check_link",
    "confirmation_needed",
    "create_draft",
    "describe",
    "first_line",
    "format_report_text",
    "known_topics",
    "language_of",
    "load_draft",
    "meeting_start",
    "notice_html",
    "notice_report",
    "parse_notice_options",
    "parse_when",
    "queue_from_command_line",
    "resolve_topic",
    "retime_draft",
    "schedule_notice",
    "send_notice_now",
    "stop_notice",
    "sync_reminders",
]

log = logging.getLogger(__name__)

#: A notice queued more than this after its time is reported as late.
LATE_AFTER: Final = dt.timedelta(minutes=1)
#: The longest visible text Telegram accepts in one message.
MAX_TEXT_CHARS: Final = 4096
#: A time given to the minute may lie this far in the past (it is "now").
PAST_TOLERANCE: Final = dt.timedelta(minutes=1)


# == Errors ======================================================================================


class NoticeError(Exception):
    """Root of the errors of this module; ``problem`` names the catalogue entry."""

    def __init__(self, problem: str, **params: object) -> None:
        super().__init__(f"{problem}: {params}" if params else problem)
        self.problem = problem
        self.params = params


def describe(error: NoticeError, lang: Language = "en") -> str:
    """What is wrong, in words from the catalogue, as plain text (the command line, a button
    answer)."""
    return check_html(str(t(lang, f"notice.problem.{error.problem}", **error.params)))


class NoticeTextError(NoticeError):
    """The notice's text is empty, too long, or not valid Telegram HTML."""


class TimingError(NoticeError):
    """A time that cannot be read, lies in the past, or names an unknown meeting."""


class TopicError(NoticeError):
    """An audience that is not a topic one can subscribe to."""


class LinkError(NoticeError):
    """A link that Telegram would not accept on a button."""


class NoticeStateError(NoticeError):
    """The notice is not (or no longer) in a state that allows the action."""


# == Text: Telegram HTML, checked as Telegram parses it ==========================================

_PLAIN_TAGS: Final = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "tg-spoiler"}
)
_ALLOWED_TAGS: Final = _PLAIN_TAGS | {"span", "a", "blockquote", "tg-emoji"}
_LOOKS_LIKE_HTML = re.compile(r"</?[A-Za-z][^<>]*>|&(?:#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z]+);")
_START_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z][a-zA-Z0-9_-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+))?)*)\s*>"
)
_ATTRIBUTE = re.compile(r"([a-zA-Z][a-zA-Z0-9_-]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+))?")
_END_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_CHAR_REF = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([a-zA-Z][a-zA-Z0-9]*));")
_NAMED_REFS: Final = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_REFERENCE_LIKE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")


def notice_html(source: str, *, is_html: bool | None = None) -> str:
    """The notice text as Telegram HTML, or NoticeTextError with the reason.

    ``is_html=None`` decides from the text: with a tag or a character reference it is HTML and
    must parse as Telegram parses it; otherwise it is plain text and gets escaped. In HTML, a
    ``&``, ``<`` or ``>`` that cannot be part of markup ("5 > 3", "Q&A", "x <3") is escaped
    rather than refused; anything that looks like a tag must be a valid one.
    """
    text = source.strip()
    if is_html is None:
        is_html = _LOOKS_LIKE_HTML.search(text) is not None
    text = _escape_strays(text) if is_html else html.escape(text, quote=False)
    visible = check_html(text)
    if not visible.strip():
        raise NoticeTextError("empty")
    if len(visible) > MAX_TEXT_CHARS:
        raise NoticeTextError("too_long", length=len(visible), limit=MAX_TEXT_CHARS)
    return text


def _escape_strays(source: str) -> str:
    """Escape the ``&``, ``<`` and ``>`` that cannot start markup; leave tags and character
    references (valid or not) for :func:`check_html` to judge."""
    out: list[str] = []
    pos = 0
    while pos < len(source):
        char = source[pos]
        if char == "<":
            tag = _START_TAG.match(source, pos) or _END_TAG.match(source, pos)
            if tag is not None:
                out.append(tag.group())
                pos = tag.end()
                continue
            following = source[pos + 1 : pos + 2]
            out.append(
                char
                if following.isascii() and (following.isalpha() or following == "/")
                else "&lt;"
            )
        elif char == ">":
            out.append("&gt;")
        elif char == "&":
            out.append(char if _REFERENCE_LIKE.match(source, pos) else "&amp;")
        else:
            out.append(char)
        pos += 1
    return "".join(out)


def check_html(source: str) -> str:
    """The visible text of Telegram HTML, or NoticeTextError naming what Telegram refuses."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while pos < len(source):
        special = min(
            (i for i in (source.find(c, pos) for c in "<>&") if i != -1), default=len(source)
        )
        out.append(source[pos:special])
        if special == len(source):
            break
        char = source[special]
        near = _near(source, special)
        if char == ">":
            raise NoticeTextError("escape", char=">", escaped="&gt;", near=near)
        if char == "&":
            ref = _CHAR_REF.match(source, special)
            if ref is None or (ref.group(3) is not None and ref.group(3) not in _NAMED_REFS):
                raise NoticeTextError("escape", char="&", escaped="&amp;", near=near)
            out.append(_decode_ref(ref))
            pos = ref.end()
            continue
        closing = _END_TAG.match(source, special)
        if closing is not None:
            name = closing.group(1).lower()
            if not stack:
                raise NoticeTextError("unexpected_close", tag=name, near=near)
            if stack[-1] != name:
                raise NoticeTextError("mismatch", expected=stack[-1], tag=name, near=near)
            stack.pop()
            pos = closing.end()
            continue
        opening = _START_TAG.match(source, special)
        if opening is None:
            raise NoticeTextError("escape", char="<", escaped="&lt;", near=near)
        name = opening.group(1).lower()
        if name not in _ALLOWED_TAGS:
            raise NoticeTextError("tag", tag=name, near=near)
        attributes = {
            a.group(1).lower(): (a.group(2) or "").strip("\"'")
            for a in _ATTRIBUTE.finditer(opening.group(2))
        }
        _check_tag(name, attributes, stack, near)
        stack.append(name)
        pos = opening.end()
    if stack:
        raise NoticeTextError("unclosed", tag=stack[-1])
    return "".join(out)


def _check_tag(name: str, attributes: Mapping[str, str], stack: list[str], near: str) -> None:
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise NoticeTextError("span", near=near)
    if name == "a":
        try:
            check_link(html.unescape(attributes.get("href", "")))
        except LinkError:
            raise NoticeTextError("href", near=near) from None
    if name == "tg-emoji" and not attributes.get("emoji-id", "").isdigit():
        raise NoticeTextError("emoji", near=near)
    if name == "blockquote" and "blockquote" in stack:
        raise NoticeTextError("nested_quote", near=near)


def _decode_ref(ref: re.Match[str]) -> str:
    decimal, hexadecimal, name = ref.groups()
    if name is not None:
        return _NAMED_REFS[name]
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise NoticeTextError("escape", char="&", escaped="&amp;", near=ref.group())
    return chr(code)


def _near(source: str, index: int) -> str:
    return source[max(0, index - 12) : index + 12].replace("\n", " ")


def check_link(url: str) -> str:
    """An http(s) or tg link, as Telegram accepts it on a button; LinkError otherwise."""
    cleaned = url.strip()
    parts = urllib.parse.urlsplit(cleaned)
    if (
        parts.scheme not in ("http", "https", "tg")
        or not (parts.netloc or parts.scheme == "tg")
        or any(c.isspace() for c in cleaned)
        or len(cleaned) > 2048
    ):
        raise LinkError("link", value=cleaned[:80])
    return cleaned


# == Options of /notice: topic=, at=, link= ======================================================

_OPTION = re.compile(
    r"\s*(topic|to|at|when|link|lists?)=(?:\"([^\"]*)\"|“([^”]*)”|(\S+))(?=\s|$)",
    re.IGNORECASE,
)
_OPTION_NAMES: Final = {
    "topic": "topic",
    "to": "topic",
    "at": "at",
    "when": "at",
    "link": "link",
    "list": "lists",
    "lists": "lists",
}


@dataclass(frozen=True, slots=True)
class NoticeOptions:
    """What a ``/notice`` command says besides its text."""

    topic: str | None = None
    at: str | None = None
    link: str | None = None
    lists: str | None = None  # named lists, comma-separated: "bureau,focal"


def parse_notice_options(text: str, *, is_html: bool = False) -> tuple[NoticeOptions, str]:
    """Leading ``topic=M2 list=bureau at=2020-06-11T14:30 link=https://…`` options and the rest
    (the text). Values may be quoted (``at="2020-06-11 14:30 Europe/Paris"``); from an HTML source
    the values are unescaped."""
    found: dict[str, str] = {}
    pos = 0
    while match := _OPTION.match(text, pos):
        value = next(v for v in match.groups()[1:] if v is not None)
        found[_OPTION_NAMES[match.group(1).lower()]] = html.unescape(value) if is_html else value
        pos = match.end()
    return NoticeOptions(**found), text[pos:].strip()


# == Topics ======================================================================================

_TOPIC_WORDS: Final = {
    "全部": TOPIC_ALL,
    "所有": TOPIC_ALL,
    "everyone": TOPIC_ALL,
    "主席团": "bureau",
    "主席團": "bureau",
}


def known_topics(kb: KnowledgeBase) -> list[str]:
    """Every audience one can subscribe to: all, bureau, meetings, agenda items."""
    return [TOPIC_ALL, "bureau", *(m.id for m in kb.meetings), *(a.id for a in kb.agenda)]


def resolve_topic(kb: KnowledgeBase, text: str) -> str:
    """The topic a user typed, spelled as stored (``m2`` → ``M2``); TopicError if unknown."""
    wanted = text.strip()
    wanted = _TOPIC_WORDS.get(wanted.lower(), wanted)
    for topic in known_topics(kb):
        if topic.lower() == wanted.lower():
            return topic
    raise TopicError("topic", value=text.strip()[:40])


# == Time ========================================================================================

_ZONE_WORDS: Final = {
    "geneva": "Europe/Zurich",
    "日内瓦": "Europe/Zurich",
    "日內瓦": "Europe/Zurich",
}
_RELATIVE_TO_MEETING = re.compile(
    r"(?P<amount>[0-9dhms ]+?)\s*(?P<side>before|after|前|后|後)\s*(?P<meeting>\S+(?:\s+\d+)?)",
    re.IGNORECASE,
)
_MEETING_ONLY = re.compile(r"(?:at\s+)?(?P<meeting>m\d+|meeting\s*\d+|第\s*\d+\s*次会议)", re.I)
_IN = re.compile(r"(?:in|\+)\s*(?P<amount>[0-9dhms ]+)", re.IGNORECASE)
_CLOCK = re.compile(r"(?P<h>\d{1,2}):(?P<m>\d{2})")


@dataclass(frozen=True, slots=True)
class Timing:
    """When a notice goes out; for a time relative to a meeting, which one and how long
    before its start (negative: after), so the notice can follow the meeting if it moves."""

    at: dt.datetime
    meeting_id: str | None = None
    lead: dt.timedelta | None = None
    meeting_start: dt.datetime | None = None


def meeting_start(
    kb: KnowledgeBase, meeting: Meeting, default_tz: zoneinfo.ZoneInfo
) -> dt.datetime | None:
    """The meeting's start as an aware UTC time, read in its session's timezone; None when the
    knowledge base gives no start time."""
    if meeting.start is None:
        return None
    session = kb.session(meeting.session)
    zone = default_tz
    if session is not None:
        try:
            zone = load_timezone(session.timezone)
        except ValueError:
            zone = default_tz
    return dt.datetime.combine(meeting.date, meeting.start, zone).astimezone(dt.UTC)


def find_meeting(kb: KnowledgeBase, text: str) -> Meeting:
    """``M2``, ``m2``, ``meeting 2``, ``第2次会议`` → the meeting; TimingError if unknown."""
    digits = re.sub(r"\D", "", text)
    wanted = f"M{digits}" if digits else text.strip().upper()
    for meeting in kb.meetings:
        if meeting.id == wanted:
            return meeting
    raise TimingError("meeting", value=text.strip()[:40])


def parse_when(text: str, *, kb: KnowledgeBase, tz: zoneinfo.ZoneInfo, now: dt.datetime) -> Timing:
    """A time a secretariat member typed, as an aware UTC time (TimingError otherwise).

    Accepted: ``2020-06-11T14:30`` or ``2020-06-11 14:30`` (in ``tz``, the session's time, by
    default), with an offset (``…+02:00``, ``…Z``) or a zone name after it (``2020-06-11 14:30
    Europe/Paris``, ``… UTC``); ``14:30`` (today); ``in 10m`` / ``+1h30m``; and relative to a
    meeting of the knowledge base: ``30m before M2``, ``15m after meeting 2``, ``M2`` (its
    start). The time must not lie in the past.
    """
    cleaned = " ".join(text.replace("　", " ").split())
    if not cleaned:
        raise TimingError("format", value=text)
    timing = _relative_to_meeting(cleaned, kb, tz) or _relative_to_now(cleaned, now)
    if timing is None:
        timing = Timing(_absolute(cleaned, tz, now))
    if timing.at < now - PAST_TOLERANCE:
        raise TimingError("past", value=cleaned[:60])
    return timing


def _relative_to_meeting(text: str, kb: KnowledgeBase, tz: zoneinfo.ZoneInfo) -> Timing | None:
    relative = _RELATIVE_TO_MEETING.fullmatch(text)
    if relative is not None:
        try:
            amount = parse_duration(relative["amount"])
        except ValueError:
            raise TimingError("format", value=text[:60]) from None
        meeting = find_meeting(kb, relative["meeting"])
        lead = amount if relative["side"].lower() in ("before", "前") else -amount
    else:
        only = _MEETING_ONLY.fullmatch(text)
        if only is None:
            return None
        meeting = find_meeting(kb, only["meeting"])
        lead = dt.timedelta(0)
    start = meeting_start(kb, meeting, tz)
    if start is None:
        raise TimingError("no_start", meeting=meeting.number)
    if meeting.cancelled:
        raise TimingError("cancelled", meeting=meeting.number)
    return Timing(start - lead, meeting.id, lead, start)


def _relative_to_now(text: str, now: dt.datetime) -> Timing | None:
    match = _IN.fullmatch(text)
    if match is None:
        return None
    try:
        return Timing(now + parse_duration(match["amount"]))
    except ValueError:
        raise TimingError("format", value=text[:60]) from None


def _absolute(text: str, default_tz: zoneinfo.ZoneInfo, now: dt.datetime) -> dt.datetime:
    head, _, zone_name = text.rpartition(" ")
    zone = _zone(zone_name) if head else None
    body = head if zone is not None else text
    clock = _CLOCK.fullmatch(body)
    if clock is not None:
        local_today = now.astimezone(zone or default_tz).date()
        try:
            moment = dt.datetime.combine(local_today, dt.time(int(clock["h"]), int(clock["m"])))
        except ValueError:
            raise TimingError("format", value=text[:60]) from None
    else:
        try:
            moment = dt.datetime.fromisoformat(body.replace(" ", "T", 1))
        except ValueError:
            raise TimingError("format", value=text[:60]) from None
    if moment.tzinfo is not None:
        if zone is not None:
            raise TimingError("format", value=text[:60])
        return moment.astimezone(dt.UTC)
    return moment.replace(tzinfo=zone or default_tz).astimezone(dt.UTC)


def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    word = _ZONE_WORDS.get(name.lower())
    if word is not None:
        return zoneinfo.ZoneInfo(word)
    if name.upper() in ("UTC", "GMT", "Z"):
        return zoneinfo.ZoneInfo("UTC")
    key = iana_time_zone(name) or _zone_keys().get(name.lower())
    return load_timezone(key) if key is not None else None


@functools.cache
def _zone_keys() -> dict[str, str]:
    return {key.lower(): key for key in zoneinfo.available_timezones()}


# == Who gets what language ======================================================================


def language_of(chosen: str | None, language_code: str | None) -> str:
    """A recipient's language: the one they chose, else their Telegram language; for chats
    the bot knows nothing about (groups), the default."""
    if chosen is not None and chosen in LANGUAGES:
        return chosen
    if language_code is None:
        return DEFAULT_LANGUAGE
    return language_from_telegram(language_code)


# == Composing: draft, preview, confirmation =====================================================


@dataclass(frozen=True, slots=True)
class Draft:
    """A stored draft and whom it would reach if it went out now, reason by reason."""

    notice: Notice
    audience: AudienceCount

    @property
    def recipients(self) -> int:
        return self.audience.total


async def create_draft(
    store: Storage,
    kb: KnowledgeBase,
    settings: Settings,
    *,
    author: Actor,
    text: str,
    is_html: bool | None = None,
    options: NoticeOptions = NoticeOptions(),
    now: dt.datetime,
) -> Draft:
    """Check a notice (text, audience, time, link) and store it as a draft; nothing is sent
    until it is confirmed. Raises the NoticeError that says what is wrong."""
    body = notice_html(text, is_html=is_html)
    lists = await _lists(store, options.lists) if options.lists else []
    topic = resolve_topic(kb, options.topic) if options.topic else None
    topics = [topic] if topic else ([] if lists else [TOPIC_ALL])
    link = check_link(options.link) if options.link else None
    timing = parse_when(options.at, kb=kb, tz=settings.tz, now=now) if options.at else None
    address = stored_address(topics, lists)
    notice_id = await store.add_notice(
        NewNotice(
            kind="notice",
            texts={ANY_LANGUAGE: body},
            topics=address,
            link=link,
            send_at=timing.at if timing else None,
            meeting_id=timing.meeting_id if timing else None,
            lead=timing.lead if timing else None,
            meeting_start=timing.meeting_start if timing else None,
            created_by=_user_id(author),
        )
    )
    label = address_label(kb, "en", address)
    await store.audit(author, "notice.draft", f"#{notice_id} to {label}")
    return await load_draft(store, kb, notice_id)


async def _lists(store: Storage, text: str) -> list[str]:
    names, bad = parse_list_names(text)
    found, missing = await known_lists(store, names)
    if bad or missing or not found:
        raise TopicError("list", value=", ".join([*bad, *missing])[:60] or text[:60])
    return found


async def retime_draft(
    store: Storage,
    kb: KnowledgeBase,
    settings: Settings,
    notice_id: int,
    when: str,
    *,
    now: dt.datetime,
    actor: Actor = None,
) -> Draft:
    """Give a draft or a scheduled notice a new time (a reply to its preview, ``delegate-bot
    notice reschedule``). Reminders follow their meeting and cannot be given another time."""
    timing = parse_when(when, kb=kb, tz=settings.tz, now=now)
    notice = await _existing(store, notice_id)
    if notice.kind != "notice":
        raise NoticeStateError("follows_meeting", notice=notice_id)
    changed = await store.reschedule_notice(
        notice_id,
        timing.at,
        meeting_id=timing.meeting_id,
        lead=timing.lead,
        meeting_start=timing.meeting_start,
    )
    if not changed:
        raise NoticeStateError("not_draft", notice=notice_id)
    await store.audit(actor, "notice.reschedule", f"#{notice_id} at {timing.at.isoformat()}")
    return await load_draft(store, kb, notice_id)


@dataclass(frozen=True, slots=True)
class Confirmation:
    """Why pressing a preview's button needs a second tap: nobody would receive the notice
    now (``nobody``), or it was written for later (``when``) and Send now would send it early."""

    action: Literal["send", "sched"]
    nobody: bool
    when: dt.datetime | None = None


def confirmation_needed(draft: Draft, action: str) -> Confirmation | None:
    """The second tap pressing ``action`` (send, sched) under this draft's preview needs."""
    notice = draft.notice
    if notice.state != "draft":
        return None  # the press will be refused anyway
    if action == "send" and draft.recipients == 0:
        return Confirmation("send", nobody=True)
    if action == "send" and notice.send_at is not None:
        return Confirmation("send", nobody=False, when=notice.send_at)
    if action == "sched" and notice.send_at is not None and draft.recipients == 0:
        return Confirmation("sched", nobody=True)
    return None


async def load_draft(store: Storage, kb: KnowledgeBase | None, notice_id: int) -> Draft:
    """A notice with its audience counted now."""
    notice = await _existing(store, notice_id)
    return Draft(notice, await count_audience(store, kb, notice.topics))


async def send_notice_now(
    store: Storage, notice_id: int, actor: Actor, *, kb: KnowledgeBase | None
) -> int:
    """Confirm a draft (or bring a scheduled notice forward): its recipients are fixed now
    and queued; how many. NoticeStateError when it is no longer a draft. ``kb`` tells which
    subscriptions cover the notice's topics (:mod:`bot.audience`)."""
    notice = await _existing(store, notice_id)
    queued = await store.queue_notice(
        notice_id,
        language_of,
        confirmed_by=_user_id(actor),
        audience=sources_of(kb, notice.topics),
    )
    if queued is None:
        raise NoticeStateError("not_draft", notice=notice_id)
    await store.audit(actor, "notice.send", f"#{notice_id} to {queued} recipient(s)")
    return queued


async def schedule_notice(store: Storage, notice_id: int, actor: Actor) -> Notice:
    """Confirm a draft that has a time. NoticeStateError when it has none or is not a draft."""
    notice = await store.notice(notice_id)
    if notice is None:
        raise NoticeStateError("gone", notice=notice_id)
    if notice.state == "draft" and notice.send_at is None:
        raise NoticeStateError("no_time", notice=notice_id)
    if not await store.schedule_notice(notice_id, _user_id(actor)):
        raise NoticeStateError("not_draft", notice=notice_id)
    at = notice.send_at.isoformat() if notice.send_at else "?"
    await store.audit(actor, "notice.schedule", f"#{notice_id} at {at}")
    return await _existing(store, notice_id)


async def cancel_notice(store: Storage, notice_id: int, actor: Actor) -> Notice:
    """Cancel a draft or a scheduled notice (nothing of it was sent); ``actor`` None: from the
    command line; a name: an API client."""
    await _existing(store, notice_id)
    note = f"cancelled-by:{actor if actor is not None else ''}"
    if not await store.close_notice(notice_id, "cancelled", note):
        raise NoticeStateError("not_draft", notice=notice_id)
    await store.audit(actor, "notice.cancel", f"#{notice_id}")
    return await _existing(store, notice_id)


async def stop_notice(store: Storage, notice_id: int, actor: Actor) -> int:
    """Stop a notice that is going out; how many recipients will not get it."""
    skipped = await store.stop_notice(notice_id, f"stopped-by:{actor}")
    if skipped is None:
        raise NoticeStateError("not_sending", notice=notice_id)
    await store.audit(actor, "notice.stop", f"#{notice_id}: {skipped} not sent")
    return skipped


def _user_id(actor: Actor) -> int | None:
    """The Telegram user behind an actor (an API client, named by a string, is none)."""
    return actor if isinstance(actor, int) else None


async def _existing(store: Storage, notice_id: int) -> Notice:
    notice = await store.notice(notice_id)
    if notice is None:
        raise NoticeStateError("gone", notice=notice_id)
    return notice


async def queue_from_command_line(
    store: Storage,
    kb: KnowledgeBase,
    settings: Settings,
    text: str,
    *,
    at: str | None = None,
    topic: str | None = None,
    lists: str | None = None,
    link: str | None = None,
    now: dt.datetime,
) -> tuple[Notice, int | None]:
    """``delegate-bot notice send``: the command is the confirmation. Without ``at`` the
    recipients are fixed and queued now (the running bot's worker picks the rows up);
    with it, the notice is scheduled. Returns the notice and how many were queued (None
    when scheduled)."""
    draft = await create_draft(
        store,
        kb,
        settings,
        author=None,
        text=text,
        options=NoticeOptions(topic=topic, at=at, link=link, lists=lists),
        now=now,
    )
    if at is None:
        queued = await send_notice_now(store, draft.notice.id, None, kb=kb)
        return await _existing(store, draft.notice.id), queued
    return await schedule_notice(store, draft.notice.id, None), None


# == Scheduled notices coming due ================================================================


@dataclass(frozen=True, slots=True)
class Activation:
    """What happened to a notice whose time came: queued (``recipients``, ``late``) or
    dropped (``reason``)."""

    notice_id: int
    recipients: int | None
    late: dt.timedelta | None
    dropped: str | None = None


async def activate_due_notices(
    store: Storage, now: dt.datetime, grace: dt.timedelta, kb: KnowledgeBase | None = None
) -> list[Activation]:
    """Queue every scheduled notice whose time has come, or drop it when it is no longer
    useful: more than ``grace`` late, or a reminder whose meeting has started. ``kb`` (the
    live knowledge base) tells which subscriptions cover each notice's topics."""
    activations: list[Activation] = []
    for notice in await store.due_notices(now):
        assert notice.send_at is not None  # due_notices only returns timed notices
        lateness = now - notice.send_at
        late = lateness if lateness > LATE_AFTER else None
        reason: str | None = None
        if notice.kind == "reminder" and notice.meeting_start and notice.meeting_start <= now:
            reason = "meeting-started"
        elif lateness > grace:
            reason = "missed"
        if reason is not None:
            if await store.close_notice(notice.id, "dropped", reason, late=lateness):
                log.warning("notice #%s dropped (%s, %s late)", notice.id, reason, lateness)
                activations.append(Activation(notice.id, None, lateness, reason))
            continue
        queued = await store.queue_notice(
            notice.id, language_of, late=late, audience=sources_of(kb, notice.topics)
        )
        if queued is not None:
            if late is not None:
                log.warning("notice #%s queued %s late", notice.id, lateness)
            activations.append(Activation(notice.id, queued, late))
    return activations


# == Reminders ===================================================================================


@dataclass(frozen=True, slots=True)
class ReminderChanges:
    """What :func:`sync_reminders` did, as notice ids."""

    created: tuple[int, ...] = ()
    moved: tuple[int, ...] = ()
    cancelled: tuple[int, ...] = ()
    announced: tuple[int, ...] = ()  # "changed" notices queued

    @property
    def changed(self) -> bool:
        return bool(self.created or self.moved or self.cancelled or self.announced)


async def sync_reminders(
    store: Storage, kb: KnowledgeBase, settings: Settings, now: dt.datetime
) -> ReminderChanges:
    """Bring the stored reminders in step with the meetings of ``kb``.

    For every meeting with a start time and every lead of ``settings.reminder_leads``: a
    reminder at start − lead is created if it is still ahead, or moved if the meeting moved.
    Pending reminders of meetings that are cancelled, removed or lost their time (and of
    leads no longer configured) are cancelled. Whoever already received a reminder for a
    meeting that then moved or was cancelled gets one "changed" notice. Notices timed
    relative to a meeting move with it. Safe to call any number of times.
    """
    tz = settings.tz
    meetings = {m.id: m for m in kb.meetings}
    starts = {m.id: meeting_start(kb, m, tz) for m in kb.meetings if not m.cancelled}
    leads = {round(lead.total_seconds()): lead for lead in settings.reminder_leads}
    existing = await store.meeting_notices()
    reminders = [n for n in existing if n.kind == "reminder"]
    created: list[int] = []
    moved: list[int] = []
    cancelled: list[int] = []
    announced: list[int] = []

    # Pending reminders with nothing left to remind of.
    for notice in reminders:
        if notice.state != "scheduled" or notice.meeting_id is None or notice.lead is None:
            continue
        meeting = meetings.get(notice.meeting_id)
        lead_seconds = round(notice.lead.total_seconds())
        reason = None
        if meeting is None:
            reason = "meeting-removed"
        elif meeting.cancelled:
            reason = "meeting-cancelled"
        elif starts.get(meeting.id) is None:
            reason = "meeting-untimed"
        elif lead_seconds not in leads:
            reason = "lead-removed"
        if reason and await store.close_notice(notice.id, "cancelled", reason):
            cancelled.append(notice.id)

    # Missing reminders, and pending ones to move.
    for meeting in kb.meetings:
        start = starts.get(meeting.id)
        if start is None:
            continue
        for lead_seconds, lead in sorted(leads.items(), reverse=True):
            mine = [
                n
                for n in reminders
                if n.meeting_id == meeting.id
                and n.lead is not None
                and round(n.lead.total_seconds()) == lead_seconds
            ]
            texts = reminder_texts(kb, meeting, start, lead, tz)
            link = _meeting_link(meeting)
            pending = [n for n in mine if n.state == "scheduled"]
            at = start - lead
            if pending:
                notice = pending[-1]
                if (notice.send_at, notice.meeting_start, dict(notice.texts), notice.link) != (
                    at,
                    start,
                    texts,
                    link,
                ):
                    await store.reschedule_notice(
                        notice.id,
                        at,
                        meeting_id=meeting.id,
                        lead=lead,
                        meeting_start=start,
                        texts=texts,
                        link=link or "",
                    )
                    if notice.send_at != at:
                        moved.append(notice.id)
                continue
            # a reminder that went out, or that someone cancelled, for this start is not
            # made again; the meeting moving is news, and gets a new one
            went_out = any(
                n.meeting_start == start
                and (
                    n.state in ("sending", "done", "stopped")
                    or (n.state == "cancelled" and n.note.startswith("cancelled-by:"))
                )
                for n in mine
            )
            if went_out or at <= now:
                continue
            created.append(
                await store.add_notice(
                    NewNotice(
                        kind="reminder",
                        texts=texts,
                        topics=reminder_topics(kb, meeting),
                        link=link,
                        state="scheduled",
                        send_at=at,
                        meeting_id=meeting.id,
                        lead=lead,
                        meeting_start=start,
                    )
                )
            )

    # Those already reminded of a meeting that moved or was cancelled are told.
    for meeting_id in sorted({n.meeting_id for n in reminders if n.meeting_id}):
        meeting = meetings.get(meeting_id)
        if meeting is None:
            continue  # removed from the knowledge base: a correction, not news to announce
        told = [
            n
            for n in reminders
            if n.meeting_id == meeting_id
            and n.state in ("sending", "done", "stopped")
            and n.meeting_start is not None
        ]
        start = starts.get(meeting_id)
        if meeting.cancelled:
            stale = [n for n in told if n.meeting_start and n.meeting_start > now]
        elif start is not None and start > now:
            stale = [n for n in told if n.meeting_start != start]
        else:
            stale = []
        if not stale:
            continue
        for notice in stale:
            if notice.state == "sending":
                await store.stop_notice(notice.id, "meeting-changed")
        before = max(
            (n for n in stale if n.meeting_start is not None), key=lambda n: n.id
        ).meeting_start
        assert before is not None
        recipients = await store.reached_chats([n.id for n in stale])
        texts = change_texts(kb, meeting, before, None if meeting.cancelled else start, tz)
        change_id = await store.add_notice(
            NewNotice(
                kind="change",
                texts=texts,
                topics=reminder_topics(kb, meeting),
                link=None if meeting.cancelled else _meeting_link(meeting),
                meeting_id=meeting.id,
                meeting_start=None if meeting.cancelled else start,
            )
        )
        await store.queue_notice(change_id, language_of, recipients=recipients)
        await store.set_meeting_start([n.id for n in stale], None if meeting.cancelled else start)
        announced.append(change_id)

    # Notices the secretariat timed relative to a meeting follow it.
    for notice in existing:
        if (
            notice.kind != "notice"
            or notice.state not in ("draft", "scheduled")
            or notice.meeting_id is None
            or notice.lead is None
        ):
            continue
        start = starts.get(notice.meeting_id)
        if start is None or start == notice.meeting_start:
            continue
        await store.reschedule_notice(
            notice.id,
            start - notice.lead,
            meeting_id=notice.meeting_id,
            lead=notice.lead,
            meeting_start=start,
        )
        moved.append(notice.id)

    changes = ReminderChanges(tuple(created), tuple(moved), tuple(cancelled), tuple(announced))
    if changes.changed:
        log.info(
            "reminders: %d created, %d moved, %d cancelled, %d change notice(s)",
            len(created),
            len(moved),
            len(cancelled),
            len(announced),
        )
    return changes


def reminder_topics(kb: KnowledgeBase, meeting: Meeting) -> tuple[str, ...]:
    """Who is reminded of a meeting: its subscribers — and, as for any notice to a meeting
    (:mod:`bot.audience`), those of the agenda items taken up at it and those of "all"."""
    return (meeting.id,)


def _meeting_link(meeting: Meeting) -> str | None:
    try:
        return check_link(meeting.link) if meeting.link else None
    except LinkError:
        return None


def _zone_label(lang: Language, key: str) -> str:
    if key == "Europe/Zurich":
        return {"zh-Hans": "日内瓦", "zh-Hant": "日內瓦", "en": "Geneva"}[lang]
    return key


def _local(
    kb: KnowledgeBase, meeting: Meeting, moment: dt.datetime, tz: zoneinfo.ZoneInfo
) -> tuple[dt.datetime, str]:
    session = kb.session(meeting.session)
    zone = tz
    if session is not None and iana_time_zone(session.timezone):
        zone = load_timezone(session.timezone)
    return moment.astimezone(zone), zone.key


def _when(lang: Language, local: dt.datetime) -> str:
    return f"{format_date(lang, local.date(), weekday=True)} {format_time(local)}"


def reminder_texts(
    kb: KnowledgeBase,
    meeting: Meeting,
    start: dt.datetime,
    lead: dt.timedelta,
    tz: zoneinfo.ZoneInfo,
) -> dict[str, str]:
    """The reminder in every language (times in the meeting's own timezone)."""
    local, zone = _local(kb, meeting, start, tz)
    texts: dict[str, str] = {}
    for lang in LANGUAGES:
        texts[lang] = str(
            t(
                lang,
                "notice.reminder",
                meeting=_meeting_name(lang, meeting),
                when=_when(lang, local),
                zone=_zone_label(lang, zone),
                lead=duration_words(lang, lead),
            )
        )
    return texts


def change_texts(
    kb: KnowledgeBase,
    meeting: Meeting,
    before: dt.datetime,
    after: dt.datetime | None,
    tz: zoneinfo.ZoneInfo,
) -> dict[str, str]:
    """The "changed" notice in every language: moved to ``after``, or cancelled (None)."""
    old, zone = _local(kb, meeting, before, tz)
    texts: dict[str, str] = {}
    for lang in LANGUAGES:
        params: dict[str, object] = {
            "meeting": _meeting_name(lang, meeting),
            "before": _when(lang, old),
            "zone": _zone_label(lang, zone),
        }
        if after is None:
            texts[lang] = str(t(lang, "notice.changed_cancelled", **params))
        else:
            new, _ = _local(kb, meeting, after, tz)
            texts[lang] = str(t(lang, "notice.changed_moved", when=_when(lang, new), **params))
    return texts


def _meeting_name(lang: Language, meeting: Meeting) -> Html:
    return t(lang, "notice.meeting", number=meeting.number)


# == Reports =====================================================================================


@dataclass(frozen=True, slots=True)
class NoticeReport:
    """A notice with its delivery figures, the deliveries that need a word (not reached,
    still queued, possibly doubled) and an estimate of the time left."""

    notice: Notice
    figures: DeliveryFigures
    problems: tuple[DeliveryOutcome, ...] = ()
    eta: dt.timedelta | None = None

    @property
    def doubtful(self) -> tuple[DeliveryOutcome, ...]:
        return tuple(p for p in self.problems if p.doubt is not None)


async def notice_report(
    store: Storage, notice_id: int, *, rate: float, limit: int | None = 50
) -> NoticeReport | None:
    """The notice's report; ``rate`` (messages per second) gives the estimate of time left;
    ``limit`` deliveries needing a word are listed (None: figures only)."""
    notice = await store.notice(notice_id)
    if notice is None:
        return None
    figures = (await store.delivery_figures([notice_id]))[notice_id]
    problems = await store.delivery_outcomes(notice_id, limit=limit) if limit else []
    eta = None
    if notice.state == "sending":
        ahead = await store.queue_ahead(notice_id)
        eta = dt.timedelta(seconds=round(ahead / rate)) if rate > 0 else None
    return NoticeReport(notice, figures, tuple(problems), eta)


async def recent_reports(store: Storage, limit: int = 10) -> list[NoticeReport]:
    """Scheduled notices, then the latest ones, each with its figures."""
    notices = await store.recent_notices(limit)
    figures = await store.delivery_figures([n.id for n in notices])
    return [NoticeReport(n, figures[n.id]) for n in notices]


_REASON_WORDS: Final = {
    "missed": "the bot was not running at its time, and it was beyond the grace period",
    "meeting-started": "the meeting had already started",
    "meeting-removed": "the meeting is no longer in the knowledge base",
    "meeting-cancelled": "the meeting was cancelled",
    "meeting-untimed": "the meeting no longer has a start time",
    "meeting-changed": "the meeting changed",
    "lead-removed": "that reminder lead is no longer configured",
}


def first_line(text: str, limit: int = 60) -> str:
    """The first line of a notice's visible text (tags removed), shortened to ``limit``."""
    try:
        visible = check_html(text)
    except NoticeError:
        visible = text
    line = next((part.strip() for part in visible.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def note_words(note: str) -> str:
    """A stored note (``stopped-by:42``, ``missed`` …) in plain English, for the CLI."""
    kind, _, who = note.partition(":")
    if kind == "stopped-by":
        return f"stopped by {who}"
    if kind == "cancelled-by":
        return f"cancelled by {who}" if who else "cancelled from the command line"
    return _REASON_WORDS.get(note, note)


def doubt_words(doubt: str) -> str:
    if doubt == "restart":
        return "possibly duplicated: bot stopped while sending"
    return "possibly duplicated: the connection failed after the request was sent"


def format_report_text(report: NoticeReport, tz: zoneinfo.ZoneInfo) -> str:
    """A notice's report as plain text (``delegate-bot notice report N``)."""
    notice, figures = report.notice, report.figures

    def local(moment: dt.datetime | None) -> str:
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z") if moment else "-"

    audience = address_label(None, "en", notice.topics)
    lines = [
        f"notice #{notice.id} ({notice.kind}) — {notice.state}",
        f"audience: {audience}; created {local(notice.created_at)}",
    ]
    if notice.send_at:
        lines.append(f"time: {local(notice.send_at)}")
    if notice.queued_at:
        lines.append(f"queued: {local(notice.queued_at)}")
    if notice.late:
        lines.append(f"late: {notice.late} after its time (the bot was not running)")
    if notice.note:
        lines.append(f"note: {note_words(notice.note)}")
    lines.append(
        f"sent {figures.sent} / {figures.total}; pending {figures.unfinished};"
        f" blocked {figures.blocked}; failed {figures.failed}; not sent (stopped)"
        f" {figures.skipped}; possibly duplicated {figures.doubtful}"
    )
    if figures.paid:
        lines.append(f"sent as paid broadcasts: {figures.paid}")
    if report.eta is not None:
        lines.append(f"time left: about {report.eta}")
    for problem in report.problems:
        who = f"@{problem.username}" if problem.username else (problem.first_name or "")
        why = problem.error or ""
        if problem.doubt is not None:
            why = doubt_words(problem.doubt)
        lines.append(f"  {problem.chat_id} {who} {problem.state}: {why}".rstrip())
    return "\n".join(lines)
