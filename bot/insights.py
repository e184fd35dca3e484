"""Question insights: what delegates asked without getting a confident answer, and the fix.

    insights = Insights(settings, store)
    row = await insights.record("How many people…", "en", result)   # after a free-text answer
    await insights.rate(row, up=False)                               # 👎 under the answer
    await insights.pick(row, "R1.24")                                # a "did you mean" pressed
    report = await insights.report(kb, days=7)                       # /insights
    proposal = await insights.propose_alias(kb_admin, question, "R1.24", actor)

What is kept about a question: its normalised text (``knowledge.normalize``: folded to
Simplified characters, lower case, no punctuation), the interface language, what it got (an
answer, a list of choices, no answer), the record given, the record picked afterwards, the
👍/👎, and the time. Never who asked: no user id, chat id, username or name, nor any other
identifier that links two questions to one person. A question answered by exact addressing
(``R1.24``) is not kept. Rows older than ``DELEGATE_BOT_INSIGHTS_DAYS`` are deleted (at
start, then hourly); 0 keeps nothing.

Insights are the questions without a confident answer — no answer, a list of choices, an answer
someone disliked or corrected with a "did you mean" — grouped by their normalised text, most
asked first, with the record delegates finally picked when there was one.

The fix goes through the same path as an upload (``bot.kbadmin``): the question's key words
become an alias of the chosen record (``knowledge.question_alias``), the new knowledge base is
checked to answer the question with that record, stored as a new version, validated and
previewed as a diff; an administrator activates it with the preview's button, and ``/kb
rollback`` undoes it. When the live knowledge base is a file, it is first kept as a version so
that there is something to roll back to.

Exceptions::

    InsightsError            root
    └── AliasRefusedError    the question cannot be made a way to ask for the record;
                             ``reason``: record, words, already, unhelpful or invalid
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

from bot.config import Settings
from bot.kbadmin import KbAdmin, Preview, UploadRejected, UploadUnchanged, format_problem
from bot.storage import (
    Language,
    NewQuestion,
    QuestionInsight,
    QuestionOutcome,
    Storage,
    StorageError,
)
from knowledge.codec import dump_yaml
from knowledge.models import KnowledgeBase
from knowledge.normalize import normalize
from knowledge.question_alias import (
    QuestionAliasError,
    answers,
    question_alias,
    with_question_alias,
)
from knowledge.search import SearchResult, search

__all__ = [
    "AUDIT_ALIAS",
    "AliasProposal",
    "AliasRefusedError",
    "InsightLine",
    "InsightReport",
    "Insights",
    "InsightsError",
    "RateOutcome",
    "report_text",
]

log = logging.getLogger(__name__)

AUDIT_ALIAS: Final = "insights.alias"
#: Insights listed at most, and records offered for each.
SHOWN_INSIGHTS: Final = 10
SUGGESTIONS: Final = 3
#: The longest question kept (the search reads no more either).
MAX_QUESTION_CHARS: Final = 512
PRUNE_EVERY_SECONDS: Final = 3600.0
#: Questions are written in batches: at least this often, or when this many wait.
FLUSH_SECONDS: Final = 1.0
FLUSH_ROWS: Final = 200
#: Question ids are taken from the database this many at a time: one round trip per block,
#: and never an id another process on the same database gives too.
RESERVED_IDS: Final = 32

RateOutcome = Literal["counted", "already", "gone"]
RefusalReason = Literal["record", "words", "already", "unhelpful", "invalid"]
_OUTCOMES: Final[dict[str, QuestionOutcome]] = {
    "answer": "answered",
    "ambiguous": "choices",
    "none": "no_answer",
    "not_found": "no_answer",
}


class InsightsError(Exception):
    """Root of what this module refuses to do."""


class AliasRefusedError(InsightsError):
    def __init__(self, reason: RefusalReason, message: str) -> None:
        super().__init__(message)
        self.reason: RefusalReason = reason


@dataclass(frozen=True, slots=True)
class InsightLine:
    """One insight and the records an administrator may make it a way to ask for."""

    insight: QuestionInsight
    suggestions: tuple[str, ...]  # record ids: the one delegates picked first


@dataclass(frozen=True, slots=True)
class InsightReport:
    days: int
    lines: tuple[InsightLine, ...]
    liked: int
    disliked: int
    recording: bool  # False: the retention is 0, nothing is recorded


@dataclass(frozen=True, slots=True)
class AliasProposal:
    """A stored, unactivated version that makes ``question`` ask for ``record_id``."""

    question: str
    record_id: str
    names: tuple[str, ...]
    preview: Preview


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Insights:
    """Records questions, ratings and picks; reports insights; proposes the fix.

    Questions are numbered from blocks of ids the database reserves for this process
    (:data:`RESERVED_IDS` at a time, so several processes on one database never give one id
    twice) and written in batches (every :data:`FLUSH_SECONDS`, or sooner when
    :data:`FLUSH_ROWS` wait), so keeping one costs an answer no database round trip but one
    per block; anything that reads or changes a question writes the waiting ones first, and
    :meth:`stop` writes the rest. A crash loses at most the last second of questions.
    """

    def __init__(
        self,
        settings: Settings,
        store: Storage,
        *,
        clock: Callable[[], dt.datetime] = _utc_now,
    ) -> None:
        self.settings = settings
        self.store = store
        self._clock = clock
        self._pruned_at: float | None = None
        self._free_ids: list[int] = []  # reserved in the database, not yet given
        self._waiting: list[NewQuestion] = []
        self._numbering = asyncio.Lock()
        self._writer: asyncio.Task[None] | None = None

    @property
    def recording(self) -> bool:
        return self.settings.insights_days > 0

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Prune what is past the retention and write waiting questions every second."""
        await self.prune()
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_regularly(), name="insights-writer")

    async def stop(self) -> None:
        """Stop the writer and write what is waiting (before the storage closes)."""
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
        await self.flush()

    async def _write_regularly(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_SECONDS)
            try:
                await self.flush()
                if time.monotonic() - (self._pruned_at or 0.0) > PRUNE_EVERY_SECONDS:
                    await self.prune()
            except StorageError:
                log.exception("insights: writing the waiting questions failed")

    async def flush(self) -> None:
        """Write the questions waiting to be written (dropped, logged, if that fails)."""
        waiting, self._waiting = self._waiting, []
        if not waiting:
            return
        try:
            await self.store.record_questions(waiting)
        except StorageError:
            log.exception("insights: %d question(s) could not be kept", len(waiting))

    # -- what delegates do -------------------------------------------------------------------

    async def record(self, question: str, language: Language, result: SearchResult) -> int | None:
        """Keep a free-text question and what it got; the id its buttons carry, or None when
        nothing is kept (recording off, an exact reference, an empty text, a failure: an
        answer never fails because its question could not be kept)."""
        outcome = _OUTCOMES.get(result.status)
        text = normalize(question)[:MAX_QUESTION_CHARS].strip()
        if not self.recording or outcome is None or not text:
            return None
        best = result.best
        answered = best.record.id if outcome == "answered" and best is not None else None
        try:
            question_id = await self._next_id()
        except StorageError:
            log.exception("insights: questions cannot be numbered")
            return None
        self._waiting.append(
            NewQuestion(question_id, text, language, outcome, answered, self._clock())
        )
        if len(self._waiting) >= FLUSH_ROWS:
            await self.flush()
        return question_id

    async def _next_id(self) -> int:
        async with self._numbering:
            if not self._free_ids:
                self._free_ids = await self.store.reserve_question_ids(RESERVED_IDS)
            return self._free_ids.pop(0)

    async def rate(self, question_id: int, *, up: bool) -> RateOutcome:
        """👍 or 👎: counted once per answer."""
        await self.flush()
        if await self.store.rate_answer(question_id, "up" if up else "down"):
            return "counted"
        return "already" if await self.store.question_text(question_id) is not None else "gone"

    async def pick(self, question_id: int, record_id: str) -> None:
        """The record the delegate chose from the choices or a "did you mean"."""
        try:
            await self.flush()
            await self.store.record_pick(question_id, record_id)
        except StorageError:
            log.exception("a pick could not be kept for the insights")

    async def prune(self) -> int:
        """Delete what is older than the retention (everything, when it is 0)."""
        await self.flush()
        days = self.settings.insights_days
        # 0 days: nothing is kept, not even what was asked a moment ago
        if days:
            cutoff = self._clock() - dt.timedelta(days=days)
            cutoff = cutoff.replace(tzinfo=cutoff.tzinfo or dt.UTC)
        else:
            cutoff = dt.datetime.max.replace(tzinfo=dt.UTC)
        removed = await self.store.prune_questions(cutoff)
        self._pruned_at = time.monotonic()
        if removed:
            log.info("insights: %d question(s) older than %d days deleted", removed, self.days)
        return removed

    @property
    def days(self) -> int:
        return self.settings.insights_days

    # -- what administrators see -------------------------------------------------------------

    async def question(self, question_id: int) -> str | None:
        """The normalised text of a recorded question (None once it was pruned)."""
        await self.flush()
        return await self.store.question_text(question_id)

    async def report(self, kb: KnowledgeBase, days: int | None = None) -> InsightReport:
        """The most frequent questions without a confident answer over the last ``days``
        (default: everything kept), each with the records to offer."""
        wanted = self.days if days is None else max(1, min(days, self.days or days))
        since = self._clock() - dt.timedelta(days=wanted)
        await self.flush()
        found = await self.store.question_insights(since, SHOWN_INSIGHTS)
        liked, disliked = await self.store.answer_ratings(since)
        lines = await asyncio.to_thread(_with_suggestions, kb, found)
        return InsightReport(wanted, tuple(lines), liked, disliked, self.recording)

    # -- the fix: a way to ask for a record, through a knowledge-base version ------------------

    async def propose_alias(
        self, kb_admin: KbAdmin, question: str, record_id: str, actor: int | None
    ) -> AliasProposal:
        """Store (not activate) a version in which ``question`` asks for ``record_id``; its
        preview. AliasRefusedError, with nothing stored, when that cannot be or would not
        make the question find the record."""
        kb = kb_admin.kb
        try:
            alias = question_alias(kb, record_id, question)
            changed = with_question_alias(kb, record_id, question)
        except QuestionAliasError as exc:
            raise AliasRefusedError(exc.reason, str(exc)) from exc
        if not await asyncio.to_thread(answers, changed, question, record_id):
            raise AliasRefusedError(
                "unhelpful", f"even with it, {question!r} would not be answered by {record_id}"
            )
        await kb_admin.keep_live_file(actor)
        data = (await asyncio.to_thread(dump_yaml, changed)).encode("utf-8")
        name = f"question for {record_id}: {question[:60]}"
        outcome = await kb_admin.upload(data, file_name=name, uploader=actor)
        if isinstance(outcome, UploadRejected):
            first = format_problem(outcome.problems[0]) if outcome.problems else "not valid"
            raise AliasRefusedError("invalid", first)
        if isinstance(outcome, UploadUnchanged):  # the live base already holds the alias
            raise AliasRefusedError("already", f"{question!r} already asks for {record_id}")
        await self.store.audit(
            actor,
            AUDIT_ALIAS,
            f"“{question[:200]}” as a way to ask for {record_id}: names"
            f" {', '.join(alias.names)[:200]}; version {outcome.version_id}, not yet active",
        )
        return AliasProposal(question, record_id, alias.names, outcome)


def _with_suggestions(kb: KnowledgeBase, found: list[QuestionInsight]) -> list[InsightLine]:
    """For each insight: the record picked, then what the search finds for it now."""
    lines = []
    for insight in found:
        offered = [insight.picked] if insight.picked and insight.picked in kb else []
        for match in search(kb, insight.question).matches:
            if len(offered) >= SUGGESTIONS:
                break
            if match.record.id not in offered:
                offered.append(match.record.id)
        lines.append(InsightLine(insight, tuple(offered)))
    return lines


# == Plain text, for the command line ============================================================


def report_text(report: InsightReport) -> str:
    """The insights as ``delegate-bot insights`` prints them."""
    if not report.recording:
        return "question records are off (DELEGATE_BOT_INSIGHTS_DAYS=0): no question is kept"
    lines = [
        f"questions without a confident answer, last {report.days} days"
        f" (answers rated: {report.liked} up, {report.disliked} down)"
    ]
    if not report.lines:
        lines.append("  none")
    for n, line in enumerate(report.lines, start=1):
        insight = line.insight
        counts = ", ".join(
            f"{label} {count}"
            for label, count in (
                ("no answer", insight.unanswered),
                ("choices", insight.choices),
                ("disliked", insight.disliked),
                ("another picked", insight.repicked),
            )
            if count
        )
        lines.append(f"{n:>3}. {insight.asked}×  {insight.question}  ({counts})")
        if insight.picked:
            lines.append(f"       picked: {insight.picked}")
        if line.suggestions:
            lines.append(f"       could point to: {', '.join(line.suggestions)}")
    lines.append('make one a way to ask for a record: delegate-bot insights add ID "QUESTION"')
    lines.append("(only the normalised question, language, outcome and time are kept)")
    return "\n".join(lines)
