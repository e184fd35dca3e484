"""/res (aliases /para, /resolution): the list, an outline, one paragraph, a search inside one.

/res                 resolutions and decisions
/res 1               draft resolution I's outline (sections and paragraph ranges)
/res 1 24            paragraph 24 of draft resolution I
/res 1 24 25, 1 24-26  two paragraphs, a range (at most MAX_RUN shown)
/res one 24, 一 二十四  the resolution and paragraph in words or Chinese numerals
/res 2 a 3           (a)(三) of draft resolution II;  /res R1.84.a  by its id
/res 1 数字鸿沟       a search inside draft resolution I
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final, Literal

from telegram import Update

from bot.i18n import Html, Language, escape, t
from handlers.common import args_of, send
from handlers.context import BotContext
from handlers.render.names import container_name
from handlers.render.paragraphs import paragraph_body
from handlers.render.records import render_record
from handlers.render.resolutions import (
    render_resolution,
    render_resolutions,
    render_search_within_title,
)
from handlers.render.search import choice_keyboard, render_search_result
from handlers.render.start import render_problem
from handlers.render.types import Rendered, button, rows
from knowledge.models import KnowledgeBase, Paragraph, Record, Resolution
from knowledge.normalize import chinese_to_int
from knowledge.references import resolve_reference
from knowledge.script import printed_in_traditional

RequestKind = Literal[
    "list",
    "resolution",
    "paragraph",
    "paragraphs",
    "search",
    "no_resolution",
    "no_paragraph",
    "usage",
]
MAX_RUN: Final = 8  # paragraphs shown for one range: a few messages at most
_EXPLICIT_ID = re.compile(r"^[RD]\d+(?:\.|$)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ResRequest:
    """What ``/res`` with these arguments asks for."""

    kind: RequestKind
    record: Record | None = None
    query: str = ""
    requested: str = ""
    suggestions: tuple[Record, ...] = ()
    records: tuple[Paragraph, ...] = ()  # the paragraph(s) asked for
    more: int = 0  # paragraphs of a range left out


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


# ---------------------------------------------------------------------------------------------
# Numbers as people type them: one, first, 一, 第二十四段, 24-26, 24 25


_WORD_NUMBERS: Final = {
    word: index + 1
    for index, words in enumerate(
        [("one", "first", "i"), ("two", "second", "ii"), ("three", "third", "iii")]
    )
    for word in words
}
_CHINESE_NUMERAL = re.compile(r"[零〇一二两兩三四五六七八九十百]+")
_RESOLUTION_PREFIX = re.compile(
    r"^(?:决议草案|決議草案|决议|決議|resolution|res)\s*", re.IGNORECASE
)
_PARAGRAPH_WORDS = re.compile(r"[第段項项]|\bparas?\b|\bparagraphs?\b", re.IGNORECASE)
_RANGE = re.compile(r"^(\d+)\s*(?:-|–|—|~|～|\.\.|to|至|到)\s*(\d+)$", re.IGNORECASE)
_LIST = re.compile(r"^\d+(?:\s*[,，、;；\s]\s*\d+)+$")
_NEGATIVE = re.compile(r"^-\s*\d+$")


def _arabic(text: str) -> str:
    """Chinese numerals → digits (二十四 → 24); everything else as it was."""

    def one(match: re.Match[str]) -> str:
        value = chinese_to_int(match.group(0))
        return match.group(0) if value is None else str(value)

    return _CHINESE_NUMERAL.sub(one, text)


def _resolution_number(token: str) -> str | None:
    """``1``, ``one``, ``first``, ``一``, ``決議一``, ``决议草案二`` → "1", "2"; else None."""
    bare = _RESOLUTION_PREFIX.sub("", unicodedata.normalize("NFKC", token)).strip()
    if bare.lower() in _WORD_NUMBERS:
        return str(_WORD_NUMBERS[bare.lower()])
    bare = _arabic(bare)
    return bare if bare.isdigit() else None


def _paragraph_run(kb: KnowledgeBase, resolution: str, rest: str) -> ResRequest | None:
    """``24 25``, ``24-26``, ``-1`` after resolution ``resolution``; None for anything else."""
    text = _PARAGRAPH_WORDS.sub(" ", _arabic(unicodedata.normalize("NFKC", rest))).strip()
    container = f"R{resolution}"
    if kb.resolution(container) is None:
        return None
    if _NEGATIVE.match(text):
        return _missing(kb, container, text.replace(" ", ""))
    numbers: list[int] = []
    if (found := _RANGE.match(text)) is not None:
        first, last = int(found[1]), int(found[2])
        numbers = list(range(first, last + 1)) if first <= last else [first, last]
    elif _LIST.match(text):
        numbers = [int(n) for n in re.findall(r"\d+", text)]
    if not numbers:
        return None
    paragraphs: list[Paragraph] = []
    for number in dict.fromkeys(numbers):
        record = kb.get(f"{container}.{number}")
        if not isinstance(record, Paragraph):
            return _missing(kb, container, str(number))
        paragraphs.append(record)
    shown = tuple(paragraphs[:MAX_RUN])
    kind: RequestKind = "paragraphs" if len(shown) > 1 else "paragraph"
    return ResRequest(kind, shown[0], records=shown, more=len(paragraphs) - len(shown))


def _missing(kb: KnowledgeBase, container: str, label: str) -> ResRequest:
    resolution = kb.resolution(container)
    operative = [p for p in resolution.paragraphs if p.kind == "operative"] if resolution else []
    ends = (operative[0], operative[-1]) if operative else ()
    return ResRequest("no_paragraph", requested=f"{container}.{label}", suggestions=ends)


def _in_digits(args: list[str]) -> list[str]:
    """The arguments with the resolution and paragraph numbers written as digits."""
    number = _resolution_number(args[0])
    if number is None:
        return args
    rest = [_PARAGRAPH_WORDS.sub("", _arabic(a)) or a for a in args[1:]]
    return [number, *(a for a in rest if a)]


def parse_res_args(kb: KnowledgeBase, args: list[str]) -> ResRequest:
    if not args:
        return ResRequest("list")
    direct = _plain_address(kb, args)
    if direct is None and len(args) > 1:
        number = _resolution_number(args[0])
        if number is not None:
            run = _paragraph_run(kb, number, " ".join(args[1:]))
            if run is not None:
                return run
            direct = _plain_address(kb, _in_digits(args))
    if direct is not None:  # the common case, answered without parsing
        return ResRequest(
            "paragraph", direct, records=(direct,) if isinstance(direct, Paragraph) else ()
        )
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
            record = primary.records[0]
            records = (record,) if isinstance(record, Paragraph) else ()
            return ResRequest("paragraph", record, records=records)
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


def render_paragraph_run(
    kb: KnowledgeBase, lang: Language, paragraphs: tuple[Paragraph, ...], more: int = 0
) -> Rendered:
    """Several paragraphs of one resolution in full, in order, each with a button to open it."""
    first = paragraphs[0]
    ids = ", ".join(p.id for p in paragraphs)
    heading = Html(f"<b>{escape(container_name(kb, lang, first.parent))}</b> ({escape(ids)})")
    blocks: list[str] = [heading, *(paragraph_body(kb, lang, p) for p in paragraphs)]
    if lang != "zh-Hant" and any(printed_in_traditional(p.text) for p in paragraphs):
        blocks.append(t(lang, "script.converted_note"))
    if more:
        blocks.append(t(lang, "word.more", count=more))
    keyboard = rows((button(f"¶ {p.id}", "r", p.id) for p in paragraphs), 4)
    return Rendered(Html("\n\n".join(blocks)), keyboard)


def render_res_request(kb: KnowledgeBase, lang: Language, request: ResRequest) -> Rendered:
    """What /res shows for one paragraph or several (problems: :func:`render_res_problem`)."""
    if request.kind == "paragraphs" and request.records:
        return render_paragraph_run(kb, lang, request.records, request.more)
    if request.record is not None:
        return render_record(kb, lang, request.record)
    return render_res_problem(kb, lang, request)


async def res(update: Update, context: BotContext) -> None:
    lang = await context.language(update)
    kb = context.live.kb
    request = parse_res_args(kb, args_of(context))
    if request.kind == "list":
        await send(update, context, render_resolutions(kb, lang))
    elif request.kind == "resolution" and isinstance(request.record, Resolution):
        await send(update, context, render_resolution(kb, lang, request.record))
    elif request.kind in ("paragraph", "paragraphs") and request.record is not None:
        await send(update, context, render_res_request(kb, lang, request))
    elif request.kind == "search" and request.record is not None:
        snapshot, result = await context.live.search(request.query, within=request.record.id)
        heading = render_search_within_title(snapshot.kb, lang, request.record.id, request.query)
        rendered = render_search_result(snapshot.kb, lang, request.query, result)
        await send(
            update, context, Rendered(Html(heading + "\n\n" + rendered.text), rendered.keyboard)
        )
    else:
        await send(update, context, render_res_problem(kb, lang, request))
