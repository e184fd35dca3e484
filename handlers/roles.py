"""/grant, /revoke, /roles (admins only) and the check every privileged handler starts with.

``require`` answers anyone without the role with one short line, logs and audits the attempt,
and returns None: the caller then does nothing else, so a refused command changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.i18n import Html, Language, escape, join, plain, t
from bot.roles import (
    Access,
    Capability,
    RoleChange,
    RoleHolder,
    access_of,
    find_user,
    grant_role,
    parse_role,
    record_refusal,
    revoke_role,
    role_holders,
)
from bot.storage import PersonList, Role
from handlers.commands import publish_staff_menu
from handlers.common import answer_query, args_of, send
from handlers.context import BotContext
from handlers.render.types import Rendered

_REFUSALS = {
    Capability.MANAGE_ROLES: "access.admins_only",
    Capability.MANAGE_LISTS: "lists.admins_only",
}
_CHANGE_KEYS = {
    RoleChange.GRANTED: "roles.granted",
    RoleChange.ALREADY: "roles.already",
    RoleChange.REVOKED: "roles.revoked",
    RoleChange.NOT_HELD: "roles.not_held",
    RoleChange.CONFIGURED: "roles.configured",
    RoleChange.LAST_ADMIN: "roles.last_admin",
}


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    return [
        CommandHandler("grant", grant),
        CommandHandler("revoke", revoke),
        CommandHandler("roles", roles),
    ]


def what_was_asked(update: Update) -> str:
    """The refused request as it will appear in the log and the audit."""
    if update.callback_query is not None:
        return f"button {update.callback_query.data or ''}"
    message = update.effective_message
    return (message.text or "").strip()[:200] if message else "?"


async def require(update: Update, context: BotContext, capability: Capability) -> Access | None:
    """The sender's access if they may do this; otherwise a short refusal (logged and
    audited) and None."""
    user = update.effective_user
    if user is None:
        return None
    access = await access_of(context.store, context.settings, user.id)
    if access.can(capability):
        return access
    await record_refusal(context.store, user.id, what_was_asked(update))
    lang = await context.language(update)
    key = _REFUSALS.get(capability, "access.denied")
    if update.callback_query is not None:
        await answer_query(update.callback_query, plain(lang, key))
    else:
        await send(update, context, Rendered(t(lang, key)))
    return None


def role_name(lang: Language, role: Role) -> str:
    return plain(lang, f"roles.{role}")


def who_label(user_id: int, username: str | None = None, first_name: str = "") -> str:
    """``@ana (42)``, ``Ana (42)`` or ``42``."""
    if username:
        return f"@{username} ({user_id})"
    return f"{first_name} ({user_id})" if first_name else str(user_id)


async def grant(update: Update, context: BotContext) -> None:
    await _change(update, context, "grant")


async def revoke(update: Update, context: BotContext) -> None:
    await _change(update, context, "revoke")


async def _change(update: Update, context: BotContext, verb: str) -> None:
    access = await require(update, context, Capability.MANAGE_ROLES)
    if access is None:
        return
    lang = await context.language(update)
    args = args_of(context)
    if len(args) != 2:
        await send(update, context, Rendered(t(lang, f"roles.usage_{verb}")))
        return
    role = parse_role(args[1])
    if role is None:
        await send(update, context, Rendered(t(lang, "roles.unknown_role", value=args[1][:40])))
        return
    target = await find_user(context.store, args[0])
    if target is None:
        await send(update, context, Rendered(t(lang, "roles.unknown_user", value=args[0][:40])))
        return
    store, settings = context.store, context.settings
    if verb == "grant":
        change = await grant_role(store, settings, access.user_id, target, role)
    else:
        change = await revoke_role(store, settings, access.user_id, target, role)
    names = await store.user_names([target])
    username, first_name = names.get(target, (None, ""))
    if change in (RoleChange.GRANTED, RoleChange.REVOKED) and target in names:
        # their own command menu follows their roles (only someone who wrote to the bot)
        now = await access_of(store, settings, target)
        await publish_staff_menu(context.bot, target, now.roles)
    text = t(
        lang,
        _CHANGE_KEYS[change],
        who=who_label(target, username, first_name),
        role=role_name(lang, role),
    )
    await send(update, context, Rendered(text))


async def roles(update: Update, context: BotContext) -> None:
    if await require(update, context, Capability.MANAGE_ROLES) is None:
        return
    lang = await context.language(update)
    holders = await role_holders(context.store, context.settings)
    lists = await context.store.person_lists()
    await send(update, context, render_roles(lang, holders, lists))


def render_roles(
    lang: Language, holders: list[RoleHolder], lists: Sequence[PersonList] = ()
) -> Rendered:
    """Who holds which role, then the named lists (/list)."""
    listed = ""
    if lists:
        items = [plain(lang, "roles.list_item", name=p.name, members=p.members) for p in lists]
        listed = "\n" + t(lang, "roles.lists", lists=join(lang, items))
    if not holders:
        return Rendered(Html(f"{t(lang, 'roles.title')}\n{t(lang, 'roles.none')}{listed}"))
    lines: list[str] = [t(lang, "roles.title")]
    for holder in holders:
        if holder.configured:
            source = plain(lang, "roles.from_config")
        elif holder.granted_by is None:
            source = plain(lang, "roles.from_cli")
        else:
            source = plain(lang, "roles.from_chat", by=holder.granted_by)
        lines.append(
            t(
                lang,
                "roles.line",
                who=who_label(holder.user_id, holder.username, holder.first_name),
                role=role_name(lang, holder.role),
                source=source,
            )
        )
    lines.append(t(lang, "roles.usage_both", commands=escape(join(lang, ["/grant", "/revoke"]))))
    return Rendered(Html("\n".join(lines) + listed))
