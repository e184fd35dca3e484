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
from dataclasses import dataclass
from typing import Literal

from knowledge.models import KnowledgeBase, Paragraph
from knowledge.normalize import normalize

__all__ = ["Asked", "asked_neighbour", "neighbour"]

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
_NUMBER = re.compile(r"\d")
_COMES = re.compile(r"\s*\bcomes?\s*$")


@dataclass(frozen=True, slots=True)
class Asked:
    direction: Direction
    rest: str  # the question without its cue: what finds the paragraph it is next to
    by_number: bool  # the paragraph it is next to named by its number after the cue


def asked_neighbour(query: str) -> Asked | None:
    """The direction asked and the question without its cue, or None when the question
    asks for no neighbour."""
    folded = normalize(query)
    for direction, pattern in _CUES:
        found = pattern.search(folded)
        if found is not None:
            # a heading asked for is no paragraph: what is asked stands before an English
            # cue ("which heading comes right before paragraph 60"), after a Chinese one
            # ("第59段后面的标题"); a heading after an English cue names the paragraph it is
            # next to ("right before the Internet governance heading starts"), unless a
            # number does ("the para after 59, where a new section starts")
            english = found.group(0).isascii()
            asked = folded[: found.start()] if english else folded
            after = folded[found.end() :] if english else ""
            if _HEADING.search(asked) or (_HEADING.search(after) and not _NUMBER.search(after)):
                return None
            if english and _NUMBER.search(after):
                # "which para comes straight after 67": the paragraph numbered, read as "which
                # para 67" ("comes" between them would hide the number from its word)
                before = _COMES.sub("", folded[: found.start()])
                return Asked(direction, " ".join(f"{before} {after}".split()), by_number=True)
            rest = f"{folded[: found.start()]} {folded[found.end() :]}"
            return Asked(direction, " ".join(rest.split()), by_number=False)
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
