"""Knowledge-base administration in the chat: YAML uploads, ``/kb``, its buttons, ``/audit``.

    (a .yaml/.yml document in a private chat)   upload: problems, or a preview with buttons
    /kb upload     (as a reply to a document)   the same, also in groups
    /kb                                         the live version
    /kb history                                 the latest versions
    /kb rollback N                              preview version N, then activate it again
    /kb get                                     the live YAML as a document, to edit
    /audit [N]                                  the latest audit entries

Admins only: anyone else is refused with one line, and the attempt is logged and audited.
Documents that non-admins share in groups are not for the bot and are ignored silently (only
private chats have a document handler).

Buttons carry ``kb1|a|<version>|<live version previewed against, 0 for the file>`` (activate),
``kb1|x|<version>`` (discard an upload that never went live) and ``kb1|c|<version>`` (close a
rollback preview; the version stays). Everything needed is in the data and the database, so
they still work after a restart, and a preview that went stale (another version went live
meanwhile) is shown again instead of being applied.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from typing import Final

from telegram import CallbackQuery, Document, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import filters

from bot.i18n import Html, Language, escape, join, plain, t
from bot.kbadmin import (
    Activation,
    AlreadyLiveError,
    KbAdmin,
    LiveChangedError,
    LiveStatus,
    Preview,
    ReminderSyncError,
    UploadRejected,
    VersionNotFoundError,
    VersionUnloadableError,
    format_problem,
)
from bot.storage import AuditEntry, KbVersion
from handlers.common import answer_query, args_of, edit_or_send, send
from handlers.context import BotContext
from handlers.render import Button, Keyboard, Rendered
from knowledge.diff import KbDiff, KindDiff, RecordChange, ReminderChange
from knowledge.errors import Problem
from knowledge.schema import iana_time_zone

#: A document an upload can be: .yaml or .yml, in any case.
YAML_DOCUMENT: Final = filters.Document.FileExtension("yaml") | filters.Document.FileExtension(
    "yml"
)
CALLBACK_VERSION: Final = "kb1"
CALLBACK_PATTERN: Final = r"^kb1\|"
#: Records of each sort (added, removed, changed) listed per kind in a preview.
SHOWN_RECORDS: Final = 5
SHOWN_PROBLEMS: Final = 10
AUDIT_DEFAULT: Final = 20
AUDIT_MAX: Final = 50
HISTORY_COUNT: Final = 10
DETAIL_CHARS: Final = 300


def is_yaml_name(file_name: str | None) -> bool:
    return (file_name or "").lower().endswith((".yaml", ".yml"))


# ---------------------------------------------------------------------------------------------
# Callback data


def activate_data(version_id: int, base_version: int | None) -> str:
    return f"{CALLBACK_VERSION}|a|{version_id}|{base_version or 0}"


def discard_data(version_id: int) -> str:
    return f"{CALLBACK_VERSION}|x|{version_id}"


def cancel_data(version_id: int) -> str:
    return f"{CALLBACK_VERSION}|c|{version_id}"


def parse_data(data: str | None) -> tuple[str, int, int | None] | None:
    """(action, version, base version) from a button, or None for data that is not ours."""
    parts = (data or "").split("|")
    if len(parts) < 3 or parts[0] != CALLBACK_VERSION or not all(p.isdigit() for p in parts[2:]):
        return None
    action, version = parts[1], int(parts[2])
    if action == "a" and len(parts) == 4:
        base = int(parts[3])
        return action, version, base or None
    if action in ("x", "c") and len(parts) == 3:
        return action, version, None
    return None


# ---------------------------------------------------------------------------------------------
# Renderers (pure)


def _zone_label(lang: Language, zone: str) -> str:
    return plain(lang, "kb.zone_geneva") if iana_time_zone(zone) == "Europe/Zurich" else zone


def _when(moment: dt.datetime, tz: zoneinfo.ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _who(lang: Language, user_id: int | None) -> str:
    return plain(lang, "kb.who_cli") if user_id is None else str(user_id)


def _live_name(lang: Language, version_id: int | None) -> str:
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
            zone = f" {_zone_label(lang, field.zone)}" if field.zone else ""
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
        lines.extend(
            t(lang, "kb.changed", change=describe_change(lang, change))
            for change in kind.changed[:SHOWN_RECORDS]
        )
        lines.extend(_more(lang, kind.changed))
    return lines


def _moment(lang: Language, moment: dt.datetime | None) -> str:
    if moment is None:
        return "—"
    zone = getattr(moment.tzinfo, "key", "")
    return f"{moment:%Y-%m-%d %H:%M} {_zone_label(lang, zone)}".strip()


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
                    when=f"{_when(version.activated_at, tz)} {_zone_label(lang, tz.key)}",
                    who=_who(lang, version.activated_by),
                    sha=version.sha256[:12],
                )
            )
        lines.append(
            t(
                lang,
                "kb.status_uploaded",
                when=f"{_when(version.created_at, tz)} {_zone_label(lang, tz.key)}",
                who=_who(lang, version.created_by),
            )
        )
        lines.append(t(lang, "kb.status_changes", summary=version.summary))
    counts = join(lang, [f"{kind} {count}" for kind, count in status.counts.items()])
    lines.append(t(lang, "kb.status_counts", records=f"{status.record_count:,}", counts=counts))
    lines.append(t(lang, "kb.status_help"))
    return Rendered(Html("\n".join(lines)))


def render_history(
    lang: Language, versions: Sequence[KbVersion], live_version: int | None, tz: zoneinfo.ZoneInfo
) -> Rendered:
    if not versions:
        return Rendered(t(lang, "kb.history_empty"))
    lines = [t(lang, "kb.history_title", zone=_zone_label(lang, tz.key))]
    for version in versions:
        if version.id == live_version:
            mark = "●"
        elif version.activated_at is not None:
            mark = "✓"
        else:
            mark = "○"
        moment = version.activated_at or version.created_at
        who = version.activated_by if version.activated_at else version.created_by
        lines.append(
            t(
                lang,
                "kb.history_line",
                mark=mark,
                version=version.id,
                when=_when(moment, tz),
                who=_who(lang, who),
                summary=version.summary,
            )
        )
    lines.append(t(lang, "kb.history_legend"))
    return Rendered(Html("\n".join(lines)))


def render_audit(lang: Language, entries: Sequence[AuditEntry], tz: zoneinfo.ZoneInfo) -> Rendered:
    if not entries:
        return Rendered(t(lang, "audit.empty"))
    lines = [t(lang, "audit.title", count=len(entries), zone=_zone_label(lang, tz.key))]
    for entry in entries:
        detail = entry.detail
        if len(detail) > DETAIL_CHARS:
            detail = detail[: DETAIL_CHARS - 1] + "…"
        lines.append(
            t(
                lang,
                "audit.line",
                when=_when(entry.at, tz),
                who=_who(lang, entry.actor),
                action=entry.action,
                detail=detail,
            )
        )
    return Rendered(Html("\n".join(lines)))


def render_unloadable(lang: Language, error: VersionUnloadableError) -> Rendered:
    lines = [t(lang, "kb.unloadable", version=error.version_id)]
    lines.extend(escape(format_problem(problem)) for problem in error.problems[:SHOWN_PROBLEMS])
    return Rendered(Html("\n".join(lines)))


# ---------------------------------------------------------------------------------------------
# Handlers


def _live_file(context: BotContext) -> str:
    return context.settings.knowledge_base_path.name


async def _admin_or_refuse(
    update: Update, context: BotContext, attempt: str, *, reply_key: str = "kb.denied"
) -> KbAdmin | None:
    """The service when the sender is an admin; otherwise refuse (one line, logged, audited)."""
    admin = context.kb_admin
    user = update.effective_user
    if user is not None and await admin.is_admin(user.id):
        return admin
    await admin.refuse(user.id if user else None, attempt)
    lang = await context.language(update)
    if update.callback_query is not None:
        await answer_query(update.callback_query, plain(lang, "kb.denied_short"))
    else:
        await send(update, context, Rendered(t(lang, reply_key)))
    return None


async def document_upload(update: Update, context: BotContext) -> None:
    """A .yaml/.yml document in a private chat: an upload."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    await _upload(update, context, message.document)


async def _upload(update: Update, context: BotContext, document: Document) -> None:
    name = document.file_name or "upload.yaml"
    admin = await _admin_or_refuse(update, context, f"upload of {name}")
    if admin is None:
        return
    lang = await context.language(update)
    user = update.effective_user
    uploader = user.id if user else None
    # Telegram declares the size: refuse a large file before downloading a byte of it.
    too_big = await admin.reject_declared_size(name, uploader, document.file_size or 0)
    if too_big is not None:
        await send(update, context, render_rejection(lang, too_big))
        return
    try:
        telegram_file = await context.bot.get_file(document.file_id)
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError as exc:
        await admin.reject(name, uploader, f"the file could not be downloaded ({exc.message})")
        await send(
            update, context, Rendered(t(lang, "kb.download_failed", file=name, error=exc.message))
        )
        return
    outcome = await admin.upload(data, file_name=name, uploader=uploader)
    if isinstance(outcome, UploadRejected):
        await send(update, context, render_rejection(lang, outcome))
    else:
        await send(update, context, render_preview(lang, outcome, _live_file(context)))


async def kb_command(update: Update, context: BotContext) -> None:
    args = args_of(context)
    sub = args[0].lower() if args else ""
    admin = await _admin_or_refuse(update, context, f"/kb {' '.join(args)}".strip())
    if admin is None:
        return
    lang = await context.language(update)
    tz = context.settings.tz
    if not args:
        status = await admin.status()
        await send(update, context, render_status(lang, status, _live_file(context), tz))
    elif sub == "history" and len(args) <= 2:
        count = int(args[1]) if len(args) == 2 and args[1].isdigit() else HISTORY_COUNT
        versions = await admin.history(max(1, min(count, 50)))
        await send(update, context, render_history(lang, versions, admin.live_version, tz))
    elif sub in ("rollback", "activate") and len(args) == 2 and args[1].isdigit():
        await _preview_version(update, context, admin, int(args[1]))
    elif sub == "get" and len(args) == 1:
        await _send_live_yaml(update, context, admin)
    elif sub == "upload" and len(args) == 1:
        message = update.effective_message
        replied = message.reply_to_message if message else None
        document = replied.document if replied else None
        if document is None or not is_yaml_name(document.file_name):
            await send(update, context, Rendered(t(lang, "kb.upload_how")))
            return
        await _upload(update, context, document)
    else:
        await send(update, context, Rendered(t(lang, "kb.usage")))


async def _preview_version(
    update: Update, context: BotContext, admin: KbAdmin, version_id: int
) -> None:
    lang = await context.language(update)
    try:
        preview = await admin.preview(version_id)
    except VersionNotFoundError:
        await send(update, context, Rendered(t(lang, "kb.no_version", version=version_id)))
    except AlreadyLiveError:
        await send(update, context, Rendered(t(lang, "kb.already_live", version=version_id)))
    except VersionUnloadableError as exc:
        await send(update, context, render_unloadable(lang, exc))
    else:
        await send(update, context, render_preview(lang, preview, _live_file(context)))


async def _send_live_yaml(update: Update, context: BotContext, admin: KbAdmin) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    lang = await context.language(update)
    live = _live_name(lang, admin.live_version)
    file_name, text = await admin.live_yaml()
    await context.bot.send_document(
        chat.id,
        document=text.encode("utf-8"),
        filename=file_name,
        caption=t(lang, "kb.get_caption", live=live),
        parse_mode=ParseMode.HTML,
    )


async def audit_command(update: Update, context: BotContext) -> None:
    args = args_of(context)
    admin = await _admin_or_refuse(update, context, "/audit", reply_key="audit.denied")
    if admin is None:
        return
    lang = await context.language(update)
    count = int(args[0]) if args and args[0].isdigit() else AUDIT_DEFAULT
    entries = await admin.recent_audit(max(1, min(count, AUDIT_MAX)))
    await send(update, context, render_audit(lang, entries, context.settings.tz))


async def kb_button(update: Update, context: BotContext) -> None:
    """Activate or discard/cancel, from a preview's buttons; the press is always answered."""
    query = update.callback_query
    if query is None:
        return
    answered = False
    try:
        answered = await _button(update, context, query)
    finally:
        if not answered:
            await answer_query(query)


async def _button(update: Update, context: BotContext, query: CallbackQuery) -> bool:
    """Handle the press; True when it has been answered already."""
    lang = await context.language(update)
    parsed = parse_data(query.data)
    if parsed is None:
        await answer_query(query, plain(lang, "button.stale"))
        return True
    action, version_id, base = parsed
    admin = await _admin_or_refuse(update, context, f"button {query.data}")
    if admin is None:
        return True
    actor = query.from_user.id
    if action == "c":
        await answer_query(query)
        await edit_or_send(query, update, context, Rendered(t(lang, "kb.cancelled")))
        return True
    if action == "x":
        try:
            deleted = await admin.discard(version_id, actor)
        except VersionNotFoundError:
            deleted = True  # already gone: discarding it again is the same outcome
        key = "kb.discarded" if deleted else "kb.kept"
        await answer_query(query)
        await edit_or_send(query, update, context, Rendered(t(lang, key, version=version_id)))
        return True
    try:
        activation = await admin.activate(version_id, actor, expected_base=base)
    except AlreadyLiveError:
        await answer_query(query, plain(lang, "kb.already_live", version=version_id))
        return True
    except VersionNotFoundError:
        await answer_query(query, plain(lang, "kb.no_version", version=version_id))
        return True
    except VersionUnloadableError as exc:
        await answer_query(query)
        await send(update, context, render_unloadable(lang, exc))
        return True
    except ReminderSyncError as exc:
        await answer_query(query)
        error = f"{type(exc.__cause__).__name__}: {exc.__cause__}"[:200]
        await send(
            update, context, Rendered(t(lang, "kb.sync_failed", version=version_id, error=error))
        )
        return True
    except LiveChangedError as exc:
        await answer_query(query, plain(lang, "kb.live_changed", live=_live_name(lang, exc.live)))
        await _preview_version(update, context, admin, version_id)
        return True
    await answer_query(query, plain(lang, "kb.answer_activated", version=version_id))
    await edit_or_send(query, update, context, render_activation(lang, activation))
    return True
