"""Meetings as iCalendar files: parsed back with the ``icalendar`` package, and end to end."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo

import icalendar
import pytest

from bot.i18n import LANGUAGES, Language
from bot.live import LiveKnowledge
from handlers.render import calendar_button, current_meetings, render_meeting, render_meetings
from handlers.render.calendar import render_calendar
from knowledge.models import KnowledgeBase, Meeting
from tests.conftest import BotFactory
from tests.fake_bot_api import FakeBotApi
from tests.test_bot_e2e import Person

NOW = dt.datetime(2020, 6, 1, 8, 30, tzinfo=dt.UTC)
LATER = dt.datetime(2020, 6, 9, 17, 0, tzinfo=dt.UTC)
LINK = "https://unctad.example.org/meetings/cstd-23/m2?pwd=a,b;c"
GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")


def timed(kb: KnowledgeBase) -> KnowledgeBase:
    """The bundled base with M2 given a time and a link, and M3 cancelled."""
    meetings = tuple(
        dataclasses.replace(m, start=dt.time(15), end=dt.time(18), link=LINK)
        if m.id == "M2"
        else dataclasses.replace(m, cancelled=True)
        if m.id == "M3"
        else m
        for m in kb.meetings
    )
    return dataclasses.replace(kb, meetings=meetings)


def events(content: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_a_timed_meeting_has_zoned_start_and_end_and_a_timezone(kb: KnowledgeBase) -> None:
    base = timed(kb)
    meeting = base.get("M2")
    assert isinstance(meeting, Meeting)
    file = render_calendar(base, "en", [meeting], NOW)
    assert file.file_name == "cstd-23-meeting-2.ics"
    calendar = icalendar.Calendar.from_ical(file.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == "cstd-23-meeting-2@delegate-bot.invalid"
    assert event.decoded("DTSTAMP") == NOW
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == dt.datetime(2020, 6, 11, 15, tzinfo=GENEVA)
    assert end == dt.datetime(2020, 6, 11, 18, tzinfo=GENEVA)
    assert event["DTSTART"].params["TZID"] == "Europe/Zurich"
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Zurich"
    # The zone's own definition says 15:00 in June is 13:00 UTC (summer time).
    assert zone.to_tz().utcoffset(dt.datetime(2020, 6, 11, 15)) == dt.timedelta(hours=2)
    description = str(event["DESCRIPTION"])
    assert "Meeting 2" in description and "Agenda items:" in description
    assert "• 3. 科学和技术促进发展" in description
    assert f"Link to the meeting: {LINK}" in description
    assert "https://undocs.org/en/E/2020/31" in description
    assert str(event["URL"]) == LINK and str(event["STATUS"]) == "CONFIRMED"
    assert "Meeting 2" in str(event["SUMMARY"])


def test_the_file_follows_rfc_5545_line_rules(kb: KnowledgeBase) -> None:
    content = render_calendar(timed(kb), "zh-Hant", current_meetings(kb), NOW).content
    assert content.endswith(b"\r\n")
    lines = content.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)  # every line ends with CRLF, none with a bare LF
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # folding never splits a character
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"


def test_a_meeting_without_a_published_time_is_an_all_day_event(kb: KnowledgeBase) -> None:
    meeting = kb.get("M2")
    assert isinstance(meeting, Meeting) and meeting.start is None
    calendar = icalendar.Calendar.from_ical(render_calendar(kb, "zh-Hans", [meeting], NOW).content)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == meeting.date
    assert event.decoded("DTEND") == meeting.date + dt.timedelta(days=1)
    assert "开始时间尚未公布，因此这是一个全天事件。" in str(event["DESCRIPTION"])
    assert calendar.walk("VTIMEZONE") == []  # no TZID is used, so none is needed


@pytest.mark.parametrize("lang", LANGUAGES)
def test_uids_stay_stable_so_a_reimport_updates(kb: KnowledgeBase, lang: Language) -> None:
    before = events(render_calendar(kb, lang, current_meetings(kb), NOW).content)
    changed = timed(kb)
    after = events(render_calendar(changed, lang, current_meetings(changed), LATER).content)
    assert set(before) == set(after)
    assert len(before) == len(current_meetings(kb)) == 3
    for event in after.values():
        assert event.decoded("DTSTAMP") == LATER
    # the same UID now carries the published time: a re-import moves the event
    moved = "cstd-23-meeting-2@delegate-bot.invalid"
    assert before[moved].decoded("DTSTART") == dt.date(2020, 6, 11)
    assert after[moved].decoded("DTSTART") == dt.datetime(2020, 6, 11, 15, tzinfo=GENEVA)
    cancelled = after["cstd-23-meeting-3@delegate-bot.invalid"]
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_meeting_views_carry_an_add_to_calendar_button(kb: KnowledgeBase) -> None:
    meeting = kb.get("M2")
    assert isinstance(meeting, Meeting)
    assert "v1|cal|M2" in render_meeting(kb, "en", meeting, None).callback_data
    assert "v1|cal|all" in render_meetings(kb, "zh-Hans", None).callback_data
    shown = calendar_button("zh-Hant", "M2")
    assert shown is not None and shown.label == "📅 加入日曆"


async def test_calendar_command_and_button_send_an_ics_file(
    server: FakeBotApi, start_bot: BotFactory, kb: KnowledgeBase
) -> None:
    async with start_bot(knowledge=LiveKnowledge.of(timed(kb))):
        ana = Person(server, 701, "en")
        sent = await ana.one("/calendar 2")
        assert sent.document is not None
        assert sent.document.file_name == "cstd-23-meeting-2.ics"
        assert sent.document.mime_type == "text/calendar"
        assert (sent.text or "").startswith("📅 Meeting 2 (Thursday, 11 June 2020) as a calendar")
        [event] = events(sent.document.content).values()
        assert event.decoded("DTSTART") == dt.datetime(2020, 6, 11, 15, tzinfo=GENEVA)

        everything = await ana.one("/calendar")
        assert everything.document is not None
        assert everything.document.file_name == "cstd-23-meetings.ics"
        assert len(events(everything.document.content)) == 3

        view = await ana.one("/meetings 2")
        before = len(server.sent(ana.id))
        await ana.press(view, "v1|cal|M2")
        await server.wait_for(lambda: len(server.sent(ana.id)) > before, 5.0)
        pressed = server.sent(ana.id)[before]
        assert pressed.document is not None
        assert events(pressed.document.content).keys() == events(sent.document.content).keys()

        wrong = await ana.one("/calendar 9")
        assert (wrong.text or "").splitlines() == [
            "There is no meeting 9.",
            "Usage: /calendar (all meetings) or /calendar 2 (meetings 1–3)",
        ]
        zh = await Person(server, 702, "zh-hant").one("/calendar 2")
        assert zh.document is not None
        assert "第 2 次會議" in str(next(iter(events(zh.document.content).values()))["SUMMARY"])
    assert server.errors == []
