"""The agendas: the 23rd session's, rebuilt from the chapters, and the 24th's provisional one.

The report prints no agenda for the session it reports on. Its chapters II–VII follow the agenda
items 2–7 one to one (annex II names "(议程项目 2)" under chapter II's title, paragraph 7 names
"议程项目 4" with chapter IV's title), so a chapter's title is its item's title and a lettered
line under the chapter heading is a sub-item. The provisional agenda of the next session is
printed in full inside the draft decision.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from knowledge.extract.errors import ExtractError
from knowledge.extract.layout import Part, RawParagraph
from knowledge.extract.meetings import ItemRef, Proceedings
from knowledge.extract.text import LETTERED, NUMBERED, tidy
from knowledge.models import AgendaItem, Document, Meeting, Paragraph

FIRST_ITEM_CHAPTER = 2
LAST_ITEM_CHAPTER = 7
_DOCUMENTS_HEADING = "文件"
_NOT_CONSIDERED = r"没有审议议程项目\s*{number}"
_NAMED_ITEM = re.compile(r"议程项目\s*(\d+)\s*“([^”]+)”|([^()\s]+)\(议程项目\s*(\d+)\)")
_TITLE_TAIL = "：:。；;"


@dataclass(frozen=True, slots=True)
class ChapterItem:
    """A chapter read as the agenda item it reports on."""

    number: int
    title: str
    sub_items: tuple[tuple[str, str], ...]  # (letter, title)
    paragraphs: tuple[RawParagraph, ...]


def item_id(session: int, number: str) -> str:
    """A23.3 for "3", A23.3a for "3(a)"."""
    return f"A{session}.{number.replace('(', '').replace(')', '')}"


def chapter_items(
    chapters: Mapping[int, tuple[Part, Sequence[RawParagraph]]],
) -> list[ChapterItem]:
    items: list[ChapterItem] = []
    for number in range(FIRST_ITEM_CHAPTER, LAST_ITEM_CHAPTER + 1):
        if number not in chapters:
            raise ExtractError(f"the report has no chapter {number} for agenda item {number}")
        part, paragraphs = chapters[number]
        headings = paragraphs[0].headings if paragraphs else ()
        subs = []
        for heading in headings:
            lettered = LETTERED.match(heading)
            if lettered:
                subs.append((lettered.group(1), _clean_title(lettered.group(2))))
        items.append(ChapterItem(number, part.title, tuple(subs), tuple(paragraphs)))
    return items


def check_item_titles(items: Sequence[ChapterItem], texts: Sequence[tuple[str, str]]) -> None:
    """Where the report names an item with its title, the title must be its chapter's."""
    titles = {item.number: item.title for item in items}
    for where, text in texts:
        for match in _NAMED_ITEM.finditer(text):
            number = int(match.group(1) or match.group(4))
            title = match.group(2) or match.group(3)
            if number in titles and not titles[number].endswith(title):
                raise ExtractError(
                    f"{where}: item {number} is titled {title!r}, not its chapter's"
                )


def refs(items: Sequence[ChapterItem], session: int) -> dict[str, ItemRef]:
    """What annex II needs: item number → id, title and sub-item ids."""
    return {
        str(item.number): ItemRef(
            item_id(session, str(item.number)),
            item.title,
            tuple(item_id(session, f"{item.number}({letter})") for letter, _ in item.sub_items),
        )
        for item in items
    }


def session_agenda(
    session: int,
    items: Sequence[ChapterItem],
    *,
    first_item: tuple[str, str, tuple[str, ...]],
    proceedings: Proceedings,
    documents: Sequence[Document],
    paragraph_ids: Mapping[int, str],
) -> list[AgendaItem]:
    """The agenda of the session the report is about.

    ``first_item`` is (title, action, source) of item 1, which no chapter reports on.
    ``paragraph_ids`` maps report paragraph numbers to their ids.
    """
    docs_by_item: dict[str, list[str]] = {}
    for document in documents:
        if document.agenda_item:
            docs_by_item.setdefault(item_id(session, document.agenda_item), []).append(
                document.symbol
            )
    first_title, first_action, first_source = first_item
    first_id = item_id(session, "1")
    agenda = [
        AgendaItem(
            id=first_id,
            session=session,
            number="1",
            title=first_title,
            documents=tuple(docs_by_item.get(first_id, ())),
            action=first_action,
            source=first_source,
        )
    ]
    for item in items:
        agenda.extend(
            _chapter_agenda_items(session, item, proceedings, docs_by_item, paragraph_ids)
        )
    return agenda


def _chapter_agenda_items(
    session: int,
    item: ChapterItem,
    proceedings: Proceedings,
    docs_by_item: Mapping[str, list[str]],
    paragraph_ids: Mapping[int, str],
) -> list[AgendaItem]:
    aid = item_id(session, str(item.number))
    taken_up = [c for c in proceedings.considerations if c.item == aid]
    not_considered = any(
        re.search(_NOT_CONSIDERED.format(number=item.number), p.text) for p in item.paragraphs
    )
    considered = True if taken_up else (False if not_considered else None)
    chapter_ids = [paragraph_ids[p.number] for p in item.paragraphs]
    action = "\n".join([*(c.sentence for c in taken_up), *(p.text for p in item.paragraphs)])
    result = [
        AgendaItem(
            id=aid,
            session=session,
            number=str(item.number),
            title=item.title,
            considered=considered,
            meetings=tuple(dict.fromkeys(c.meeting for c in taken_up)),
            documents=tuple(docs_by_item.get(aid, ())),
            action=action,
            source=tuple(dict.fromkeys([*(c.paragraph for c in taken_up), *chapter_ids])),
        )
    ]
    for letter, title in item.sub_items:
        sid = item_id(session, f"{item.number}({letter})")
        round_table = proceedings.round_tables.get(sid)
        meetings = _meetings_of(round_table.id, proceedings.meetings) if round_table else ()
        result.append(
            AgendaItem(
                id=sid,
                session=session,
                number=f"{item.number}({letter})",
                title=title,
                parent=aid,
                considered=True if round_table else None,
                meetings=meetings,
                documents=tuple(docs_by_item.get(sid, ())),
                action=round_table.text if round_table else "",
                source=(round_table.id,) if round_table else (),
            )
        )
    return result


def _meetings_of(paragraph_id: str, meetings: Sequence[Meeting]) -> tuple[str, ...]:
    return tuple(m.id for m in meetings if paragraph_id in m.source)


@dataclass
class _ListedItem:
    number: str
    title: str
    parent: str | None = None
    notes: list[str] = field(default_factory=list)


def provisional_agenda(session: int, decision_paragraph: Paragraph) -> list[AgendaItem]:
    """The next session's agenda from the list under the decision paragraph that approves it."""
    lines = decision_paragraph.text.split("\n")[1:]
    if not lines:
        raise ExtractError(f"{decision_paragraph.id} has no provisional agenda under it")
    items: list[_ListedItem] = []
    parent: _ListedItem | None = None
    in_documents = False
    for line in lines:
        numbered, lettered = NUMBERED.match(line), LETTERED.match(line)
        if numbered:
            parent = _ListedItem(numbered.group(1), numbered.group(2))
            items.append(parent)
            in_documents = False
        elif lettered and parent is not None:
            number = f"{parent.number}({lettered.group(1)})"
            items.append(_ListedItem(number, lettered.group(2), parent.number))
            in_documents = False
        elif line == _DOCUMENTS_HEADING and items:
            in_documents = True
        elif in_documents:
            items[-1].notes.append(tidy(line))
        else:
            raise ExtractError(f"{decision_paragraph.id}: unexpected agenda line {line!r}")
    return [
        AgendaItem(
            id=item_id(session, item.number),
            session=session,
            number=item.number,
            title=_clean_title(item.title),
            provisional=True,
            parent=item_id(session, item.parent) if item.parent else None,
            document_notes=tuple(item.notes),
            source=(decision_paragraph.id,),
        )
        for item in items
    ]


def _clean_title(title: str) -> str:
    """Drop the list punctuation and a trailing "：优先主题：" lead from an item's title."""
    title = tidy(title).rstrip(_TITLE_TAIL)
    return title.removesuffix("优先主题").rstrip(_TITLE_TAIL)
