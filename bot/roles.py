"""Who may do what: administrators and the secretariat.

A user's roles are the union of two sources:

* the configuration (``DELEGATE_BOT_ADMINS``, ``DELEGATE_BOT_SECRETARIAT``), fixed for the life
  of the process and never changed from the chat;
* grants made in the chat by an admin (``/grant``, ``/revoke``), stored in SQLite.

An admin may do everything the secretariat may (send and schedule notices, read their
reports) and also manage roles. Every change is audited together with the change itself, in
one transaction; every refusal is logged and audited too (see :func:`record_refusal`).

Two revocations are refused: a role that comes from the configuration (change the
configuration instead), and the last admin's admin role (nobody could grant it back).
"""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass

from bot.config import Settings
from bot.storage import ROLES, Role, Storage

__all__ = [
    "Access",
    "Capability",
    "RoleChange",
    "RoleHolder",
    "access_of",
    "find_user",
    "grant_role",
    "parse_role",
    "record_refusal",
    "revoke_role",
    "role_holders",
]

log = logging.getLogger(__name__)

_USER_ID = re.compile(r"\d{1,15}")
_USERNAME = re.compile(r"@?([A-Za-z][A-Za-z0-9_]{3,31})")
_ROLE_WORDS: dict[str, Role] = {
    "admin": "admin",
    "administrator": "admin",
    "管理员": "admin",
    "管理員": "admin",
    "secretariat": "secretariat",
    "secretary": "secretariat",
    "秘书处": "secretariat",
    "秘書處": "secretariat",
}


class Capability(enum.Enum):
    SEND_NOTICES = "send notices"  # and read the named lists
    MANAGE_ROLES = "manage roles"
    MANAGE_LISTS = "manage lists"


_NEEDS: dict[Capability, frozenset[Role]] = {
    Capability.SEND_NOTICES: frozenset({"admin", "secretariat"}),
    Capability.MANAGE_ROLES: frozenset({"admin"}),
    Capability.MANAGE_LISTS: frozenset({"admin"}),
}


@dataclass(frozen=True, slots=True)
class Access:
    """What one user may do, from the configuration and the stored grants together."""

    user_id: int
    roles: frozenset[Role]

    def can(self, capability: Capability) -> bool:
        return bool(self.roles & _NEEDS[capability])

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles


class RoleChange(enum.Enum):
    GRANTED = "granted"
    ALREADY = "already"  # nothing to do: the user already had it
    REVOKED = "revoked"
    NOT_HELD = "not held"  # nothing to do: the user did not have it in the database
    CONFIGURED = "configured"  # the role comes from the configuration: not revocable here
    LAST_ADMIN = "last admin"  # revoking it would leave nobody able to manage roles


@dataclass(frozen=True, slots=True)
class RoleHolder:
    user_id: int
    role: Role
    configured: bool  # from the configuration (else granted in the chat)
    granted_by: int | None
    username: str | None
    first_name: str


def configured_roles(settings: Settings, user_id: int) -> frozenset[Role]:
    roles: set[Role] = set()
    if user_id in settings.admins:
        roles.add("admin")
    if user_id in settings.secretariat:
        roles.add("secretariat")
    return frozenset(roles)


async def access_of(store: Storage, settings: Settings, user_id: int) -> Access:
    stored = {role for role in ROLES if role in await store.roles_of(user_id)}
    return Access(user_id, configured_roles(settings, user_id) | stored)


def parse_role(text: str) -> Role | None:
    """``admin`` / ``secretariat`` (and their usual other spellings), or None."""
    return _ROLE_WORDS.get(text.strip().lower())


async def find_user(store: Storage, text: str) -> int | None:
    """The user a command names: a numeric id, or ``@username`` of someone who has written to
    the bot (Telegram gives bots no other way to look a username up)."""
    cleaned = text.strip()
    if _USER_ID.fullmatch(cleaned):
        user_id = int(cleaned)
        return user_id if user_id > 0 else None
    match = _USERNAME.fullmatch(cleaned)
    if match is None:
        return None
    return await store.user_by_username(match.group(1))


async def grant_role(
    store: Storage, settings: Settings, actor: int, target: int, role: Role
) -> RoleChange:
    """Give ``target`` the role (the caller checked that ``actor`` may); audited."""
    if role in configured_roles(settings, target):
        return RoleChange.ALREADY
    async with store.transaction():
        added = await store.grant_role(target, role, granted_by=actor)
        if added:
            await store.audit(actor, "role.grant", f"{target} {role}")
    return RoleChange.GRANTED if added else RoleChange.ALREADY


async def revoke_role(
    store: Storage, settings: Settings, actor: int, target: int, role: Role
) -> RoleChange:
    """Take a role granted in the chat away; audited. Configured roles and the last admin
    are refused."""
    if role in configured_roles(settings, target):
        return RoleChange.CONFIGURED
    async with store.transaction():
        held = role in await store.roles_of(target)
        if not held:
            return RoleChange.NOT_HELD
        if role == "admin" and not settings.admins:
            admins = {g.user_id for g in await store.all_roles() if g.role == "admin"}
            if admins <= {target}:
                return RoleChange.LAST_ADMIN
        await store.revoke_role(target, role)
        await store.audit(actor, "role.revoke", f"{target} {role}")
    return RoleChange.REVOKED


async def role_holders(store: Storage, settings: Settings) -> list[RoleHolder]:
    """Everyone with a role, admins first; a configured role hides the same stored one."""
    grants = {(g.user_id, g.role): g.granted_by for g in await store.all_roles()}
    configured: set[tuple[int, Role]] = {(user, "admin") for user in settings.admins}
    configured |= {(user, "secretariat") for user in settings.secretariat}
    keys = sorted(set(grants) | configured, key=lambda k: (ROLES.index(k[1]), k[0]))
    names = await store.user_names(sorted({user for user, _ in keys}))
    holders = []
    for user, role in keys:
        username, first_name = names.get(user, (None, ""))
        holders.append(
            RoleHolder(
                user_id=user,
                role=role,
                configured=(user, role) in configured,
                granted_by=None if (user, role) in configured else grants.get((user, role)),
                username=username,
                first_name=first_name,
            )
        )
    return holders


async def record_refusal(store: Storage, user_id: int | None, what: str) -> None:
    """A privileged action asked for by someone without the role: log and audit it."""
    log.warning("refused %s to user %s (no role)", what, user_id)
    await store.audit(user_id, "access.denied", what[:200])
