"""Cut Telegram HTML into messages that each fit, without breaking a tag or an entity.

Cuts are made, in order of preference, between paragraphs (a blank line), between lines,
after a sentence, and only as a last resort between any two characters. A tag that is open at
a cut is closed at the end of one message and opened again at the start of the next, so every
piece parses on its own.

Length is measured on the HTML source in UTF-16 code units: never less than the visible text
Telegram counts, so a piece that fits here fits there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

MAX_MESSAGE_LENGTH: Final = 4096

_TOKEN = re.compile(r"<[^<>]*>|&#?[A-Za-z0-9]+;|[^<&]+|[<&]")
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")
_SENTENCE_END: Final = frozenset("。！？；!?;.")
# Cut preferences: a higher number is a better place to cut.
_PARAGRAPH, _LINE, _SENTENCE, _ANYWHERE = 3, 2, 1, 0


def measure(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True, slots=True)
class _Atom:
    raw: str
    size: int
    opens: str | None = None  # the tag's name, for an opening tag
    closes: str | None = None  # the tag's name, for a closing tag


def _atoms(html: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for match in _TOKEN.finditer(html):
        raw = match.group()
        if raw.startswith("<") and len(raw) > 1:
            name_match = _TAG_NAME.match(raw)
            name = name_match.group(1).lower() if name_match else ""
            if raw.startswith("</"):
                atoms.append(_Atom(raw, measure(raw), closes=name))
            else:
                atoms.append(_Atom(raw, measure(raw), opens=name))
        elif raw.startswith("&") and len(raw) > 1:
            atoms.append(_Atom(raw, len(raw)))
        else:
            atoms.extend(_Atom(ch, measure(ch)) for ch in raw)
    return atoms


def _cut_quality(atoms: list[_Atom], index: int) -> int:
    """How good a cut is just before ``atoms[index]``."""
    previous = atoms[index - 1].raw if index > 0 else ""
    if previous == "\n":
        if index >= 2 and atoms[index - 2].raw == "\n":
            return _PARAGRAPH
        return _LINE
    if previous in _SENTENCE_END:
        return _SENTENCE
    return _ANYWHERE


def split_html(html: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """``html`` as one or more pieces of at most ``limit`` UTF-16 units, each valid alone."""
    html = html.strip()
    if measure(html) <= limit:
        return [html] if html else []
    atoms = _atoms(html)
    pieces: list[str] = []
    open_tags: list[_Atom] = []  # tags open at the start of the current piece
    start = 0
    while start < len(atoms):
        prefix = "".join(tag.raw for tag in open_tags)
        size = measure(prefix)
        stack = list(open_tags)
        closing = sum(len(f"</{t.opens}>") for t in stack)
        best: dict[int, tuple[int, list[_Atom]]] = {}
        index = start
        while index < len(atoms):
            atom = atoms[index]
            if size + atom.size + closing > limit and index > start:
                break
            size += atom.size
            if atom.opens:
                stack.append(atom)
                closing += len(f"</{atom.opens}>")
            elif atom.closes and stack:
                closing -= len(f"</{stack[-1].opens}>")
                stack.pop()
            index += 1
            if index < len(atoms) and not atom.opens:
                best[_cut_quality(atoms, index)] = (index, list(stack))
        if index >= len(atoms):
            cut, stack_at_cut = len(atoms), stack
        else:
            cut, stack_at_cut = _choose_cut(best, start, index, limit, atoms)
        body = "".join(a.raw for a in atoms[start:cut])
        suffix = "".join(f"</{t.opens}>" for t in reversed(stack_at_cut))
        piece = (prefix + body).rstrip() + suffix
        if _visible(piece):
            pieces.append(piece)
        start = cut
        while start < len(atoms) and atoms[start].raw in ("\n", " "):
            start += 1
        open_tags = stack_at_cut
    return pieces


def _choose_cut(
    best: dict[int, tuple[int, list[_Atom]]], start: int, stop: int, limit: int, atoms: list[_Atom]
) -> tuple[int, list[_Atom]]:
    """The best cut that keeps the piece at least a third full (or any, if none does)."""
    floor = start + max(1, (stop - start) // 3)
    for quality in (_PARAGRAPH, _LINE, _SENTENCE, _ANYWHERE):
        candidate = best.get(quality)
        if candidate is not None and candidate[0] >= floor:
            return candidate
    if best:
        return max(best.values(), key=lambda c: c[0])
    return stop, []


def _visible(piece: str) -> bool:
    return bool(re.sub(r"<[^<>]*>", "", piece).strip())


def truncate_html(html: str, limit: int = MAX_MESSAGE_LENGTH, ellipsis: str = "…") -> str:
    """The first piece of ``html`` that fits, with an ellipsis when something was cut."""
    pieces = split_html(html, limit - len(ellipsis) - 1)
    if len(pieces) <= 1:
        return pieces[0] if pieces else ""
    return pieces[0] + "\n" + ellipsis
