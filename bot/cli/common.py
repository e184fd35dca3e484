"""What every sub-command of the command line shares: one-line failures, the settings, the
knowledge base to read, and the database (or the knowledge-base service) to act on."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from bot.config import Settings
from knowledge.models import KnowledgeBase

if TYPE_CHECKING:
    from bot.kbadmin import Activation, KbAdmin

Command = Callable[[argparse.Namespace], int]
SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
KB_HELP = (
    "knowledge-base YAML file (default: the live one, the latest version activated in the"
    " database, else DELEGATE_BOT_KB or the bundled file)"
)


def fail(message: str) -> int:
    print(f"delegate-bot: {message}", file=sys.stderr)
    return 2


def describe_os_error(exc: OSError) -> str:
    """``PATH: what is wrong`` in words, for a path that cannot be read or written."""
    if isinstance(exc, IsADirectoryError):
        problem = "is a folder, not a file"
    elif isinstance(exc, NotADirectoryError):
        problem = "part of the path is a file, not a folder"
    elif isinstance(exc, FileNotFoundError):
        problem = "no such file"
    elif isinstance(exc, PermissionError):
        problem = "permission denied"
    else:
        problem = (exc.strerror or str(exc)).lower()
    return f"{exc.filename}: {problem}" if exc.filename else problem


def read_upload(path: Path) -> tuple[bytes, int]:
    """A file's bytes (as many as an upload may hold, and one more) and its size; an
    unreadable path raises OSError before anything is stored."""
    from bot.config import MAX_UPLOAD_CEILING

    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        return handle.read(MAX_UPLOAD_CEILING + 1), size


def settings() -> Settings:
    return Settings.from_env()


def load_kb(path: str | None) -> KnowledgeBase:
    """The knowledge base named with ``--kb``, else the live one: what the running bot
    serves (see :func:`bot.live.live_knowledge_base`)."""
    if path is None:
        import asyncio

        from bot.live import live_knowledge_base

        return asyncio.run(live_knowledge_base(settings())).kb
    from knowledge.loader import load_knowledge_base

    return load_knowledge_base(Path(path).read_bytes())


def with_store(action: Callable[[Any], Awaitable[int]]) -> int:
    """Run ``action`` on the bot's database (safe while the bot runs: SQLite in WAL mode)."""
    import asyncio

    from bot.storage import Storage

    config = settings()

    async def run() -> int:
        async with await Storage.open(config.database) as store:
            return await action(store)

    return asyncio.run(run())


def with_kb_admin(action: Callable[[KbAdmin], Awaitable[int]]) -> int:
    """Run ``action`` on the database the bot uses; a running bot picks up what it activates
    within a few seconds."""
    import asyncio

    from bot.kbadmin import KbAdmin, KbAdminError
    from bot.storage import Storage

    config = settings()

    async def run() -> int:
        async with await Storage.open(config.database) as store:
            admin = await KbAdmin.headless(config, store)
            try:
                return await action(admin)
            except KbAdminError as exc:
                return fail(str(exc))

    return asyncio.run(run())


def print_activation(activation: Activation) -> None:
    verb = "rolled back to" if activation.rollback else "activated"
    print(f"{verb} version {activation.version_id}: {activation.diff.summary()}")
    if activation.reminders_synced:
        print(f"reminders rescheduled: {activation.reminder_report}")
    else:
        print("reminders not rescheduled: the notices module is not available")


async def store_or_activate(admin: KbAdmin, version_id: int, activate: bool) -> int:
    """After a stored version's preview: activate it, or say how to."""
    if not activate:
        print(
            f"stored as version {version_id}, not active; activate it with"
            f" `delegate-bot kb rollback {version_id}`"
        )
        return 0
    print_activation(await admin.activate(version_id, None))
    return 0


def add_command(
    sub: SubParsers, name: str, handler: Command, help_text: str
) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.set_defaults(handler=handler)
    return p
