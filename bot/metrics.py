"""What the bot measures about itself, in Prometheus's terms (the official ``prometheus_client``).

One :class:`Metrics` per Application, on its own ``CollectorRegistry`` (never the library's
global one, so several bots in one process — tests — do not share figures)::

    metrics = Metrics(commands=["agenda", "res"])
    metrics.update_handled("agenda", 0.004)          # each update, with its handling time
    metrics.answered("exact")                        # each search answer, by outcome
    metrics.api_call("sendMessage", 429)             # each Bot API call, by method and status
    await metrics.refresh(store, kb_version=3, kb_records=286)   # before each scrape
    body = metrics.render()                          # Prometheus text format

Counters and the histogram are updated where things happen (cheap: a dictionary look-up and
an addition under a lock). The figures that live in the database — notices and deliveries by
state, the queue depth — are read in one query when ``/metrics`` is scraped, so they are
right even when another process (``delegate-bot notice send``) changed them.

Label values are bounded: commands the bot does not know are counted as ``unknown``, Bot API
methods that are not a plain name as ``other``, so a user typing ``/x1``, ``/x2`` … cannot
grow the number of series.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from typing import Final

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric

from bot.storage import OperationalCounts, Storage

__all__ = ["ANSWER_OUTCOMES", "CONTENT_TYPE", "Metrics"]

#: Prometheus's text format, as the library names it.
CONTENT_TYPE: Final = CONTENT_TYPE_LATEST
#: Search answers: an exact reference, an answer, "did you mean" choices, nothing; and small
#: talk (a greeting, thanks: answered without a search, so neither a hit nor a miss).
ANSWER_OUTCOMES: Final = ("exact", "answer", "choices", "none", "smalltalk")
_OUTCOME_OF_STATUS: Final = {
    "exact": "exact",
    "answer": "answer",
    "ambiguous": "choices",
    "none": "none",
    "not_found": "none",
    "smalltalk": "smalltalk",
}
#: Update kinds that are not commands (see ``bot.app.update_kind``).
UPDATE_KINDS: Final = ("text", "callback", "inline", "member", "document", "other")
#: Seconds: from 1 ms (an answer from memory) to 10 s (a Bot API call timing out).
LATENCY_BUCKETS: Final = (
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
)
NOTICE_STATES: Final = ("draft", "scheduled", "sending", "done", "stopped", "cancelled", "dropped")
DELIVERY_STATES: Final = ("pending", "claimed", "sent", "blocked", "failed", "skipped")
_API_METHOD = re.compile(r"[A-Za-z]{1,48}")


class Metrics:
    """The bot's metrics and the registry that exposes them."""

    def __init__(self, commands: Iterable[str] = ()) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        # process_start_time_seconds, CPU seconds, resident memory, open files (on Linux)
        ProcessCollector(registry=self.registry)
        self._commands: frozenset[str] = frozenset()
        self._updates = Counter(
            "delegate_bot_updates",
            "Telegram updates handled, by command (or text, callback, inline …)",
            ["command"],
            registry=self.registry,
        )
        self._answers = Counter(
            "delegate_bot_answers",
            "Search answers, by outcome: exact reference, answer, did-you-mean choices, none;"
            " smalltalk (greetings, thanks: no search)",
            ["outcome"],
            registry=self.registry,
        )
        self._latency = Histogram(
            "delegate_bot_answer_latency_seconds",
            "Time from an update reaching the bot to its handling (and reply) being done",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._api_calls = Counter(
            "delegate_bot_telegram_api_calls",
            "Bot API calls, by method and HTTP status (timeout / network: no answer)",
            ["method", "status"],
            registry=self.registry,
        )
        self._sent = Counter(
            "delegate_bot_notice_messages_sent",
            "Notice messages Telegram accepted; paid=true: as paid broadcasts (charged in Stars)",
            ["paid"],
            registry=self.registry,
        )
        self._http = Counter(
            "delegate_bot_http_requests",
            "Requests to the bot's own HTTP server, by route and status",
            ["route", "status"],
            registry=self.registry,
        )
        start = Gauge(
            "delegate_bot_start_time_seconds",
            "When this bot process started (Unix time)",
            registry=self.registry,
        )
        start.set(time.time())
        self._state = _StateCollector()
        self.registry.register(self._state)
        # Every known series exists from the start (at 0), so rates work from the first scrape.
        self._answer_children = {o: self._answers.labels(o) for o in ANSWER_OUTCOMES}
        self._sent_children = {p: self._sent.labels(str(p).lower()) for p in (False, True)}
        self._update_children: dict[str, Counter] = {}
        self._api_children: dict[tuple[str, str], Counter] = {}
        self.know_commands(commands)

    def know_commands(self, commands: Iterable[str]) -> None:
        """The bot's commands: counted by name (any other command word as ``unknown``)."""
        self._commands = self._commands | {c.lower() for c in commands}
        for command in (*sorted(self._commands), *UPDATE_KINDS, "unknown"):
            self._updates.labels(command)

    # == Updated where things happen =============================================================

    def update_handled(self, kind: str, seconds: float) -> None:
        """One update of ``kind`` (a command word, or text/callback/…) took ``seconds``."""
        child = self._update_children.get(kind)
        if child is None:
            known = kind in self._commands or kind in UPDATE_KINDS
            child = self._updates.labels(kind if known else "unknown")
            if known:  # unknown words all share one child; do not remember each of them
                self._update_children[kind] = child
        child.inc()
        self._latency.observe(seconds)

    def answered(self, status: str) -> None:
        """A search answered with ``status`` (``knowledge.search.Status``)."""
        self._answer_children[_OUTCOME_OF_STATUS.get(status, "none")].inc()

    def api_call(self, method: str, status: int | str) -> None:
        """A Bot API call ended with an HTTP status, or ``timeout`` / ``network``."""
        key = (method, str(status))
        child = self._api_children.get(key)
        if child is None:
            name = method if _API_METHOD.fullmatch(method) else "other"
            child = self._api_calls.labels(name, key[1])
            if len(self._api_children) < 1024:
                self._api_children[key] = child
        child.inc()

    def notice_sent(self, paid: bool) -> None:
        """Telegram accepted a notice message (``paid``: as a paid broadcast)."""
        self._sent_children[paid].inc()

    def http_request(self, route: str, status: int) -> None:
        self._http.labels(route, str(status)).inc()

    # == Read at scrape time =====================================================================

    async def refresh(
        self, store: Storage | None, *, kb_version: int | None, kb_records: int
    ) -> None:
        """Read the database's figures for the next :meth:`render`."""
        counts = await store.operational_counts() if store is not None else None
        self._state.set(counts, kb_version, kb_records)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _StateCollector:
    """Gauges read from the database at scrape time (a custom collector: its series are
    exactly the latest figures, nothing stale is left behind)."""

    def __init__(self) -> None:
        self._counts: OperationalCounts | None = None
        self._kb_version: int | None = None
        self._kb_records = 0

    def set(self, counts: OperationalCounts | None, kb_version: int | None, records: int) -> None:
        self._counts = counts
        self._kb_version = kb_version
        self._kb_records = records

    def describe(self) -> Iterator[Metric]:
        return self._families(None)

    def collect(self) -> Iterator[Metric]:
        return self._families(self._counts)

    def _families(self, counts: OperationalCounts | None) -> Iterator[Metric]:
        notices = GaugeMetricFamily(
            "delegate_bot_notices", "Notices by state (database)", labels=["state"]
        )
        deliveries = GaugeMetricFamily(
            "delegate_bot_deliveries",
            "Notice deliveries (one per notice and recipient) by state (database)",
            labels=["state"],
        )
        if counts is not None:
            for state in NOTICE_STATES:
                notices.add_metric([state], counts.notices.get(state, 0))
            for state in DELIVERY_STATES:
                deliveries.add_metric([state], counts.deliveries.get(state, 0))
        yield notices
        yield deliveries
        depth = None
        if counts is not None:
            depth = counts.deliveries.get("pending", 0) + counts.deliveries.get("claimed", 0)
        yield GaugeMetricFamily(
            "delegate_bot_delivery_queue_depth",
            "Deliveries waiting or in flight (pending + claimed)",
            value=depth,
        )
        yield GaugeMetricFamily(
            "delegate_bot_knowledge_base_version",
            "The live knowledge base: its stored version id (0: the file the bot started from)",
            value=float(self._kb_version or 0),
        )
        yield GaugeMetricFamily(
            "delegate_bot_knowledge_base_records",
            "Records in the live knowledge base",
            value=float(self._kb_records),
        )
