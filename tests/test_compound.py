"""Two questions in one: the first ask is cut from what follows it."""

from __future__ import annotations

import pytest

from knowledge.compound import first_ask
from knowledge.search import search
from tests.support.kbs import bundled_kb


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # a question mark that more words follow
        ("決議草案一第13段在講什麼？第14段呢", "決議草案一第13段在講什麼？"),
        ("下一届主席是谁，哪个国家的？另外还有几个副主席", "下一届主席是谁"),
        # a new English question joined by "and"
        (
            "which document number is the SG report on space technology, and was there an"
            " amendment to it?",
            "which document number is the SG report on space technology",
        ),
        (
            "what annexes does the report have and what's in annex II?",
            "what annexes does the report have",
        ),
        # a Chinese comma between two asks
        ("space tech 那个 round table 谁主持的，哪天开的", "space tech 那个 round table 谁主持的"),
    ],
)
def test_the_first_of_two_asks(query: str, first: str) -> None:
    assert first_ask(query) == first


@pytest.mark.parametrize(
    "query",
    [
        "what does the STI resolution say about citizen science?",
        # a context before the one question, and a remark after it, are no second ask
        "I was told the mandate runs until 2025. Does the report back that up?",
        "第二十三届会议的报告员是谁？我翻了半天",
        # "and" inside one ask
        "which countries and organizations spoke at the first meeting",
        # a list of items ("哪一天、第几次"), not two questions
        "WSIS 的议程项目2是哪一天、第几次 meeting 讨论的？",
    ],
)
def test_one_ask_is_not_cut(query: str) -> None:
    assert first_ask(query) is None


def test_what_the_first_ask_finds_alone_is_offered_first() -> None:
    # the whole finds nothing it can give as the answer; the first ask alone finds the
    # round table's paragraph, offered first among the choices (it answers only a part)
    query = (
        "space tech round table on day 2: which vice-chair presided, and who introduced the"
        " SG report there?"
    )
    result = search(bundled_kb(), query)
    assert result.status == "ambiguous"
    assert result.matches[0].record.id == "AX2.14"
