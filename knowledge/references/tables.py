"""What exists, for exact addressing: built once per knowledge base and cached beside it.

``reference_tables`` gives the containers of numbered paragraphs (each resolution, the report,
annex II, the summary), agenda items by session and number, meetings and sessions by number,
documents by folded symbol, and which records cite each symbol. The query parser reads them;
so do search (mentions, related records) and the document view.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from knowledge.kbcache import derived
from knowledge.models import (
    AgendaItem,
    Document,
    KnowledgeBase,
    Meeting,
    Paragraph,
    Record,
    Resolution,
    Session,
)
from knowledge.normalize import agenda_key, fold_symbol

__all__ = [
    "ReferenceTables",
    "build_reference_tables",
    "cited_symbols",
    "reference_tables",
    "subject_terms",
]


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
        found = self.paths.get(path)
        if found is None and path and path[0].isdigit():
            # a decision's operative paragraphs are lettered: "决定草案第一项" counts them ((a)
            # is the first); lettered parts with items under them (resolution II's (a)–(c))
            # are not, since "第一条" there is an item of a part
            lettered = self.children(())
            number = int(path[0])
            counted = 1 <= number <= len(lettered) and all(
                p.label.strip("()").isalpha() and not self.children(_paragraph_path(p))
                for p in lettered
            )
            if counted:
                return self.paths.get((*_paragraph_path(lettered[number - 1]), *path[1:]))
        return found

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
    # a resolution named by its subject ("the WSIS resolution", "科学、技术和创新决议")
    resolution_topics: tuple[tuple[re.Pattern[str], str], ...] = ()
    # the report's chapters in order: each one's title and paragraphs (chapter N is [N - 1])
    chapters: tuple[tuple[str, tuple[Paragraph, ...]], ...] = ()


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


def subject_terms(kb: KnowledgeBase) -> list[tuple[str, tuple[str, ...], Resolution]]:
    """The terms that name one resolution by its subject: a term of the glossary or aliases
    (four characters or more) that its title holds and no other title does, with the term's
    English names ("信息社会世界峰会", WSIS → resolution I)."""
    resolutions = [r for r in kb.resolutions if r.kind == "resolution" and r.title]
    terms = [(t.zh, t.en) for t in kb.glossary] + [(a.zh, a.names) for a in kb.aliases]
    out: list[tuple[str, tuple[str, ...], Resolution]] = []
    for zh, english in terms:
        holders = [r for r in resolutions if len(zh) >= 4 and zh in r.title]
        if len(holders) == 1:
            out.append((zh, tuple(english), holders[0]))
    return out


_LIST_OF_TWO_CHARACTER_WORDS = re.compile(
    r"^([\u4e00-\u9fff]{2})、([\u4e00-\u9fff]{2})和([\u4e00-\u9fff]{2})$"
)


def _contracted(zh: str) -> set[str]:
    """A Chinese list of three two-character words as it is contracted in speech: the first
    characters of the first two, then the third whole or not at all (科学、技术和创新: 科技创新,
    科技)."""
    listed = _LIST_OF_TWO_CHARACTER_WORDS.match(zh)
    if listed is None:
        return set()
    short = listed.group(1)[0] + listed.group(2)[0]
    return {short + listed.group(3), short}


_LIST_OF_THREE = re.compile(r"^(\w+), (\w+),? and (\w+)$")


def _shortened(name: str) -> set[str]:
    """Patterns for an English subject name as people shorten it: "and" as "&" or "/",
    "technology" as "tech", and a list of three by its first two ("science, technology and
    innovation": "the science and tech resolution", "the S&T resolution")."""
    names = {name}
    listed = _LIST_OF_THREE.match(name)
    if listed is not None:
        first, second = listed.group(1), listed.group(2)
        names.add(f"{first} and {second}")
        names.add(f"{first[0]}&{second[0]}")  # S&T
    out: set[str] = set()
    for each in names:
        pattern = re.escape(each).replace(r"\ ", " ").replace(",", ",?")
        pattern = pattern.replace(" and ", r"\s*(?:and|&|/)\s*")
        out.add(pattern.replace("technology", "tech(?:nology)?"))
    return out


def _resolution_topics(kb: KnowledgeBase) -> tuple[tuple[re.Pattern[str], str], ...]:
    """For each resolution, a pattern for the query naming it by its subject (a subject term,
    in Chinese or by one of its English names) before "resolution" / 决议."""
    names: dict[str, set[str]] = {r.id: set() for r in kb.resolutions if r.kind == "resolution"}
    for zh, english, resolution in subject_terms(kb):
        names[resolution.id].add(re.escape(zh).replace("、", "[、,，\\s]?"))
        names[resolution.id].update(_contracted(zh))
        for name in english:
            folded = " ".join(name.casefold().split())
            if len(folded) >= 3:
                names[resolution.id].update(r"\b" + form + r"\b" for form in _shortened(folded))
    titles = {r.id: r.title for r in kb.resolutions}
    out: list[tuple[re.Pattern[str], str]] = []
    for rid, found in names.items():
        if not found:
            continue
        either = "|".join(sorted(found, key=lambda n: (-len(n), n)))
        # the rest of the title said loosely before 决议 ("科技创新促进发展那份决议",
        # "信息社会峰会那个决议"): characters of the title only, so that what is asked
        # ("科技数字鸿沟那个决议") stays in the question
        said = "".join(sorted({ch for ch in titles[rid] if "\u4e00" <= ch <= "\u9fff"}))
        loosely = f"[{said}]{{0,8}}?" if said else ""
        out.append(
            (
                re.compile(
                    rf"(?:{either}){loosely}\s*(?:的|那个|那份|这个|那项)?\s*决议(?:草案)?"
                    rf"|关于(?:{either})的决议(?:草案)?"
                    rf"|(?:{either})(?:'s)?\s+(?:draft\s+)?(?:resolution|res|text|draft)\b"
                    rf"|\b(?:resolution|res)\s+(?:on|about|concerning)\s+(?:the\s+)?(?:{either})"
                ),
                rid,
            )
        )
    return tuple(out)


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
        resolution_topics=_resolution_topics(kb),
        chapters=_chapters(kb),
    )


def _chapters(kb: KnowledgeBase) -> tuple[tuple[str, tuple[Paragraph, ...]], ...]:
    chapters: dict[str, list[Paragraph]] = {}
    for paragraph in kb.paragraphs:
        if paragraph.parent == "report" and paragraph.chapter:
            chapters.setdefault(paragraph.chapter, []).append(paragraph)
    return tuple((title, tuple(members)) for title, members in chapters.items())


def reference_tables(kb: KnowledgeBase) -> ReferenceTables:
    return derived(kb, "reference-tables", build_reference_tables)
