"""Structured answers (``knowledge.answers``) and small talk, rendered for Telegram.

Answer first: a verdict for yes/no questions, then one line per fact in the reader's
language, then the report's own paragraphs that say so (in Chinese: the report's text is
never translated), with buttons that open the records the answer rests on.

English readers get English names where the knowledge base knows them (its aliases and
glossary); a value the knowledge base has no English for stays as the report prints it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from bot.i18n import (
    Html,
    Language,
    chinese_number,
    escape,
    format_date,
    kb_html,
    ordinal_en,
    plain,
    t,
)
from handlers.english import english_name, glossary
from handlers.render.search import choice_keyboard
from handlers.render.start import render_help
from handlers.render.times import meeting_time_lines
from handlers.render.types import Rendered, clip, text_blocks, text_lines
from knowledge.answers import Composed, Fact
from knowledge.kbcache import derived
from knowledge.models import KnowledgeBase, Meeting, Paragraph, Record
from knowledge.smalltalk import SmallTalk

__all__ = ["english", "render_composed", "render_small_talk"]

EVIDENCE_CHARS = 360
MAX_FACT_LINES = 40


# ---------------------------------------------------------------------------------------------
# English names from the knowledge base


def _english_pattern(kb: KnowledgeBase) -> re.Pattern[str] | None:
    pairs = glossary(kb).by_length
    return re.compile("|".join(re.escape(zh) for zh, _ in pairs)) if pairs else None


def english(kb: KnowledgeBase, text: str) -> str:
    """``text`` in English where the knowledge base knows every name in it (a speaker's
    "白春礼 (中国, 中国科学院, 院长)" too); the original when some Chinese would remain
    (half-translated names help nobody)."""
    if not text or text.isascii():
        return text
    exact = english_name(kb, text)
    if exact is not None:
        return exact
    pattern = derived(kb, "english-names", _english_pattern)
    if pattern is None:
        return text
    table = dict(glossary(kb).by_length)
    translated = pattern.sub(lambda m: " " + table[m.group(0)] + " ", text)
    translated = translated.replace("（", " (").replace("）", ") ").replace("(", " (")
    translated = re.sub(r"\s*\)\s*", ") ", translated)
    translated = " ".join(translated.replace("( ", "(").split()).replace(" ,", ",")
    if any("\u3400" <= ch <= "\u9fff" for ch in translated):
        return text
    return translated.strip()


def _value(kb: KnowledgeBase, lang: Language, text: object) -> Html:
    value = str(text)
    if lang == "en":
        value = english(kb, value)
        return escape(value[:1].upper() + value[1:])
    return kb_html(lang, value)


def _session(lang: Language, number: object) -> str:
    n = int(number) if isinstance(number, int | str) and str(number).isdigit() else 0
    return ordinal_en(n) if lang == "en" else chinese_number(n)


def _date(lang: Language, iso: object) -> str:
    try:
        return format_date(lang, dt.date.fromisoformat(str(iso)))
    except ValueError:
        return str(iso)


# ---------------------------------------------------------------------------------------------
# Facts


def _fact(kb: KnowledgeBase, lang: Language, fact: Fact, user_tz: str | None) -> Html | None:
    v = dict(fact.values)
    key = fact.key
    if key in (
        "covers",
        "not_covered",
        "adopted_elsewhere",
        "count_items",
        "count_meetings",
        "session_undated",
        "session_unplaced",
    ):
        return t(lang, f"qa.{key}", session=_session(lang, v["session"]), count=v.get("count", ""))
    if key in ("spoke", "speakers"):
        return t(
            lang,
            "qa.spoke",
            meeting=v["meeting"],
            date=_date(lang, v["date"]),
            segment=_value(kb, lang, v["segment"]),
            who=_value(kb, lang, v["who"]),
        )
    if key == "council_adoption":
        return t(lang, "qa.council_adoption")
    if key == "no_resolution":
        return t(lang, "qa.no_resolution", number=v["number"])
    if key in ("resolution", "decision"):
        return t(lang, f"qa.{key}", title=_value(kb, lang, v["title"]))
    if key == "not_named":
        return t(lang, "qa.not_named", who=_value(kb, lang, v["who"]))
    if key == "not_recorded":
        return t(lang, "qa.not_recorded", who=_value(kb, lang, v["who"]))
    if key == "no_item":
        return t(lang, "qa.no_item", session=_session(lang, v["session"]), number=v["number"])
    if key == "no_meeting":
        return t(lang, "qa.no_meeting", meeting=v["meeting"])
    if key == "no_seat":
        role = t(lang, f"qa.role.{v['role']}")
        return t(lang, "qa.no_seat", session=_session(lang, v["session"]), role=role)
    if key == "item":
        return t(lang, "qa.item", number=v["number"], title=_value(kb, lang, v["title"]))
    if key == "did_not_speak":
        return t(lang, "qa.did_not_speak", who=_value(kb, lang, v["who"]))
    if key == "not_in_segment":
        return t(
            lang,
            "qa.not_in_segment",
            who=_value(kb, lang, v["who"]),
            segment=_value(kb, lang, v["segment"]),
        )
    if key in ("not_in_meeting", "absent_from_meeting"):
        return t(
            lang,
            f"qa.{key}",
            who=_value(kb, lang, v["who"]),
            meeting=v["meeting"],
            date=_date(lang, v["date"]),
        )
    if key == "count_speakers":
        return t(lang, "qa.count_speakers", meeting=v["meeting"], count=v["count"])
    if key in ("count_total", "count_footnotes", "count_documents"):
        return t(lang, f"qa.{key}", count=v["count"])
    if key == "adopted":
        return t(
            lang, "qa.adopted", title=_value(kb, lang, v["title"]), by=_adopted_by(kb, lang, v)
        )
    if key == "seat":
        return _seat(kb, lang, v)
    if key == "presided":
        line = t(
            lang,
            "qa.presided",
            meeting=v["meeting"],
            date=_date(lang, v["date"]),
            by=_value(kb, lang, v["by"]),
        )
        if v.get("opened"):
            line = Html(line + " " + t(lang, "qa.opened", by=_value(kb, lang, v["opened"])))
        return line
    if key == "segment_presided":
        return t(
            lang,
            "qa.segment_presided",
            segment=_value(kb, lang, v["segment"]),
            by=_value(kb, lang, v["by"]),
        )
    if key == "count_paragraphs":
        line = t(
            lang,
            "qa.count_paragraphs",
            title=_value(kb, lang, v["title"]),
            preamble=v["preamble"],
            operative=v["operative"],
        )
        if v.get("items"):
            line = Html(line + t(lang, "qa.count_items_under", items=v["items"]))
        return line
    if key == "count_resolutions":
        return t(
            lang,
            "qa.count_resolutions",
            resolutions=t(lang, "qa.draft_resolutions", count=v["resolutions"]),
            decisions=t(lang, "qa.draft_decisions", count=v["decisions"]),
        )
    if key == "count_seats":
        return t(lang, "qa.count_seats", role=t(lang, f"qa.role.{v['role']}"), count=v["count"])
    if key == "document":
        title = _value(kb, lang, v["title"])
        if v.get("item"):
            return t(lang, "qa.document", symbol=v["symbol"], title=title, item=v["item"])
        return t(lang, "qa.document_plain", symbol=v["symbol"], title=title)
    if key == "no_documents":
        return t(lang, "qa.no_documents", item=v["item"])
    if key == "document_note":
        return t(lang, "qa.document_note", item=v["item"], note=_value(kb, lang, v["note"]))
    if key in ("preamble", "section"):
        return t(
            lang,
            f"qa.{key}",
            title=_value(kb, lang, v["title"]),
            first=v["first"],
            last=v["last"],
            count=v["count"],
        )
    if key in ("first_paragraph", "last_paragraph"):
        return t(lang, f"qa.{key}", resolution=v["resolution"])
    if key == "addressed_to":
        return t(
            lang, "qa.addressed_to", resolution=v["resolution"], intro=_value(kb, lang, v["intro"])
        )
    if key == "before_part":
        return t(lang, "qa.before_part", title=_value(kb, lang, v["title"]))
    if key == "contents":
        return t(lang, "qa.contents")
    if key == "contents_line":
        return t(lang, "qa.contents_line", line=_value(kb, lang, v["line"]), page=v["page"])
    if key in ("footnote", "no_footnote"):
        text = _value(kb, lang, v["text"]) if "text" in v else ""
        return t(
            lang,
            f"qa.{key}",
            where=v["where"],
            mark=v["mark"],
            text=text,
            count=v.get("count", ""),
        )
    if key == "nth_paragraph":
        return t(lang, "qa.nth_paragraph", resolution=v["resolution"], n=v["n"])
    if key == "count_in":
        return t(lang, "qa.count_in", where=_value(kb, lang, v["where"]), count=v["count"])
    if key in ("count_annexes", "count_chapters"):
        return t(lang, f"qa.{key}", count=v["count"])
    if key == "themes_of":
        return t(lang, "qa.themes_of", session=_session(lang, v["session"]), count=v["count"])
    if key == "theme":
        return t(lang, "qa.theme", theme=_value(kb, lang, v["theme"]))
    if key == "chapter_title":
        return t(lang, "qa.chapter_title", title=_value(kb, lang, v["title"]))
    if key == "annex":
        if v["annex"] == 1:
            return t(lang, "qa.annex_documents")
        return t(lang, "qa.annex", annex=v["annex"], title=_value(kb, lang, v.get("title", "")))
    if key == "no_annex":
        return t(lang, "qa.no_annex", annex=v["annex"])
    if key == "meeting_account":
        return t(
            lang,
            "qa.meeting_account",
            meeting=v["meeting"],
            date=_date(lang, v["date"]),
            first=v["first"],
        )
    if key == "chapter":
        return t(
            lang,
            "qa.chapter",
            chapter=v["chapter"],
            title=_value(kb, lang, re.sub(r"^第\S+章\s*", "", str(v["title"]))),
            first=v["first"],
            last=v["last"],
        )
    if key == "chapter_section":
        return t(
            lang,
            "qa.chapter_section",
            chapter=v["chapter"],
            section=v["section"],
            title=_value(kb, lang, str(v["title"])),
            first=v["first"],
            last=v["last"],
        )
    if key == "no_chapter":
        return t(lang, "qa.no_chapter", chapter=v["chapter"], count=v["count"])
    if key in ("meeting_time", "last_meeting", "next_meeting", "today"):
        when = escape(_date(lang, v["date"]))
        meeting = fact.record
        if isinstance(meeting, Meeting) and meeting.start is not None:
            # Geneva's time, and the reader's own where they set another with /tz
            times = meeting_time_lines(kb, lang, meeting, user_tz)
            when = Html(when + " " + plain(lang, "word.semicolon").join(times))
        else:
            when = Html(when + " " + t(lang, "qa.no_start"))
        return t(lang, f"qa.{key}", meeting=v["meeting"], when=when)
    if key in ("session_over", "session_dates"):
        return t(
            lang,
            f"qa.{key}",
            session=_session(lang, v["session"]),
            start=_date(lang, v["start"]),
            end=_date(lang, v["end"]),
        )
    if key == "agenda_adopted":
        return t(lang, "qa.agenda_adopted" if v.get("adopted") else "qa.agenda_not_adopted")
    return None


def _adopted_by(kb: KnowledgeBase, lang: Language, values: Mapping[str, object]) -> Html:
    by = str(values.get("by", ""))
    date = values.get("date")
    if "无异议程序" in by and date:
        day = dt.date.fromisoformat(str(date))
        return t(lang, "qa.silence", date=format_date(lang, day, weekday=lang == "en"))
    return _value(kb, lang, by)


def _seat(kb: KnowledgeBase, lang: Language, v: Mapping[str, object]) -> Html:
    who = ", ".join(x for x in (str(v.get("name") or ""),) if x)
    country = str(v.get("country") or "")
    if lang == "en":
        name = english(kb, who) if who else ""
        place = english(kb, country) if country else ""
        who_text = f"{name} ({place})" if name and place else (name or place)
    else:
        who_text = f"{who}（{country}）" if who and country else (who or country)
    status = str(v.get("status"))
    if status == "postponed":
        detail = t(lang, "qa.seat_postponed", region=_value(kb, lang, v.get("region") or "—"))
    elif status == "presiding":
        detail = t(lang, "qa.seat_presiding")
    elif v.get("by"):
        detail = t(lang, "qa.seat_elected", by=_adopted_by(kb, lang, v))
    else:
        detail = Html("")
    who_html = _value(kb, lang, who_text) if lang != "en" else escape(who_text)
    text = t(
        lang,
        "qa.seat",
        session=_session(lang, v["session"]),
        role=t(lang, f"qa.role.{v['role']}"),
        who=who_html,
    )
    return Html(f"{text} · {detail}" if detail else text)


# ---------------------------------------------------------------------------------------------
# The message


def _evidence(kb: KnowledgeBase, lang: Language, paragraph: Paragraph) -> Html:
    return Html(
        f"<b>{escape(paragraph.id)}</b> " + kb_html(lang, clip(paragraph.text, EVIDENCE_CHARS))
    )


def render_composed(
    kb: KnowledgeBase, lang: Language, composed: Composed, user_tz: str | None = None
) -> Rendered:
    """A structured answer: verdict, facts, the report's words, and buttons to the records."""
    head: list[Html] = []
    if composed.verdict:
        head.append(t(lang, f"qa.{composed.verdict}"))
    lines: list[Html] = []
    for fact in composed.facts[:MAX_FACT_LINES]:
        line = _fact(kb, lang, fact, user_tz)
        if line is None:
            continue
        record = fact.record
        if record is not None and not fact.places_a_paragraph:
            line = Html(f"{line} <code>{escape(record.id)}</code>")
        lines.append(Html("• " + line) if len(composed.facts) > 1 else line)
    if composed.verdict == "unknown" and len(lines) > 1:
        lines.insert(1, t(lang, "qa.nearest"))
    evidence = [_evidence(kb, lang, p) for p in composed.evidence]
    text = text_blocks(
        text_lines(*head, *lines),
        text_lines(t(lang, "qa.sources"), *evidence) if evidence else None,
    )
    records: list[Record] = [r for r in composed.records if not isinstance(r, Paragraph)]
    del records[6:]
    records.extend(composed.evidence[: max(0, 8 - len(records))])
    return Rendered(text, choice_keyboard(kb, lang, records))


def render_small_talk(
    kb: KnowledgeBase, lang: Language, kind: SmallTalk, bot_username: str
) -> Rendered:
    """A short friendly reply; "help" gets the commands."""
    if kind == "help":
        return render_help(lang, bot_username)
    if kind == "greeting":
        session = kb.current_session
        body = session.body_en if lang == "en" else kb_html(lang, session.body)
        greeting = t(lang, "chat.greeting", body=body, session=_session(lang, session.number))
        return Rendered(text_blocks(greeting, render_help(lang, bot_username).text))
    return Rendered(t(lang, f"chat.{kind}"))
