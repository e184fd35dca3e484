"""Chapter I: the draft resolutions and the draft decision the Commission recommends.

Chapter I has lettered sections (A. draft resolutions, B. draft decisions). Each opens with a
numbered report paragraph ("1. …建议经济及社会理事会通过以下决议草案：") followed by the drafts,
each introduced by its own marker line (决议草案一) or, for a single draft, by nothing. A draft
reads: title, the acting body ("经济及社会理事会，"), preambular paragraphs, then operative
paragraphs, possibly under headings. The label style of the first operative paragraph decides
the levels: "1." paragraphs with "(a)" items, or "(a)" paragraphs with "(一)" items.
Footnote numbering restarts in each draft.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from knowledge.extract.errors import ExtractError
from knowledge.extract.layout import RawParagraph, cited_footnotes, footnote_table
from knowledge.extract.text import (
    CHINESE_NUMBERED,
    LETTERED,
    LETTERED_HEADING,
    NUMBERED,
    Line,
    chinese_numeral,
    is_labelled,
    is_open,
    join_lines,
    join_pieces,
    looks_like_heading,
    tidy,
)
from knowledge.models import (
    Paragraph,
    ParagraphKind,
    Resolution,
    ResolutionKind,
    ResolutionSection,
)

_DRAFT_MARKER = re.compile(r"^(决议草案|决定草案)([一二三四五六七八九十]+)$")
_DECISION_WORD = "决定"
# The acting body closes with a comma (resolution) or a colon (decision): "经济及社会理事会，".
_ACTING_BODY = re.compile(r"^[^，：,:]{2,20}[，：]$")


@dataclass(frozen=True, slots=True)
class ChapterOneSection:
    """A lettered section of chapter I: its lead report paragraph and the drafts it introduces."""

    letter: str
    heading: str
    lead: RawParagraph
    drafts: tuple[Resolution, ...]


def parse_chapter_one(lines: Sequence[Line], session: int) -> list[ChapterOneSection]:
    """The lettered sections of chapter I, each with its lead paragraph and drafts."""
    starts = [i for i, line in enumerate(lines) if LETTERED_HEADING.match(line.text)]
    if not starts:
        raise ExtractError("chapter I has no lettered section (A. …)")
    sections: list[ChapterOneSection] = []
    counters = {"resolution": 0, "decision": 0}
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        heading = tidy(lines[start].text)
        letter = heading[0]
        kind: ResolutionKind = "decision" if _DECISION_WORD in heading else "resolution"
        lead, rest = _lead_paragraph(lines[start + 1 : end], heading)
        drafts: list[Resolution] = []
        for marker, block in _draft_blocks(rest):
            counters[kind] += 1
            number = chinese_numeral(marker) if marker else counters[kind]
            rid = f"{'D' if kind == 'decision' else 'R'}{number}"
            drafts.append(_parse_draft(rid, kind, number, session, block))
        sections.append(ChapterOneSection(letter, heading, lead, tuple(drafts)))
    return sections


def _lead_paragraph(lines: Sequence[Line], heading: str) -> tuple[RawParagraph, Sequence[Line]]:
    """The numbered report paragraph that introduces the drafts of a section."""
    body = [i for i, line in enumerate(lines) if not line.is_footnote]
    if not body or not NUMBERED.match(lines[body[0]].text):
        raise ExtractError(f"section {heading!r} does not open with a numbered paragraph")
    first = lines[body[0]]
    match = NUMBERED.match(first.text)
    assert match is not None
    paragraph = RawParagraph(
        int(match.group(1)), join_pieces([match.group(2)]), heading, (heading,)
    )
    return paragraph, lines[body[0] + 1 :]


def _draft_blocks(lines: Sequence[Line]) -> list[tuple[str, Sequence[Line]]]:
    """(numeral of the marker or "", lines) for each draft."""
    markers = [i for i, line in enumerate(lines) if _DRAFT_MARKER.match(line.text)]
    if not markers:
        return [("", lines)]
    if any(not line.is_footnote for line in lines[: markers[0]]):
        raise ExtractError(f"line {lines[0].number}: text before the first draft marker")
    blocks: list[tuple[str, Sequence[Line]]] = []
    for start, end in zip(markers, [*markers[1:], len(lines)], strict=True):
        match = _DRAFT_MARKER.match(lines[start].text)
        assert match is not None
        blocks.append((match.group(2), lines[start + 1 : end]))
    return blocks


@dataclass
class _Entry:
    """A paragraph of a draft while its lines are being collected."""

    id: str
    kind: ParagraphKind
    label: str
    number: int
    pieces: list[str]
    section: str = ""
    listed: list[str] = field(default_factory=list)
    items: int = 0

    @property
    def last_text(self) -> str:
        return self.listed[-1] if self.listed else self.pieces[-1]

    def text(self) -> str:
        lead = join_pieces(self.pieces)
        return join_lines(lead, self.listed) if self.listed else lead


_LEVELS = {
    "numbered": (NUMBERED, LETTERED),
    "lettered": (LETTERED, CHINESE_NUMBERED),
}


def _levels(lines: Sequence[Line]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    for line in lines:
        if NUMBERED.match(line.text):
            return _LEVELS["numbered"]
        if LETTERED.match(line.text):
            return _LEVELS["lettered"]
    raise ExtractError(f"line {lines[0].number}: a draft without operative paragraphs")


def _label(pattern: re.Pattern[str], value: str) -> tuple[str, int]:
    """(label as printed, ordinal) of a paragraph label."""
    if pattern is NUMBERED:
        return value, int(value)
    if pattern is LETTERED:
        return f"({value})", ord(value) - ord("a") + 1
    return f"({value})", chinese_numeral(value)


def _key(pattern: re.Pattern[str], value: str) -> str:
    """The id segment of a label: 24, a, 3."""
    return str(chinese_numeral(value)) if pattern is CHINESE_NUMBERED else value


def _parse_draft(
    rid: str, kind: ResolutionKind, number: int, session: int, lines: Sequence[Line]
) -> Resolution:
    body = [line for line in lines if not line.is_footnote]
    intro_at = next((i for i, line in enumerate(body) if _ACTING_BODY.match(line.text)), None)
    if not intro_at:
        raise ExtractError(f"{rid}: no title followed by the acting body (经济及社会理事会，)")
    reader = _DraftReader(rid, *_levels(body[intro_at + 1 :]))
    for line in body[intro_at + 1 :]:
        reader.read(line)
    preamble, operative = reader.preamble, reader.operative
    operative_intro = ""
    if preamble and preamble[-1].last_text.endswith(("：", ":")):
        operative_intro = preamble.pop().text()
    notes = footnote_table(lines)
    return Resolution(
        id=rid,
        kind=kind,
        number=number,
        title=join_pieces(line.text for line in body[:intro_at]),
        session=session,
        intro=tidy(body[intro_at].text),
        operative_intro=operative_intro,
        sections=reader.sections(),
        paragraphs=tuple(_paragraph(entry, rid, notes) for entry in [*preamble, *operative]),
    )


@dataclass
class _DraftReader:
    """Reads a draft's lines after the acting body, one line at a time."""

    rid: str
    top: re.Pattern[str]
    sub: re.Pattern[str]
    preamble: list[_Entry] = field(default_factory=list)
    operative: list[_Entry] = field(default_factory=list)
    parent: _Entry | None = None
    listing: _Entry | None = None
    section: str = ""
    headings: list[str] = field(default_factory=list)

    def read(self, line: Line) -> None:
        text = line.text
        last = (
            self.operative[-1]
            if self.operative
            else (self.preamble[-1] if self.preamble else None)
        )
        top, sub = self.top.match(text), self.sub.match(text)
        if self.listing:
            self.listing.listed.append(text)
        elif (
            last
            and is_open(last.last_text)
            and not (is_labelled(text) or looks_like_heading(text))
        ):
            last.pieces.append(text)  # the rest of a paragraph cut by a page or footnote break
        elif top:
            self._operative(line, top)
        elif sub and self.parent:
            self._item(line, self.parent, sub)
        elif (lead := self._lead_of_list(last)) is not None:
            # A lead paragraph followed by a list of its own (the provisional agenda).
            self.listing = lead
            lead.listed.append(text)
        elif looks_like_heading(text) and not is_labelled(text):
            self.section = tidy(text)
            self.headings.append(self.section)
        elif not self.operative:
            n = len(self.preamble) + 1
            self.preamble.append(_Entry(f"{self.rid}.pre.{n}", "preamble", "", n, [text]))
        else:
            raise ExtractError(f"line {line.number}: unexpected line in {self.rid}: {text[:30]!r}")

    def _lead_of_list(self, last: _Entry | None) -> _Entry | None:
        """The last operative paragraph when it ends in a colon and has no items of its own."""
        parent = self.parent
        if parent and last is parent and parent.last_text.endswith("：") and not parent.items:
            return parent
        return None

    def _operative(self, line: Line, match: re.Match[str]) -> None:
        label, ordinal = _label(self.top, match.group(1))
        expected = self.parent.number + 1 if self.parent else 1
        if ordinal != expected:
            raise ExtractError(f"line {line.number}: {self.rid} paragraph {label}, not {expected}")
        self.parent = _Entry(
            f"{self.rid}.{_key(self.top, match.group(1))}",
            "operative",
            label,
            ordinal,
            [match.group(2)],
            self.section,
        )
        self.operative.append(self.parent)

    def _item(self, line: Line, parent: _Entry, match: re.Match[str]) -> None:
        label, ordinal = _label(self.sub, match.group(1))
        parent.items += 1
        if ordinal != parent.items:
            raise ExtractError(f"line {line.number}: {parent.id} item {label} out of order")
        item_id = f"{parent.id}.{_key(self.sub, match.group(1))}"
        self.operative.append(
            _Entry(item_id, "item", label, ordinal, [match.group(2)], self.section)
        )

    def sections(self) -> tuple[ResolutionSection, ...]:
        return tuple(
            ResolutionSection(title, tuple(e.id for e in self.operative if e.section == title))
            for title in self.headings
        )


def _paragraph(entry: _Entry, rid: str, notes: dict[str, str]) -> Paragraph:
    text = entry.text()
    return Paragraph(
        id=entry.id,
        parent=rid,
        kind=entry.kind,
        label=entry.label,
        number=entry.number,
        text=text,
        section=entry.section,
        footnotes=cited_footnotes(text, notes, entry.id),
    )
