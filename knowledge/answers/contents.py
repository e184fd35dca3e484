"""The report's table of contents: on which page a part begins, and what it lists under one.

"报告目录里第五章在第几页", "on which page does the STI draft resolution begin", "目錄裡第一章分成
哪兩部分", "第八章下面分了哪几节": the lines of the table of contents, as printed with their
pages. A chapter comes with the lines under it, a draft with the heading it stands under.
"""

from __future__ import annotations

import datetime as dt
import re

from knowledge.answers.question import _ANNEX, _CHAPTER, _Question, roman_value
from knowledge.answers.report import _SECTION
from knowledge.answers.resolutions import _named_resolutions
from knowledge.answers.values import Composed, Fact
from knowledge.models import ContentsLine, KnowledgeBase
from knowledge.normalize import chinese_to_int, normalize

# the page asked for, or the table of contents itself ("网页" is a web page)
_PAGES = re.compile(
    r"第几页|哪一?页|几页|多少页|页码|页次|目录|\bpages?\b|\btable of contents\b|\btoc\b"
    r"|\bcontents page\b"
)
# the sections a chapter is divided into ("第八章下面分了哪几节", "chapter VIII 分几节")
_DIVIDED = re.compile(
    r"[几哪]节|哪些节|小节|分(?:了|成|为)?(?:哪)?[几两三四]?(?:个)?部分"
    r"|\b(?:what|which|how many) (?:\w+ )?(?:sub)?sections\b|\bdivided\b"
    # the English word in a Chinese question ("下面分几个 section")
    r"|[几哪](?:个|些)?\s*(?:sub)?sections?\b"
)
_WHOLE = re.compile(r"目录|\btable of contents\b|\btoc\b|\bcontents page\b")
_PAGE_COUNT = re.compile(r"多少页|几页|\bhow many pages\b|\bpage count\b")


def _numbered(label: str) -> int | None:
    """A chapter's or an annex's number as the table prints it ("五", "附件一")."""
    numeral = label.removeprefix("附件")
    return None if not numeral or numeral.isascii() else chinese_to_int(numeral)


def _level(line: ContentsLine) -> int:
    """1 for a chapter or an annex, 2 for a lettered section, 3 below."""
    if _numbered(line.label) is not None:
        return 1
    if len(line.label) == 1 and line.label.isascii() and line.label.isalpha():
        return 2
    return 3


def _under(lines: tuple[ContentsLine, ...], at: int) -> list[ContentsLine]:
    """The line at ``at`` and every line below it, up to the next one of its level or higher."""
    level = _level(lines[at])
    out = [lines[at]]
    for line in lines[at + 1 :]:
        if _level(line) <= level:
            break
        out.append(line)
    return out


def _heading_of(lines: tuple[ContentsLine, ...], at: int) -> list[ContentsLine]:
    """The nearest line above ``at`` of a higher level (a draft's "A. 供理事会通过的决议草案"),
    then the line itself."""
    level = _level(lines[at])
    for line in reversed(lines[:at]):
        if _level(line) < level:
            return [line, lines[at]]
    return [lines[at]]


def _squashed(text: str) -> str:
    return "".join(normalize(text).split())


def _asked_lines(kb: KnowledgeBase, q: _Question) -> list[ContentsLine]:
    lines = kb.contents
    chapter = _CHAPTER.search(q.text)
    if chapter is not None:
        raw = chapter.group(1) or chapter.group(2)
        number = int(raw) if raw.isdigit() else roman_value(raw)
        for at, line in enumerate(lines):
            if not line.label.startswith("附件") and _numbered(line.label) == number:
                return _under(lines, at)
        return []
    annex = _ANNEX.search(q.text)
    if annex is not None:
        number = int(annex.group(1) or annex.group(2))
        return [
            line
            for line in lines
            if line.label.startswith("附件") and _numbered(line.label) == number
        ]
    if re.search(r"决议|决定|\bresolution|\bdecision|\bdrafts?\b", q.text):
        titles = {_squashed(r.title) for r in _named_resolutions(kb, q)}
        found: list[ContentsLine] = []
        for at, line in enumerate(lines):
            if _squashed(line.title) in titles:
                found.extend(x for x in _heading_of(lines, at) if x not in found)
        return found
    if not _WHOLE.search(q.text) or _PAGE_COUNT.search(q.text):
        return []  # "how many pages is the report": the table of contents does not say
    return list(lines)


def pages(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    if not kb.contents:
        return None
    divided = q.has(_CHAPTER) and q.has(_DIVIDED) and not q.has(_SECTION)
    if not q.has(_PAGES) and not divided:
        return None
    asked = _asked_lines(kb, q)
    if not asked:
        return None
    facts = [
        Fact("contents_line", (("line", line.printed), ("page", line.page))) for line in asked
    ]
    return Composed("contents", "", (Fact("contents", ()), *facts))
