"""``delegate-bot console``: try the bot in a terminal, with no token and no network.

The real Application runs with every handler and renderer; only the HTTP layer is replaced by
:class:`ConsoleRequest`, a ``BaseRequest`` that answers the Bot API locally (``getMe``,
``sendMessage``, ``editMessageText``, ``answerCallbackQuery``, ``getFile``, ``sendDocument``,
``setMyCommands`` …) and prints what the bot sends as plain text. Each typed line becomes a
real ``Update`` handed to ``application.process_update``:

    /res 1 49          a command, exactly as in Telegram
    数字鸿沟            any text: a search
    2                  press button [2] of the last message that had buttons
    @ 数字鸿沟          an inline query (what "@bot 数字鸿沟" offers in any chat)
    :upload FILE       send FILE as a document (a knowledge-base upload, for an admin)
    :lang en           switch language (same as /lang en);  :quit  leave

``--as admin``, ``--as secretariat`` or ``--as USER_ID`` chooses who types: by default a
delegate with no role; ``USER_ID`` has the roles the configuration and the database give it.
The bot answers from the live knowledge base (``bot.live.live_knowledge_base``); its database
is a temporary file, removed on exit, so trying things changes nothing. Documents the bot
sends (``/kb get``) are saved in that temporary folder, where ``:upload`` can send them back.

Input that is not typed at a terminal (``printf '/help\n' | delegate-bot console``) is echoed
into the transcript, is not held to the per-user flood limit, and the console waits at its end
for notices still being delivered. Log lines never land in the transcript: they go to stderr
when it is not the same stream as the transcript, else to a file the banner names (``--log
FILE`` chooses one).

Modules: :mod:`~bot.console.bot_api` (the Bot API answered locally, and the printer) and
:mod:`~bot.console.session` (typed lines into updates; who types; logging; the run).
"""

from __future__ import annotations

from bot.console.bot_api import CONSOLE_USER_ID, ConsolePrinter, ConsoleRequest, html_to_text
from bot.console.session import (
    QUIT_WORDS,
    ConsoleSession,
    ConsoleUser,
    parse_console_user,
    run_console,
    scratch_settings,
)

__all__ = [
    "CONSOLE_USER_ID",
    "QUIT_WORDS",
    "ConsolePrinter",
    "ConsoleRequest",
    "ConsoleSession",
    "ConsoleUser",
    "html_to_text",
    "parse_console_user",
    "run_console",
    "scratch_settings",
]
