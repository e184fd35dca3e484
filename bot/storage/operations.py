"""Operations: the notices API's idempotency keys, and the figures behind the metrics."""

from __future__ import annotations

from bot.storage.base import StorageBase
from bot.storage.values import ApiNoticeKey, OperationalCounts


class OperationsStore(StorageBase):
    async def api_notice_key(self, client: str, key: str) -> ApiNoticeKey | None:
        """The notice an API client created with this ``Idempotency-Key``, if any."""
        async with self._exclusive():
            row = await self._row(
                "SELECT notice_id, request_sha256 FROM api_notice_keys"
                " WHERE client = ? AND idempotency_key = ?",
                (client, key),
            )
        if row is None:
            return None
        return ApiNoticeKey(int(row["notice_id"]), str(row["request_sha256"]))

    async def remember_api_notice_key(
        self, client: str, key: str, request_sha256: str, notice_id: int
    ) -> None:
        """Bind a client's ``Idempotency-Key`` to the notice it created (once: a second binding
        of the same key is refused by the primary key)."""
        async with self._exclusive():
            await self._execute(
                "INSERT INTO api_notice_keys"
                " (client, idempotency_key, request_sha256, notice_id, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (client, key, request_sha256, notice_id, self._now()),
            )

    async def operational_counts(self) -> OperationalCounts:
        """Notices and deliveries by state (for metrics)."""
        async with self._exclusive():
            notices = await self._rows("SELECT state, COUNT(*) AS n FROM notices GROUP BY state")
            deliveries = await self._rows(
                "SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state"
            )
        return OperationalCounts(
            notices={str(r["state"]): int(r["n"]) for r in notices},
            deliveries={str(r["state"]): int(r["n"]) for r in deliveries},
        )
