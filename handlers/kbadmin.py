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

Buttons carry the ``kb1`` data of ``handlers.callbacks``: activate a version (with the live
version it was previewed against), discard an upload that never went live, or close a rollback
preview (the version stays). Everything needed is in the data and the database, so
they still work after a restart, and a preview that went stale (another version went live
meanwhile) is shown again instead of being applied.
"""

from __future__ import annotations

from typing import Final

from telegram import Document, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import filters

from bot.i18n import plain, t
from bot.kbadmin import (
    AlreadyLiveError,
    KbAdmin,
    LiveChangedError,
    ReminderSyncError,
    UploadRejected,
    UploadUnchanged,
    VersionNotFoundError,
    VersionUnloadableError,
)
from handlers import callbacks as cb
from handlers.common import args_of, edit_or_send, send
from handlers.context import BotContext
from handlers.press import Press, on_press
from handlers.render.kbadmin import (
    live_name,
    render_activation,
    render_audit,
    render_history,
    render_preview,
    render_rejection,
    render_status,
    render_unchanged,
    render_unloadable,
)
from handlers.render.types import Rendered

#: A document an upload can be: .yaml or .yml, in any case.
YAML_DOCUMENT: Final = filters.Document.FileExtension("yaml") | filters.Document.FileExtension(
    "yml"
)
CALLBACK_PATTERN: Final = cb.KB_ADMIN.pattern()
AUDIT_DEFAULT: Final = 20
AUDIT_MAX: Final = 50
HISTORY_COUNT: Final = 10


def is_yaml_name(file_name: str | None) -> bool:
    return (file_name or "").lower().endswith((".yaml", ".yml"))


# ---------------------------------------------------------------------------------------------
# Handlers


def _live_file(context: BotContext) -> str:
    return context.settings.knowledge_base_path.name


async def admin_or_refuse(
    update: Update,
    context: BotContext,
    attempt: str,
    *,
    reply_key: str = "kb.denied",
    press: Press | None = None,
) -> KbAdmin | None:
    """The service when the sender is an admin; otherwise refuse (one line, logged, audited)."""
    admin = context.kb_admin
    user = update.effective_user
    if user is not None and await admin.is_admin(user.id):
        return admin
    await admin.refuse(user.id if user else None, attempt)
    lang = await context.language(update)
    if press is not None:
        await press.answer(plain(lang, "kb.denied_short"))
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
    admin = await admin_or_refuse(update, context, f"upload of {name}")
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
    elif isinstance(outcome, UploadUnchanged):
        await send(update, context, render_unchanged(lang, outcome))
    else:
        await send(update, context, render_preview(lang, outcome, _live_file(context)))


async def kb_command(update: Update, context: BotContext) -> None:
    args = args_of(context)
    sub = args[0].lower() if args else ""
    admin = await admin_or_refuse(update, context, f"/kb {' '.join(args)}".strip())
    if admin is None:
        return
    lang = await context.language(update)
    tz = context.settings.tz
    if not args:
        status = await admin.status()
        await send(update, context, render_status(lang, status, _live_file(context), tz))
    elif sub == "history" and len(args) <= 2:
        count = int(args[1]) if len(args) == 2 and args[1].isdigit() else HISTORY_COUNT
        history = await admin.history(max(1, min(count, 50)))
        await send(update, context, render_history(lang, history, _live_file(context), tz))
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
    live = live_name(lang, admin.live_version)
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
    admin = await admin_or_refuse(update, context, "/audit", reply_key="audit.denied")
    if admin is None:
        return
    lang = await context.language(update)
    count = int(args[0]) if args and args[0].isdigit() else AUDIT_DEFAULT
    entries = await admin.recent_audit(max(1, min(count, AUDIT_MAX)))
    await send(update, context, render_audit(lang, entries, context.settings.tz))


@on_press
async def kb_button(update: Update, context: BotContext, press: Press) -> None:
    """Activate or discard/cancel, from a preview's buttons; the press is always answered."""
    query = press.query
    lang = await context.language(update)
    data = await press.decode(cb.KB_ADMIN, lang)
    if data is None:
        return
    action, version_id = data.action, data.int_arg(0)
    base = (data.int_arg(1) or None) if action == "a" else None
    admin = await admin_or_refuse(update, context, f"button {press.data}", press=press)
    if admin is None:
        return
    actor = query.from_user.id
    if action == "c":
        await press.answer()
        await edit_or_send(query, update, context, Rendered(t(lang, "kb.cancelled")))
        return
    if action == "x":
        try:
            deleted = await admin.discard(version_id, actor)
        except VersionNotFoundError:
            deleted = True  # already gone: discarding it again is the same outcome
        key = "kb.discarded" if deleted else "kb.kept"
        await press.answer()
        await edit_or_send(query, update, context, Rendered(t(lang, key, version=version_id)))
        return
    try:
        activation = await admin.activate(version_id, actor, expected_base=base)
    except AlreadyLiveError:
        await press.answer(plain(lang, "kb.already_live", version=version_id))
        return
    except VersionNotFoundError:
        await press.answer(plain(lang, "kb.no_version", version=version_id))
        return
    except VersionUnloadableError as exc:
        await press.answer()
        await send(update, context, render_unloadable(lang, exc))
        return
    except ReminderSyncError as exc:
        await press.answer()
        error = f"{type(exc.__cause__).__name__}: {exc.__cause__}"[:200]
        await send(
            update, context, Rendered(t(lang, "kb.sync_failed", version=version_id, error=error))
        )
        return
    except LiveChangedError as exc:
        await press.answer(plain(lang, "kb.live_changed", live=live_name(lang, exc.live)))
        await _preview_version(update, context, admin, version_id)
        return
    await press.answer(plain(lang, "kb.answer_activated", version=version_id))
    await edit_or_send(query, update, context, render_activation(lang, activation))
