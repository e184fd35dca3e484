"""Queries over a knowledge base that the bot's views share.

Which session is current and what belongs to it (its agenda, meetings, documents), what comes
before and after a paragraph, which paragraphs a section of a resolution holds, what cites a
document: answers computed from records, never formatted. Renderers format what these return;
the knowledge base itself stays a plain set of records.
"""

from __future__ import annotations

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
    Segment,
    Session,
    Speaker,
)
from knowledge.references import reference_tables

__all__ = [
    "agenda_items",
    "bureau_by_session",
    "cited_in",
    "current_documents",
    "current_meetings",
    "current_session",
    "current_session_number",
    "document_item",
    "neighbours",
    "next_session_number",
    "paragraph_counts",
    "section_key",
    "section_paragraphs",
    "speakers_by_segment",
    "subitems",
]

#: The order of the bureau's seats in a listing.
_ROLE_ORDER = {"chair": 0, "vice-chair": 1, "rapporteur": 2}


# == Sessions =====================================================================================


def current_session(kb: KnowledgeBase) -> Session | None:
    """The session the report is about, or None for a knowledge base without sessions."""
    return kb.current_session if kb.sessions else None


def current_session_number(kb: KnowledgeBase) -> int:
    """The current session's number (without sessions: the latest with an adopted agenda)."""
    session = current_session(kb)
    if session is not None:
        return session.number
    return max((item.session for item in kb.agenda if not item.provisional), default=0)


def next_session_number(kb: KnowledgeBase) -> int | None:
    """The session with a provisional agenda, else the latest planned one, else None."""
    provisional = [i.session for i in kb.agenda if i.provisional]
    if provisional:
        return max(provisional)
    planned = [s.number for s in kb.sessions if s.status == "planned"]
    return max(planned) if planned else None


# == Agenda, meetings, documents, bureau ==========================================================


def agenda_items(kb: KnowledgeBase, session: int, *, provisional: bool) -> list[AgendaItem]:
    """A session's agenda (adopted or provisional), sub-items included, in order."""
    return [i for i in kb.agenda if i.session == session and i.provisional == provisional]


def subitems(kb: KnowledgeBase, item: AgendaItem) -> list[AgendaItem]:
    """The sub-items of an agenda item (3 (a), 3 (b) …), in order."""
    return [i for i in kb.agenda if i.parent == item.id]


def current_meetings(kb: KnowledgeBase) -> list[Meeting]:
    """The current session's meetings by number."""
    session = current_session_number(kb)
    return sorted((m for m in kb.meetings if m.session == session), key=lambda m: m.number)


def current_documents(kb: KnowledgeBase) -> list[Document]:
    """The current session's documents (every document when none is marked with it)."""
    session = current_session_number(kb)
    return [d for d in kb.documents if d.session == session] or list(kb.documents)


def document_item(kb: KnowledgeBase, document: Document) -> AgendaItem | None:
    """The agenda item a document is for (named by its id, or by its number as printed)."""
    if not document.agenda_item:
        return None
    record = kb.get(document.agenda_item)
    if isinstance(record, AgendaItem):
        return record
    return next(
        (
            i
            for i in kb.agenda
            if i.session == document.session
            and not i.provisional
            and i.number == document.agenda_item
        ),
        None,
    )


def bureau_by_session(kb: KnowledgeBase) -> list[tuple[int, list[BureauMember]]]:
    """The bureau seat by seat (chair, vice-chairs, rapporteur), latest session first."""
    sessions = sorted({m.session for m in kb.bureau}, reverse=True)
    return [
        (
            session,
            sorted(
                (m for m in kb.bureau if m.session == session),
                key=lambda m: _ROLE_ORDER.get(m.role, 9),
            ),
        )
        for session in sessions
    ]


def speakers_by_segment(meeting: Meeting) -> list[tuple[Segment | None, list[Speaker]]]:
    """Speakers in runs of the segment they spoke in, each run matched to its segment in order
    (two segments may share a title, such as the general discussion of two sub-items)."""
    groups: list[tuple[Segment | None, list[Speaker]]] = []
    next_segment = 0
    for speaker in meeting.speakers:
        if groups and groups[-1][1][-1].segment == speaker.segment:
            groups[-1][1].append(speaker)
            continue
        found: Segment | None = None
        for index in range(next_segment, len(meeting.segments)):
            if speaker.segment and meeting.segments[index].title == speaker.segment:
                found, next_segment = meeting.segments[index], index + 1
                break
        groups.append((found, [speaker]))
    return groups


# == Resolutions and paragraphs ===================================================================


def paragraph_counts(resolution: Resolution) -> tuple[int, int]:
    """How many preambular and operative paragraphs a resolution has."""
    preamble = sum(1 for p in resolution.paragraphs if p.kind == "preamble")
    operative = sum(1 for p in resolution.paragraphs if p.kind == "operative")
    return preamble, operative


def section_key(resolution: Resolution, paragraph: Paragraph) -> str | None:
    """The key of the section view holding a paragraph: its heading's index, or the part
    (``pre`` for the preamble, ``op`` for the operative part)."""
    for index, section in enumerate(resolution.sections):
        if paragraph.id in section.paragraphs:
            return str(index)
    if paragraph.kind == "preamble":
        return "pre"
    if paragraph.kind in ("operative", "item"):
        return "op"
    return None


def section_paragraphs(resolution: Resolution, key: str) -> tuple[str, list[Paragraph]] | None:
    """(title, paragraphs) of a section view, or None for a key that names nothing."""
    if key == "pre":
        members = [p for p in resolution.paragraphs if p.kind == "preamble"]
        return ("", members) if members else None
    if key == "op":
        members = [p for p in resolution.paragraphs if p.kind in ("operative", "item")]
        return ("", members) if members else None
    if not key.isdigit() or int(key) >= len(resolution.sections):
        return None
    section = resolution.sections[int(key)]
    wanted = set(section.paragraphs)
    members = [p for p in resolution.paragraphs if p.id in wanted]
    return section.title, members


def _build_neighbours(kb: KnowledgeBase) -> dict[str, tuple[str | None, str | None]]:
    """Every paragraph's previous and next paragraph in its container, by id."""
    containers: dict[str, list[Paragraph]] = {}
    for resolution in kb.resolutions:
        containers[resolution.id] = list(resolution.paragraphs)
    for paragraph in kb.paragraphs:
        containers.setdefault(paragraph.parent, []).append(paragraph)
    found: dict[str, tuple[str | None, str | None]] = {}
    for siblings in containers.values():
        ids = [p.id for p in siblings]
        for index, paragraph_id in enumerate(ids):
            before = ids[index - 1] if index > 0 else None
            after = ids[index + 1] if index + 1 < len(ids) else None
            found.setdefault(paragraph_id, (before, after))
    return found


def neighbours(
    kb: KnowledgeBase, paragraph: Paragraph
) -> tuple[Paragraph | None, Paragraph | None]:
    """The paragraphs before and after ``paragraph`` in its container (None at either end)."""
    before_id, after_id = derived(kb, "bot-neighbours", _build_neighbours).get(
        paragraph.id, (None, None)
    )
    before = kb.get(before_id) if before_id else None
    after = kb.get(after_id) if after_id else None
    return (
        before if isinstance(before, Paragraph) else None,
        after if isinstance(after, Paragraph) else None,
    )


# == Citations ====================================================================================


def cited_in(kb: KnowledgeBase, record: Record) -> list[str]:
    """Ids of the records whose text cites a document, in the knowledge base's order."""
    related = reference_tables(kb).related.get(record.id, frozenset())
    return [r.id for r in kb.records() if r.id in related]
