"""The pure diff between two knowledge bases, and the reminders a change would move."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from knowledge.diff import (
    CONTEXT_CHARS,
    SHOWN_CHANGE_CHARS,
    SHOWN_CHANGES,
    KbDiff,
    describe_change,
    diff_knowledge_bases,
    format_text_diff,
    meeting_starts,
    reminder_changes,
    show_value,
    text_diff,
)
from knowledge.models import (
    BureauMember,
    GlossaryTerm,
    KnowledgeBase,
    Meeting,
    Paragraph,
    Resolution,
)

UTC = dt.UTC


def _replace_meeting(kb: KnowledgeBase, meeting_id: str, **changes: object) -> KnowledgeBase:
    meetings = tuple(
        dataclasses.replace(m, **changes) if m.id == meeting_id else m  # type: ignore[arg-type]
        for m in kb.meetings
    )
    return dataclasses.replace(kb, meetings=meetings)


def _replace_paragraph(kb: KnowledgeBase, paragraph_id: str, **changes: object) -> KnowledgeBase:
    def fix(paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
        return tuple(
            dataclasses.replace(p, **changes) if p.id == paragraph_id else p  # type: ignore[arg-type]
            for p in paragraphs
        )

    resolutions = tuple(
        dataclasses.replace(r, paragraphs=fix(r.paragraphs)) for r in kb.resolutions
    )
    return dataclasses.replace(kb, resolutions=resolutions, paragraphs=fix(kb.paragraphs))


def _scheduled(kb: KnowledgeBase) -> KnowledgeBase:
    """The bundled knowledge base with start times for its three meetings."""
    for meeting_id, start in (("M1", dt.time(10)), ("M2", dt.time(10)), ("M3", dt.time(15))):
        kb = _replace_meeting(kb, meeting_id, start=start, end=dt.time(13))
    return kb


def test_the_same_knowledge_base_has_no_changes(kb: KnowledgeBase) -> None:
    diff = diff_knowledge_bases(kb, kb)
    assert diff.empty and diff.kinds == ()
    assert diff.summary() == "no changes"
    assert diff.lines() == ["no changes"]
    rebuilt = dataclasses.replace(kb)  # equal values, other objects
    assert diff_knowledge_bases(kb, rebuilt).empty


def test_a_moved_meeting_shows_its_old_and_new_time_in_its_zone(kb: KnowledgeBase) -> None:
    before = _scheduled(kb)
    after = _replace_meeting(before, "M2", start=dt.time(15), end=dt.time(18))
    diff = diff_knowledge_bases(before, after)
    assert [k.kind for k in diff.kinds] == ["meetings"]
    meetings = diff.kind("meetings")
    assert (meetings.added, meetings.removed) == ((), ())
    [change] = meetings.changed
    assert change.id == "M2"
    assert [(f.field, f.old_text, f.new_text, f.zone) for f in change.fields] == [
        ("start", "10:00", "15:00", "Europe/Geneva"),
        ("end", "13:00", "18:00", "Europe/Geneva"),
    ]
    geneva = {"Europe/Geneva": "Geneva"}.get
    assert describe_change(change, lambda z: geneva(z) or z) == (
        "M2: start 10:00 → 15:00 Geneva; end 13:00 → 18:00 Geneva"
    )
    assert diff.summary() == "meetings ~1"


def test_a_long_text_is_named_then_shown_as_a_short_diff(kb: KnowledgeBase) -> None:
    text = kb.get("R1.24").text  # type: ignore[union-attr]
    after = _replace_paragraph(kb, "R1.24", text=text + "（已更正）")
    diff = diff_knowledge_bases(kb, after)
    # One changed paragraph, not a changed resolution.
    assert [k.kind for k in diff.kinds] == ["paragraphs"]
    [change] = diff.kind("paragraphs").changed
    assert describe_change(change) == "R1.24 text changed"
    lines = diff.lines()
    assert lines[:2] == ["paragraphs: ~1", "  ~ R1.24 text changed"]
    assert lines[2] == f"      text: …{text[-CONTEXT_CHARS:]}{{+（已更正）+}}"
    assert len(lines) == 3


def test_chinese_is_compared_by_character_and_latin_by_word() -> None:
    old = "极为关切地注意到妇女使用互联网的几率比男子低 17%，在最不发达国家则低 43%，提请注意"
    new = old.replace("17%", "18%")
    assert (
        format_text_diff(text_diff(old, new))
        == "…用互联网的几率比男子低 [-17-]{+18+}%，在最不发达国家则低…"
    )
    # One character of Chinese, not the whole run it sits in.
    assert format_text_diff(text_diff("委员会审议了议程项目三。", "委员会审查了议程项目三。")) == (
        "委员会审[-议-]{+查+}了议程项目三。"
    )
    # Whole words of English, never parts of them.
    english = text_diff(
        "The Commission took note of the report of the Secretary-General on progress made",
        "The Commission welcomed the report of the Secretary-General on progress made",
    )
    assert format_text_diff(english) == ("The Commission [-took note of-]{+welcomed+} the report…")


def test_a_text_diff_stays_short_and_counts_what_it_leaves_out() -> None:
    words = [f"w{n}" for n in range(200)]
    changed = [f"W{n}" if n % 20 == 10 else w for n, w in enumerate(words)]
    diff = text_diff(" ".join(words), " ".join(changed))
    assert diff.more == 10 - SHOWN_CHANGES
    shown = format_text_diff(diff)
    assert shown.count("[-") == SHOWN_CHANGES and shown.endswith(f"(+{diff.more} more changes)")
    assert "[-w10-]{+W10+}" in shown and "…" in shown
    # A text rewritten from end to end is clipped, whatever its length.
    rewritten = format_text_diff(text_diff("旧" * 5000, "新" * 5000))
    assert len(rewritten) <= 2 * SHOWN_CHANGE_CHARS + 10
    assert rewritten.startswith("[-旧") and "{+新" in rewritten
    # Line breaks stay on one line; an unchanged text has nothing to show.
    assert "\n" not in format_text_diff(text_diff("a\nb c", "a\nb d"))
    assert text_diff("同样", "同样").pieces == ()


def test_a_corrected_name_and_a_new_glossary_term(kb: KnowledgeBase) -> None:
    chair = kb.bureau[0]
    assert isinstance(chair, BureauMember)
    bureau = (dataclasses.replace(chair, name="K. E. Baipoledi"), *kb.bureau[1:])
    glossary = (*kb.glossary, GlossaryTerm("数字公共产品", ("digital public goods",)))
    after = dataclasses.replace(kb, bureau=bureau, glossary=glossary)
    diff = diff_knowledge_bases(kb, after)
    assert diff.summary() == "bureau ~1 · glossary +1"
    [name] = diff.kind("bureau").changed
    assert (
        describe_change(name) == f"{chair.id}: name Kekgonne Edinton Baipoledi → K. E. Baipoledi"
    )
    assert diff.kind("glossary").added == ("数字公共产品",)


def test_added_and_removed_records_are_listed_in_file_order(kb: KnowledgeBase) -> None:
    r1 = kb.resolution("R1")
    assert isinstance(r1, Resolution)
    kept = tuple(p for p in r1.paragraphs if p.id not in ("R1.3", "R1.40"))
    extra = Paragraph("R1.99", "R1", "operative", "99", 99, "新的段落。")
    resolutions = tuple(
        dataclasses.replace(r, paragraphs=(*kept, extra)) if r.id == "R1" else r
        for r in kb.resolutions
    )
    after = dataclasses.replace(kb, resolutions=resolutions)
    paragraphs = diff_knowledge_bases(kb, after).kind("paragraphs")
    assert paragraphs.added == ("R1.99",)
    assert paragraphs.removed == ("R1.3", "R1.40")
    assert paragraphs.counts() == "+1 −2"


def test_the_listing_stops_after_the_first_few(kb: KnowledgeBase) -> None:
    after = kb
    for paragraph in kb.paragraphs[:8]:
        after = _replace_paragraph(after, paragraph.id, text=paragraph.text + "。")
    lines = diff_knowledge_bases(kb, after).lines(limit=5)
    assert lines[0] == "paragraphs: ~8"
    assert len([line for line in lines if line.startswith("  ~ ")]) == 5
    assert lines[-1] == "    … and 3 more"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "—"),
        (True, "true"),
        (dt.time(9, 5), "09:05"),
        (dt.date(2020, 6, 11), "2020-06-11"),
        (3, "3"),
        ("", '""'),
        ("短", "短"),
        ("x" * 41, None),
        ("two\nlines", None),
        (("A23.3", "A23.4"), "[A23.3, A23.4]"),
        (tuple(f"A23.{n}" for n in range(20)), None),
    ],
)
def test_values_are_shown_as_written_or_not_at_all(value: object, shown: str | None) -> None:
    assert show_value(value) == shown


def test_meeting_starts_are_aware_and_in_the_sessions_zone(kb: KnowledgeBase) -> None:
    assert meeting_starts(kb) == {}  # the report gives no start times
    starts = meeting_starts(_scheduled(kb))
    # Geneva in June is UTC+2; "Europe/Geneva" in the file means Europe/Zurich.
    assert starts["M2"].astimezone(UTC) == dt.datetime(2020, 6, 11, 8, 0, tzinfo=UTC)
    cancelled = _replace_meeting(_scheduled(kb), "M3", cancelled=True)
    assert set(meeting_starts(cancelled)) == {"M1", "M2"}


def test_reminders_that_move_are_cancelled_or_appear(kb: KnowledgeBase) -> None:
    before = _replace_meeting(_scheduled(kb), "M1", start=None, end=None)
    after = _replace_meeting(before, "M2", start=dt.time(15))
    after = _replace_meeting(after, "M3", cancelled=True)
    after = _replace_meeting(after, "M1", start=dt.time(9))
    now = dt.datetime(2020, 6, 1, tzinfo=UTC)
    changes = {c.meeting: c for c in reminder_changes(before, after, now)}
    assert set(changes) == {"M1", "M2", "M3"}
    assert changes["M2"].kind == "moved"
    assert changes["M2"].old is not None and changes["M2"].new is not None
    assert (changes["M2"].new - changes["M2"].old) == dt.timedelta(hours=5)
    assert changes["M3"].kind == "cancelled" and changes["M3"].new is None
    assert changes["M1"].kind == "added" and changes["M1"].old is None
    # Once the meetings are over, their reminders are gone and nothing moves.
    later = dt.datetime(2020, 6, 30, tzinfo=UTC)
    assert reminder_changes(before, after, later) == ()


def test_a_meeting_changed_only_in_its_speakers_moves_no_reminder(kb: KnowledgeBase) -> None:
    before = _scheduled(kb)
    m2 = before.get("M2")
    assert isinstance(m2, Meeting)
    after = _replace_meeting(before, "M2", speakers=m2.speakers[:1])
    diff = diff_knowledge_bases(before, after)
    [change] = diff.kind("meetings").changed
    assert describe_change(change) == "M2 speakers changed"
    assert reminder_changes(before, after, dt.datetime(2020, 6, 1, tzinfo=UTC)) == ()


def test_an_empty_diff_is_falsy_per_kind() -> None:
    assert KbDiff().kind("meetings").counts() == ""
    assert not KbDiff().kind("meetings")
