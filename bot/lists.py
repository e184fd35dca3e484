"""Named lists of people kept by admins: the bureau, a regional group, delegation focal points.

A notice addressed to a list (``/notice list=bureau …``, ``delegate-bot notice send --list
bureau``) reaches its members whatever they subscribed to — those who have written to the bot,
since Telegram lets a bot write only to people who started it (see :mod:`bot.audience`).

Members are added by numeric user id (anyone; reachable once they start the bot) or by
``@username`` of someone who has written to the bot (Telegram gives bots no other way to look a
username up). Every change is audited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from bot.roles import find_user
from bot.storage import RecordNotFoundError, Storage

__all__ = [
    "ListChange",
    "add_members",
    "create_list",
    "known_lists",
    "parse_list_name",
    "parse_list_names",
    "remove_members",
]

_NAME: Final = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
#: Words of the /list command, which cannot be list names.
RESERVED: Final = frozenset({"create", "new", "add", "remove", "rm", "delete", "del", "all"})


def parse_list_name(text: str) -> str | None:
    """A list name as stored (lowercase), or None when ``text`` cannot be one."""
    name = text.strip().lower()
    if not _NAME.fullmatch(name) or name in RESERVED:
        return None
    return name


def parse_list_names(text: str) -> tuple[list[str], list[str]]:
    """``bureau,focal`` → (names, what could not be a name)."""
    names: list[str] = []
    bad: list[str] = []
    for part in text.split(","):
        if not part.strip():
            continue
        name = parse_list_name(part)
        if name is None:
            bad.append(part.strip())
        elif name not in names:
            names.append(name)
    return names, bad


async def known_lists(store: Storage, names: Sequence[str]) -> tuple[list[str], list[str]]:
    """(the names that are lists, those that are not)."""
    existing = {p.name for p in await store.person_lists(list(names))}
    return [n for n in names if n in existing], [n for n in names if n not in existing]


async def create_list(store: Storage, actor: int | None, name: str) -> bool:
    """A new empty list (False when it exists); audited."""
    async with store.transaction():
        created = await store.create_list(name, created_by=actor)
        if created:
            await store.audit(actor, "list.create", name)
    return created


@dataclass(frozen=True, slots=True)
class ListChange:
    """What adding or removing people did: ``changed`` were added/removed, ``unchanged``
    already were / were not on it, ``unknown`` could not be identified, ``unreachable`` (of the
    added) have not written to the bot yet."""

    changed: tuple[int, ...] = ()
    unchanged: tuple[int, ...] = ()
    unknown: tuple[str, ...] = ()
    unreachable: tuple[int, ...] = ()


async def _identify(store: Storage, who: Sequence[str]) -> tuple[list[int], list[str]]:
    found: list[int] = []
    unknown: list[str] = []
    for text in who:
        user = await find_user(store, text)
        if user is None:
            unknown.append(text.strip()[:40])
        elif user not in found:
            found.append(user)
    return found, unknown


async def add_members(
    store: Storage, actor: int | None, name: str, who: Sequence[str]
) -> ListChange:
    """Add people (user ids or @usernames) to a list; audited. RecordNotFoundError when there
    is no such list."""
    if not await store.person_lists([name]):
        raise RecordNotFoundError(f"no list {name!r}")
    users, unknown = await _identify(store, who)
    async with store.transaction():
        before = {m.user_id for m in await store.list_members(name)}
        new = [u for u in users if u not in before]
        await store.add_list_members(name, new, added_by=actor)
        if new:
            await store.audit(actor, "list.add", f"{name}: {' '.join(map(str, new))}")
        members = {m.user_id: m for m in await store.list_members(name)}
    unreachable = tuple(u for u in new if not members[u].reachable)
    return ListChange(
        changed=tuple(new),
        unchanged=tuple(u for u in users if u in before),
        unknown=tuple(unknown),
        unreachable=unreachable,
    )


async def remove_members(
    store: Storage, actor: int | None, name: str, who: Sequence[str]
) -> ListChange:
    """Take people off a list; audited. RecordNotFoundError when there is no such list."""
    if not await store.person_lists([name]):
        raise RecordNotFoundError(f"no list {name!r}")
    users, unknown = await _identify(store, who)
    async with store.transaction():
        before = {m.user_id for m in await store.list_members(name)}
        gone = [u for u in users if u in before]
        await store.remove_list_members(name, gone)
        if gone:
            await store.audit(actor, "list.remove", f"{name}: {' '.join(map(str, gone))}")
    return ListChange(
        changed=tuple(gone),
        unchanged=tuple(u for u in users if u not in before),
        unknown=tuple(unknown),
    )
