"""The everyday questions of a new delegate, through the fake Bot API, in each interface
language: answer first, with the record it rests on, and "the report doesn't say" plainly.

Every reply must have been accepted by the strict fake server (``server.errors == []``).
"""

from __future__ import annotations

import pytest

from tests.support.app import BotFactory
from tests.support.fake_bot_api import FakeBotApi
from tests.support.people import Person

# (question, language code, what the first reply must say)
EVERYDAY = [
    ("谁是主席", "zh-hans", ["第二十四届会议主席：彼得·毛约尔", "第二十三届会议主席：Kekgonne"]),
    ("委员会主席是谁", "zh-hant", ["第二十四屆會議主席：彼得·毛約爾"]),
    ("who is the chair", "en", ["Chair of the 24th session: Peter Major (Hungary)"]),
    ("决议二什么时候通过的", "zh-hans", ["经2020 年 6 月 9 日结束的无异议程序通过"]),
    ("when was resolution II adopted", "en", ["adopted by silence procedure ending Tuesday"]),
    ("中国代表发言了吗", "zh-hans", ["是。", "第 2 次会议", "白春礼", "AX2.13"]),
    ("did China speak", "en", ["Yes.", "Meeting 2", "Bai Chunli", "AX2.16"]),
    ("did China speak", "zh-hant", ["是。", "白春禮"]),
    ("when is the next meeting", "en", ["is over", "The last meeting: meeting 3"]),
    ("what time does meeting 2 start", "en", ["The report doesn't say.", "no start time"]),
    ("who chaired the 21st session", "en", ["The report doesn't say.", "nothing on the 21st"]),
    ("第二十一届会议主席是谁", "zh-hans", ["报告没有说明。", "第二十一届会议"]),
    ("数字红沟", "zh-hans", ["数字鸿沟"]),
    ("did Kenya speak", "en", ["No.", "not among the speakers"]),
    ("报告第八章B节讲的啥", "zh-hans", ["第 8 章 B 节：选举主席团成员", "P17"]),
    ("Section A of chapter VIII - can you sum it up", "en", ["Chapter 8, section A", "P16"]),
    ("where will the 24th session be held", "en", ["The report doesn't say.", "no place"]),
    ("第二十四届会议什么时候开幕", "zh-hans", ["报告没有说明。", "报告没有第二十四届会议的日期"]),
    # the search decides the report lacks the fact: said plainly, the nearest passages after
    ("how much money does the commission have", "en", ["The report doesn't say.", "nearest"]),
    ("委员会的预算是多少钱", "zh-hans", ["报告没有说明。", "最接近"]),
    ("委員會的預算是多少錢", "zh-hant", ["報告沒有說明。", "最接近"]),
    # the table of contents and footnotes, as printed
    ("on which page does chapter V begin", "en", ["table of contents", "..... 30"]),
    ("决定草案在报告的第几页", "zh-hans", ["报告目录", "B. 供理事会通过的决定草案..... 26"]),
    ("决议一的脚注5引的是哪份文件", "zh-hans", ["R1 脚注 5", "2200A(XXI)", "R1.54"]),
    ("what does footnote 8 of resolution I cite", "en", ["Footnote 8 of R1", "A/60/687"]),
]


@pytest.mark.parametrize(("question", "language", "expected"), EVERYDAY)
async def test_everyday_questions_get_the_answer_first(
    server: FakeBotApi,
    start_bot: BotFactory,
    question: str,
    language: str,
    expected: list[str],
) -> None:
    async with start_bot():
        delegate = Person(server, 301, language)
        answer = await delegate.one(question)
    assert answer.text is not None
    for part in expected:
        assert part in answer.text, (part, answer.text[:400])
    assert server.errors == []


@pytest.mark.parametrize(
    ("message", "language", "expected"),
    [
        ("hi", "en", "Hello! I answer questions about the report"),
        ("你好", "zh-hans", "你好！我可以回答"),
        ("thanks!", "en", "You're welcome!"),
        ("謝謝", "zh-hant", "不客氣"),
        ("帮助", "zh-hans", "/agenda"),
        ("help", "en", "/agenda"),
    ],
)
async def test_small_talk_gets_a_short_reply_never_a_search(
    server: FakeBotApi, start_bot: BotFactory, message: str, language: str, expected: str
) -> None:
    async with start_bot():
        delegate = Person(server, 302, language)
        answer = await delegate.one(message)
    assert answer.text is not None and expected in answer.text
    assert "R1." not in answer.text  # no resolution paragraph containing 帮助
    assert server.errors == []
