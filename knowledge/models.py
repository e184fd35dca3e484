"""The knowledge base as immutable values.

Every record has a stable id that a person can type and the bot can print:

    S23                session 23            M2          the 2nd meeting
    A23.3, A24.3a      agenda items          B24.chair   a bureau seat
    R1                 draft resolution I    R1.pre.5    its 5th preambular paragraph
    R1.24, R1.84.a     operative paragraphs  R2.a, R2.a.3  resolution II, (a), (a)(三)
    D1, D1.b           the draft decision    P12         report paragraph 12
    AX2.13             annex II, para 13     SUM3        the summary's 3rd paragraph
    E/CN.16/2020/2     a document (its symbol is its id)

The YAML keys are the dataclass field names (see ``knowledge.codec``); the schema documentation
is ``docs/knowledge-base.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

SCHEMA_VERSION = 1

ParagraphKind = Literal["preamble", "operative", "item", "report", "annex", "summary"]
ResolutionKind = Literal["resolution", "decision"]
#: "question": words delegates used to ask for a record (added from the bot's insights).
AliasKind = Literal["country", "person", "organization", "role", "body", "other", "question"]
BureauRole = Literal["chair", "vice-chair", "rapporteur"]
SeatStatus = Literal["elected", "postponed", "presiding"]


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote resolved from the report and attached to the paragraph that cites it."""

    mark: str
    text: str


@dataclass(frozen=True, slots=True)
class Procedure:
    """The decision that set how a session works (ECOSOC decision 2020/206 of 22 May 2020)."""

    symbol: str
    date: dt.date
    title: str = ""


@dataclass(frozen=True, slots=True)
class Session:
    id: str
    body: str
    body_en: str
    number: int
    status: Literal["held", "planned"]
    start: dt.date | None = None
    end: dt.date | None = None
    timezone: str = "Europe/Geneva"
    format: str = ""
    format_reason: str = ""
    procedure: Procedure | None = None
    priority_themes: tuple[str, ...] = ()
    meeting_count: int | None = None
    agenda_adopted: bool | None = None
    agenda_note: str = ""
    source: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """An agenda item; ``number`` is as printed ("3", "3(a)")."""

    id: str
    session: int
    number: str
    title: str
    provisional: bool = False
    parent: str | None = None
    considered: bool | None = None
    meetings: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    document_notes: tuple[str, ...] = ()
    action: str = ""
    source: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BureauMember:
    """A seat of a session's bureau; a postponed seat has no name yet."""

    id: str
    session: int
    role: BureauRole
    status: SeatStatus
    name: str = ""
    name_en: str = ""
    country: str = ""
    region: str = ""
    elected_by: str = ""
    elected_on: dt.date | None = None
    note: str = ""
    source: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    role: str = ""
    organization: str = ""
    country: str = ""
    segment: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Segment:
    """Something held within a meeting: a high-level segment, a round table."""

    kind: Literal["opening", "high-level segment", "round table", "general discussion"]
    title: str
    agenda_item: str | None = None
    presided_by: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting; start/end are local times in the session's timezone, added by a secretariat."""

    id: str
    session: int
    number: int
    date: dt.date
    format: str = ""
    agenda_items: tuple[str, ...] = ()
    presided_by: str = ""
    opened_by: str = ""
    start: dt.time | None = None
    end: dt.time | None = None
    link: str = ""
    cancelled: bool = False
    segments: tuple[Segment, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    source: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a resolution, decision or of the report itself.

    ``parent`` is the container's id (``R1``, ``R2``, ``D1``, ``report``, ``annex2``,
    ``summary``); ``label`` is the number as printed ("24", "(a)", "(三)");
    ``number`` is its ordinal within its list (24; (三) → 3; (a) → 1).
    """

    id: str
    parent: str
    kind: ParagraphKind
    label: str
    number: int
    text: str
    section: str = ""
    chapter: str = ""
    footnotes: tuple[Footnote, ...] = ()


@dataclass(frozen=True, slots=True)
class ResolutionSection:
    """A heading inside a resolution and the paragraph ids under it."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Resolution:
    """A draft resolution or decision; paragraphs are in reading order (preamble first)."""

    id: str
    kind: ResolutionKind
    number: int
    title: str
    session: int
    adopted_by: str = ""
    adopted_on: dt.date | None = None
    intro: str = ""
    operative_intro: str = ""
    sections: tuple[ResolutionSection, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    source: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A document before a session (annex I); its symbol is its id."""

    symbol: str
    session: int
    title: str
    agenda_item: str = ""
    note: str = ""
    symbols: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.symbol


@dataclass(frozen=True, slots=True)
class ContentsLine:
    """A line of the report's table of contents: the part's label as printed ("一", "A", "1",
    "附件一"; none for a title under a heading), its title and the page it begins on."""

    label: str
    title: str
    page: int

    @property
    def printed(self) -> str:
        """The line as the report prints it ("五. 选举……成员..... 30")."""
        if not self.label:
            head = ""
        elif self.label.startswith("附件"):
            head = f"{self.label} "
        else:
            head = f"{self.label}. "
        return f"{head}{self.title}..... {self.page}"


@dataclass(frozen=True, slots=True)
class Alias:
    """Other names of something the report names: an English name, a Latin-script spelling."""

    kind: AliasKind
    zh: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """A bilingual term: the Chinese worded as the report words it, the English as UN usage."""

    zh: str
    en: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceInfo:
    symbol: str
    title: str
    language: str
    sha256: str = ""


Record = Session | AgendaItem | BureauMember | Meeting | Resolution | Paragraph | Document


@dataclass(frozen=True, slots=True, weakref_slot=True)
class KnowledgeBase:
    """One complete knowledge base; ``get(id)`` finds any record by its id."""

    schema_version: int
    source: SourceInfo
    sessions: tuple[Session, ...] = ()
    agenda: tuple[AgendaItem, ...] = ()
    bureau: tuple[BureauMember, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    documents: tuple[Document, ...] = ()
    contents: tuple[ContentsLine, ...] = ()  # the table of contents, in its order
    aliases: tuple[Alias, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    _by_id: dict[str, Record] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Record] = {}
        for record in self.records():
            index.setdefault(record.id, record)
        object.__setattr__(self, "_by_id", index)

    def records(self) -> Iterator[Record]:
        """Every addressable record, in a stable order."""
        yield from self.sessions
        yield from self.agenda
        yield from self.bureau
        yield from self.meetings
        for resolution in self.resolutions:
            yield resolution
            yield from resolution.paragraphs
        yield from self.paragraphs
        yield from self.documents

    def get(self, record_id: str) -> Record | None:
        return self._by_id.get(record_id)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._by_id

    def resolution(self, resolution_id: str) -> Resolution | None:
        record = self._by_id.get(resolution_id)
        return record if isinstance(record, Resolution) else None

    def session(self, number: int) -> Session | None:
        return next((s for s in self.sessions if s.number == number), None)

    @property
    def current_session(self) -> Session:
        """The latest session that was held (the one the report is about)."""
        held = [s for s in self.sessions if s.status == "held"]
        return max(held or self.sessions, key=lambda s: s.number)
