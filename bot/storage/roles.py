"""Roles granted in the database."""

from __future__ import annotations

from bot.storage.base import StorageBase
from bot.storage.common import (
    _time_from_text,
)
from bot.storage.values import (
    ROLES,
    Role,
    RoleGrant,
)


class RoleStore(StorageBase):
    # == Roles ===================================================================================

    async def grant_role(self, user_id: int, role: Role, granted_by: int | None) -> bool:
        """Give the user a role; False when they already had it (the first grant is kept)."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; expected one of {ROLES}")
        async with self._exclusive():
            added = await self._execute(
                "INSERT INTO roles (user_id, role, granted_by, granted_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (user_id, role, granted_by, self._now()),
            )
        return added > 0

    async def revoke_role(self, user_id: int, role: Role) -> bool:
        """Take a role away; False when the user did not have it."""
        async with self._exclusive():
            removed = await self._execute(
                "DELETE FROM roles WHERE user_id = ? AND role = ?", (user_id, role)
            )
        return removed > 0

    async def roles_of(self, user_id: int) -> frozenset[str]:
        """The roles granted in the database (the configuration's are the caller's to add)."""
        async with self._exclusive():
            rows = await self._rows("SELECT role FROM roles WHERE user_id = ?", (user_id,))
        return frozenset(str(row["role"]) for row in rows)

    async def all_roles(self) -> list[RoleGrant]:
        """Every grant, by role then user."""
        async with self._exclusive():
            rows = await self._rows(
                "SELECT user_id, role, granted_by, granted_at FROM roles ORDER BY role, user_id"
            )
        return [
            RoleGrant(
                user_id=row["user_id"],
                role=row["role"],
                granted_by=row["granted_by"],
                granted_at=_time_from_text(row["granted_at"]),
            )
            for row in rows
        ]
