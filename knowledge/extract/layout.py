"""The report's layout: its parts (cover, summary, chapters, annexes) and numbered paragraphs.

A part is found by its own heading line (摘要, 第三章, 附件二); the table of contents, which
repeats those headings, is skipped. Numbered report paragraphs are rebuilt from their lines:
a paragraph cut by a page break or a footnote block continues on the next line that is not a
heading, and a paragraph ending in a colon keeps the short list printed under it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.extract.errors import ExtractError
from knowledge.extract.text import (
    LETTERED_HEADING,
    NUMBERED,
    Line,
    chinese_numeral,
    footnote_marks,
    is_labelled,
    is_open,
    join_lines,
    join_pieces,
    looks_like_heading,
    tidy,
)
from knowledge.models import Footnote

SUMMARY_HEADING = "摘要"
CONTENTS_HEADING = "目录"
_CHAPTER = re.compile(r"^第([一二三四五六七八九十]+)章$")
_ANNEX = re.compile(r"^附件([一二三四五六七八九十]+)$")


@dataclass(frozen=True, slots=True)
class Part:
    """A chapter or annex: its heading (第二章), title and lines (footnotes included)."""

    heading: str
    number: int
    title: str
    lines: tuple[Line, ...]

    @property
    def full_title(self) -> str:
        return f"{self.heading} {self.title}"


@dataclass(frozen=True, slots=True)
class Layout:
    cover: tuple[Line, ...]
    summary: tuple[Line, ...]
    contents: tuple[Line, ...]
    chapters: tuple[Part, ...]
    annexes: tuple[Part, ...]

    def chapter(self, number: int) -> Part:
        return _find(self.chapters, number, "chapter")

    def annex(self, number: int) -> Part:
        return _find(self.annexes, number, "annex")


def _find(parts: Sequence[Part], number: int, what: str) -> Part:
    for part in parts:
        if part.number == number:
            return part
    raise ExtractError(f"the report has no {what} {number}")


def split_parts(lines: Sequence[Line]) -> Layout:
    texts = [line.text for line in lines]
    summary_at = _index(texts, SUMMARY_HEADING)
    contents_at = _index(texts, CONTENTS_HEADING)
    body_at = next((i for i in range(contents_at, len(lines)) if _CHAPTER.match(texts[i])), None)
    if body_at is None:
        raise ExtractError("no chapter heading (第一章) after the table of contents")
    chapters: list[Part] = []
    annexes: list[Part] = []
    starts = [i for i in range(body_at, len(lines)) if _part_heading(texts[i])]
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        if start + 1 >= end:
            raise ExtractError(f"line {lines[start].number}: a heading without a title")
        heading = texts[start]
        kind, numeral = _part_heading(heading) or ("", "")
        part = Part(
            heading,
            chinese_numeral(numeral),
            tidy(texts[start + 1]),
            tuple(lines[start + 2 : end]),
        )
        (chapters if kind == "chapter" else annexes).append(part)
    return Layout(
        cover=tuple(lines[:summary_at]),
        summary=tuple(lines[summary_at + 1 : contents_at]),
        contents=tuple(lines[contents_at + 1 : body_at]),
        chapters=tuple(chapters),
        annexes=tuple(annexes),
    )


def _part_heading(text: str) -> tuple[str, str] | None:
    """("chapter" or "annex", its numeral) when the line heads a chapter or an annex."""
    for kind, pattern in (("chapter", _CHAPTER), ("annex", _ANNEX)):
        match = pattern.match(text)
        if match:
            return kind, match.group(1)
    return None


def _index(texts: list[str], heading: str) -> int:
    try:
        return texts.index(heading)
    except ValueError:
        raise ExtractError(f"the report has no {heading!r} heading") from None


def footnote_table(lines: Sequence[Line]) -> dict[str, str]:
    """mark → footnote text, for one footnote numbering (a resolution, the summary, an annex)."""
    table: dict[str, str] = {}
    for line in lines:
        if line.is_footnote:
            if line.mark in table:
                raise ExtractError(f"line {line.number}: footnote {line.mark} defined twice")
            table[line.mark] = join_pieces([line.text])
    return table


def cited_footnotes(text: str, table: dict[str, str], where: str) -> tuple[Footnote, ...]:
    """The footnotes a text cites, resolved in its footnote numbering."""
    notes: list[Footnote] = []
    for mark in footnote_marks(text):
        if mark not in table:
            raise ExtractError(f"{where} cites footnote {mark}, which is not printed")
        notes.append(Footnote(mark, table[mark]))
    return tuple(notes)


@dataclass(frozen=True, slots=True)
class RawParagraph:
    """A numbered report paragraph rebuilt from its lines.

    ``headings`` are the unnumbered lines printed since the previous paragraph; ``section`` is
    the sub-heading it falls under.
    """

    number: int
    text: str
    section: str
    headings: tuple[str, ...]


@dataclass
class _Builder:
    number: int
    pieces: list[str]
    section: str
    headings: tuple[str, ...]
    listed: list[str]

    @property
    def text_so_far(self) -> str:
        return self.listed[-1] if self.listed else self.pieces[-1]

    def build(self) -> RawParagraph:
        lead = join_pieces(self.pieces)
        text = join_lines(lead, self.listed) if self.listed else lead
        return RawParagraph(self.number, text, self.section, self.headings)


def numbered_paragraphs(
    lines: Sequence[Line], *, lettered_sections: bool = True
) -> list[RawParagraph]:
    """The numbered paragraphs of a chapter or annex (footnote lines are skipped).

    With ``lettered_sections`` the section is the last "A. …" heading; otherwise it is the first
    unnumbered heading line after a paragraph (annex II's agenda-item headings).
    """
    paragraphs: list[RawParagraph] = []
    current: _Builder | None = None
    section = ""
    headings: list[str] = []
    for line in lines:
        if line.is_footnote:
            continue
        text = line.text
        numbered = NUMBERED.match(text)
        if numbered:
            if current:
                paragraphs.append(current.build())
            current = _Builder(
                int(numbered.group(1)),
                [numbered.group(2)],
                section,
                tuple(headings),
                [],
            )
            headings = []
        elif (
            current
            and not current.listed
            and is_open(current.text_so_far)
            and not (is_labelled(text) or looks_like_heading(text))
        ):
            current.pieces.append(text)
        elif (
            current
            and (current.listed or _ends_with_colon(current.text_so_far))
            and not (LETTERED_HEADING.match(text))
        ):
            current.listed.append(text)
        else:
            if current:
                paragraphs.append(current.build())
                current = None
            if lettered_sections:
                starts_section = bool(LETTERED_HEADING.match(text))
            else:
                starts_section = not headings and not _ends_with_colon(text)
            if starts_section:
                section = tidy(text)
            headings.append(tidy(text))
    if current:
        paragraphs.append(current.build())
    return paragraphs


def _ends_with_colon(text: str) -> bool:
    return text.rstrip().endswith(("：", ":"))
