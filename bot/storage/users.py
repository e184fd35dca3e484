"""Users who wrote to the bot and their preferences."""

from __future__ import annotations

from collections.abc import Sequence

from bot.storage.base import StorageBase
from bot.storage.common import (
    _clean_username,
)
from bot.storage.values import (
    LANGUAGES,
    Language,
    Preferences,
)


class UserStore(StorageBase):
    # == Users and preferences ===================================================================

    async def remember_user(
        self,
        user_id: int,
        chat_id: int,
        username: str | None,
        first_name: str | None,
        language_code: str | None,
    ) -> bool:
        """Record who wrote and where to reach them; True on the first contact.

        A Telegram username belongs to one account at a time, so it is taken off any other
        user who had it before.
        """
        name = _clean_username(username)
        now = self._now()
        async with self.transaction():
            known = await self._row("SELECT 1 FROM users WHERE user_id = ?", (user_id,))
            if name is not None:
                await self._execute(
                    "UPDATE users SET username = NULL"
                    f" WHERE {self.dialect.nocase_equals('username')} AND user_id <> ?",
                    (name, user_id),
                )
            await self._execute(
                """
                INSERT INTO users
                    (user_id, chat_id, username, first_name, language_code, first_seen, last_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET
                    chat_id = excluded.chat_id,
                    username = excluded.username,
                    first_name = excluded.first_name,
                    language_code = excluded.language_code,
                    last_seen = excluded.last_seen
                """,
                (user_id, chat_id, name, first_name, language_code, now, now),
            )
        return known is None

    async def user_by_username(self, username: str) -> int | None:
        """The user id behind ``@name`` or ``name`` (any case), if that user has written."""
        name = _clean_username(username)
        if name is None:
            return None
        async with self._exclusive():
            row = await self._row(
                "SELECT user_id FROM users"
                f" WHERE {self.dialect.nocase_equals('username')}"
                " ORDER BY last_seen DESC LIMIT 1",
                (name,),
            )
        return None if row is None else int(row["user_id"])

    async def user_preferences(self, user_id: int) -> Preferences | None:
        """The user's choices, or None when they never chose anything."""
        async with self._exclusive():
            row = await self._row(
                "SELECT language, timezone FROM preferences WHERE user_id = ?", (user_id,)
            )
        if row is None:
            return None
        return Preferences(language=row["language"], timezone=row["timezone"])

    async def set_language(self, user_id: int, lang: Language | None) -> None:
        """Store the interface language; None forgets the choice."""
        if lang is not None and lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
        async with self._exclusive():
            await self._execute(
                """
                INSERT INTO preferences (user_id, language, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET
                    language = excluded.language, updated_at = excluded.updated_at
                """,
                (user_id, lang, self._now()),
            )

    async def set_timezone(self, user_id: int, tz: str | None) -> None:
        """Store the user's IANA timezone name (the caller validates it); None forgets it."""
        async with self._exclusive():
            await self._execute(
                """
                INSERT INTO preferences (user_id, timezone, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET
                    timezone = excluded.timezone, updated_at = excluded.updated_at
                """,
                (user_id, tz, self._now()),
            )

    async def user_names(self, user_ids: Sequence[int]) -> dict[int, tuple[str | None, str]]:
        """(username, first name) of the users among ``user_ids`` who have written."""
        if not user_ids:
            return {}
        marks = ", ".join("?" * len(user_ids))
        async with self._exclusive():
            rows = await self._rows(
                f"SELECT user_id, username, first_name FROM users WHERE user_id IN ({marks})",
                tuple(user_ids),
            )
        return {int(row["user_id"]): (row["username"], row["first_name"] or "") for row in rows}
