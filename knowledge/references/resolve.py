"""``resolve_reference``: every record a query names, exactly, or why it does not exist.

Documents (by symbol), ids as the bot prints them, sessions, agenda items and meetings are read
here; resolutions and paragraphs in ``knowledge.references.paragraphs``. What is left of the
query once filler words are dropped tells whether it was nothing but references.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from knowledge.models import KnowledgeBase, Meeting, Record
from knowledge.normalize import agenda_key, fold_symbol, normalize
from knowledge.references.paragraphs import paragraph_references
from knowledge.references.parse import (
    CLOSING_MEETING,
    FIRST_DAY,
    LAST_DAY,
    MONTH_NAMES,
    OPENING_MEETING,
    Parse,
    Reference,
    ReferenceResolution,
    day_of_month,
    first_group,
    kind_of,
    prepare,
)
from knowledge.references.tables import ReferenceTables, reference_tables

_QUERY_SYMBOL = re.compile(
    r"(?<![a-z0-9/])[a-z][a-z0-9.]*(?:/[a-z0-9.()\-]*[a-z0-9)])+", re.IGNORECASE
)
_SESSION = re.compile(
    # not "哪1届" ("which session", 哪一届 once normalized)
    # ("两届会议中间": between two sessions; a bare number names a session from 10 on)
    r"第\s*(\d+)\s*届(?:会议|会)?|(?<![\d/哪几])(\d{2,})\s*届(?:会议|会)?"
    # (not "the June 2020 session": a year)
    r"|(?<![\d/])(\d{1,2})\s*(?:th\s*)?(?:annual\s*)?session\b|\bsession\s*(\d{1,2})\b"
    r"|(?<![a-z0-9])s(\d+)(?![a-z0-9.])"
    # "bureau 24th?", "chair of the 24th": a session's ordinal after its bureau or seats
    r"|(?<=bureau )(\d{2})(?![\d.])|(?<=chair )(\d{2})(?![\d.])|(?<=of the )(\d{2})(?=\s*\??$)"
    # the Commission's short name and the session's number: "CSTD 24", "cstd-23", "CSTD23"
    r"|\bcstd\s*-?\s*(\d{2})(?!\d)"
)
_AGENDA = re.compile(
    # (not "突尼斯议程第34到37段": paragraphs of another text called an agenda)
    r"(?:临时)?议程(?:项目|第)?\s*(\d+)(?!\d|\s*(?:(?:到|至|-|–|和|、)\s*\d+\s*)?段)"
    r"\s*(?:项|分项)?\s*(?:\(\s*([a-z])\s*\)|([a-z])(?![a-z]))?"
    r"|\b(?:agenda\s*)?item\s*(\d+)\s*(?:\(\s*([a-z])\s*\)|([a-z])(?![a-z]))?"
    r"|(?<![\d.])(\d+)\s*(?:item|agenda\s*item)\b"
    r"|(?<![a-z0-9])a(\d+)\.(\d+[a-z]?)(?![a-z0-9])"
    r"|(?<!决议)项目\s*(\d+)\s*(?:\(\s*([a-z])\s*\))?"
    # "审议第3项议程时": the third item of the agenda
    r"|第\s*(\d+)\s*[项个]\s*议程(?!项目\s*\d)(?:项目)?"
)
# an agenda's item by its number, said as the agenda's
_AGENDA_NAMED = re.compile(
    r"议程(?:项目)?\s*第?\s*\d|\bagenda item\s*\d"
    r"|\bitem\s*\d+\s*(?:\(\s*[a-z]\s*\))?\s*(?:on|of|in) the (?:provisional )?agenda\b"
)
_MEETING = re.compile(
    r"第\s*(\d+)\s*[次场](?:非正式|正式|虚拟|全体|网络|在线|线上)*会[议义意仪]?"
    # "第3次 meeting": the ordinal in Chinese, the word in English
    r"|第\s*(\d+)\s*[次场]\s*(?:virtual\s*|informal\s*|plenary\s*|online\s*)*meeting\b(?!s)"
    r"|\bmeeting\s*(?:no\.?\s*)?(\d+)\b"
    r"|(?<![\d.])(\d+)\s*(?:virtual\s*|informal\s*|plenary\s*|online\s*)*meeting\b(?!s)"
    r"|(?<![a-z0-9])m(\d+)(?![a-z0-9.])"
    r"|(?<![届次])会议\s*(\d)(?![\d年月日.])"  # "会议2": one digit, not "会议2020年"
)

# Words that ask about the named record without adding anything to search for.
_FILLER = re.compile(
    r"(?:讲|说|写)(?:的|了)?(?:是)?(?:什么|啥)(?:内容)?|什么意思|啥意思|来着|呀|啊|吧|嘛"
    r"|是什么|是谁|什么时候|哪一天|哪天|何时|在哪里|在哪|内容|全文|原文|标题|题目|名称|说了什么|讲了什么"
    r"|说什么|怎么说|日期|时间|举行|召开|开的|开会|有关|关于|请问|查询|显示|看看|给我|一下|主持人|主持"
    r"|开幕|哪些|的|了|吗|呢|是|谁|哪|在|请|查|看|啥|由"
    r"|\b(?:what|whats|is|are|was|were|the|of|say|says|said|text|show|me|please|about|title|date"
    r"|when|who|which|full|content|contents|does|did|held|a|an|in|on|for|tell|give|find|open"
    r"|its|it|that|this|day|time|where|presided|presiding|preside|over|opened|took|place"
    r"|by|how|go|details|info|information|mean|means|about|cover|covers|deal|deals|with)\b"
)
# Words that only say what kind of thing a found reference is ("议程项目3 标题", "R1.24 段落"):
# filler when such a reference was found, search terms otherwise ("provisional agenda 25th
# session" asks about an agenda, not about a missing session).
_KIND_FILLER: dict[str, re.Pattern[str]] = {
    "agenda": re.compile(r"临时|议程|项目|\b(?:provisional|agenda|item)\b"),
    # and what a meeting's record gives: its agenda items, what it took up
    "meeting": re.compile(
        r"虚拟|非正式|正式|会议|议程项目|议程|项目|议题|讨论|审议|干了|做了|什么|哪些"
        r"|\b(?:virtual|informal|meeting|agenda|items?|taken|took|up|discuss\w*|consider\w*"
        r"|happen\w*|cover\w*|at)\b"
    ),
    "session": re.compile(r"届|会议|\bsession\b"),
    "resolution": re.compile(
        r"草案|决议|决定|序言部分|序言|执行部分|\b(?:draft|resolution|decision|preamble|preambular)\b"
    ),
    "paragraph": re.compile(
        r"草案|决议|决定|条款|段落|分项|小项|第|段|项"
        r"|\b(?:draft|resolution|decision|paragraph|para|sub|subpara\w*|subparagraph\w*|item"
        r"|point|clause|s)\b"
    ),
}


def _filler_free(text: str, kinds: Iterable[str] = ()) -> str:
    folded = normalize(text)
    folded = _FILLER.sub(" ", folded)
    for kind in kinds:
        pattern = _KIND_FILLER.get(kind)
        if pattern is not None:
            folded = pattern.sub(" ", folded)
    tokens = [t for t in folded.split() if len(t) > 1 or t.isdigit() or t not in _PARTICLES]
    return " ".join(tokens)


# single characters that add nothing to a reference
_PARTICLES = frozenset("的了吗呢是谁哪在请查看啥届由和与及之")


def resolve_reference(kb: KnowledgeBase, query: str) -> ReferenceResolution | None:
    """Every record the query names, exactly; None if the query names nothing.

    When a named record does not exist the reference carries a hint ("R1 has paragraphs
    1–90; paragraph 91 does not exist") and the nearest real records as suggestions.
    """
    tables = reference_tables(kb)
    parse = Parse(prepare(query))
    references: list[Reference] = []
    references.extend(_documents(tables, parse))
    references.extend(_short_symbols(tables, parse))
    references.extend(_literal_ids(kb, parse))
    session = _session(parse)
    # a resolution's path first: in "resolution II section b item 12", item 12 is not an
    # agenda item — unless the item is the agenda's ("决定草案…临时议程第5项", "item 3(b) on
    # the provisional agenda": the decision approves the next session's agenda)
    if _AGENDA_NAMED.search(parse.text):
        references.extend(_agenda_items(tables, parse, session))
    references.extend(paragraph_references(kb, tables, parse))
    references.extend(_agenda_items(tables, parse, session))
    references.extend(_meetings(tables, parse))
    if session is not None:
        number, span, named = session
        references.append(_session_reference(tables, number, span, named))
    if not references:
        return None
    rest = _rest(parse, references)
    if rest:
        # inside other words, a missing meeting or session is more likely ordinary wording
        # ("互联网治理论坛第十四次会议" is not a meeting of this session)
        references = [r for r in references if r.found or not (r.soft or r.kind == "session")]
        if not references:
            return None
    references.sort(key=lambda r: r.span)
    return ReferenceResolution(query=query, references=tuple(references), rest=rest)


def prepare_query(query: str) -> str:
    """A query as reference parsing reads it: NFKC, Simplified, casefolded, ordinals and
    numerals as digits ("twenty-first session" → "21 session", "第二十一届" → "第21届")."""
    return prepare(query)


def resolution_by_subject(kb: KnowledgeBase, query: str) -> str | None:
    """The resolution a query names by its subject alone ("what does the WSIS resolution say
    about women", "科技创新那个决议里"), which is no reference to a paragraph: search favours
    its paragraphs a little."""
    text = prepare(query)
    named = {
        resolution_id
        for pattern, resolution_id in reference_tables(kb).resolution_topics
        if pattern.search(text)
    }
    return named.pop() if len(named) == 1 else None


def subject_words_left(kb: KnowledgeBase, query: str) -> str | None:
    """The query without the words that name a resolution by its subject ("STI" of "what
    role does the STI resolution give the Technology Bank"), as ``ReferenceResolution.rest``
    is without a reference's: those words say where to look, not what is asked; None when
    no resolution is named so."""
    text = prepare(query)
    spans = [
        match.span()
        for pattern, _ in reference_tables(kb).resolution_topics
        for match in pattern.finditer(text)
    ]
    if not spans:
        return None
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return _filler_free(text)


def named_meetings(query: str) -> tuple[int, ...]:
    """Every meeting number a query names ("meeting 5", "第四次会议", "the fourth meeting"),
    whether or not the knowledge base has it."""
    parse = Parse(prepare(query))
    numbers = [int(first_group(m, 1, 2, 3, 4, 5, 6) or 0) for m in parse.find(_MEETING)]
    return tuple(dict.fromkeys(n for n in numbers if n))


def named_sessions(query: str) -> tuple[int, ...]:
    """Every session number a query names, whether or not the knowledge base has it."""
    parse = Parse(prepare(query))
    numbers: list[int] = []
    for match in parse.find(_SESSION):
        number = first_group(match, 1, 2, 3, 4, 5, 6, 7, 8, 9)
        if number is not None and int(number) not in numbers:
            numbers.append(int(number))
    return tuple(numbers)


def _rest(parse: Parse, references: Iterable[Reference]) -> str:
    text = parse.text
    for start, end in sorted(parse.claimed, reverse=True):
        text = text[:start] + " " + text[end:]
    return _filler_free(text, {r.kind for r in references if r.found or not r.soft})


def _documents(tables: ReferenceTables, parse: Parse) -> Iterator[Reference]:
    for match in parse.find(_QUERY_SYMBOL):
        raw = match.group(0).rstrip(".")
        if not any(ch.isdigit() for ch in raw) or not re.search(r"[a-z]{1,}.*/", raw):
            continue
        folded = fold_symbol(raw)
        span = parse.claim(match)
        document = tables.documents.get(folded)
        printed = tables.symbols.get(folded, raw.upper())
        if document is not None:
            yield Reference("document", document.symbol, span, (document,))
            continue
        citing = tables.citations.get(folded)
        if citing:
            yield Reference("document", printed, span, citing, exact=False)
            continue
        yield Reference(
            "document",
            raw.upper(),
            span,
            hint=f"no document {raw.upper()} in this knowledge base",
            suggestions=_nearest_documents(tables, folded),
        )


# a symbol's last part alone, as people shorten it ("CRP.1", "the INF.1 list", "Amend.1")
_SHORT_SYMBOL = re.compile(
    r"(?<![a-z0-9/.])(crp|inf|amend|add|corr|rev|misc)\s*\.?\s*(\d{1,2})(?![a-z0-9/])",
    re.IGNORECASE,
)


def _short_symbols(tables: ReferenceTables, parse: Parse) -> Iterator[Reference]:
    """A document named by its symbol's last part, when one document's symbol ends so (the
    documents before the session first, then the symbols the report cites)."""
    for match in parse.find(_SHORT_SYMBOL):
        tail = fold_symbol(match.group(1) + match.group(2))
        for table in (tables.documents, tables.citations):
            ends = [k for k in table if k.endswith(tail) and k[: -len(tail)][-1:].isdigit()]
            if len(ends) == 1:
                span = parse.claim(match)
                document = tables.documents.get(ends[0])
                if document is not None:
                    yield Reference("document", document.symbol, span, (document,))
                else:
                    printed = tables.symbols.get(ends[0], ends[0])
                    citing = tables.citations[ends[0]]
                    yield Reference("document", printed, span, citing, exact=False)
                break
            if ends:
                break  # several documents end so: not one of them


def _nearest_documents(tables: ReferenceTables, folded: str) -> tuple[Record, ...]:
    from rapidfuzz import fuzz, process

    choices = list(tables.documents)
    if not choices:
        return ()
    best = process.extract(folded, choices, scorer=fuzz.ratio, limit=3, score_cutoff=60)
    seen: list[Record] = []
    for choice, _, _ in best:
        document = tables.documents[choice]
        if document not in seen:
            seen.append(document)
    return tuple(seen)


_LITERAL_ID = re.compile(
    r"(?<![a-z0-9/])(?:b\d+\.[a-z0-9\-]+(?:\.\d+)?|a\d+\.\d+[a-z]?|ax\d+\.\d+|sum\d+|p\d+|m\d+|s\d+)"
    r"(?![a-z0-9/])"
)


def _literal_ids(kb: KnowledgeBase, parse: Parse) -> Iterator[Reference]:
    """Ids as the bot prints them: B24.chair, A24.3a, AX2.13, SUM3, P12, M2, S23."""
    for match in parse.find(_LITERAL_ID):
        letters = re.match(r"[a-z]+", match.group(0))
        assert letters is not None
        canonical = letters.group(0).upper() + match.group(0)[letters.end() :]
        record = kb.get(canonical)
        if record is None:
            continue  # the specific grammars below explain what is missing
        yield Reference(kind_of(record), record.id, parse.claim(match), (record,))


def _session(parse: Parse) -> tuple[int, tuple[int, int], bool] | None:
    """The session a query names: its number, where, and whether it said 会议/session."""
    for match in parse.find(_SESSION):
        number = first_group(match, 1, 2, 3, 4, 5, 6, 7, 8, 9)
        if number is None:
            continue
        named = bool(re.search(r"会|session|^s|^cstd", match.group(0)))
        return int(number), parse.claim(match), named
    return None


def _session_reference(
    tables: ReferenceTables, number: int, span: tuple[int, int], named: bool
) -> Reference:
    session = tables.sessions.get(number)
    if session is not None:
        return Reference("session", session.id, span, (session,))
    known = ", ".join(str(n) for n in sorted(tables.sessions))
    return Reference(
        "session",
        f"session {number}",
        span,
        hint=f"no record of session {number}" + (f"; sessions: {known}" if known else ""),
        suggestions=tuple(tables.sessions[n] for n in sorted(tables.sessions)),
        # "十三届" alone may be part of a phrase; "第十三届会议" names a session
        soft=not named,
    )


# the next session's agenda: its provisional agenda, or named relative to this session
# ("下届会议议程项目3", "next year's agenda item 3")
_NEXT_SESSION_WORDS = re.compile(
    r"临时|\bprovisional\b|下届|下一届|下次届会|明年|\bnext (?:session|year)\b|\bupcoming\b"
)

# those words as said ("明年那届", "下一届的", "next year's"), to be read as the reference's own
_NEXT_SESSION_CUE = re.compile(
    r"(?:下届|下一届|下次届会|明年)(?:那一?届|的)?(?:会议)?"
    r"|\bnext (?:session|year)(?:'s)?|\bupcoming\b"
)


def _agenda_items(
    tables: ReferenceTables, parse: Parse, session: tuple[int, tuple[int, int], bool] | None
) -> Iterator[Reference]:
    for match in parse.find(_AGENDA):
        if match.group(8):  # literal id A24.3a
            number_text, letter, session_number = match.group(9), "", int(match.group(8))
        else:
            number_text = first_group(match, 1, 4, 7, 10, 12) or ""
            letter = first_group(match, 2, 3, 5, 6, 11) or ""
            if session is not None:
                session_number = session[0]
            elif _NEXT_SESSION_WORDS.search(parse.text) and tables.next_session:
                session_number = tables.next_session
                for cue in parse.find(_NEXT_SESSION_CUE):
                    parse.claim(cue)  # words of the reference, not asked about
            elif tables.current_session is not None:
                session_number = tables.current_session
            else:
                continue
        if not number_text:
            continue
        key = agenda_key(number_text + letter)
        span = parse.claim(match)
        requested = f"A{session_number}.{key}"
        item = tables.agenda.get((session_number, key))
        if item is not None:
            yield Reference("agenda", item.id, span, (item,))
            continue
        items = sorted(
            (it for (s, _), it in tables.agenda.items() if s == session_number),
            key=lambda it: _number_sort_key(it.number),
        )
        if not items:
            yield Reference(
                "agenda",
                requested,
                span,
                hint=f"no agenda of session {session_number} in this knowledge base",
                soft=True,
            )
            continue
        numbers = [it.number for it in items if it.parent is None] or [it.number for it in items]
        wanted = _leading_int(number_text)
        nearest = sorted(items, key=lambda it: abs(_leading_int(it.number) - wanted))[:3]
        yield Reference(
            "agenda",
            requested,
            span,
            hint=(
                f"the agenda of session {session_number} has items {numbers[0]}–{numbers[-1]}; "
                f"item {number_text}{f'({letter})' if letter else ''} does not exist"
            ),
            suggestions=tuple(nearest),
        )


def _leading_int(text: str) -> int:
    match = re.match(r"\d+", text)
    return int(match.group(0)) if match else 0


def _number_sort_key(number: str) -> tuple[int, str]:
    return _leading_int(number), number


def _day_pattern(day: dt.date) -> re.Pattern[str]:
    """A meeting's day as people write it."""
    return re.compile(day_of_month(str(day.month), str(day.day), MONTH_NAMES[day.month - 1]))


def _meetings(tables: ReferenceTables, parse: Parse) -> Iterator[Reference]:
    if tables.meetings:
        numbers = sorted(tables.meetings)
        first, last = tables.meetings[numbers[0]], tables.meetings[numbers[-1]]
        places: list[tuple[re.Pattern[str], Meeting]] = [
            (OPENING_MEETING, first),
            (CLOSING_MEETING, last),
        ]
        days = [m.date for m in tables.meetings.values()]
        if len(set(days)) == len(days):
            # one meeting a day: the day names it ("on 12 June", "the last day")
            places += [(re.compile(FIRST_DAY), first), (re.compile(LAST_DAY), last)]
            places += [(_day_pattern(m.date), m) for m in tables.meetings.values()]
        for pattern, placed in places:
            for match in parse.find(pattern):
                yield Reference("meeting", placed.id, parse.claim(match), (placed,))
    for match in parse.find(_MEETING):
        number = int(first_group(match, 1, 2, 3, 4, 5, 6) or 0)
        span = parse.claim(match)
        meeting = tables.meetings.get(number)
        if meeting is not None:
            yield Reference("meeting", meeting.id, span, (meeting,))
            continue
        numbers = sorted(tables.meetings)
        hint = (
            f"the session had meetings {numbers[0]}–{numbers[-1]}; meeting {number} did not"
            " take place"
            if numbers
            else "no meetings in this knowledge base"
        )
        nearest = sorted(numbers, key=lambda n: abs(n - number))[:3]
        yield Reference(
            "meeting",
            f"M{number}",
            span,
            hint=hint,
            suggestions=tuple(tables.meetings[n] for n in nearest),
            soft=True,
        )
