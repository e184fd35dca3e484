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
from bot.storage.questions import QuestionStore


class BackupStore(StorageBase):
    # == Backup ==================================================================================

    async def backup_to(self, path: str | os.PathLike[str]) -> Path:
        """Copy the database to ``path`` with SQLite's online backup; the copy's path.
        From PostgreSQL, the copy is a SQLite file made row by row from one snapshot (what
        ``delegate-bot db copy`` does), which ``db copy`` can load back into PostgreSQL.

        The copy is a consistent snapshot even while other tasks or processes keep writing: it
        is taken in one backup step, between this connection's transactions. It is written
        beside the target, checked, and renamed into place, so ``path`` never holds half a copy.
        The copy uses a rollback journal, so it is one self-contained file.
        """
        target = Path(path)
        sqlite = self._connection()
        if not isinstance(sqlite, SqliteBackend):
            return await self._logical_backup_to(target)
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

    async def _logical_backup_to(self, target: Path) -> Path:
        from bot.storage import Storage  # the whole facade, for the copy's target
        from bot.storage.copy import copy_database

        partial = target.with_name(target.name + ".partial")
        await asyncio.to_thread(_prepare_backup_target, partial)
        try:
            async with await Storage.open(partial) as copy:
                assert isinstance(self, QuestionStore)
                await copy_database(self, copy)
            await asyncio.to_thread(_check_logical_copy, partial)
        except BaseException:
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


def _check_logical_copy(partial: Path) -> None:
    copy = sqlite3.connect(partial)
    _finish_backup(copy, partial)
    for leftover in (Path(f"{partial}-wal"), Path(f"{partial}-shm")):
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
