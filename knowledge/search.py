"""Search: a delegate's query → ranked records, each with the reason it matched.

A query goes through, in order:

1. **Exact addressing** (``knowledge.references``): ``R1.24``, ``决议草案二 (a)(三)``,
   ``agenda item 3(a)``, ``第二次会议``, ``E/CN.16/2020/2``… A query that is nothing but a
   reference resolves to the record with certainty (status ``exact``), or says that the record
   does not exist and offers the nearest real ones (``not_found``). A reference inside other
   words ("第3次会议 儿童和青年 发言") narrows the free-text search to what it names.
2. **Query understanding** (``knowledge.query``): the query is folded like the index
   (``normalize``); Latin-script words are spelling-corrected against the glossary's
   vocabulary and expanded through the aliases and the glossary into the report's Chinese
   wording; question words are dropped; what it asks of structured records is noted.
3. **Candidate retrieval** over the bigram index (``knowledge.search_index``), BM25-weighted.
4. **Re-ranking** of the candidates: how much of each part of the query a record covers
   (weighted by rarity), rapidfuzz ``partial_ratio`` for typing errors in Chinese phrases, and
   what the query says about structured records (the session it names, the role it asks
   about — 主席 is not 副主席 —, a postponed election).
5. **Confidence**: a clear winner is an ``answer``; a close call is ``ambiguous`` (the winner
   and "did you mean" alternatives); a weak best match is ``none`` — its alternatives are
   suggestions, never an answer.

Everything here is pure and the index is immutable, so ``search`` is safe to call from any
number of threads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from knowledge.answers import compose
from knowledge.answers.entities import capitals_spelled_out, names_heard_right
from knowledge.answers.report import asks_which_chapter, chapter_of, chapter_topic
from knowledge.asked import (
    lacks_beyond_records,
    lacks_what_is_asked,
    lacks_what_was_said,
    what_was_reported,
)
from knowledge.asker import without_asker
from knowledge.compound import first_ask
from knowledge.keyterms import held_apart, key_terms, veto
from knowledge.models import (
    BureauMember,
    KnowledgeBase,
    Meeting,
    Paragraph,
    Record,
    Resolution,
    Session,
)
from knowledge.naming import (
    asked_by_an_alias,
    names_one_document,
    names_paragraphs,
    names_what_is_absent,
)
from knowledge.neighbours import asked_neighbour, neighbour
from knowledge.normalize import folded_question, mandarin_wording
from knowledge.query import (
    RESOLUTION_NUMBER,
    Query,
    heard_right,
    mended,
    spelled_right,
    understand,
)
from knowledge.references import (
    ReferenceResolution,
    expand_shorthand,
    resolution_by_subject,
    resolve_reference,
    subject_words_left,
)
from knowledge.render_text import answer_text, format_result
from knowledge.results import Match, SearchResult, Status, addressed_result, composed_result
from knowledge.search_index import (
    KIND_CODES,
    WEIGHT_SCALE,
    Postings,
    SearchIndex,
    build_index,
    index_for,
)
from knowledge.smalltalk import small_talk
from knowledge.wording import english_wording

__all__ = [
    "Match",
    "SearchIndex",
    "SearchResult",
    "Status",
    "answer_text",
    "build_index",
    "format_result",
    "search",
    "search_in",
    "warm_up",
]

# Thresholds on the 0..100 score (what share of the query a record covers, weighted by rarity,
# with a fifth for covering it as written). Measured on the development queries and on some
# 150 more written for testing: right first answers scored 55 or more, while queries about
# things the report does not cover (weather, hotels, football) scored 42 or less.
ANSWER_THRESHOLD = 45.0
# A long question is never covered as a short one is: every word of it the report puts
# otherwise (a paraphrase, an English word without a Chinese term in the report) counts
# against it. From LONG_QUESTION clauses on, a leader under the threshold is offered among
# choices ("did you mean") down to a floor that drops with each further clause.
LONG_QUESTION = 8
LONG_QUESTION_STEP = 2.5
LONG_QUESTION_FLOOR = 35.0
# A leader under the threshold that stands far above every other record (the next unrelated
# one under STANDOUT_RATIO of its score) is offered among choices from STANDOUT_FLOOR on: one
# passage holds the question's rare words, the rest of the question is put otherwise.
STANDOUT_FLOOR = 35.0
STANDOUT_RATIO = 0.6
STANDOUT_LENGTH = 12  # Chinese characters and English words
# Two unrelated records closer than this are a close call ("did you mean"): at 5 points
# rather than 3, 16 fewer wrong answers given as the answer across the development and kept-
# aside sets, for 27 right ones offered first among choices instead.
AMBIGUITY_GAP = 5.0
CANDIDATES = 80  # retrieved by BM25
# what a question naming a resolution adds to its own paragraphs (to records about it: none)
OWN_PARAGRAPH_BOOST = 1.3
# what a reference to any other record adds to the records related to it
RELATED_BOOST = 1.2
# what a resolution named by its subject alone ("the WSIS resolution") adds to its paragraphs
SUBJECT_BOOST = 1.15
# what a meeting's record or a list of speakers keeps of its score for a question that asks
# about no meeting, speaker or day of the session
PROCEEDINGS_UNASKED = 0.85
RERANKED = 16  # re-ranked with phrase and fuzzy matching

# ---------------------------------------------------------------------------------------------
# Scoring


# What a record must state to answer "how many …" and "why …".
_COUNTED = re.compile(r"\d+(?:\.\d+)?(?:次|个|项|名|人|%|亿|万|年)")
_CAUSE = re.compile(r"由于|因为|鉴于|原因是")


@dataclass(slots=True)
class _Terms:
    """Every distinct term of a query, and where each occurs: one gather of their postings."""

    terms: npt.NDArray[np.int64]  # main postings term numbers, sorted
    context_terms: npt.NDArray[np.int64]  # the same terms in the heading postings, -1 if absent
    scores: npt.NDArray[np.float64]  # BM25 of every document
    docs: npt.NDArray[np.int32]  # documents of the gathered postings (main, then context)
    rows: npt.NDArray[np.int64]  # term row of each gathered posting
    main_count: int  # the first main_count gathered postings are main ones

    def presence(
        self, index: SearchIndex, candidates: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float64]:
        """terms × candidates: 1 where the candidate has the term, 0.5 in its heading only."""
        present = np.zeros((self.terms.shape[0], candidates.shape[0]), dtype=np.float64)
        if self.docs.shape[0] > 20 * len(index) ** 0.5 * max(candidates.shape[0], 1) ** 0.5:
            # long posting lists: look the few candidates up in each list instead
            for row, (term, heading) in enumerate(
                zip(self.terms, self.context_terms, strict=True)
            ):
                present[row] = index.main.contains(int(term), candidates)
                if heading >= 0:
                    in_heading = index.context.contains(int(heading), candidates)
                    present[row] = np.maximum(present[row], 0.5 * in_heading)
            return present
        where = np.full(len(index), -1, dtype=np.int32)
        where[candidates] = np.arange(candidates.shape[0], dtype=np.int32)
        columns = where[self.docs]
        hit = columns >= 0
        value = np.where(np.arange(self.docs.shape[0])[hit] < self.main_count, 1.0, 0.5)
        np.maximum.at(present, (self.rows[hit], columns[hit]), value)
        return present


def _gather(
    postings: Postings, terms: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Positions of the postings of ``terms`` in one array, and the term row of each."""
    starts = postings.indptr[terms]
    lengths = postings.indptr[terms + 1] - starts
    total = int(lengths.sum())
    offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    positions = offsets + np.arange(total, dtype=np.int64)
    rows = np.repeat(np.arange(terms.shape[0], dtype=np.int64), lengths)
    return positions, rows


def _terms(index: SearchIndex, query: Query) -> _Terms:
    """BM25 over every term of every clause (alternatives share their clause's weight), with
    the section heading counting 0.3."""
    alternatives = [a for c in query.clauses for a in c.alternatives]
    terms = np.unique(np.concatenate([a.terms for a in alternatives]))
    weight = np.zeros(terms.shape[0], dtype=np.float64)
    for clause in query.clauses:
        share = 1.0 / len(clause.alternatives)
        for alternative in clause.alternatives:
            alternative.rows = np.searchsorted(terms, alternative.terms)
            weight[alternative.rows] += share
    size = len(index)
    main = index.main
    positions, rows = _gather(main, terms)
    docs = main.docs[positions]
    factor = (weight * main.idf[terms] / WEIGHT_SCALE)[rows]
    scores = np.bincount(docs, weights=factor * main.weights[positions], minlength=size)
    context_terms = index.context.lookup(main.keys[terms])
    known = np.flatnonzero(context_terms >= 0)
    main_count = positions.shape[0]
    if known.shape[0]:
        context = index.context
        c_positions, c_local = _gather(context, context_terms[known])
        c_rows = known[c_local]
        c_docs = context.docs[c_positions]
        c_factor = (0.3 * weight * context.idf[context_terms.clip(0)] / WEIGHT_SCALE)[c_rows]
        scores += np.bincount(
            c_docs, weights=c_factor * context.weights[c_positions], minlength=size
        )
        docs = np.concatenate((docs, c_docs))
        rows = np.concatenate((rows, c_rows))
    return _Terms(terms, context_terms, scores.astype(np.float64), docs, rows, main_count)


@dataclass(slots=True)
class _Coverage:
    """Per clause and candidate: the share of the clause found, and the best alternative."""

    share: npt.NDArray[np.float64]  # clauses × candidates
    best: npt.NDArray[np.int64]  # clauses × candidates, index of the best alternative

    def total(self, weights: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray(weights @ self.share / max(float(weights.sum()), 1e-9))


def _coverage(query: Query, present: npt.NDArray[np.float64]) -> _Coverage:
    candidates = present.shape[1]
    share = np.zeros((len(query.clauses), candidates), dtype=np.float64)
    best = np.zeros((len(query.clauses), candidates), dtype=np.int64)
    for c, clause in enumerate(query.clauses):
        for a, alternative in enumerate(clause.alternatives):
            if alternative.weight <= 0:
                continue
            fraction = alternative.trust * (alternative.idf @ present[alternative.rows])
            fraction /= alternative.size
            # whole up to rounding (float32 sums differ with the order of the terms); on a
            # tie the earlier alternative stays best, whatever the order of the terms
            fraction = np.minimum(np.round(fraction, 6), 1.0)
            better = fraction > share[c]
            best[c, better] = a
            share[c] = np.maximum(share[c], fraction)
    return _Coverage(share, best)


def _phrases(
    index: SearchIndex, query: Query, coverage: _Coverage, docs: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """Per clause and candidate: 1 if the clause occurs as written; typed Chinese phrases that
    are close (rapidfuzz partial_ratio ≥ 80, a typing error) also raise their coverage."""
    best = coverage.best.tolist()
    share = coverage.share.tolist()
    found = [[0.0] * docs.shape[0] for _ in query.clauses]
    for j, doc in enumerate(docs.tolist()):
        text = index.text(doc)
        for c, clause in enumerate(query.clauses):
            written = clause.alternatives[best[c][j]].text
            if written in text:
                found[c][j] = 1.0
            elif clause.typed and share[c][j] >= 0.4:  # a typing error leaves most bigrams
                ratio = fuzz.partial_ratio(written, text, score_cutoff=80) / 100.0
                if ratio:
                    found[c][j] = ratio
                    share[c][j] = max(share[c][j], ratio)
    coverage.share = np.asarray(share, dtype=np.float64)
    return np.asarray(found, dtype=np.float64)


def _relation_boosts(
    index: SearchIndex, references: ReferenceResolution | None, subject: str | None = None
) -> tuple[dict[int, float], set[int]]:
    """Documents a reference inside the query points at (the record and what relates to it),
    and the sessions the query names; the paragraphs of a resolution named by its subject
    ("what does the WSIS resolution say about …") a little before others."""
    boosted: dict[int, float] = {}
    sessions: set[int] = set()
    if subject is not None:
        for related in index.related.get(subject, ()):
            position = index.position.get(related)
            if position is not None and related.startswith(f"{subject}."):
                boosted[position] = SUBJECT_BOOST
    if references is None:
        return boosted, sessions
    for reference in references.references:
        if reference.kind == "session":
            for record in reference.records:
                number = getattr(record, "number", None)
                if isinstance(number, int):
                    sessions.add(number)
            continue
        for record in reference.records:
            position = index.position.get(record.id)
            # "决议草案二 传统知识" asks for a paragraph of R2, not for R2 itself
            if position is not None and reference.kind != "resolution":
                boosted[position] = max(boosted.get(position, 1.0), 1.3)
            for related in index.related.get(record.id, ()):
                related_position = index.position.get(related)
                if related_position is not None:
                    # a resolution's own paragraphs before the passages about it ("what does
                    # the draft decision ask the Council to do with the report": its text, not
                    # chapter I's account of its adoption, which names it as the question does)
                    if reference.kind == "resolution":
                        own = related.startswith(f"{record.id}.")
                        boost = OWN_PARAGRAPH_BOOST if own else 1.0
                    else:
                        boost = RELATED_BOOST
                    boosted[related_position] = max(boosted.get(related_position, 1.0), boost)
    return boosted, sessions


def _lists_speakers(record: Record) -> bool:
    """A meeting's record, or a paragraph of the annex on the meetings that lists speakers."""
    if isinstance(record, Meeting):
        return True
    return isinstance(record, Paragraph) and record.parent == "annex2" and "发言" in record.text


def _structured_factor(
    index: SearchIndex, record: Record, query: Query, sessions: set[int]
) -> float:
    """What the query says about a structured record beyond its words."""
    factor = 1.0
    session = record.number if isinstance(record, Session) else getattr(record, "session", None)
    if sessions and isinstance(session, int) and not isinstance(record, Paragraph | Resolution):
        factor *= 1.15 if session in sessions else 0.7
    if isinstance(record, BureauMember):
        if query.role is not None:
            factor *= 1.25 if record.role == query.role else 0.6
        if query.seat_status is not None:
            factor *= 1.2 if record.status == query.seat_status else 0.8
        elif record.status == "elected":
            factor *= 1.05  # a session's officers are those elected, not who stood in
        if query.asks_who:
            factor *= 1.1 if record.name else 0.9  # "who": a seat with a person in it
    elif isinstance(record, Session) and (
        # "was it virtual", "its priority themes", "was the agenda adopted": fields of the
        # session ("how many meetings" is answered from the records, knowledge.answers)
        (query.asks_format and bool(record.format))
        or (query.asks_themes and bool(record.priority_themes))
        or (query.asks_agenda_adopted and record.agenda_adopted is not None)
    ):
        factor *= 1.3
        if query.asks_why and query.asks_format and record.format_reason:
            # "为啥这届会议是线上开的": the reason it records, over the chapter paragraph
            # that words the format as the question does and gives no reason
            factor *= 1.3
    return factor


def _ranked(
    index: SearchIndex,
    query: Query,
    references: ReferenceResolution | None,
    within: str | None,
    keep: int,
    shown: int,
    subject: str | None = None,
) -> list[tuple[float, Match]]:
    """The best ``keep`` matches with their unclipped scores (boosts can exceed 100); the
    first ``shown`` carry their reasons."""
    if not query.clauses:
        return []
    gathered = _terms(index, query)
    bm25 = gathered.scores
    mask = _within_mask(index, within)
    if mask is not None:
        bm25[~mask] = 0.0
    if query.asks_who_introduced:
        # "who presented the Secretary-General's report on WSIS": only a passage that says
        # someone introduced a report can answer; its section says which report
        _only(bm25, index.printing("介绍了"))
    if query.asks_who_presided:
        # "疫情那场高级别会议是谁主持的": only a passage that says who presided can answer (the
        # summary words the meeting as asked, the annex says who presided)
        _only(bm25, index.printing("主持"))
    chapter = _chapter_positions(index, query.chapter)
    if query.chapter != 1:
        # "what does chapter VII record about …": only the chapter's own paragraphs (chapter
        # I presents the draft resolutions, whose paragraphs stand outside it: first there)
        _only(bm25, chapter)
    boosted, sessions = _relation_boosts(index, references, subject)
    if query.chapter == 1:
        for position in chapter:
            boosted[position] = max(boosted.get(position, 1.0), OWN_PARAGRAPH_BOOST)
    if query.names_summary:
        # "摘要里说各国抗击新冠用了哪些科技手段": the summary's paragraphs first, as a
        # resolution named lifts its own
        for position in index.members.get("summary", ()):
            boosted[int(position)] = max(boosted.get(int(position), 1.0), OWN_PARAGRAPH_BOOST)
    nonzero = int(np.count_nonzero(bm25))
    if nonzero == 0:
        return []
    take = min(CANDIDATES, nonzero)
    docs = np.argpartition(bm25, bm25.shape[0] - take)[-take:].astype(np.int64)
    if boosted:
        extra = np.fromiter(boosted, dtype=np.int64)
        extra = extra[bm25[extra] > 0]
        docs = np.unique(np.concatenate((docs, extra)))
    weights = np.array([c.weight for c in query.clauses], dtype=np.float64)
    coverage = _coverage(query, gathered.presence(index, docs))
    density = bm25[docs].astype(np.float64) / max(float(bm25[docs].max()), 1e-9)
    factor = np.ones(docs.shape[0], dtype=np.float64)
    if query.asks_symbol:
        # "…的文号": the records that print a document symbol hold the answer
        factor *= np.where(index.has_symbol[docs], 1.2, 1.0)
    if boosted:
        factor *= np.fromiter((boosted.get(int(d), 1.0) for d in docs), dtype=np.float64)
    for j in np.flatnonzero(index.kinds[docs] != KIND_CODES[Paragraph]):
        record = index.records[int(docs[j])]
        factor[j] *= _structured_factor(index, record, query, sessions)
    if not (query.asks_who or query.about_meetings or query.about_proceedings):
        # a meeting's record and the annex's lists of speakers match a topic through who
        # spoke ("秘书长…技术银行常务董事"): a question about no meeting, speaker or day of the
        # session asks what a text says of it ("UNCTAD 跟秘书处是什么关系")
        for at, doc in enumerate(docs.tolist()):
            if _lists_speakers(index.records[doc]):
                factor[at] *= PROCEEDINGS_UNASKED
    # stage 1: coverage and BM25; stage 2, for the best: phrases as written, typing errors
    first = (0.75 * coverage.total(weights) + 0.1 * density) * factor
    top = np.argsort(-first, kind="stable")[: max(RERANKED, keep)]
    docs, factor, density = docs[top], factor[top], density[top]
    coverage = _Coverage(coverage.share[:, top], coverage.best[:, top])
    phrases = _phrases(index, query, coverage, docs)
    if query.asks_count:
        # "how many …": the record that states a number of something
        factor *= np.fromiter(
            (1.1 if _COUNTED.search(index.text(int(d))) else 1.0 for d in docs),
            dtype=np.float64,
            count=docs.shape[0],
        )
    if query.asks_why:
        # "why …": the record that gives a cause
        factor *= np.fromiter(
            (1.25 if _CAUSE.search(index.text(int(d))) else 1.0 for d in docs),
            dtype=np.float64,
            count=docs.shape[0],
        )
    # the score: how much of the query the record covers, and how much of it as written;
    # BM25 density only breaks ties
    raw = (
        0.8 * coverage.total(weights)
        + 0.2 * np.asarray(weights @ phrases / max(float(weights.sum()), 1e-9))
        + 0.01 * density
    ) * factor
    # best first; on equal scores the record stating a fact directly, then reading order
    order = np.lexsort((docs, index.kinds[docs], -np.round(raw, 9)))
    matches: list[tuple[float, Match]] = []
    for rank, j in enumerate(order[:keep].tolist()):
        doc = int(docs[j])
        # reasons only for what is shown; the rest only decide whether the call is close
        why = _why(query, coverage, j, doc in boosted, references) if rank < shown else ""
        score = 100.0 * float(raw[j])
        matches.append((score, Match(index.records[doc], round(min(score, 100.0), 1), why)))
    return matches


def _only(bm25: npt.NDArray[np.float64], positions: list[int] | npt.NDArray[np.int64]) -> None:
    """Keep the scores of ``positions`` alone when one of them matches at all."""
    if len(positions) and bool((bm25[positions] > 0).any()):
        allowed = np.zeros(bm25.shape[0], dtype=bool)
        allowed[positions] = True
        bm25[~allowed] = 0.0


def _chapter_positions(index: SearchIndex, number: int) -> list[int]:
    """The positions of the report's paragraphs in chapter ``number`` (none for 0)."""
    if number <= 0:
        return []
    chapters: dict[str, list[int]] = {}
    for position in index.members.get("report", ()):
        record = index.records[int(position)]
        if isinstance(record, Paragraph) and record.chapter:
            chapters.setdefault(record.chapter, []).append(int(position))
    ordered = list(chapters.values())  # (the report's paragraphs stand in reading order)
    return ordered[number - 1] if number <= len(ordered) else []


def _why(
    query: Query,
    coverage: _Coverage,
    j: int,
    boosted: bool,
    references: ReferenceResolution | None,
) -> str:
    parts: list[str] = []
    if boosted and references is not None:
        found = [r.requested for r in references.references if r.found and r.kind != "session"]
        if found:
            parts.append("within " + ", ".join(found))
    expansions: list[str] = []
    terms: list[str] = []
    for c, clause in enumerate(query.clauses):
        if coverage.share[c, j] < 0.5:
            continue
        alternative = clause.alternatives[int(coverage.best[c, j])]
        if alternative.why.startswith(("alias ", "glossary ")):
            expansions.append(alternative.why)
        else:
            terms.append(alternative.text)
    parts.extend(expansions[:3])
    if terms:
        parts.append("terms " + ", ".join(terms[:4]))
    if query.corrections:
        parts.append("spelling " + ", ".join(query.corrections[:2]))
    return "; ".join(parts) if parts else "similar wording"


def _within_mask(index: SearchIndex, within: str | None) -> npt.NDArray[np.bool_] | None:
    if within is None:
        return None
    mask = np.zeros(len(index), dtype=bool)
    members = index.members.get(within)
    if members is not None:
        mask[members] = True
    return mask


# ---------------------------------------------------------------------------------------------
# Confidence


def _choice_floor(clauses: int) -> float:
    """The lowest score offered among choices for a question of this many clauses (a short
    question's leader under ANSWER_THRESHOLD gets none)."""
    if clauses < LONG_QUESTION:
        return ANSWER_THRESHOLD
    lowered = ANSWER_THRESHOLD - LONG_QUESTION_STEP * (clauses - LONG_QUESTION + 1)
    return max(LONG_QUESTION_FLOOR, lowered)


def _stands_out(query: str, ranked: list[tuple[float, Match]], index: SearchIndex) -> bool:
    """A long question's leader scores STANDOUT_FLOOR or more and the next record not related
    to it under STANDOUT_RATIO of its score (a short one that a passage covers in part is not
    covered: "明天天气怎么样" is no question about weather forecasts)."""
    best_score, best = ranked[0]
    if best_score < STANDOUT_FLOOR or _length(query) < STANDOUT_LENGTH:
        return False
    related = index.related.get(best.record.id, frozenset())
    for score, other in ranked[1:]:
        if other.record.id not in related:
            return score < STANDOUT_RATIO * best_score
    return True


_WORD_OR_HANZI = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+")


def _length(query: str) -> int:
    """Chinese characters and English words (or numbers) in a question."""
    return len(_WORD_OR_HANZI.findall(query))


def _decide(
    query: str,
    ranked: list[tuple[float, Match]],
    index: SearchIndex,
    limit: int,
    hint: str,
    clauses: int = 0,
) -> SearchResult:
    matches = tuple(match for _, match in ranked[:limit])
    if ranked and ranked[0][0] < ANSWER_THRESHOLD and _stands_out(query, ranked, index):
        return SearchResult(query, "ambiguous", matches, hint or "the closest passage")
    if ranked and _choice_floor(clauses) <= ranked[0][0] < ANSWER_THRESHOLD:
        # a long question's best passages, none covering it as the threshold asks
        return SearchResult(query, "ambiguous", matches, hint or "the closest passages")
    if not ranked or ranked[0][0] < ANSWER_THRESHOLD:
        hint = hint or (
            "no good match; try other words, a paragraph number (R1.24) or an English name"
            if matches
            else "nothing in the report matches this query"
        )
        return SearchResult(query, "none", matches, hint)
    best_score, best = ranked[0]
    related = index.related.get(best.record.id, frozenset())
    status: Status = "answer"
    for score, other in ranked[1:]:
        if other.record.id in related:
            continue  # a record and the paragraph it cites are one answer, not a close call
        if score >= best_score - AMBIGUITY_GAP:
            status = "ambiguous"
        break
    return SearchResult(query, status, matches, hint)


# ---------------------------------------------------------------------------------------------
# Public API


def search(
    kb: KnowledgeBase,
    query: str,
    *,
    limit: int = 5,
    within: str | None = None,
    now: dt.datetime | None = None,
) -> SearchResult:
    """Search the knowledge base (see the module docstring); ``within`` restricts the search
    to one container, e.g. ``"R1"`` for ``/res 1 数字鸿沟``; ``now`` is the moment questions
    such as "next meeting" are asked at (default: the clock)."""
    return search_in(index_for(kb), kb, query, limit=limit, within=within, now=now)


def search_in(
    index: SearchIndex,
    kb: KnowledgeBase,
    query: str,
    *,
    limit: int = 5,
    within: str | None = None,
    now: dt.datetime | None = None,
) -> SearchResult:
    """``search`` with an index built ahead (``build_index``)."""
    result = _search_in(index, kb, query, limit=limit, within=within, now=now)
    # a number the whole was said not to give, which a count asked first gives ("How many
    # chapters does the report have, and what is the last chapter called?")
    no_number = result.silent and result.hint == _not_given("a number")
    if result.status == "none" and (not result.silent or no_number) and within is None:
        # "决议二序言部分的最后一段是啥，后面接的是啥": a question about structure that another
        # follows, which spoils it for the structured answers and for search, is answered
        # first (not when the report does not say what the whole asks: "…是谁，叫什么名字")
        first = _FOLLOW_UP.split(query, maxsplit=1)
        if len(first) == 2 and len(first[0]) >= 4 and first[1].strip():
            alone = search_in(index, kb, first[0], limit=limit, now=now)
            composed = alone.composed
            if (
                composed is not None
                and alone.status in ("answer", "exact")
                and (not no_number or composed.intent == "count")
            ):
                return dataclasses.replace(alone, query=query)
    if (
        within is None
        and (result.status == "ambiguous" or (result.status == "none" and not result.silent))
        and (head := first_ask(query)) is not None
    ):
        # two questions in one, which spoil each other for search ("which document number is
        # the space report, and was there an amendment?", "…这个决定是哪天通过的？在哪开的"):
        # what the first finds alone is offered first among the choices
        alone = search_in(index, kb, head, limit=limit, now=now)
        if alone.status in ("answer", "exact"):
            status: Status = alone.status if alone.composed is not None else "ambiguous"
            return dataclasses.replace(alone, query=query, status=status)
    return result


def _paragraph_named(kb: KnowledgeBase, query: str) -> Match | None:
    """The one paragraph a question names by its number, whatever else it says of it ("67
    in the WSIS resolution, the one that opens the forum section")."""
    references = resolve_reference(kb, query)
    if references is None or len(references.references) != 1:
        return None
    named = references.primary
    if named.kind != "paragraph" or not named.found or len(named.records) != 1:
        return None
    record = named.records[0]
    return (
        Match(record, 100.0, f"reference {record.id}") if isinstance(record, Paragraph) else None
    )


def _lifted_over(
    index: SearchIndex,
    references: ReferenceResolution | None,
    subject: str | None,
    best: tuple[float, Match],
) -> bool:
    """Whether the best match passes the bar only by the lift a reference or a resolution
    named by its subject gives the records it points at: where the asker said to look ranks
    a passage, its own words must make it the answer."""
    position = index.position.get(best[1].record.id)
    if position is None:
        return False
    lift = _relation_boosts(index, references, subject)[0].get(position, 1.0)
    return best[0] / lift < ANSWER_THRESHOLD


def _not_given(kind: str) -> str:
    """The hint of an answer the report does not give (a number, a date …)."""
    return f"the report does not say ({kind} not given)"


def _search_in(
    index: SearchIndex,
    kb: KnowledgeBase,
    query: str,
    *,
    limit: int = 5,
    within: str | None = None,
    now: dt.datetime | None = None,
) -> SearchResult:
    limit = max(limit, 1)
    if not query.strip():
        return SearchResult(query, "none", (), "empty query")
    query = mandarin_wording(query)  # 係咩 → 是什么 (written Cantonese)
    query = expand_shorthand(query)  # "mtgs", "resos", "yr"
    query = english_wording(query)  # "the president of CSTD", "assisted to the meeting"
    query = capitals_spelled_out(kb, query)  # WHO → World Health Organization, US
    query = without_asker(query)  # "For my minister's briefing: …", "帮部长准备材料：…"
    query = heard_right(index, query)  # 临时意程 → 临时议程, as a phone's input slips
    query = names_heard_right(kb, query)  # 迪皮坡 → 迪皮波, a name typed as heard
    if within is None:
        chat = small_talk(query)
        if chat is not None:
            return SearchResult(query, "smalltalk", (), small_talk=chat)
    references = resolve_reference(kb, query)
    hint = ""
    absent = False
    if references is not None:
        primary = references.primary
        if references.pure and (primary.found or not primary.soft):
            # "第二十四届会议什么时候开幕": a session named with a question about it is the
            # question's (its dates, its place), not the session's record
            if primary.kind == "session" and primary.found and within is None:
                composed = compose(kb, query, references, now=now)
                if composed is not None and composed.intent in ("dates", "not_covered"):
                    return composed_result(query, composed, limit)
            return addressed_result(kb, query, references, limit)
        missing = [r for r in references.references if not r.found]
        if missing:
            hint = missing[0].hint
            absent = names_what_is_absent(references)
    if within is None:
        composed = compose(kb, query, references, now=now)
        if composed is None and (fixed := spelled_right(index, query)) != query:
            # "who will chiar the next session", "has a rapporter been named": the words the
            # structured answers look for, spelt as search reads them
            composed = compose(kb, fixed, resolve_reference(kb, fixed), now=now)
        if composed is not None:
            lacking = lacks_beyond_records(kb, index, query, composed.records)
            return composed_result(query, composed, limit, lacking)
    if within is None and (asked := asked_neighbour(query)) is not None:
        # "the item right after the one about e-waste": the paragraph found, then its neighbour
        # ("which para comes straight after 67 in res 1": paragraph 67, whatever else is
        # said of the one asked)
        numbered = _paragraph_named(kb, asked.rest) if asked.by_number else None
        anchor = numbered or _search_in(index, kb, asked.rest, limit=limit, now=now).best
        if anchor is not None and isinstance(anchor.record, Paragraph):
            found = neighbour(kb, anchor.record, asked.direction)
            if found is not None:
                why = f"{asked.direction} to {anchor.record.id}"
                return SearchResult(query, "answer", (Match(found, 100.0, why), anchor))
    if references is not None and names_one_document(kb, index, references, query):
        # "E/CN.16/2020/1 这个文件是啥", "Annex I 里 E/CN.16/2020/2 是哪份报告": the document
        # named by its symbol, unless what is asked of it (its pages, a count) it does not say
        return addressed_result(kb, query, references, limit)
    if references is not None and names_paragraphs(kb, references, query):
        # "决议一第九段是不是讲性别的", "决议一第八十四段底下那个(b)项讲的啥": a question that
        # names a paragraph is about that paragraph, whatever else it says of it — unless it
        # asks what the paragraph does not state ("第47段那个战略是哪一年 launch 的", "第23段
        # 那句是哪个国家提出来的")
        addressed = addressed_result(kb, query, references, limit)
        best = addressed.best
        lacking_kind = lacks_what_is_asked(kb, index, query, best.record) if best else ""
        if lacking_kind and lacking_kind not in _READ_OFF_ITS_TEXT:
            hint = _not_given(lacking_kind)
            return SearchResult(query, "none", addressed.matches, hint, silent=True)
        return addressed
    subject = None if references is not None else resolution_by_subject(kb, query)
    rest = references.rest if references is not None else None
    if subject is not None:
        rest = subject_words_left(kb, query)
    understood = understand(index, query, rest)
    ranked = _ranked(
        index, understood, references, within, keep=limit + 4, shown=limit, subject=subject
    )
    if understood.chapter and (not ranked or ranked[0][0] < ANSWER_THRESHOLD):
        # what the chapter's paragraphs do not hold may stand in its headings, or elsewhere:
        # the question read whole, the chapter's words as words
        understood = understand(index, query, rest, chapter_named=False)
        ranked = _ranked(
            index, understood, references, within, keep=limit + 4, shown=limit, subject=subject
        )
    keys = key_terms(kb, index, query, understood)
    if asks_which_chapter(query) and within is None:
        # "in which chapter are the draft resolutions": where the best match for what it
        # names stands
        topic = understand(index, chapter_topic(query))
        placed = _ranked(index, topic, references, within, keep=limit + 4, shown=limit)
        ranked = placed if placed and (not ranked or placed[0][0] > ranked[0][0]) else ranked
    if ranked and asks_which_chapter(query) and ranked[0][0] >= ANSWER_THRESHOLD:
        # the best match that stands in a chapter (an agenda item of the next session
        # stands in none)
        for score, match in ranked:
            chapter = chapter_of(kb, match.record)
            if score >= ANSWER_THRESHOLD and chapter is not None:
                return composed_result(query, chapter, limit)
    if ranked and asked_by_an_alias(kb, query):
        # an administrator made this question a way to ask for a record (/insights add):
        # their word stands over what search would judge the report cannot say
        return _decide(query, ranked, index, limit, hint, len(understood.clauses))
    if ranked:
        # what is asked, read with its slips mended ("for how long was it extnded")
        asked_as_spelt = mended(query, understood.corrections, keep_real_words=True)
        lacking_kind = lacks_what_is_asked(kb, index, asked_as_spelt, ranked[0][1].record)
        if (
            lacking_kind in _STATED_BY_ITS_SOURCE
            and (lacking_kind == "a reason" or _TAKEN_UP.search(folded_question(query)))
            and (stating := _close_stating(kb, index, query, ranked, related_only=True))
            is not None
        ):
            # a record and the paragraph it rests on are one answer: the one of them that
            # states what is asked comes first (agenda item 4 says why it was not
            # considered, its paragraph P8 only when the reviews will be heard)
            ranked = [stating, *(pair for pair in ranked if pair is not stating)]
            lacking_kind = ""
        if (
            lacking_kind in _STATED_AS_A_MEASURE
            and (stating := _close_stating(kb, index, query, ranked)) is not None
        ):
            # "那个 forum 的 mandate 又给延长了几年": of two passages scored alike, the one that
            # states the measure asked (再延长 10 年) comes first — as a choice beside the
            # other, which the decision below sees within the gap
            ranked = [stating, *(pair for pair in ranked if pair is not stating)]
            lacking_kind = ""
        if lacking_kind in ("a date", "a day") and (
            dated := _dated_citation(kb, index, asked_as_spelt, ranked)
        ):
            # "when was resolution 70/125 adopted": of the paragraphs citing it, the one that
            # gives its date ("大会 2015 年 12 月 16 日 … 第 70/125 号决议")
            ranked = [dated, *(pair for pair in ranked if pair is not dated)]
            lacking_kind = ""
        if lacking_kind:
            matches = tuple(match for _, match in ranked[:limit])
            hint = _not_given(lacking_kind)
            return SearchResult(query, "none", matches, hint, silent=True)
    if keys and ranked and (apart := held_apart(index, ranked, keys, ANSWER_THRESHOLD)):
        # two names asked together, each in a passage of its own: both, as choices
        matches = tuple(match for _, match in apart)
        hint = "the report names them in different passages"
        return SearchResult(query, "ambiguous", matches, hint)
    if keys and ranked:
        ranked, lacking = veto(index, ranked, keys, ANSWER_THRESHOLD)
        if lacking:
            matches = tuple(match for _, match in ranked[:limit])
            hint = f"the report does not mention {lacking}"
            return SearchResult(query, "none", matches, hint, silent=True)
    if ranked and lacks_what_was_said(kb, query, ranked[0][1].record):
        reported = what_was_reported(kb, query, ranked, ANSWER_THRESHOLD)
        if reported is not None:
            # "what measures did people share at the high-level segment": the summary of
            # the discussion says, where the meeting's record only lists who spoke
            # (the lists of speakers after it: no close call, they do not answer)
            said = [p for p in ranked if not lacks_what_was_said(kb, query, p[1].record)]
            spoke = [p for p in ranked if p not in said]
            said.remove(reported)
            decided = _decide(
                query, [reported, *said], index, limit, hint, len(understood.clauses)
            )
            matches = (*decided.matches, *(m for _, m in spoke))[:limit]
            return dataclasses.replace(decided, matches=matches)
        matches = tuple(match for _, match in ranked[:limit])
        hint = "the report does not say (what was said not given)"
        return SearchResult(query, "none", matches, hint, silent=True)
    decided = _decide(query, ranked, index, limit, hint, len(understood.clauses))
    if decided.status == "answer" and _lifted_over(index, references, subject, ranked[0]):
        # "决议一哪一段欢迎秘书长的数字合作路线图": a paragraph of resolution I sharing the
        # Secretary-General and cooperation, and no roadmap: a choice, not the answer
        decided = dataclasses.replace(decided, status="ambiguous")
    if decided.status == "answer" and _outside_the_resolution_named(
        kb, references, ranked, subject
    ):
        # "決議一講到技術促進機制的那一段", "which awards does the STI resolution name": the
        # best passage is in the other resolution; the asker may remember the wrong one, or
        # the right one says it otherwise: a choice, not the answer
        decided = dataclasses.replace(decided, status="ambiguous")
    if absent and decided.status != "none":
        # "what does paragraph 95 of resolution I say about gender": there is no paragraph
        # 95; what search found for the rest is offered as suggestions, not as its answer
        return SearchResult(query, "not_found", decided.matches, hint)
    return decided


# what a record and the paragraph it rests on may each state alone: why, and the day an
# agenda item was taken up (an agenda item's record names its meeting, its paragraph the
# day); not countries, names or numbers, which a record states of other things
_STATED_BY_ITS_SOURCE = frozenset({"a reason", "a day", "a date"})
# the day asked is the day an item was taken up or a meeting held (not the day a draft was
# circulated, or the Council decided later: an agenda item's day is not that)
_TAKEN_UP = re.compile(
    r"会议|开会|开的|审议|讨论|\bmeetings?\b|\bconsider\w*|\bdiscuss\w*|\btaken up\b|\btook up\b"
)


def _close_stating(
    kb: KnowledgeBase,
    index: SearchIndex,
    query: str,
    ranked: list[tuple[float, Match]],
    *,
    related_only: bool = False,
) -> tuple[float, Match] | None:
    """Among the passages scored within the ambiguity gap of the best, the first that states
    what the question asks, which the best does not; ``related_only``: only one that is the
    same answer as the best (a record and the paragraph it rests on)."""
    best_score, best = ranked[0]
    related = index.related.get(best.record.id, frozenset())
    for pair in ranked[1:]:
        score, match = pair
        if score < best_score - AMBIGUITY_GAP:
            break
        if related_only and match.record.id not in related:
            continue
        if not lacks_what_is_asked(kb, index, query, match.record):
            return pair
    return None


def _dated_citation(
    kb: KnowledgeBase, index: SearchIndex, query: str, ranked: list[tuple[float, Match]]
) -> tuple[float, Match] | None:
    """For a question naming a resolution or decision by its number, the first passage found
    that dates it: a date before the number, as the report cites one ("大会 2015 年 12 月
    16 日题为……的第 70/125 号决议"; a date after it is of something the resolution says)."""
    numbers = [f"{a} {b}" for a, b in RESOLUTION_NUMBER.findall(query)]
    if len(numbers) != 1:
        return None

    def dates_it(record: Record) -> bool:
        position = index.position.get(record.id)
        text = index.text(position) if position is not None else ""
        at = text.find(numbers[0])
        return at > 0 and bool(_DATED.search(text[:at]))

    for pair in ranked[1:]:
        if dates_it(pair[1].record):
            return pair
    # one the search did not keep: the report's first to date it
    for record in index.records:
        if dates_it(record):
            return (ranked[0][0], Match(record, ranked[0][0], f"dates {numbers[0]}"))
    return None


_DATED = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


# kinds of fact a passage rarely states by chance: a measure of years, time or share
_STATED_AS_A_MEASURE = frozenset(
    {"a number of years", "a duration", "a share", "a percentage", "the year it began"}
)


def _outside_the_resolution_named(
    kb: KnowledgeBase,
    references: ReferenceResolution | None,
    ranked: list[tuple[float, Match]],
    subject: str | None = None,
) -> bool:
    """Whether the question names one resolution, by its number or by its subject, and the
    best match is a paragraph of another."""
    if not ranked:
        return False
    if references is not None:
        named = {r.requested for r in references.references if r.kind == "resolution" and r.found}
    else:
        named = {subject} if subject is not None else set()
    best = ranked[0][1].record
    if len(named) != 1 or not isinstance(best, Paragraph):
        return False
    return kb.resolution(best.parent) is not None and best.parent not in named


# what a paragraph named may answer without the words a kind of fact looks for: a count of
# what it lists ("第50段里教科文组织出现几次"), a body or site it points to ("向哪里报告",
# "网站上")
_READ_OFF_ITS_TEXT = frozenset({"a number", "a place", "an address"})


# where a question about structure goes on with a second one ("决议二序言部分的最后一段是啥，
# 后面接的是啥")
_FOLLOW_UP = re.compile(r"\s*[？?。；;，,]\s*")


# A question that touches what is built on first use: the dictionary (read once per process,
# 1-2 s), the tables of names and entities of this knowledge base, the reference parser.
_WARM_UP_QUESTION = "did the Japanese delegation speak about the digital divide in 2020"


def warm_up(index: SearchIndex, kb: KnowledgeBase) -> None:
    """Build ahead what the first question would otherwise wait for (call it off the event
    loop, when a knowledge base is loaded)."""
    search_in(index, kb, _WARM_UP_QUESTION)
