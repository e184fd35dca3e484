"""What a search returns: the status, the records matched and why, and for questions
about structure or the report's silence what was composed or is not said.

``composed_result`` and ``addressed_result`` build the results of the two paths that bypass
ranking: a structured answer composed from records, and a record named by its reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.answers import Composed
from knowledge.citations import citing_records
from knowledge.models import KnowledgeBase, Record
from knowledge.references import ReferenceResolution
from knowledge.smalltalk import SmallTalk

__all__ = ["Match", "SearchResult", "Status", "addressed_result", "composed_result"]

Status = Literal["exact", "answer", "ambiguous", "none", "not_found", "smalltalk"]


@dataclass(frozen=True, slots=True)
class Match:
    record: Record
    score: float  # 0..100
    why: str  # e.g. "reference R1.24", "alias Hungary → 匈牙利; terms 数字鸿沟, 性别"


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    status: Status
    matches: tuple[Match, ...]  # best first; for none/not_found these are suggestions
    hint: str = ""
    # a question about structure answered from records ("who chaired", "did China speak");
    # with status none, what the report does not say and the nearest facts it does
    composed: Composed | None = None
    small_talk: SmallTalk | None = None
    # with status none: the search decided the report does not state what is asked (a key
    # term it never mentions, a kind of fact no candidate gives), not merely that nothing
    # matched well; the matches are then only the nearest passages
    silent: bool = False

    @property
    def best(self) -> Match | None:
        """The answer; None when there is none (status ``none`` or ``not_found``)."""
        if self.status in ("none", "not_found", "smalltalk") or not self.matches:
            return None
        return self.matches[0]

    @property
    def alternatives(self) -> tuple[Match, ...]:
        """ "Did you mean" for an answer; the suggestions when there is no answer."""
        if self.status in ("none", "not_found"):
            return self.matches
        return self.matches[1:]


def composed_result(query: str, composed: Composed, limit: int, lacking: str = "") -> SearchResult:
    """A structured answer: its records are the matches (for buttons and "did you mean");
    the report not saying is no answer, its nearest facts suggestions. ``lacking``: the kind
    of fact asked that the answer does not give (a vote count of an election) — then the
    answer's records are only the nearest passages."""
    why = f"structured {composed.intent}"
    matches = tuple(Match(record, 100.0, why) for record in composed.records[: max(limit, 1)])
    if lacking:
        hint = f"the report does not say ({lacking} not given)"
        return SearchResult(query, "none", matches, hint, silent=True)
    if composed.verdict == "unknown":
        hint = "the report does not say"
        return SearchResult(query, "none", matches, hint, composed, silent=True)
    return SearchResult(query, "answer", matches, "", composed)


def addressed_result(
    kb: KnowledgeBase, query: str, references: ReferenceResolution, limit: int
) -> SearchResult:
    primary = references.primary
    if not primary.found and primary.kind == "document":
        # A/RES/70/125 is what the report calls 大会第 70/125 号决议
        citing = citing_records(kb, primary.requested)
        if len(citing) == 1:
            return SearchResult(
                query, "exact", (Match(citing[0], 95.0, f"cites {primary.requested}"),)
            )
        if citing:
            cited = tuple(Match(r, 90.0, f"cites {primary.requested}") for r in citing[:limit])
            hint = f"{primary.requested} is cited in " + ", ".join(r.id for r in citing)
            return SearchResult(query, "ambiguous", cited, hint)
    if not primary.found:
        suggestions = tuple(
            Match(record, 0.0, f"nearest to {primary.requested}")
            for record in primary.suggestions[:limit]
        )
        return SearchResult(query, "not_found", suggestions, primary.hint)
    records = list(primary.records)
    if primary.exact or len(records) == 1:
        matches = [Match(records[0], 100.0, primary.why)]
        for record in records[1:limit]:
            matches.append(Match(record, 90.0, primary.why))
        for other in references.references:
            if other is primary or not other.found or other.kind == "session":
                continue
            if len(matches) < limit and all(m.record.id != other.records[0].id for m in matches):
                matches.append(Match(other.records[0], 95.0, other.why))
        return SearchResult(query, "exact", tuple(matches[:limit]))
    matches = [Match(record, 90.0, primary.why) for record in records[:limit]]
    hint = f"{primary.requested} exists in several places: " + ", ".join(r.id for r in records)
    return SearchResult(query, "ambiguous", tuple(matches), hint)
