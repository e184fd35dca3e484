"""The plain values storage functions take and return."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal, get_args

# == Values ======================================================================================

Language = Literal["zh-Hans", "zh-Hant", "en"]
Role = Literal["admin", "secretariat"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
ROLES: tuple[Role, ...] = get_args(Role)

#: The topic whose subscribers receive every notice.
TOPIC_ALL = "all"

_SHA256_RE = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Preferences:
    """What a user chose; None means "not chosen" (fall back to Telegram's language, Geneva)."""

    language: Language | None
    timezone: str | None


@dataclass(frozen=True, slots=True)
class RoleGrant:
    user_id: int
    role: Role
    granted_by: int | None  # None: granted from the configuration or the command line
    granted_at: dt.datetime


@dataclass(frozen=True, slots=True)
class KbVersion:
    """One uploaded knowledge base and, if it was ever activated, its latest activation."""

    id: int
    sha256: str
    summary: str
    created_by: int | None
    created_at: dt.datetime
    activated_by: int | None
    activated_at: dt.datetime | None
    is_active: bool
    yaml_text: str | None  # None in listings, which leave the (large) text out


@dataclass(frozen=True, slots=True)
class KbActivation:
    """One activation of a knowledge-base version (a rollback is a newer activation)."""

    id: int
    version_id: int
    activated_by: int | None
    activated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: int | None  # None: the system, the command line or an API client
    action: str
    detail: str
    actor_name: str | None = None  # the API client that did it


#: Who did something: a Telegram user id, the name of an API client, or None (the system or
#: the command line).
Actor = int | str | None


# == Values: notices and their deliveries ========================================================

NoticeKind = Literal["notice", "reminder", "change"]
NoticeState = Literal["draft", "scheduled", "sending", "done", "stopped", "cancelled", "dropped"]
DeliveryState = Literal["pending", "claimed", "sent", "blocked", "failed", "skipped"]
#: Why a delivery may have reached its chat twice: the bot stopped while the request was out
#: ("restart"), or the connection failed after the request was written ("network").
Doubt = Literal["restart", "network"]
NOTICE_KINDS: tuple[NoticeKind, ...] = get_args(NoticeKind)
#: Every language: the text key of a notice written once for all readers.
ANY_LANGUAGE = "*"
#: Notice states after which nothing more is sent.
FINAL_NOTICE_STATES: frozenset[NoticeState] = frozenset(
    {"done", "stopped", "cancelled", "dropped"}
)
#: Language of a recipient from (the language they chose, their Telegram language_code).
LanguageOf = Callable[[str | None, str | None], str]


@dataclass(frozen=True, slots=True)
class NewNotice:
    """A notice to store: its text per language (``ANY_LANGUAGE`` for one text for all), its
    audience (``topics``; empty means every subscriber) and its timing."""

    kind: NoticeKind
    texts: Mapping[str, str]
    topics: tuple[str, ...] = ()
    link: str | None = None
    state: Literal["draft", "scheduled"] = "draft"
    send_at: dt.datetime | None = None  # None: as soon as it is confirmed
    meeting_id: str | None = None  # timed relative to this meeting (reminders, "30m before M2")
    lead: dt.timedelta | None = None  # how long before the meeting's start
    meeting_start: dt.datetime | None = None  # the start it was timed for
    created_by: int | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    id: int
    kind: NoticeKind
    state: NoticeState
    texts: Mapping[str, str]
    topics: tuple[str, ...]
    link: str | None
    send_at: dt.datetime | None
    meeting_id: str | None
    lead: dt.timedelta | None
    meeting_start: dt.datetime | None
    created_by: int | None
    created_at: dt.datetime
    confirmed_by: int | None
    confirmed_at: dt.datetime | None
    queued_at: dt.datetime | None  # when its recipients were fixed
    late: dt.timedelta | None  # queued this long after its time (the bot was not running)
    finished_at: dt.datetime | None
    note: str  # why it was dropped, cancelled or stopped
    report_chat_id: int | None  # the preview that became its progress report
    report_message_id: int | None
    report_language: str | None
    report_final: bool  # the report shows the final figures
    report_digest: str | None  # a digest of what the report message shows now

    def text_for(self, language: str) -> str:
        """The text for a reader of ``language``."""
        return (
            self.texts.get(language)
            or self.texts.get(ANY_LANGUAGE)
            or next(iter(self.texts.values()), "")
        )


@dataclass(frozen=True, slots=True)
class DeliveryFigures:
    """How a notice's deliveries stand; ``doubtful`` counts rows flagged "possibly twice"."""

    pending: int = 0
    claimed: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    skipped: int = 0
    doubtful: int = 0
    paid: int = 0  # sent as paid broadcasts

    @property
    def total(self) -> int:
        return self.pending + self.claimed + self.sent + self.blocked + self.failed + self.skipped

    @property
    def unfinished(self) -> int:
        return self.pending + self.claimed


@dataclass(frozen=True, slots=True)
class QueuedDelivery:
    """A delivery waiting for the worker: one notice to one chat."""

    id: int
    notice_id: int
    chat_id: int
    language: str
    attempts: int


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    """One recipient's delivery, for reports (with the name, when the chat is a known user)."""

    chat_id: int
    state: DeliveryState
    attempts: int
    error: str | None
    doubt: Doubt | None
    done_at: dt.datetime | None
    username: str | None
    first_name: str | None


# == Values: named lists of people and notice audiences ===================================

AudienceKind = Literal["list", "topic", "any"]


@dataclass(frozen=True, slots=True)
class AudienceSource:
    """One reason a chat receives a notice: it is on the list ``key`` (and has written to the
    bot), it subscribed to the topic ``key``, or (``any``) it subscribed to anything. A chat
    that several sources include is counted once, under the first (see ``bot.audience``)."""

    kind: AudienceKind
    key: str = ""


@dataclass(frozen=True, slots=True)
class PersonList:
    """A named list with how many members it has and how many of them can be reached (those
    who have written to the bot: Telegram lets a bot write only to them)."""

    name: str
    members: int
    reachable: int
    created_by: int | None
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ListMember:
    user_id: int
    username: str | None
    first_name: str
    reachable: bool  # has written to the bot
    added_by: int | None


# == Values: question insights ===================================================================

#: What a free-text question got: the answer, a list of choices, or no answer.
QuestionOutcome = Literal["answered", "choices", "no_answer"]
Rating = Literal["up", "down"]


@dataclass(frozen=True, slots=True)
class NewQuestion:
    """A question to keep, numbered by the caller (who puts the id in its buttons at once)."""

    id: int
    question: str
    language: Language
    outcome: QuestionOutcome
    answered: str | None
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class QuestionInsight:
    """Questions with the same normalised text that got no confident answer, counted."""

    question: str
    asked: int  # how many of them: without an answer, with choices, or answered but not liked
    unanswered: int
    choices: int
    disliked: int  # answered, then 👎
    repicked: int  # answered, then a "did you mean" pressed
    languages: tuple[str, ...]
    picked: str | None  # the record delegates finally chose most often
    latest_id: int  # the newest of them (buttons name the question through it)
    last_asked: dt.datetime


# == Values: operations (the notices API, metrics) ===============================================


@dataclass(frozen=True, slots=True)
class ApiNoticeKey:
    """What an ``Idempotency-Key`` of the notices API is bound to."""

    notice_id: int
    request_sha256: str  # of the request that created it, to tell a retry from a reuse


@dataclass(frozen=True, slots=True)
class OperationalCounts:
    notices: Mapping[str, int]  # by state
    deliveries: Mapping[str, int]  # by state
