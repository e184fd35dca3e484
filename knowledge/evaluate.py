"""Search accuracy on a set of delegate queries (``delegate-bot eval FILE``).

A query set is YAML: a list of ``{id, query, lang, kind, expect_any}``; a first answer is
correct when its ``answer_text`` contains one of ``expect_any``, compared with all whitespace
removed on both sides. A trailing ``# typo: X→Y`` comment on a query line marks a deliberate
misspelling (``load_queries`` reads it; an explicit ``typo: true`` key works too).

The report gives accuracy@1 (the answer is right; ``none`` counts as wrong) and accuracy@3
(a right record among the first three shown, the answer or its alternatives), overall and per
language, kind and typo, and lists the misses.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from knowledge.models import KnowledgeBase
from knowledge.render_text import composed_text
from knowledge.search import SearchResult, answer_text, search, warm_up
from knowledge.search_index import index_for

__all__ = ["EvalCase", "EvalReport", "Outcome", "evaluate", "format_report", "load_queries"]

_TYPO_COMMENT = re.compile(r"^\s*-?\s*query:\s*(.+?)\s+#\s*typo:\s*(.+)$")


@dataclass(frozen=True, slots=True)
class EvalCase:
    id: str
    query: str
    lang: str
    kind: str
    expect_any: tuple[str, ...]
    typo: str = ""  # "X→Y" when the query misspells on purpose
    expect_none: bool = False  # the report cannot answer it: right when there is no answer


@dataclass(frozen=True, slots=True)
class Outcome:
    case: EvalCase
    status: str
    first: str  # id of the first answer ("" when there is none)
    first_text: str
    hit_at_1: bool
    hit_at_3: bool
    seconds: float


@dataclass(frozen=True, slots=True)
class EvalReport:
    outcomes: tuple[Outcome, ...]

    def accuracy(self, at: int, cases: Iterable[Outcome] | None = None) -> tuple[int, int]:
        chosen = list(self.outcomes if cases is None else cases)
        hits = sum(1 for o in chosen if (o.hit_at_1 if at == 1 else o.hit_at_3))
        return hits, len(chosen)

    @property
    def misses(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.hit_at_1)

    @property
    def confidently_wrong(self) -> tuple[Outcome, ...]:
        """Misses given as an answer, without "did you mean" choices: the answers a reader
        has no reason to doubt (an answer to a question the report cannot answer included)."""
        return tuple(o for o in self.misses if o.status in _CONFIDENT)


# The statuses that give one answer as the answer ("ambiguous" offers choices; "none" and
# "not_found" give none).
_CONFIDENT = frozenset({"answer", "exact"})


def _squash(text: str) -> str:
    return "".join(text.split())


def load_queries(text: str) -> list[EvalCase]:
    """Parse a query-set YAML text, reading the ``# typo:`` comments YAML itself drops."""
    typos: dict[str, str] = {}
    for line in text.splitlines():
        match = _TYPO_COMMENT.match(line)
        if match:
            query = yaml.safe_load(match.group(1))
            if isinstance(query, str):
                typos[query] = match.group(2).strip()
    data = yaml.safe_load(text) or []
    return [_case(item, typos) for item in data]


def _case(item: Mapping[str, Any], typos: Mapping[str, str]) -> EvalCase:
    query = str(item["query"])
    typo = item.get("typo", typos.get(query, ""))
    return EvalCase(
        id=str(item.get("id", query)),
        query=query,
        lang=str(item.get("lang", "")),
        kind=str(item.get("kind", "")),
        expect_any=tuple(str(e) for e in item.get("expect_any", ())),
        typo="yes" if typo is True else str(typo or ""),
        expect_none=bool(item.get("expect_none", False)),
    )


def first_answer_text(kb: KnowledgeBase, result: SearchResult) -> str:
    """What the first answer says: a structured answer whole, or the best record's text."""
    if result.status in ("none", "not_found", "smalltalk"):
        return ""
    if result.composed is not None:
        return composed_text(kb, result.composed)
    best = result.best
    return answer_text(kb, best.record) if best is not None else ""


def no_answer(result: SearchResult) -> bool:
    """A plain "the report doesn't say": no answer was given, or a structured "No" that says
    the report does not list it ("did Kenya speak?" — "No: Kenya is not among the speakers
    the report lists")."""
    if result.status in ("none", "not_found"):
        return True
    composed = result.composed
    return composed is not None and composed.verdict == "no" and composed.intent == "spoke"


def _hit(kb: KnowledgeBase, case: EvalCase, result: SearchResult, at: int) -> bool:
    if case.expect_none:
        return no_answer(result)
    expected = [_squash(e) for e in case.expect_any]
    first = _squash(first_answer_text(kb, result))
    if first and any(e in first for e in expected):
        return True
    if at == 1:
        return False
    for match in result.matches[:at]:
        text = _squash(answer_text(kb, match.record))
        if any(e in text for e in expected):
            return True
    return False


def evaluate(
    kb: KnowledgeBase, queries: Sequence[Mapping[str, Any] | EvalCase] | str
) -> EvalReport:
    """Run every query; ``queries`` is a query-set YAML text or its parsed items."""
    cases = (
        load_queries(queries)
        if isinstance(queries, str)
        else [q if isinstance(q, EvalCase) else _case(q, {}) for q in queries]
    )
    # built and warmed up once, outside the timings, as a running bot does at start
    warm_up(index_for(kb), kb)
    outcomes = []
    for case in cases:
        started = time.perf_counter()
        result = search(kb, case.query, limit=5)
        elapsed = time.perf_counter() - started
        best = result.best
        outcomes.append(
            Outcome(
                case=case,
                status=result.status,
                first=best.record.id if best else "",
                first_text=first_answer_text(kb, result),
                hit_at_1=_hit(kb, case, result, 1),
                hit_at_3=_hit(kb, case, result, 3),
                seconds=elapsed,
            )
        )
    return EvalReport(tuple(outcomes))


def _line(label: str, report: EvalReport, cases: list[Outcome]) -> str:
    h1, n = report.accuracy(1, cases)
    h3, _ = report.accuracy(3, cases)
    if n == 0:
        return f"  {label:<14} {'-':>14}"
    return (
        f"  {label:<14} {h1:>3}/{n:<3} {100 * h1 / n:5.1f}%   {h3:>3}/{n:<3} {100 * h3 / n:5.1f}%"
    )


def format_report(report: EvalReport) -> str:
    outcomes = list(report.outcomes)
    lines = [
        f"  {'':<14} {'accuracy@1':>14}   {'accuracy@3':>14}",
        _line("overall", report, outcomes),
    ]
    for title, key in (("language", "lang"), ("kind", "kind")):
        lines.append(f"by {title}:")
        for value in sorted({getattr(o.case, key) for o in outcomes}):
            lines.append(
                _line(value, report, [o for o in outcomes if getattr(o.case, key) == value])
            )
    unanswerable = [o for o in outcomes if o.case.expect_none]
    if unanswerable:
        plain = sum(1 for o in unanswerable if o.hit_at_1)
        lines.append(
            f'unanswerable: {plain}/{len(unanswerable)} got a plain "the report doesn\'t say"'
            f" ({100 * plain / len(unanswerable):.1f}%)"
        )
    answerable = [o for o in outcomes if not o.case.expect_none]
    if unanswerable and answerable:
        lines.append(_line("answerable", report, answerable))
    if outcomes:
        confident = len(report.confidently_wrong)
        lines.append(
            f"confidently wrong: {confident}/{len(outcomes)}"
            f" ({100 * confident / len(outcomes):.1f}%) answered without choices, and wrong"
        )
    lines.append("by typo:")
    lines.append(_line("typo", report, [o for o in outcomes if o.case.typo]))
    lines.append(_line("no typo", report, [o for o in outcomes if not o.case.typo]))
    if outcomes:
        times = sorted(o.seconds for o in outcomes)
        p50 = times[len(times) // 2] * 1000
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))] * 1000
        lines.append(f"latency: p50 {p50:.2f} ms, p99 {p99:.2f} ms over {len(times)} queries")
    misses = report.misses
    lines.append(f"misses ({len(misses)}):")
    for outcome in misses:
        case = outcome.case
        first = " ".join(outcome.first_text.split())[:70]
        lines.append(f"  {case.id} [{case.lang}/{case.kind}] {case.query}")
        expected = "no answer" if case.expect_none else " | ".join(case.expect_any)[:80]
        lines.append(f"      expected: {expected}")
        lines.append(
            f"      got: {outcome.status} {outcome.first or '-'}"
            + (f" {first}" if first else "")
            + ("" if not outcome.hit_at_3 else "  (right one in top 3)")
        )
    return "\n".join(lines)
