"""Transport: every Telegram handler, registered in one ordered list by :func:`register`."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import (
    agenda,
    browse,
    bureau,
    calendar,
    documents,
    errors,
    fallback,
    feedback,
    guards,
    inline,
    insights,
    kbadmin,
    lists,
    meetings,
    notices,
    preferences,
    resolutions,
    roles,
    search,
    start,
    subscriptions,
)

#: Handler groups: guards run first and may stop an update; then the first matching feature
#: handler (within a group, order matters: the fallbacks come last).
GUARDS, FEATURES = -1, 0


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add every handler, in the order they are tried."""
    composer = notices.NoticeComposer()  # who is to send a notice's text next
    app.add_handlers(
        [
            # per-user flood control (also counts button presses; inline queries are exempt)
            TypeHandler(Update, guards.flood_guard),
        ],
        group=GUARDS,
    )
    app.add_handlers(
        [
            CommandHandler("start", start.start),
            CommandHandler("help", start.help_command),
            CommandHandler("agenda", agenda.agenda),
            CommandHandler("bureau", bureau.bureau),
            CommandHandler(["meetings", "dates"], meetings.meetings),
            CommandHandler("calendar", calendar.calendar_command),
            CommandHandler(["res", "para", "resolution"], resolutions.res),
            CommandHandler("docs", documents.docs),
            CommandHandler("search", search.search_command),
            CommandHandler("lang", preferences.lang),
            CallbackQueryHandler(
                preferences.language_button, pattern=preferences.LANGUAGE_PATTERN
            ),
            CommandHandler("tz", preferences.tz),
            CommandHandler("subscribe", subscriptions.subscribe),
            CommandHandler("unsubscribe", subscriptions.unsubscribe),
            CallbackQueryHandler(subscriptions.topic_button, pattern=subscriptions.TOPIC_PATTERN),
            # knowledge-base administration (admins only; the handlers refuse anyone else)
            CommandHandler("kb", kbadmin.kb_command),
            CommandHandler("audit", kbadmin.audit_command),
            CallbackQueryHandler(kbadmin.kb_button, pattern=kbadmin.CALLBACK_PATTERN),
            # question insights and the fix (admins only; the handlers refuse anyone else)
            CommandHandler("insights", insights.insights_command),
            CallbackQueryHandler(insights.insights_button, pattern=insights.CALLBACK_PATTERN),
            # .yaml/.yml uploads in private chats; documents in groups are not for the bot
            MessageHandler(
                filters.ChatType.PRIVATE & kbadmin.YAML_DOCUMENT, kbadmin.document_upload
            ),
            # roles and notices (admins / the secretariat; the handlers refuse anyone else);
            # before the general texts: replies to a preview, the text a bare /notice asked for
            CommandHandler("grant", roles.grant),
            CommandHandler("revoke", roles.revoke),
            CommandHandler("roles", roles.roles),
            CommandHandler("list", lists.list_command),
            CommandHandler("notice", composer.notice_command),
            CommandHandler("notices", notices.notices_command),
            CallbackQueryHandler(notices.notice_button, pattern=notices.CALLBACK_PATTERN),
            MessageHandler(
                filters.TEXT & ~filters.COMMAND & composer.text_filter, composer.notice_text
            ),
            CallbackQueryHandler(calendar.calendar_button, pattern=calendar.CALLBACK_PATTERN),
            # 👍/👎 and picks under free-text answers
            CallbackQueryHandler(feedback.feedback_button, pattern=feedback.CALLBACK_PATTERN),
            # records, pages and listings
            CallbackQueryHandler(browse.browse_button, pattern=browse.CALLBACK_PATTERN),
            # a button no handler above knows: "out of date"
            CallbackQueryHandler(fallback.stale_button),
            InlineQueryHandler(inline.inline_query),
            # any other text: private chats always, groups only when it is for the bot
            MessageHandler(filters.TEXT & ~filters.COMMAND, search.text_message),
            # nothing above matched: a one-line hint instead of silence
            MessageHandler(filters.COMMAND, fallback.unknown_command),
            MessageHandler(
                ~filters.TEXT & ~filters.StatusUpdate.ALL & filters.ChatType.PRIVATE,
                fallback.not_text,
            ),
        ],
        group=FEATURES,
    )
    app.add_error_handler(errors.on_error)
