"""A question delegates asked, made a way to ask for a record: an alias of kind ``question``.

The search expands an alias's names into its Chinese wording (``knowledge.query``): a run of
Latin-script words is matched as a phrase, a Chinese phrase as a whole. So the alias that makes
a question find a record has

- as ``names``, the question's key words (``knowledge.query.key_words``: its Chinese phrases
  without question words, its Latin-script words without the words that only ask), and
- as ``zh``, text that occurs in the record and nowhere else: its own words as the index reads
  them (a paragraph's text, an agenda item's title line …).

The next delegate who asks the same question, in either script, in any case, with any
punctuation, has every key word expanded into text only that record holds, and gets it as the
answer. Names are added to an existing question alias of the record rather than repeated.

Pure: a knowledge base in, a new knowledge base out; ``answers`` checks the result by searching.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from knowledge.errors import KnowledgeError
from knowledge.models import Alias, KnowledgeBase, Paragraph, Record
from knowledge.query import key_words
from knowledge.render_text import index_fields
from knowledge.search import search

__all__ = [
    "QuestionAliasError",
    "answers",
    "question_alias",
    "record_wording",
    "with_question_alias",
]

#: A question whose key words are longer than this is not worth an alias.
MAX_NAME_CHARS = 200


Reason = Literal["record", "words", "already"]


class QuestionAliasError(KnowledgeError):
    """The question cannot be made a way to ask for that record: ``reason`` is ``record`` (no
    such record), ``words`` (nothing to ask with) or ``already`` (it asks for it already)."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason: Reason = reason


def record_wording(record: Record) -> str:
    """Text of the record that the index holds and that identifies it: a paragraph's text,
    else the first line of its own words (a structured record's heading line)."""
    if isinstance(record, Paragraph):
        return record.text.strip()
    own = index_fields(record)[0]
    first = next((line.strip() for line in own.splitlines() if line.strip()), "")
    return first or own.strip()


def question_alias(kb: KnowledgeBase, record_id: str, question: str) -> Alias:
    """The alias that makes ``question`` a way to ask for the record ``record_id``."""
    record = kb.get(record_id)
    if record is None:
        raise QuestionAliasError("record", f"there is no record {record_id}")
    names = tuple(name for name in key_words(question) if len(name) <= MAX_NAME_CHARS)
    if not names:
        raise QuestionAliasError("words", f"{question!r} has no words to ask with")
    wording = record_wording(record)
    if not wording:
        raise QuestionAliasError("record", f"{record_id} has no text to point at")
    return Alias("question", wording, names)


def with_question_alias(kb: KnowledgeBase, record_id: str, question: str) -> KnowledgeBase:
    """``kb`` with the question added as a way to ask for the record (new names join the
    record's question alias when it has one); QuestionAliasError when it cannot be."""
    alias = question_alias(kb, record_id, question)
    aliases = list(kb.aliases)
    for index, existing in enumerate(aliases):
        if existing.kind == "question" and existing.zh == alias.zh:
            names = tuple(dict.fromkeys((*existing.names, *alias.names)))
            if names == existing.names:
                raise QuestionAliasError("already", f"{question!r} already asks for {record_id}")
            aliases[index] = dataclasses.replace(existing, names=names)
            break
    else:
        aliases.append(alias)
    return dataclasses.replace(kb, aliases=tuple(aliases))


def answers(kb: KnowledgeBase, question: str, record_id: str) -> bool:
    """Whether the question gets the record as its answer (not a choice, not a suggestion)."""
    result = search(kb, question)
    best = result.best
    return (
        best is not None and result.status in ("exact", "answer") and best.record.id == record_id
    )
