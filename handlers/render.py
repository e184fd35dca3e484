"""Pure renderers: knowledge-base values in, Telegram HTML and buttons out.

No I/O and no Telegram objects here: every function takes the knowledge base, the reader's
language (and timezone where times are shown) and returns a :class:`Rendered` — HTML text
plus a keyboard of :class:`Button` values whose callback data is already encoded. Handlers
send it; the console prints it; the tests read it.

Every knowledge-base and user value goes through :func:`bot.i18n.t` or ``kb_html`` and is
therefore escaped. Long answers are split by :meth:`Rendered.messages`; views that edit a
message in place (pages) are sized to fit one message and use :meth:`Rendered.single`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from bot.audience import covers, topic_label
from bot.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    Html,
    Language,
    chinese_number,
    escape,
    format_date,
    format_time,
    join,
    kb_html,
    kb_text,
    ordinal_en,
    plain,
    roman,
    t,
)
from handlers import callbacks as cb
from handlers.english import english_name, english_procedure, english_title, terms_in
from handlers.htmlsplit import MAX_MESSAGE_LENGTH, split_html, truncate_html
from knowledge import views
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
from knowledge.schema import iana_time_zone
from knowledge.script import printed_in_traditional
from knowledge.search import SearchResult
from knowledge.timezones import timezone_of
from knowledge.views import (
    agenda_items,
    bureau_by_session,
    current_documents,
    current_session,
    current_session_number,
    document_item,
    neighbours,
    next_session_number,
    paragraph_counts,
    section_key,
    speakers_by_segment,
    subitems,
)
from knowledge.views import (
    current_meetings as current_meetings,
)
from knowledge.views import (
    section_paragraphs as section_paragraphs,
)

PARAGRAPHS_PER_PAGE: Final = 10
PAGE_BUDGET: Final = 3600  # room left under 4096 for headings and the page counter
MAX_ALTERNATIVES: Final = 3
MAX_INLINE_RESULTS: Final = 50
BUTTON_LABEL_CHARS: Final = 40
SNIPPET_CHARS: Final = 48
ACTION_CHARS: Final = 160

# ---------------------------------------------------------------------------------------------
# Values


@dataclass(frozen=True, slots=True)
class Button:
    """A button: callback ``data`` for the bot, or a ``url`` that opens in the browser."""

    label: str
    data: str
    url: str = ""


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True, slots=True)
class Rendered:
    """One answer: HTML text and an inline keyboard (shown under the last message)."""

    text: Html
    keyboard: Keyboard = ()

    def messages(self, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
        """The text cut into messages that each fit (paragraph boundaries first)."""
        return split_html(self.text, limit) or [str(self.text)]

    def single(self, limit: int = MAX_MESSAGE_LENGTH) -> str:
        """The text as one message (for edits in place), shortened if it must be."""
        return truncate_html(self.text, limit)

    @property
    def callback_data(self) -> list[str]:
        return [button.data for row in self.keyboard for button in row if not button.url]


@dataclass(frozen=True, slots=True)
class InlineArticle:
    """One inline-mode result: an id (≤ 64 bytes), a title, a description and the message."""

    id: str
    title: str
    description: str
    text: Html


def button(label: str, action: cb.Action, *args: str | int) -> Button | None:
    """A button, or None when its data would not fit in 64 bytes."""
    try:
        return Button(_clip(label, BUTTON_LABEL_CHARS), cb.encode(action, *args))
    except cb.CallbackDataError:
        return None


def rows(buttons: Iterable[Button | None], per_row: int) -> Keyboard:
    kept = [b for b in buttons if b is not None]
    return tuple(tuple(kept[i : i + per_row]) for i in range(0, len(kept), per_row))


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _blocks(*parts: str | None) -> Html:
    """Non-empty parts separated by blank lines (the places where long answers are cut)."""
    return Html("\n\n".join(p for p in parts if p))


def _lines(*parts: str | None) -> Html:
    return Html("\n".join(p for p in parts if p))


# ---------------------------------------------------------------------------------------------
# Names


def session_params(lang: Language, number: int) -> dict[str, str]:
    """What the catalogue's ``{session}`` / ``{session_en}`` placeholders take."""
    return {"session": chinese_number(number), "session_en": ordinal_en(number)}


def session_title(kb: KnowledgeBase, lang: Language) -> str:
    session = current_session(kb)
    if session is None:
        return kb.source.title
    if lang == "en":
        return f"{ordinal_en(session.number)} session of the {session.body_en}"
    return kb_text(lang, f"{session.body}第{chinese_number(session.number)}届会议")


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
            return (
                f"annex {roman(n)}" if lang == "en" else kb_text(lang, f"附件{chinese_number(n)}")
            )
    names = {
        "report": ("报告", "the report"),
        "summary": ("摘要", "the summary"),
    }
    zh, en = names.get(container_id, (container_id, container_id))
    return en if lang == "en" else kb_text(lang, zh)


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


def _label_prefix(paragraph: Paragraph) -> str:
    label = paragraph.label.strip()
    if paragraph.kind == "preamble" or not label:
        return ""
    return f"{label}." if label.isdigit() else label


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
    return _session_name(lang, record)


def _session_name(lang: Language, session: Session) -> str:
    """A session named by its own number (the 24th, not the current one)."""
    if lang == "en":
        return f"{ordinal_en(session.number)} session of the {session.body_en}"
    return kb_text(lang, f"{session.body}第{chinese_number(session.number)}届会议")


def seat_name(lang: Language, member: BureauMember) -> str:
    """A bureau seat: "Vice-Chair, 24th session", with "election postponed" when it was."""
    key = "bureau.seat_postponed" if member.status == "postponed" else "bureau.seat"
    return plain(lang, key, role=_role_name(lang, member), **session_params(lang, member.session))


def record_snippet(
    kb: KnowledgeBase, lang: Language, record: Record, limit: int = SNIPPET_CHARS
) -> str:
    """The start of a record's own words (plain), structured fields in English for English."""
    if isinstance(record, Paragraph):
        return _clip(kb_text(lang, record.text), limit)
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
        text = _session_name(lang, record)
    return _clip(text, limit)


def _role_name(lang: Language, member: BureauMember) -> str:
    return plain(lang, f"bureau.{member.role}")


# ---------------------------------------------------------------------------------------------
# English names from the aliases and the glossary (handlers.english)


def structured_text(kb: KnowledgeBase, lang: Language, zh: str, *, title: bool = False) -> str:
    """A structured field (a name, role, title …) in the reader's language, plain: English
    where the knowledge base has it, else the Chinese in the reader's script."""
    if lang == "en" and zh and not zh.isascii():  # a Latin name stays as the report prints it
        english = english_title(kb, zh) if title else english_name(kb, zh)
        if english:
            return english
    return kb_text(lang, zh)


def _with_english(kb: KnowledgeBase, lang: Language, zh: str, *, title: bool = False) -> Html:
    """:func:`structured_text` escaped for HTML."""
    return escape(structured_text(kb, lang, zh, title=title))


def _terms_block(kb: KnowledgeBase, lang: Language, text: str) -> Html | None:
    if lang != "en":
        return None
    terms = terms_in(kb, text)
    if not terms:
        return None
    listed = "; ".join(f"{escape(zh)} — {escape(en)}" for zh, en in terms)
    return Html(f"<i>{t(lang, 'para.terms')}: {listed}</i>")


# ---------------------------------------------------------------------------------------------
# Start and help


def render_start(kb: KnowledgeBase, lang: Language, name: str, bot_username: str) -> Rendered:
    return Rendered(
        _blocks(
            t(
                lang,
                "start.greeting",
                name=name or "👋",
                session=session_title(kb, lang),
                symbol=kb.source.symbol,
            ),
            t(lang, "start.try"),
            t(lang, "start.commands"),
        ),
        _start_keyboard(lang),
    )


def _start_keyboard(lang: Language) -> Keyboard:
    return rows(
        [
            button(plain(lang, "cmd.agenda"), "l", "agenda", 0),
            button(plain(lang, "cmd.meetings"), "l", "meetings", 0),
            button(plain(lang, "cmd.res"), "l", "res", 0),
            button(plain(lang, "cmd.bureau"), "l", "bureau", 0),
        ],
        2,
    )


def render_help(lang: Language, bot_username: str) -> Rendered:
    return Rendered(
        _blocks(
            t(lang, "help.title"),
            t(lang, "help.body"),
            t(lang, "help.groups", bot=bot_username),
            t(lang, "help.inline", bot=bot_username),
        )
    )


def render_usage(lang: Language, key: str, **params: object) -> Rendered:
    """A one-line hint (``usage.*`` or an error line followed by the usage line)."""
    return Rendered(t(lang, key, **params))


def render_problem(lang: Language, problem: Html, usage_key: str, **params: object) -> Rendered:
    return Rendered(_lines(problem, t(lang, usage_key, **params)))


# ---------------------------------------------------------------------------------------------
# Agenda


def _meeting_labels(kb: KnowledgeBase, lang: Language, meeting_ids: Sequence[str]) -> str:
    labels = []
    for meeting_id in meeting_ids:
        meeting = kb.get(meeting_id)
        if isinstance(meeting, Meeting):
            labels.append(
                plain(lang, "meeting.label", number=meeting.number)
                + f" ({format_date(lang, meeting.date)})"
            )
        else:
            labels.append(meeting_id)
    return join(lang, labels)


def _item_line(kb: KnowledgeBase, lang: Language, item: AgendaItem, *, brief: bool) -> Html:
    indent = "    " if item.parent else ""
    number = f"{item.number}." if item.number.isdigit() else item.number
    head = f"{indent}<b>{escape(number)}</b> {_with_english(kb, lang, item.title, title=True)}"
    details: list[str] = []
    if item.meetings:
        details.append(
            t(lang, "agenda.considered_at", meetings=_meeting_labels(kb, lang, item.meetings))
        )
    elif item.considered is False:
        details.append(t(lang, "agenda.not_considered"))
    if item.action:
        action = _clip(item.action, ACTION_CHARS) if brief else item.action
        details.append(t(lang, "agenda.action", action=kb_text(lang, action)))
    if not details:
        return Html(head)
    return Html(head + "\n" + "\n".join(f"{indent}    {d}" for d in details))


def render_agenda(kb: KnowledgeBase, lang: Language) -> Rendered:
    session = current_session_number(kb)
    items = agenda_items(kb, session, provisional=False)
    current = current_session(kb)
    intro: list[str] = []
    if current is not None and current.agenda_adopted is not None:
        intro.append(t(lang, "agenda.adopted" if current.agenda_adopted else "agenda.not_adopted"))
    text = _blocks(
        t(lang, "agenda.title", **session_params(lang, session)),
        _lines(*intro),
        *(_item_line(kb, lang, item, brief=True) for item in items),
    )
    buttons = [button(item.number, "r", item.id) for item in items if not item.parent]
    nav = (
        [button(plain(lang, "agenda.button_next"), "l", "next", 0)]
        if next_session_number(kb)
        else []
    )
    return Rendered(text, rows(buttons, 7) + rows(nav, 1))


def render_agenda_next(kb: KnowledgeBase, lang: Language) -> Rendered:
    session = next_session_number(kb)
    if session is None:
        return Rendered(t(lang, "agenda.no_next"))
    items = agenda_items(kb, session, provisional=True)
    text = _blocks(
        t(lang, "agenda.title_next", **session_params(lang, session)),
        *(_item_line(kb, lang, item, brief=False) for item in items),
    )
    nav = [button(plain(lang, "agenda.button_current"), "l", "agenda", 0)]
    return Rendered(text, rows(nav, 1))


def render_agenda_item(kb: KnowledgeBase, lang: Language, item: AgendaItem) -> Rendered:
    heading = t(lang, "agenda.item_title", number=item.number)
    if item.provisional:
        heading = Html(heading + t(lang, "agenda.provisional"))
    title = _with_english(kb, lang, item.title, title=True)
    parts: list[str | None] = [Html(f"{heading}\n{title}")]
    facts: list[str] = []
    if item.meetings:
        facts.append(
            t(lang, "agenda.considered_at", meetings=_meeting_labels(kb, lang, item.meetings))
        )
    elif item.considered is False:
        facts.append(t(lang, "agenda.not_considered"))
    parts.append(_lines(*facts))
    if item.action:
        parts.append(t(lang, "agenda.action", action=kb_text(lang, item.action)))
    children = subitems(kb, item)
    if children:
        parts.append(
            _lines(
                t(lang, "agenda.subitems"),
                *(
                    f"<b>{escape(s.number)}</b> {_with_english(kb, lang, s.title, title=True)}"
                    for s in children
                ),
            )
        )
    if item.documents or item.document_notes:
        doc_lines: list[str] = [t(lang, "agenda.documents")]
        for symbol in item.documents:
            document = kb.get(symbol)
            named = (
                f" — {_with_english(kb, lang, document.title, title=True)}"
                if isinstance(document, Document)
                else ""
            )
            doc_lines.append(f"• {escape(symbol)}{named}")
        doc_lines.extend(
            f"• {_with_english(kb, lang, note, title=True)}" for note in item.document_notes
        )
        parts.append(_lines(*doc_lines))
    parts.append(_sources_line(kb, lang, item.source))
    keyboard = (
        rows(
            [
                button(plain(lang, "meeting.label", number=m.removeprefix("M")), "r", m)
                for m in item.meetings
            ]
            + [button(s.number, "r", s.id) for s in children],
            4,
        )
        + rows(_source_buttons(kb, lang, item.source), 4)
        + rows(
            [
                button(
                    plain(lang, "agenda.button_current"),
                    "l",
                    "next" if item.provisional else "agenda",
                    0,
                )
            ],
            1,
        )
    )
    return Rendered(_blocks(*parts), keyboard)


def _natural(record_id: str) -> tuple[tuple[int, str], ...]:
    """Sort key that puts AX2.3 before AX2.11."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part)
        for part in re.split(r"(\d+)", record_id)
        if part
    )


def _sources_line(kb: KnowledgeBase, lang: Language, source: Sequence[str]) -> Html | None:
    shown = []
    for source_id in source:
        record = kb.get(source_id)
        if isinstance(record, Paragraph):
            shown.append(f"{paragraph_place(kb, lang, record)} ({source_id})")
    if not shown:
        return None
    return Html(f"<i>{t(lang, 'word.source', where=join(lang, shown))}</i>")


def _source_buttons(
    kb: KnowledgeBase, lang: Language, source: Sequence[str]
) -> list[Button | None]:
    return [button(f"¶ {s}", "r", s) for s in source[:4] if isinstance(kb.get(s), Paragraph)]


# ---------------------------------------------------------------------------------------------
# Bureau


def _member_line(kb: KnowledgeBase, lang: Language, member: BureauMember) -> Html:
    if member.status == "postponed":
        who = f"<i>{t(lang, 'bureau.postponed')}</i>"
        if member.region:
            who += f" ({_with_english(kb, lang, member.region)})"
    else:
        if lang == "en" and member.name_en:
            who = escape(member.name_en)
        else:
            who = _with_english(kb, lang, member.name) if member.name else "—"
        if member.country:
            who += f" ({_with_english(kb, lang, member.country)})"
        if member.status == "presiding":
            who += f" · {t(lang, 'bureau.presiding')}"
    how: list[str] = []
    procedure = (
        english_procedure(kb, member.elected_by, member.elected_on) if lang == "en" else None
    )
    if procedure:
        how.append(escape(procedure))
    else:
        if member.elected_by:
            how.append(kb_html(lang, member.elected_by))
        if member.elected_on:
            how.append(t(lang, "bureau.elected_on", date=format_date(lang, member.elected_on)))
    line = t(lang, "bureau.line", role=_role_name(lang, member), who=Html(who))
    if how:
        line = Html(line + " — " + "; ".join(how))
    if member.note:
        line = Html(f"{line}\n    <i>{kb_html(lang, member.note)}</i>")
    return line


def render_bureau(kb: KnowledgeBase, lang: Language) -> Rendered:
    if not kb.bureau:
        return Rendered(t(lang, "bureau.empty"))
    blocks: list[str | None] = []
    for session, members in bureau_by_session(kb):
        blocks.append(
            _lines(
                t(lang, "bureau.title", **session_params(lang, session)),
                *(_member_line(kb, lang, m) for m in members),
            )
        )
    sources = sorted({s for m in kb.bureau for s in m.source}, key=_natural)
    blocks.append(_sources_line(kb, lang, sources))
    return Rendered(_blocks(*blocks), rows(_source_buttons(kb, lang, sources), 4))


def render_bureau_member(kb: KnowledgeBase, lang: Language, member: BureauMember) -> Rendered:
    return Rendered(
        _blocks(
            t(lang, "bureau.title", **session_params(lang, member.session)),
            _member_line(kb, lang, member),
            _sources_line(kb, lang, member.source),
        ),
        rows([button(plain(lang, "cmd.bureau"), "l", "bureau", 0)], 1),
    )


# ---------------------------------------------------------------------------------------------
# Meetings


def _zone_label(lang: Language, name: str) -> str:
    if iana_time_zone(name) == "Europe/Zurich":
        return {"zh-Hans": "日内瓦", "zh-Hant": "日內瓦", "en": "Geneva"}[lang]
    return name


def _on_day(lang: Language, text: str, days: int) -> str:
    """A time and the day it falls on, if not the meeting's: 次日 01:00, 01:00 next day."""
    if days == 1:
        return plain(lang, "time.next_day", time=text)
    if days == -1:
        return plain(lang, "time.previous_day", time=text)
    return text


def time_span(lang: Language, start: dt.datetime, end: dt.datetime, day: dt.date) -> str:
    """``01:00–03:00`` with the day said where it is not ``day`` (``次日 01:00–03:00``)."""
    start_days, end_days = (start.date() - day).days, (end.date() - day).days
    if abs(start_days) > 1 or abs(end_days) > 1:
        return f"{format_date(lang, start.date())} {format_time(start)}–{format_time(end)}"
    if start_days == end_days:
        return _on_day(lang, f"{format_time(start)}–{format_time(end)}", start_days)
    return (
        f"{_on_day(lang, format_time(start), start_days)}–"
        f"{_on_day(lang, format_time(end), end_days)}"
    )


def meeting_time_lines(
    kb: KnowledgeBase, lang: Language, meeting: Meeting, user_tz: str | None
) -> list[str]:
    """The meeting's time in its own timezone and, if the user set another one, in theirs."""
    session = kb.session(meeting.session)
    zone_name = session.timezone if session else "Europe/Geneva"
    if meeting.start is None:
        return [t(lang, "meeting.time_unknown")]
    end = meeting.end or meeting.start
    lines: list[str] = [
        t(
            lang,
            "meeting.time_geneva",
            start=format_time(meeting.start),
            end=format_time(end),
            zone=_zone_label(lang, zone_name),
        )
    ]
    home = timezone_of(zone_name)
    mine = timezone_of(user_tz)
    same = user_tz is not None and iana_time_zone(user_tz) == iana_time_zone(zone_name)
    if home is not None and mine is not None and user_tz is not None and not same:
        start_at = dt.datetime.combine(meeting.date, meeting.start, home).astimezone(mine)
        end_at = dt.datetime.combine(meeting.date, end, home).astimezone(mine)
        span = time_span(lang, start_at, end_at, meeting.date)
        lines.append(t(lang, "meeting.time_user", zone=user_tz, span=span))
    return lines


def _meeting_items(kb: KnowledgeBase, lang: Language, meeting: Meeting) -> str:
    numbers = []
    for item_id in meeting.agenda_items:
        item = kb.get(item_id)
        numbers.append(item.number if isinstance(item, AgendaItem) else item_id)
    return join(lang, numbers)


def _meeting_head(
    kb: KnowledgeBase, lang: Language, meeting: Meeting, user_tz: str | None
) -> list[str]:
    day = escape(format_date(lang, meeting.date, weekday=True))
    head = f"{t(lang, 'meeting.title', number=meeting.number)} · {day}"
    if meeting.cancelled:
        head += f" · <b>{t(lang, 'meeting.cancelled')}</b>"
    lines: list[str] = [head, *meeting_time_lines(kb, lang, meeting, user_tz)]
    if meeting.agenda_items:
        lines.append(t(lang, "meeting.items", items=_meeting_items(kb, lang, meeting)))
    if meeting.presided_by:
        lines.append(
            t(lang, "meeting.presided", who=structured_text(kb, lang, meeting.presided_by))
        )
    return lines


def calendar_button(lang: Language, meeting_id: str | None = None) -> Button | None:
    """The button that sends one meeting (or, with None, every meeting) as an .ics file."""
    if meeting_id is None:
        return button(plain(lang, "cal.button_all"), "cal", "all")
    return button(plain(lang, "cal.button"), "cal", meeting_id)


def render_meetings(kb: KnowledgeBase, lang: Language, user_tz: str | None) -> Rendered:
    session = current_session_number(kb)
    meetings = current_meetings(kb)
    blocks: list[str | None] = [t(lang, "meetings.title", **session_params(lang, session))]
    blocks.extend(_lines(*_meeting_head(kb, lang, m, user_tz)) for m in meetings)
    if not user_tz:
        blocks.append(f"<i>{t(lang, 'meeting.tz_hint')}</i>")
    keyboard = rows(
        (button(plain(lang, "meeting.label", number=m.number), "r", m.id) for m in meetings), 3
    )
    if meetings:
        keyboard += rows([calendar_button(lang)], 1)
    return Rendered(_blocks(*blocks), keyboard)


def _segment_name(
    kb: KnowledgeBase, lang: Language, segment: Segment, *, item: bool = False
) -> str:
    """A segment's title (in English where known), with its agenda item if asked."""
    name = structured_text(kb, lang, segment.title, title=True)
    if lang == "en" and name == segment.title and segment.kind == "opening":
        name = plain(lang, "meeting.opening")
    record = kb.get(segment.agenda_item) if item and segment.agenda_item else None
    if isinstance(record, AgendaItem):
        name += f" · {plain(lang, 'docs.item', number=record.number)}"
    return name


def _speaker_line(kb: KnowledgeBase, lang: Language, speaker: Speaker) -> str:
    details = [
        _with_english(kb, lang, x)
        for x in (speaker.role, speaker.organization, speaker.country)
        if x
    ]
    described = ", ".join(details)
    if speaker.name:
        return f"• {_with_english(kb, lang, speaker.name)}" + (
            f" ({described})" if details else ""
        )
    return f"• {described}"


def render_meeting(
    kb: KnowledgeBase, lang: Language, meeting: Meeting, user_tz: str | None
) -> Rendered:
    blocks: list[str | None] = [_lines(*_meeting_head(kb, lang, meeting, user_tz))]
    facts: list[str] = []
    if meeting.format:
        facts.append(t(lang, "meeting.format", format=structured_text(kb, lang, meeting.format)))
    if meeting.opened_by:
        facts.append(t(lang, "meeting.opened", who=structured_text(kb, lang, meeting.opened_by)))
    if meeting.link:
        facts.append(f'<a href="{escape(meeting.link)}">{t(lang, "meeting.link")}</a>')
    blocks.append(_lines(*facts))
    items = [kb.get(i) for i in meeting.agenda_items]
    blocks.append(
        _lines(
            *(
                f"<b>{escape(i.number)}.</b> {_with_english(kb, lang, i.title, title=True)}"
                for i in items
                if isinstance(i, AgendaItem)
            )
        )
    )
    if meeting.segments:
        segment_lines: list[str] = [t(lang, "meeting.segments")]
        for segment in meeting.segments:
            line = f"• {escape(_segment_name(kb, lang, segment))}"
            if segment.presided_by:
                who = structured_text(kb, lang, segment.presided_by)
                line += " — " + t(lang, "meeting.presided", who=who)
            segment_lines.append(line)
        blocks.append(_lines(*segment_lines))
    if meeting.speakers:
        speaker_lines: list[str] = [t(lang, "meeting.speakers")]
        for spoken_in, speakers in speakers_by_segment(meeting):
            if spoken_in is not None:
                speaker_lines.append(
                    f"<b>{escape(_segment_name(kb, lang, spoken_in, item=True))}</b>"
                )
            speaker_lines.extend(dict.fromkeys(_speaker_line(kb, lang, s) for s in speakers))
        blocks.append(_lines(*speaker_lines))
    else:
        blocks.append(t(lang, "meeting.no_speakers"))
    blocks.append(_sources_line(kb, lang, meeting.source))
    others = [m for m in current_meetings(kb) if m.id != meeting.id]
    keyboard = rows(
        [button(item.number, "r", item.id) for item in items if isinstance(item, AgendaItem)], 6
    ) + rows([button(plain(lang, "meeting.label", number=m.number), "r", m.id) for m in others], 3)
    keyboard += rows([calendar_button(lang, meeting.id)], 1)
    return Rendered(_blocks(*blocks), keyboard)


# ---------------------------------------------------------------------------------------------
# Resolutions and paragraphs


def _adopted(kb: KnowledgeBase, lang: Language, resolution: Resolution) -> Html | None:
    if lang == "en":
        procedure = english_procedure(kb, resolution.adopted_by, resolution.adopted_on)
        if procedure:
            return t(lang, "res.adopted", how=procedure)
    how = [kb_text(lang, resolution.adopted_by)] if resolution.adopted_by else []
    if resolution.adopted_on:
        how.append(format_date(lang, resolution.adopted_on))
    return (
        t(lang, "res.adopted", how="，".join(how) if lang != "en" else ", ".join(how))
        if how
        else None
    )


def render_resolutions(kb: KnowledgeBase, lang: Language) -> Rendered:
    blocks: list[str | None] = [t(lang, "res.title")]
    for resolution in kb.resolutions:
        preamble, operative = paragraph_counts(resolution)
        blocks.append(
            _lines(
                f"<b>{escape(container_name(kb, lang, resolution.id))}</b>"
                f" ({escape(resolution.id)})",
                _with_english(kb, lang, resolution.title, title=True),
                t(lang, "res.counts", preamble=preamble, operative=operative)
                if resolution.paragraphs
                else None,
                _adopted(kb, lang, resolution),
            )
        )
    keyboard = rows((button(container_name(kb, lang, r.id), "r", r.id) for r in kb.resolutions), 2)
    return Rendered(_blocks(*blocks), keyboard)


def _range_text(lang: Language, paragraphs: Sequence[Paragraph]) -> str:
    numbered = [p for p in paragraphs if p.kind == "operative"]
    if not numbered:
        return ""
    first, last = numbered[0].label, numbered[-1].label
    if first == last:
        return plain(lang, "res.section_single", first=first)
    return plain(lang, "res.section_range", first=first, last=last)


def render_resolution(kb: KnowledgeBase, lang: Language, resolution: Resolution) -> Rendered:
    """A resolution's outline: title, adoption, sections with their paragraph ranges."""
    name = container_name(kb, lang, resolution.id)
    preamble, operative = paragraph_counts(resolution)
    head = _lines(
        f"<b>{escape(name)}</b> ({escape(resolution.id)})",
        _with_english(kb, lang, resolution.title, title=True),
        _adopted(kb, lang, resolution),
        t(lang, "res.counts", preamble=preamble, operative=operative)
        if resolution.paragraphs
        else None,
    )
    outline: list[str] = []
    section_buttons: list[Button | None] = []
    if preamble:
        outline.append("• " + t(lang, "res.preamble_range", count=preamble))
        section_buttons.append(
            button(plain(lang, "section.preamble"), "s", resolution.id, "pre", 0)
        )
    for index, section in enumerate(resolution.sections):
        found = section_paragraphs(resolution, str(index))
        members = found[1] if found else []
        span = _range_text(lang, members)
        name = structured_text(kb, lang, section.title, title=True)
        outline.append(f"• {escape(name)}" + (f" — {escape(span)}" if span else ""))
        section_buttons.append(button(f"§{index + 1} {name}", "s", resolution.id, index, 0))
    if not resolution.sections and operative:
        operative_paragraphs = [p for p in resolution.paragraphs if p.kind == "operative"]
        outline.append(
            f"• {t(lang, 'section.operative')} — {escape(_range_text(lang, operative_paragraphs))}"
        )
        section_buttons.append(
            button(plain(lang, "section.operative"), "s", resolution.id, "op", 0)
        )
    blocks: list[str | None] = [head]
    if resolution.intro:
        blocks.append(kb_html(lang, resolution.intro))
    if outline:
        blocks.append(_lines(t(lang, "res.sections"), *outline))
    blocks.append(_sources_line(kb, lang, resolution.source))
    keyboard = rows(section_buttons, 1)
    if resolution.paragraphs:
        keyboard += rows([button(plain(lang, "res.button_paragraphs"), "o", resolution.id, 0)], 1)
    return Rendered(_blocks(*blocks), keyboard)


def _pages(count: int, per_page: int) -> int:
    return max(1, -(-count // per_page))


def _pager(lang: Language, page: int, pages: int, action: cb.Action, *args: str | int) -> Keyboard:
    """⏮ ◀ 3/11 ▶ ⏭ — the buttons that turn a page in place."""
    if pages <= 1:
        return ()
    nav = [
        button(plain(lang, "page.first"), action, *args, 0) if page > 1 else None,
        button(plain(lang, "page.prev"), action, *args, page - 1) if page > 0 else None,
        button(plain(lang, "page.counter", page=page + 1, pages=pages), "n"),
        button(plain(lang, "page.next"), action, *args, page + 1) if page + 1 < pages else None,
        button(plain(lang, "page.last"), action, *args, pages - 1) if page + 2 < pages else None,
    ]
    return rows(nav, 5)


def _short_label(lang: Language, paragraph: Paragraph) -> str:
    if paragraph.kind == "preamble":
        return ("PP" if lang == "en" else kb_text(lang, "序")) + str(paragraph.number)
    return paragraph.label


def render_paragraph_list(
    kb: KnowledgeBase, lang: Language, resolution: Resolution, page: int
) -> Rendered:
    """One page of a resolution's paragraphs, each with the start of its text."""
    paragraphs = list(resolution.paragraphs)
    pages = _pages(len(paragraphs), PARAGRAPHS_PER_PAGE)
    page = min(max(page, 0), pages - 1)
    shown = paragraphs[page * PARAGRAPHS_PER_PAGE : (page + 1) * PARAGRAPHS_PER_PAGE]
    lines = [
        f"<b>{escape(_short_label(lang, p))}</b> {escape(record_snippet(kb, lang, p, 60))}"
        for p in shown
    ]
    text = _blocks(
        t(lang, "res.paragraphs_title", container=container_name(kb, lang, resolution.id)),
        _lines(*lines),
    )
    keyboard = (
        rows((button(_short_label(lang, p), "r", p.id) for p in shown), 5)
        + _pager(lang, page, pages, "o", resolution.id)
        + rows([button(plain(lang, "res.button_outline"), "r", resolution.id)], 1)
    )
    return Rendered(text, keyboard)


def paragraph_body(kb: KnowledgeBase, lang: Language, paragraph: Paragraph) -> Html:
    """The paragraph's exact text with its printed label, then its footnotes."""
    prefix = _label_prefix(paragraph)
    text = kb_html(lang, paragraph.text)
    body = Html(f"<b>{escape(prefix)}</b> {text}" if prefix else text)
    if not paragraph.footnotes:
        return body
    notes = "\n".join(
        f"{escape(note.mark)} {kb_html(lang, note.text)}" for note in paragraph.footnotes
    )
    return Html(f"{body}\n\n<i>{t(lang, 'para.footnotes')}</i>\n{notes}")


def _alternative_buttons(
    kb: KnowledgeBase, lang: Language, alternatives: Sequence[Record], exclude: str
) -> list[Button | None]:
    shown: list[Button | None] = []
    for record in alternatives:
        if record.id == exclude or len(shown) >= MAX_ALTERNATIVES:
            continue
        label = f"{record.id} {record_snippet(kb, lang, record, 24)}"
        shown.append(button(plain(lang, "para.button_maybe", label=label), "r", record.id))
    return shown


def render_paragraph(
    kb: KnowledgeBase,
    lang: Language,
    paragraph: Paragraph,
    alternatives: Sequence[Record] = (),
) -> Rendered:
    """Where the paragraph is, its exact text and footnotes; buttons to move around."""
    place = f"<b>{escape(paragraph_place(kb, lang, paragraph))}</b> ({escape(paragraph.id)})"
    context: list[str] = []
    resolution = kb.resolution(paragraph.parent)
    if resolution is not None:
        context.append(f"<i>{_with_english(kb, lang, resolution.title, title=True)}</i>")
    if paragraph.chapter:
        chapter = structured_text(kb, lang, paragraph.chapter, title=True)
        context.append(t(lang, "para.chapter", chapter=chapter))
    if paragraph.section:
        section = structured_text(kb, lang, paragraph.section, title=True)
        context.append(t(lang, "para.section", section=section))
    converted = lang != "zh-Hant" and printed_in_traditional(paragraph.text)
    text = _blocks(
        _lines(place, *context),
        paragraph_body(kb, lang, paragraph),
        t(lang, "script.converted_note") if converted else None,
        _terms_block(kb, lang, paragraph.text),
    )
    before, after = neighbours(kb, paragraph)
    nav = [
        button(plain(lang, "para.button_prev", id=before.id), "p", before.id) if before else None,
        button(plain(lang, "para.button_next", id=after.id), "p", after.id) if after else None,
    ]
    keyboard = rows(nav, 2)
    if converted:
        keyboard += rows([button(plain(lang, "script.button_original"), "orig", paragraph.id)], 1)
    if resolution is not None:
        key = section_key(resolution, paragraph)
        if key is not None:
            keyboard += rows(
                [button(plain(lang, "para.button_section"), "s", resolution.id, key, 0)], 1
            )
    keyboard += rows(_alternative_buttons(kb, lang, alternatives, paragraph.id), 1)
    return Rendered(text, keyboard)


def render_paragraph_original(kb: KnowledgeBase, lang: Language, paragraph: Paragraph) -> Rendered:
    """A paragraph exactly as the report prints it (for one printed in the other script)."""
    heading = t(
        lang, "script.original_title", place=paragraph_place(kb, lang, paragraph), id=paragraph.id
    )
    prefix = _label_prefix(paragraph)
    body = escape(paragraph.text)
    if prefix:
        body = Html(f"<b>{escape(prefix)}</b> {body}")
    back = button(plain(lang, "script.button_converted"), "p", paragraph.id)
    return Rendered(_blocks(heading, body), rows([back], 1))


def _pack(blocks: Sequence[str], budget: int) -> list[list[int]]:
    """Consecutive blocks grouped into pages of at most ``budget`` characters."""
    pages: list[list[int]] = [[]]
    size = 0
    for index, block in enumerate(blocks):
        cost = len(block) + 2
        if pages[-1] and size + cost > budget:
            pages.append([])
            size = 0
        pages[-1].append(index)
        size += cost
    return pages


def render_section(
    kb: KnowledgeBase, lang: Language, resolution: Resolution, key: str, page: int
) -> Rendered | None:
    """A section's paragraphs in full, a page at a time; None for an unknown section."""
    found = section_paragraphs(resolution, key)
    if found is None:
        return None
    title, members = found
    if not title:
        title = plain(lang, "section.preamble" if key == "pre" else "section.operative")
    else:
        title = structured_text(kb, lang, title, title=True)
    bodies = [str(paragraph_body(kb, lang, p)) for p in members]
    pages = _pack(bodies, PAGE_BUDGET)
    page = min(max(page, 0), len(pages) - 1)
    heading = t(
        lang, "section.title", container=container_name(kb, lang, resolution.id), section=title
    )
    text = _blocks(heading, *(bodies[i] for i in pages[page]))
    keyboard = _pager(lang, page, len(pages), "s", resolution.id, key) + rows(
        [button(plain(lang, "res.button_outline"), "r", resolution.id)], 1
    )
    return Rendered(text, keyboard)


def render_search_within_title(
    kb: KnowledgeBase, lang: Language, container_id: str, query: str
) -> Html:
    return t(
        lang, "res.search_within", container=container_name(kb, lang, container_id), query=query
    )


# ---------------------------------------------------------------------------------------------
# Documents


def render_documents(kb: KnowledgeBase, lang: Language) -> Rendered:
    session = current_session_number(kb)
    lines = []
    for document in current_documents(kb):
        item = document_item(kb, document)
        where = (
            f" <i>({t(lang, 'docs.item', number=item.number)})</i>"
            if isinstance(item, AgendaItem)
            else ""
        )
        title = _with_english(kb, lang, document.title, title=True)
        lines.append(f"<b>{escape(document.symbol)}</b> {title}{where}")
    return Rendered(_blocks(t(lang, "docs.title", **session_params(lang, session)), *lines))


def render_document(
    kb: KnowledgeBase, lang: Language, document: Document, cited_in: Sequence[str] = ()
) -> Rendered:
    lines: list[str | None] = [
        f"<b>{escape(document.symbol)}</b>",
        _with_english(kb, lang, document.title, title=True),
    ]
    item = document_item(kb, document)
    if item is not None:
        title = _with_english(kb, lang, item.title, title=True)
        lines.append(f"{t(lang, 'docs.item', number=item.number)}: {title}")
    if document.note:
        lines.append(kb_html(lang, document.note))
    if document.symbols:
        lines.append(t(lang, "docs.also", symbols=", ".join(document.symbols)))
    if cited_in:
        lines.append(t(lang, "docs.cited_in", ids=", ".join(cited_in)))
    keyboard = rows([button(item.number, "r", item.id)] if item is not None else [], 1)
    keyboard += rows((button(f"¶ {i}", "r", i) for i in cited_in[:6]), 3)
    return Rendered(_lines(*lines), keyboard)


# ---------------------------------------------------------------------------------------------
# Sessions and any record


def render_session(kb: KnowledgeBase, lang: Language, session: Session) -> Rendered:
    title = (
        f"{ordinal_en(session.number)} session of the {session.body_en}"
        if lang == "en"
        else kb_text(lang, f"{session.body}第{chinese_number(session.number)}届会议")
    )
    lines: list[str | None] = [f"<b>{escape(title)}</b>"]
    if session.start and session.end:
        lines.append(
            escape(f"{format_date(lang, session.start)} – {format_date(lang, session.end)}")
        )
    if session.format:
        lines.append(_with_english(kb, lang, session.format, title=True))
    if session.format_reason:
        lines.append(kb_html(lang, session.format_reason))
    if session.procedure:
        title = session.procedure.title
        lines.append(
            escape(f"{session.procedure.symbol} ({format_date(lang, session.procedure.date)})")
            + (f" {_with_english(kb, lang, title, title=True)}" if title else "")
        )
    lines.extend(
        f"• {_with_english(kb, lang, theme, title=True)}" for theme in session.priority_themes
    )
    if session.agenda_adopted is not None:
        lines.append(t(lang, "agenda.adopted" if session.agenda_adopted else "agenda.not_adopted"))
    return Rendered(
        _blocks(_lines(*lines), _sources_line(kb, lang, session.source)),
        rows(_source_buttons(kb, lang, session.source), 4),
    )


def render_record(
    kb: KnowledgeBase,
    lang: Language,
    record: Record,
    *,
    user_tz: str | None = None,
    alternatives: Sequence[Record] = (),
    cited_in: Sequence[str] = (),
) -> Rendered:
    """The full view of any record (what a button ``r|<id>`` or an exact answer shows)."""
    if isinstance(record, Paragraph):
        return render_paragraph(kb, lang, record, alternatives)
    if isinstance(record, Resolution):
        rendered = render_resolution(kb, lang, record)
    elif isinstance(record, AgendaItem):
        rendered = render_agenda_item(kb, lang, record)
    elif isinstance(record, Meeting):
        rendered = render_meeting(kb, lang, record, user_tz)
    elif isinstance(record, Document):
        rendered = render_document(kb, lang, record, cited_in)
    elif isinstance(record, BureauMember):
        rendered = render_bureau_member(kb, lang, record)
    else:
        rendered = render_session(kb, lang, record)
    extra = rows(_alternative_buttons(kb, lang, alternatives, record.id), 1)
    return Rendered(rendered.text, rendered.keyboard + extra) if extra else rendered


# ---------------------------------------------------------------------------------------------
# Search


def choice_keyboard(kb: KnowledgeBase, lang: Language, records: Sequence[Record]) -> Keyboard:
    return rows(
        (button(f"{r.id} {record_snippet(kb, lang, r, 24)}", "r", r.id) for r in records), 1
    )


def render_choices(
    kb: KnowledgeBase, lang: Language, heading: Html, records: Sequence[Record]
) -> Rendered:
    """A short list of candidate records, each with a button."""
    lines = [
        f"<b>{escape(r.id)}</b> {escape(record_title(kb, lang, r))}\n"
        f"    {escape(record_snippet(kb, lang, r, 70))}"
        for r in records
    ]
    return Rendered(_blocks(heading, *lines), choice_keyboard(kb, lang, records))


def render_no_answer(
    kb: KnowledgeBase,
    lang: Language,
    query: str,
    suggestions: Sequence[Record],
    hint: Html | None = None,
) -> Rendered:
    """What a message with no good answer gets: say so, offer what is near, list commands."""
    heading = _lines(t(lang, "search.none", query=_clip(query, 80)), hint)
    if suggestions:
        choices = render_choices(kb, lang, _lines(heading, t(lang, "search.maybe")), suggestions)
        return Rendered(_blocks(choices.text, t(lang, "search.try_commands")), choices.keyboard)
    return Rendered(_blocks(heading, t(lang, "search.try_commands")))


def render_search_result(
    kb: KnowledgeBase,
    lang: Language,
    query: str,
    result: SearchResult,
    *,
    user_tz: str | None = None,
    citations: bool = False,
) -> Rendered:
    """An answer with "did you mean" buttons, a choice between close calls, or no answer.
    ``citations``: a document given as the answer also says which records cite it."""
    best = result.best
    if best is not None and result.status in ("exact", "answer"):
        alternatives = [m.record for m in result.alternatives]
        return render_record(
            kb,
            lang,
            best.record,
            user_tz=user_tz,
            alternatives=alternatives,
            cited_in=views.cited_in(kb, best.record) if citations else (),
        )
    if result.status == "ambiguous":
        return render_choices(
            kb, lang, t(lang, "search.ambiguous"), [m.record for m in result.matches]
        )
    hint = (
        escape(result.hint)
        if lang == "en" and result.status == "not_found" and result.hint
        else None
    )
    return render_no_answer(kb, lang, query, [m.record for m in result.matches], hint)


# ---------------------------------------------------------------------------------------------
# Inline mode


def render_inline(
    kb: KnowledgeBase, lang: Language, records: Sequence[Record]
) -> list[InlineArticle]:
    """Up to 50 shareable articles, each a record's full view as one message."""
    articles: list[InlineArticle] = []
    seen: set[str] = set()
    for record in records:
        if record.id in seen or len(articles) >= MAX_INLINE_RESULTS:
            continue
        seen.add(record.id)
        result_id = record.id if len(record.id.encode("utf-8")) <= 64 else str(len(articles))
        rendered = render_record(kb, lang, record)
        articles.append(
            InlineArticle(
                id=result_id,
                title=_clip(f"{record.id} · {record_title(kb, lang, record)}", 100),
                description=record_snippet(kb, lang, record, 120),
                text=Html(rendered.single()),
            )
        )
    return articles


# ---------------------------------------------------------------------------------------------
# Language, timezone, subscriptions, flood control


def render_language_menu(lang: Language) -> Rendered:
    text = _lines(t(lang, "lang.choose"), t(lang, "lang.current", name=LANGUAGE_NAMES[lang]))
    keyboard = rows(
        (
            button(("✓ " if code == lang else "") + LANGUAGE_NAMES[code], "lang", code)
            for code in LANGUAGES
        ),
        3,
    )
    return Rendered(text, keyboard)


def render_language_set(lang: Language) -> Rendered:
    key = {"zh-Hans": "lang.set_hans", "zh-Hant": "lang.set_hant", "en": "lang.set_en"}[lang]
    return Rendered(t(lang, key))


def render_timezone(lang: Language, zone: str | None, now: dt.datetime | None = None) -> Rendered:
    if zone is None:
        return Rendered(_lines(t(lang, "tz.none"), t(lang, "usage.tz")))
    return Rendered(t(lang, "tz.current", zone=zone))


def render_timezone_set(lang: Language, zone: str | None, now: dt.datetime) -> Rendered:
    if zone is None:
        return Rendered(t(lang, "tz.cleared"))
    local = now.astimezone(timezone_of(zone) or dt.UTC)
    return Rendered(
        t(lang, "tz.set", zone=zone, now=f"{format_date(lang, local.date())} {format_time(local)}")
    )


def topic_name(kb: KnowledgeBase, lang: Language, topic: str) -> str:
    return topic_label(kb, lang, topic)


def subscription_topics(kb: KnowledgeBase) -> list[str]:
    """Every topic a chat may subscribe to, in menu order (agenda sub-items included)."""
    session = current_session_number(kb)
    items = [i.id for i in agenda_items(kb, session, provisional=False)]
    return ["all", "bureau", *(m.id for m in current_meetings(kb)), *items]


def render_subscriptions(
    kb: KnowledgeBase, lang: Language, subscribed: Sequence[str], *, just_all: bool = False
) -> Rendered:
    """The menu: what the chat receives (and what its agenda items cover), and a button per
    topic. ``just_all``: ``/subscribe`` has just subscribed it to all notices."""
    chosen = set(subscribed)
    if just_all:
        head = t(lang, "sub.all_done")
    elif "all" in chosen:
        head = t(lang, "sub.choose_narrow")
    else:
        head = t(lang, "sub.choose")
    names = [topic_name(kb, lang, s) for s in subscribed]
    current = t(lang, "sub.current", topics=join(lang, names)) if names else t(lang, "sub.none")
    covered = [
        t(
            lang,
            "sub.covers",
            topic=topic_name(kb, lang, s),
            covered=join(lang, [topic_name(kb, lang, c) for c in covers(kb, s)]),
        )
        for s in subscribed
        if covers(kb, s)
    ]
    buttons = [
        button(
            ("✓ " if topic in chosen else "") + topic_name(kb, lang, topic),
            "unsub" if topic in chosen else "sub",
            topic,
        )
        for topic in subscription_topics(kb)
    ]
    text = _lines(head, current, *covered, t(lang, "sub.note"))
    return Rendered(text, rows(buttons, 2))


def render_flood_note(lang: Language, seconds: int) -> Rendered:
    return Rendered(t(lang, "flood.slow_down", seconds=seconds))


def render_admin_error(lang: Language, update_id: object, error: str) -> Rendered:
    return Rendered(t(lang, "error.admin", update=update_id, error=_clip(error, 300)))
