"""Who is writing and what they chose (language, timezone), kept in memory in front of storage.

Every update needs the sender's language; asking SQLite each time would put a database round
trip on every answer. A profile is read once per user per process (recording the user at the
same time) and updated in memory whenever the user changes a preference through the bot, which
writes to storage first.

A language the user never chose is not stored: it follows their Telegram language.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from bot.i18n import Language, language_from_telegram
from bot.storage import Storage


@dataclass(frozen=True, slots=True)
class Profile:
    user_id: int
    language: Language
    timezone: str | None = None
    chose_language: bool = False


class Profiles:
    """A bounded in-memory cache of profiles over :class:`Storage`."""

    MAX_CACHED: Final = 50_000

    def __init__(self, store: Storage, max_cached: int = MAX_CACHED) -> None:
        self._store = store
        self._max = max_cached
        self._cache: dict[int, Profile] = {}

    async def get(
        self,
        user_id: int,
        *,
        chat_id: int | None = None,
        username: str | None = None,
        first_name: str | None = None,
        language_code: str | None = None,
    ) -> Profile:
        """The user's profile; the first call in this process records the user in storage."""
        cached = self._cache.get(user_id)
        if cached is not None:
            return cached
        await self._store.remember_user(
            user_id,
            chat_id if chat_id is not None else user_id,
            username,
            first_name,
            language_code,
        )
        preferences = await self._store.user_preferences(user_id)
        chosen = preferences.language if preferences is not None else None
        profile = Profile(
            user_id=user_id,
            language=chosen or language_from_telegram(language_code),
            timezone=preferences.timezone if preferences is not None else None,
            chose_language=chosen is not None,
        )
        return self._keep(profile)

    def cached(self, user_id: int) -> Profile | None:
        return self._cache.get(user_id)

    async def set_language(self, profile: Profile, language: Language) -> Profile:
        await self._store.set_language(profile.user_id, language)
        return self._keep(replace(profile, language=language, chose_language=True))

    async def set_timezone(self, profile: Profile, timezone: str | None) -> Profile:
        await self._store.set_timezone(profile.user_id, timezone)
        return self._keep(replace(profile, timezone=timezone))

    def _keep(self, profile: Profile) -> Profile:
        if profile.user_id not in self._cache and len(self._cache) >= self._max:
            # drop the oldest entry (dicts keep insertion order); it is re-read when needed
            del self._cache[next(iter(self._cache))]
        self._cache[profile.user_id] = profile
        return profile
