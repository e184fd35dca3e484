"""Text primitives for reading a PDF-to-text conversion of a UN report in Chinese.

The conversion leaves layout behind: stray line breaks and spaces, markdown link and bullet
artefacts, superscript footnote markers. These functions undo the layout without touching the
report's own wording, characters or punctuation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.extract.errors import ExtractError
from knowledge.normalize import chinese_to_int

# Ideographs (Simplified and Traditional), CJK and full-width punctuation, Chinese quotes.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u201c\u201d"
CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")
_SPACE_RUN = re.compile(r"[ \t\u3000]+")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_BULLET = re.compile(r"^[-*]\s+(?=\S)")

FOOTNOTE_MARK = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\^[a-z]")
_FOOTNOTE_LINE = re.compile(rf"^({FOOTNOTE_MARK.pattern})\s+(\S.*)$")

# A paragraph whose last character is none of these was cut by a page break or a footnote block.
_SENTENCE_END = "，,；;。.：:"
# Headings have none of these inside; a continued paragraph always has some.
_CLAUSE_PUNCTUATION = re.compile(r"[，、；。,;]")
_HEADING_MAX_CHARS = 40

NUMBERED = re.compile(r"^(\d+)\.\s*(.*)$")
LETTERED = re.compile(r"^\(([a-z])\)\s*(.*)$")
CHINESE_NUMBERED = re.compile(r"^\(([一二三四五六七八九十]+)\)\s*(.*)$")
LETTERED_HEADING = re.compile(r"^([A-H])\.\s*(\S.*)$")


@dataclass(frozen=True, slots=True)
class Line:
    """A non-empty source line; ``mark`` is set when the line is a footnote."""

    number: int
    text: str
    mark: str = ""

    @property
    def is_footnote(self) -> bool:
        return bool(self.mark)


def read_lines(report_text: str) -> list[Line]:
    """The non-empty lines, with markdown artefacts removed and footnote lines recognised."""
    lines: list[Line] = []
    for number, raw in enumerate(report_text.splitlines(), start=1):
        text = _BULLET.sub("", strip_markdown(raw).strip())
        if not text:
            continue
        footnote = _FOOTNOTE_LINE.match(text)
        if footnote:
            lines.append(Line(number, footnote.group(2), mark=footnote.group(1)))
        else:
            lines.append(Line(number, text))
    return lines


def strip_markdown(text: str) -> str:
    """``[A/73/798](#)`` → ``A/73/798``."""
    return _MARKDOWN_LINK.sub(r"\1", text)


def tidy(text: str) -> str:
    """Layout spaces out: none between two CJK characters, single ones elsewhere."""
    return _SPACE_BETWEEN_CJK.sub("", _SPACE_RUN.sub(" ", text)).strip()


def join_pieces(pieces: Iterable[str]) -> str:
    """Join the pieces of a paragraph cut by page breaks, as if the break had not been there."""
    joined = ""
    for piece in pieces:
        piece = tidy(piece)
        if joined and piece and not (CJK_CHAR.match(joined[-1]) or CJK_CHAR.match(piece[0])):
            joined += " "
        joined += piece
    return tidy(joined)


def join_lines(lead: str, lines: Iterable[str]) -> str:
    """A lead sentence and the short list printed under it, one line each."""
    return "\n".join([lead, *(tidy(line) for line in lines)])


def is_open(text: str) -> bool:
    """True when the text stops mid-sentence (the rest follows a page or footnote break)."""
    core = FOOTNOTE_MARK.sub("", text).rstrip()
    return bool(core) and core[-1] not in _SENTENCE_END


def looks_like_heading(text: str) -> bool:
    """A short line without clause punctuation: a heading, never the rest of a paragraph."""
    return len(text) <= _HEADING_MAX_CHARS and not _CLAUSE_PUNCTUATION.search(text)


def is_labelled(text: str) -> bool:
    return any(p.match(text) for p in (NUMBERED, LETTERED, CHINESE_NUMBERED))


def footnote_marks(text: str) -> list[str]:
    """The footnote markers cited in a text, in order of first citation."""
    marks: list[str] = []
    for match in FOOTNOTE_MARK.finditer(text):
        if match.group() not in marks:
            marks.append(match.group())
    return marks


def chinese_numeral(text: str) -> int:
    """An ordinal as the report prints it (第二十三届, (二十八)); anything else is an error."""
    number = chinese_to_int(text, ordinal=True)
    if number is None:
        raise ExtractError(f"not a Chinese numeral: {text!r}")
    return number


_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_RANGE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日至\s*(\d{1,2})\s*日")


def find_date(text: str) -> dt.date | None:
    """The first full date (2020 年 6 月 9 日) in a text."""
    match = _DATE.search(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    return dt.date(year, month, day)


def find_date_range(text: str) -> tuple[dt.date, dt.date] | None:
    """The first range within one month (2020 年 6 月 10 日至 12 日) in a text."""
    match = _DATE_RANGE.search(text)
    if not match:
        return None
    year, month, first, last = (int(g) for g in match.groups())
    return dt.date(year, month, first), dt.date(year, month, last)


def quoted(text: str) -> list[str]:
    """The phrases the text puts in Chinese quotation marks."""
    return re.findall(r"“([^”]+)”", text)


def sentences(text: str) -> list[str]:
    """Split at 。 and at a Latin full stop followed by Chinese (a list ending in a name)."""
    parts = re.split(r"(?<=。)|(?<=[A-Za-z]\.)\s+(?=[\u4e00-\u9fff])", text)
    return [part.strip() for part in parts if part.strip()]
