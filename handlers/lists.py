"""/list: the named lists of people a notice can address (``/notice list=bureau …``).

    /list                          every list, with how many of its members can be reached
    /list NAME                     its members; those who have not started the bot are marked
    /list create NAME              (admins) a new empty list
    /list add NAME WHO …           (admins) add people: numeric user ids or @usernames
    /list remove NAME WHO …        (admins) take people off

The secretariat reads the lists; only admins change them (``bot.lists`` audits each change).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from telegram import Update

from bot.i18n import Html, Language, join, t
from bot.lists import ListChange, add_members, create_list, parse_list_name, remove_members
from bot.roles import Capability
from bot.storage import ListMember, PersonList, RecordNotFoundError
from handlers.common import args_of, send
from handlers.context import BotContext
from handlers.render.types import Rendered
from handlers.roles import require, who_label

_CREATE: Final = frozenset({"create", "new"})
_ADD: Final = frozenset({"add"})
_REMOVE: Final = frozenset({"remove", "rm", "delete", "del"})


async def list_command(update: Update, context: BotContext) -> None:
    if await require(update, context, Capability.SEND_NOTICES) is None:
        return
    lang = await context.language(update)
    args = args_of(context)
    verb = args[0].lower() if args else ""
    if verb in _CREATE | _ADD | _REMOVE:
        await _change(update, context, lang, verb, args[1:])
        return
    store = context.store
    if not args:
        await send(update, context, render_lists(lang, await store.person_lists()))
        return
    name = parse_list_name(args[0])
    found = await store.person_lists([name]) if name is not None and len(args) == 1 else []
    if name is None or not found:
        await send(update, context, _no_such(lang, args[0]))
        return
    members = await store.list_members(found[0].name)
    await send(update, context, render_members(lang, found[0], members))


async def _change(
    update: Update, context: BotContext, lang: Language, verb: str, args: list[str]
) -> None:
    access = await require(update, context, Capability.MANAGE_LISTS)
    if access is None:
        return
    name = parse_list_name(args[0]) if args else None
    if args and name is None:
        problem = t(lang, "lists.bad_name", value=args[0][:40])
        await send(update, context, Rendered(Html(f"{problem}\n{t(lang, 'lists.usage')}")))
        return
    wanted = 1 if verb in _CREATE else 2  # create NAME; add/remove NAME WHO …
    if name is None or len(args) < wanted or (verb in _CREATE and len(args) > 1):
        await send(update, context, Rendered(t(lang, "lists.usage")))
        return
    store = context.store
    if verb in _CREATE:
        created = await create_list(store, access.user_id, name)
        key = "lists.created" if created else "lists.exists"
        await send(update, context, Rendered(t(lang, key, name=name)))
        return
    try:
        if verb in _ADD:
            change = await add_members(store, access.user_id, name, args[1:])
        else:
            change = await remove_members(store, access.user_id, name, args[1:])
    except RecordNotFoundError:
        await send(update, context, _no_such(lang, name))
        return
    names = await store.user_names([*change.changed, *change.unchanged])
    await send(update, context, render_change(lang, name, verb in _ADD, change, names))


def _no_such(lang: Language, value: str) -> Rendered:
    return Rendered(t(lang, "lists.no_such", name=value[:40]))


# == Rendering (pure) ============================================================================


def render_lists(lang: Language, lists: Sequence[PersonList]) -> Rendered:
    lines = [t(lang, "lists.title")]
    if not lists:
        lines.append(t(lang, "lists.none"))
    for held in lists:
        line = t(lang, "lists.line", name=held.name, count=held.members)
        if held.members > held.reachable:
            missing = held.members - held.reachable
            line = Html(line + t(lang, "lists.line_unreachable", count=missing))
        lines.append(line)
    lines.append(t(lang, "lists.usage"))
    return Rendered(Html("\n".join(lines)))


def render_members(lang: Language, held: PersonList, members: Sequence[ListMember]) -> Rendered:
    lines = [t(lang, "lists.members_title", name=held.name, count=held.members)]
    if not members:
        lines.append(t(lang, "lists.empty"))
    for member in members:
        who = who_label(member.user_id, member.username, member.first_name)
        key = "lists.member" if member.reachable else "lists.member_unreachable"
        lines.append(t(lang, key, who=who))
    return Rendered(Html("\n".join(lines)))


def render_change(
    lang: Language,
    name: str,
    added: bool,
    change: ListChange,
    names: dict[int, tuple[str | None, str]],
) -> Rendered:
    def who(users: Sequence[int]) -> str:
        return join(lang, [who_label(u, *names.get(u, (None, ""))) for u in users])

    key = "lists.added" if added else "lists.removed"
    lines = [t(lang, key, name=name, count=len(change.changed))]
    if change.unchanged:
        key = "lists.already" if added else "lists.not_member"
        lines.append(t(lang, key, who=who(change.unchanged)))
    if change.unreachable:
        lines.append(t(lang, "lists.added_unreachable", who=who(change.unreachable)))
    if change.unknown:
        lines.append(t(lang, "lists.unknown_users", who=join(lang, list(change.unknown))))
    return Rendered(Html("\n".join(lines)))
