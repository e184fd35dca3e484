"""The typed context every handler receives: ``context.live``, ``context.store`` …

``BotData`` is the application's ``bot_data`` (one per Application); the composition root
fills it in ``post_init`` and empties it in ``post_shutdown``. ``BotContext`` exposes its parts
as typed properties, so a handler never digs in a dict, and adds per-update helpers: the
sender's profile (read once per update) and their language.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.i18n import Language, language_from_telegram
from bot.profiles import Profile

if TYPE_CHECKING:
    from telegram.ext import Application

    from bot.config import Settings
    from bot.insights import Insights
    from bot.kbadmin import KbAdmin
    from bot.live import LiveKnowledge
    from bot.metrics import Metrics
    from bot.notices.service import NoticeService
    from bot.profiles import Profiles
    from bot.ratelimit import FloodGate
    from bot.storage import Storage


class NotReadyError(RuntimeError):
    """A resource was used before ``post_init`` opened it (or after ``post_shutdown``)."""


@dataclass(slots=True)
class BotData:
    """What the application holds for its whole life."""

    settings: Settings | None = None
    live: LiveKnowledge | None = None
    store: Storage | None = None
    profiles: Profiles | None = None
    flood: FloodGate | None = None
    kb_admin: KbAdmin | None = None
    insights: Insights | None = None
    metrics: Metrics | None = None
    #: the delivery worker and progress reports, from ``post_init`` to ``post_stop``
    notices: NoticeService | None = None
    extras: dict[str, Any] = field(default_factory=dict)
    #: when recent error notices went to the admins (monotonic seconds), to keep them few
    admin_notices: deque[float] = field(default_factory=deque)


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """``CallbackContext`` with typed access to the bot's resources."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self._profile: Profile | None = None

    @property
    def settings(self) -> Settings:
        settings = self.bot_data.settings
        if settings is None:
            raise NotReadyError("settings")
        return settings

    @property
    def live(self) -> LiveKnowledge:
        live = self.bot_data.live
        if live is None:
            raise NotReadyError("knowledge base")
        return live

    @property
    def store(self) -> Storage:
        store = self.bot_data.store
        if store is None:
            raise NotReadyError("storage")
        return store

    @property
    def profiles(self) -> Profiles:
        profiles = self.bot_data.profiles
        if profiles is None:
            raise NotReadyError("profiles")
        return profiles

    @property
    def kb_admin(self) -> KbAdmin:
        """Knowledge-base uploads, activations and versions (``bot.kbadmin``)."""
        kb_admin = self.bot_data.kb_admin
        if kb_admin is None:
            raise NotReadyError("knowledge-base administration")
        return kb_admin

    @property
    def insights(self) -> Insights:
        """Questions without a confident answer, ratings, and the fix (``bot.insights``)."""
        insights = self.bot_data.insights
        if insights is None:
            raise NotReadyError("insights")
        return insights

    @property
    def notice_service(self) -> NoticeService:
        """The delivery worker and progress reports (``bot.notices.service``)."""
        service = self.bot_data.notices
        if service is None:
            raise NotReadyError("the notice service is not running")
        return service

    @property
    def flood(self) -> FloodGate | None:
        return self.bot_data.flood

    async def profile(self, update: Update) -> Profile | None:
        """The sender's profile (None for updates without a human sender)."""
        if self._profile is not None:
            return self._profile
        user = update.effective_user
        if user is None or user.is_bot:
            return None
        chat = update.effective_chat
        self._profile = await self.profiles.get(
            user.id,
            chat_id=chat.id if chat is not None and chat.type == "private" else None,
            username=user.username,
            first_name=user.first_name,
            language_code=user.language_code,
        )
        return self._profile

    def remember_profile(self, profile: Profile) -> None:
        """After a preference changed: later handlers of this update see the new one."""
        self._profile = profile

    async def language(self, update: Update) -> Language:
        profile = await self.profile(update)
        if profile is not None:
            return profile.language
        user = update.effective_user
        return language_from_telegram(user.language_code if user else None)


CONTEXT_TYPES: ContextTypes[BotContext, dict[Any, Any], dict[Any, Any], BotData] = ContextTypes(
    context=BotContext, bot_data=BotData
)
