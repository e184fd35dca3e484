"""The knowledge base the bot answers from right now, and its search index.

Readers take one :class:`Snapshot` (``live.current``) and use its ``kb`` and ``index``
together; :meth:`LiveKnowledge.replace` builds the new index first and then swaps the single
reference, so a reader sees either the old pair or the new pair, never a mix, and never waits.

Searches run here too, so that handlers never touch the search engine's internals: short
queries are answered on the event loop (0.1–1.2 ms, 0.7 ms on average for the development
queries) and remembered per snapshot; long ones (over 64 characters: up to about 3 ms at the
512-character cap) run in a worker thread so a pasted page of text cannot stall other users.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

from bot.config import MAX_UPLOAD_CEILING
from bot.storage import StorageError
from knowledge.errors import KnowledgeError
from knowledge.loader import load_knowledge_base
from knowledge.models import KnowledgeBase
from knowledge.search import SearchResult, search_in, warm_up
from knowledge.search_index import SearchIndex, build_index

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.storage import Storage

log = logging.getLogger(__name__)

#: Queries longer than this (in characters) are searched in a worker thread.
THREAD_QUERY_CHARS: Final = 64
#: The longest query searched; the rest of a longer message is ignored.
MAX_QUERY_CHARS: Final = 512


#: Recent answers kept per snapshot: during a session delegates ask the same things again
#: and again, and an immutable knowledge base gives the same answer every time. 0 turns the
#: memory off (the benchmark does, to measure searching itself).
CACHED_SEARCHES = 2048


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A knowledge base and the index built from it (always used together)."""

    kb: KnowledgeBase
    index: SearchIndex
    _recent: OrderedDict[tuple[str, int, str | None], SearchResult] = field(
        default_factory=OrderedDict, compare=False, repr=False
    )

    @classmethod
    def build(cls, kb: KnowledgeBase) -> Snapshot:
        """The knowledge base with its index (see :meth:`warm_up` for the rest)."""
        return cls(kb, build_index(kb))

    @classmethod
    def build_warm(cls, kb: KnowledgeBase) -> Snapshot:
        """:meth:`build`, then :meth:`warm_up`: for a knowledge base about to replace one that
        delegates are using, so that none of them waits once it is in place."""
        snapshot = cls.build(kb)
        snapshot.warm_up()
        return snapshot

    def warm_up(self) -> None:
        """Build what the first question would otherwise wait for: the dictionary (read once
        per process, a second or two) and this knowledge base's tables of names. Slow: call it
        off the event loop."""
        warm_up(self.index, self.kb)

    def search(self, query: str, *, limit: int = 5, within: str | None = None) -> SearchResult:
        return search_in(self.index, self.kb, query[:MAX_QUERY_CHARS], limit=limit, within=within)

    def remembered_search(
        self, query: str, *, limit: int = 5, within: str | None = None
    ) -> SearchResult:
        """:meth:`search`, answering a repeated question from memory (event-loop thread only)."""
        key = (query[:MAX_QUERY_CHARS], limit, within)
        recent = self._recent
        result = recent.get(key)
        if result is not None:
            recent.move_to_end(key)
            return result
        result = self.search(query, limit=limit, within=within)
        # "next meeting" depends on the clock: asked again, it is answered again
        timely = result.composed is not None and result.composed.intent == "time"
        if CACHED_SEARCHES > 0 and not timely:
            recent[key] = result
            if len(recent) > CACHED_SEARCHES:
                recent.popitem(last=False)
        return result


class LiveKnowledge:
    """Holds the current snapshot; swapping it is one assignment (atomic for readers)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._current = snapshot
        self._warming: asyncio.Task[None] | None = None

    def warm_up_soon(self) -> None:
        """Warm the current snapshot up in a worker thread, without waiting: a process starts
        answering (and reports itself healthy) at once, and the first question a moment
        later finds everything built."""
        if self._warming is None:
            self._warming = asyncio.create_task(
                asyncio.to_thread(self._current.warm_up), name="warm-up search"
            )

    async def close(self) -> None:
        """Wait for a warm-up still running (a thread cannot be stopped half-way)."""
        if self._warming is not None:
            await asyncio.gather(self._warming, return_exceptions=True)
            self._warming = None

    @classmethod
    def of(cls, kb: KnowledgeBase) -> LiveKnowledge:
        return cls(Snapshot.build(kb))

    @property
    def current(self) -> Snapshot:
        return self._current

    @property
    def kb(self) -> KnowledgeBase:
        return self._current.kb

    def replace(self, kb: KnowledgeBase) -> Snapshot:
        """Build the index of ``kb`` (slow), then make it current (instant)."""
        snapshot = Snapshot.build(kb)
        self._current = snapshot
        return snapshot

    def install(self, snapshot: Snapshot) -> None:
        """Make an already built snapshot current (instant): for callers that must build the
        index before they commit to the swap, such as an activation that first records itself
        in the database."""
        self._current = snapshot

    async def replace_async(self, kb: KnowledgeBase) -> Snapshot:
        """:meth:`replace` with the index built in a worker thread."""
        snapshot = await asyncio.to_thread(Snapshot.build_warm, kb)
        self._current = snapshot
        return snapshot

    async def search(
        self, query: str, *, limit: int = 5, within: str | None = None
    ) -> tuple[Snapshot, SearchResult]:
        """Search the current snapshot; returns the snapshot too, to render against it."""
        snapshot = self._current
        warming = self._warming is not None and not self._warming.done()
        if len(query) > THREAD_QUERY_CHARS or warming:
            # a long question, or one asked while the warm-up reads the dictionary: in a
            # worker thread, so that the other chats are answered meanwhile
            result = await asyncio.to_thread(snapshot.search, query, limit=limit, within=within)
        else:
            result = snapshot.remembered_search(query, limit=limit, within=within)
        return snapshot, result


def read_knowledge_base(path: Path) -> KnowledgeBase:
    """Load and validate a knowledge-base YAML file (raises ``KnowledgeError``)."""
    return load_knowledge_base(path.read_bytes())


@dataclass(frozen=True, slots=True)
class InitialKnowledge:
    """The live knowledge base, the stored version it is (None: read from a file), where it
    came from, and the stored YAML text of that version (None for a file)."""

    kb: KnowledgeBase
    version_id: int | None
    origin: str
    yaml_text: str | None = None


async def live_knowledge_base(
    settings: Settings, store: Storage | None = None
) -> InitialKnowledge:
    """The knowledge base the running bot serves: the latest activated version in the
    database, else ``Settings.kb_path`` or the bundled file.

    Every reader uses this one function: the bot when it starts, and on the command line
    ``kb show``, ``ask``, ``eval``, ``notice send``, the ``kb`` administration and the
    console. ``store`` is an open database; without one, ``Settings.db_path`` is opened if it
    exists (reading creates no database). An upload activated by an administrator thus
    survives restarts and rebuilt containers. A stored version that no longer loads (written
    for a newer schema, say) is logged loudly and skipped: the file is used rather than
    nothing.
    """
    if store is None and (settings.db_url is not None or settings.db_path.exists()):
        from bot.storage import Storage

        async with await Storage.open(settings.database) as opened:
            return await live_knowledge_base(settings, opened)
    if store is not None:
        stored = await _load_active_version(settings, store)
        if stored is not None:
            return stored
    path = settings.knowledge_base_path
    kb = await asyncio.to_thread(read_knowledge_base, path)
    log.info("knowledge base loaded from %s: %d records", path, sum(1 for _ in kb.records()))
    return InitialKnowledge(kb, None, str(path))


async def _load_active_version(settings: Settings, store: Storage) -> InitialKnowledge | None:
    try:
        version = await store.active_kb_version()
    except StorageError:
        log.exception("cannot read the active knowledge-base version; using the file instead")
        return None
    if version is None or version.yaml_text is None:
        return None
    try:
        # Stored versions passed the upload limit of their day; read them whatever it is now.
        kb = await asyncio.to_thread(
            load_knowledge_base, version.yaml_text, max_bytes=MAX_UPLOAD_CEILING
        )
    except KnowledgeError as exc:
        log.error(
            "THE ACTIVE KNOWLEDGE-BASE VERSION %d CANNOT BE LOADED; starting on %s instead. "
            "Fix it with an upload or `delegate-bot kb rollback`. The problem: %s",
            version.id,
            settings.knowledge_base_path,
            exc,
        )
        with contextlib.suppress(StorageError):
            await store.audit(
                None, "kb.load_failed", f"version {version.id} does not load: {str(exc)[:300]}"
            )
        return None
    log.info(
        "knowledge base loaded from database version %d: %d records",
        version.id,
        sum(1 for _ in kb.records()),
    )
    return InitialKnowledge(kb, version.id, f"version {version.id}", version.yaml_text)
