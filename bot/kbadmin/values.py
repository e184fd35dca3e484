"""What the knowledge-base administration's steps return: an upload rejected, unchanged or
previewed; an activation; the history; what is live. Plain frozen values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from bot.kbadmin.errors import format_problem
from bot.storage import KbVersion
from knowledge.checks import ContentWarning
from knowledge.diff import KbDiff, ReminderChange
from knowledge.errors import Problem
from knowledge.models import KnowledgeBase

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.notices import ReminderChanges
    from bot.storage import Storage


@dataclass(frozen=True, slots=True)
class UploadRejected:
    """A file that is not a valid knowledge base; nothing but the audit log changed."""

    file_name: str
    problems: tuple[Problem, ...]

    @property
    def reason(self) -> str:
        """One line for the audit log: how many problems, and the first."""
        first = format_problem(self.problems[0]) if self.problems else "not valid"
        count = len(self.problems)
        return f"{count} problem{'s' if count != 1 else ''}; first: {first}"


@dataclass(frozen=True, slots=True)
class UploadUnchanged:
    """A file holding exactly the live knowledge base: nothing was stored (only audited)."""

    file_name: str
    live_version: int | None  # None: the file is live


@dataclass(frozen=True, slots=True)
class VersionHistory:
    """The latest versions, newest first, and the live one when it is older than those."""

    recent: tuple[KbVersion, ...]
    live_version: int | None  # None: a file is live
    older_live: KbVersion | None = None


@dataclass(frozen=True, slots=True)
class Preview:
    """What activating a stored version would change, against the live knowledge base."""

    version_id: int
    sha256: str
    file_name: str | None  # None for a rollback preview
    base_version: int | None  # the live version compared with; None: the file
    diff: KbDiff
    reminders: tuple[ReminderChange, ...]
    record_count: int
    was_active: bool  # activating it is a rollback
    warnings: tuple[ContentWarning, ...] = ()  # valid but worth a second look


@dataclass(frozen=True, slots=True)
class Activation:
    """A version made live; ``reminders_synced`` is False when no reminder sync is installed."""

    version_id: int
    sha256: str
    previous_version: int | None
    diff: KbDiff
    reminders: tuple[ReminderChange, ...]
    rollback: bool
    reminders_synced: bool
    reminder_report: str = ""


@dataclass(frozen=True, slots=True)
class LiveStatus:
    """What the bot answers from right now."""

    version: KbVersion | None  # None: a file, no version activated (or the stored one failed)
    origin: str
    record_count: int
    counts: dict[str, int] = field(default_factory=dict)


class ReminderSync(Protocol):
    """``bot.notices.sync_reminders``: keep the meeting reminders in step with a knowledge base."""

    def __call__(
        self, store: Storage, kb: KnowledgeBase, settings: Settings, now: dt.datetime
    ) -> Awaitable[ReminderChanges]: ...
