"""Key terms: what a question names that its answer must contain.

A year, a session the knowledge base does not cover, a country, person or organisation, or a
full name the dictionary knows (or nobody knows) that the report never prints: a record
without it is not the answer, however well the rest of its words match ("the theme of the
IGF in 2021" is not 2019's). Search ranks the records that hold every key first, and when
none is good enough says the report does not mention the missing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge.answers import entities_in
from knowledge.dictionary import is_proper_name, names_for
from knowledge.models import KnowledgeBase, Paragraph, Record, Resolution
from knowledge.normalize import normalize
from knowledge.query import Query
from knowledge.references import named_sessions
from knowledge.references.parse import MONTH_NAMES
from knowledge.render_text import index_fields
from knowledge.search_index import SearchIndex

if TYPE_CHECKING:
    from knowledge.search import Match

__all__ = ["Key", "held_apart", "key_terms", "veto"]


@dataclass(frozen=True, slots=True)
class Key:
    label: str  # as the query wrote it
    forms: tuple[str, ...]  # normalized; a record has the key when its text holds one
    # a name joined to the one before it ("ILO 跟 FAO", "Egypt and Chile"): the two may be
    # in different passages
    joined: bool = False


_YEAR = re.compile(r"(?<![0-9/.])(19[5-9][0-9]|20[0-9]{2})(?![0-9/])")


_ORDINAL_WORDS = {
    "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}  # fmt: skip
# ("fourth" of "twenty-fourth" is no 4th)
_ORDINAL = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)\b"
    r"|(?<!twenty-)(?<!twenty )(?<!thirty-)(?<!thirty )\b(" + "|".join(_ORDINAL_WORDS) + r")\b"
)
_CHINESE_ORDINAL = re.compile(r"第(\d{1,2})[次届]")


# a day of the month: "on the 11th", "June 11th", "the 12th of June"
_MONTH_NAME = "(?:" + "|".join(MONTH_NAMES) + "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
_DAY_OF_MONTH = re.compile(rf"\bon (?:the )?$|\b{_MONTH_NAME}\.? $")
_OF_MONTH = re.compile(rf"^(?: of)? {_MONTH_NAME}\b")


def _ordinals(query: str, folded: str, guessed: list[tuple[int, int]]) -> list[int]:
    """The ordinal numbers a question names: 13th, thirteenth, 第十三次, 第13届 (not a day of
    the month, nor one offered as a guess)."""
    found: list[int] = []
    lowered = query.casefold()
    guessed_here = _guessed(lowered)
    for match in _ORDINAL.finditer(lowered):
        digits, word = match.groups()
        if digits and (
            _DAY_OF_MONTH.search(lowered[: match.start()])
            or _OF_MONTH.match(lowered[match.end() :])
        ):
            continue
        if _in(guessed_here, *match.span()):
            continue
        found.append(int(digits) if digits else _ORDINAL_WORDS[word])
    found.extend(
        int(m.group(1)) for m in _CHINESE_ORDINAL.finditer(folded) if not _in(guessed, *m.span())
    )
    return list(dict.fromkeys(found))


_MONTH = re.compile(r"\b(" + "|".join(m for m in MONTH_NAMES if m != "may") + r")\b")
_CHINESE_MONTH = re.compile(r"(?<![0-9])(1[0-2]|[1-9])\s*月(?!份?以来)")


def _months(query: str, folded: str) -> list[int]:
    """The months a question names: July, 7月 ("may" is too often a verb to count)."""
    found = [MONTH_NAMES.index(m) + 1 for m in _MONTH.findall(query.casefold())]
    found.extend(int(n) for n in _CHINESE_MONTH.findall(folded))
    return list(dict.fromkeys(found))


# what joins two names a question asks about together
_BOTH = re.compile(r"\s*(?:,\s*)?(?:\band\b|&|和|跟|与|及|以及|同|、|,|，)\s*(?:the\s+)?")
# what joins two names a question asks to choose between
_ALTERNATIVES = re.compile(r"\s*(?:,\s*)?(?:\bor\b|还是|或者|或是|抑或|或|/)\s*(?:the\s+)?")


# A guess offered to be confirmed or corrected ("was that the 16th one?", "ended on what day?
# Friday the 12th?", "是第16届吗"): what it names need not be in the answer, which gives the
# right one
_GUESS = re.compile(
    r"\b(?:was|is|were|are) (?:that|it|this|they|these|those)\b[^?.;]{0,40}(?:\?|$)"
    r"|\?\s*[^?.!。？]{1,40}\?\s*$"
    r"|(?:是不是|是否是|难道是|还是)[^，,。？?]{1,8}(?=[，,。？?]|$)|是[^，,。？?]{1,8}吗"
)


def _guessed(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _GUESS.finditer(text)]


def _in(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def key_terms(kb: KnowledgeBase, index: SearchIndex, query: str, understood: Query) -> list[Key]:
    """What a question names that its answer must contain: a year, a session, a country,
    person or organisation. A record without it is not the answer, however
    well the rest of its words match ("the theme of the IGF in 2021" is not 2019's)."""
    folded = normalize(query)
    guessed = _guessed(folded)
    keys: list[Key] = []
    years = (m.group(1) for m in _YEAR.finditer(folded) if not _in(guessed, *m.span()))
    for year in dict.fromkeys(years):
        keys.append(Key(year, (year,)))
    # a month ("in July 2020", "7月"): June's meetings do not say what happened in July; the
    # month the session met in is everywhere, like its number ("on 11 June": a meeting day)
    met = {m.date.month for m in kb.meetings if m.date is not None}
    for month in _months(query, folded):
        if month not in met:
            keys.append(Key(f"{month}月", (f"{month}月",)))
    known = {s.number for s in kb.sessions}
    # a session the report does not cover, or one it only plans for ("第二十四届会议在哪个城市
    # 开" is not answered by a paragraph on Geneva); the session it reports on is everywhere
    held = {s.number for s in kb.sessions if s.status == "held"}
    for number in named_sessions(query):
        if number not in held:
            keys.append(Key(f"session {number}", (f"第{number}届", f"{number}届")))
    # the n-th of something else (the 13th IGF meeting, the 17th symposium): 13th is not 14th
    named = set(named_sessions(query)) | known
    for number in _ordinals(query, folded, guessed):
        if number >= 4 and number not in named:
            keys.append(Key(f"the {number}th", (f"第{number}次", f"第{number}届")))
    chosen: list[tuple[Key, tuple[int, int]]] = []
    for entity, span in sorted(entities_in(kb, folded), key=lambda found: found[1]):
        if entity.kind in ("country", "person", "organization") and not _in(guessed, *span):
            key = Key(entity.zh, (*entity.forms, normalize(entity.zh)))
            if chosen and _ALTERNATIVES.fullmatch(folded[chosen[-1][1][1] : span[0]]):
                # "Austria or Hungary", "奥地利还是匈牙利": the answer holds one of them
                before, (start, _) = chosen.pop()
                key = Key(f"{before.label}/{key.label}", (*before.forms, *key.forms))
                span = (start, span[1])
            elif chosen and _BOTH.fullmatch(folded[chosen[-1][1][1] : span[0]]):
                key = Key(key.label, key.forms, joined=True)
            chosen.append((key, span))
    keys.extend(key for key, _ in chosen)
    # a place or person the dictionary knows by name and the report never prints ("Finland")
    text = index.vocabulary
    if text:
        guessed_as_typed = _guessed(query)
        for phrase in _proper_names(query, guessed_as_typed):
            lower = phrase.casefold()
            if (
                lower in text
                or (index.main.lookup(index.keys(lower)) >= 0).any()
                or any(index.expander.known_form(word) for word in lower.split())
            ):
                continue  # a name the knowledge base has, in its aliases or its text
            names = names_for(lower)
            if names and all(is_proper_name(n) and n not in text for n in names):
                keys.append(Key(phrase, (lower, *names)))
            elif not names and len(lower.split()) >= 2:
                # a full name nobody knows ("Anriette Esterhuizen"): not in the report
                keys.append(Key(phrase, (lower,)))
    return keys


# Capitalised words inside a sentence ("How much did Finland give", "New York"), the first
# word of a sentence and calendar words left out
_CAPITALISED = re.compile(r"(?<=[a-z0-9,;:'’)] )((?:[A-Z][a-z]+)(?: [A-Z][a-z]+){0,2})")
_CALENDAR = frozenset(
    (*MONTH_NAMES, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
)


def _proper_names(query: str, guessed: list[tuple[int, int]]) -> list[str]:
    return [
        match.group(1)
        for match in _CAPITALISED.finditer(query)
        if not any(word.casefold() in _CALENDAR for word in match.group(1).split())
        and not _in(guessed, *match.span(1))
    ]


def veto(
    index: SearchIndex, ranked: list[tuple[float, Match]], keys: list[Key], threshold: float
) -> tuple[list[tuple[float, Match]], str]:
    """The ranked matches that hold every key first; the first key no match holds, if the
    best that hold them all is no answer."""

    lacking = [_lacking(index, match, keys) for _, match in ranked]
    keeping = [pair for pair, lack in zip(ranked, lacking, strict=True) if not lack]
    if keeping:
        # those that hold every key first; one below the bar is no answer (and none that
        # lacks a key may pass it), but the report does mention the key: not "no mention"
        rest = [pair for pair, lack in zip(ranked, lacking, strict=True) if lack]
        return keeping + rest, ""
    missing = next((lack[0].label for lack in lacking if lack), keys[0].label)
    return ranked, missing


def held_apart(
    index: SearchIndex, ranked: list[tuple[float, Match]], keys: list[Key], threshold: float
) -> list[tuple[float, Match]]:
    """ "ILO 跟 FAO 是在同一段吗", "Egypt and Chile": names asked together that no one match
    holds, each held by one of the first matches, which shares the question's words with the
    others (half the bar): the best match holding each; [] otherwise."""
    if len(keys) < 2 or not all(key.joined for key in keys[1:]):
        return []
    lacking = [_lacking(index, match, keys) for _, match in ranked]
    if any(not lack for lack in lacking):
        return []  # one match holds them all
    best: list[tuple[float, Match]] = []
    for key in keys:
        holder = next(
            (
                pair
                for pair, lack in list(zip(ranked, lacking, strict=True))[: len(keys) + 1]
                if key not in lack and pair[0] >= threshold / 2
            ),
            None,
        )
        if holder is None:
            return []
        if holder not in best:
            best.append(holder)
    return best


def _lacking(index: SearchIndex, match: Match, keys: list[Key]) -> list[Key]:
    """The keys a match's text (with its heading and lead-in) does not hold."""
    position = index.position.get(match.record.id)
    text = index.text(position) if position is not None else ""
    # a paragraph's heading or lead-in counts ("鼓励联合国贸易和发展会议：" above R2.c.2
    # names whom R2.c.2 addresses)
    context = " ".join((index_fields(match.record)[1], _lead_in(index, match.record)))
    if context.strip():
        text += " " + normalize(context)
    return [k for k in keys if not any(form and form in text for form in k.forms)]


def _lead_in(index: SearchIndex, record: Record) -> str:
    """The lead-in above a sub-paragraph ("鼓励联合国贸易和发展会议：" above R2.c.2), if any."""
    if not isinstance(record, Paragraph) or record.kind != "item":
        return ""
    position = index.position.get(record.parent)
    resolution = index.records[position] if position is not None else None
    if not isinstance(resolution, Resolution):
        return ""
    lead = ""
    for paragraph in resolution.paragraphs:
        if paragraph.id == record.id:
            return lead
        if paragraph.kind == "operative":
            lead = paragraph.text
    return ""
