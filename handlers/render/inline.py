"""Inline mode: records as shareable articles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from bot.i18n import Html, Language
from handlers.render.names import record_snippet, record_title
from handlers.render.records import render_record
from handlers.render.types import InlineArticle, clip
from knowledge.models import KnowledgeBase, Record

MAX_INLINE_RESULTS: Final = 50


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
                title=clip(f"{record.id} · {record_title(kb, lang, record)}", 100),
                description=record_snippet(kb, lang, record, 120),
                text=Html(rendered.single()),
            )
        )
    return articles
