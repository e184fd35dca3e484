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

Modules: :mod:`~bot.notices.errors` (the exceptions above), :mod:`~bot.notices.html` (the
Telegram-HTML check), :mod:`~bot.notices.timing` (options, topics and times: ``at=``, "30m
before M2"), :mod:`~bot.notices.compose` (drafts, send now, schedule, cancel, reschedule, and
scheduled notices coming due), :mod:`~bot.notices.reminders` (meeting reminders) and
:mod:`~bot.notices.reports` (delivery reports as data; the command line words them in
:mod:`bot.cli.notice_text`).
"""

from __future__ import annotations

from bot.formatting import duration_words as duration_words  # re-exported for the renderers
from bot.notices.compose import (
    LATE_AFTER,
    Activation,
    Confirmation,
    Draft,
    activate_due_notices,
    cancel_notice,
    confirmation_needed,
    create_draft,
    language_of,
    load_draft,
    queue_from_command_line,
    retime_draft,
    schedule_notice,
    send_notice_now,
    stop_notice,
)
from bot.notices.errors import (
    LinkError,
    NoticeError,
    NoticeStateError,
    NoticeTextError,
    TimingError,
    TopicError,
    describe,
)
from bot.notices.html import MAX_TEXT_CHARS, check_html, check_link, notice_html
from bot.notices.reminders import (
    ReminderChanges,
    change_texts,
    reminder_texts,
    reminder_topics,
    sync_reminders,
)
from bot.notices.reports import NoticeReport, first_line, notice_report, recent_reports
from bot.notices.timing import (
    PAST_TOLERANCE,
    NoticeOptions,
    Timing,
    find_meeting,
    known_topics,
    meeting_start,
    parse_notice_options,
    parse_when,
    resolve_topic,
)

__all__ = [
    "LATE_AFTER",
    "MAX_TEXT_CHARS",
    "PAST_TOLERANCE",
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
    "change_texts",
    "check_html",
    "check_link",
    "confirmation_needed",
    "create_draft",
    "describe",
    "duration_words",
    "find_meeting",
    "first_line",
    "known_topics",
    "language_of",
    "load_draft",
    "meeting_start",
    "notice_html",
    "notice_report",
    "parse_notice_options",
    "parse_when",
    "queue_from_command_line",
    "recent_reports",
    "reminder_texts",
    "reminder_topics",
    "resolve_topic",
    "retime_draft",
    "schedule_notice",
    "send_notice_now",
    "stop_notice",
    "sync_reminders",
]
