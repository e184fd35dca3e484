"""A paragraph asked for by its place next to another: "the item right after the one about
e-waste recycling", "决议草案一第47段后面接的那一段", "which clause comes right after the one
calling the Commission the UN's torchbearer".

The question names a paragraph by what it says or by its number, and asks for the one printed
just after or just before it. ``asked_neighbour`` finds the cue and what is left to find the
named paragraph with; ``neighbour`` gives the paragraph next to it in its resolution or in
the report's own text.
"""

from __future__ import annotations

import re
from typing import Literal

from knowledge.models import KnowledgeBase, Paragraph
from knowledge.normalize import normalize

__all__ = ["asked_neighbour", "neighbour"]

Direction = Literal["next", "previous"]

_PIECE = r"(?:[1一]\s*)?(?:段|条|项|句|小项|分段)"
_NEXT = re.compile(
    r"\b(?:right|straight|immediately|directly|just)\s+after\b|\bcomes? after\b|\bfollows\b"
    r"|\bthe (?:one|paragraph|para|item|clause) after\b"
    rf"|后面(?:紧)?接(?:着)?的?(?:那|是)?\s*{_PIECE}|紧接着的?(?:那|是)?\s*{_PIECE}"
    rf"|下\s*{_PIECE}|(?<![最之以])后\s*{_PIECE}|之后的?(?:那|是)\s*{_PIECE}(?!时间|日子)"
)
_PREVIOUS = re.compile(
    r"\b(?:right|straight|immediately|directly|just)\s+before\b|\bcomes? before\b"
    r"|\bprecedes\b|\bthe (?:one|paragraph|para|item|clause) before\b"
    rf"|前面(?:紧)?(?:挨着|接着)?的?(?:那|是)?\s*{_PIECE}|上\s*{_PIECE}|(?<![之以])前\s*{_PIECE}"
    # "第10段之前那一段" (not "之前那段时间", a while before)
    rf"|之前的?(?:那|是)\s*{_PIECE}(?!时间|日子)"
)
_CUES: tuple[tuple[Direction, re.Pattern[str]], ...] = (("next", _NEXT), ("previous", _PREVIOUS))
# a heading or a part asked for is the answer of the parts of a resolution, not a paragraph
_HEADING = re.compile(r"\bheading\b|\bsection\b|\bpart starts\b|标题|小节|部分开始")


def asked_neighbour(query: str) -> tuple[Direction, str] | None:
    """The direction asked and the question without its cue (to find the paragraph it is
    next to), or None when the question asks for no neighbour."""
    folded = normalize(query)
    if _HEADING.search(folded):
        return None
    for direction, pattern in _CUES:
        found = pattern.search(folded)
        if found is not None:
            rest = f"{folded[: found.start()]} {folded[found.end() :]}"
            return direction, " ".join(rest.split())
    return None


def neighbour(kb: KnowledgeBase, paragraph: Paragraph, direction: Direction) -> Paragraph | None:
    """The paragraph printed just after or before ``paragraph`` in the same resolution, annex
    or chapter of the report; None at either end."""
    resolution = kb.resolution(paragraph.parent)
    if resolution is not None:
        order = list(resolution.paragraphs)
    else:
        order = [p for p in kb.paragraphs if p.parent == paragraph.parent]
    at = next((i for i, p in enumerate(order) if p.id == paragraph.id), None)
    if at is None:
        return None
    other = at + 1 if direction == "next" else at - 1
    return order[other] if 0 <= other < len(order) else None
