"""What a reference parse works on and answers with.

A query is first prepared (``prepare``: NFKC, Simplified, casefolded, ordinals and numerals as
digits, ASCII brackets), then each grammar claims the spans it reads in a ``Parse`` so that no
two read the same words. The answer is a ``ReferenceResolution``: every ``Reference`` found,
and what is left of the query around them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from knowledge.models import (
    AgendaItem,
    BureauMember,
    Document,
    Meeting,
    Paragraph,
    Record,
    Resolution,
)
from knowledge.normalize import numerals_to_arabic, to_simplified

ReferenceKind = Literal[
    "paragraph", "resolution", "agenda", "meeting", "session", "document", "bureau"
]


@dataclass(frozen=True, slots=True)
class Reference:
    """One thing the query names, and what it resolved to.

    ``records`` is empty when the named thing does not exist; then ``hint`` says why and
    ``suggestions`` holds the nearest real records. ``exact`` is False when the query named
    something that is not a record of its own (a symbol only cited in footnotes, a paragraph
    number without saying of what): ``records`` are then the records that fit.
    """

    kind: ReferenceKind
    requested: str
    span: tuple[int, int]
    records: tuple[Record, ...] = ()
    exact: bool = True
    hint: str = ""
    suggestions: tuple[Record, ...] = ()
    # a reference inside other words that names nothing real may be ordinary wording
    # ("互联网治理论坛第十四次会议" is not a meeting of this session)
    soft: bool = False
    # a paragraph number the query gave without saying of what, found in one place only
    # ("Tunis Agenda para 35" is not resolution I's paragraph 35)
    guessed: bool = False

    @property
    def found(self) -> bool:
        return bool(self.records)

    @property
    def why(self) -> str:
        if not self.records:
            return f"no {self.requested}"
        if self.exact:
            return f"reference {self.requested}"
        if self.kind == "document":
            return f"cites {self.requested}"
        return f"reference {self.requested}?"


@dataclass(frozen=True, slots=True)
class ReferenceResolution:
    """Every reference found in a query, and what is left of the query around them."""

    query: str
    references: tuple[Reference, ...]
    rest: str = ""

    @property
    def primary(self) -> Reference:
        """The reference the query is about: the most specific one that resolved."""
        found = [r for r in self.references if r.found]
        if found:
            return max(found, key=lambda r: (_SPECIFICITY[r.kind], r.exact))
        return self.references[0]

    @property
    def record(self) -> Record | None:
        primary = self.primary
        return primary.records[0] if primary.records else None

    @property
    def found(self) -> bool:
        return self.primary.found

    @property
    def pure(self) -> bool:
        """True when the query is nothing but references (and words like 是什么, text, 标题)."""
        return not self.rest

    @property
    def hint(self) -> str:
        return self.primary.hint

    @property
    def suggestions(self) -> tuple[Record, ...]:
        return self.primary.suggestions


_SPECIFICITY: dict[ReferenceKind, int] = {
    "session": 0,
    "resolution": 1,
    "meeting": 2,
    "agenda": 3,
    "document": 4,
    "bureau": 5,
    "paragraph": 5,
}


# ---------------------------------------------------------------------------------------------
# Preparing the query: one script, one case, Arabic numerals, ASCII brackets

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30}
_ORDINAL = re.compile(
    r"\b(?:(twenty|thirty)[\s-]?)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth|twentieth)\b"
)
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
_ROMAN_AFTER_NAME = re.compile(
    # (not followed by a letter: "annex ii一共几段", run into Chinese, is annex 2)
    r"\b(resolution|res|annex|decision)\s*\.?\s*(i{1,3}|iv|v|vi{1,3}|ix)(?![a-z0-9])"
)
# "resolution one", "chapter two", "paragraph twelve": a number spelt out after what it numbers
_CARDINALS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_CARDINAL_AFTER_NAME = re.compile(
    r"\b(resolution|res|annex|decision|chapter|paragraph|para|item|meeting|session|section"
    r"|part)\s+(" + "|".join(_CARDINALS) + r")\b"
)

# a meeting by its place in the session: the opening one, the closing one (as prepared:
# "最后1次会议")
OPENING_MEETING = re.compile(
    r"开幕(?:的)?(?:那1?次|那场|这1?次)?(?:会议|会)|第1天的会|头[1一]天的会"
    r"|\bopening (?:meeting|sitting)\b"
)
CLOSING_MEETING = re.compile(
    r"闭幕(?:的)?(?:那1?次|那场|这1?次)?(?:会议|会)|最后1次会议?|最后那1?次会|最后1天的会"
    r"|\b(?:closing|final|last) (?:meeting|sitting)\b"
)

# a day of the month, and the first or last day of a session ("6月12日", "12 June", "June
# 11th", "the last day"): a meeting's, when the session met once a day
MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
FIRST_DAY = r"\b(?:the )?(?:first|1|opening) day\b|(?:第|头)[1一]天|首日"
LAST_DAY = r"\b(?:the )?(?:last|final|closing) day\b|最后[1一]天"


def day_of_month(month: str, day: str, name: str) -> str:
    """A day of the month as people write it (patterns for the month's number, the day's and
    the month's English name): 6月12日, 6月12号, 12 June, June 12th, the 12th of June
    (ordinals read as numbers by now)."""
    return (
        rf"(?<!\d){month}\s*月\s*{day}\s*[日号]"
        rf"|(?<![\d/]){day}(?:st|nd|rd|th)?\s+(?:of\s+)?{name}\b"
        rf"|\b{name}\s+{day}(?:st|nd|rd|th)?(?!\d)"
    )


MEETING_DAY = re.compile(
    "|".join(
        (
            day_of_month(r"\d{1,2}", r"\d{1,2}", "(?:" + "|".join(MONTH_NAMES) + ")"),
            FIRST_DAY,
            LAST_DAY,
        )
    )
)

# what people type on a phone for the words the grammars and search know
_SHORTHAND = {
    "mtg": "meeting", "mtgs": "meetings", "govt": "government", "govts": "governments",
    "intl": "international", "dept": "department", "sess": "session", "docs": "documents",
    "doc": "document", "reso": "resolution", "resos": "resolutions", "yr": "year",
    "yrs": "years", "vc": "vice-chair", "vcs": "vice-chairs",
    "russian fed": "russian federation", "ovr": "over", "abt": "about", "thru": "through",
    "b4": "before", "ppl": "people", "rec": "recommendation", "recs": "recommendations",
    "govs": "governments", "info": "information", "prov": "provisional", "rt": "round table",
    "rts": "round tables", "sec-gen": "secretary-general", "secgen": "secretary-general",
    "sec gen": "secretary-general",
}  # fmt: skip
_SHORTHAND_WORD = re.compile(
    r"\b(?:" + "|".join(sorted(_SHORTHAND, key=len, reverse=True)) + r")\b(?![.-])",
    re.IGNORECASE,
)

# "the second annex", "the 1st resolution" (an ordinal is a number by now): annex 2,
# resolution 1 — a singular noun, not "2 resolutions"
_COUNTED_FIRST = re.compile(r"\b(\d)\s+(annex|resolution|draft resolution)\b(?!s)")
# "第二个附件", "第一项决议草案", "第一號決議草案": 附件2, 决议草案1
_COUNTED_FIRST_ZH = re.compile(r"第(\d)(?:个|项|份|号)?(附件|决议草案|决议)")
# 决议 typed as a homophone before 草案 (決義 → 决义, 决意, 绝议): the draft resolution
_RESOLUTION_SLIP = re.compile(r"(?:决[义意仪]|绝议)(?=\s*草案)")
# the World Summit on the Information Society by its everyday names ("信息峰会那份决议",
# 資訊峰會 once simplified); search reads them as the report's name too
SUMMIT_EVERYDAY_NAMES = ("信息社会峰会", "信息峰会")
SUMMIT = "信息社会世界峰会"
_SUMMIT_SAID = re.compile("|".join(SUMMIT_EVERYDAY_NAMES))


# "total no. of meetings": the number of
_NUMBER_OF = re.compile(r"\bno\.\s*of\b", re.IGNORECASE)


def expand_shorthand(text: str) -> str:
    """``text`` with what people type on a phone for a word written out ("mtgs", "resos",
    "yr", "no. of"), in any case."""
    text = _NUMBER_OF.sub("number of", text)
    return _SHORTHAND_WORD.sub(lambda m: _SHORTHAND[m.group(0).casefold()], text)


def _ordinal(match: re.Match[str]) -> str:
    tens = _TENS.get(match.group(1) or "", 0)
    return f"{tens + _ORDINAL_WORDS[match.group(2)]} "


def prepare(query: str) -> str:
    """The query as the grammars read it (see ``prepare_query``)."""
    text = unicodedata.normalize("NFKC", query)
    text = to_simplified(text).casefold()
    text = expand_shorthand(text)
    text = _RESOLUTION_SLIP.sub("决议", text)
    text = _SUMMIT_SAID.sub(SUMMIT, text)
    text = _ORDINAL.sub(_ordinal, text)
    text = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", r"\1", text)
    text = _ROMAN_AFTER_NAME.sub(lambda m: f"{m.group(1)} {ROMAN[m.group(2)]}", text)
    text = _CARDINAL_AFTER_NAME.sub(lambda m: f"{m.group(1)} {_CARDINALS[m.group(2)]}", text)
    text = numerals_to_arabic(text)
    text = _COUNTED_FIRST.sub(lambda m: f"{m.group(2)} {m.group(1)}", text)
    text = _COUNTED_FIRST_ZH.sub(lambda m: f"{m.group(2)}{m.group(1)}", text)
    text = re.sub(r"[\[【〔]", "(", text)
    text = re.sub(r"[\]】〕]", ")", text)
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# The parse: what each grammar has claimed


@dataclass(slots=True)
class Parse:
    """The prepared query and the spans the grammars have claimed so far."""

    text: str
    claimed: list[tuple[int, int]] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in self.claimed)

    def find(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        for match in pattern.finditer(self.text):
            if match.end() > match.start() and self.free(match.start(), match.end()):
                yield match

    def claim(self, match: re.Match[str]) -> tuple[int, int]:
        span = (match.start(), match.end())
        self.claimed.append(span)
        return span


def first_group(match: re.Match[str], *indexes: int) -> str | None:
    """The first of these groups that matched something (alternatives of one grammar)."""
    for i in indexes:
        value = match.group(i)
        if value:
            return value
    return None


def kind_of(record: Record) -> ReferenceKind:
    """What kind of reference names ``record``."""
    if isinstance(record, Paragraph):
        return "paragraph"
    if isinstance(record, Resolution):
        return "resolution"
    if isinstance(record, AgendaItem):
        return "agenda"
    if isinstance(record, Meeting):
        return "meeting"
    if isinstance(record, Document):
        return "document"
    if isinstance(record, BureauMember):
        return "bureau"
    return "session"
