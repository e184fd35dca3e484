"""Backups of the whole database."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from pathlib import Path

from bot.storage.backends import SqliteBackend
from bot.storage.base import StorageBase
from bot.storage.errors import (
    DatabaseError,
    StorageError,
)


class BackupStore(StorageBase):
    # == Backup ==================================================================================

    async def backup_to(self, path: str | os.PathLike[str]) -> Path:
        """Copy the database to ``path`` with SQLite's online backup; the copy's path.

        The copy is a consistent snapshot even while other tasks or processes keep writing: it
        is taken in one backup step, between this connection's transactions. It is written
        beside the target, checked, and renamed into place, so ``path`` never holds half a copy.
        The copy uses a rollback journal, so it is one self-contained file.
        """
        target = Path(path)
        sqlite = self._connection()
        if not isinstance(sqlite, SqliteBackend):
            raise StorageError(f"{self.location}: backup_to copies SQLite databases only")
        if target.resolve() == self.path.resolve():
            raise StorageError(f"{target}: cannot back the database up onto itself")
        partial = target.with_name(target.name + ".partial")
        await asyncio.to_thread(_prepare_backup_target, partial)
        try:
            copy = await asyncio.to_thread(sqlite3.connect, partial, check_same_thread=False)
        except sqlite3.Error as exc:
            raise DatabaseError(f"{partial}: {exc}") from exc
        try:
            async with self._exclusive():
                try:
                    await sqlite.connection().backup(copy)  # pages=0: one step, one snapshot
                except sqlite3.Error as exc:
                    raise DatabaseError(f"backup to {target}: {exc}") from exc
            await asyncio.to_thread(_finish_backup, copy, partial)
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                copy.close()
            with contextlib.suppress(OSError):
                partial.unlink()
            raise
        os.replace(partial, target)
        return target


# == Helpers that run off the event loop =========================================================


def _prepare_backup_target(partial: Path) -> None:
    partial.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (partial, Path(f"{partial}-journal"), Path(f"{partial}-wal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def _finish_backup(copy: sqlite3.Connection, partial: Path) -> None:
    try:
        copy.execute("PRAGMA journal_mode = DELETE")
        problems = [str(row[0]) for row in copy.execute("PRAGMA quick_check")]
    except sqlite3.Error as exc:
        raise DatabaseError(f"{partial}: {exc}") from exc
    finally:
        copy.close()
    if problems != ["ok"]:
        raise DatabaseError(f"{partial}: the copy failed its check: {'; '.join(problems[:3])}")
