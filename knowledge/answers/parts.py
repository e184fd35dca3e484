"""A resolution's parts: its headed sections (resolution I: 加强合作, 前进的道路 …) or, where
it has no headings, its lettered lead-ins and their sub-paragraphs (resolution II: (a)
鼓励各国政府 …, (b) 鼓励委员会, (c) 鼓励联合国贸易和发展会议).

A question names a part by its heading, in Chinese or in the glossary's English ("the way
forward"), by its letter ("part (b)"), or by whom its lead-in addresses ("to governments",
"给贸发会议的建议"); then it asks how many paragraphs the part has, which paragraphs it spans,
or its first, last or n-th paragraph.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from knowledge.answers.question import (
    _CONTAINS,
    _COUNT,
    _FIRST,
    _LAST,
    _OPERATIVE,
    _PARAGRAPHS,
    _PREAMBLE,
    _RESOLUTIONS,
    _SECTIONS,
    _WHO,
    _YES_NO,
    _content_free,
    _Question,
    _unsaid,
)
from knowledge.answers.resolutions import _named_resolutions
from knowledge.answers.values import Composed, Fact
from knowledge.kbcache import derived
from knowledge.models import KnowledgeBase, Paragraph, Resolution
from knowledge.normalize import normalize
from knowledge.references.tables import reference_tables
from knowledge.search_index import LEAD_VERB

__all__ = ["addressed_to", "in_a_part", "nth_paragraph", "section_of", "sub_paragraphs"]


@dataclass(frozen=True, slots=True)
class Part:
    resolution: Resolution
    title: str  # the heading, or the lead-in's text
    label: str  # "(b)" for a lettered lead-in, "" for a heading
    lead: Paragraph | None
    members: tuple[Paragraph, ...]  # the paragraphs under it (not the lead-in)


def parts_of(resolution: Resolution) -> list[Part]:
    by_id = {p.id: p for p in resolution.paragraphs}
    if resolution.sections:
        return [
            Part(
                resolution,
                section.title,
                "",
                None,
                tuple(by_id[i] for i in section.paragraphs if i in by_id),
            )
            for section in resolution.sections
        ]
    parts: list[Part] = []
    for paragraph in resolution.paragraphs:
        if paragraph.kind == "operative":
            parts.append(Part(resolution, paragraph.text, paragraph.label, paragraph, ()))
        elif paragraph.kind == "item" and parts:
            last = parts[-1]
            parts[-1] = Part(
                last.resolution, last.title, last.label, last.lead, (*last.members, paragraph)
            )
    return [p for p in parts if p.members]


def sub_paragraphs(kb: KnowledgeBase) -> dict[str, tuple[Paragraph, ...]]:
    """Each lead-in's sub-paragraphs (R1.84 → 84(a)–(d), R2.a → (a)(一)–(二十八))."""
    return derived(kb, "sub-paragraphs", _sub_paragraphs)


def _sub_paragraphs(kb: KnowledgeBase) -> dict[str, tuple[Paragraph, ...]]:
    found: dict[str, list[Paragraph]] = {}
    for resolution in kb.resolutions:
        for paragraph in resolution.paragraphs:
            if paragraph.kind == "item":
                found.setdefault(paragraph.id.rsplit(".", 1)[0], []).append(paragraph)
    return {lead: tuple(items) for lead, items in found.items()}


def _counted(part: Part) -> int:
    """How many paragraphs a part has: under a heading the numbered ones (84(a)–(d) are parts
    of 84), under a lead-in its sub-paragraphs."""
    if part.lead is not None:
        return len(part.members)
    return sum(1 for p in part.members if p.kind != "item")


def _names(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(normalized name, Chinese term) pairs from the glossary and aliases, longest first."""
    pairs = [(normalize(n), g.zh) for g in kb.glossary for n in g.en]
    pairs += [(normalize(n), a.zh) for a in kb.aliases if a.kind != "question" for n in a.names]
    pairs += [("governments", "各国政府"), ("government", "各国政府")]
    return sorted({p for p in pairs if p[0]}, key=lambda p: -len(p[0]))


_LETTER = re.compile(r"\(([a-h])\)|\b(?:part|section|paragraph)\s+([a-h])\b|([a-h])\s*部分")


def _named_part(kb: KnowledgeBase, q: _Question) -> tuple[Part, list[tuple[int, int]]] | None:
    # a paragraph named by number that has sub-paragraphs ("para 84 of res I": 84(a)–(d))
    for paragraph in q.referenced(Paragraph):
        resolution = kb.get(paragraph.parent)
        if not isinstance(resolution, Resolution):
            continue
        subs = sub_paragraphs(kb).get(paragraph.id, ())
        if subs:
            return Part(resolution, paragraph.text, paragraph.label, paragraph, subs), []
    named_resolutions = _named_resolutions(kb, q)
    resolutions = named_resolutions or [r for r in kb.resolutions if r.kind == "resolution"]
    # whom a lead-in addresses names its part only in a question about what is asked of them
    addressed = bool(named_resolutions) and q.has(_ADDRESSEE_CUE)
    best: tuple[int, Part, list[tuple[int, int]]] | None = None

    def offer(weight: int, part: Part, spans: list[tuple[int, int]]) -> None:
        nonlocal best
        if best is None or weight > best[0]:
            best = (weight, part, spans)

    names = derived(kb, "part-names", _names)
    for resolution in resolutions:
        for part in parts_of(resolution):
            heading = normalize(part.title) if not part.lead else ""
            if heading and heading in q.text:
                start = q.text.index(heading)
                offer(len(heading) * 2, part, [(start, start + len(heading))])
                continue
            # a heading's short name, before its colon ("总结：审查…的执行情况" is 总结)
            short = normalize(re.split(r"[：:]", part.title)[0]) if not part.lead else ""
            if short != heading and len(short) >= 2 and short in q.text:
                start = q.text.index(short)
                offer(len(short) * 2, part, [(start, start + len(short))])
            for name, zh in names:
                if len(zh) < 2 or zh not in part.title:
                    continue
                if part.lead is None and len(zh) < len(part.title) // 2:
                    continue  # a word inside a long heading does not name the heading
                if part.lead is not None and not (addressed and _addressee(part.lead, zh)):
                    continue
                match = re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", q.text)
                if match is None and zh not in q.text:
                    continue
                span = match.span() if match else (q.text.index(zh), q.text.index(zh) + len(zh))
                offer(len(zh), part, [span])
            if part.lead is not None and addressed:
                for entity, span in q.entities:
                    if _addressee(part.lead, entity.zh):
                        offer(len(entity.zh), part, [span])
            letter = _LETTER.search(q.text)
            if letter and part.label == f"({next(g for g in letter.groups() if g)})":
                offer(50, part, [letter.span()])
    if best is None:
        return None
    return best[1], best[2]


def _asked_member(part: Part, first: bool, nth: re.Match[str] | None) -> Paragraph | None:
    """The paragraph of the part a question asks for by its place: the n-th, first or last."""
    if nth is not None:
        number = int(next(g for g in nth.groups() if g))
        members = [p for p in part.members if part.lead is not None or p.kind != "item"]
        return members[number - 1] if 1 <= number <= len(members) else None
    return part.members[0] if first else part.members[-1]


def _names_another(q: _Question, part: Part, spans: list[tuple[int, int]]) -> bool:
    """Whether the question names something other than the part, its resolution and whom it
    addresses ("how many members sit on the IGF multistakeholder advisory group" asks about
    the group, not the IGF part's paragraphs)."""
    own = normalize(f"{part.resolution.title} {part.title} {part.lead.text if part.lead else ''}")
    for entity, (start, _) in q.entities:
        if any(a <= start < b for a, b in spans) or normalize(entity.zh) in own:
            continue
        return True
    return False


_ADDRESSEE_CUE = re.compile(
    r"建议|给|针对|要求|请|对|鼓励|\brecomm?end\w*|\bask\w*|\bcall\w*|\bto\b|\baddress\w*"
    r"|\bencourag\w*"
)


def _addressee(lead: Paragraph, zh: str) -> bool:
    """Whether a lead-in addresses ``zh`` ("鼓励各国政府…" addresses 各国政府)."""
    verb = LEAD_VERB.match(lead.text)
    return verb is not None and lead.text[verb.end() :].startswith(zh)


_RANGE = re.compile(
    r"从?第几段到第几段|从第几段|哪几段|哪些段|范围|\bwhich paragraphs\b|\bspan\w*|\brange\b"
    r"|\bfrom\b.*\bto\b|\bgoes from\b"
)
_NTH = re.compile(
    r"\b(\d+)\s+(?:operative\s+|preambular\s+)?(?:paragraph|recommendation|item|thing)"
    r"|第\s*(\d+)\s*(?:段|条|项|点|个建议)"
)
_ASKS = re.compile(
    r"建议|给|针对|要求|请|\brecomm?end\w*|\baddress\w*|\bask\w*|\bcall\w*|\bto\b|\bdo\b"
    r"|\bunder\b|\bin\b|\bof\b|\bthing\b|\bitself\b|\bpart\b|\bsection\b|部分"
    r"|[这那]?\s*[1一]?\s*小?节|咋写|怎么写|写|里头|里面|里|\bres\b"  # "res II": the resolution
    r"|\bheading\b|\bunder\b|最|头|[1一]?\s*[条项]|分别|\bone\b|\bhas\b|\bhave\b"
    r"|那些事|这些事|哪些事|那些|这些|让|干|[几一两三1]?\s*件事?|做|办|下面|底下|讲|说|提|[那这一]串"
    r"|\bsub-?headings?\b|\bwhats\b|\bbits?\b|\baim(?:ed|s)?\b|\bmeant\b|\bdirected\b"
    r"|(?<![\u4e00-\u9fff])头(?![\u4e00-\u9fff])"  # 里头, once 里 is cut
    r"|\bencourag\w*|\burg(?:e|es|ed)\b|\binvit\w*|\brequest\w*|鼓励|促请|敦促|邀请"
    r"|\bexpress\w*|\bconvey\w*"  # what the paragraph expresses, which its text says
)


# the paragraph just before a part ("which paragraph comes right before the way forward
# heading", "前进的道路那部分前面紧挨着的是哪段"): the last one of what precedes it
_BEFORE = re.compile(
    r"\b(?:right|just|immediately|directly) (?:before|above|ahead of)\b|\bprecedes\b"
    r"|紧挨着.{0,12}前|前面紧挨"
)
# where a paragraph stands, in words that place it ("which paragraph comes … heading")
_PLACED = re.compile(
    r"\bcomes?\b|\bsits?\b|\bstands?\b|\bheading\b|\bthe\b|[那这]?[句段条]|\bstarts?\b|\bbegins?\b"
)


# with "last": "the last paragraph before the enhanced cooperation heading", "在加强合作之前
# 最后一段" — the last one before the part, not the part's own last
_BEFORE_LAST = re.compile(r"\bbefore\b|\bahead of\b|之前|以前|(?<!最)前面")


def _just_before(kb: KnowledgeBase, q: _Question) -> Composed | None:
    """The paragraph printed just before a named part of a resolution."""
    cue = _BEFORE.search(q.text) or (_BEFORE_LAST.search(q.text) if q.has(_LAST) else None)
    if cue is None:
        return None
    # English names the part after the cue ("before the way forward heading"), Chinese
    # before it ("前进的道路那部分前面", "在加强合作之前")
    ahead = not cue.group().isascii()
    offset = 0 if ahead else cue.end()
    window = q.text[: cue.start()] if ahead else q.text[cue.end() :]
    # what is asked of the paragraph, outside the words naming the part ("… before the
    # Internet governance part starts": the part starts, no first paragraph is asked)
    asked = q.text[cue.end() :] if ahead else q.text[: cue.start()]
    if any(p.search(asked) for p in (_COUNT, _RANGE, _FIRST, _NTH)):
        return None
    named = _named_part(kb, dataclasses.replace(q, text=window))
    if named is None:
        return None
    part, spans = named
    previous = _before(part)
    if previous is None:
        return None
    shifted = [(start + offset, end + offset) for start, end in spans]
    rest = dataclasses.replace(q, titles=[*q.titles, *shifted]).rest(
        _BEFORE, _BEFORE_LAST, _LAST, _PLACED, _PARAGRAPHS, _CONTAINS, _RESOLUTIONS, _SECTIONS,
        _OPERATIVE, _PREAMBLE, _WHO, _YES_NO, _ASKS,
    )  # fmt: skip
    # the other parts the question names on the way ("the last para of the internet
    # governance bit, right before enhanced cooperation") are places, not topics
    for other in parts_of(part.resolution):
        for name in _part_names(kb, other):
            rest = rest.replace(name, " ")
    if not _content_free(_unsaid(rest, previous.text)):
        return None
    fact = Fact("before_part", (("title", (part.label + " " + part.title).strip()),), previous)
    return Composed("part", "", (fact,), (previous,))


def _part_names(kb: KnowledgeBase, part: Part) -> list[str]:
    """How a question may name a headed part: its heading, its short name, the English
    names of the glossary for them."""
    if part.lead is not None:
        return []
    heading = normalize(part.title)
    names = [heading, normalize(re.split(r"[：:]", part.title)[0])]
    names += [n for n, zh in derived(kb, "part-names", _names) if len(zh) >= 2 and zh in heading]
    return sorted({n for n in names if n}, key=len, reverse=True)


def _before(part: Part) -> Paragraph | None:
    """The paragraph of the resolution printed just before the part begins."""
    start = part.lead or part.members[0]
    order = list(part.resolution.paragraphs)
    at = next((i for i, p in enumerate(order) if p.id == start.id), 0)
    return order[at - 1] if at > 0 else None


def in_a_part(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    """How many paragraphs a named part has, which it spans, or its first, last or n-th."""
    just_before = _just_before(kb, q)
    if just_before is not None:
        return just_before
    asks_count = q.has(_COUNT)
    asks_range = q.has(_RANGE)
    first, last, nth = q.has(_FIRST), q.has(_LAST), _NTH.search(q.text)
    if not (asks_count or asks_range or first or last or nth):
        return None
    named = _named_part(kb, q)
    if named is None:
        return None
    part, spans = named
    named_q = dataclasses.replace(q, titles=[*q.titles, *spans])
    # the resolution named by its subject ("part (a) of the STI resolution"), first
    topics = [p for p, r in reference_tables(kb).resolution_topics if r == part.resolution.id]
    rest = named_q.rest(
        *topics, _RANGE, _COUNT, _FIRST, _LAST, _NTH, _PARAGRAPHS, _CONTAINS, _RESOLUTIONS,
        _SECTIONS, _OPERATIVE, _WHO, _YES_NO, _ASKS,
    )  # fmt: skip
    # words of the part's own lead-in name it too ("(a)部分给各国政府的建议": it addresses them),
    # in Chinese or by an English name of what it addresses ("to governments")
    own = normalize(part.lead.text) if part.lead is not None else ""
    if own:
        for name, zh in derived(kb, "part-names", _names):
            if len(zh) >= 2 and normalize(zh) in own:
                rest = re.sub(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", " ", rest)
    rest = " ".join(w for w in rest.split() if not (len(w) >= 2 and w in own))
    if not (asks_count or asks_range):
        # "第一段讲各国政府要怎样": words the paragraph asked for holds describe it
        asked = _asked_member(part, first, nth)
        if asked is not None:
            rest = _unsaid(rest, asked.text)
    if not _content_free(rest) or _names_another(q, part, spans):
        return None
    values = (
        ("resolution", part.resolution.id),
        ("title", (part.label + " " + part.title).strip()),
        ("first", part.members[0].id),
        ("last", part.members[-1].id),
        ("count", _counted(part)),
    )
    if asks_count or asks_range:
        counted = Fact("section", values, part.resolution)
        # "一共几段，头一段和最后一段分别是啥": the count, then the paragraphs asked for
        ends = ([part.members[0]] if first else []) + ([part.members[-1]] if last else [])
        whose = (("resolution", part.resolution.id),)
        facts = [counted] + [
            Fact(
                "first_paragraph" if p is part.members[0] and first else "last_paragraph", whose, p
            )
            for p in ends
        ]
        # the span's two ends in the report's words, when no end was asked for: what the
        # count rests on, with references to check it
        shown = ends or [part.members[0], part.members[-1]][: len(part.members)]
        return Composed("part", "", tuple(facts), tuple(dict.fromkeys(shown)))
    if nth is not None:
        number = int(next(g for g in nth.groups() if g))
        members = [p for p in part.members if part.lead is not None or p.kind != "item"]
        if not 1 <= number <= len(members):
            return None
        chosen = members[number - 1]
        fact = Fact("nth_paragraph", (("resolution", part.resolution.id), ("n", number)), chosen)
        return Composed("part", "", (fact,), (chosen,))
    chosen = part.members[0] if first else part.members[-1]
    key = "first_paragraph" if first else "last_paragraph"
    return Composed(
        "part", "", (Fact(key, (("resolution", part.resolution.id),), chosen),), (chosen,)
    )


def nth_paragraph(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    """ "The second operative paragraph of the WSIS resolution": the n-th of its kind."""
    nth = _NTH.search(q.text)
    if nth is None or not q.has(_PARAGRAPHS):
        return None
    if any("." in p.id.split(".", 1)[1] for p in q.referenced(Paragraph) if "." in p.id):
        return None  # "第八十四段底下那个(b)项": the sub-paragraph named, exact addressing answers
    resolutions = _named_resolutions(kb, q)
    if len(resolutions) != 1:
        return None
    rest = q.rest(_NTH, _PARAGRAPHS, _CONTAINS, _RESOLUTIONS, _OPERATIVE, _ASKS)
    if not _content_free(rest):
        return None
    resolution = resolutions[0]
    kind = "preamble" if re.search(r"序言|\bpreamb", q.text) else "operative"
    paragraphs = [p for p in resolution.paragraphs if p.kind == kind]
    number = int(next(g for g in nth.groups() if g))
    if not 1 <= number <= len(paragraphs):
        return None
    chosen = paragraphs[number - 1]
    fact = Fact("nth_paragraph", (("resolution", resolution.id), ("n", number)), chosen)
    return Composed("part", "", (fact,), (chosen,))


# to whom a resolution's recommendations go ("to whom are the recommendations in the STI
# resolution addressed", "决议二那一大串建议到底是提给谁审议的")
_TO_WHOM = re.compile(
    r"\bto whom\b|\baddressed to\b|\bdirected (?:at|to)\b|\baimed at\b|\bintended for\b"
    r"|\bwho (?:are|is|were|was) (?:they|it|these|those|the \w+(?: \w+)?) (?:for|addressed)\b"
    r"|(?:提|交|给|供|向|对|分|写)(?:给)?(?:谁|哪几方|哪些方|哪几个方面|哪些人|哪几家|哪些机构)"
)
# the parts of a resolution asked about as such ("(a)(b)(c)三部分各是写给谁的")
_PARTS_ASKED = re.compile(r"[123一二三]?\s*(?:块|个部分|部分)|\bparts\b")
_RECOMMENDATIONS = re.compile(r"建议|\brecomm?endations?\b|\brecs?\b")
_ADDRESSED_WORDS = re.compile(
    r"审议|考虑|\bconsider\w*|那一?大?串|一大堆|那些|\bwhom?\b|\bthey\b|\bare\b|\bfor\b|写"
    r"|\bin\b|\bof\b|\bthe\b|\bto\b|\baddressed\b|\bdirected\b|\baimed\b|\bintended\b"
    # each part's addressee, which the parts' lead-ins give ("abc三块各是谁", "each part")
    r"|(?<![a-z])abc(?![a-z])|[123一二三]?\s*(?:块|个部分|部分)|各|分别|\beach\b|\bparts?\b"
)


def addressed_to(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    """Whom a resolution addresses its recommendations to: its operative lead-in, and the
    lead-ins of its parts that name them."""
    if not (q.has(_TO_WHOM) and (q.has(_RECOMMENDATIONS) or q.has(_PARTS_ASKED))):
        return None
    resolutions = [r for r in _named_resolutions(kb, q) if r.operative_intro]
    if len(resolutions) != 1:
        return None
    resolution = resolutions[0]
    topics = [p for p, r in reference_tables(kb).resolution_topics if r == resolution.id]
    rest = q.rest(
        *topics, _TO_WHOM, _RECOMMENDATIONS, _ADDRESSED_WORDS, _RESOLUTIONS, _YES_NO, _WHO
    )
    if not _content_free(rest):
        return None
    leads = tuple(part.lead for part in parts_of(resolution) if part.lead is not None)
    fact = Fact(
        "addressed_to",
        (("resolution", resolution.id), ("intro", resolution.operative_intro)),
        resolution,
    )
    return Composed("part", "", (fact,), leads)


# which part a paragraph stands in: "which section does paragraph 35 belong to", "第14段属于哪个
# 小标题", "under which heading is paragraph 64"
_WHICH_PART = re.compile(
    r"(?:哪|什么|啥)(?:个|1)?\s*(?:小标题|标题|部分|小节|节|章节|板块|块)|属于|归在|归属"
    r"|\b(?:which|what) (?:sub-?)?(?:sections?|headings?|subheadings?|parts?)\b"
    # (not "what sits under paragraph 84": its sub-paragraphs)
    r"|\bbelong(?:s|ing)?(?: to)?\b"
    r"|\b(?:(?:falls?|sits?|comes?|is|are) )?under\b(?! para\w*| item)"
)


def section_of(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    """The part a named paragraph of a resolution stands in: its heading (or its lettered
    lead-in, or the preamble) with the paragraphs the part spans."""
    if not q.has(_WHICH_PART) or q.has(_COUNT):
        return None  # (not "how many sub-paragraphs sit under paragraph 84")
    paragraphs = q.referenced(Paragraph)
    if len(paragraphs) != 1:
        return None
    paragraph = paragraphs[0]
    resolution = kb.resolution(paragraph.parent)
    if resolution is None:
        return None
    topics = [p for p, r in reference_tables(kb).resolution_topics if r == resolution.id]
    rest = q.rest(
        *topics, _WHICH_PART, _SECTIONS, _PARAGRAPHS, _RESOLUTIONS, _OPERATIVE, _PREAMBLE,
        _YES_NO, _CONTAINS,
    )  # fmt: skip
    if not _content_free(rest):
        return None
    if paragraph.kind == "preamble":
        members = tuple(p for p in resolution.paragraphs if p.kind == "preamble")
        title = f"序言部分 {resolution.intro}".strip()
        return _standing_in(resolution, title, members, paragraph)
    for part in parts_of(resolution):
        # (an item stands among its part's members: 84(b) under 前进的道路, (b)(9) under (b))
        lead = part.lead.id if part.lead is not None else ""
        if paragraph.id == lead or any(m.id == paragraph.id for m in part.members):
            title = (part.label + " " + part.title).strip()
            return _standing_in(resolution, title, part.members, paragraph)
    return None


def _standing_in(
    resolution: Resolution, title: str, members: tuple[Paragraph, ...], paragraph: Paragraph
) -> Composed | None:
    if not members:
        return None
    values = (
        ("resolution", resolution.id),
        ("title", title),
        ("first", members[0].id),
        ("last", members[-1].id),
        ("count", sum(1 for p in members if p.kind != "item") or len(members)),
    )
    return Composed("part", "", (Fact("section", values, resolution),), (paragraph,))
