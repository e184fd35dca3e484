"""/lang and its buttons (interface language) and /tz (the user's timezone for meeting times)."""

from __future__ import annotations

import datetime as dt
from typing import Final

from telegram import Update

from bot.i18n import parse_language, t
from handlers import callbacks as cb
from handlers.common import args_of, edit_or_send, send
from handlers.context import BotContext
from handlers.press import Press, on_press
from handlers.render.preferences import (
    render_language_menu,
    render_language_set,
    render_timezone,
    render_timezone_set,
)
from handlers.render.start import render_problem
from knowledge.timezones import parse_timezone

LANGUAGE_PATTERN: Final = cb.READER.pattern("lang")
CLEAR_WORDS = frozenset({"off", "none", "clear", "reset", "-", "取消", "无", "無"})


def find_timezone(text: str) -> str | None:
    """The timezone a user typed (an IANA name in any case, Europe/Geneva, UTC+8, a city)."""
    return parse_timezone(text)


async def lang(update: Update, context: BotContext) -> None:
    args = args_of(context)
    current = await context.language(update)
    if not args:
        await send(update, context, render_language_menu(current))
        return
    chosen = parse_language(args[0])
    profile = await context.profile(update)
    if chosen is None or profile is None:
        problem = t(current, "lang.unknown", value=args[0][:40])
        await send(update, context, render_problem(current, problem, "usage.lang"))
        return
    context.remember_profile(await context.profiles.set_language(profile, chosen))
    await send(update, context, render_language_set(chosen))


@on_press
async def language_button(update: Update, context: BotContext, press: Press) -> None:
    """A language of the /lang menu: the interface speaks it from now on."""
    lang = await context.language(update)
    data = cb.decode(press.data)
    chosen = parse_language(data.arg(0)) if data is not None and data.action == "lang" else None
    profile = await context.profile(update)
    if chosen is None or profile is None:
        await press.stale(lang)
        return
    context.remember_profile(await context.profiles.set_language(profile, chosen))
    await press.answer()
    await edit_or_send(press.query, update, context, render_language_set(chosen))


async def tz(update: Update, context: BotContext) -> None:
    args = args_of(context)
    language = await context.language(update)
    profile = await context.profile(update)
    if profile is None:
        return
    if not args:
        await send(update, context, render_timezone(language, profile.timezone))
        return
    if args[0].lower() in CLEAR_WORDS:
        zone = None
    else:
        zone = find_timezone(" ".join(args))
        if zone is None:
            problem = t(language, "tz.unknown", value=" ".join(args)[:60])
            await send(update, context, render_problem(language, problem, "usage.tz"))
            return
    context.remember_profile(await context.profiles.set_timezone(profile, zone))
    await send(update, context, render_timezone_set(language, zone, dt.datetime.now(dt.UTC)))
