"""Administrators change the knowledge base: upload → validate → diff → preview → activate.

A wrong file must never take the bot down or lose what it knew, so nothing an upload does
touches the live knowledge base until an administrator has seen what would change:

1. :meth:`KbAdmin.upload` validates the file with the same loader as ``delegate-bot kb
   validate`` (bounded, safe, UTF-8 only). A bad file is audited as rejected and changes
   nothing else. A good one is stored as an unactivated version (so its buttons outlive a
   restart) and comes back as a :class:`Preview`: the diff against the live knowledge base,
   the reminders it would move and warnings for what is valid but suspicious
   (``knowledge.checks``). A file that holds exactly the live knowledge base is not stored:
   :class:`UploadUnchanged` says so.
2. :meth:`KbAdmin.activate` builds the new search index first, then in one database
   transaction records the activation, reschedules the reminders (``sync_reminders``) and
   audits it, and only then swaps the live snapshot. Searches already running finish on the old
   knowledge base; every later one sees the new one. A rollback is the activation of an older
   version.
3. A bot started later loads the latest activated version (``bot.live.live_knowledge_base``);
   a running bot polls the latest activation (:meth:`KbAdmin.watch_activations`), so a version
   activated from the command line goes live there within a few seconds.

Without a :class:`~bot.live.LiveKnowledge` (the command line) the same service works on the
database alone: "live" is then the version the database says is active.

Exceptions::

    KbAdminError                 root: anything an administrator asked that cannot be done
    ├── VersionNotFoundError     no such version (never uploaded, or discarded)
    ├── VersionUnloadableError   a stored version no longer loads (``problems`` says why)
    ├── AlreadyLiveError         the version asked for is the live one already
    ├── LiveChangedError         the live knowledge base changed since the preview was made
    └── ReminderSyncError        rescheduling the reminders failed, so nothing was activated

Storage failures are ``bot.storage.StorageError`` and pass through.

Modules: :mod:`~bot.kbadmin.errors` (the exceptions above, and how problems and versions are
named in words), :mod:`~bot.kbadmin.values` (what the steps return) and
:mod:`~bot.kbadmin.service` (:class:`KbAdmin`, the steps themselves). The command line words
previews and the history in :mod:`bot.cli.kb_text`, the chat in ``handlers.render.kbadmin``.
"""

from __future__ import annotations

from bot.kbadmin.errors import (
    AlreadyLiveError,
    KbAdminError,
    LiveChangedError,
    ReminderSyncError,
    VersionNotFoundError,
    VersionUnloadableError,
    format_problem,
    format_problems,
    version_name,
)
from bot.kbadmin.service import ACTIVATION_POLL_SECONDS, KbAdmin
from bot.kbadmin.values import (
    Activation,
    LiveStatus,
    Preview,
    ReminderSync,
    UploadRejected,
    UploadUnchanged,
    VersionHistory,
)

__all__ = [
    "ACTIVATION_POLL_SECONDS",
    "Activation",
    "AlreadyLiveError",
    "KbAdmin",
    "KbAdminError",
    "LiveChangedError",
    "LiveStatus",
    "Preview",
    "ReminderSync",
    "ReminderSyncError",
    "UploadRejected",
    "UploadUnchanged",
    "VersionHistory",
    "VersionNotFoundError",
    "VersionUnloadableError",
    "format_problem",
    "format_problems",
    "version_name",
]
