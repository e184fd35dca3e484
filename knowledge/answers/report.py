"""The report as a whole: what it does not cover, counts, documents, chapters and annexes."""

from __future__ import annotations

import datetime as dt
import re

from knowledge.answers.people import _role_of, _seat_fact, _seats, _speaker_count
from knowledge.answers.question import (
    _ADOPT,
    _ANNEX,
    _BUREAU,
    _CHAPTER,
    _CLOCK,
    _CONTAINS,
    _COUNT,
    _DOCS,
    _ELECT,
    _FOOTNOTES,
    _ITEMS,
    _MEETINGS,
    _NEXT_SESSION,
    _NOW,
    _OPERATIVE,
    _PARAGRAPHS,
    _PREAMBLE,
    _RESOLUTIONS,
    _ROLE,
    _SECTIONS,
    _SPEAKERS,
    _THIS_SESSION,
    _WHEN,
    _WHO,
    _YES_NO,
    _content_free,
    _current,
    _evidence,
    _Question,
    _sessions_asked,
    _unsaid,
    roman_value,
)
from knowledge.answers.resolutions import _chapter_paragraphs, _named_resolutions
from knowledge.answers.values import Composed, Fact
from knowledge.models import (
    AgendaItem,
    KnowledgeBase,
    Meeting,
    Paragraph,
    Record,
    Resolution,
)
from knowledge.normalize import normalize
from knowledge.references import named_meetings
from knowledge.references.tables import reference_tables
from knowledge.render_text import chinese_number

# --- a session, meeting or item the report does not cover ------------------------------------


# What a session has that a question may ask of one the report does not cover: its themes,
# its place
_ABOUT_A_SESSION = re.compile(
    r"优先主题|主题|地点|在哪里?|在哪儿|举行|召开"
    r"|\bpriority\b|\bthemes?\b|\bvenue\b|\bwhere\b|\bheld\b|\bhold\b|\bwill\b|\bbe\b"
    # what it will take up ("讨论哪些议题", "focus on")
    r"|要?讨论|议题|审议|\btak\w* up\b|\bdiscuss\w*|\bfocus\w*(?: on)?|\btopics?\b"
)


# the assemblies whose sessions the report also numbers
_ANOTHER_ASSEMBLY = re.compile(r"(?<!全权代表)大会|联大|\bgeneral assembly\b|理事会|\becosoc\b")


def _missing_item(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    """An agenda item a session's agenda does not have ("who introduced agenda item 8"): the
    report does not say, and the items there are — never every document or another item."""
    if q.references is None:
        return None
    for reference in q.references.references:
        named = re.fullmatch(r"A(\d+)\.(\d+)[a-z]?", reference.requested)
        if reference.kind != "agenda" or reference.found or reference.soft or not named:
            continue
        session, number = int(named.group(1)), int(named.group(2))
        top = [a for a in kb.agenda if a.session == session and not a.parent]
        if not top:
            return None
        facts = [
            Fact("no_item", (("session", session), ("number", number))),
            Fact("count_items", (("session", session), ("count", len(top)))),
        ]
        facts.extend(Fact("item", (("number", a.number), ("title", a.title)), a) for a in top)
        return Composed("not_covered", "unknown", tuple(facts), subject=reference.requested)
    return None


# bodies whose meetings the report also numbers
_OTHER_BODY = re.compile(
    r"论坛|峰会|专家组|专家小组|工作组|工作小组|大会|理事会|研讨会|\bforum\b|\bigf\b|\bgroup\b|\bassembly\b"
    r"|\bcouncil\b|\bsummit\b|\bsymposium\b"
)


def _missing_meeting(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    """A meeting of the session that was not held ("who chaired meeting 5"): the report does
    not say, and how many meetings there were — never every meeting as the answer."""
    held = {m.number for m in kb.meetings}
    missing = [n for n in named_meetings(q.text) if n not in held]
    if not held or not missing or q.referenced(Meeting):
        return None
    if any(e.kind in ("body", "organization") for e, _ in q.entities) or q.has(_OTHER_BODY):
        return None  # "互联网治理论坛第十四次会议": another body's meeting
    session = _current(kb)
    facts = (
        Fact("no_meeting", (("meeting", missing[0]),)),
        Fact("count_meetings", (("count", len(held)), ("session", session.number)), session),
    )
    return Composed("not_covered", "unknown", facts, subject=str(missing[0]))


def _out_of_scope(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    known = {s.number for s in kb.sessions}
    missing = [n for n in q.sessions if n not in known]
    if not missing:
        return None
    # "第六十一届会议" of another body is ordinary wording: only the Commission's own sessions
    # ("大会主席在第七十四届会议期间": the General Assembly's)
    # (the Commission's own bureau is no other body when who sits on it is asked: "第二十五
    # 届会议的主席团是哪几国"; when it is elected, the next session's agenda says)
    elected = q.has(_ELECT) or q.has(_WHEN)
    other_body = any(
        e.kind == "body" and (elected or not _BUREAU.fullmatch(e.zh)) for e, _ in q.entities
    )
    if other_body or q.has(_ANOTHER_ASSEMBLY):
        return None
    if re.search(r"议程|\bagenda\b", q.text):
        return None  # the next session's agenda looks further ahead ("elect the 25th's bureau")
    rest = q.rest(
        _WHO,
        _WHEN,
        _ROLE,
        _ADOPT,
        _ELECT,
        _DOCS,
        _NOW,
        _CLOCK,
        _CONTAINS,
        _COUNT,
        _ABOUT_A_SESSION,
    )
    if not _content_free(rest) and not q.has(_ROLE):
        return None
    facts = [Fact("not_covered", (("session", missing[0]),))]
    facts.extend(Fact("covers", (("session", s.number),), s) for s in kb.sessions)
    if q.has(_ROLE):
        role = _role_of(q)
        for seat in _seats(kb, role, None):
            if seat.status != "postponed":
                facts.append(_seat_fact(seat))
    return Composed("not_covered", "unknown", tuple(facts), subject=str(missing[0]))


# --- counts ----------------------------------------------------------------------------------


_CHAPTERS = re.compile(r"几章|章节|\bchapters?\b")
_ANNEXES = re.compile(r"附件|\bannex(?:es)?\b")
_MAIN_TEXT = re.compile(
    r"正文|\bmain text\b|\bbody of the report\b|报告本身|不算决议|\breport itself\b"
    r"|\breport proper\b"
)


def _report_layout(kb: KnowledgeBase, q: _Question) -> Composed | None:
    """How many chapters, annexes or paragraphs the report itself has."""
    report = [p for p in kb.paragraphs if p.parent == "report"]
    annexes = sorted({p.parent for p in kb.paragraphs if p.parent.startswith("annex")})
    named_annex = _ANNEX.search(q.text)
    if named_annex is not None and q.has(_PARAGRAPHS):
        parent = f"annex{named_annex.group(1) or named_annex.group(2)}"
        members = [p for p in kb.paragraphs if p.parent == parent]
        if members:
            fact = Fact("count_in", (("where", members[0].chapter), ("count", len(members))))
            return Composed("count", "", (fact,), (members[0], members[-1]))
        return None
    named_chapter = _CHAPTER.search(q.text)
    if named_chapter is not None and q.has(_PARAGRAPHS):
        # "第五章一共几段", "how many paragraphs are in chapter VIII": its own, both ends shown
        found = _chapter_paragraphs(kb, named_chapter.group(1) or named_chapter.group(2))
        if not found:
            return None
        members = found[0][1]
        fact = Fact("count_in", (("where", members[0].chapter), ("count", len(members))))
        return Composed("count", "", (fact,), tuple(dict.fromkeys((members[0], members[-1]))))
    if q.has(_ANNEXES) and named_annex is None:
        # annex I (the documents) prints no paragraphs of its own; the report names it
        cited = {int(n) for p in report for n in re.findall(r"附件(\d)", normalize(p.text))}
        numbers = sorted(cited | {int(a[5:]) for a in annexes if a[5:].isdigit()})
        fact = Fact("count_annexes", (("count", len(numbers)),))
        titles = [Fact("annex", (("annex", n), ("title", _annex_title(kb, n)))) for n in numbers]
        return Composed("count", "", (fact, *titles))
    if q.has(_CHAPTERS):
        chapters = [title for title, _ in reference_tables(kb).chapters]
        fact = Fact("count_chapters", (("count", len(chapters)),))
        return Composed(
            "count", "", (fact, *(Fact("chapter_title", (("title", c),)) for c in chapters))
        )
    if q.has(_PARAGRAPHS) and q.has(_MAIN_TEXT) and report and not q.has(_RESOLUTIONS):
        # (not "决议一一共有几段正文": a resolution's text)
        fact = Fact("count_in", (("where", "报告正文"), ("count", len(report))))
        return Composed("count", "", (fact,), (report[0], report[-1]))
    return None


# "决议一的脚注5", "footnote 8 of res I", "第10个脚注": a footnote asked for by its number
_FOOTNOTE_NUMBER = re.compile(
    r"(?:脚注|注脚|注释|\bfootnote|\bfn\.?)\s*(?:no\.?\s*|number\s*|第\s*)?(\d+)"
    r"|第\s*(\d+)\s*[个条]?\s*(?:脚注|注脚|注释)"
)
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _footnote(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    match = _FOOTNOTE_NUMBER.search(q.text)
    if match is None:
        return None
    number = match.group(1) or match.group(2)
    mark = number.translate(_SUPERSCRIPT)
    named = _named_resolutions(kb, q)
    containers: list[tuple[str, tuple[Paragraph, ...]]] = [
        (r.id, r.paragraphs) for r in named
    ] or [(r.id, r.paragraphs) for r in kb.resolutions] + [("report", kb.paragraphs)]
    facts: list[Fact] = []
    carriers: list[Paragraph] = []
    for where, paragraphs in containers:
        for paragraph in paragraphs:
            for note in paragraph.footnotes:
                if note.mark != mark:
                    continue
                carriers.append(paragraph)
                fact = Fact("footnote", (("where", where), ("mark", number), ("text", note.text)))
                if fact not in facts:
                    facts.append(fact)
    if facts:
        return Composed("footnote", "", tuple(facts), tuple(carriers[:3]))
    if not named:
        return None
    # a footnote the named resolution does not have: say so, with how many it has
    marks = {n.mark for r in named for p in r.paragraphs for n in p.footnotes}
    fact = Fact("no_footnote", (("where", named[0].id), ("mark", number), ("count", len(marks))))
    return Composed("not_covered", "unknown", (fact,))


def _annex_title(kb: KnowledgeBase, number: int) -> str:
    """An annex's title as the table of contents prints it (else its paragraphs' heading)."""
    label = f"附件{chinese_number(number)}"
    for line in kb.contents:
        if line.label == label:
            return line.title
    headings = [p.chapter for p in kb.paragraphs if p.parent == f"annex{number}"]
    return headings[0] if headings else ""


def _counts(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    if not q.has(_COUNT):
        return None
    rest = q.rest(
        _COUNT,
        _CHAPTERS,
        _ANNEXES,
        _MAIN_TEXT,
        re.compile(
            r"\bwhat are they\b|\breport\b|报告|分别是|是什么|\band\b|临时|\bprovisional\b"
            # where things are listed: "挂在议程项目3下面的", "listed under"
            r"|挂在|列在|放在|下面|底下|里头|里面|面前|收到|\blisted\b|\bunder\b|\bthere\b"
            # "报告后面有几个附件，分别是什么内容": where they stand, what each holds
            r"|后面|后头|末尾|内容|\bat the end\b|\bcontents?\b"
            # "是不是三场": the number the asker expects
            r"|[\d一二三四五六七八九十两]+\s*[场次个项段份届]"
            r"|\bbefore\b|开了|开过|举行了|\bheld\b|\bhold\b|\bcarr(?:y|ies)\b"
            # "一共几个脚注，最后一个是啥": the last ones are shown with the count
            r"|最后(?:1|一)?[个项条段份章节]|\blists?\b|\bpls\b|\bplease\b|\bon\b"
            # "…, and what does the last one ask for": the last ones are shown with the count
            r"|\bwhat does the (?:last|final) one (?:ask for|say|do|request)\b"
        ),
        _NEXT_SESSION,
        _PARAGRAPHS,
        _PREAMBLE,
        _OPERATIVE,
        _ITEMS,
        _MEETINGS,
        _SPEAKERS,
        _RESOLUTIONS,
        _DOCS,
        _FOOTNOTES,
        _YES_NO,
        _SECTIONS,
        _ROLE,
        _ADOPT,
    )
    if not _content_free(rest):
        return None
    layout = _report_layout(kb, q)
    if layout is not None:
        return layout
    named = _named_resolutions(kb, q)
    if q.has(_FOOTNOTES) and named:
        # "how many footnotes does draft resolution I carry": its own, the last ones shown
        noted = [p for r in named for p in r.paragraphs if p.footnotes]
        # a footnote cited twice is one footnote: count marks, within each resolution
        count = sum(len({n.mark for p in r.paragraphs for n in p.footnotes}) for r in named)
        fact = Fact("count_footnotes", (("count", count),), named[0])
        return Composed("count", "", (fact,), tuple(noted[-2:]))
    if q.has(_PARAGRAPHS) or q.has(_PREAMBLE) or q.has(_OPERATIVE):
        resolutions = named or list(kb.resolutions)
        # the numbering a count rests on: a named resolution's last paragraph of each kind
        ends = [
            [p for p in r.paragraphs if p.kind == kind][-1]
            for r in named
            for kind in ("preamble", "operative")
            if any(p.kind == kind for p in r.paragraphs)
        ]
        facts = []
        for r in resolutions:
            preamble = sum(1 for p in r.paragraphs if p.kind == "preamble")
            operative = sum(1 for p in r.paragraphs if p.kind == "operative")
            items = sum(1 for p in r.paragraphs if p.kind == "item")
            facts.append(
                Fact(
                    "count_paragraphs",
                    (
                        ("preamble", preamble),
                        ("operative", operative),
                        ("items", items),
                        ("title", r.title),
                    ),
                    r,
                )
            )
        return Composed("count", "", tuple(facts), tuple(ends))
    if q.has(_FOOTNOTES):
        notes = sum(len(p.footnotes) for r in kb.resolutions for p in r.paragraphs) + sum(
            len(p.footnotes) for p in kb.paragraphs
        )
        return Composed("count", "", (Fact("count_footnotes", (("count", notes),)),))
    if named and q.has(_SECTIONS):
        return None  # "决议一有几个小标题": its headings, listed (not how many resolutions)
    if q.has(_RESOLUTIONS) and not (q.has(_ITEMS) and _sessions_asked(kb, q)):
        # (not "决定草案里第二十四届会议的临时议程一共有几个项目": that session's items)
        resolutions = [r for r in kb.resolutions if r.kind == "resolution"]
        decisions = [r for r in kb.resolutions if r.kind == "decision"]
        fact = Fact(
            "count_resolutions", (("resolutions", len(resolutions)), ("decisions", len(decisions)))
        )
        return Composed("count", "", (fact,), _evidence(kb, ("SUM6", "P1", "P2")))
    if q.has(_SPEAKERS) and not q.has(_DOCS):
        return _speaker_count(kb, q.referenced(Meeting))
    if q.has(_DOCS):
        named_items = _items_asked(kb, q)
        if named_items:
            # "议程项目3下面的文件一共有几份": that item's and its sub-items' documents, listed
            chosen = [
                *named_items,
                *(a for a in kb.agenda if any(a.parent == i.id for i in named_items)),
            ]
            by_symbol = {d.symbol: d for d in kb.documents}
            listed = [
                (by_symbol[s], item) for item in chosen for s in item.documents if s in by_symbol
            ]
            facts = [Fact("count_documents", (("count", len(listed)),))]
            facts.extend(
                Fact(
                    "document",
                    (("symbol", d.symbol), ("title", d.title), ("item", item.number)),
                    d,
                )
                for d, item in listed
            )
            return Composed("count", "", tuple(facts), _evidence(kb, ("P19",)))
        documents = [d for d in kb.documents if d.session == _current(kb).number]
        fact = Fact("count_documents", (("count", len(documents)),))
        # the count, then the list it counts (annex I), each with its agenda item
        listing = tuple(
            Fact(
                "document",
                (("symbol", d.symbol), ("title", d.title), ("item", d.agenda_item or "")),
                d,
            )
            for d in documents
        )
        return Composed("count", "", (fact, *listing), _evidence(kb, ("P19",)))
    if q.has(_ITEMS):
        sessions = _sessions_asked(kb, q) or [_current(kb).number]
        facts = []
        sources: list[str] = []
        for number in sessions:
            top = [a for a in kb.agenda if a.session == number and not a.parent]
            facts.append(Fact("count_items", (("session", number), ("count", len(top)))))
            facts.extend(Fact("item", (("number", a.number), ("title", a.title)), a) for a in top)
            # where the report lists them (a provisional agenda is printed in the decision)
            shared = set.intersection(*(set(a.source) for a in top)) if top else set()
            sources.extend(s for s in (top[0].source if top else ()) if s in shared)
        return Composed("count", "", tuple(facts), _evidence(kb, sources, 1))
    if q.has(_MEETINGS) and not q.has(_BUREAU):
        # (not "第二十三届会议的主席团一共开过几次会": the bureau's own, which it does not give)
        session = _current(kb)
        count = session.meeting_count or len(kb.meetings)
        fact = Fact("count_meetings", (("count", count), ("session", session.number)), session)
        stating = [p for p in kb.paragraphs if re.search(r"共举行了.{1,4}次", p.text)]
        return Composed("count", "", (fact,), tuple(stating[:1]))
    return None


# --- documents -------------------------------------------------------------------------------


def _items_asked(kb: KnowledgeBase, q: _Question) -> list[AgendaItem]:
    """The agenda items a question names, or those the meetings it names took up ("第二次
    会议时委员会面前有几份文件": item 3)."""
    items = q.referenced(AgendaItem)
    if items:
        return items
    taken_up = {i for m in q.referenced(Meeting) for i in m.agenda_items}
    return [a for a in kb.agenda if a.id in taken_up and a.parent not in taken_up]


# where the report prints something ("where in the report is the list of documents",
# "文件清单在报告哪里"): the paragraph that says where (载于本报告附件一), not the list
_WHERE_IN_THE_REPORT = re.compile(
    r"\bwhere (?:in|within) (?:the|this) report\b|报告(?:里|中|的)?哪(?:里|儿|个部分|个附件)"
)


def _documents(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    if not q.has(_DOCS) or q.has(_COUNT) or q.referenced(Resolution):
        # "what does the draft decision say about the report": what a text says, not which
        # documents were before the Commission
        return None
    if q.has(_WHERE_IN_THE_REPORT):
        return None
    if any(entity.kind in ("body", "person") for entity, _ in q.entities):
        # "what should the gender advisory board report to the 24th session": what a body
        # or a person is asked to report, not which documents were before the Commission
        return None
    items = _items_asked(kb, q)
    rest = q.rest(
        _DOCS,
        _ITEMS,
        _WHO,
        _CONTAINS,
        re.compile(
            r"面前|审议|收到|之前|下面|底下|项下|之下|\bbefore\b|时"
            # "on the table": before the Commission
            r"|桌上|桌面上|摆了?|放了?|\bon the table\b"
            r"|\bconsider\w*|\bunder\b|\bsubmitted\b|\bavailable\b|\bissued\b"
            # annex I is the list of the documents: "附件一里面，议程项目3底下列了哪几份文件"
            r"|附件\s*1|\bannex\s*(?:1|i)\b|里面|里头|列了|列出了?|\blisted\b|\bin\b"
        ),
    )
    if not _content_free(rest):
        return None
    if q.references is not None and any(
        r.kind == "document" for r in q.references.references if r.found
    ):
        return None  # a symbol: exact addressing answers it
    current = _current(kb).number
    if items:
        chosen: list[AgendaItem] = []
        for item in items:
            chosen.append(item)
            chosen.extend(a for a in kb.agenda if a.parent == item.id and a not in chosen)
    else:
        chosen = [a for a in kb.agenda if a.session == current]
    facts: list[Fact] = []
    by_symbol = {d.symbol: d for d in kb.documents}
    listed: set[str] = set()
    for item in chosen:
        for symbol in item.documents:
            document = by_symbol.get(symbol)
            # a document issued under several symbols (E/CN.16/2020/3 and its Amend.1): each
            for each in document.symbols if document and document.symbols else (symbol,):
                title = document.title if document else ""
                facts.append(
                    Fact(
                        "document",
                        (("symbol", each), ("title", title), ("item", item.number)),
                        document or item,
                    )
                )
            listed.add(symbol)
        if not item.documents and items:
            # the next session's items: what the decision lists under each, no symbol yet
            # ("文件 秘书长的报告")
            facts.extend(
                Fact("document_note", (("note", note), ("item", item.number)), item)
                for note in item.document_notes
            )
    if not items:
        for document in kb.documents:
            if document.session == current and document.symbol not in listed:
                facts.extend(
                    Fact(
                        "document",
                        (
                            ("symbol", each),
                            ("title", document.title),
                            ("item", document.agenda_item),
                        ),
                        document,
                    )
                    for each in (document.symbols or (document.symbol,))
                )
    if not facts:
        if not items:
            return None
        return Composed(
            "documents",
            "no",
            tuple(Fact("no_documents", (("item", i.number),), i) for i in items),
        )
    stated = _documents_stated(kb, facts) if items else ()
    if not stated and items:
        stated = _evidence(kb, (source for item in items for source in item.source), 2)
    return Composed("documents", "", tuple(facts), stated)


def _documents_stated(kb: KnowledgeBase, facts: list[Fact]) -> tuple[Paragraph, ...]:
    """Where the report itself says which documents were before the Commission or were
    introduced ("委员会面前有以下文件: …", "介绍了秘书长的报告(E/CN.16/2020/3 和 …/Amend.1)"):
    its paragraphs outside the resolutions that print one of the symbols listed."""
    symbols = {str(f.value("symbol")) for f in facts if f.key == "document"}
    return tuple(
        p
        for p in kb.paragraphs
        if p.parent not in {r.id for r in kb.resolutions}
        and _BEFORE_OR_INTRODUCED.search(p.text)
        and any(symbol in p.text for symbol in symbols)
    )[:3]


_BEFORE_OR_INTRODUCED = re.compile(r"面前有|介绍了")


# --- what a chapter or annex holds -----------------------------------------------------------


# a session's priority themes ("下届会议的两个优先主题", "next year's priority themes")
_THEMES = re.compile(r"优先主题|\bpriority themes?\b")
_THEME_WORDS = re.compile(
    r"讨论|审议|要|将|选定|选了|确定|两个|2个|哪两个|分别|\btwo\b|\bboth\b|\bchosen\b"
    r"|\bselected\b|\bpicked\b|\bdiscuss\w*|\bconsider\w*"
)


_A_THEME = re.compile(r"主题|\btheme\b")
_DISCUSSED = re.compile(r"讨论|审议|\bdiscuss\w*|\btake up\b|\bon the agenda\b")
# what a theme is asked about by, and its full title asked for
_ABOUT = re.compile(
    r"跟|与|和|有关|相关|关于|涉及|全称|全名|名称|题目|叫什么|叫啥|(?:怎么|咋|如何)写的?|会不会"
)


def _themes(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    """The priority themes of the session asked about (the next one, this one), or of each
    session that has them, labelled; the one theme a word of the question names ("下届会议
    那个跟区块链有关的主题")."""
    named = q.references.references if q.references is not None else ()
    # a theme of a session named ("下届会议那个…的主题"), or the priority themes
    # or what the next session will discuss, named by a word of one theme ("下一届会不会讨论
    # 区块链": the words left must fit exactly one theme, below)
    of_a_session = (q.has(_A_THEME) or q.has(_DISCUSSED)) and (
        q.has(_NEXT_SESSION) or q.has(_THIS_SESSION)
    )
    if not (q.has(_THEMES) or of_a_session) or q.has(_CHAPTER):
        return None  # (the themes as a chapter or a paragraph words them: that text answers)
    if any(r.kind != "session" for r in named):
        return None
    if any(kb.session(n) is None for n in q.sessions):
        return None  # a session the report does not cover: not another session's themes
    rest = q.rest(
        _THEMES, _A_THEME, _NEXT_SESSION, _THIS_SESSION, _THEME_WORDS, _ABOUT, _YES_NO, _COUNT
    )
    words = re.findall(r"[\u4e00-\u9fff]{2,}", rest)
    if not _content_free(rest) and (not words or re.search(r"[a-z]", rest)):
        return None
    asked = _sessions_asked(kb, q) or [s.number for s in kb.sessions]
    sessions = [s for s in (kb.session(n) for n in asked) if s is not None and s.priority_themes]
    if not sessions:
        return None
    facts: list[Fact] = []
    for session in sessions:
        themes = list(session.priority_themes)
        if not _content_free(rest):
            # the theme that holds every word left ("区块链"), when only one does
            themes = [t for t in themes if all(w in normalize(t) for w in words)]
            if len(themes) != 1:
                return None
        count = len(session.priority_themes)
        facts.append(Fact("themes_of", (("session", session.number), ("count", count)), session))
        facts.extend(Fact("theme", (("theme", t),), session) for t in themes)
    sources = (source for session in sessions for source in session.source)
    return Composed("themes", "", tuple(facts), _evidence(kb, sources, 2))


def _contents(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    annex = _ANNEX.search(q.text)
    chapter = _CHAPTER.search(q.text)
    if (annex is None and chapter is None) or q.referenced(Paragraph):
        # "附件二第七段讲了个啥": a paragraph named is asked about, not its annex's contents
        return None
    section = _SECTION.search(q.text) if chapter is not None else None
    report_words = re.compile(r"报告|\breport\b|\bof\b")
    rest = q.rest(
        _ANNEX, _CHAPTER, _SECTION, _CONTAINS, _WHAT_IT_HOLDS, report_words, _SECTIONS, _BIG_PARTS
    )
    if not _content_free(_without_titles(kb, rest)):
        return None
    if annex is not None:
        number = int(annex.group(1) or annex.group(2))
        if number == 1:
            listed = [
                Fact(
                    "document",
                    (("symbol", d.symbol), ("title", d.title), ("item", d.agenda_item)),
                    d,
                )
                for d in kb.documents
                if d.session == _current(kb).number
            ]
            where = [p for p in kb.paragraphs if p.parent == "report" and "附件一" in p.text]
            heading = Fact("annex", (("annex", 1), ("title", _annex_title(kb, 1))))
            return Composed("annex", "", (heading, *listed), tuple(where[:1]))
        paragraphs = [p for p in kb.paragraphs if p.parent == f"annex{number}"]
        if not paragraphs:
            return Composed("annex", "unknown", (Fact("no_annex", (("annex", number),)),))
        facts = [Fact("annex", (("annex", number), ("title", _annex_title(kb, number))))]
        facts.extend(
            Fact(
                "meeting_account",
                (
                    ("meeting", m.number),
                    ("date", m.date.isoformat()),
                    ("first", m.source[0] if m.source else ""),
                ),
                m,
            )
            for m in kb.meetings
        )
        return Composed("annex", "", tuple(facts), tuple(paragraphs[:1]))
    assert chapter is not None
    raw = chapter.group(1) or chapter.group(2)
    number = int(raw) if raw.isdigit() else roman_value(raw)
    ordered = reference_tables(kb).chapters
    if not 1 <= number <= len(ordered):
        return Composed(
            "chapter",
            "unknown",
            (Fact("no_chapter", (("chapter", number), ("count", len(ordered)))),),
        )
    title, members = ordered[number - 1]
    if section is not None:
        letter = next(g for g in section.groups() if g).upper()
        part = [p for p in members if (p.section or "").startswith(f"{letter}.")]
        if part:
            values = (
                ("chapter", number),
                ("section", letter),
                ("title", re.sub(r"^[A-Z]\.\s*", "", part[0].section or "")),
                ("first", part[0].id),
                ("last", part[-1].id),
            )
            facts = [Fact("chapter_section", values)]
            # "第一章A节里两个决议草案的标题": the drafts the section puts before the Council
            kind = (
                "resolution" if "决议草案" in values[2][1]
                else "decision" if "决定草案" in values[2][1]
                else ""
            )  # fmt: skip
            facts.extend(
                Fact(kind, (("title", r.title),), r) for r in kb.resolutions if r.kind == kind
            )
            return Composed("chapter", "", tuple(facts), tuple(part))
    fact = Fact(
        "chapter",
        (
            ("chapter", number),
            ("title", title),
            ("first", members[0].id),
            ("last", members[-1].id),
        ),
    )
    sections = list(dict.fromkeys(p.section for p in members if p.section))
    if q.has(_SECTIONS) and sections:
        # "第一章分成哪两大部分", "what are the sections of chapter I": each section, with its
        # first and last paragraph
        parts = [
            Fact(
                "chapter_section",
                (
                    ("chapter", number),
                    ("section", name.split(".")[0]),
                    ("title", re.sub(r"^[A-Z]\.\s*", "", name)),
                    ("first", next(p.id for p in members if p.section == name)),
                    ("last", [p.id for p in members if p.section == name][-1]),
                ),
            )
            for name in sections
        ]
        return Composed("chapter", "", (fact, *parts), tuple(members[:2]))
    return Composed("chapter", "", (fact,), tuple(members[:2]))


# "两大部分", "几大块": parts counted as big ones
_BIG_PARTS = re.compile(r"[两几三四2-4]\s*大")
# a section of a chapter ("第八章B节", "section A of chapter VIII", "第8章的C部分")
_SECTION = re.compile(
    r"(?<![a-z])([a-d])\s*(?:节|部分|段落)|\bsection\s*([a-d])\b|\b([a-d])\s*section\b"
)
# asking what a chapter holds or did, in other words than _CONTAINS
_WHAT_IT_HOLDS = re.compile(
    r"采取了?(?:什么|哪些|啥)?行动|做了?(?:什么|哪些|啥)|总结|概括|大意|里面|[那这该][1一]?章|章里"
    r"|(?:写|讲|说)了?(?:些)?(?:什么|啥)?"
    r"|\bsum(?:marise|marize|mary)?\b|\bup\b|\bcan you\b|\bbriefly\b|\bwhat happen\w*"
    r"|\bactions?\b|\btaken\b|\btook\b|\bgist\b|标题|题目|名称|\btitled?\b|\bcalled\b"
)


def _without_titles(kb: KnowledgeBase, rest: str) -> str:
    """What is left once words of the report's chapter and section headings are taken out,
    in Chinese or the glossary's English for them ("第八章D节是讲文件的吧": 文件 is what section
    D is called; "section A, 'work of the session'")."""
    headings = {
        re.sub(r"^(?:第\S+章|[A-Z]\.)\s*", "", h)
        for p in kb.paragraphs
        if p.parent == "report"
        for h in (p.chapter, p.section)
        if h
    }
    folded = [normalize(h) for h in headings]
    english = " ".join(
        normalize(name) for term in kb.glossary if term.zh in headings for name in term.en
    ).split()
    kept = [w for w in rest.split() if not w.isascii() or w not in english]
    return _unsaid(" ".join(kept), *folded)


_WHICH_CHAPTER = re.compile(
    r"哪一章|哪章|第几章|\bwhich chapter\b|\bwhat chapter\b|\bchapter (?:number|no)\b"
)


# The words that ask for a chapter rather than name what it holds
_CHAPTER_WORDS = re.compile(
    r"哪一章|哪章|第几章|报告|本报告|里|中|在|讲|说|提到|涉及|内容|是|的"
    r"|\b(?:which|what) chapter\b|\bchapter (?:number|no)\b"
    r"|\bof (?:the|this) report\b|\bin (?:the|this) report\b"
    r"|\bcover(?:s|ed)?\b|\bdeals? with\b|\btalks? about\b|\bis about\b|\bcontains?\b"
    r"|\bmentions?\b|\bdescribes?\b|\brecords?\b|\bdoes\b|\bis\b|\bare\b"
)


def asks_which_chapter(query: str) -> bool:
    return bool(_WHICH_CHAPTER.search(normalize(query)))


def chapter_topic(query: str) -> str:
    """What a "which chapter …" question asks the chapter of ("the election of officers"),
    without the words that ask for a chapter, which no paragraph holds."""
    return " ".join(_CHAPTER_WORDS.sub(" ", normalize(query)).split())


def chapter_of(kb: KnowledgeBase, record: Record) -> Composed | None:
    """The chapter of the report that holds a record: a report paragraph's own, else the
    chapter of the first report paragraph the record rests on (a draft resolution's is the
    chapter that presents it)."""
    chapters: dict[str, list[Paragraph]] = {}
    for paragraph in kb.paragraphs:
        if paragraph.parent == "report" and paragraph.chapter:
            chapters.setdefault(paragraph.chapter, []).append(paragraph)
    anchor: Record | None = record
    if isinstance(record, Paragraph) and record.parent != "report":
        anchor = kb.get(record.parent)  # a resolution's paragraph: the resolution
    sources: tuple[str, ...] = ()
    if anchor is not None and not (isinstance(anchor, Paragraph) and anchor.parent == "report"):
        sources = tuple(getattr(anchor, "source", ()) or ())
        found = next((kb.get(s) for s in sources if s.startswith("P")), None)
        anchor = found
    if not isinstance(anchor, Paragraph) or anchor.chapter not in chapters:
        return None
    ordered = list(chapters)
    members = chapters[anchor.chapter]
    fact = Fact(
        "chapter",
        (
            ("chapter", ordered.index(anchor.chapter) + 1),
            ("title", anchor.chapter),
            ("first", members[0].id),
            ("last", members[-1].id),
        ),
    )
    return Composed("chapter", "", (fact,), (anchor,))
