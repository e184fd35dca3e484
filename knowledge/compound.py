"""Two questions in one: "who chaired meeting 2, and what item was on?", "决议一第30段讲了啥？
后面那段呢". The first ask is the question; what follows it is a second one.

``first_ask`` cuts a question where a second ask begins: after a question mark that more words
follow, or where "and" (also, plus) or 另外, 还有, 顺便问一下 starts a new question. What comes
before the first ask (a context, a remark) stays with it.
"""

from __future__ import annotations

import re

from knowledge.normalize import normalize

__all__ = ["ASKS", "first_ask"]

_QUESTION_WORD = (
    r"(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|did|does|do|has|have"
    r"|had|can|could|will|would|should|if|whether|any)\b"
)
# a question mark that more words follow, a new English question joined by "and", a Chinese
# one joined by 另外, 还有 …
_SECOND_ASK = re.compile(
    r"(?<=[?？])\s*(?=\S)"
    rf"|,?\s+(?:and|also|plus)\s+(?:also\s+)?(?={_QUESTION_WORD})"
    r"|[；;。]\s*(?=(?:另外|还有|顺便(?:问)?(?:一)?(?:下)?|然后|此外|同时)(?!\s*[？?]))"
    # a Chinese comma after an ask that ends there ("是谁主持的，哪天开的"), not after a
    # phrase that holds a question word ("那个讨论网络该怎么管的 forum，它的 mandate …")
    r"|(?<=[吗呢吧啥么谁哪几少样的了没])\s*[，]\s*"
    r"(?:另外|还有|顺便(?:问)?(?:一)?(?:下)?|然后|此外|同时)?"
)
# what asks: a question mark or a question word (of a normalized text)
ASKS = re.compile(
    rf"[?？]|\b{_QUESTION_WORD}"
    r"|吗|什么|啥|哪|谁|几|多少|是否|有没有|是不是|怎么|如何|咋|为何|为什么|呢"
)
_WORDS = re.compile(r"[\u4e00-\u9fff]|[A-Za-z0-9]+")


def first_ask(query: str) -> str | None:
    """The first of two or more asks in ``query``; None when it holds one."""
    for match in _SECOND_ASK.finditer(query):
        head, tail = query[: match.start()].strip(), query[match.end() :].strip()
        if len(_WORDS.findall(head)) < 3 or len(_WORDS.findall(tail)) < 2:
            continue
        if ASKS.search(normalize(head)) and ASKS.search(normalize(tail)):
            return head
    return None
