"""Paragraphs: one paragraph with its neighbours, a resolution's paragraphs a page at a
time, a section in full, and a paragraph as the report prints it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from bot.i18n import Html, Language, escape, kb_html, plain, t
from handlers import callbacks as cb
from handlers.english import terms_in
from handlers.render.names import (
    alternative_buttons,
    container_name,
    paragraph_place,
    record_snippet,
    structured_text,
    with_english,
)
from handlers.render.types import Keyboard, Rendered, button, rows, text_blocks, text_lines
from knowledge.models import KnowledgeBase, Paragraph, Record, Resolution
from knowledge.script import printed_in_traditional
from knowledge.views import neighbours, section_key, section_paragraphs

PARAGRAPHS_PER_PAGE: Final = 10


PAGE_BUDGET: Final = 3600  # room left under 4096 for headings and the page counter


def _label_prefix(paragraph: Paragraph) -> str:
    label = paragraph.label.strip()
    if paragraph.kind == "preamble" or not label:
        return ""
    return f"{label}." if label.isdigit() else label


def _terms_block(kb: KnowledgeBase, lang: Language, text: str) -> Html | None:
    if lang != "en":
        return None
    terms = terms_in(kb, text)
    if not terms:
        return None
    listed = "; ".join(f"{escape(zh)} — {escape(en)}" for zh, en in terms)
    return Html(f"<i>{t(lang, 'para.terms')}: {listed}</i>")


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
        return plain(lang, "para.short_preamble", number=paragraph.number)
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
    text = text_blocks(
        t(lang, "res.paragraphs_title", container=container_name(kb, lang, resolution.id)),
        text_lines(*lines),
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
        context.append(f"<i>{with_english(kb, lang, resolution.title, title=True)}</i>")
    if paragraph.chapter:
        chapter = structured_text(kb, lang, paragraph.chapter, title=True)
        context.append(t(lang, "para.chapter", chapter=chapter))
    if paragraph.section:
        section = structured_text(kb, lang, paragraph.section, title=True)
        context.append(t(lang, "para.section", section=section))
    converted = lang != "zh-Hant" and printed_in_traditional(paragraph.text)
    text = text_blocks(
        text_lines(place, *context),
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
    keyboard += rows(alternative_buttons(kb, lang, alternatives, paragraph.id), 1)
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
    return Rendered(text_blocks(heading, body), rows([back], 1))


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
    text = text_blocks(heading, *(bodies[i] for i in pages[page]))
    keyboard = _pager(lang, page, len(pages), "s", resolution.id, key) + rows(
        [button(plain(lang, "res.button_outline"), "r", resolution.id)], 1
    )
    return Rendered(text, keyboard)
