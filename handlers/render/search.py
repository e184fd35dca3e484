"""What a question gets: the answer, a choice between close candidates, or no answer with
what is near.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Html, Language, escape, t
from handlers.render.names import record_snippet, record_title
from handlers.render.records import render_record
from handlers.render.types import Keyboard, Rendered, button, clip, rows, text_blocks, text_lines
from knowledge import views
from knowledge.models import KnowledgeBase, Record
from knowledge.search import SearchResult


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
    return Rendered(text_blocks(heading, *lines), choice_keyboard(kb, lang, records))


def render_no_answer(
    kb: KnowledgeBase,
    lang: Language,
    query: str,
    suggestions: Sequence[Record],
    hint: Html | None = None,
    *,
    silent: bool = False,
) -> Rendered:
    """What a message with no good answer gets: say so, offer what is near, list commands.
    ``silent``: the report does not state what is asked (rather than: nothing matched well),
    said plainly first."""
    if silent:
        heading = text_lines(
            t(lang, "qa.unknown"), t(lang, "search.silent", query=clip(query, 80))
        )
    else:
        heading = text_lines(t(lang, "search.none", query=clip(query, 80)), hint)
    if suggestions:
        near = t(lang, "search.nearest" if silent else "search.maybe")
        choices = render_choices(kb, lang, text_lines(heading, near), suggestions)
        return Rendered(
            text_blocks(choices.text, t(lang, "search.try_commands")), choices.keyboard
        )
    return Rendered(text_blocks(heading, t(lang, "search.try_commands")))


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
    suggestions = [m.record for m in result.matches]
    return render_no_answer(kb, lang, query, suggestions, hint, silent=result.silent)
