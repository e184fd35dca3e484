"""Pure renderers: knowledge-base values in, Telegram HTML and buttons out.

No I/O and no Telegram objects here: every function takes the knowledge base, the reader's
language (and timezone where times are shown) and returns a :class:`Rendered` — HTML text
plus a keyboard of :class:`Button` values whose callback data is already encoded. Handlers
send it; the console prints it; the tests read it.

Every knowledge-base and user value goes through :func:`bot.i18n.t` or ``kb_html`` and is
therefore escaped. What the views compute over the knowledge base (which meetings, what cites
a document …) comes from :mod:`knowledge.views`.

One module per concern:

- ``types``: Rendered, Button, Keyboard, InlineArticle and the helpers that build them;
- ``names``: how records are named (titles, places, snippets, English names, sources);
- ``times``: timezone names, spans across midnight, a meeting's time for the reader;
- ``start``, ``agenda``, ``bureau``, ``meetings``, ``resolutions``, ``paragraphs``,
  ``documents``, ``records`` (any record in full), ``search``, ``inline``, ``preferences``
  (language, timezone, subscriptions): the reader's views;
- ``answers``, ``calendar``, ``notices``, ``kbadmin``, ``insights``: structured answers, the
  .ics file, notices, knowledge-base administration and question insights.

This module re-exports the names callers used before the split, so ``from handlers.render
import render_agenda`` keeps working; new code imports from the module that defines a name.
"""

from __future__ import annotations

from handlers.english import english_name, terms_in
from handlers.render.agenda import (
    ACTION_CHARS,
    render_agenda,
    render_agenda_item,
    render_agenda_next,
)
from handlers.render.bureau import render_bureau, render_bureau_member
from handlers.render.documents import render_document, render_documents
from handlers.render.inline import MAX_INLINE_RESULTS, render_inline
from handlers.render.meetings import calendar_button, render_meeting, render_meetings
from handlers.render.names import (
    MAX_ALTERNATIVES,
    SNIPPET_CHARS,
    container_name,
    paragraph_phrase,
    paragraph_place,
    record_snippet,
    record_title,
    seat_name,
    session_params,
    session_title,
    structured_text,
)
from handlers.render.paragraphs import (
    PAGE_BUDGET,
    PARAGRAPHS_PER_PAGE,
    paragraph_body,
    render_paragraph,
    render_paragraph_list,
    render_paragraph_original,
    render_section,
)
from handlers.render.preferences import (
    render_language_menu,
    render_language_set,
    render_subscriptions,
    render_timezone,
    render_timezone_set,
    subscription_topics,
    topic_name,
)
from handlers.render.records import render_record, render_session
from handlers.render.resolutions import (
    render_resolution,
    render_resolutions,
    render_search_within_title,
)
from handlers.render.search import (
    choice_keyboard,
    render_choices,
    render_no_answer,
    render_search_result,
)
from handlers.render.start import (
    render_admin_error,
    render_flood_note,
    render_help,
    render_problem,
    render_start,
    render_usage,
)
from handlers.render.times import meeting_time_lines, time_span, zone_label
from handlers.render.types import (
    BUTTON_LABEL_CHARS,
    Button,
    InlineArticle,
    Keyboard,
    Rendered,
    button,
    rows,
)
from knowledge.views import (
    agenda_items,
    current_documents,
    current_meetings,
    current_session_number,
    document_item,
    next_session_number,
    section_paragraphs,
)

__all__ = [
    "ACTION_CHARS",
    "BUTTON_LABEL_CHARS",
    "MAX_ALTERNATIVES",
    "MAX_INLINE_RESULTS",
    "PAGE_BUDGET",
    "PARAGRAPHS_PER_PAGE",
    "SNIPPET_CHARS",
    "Button",
    "InlineArticle",
    "Keyboard",
    "Rendered",
    "agenda_items",
    "button",
    "calendar_button",
    "choice_keyboard",
    "container_name",
    "current_documents",
    "current_meetings",
    "current_session_number",
    "document_item",
    "english_name",
    "meeting_time_lines",
    "next_session_number",
    "paragraph_body",
    "paragraph_phrase",
    "paragraph_place",
    "record_snippet",
    "record_title",
    "render_admin_error",
    "render_agenda",
    "render_agenda_item",
    "render_agenda_next",
    "render_bureau",
    "render_bureau_member",
    "render_choices",
    "render_document",
    "render_documents",
    "render_flood_note",
    "render_help",
    "render_inline",
    "render_language_menu",
    "render_language_set",
    "render_meeting",
    "render_meetings",
    "render_no_answer",
    "render_paragraph",
    "render_paragraph_list",
    "render_paragraph_original",
    "render_problem",
    "render_record",
    "render_resolution",
    "render_resolutions",
    "render_search_result",
    "render_search_within_title",
    "render_section",
    "render_session",
    "render_start",
    "render_subscriptions",
    "render_timezone",
    "render_timezone_set",
    "render_usage",
    "rows",
    "seat_name",
    "section_paragraphs",
    "session_params",
    "session_title",
    "structured_text",
    "subscription_topics",
    "terms_in",
    "time_span",
    "topic_name",
    "zone_label",
]
