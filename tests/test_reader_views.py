"""What a delegate reads, in each of the three languages: scripts, English names, labels, times.

Pure renderers over the bundled knowledge base; the expected English comes from the knowledge
base's own aliases and glossary (or from structured data such as dates), never typed in here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from bot import i18n
from bot.i18n import LANGUAGES, Language, t
from handlers import callbacks as cb
from handlers.render import (
    choice_keyboard,
    meeting_time_lines,
    render_agenda,
    render_bureau,
    render_choices,
    render_documents,
    render_meetings,
    render_paragraph,
    render_record,
    render_resolutions,
)
from handlers.resolutions import parse_res_args, render_res_problem, render_res_request
from knowledge.models import KnowledgeBase, Meeting, Paragraph
from knowledge.normalize import is_cjk, to_simplified
from knowledge.script import printed_in_traditional
from knowledge.timezones import parse_timezone, timezone_of
from tests.support.rendering import assert_sendable, visible


def paragraph(kb: KnowledgeBase, record_id: str) -> Paragraph:
    record = kb.get(record_id)
    assert isinstance(record, Paragraph)
    return record


def meeting(kb: KnowledgeBase, number: int) -> Meeting:
    record = kb.get(f"M{number}")
    assert isinstance(record, Meeting)
    return record


# ---------------------------------------------------------------------------------------------
# Script


def test_traditional_catalogue_uses_taiwan_characters() -> None:
    assert i18n.plain("zh-Hant", "cmd.subscribe") == "訂閱通知"
    groups = t("zh-Hant", "help.groups", bot="cstd_bot")
    assert "群組" in groups and "羣" not in groups
    every = "".join(i18n._template("zh-Hant", key) for key in i18n.catalogue_keys())
    for hong_kong in "閲羣峯脱裏着":
        assert hong_kong not in every


def test_traditional_report_text_uses_taiwan_characters(kb: KnowledgeBase) -> None:
    r1_81 = visible(render_paragraph(kb, "zh-Hant", paragraph(kb, "R1.81")).text)
    assert "，並為決策者" in r1_81 and "併為" not in r1_81
    m2 = visible(render_record(kb, "zh-Hant", meeting(kb, 2)).text)
    assert "拉脫維亞" in m2 and "拉脱維亞" not in m2
    r1_13 = visible(render_paragraph(kb, "zh-Hant", paragraph(kb, "R1.13")).text)
    assert "世界峰會" in r1_13 and "峯" not in r1_13


@pytest.mark.parametrize("number", range(10, 20))
def test_simplified_reader_gets_simplified_for_paragraphs_printed_in_traditional(
    kb: KnowledgeBase, number: int
) -> None:
    printed = paragraph(kb, f"R1.{number}")
    assert printed_in_traditional(printed.text)
    for lang in ("zh-Hans", "en"):
        rendered = render_paragraph(kb, lang, printed)
        shown = visible(rendered.text)
        assert to_simplified(printed.text)[:12] in shown
        assert printed.text[-12:] not in shown
        assert visible(t(lang, "script.converted_note")) in shown
        original = [b for row in rendered.keyboard for b in row if b.data.startswith("v1|orig|")]
        assert [b.label for b in original] == [i18n.plain(lang, "script.button_original")]
        assert cb.decode(original[0].data) == cb.Callback("orig", (printed.id,))
        assert_sendable(rendered)
    traditional = visible(render_paragraph(kb, "zh-Hant", printed).text)
    assert visible(t("zh-Hant", "script.converted_note")) not in traditional


def test_a_paragraph_printed_in_simplified_has_no_note(kb: KnowledgeBase) -> None:
    for lang in LANGUAGES:
        rendered = render_paragraph(kb, lang, paragraph(kb, "R1.9"))
        assert visible(t(lang, "script.converted_note")) not in visible(rendered.text)
        assert not [d for d in rendered.callback_data if d.startswith("v1|orig|")]


def test_simplified_everywhere_even_for_a_stray_traditional_character(kb: KnowledgeBase) -> None:
    item = kb.get("A23.7")
    assert item is not None
    shown = visible(render_record(kb, "zh-Hans", item).text)
    assert "决定草案" in shown and "決定草案" not in shown


def test_original_text_view(kb: KnowledgeBase) -> None:
    from handlers.render import render_paragraph_original

    printed = paragraph(kb, "R1.11")
    for lang in LANGUAGES:
        rendered = render_paragraph_original(kb, lang, printed)
        shown = visible(rendered.text)
        assert printed.text in shown
        assert cb.encode("p", printed.id) in rendered.callback_data
        assert_sendable(rendered)


# ---------------------------------------------------------------------------------------------
# English where English is known


def has_cjk(text: str) -> bool:
    return any(is_cjk(ch) for ch in text)


def test_english_meeting_says_who_presided_in_english(kb: KnowledgeBase) -> None:
    shown = visible(render_record(kb, "en", meeting(kb, 2)).text)
    assert "Presided: Vice-Chair (Austria)" in shown
    assert "副主席" not in shown
    first = visible(render_record(kb, "en", meeting(kb, 1)).text)
    assert "Opened by: Vice-Chair Peter Major (Hungary)" in first


@pytest.mark.parametrize("number", [1, 2, 3])
def test_english_meeting_view_has_no_chinese(kb: KnowledgeBase, number: int) -> None:
    """Titles, segments, speakers' names, roles, organisations and countries: all structured."""
    shown = visible(render_record(kb, "en", meeting(kb, number)).text)
    assert not [line for line in shown.splitlines() if has_cjk(line)]


def test_english_meeting_list_has_no_chinese(kb: KnowledgeBase) -> None:
    shown = visible(render_meetings(kb, "en", None).text)
    assert not [line for line in shown.splitlines() if has_cjk(line)]


def test_english_speakers_roles_and_organisations(kb: KnowledgeBase) -> None:
    shown = visible(render_record(kb, "en", meeting(kb, 1)).text)
    assert "Secretary-General" in shown
    assert "United Nations Conference on Trade and Development" in shown
    assert "秘书长" not in shown and "联合国贸易和发展会议" not in shown


def test_english_adoption_by_silence_procedure(kb: KnowledgeBase) -> None:
    resolution = kb.resolution("R1")
    assert resolution is not None
    shown = visible(render_record(kb, "en", resolution).text)
    assert "Adopted: by silence procedure ending Tuesday, 9 June 2020" in shown
    assert "无异议程序" not in shown
    listed = visible(render_resolutions(kb, "en").text)
    assert "无异议程序" not in listed and "Adopted: by silence procedure ending" in listed
    bureau = visible(render_bureau(kb, "en").text)
    assert "by silence procedure ending 12 June 2020" in bureau
    assert "无异议程序" not in bureau


def test_english_agenda_titles(kb: KnowledgeBase) -> None:
    item_3 = kb.get("A23.3")
    item_3b = kb.get("A23.3b")
    assert item_3 is not None and item_3b is not None
    shown = visible(render_record(kb, "en", item_3).text)
    assert "Science and technology for development" in shown
    assert "science and technology for development" not in shown
    sub = visible(render_record(kb, "en", item_3b).text)
    assert "Exploring space technologies for sustainable development" in sub
    agenda = visible(render_agenda(kb, "en").text)
    titles = [line for line in agenda.splitlines() if line[:1].isdigit()]
    assert titles and not [line for line in titles if has_cjk(line)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_agenda_opens_without_a_stray_sentence(kb: KnowledgeBase, lang: Language) -> None:
    shown = visible(render_agenda(kb, lang).text)
    intro = shown.split("\n\n")[1]
    assert not intro.startswith("因此"), intro
    assert intro == visible(t(lang, "agenda.not_adopted"))


def test_english_bureau_names_are_english(kb: KnowledgeBase) -> None:
    shown = visible(render_bureau(kb, "en").text)
    lines = [line for line in shown.splitlines() if ":" in line and not line.startswith(" ")]
    assert "Chair: Peter Major (Hungary)" in shown
    assert not [line for line in lines if has_cjk(line.split(" — ")[0])]


# ---------------------------------------------------------------------------------------------
# Speakers by segment


def speaker_groups(shown: str, speakers_heading: str) -> list[tuple[str, list[str]]]:
    block = shown.split(speakers_heading, 1)[1].split("\n\n", 1)[0]
    groups: list[tuple[str, list[str]]] = []
    for line in block.strip().splitlines():
        if line.startswith("•"):
            groups[-1][1].append(line)
        else:
            groups.append((line, []))
    return groups


@pytest.mark.parametrize("lang", LANGUAGES)
def test_meeting_speakers_are_grouped_by_segment(kb: KnowledgeBase, lang: Language) -> None:
    m2 = meeting(kb, 2)
    shown = visible(render_record(kb, lang, m2).text)
    groups = speaker_groups(shown, visible(t(lang, "meeting.speakers")))
    assert len(groups) == len(m2.segments) == 4
    for (heading, lines), segment in zip(groups, m2.segments, strict=True):
        item = kb.get(segment.agenda_item or "")
        assert item is not None and getattr(item, "number", "") in heading
        assert lines and len(lines) == len(set(lines))
    ghaffar = [h for h, lines in groups if any("Khaled Abdel Ghaffar" in x for x in lines)]
    assert len(ghaffar) == 2 and ghaffar[0] != ghaffar[1]
    assert sum(len(lines) for _, lines in groups) == len(m2.speakers)


# ---------------------------------------------------------------------------------------------
# Labels


@pytest.mark.parametrize(
    ("lang", "label"), [("en", "24th session"), ("zh-Hans", "第二十四届会议")]
)
def test_a_listed_session_is_named_by_its_own_number(
    kb: KnowledgeBase, lang: Language, label: str
) -> None:
    s24 = kb.get("S24")
    assert s24 is not None
    shown = visible(render_choices(kb, lang, t(lang, "search.ambiguous"), [s24]).text)
    assert label in shown
    assert "23rd session" not in shown and "第二十三届" not in shown


def test_item_paragraph_heading_uses_the_printed_letter(kb: KnowledgeBase) -> None:
    shown = visible(render_paragraph(kb, "en", paragraph(kb, "R1.84.a")).text)
    assert shown.startswith("Draft resolution I · paragraph 84(a) (R1.84.a)")
    assert "(a)" in shown.split("\n\n")[1]
    roman_items = visible(render_paragraph(kb, "en", paragraph(kb, "R2.a.3")).text)
    assert roman_items.startswith("Draft resolution II · paragraph (a)(iii) (R2.a.3)")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Vice-Chair, 24th session — election postponed"),
        ("zh-Hans", "第二十四届会议副主席 — 推迟选举"),
        ("zh-Hant", "第二十四屆會議副主席 — 推遲選舉"),
    ],
)
def test_postponed_seats_have_a_meaningful_label(
    kb: KnowledgeBase, lang: Language, expected: str
) -> None:
    seats = [m for m in kb.bureau if m.status == "postponed"]
    assert len(seats) == 3
    rendered = render_choices(kb, lang, t(lang, "search.ambiguous"), seats)
    shown = visible(rendered.text)
    assert expected in shown
    for seat in seats:
        line = next(x for x in shown.splitlines() if x.startswith(seat.id))
        detail = shown.splitlines()[shown.splitlines().index(line) + 1].strip()
        assert not line.rstrip().endswith("·") and detail, (line, detail)
    for row in rendered.keyboard:
        for b in row:
            assert len(b.label.split(" ", 1)) == 2 and b.label.split(" ", 1)[1].strip(), b.label


def test_english_outline_documents_and_session_have_english_titles(kb: KnowledgeBase) -> None:
    resolution = kb.resolution("R1")
    session = kb.get("S23")
    assert resolution is not None and session is not None
    outline = visible(render_record(kb, "en", resolution).text)
    sections = outline.split("Sections\n", 1)[1].split("\n\n", 1)[0]
    assert not has_cjk(sections), sections
    assert "Taking stock: reviewing the implementation" in sections
    documents = visible(render_documents(kb, "en").text)
    assert not [line for line in documents.splitlines() if has_cjk(line)]
    shown = visible(render_record(kb, "en", session).text)
    assert "Informal virtual meeting" in shown.splitlines()
    placed = visible(render_paragraph(kb, "en", paragraph(kb, "R1.24")).text)
    assert "Section: Taking stock" in placed


# ---------------------------------------------------------------------------------------------
# Timezones


@pytest.mark.parametrize(
    ("typed", "kept", "offset_hours"),
    [
        ("Europe/Geneva", "Europe/Geneva", 2),
        ("europe/paris", "Europe/Paris", 2),
        ("asia/tokyo", "Asia/Tokyo", 9),
        ("UTC+8", "UTC+08:00", 8),
        ("GMT-5", "UTC-05:00", -5),
        ("UTC+5:30", "UTC+05:30", 5.5),
        ("utc", "UTC", 0),
        ("北京", "Asia/Shanghai", 8),
        ("上海", "Asia/Shanghai", 8),
        ("纽约", "America/New_York", -4),
        ("紐約", "America/New_York", -4),
        ("New York", "America/New_York", -4),
        ("Washington", "America/New_York", -4),
        ("Paris", "Europe/Paris", 2),
        ("巴黎", "Europe/Paris", 2),
        ("London", "Europe/London", 1),
        ("Tokyo", "Asia/Tokyo", 9),
        ("东京", "Asia/Tokyo", 9),
        ("Geneva", "Europe/Geneva", 2),
        ("日內瓦", "Europe/Geneva", 2),
        ("Nairobi", "Africa/Nairobi", 3),
        ("Addis Ababa", "Africa/Addis_Ababa", 3),
        ("Bangkok", "Asia/Bangkok", 7),
        ("Santiago", "America/Santiago", -4),
        ("Beirut", "Asia/Beirut", 3),
        ("Vienna", "Europe/Vienna", 2),
    ],
)
def test_timezones_a_reader_may_type(typed: str, kept: str, offset_hours: float) -> None:
    assert parse_timezone(typed) == kept
    zone = timezone_of(kept)
    assert zone is not None
    june = dt.datetime(2020, 6, 11, 12, 0, tzinfo=dt.UTC).astimezone(zone)
    assert june.utcoffset() == dt.timedelta(hours=offset_hours)


@pytest.mark.parametrize("typed", ["Mars/Olympus", "UTC+15", "GMT+5:75", "nowhere", ""])
def test_what_is_not_a_timezone(typed: str) -> None:
    assert parse_timezone(typed) is None


@pytest.mark.parametrize(
    ("lang", "zone", "expected"),
    [
        ("zh-Hans", "Asia/Shanghai", "你的时间（Asia/Shanghai）：次日 01:00–03:00"),
        ("zh-Hant", "Asia/Shanghai", "你的時間（Asia/Shanghai）：次日 01:00–03:00"),
        ("en", "UTC+08:00", "Your time (UTC+08:00): 01:00–03:00 next day"),
        ("en", "America/New_York", "Your time (America/New_York): 13:00–15:00"),
        ("en", "Pacific/Honolulu", "Your time (Pacific/Honolulu): 07:00–09:00"),
    ],
)
def test_a_time_on_another_day_says_so(
    kb: KnowledgeBase, lang: Language, zone: str, expected: str
) -> None:
    late = dataclasses.replace(meeting(kb, 2), start=dt.time(19, 0), end=dt.time(21, 0))
    lines = [visible(line) for line in meeting_time_lines(kb, lang, late, zone)]
    assert lines[1] == expected
    early = dataclasses.replace(meeting(kb, 2), start=dt.time(8, 0), end=dt.time(10, 0))
    honolulu = [visible(line) for line in meeting_time_lines(kb, "en", early, "Pacific/Honolulu")]
    assert honolulu[1] == "Your time (Pacific/Honolulu): 20:00–22:00 previous day"
    across = dataclasses.replace(meeting(kb, 2), start=dt.time(16, 0), end=dt.time(19, 0))
    tokyo = [visible(line) for line in meeting_time_lines(kb, "zh-Hans", across, "Asia/Tokyo")]
    assert tokyo[1] == "你的时间（Asia/Tokyo）：23:00–次日 02:00"


# ---------------------------------------------------------------------------------------------
# /res with two paragraphs, a range, words and Chinese numerals


@pytest.mark.parametrize(
    ("typed", "ids"),
    [
        ("1 24 25", ["R1.24", "R1.25"]),
        ("1 24,25", ["R1.24", "R1.25"]),
        ("1 24-26", ["R1.24", "R1.25", "R1.26"]),
        ("1 24–26", ["R1.24", "R1.25", "R1.26"]),
        ("1 24 to 26", ["R1.24", "R1.25", "R1.26"]),
        ("1 24至26", ["R1.24", "R1.25", "R1.26"]),
        ("one 24", ["R1.24"]),
        ("first 24", ["R1.24"]),
        ("一 二十四", ["R1.24"]),
        ("決議一 第二十四段", ["R1.24"]),
        ("two a 3", ["R2.a.3"]),
        ("二 a 三", ["R2.a.3"]),
    ],
)
def test_res_reads_several_paragraphs_words_and_chinese_numerals(
    kb: KnowledgeBase, typed: str, ids: list[str]
) -> None:
    request = parse_res_args(kb, typed.split())
    assert [r.id for r in request.records] == ids, request


def test_res_with_a_paragraph_that_cannot_exist(kb: KnowledgeBase) -> None:
    request = parse_res_args(kb, ["1", "-1"])
    assert request.kind == "no_paragraph"
    for lang in LANGUAGES:
        shown = visible(render_res_problem(kb, lang, request).text)
        assert "-1" in shown and "1–90" in shown
        assert shown.splitlines()[0] != visible(t(lang, "usage.res"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_two_paragraphs_and_a_range_are_shown_together(kb: KnowledgeBase, lang: Language) -> None:
    request = parse_res_args(kb, ["1", "24-26"])
    rendered = render_res_request(kb, lang, request)
    shown = visible(rendered.text)
    for number in (24, 25, 26):
        body = i18n.kb_text(lang, paragraph(kb, f"R1.{number}").text)
        assert f"{number}. {body[:20]}" in shown
    assert shown.index("24. ") < shown.index("25. ") < shown.index("26. ")
    assert {cb.encode("r", f"R1.{n}") for n in (24, 25, 26)} <= set(rendered.callback_data)
    assert_sendable(rendered)


def test_a_long_range_is_cut_to_fit(kb: KnowledgeBase) -> None:
    request = parse_res_args(kb, ["1", "1-90"])
    rendered = render_res_request(kb, "en", request)
    assert_sendable(rendered)
    assert len(rendered.messages()) <= 2
    assert visible(t("en", "word.more", count=90 - len(request.records))) in visible(rendered.text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_two_sessions_offered_side_by_side_can_be_told_apart(
    kb: KnowledgeBase, lang: Language
) -> None:
    sessions = [s for s in (kb.get("S23"), kb.get("S24")) if s is not None]
    labels = [b.label for row in choice_keyboard(kb, lang, sessions) for b in row]
    assert len(labels) == 2
    assert labels[0].split(" ", 1)[1] != labels[1].split(" ", 1)[1]
