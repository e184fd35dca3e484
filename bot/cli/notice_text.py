"""A notice's delivery report in plain English, for the command line
(``delegate-bot notice report``, ``notice list``)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Final

from bot.audience import address_label
from bot.notices.reports import NoticeReport

_REASON_WORDS: Final = {
    "missed": "the bot was not running at its time, and it was beyond the grace period",
    "meeting-started": "the meeting had already started",
    "meeting-removed": "the meeting is no longer in the knowledge base",
    "meeting-cancelled": "the meeting was cancelled",
    "meeting-untimed": "the meeting no longer has a start time",
    "meeting-changed": "the meeting changed",
    "lead-removed": "that reminder lead is no longer configured",
}


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
