"""Knowledge-base versions, their activations and the audit log."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from bot.storage.base import StorageBase
from bot.storage.common import (
    _check_limit,
    _optional_time,
    _time_from_text,
)
from bot.storage.errors import (
    RecordNotFoundError,
)
from bot.storage.schema import POSTGRES_VERSION_TABLE
from bot.storage.values import (
    Actor,
    AuditEntry,
    KbActivation,
    KbVersion,
)

_SHA256_RE = re.compile(r"[0-9a-f]{64}")


class KbStore(StorageBase):
    # == Knowledge-base versions =================================================================
    # Uploaded YAML texts are kept whole, so any version can be activated again (rollback).
    # The active version is the one activated last.

    async def add_kb_version(
        self, yaml_text: str, sha256: str, created_by: int | None, summary: str
    ) -> int:
        """Keep an uploaded knowledge base (not yet active); its version id."""
        digest = sha256.lower()
        if not _SHA256_RE.fullmatch(digest):
            raise ValueError(f"sha256 must be 64 hexadecimal digits, not {sha256!r}")
        async with self._exclusive():
            return await self._insert(
                "INSERT INTO kb_versions (sha256, yaml_text, summary, created_by, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (digest, yaml_text, summary, created_by, self._now()),
            )

    async def activate_kb_version(self, version_id: int, activated_by: int | None) -> None:
        """Make the version the active one; RecordNotFoundError when there is no such version."""
        async with self.transaction():
            if await self._row("SELECT 1 FROM kb_versions WHERE id = ?", (version_id,)) is None:
                raise RecordNotFoundError(f"no knowledge-base version {version_id}")
            await self._insert(
                "INSERT INTO kb_activations (version_id, activated_by, activated_at)"
                " VALUES (?, ?, ?)",
                (version_id, activated_by, self._now()),
            )

    async def active_kb_version(self) -> KbVersion | None:
        """The version activated last, with its text; None when none was ever activated."""
        async with self._exclusive():
            rows = await self._kb_rows(
                "WHERE v.id = (SELECT version_id FROM kb_activations ORDER BY id DESC LIMIT 1)",
                (),
                with_text=True,
            )
        return rows[0] if rows else None

    async def kb_version(self, version_id: int) -> KbVersion | None:
        """One version with its text, or None."""
        async with self._exclusive():
            rows = await self._kb_rows("WHERE v.id = ?", (version_id,), with_text=True)
        return rows[0] if rows else None

    async def kb_versions(self, limit: int = 10) -> list[KbVersion]:
        """The newest versions first, without their text."""
        async with self._exclusive():
            return await self._kb_rows(
                "ORDER BY v.id DESC LIMIT ?", (_check_limit(limit),), with_text=False
            )

    async def _kb_rows(
        self, tail: str, params: Sequence[object], *, with_text: bool
    ) -> list[KbVersion]:
        text_column = "v.yaml_text" if with_text else "NULL"
        rows = await self._rows(
            f"""
            SELECT v.id, v.sha256, v.summary, v.created_by, v.created_at,
                   {text_column} AS yaml_text,
                   a.activated_by, a.activated_at,
                   CASE WHEN a.id = (SELECT MAX(id) FROM kb_activations) THEN 1 ELSE 0 END
                       AS is_active
            FROM kb_versions AS v
            LEFT JOIN kb_activations AS a
                ON a.id = (SELECT MAX(id) FROM kb_activations WHERE version_id = v.id)
            {tail}
            """,
            params,
        )
        return [
            KbVersion(
                id=row["id"],
                sha256=row["sha256"],
                summary=row["summary"],
                created_by=row["created_by"],
                created_at=_time_from_text(row["created_at"]),
                activated_by=row["activated_by"],
                activated_at=_optional_time(row["activated_at"]),
                is_active=bool(row["is_active"]),
                yaml_text=row["yaml_text"],
            )
            for row in rows
        ]

    # == Audit log ===============================================================================

    async def audit(self, actor: Actor, action: str, detail: str) -> None:
        """Record who did what (``action`` like ``kb.activate``; ``detail`` free text); an
        API client is recorded by its name."""
        user_id, name = (None, actor) if isinstance(actor, str) else (actor, None)
        async with self._exclusive():
            await self._insert(
                "INSERT INTO audit_log (at, actor, actor_name, action, detail)"
                " VALUES (?, ?, ?, ?, ?)",
                (self._now(), user_id, name, action, detail),
            )

    async def recent_audit(self, limit: int = 20) -> list[AuditEntry]:
        """The latest entries, newest first."""
        async with self._exclusive():
            rows = await self._rows(
                "SELECT id, at, actor, actor_name, action, detail FROM audit_log"
                " ORDER BY id DESC LIMIT ?",
                (_check_limit(limit),),
            )
        return [
            AuditEntry(
                id=row["id"],
                at=_time_from_text(row["at"]),
                actor=row["actor"],
                action=row["action"],
                detail=row["detail"],
                actor_name=row["actor_name"],
            )
            for row in rows
        ]

    # == Knowledge-base administration ===========================================================
    # What uploads, activations and rollbacks need beyond the versions themselves: a cheap look
    # at the latest activation (a running bot polls it to pick up activations made elsewhere),
    # dropping an upload that was never activated, and a digest to prove nothing changed.

    async def latest_kb_activation(self) -> KbActivation | None:
        """The latest activation (which version, by whom, when); None before the first."""
        async with self._exclusive():
            row = await self._row(
                "SELECT id, version_id, activated_by, activated_at FROM kb_activations"
                " ORDER BY id DESC LIMIT 1"
            )
        if row is None:
            return None
        return KbActivation(
            id=row["id"],
            version_id=row["version_id"],
            activated_by=row["activated_by"],
            activated_at=_time_from_text(row["activated_at"]),
        )

    async def discard_kb_version(self, version_id: int) -> bool:
        """Delete an upload that was never activated; False when it was (it is kept for
        rollbacks). RecordNotFoundError when there is no such version."""
        async with self.transaction():
            if await self._row("SELECT 1 FROM kb_versions WHERE id = ?", (version_id,)) is None:
                raise RecordNotFoundError(f"no knowledge-base version {version_id}")
            deleted = await self._execute(
                "DELETE FROM kb_versions WHERE id = ?"
                " AND NOT EXISTS (SELECT 1 FROM kb_activations WHERE version_id = ?)",
                (version_id, version_id),
            )
        return deleted > 0

    async def content_sha256(self, *, skip_tables: Sequence[str] = ()) -> str:
        """A digest of every row of every table (but ``skip_tables``), independent of how the
        file is laid out on disk: equal digests mean the stored data is the same. A table or a
        column that a later migration added and that holds nothing yet changes nothing."""
        digest = hashlib.sha256()
        async with self._exclusive():
            tables = await self._rows(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
                if self.dialect.name == "sqlite"
                else "SELECT table_name AS name FROM information_schema.tables"
                " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                f" AND table_name <> '{POSTGRES_VERSION_TABLE}' ORDER BY name"
            )
            for table in tables:
                name = str(table["name"])
                if name in skip_tables:
                    continue
                # The name comes from the catalogue, quoted as an identifier.
                quoted = '"' + name.replace('"', '""') + '"'
                rows = await self._rows(f"SELECT * FROM {quoted}")
                if not rows:
                    continue
                digest.update(f"table {name}\n".encode())
                lines = (
                    # a sqlite3.Row iterates its values: ask for the keys
                    repr(tuple((k, row[k]) for k in row.keys() if row[k] is not None))  # noqa: SIM118
                    for row in rows
                )
                for line in sorted(lines):
                    digest.update(line.encode() + b"\n")
        return digest.hexdigest()
