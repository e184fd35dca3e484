"""Resolutions and the decision: which one a question names, their adoption, their
sections, their first and last paragraphs."""

from __future__ import annotations

import datetime as dt
import re

from knowledge.answers.question import (
    _ADOPT,
    _CHAPTER,
    _CONTAINS,
    _COUNCIL,
    _COUNT,
    _DOCS,
    _FIRST,
    _HOW,
    _LAST,
    _OPERATIVE,
    _PARAGRAPHS,
    _PREAMBLE,
    _RESOLUTION_NUMBER,
    _RESOLUTIONS,
    _SECTIONS,
    _WHEN,
    _WHO,
    _YES_NO,
    _content_free,
    _current,
    _evidence,
    _Question,
    _resolution_names,
    _unsaid,
    roman_value,
)
from knowledge.answers.values import Composed, Fact, Verdict
from knowledge.kbcache import derived
from knowledge.models import (
    AgendaItem,
    Document,
    KnowledgeBase,
    Meeting,
    Paragraph,
    Resolution,
)
from knowledge.normalize import normalize
from knowledge.references.resolve import resolution_by_subject
from knowledge.references.tables import reference_tables


def _missing_resolution(
    kb: KnowledgeBase, q: _Question, now: dt.datetime | None
) -> Composed | None:
    match = _RESOLUTION_NUMBER.search(q.text)
    if match is None:
        return None
    number = int(next(g for g in match.groups() if g))
    if number > 9:
        return None  # "resolution 74/197", another body's numbering (its "/" folded away)
    drafts = [r for r in kb.resolutions if r.kind == "resolution"]
    if not drafts or any(r.number == number for r in drafts):
        return None
    decisions = [r for r in kb.resolutions if r.kind == "decision"]
    fact = Fact("no_resolution", (("number", number),))
    counted = Fact(
        "count_resolutions", (("resolutions", len(drafts)), ("decisions", len(decisions)))
    )
    return Composed(
        "not_covered",
        "unknown",
        (fact, counted, *(Fact("resolution", (("title", r.title),), r) for r in drafts)),
    )


# a resolution or decision of another body, by its number ("2006/46号决议", folded "2006 46号";
# "ECOSOC decision 2020/206")
_ANOTHER_BODYS = re.compile(
    r"\d{4}/\d+|\d+/\d+|\d{2,4} \d{1,4}\s*号|\b(?:resolution|decision) \d{2,4} \d{1,4}(?!\d)"
)


# --- resolutions: their titles -----------------------------------------------------------------

# what a text is called ("决议一叫什么", "what is the WSIS resolution called"), not its headings
# (小标题, "subheading")
_TITLE_ASKED = re.compile(
    r"(?<!小)标题|题目|名称|全称|叫什么|叫啥|\btitles?\b|\bcalled\b|\bentitled\b|\bnamed\b"
)
_TITLE_WORDS = re.compile(
    r"两[个项份]|各自?|分别|\btwo\b|\bboth\b|\beach\b|\bwhat\b|\bfull\b|\bofficial\b"
    r"|\bexact\w*|\bthis year\b"
)


# where the drafts stand, which their titles do not depend on ("in chapter I, section B")
_WHERE_PRINTED = re.compile(
    r"第\s*[1一]\s*章|[ab]\s*节|\bin chapter (?:1|i)\b|\bchapter (?:1|i)\b|\bsection [ab]\b|\bin\b"
)


def _titles(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    """What the draft resolutions or the decision are called: their titles."""
    if not q.has(_TITLE_ASKED) or q.has(_ANOTHER_BODYS):
        return None  # (not "ECOSOC decision 2020/206 的全称", which free text finds)
    if any(q.referenced(kind) for kind in (Paragraph, AgendaItem, Meeting, Document)):
        return None  # a paragraph's, an item's, a document's title: what addresses it answers
    place = q.has(_SECTIONS) or q.has(_CHAPTER)
    if q.has(_PARAGRAPHS) or (place and not q.has(_RESOLUTIONS)):
        return None  # a chapter's or a part's title (not "the draft decision in chapter I")
    resolutions = _named_resolutions(kb, q)
    if not resolutions:
        return None
    rest = q.rest(_TITLE_ASKED, _TITLE_WORDS, _RESOLUTIONS, _YES_NO, _COUNT, _WHERE_PRINTED)
    if not _content_free(rest):
        return None
    facts = tuple(Fact(r.kind, (("title", r.title),), r) for r in resolutions if r.title)
    if not facts:
        return None
    return Composed(
        "titles", "", facts, _evidence(kb, (s for r in resolutions for s in r.source), 2)
    )


# --- resolutions: adoption -------------------------------------------------------------------


def _named_resolutions(kb: KnowledgeBase, q: _Question) -> list[Resolution]:
    named = q.referenced(Resolution)
    for paragraph in q.referenced(Paragraph):
        resolution = kb.resolution(paragraph.parent)
        if resolution is not None and resolution not in named:
            named.append(resolution)
    if not named:
        # "决议草案二的最后一段": the number names the resolution even where the reference
        # grammar read the rest as a paragraph that does not exist
        match = _RESOLUTION_NUMBER.search(q.text)
        if match is not None:
            number = int(next(g for g in match.groups() if g))
            named = [r for r in kb.resolutions if r.kind == "resolution" and r.number == number]
    if not named:
        named = [r for r in kb.resolutions if r.title and normalize(r.title) in q.text]
    if not named and re.search(r"决议|\bresolution", q.text):
        names = derived(kb, "resolution-names", _resolution_names)
        named = [
            resolution
            for pattern, resolution in names
            if pattern.search(q.text) and resolution not in named
        ][:1]
    if not named:
        # "the WSIS draft", "the STI text": named by its subject, without "resolution"
        subject = kb.resolution(resolution_by_subject(kb, q.text) or "")
        named = [subject] if subject is not None else []
    if not named:
        if re.search(r"决定|\bdecision\b", q.text):
            named = [r for r in kb.resolutions if r.kind == "decision"]
        elif re.search(r"决议|\bresolution", q.text):
            named = [r for r in kb.resolutions if r.kind == "resolution"]
    return named


# A draft's silence procedure ending is its adoption ("决议草案的无异议程序是哪天结束的")
_SILENCE_ENDED = re.compile(
    r"无异议(?:程序|进程)|\bsilence procedures?\b|结束|截止|到期"
    r"|\bend(?:ed|s)?\b|\bclos(?:e|ed|es)\b|\bconclud\w*|\bexpir\w*"
)
_SILENCE = re.compile(r"无异议(?:程序|进程)|\bsilence procedures?\b")


def _adoption(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    silence = q.has(_SILENCE) and q.has(_WHEN)
    if not (q.has(_ADOPT) or silence) or not (q.has(_WHEN) or q.has(_HOW) or q.has(_YES_NO)):
        return None
    if _ANOTHER_BODYS.search(q.text):
        # another body's resolution ("2006/46号决议", folded "2006 46号"), which free text finds
        return None
    if q.referenced(AgendaItem):
        # "item 3(b) on the provisional agenda that the draft decision approves": the item
        return None
    if re.search(r"议程|\bagenda\b", q.text) and not q.has(_RESOLUTIONS):
        return _agenda_adoption(kb, q)
    resolutions = _named_resolutions(kb, q)
    if not resolutions:
        if not re.search(r"决议|决定|草案|\bresolution|\bdecision|\bdraft", q.text):
            return None
        resolutions = list(kb.resolutions)
    ended = (_SILENCE_ENDED, re.compile(r"到|\bon\b")) if silence else ()
    rest = q.rest(*ended, _ADOPT, _WHEN, _HOW, _YES_NO, _RESOLUTIONS, _COUNCIL)
    if not _content_free(rest):
        return None
    elsewhere = [n for n in q.sessions if all(r.session != n for r in resolutions)]
    if elsewhere:
        # "what did the Commission adopt at its 24th session": the report holds what the
        # 23rd adopted, and nothing a later session will
        missing = Fact("adopted_elsewhere", (("session", elsewhere[0]),))
        adopted = tuple(_adopted_fact(r) for r in resolutions)
        return Composed("adopted", "unknown", (missing, *adopted), subject=str(elsewhere[0]))
    council = q.has(_COUNCIL)
    facts = tuple(_adopted_fact(r) for r in resolutions)
    verdict: Verdict = ""
    if re.search(r"表决|投票|\bvot", q.text):
        verdict = "no"  # "adopted by a vote?" — by silence procedure, without a vote
    if council:
        # the report records the Commission adopting drafts it recommends to the Council;
        # whether and when the Council adopted them is not in it
        facts = (Fact("council_adoption"), *facts)
        verdict = "unknown"
    # the paragraphs that state the adoption (the procedure's name) before those that only
    # introduce the draft
    sources = sorted(
        (s for r in resolutions for s in r.source),
        key=lambda i: "无异议程序" not in getattr(kb.get(i), "text", ""),
    )
    return Composed("adopted", verdict, facts, _evidence(kb, sources, 2))


def _adopted_fact(resolution: Resolution) -> Fact:
    return Fact(
        "adopted",
        (
            ("title", resolution.title),
            ("by", resolution.adopted_by),
            ("date", resolution.adopted_on.isoformat() if resolution.adopted_on else ""),
        ),
        resolution,
    )


def _agenda_adoption(kb: KnowledgeBase, q: _Question) -> Composed | None:
    session = _current(kb)
    if re.search(r"临时|\bprovisional\b", q.text) or any(n != session.number for n in q.sessions):
        return None  # the next session's provisional agenda: its approval is in the report text
    if session.agenda_adopted is None:
        return None
    verdict: Verdict = "yes" if session.agenda_adopted else "no"
    fact = Fact("agenda_adopted", (("adopted", int(session.agenda_adopted)),), session)
    return Composed("agenda_adopted", verdict, (fact,), _evidence(kb, session.source))


# --- a resolution's structure ----------------------------------------------------------------


_HEADINGS = re.compile(r"小标题|标题|\b(?:sub)?headings?\b")
_VERY = re.compile(r"\bvery\b|\bin\b")


def _sections(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    if not q.has(_SECTIONS) or (q.referenced(Paragraph) and q.entities):
        # "决议二(c)部分 最不发达国家技术库": something named in a part is asked about, not
        # the parts listed
        return None
    resolutions = _named_resolutions(kb, q)
    if not resolutions:
        return None
    ids = {r.id for r in resolutions}
    topics = [p for p, rid in reference_tables(kb).resolution_topics if rid in ids]
    rest = q.rest(
        *topics,
        _SECTIONS,
        _CONTAINS,
        _PARAGRAPHS,
        _COUNT,
        _WHO,
        re.compile(
            r"分成|分为|建议|给|针对|对象|\baddress\w*|\brecommend\w*|\bto whom\b"
            r"|\border\b|\bi (?:would|d) like\b|\bhow is\b|\bplease\b"
            # "正文分成几个部分，各部分小标题叫什么": the parts of its text, each by its heading
            r"|正文|[各每]个?部分|叫什么|叫啥|名称|名字|\beach\b|\bcalled\b|\btitled\b|\bnamed\b"
            # "分成哪几块，各有什么小标题": blocks, each with its heading
            r"|几块|[各每](?=有|自)|各自"
        ),
        # "the very first subheading in the operative part": the headings, in order, say it
        *((_FIRST, _LAST, _OPERATIVE, _VERY) if q.has(_HEADINGS) else ()),
    )
    if not _content_free(rest):
        return None
    facts: list[Fact] = []
    for resolution in resolutions:
        preamble = [p for p in resolution.paragraphs if p.kind == "preamble"]
        if preamble:
            facts.append(_range_fact("preamble", resolution, resolution.intro, preamble))
        if resolution.sections:
            by_id = {p.id: p for p in resolution.paragraphs}
            for section in resolution.sections:
                members = [by_id[i] for i in section.paragraphs if i in by_id]
                facts.append(_range_fact("section", resolution, section.title, members))
        else:
            # no headings: the operative paragraphs that lead sub-paragraphs ("(a) 鼓励各国政府
            # …考虑采取下列行动：") divide it
            from knowledge.answers.parts import parts_of  # the parts module builds on this one

            for part in parts_of(resolution):
                title = f"{part.label} {part.title}".strip()
                facts.append(_range_fact("section", resolution, title, list(part.members)))
    return Composed("sections", "", tuple(facts))


def _range_fact(key: str, resolution: Resolution, title: str, members: list[Paragraph]) -> Fact:
    return Fact(
        key,
        (
            ("resolution", resolution.id),
            ("title", title),
            ("first", members[0].id if members else ""),
            ("last", members[-1].id if members else ""),
            ("count", sum(1 for p in members if p.kind != "item") or len(members)),
        ),
        resolution,
    )


# how a paragraph is pointed at and asked about, beside "first" and "last" ("最开头那一段回顾的是
# 个啥", "那一小节最后一段是咋写的")
_POINTING = re.compile(
    r"部分|[那这该][1一]?\s*小?节|[那这该][1一]?|小节|最|咋写|怎么写|如何写|写的|写|回顾|是个"
    r"|第几段?|说了?点?|讲了?点?"
    r"|\bheading\b|\bunder\b|报告|\breport\b"
)
_PART_LETTER = re.compile(r"\(\s*[a-h]\s*\)|\b(?:part|section)\s+[a-h]\b|[a-h]\s*部分")
_ANNEX_TWO = re.compile(r"附件\s*2|\bannex\s*2\b")


_ANNEX_ONE = re.compile(r"附件\s*1|\bannex\s*1\b")


# where the preamble ends: "right before the operative part starts", "before the
# recommendations", "执行部分之前"
_BEFORE_THE_OPERATIVE = re.compile(
    r"\b(?:right |just |immediately )?before (?:the )?(?:operative|recommendations?)"
    r"(?: (?:part|paragraphs?|section))?(?: (?:start|starts|begin|begins|kick in))?\b"
    r"|执行部分(?:开始)?(?:之前|前面|前)|建议(?:开始)?(?:之前|前面|前)"
)


def _first_last_document(
    kb: KnowledgeBase, q: _Question, first: bool, last: bool
) -> Composed | None:
    """The first or last document annex I lists ("附件一列出的最后一份文件是什么")."""
    rest = q.rest(_FIRST, _LAST, _ANNEX_ONE, _DOCS, _CONTAINS, _POINTING, _LISTED)
    if not _content_free(rest):
        return None
    session = max((d.session for d in kb.documents), default=0)
    documents = [d for d in kb.documents if d.session == session]
    if not documents:
        return None
    chosen = ([documents[0]] if first else []) + ([documents[-1]] if last else [])
    facts = tuple(
        Fact("document", (("symbol", d.symbol), ("title", d.title), ("item", d.agenda_item)), d)
        for d in chosen
    )
    return Composed("first_last", "", facts, _evidence(kb, ("P19",)))


_LISTED = re.compile(r"列出|列的|所列|清单|[1一]?份|\blisted\b|\blist\b|\bone\b")


def _chapter_paragraphs(kb: KnowledgeBase, raw: str) -> list[tuple[str, list[Paragraph]]]:
    """The report's paragraphs in chapter ``raw`` ("8", "viii"), named for the answer."""
    chapters = reference_tables(kb).chapters
    number = int(raw) if raw.isdigit() else roman_value(raw)
    if not 1 <= number <= len(chapters):
        return []
    members = list(chapters[number - 1][1])
    return [(f"{members[0].id}–{members[-1].id}", members)]


def _chapter_title(kb: KnowledgeBase, raw: str) -> str:
    chapters = reference_tables(kb).chapters
    number = int(raw) if raw.isdigit() else roman_value(raw)
    return chapters[number - 1][0] if 1 <= number <= len(chapters) else ""


def _first_last(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    first, last = q.has(_FIRST), q.has(_LAST)
    if (first or last) and q.has(_ANNEX_ONE) and q.has(_DOCS):
        return _first_last_document(kb, q, first, last)
    if not (first or last):
        return None
    if not (q.has(_PARAGRAPHS) or q.has(_RESOLUTIONS) or q.has(_ANNEX_TWO) or q.has(_CHAPTER)):
        return None  # ("the last thing recorded in annex II": annex II and chapters are
        # made of paragraphs)
    if _PART_LETTER.search(q.text):
        return None  # "(b)部分…最后一项": the last of part (b), not of the resolution
    containers: list[tuple[str, list[Paragraph]]] = [
        (r.id, list(r.paragraphs)) for r in _named_resolutions(kb, q)
    ]
    if not containers and q.has(_ANNEX_TWO):
        containers = [("AX2", [p for p in kb.paragraphs if p.parent == "annex2"])]
    chapter = _CHAPTER.search(q.text)
    titles: list[str] = []
    if not containers and chapter is not None:
        containers = _chapter_paragraphs(kb, chapter.group(1) or chapter.group(2))
        titles = [_chapter_title(kb, chapter.group(1) or chapter.group(2))]
    if not containers:
        return None
    rest = q.rest(
        _BEFORE_THE_OPERATIVE,
        _FIRST,
        _LAST,
        _PARAGRAPHS,
        _CONTAINS,
        _OPERATIVE,
        _PREAMBLE,
        _ANNEX_TWO,
        _CHAPTER,
        _POINTING,
        re.compile(
            r"\bone\b|\bwith\b|\bwhat\b|[那这该]?章|以|话"
            # what the paragraph does, which its text says ("what's the final ask", "what is
            # it requesting, and from whom", "how does it end", "goes up to which number")
            r"|\b(?:request|ask|urg|encourag|invit|recall|recogni|welcom|reaffirm|stress"
            r"|emphasi|acknowledg|thank)\w*|\bnot(?:e|es|ing)\b|\bfrom whom\b|\bwhom\b"
            r"|\bends?\b|\bthings?\b|\becosoc\b|\bcouncil\b|\bvery\b"
            # the same in Chinese ("最后一段要求干嘛", "第一段在鼓励谁做什么")
            r"|要求|请求|呼吁|敦促|鼓励|邀请|干嘛|干啥|干什么|做什么|做啥|谁"
            r"|\b(?:recorded|listed|written|printed|reported)\b|记录|记载|写的|写了|列的"
            r"|\bgoes up to\b|\bruns to\b|\bnumber\b|\bcarr(?:y|ies)\b|\bbears?\b"
            # how the asker comes to it: "if I print out resolution I", "if we read it"
            r"|\bif (?:i|we|you|one) \w+(?: (?:out|up|through))?\b"
        ),
    )
    if not _content_free(_unsaid(rest, *titles)):
        return None
    facts: list[Fact] = []
    evidence: list[Paragraph] = []
    # "the last preambular paragraph, right before the operative part starts": the preamble
    preamble = q.has(_PREAMBLE) or q.has(_BEFORE_THE_OPERATIVE)
    for name, paragraphs in containers:
        if preamble and q.has(_BEFORE_THE_OPERATIVE):
            paragraphs = [p for p in paragraphs if p.kind == "preamble"]
        elif q.has(_OPERATIVE):
            paragraphs = [p for p in paragraphs if p.kind != "preamble"]
        elif q.has(_PREAMBLE):
            paragraphs = [p for p in paragraphs if p.kind == "preamble"]
        if not paragraphs:
            continue
        chosen = ([paragraphs[0]] if first else []) + ([paragraphs[-1]] if last else [])
        if first and paragraphs[0].kind == "preamble" and not q.has(_PREAMBLE):
            # "first para res I": the first in the text is preambular, the first numbered one
            # operative paragraph 1; both, in that order
            numbered = next((p for p in paragraphs if p.kind != "preamble"), None)
            if numbered is not None:
                chosen.insert(1, numbered)
        for paragraph in chosen:
            which = "last" if last and paragraph is paragraphs[-1] else "first"
            facts.append(Fact(f"{which}_paragraph", (("resolution", name),), paragraph))
            evidence.append(paragraph)
    if not facts:
        return None
    return Composed("first_last", "", tuple(facts), tuple(evidence))
