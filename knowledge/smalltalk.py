"""Greetings, thanks, farewells and requests for help: a short reply, never a search.

A message is small talk only when it is nothing else: "帮助" alone asks for help, while
"帮助发展中国家" is a search. The folded message (punctuation, emoji and case gone) must be
one of the phrases below, optionally with a polite word or the bot's name around it.
"""

from __future__ import annotations

import re
from typing import Literal

from knowledge.normalize import normalize

__all__ = ["SmallTalk", "small_talk"]

SmallTalk = Literal["greeting", "thanks", "help", "bye"]

_PHRASES: dict[SmallTalk, tuple[str, ...]] = {
    "greeting": (
        "hi", "hello", "hey", "hiya", "good morning", "good afternoon", "good evening",
        "greetings", "hi there", "hello there", "yo", "howdy", "how are you",
        "你好", "您好", "嗨", "哈喽", "哈啰", "早上好", "上午好", "下午好", "晚上好", "早安",
        "大家好", "在吗", "你好吗", "喂",
    ),
    "thanks": (
        "thanks", "thank you", "thx", "ty", "many thanks", "thanks a lot", "thank you very much",
        "great thanks", "ok thanks", "cheers", "much appreciated", "perfect thanks",
        "谢谢", "多谢", "感谢", "谢了", "谢谢你", "谢谢您", "非常感谢", "太感谢了", "好的谢谢",
        "好的 谢谢", "辛苦了",
    ),
    "help": (
        "help", "help me", "what can you do", "how does this work", "how do i use this",
        "who are you", "what are you", "commands", "menu", "start", "instructions", "how to use",
        "帮助", "帮忙", "帮帮我", "求助", "使用说明", "说明", "怎么用", "如何使用", "你能做什么",
        "你会什么", "你是谁", "菜单", "命令", "功能", "有什么功能",
    ),
    "bye": (
        "bye", "goodbye", "good bye", "see you", "see you later", "good night", "ciao",
        "再见", "拜拜", "晚安", "回头见",
    ),
}  # fmt: skip

_POLITE = re.compile(
    r"^(?:ok|okay|oh|hi|please|bot|delegate bot)\s+|^(?:嗯|哦|好的|好|请)\s*"
    r"|\s+(?:bot|please)$|\s*(?:呀|啊|啦|哦|吧|哈)$"
)
_TABLE: dict[str, SmallTalk] = {
    normalize(phrase): kind for kind, phrases in _PHRASES.items() for phrase in phrases
}


def small_talk(message: str) -> SmallTalk | None:
    """The kind of small talk a message is, or None if it asks something."""
    folded = normalize(message)
    if not folded or len(folded) > 40:
        return None
    for _ in range(2):
        kind = _TABLE.get(folded)
        if kind is not None:
            return kind
        trimmed = _POLITE.sub("", folded).strip()
        if trimmed == folded:
            break
        folded = trimmed
    return _TABLE.get(folded)
