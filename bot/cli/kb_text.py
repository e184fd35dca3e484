"""The knowledge-base administration as the command line prints it: previews (with their
text diffs and warnings) and the version history, in plain text (``delegate-bot kb``)."""

from __future__ import annotations

import datetime as dt

from bot.kbadmin import Preview, VersionHistory, version_name
from bot.storage import KbVersion
from knowledge.checks import ContentWarning, MeetingOutsideSession
from knowledge.diff import ReminderChange
from knowledge.schema import iana_time_zone

__all__ = ["history_text", "preview_text", "warning_text"]


def preview_text(preview: Preview, *, limit: int = 5) -> str:
    """A preview as the command line prints it."""
    head = (
        f"version {preview.version_id} (sha256 {preview.sha256[:12]}, "
        f"{preview.record_count:,} records) against {version_name(preview.base_version)}:"
    )
    lines = [head, *(f"  {line}" for line in preview.diff.lines(limit, _zone_label))]
    lines.extend(f"  reminders: {_reminder_line(change)}" for change in preview.reminders)
    lines.extend(f"  warning: {warning_text(warning)}" for warning in preview.warnings)
    return "\n".join(lines)


def warning_text(warning: ContentWarning) -> str:
    """One warning as the command line prints it."""
    if isinstance(warning, MeetingOutsideSession):
        return (
            f"{warning.meeting} is dated {warning.date}, outside session {warning.session}"
            f" ({warning.first} to {warning.last})"
        )
    return f"{warning.record} is now in {warning.new} characters (was {warning.old})"


def _zone_label(zone: str) -> str:
    return "Geneva" if iana_time_zone(zone) == "Europe/Zurich" else zone


def _reminder_line(change: ReminderChange) -> str:
    def when(moment: dt.datetime | None) -> str:
        return moment.strftime("%Y-%m-%d %H:%M %Z") if moment else "—"

    return f"{change.meeting} {change.kind}: {when(change.old)} → {when(change.new)}"


def history_text(history: VersionHistory, live_file: str) -> str:
    """Versions as the command line prints them, newest first, the live one marked (and
    listed after the latest when it is older than those)."""
    if not history.recent:
        return "no version has been uploaded yet"
    live_version = history.live_version

    def line(version: KbVersion) -> str:
        mark = "*" if version.id == live_version else ("+" if version.activated_at else " ")
        who = "cli" if version.created_by is None else str(version.created_by)
        return (
            f"{mark} {version.id:>4}  {version.created_at:%Y-%m-%d %H:%M} UTC  {who:>12}  "
            f"{version.sha256[:12]}  {version.summary}"
        )

    lines = [line(version) for version in history.recent]
    if history.older_live is not None:
        lines.extend(["     …", line(history.older_live)])
    if live_version is None:
        lines.append(f"live: the file {live_file} (no version is active)")
    lines.append("(* live, + activated before)")
    return "\n".join(lines)
