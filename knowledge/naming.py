"""What a question names outright: one document by its symbol, paragraphs by their numbers, or
a record an administrator made it a way to ask for (``/insights add``). Such a question is
answered by what it names, not by free-text search (see ``knowledge.search``)."""

from __future__ import annotations

import re

from knowledge.answers.parts import sub_paragraphs
from knowledge.asked import lacks_what_is_asked
from knowledge.elsewhere import asks_what_a_document_says, asks_what_happened_later
from knowledge.kbcache import derived
from knowledge.models import KnowledgeBase
from knowledge.normalize import folded_question
from knowledge.query import key_words
from knowledge.references import ReferenceResolution
from knowledge.search_index import SearchIndex

__all__ = [
    "asked_by_an_alias",
    "names_one_document",
    "names_paragraphs",
    "names_what_is_absent",
]


def asked_by_an_alias(kb: KnowledgeBase, query: str) -> bool:
    """Whether the question is one an administrator added as a way to ask for a record."""
    names = derived(kb, "question-alias-names", _question_alias_names)
    return bool(names) and any(words in names for words in key_words(query))


def _question_alias_names(kb: KnowledgeBase) -> frozenset[str]:
    return frozenset(n for a in kb.aliases if a.kind == "question" for n in a.names)


def names_one_document(
    kb: KnowledgeBase, index: SearchIndex, references: ReferenceResolution, query: str
) -> bool:
    """Whether the query names one document of the knowledge base by its symbol (and nothing
    else but a session), and asks of it what its record states: not what it says, what became
    of it, or what its record does not give (its pages, a count)."""
    found = [r for r in references.references if r.found and r.kind != "session"]
    if len(found) != 1 or found[0].kind != "document" or not found[0].exact:
        return False
    folded = folded_question(query)
    if asks_what_a_document_says(folded) or asks_what_happened_later(folded):
        return False
    return bool(found[0].records) and not lacks_what_is_asked(
        kb, index, query, found[0].records[0]
    )


# the sentence a paragraph's sub-paragraphs follow: the lead paragraph itself is asked for
_LEAD_IN = re.compile(
    r"\blead[- ]?in\b|\bchapeau\b|\bintroductory (?:sentence|words|part)\b"
    r"|前面(?:那|的)?(?:句|段|部分)|开头(?:那|的)?句|引言|导语"
)


def names_paragraphs(kb: KnowledgeBase, references: ReferenceResolution, query: str) -> bool:
    """Whether the query names paragraphs that exist (and nothing else found but
    its container or the session), and not a lead-in with sub-paragraphs: "技术库在决议二(a)
    部分里是拿来干嘛的" asks which of part (a)'s paragraphs, which search finds."""
    found = [r for r in references.references if r.found and r.kind not in ("session",)]
    paragraphs = [r for r in found if r.kind == "paragraph"]
    others = [r for r in found if r.kind not in ("paragraph", "resolution")]
    if not paragraphs or others or any(not p.exact or p.guessed for p in paragraphs):
        return False
    # "第22条跟第23条分别讲啥": several paragraphs named, the first the answer
    if _LEAD_IN.search(query):
        return True  # "para 84, what does the lead-in say": the lead, not one of its items
    leads = sub_paragraphs(kb)
    return all(p.records[0].id not in leads for p in paragraphs)


def names_what_is_absent(references: ReferenceResolution) -> bool:
    """Whether the query names, as a number or a symbol, a paragraph or document that does
    not exist, and nothing else that does ("what does paragraph 95 of resolution I say about
    gender")."""
    named = [r for r in references.references if r.kind in ("paragraph", "document")]
    return any(not r.found and not r.soft for r in named) and not any(r.found for r in named)
