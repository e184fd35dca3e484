"""Questions about the report's structure, answered from its records, answer first.

Free-text search finds the passage that best matches a question's words; but "who chaired",
"did China speak", "when was resolution II adopted", "how many paragraphs", "which documents
were before item 3" are answered by the records themselves — a bureau seat, a meeting's
speakers, a resolution's adoption, its sections — often by several at once. ``compose`` reads
what a question asks (its intent, the things it names) and, when the records answer it,
returns a ``Composed`` answer: a verdict for yes/no questions, the facts (each tied to the
record it comes from) and the report paragraphs that say so.

It declines — returns None, leaving the question to free-text search — whenever the question
carries content words beyond its intent ("who chaired the working group on enhanced
cooperation" is about a paragraph, not the bureau). When a question names something the report
does not cover (the 21st session, a meeting that was not held) the answer is the verdict
``unknown``: the report does not say, with the nearest facts it does state.

Everything here is pure: the wording lives with the renderers (``Fact.key`` names what a fact
states; ``Fact.values`` holds its values as the report prints them).

The package: ``values`` (what an answer is made of), ``entities`` (countries, people and
organisations named), ``question`` (reading a question), and one module per kind of answer:
``people``, ``resolutions``, ``report`` and ``timing``.
"""

from __future__ import annotations

import datetime as dt
import re

from knowledge.answers.contents import pages
from knowledge.answers.entities import Entity, entities_in
from knowledge.answers.parts import addressed_to, in_a_part, nth_paragraph, section_of
from knowledge.answers.people import (
    _bureau,
    _election_dates,
    _presided,
    _spoke,
    presided_over,
    speaker_entries,
)
from knowledge.answers.question import (
    _heard_right,
    _Question,
    _resolution_names,
    items_by_subject,
)
from knowledge.answers.report import (
    _contents,
    _counts,
    _documents,
    _footnote,
    _missing_item,
    _missing_meeting,
    _out_of_scope,
    _themes,
)
from knowledge.answers.resolutions import (
    _adoption,
    _first_last,
    _missing_resolution,
    _sections,
    _titles,
)
from knowledge.answers.timing import _dates, _place, _times
from knowledge.answers.values import Composed, Fact, Verdict
from knowledge.kbcache import derived
from knowledge.models import KnowledgeBase
from knowledge.normalize import folded_question, normalize
from knowledge.query import COMMISSION_SHORT_NAMES
from knowledge.references import (
    ReferenceResolution,
    named_sessions,
    prepare_query,
    reference_tables,
)

__all__ = [
    "Composed",
    "Entity",
    "Fact",
    "Verdict",
    "compose",
    "entities_in",
    "speaker_entries",
]


# ---------------------------------------------------------------------------------------------
# Composition

# what a question leaves out, which it does not ask about ("报告正文（不算决议和附件）一共编了
# 多少段", "how many paragraphs, not counting the resolutions and annexes")
_EXCLUDED = re.compile(
    r"(?:不算|不包括|不含|不计|除去)[^，,。？?；;]{1,16}?(?=[，,。？?；;]|一共|总共|共|$)"
    r"|\b(?:not counting|excluding|leaving out)\b[^,.?;]{1,48}?"
    r"(?=[,.?;]|$)"
)


def _left_out(match: re.Match[str]) -> str:
    # the report without its resolutions is its own text
    return " 正文 " if re.search(r"决议|决定|\bresolutions?\b", match.group()) else " "


_COMMISSION_NICKNAMES = re.compile("|".join(sorted(COMMISSION_SHORT_NAMES, key=len, reverse=True)))


def compose(
    kb: KnowledgeBase,
    query: str,
    references: ReferenceResolution | None,
    *,
    now: dt.datetime | None = None,
) -> Composed | None:
    """The structured answer to a question, or None when free-text search should answer."""
    if not kb.sessions:
        return None  # a base of passages only (no session, meetings or bureau): free text
    # the Commission's short names ("促发委") are the Commission, not a slip to hear right
    heard = _heard_right(kb, _COMMISSION_NICKNAMES.sub("委员会", normalize(query)))
    # a space where Latin letters meet Chinese, so that English words are read whole
    # ("who介绍的", "annex ii一共有几段")
    text = _EXCLUDED.sub(_left_out, folded_question(prepare_query(heard)))
    if not text.strip():
        return None
    if references is not None and any(
        r.kind == "document" and r.found for r in references.references
    ):
        return None  # a document symbol: exact addressing and free text answer it
    question = _Question(text, references, named_sessions(query))
    question.entities = entities_in(kb, text)
    for resolution in kb.resolutions:
        title = normalize(resolution.title)
        start = text.find(title) if title else -1
        if start >= 0:
            question.titles.append((start, start + len(title)))
    items_by_subject(kb, question)
    if re.search(r"决议|\bresolution", text):
        for pattern, _ in derived(kb, "resolution-names", _resolution_names):
            question.titles.extend(m.span() for m in pattern.finditer(text))
        # named by its subject in Chinese: "科技创新促进发展那份决议"
        for pattern, _ in reference_tables(kb).resolution_topics:
            question.titles.extend(m.span() for m in pattern.finditer(text))
    for attempt in (
        _out_of_scope,
        _missing_meeting,
        _missing_item,
        _missing_resolution,
        _footnote,
        section_of,
        pages,
        in_a_part,
        addressed_to,
        nth_paragraph,
        _spoke,
        _counts,
        _adoption,
        _titles,
        _election_dates,
        presided_over,
        _bureau,
        _presided,
        _contents,
        _themes,
        _documents,
        _sections,
        _first_last,
        _times,
        _place,
        _dates,
    ):
        composed = attempt(kb, question, now)
        if composed is not None and (composed.facts or composed.verdict):
            return composed  # an answer with nothing in it is none (a decision with no parts)
    return None
