"""A question made a way to ask for a record: key words, the alias, and the search after it."""

from __future__ import annotations

import dataclasses

import pytest

from handlers.render import english_name, terms_in
from knowledge.codec import dump_yaml
from knowledge.loader import load_knowledge_base
from knowledge.models import Alias, KnowledgeBase, Paragraph
from knowledge.query import key_words
from knowledge.question_alias import (
    QuestionAliasError,
    answers,
    question_alias,
    record_wording,
    with_question_alias,
)
from knowledge.search import search

ENGLISH = "How many people are covered by cellular networks?"
CHINESE = "信号覆盖有多广？"  # R1.24 answers it; search alone cannot tell


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (ENGLISH, ("people are covered by cellular networks",)),
        ("  what IS the Zoom password?? ", ("zoom password",)),
        (CHINESE, ("信号覆盖有多广",)),
        ("信號覆蓋有多廣", ("信号覆盖有多广",)),  # Traditional folds to Simplified
        ("who spoke for China 在第二次会议", ("spoke for china", "在第2次会议")),
        ("what is it?", ()),
        ("2020", ()),
    ],
)
def test_key_words_are_what_the_question_is_about(
    question: str, expected: tuple[str, ...]
) -> None:
    assert key_words(question) == expected


@pytest.mark.parametrize("question", [ENGLISH, CHINESE, "zoom password"])
def test_the_bot_cannot_answer_these_before(kb: KnowledgeBase, question: str) -> None:
    assert search(kb, question).status == "none"
    assert not answers(kb, question, "R1.24")


@pytest.mark.parametrize(
    ("question", "asked_again"),
    [
        (ENGLISH, "how many PEOPLE are covered by cellular networks"),
        (CHINESE, "信號覆蓋有多廣"),
        ("zoom password", "Zoom password?"),
    ],
)
def test_after_the_alias_the_same_question_gets_the_record(
    kb: KnowledgeBase, question: str, asked_again: str
) -> None:
    changed = with_question_alias(kb, "R1.24", question)
    assert answers(changed, question, "R1.24")
    result = search(changed, asked_again)
    assert result.status == "answer" and result.best is not None
    assert result.best.record.id == "R1.24"
    assert result.best.why.startswith("alias ")
    # what else was asked is answered as before (the bundled development queries)
    for other in ("妇女上网比男子低多少", "who chairs the 24th session", "数字鸿沟"):
        before, after = search(kb, other), search(changed, other)
        assert [m.record.id for m in after.matches] == [m.record.id for m in before.matches]


def test_the_alias_points_at_text_only_that_record_holds(kb: KnowledgeBase) -> None:
    alias = question_alias(kb, "R1.24", ENGLISH)
    paragraph = kb.get("R1.24")
    assert isinstance(paragraph, Paragraph)
    assert alias == Alias("question", paragraph.text, ("people are covered by cellular networks",))
    assert record_wording(kb.get("M2")) == "第2次会议 (非正式虚拟会议) 2020年6月11日"  # type: ignore[arg-type]
    changed = with_question_alias(kb, "M2", "zoom password")
    assert answers(changed, "zoom password", "M2")


def test_a_second_question_joins_the_records_alias_and_the_file_loads_back(
    kb: KnowledgeBase,
) -> None:
    once = with_question_alias(kb, "R1.24", ENGLISH)
    twice = with_question_alias(once, "R1.24", CHINESE)
    added = [a for a in twice.aliases if a.kind == "question"]
    assert len(added) == 1 and len(twice.aliases) == len(kb.aliases) + 1
    assert added[0].names == ("people are covered by cellular networks", "信号覆盖有多广")
    assert answers(twice, ENGLISH, "R1.24") and answers(twice, CHINESE, "R1.24")
    assert load_knowledge_base(dump_yaml(twice).encode()) == twice  # a valid knowledge base
    with pytest.raises(QuestionAliasError) as caught:
        with_question_alias(twice, "R1.24", "How many people are covered by cellular networks")
    assert caught.value.reason == "already"


@pytest.mark.parametrize(
    ("record_id", "question", "reason"),
    [("R1.999", ENGLISH, "record"), ("R1.24", "what is it?", "words"), ("R1.24", "？！", "words")],
)
def test_what_cannot_be_an_alias_is_refused(
    kb: KnowledgeBase, record_id: str, question: str, reason: str
) -> None:
    with pytest.raises(QuestionAliasError) as caught:
        with_question_alias(kb, record_id, question)
    assert caught.value.reason == reason


def test_question_aliases_are_not_shown_as_english_names(kb: KnowledgeBase) -> None:
    """The glossary line under a paragraph must not present a question as a translation."""
    paragraph = kb.get("R1.24")
    assert isinstance(paragraph, Paragraph)
    zh = "蜂窝移动网络可及范围"
    assert zh in paragraph.text and english_name(kb, zh) is None

    def named(kind: str) -> KnowledgeBase:
        alias = Alias(kind, zh, ("cell coverage",))  # type: ignore[arg-type]
        return dataclasses.replace(kb, aliases=(*kb.aliases, alias))

    assert english_name(named("other"), zh) == "cell coverage"  # an English name is shown
    assert (zh, "cell coverage") in terms_in(named("other"), paragraph.text)
    assert english_name(named("question"), zh) is None  # how someone asked is not
    assert all(term != zh for term, _ in terms_in(named("question"), paragraph.text))
