"""What a question says about the one asking is no part of what is asked."""

from __future__ import annotations

import pytest

from knowledge.asker import without_asker
from knowledge.search import search
from tests.support.kbs import bundled_kb


@pytest.mark.parametrize(
    ("query", "asked"),
    [
        ("Quick one for my minister's briefing: how many meetings did the Commission hold?",
         "how many meetings did the Commission hold?"),
        ("Does resolution I express regret about the working group? I need the exact wording "
         "for my note.", "Does resolution I express regret about the working group?"),
        ("We need to know before the ECOSOC discussion: what does resolution I say about "
         "unilateral measures?", "what does resolution I say about unilateral measures?"),
        ("I'm drafting a summary — what is the last item addressed to UNCTAD?",
         "what is the last item addressed to UNCTAD?"),
        ("帮部长准备材料：第二十四届会议的报告员到底选出来没有？",
         "第二十四届会议的报告员到底选出来没有？"),
        ("我在起草我们的发言稿，想引用决议里关于残疾人的那句话，原文是啥？",
         "想引用决议里关于残疾人的那句话， 原文是啥？"),
        # who is asking, said before the question
        ("Budget officer asking: do either of the two draft resolutions carry programme "
         "budget implications?",
         "do either of the two draft resolutions carry programme budget implications?"),
        ("Journalist question: which priority themes were picked for the 24th session?",
         "which priority themes were picked for the 24th session?"),
        ("I advise a country office on digital transformation. Does the WSIS resolution "
         "mention UNDP's digital strategy?",
         "Does the WSIS resolution mention UNDP's digital strategy?"),
        ("做扶贫项目的想问，决议说科技给穷人带来的希望实现了没有？",
         "决议说科技给穷人带来的希望实现了没有？"),
        ("我在香港做政策研究，想問資訊社會那份決議有沒有提到青年？",
         "想問資訊社會那份決議有沒有提到青年？"),
    ],
)  # fmt: skip
def test_what_the_asker_is_working_on_is_left_out(query: str, asked: str) -> None:
    assert without_asker(query) == asked


@pytest.mark.parametrize(
    "query",
    [
        # "I" the numeral, and a note of the report's own: asked about
        "res I takes note of a report on WSIS success stories - which paragraph is that",
        "the note at the start of the report: what does it say?",
        # what the asker's notes say is a claim to check
        "My notes say the review gave the IGF five more years. Is that what resolution I says?",
        # a symbol's dots are no sentence's end
        "For my note. E/CN.16/2020/3 and E/CN.16/2020/3/Amend.1",
        # a statement alone is the question
        "for my minister's briefing",
        # what the asker did not find is what is asked about
        "我在报告里没找到青年的内容，决议有没有提到青年？",
        "I searched the report for youth. Does it mention young people?",
        # who the asker is, when the question asks about the asker's own body ("our work")
        "I'm from the ILO office — is our work mentioned anywhere in the WSIS resolution?",
        "我们是国际电联的：决议里有没有提到我们的工作",
    ],
)
def test_what_names_the_subject_stays(query: str) -> None:
    assert "E/CN. 16" not in without_asker(query)
    if "E/CN" not in query:
        assert without_asker(query) == query


def test_a_name_the_report_does_not_give_asked_for_a_briefing_is_not_given() -> None:
    result = search(
        bundled_kb(),
        "For my minister's briefing: what's the name of the UNCTAD Secretary-General who "
        "addressed the opening meeting?",
    )
    assert result.status == "none" and result.hint.startswith("the report does not say")


def test_how_many_meetings_asked_for_a_briefing_is_their_count() -> None:
    result = search(
        bundled_kb(),
        "Quick one for my minister's briefing: how many meetings did the Commission actually "
        "hold at CSTD 23?",
    )
    assert result.status == "answer" and result.composed is not None
    assert result.composed.intent == "count"
