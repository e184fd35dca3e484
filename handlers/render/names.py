"""How every view names and points at records: sessions, containers, paragraphs' places,
titles and snippets, English names from the aliases and the glossary, and the source lines and
buttons under an answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from bot.i18n import (
    Html,
    Language,
    chinese_number,
    escape,
    join,
    kb_text,
    ordinal_en,
    plain,
    roman,
    t,
)
from handlers.english import english_name, english_title
from handlers.render.types import Button, button, clip
from knowledge.models import (
    AgendaItem,
    BureauMember,
    Document,
    KnowledgeBase,
    Meeting,
    Paragraph,
    Record,
    Resolution,
    Session,
)
from knowledge.views import current_session

SNIPPET_CHARS: Final = 48


MAX_ALTERNATIVES: Final = 3


def session_params(lang: Language, number: int) -> dict[str, str]:
    """What the catalogue's ``{session}`` / ``{session_en}`` placeholders take."""
    return {"session": chinese_number(number), "session_en": ordinal_en(number)}


def session_title(kb: KnowledgeBase, lang: Language) -> str:
    """The current session's name (the report's title for a knowledge base without one)."""
    session = current_session(kb)
    return kb.source.title if session is None else session_name(lang, session)


def session_name(lang: Language, session: Session) -> str:
    """A session named by its own number (the 24th, not the current one)."""
    return plain(
        lang,
        "session.name",
        body=kb_text(lang, session.body),
        body_en=session.body_en,
        number=chinese_number(session.number),
        number_en=ordinal_en(session.number),
    )


def container_name(kb: KnowledgeBase, lang: Language, container_id: str) -> str:
    """Plain name of what holds paragraphs: 决议草案一, Draft resolution II, 附件二 …"""
    resolution = kb.resolution(container_id)
    if resolution is not None:
        if resolution.kind == "decision":
            decisions = [r for r in kb.resolutions if r.kind == "decision"]
            if len(decisions) == 1:
                return plain(lang, "res.decision_single")
            key = "res.decision"
        else:
            key = "res.resolution"
        return plain(
            lang,
            key,
            number=chinese_number(resolution.number),
            number_en=roman(resolution.number),
        )
    if container_id.startswith("annex"):
        number = container_id.removeprefix("annex")
        if number.isdigit():
            n = int(number)
            return plain(lang, "container.annex", number=chinese_number(n), number_en=roman(n))
    if container_id in ("report", "summary"):
        return plain(lang, f"container.{container_id}")
    return container_id if lang == "en" else kb_text(lang, container_id)


def paragraph_phrase(kb: KnowledgeBase, lang: Language, paragraph: Paragraph) -> str:
    """Where a paragraph sits in its container: 第 24 段, 序言部分第 5 段, 第 (a) 段(三)项 …"""
    label = paragraph.label.strip() or str(paragraph.number)
    if paragraph.kind == "preamble":
        return plain(lang, "para.preamble", label=paragraph.number)
    if paragraph.kind == "item":
        parent_id = paragraph.id.rpartition(".")[0]
        parent = kb.get(parent_id)
        parent_label = parent.label if isinstance(parent, Paragraph) else parent_id
        # an item printed with a Chinese numeral, (三), reads (iii) in English; (a) stays (a)
        shown = (
            f"({roman(paragraph.number).lower()})"
            if not label.isascii() and lang == "en"
            else label
        )
        return plain(lang, "para.item", parent=parent_label, label=shown)
    if paragraph.kind == "annex":
        annex = paragraph.parent.removeprefix("annex")
        n = int(annex) if annex.isdigit() else 0
        return plain(lang, "para.annex", label=label, annex=chinese_number(n), annex_en=roman(n))
    if paragraph.kind in ("report", "summary"):
        return plain(lang, f"para.{paragraph.kind}", label=label)
    return plain(lang, "para.operative", label=label)


def paragraph_place(kb: KnowledgeBase, lang: Language, paragraph: Paragraph) -> str:
    """决议草案一 · 第 24 段 (plain text)."""
    if paragraph.kind in ("report", "summary", "annex"):
        return paragraph_phrase(kb, lang, paragraph)
    return (
        f"{container_name(kb, lang, paragraph.parent)} · {paragraph_phrase(kb, lang, paragraph)}"
    )


def record_title(kb: KnowledgeBase, lang: Language, record: Record) -> str:
    """A short plain title for any record (lists, buttons, inline results)."""
    if isinstance(record, Paragraph):
        return paragraph_place(kb, lang, record)
    if isinstance(record, Resolution):
        return container_name(kb, lang, record.id)
    if isinstance(record, AgendaItem):
        return plain(lang, "topic.agenda", number=record.number)
    if isinstance(record, Meeting):
        return plain(lang, "meeting.label", number=record.number)
    if isinstance(record, Document):
        return record.symbol
    if isinstance(record, BureauMember):
        return seat_name(lang, record)
    return session_name(lang, record)


def seat_name(lang: Language, member: BureauMember) -> str:
    """A bureau seat: "Vice-Chair, 24th session", with "election postponed" when it was."""
    key = "bureau.seat_postponed" if member.status == "postponed" else "bureau.seat"
    return plain(lang, key, role=role_name(lang, member), **session_params(lang, member.session))


def record_snippet(
    kb: KnowledgeBase, lang: Language, record: Record, limit: int = SNIPPET_CHARS
) -> str:
    """The start of a record's own words (plain), structured fields in English for English."""
    if isinstance(record, Paragraph):
        return clip(kb_text(lang, record.text), limit)
    if isinstance(record, Resolution | AgendaItem | Document):
        text = structured_text(kb, lang, record.title, title=True)
    elif isinstance(record, Meeting):
        text = structured_text(kb, lang, record.presided_by or record.format)
    elif isinstance(record, BureauMember):
        parts = [record.name, record.country] if record.name or record.country else []
        if record.status == "postponed":
            parts = [record.region] if record.region else []
        text = " ".join(structured_text(kb, lang, x) for x in parts if x)
        if not text:
            text = plain(lang, "bureau.postponed")
    else:  # a session: two share a body, so each is named by its number
        text = session_name(lang, record)
    return clip(text, limit)


def role_name(lang: Language, member: BureauMember) -> str:
    return plain(lang, f"bureau.{member.role}")


def structured_text(kb: KnowledgeBase, lang: Language, zh: str, *, title: bool = False) -> str:
    """A structured field (a name, role, title …) in the reader's language, plain: English
    where the knowledge base has it, else the Chinese in the reader's script."""
    if lang == "en" and zh and not zh.isascii():  # a Latin name stays as the report prints it
        english = english_title(kb, zh) if title else english_name(kb, zh)
        if english:
            return english
    return kb_text(lang, zh)


def with_english(kb: KnowledgeBase, lang: Language, zh: str, *, title: bool = False) -> Html:
    """:func:`structured_text` escaped for HTML."""
    return escape(structured_text(kb, lang, zh, title=title))


def sources_line(kb: KnowledgeBase, lang: Language, source: Sequence[str]) -> Html | None:
    shown = []
    for source_id in source:
        record = kb.get(source_id)
        if isinstance(record, Paragraph):
            shown.append(f"{paragraph_place(kb, lang, record)} ({source_id})")
    if not shown:
        return None
    return Html(f"<i>{t(lang, 'word.source', where=join(lang, shown))}</i>")


def source_buttons(
    kb: KnowledgeBase, lang: Language, source: Sequence[str]
) -> list[Button | None]:
    return [button(f"¶ {s}", "r", s) for s in source[:4] if isinstance(kb.get(s), Paragraph)]


def alternative_buttons(
    kb: KnowledgeBase, lang: Language, alternatives: Sequence[Record], exclude: str
) -> list[Button | None]:
    shown: list[Button | None] = []
    for record in alternatives:
        if record.id == exclude or len(shown) >= MAX_ALTERNATIVES:
            continue
        label = f"{record.id} {record_snippet(kb, lang, record, 24)}"
        shown.append(button(plain(lang, "para.button_maybe", label=label), "r", record.id))
    return shown
