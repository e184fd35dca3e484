"""Exact addressing: a query that names a record resolves to it, or says that it does not exist.

People name things in many ways; all of these name the same paragraph::

    R1.24   R1 24   1 24   决议一第24段   決議草案一第二十四段   resolution I para 24   res 1 24

and ``决议草案二 (a)(三)``, ``第二项决议(b)段第十八项``, ``res 2 a 3`` name ``R2.a.3``.
Agenda items (``议程项目3``, ``agenda item 3(a)``, ``第二十四届会议议程第4项``), meetings
(``第二次会议``, ``first meeting``), sessions (``第二十三届会议``) and document symbols
(``E/CN.16/2020/2``, ``e/cn16/2020/2``) are recognised too.

``resolve_reference`` answers with the record, or — when the query names something that does
not exist, such as paragraph 91 of a resolution with 90 — with a hint and the nearest real
records. It never answers with something other than what was named.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from knowledge.kbcache import derived
from knowledge.models import (
    AgendaItem,
    BureauMember,
    Document,
    KnowledgeBase,
    Meeting,
    Paragraph,
    Record,
    Resolution,
    Session,
)
from knowledge.normalize import (
    agenda_key,
    fold_symbol,
    normalize,
    numerals_to_arabic,
    to_simplified,
)

__all__ = [
    "Reference",
    "ReferenceKind",
    "ReferenceResolution",
    "ReferenceTables",
    "cited_symbols",
    "named_sessions",
    "prepare_query",
    "reference_tables",
    "resolve_reference",
]

ReferenceKind = Literal[
    "paragraph", "resolution", "agenda", "meeting", "session", "document", "bureau"
]


@dataclass(frozen=True, slots=True)
class Reference:
    """One thing the query names, and what it resolved to.

    ``records`` is empty when the named thing does not exist; then ``hint`` says why and
    ``suggestions`` holds the nearest real records. ``exact`` is False when the query named
    something that is not a record of its own (a symbol only cited in footnotes, a paragraph
    number without saying of what): ``records`` are then the records that fit.
    """

    kind: ReferenceKind
    requested: str
    span: tuple[int, int]
    records: tuple[Record, ...] = ()
    exact: bool = True
    hint: str = ""
    suggestions: tuple[Record, ...] = ()
    # a reference inside other words that names nothing real may be ordinary wording
    # ("互联网治理论坛第十四次会议" is not a meeting of this session)
    soft: bool = False

    @property
    def found(self) -> bool:
        return bool(self.records)

    @property
    def why(self) -> str:
        if not self.records:
            return f"no {self.requested}"
        if self.exact:
            return f"reference {self.requested}"
        if self.kind == "document":
            return f"cites {self.requested}"
        return f"reference {self.requested}?"


@dataclass(frozen=True, slots=True)
class ReferenceResolution:
    """Every reference found in a query, and what is left of the query around them."""

    query: str
    references: tuple[Reference, ...]
    rest: str = ""

    @property
    def primary(self) -> Reference:
        """The reference the query is about: the most specific one that resolved."""
        found = [r for r in self.references if r.found]
        if found:
            return max(found, key=lambda r: (_SPECIFICITY[r.kind], r.exact))
        return self.references[0]

    @property
    def record(self) -> Record | None:
        primary = self.primary
        return primary.records[0] if primary.records else None

    @property
    def found(self) -> bool:
        return self.primary.found

    @property
    def pure(self) -> bool:
        """True when the query is nothing but references (and words like 是什么, text, 标题)."""
        return not self.rest

    @property
    def hint(self) -> str:
        return self.primary.hint

    @property
    def suggestions(self) -> tuple[Record, ...]:
        return self.primary.suggestions


_SPECIFICITY: dict[ReferenceKind, int] = {
    "session": 0,
    "resolution": 1,
    "meeting": 2,
    "agenda": 3,
    "document": 4,
    "bureau": 5,
    "paragraph": 5,
}


# ---------------------------------------------------------------------------------------------
# What exists: built once per knowledge base


class _Container:
    """Something with numbered paragraphs: a resolution, the report, annex II, the summary.

    A path is a paragraph's labels below the container: ("24",), ("84", "a"), ("pre", "5").
    """

    id: str
    name: str  # as a hint shows it: "R1", "the report", "annex II"

    def get(self, path: tuple[str, ...]) -> Paragraph | None:
        raise NotImplementedError

    def children(self, parent: tuple[str, ...]) -> list[Paragraph]:
        """The paragraphs one level below ``parent``, in order."""
        raise NotImplementedError

    def nearest(self, parent: tuple[str, ...], wanted: int, count: int) -> list[Paragraph]:
        siblings = self.children(parent)
        return sorted(siblings, key=lambda p: (abs(p.number - wanted), -p.number))[:count]

    def span(self, parent: tuple[str, ...]) -> tuple[Paragraph, Paragraph] | None:
        siblings = self.children(parent)
        return (siblings[0], siblings[-1]) if siblings else None


class _TreeContainer(_Container):
    """A resolution: nested paragraphs, few enough to keep a table of."""

    def __init__(self, container_id: str, paragraphs: Iterable[Paragraph]) -> None:
        self.id = self.name = container_id
        self.paths = {_paragraph_path(p): p for p in paragraphs}

    def get(self, path: tuple[str, ...]) -> Paragraph | None:
        return self.paths.get(path)

    def children(self, parent: tuple[str, ...]) -> list[Paragraph]:
        depth = len(parent)
        found = [
            p
            for key, p in self.paths.items()
            if len(key) == depth + 1 and key[:depth] == parent and key != ("pre",)
        ]
        return sorted(found, key=lambda p: p.number)


class _FlatContainer(_Container):
    """The report, annex II, the summary: one level of numbered paragraphs whose ids are a
    prefix and the number (P12, AX2.13, SUM3). Only the numbers are kept — a base may hold
    hundreds of thousands — and paragraphs are fetched from the knowledge base."""

    def __init__(
        self, container_id: str, prefix: str, numbers: Iterable[int], kb: KnowledgeBase
    ) -> None:
        self.id = container_id
        self.name = _CONTAINER_NAMES.get(container_id, container_id)
        self.prefix = prefix
        self.numbers = np.unique(np.fromiter(numbers, dtype=np.int64))
        self._kb = weakref.ref(kb)  # the tables are cached beside the kb: no strong cycle

    def _paragraph(self, number: int) -> Paragraph | None:
        kb = self._kb()
        record = kb.get(f"{self.prefix}{number}") if kb is not None else None
        return record if isinstance(record, Paragraph) else None

    def get(self, path: tuple[str, ...]) -> Paragraph | None:
        if len(path) != 1 or not path[0].isdigit():
            return None
        return self._paragraph(int(path[0]))

    def children(self, parent: tuple[str, ...]) -> list[Paragraph]:
        if parent:
            return []
        found = (self._paragraph(int(n)) for n in self.numbers)
        return [p for p in found if p is not None]

    def nearest(self, parent: tuple[str, ...], wanted: int, count: int) -> list[Paragraph]:
        if parent or self.numbers.shape[0] == 0:
            return []
        distance = np.abs(self.numbers - wanted) * 2 + (self.numbers < wanted)
        closest = self.numbers[np.argsort(distance, kind="stable")[:count]]
        found = (self._paragraph(int(n)) for n in closest)
        return [p for p in found if p is not None]

    def span(self, parent: tuple[str, ...]) -> tuple[Paragraph, Paragraph] | None:
        if parent or self.numbers.shape[0] == 0:
            return None
        first, last = self._paragraph(int(self.numbers[0])), self._paragraph(int(self.numbers[-1]))
        return (first, last) if first is not None and last is not None else None


@dataclass(frozen=True, slots=True)
class ReferenceTables:
    containers: dict[str, _Container]  # "R1", "report", "annex2", "summary"
    resolution_numbers: dict[tuple[str, int], Resolution]  # ("resolution", 1) → R1
    agenda: dict[tuple[int, str], AgendaItem]  # (24, "3a") → A24.3a
    meetings: dict[int, Meeting]
    sessions: dict[int, Session]
    current_session: int | None
    next_session: int | None
    documents: dict[str, Document]  # folded symbol → document
    citations: dict[str, tuple[Record, ...]]  # folded symbol → records whose text cites it
    symbols: dict[str, str]  # folded symbol → symbol as printed
    # records that point at a record: an agenda item's documents, a paragraph citing a symbol
    related: dict[str, frozenset[str]] = field(default_factory=dict)


_SYMBOL_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9/])[A-Z][A-Za-z0-9.]*(?:/[A-Za-z0-9.()\-]*[A-Za-z0-9)])+"
)


def cited_symbols(text: str) -> list[str]:
    """Document symbols printed in a text (A/75/62-E/2020/11 gives it and both halves)."""
    out: list[str] = []
    if "/" not in text and "／" not in text:
        return out
    for match in _SYMBOL_IN_TEXT.finditer(unicodedata.normalize("NFKC", text)):
        symbol = match.group(0).rstrip(".")
        while symbol.endswith(")") and symbol.count(")") > symbol.count("("):
            symbol = symbol[:-1]  # the parenthesis around "(A/75/62-E/2020/11)"
        if not any(ch.isdigit() for ch in symbol):
            continue
        out.append(symbol)
        if "-" in symbol:
            out.extend(part for part in symbol.split("-") if "/" in part)
    return out


def _record_texts(record: Record) -> Iterator[str]:
    if isinstance(record, Paragraph):
        yield record.text
        for footnote in record.footnotes:
            yield footnote.text
    elif isinstance(record, AgendaItem):
        yield record.title
        yield from record.documents
        yield from record.document_notes
    elif isinstance(record, Document):
        yield record.note


def _paragraph_path(paragraph: Paragraph) -> tuple[str, ...]:
    if paragraph.id.startswith(paragraph.parent + "."):
        return tuple(paragraph.id[len(paragraph.parent) + 1 :].casefold().split("."))
    tail = re.search(r"[.]?(\d+)$", paragraph.id)
    return (tail.group(1),) if tail else (paragraph.label.casefold(),)


_CONTAINER_NAMES = {"report": "the report", "annex2": "annex II", "summary": "the summary"}
_NUMBERED_ID = re.compile(r"^(.*?[^0-9])([0-9]+)$")


def build_reference_tables(kb: KnowledgeBase) -> ReferenceTables:
    containers: dict[str, _Container] = {}
    for resolution in kb.resolutions:
        containers[resolution.id] = _TreeContainer(resolution.id, resolution.paragraphs)
    flat: dict[str, tuple[str, list[int]]] = {}
    nested: dict[str, list[Paragraph]] = {}
    for paragraph in kb.paragraphs:
        numbered = _NUMBERED_ID.match(paragraph.id)
        if numbered is not None and paragraph.parent not in nested:
            prefix, numbers = flat.setdefault(paragraph.parent, (numbered.group(1), []))
            if prefix == numbered.group(1):
                numbers.append(int(numbered.group(2)))
                continue
        nested.setdefault(paragraph.parent, []).append(paragraph)
    for container_id, (prefix, numbers) in flat.items():
        if container_id not in nested:
            containers[container_id] = _FlatContainer(container_id, prefix, numbers, kb)
    for container_id, paragraphs in nested.items():
        # ids that do not follow one prefix-and-number scheme: keep a table of them all
        every = [p for p in kb.paragraphs if p.parent == container_id]
        containers[container_id] = _TreeContainer(container_id, every or paragraphs)
        containers[container_id].name = _CONTAINER_NAMES.get(container_id, container_id)

    agenda: dict[tuple[int, str], AgendaItem] = {}
    for item in kb.agenda:
        agenda[(item.session, agenda_key(item.number))] = item
    held = [s.number for s in kb.sessions if s.status == "held"]
    current = max(held) if held else (max(s for s, _ in agenda) if agenda else None)
    provisional = [item.session for item in kb.agenda if item.provisional]
    planned = [s.number for s in kb.sessions if s.status == "planned"]
    next_session = max(provisional or planned) if provisional or planned else None

    documents: dict[str, Document] = {}
    symbols: dict[str, str] = {}
    for document in kb.documents:
        for symbol in (document.symbol, *document.symbols, *cited_symbols(document.symbol)):
            documents.setdefault(fold_symbol(symbol), document)
            symbols.setdefault(fold_symbol(symbol), symbol)
    citations: dict[str, list[Record]] = {}
    for record in kb.records():
        for text in _record_texts(record):
            for symbol in cited_symbols(text):
                folded = fold_symbol(symbol)
                symbols.setdefault(folded, symbol)
                cited = citations.setdefault(folded, [])
                if not cited or cited[-1] is not record:
                    cited.append(record)

    related: dict[str, set[str]] = {}
    for folded, records in citations.items():
        target = documents.get(folded)
        if target is not None:
            for record in records:
                related.setdefault(target.id, set()).add(record.id)
    return ReferenceTables(
        containers=containers,
        resolution_numbers={(r.kind, r.number): r for r in kb.resolutions},
        agenda=agenda,
        meetings={m.number: m for m in kb.meetings if m.session == current} if current else {},
        sessions={s.number: s for s in kb.sessions},
        current_session=current,
        next_session=next_session,
        documents=documents,
        citations={k: tuple(v) for k, v in citations.items()},
        symbols=symbols,
        related={k: frozenset(v) for k, v in related.items()},
    )


def reference_tables(kb: KnowledgeBase) -> ReferenceTables:
    return derived(kb, "reference-tables", build_reference_tables)


# ---------------------------------------------------------------------------------------------
# Preparing the query: one script, one case, Arabic numerals, ASCII brackets

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30}
_ORDINAL = re.compile(
    r"\b(?:(twenty|thirty)[\s-]?)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth|twentieth)\b"
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
_ROMAN_AFTER_NAME = re.compile(
    r"\b(resolution|res|annex|decision)\s*\.?\s*(i{1,3}|iv|v|vi{1,3}|ix)\b"
)


def _ordinal(match: re.Match[str]) -> str:
    tens = _TENS.get(match.group(1) or "", 0)
    return f"{tens + _ORDINAL_WORDS[match.group(2)]} "


def _prepare(query: str) -> str:
    text = unicodedata.normalize("NFKC", query)
    text = to_simplified(text).casefold()
    text = _ORDINAL.sub(_ordinal, text)
    text = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", r"\1", text)
    text = _ROMAN_AFTER_NAME.sub(lambda m: f"{m.group(1)} {_ROMAN[m.group(2)]}", text)
    text = numerals_to_arabic(text)
    text = re.sub(r"[\[【〔]", "(", text)
    text = re.sub(r"[\]】〕]", ")", text)
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# The grammar


@dataclass(slots=True)
class _Parse:
    text: str
    claimed: list[tuple[int, int]] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in self.claimed)

    def find(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        for match in pattern.finditer(self.text):
            if match.end() > match.start() and self.free(match.start(), match.end()):
                yield match

    def claim(self, match: re.Match[str]) -> tuple[int, int]:
        span = (match.start(), match.end())
        self.claimed.append(span)
        return span


_QUERY_SYMBOL = re.compile(
    r"(?<![a-z0-9/])[a-z][a-z0-9.]*(?:/[a-z0-9.()\-]*[a-z0-9)])+", re.IGNORECASE
)
_SESSION = re.compile(
    r"第\s*(\d+)\s*届(?:会议|会)?|(?<![\d/])(\d+)\s*届(?:会议|会)?"
    r"|(?<![\d/])(\d+)\s*(?:th\s*)?(?:annual\s*)?session\b|\bsession\s*(\d+)\b"
    r"|(?<![a-z0-9])s(\d+)(?![a-z0-9.])"
)
_AGENDA = re.compile(
    r"(?:临时)?议程(?:项目|第)?\s*(\d+)\s*(?:项|分项)?\s*(?:\(\s*([a-z])\s*\)|([a-z])(?![a-z]))?"
    r"|\b(?:agenda\s*)?item\s*(\d+)\s*(?:\(\s*([a-z])\s*\)|([a-z])(?![a-z]))?"
    r"|(?<![\d.])(\d+)\s*(?:item|agenda\s*item)\b"
    r"|(?<![a-z0-9])a(\d+)\.(\d+[a-z]?)(?![a-z0-9])"
    r"|(?<!决议)项目\s*(\d+)\s*(?:\(\s*([a-z])\s*\))?"
)
_MEETING = re.compile(
    r"第\s*(\d+)\s*次(?:非正式|正式|虚拟|全体|网络|在线|线上)*会[议义意仪]?"
    r"|\bmeeting\s*(?:no\.?\s*)?(\d+)\b"
    r"|(?<![\d.])(\d+)\s*(?:virtual\s*|informal\s*|plenary\s*|online\s*)*meeting\b(?!s)"
    r"|(?<![a-z0-9])m(\d+)(?![a-z0-9.])"
)
_RESOLUTION = re.compile(
    r"决议草案\s*(\d+)(?!\s*/)"
    r"|第\s*(\d+)\s*[项份个]?决议(?:草案)?"
    r"|(?<![\d/号])决议\s*(\d+)(?![\d/])"
    r"|(?:draft\s*)?resolution\s*(\d+)\b(?!\s*/)"
    r"|\bdr\s*(\d+)\b(?!\s*/)"
    r"|\bres\.?\s*(\d+)\b(?!\s*/)"
    r"|(?<![a-z0-9/])r(\d+)(?![0-9/])"
    r"|((?<![号\d/])决定草案|(?<![号\d/])决定(?!\s*\d)|draft\s*decision|\bdecision\b(?!\s*\d))"
    r"|(?<![a-z0-9/])d(\d*)(?=[.\s]|$)"
)
_REPORT = re.compile(r"报告(?=\s*第?\s*\d+\s*段)|\breport\b(?=\s*para)|(?<![a-z0-9])p(?=\d+\b)")
_ANNEX = re.compile(r"附件\s*2|annex\s*2|(?<![a-z0-9])ax\s*2(?=[.\s]\d)")
_SUMMARY = re.compile(r"摘要|\bsummary\b|(?<![a-z0-9])sum(?=\d+\b)")
_PREAMBLE = re.compile(
    r"序言(?:部分)?(?:第)?\s*(\d+)\s*段?|\bpp\.?\s*(\d+)\b"
    r"|\bpre(?:ambular|amble)?\s*\.?\s*(?:para(?:graph)?\.?\s*)?(\d+)\b"
)
_PARAGRAPH = re.compile(
    r"第\s*(\d+)\s*段|(?<![\d.])(\d+)\s*段|\bpara(?:graph)?s?\.?\s*(\d+)\b|§\s*(\d+)"
    r"|\(\s*(\d+|[a-z]|[ivx]{2,6})\s*\)|(?<![a-z])([a-z])\s*段|第\s*(\d+)\s*[项目款]"
    r"|(?<![\d.])(\d+)\s*[项款]"
)
_ONLY_COMPONENTS = re.compile(r"^\s*(\d{1,2})(?:[\s.]+(\d{1,3}|[a-z])){1,3}\s*$")

# Words that ask about the named record without adding anything to search for.
_FILLER = re.compile(
    r"是什么|是谁|什么时候|哪一天|哪天|何时|在哪里|在哪|内容|全文|原文|标题|题目|名称|说了什么|讲了什么"
    r"|说什么|怎么说|日期|时间|举行|召开|开的|开会|有关|关于|请问|查询|显示|看看|给我|一下|主持人|主持"
    r"|开幕|的|了|吗|呢|是|谁|哪|在|请|查|看|啥|由"
    r"|\b(?:what|whats|is|are|was|were|the|of|say|says|said|text|show|me|please|about|title|date"
    r"|when|who|which|full|content|contents|does|did|held|a|an|in|on|for|tell|give|find|open"
    r"|its|it|that|this|day|time|where|presided|presiding|preside|over|opened|took|place"
    r"|by|how|go|details|info|information)\b"
)
# Words that only say what kind of thing a found reference is ("议程项目3 标题", "R1.24 段落"):
# filler when such a reference was found, search terms otherwise ("provisional agenda 25th
# session" asks about an agenda, not about a missing session).
_KIND_FILLER: dict[str, re.Pattern[str]] = {
    "agenda": re.compile(r"临时|议程|项目|\b(?:provisional|agenda|item)\b"),
    "meeting": re.compile(r"虚拟|非正式|正式|会议|\b(?:virtual|informal|meeting)\b"),
    "session": re.compile(r"届|会议|\bsession\b"),
    "resolution": re.compile(
        r"草案|决议|决定|序言部分|序言|执行部分|\b(?:draft|resolution|decision|preamble|preambular)\b"
    ),
    "paragraph": re.compile(
        r"草案|决议|决定|条款|段落|\b(?:draft|resolution|decision|paragraph|para)\b"
    ),
}


def _filler_free(text: str, kinds: Iterable[str] = ()) -> str:
    folded = normalize(text)
    folded = _FILLER.sub(" ", folded)
    for kind in kinds:
        pattern = _KIND_FILLER.get(kind)
        if pattern is not None:
            folded = pattern.sub(" ", folded)
    tokens = [t for t in folded.split() if len(t) > 1 or t.isdigit() or t not in _PARTICLES]
    return " ".join(tokens)


# single characters that add nothing to a reference
_PARTICLES = frozenset("的了吗呢是谁哪在请查看啥届由和与及之")


def _first_group(match: re.Match[str], *indexes: int) -> str | None:
    for i in indexes:
        value = match.group(i)
        if value:
            return value
    return None


# ---------------------------------------------------------------------------------------------
# Resolving


def resolve_reference(kb: KnowledgeBase, query: str) -> ReferenceResolution | None:
    """Every record the query names, exactly; None if the query names nothing.

    When a named record does not exist the reference carries a hint ("R1 has paragraphs
    1–90; paragraph 91 does not exist") and the nearest real records as suggestions.
    """
    tables = reference_tables(kb)
    parse = _Parse(_prepare(query))
    references: list[Reference] = []
    references.extend(_documents(tables, parse))
    references.extend(_literal_ids(kb, parse))
    session = _session(parse)
    # a resolution's path first: in "resolution II section b item 12", item 12 is not an
    # agenda item
    references.extend(_paragraphs(kb, tables, parse))
    references.extend(_agenda_items(tables, parse, session))
    references.extend(_meetings(tables, parse))
    if session is not None:
        number, span, named = session
        references.append(_session_reference(tables, number, span, named))
    if not references:
        return None
    rest = _rest(parse, references)
    if rest:
        # inside other words, a missing meeting or session is more likely ordinary wording
        # ("互联网治理论坛第十四次会议" is not a meeting of this session)
        references = [r for r in references if r.found or not (r.soft or r.kind == "session")]
        if not references:
            return None
    references.sort(key=lambda r: r.span)
    return ReferenceResolution(query=query, references=tuple(references), rest=rest)


def prepare_query(query: str) -> str:
    """A query as reference parsing reads it: NFKC, Simplified, casefolded, ordinals and
    numerals as digits ("twenty-first session" → "21 session", "第二十一届" → "第21届")."""
    return _prepare(query)


def named_sessions(query: str) -> tuple[int, ...]:
    """Every session number a query names, whether or not the knowledge base has it."""
    parse = _Parse(_prepare(query))
    numbers: list[int] = []
    for match in parse.find(_SESSION):
        number = _first_group(match, 1, 2, 3, 4, 5)
        if number is not None and int(number) not in numbers:
            numbers.append(int(number))
    return tuple(numbers)


def _rest(parse: _Parse, references: Iterable[Reference]) -> str:
    text = parse.text
    for start, end in sorted(parse.claimed, reverse=True):
        text = text[:start] + " " + text[end:]
    return _filler_free(text, {r.kind for r in references if r.found or not r.soft})


def _documents(tables: ReferenceTables, parse: _Parse) -> Iterator[Reference]:
    for match in parse.find(_QUERY_SYMBOL):
        raw = match.group(0).rstrip(".")
        if not any(ch.isdigit() for ch in raw) or not re.search(r"[a-z]{1,}.*/", raw):
            continue
        folded = fold_symbol(raw)
        span = parse.claim(match)
        document = tables.documents.get(folded)
        printed = tables.symbols.get(folded, raw.upper())
        if document is not None:
            yield Reference("document", document.symbol, span, (document,))
            continue
        citing = tables.citations.get(folded)
        if citing:
            yield Reference("document", printed, span, citing, exact=False)
            continue
        yield Reference(
            "document",
            raw.upper(),
            span,
            hint=f"no document {raw.upper()} in this knowledge base",
            suggestions=_nearest_documents(tables, folded),
        )


def _nearest_documents(tables: ReferenceTables, folded: str) -> tuple[Record, ...]:
    from rapidfuzz import fuzz, process

    choices = list(tables.documents)
    if not choices:
        return ()
    best = process.extract(folded, choices, scorer=fuzz.ratio, limit=3, score_cutoff=60)
    seen: list[Record] = []
    for choice, _, _ in best:
        document = tables.documents[choice]
        if document not in seen:
            seen.append(document)
    return tuple(seen)


_LITERAL_ID = re.compile(
    r"(?<![a-z0-9/])(?:b\d+\.[a-z0-9\-]+(?:\.\d+)?|a\d+\.\d+[a-z]?|ax\d+\.\d+|sum\d+|p\d+|m\d+|s\d+)"
    r"(?![a-z0-9/])"
)


def _literal_ids(kb: KnowledgeBase, parse: _Parse) -> Iterator[Reference]:
    """Ids as the bot prints them: B24.chair, A24.3a, AX2.13, SUM3, P12, M2, S23."""
    for match in parse.find(_LITERAL_ID):
        letters = re.match(r"[a-z]+", match.group(0))
        assert letters is not None
        canonical = letters.group(0).upper() + match.group(0)[letters.end() :]
        record = kb.get(canonical)
        if record is None:
            continue  # the specific grammars below explain what is missing
        yield Reference(_kind_of(record), record.id, parse.claim(match), (record,))


def _kind_of(record: Record) -> ReferenceKind:
    if isinstance(record, Paragraph):
        return "paragraph"
    if isinstance(record, Resolution):
        return "resolution"
    if isinstance(record, AgendaItem):
        return "agenda"
    if isinstance(record, Meeting):
        return "meeting"
    if isinstance(record, Document):
        return "document"
    if isinstance(record, BureauMember):
        return "bureau"
    return "session"


def _session(parse: _Parse) -> tuple[int, tuple[int, int], bool] | None:
    """The session a query names: its number, where, and whether it said 会议/session."""
    for match in parse.find(_SESSION):
        number = _first_group(match, 1, 2, 3, 4, 5)
        if number is None:
            continue
        named = bool(re.search(r"会|session|^s", match.group(0)))
        return int(number), parse.claim(match), named
    return None


def _session_reference(
    tables: ReferenceTables, number: int, span: tuple[int, int], named: bool
) -> Reference:
    session = tables.sessions.get(number)
    if session is not None:
        return Reference("session", session.id, span, (session,))
    known = ", ".join(str(n) for n in sorted(tables.sessions))
    return Reference(
        "session",
        f"session {number}",
        span,
        hint=f"no record of session {number}" + (f"; sessions: {known}" if known else ""),
        suggestions=tuple(tables.sessions[n] for n in sorted(tables.sessions)),
        # "十三届" alone may be part of a phrase; "第十三届会议" names a session
        soft=not named,
    )


def _agenda_items(
    tables: ReferenceTables, parse: _Parse, session: tuple[int, tuple[int, int], bool] | None
) -> Iterator[Reference]:
    for match in parse.find(_AGENDA):
        if match.group(8):  # literal id A24.3a
            number_text, letter, session_number = match.group(9), "", int(match.group(8))
        else:
            number_text = _first_group(match, 1, 4, 7, 10) or ""
            letter = _first_group(match, 2, 3, 5, 6, 11) or ""
            if session is not None:
                session_number = session[0]
            elif re.search(r"临时|provisional", parse.text) and tables.next_session:
                session_number = tables.next_session
            elif tables.current_session is not None:
                session_number = tables.current_session
            else:
                continue
        if not number_text:
            continue
        key = agenda_key(number_text + letter)
        span = parse.claim(match)
        requested = f"A{session_number}.{key}"
        item = tables.agenda.get((session_number, key))
        if item is not None:
            yield Reference("agenda", item.id, span, (item,))
            continue
        items = sorted(
            (it for (s, _), it in tables.agenda.items() if s == session_number),
            key=lambda it: _number_sort_key(it.number),
        )
        if not items:
            yield Reference(
                "agenda",
                requested,
                span,
                hint=f"no agenda of session {session_number} in this knowledge base",
                soft=True,
            )
            continue
        numbers = [it.number for it in items if it.parent is None] or [it.number for it in items]
        wanted = _leading_int(number_text)
        nearest = sorted(items, key=lambda it: abs(_leading_int(it.number) - wanted))[:3]
        yield Reference(
            "agenda",
            requested,
            span,
            hint=(
                f"the agenda of session {session_number} has items {numbers[0]}–{numbers[-1]}; "
                f"item {number_text}{f'({letter})' if letter else ''} does not exist"
            ),
            suggestions=tuple(nearest),
        )


def _leading_int(text: str) -> int:
    match = re.match(r"\d+", text)
    return int(match.group(0)) if match else 0


def _number_sort_key(number: str) -> tuple[int, str]:
    return _leading_int(number), number


def _meetings(tables: ReferenceTables, parse: _Parse) -> Iterator[Reference]:
    for match in parse.find(_MEETING):
        number = int(_first_group(match, 1, 2, 3, 4) or 0)
        span = parse.claim(match)
        meeting = tables.meetings.get(number)
        if meeting is not None:
            yield Reference("meeting", meeting.id, span, (meeting,))
            continue
        numbers = sorted(tables.meetings)
        hint = (
            f"the session had meetings {numbers[0]}–{numbers[-1]}; meeting {number} did not"
            " take place"
            if numbers
            else "no meetings in this knowledge base"
        )
        nearest = sorted(numbers, key=lambda n: abs(n - number))[:3]
        yield Reference(
            "meeting",
            f"M{number}",
            span,
            hint=hint,
            suggestions=tuple(tables.meetings[n] for n in nearest),
            soft=True,
        )


def _paragraphs(kb: KnowledgeBase, tables: ReferenceTables, parse: _Parse) -> Iterator[Reference]:
    container = _container(tables, parse)
    if isinstance(container, Reference):
        _components(parse, after=container.span[1])  # they belong to the missing container
        yield container
        return
    if container is None:
        yield from _without_container(tables, parse)
        return
    container_id, container_span = container
    preamble = _preamble(parse)
    components = _components(parse, after=container_span[1])
    if preamble is not None:
        number, preamble_span = preamble
        yield _locate(
            tables, container_id, ("pre", str(number)), _cover(container_span, preamble_span)
        )
        return
    if components:
        span = _cover(container_span, *(span for _, span, _ in components))
        yield _locate(tables, container_id, tuple(value for value, _, _ in components), span)
        return
    record = kb.get(container_id)
    if record is not None:
        yield Reference(_kind_of(record), record.id, container_span, (record,))


def _without_container(tables: ReferenceTables, parse: _Parse) -> Iterator[Reference]:
    only = _ONLY_COMPONENTS.match(parse.text)
    if only is not None and not parse.claimed:
        # "1 24", "2 a 3": a resolution number and a paragraph path
        parts = [part for part in re.split(r"[\s.()]+", parse.text) if part]
        resolution = tables.resolution_numbers.get(("resolution", int(parts[0])))
        if resolution is not None:
            span = (0, len(parse.text))
            parse.claimed.append(span)
            yield _locate(tables, resolution.id, tuple(parts[1:]), span)
        return
    preamble = _preamble(parse)
    if preamble is not None:
        yield _uncontained(tables, ("pre", str(preamble[0])), preamble[1])
        return
    for value, span, marker in _components(parse, after=None, claim=False):
        if marker == "paragraph" and value.isdigit():
            parse.claimed.append(span)
            yield _uncontained(tables, (value,), span)
            return


def _cover(*spans: tuple[int, int]) -> tuple[int, int]:
    return min(s for s, _ in spans), max(e for _, e in spans)


def _container(
    tables: ReferenceTables, parse: _Parse
) -> tuple[str, tuple[int, int]] | Reference | None:
    """The resolution, the report, annex II or the summary the query names, if any."""
    for match in parse.find(_RESOLUTION):
        if match.group(8) is not None or match.group(9) is not None:
            kind, number = "decision", int(match.group(9) or 1)
        else:
            kind, number = "resolution", int(_first_group(match, 1, 2, 3, 4, 5, 6, 7) or 0)
        span = parse.claim(match)
        resolution = tables.resolution_numbers.get((kind, number))
        if resolution is not None:
            return resolution.id, span
        existing = sorted(tables.resolution_numbers.values(), key=lambda r: (r.kind, r.number))
        names = ", ".join(r.id for r in existing)
        label = (
            f"draft resolution {_roman(number)}" if kind == "resolution" else "a draft decision"
        )
        return Reference(
            "resolution",
            f"{'R' if kind == 'resolution' else 'D'}{number}",
            span,
            hint=f"there is no {label}" + (f"; the report has {names}" if names else ""),
            suggestions=tuple(existing),
        )
    for pattern, container_id in ((_ANNEX, "annex2"), (_SUMMARY, "summary"), (_REPORT, "report")):
        for match in parse.find(pattern):
            if container_id in tables.containers:
                return container_id, parse.claim(match)
    return None


_ROMAN_DIGITS = {"i": 1, "v": 5, "x": 10, "l": 50}


def _roman_value(text: str) -> str | None:
    """ "xvii" → "17"; None for anything that is not a Roman numeral."""
    if not text or any(ch not in _ROMAN_DIGITS for ch in text):
        return None
    total = 0
    for ch, following in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN_DIGITS[ch]
        total += -value if following and _ROMAN_DIGITS[following] > value else value
    return str(total) if total > 0 else None


def _roman(number: int) -> str:
    names = {value: key.upper() for key, value in _ROMAN.items()}
    return names.get(number, str(number))


_CHAIN_LINK = re.compile(
    r"[\s.,]*(?:(?:section|sub-?paragraph|subpara|paragraph|para|item|point|clause|operative"
    r"|no\.?)\s*)?(?:\(\s*(\d{1,3}|[a-z]|[ivx]{2,6})\s*\)|(\d{1,3}|[a-z])(?![a-z0-9%]))"
)


def _components(
    parse: _Parse, *, after: int | None, claim: bool = True
) -> list[tuple[str, tuple[int, int], str]]:
    """Paragraph labels: explicit ones (第24段, para 24, (a), 第十八项) anywhere, and bare ones
    ("R1 24", "res 2 a 3", "section b item 12") only in a chain right after the container.
    With ``claim=False`` the explicit ones are only looked at: the caller claims what it uses."""
    found: list[tuple[str, tuple[int, int], str]] = []
    for match in parse.find(_PARAGRAPH):
        value = _first_group(match, 1, 2, 3, 4, 5, 6, 7, 8)
        if value is None:
            continue
        marker = "paragraph" if _first_group(match, 1, 2, 3, 4) else "label"
        span = parse.claim(match) if claim else (match.start(), match.end())
        found.append((value, span, marker))
    position = after
    while position is not None:
        link = _CHAIN_LINK.match(parse.text, position)
        if link is None or link.end() == position or not parse.free(link.start(), link.end()):
            break
        found.append((link.group(1) or link.group(2), parse.claim(link), "label"))
        position = link.end()
    found.sort(key=lambda c: c[1])
    return found


def _preamble(parse: _Parse) -> tuple[int, tuple[int, int]] | None:
    for match in parse.find(_PREAMBLE):
        number = _first_group(match, 1, 2, 3)
        if number is not None:
            return int(number), parse.claim(match)
    return None


def _locate(
    tables: ReferenceTables, container_id: str, path: tuple[str, ...], span: tuple[int, int]
) -> Reference:
    container = tables.containers.get(container_id)
    requested = _display_id(container_id, path)
    if container is None:
        return Reference("paragraph", requested, span, hint=f"{container_id} has no paragraphs")
    paragraph = container.get(path)
    if paragraph is None and len(path) > 1:
        # "(b)(xvii)": English texts number items in Roman numerals
        arabic = (path[0], *(_roman_value(p) or p for p in path[1:]))
        paragraph = container.get(arabic)
    if paragraph is not None:
        return Reference("paragraph", paragraph.id, span, (paragraph,))
    # the deepest existing prefix tells where the path stopped matching
    depth = len(path) - 1
    while depth > 0 and container.get(path[:depth]) is None and path[:depth] != ("pre",):
        depth -= 1
    parent_path = path[:depth]
    where = _display_id(container_id, parent_path) if parent_path else container.name
    missing = path[depth]
    ends = container.span(parent_path)
    if ends is None:
        parent = container.get(parent_path)
        return Reference(
            "paragraph",
            requested,
            span,
            hint=f"{where} has no sub-paragraphs; {requested} does not exist",
            suggestions=(parent,) if parent is not None else (),
        )
    noun = "preambular paragraphs" if parent_path == ("pre",) else "paragraphs"
    first, last = _hint_label(ends[0]), _hint_label(ends[1])
    hint = f"{where} has {noun} {first}–{last}; {_display_label(missing)} does not exist"
    nearest = container.nearest(parent_path, _component_number(missing), 3)
    return Reference("paragraph", requested, span, hint=hint, suggestions=tuple(nearest))


def _hint_label(paragraph: Paragraph) -> str:
    """How a hint names a paragraph's label: 24, (a), and (3) for (三)."""
    label = paragraph.label.strip()
    bare = label.strip("()")
    if bare.isdigit() or (bare.isascii() and bare.isalpha()):
        return label
    return f"({paragraph.number})"


def _component_number(component: str) -> int:
    if component.isdigit():
        return int(component)
    if len(component) == 1 and component.isalpha():
        return ord(component) - ord("a") + 1
    return 0


def _display_label(component: str) -> str:
    return f"paragraph {component}" if component.isdigit() else f"({component})"


def _display_id(container_id: str, path: Iterable[str]) -> str:
    parts = list(path)
    if container_id == "report":
        return f"P{'.'.join(parts)}"
    if container_id == "annex2":
        return f"AX2.{'.'.join(parts)}"
    if container_id == "summary":
        return f"SUM{'.'.join(parts)}"
    return ".".join([container_id, *parts])


def _uncontained(
    tables: ReferenceTables, path: tuple[str, ...], span: tuple[int, int]
) -> Reference:
    """ "第24段", "paragraph 91": a number without saying of what."""
    found = (c.get(path) for c in tables.containers.values())
    hits = [p for p in found if p is not None]
    label = f"preambular paragraph {path[1]}" if path[0] == "pre" else f"paragraph {path[0]}"
    if len(hits) == 1:
        return Reference("paragraph", hits[0].id, span, (hits[0],))
    if hits:
        return Reference("paragraph", label, span, tuple(hits), exact=False)
    ranges = []
    nearest: list[Paragraph] = []
    wanted = _component_number(path[-1])
    for container in tables.containers.values():
        ends = container.span(path[:-1])
        if ends is not None and ends[0].label.strip("()").isdigit():
            ranges.append(f"{container.name} {ends[0].label}–{ends[1].label}")
            nearest.extend(container.nearest(path[:-1], wanted, 3))
    nearest.sort(key=lambda p: (abs(p.number - wanted), p.id))
    where = f" ({'; '.join(ranges)})" if ranges else ""
    return Reference(
        "paragraph",
        label,
        span,
        hint=f"no {label} anywhere{where}",
        suggestions=tuple(nearest[:3]),
    )
