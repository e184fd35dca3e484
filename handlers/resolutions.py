"""/res (aliases /para, /resolution): the list, an outline, one paragraph, a search inside one.

/res                 resolutions and decisions
/res 1               draft resolution I's outline (sections and paragraph ranges)
/res 1 24            paragraph 24 of draft resolution I
/res 2 a 3           (a)(三) of draft resolution II;  /res R1.84.a  by its id
/res 1 数字鸿沟       a search inside draft resolution I
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from telegram import Update

from bot.i18n import Html, Language, t
from handlers.common import args_of, send
from handlers.context import BotContext
from handlers.render import (
    Rendered,
    choice_keyboard,
    container_name,
    render_problem,
    render_record,
    render_resolution,
    render_resolutions,
    render_search_result,
    render_search_within_title,
)
from knowledge.models import KnowledgeBase, Paragraph, Record, Resolution
from knowledge.references import resolve_reference

RequestKind = Literal[
    "list", "resolution", "paragraph", "search", "no_resolution", "no_paragraph", "usage"
]
_EXPLICIT_ID = re.compile(r"^[RD]\d+(?:\.|$)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ResRequest:
    """What ``/res`` with these arguments asks for."""

    kind: RequestKind
    record: Record | None = None
    query: str = ""
    requested: str = ""
    suggestions: tuple[Record, ...] = ()


_LABEL = re.compile(r"^(?:\d{1,3}|[a-z])$")


def _plain_address(kb: KnowledgeBase, args: list[str]) -> Record | None:
    """``1 24``, ``2 a 3``, ``R1.84.a``: the paragraph, found without the reference parser."""
    if len(args) == 1:
        record = kb.get(args[0])
        return record if isinstance(record, Paragraph) else None
    if not args[0].isdigit() or not all(_LABEL.match(a) for a in args[1:]):
        return None
    record = kb.get(".".join([f"R{args[0]}", *args[1:]]))
    return record if isinstance(record, Paragraph) else None


def parse_res_args(kb: KnowledgeBase, args: list[str]) -> ResRequest:
    if not args:
        return ResRequest("list")
    direct = _plain_address(kb, args)
    if direct is not None:  # the common case, answered without parsing
        return ResRequest("paragraph", direct)
    joined = " ".join(args)
    queries = [joined] if _EXPLICIT_ID.match(args[0]) else [f"res {joined}", joined]
    resolution = None
    for query in queries:
        resolution = resolve_reference(kb, query)
        if resolution is not None:
            break
    if resolution is None:
        return ResRequest("usage", query=joined)
    primary = resolution.primary
    rest = resolution.rest if resolution.rest.lower() != "res" else ""
    if primary.kind == "paragraph":
        if primary.found:
            return ResRequest("paragraph", primary.records[0])
        return ResRequest(
            "no_paragraph", requested=primary.requested, suggestions=primary.suggestions
        )
    if primary.kind == "resolution":
        if not primary.found:
            return ResRequest(
                "no_resolution", requested=primary.requested, suggestions=primary.suggestions
            )
        if rest:
            return ResRequest("search", primary.records[0], query=rest)
        return ResRequest("resolution", primary.records[0])
    return ResRequest("usage", query=joined)


def _range_of(kb: KnowledgeBase, requested: str) -> tuple[str, str]:
    """The container that was asked for and the labels it really has ("(a)–(c)", "1–90")."""
    container_id, _, _ = requested.partition(".")
    parent_id = requested.rpartition(".")[0]
    parent = kb.get(parent_id)
    resolution = kb.resolution(container_id)
    siblings: list[Paragraph] = []
    if isinstance(parent, Paragraph):
        siblings = [
            p
            for p in (resolution.paragraphs if resolution else ())
            if p.id.startswith(parent_id + ".")
        ]
    elif resolution is not None:
        siblings = [p for p in resolution.paragraphs if p.kind == "operative"]
    if not siblings:
        return container_id, ""
    return container_id, f"{siblings[0].label}–{siblings[-1].label}"


def render_res_problem(kb: KnowledgeBase, lang: Language, request: ResRequest) -> Rendered:
    """One line saying what does not exist, the usage line, and buttons to the nearest ones."""
    if request.kind == "no_resolution":
        known = ", ".join(f"{container_name(kb, lang, r.id)} ({r.id})" for r in kb.resolutions)
        problem = t(lang, "res.no_resolution", which=request.requested, known=known)
    elif request.kind == "no_paragraph":
        container_id, span = _range_of(kb, request.requested)
        problem = t(
            lang,
            "res.no_paragraph",
            container=container_name(kb, lang, container_id),
            label=request.requested.removeprefix(container_id + "."),
            range=span,
        )
    else:
        return Rendered(t(lang, "usage.res"))
    hint = render_problem(lang, problem, "usage.res")
    return Rendered(hint.text, choice_keyboard(kb, lang, request.suggestions))


async def res(update: Update, context: BotContext) -> None:
    lang = await context.language(update)
    kb = context.live.kb
    request = parse_res_args(kb, args_of(context))
    if request.kind == "list":
        await send(update, context, render_resolutions(kb, lang))
    elif request.kind == "resolution" and isinstance(request.record, Resolution):
        await send(update, context, render_resolution(kb, lang, request.record))
    elif request.kind == "paragraph" and request.record is not None:
        await send(update, context, render_record(kb, lang, request.record))
    elif request.kind == "search" and request.record is not None:
        snapshot, result = await context.live.search(request.query, within=request.record.id)
        heading = render_search_within_title(snapshot.kb, lang, request.record.id, request.query)
        rendered = render_search_result(snapshot.kb, lang, request.query, result)
        await send(
            update, context, Rendered(Html(heading + "\n\n" + rendered.text), rendered.keyboard)
        )
    else:
        await send(update, context, render_res_problem(kb, lang, request))
