"""Queries over a knowledge base (knowledge.views): pure, on small built knowledge bases and on
the bundled one."""

from __future__ import annotations

import dataclasses
import datetime as dt

from knowledge.models import (
    AgendaItem,
    BureauMember,
    Document,
    KnowledgeBase,
    Meeting,
    Paragraph,
    Resolution,
    ResolutionSection,
    Segment,
    Session,
    SourceInfo,
    Speaker,
)
from knowledge.references import reference_tables
from knowledge.views import (
    agenda_items,
    bureau_by_session,
    cited_in,
    current_documents,
    current_meetings,
    current_session,
    current_session_number,
    document_item,
    neighbours,
    next_session_number,
    paragraph_counts,
    section_key,
    section_paragraphs,
    speakers_by_segment,
    subitems,
)

SOURCE = SourceInfo(symbol="E/2099/1", title="Report", language="zh")
DAY = dt.date(2099, 5, 4)


def session(number: int, status: str = "held") -> Session:
    return Session(
        id=f"S{number}",
        body="委员会",
        body_en="Commission",
        number=number,
        status=status,  # type: ignore[arg-type]
    )


def item(session_number: int, number: str, **fields: object) -> AgendaItem:
    return AgendaItem(
        id=f"A{session_number}.{number}",
        session=session_number,
        number=number,
        title=f"项目{number}",
        **fields,  # type: ignore[arg-type]
    )


def meeting(session_number: int, number: int, **fields: object) -> Meeting:
    return Meeting(
        id=f"M{session_number}-{number}",
        session=session_number,
        number=number,
        date=DAY,
        **fields,  # type: ignore[arg-type]
    )


def paragraph(parent: str, kind: str, number: int) -> Paragraph:
    infix = ".pre" if kind == "preamble" else ""
    return Paragraph(
        id=f"{parent}{infix}.{number}",
        parent=parent,
        kind=kind,  # type: ignore[arg-type]
        label=str(number),
        number=number,
        text=f"第{number}段",
    )


def built(**fields: object) -> KnowledgeBase:
    return KnowledgeBase(schema_version=1, source=SOURCE, **fields)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Sessions


def test_the_current_session_is_the_latest_held_one() -> None:
    kb = built(sessions=(session(7), session(8), session(9, "planned")))
    found = current_session(kb)
    assert found is not None and found.number == 8
    assert current_session_number(kb) == 8


def test_without_sessions_the_current_number_is_the_latest_adopted_agenda() -> None:
    kb = built(agenda=(item(4, "1"), item(5, "1"), item(6, "1", provisional=True)))
    assert current_session(kb) is None
    assert current_session_number(kb) == 5
    assert current_session_number(built()) == 0


def test_the_next_session_is_the_provisional_agenda_else_the_planned_session() -> None:
    provisional = built(
        sessions=(session(8), session(10, "planned")),
        agenda=(item(8, "1"), item(9, "1", provisional=True)),
    )
    assert next_session_number(provisional) == 9
    planned = built(sessions=(session(8), session(10, "planned"), session(11, "planned")))
    assert next_session_number(planned) == 11
    assert next_session_number(built(sessions=(session(8),))) is None


# ---------------------------------------------------------------------------------------------
# Agenda, meetings, documents, bureau


def test_agenda_items_keep_order_and_separate_adopted_from_provisional() -> None:
    kb = built(
        agenda=(
            item(8, "1"),
            item(8, "2"),
            item(8, "2a", parent="A8.2"),
            item(9, "1", provisional=True),
            item(7, "1"),
        )
    )
    assert [i.id for i in agenda_items(kb, 8, provisional=False)] == ["A8.1", "A8.2", "A8.2a"]
    assert [i.id for i in agenda_items(kb, 9, provisional=True)] == ["A9.1"]
    assert agenda_items(kb, 9, provisional=False) == []
    parent = kb.get("A8.2")
    assert isinstance(parent, AgendaItem)
    assert [i.id for i in subitems(kb, parent)] == ["A8.2a"]


def test_current_meetings_are_the_current_sessions_by_number() -> None:
    kb = built(
        sessions=(session(8),),
        meetings=(meeting(8, 3), meeting(7, 1), meeting(8, 1), meeting(8, 2)),
    )
    assert [m.id for m in current_meetings(kb)] == ["M8-1", "M8-2", "M8-3"]


def test_current_documents_fall_back_to_every_document() -> None:
    mine = Document(symbol="E/CN.16/2099/2", session=8, title="报告")
    older = Document(symbol="E/CN.16/2098/2", session=7, title="旧报告")
    assert current_documents(built(sessions=(session(8),), documents=(older, mine))) == [mine]
    assert current_documents(built(sessions=(session(9),), documents=(older, mine))) == [
        older,
        mine,
    ]


def test_a_document_names_its_item_by_id_or_by_number() -> None:
    adopted, provisional = item(8, "3"), item(8, "3", provisional=True)
    kb = built(agenda=(provisional, adopted))
    by_id = Document(symbol="X/1", session=8, title="t", agenda_item="A8.3")
    by_number = Document(symbol="X/2", session=8, title="t", agenda_item="3")
    other_session = Document(symbol="X/3", session=7, title="t", agenda_item="3")
    assert document_item(kb, by_id) == kb.get("A8.3")
    assert document_item(kb, by_number) is adopted
    assert document_item(kb, other_session) is None
    assert document_item(kb, Document(symbol="X/4", session=8, title="t")) is None


def test_the_bureau_is_listed_seat_by_seat_latest_session_first() -> None:
    def seat(session_number: int, role: str, key: str) -> BureauMember:
        return BureauMember(
            id=f"B{session_number}.{key}",
            session=session_number,
            role=role,  # type: ignore[arg-type]
            status="elected",
        )

    kb = built(
        bureau=(
            seat(8, "rapporteur", "r"),
            seat(8, "vice-chair", "v1"),
            seat(9, "vice-chair", "v1"),
            seat(8, "chair", "c"),
            seat(9, "chair", "c"),
        )
    )
    assert [(s, [m.id for m in members]) for s, members in bureau_by_session(kb)] == [
        (9, ["B9.c", "B9.v1"]),
        (8, ["B8.c", "B8.v1", "B8.r"]),
    ]


def test_speakers_are_grouped_by_the_segment_they_spoke_in_in_order() -> None:
    first = Segment(kind="general discussion", title="一般性辩论", agenda_item="A8.3a")
    second = Segment(kind="general discussion", title="一般性辩论", agenda_item="A8.3b")
    held = meeting(
        8,
        1,
        segments=(first, second),
        speakers=(
            Speaker(name="甲", segment="一般性辩论"),
            Speaker(name="乙", segment="一般性辩论"),
            Speaker(name="丙", segment=""),
            Speaker(name="丁", segment="一般性辩论"),
        ),
    )
    groups = speakers_by_segment(held)
    assert [(segment, [s.name for s in people]) for segment, people in groups] == [
        (first, ["甲", "乙"]),
        (None, ["丙"]),
        (second, ["丁"]),
    ]


# ---------------------------------------------------------------------------------------------
# Resolutions and paragraphs


def resolution() -> Resolution:
    paragraphs = (
        paragraph("R1", "preamble", 1),
        paragraph("R1", "preamble", 2),
        paragraph("R1", "operative", 1),
        paragraph("R1", "operative", 2),
        paragraph("R1", "operative", 3),
    )
    return Resolution(
        id="R1",
        kind="resolution",
        number=1,
        title="决议",
        session=8,
        sections=(ResolutionSection(title="前进的道路", paragraphs=("R1.2", "R1.3")),),
        paragraphs=paragraphs,
    )


def test_paragraph_counts_separate_preamble_and_operative_part() -> None:
    assert paragraph_counts(resolution()) == (2, 3)


def test_section_views_hold_their_paragraphs_and_unknown_keys_none() -> None:
    r1 = resolution()
    assert section_paragraphs(r1, "pre") == ("", list(r1.paragraphs[:2]))
    assert section_paragraphs(r1, "op") == ("", list(r1.paragraphs[2:]))
    assert section_paragraphs(r1, "0") == ("前进的道路", list(r1.paragraphs[3:]))
    for unknown in ("1", "x", "-1", ""):
        assert section_paragraphs(r1, unknown) is None
    assert section_paragraphs(dataclasses.replace(r1, paragraphs=()), "pre") is None


def test_a_paragraph_is_in_its_headed_section_else_its_part() -> None:
    r1 = resolution()
    keys = [section_key(r1, p) for p in r1.paragraphs]
    assert keys == ["pre", "pre", "op", "0", "0"]
    report = paragraph("report", "report", 4)
    assert section_key(r1, report) is None


def test_neighbours_walk_each_container_in_order() -> None:
    r1 = resolution()
    report = (paragraph("report", "report", 1), paragraph("report", "report", 2))
    kb = built(resolutions=(r1,), paragraphs=report)
    walked = [r1.paragraphs[0].id]
    while True:
        current = kb.get(walked[-1])
        assert isinstance(current, Paragraph)
        after = neighbours(kb, current)[1]
        if after is None:
            break
        assert neighbours(kb, after)[0] == current
        walked.append(after.id)
    assert walked == [p.id for p in r1.paragraphs]  # never crosses into the report
    assert neighbours(kb, report[0]) == (None, report[1])
    assert neighbours(kb, report[1]) == (report[0], None)


def test_neighbours_of_the_bundled_report_cover_every_resolution(kb: KnowledgeBase) -> None:
    for held in kb.resolutions:
        first, last = held.paragraphs[0], held.paragraphs[-1]
        assert neighbours(kb, first)[0] is None
        assert neighbours(kb, last)[1] is None
        count, current = 1, first
        while (after := neighbours(kb, current)[1]) is not None:
            count, current = count + 1, after
        assert count == len(held.paragraphs)


# ---------------------------------------------------------------------------------------------
# Citations


def test_a_document_is_cited_by_the_records_that_name_it(kb: KnowledgeBase) -> None:
    related = reference_tables(kb).related
    for document in kb.documents:
        ids = cited_in(kb, document)
        assert ids == [r.id for r in kb.records() if r.id in related.get(document.id, ())]
        for record_id in ids:
            record = kb.get(record_id)
            assert record is not None and record.id != document.id
    assert any(cited_in(kb, d) for d in kb.documents)


def test_a_paragraph_citing_a_symbol_is_found_by_it() -> None:
    document = Document(symbol="E/CN.16/2099/2", session=8, title="秘书长的报告")
    citing = dataclasses.replace(
        paragraph("report", "report", 5), text="委员会审议了秘书长的报告（E/CN.16/2099/2）。"
    )
    quiet = paragraph("report", "report", 6)
    kb = built(sessions=(session(8),), paragraphs=(citing, quiet), documents=(document,))
    assert cited_in(kb, document) == [citing.id]
