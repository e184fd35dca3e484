"""Resolutions and decisions: the list, and one resolution's outline."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Html, Language, escape, format_date, kb_html, kb_text, plain, t
from handlers.english import english_procedure
from handlers.render.names import container_name, sources_line, structured_text, with_english
from handlers.render.types import Button, Rendered, button, rows, text_blocks, text_lines
from knowledge.models import KnowledgeBase, Paragraph, Resolution
from knowledge.views import paragraph_counts, section_paragraphs


def _adopted(kb: KnowledgeBase, lang: Language, resolution: Resolution) -> Html | None:
    if lang == "en":
        procedure = english_procedure(kb, resolution.adopted_by, resolution.adopted_on)
        if procedure:
            return t(lang, "res.adopted", how=procedure)
    how = [kb_text(lang, resolution.adopted_by)] if resolution.adopted_by else []
    if resolution.adopted_on:
        how.append(format_date(lang, resolution.adopted_on))
    return t(lang, "res.adopted", how=plain(lang, "word.comma").join(how)) if how else None


def render_resolutions(kb: KnowledgeBase, lang: Language) -> Rendered:
    blocks: list[str | None] = [t(lang, "res.title")]
    for resolution in kb.resolutions:
        preamble, operative = paragraph_counts(resolution)
        blocks.append(
            text_lines(
                f"<b>{escape(container_name(kb, lang, resolution.id))}</b>"
                f" ({escape(resolution.id)})",
                with_english(kb, lang, resolution.title, title=True),
                t(lang, "res.counts", preamble=preamble, operative=operative)
                if resolution.paragraphs
                else None,
                _adopted(kb, lang, resolution),
            )
        )
    keyboard = rows((button(container_name(kb, lang, r.id), "r", r.id) for r in kb.resolutions), 2)
    return Rendered(text_blocks(*blocks), keyboard)


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
    head = text_lines(
        f"<b>{escape(name)}</b> ({escape(resolution.id)})",
        with_english(kb, lang, resolution.title, title=True),
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
        blocks.append(text_lines(t(lang, "res.sections"), *outline))
    if resolution.operative_intro:
        blocks.append(kb_html(lang, resolution.operative_intro))
    blocks.append(sources_line(kb, lang, resolution.source))
    keyboard = rows(section_buttons, 1)
    if resolution.paragraphs:
        keyboard += rows([button(plain(lang, "res.button_paragraphs"), "o", resolution.id, 0)], 1)
    return Rendered(text_blocks(*blocks), keyboard)


def render_search_within_title(
    kb: KnowledgeBase, lang: Language, container_id: str, query: str
) -> Html:
    return t(
        lang, "res.search_within", container=container_name(kb, lang, container_id), query=query
    )
