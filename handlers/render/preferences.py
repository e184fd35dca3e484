"""A chat's preferences: its language, its timezone and its subscriptions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.audience import covers, topic_label
from bot.i18n import LANGUAGE_NAMES, LANGUAGES, Language, format_date, format_time, join, t
from handlers.render.types import Rendered, button, rows, text_lines
from knowledge.models import KnowledgeBase
from knowledge.timezones import timezone_of
from knowledge.views import agenda_items, current_meetings, current_session_number


def render_language_menu(lang: Language) -> Rendered:
    text = text_lines(t(lang, "lang.choose"), t(lang, "lang.current", name=LANGUAGE_NAMES[lang]))
    keyboard = rows(
        (
            button(("✓ " if code == lang else "") + LANGUAGE_NAMES[code], "lang", code)
            for code in LANGUAGES
        ),
        3,
    )
    return Rendered(text, keyboard)


def render_language_set(lang: Language) -> Rendered:
    key = {"zh-Hans": "lang.set_hans", "zh-Hant": "lang.set_hant", "en": "lang.set_en"}[lang]
    return Rendered(t(lang, key))


def render_timezone(lang: Language, zone: str | None, now: dt.datetime | None = None) -> Rendered:
    if zone is None:
        return Rendered(text_lines(t(lang, "tz.none"), t(lang, "usage.tz")))
    return Rendered(t(lang, "tz.current", zone=zone))


def render_timezone_set(lang: Language, zone: str | None, now: dt.datetime) -> Rendered:
    if zone is None:
        return Rendered(t(lang, "tz.cleared"))
    local = now.astimezone(timezone_of(zone) or dt.UTC)
    return Rendered(
        t(lang, "tz.set", zone=zone, now=f"{format_date(lang, local.date())} {format_time(local)}")
    )


def topic_name(kb: KnowledgeBase, lang: Language, topic: str) -> str:
    return topic_label(kb, lang, topic)


def subscription_topics(kb: KnowledgeBase) -> list[str]:
    """Every topic a chat may subscribe to, in menu order (agenda sub-items included)."""
    session = current_session_number(kb)
    items = [i.id for i in agenda_items(kb, session, provisional=False)]
    return ["all", "bureau", *(m.id for m in current_meetings(kb)), *items]


def render_subscriptions(
    kb: KnowledgeBase, lang: Language, subscribed: Sequence[str], *, just_all: bool = False
) -> Rendered:
    """The menu: what the chat receives (and what its agenda items cover), and a button per
    topic. ``just_all``: ``/subscribe`` has just subscribed it to all notices."""
    chosen = set(subscribed)
    if just_all:
        head = t(lang, "sub.all_done")
    elif "all" in chosen:
        head = t(lang, "sub.choose_narrow")
    else:
        head = t(lang, "sub.choose")
    names = [topic_name(kb, lang, s) for s in subscribed]
    current = t(lang, "sub.current", topics=join(lang, names)) if names else t(lang, "sub.none")
    covered = [
        t(
            lang,
            "sub.covers",
            topic=topic_name(kb, lang, s),
            covered=join(lang, [topic_name(kb, lang, c) for c in covers(kb, s)]),
        )
        for s in subscribed
        if covers(kb, s)
    ]
    buttons = [
        button(
            ("✓ " if topic in chosen else "") + topic_name(kb, lang, topic),
            "unsub" if topic in chosen else "sub",
            topic,
        )
        for topic in subscription_topics(kb)
    ]
    text = text_lines(head, current, *covered, t(lang, "sub.note"))
    return Rendered(text, rows(buttons, 2))
