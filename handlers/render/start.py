"""/start and /help, usage hints, and the short notes (flood control, errors for admins)."""

from __future__ import annotations

from bot.i18n import Html, Language, plain, t
from handlers.render.names import session_title
from handlers.render.types import Keyboard, Rendered, button, clip, rows, text_blocks, text_lines
from knowledge.models import KnowledgeBase


def render_start(kb: KnowledgeBase, lang: Language, name: str, bot_username: str) -> Rendered:
    return Rendered(
        text_blocks(
            t(
                lang,
                "start.greeting",
                name=name or "👋",
                session=session_title(kb, lang),
                symbol=kb.source.symbol,
            ),
            t(lang, "start.try"),
            t(lang, "start.commands"),
        ),
        _start_keyboard(lang),
    )


def _start_keyboard(lang: Language) -> Keyboard:
    return rows(
        [
            button(plain(lang, "cmd.agenda"), "l", "agenda", 0),
            button(plain(lang, "cmd.meetings"), "l", "meetings", 0),
            button(plain(lang, "cmd.res"), "l", "res", 0),
            button(plain(lang, "cmd.bureau"), "l", "bureau", 0),
        ],
        2,
    )


def render_help(lang: Language, bot_username: str) -> Rendered:
    return Rendered(
        text_blocks(
            t(lang, "help.title"),
            t(lang, "help.body"),
            t(lang, "help.groups", bot=bot_username),
            t(lang, "help.inline", bot=bot_username),
        )
    )


def render_usage(lang: Language, key: str, **params: object) -> Rendered:
    """A one-line hint (``usage.*`` or an error line followed by the usage line)."""
    return Rendered(t(lang, key, **params))


def render_problem(lang: Language, problem: Html, usage_key: str, **params: object) -> Rendered:
    return Rendered(text_lines(problem, t(lang, usage_key, **params)))


def render_flood_note(lang: Language, seconds: int) -> Rendered:
    return Rendered(t(lang, "flood.slow_down", seconds=seconds))


def render_admin_error(lang: Language, update_id: object, error: str) -> Rendered:
    return Rendered(t(lang, "error.admin", update=update_id, error=clip(error, 300)))
