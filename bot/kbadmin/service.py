"""The knowledge-base administration's service: :class:`KbAdmin` uploads, previews,
activates, rolls back and discards versions, says what is live, and picks up activations made
by another process. The steps are described in :mod:`bot.kbadmin`."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from pathlib import PurePath
from typing import Final, cast

from bot.config import MAX_UPLOAD_CEILING, Settings
from bot.kbadmin.errors import (
    AlreadyLiveError,
    KbAdminError,
    LiveChangedError,
    ReminderSyncError,
    VersionNotFoundError,
    VersionUnloadableError,
    version_name,
)
from bot.kbadmin.values import (
    Activation,
    LiveStatus,
    Preview,
    ReminderSync,
    UploadRejected,
    UploadUnchanged,
    VersionHistory,
)
from bot.live import LiveKnowledge, Snapshot, live_knowledge_base
from bot.notices import ReminderChanges, sync_reminders
from bot.roles import access_of, record_refusal
from bot.storage import AuditEntry, KbVersion, RecordNotFoundError, Storage
from knowledge.checks import suspicious_content
from knowledge.codec import dump_yaml
from knowledge.diff import diff_knowledge_bases, reminder_changes
from knowledge.errors import NO_KEY, KnowledgeValidationError, Problem
from knowledge.loader import load_knowledge_base, too_large_message
from knowledge.models import KnowledgeBase

# The package's name, as before it was a package: log filters and tests look for it.
log = logging.getLogger("bot.kbadmin")

#: How often a running bot looks for a version activated elsewhere (the command line).
ACTIVATION_POLL_SECONDS: Final = 3.0
#: Longest audit detail kept for one event.
AUDIT_DETAIL_CHARS: Final = 500

# Audit actions written here (role changes and notices are audited by bot.notices).
AUDIT_UPLOAD: Final = "kb.upload"
AUDIT_REJECTED: Final = "kb.upload.rejected"
AUDIT_UNCHANGED: Final = "kb.upload.unchanged"
AUDIT_ACTIVATE: Final = "kb.activate"
AUDIT_ROLLBACK: Final = "kb.rollback"
AUDIT_DISCARD: Final = "kb.discard"
AUDIT_PICKED_UP: Final = "kb.picked_up"

_DEFAULT: Final = object()


def _clip(text: str, limit: int = AUDIT_DETAIL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _reminder_report(changes: ReminderChanges) -> str:
    return (
        f"{len(changes.created)} created, {len(changes.moved)} moved, "
        f"{len(changes.cancelled)} cancelled, {len(changes.announced)} change notices"
    )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _record_count(kb: KnowledgeBase) -> int:
    return sum(1 for _ in kb.records())


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class KbAdmin:
    """Uploads, previews, activations, rollbacks and the live version, over one Storage.

    ``live`` is the bot's live knowledge (None on the command line, where ``kb`` is the active
    version's knowledge base instead); ``live_version`` the stored version it was loaded from
    (None for a file). ``reminder_sync`` is ``bot.notices.sync_reminders`` unless replaced
    (None: reminders are left alone).
    """

    def __init__(
        self,
        settings: Settings,
        store: Storage,
        live: LiveKnowledge | None = None,
        *,
        live_version: int | None = None,
        kb: KnowledgeBase | None = None,
        origin: str = "",
        reminder_sync: ReminderSync | object | None = _DEFAULT,
        clock: Callable[[], dt.datetime] = _utc_now,
        poll_interval: float = ACTIVATION_POLL_SECONDS,
    ) -> None:
        if live is None and kb is None:
            raise ValueError("KbAdmin needs the live knowledge or, without it, a knowledge base")
        self.settings = settings
        self.store = store
        self._live = live
        self._kb = kb if live is None else None
        self.live_version = live_version
        self.origin = origin or (
            f"version {live_version}" if live_version else str(settings.knowledge_base_path)
        )
        sync = sync_reminders if reminder_sync is _DEFAULT else reminder_sync
        self._reminder_sync = cast("ReminderSync | None", sync)
        self._clock = clock
        self.poll_interval = poll_interval
        # One activation at a time, and none while a pick-up from elsewhere is installing.
        self._lock = asyncio.Lock()
        self._unloadable: set[int] = set()
        self._watcher: asyncio.Task[None] | None = None

    @classmethod
    async def headless(
        cls,
        settings: Settings,
        store: Storage,
        *,
        reminder_sync: ReminderSync | object | None = _DEFAULT,
        clock: Callable[[], dt.datetime] = _utc_now,
    ) -> KbAdmin:
        """The service for the command line: "live" is what the database says is active."""
        initial = await live_knowledge_base(settings, store)
        return cls(
            settings,
            store,
            None,
            live_version=initial.version_id,
            kb=initial.kb,
            origin=initial.origin,
            reminder_sync=reminder_sync,
            clock=clock,
        )

    @property
    def kb(self) -> KnowledgeBase:
        """The live knowledge base."""
        if self._live is not None:
            return self._live.kb
        assert self._kb is not None
        return self._kb

    @property
    def syncs_reminders(self) -> bool:
        return self._reminder_sync is not None

    # -- permissions -----------------------------------------------------------------------

    async def is_admin(self, user_id: int) -> bool:
        """Admins come from the configuration and from roles granted in the chat."""
        return (await access_of(self.store, self.settings, user_id)).is_admin

    async def refuse(self, user_id: int | None, attempt: str) -> None:
        """Log and audit an attempt by someone who is not an admin; nothing else changes."""
        await record_refusal(self.store, user_id, f"knowledge base: {attempt}")

    # -- upload ----------------------------------------------------------------------------

    async def reject(self, file_name: str, uploader: int | None, problem: str) -> UploadRejected:
        """Reject a file without reading it (too large, not downloadable); audited."""
        rejected = UploadRejected(file_name, (Problem(1, 1, NO_KEY, problem),))
        await self._audit_rejection(rejected, uploader)
        return rejected

    async def reject_declared_size(
        self, file_name: str, uploader: int | None, size: int
    ) -> UploadRejected | None:
        """Check the size Telegram declares before downloading; the rejection, or None."""
        limit = self.upload_limit
        if size <= limit:
            return None
        return await self.reject(file_name, uploader, too_large_message(size, limit))

    @property
    def upload_limit(self) -> int:
        return min(self.settings.max_upload_bytes, MAX_UPLOAD_CEILING)

    async def upload(
        self, data: bytes, *, file_name: str, uploader: int | None
    ) -> UploadRejected | UploadUnchanged | Preview:
        """Validate an uploaded file; store it as a pending version and preview it, or reject
        it, or (when it holds exactly the live knowledge base) store nothing. Whatever the
        outcome the live knowledge base does not change, and the upload is audited."""
        try:
            kb = await asyncio.to_thread(load_knowledge_base, data, max_bytes=self.upload_limit)
        except KnowledgeValidationError as exc:
            rejected = UploadRejected(file_name, exc.problems)
            await self._audit_rejection(rejected, uploader)
            return rejected
        if kb == self.kb:
            # The live file sent back as it was: a version that changes nothing is clutter.
            live = self.live_version
            await self.store.audit(
                uploader,
                AUDIT_UNCHANGED,
                _clip(f"{file_name}: the same as the live knowledge base ({version_name(live)})"),
            )
            log.info("upload %s by %s: no change, %s is live", file_name, uploader, live)
            return UploadUnchanged(file_name, live)
        # The loader accepted it, so it is UTF-8 (perhaps with a byte-order mark).
        text = data.decode("utf-8").removeprefix("\ufeff")
        digest = _sha256(text)
        base = self.live_version
        diff = diff_knowledge_bases(self.kb, kb)
        reminders = reminder_changes(self.kb, kb, self._clock())
        async with self.store.transaction():
            version_id = await self.store.add_kb_version(text, digest, uploader, diff.summary())
            await self.store.audit(
                uploader,
                AUDIT_UPLOAD,
                _clip(
                    f"{file_name}: accepted as version {version_id} (sha256 {digest[:12]}), "
                    f"{len(data):,} bytes; against {version_name(base)}: {diff.summary()}"
                ),
            )
        log.info("upload %s by %s stored as version %d", file_name, uploader, version_id)
        return Preview(
            version_id=version_id,
            sha256=digest,
            file_name=file_name,
            base_version=base,
            diff=diff,
            reminders=reminders,
            record_count=_record_count(kb),
            was_active=False,
            warnings=suspicious_content(self.kb, kb),
        )

    async def keep_live_file(self, actor: int | None) -> int | None:
        """When the live knowledge base came from a file, store it as a version (unless that
        text is stored already), so that a change made from it can be rolled back to it with
        ``/kb rollback N``; that version's id, or None when the live one is a version."""
        if self.live_version is not None:
            return None
        text = await asyncio.to_thread(dump_yaml, self.kb)
        digest = _sha256(text)
        name = PurePath(self.origin).name or self.origin
        for version in await self.store.kb_versions(50):
            if version.sha256 == digest:
                return version.id
        async with self.store.transaction():
            version_id = await self.store.add_kb_version(
                text, digest, actor, f"the file {name} as it was live, kept to roll back to"
            )
            await self.store.audit(
                actor,
                AUDIT_UPLOAD,
                _clip(
                    f"{name}: the live file kept as version {version_id} (sha256"
                    f" {digest[:12]}) so that a change made from it can be rolled back"
                ),
            )
        return version_id

    async def _audit_rejection(self, rejected: UploadRejected, uploader: int | None) -> None:
        log.info("upload %s by %s rejected: %s", rejected.file_name, uploader, rejected.reason)
        await self.store.audit(
            uploader, AUDIT_REJECTED, _clip(f"{rejected.file_name}: {rejected.reason}")
        )

    # -- preview, activation, rollback, discard --------------------------------------------

    async def preview(self, version_id: int) -> Preview:
        """What activating a stored version would change (for ``/kb rollback N``)."""
        version = await self._version(version_id)
        if version_id == self.live_version:
            raise AlreadyLiveError(version_id)
        kb = await self._load(version)
        return Preview(
            version_id=version.id,
            sha256=version.sha256,
            file_name=None,
            base_version=self.live_version,
            diff=diff_knowledge_bases(self.kb, kb),
            reminders=reminder_changes(self.kb, kb, self._clock()),
            record_count=_record_count(kb),
            was_active=version.activated_at is not None,
            warnings=suspicious_content(self.kb, kb),
        )

    async def activate(
        self,
        version_id: int,
        actor: int | None,
        *,
        expected_base: int | object | None = _DEFAULT,
    ) -> Activation:
        """Make a stored version live (a rollback when it was live before).

        ``expected_base`` is the live version the administrator's preview was made against;
        if the live version changed since, LiveChangedError (preview again). The index is
        built before anything is recorded; the activation, the reminders and the audit entry
        commit together; the swap comes last and is instant.
        """
        async with self._lock:
            if version_id == self.live_version:
                raise AlreadyLiveError(version_id)
            if expected_base is not _DEFAULT and expected_base != self.live_version:
                raise LiveChangedError(cast("int | None", expected_base), self.live_version)
            version = await self._version(version_id)
            kb = await self._load(version)
            now = self._clock()
            previous, old_kb = self.live_version, self.kb
            diff = diff_knowledge_bases(old_kb, kb)
            reminders = reminder_changes(old_kb, kb, now)
            snapshot = await asyncio.to_thread(Snapshot.build_warm, kb) if self._live else None
            rollback = version.activated_at is not None
            async with self.store.serialized("reminders"):  # one process at a time
                await self.store.activate_kb_version(version_id, actor)
                try:
                    synced, report = await self._sync_reminders(kb, now)
                except Exception as exc:
                    # Raising undoes the activation: knowledge and reminders stay in step.
                    log.exception("rescheduling reminders for version %d failed", version_id)
                    raise ReminderSyncError(version_id, exc) from exc
                action = AUDIT_ROLLBACK if rollback else AUDIT_ACTIVATE
                await self.store.audit(
                    actor,
                    action,
                    _clip(
                        f"version {version_id} (sha256 {version.sha256[:12]}) replaces "
                        f"{version_name(previous)}: {diff.summary()}; reminders: "
                        f"{report if synced else 'not synced (no notices module)'}"
                    ),
                )
            self._install(kb, snapshot, version_id)
        log.info(
            "version %d is live (was %s): %s", version_id, version_name(previous), diff.summary()
        )
        return Activation(
            version_id=version_id,
            sha256=version.sha256,
            previous_version=previous,
            diff=diff,
            reminders=reminders,
            rollback=rollback,
            reminders_synced=synced,
            reminder_report=report,
        )

    async def discard(self, version_id: int, actor: int | None) -> bool:
        """Drop a pending upload; False (and nothing changes) if it was ever activated."""
        try:
            deleted = await self.store.discard_kb_version(version_id)
        except RecordNotFoundError:
            raise VersionNotFoundError(version_id) from None
        if deleted:
            await self.store.audit(actor, AUDIT_DISCARD, f"version {version_id}")
        return deleted

    async def _sync_reminders(self, kb: KnowledgeBase, now: dt.datetime) -> tuple[bool, str]:
        sync = self._reminder_sync
        if sync is None:
            return False, ""
        # Inside the activation's transaction: the reminders' rows commit with it or not at all.
        changes = await sync(self.store, kb, self.settings, now)
        return True, _reminder_report(changes)

    def _install(self, kb: KnowledgeBase, snapshot: Snapshot | None, version_id: int) -> None:
        # No await between these two assignments: readers see the version and the
        # knowledge base change together.
        if self._live is not None and snapshot is not None:
            self._live.install(snapshot)
        else:
            self._kb = kb
        self.live_version = version_id
        self.origin = f"version {version_id}"

    async def _version(self, version_id: int) -> KbVersion:
        version = await self.store.kb_version(version_id)
        if version is None:
            raise VersionNotFoundError(version_id)
        return version

    async def _load(self, version: KbVersion) -> KnowledgeBase:
        try:
            return await asyncio.to_thread(
                load_knowledge_base, version.yaml_text or "", max_bytes=MAX_UPLOAD_CEILING
            )
        except KnowledgeValidationError as exc:
            raise VersionUnloadableError(version.id, exc.problems) from exc

    # -- what is live, history, the file, the audit log -------------------------------------

    async def status(self) -> LiveStatus:
        kb = self.kb
        version = None
        if self.live_version is not None:
            version = await self.store.kb_version(self.live_version)
            if version is not None:
                version = dataclasses.replace(version, yaml_text=None)
        counts = {
            "meetings": len(kb.meetings),
            "agenda": len(kb.agenda),
            "resolutions": len(kb.resolutions),
            "paragraphs": len(kb.paragraphs) + sum(len(r.paragraphs) for r in kb.resolutions),
            "documents": len(kb.documents),
            "glossary": len(kb.glossary),
        }
        return LiveStatus(version, self.origin, _record_count(kb), counts)

    async def history(self, limit: int = 10) -> VersionHistory:
        """The latest ``limit`` versions, and the live one even when it is older."""
        recent = tuple(await self.store.kb_versions(limit))
        live = self.live_version
        older_live = None
        if live is not None and all(version.id != live for version in recent):
            stored = await self.store.kb_version(live)
            if stored is not None:
                older_live = dataclasses.replace(stored, yaml_text=None)
        return VersionHistory(recent, live, older_live)

    async def live_yaml(self) -> tuple[str, str]:
        """The live knowledge base as a file an administrator can edit: (file name, text).

        The stored text of the live version (with its comments) when there is one; otherwise
        the live knowledge base written out, which loads back equal.
        """
        version_id = self.live_version
        if version_id is not None:
            version = await self.store.kb_version(version_id)
            if version is not None and version.yaml_text is not None:
                return f"knowledge-base-v{version_id}.yaml", version.yaml_text
        text = await asyncio.to_thread(dump_yaml, self.kb)
        return "knowledge-base.yaml", text

    async def recent_audit(self, limit: int = 20) -> list[AuditEntry]:
        return await self.store.recent_audit(limit)

    # -- activations made elsewhere ---------------------------------------------------------

    async def pick_up_activation(self) -> int | None:
        """Go live with the version activated last in the database, if it is not live yet
        (an activation from the command line); the version id installed, or None."""
        latest = await self.store.latest_kb_activation()
        if latest is None or self._settled(latest.version_id):
            return None
        async with self._lock:
            latest = await self.store.latest_kb_activation()
            if latest is None or self._settled(latest.version_id):
                return None
            version_id = latest.version_id
            try:
                kb = await self._load(await self._version(version_id))
            except KbAdminError as exc:
                self._unloadable.add(version_id)
                log.error(
                    "VERSION %d WAS ACTIVATED ELSEWHERE BUT CANNOT BE LOADED; still answering "
                    "from %s: %s",
                    version_id,
                    version_name(self.live_version),
                    exc,
                )
                return None
            snapshot = await asyncio.to_thread(Snapshot.build_warm, kb) if self._live else None
            previous = self.live_version
            self._install(kb, snapshot, version_id)
        log.info("picked up version %d (was %s)", version_id, version_name(previous))
        return version_id

    def _settled(self, version_id: int) -> bool:
        return version_id == self.live_version or version_id in self._unloadable

    async def watch_activations(self) -> None:
        """Poll for activations made elsewhere until cancelled."""
        while True:
            await asyncio.sleep(self.poll_interval)
            try:
                await self.pick_up_activation()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("looking for a newly activated knowledge base failed")

    def start_watching(self) -> None:
        if self._watcher is None or self._watcher.done():
            self._watcher = asyncio.create_task(
                self.watch_activations(), name="kb-activation-watcher"
            )

    async def stop_watching(self) -> None:
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
