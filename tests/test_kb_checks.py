"""Warnings for what is valid but suspicious in a knowledge base about to go live."""

from __future__ import annotations

import dataclasses
import datetime as dt

from knowledge.checks import (
    MeetingOutsideSession,
    ScriptChanged,
    script_of,
    suspicious_content,
)
from knowledge.models import KnowledgeBase, Paragraph


def _meeting(kb: KnowledgeBase, meeting_id: str, **changes: object) -> KnowledgeBase:
    meetings = tuple(
        dataclasses.replace(m, **changes) if m.id == meeting_id else m  # type: ignore[arg-type]
        for m in kb.meetings
    )
    return dataclasses.replace(kb, meetings=meetings)


def _paragraph(kb: KnowledgeBase, paragraph_id: str, text: str) -> KnowledgeBase:
    def fix(paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
        return tuple(
            dataclasses.replace(p, text=text) if p.id == paragraph_id else p for p in paragraphs
        )

    resolutions = tuple(
        dataclasses.replace(r, paragraphs=fix(r.paragraphs)) for r in kb.resolutions
    )
    return dataclasses.replace(kb, resolutions=resolutions)


def test_the_bundled_knowledge_base_raises_no_warning(kb: KnowledgeBase) -> None:
    assert suspicious_content(kb, kb) == ()


def test_a_meeting_dated_outside_its_session(kb: KnowledgeBase) -> None:
    session = next(s for s in kb.sessions if s.number == 23)
    assert session.start is not None and session.end is not None
    for day in (session.start - dt.timedelta(days=1), session.end + dt.timedelta(days=1)):
        moved = _meeting(kb, "M2", date=day)
        assert suspicious_content(kb, moved) == (
            MeetingOutsideSession("M2", day, 23, session.start, session.end),
        )
    # The first and the last day are inside.
    assert suspicious_content(kb, _meeting(kb, "M2", date=session.end)) == ()


def test_a_paragraph_whose_script_changed_against_the_live_version(kb: KnowledgeBase) -> None:
    r149 = kb.get("R1.49")
    r111 = kb.get("R1.11")
    assert isinstance(r149, Paragraph) and isinstance(r111, Paragraph)
    assert script_of(r149.text) == "Simplified"
    assert script_of(r111.text) == "Traditional"  # the report printed R1.10–19 so
    assert script_of("17%") is None  # nothing to tell by

    traditional = "極為關切地注意到婦女使用互聯網的幾率比男子低 17%，在最不發達國家則低 43%"
    changed = _paragraph(kb, "R1.49", traditional)
    assert suspicious_content(kb, changed) == (
        ScriptChanged("R1.49", "Simplified", "Traditional"),
    )
    simplified = "认识到需要在各级进一步改善公共政策"
    changed = _paragraph(kb, "R1.11", simplified)
    assert suspicious_content(kb, changed) == (
        ScriptChanged("R1.11", "Traditional", "Simplified"),
    )
    # A reworded paragraph in the same script is no warning; nor is a new one.
    assert suspicious_content(kb, _paragraph(kb, "R1.49", r149.text + "又及。")) == ()
    assert suspicious_content(None, changed) == ()
