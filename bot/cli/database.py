"""The database as a whole: ``backup`` and ``db copy``."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.common import SubParsers, add_command, fail, settings


def cmd_backup(args: argparse.Namespace) -> int:
    import asyncio

    from bot.storage import Storage
    from bot.storage.backends import masked_url

    config = settings()
    if config.db_url is None and not config.db_path.exists():
        return fail(f"{config.db_path}: no database to back up")

    async def backup() -> Path:
        async with await Storage.open(config.database) as store:
            return await store.backup_to(Path(args.path))

    target = asyncio.run(backup())
    shown = config.db_path if config.db_url is None else masked_url(config.db_url)
    print(f"backed up {shown} to {target}")
    return 0


def cmd_db_copy(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import parse_database
    from bot.storage import Storage, StorageError
    from bot.storage.backends import masked_url
    from bot.storage.copy import copy_database

    try:
        source, target = parse_database(args.source), parse_database(args.target)
    except ValueError as exc:
        return fail(str(exc))
    if isinstance(source, Path) and not source.is_file():
        return fail(f"{source}: no database to copy")
    if str(source) == str(target):
        return fail("the source and the target are the same database")

    async def copy() -> dict[str, int]:
        async with await Storage.open(source) as src, await Storage.open(target) as dst:
            return await copy_database(src, dst, replace=args.force)

    try:
        counts = asyncio.run(copy())
    except StorageError as exc:
        return fail(str(exc))
    shown = masked_url(target) if isinstance(target, str) else str(target)
    print(f"copied {sum(counts.values())} row(s) to {shown}:")
    for table, count in counts.items():
        print(f"  {table:<20} {count}")
    return 0


def register_backup(sub: SubParsers) -> None:
    p = add_command(sub, "backup", cmd_backup, "copy the database consistently while the bot runs")
    p.add_argument("path")


def register(sub: SubParsers) -> None:
    """``db copy``."""
    db = sub.add_parser("db", help="database tools")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    p = add_command(
        db_sub, "copy", cmd_db_copy, "copy a whole deployment between SQLite and PostgreSQL"
    )
    p.add_argument("--from", dest="source", required=True, help="SQLite file or postgresql:// URL")
    p.add_argument("--to", dest="target", required=True, help="SQLite file or postgresql:// URL")
    p.add_argument("--force", action="store_true", help="replace a target that holds data")
