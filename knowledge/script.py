"""Which script a text of the report is printed in, and its Simplified form for display.

The report is in Simplified Chinese, but a few passages were printed in Traditional characters
(paragraphs 10–19 of draft resolution I, a stray 決 here and there). A reader of Simplified
Chinese is shown them in Simplified (OpenCC ``t2s``: characters, and the phrases where one
Traditional character has several Simplified ones), and told when a whole passage was printed
otherwise. Display only: search folds scripts itself (``knowledge.normalize``).
"""

from __future__ import annotations

from functools import lru_cache

from knowledge.normalize import _converter, is_cjk

__all__ = ["printed_in_traditional", "simplified_for_display"]

# A passage counts as printed in Traditional when at least this share of its Chinese
# characters are Traditional forms; a single 決 or 藉 in a Simplified passage is not that.
TRADITIONAL_SHARE = 0.1


@lru_cache(maxsize=8192)
def simplified_for_display(text: str) -> str:
    """``text`` with every Traditional character in its Simplified form (Simplified unchanged)."""
    if not text or text.isascii():
        return text
    return _converter("t2s")(text)


@lru_cache(maxsize=8192)
def printed_in_traditional(text: str) -> bool:
    """Whether ``text`` is (mostly) printed in Traditional characters."""
    shown = simplified_for_display(text)
    if shown == text:
        return False
    chinese = sum(1 for ch in text if is_cjk(ch))
    changed = sum(1 for a, b in zip(text, shown, strict=False) if a != b)
    return chinese > 0 and changed >= TRADITIONAL_SHARE * chinese
