"""The command menu Telegram shows (setMyCommands), per chat type and language, and the
longer menus of the secretariat and the admins in their own private chats.

Telegram shows a user the narrowest scope that has commands: their private chat's own list
(``BotCommandScopeChat``) before the one for all private chats. Staff get theirs at start (if
they have written to the bot: Telegram refuses a chat it has never seen), on their /start, and
whenever /grant or /revoke changes their roles; without a role the chat's list is deleted, so
the everyone's menu shows again.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Final

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)
from telegram.error import TelegramError

from bot.config import Settings
from bot.i18n import Language, plain
from bot.roles import role_holders
from bot.storage import Storage

log = logging.getLogger(__name__)

PRIVATE_COMMANDS: Final = (
    "start",
    "help",
    "agenda",
    "bureau",
    "meetings",
    "calendar",
    "res",
    "docs",
    "search",
    "lang",
    "tz",
    "subscribe",
    "unsubscribe",
)
GROUP_COMMANDS: Final = (
    "help",
    "agenda",
    "bureau",
    "meetings",
    "calendar",
    "res",
    "docs",
    "search",
)
SECRETARIAT_COMMANDS: Final = (*PRIVATE_COMMANDS, "notice", "notices", "list")
ADMIN_COMMANDS: Final = (*SECRETARIAT_COMMANDS, "grant", "revoke", "roles", "kb", "audit")
#: Telegram's language codes for the menus: "" (everyone else), zh (both scripts), en.
MENU_LANGUAGES: Final[tuple[tuple[str, Language], ...]] = (
    ("", "en"),
    ("zh", "zh-Hans"),
    ("en", "en"),
)


def command_list(names: tuple[str, ...], lang: Language) -> list[BotCommand]:
    return [BotCommand(name, plain(lang, f"cmd.{name}")) for name in names]


async def publish_commands(bot: Bot) -> None:
    """Set the menus for private chats and for groups, in every menu language."""
    for code, lang in MENU_LANGUAGES:
        await bot.set_my_commands(
            command_list(PRIVATE_COMMANDS, lang),
            scope=BotCommandScopeAllPrivateChats(),
            language_code=code or None,
        )
        await bot.set_my_commands(
            command_list(GROUP_COMMANDS, lang),
            scope=BotCommandScopeAllGroupChats(),
            language_code=code or None,
        )


def staff_commands(roles: Collection[str]) -> tuple[str, ...] | None:
    """The menu of someone with these roles; None for no role (everyone's menu)."""
    if "admin" in roles:
        return ADMIN_COMMANDS
    if "secretariat" in roles:
        return SECRETARIAT_COMMANDS
    return None


async def publish_staff_menu(bot: Bot, user_id: int, roles: Collection[str]) -> bool:
    """Set (or, without a role, delete) the menu of the user's private chat, in every menu
    language; False when Telegram refuses (the user has not started the bot)."""
    names = staff_commands(roles)
    scope = BotCommandScopeChat(user_id)
    try:
        for code, lang in MENU_LANGUAGES:
            if names is None:
                await bot.delete_my_commands(scope=scope, language_code=code or None)
            else:
                await bot.set_my_commands(
                    command_list(names, lang), scope=scope, language_code=code or None
                )
    except TelegramError as exc:
        log.info("command menu of %s not set: %s", user_id, exc)
        return False
    return True


async def publish_staff_menus(bot: Bot, store: Storage, settings: Settings) -> int:
    """At start: the menus of everyone with a role who has written to the bot; how many."""
    roles: dict[int, set[str]] = {}
    for holder in await role_holders(store, settings):
        roles.setdefault(holder.user_id, set()).add(holder.role)
    known = await store.user_names(sorted(roles))
    published = 0
    for user_id in sorted(known):
        published += await publish_staff_menu(bot, user_id, roles[user_id])
    return published
