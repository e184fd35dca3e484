"""Pure renderers of the knowledge-base administration screens: upload problems, the
diff preview, activations, the live version, history and the audit log (see
``handlers.kbadmin``)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from typing import Final

from bot.i18n import Html, Language, escape, join, plain, t
from bot.kbadmin import (
    Activation,
    LiveStatus,
    Preview,
    UploadRejected,
    UploadUnchanged,
    VersionHistory,
    VersionUnloadableError,
    format_problem,
)
from bot.kbadmin.errors import SHOWN_PROBLEMS
from bot.storage import AuditEntry, KbVersion
from handlers import callbacks as cb
from handlers.render.times import zone_label
from handlers.render.types import Button, Keyboard, Rendered
from knowledge.checks import ContentWarning, MeetingOutsideSession
from knowledge.diff import KbDiff, KindDiff, RecordChange, ReminderChange, TextDiff
from knowledge.errors import Problem

#: Records of each sort (added, removed, changed) listed per kind in a preview.
SHOWN_RECORDS: Final = 5
DETAIL_CHARS: Final = 300


def activate_data(version_id: int, base_version: int | None) -> str:
    return cb.KB_ADMIN.encode("a", version_id, base_version or 0)


def discard_data(version_id: int) -> str:
    return cb.KB_ADMIN.encode("x", version_id)


def cancel_data(version_id: int) -> str:
    return cb.KB_ADMIN.encode("c", version_id)


def _when(moment: dt.datetime, tz: zoneinfo.ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _when_zoned(lang: Language, moment: dt.datetime, tz: zoneinfo.ZoneInfo) -> str:
    return f"{_when(moment, tz)} {zone_label(lang, tz.key)}"


def _who(lang: Language, user_id: int | None) -> str:
    return plain(lang, "kb.who_cli") if user_id is None else str(user_id)


def live_name(lang: Language, version_id: int | None) -> str:
    if version_id is None:
        return plain(lang, "kb.live_file")
    return plain(lang, "kb.live_version_name", version=version_id)


def render_problems(lang: Language, file_name: str, problems: Sequence[Problem]) -> Rendered:
    """``line:column key.path: what is wrong`` for the first ten problems."""
    lines = [t(lang, "kb.rejected", file=file_name, count=len(problems))]
    lines.extend(escape(format_problem(problem)) for problem in problems[:SHOWN_PROBLEMS])
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(t(lang, "kb.more_problems", count=len(problems) - SHOWN_PROBLEMS))
    return Rendered(Html("\n".join(lines)))


def render_rejection(lang: Language, rejected: UploadRejected) -> Rendered:
    return render_problems(lang, rejected.file_name, rejected.problems)


def describe_change(lang: Language, change: RecordChange) -> Html:
    """``M2: start 10:00 → 15:00 Geneva`` or ``R1.24 text changed``, in the reader's words."""
    shown: list[str] = []
    named: list[str] = []
    for field in change.fields:
        if field.old_text is not None and field.new_text is not None:
            zone = f" {zone_label(lang, field.zone)}" if field.zone else ""
            shown.append(
                t(lang, "kb.field_move", field=field.field, old=field.old_text, new=field.new_text)
                + escape(zone)
            )
        else:
            named.append(field.field)
    if not shown:  # only long values changed: "R1.24 text changed"
        return Html(f"{escape(change.id)} {t(lang, 'kb.fields_changed', fields=', '.join(named))}")
    if named:
        shown.append(t(lang, "kb.fields_changed", fields=", ".join(named)))
    return Html(f"{escape(change.id)}: " + "; ".join(shown))


def _counts(lang: Language, kind: KindDiff) -> str:
    parts = []
    if kind.added:
        parts.append(plain(lang, "kb.count_added", count=len(kind.added)))
    if kind.removed:
        parts.append(plain(lang, "kb.count_removed", count=len(kind.removed)))
    if kind.changed:
        parts.append(plain(lang, "kb.count_changed", count=len(kind.changed)))
    return join(lang, parts)


def _more(lang: Language, items: Sequence[object]) -> list[str]:
    extra = len(items) - SHOWN_RECORDS
    return [t(lang, "word.more", count=extra)] if extra > 0 else []


def render_diff(lang: Language, diff: KbDiff) -> list[str]:
    """A line per kind that changed, then its first few records of each sort."""
    if diff.empty:
        return [t(lang, "kb.no_changes")]
    lines: list[str] = []
    for kind in diff.kinds:
        lines.append(t(lang, "kb.kind_line", kind=kind.kind, counts=_counts(lang, kind)))
        lines.extend(t(lang, "kb.added", id=record) for record in kind.added[:SHOWN_RECORDS])
        lines.extend(_more(lang, kind.added))
        lines.extend(t(lang, "kb.removed", id=record) for record in kind.removed[:SHOWN_RECORDS])
        lines.extend(_more(lang, kind.removed))
        for change in kind.changed[:SHOWN_RECORDS]:
            lines.append(t(lang, "kb.changed", change=describe_change(lang, change)))
            lines.extend(
                t(lang, "kb.text_diff", field=field.field, diff=render_text_diff(lang, excerpt))
                for field in change.fields
                if (excerpt := field.text_diff()) is not None
            )
        lines.extend(_more(lang, kind.changed))
    return lines


_DIFF_TAGS: Final = {
    "same": ("", ""),
    "removed": ("<del>", "</del>"),
    "added": ("<ins>", "</ins>"),
}


def render_text_diff(lang: Language, diff: TextDiff) -> Html:
    """A long text's changes: deletions struck through, insertions underlined, escaped."""
    parts = [
        f"{_DIFF_TAGS[piece.kind][0]}{escape(piece.text)}{_DIFF_TAGS[piece.kind][1]}"
        for piece in diff.pieces
    ]
    if diff.more:
        parts.append(" " + t(lang, "kb.text_diff_more", count=diff.more))
    return Html("".join(parts))


def _moment(lang: Language, moment: dt.datetime | None) -> str:
    if moment is None:
        return "—"
    zone = getattr(moment.tzinfo, "key", "")
    return f"{moment:%Y-%m-%d %H:%M} {zone_label(lang, zone)}".strip()


def render_reminders(lang: Language, reminders: Sequence[ReminderChange]) -> list[str]:
    if not reminders:
        return []
    lines: list[str] = [t(lang, "kb.reminders")]
    for change in reminders:
        old, new = _moment(lang, change.old), _moment(lang, change.new)
        if change.kind == "moved":
            lines.append(t(lang, "kb.reminder_moved", meeting=change.meeting, old=old, new=new))
        elif change.kind == "cancelled":
            lines.append(t(lang, "kb.reminder_cancelled", meeting=change.meeting, old=old))
        else:
            lines.append(t(lang, "kb.reminder_added", meeting=change.meeting, new=new))
    return lines


def render_preview(lang: Language, preview: Preview, live_file: str) -> Rendered:
    """The changes a stored version would make, with Activate and Discard/Cancel buttons."""
    sha = preview.sha256[:12]
    if preview.file_name is not None:
        title = t(
            lang,
            "kb.preview_upload",
            file=preview.file_name,
            version=preview.version_id,
            sha=sha,
            records=preview.record_count,
        )
    else:
        key = "kb.preview_rollback" if preview.was_active else "kb.preview_version"
        title = t(lang, key, version=preview.version_id, sha=sha, records=preview.record_count)
    if preview.base_version is None:
        against = t(lang, "kb.against_file", file=live_file)
    else:
        against = t(lang, "kb.against_version", version=preview.base_version)
    lines = [title, against, *render_diff(lang, preview.diff)]
    reminders = render_reminders(lang, preview.reminders)
    if reminders:
        lines.extend(["", *reminders])
    if preview.warnings:
        lines.extend(["", t(lang, "kb.warnings")])
        lines.extend(render_warning(lang, warning) for warning in preview.warnings)
    # A version that was live before stays for later rollbacks: its preview is only closed.
    if preview.was_active:
        close = Button(plain(lang, "kb.button_cancel"), cancel_data(preview.version_id))
    else:
        close = Button(plain(lang, "kb.button_discard"), discard_data(preview.version_id))
    activate = Button(
        plain(lang, "kb.button_activate", version=preview.version_id),
        activate_data(preview.version_id, preview.base_version),
    )
    keyboard: Keyboard = ((activate, close),)
    return Rendered(Html("\n".join(lines)), keyboard)


def render_warning(lang: Language, warning: ContentWarning) -> Html:
    """One thing that is valid but worth a second look before activating."""
    if isinstance(warning, MeetingOutsideSession):
        return t(
            lang,
            "kb.warn_outside_session",
            meeting=warning.meeting,
            date=warning.date.isoformat(),
            session=warning.session,
            first=warning.first.isoformat(),
            last=warning.last.isoformat(),
        )
    scripts = {"Simplified": "kb.script_simplified", "Traditional": "kb.script_traditional"}
    return t(
        lang,
        "kb.warn_script",
        record=warning.record,
        old=plain(lang, scripts[warning.old]),
        new=plain(lang, scripts[warning.new]),
    )


def render_activation(lang: Language, activation: Activation) -> Rendered:
    key = "kb.rolled_back" if activation.rollback else "kb.activated"
    lines = [t(lang, key, version=activation.version_id), *render_diff(lang, activation.diff)]
    reminders = render_reminders(lang, activation.reminders)
    if reminders:
        lines.extend(["", *reminders])
    if activation.reminders_synced:
        lines.append(t(lang, "kb.reminders_synced"))
    else:
        lines.append(t(lang, "kb.reminders_not_synced"))
    return Rendered(Html("\n".join(lines)))


def render_status(
    lang: Language, status: LiveStatus, live_file: str, tz: zoneinfo.ZoneInfo
) -> Rendered:
    version = status.version
    if version is None:
        lines = [t(lang, "kb.status_file", file=live_file)]
    else:
        lines = [t(lang, "kb.status_version", version=version.id)]
        if version.activated_at is not None:
            lines.append(
                t(
                    lang,
                    "kb.status_activated",
                    when=_when_zoned(lang, version.activated_at, tz),
                    who=_who(lang, version.activated_by),
                    sha=version.sha256[:12],
                )
            )
        lines.append(
            t(
                lang,
                "kb.status_uploaded",
                when=_when_zoned(lang, version.created_at, tz),
                who=_who(lang, version.created_by),
            )
        )
        lines.append(t(lang, "kb.status_changes", summary=version.summary))
    counts = join(lang, [f"{kind} {count}" for kind, count in status.counts.items()])
    lines.append(t(lang, "kb.status_counts", records=f"{status.record_count:,}", counts=counts))
    lines.append(t(lang, "kb.status_help"))
    return Rendered(Html("\n".join(lines)))


def render_history(
    lang: Language, history: VersionHistory, live_file: str, tz: zoneinfo.ZoneInfo
) -> Rendered:
    """The latest versions, and the live one after them when it is older (or the live file)."""
    if not history.recent:
        return Rendered(t(lang, "kb.history_empty"))

    def line(version: KbVersion) -> Html:
        if version.id == history.live_version:
            mark = "●"
        elif version.activated_at is not None:
            mark = "✓"
        else:
            mark = "○"
        moment = version.activated_at or version.created_at
        who = version.activated_by if version.activated_at else version.created_by
        return t(
            lang,
            "kb.history_line",
            mark=mark,
            version=version.id,
            when=_when(moment, tz),
            who=_who(lang, who),
            summary=version.summary,
        )

    lines = [t(lang, "kb.history_title", zone=zone_label(lang, tz.key))]
    lines.extend(line(version) for version in history.recent)
    if history.older_live is not None:
        lines.extend([t(lang, "kb.history_gap"), line(history.older_live)])
    if history.live_version is None:
        lines.append(t(lang, "kb.history_file_live", file=live_file))
    lines.append(t(lang, "kb.history_legend"))
    return Rendered(Html("\n".join(lines)))


def render_unchanged(lang: Language, unchanged: UploadUnchanged) -> Rendered:
    """An upload that holds exactly the live knowledge base: nothing was stored."""
    live = live_name(lang, unchanged.live_version)
    return Rendered(t(lang, "kb.unchanged", file=unchanged.file_name, live=live))


def render_audit(lang: Language, entries: Sequence[AuditEntry], tz: zoneinfo.ZoneInfo) -> Rendered:
    if not entries:
        return Rendered(t(lang, "audit.empty"))
    lines = [t(lang, "audit.title", count=len(entries), zone=zone_label(lang, tz.key))]
    for entry in entries:
        detail = entry.detail
        if len(detail) > DETAIL_CHARS:
            detail = detail[: DETAIL_CHARS - 1] + "…"
        lines.append(
            t(
                lang,
                "audit.line",
                when=_when(entry.at, tz),
                who=(
                    plain(lang, "audit.api_client", name=entry.actor_name)
                    if entry.actor_name
                    else _who(lang, entry.actor)
                ),
                action=entry.action,
                detail=detail,
            )
        )
    return Rendered(Html("\n".join(lines)))


def render_unloadable(lang: Language, error: VersionUnloadableError) -> Rendered:
    lines = [t(lang, "kb.unloadable", version=error.version_id)]
    lines.extend(escape(format_problem(problem)) for problem in error.problems[:SHOWN_PROBLEMS])
    return Rendered(Html("\n".join(lines)))
