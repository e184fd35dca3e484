"""The bureau: every session's officers, and one seat."""

from __future__ import annotations

import re

from bot.i18n import Html, Language, escape, format_date, kb_html, plain, t
from handlers.english import english_procedure
from handlers.render.names import (
    role_name,
    session_params,
    source_buttons,
    sources_line,
    with_english,
)
from handlers.render.types import Rendered, button, rows, text_blocks, text_lines
from knowledge.models import BureauMember, KnowledgeBase
from knowledge.views import bureau_by_session


def _member_line(kb: KnowledgeBase, lang: Language, member: BureauMember) -> Html:
    if member.status == "postponed":
        who = f"<i>{t(lang, 'bureau.postponed')}</i>"
        if member.region:
            who += f" ({with_english(kb, lang, member.region)})"
    else:
        if lang == "en" and member.name_en:
            who = escape(member.name_en)
        else:
            who = with_english(kb, lang, member.name) if member.name else "—"
        if member.country:
            who += f" ({with_english(kb, lang, member.country)})"
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
    line = t(lang, "bureau.line", role=role_name(lang, member), who=Html(who))
    if how:
        line = Html(line + " — " + "; ".join(how))
    if member.note:
        line = Html(f"{line}\n    <i>{kb_html(lang, member.note)}</i>")
    return line


def _natural(record_id: str) -> tuple[tuple[int, str], ...]:
    """Sort key that puts AX2.3 before AX2.11."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part)
        for part in re.split(r"(\d+)", record_id)
        if part
    )


def render_bureau(kb: KnowledgeBase, lang: Language) -> Rendered:
    if not kb.bureau:
        return Rendered(t(lang, "bureau.empty"))
    blocks: list[str | None] = []
    for session, members in bureau_by_session(kb):
        blocks.append(
            text_lines(
                t(lang, "bureau.title", **session_params(lang, session)),
                *(_member_line(kb, lang, m) for m in members),
            )
        )
    sources = sorted({s for m in kb.bureau for s in m.source}, key=_natural)
    blocks.append(sources_line(kb, lang, sources))
    return Rendered(text_blocks(*blocks), rows(source_buttons(kb, lang, sources), 4))


def render_bureau_member(kb: KnowledgeBase, lang: Language, member: BureauMember) -> Rendered:
    return Rendered(
        text_blocks(
            t(lang, "bureau.title", **session_params(lang, member.session)),
            _member_line(kb, lang, member),
            sources_line(kb, lang, member.source),
        ),
        rows([button(plain(lang, "cmd.bureau"), "l", "bureau", 0)], 1),
    )
