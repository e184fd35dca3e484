"""Liveness for ``delegate-bot health`` and the container healthcheck.

The running bot writes a small heartbeat file whenever a Bot API call succeeds (at most every
few seconds); ``check_health`` reads it from another process and also opens the database and
checks that a knowledge base was loaded. Healthy means all three hold.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.storage.backends import masked_url, ping_postgres

#: The oldest Bot API success that still counts as healthy (the bot asks ``getMe`` every 30 s).
HEALTH_MAX_AGE = dt.timedelta(seconds=180)


@dataclass(frozen=True, slots=True)
class Heartbeat:
    api_ok_at: dt.datetime
    kb_sha256: str
    kb_records: int
    pid: int


def write_heartbeat(path: Path, beat: Heartbeat) -> None:
    """Replace the file atomically, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "api_ok_at": beat.api_ok_at.isoformat(),
        "kb_sha256": beat.kb_sha256,
        "kb_records": beat.kb_records,
        "pid": beat.pid,
    }
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".health-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    os.replace(tmp, path)


def read_heartbeat(path: Path) -> Heartbeat | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Heartbeat(
            api_ok_at=dt.datetime.fromisoformat(data["api_ok_at"]),
            kb_sha256=str(data["kb_sha256"]),
            kb_records=int(data["kb_records"]),
            pid=int(data["pid"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check_health(
    db_path: Path | str,
    health_file: Path,
    *,
    max_age: dt.timedelta,
    now: dt.datetime | None = None,
) -> tuple[bool, list[str]]:
    """(healthy, one line per check) — the lines say what failed. ``db_path`` is the SQLite
    file or a PostgreSQL URL."""
    now = now or dt.datetime.now(dt.UTC)
    lines: list[str] = []
    ok = True
    if isinstance(db_path, str):
        problem = ping_postgres(db_path)
        ok = problem is None
        lines.append(problem or f"database: ok ({masked_url(db_path)})")
    else:
        ok, line = _check_sqlite(db_path)
        lines.append(line)
    beat = read_heartbeat(health_file)
    if beat is None:
        return False, [*lines, f"heartbeat: none at {health_file} (is the bot running?)"]
    if beat.kb_records > 0:
        lines.append(f"knowledge base: ok ({beat.kb_records} records, {beat.kb_sha256[:12]})")
    else:
        ok = False
        lines.append("knowledge base: not loaded")
    age = now - beat.api_ok_at
    if age <= max_age:
        lines.append(f"Bot API: ok (last success {int(age.total_seconds())} s ago)")
    else:
        ok = False
        lines.append(f"Bot API: last success {int(age.total_seconds())} s ago (limit {max_age})")
    return ok, lines


def _check_sqlite(db_path: Path) -> tuple[bool, str]:
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as conn:
            conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as exc:
        return False, f"database: cannot open {db_path}: {exc}"
    return True, f"database: ok ({db_path})"
