"""The command menu Telegram shows (setMyCommands), per chat type and language."""

from __future__ import annotations

from typing import Final

from telegram import Bot, BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats

from bot.i18n import Language, plain

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
