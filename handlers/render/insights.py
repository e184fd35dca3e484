"""Pure renderers for answer feedback (👍/👎, picks) and the admins' question insights.

Feedback buttons use the versioned callback data of ``handlers.callbacks``:
``v1|fb|<question>|u`` / ``v1|fb|<question>|d`` for 👍 / 👎 and ``v1|pick|<question>|<id>``
for a "did you mean" or a choice, where ``<question>`` is the row ``bot.insights`` kept for the
question. Insight buttons, for admins only, carry ``in1|a|<question>|<record id>``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final

from bot.i18n import Html, Language, join, plain, t
from bot.insights import AliasProposal, InsightReport, RefusalReason
from bot.storage import QuestionInsight
from handlers import callbacks as cb
from handlers.render.kbadmin import render_preview
from handlers.render.types import Button, Keyboard, Rendered, button, rows
from knowledge.search import SearchResult

INSIGHTS_CALLBACK: Final = "in1"
#: Insights that get buttons (each one per record offered).
INSIGHTS_WITH_BUTTONS: Final = 5
SHOWN_QUESTION_CHARS: Final = 120


def add_alias_data(question_id: int, record_id: str) -> str | None:
    """The data of "Add as a way to ask for R1.24", or None when it would not fit."""
    data = f"{INSIGHTS_CALLBACK}|a|{question_id}|{record_id}"
    return data if len(data.encode("utf-8")) <= cb.MAX_BYTES and "|" not in record_id else None


def parse_add_alias(data: str | None) -> tuple[int, str] | None:
    """(question row, record id) from an insight button, or None for anything else."""
    parts = (data or "").split("|")
    if len(parts) != 4 or parts[:2] != [INSIGHTS_CALLBACK, "a"] or not parts[2].isdigit():
        return None
    return int(parts[2]), parts[3]


# ---------------------------------------------------------------------------------------------
# Under a free-text answer


def _picks(keyboard: Keyboard, question_id: int, picks: Collection[str] | None) -> Keyboard:
    """The keyboard with its record buttons (all of them, or those for ``picks``) noting the
    choice for the question."""
    out: list[tuple[Button, ...]] = []
    for row in keyboard:
        kept: list[Button] = []
        for shown in row:
            decoded = cb.decode(shown.data) if not shown.url else None
            if decoded is not None and decoded.action == "r":
                record_id = decoded.arg(0)
                if (picks is None or record_id in picks) and cb.fits(
                    "pick", question_id, record_id
                ):
                    shown = Button(shown.label, cb.encode("pick", question_id, record_id))
            kept.append(shown)
        out.append(tuple(kept))
    return tuple(out)


def with_feedback(
    lang: Language, rendered: Rendered, question_id: int, result: SearchResult
) -> Rendered:
    """An answer to a kept question: 👍/👎 under an answer, and its "did you mean" buttons
    (or the choices, or the suggestions) noting which record the delegate picks."""
    if result.status == "answer":
        alternatives = {m.record.id for m in result.alternatives}
        keyboard = _picks(rendered.keyboard, question_id, alternatives)
        votes = rows(
            [
                button(plain(lang, "fb.up"), "fb", question_id, "u"),
                button(plain(lang, "fb.down"), "fb", question_id, "d"),
            ],
            2,
        )
        text = Html(f"{rendered.text}\n\n<i>{t(lang, 'fb.ask')}</i>")
        return Rendered(text, keyboard + votes)
    return Rendered(rendered.text, _picks(rendered.keyboard, question_id, None))


def without_votes(keyboard: Keyboard) -> Keyboard:
    """The keyboard once the answer was rated: the 👍/👎 row goes, the rest stays."""
    kept = []
    for row in keyboard:
        remaining = tuple(b for b in row if b.url or not b.data.startswith("v1|fb|"))
        if remaining:
            kept.append(remaining)
    return tuple(kept)


# ---------------------------------------------------------------------------------------------
# For admins


def _details(lang: Language, insight: QuestionInsight) -> str:
    parts = []
    for key, count in (
        ("insights.no_answer", insight.unanswered),
        ("insights.choices", insight.choices),
        ("insights.disliked", insight.disliked),
        ("insights.repicked", insight.repicked),
    ):
        if count:
            parts.append(plain(lang, key, count=count))
    return plain(lang, "word.comma").join(parts)


def _clip(text: str, limit: int = SHOWN_QUESTION_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_insights(lang: Language, report: InsightReport) -> Rendered:
    """The most frequent questions without a confident answer, with counts, what delegates
    picked, and buttons that make a question a way to ask for a record. Never who asked."""
    if not report.recording:
        return Rendered(t(lang, "insights.off"))
    head = [t(lang, "insights.title", days=report.days)]
    if report.liked or report.disliked:
        head.append(t(lang, "insights.ratings", up=report.liked, down=report.disliked))
    if not report.lines:
        head.append(t(lang, "insights.none", days=report.days))
        return Rendered(Html("\n".join(head)))
    blocks: list[str] = ["\n".join(head)]
    buttons: list[Button | None] = []
    for n, line in enumerate(report.lines, start=1):
        insight = line.insight
        lines: list[str] = [
            t(
                lang,
                "insights.line",
                n=n,
                question=_clip(insight.question),
                count=insight.asked,
                details=_details(lang, insight),
            )
        ]
        if insight.picked:
            lines.append("    " + t(lang, "insights.picked", id=insight.picked))
        others = [s for s in line.suggestions if s != insight.picked]
        if others:
            lines.append("    " + t(lang, "insights.suggested", ids=join(lang, others)))
        blocks.append("\n".join(lines))
        if n <= INSIGHTS_WITH_BUTTONS:
            for record_id in line.suggestions:
                data = add_alias_data(insight.latest_id, record_id)
                if data is not None:
                    label = plain(lang, "insights.button_add", n=n, id=record_id)
                    buttons.append(Button(label, data))
    blocks.append(f"<i>{t(lang, 'insights.hint')}</i>")
    blocks.append(f"<i>{t(lang, 'insights.privacy', days=report.days)}</i>")
    return Rendered(Html("\n\n".join(blocks)), rows(buttons, 1))


def render_alias_proposal(lang: Language, proposal: AliasProposal, live_file: str) -> Rendered:
    """What the fix will do, then the version's preview with its Activate button."""
    intro = t(
        lang,
        "insights.proposal",
        question=_clip(proposal.question),
        id=proposal.record_id,
        names=join(lang, [f"“{name}”" for name in proposal.names]),
    )
    preview = render_preview(lang, proposal.preview, live_file)
    return Rendered(Html(f"{intro}\n\n{preview.text}"), preview.keyboard)


def render_alias_refused(
    lang: Language, reason: RefusalReason, question: str, record_id: str
) -> Rendered:
    return Rendered(t(lang, f"insights.refused.{reason}", question=_clip(question), id=record_id))
