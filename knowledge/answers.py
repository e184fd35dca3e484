"""Questions about the report's structure, answered from its records, answer first.

Free-text search finds the passage that best matches a question's words; but "who chaired",
"did China speak", "when was resolution II adopted", "how many paragraphs", "which documents
were before item 3" are answered by the records themselves — a bureau seat, a meeting's
speakers, a resolution's adoption, its sections — often by several at once. ``compose`` reads
what a question asks (its intent, the things it names) and, when the records answer it,
returns a ``Composed`` answer: a verdict for yes/no questions, the facts (each tied to the
record it comes from) and the report paragraphs that say so.

It declines — returns None, leaving the question to free-text search — whenever the question
carries content words beyond its intent ("who chaired the working group on enhanced
cooperation" is about a paragraph, not the bureau). When a question names something the report
does not cover (the 21st session, a meeting that was not held) the answer is the verdict
``unknown``: the report does not say, with the nearest facts it does state.

Everything here is pure: the wording lives with the renderers (``Fact.key`` names what a fact
states; ``Fact.values`` holds its values as the report prints them).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from rapidfuzz import fuzz, process

from knowledge.dictionary import homophones, is_proper_name, is_word, names_for, words_in
from knowledge.kbcache import derived
from knowledge.models import (
    AgendaItem,
    BureauMember,
    KnowledgeBase,
    Meeting,
    Paragraph,
    Record,
    Resolution,
    Session,
    Speaker,
)
from knowledge.normalize import normalize
from knowledge.query import GRAMMATICAL
from knowledge.references import ReferenceResolution, named_sessions, prepare_query
from knowledge.search_index import STOPWORDS

__all__ = [
    "Composed",
    "Entity",
    "Fact",
    "Verdict",
    "compose",
    "entities_in",
    "speaker_entries",
]

Verdict = Literal["yes", "no", "unknown", ""]
R = TypeVar("R", bound=Record)
Value = str | int


@dataclass(frozen=True, slots=True)
class Fact:
    """One stated fact: ``key`` names what it states (``chair``, ``adopted``, ``spoke``, …),
    ``values`` its values as the report prints them, ``record`` the record it comes from."""

    key: str
    values: tuple[tuple[str, Value], ...] = ()
    record: Record | None = None

    def value(self, name: str) -> Value | None:
        return next((v for k, v in self.values if k == name), None)


@dataclass(frozen=True, slots=True)
class Composed:
    intent: str
    verdict: Verdict
    facts: tuple[Fact, ...]
    evidence: tuple[Paragraph, ...] = ()
    subject: str = ""  # what the question named, as it wrote it ("China", "第21届")

    @property
    def records(self) -> tuple[Record, ...]:
        """The records the answer rests on, each once, facts first."""
        seen: dict[str, Record] = {}
        for fact in self.facts:
            if fact.record is not None:
                seen.setdefault(fact.record.id, fact.record)
        for paragraph in self.evidence:
            seen.setdefault(paragraph.id, paragraph)
        return tuple(seen.values())


# ---------------------------------------------------------------------------------------------
# Entities: the countries, people and organisations a question names


@dataclass(frozen=True, slots=True)
class Entity:
    kind: str  # "country", "person", "organization", "body"
    zh: str  # as the report prints it
    forms: tuple[str, ...]  # normalized forms that name it (Chinese and Latin-script)


@dataclass(frozen=True, slots=True)
class _Entities:
    entities: tuple[Entity, ...]
    latin: tuple[tuple[re.Pattern[str], Entity], ...]  # longest names first
    cjk: tuple[tuple[str, Entity], ...]  # longest first


_ENTITY_KINDS = ("country", "person", "organization", "body")


def _build_entities(kb: KnowledgeBase) -> _Entities:
    forms: dict[str, tuple[str, set[str]]] = {}

    def add(kind: str, zh: str, *names: str) -> None:
        if not zh.strip():
            return
        key = normalize(zh)
        if not key:
            return
        entry = forms.setdefault(key, (kind, set()))
        entry[1].add(key)
        for name in names:
            folded = normalize(name)
            if folded and len(folded) >= 2:
                entry[1].add(folded)

    for alias in kb.aliases:
        if alias.kind in _ENTITY_KINDS:
            add(alias.kind, alias.zh, *alias.names)
    for meeting in kb.meetings:
        for speaker in meeting.speakers:
            if speaker.country:
                add("country", speaker.country)
            if speaker.name:
                add("person", speaker.name)
            if speaker.organization:
                add("organization", speaker.organization)
    for seat in kb.bureau:
        if seat.name:
            add("person", seat.name, seat.name_en)
        if seat.country:
            add("country", seat.country)
    # names the knowledge base gives to several Chinese forms (ITU: 国际电信联盟, 国际电联)
    # name one thing
    by_name: dict[str, list[str]] = {}
    for key, (_, names) in forms.items():
        for name in names:
            if name.isascii():
                by_name.setdefault(name, []).append(key)
    for keys in by_name.values():
        if len(keys) > 1:
            union = set().union(*(forms[k][1] for k in keys))
            for k in keys:
                forms[k][1].update(union)
    entities = tuple(Entity(kind, zh, tuple(sorted(f))) for zh, (kind, f) in forms.items())
    latin: list[tuple[re.Pattern[str], Entity]] = []
    cjk: list[tuple[str, Entity]] = []
    for entity in entities:
        for form in entity.forms:
            if any(_is_cjk(ch) for ch in form):
                if len(form) >= 2:
                    cjk.append((form, entity))
            elif len(form) >= 2 and form not in _AMBIGUOUS_LATIN and form not in STOPWORDS:
                latin.append((re.compile(rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])"), entity))
    latin.sort(key=lambda p: -len(p[0].pattern))
    cjk.sort(key=lambda p: -len(p[0]))
    return _Entities(entities, tuple(latin), tuple(cjk))


# Latin-script names that are also everyday words in questions
_AMBIGUOUS_LATIN = frozenset({"un", "ga", "au", "council", "commission", "cstd", "head", "us"})


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _longer_words(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """For each Chinese entity name, the knowledge base's longer words that contain it
    (中国 → 发展中国家): a name inside one of them is not the name."""
    table = derived(kb, "answer-entities", _build_entities)
    words = {normalize(g.zh) for g in kb.glossary} | {normalize(a.zh) for a in kb.aliases}
    texts = [normalize(p.text) for r in kb.resolutions for p in r.paragraphs]
    texts.extend(normalize(p.text) for p in kb.paragraphs)
    words |= set(words_in(" ".join(texts)))
    out: dict[str, tuple[str, ...]] = {}
    for form, _ in table.cjk:
        longer = tuple(w for w in words if len(w) > len(form) and form in w)
        if longer:
            out[form] = longer
    return out


def _inside_longer(folded: str, form: str, start: int, longer: tuple[str, ...]) -> bool:
    end = start + len(form)
    for word in longer:
        at = folded.find(word, max(0, start - len(word)))
        while 0 <= at <= start:
            if at + len(word) >= end:
                return True
            at = folded.find(word, at + 1)
    return False


def entities_in(kb: KnowledgeBase, folded: str) -> list[tuple[Entity, tuple[int, int]]]:
    """The entities a normalized question names, with where, longest first, not overlapping.
    The Commission itself (委员会, CSTD) is not an entity a question asks about, and a name
    inside a longer word is not the name (中国 in 发展中国家)."""
    table = derived(kb, "answer-entities", _build_entities)
    longer_words = derived(kb, "answer-longer-words", _longer_words)
    taken: list[tuple[int, int]] = []
    found: list[tuple[Entity, tuple[int, int]]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for form, entity in table.cjk:
        start = folded.find(form)
        while start >= 0:
            end = start + len(form)
            longer = longer_words.get(form, ())
            if free(start, end) and not (longer and _inside_longer(folded, form, start, longer)):
                taken.append((start, end))
                found.append((entity, (start, end)))
            start = folded.find(form, end)
    for pattern, entity in table.latin:
        for match in pattern.finditer(folded):
            if free(match.start(), match.end()):
                taken.append((match.start(), match.end()))
                found.append((entity, (match.start(), match.end())))
    found = [(e, s) for e, s in found if e.kind != "body" or e.zh not in _SELF]
    found.sort(key=lambda p: p[1])
    return found


_SELF = frozenset(
    {"委员会", "科学和技术促进发展委员会", "经济及社会理事会", "经社理事会", "理事会"}
)


# ---------------------------------------------------------------------------------------------
# What a question asks

_WHO = re.compile(r"谁|哪位|哪几位|哪些人|哪个国家|哪些国家|哪国|\bwho\b|\bwhom\b|\bname")
_WHEN = re.compile(
    r"什么时候|何时|哪天|哪一天|几号|几月|日期|时间|\bwhen\b|what date|which date|what day"
    r"|\bdates?\b"
)
_CLOCK = re.compile(
    r"几点|\bwhat time\b|\bstart(?:s|ed|ing)?\b|\bbegin|开始|\bend(?:s|ed)?\b|结束"
)
_NOW = re.compile(
    r"下次|下一次|下一场|接下来|今天|明天|现在|目前|正在|\bnext\b|\btoday\b|\btomorrow\b|\bnow\b"
    r"|\bupcoming\b|\bcurrently\b|what'?s on"
)
_ROLE = re.compile(
    r"副主席|主席团|主席|报告员|主持|\bvice[ -]?chair\w*|\bchair\w*|\brapporteur|\bbureau\b"
    r"|\bofficers?\b|\bpresid\w*"
)
_ADOPT = re.compile(r"通过|核准|批准|\badopt\w*|\bapprov\w*|\bpass(?:ed)?\b")
_HOW = re.compile(
    r"如何|怎么|怎样|什么方式|什么程序|方式|程序|办法|方法|表决|投票|\bhow\b|\bvote|\bprocedure|\bmethod|\bway\b"
)
_ELECT = re.compile(r"选举|当选|选出|\belect\w*")
_SPEAK = re.compile(
    r"发言|发的言|讲话|讲了话|致辞|演讲|发表|参加|出席|\bspeak\w*|\bspoke\b|\bstatements?\b"
    r"|\btook the floor|\btake the floor|\btalk\w*|\baddress(?:ed)?\b|\bparticipat\w*"
    r"|\bpanel\w*|\bintervened?\b"
)
_SAID = re.compile(
    r"讲了?些?什么|说了?些?什么|讲了?些?啥|说了?些?啥|讲的什么|具体内容|讲话内容|发言内容|什么内容|啥内容|观点|立场"
    r"|\bwhat did\b.*\b(?:say|said|speak about|talk about|propose|announce|state)\b"
    r"|\bcontent of\b|\bremarks\b|\bposition\b|\bview(?:s)?\b"
)
# what speakers are ("埃及部长", "the Chinese minister"): part of naming them, not content
_TITLES = re.compile(
    r"副部长|部长|院长|主任|秘书长|大使|教授|司长|总裁|副总统|官员"
    r"|\b(?:deputy |vice[ -])?minister\b|\bpresident\b|\bdirector\b|\bambassador\b"
    r"|\bprofessor\b|\bsecretary(?:[ -]general)?\b|\bofficial\b|\bhead\b"
)
_COUNCIL = re.compile(
    r"经社理事会|经济及社会理事会|理事会|\becosoc\b|\beconomic and social council\b"
)
_NAME = re.compile(r"叫什么|叫啥|名字|姓名|\bname\b|\bnamed\b|\bwho (?:is|was) the\b")
_MEMBERS = re.compile(r"成员|出来|\bmembers?\b")
_RESOLUTION_NUMBER = re.compile(
    r"决议(?:草案)?\s*(\d+)(?![\d/])|第\s*(\d+)\s*[项份个]?决议|\bresolution\s+(\d+)\b(?!\s*/)"
)
_COUNT = re.compile(
    r"多少|几个|几项|几次|几段|几份|几位|几名|几场|几届|几条|\bhow many\b|\bnumber of\b"
)
_DOCS = re.compile(r"文件|文档|\bdocuments?\b|\bdocs?\b|\bpapers?\b|\breports?\b")
_SECTIONS = re.compile(
    r"几部分|部分|章节|小标题|标题|结构|分为|分成|\bsections?\b|\bparts?\b|\bheadings?\b"
    r"|\bstructure\w*|\boutline\b|\bdivided\b"
)
_FIRST = re.compile(
    r"第一段|第1段|首段|开头|第一|\bfirst\b|\bopening\b|\bbegin\w*"
    r"|\b1\s+(?:operative\s+|preambular\s+)?paragraph"  # "first" as reference parsing reads it
)
_LAST = re.compile(r"最后一段|末段|最后|结尾|\blast\b|\bfinal\b|\bclosing\b")
_ANNEX = re.compile(r"附件\s*(\d)|\bannex\s*(\d)\b")
_CHAPTER = re.compile(r"第\s*(\d+)\s*章|\bchapter\s*(\d+|[ivx]+)\b")
_CONTAINS = re.compile(
    r"内容|讲了?什么|说了?什么|是什么|有什么|包括|包含|载有|关于什么|\bcontain\w*|\binclude\w*"
    r"|\babout\b|\bwhat is in\b|\bwhat'?s in\b|\bcover\w*|\bsay\w*"
)
_PARAGRAPHS = re.compile(r"段|\bparagraph\w*|\bparas?\b|\bclauses?\b")
_PREAMBLE = re.compile(r"序言|\bpreamb\w*")
_OPERATIVE = re.compile(r"执行|\boperative\b")
_ITEMS = re.compile(r"议程项目|项目|议程|\bagenda\b|\bitems?\b")
_MEETINGS = re.compile(r"会议|开会|\bmeetings?\b")
_SPEAKERS = re.compile(r"发言者|发言人|讲者|\bspeakers?\b|\bspeak\w*|发言|\bcountries\b|国家")
_RESOLUTIONS = re.compile(r"决议|决定|\bresolutions?\b|\bdecisions?\b")
_FOOTNOTES = re.compile(r"脚注|注释|\bfootnotes?\b")
_VICE = re.compile(r"副主席|\bvice[ -]?chair\w*")
_RAPPORTEUR = re.compile(r"报告员|\brapporteur")
_BUREAU = re.compile(r"主席团|\bbureau\b|\bofficers?\b")
_PRESIDE = re.compile(r"主持|\bpresid\w*|\bchaired\b")
_YES_NO = re.compile(
    r"吗|是否|有没有|是不是|有无|\b(?:did|does|do|was|were|is|are|has|have|had)\b"
)

# What is left of a question once its intent, the things it names and its filler are gone;
# anything left beyond this much is content that free-text search must weigh.
_FILLER = re.compile(
    r"请问|请|一下|告诉我|我想知道|想知道|想问|问一下|能不能|可不可以|可以|到底|究竟|啥|呀|啊|呢|吧|吗|嘛"
    r"|咱们|我们|那个|这个|这次|本次|本届|这届|此次|有没有|是不是|是否|是什么|什么|哪些|哪个|哪|谁|几"
    r"|代表团|代表|具体|一共|都|没有|了没|没|些"
    r"|的|了|是|有|在|和|与|及|都|又|也|就|被|把|对|给|由|从|过|着|会上|上|中|里|期间|一共|总共|共"
    r"|委员会|科技委|科学和技术促进发展|经社理事会|理事会|届会|会议|本|次|届|个|位|名|项|份|场|段"
    r"|举行|召开|进行|担任|作为|呢|么|怎么样|情况|分别|所有|全部|列出|列表|清单"
)
_STRUCTURE_WORDS = frozenset(
    """commission cstd session sessions meeting meetings council ecosoc report held hold
    there tell me list all please the a an of in on at for to by was were is are did does do
    who whom which what when how many number anyone anybody someone any country countries
    delegation delegations delegate representative representatives member members
    officially formally also yes no its their our happen happened take taken place
    un united nations 23rd 24th 2020 virtual informal exactly actually really officer
    chairperson chairman chairwoman person people someone whether ever two both three
    first second third""".split()  # noqa: SIM905
)


def _residual(text: str, spans: Iterable[tuple[int, int]], *patterns: re.Pattern[str]) -> str:
    """What is left of a normalized question once spans and patterns are cut out."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            chars[i] = " "
    rest = "".join(chars)
    for pattern in patterns:
        rest = pattern.sub(" ", rest)
    rest = _FILLER.sub(" ", rest)
    words = []
    for word in rest.split():
        if word.isascii():
            if word in _STRUCTURE_WORDS or len(word) <= 1 or word.isdigit():
                continue
            if len(word) >= 6 and process.extractOne(
                word, _STRUCTURE_WORDS, scorer=fuzz.ratio, score_cutoff=88
            ):
                continue  # a misspelt structure word ("commision")
            if word in STOPWORDS:
                continue
        words.append(word)
    return " ".join(words)


def _content_free(rest: str) -> bool:
    """Nothing left that free text would weigh: no Chinese word, no English one."""
    cjk = sum(1 for ch in rest if _is_cjk(ch))
    latin = [w for w in rest.split() if w.isascii()]
    return cjk <= 1 and not latin


@dataclass(slots=True)
class _Question:
    text: str  # normalized, ordinals and numerals folded
    references: ReferenceResolution | None
    sessions: tuple[int, ...]  # session numbers named, real or not
    entities: list[tuple[Entity, tuple[int, int]]] = field(default_factory=list)
    titles: list[tuple[int, int]] = field(default_factory=list)  # resolution titles quoted

    def has(self, pattern: re.Pattern[str]) -> bool:
        return bool(pattern.search(self.text))

    def referenced(self, kind: type[R]) -> list[R]:
        if self.references is None:
            return []
        out: list[R] = []
        for reference in self.references.references:
            for record in reference.records:
                if isinstance(record, kind) and record not in out:
                    out.append(record)
        return out

    def rest(self, *patterns: re.Pattern[str]) -> str:
        spans = [span for _, span in self.entities] + self.titles
        return _residual(self.text, spans, *patterns, *_REFERENCE_WORDS)


_REFERENCE_WORDS = (
    re.compile(
        r"第\s*\d+\s*(?:届|次|项|段|章)(?:会议|会)?|\d+\s*(?:届|次)|\b\d+(?:st|nd|rd|th)?\b"
        r"|决议草案|决定草案|决议|决定|\bdraft\b|\bresolutions?\b|\bdecisions?\b"
        r"|议程项目|议程|项目|\bagenda\b|\bitems?\b|\bsessions?\b|\bmeetings?\b|[ivx]+\b|\([a-z]\)"
    ),
)


# ---------------------------------------------------------------------------------------------
# Composition


def compose(
    kb: KnowledgeBase,
    query: str,
    references: ReferenceResolution | None,
    *,
    now: dt.datetime | None = None,
) -> Composed | None:
    """The structured answer to a question, or None when free-text search should answer."""
    heard = _heard_right(kb, normalize(query))
    text = normalize(prepare_query(heard))
    if not text:
        return None
    if references is not None and any(
        r.kind == "document" and r.found for r in references.references
    ):
        return None  # a document symbol: exact addressing and free text answer it
    question = _Question(text, references, named_sessions(query))
    question.entities = entities_in(kb, text)
    for resolution in kb.resolutions:
        title = normalize(resolution.title)
        start = text.find(title) if title else -1
        if start >= 0:
            question.titles.append((start, start + len(title)))
    if re.search(r"决议|\bresolution", text):
        for pattern, _ in derived(kb, "resolution-names", _resolution_names):
            question.titles.extend(m.span() for m in pattern.finditer(text))
    for attempt in (
        _out_of_scope,
        _missing_resolution,
        _spoke,
        _counts,
        _adoption,
        _election_dates,
        _bureau,
        _presided,
        _contents,
        _documents,
        _sections,
        _first_last,
        _times,
        _dates,
    ):
        composed = attempt(kb, question, now)
        if composed is not None:
            return composed
    return None


def _vocabulary(kb: KnowledgeBase) -> tuple[str, frozenset[str]]:
    texts = [normalize(r.title) for r in kb.resolutions]
    texts.extend(normalize(p.text) for r in kb.resolutions for p in r.paragraphs)
    texts.extend(normalize(p.text) for p in kb.paragraphs)
    texts.extend(normalize(a.zh) for a in kb.aliases)
    texts.extend(normalize(g.zh) for g in kb.glossary)
    text = "\n".join(texts)
    return text, words_in(text)


def _heard_right(kb: KnowledgeBase, text: str) -> str:
    """A question with its input-method slips put right: a run of 2–4 characters that is no
    word at all, never printed in the report, and sounds exactly like one word the report
    uses (付件二 → 附件二, 决义 → 决议). Grammatical characters are never a slip."""
    printed, vocabulary = derived(kb, "answer-vocabulary", _vocabulary)
    out = text
    for run in re.findall(r"[\u3400-\u9fff]{2,}", text):
        done: list[tuple[int, int]] = []
        for size in (4, 3, 2):
            for start in range(len(run) - size + 1):
                end = start + size
                window = run[start:end]
                if (
                    window in printed
                    or is_word(window)
                    or any(ch in GRAMMATICAL for ch in window)
                    or any(start < b and end > a for a, b in done)
                ):
                    continue
                heard = homophones(window, vocabulary)
                if len(heard) == 1:
                    out = out.replace(window, heard[0])
                    done.append((start, end))
    return out


def _current(kb: KnowledgeBase) -> Session:
    return kb.current_session


def _evidence(kb: KnowledgeBase, ids: Iterable[str], limit: int = 3) -> tuple[Paragraph, ...]:
    out: list[Paragraph] = []
    for record_id in ids:
        record = kb.get(record_id)
        if isinstance(record, Paragraph) and record not in out:
            out.append(record)
        if len(out) >= limit:
            break
    return tuple(out)


def _session_values(session: int) -> tuple[str, Value]:
    return ("session", session)


# --- a session, meeting or item the report does not cover ------------------------------------


def _out_of_scope(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    known = {s.number for s in kb.sessions}
    missing = [n for n in q.sessions if n not in known]
    if not missing:
        return None
    # "第六十一届会议" of another body is ordinary wording: only the Commission's own sessions
    other_body = any(e.kind == "body" for e, _ in q.entities)
    if other_body:
        return None
    rest = q.rest(_WHO, _WHEN, _ROLE, _ADOPT, _ELECT, _DOCS, _NOW, _CLOCK, _CONTAINS, _COUNT)
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


# --- who spoke -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpeakerEntry:
    meeting: Meeting
    speaker: Speaker


def speaker_entries(kb: KnowledgeBase) -> list[SpeakerEntry]:
    return [SpeakerEntry(m, s) for m in kb.meetings for s in m.speakers]


def _speaker_matches(entry: SpeakerEntry, entity: Entity) -> bool:
    forms = set(entity.forms) | {normalize(entity.zh)}
    speaker = entry.speaker
    fields = [speaker.name, speaker.country, speaker.organization, speaker.role]
    folded = [normalize(f) for f in fields if f]
    return any(form == f or (len(form) >= 2 and form in f) for form in forms for f in folded)


def _spoke(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    people = [e for e, _ in q.entities if e.kind in ("country", "person", "organization")]
    if not q.has(_SPEAK) and not (people and q.has(_SAID)):
        return None
    meetings = q.referenced(Meeting)
    rest = q.rest(_SPEAK, _WHO, _YES_NO, _WHEN, _COUNT, _SPEAKERS, _CONTAINS)
    if people and q.has(_SAID):
        # the report lists who spoke, not what they said
        entity = people[0]
        said = [e for e in speaker_entries(kb) if _speaker_matches(e, entity)]
        facts_said = [Fact("not_recorded", (("who", entity.zh),))]
        facts_said.extend(_spoke_fact(e) for e in said)
        return Composed("spoke", "unknown", tuple(facts_said), subject=entity.zh)
    if people and not _content_free(
        q.rest(
            _SPEAK,
            _WHO,
            _YES_NO,
            _WHEN,
            _SPEAKERS,
            _MEETINGS,
            _TITLES,
            _NAME,
            re.compile(r"哪次|哪一次|哪场|开幕|\bwhich\b|\bwhere\b|\bopening\b|\bopened\b"),
        )
    ):
        return None
    if people:
        entity = people[0]
        entries = [
            e
            for e in speaker_entries(kb)
            if _speaker_matches(e, entity) and (not meetings or e.meeting in meetings)
        ]
        if entries and q.has(_NAME) and all(not e.speaker.name for e in entries):
            # "what is the name of the UNCTAD Secretary-General": the report gives none
            unnamed = (Fact("not_named", (("who", entity.zh),)), *map(_spoke_fact, entries))
            return Composed("spoke", "unknown", unnamed, subject=entity.zh)
        if entries:
            facts = tuple(_spoke_fact(e) for e in entries)
            evidence = _evidence(kb, (e.speaker.source for e in entries))
            return Composed("spoke", "yes", facts, evidence, subject=entity.zh)
        if not _content_free(rest):
            return None
        # a bureau member presiding is not a speaker, but is the answer to "did X take part"
        presiding = _presiding_mentions(kb, entity)
        facts_list: list[Fact] = [Fact("did_not_speak", (("who", entity.zh),))]
        facts_list.extend(presiding)
        return Composed(
            "spoke",
            "no",
            tuple(facts_list),
            _evidence(kb, ("AX2.3", "AX2.8", "AX2.16")),
            subject=entity.zh,
        )
    if not people and q.has(_YES_NO):
        named = _unlisted_name(kb, rest)
        if named:
            # a country or person the report never names: it is not among the speakers
            fact = Fact("did_not_speak", (("who", named),))
            evidence = _evidence(kb, ("AX2.3", "AX2.8", "AX2.16"))
            return Composed("spoke", "no", (fact,), evidence, subject=named)
    if not _content_free(rest):
        return None
    if q.has(_COUNT):
        return _speaker_count(kb, meetings)
    if not q.has(_WHO) and not meetings:
        return None
    chosen = meetings or [m for m in kb.meetings if m.speakers]
    facts = tuple(
        Fact(
            "speakers",
            (
                ("meeting", m.number),
                ("date", m.date.isoformat()),
                ("segment", segment),
                ("who", "; ".join(_speaker_label(s) for s in speakers)),
            ),
            m,
        )
        for m in chosen
        for segment, speakers in _by_segment(m.speakers)
    )
    if not facts:
        return None
    return Composed("speakers", "", facts)


def _spoke_fact(entry: SpeakerEntry) -> Fact:
    return Fact(
        "spoke",
        (
            ("meeting", entry.meeting.number),
            ("date", entry.meeting.date.isoformat()),
            ("who", _speaker_label(entry.speaker)),
            ("segment", entry.speaker.segment),
        ),
        entry.meeting,
    )


def _unlisted_name(kb: KnowledgeBase, rest: str) -> str:
    """The proper name a question is left with, when the report never prints it ("Kenya",
    "肯尼亚"): the dictionary knows it is a name, the knowledge base does not have it."""
    words = rest.split()
    if len(words) != 1:
        return ""
    word = words[0]
    text = " ".join(normalize(p.text) for p in kb.paragraphs)
    if word.isascii():
        names = names_for(word)
        return names[0] if names and not any(n in text for n in names) else ""
    return word if is_proper_name(word) and word not in text else ""


def _by_segment(speakers: Sequence[Speaker]) -> Iterator[tuple[str, list[Speaker]]]:
    order: dict[str, list[Speaker]] = {}
    for speaker in speakers:
        order.setdefault(speaker.segment, []).append(speaker)
    yield from order.items()


def _speaker_label(speaker: Speaker) -> str:
    parts = [p for p in (speaker.country, speaker.organization, speaker.role) if p]
    head = speaker.name or (parts.pop(0) if parts else "")
    return head + (f" ({', '.join(parts)})" if parts else "")


def _presiding_mentions(kb: KnowledgeBase, entity: Entity) -> list[Fact]:
    facts: list[Fact] = []
    for seat in kb.bureau:
        names = {normalize(x) for x in (seat.name, seat.name_en, seat.country) if x}
        if names & (set(entity.forms) | {normalize(entity.zh)}):
            facts.append(_seat_fact(seat))
    return facts


def _speaker_count(kb: KnowledgeBase, meetings: list[Meeting]) -> Composed:
    chosen = meetings or list(kb.meetings)
    facts = [
        Fact("count_speakers", (("meeting", m.number), ("count", len(m.speakers))), m)
        for m in chosen
    ]
    if len(chosen) > 1:
        total = sum(len(m.speakers) for m in chosen)
        facts.append(Fact("count_total", (("count", total),)))
    return Composed("count", "", tuple(facts))


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
        if re.search(r"决定|\bdecision\b", q.text):
            named = [r for r in kb.resolutions if r.kind == "decision"]
        elif re.search(r"决议|\bresolution", q.text):
            named = [r for r in kb.resolutions if r.kind == "resolution"]
    return named


def _resolution_names(kb: KnowledgeBase) -> list[tuple[re.Pattern[str], Resolution]]:
    """English names that point at one resolution: the glossary's and aliases' names of
    terms its title holds and no other title does ("WSIS", "STI")."""
    resolutions = [r for r in kb.resolutions if r.kind == "resolution" and r.title]
    terms = [(g.zh, g.en) for g in kb.glossary] + [(a.zh, a.names) for a in kb.aliases]
    out: list[tuple[re.Pattern[str], Resolution]] = []
    for zh, names in terms:
        if len(zh) < 4:
            continue
        holders = [r for r in resolutions if zh in r.title]
        if len(holders) != 1:
            continue
        for name in names:
            folded = normalize(name)
            if folded and folded.isascii() and folded not in STOPWORDS:
                pattern = re.compile(rf"(?<![a-z0-9]){re.escape(folded)}(?![a-z0-9])")
                out.append((pattern, holders[0]))
    out.sort(key=lambda p: -len(p[0].pattern))
    return out


def _adoption(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    if not q.has(_ADOPT) or not (q.has(_WHEN) or q.has(_HOW) or q.has(_YES_NO)):
        return None
    if re.search(r"\d{4}/\d+|\d+/\d+", q.text):
        return None  # another body's resolution ("2006/46号决议"), which free text finds
    if re.search(r"议程|\bagenda\b", q.text) and not q.has(_RESOLUTIONS):
        return _agenda_adoption(kb, q)
    resolutions = _named_resolutions(kb, q)
    if not resolutions:
        if not re.search(r"决议|决定|草案|\bresolution|\bdecision|\bdraft", q.text):
            return None
        resolutions = list(kb.resolutions)
    rest = q.rest(_ADOPT, _WHEN, _HOW, _YES_NO, _RESOLUTIONS, _COUNCIL)
    if not _content_free(rest):
        return None
    council = q.has(_COUNCIL)
    facts = tuple(
        Fact(
            "adopted",
            (
                ("title", r.title),
                ("by", r.adopted_by),
                ("date", r.adopted_on.isoformat() if r.adopted_on else ""),
            ),
            r,
        )
        for r in resolutions
    )
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


def _agenda_adoption(kb: KnowledgeBase, q: _Question) -> Composed | None:
    session = _current(kb)
    if re.search(r"临时|\bprovisional\b", q.text) or any(n != session.number for n in q.sessions):
        return None  # the next session's provisional agenda: its approval is in the report text
    if session.agenda_adopted is None:
        return None
    verdict: Verdict = "yes" if session.agenda_adopted else "no"
    fact = Fact("agenda_adopted", (("adopted", int(session.agenda_adopted)),), session)
    return Composed("agenda_adopted", verdict, (fact,), _evidence(kb, session.source))


def _election_dates(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    if not q.has(_ELECT) or not (q.has(_WHEN) or q.has(_HOW)):
        return None
    rest = q.rest(_ELECT, _WHEN, _HOW, _ROLE, _YES_NO, _MEMBERS)
    if not _content_free(rest):
        return None
    sessions = [n for n in q.sessions if kb.session(n)] or [s.number for s in kb.sessions]
    people = {normalize(e.zh) for e, _ in q.entities}
    seats = [
        s
        for s in kb.bureau
        if s.session in sessions
        and (not people or normalize(s.name) in people or normalize(s.country) in people)
        and (s.elected_on or s.status == "postponed")
    ]
    if not seats:
        return None
    return Composed(
        "elected",
        "",
        tuple(_seat_fact(s) for s in seats),
        _evidence(kb, (src for s in seats for src in s.source)),
    )


# --- the bureau ------------------------------------------------------------------------------


def _role_of(q: _Question) -> str | None:
    if q.has(_VICE):
        return "vice-chair"
    if q.has(_RAPPORTEUR):
        return "rapporteur"
    if q.has(_BUREAU):
        return None
    return "chair"


def _seats(
    kb: KnowledgeBase, role: str | None, sessions: Sequence[int] | None
) -> list[BureauMember]:
    return [
        s
        for s in kb.bureau
        if (role is None or s.role == role) and (not sessions or s.session in sessions)
    ]


def _seat_fact(seat: BureauMember) -> Fact:
    return Fact(
        "seat",
        (
            ("session", seat.session),
            ("role", seat.role),
            ("status", seat.status),
            ("name", seat.name),
            ("country", seat.country),
            ("region", seat.region),
            ("by", seat.elected_by),
            ("date", seat.elected_on.isoformat() if seat.elected_on else ""),
        ),
        seat,
    )


def _bureau(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    if not q.has(_ROLE) or q.referenced(Meeting):
        return None
    presiding_words = q.has(_PRESIDE) and not re.search(r"主席|\bchair(?!ed)", q.text)
    if presiding_words and not q.has(_BUREAU):
        return None  # "who presided" is about meetings
    rest = q.rest(
        _ROLE,
        _WHO,
        _YES_NO,
        _ELECT,
        _COUNT,
        _WHEN,
        _NOW,
        re.compile(r"推迟|延后|空缺|选满|\bpostpon\w*|\bvacant|\bdefer\w*|\bfilled\b|\bseats?\b"),
    )
    if not _content_free(rest):
        return None
    people = [e for e, _ in q.entities if e.kind in ("person", "country")]
    role = _role_of(q)
    sessions = [n for n in q.sessions if kb.session(n)]
    if not sessions and re.search(r"下届|下一届|下次届会|\bnext session\b|\bnext year\b", q.text):
        sessions = [s.number for s in kb.sessions if s.status == "planned"]
    seats = _seats(kb, role, sessions)
    if not seats and sessions and role is not None:
        nearest = [_seat_fact(s) for s in kb.bureau if s.role == role]
        missing = Fact("no_seat", (("session", sessions[0]), ("role", role)))
        return Composed("bureau", "unknown", (missing, *nearest))
    if re.search(r"推迟|延后|空缺|选满|\bpostpon|\bvacant|\bdefer|\bfilled\b|\bempty\b", q.text):
        postponed = [s for s in seats if s.status == "postponed"]
        if re.search(r"\bfilled\b|选满", q.text) and q.has(_YES_NO):
            verdict_filled: Verdict = "no" if postponed else "yes"
            return Composed(
                "bureau",
                verdict_filled,
                tuple(_seat_fact(s) for s in postponed or seats),
                _evidence(kb, (src for s in postponed or seats for src in s.source), 2),
            )
        seats = postponed
    elif role == "chair" and not q.has(_BUREAU):
        seats = [s for s in seats if s.status != "presiding"]
    verdict: Verdict = ""
    if people:
        forms = {f for e in people for f in e.forms} | {normalize(e.zh) for e in people}
        matching = [
            s
            for s in _seats(kb, None, sessions)
            if {normalize(x) for x in (s.name, s.name_en, s.country) if x} & forms
        ]
        in_role = [s for s in matching if s in seats]
        if q.has(_YES_NO):
            verdict = "yes" if in_role else "no"
        seats = in_role or matching or seats
    if not seats:
        return None
    if q.has(_COUNT):
        fact = Fact("count_seats", (("count", len(seats)), ("role", role or "bureau")))
        return Composed("count", "", (fact, *(_seat_fact(s) for s in seats)))
    seats.sort(key=lambda s: (-s.session, ["chair", "vice-chair", "rapporteur"].index(s.role)))
    return Composed(
        "bureau",
        verdict,
        tuple(_seat_fact(s) for s in seats),
        _evidence(kb, (src for s in seats for src in s.source), 2),
    )


def _presided(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    if not (q.has(_PRESIDE) or q.has(_ROLE)) or not (q.has(_WHO) or q.has(_YES_NO)):
        return None
    meetings = q.referenced(Meeting)
    rest = q.rest(_ROLE, _WHO, _PRESIDE, _YES_NO, _MEETINGS, re.compile(r"开幕|\bopen\w*"))
    if not meetings:
        if not re.search(r"会议|\bmeetings?\b|圆桌|round ?table|segment|部分", q.text):
            return None
        if not _content_free(rest):
            return None
        meetings = list(kb.meetings)
    elif not _content_free(rest):
        return None
    facts: list[Fact] = []
    for meeting in meetings:
        facts.append(
            Fact(
                "presided",
                (
                    ("meeting", meeting.number),
                    ("date", meeting.date.isoformat()),
                    ("by", meeting.presided_by),
                    ("opened", meeting.opened_by),
                ),
                meeting,
            )
        )
        for segment in meeting.segments:
            if segment.presided_by:
                facts.append(
                    Fact(
                        "segment_presided",
                        (
                            ("meeting", meeting.number),
                            ("segment", segment.title),
                            ("by", segment.presided_by),
                        ),
                        meeting,
                    )
                )
    return Composed(
        "presided", "", tuple(facts), _evidence(kb, (s for m in meetings for s in m.source[:1]))
    )


# --- counts ----------------------------------------------------------------------------------


def _counts(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    if not q.has(_COUNT):
        return None
    rest = q.rest(
        _COUNT,
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
    if q.has(_PARAGRAPHS) or q.has(_PREAMBLE) or q.has(_OPERATIVE):
        resolutions = _named_resolutions(kb, q) or list(kb.resolutions)
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
        return Composed("count", "", tuple(facts))
    if q.has(_FOOTNOTES):
        notes = sum(len(p.footnotes) for r in kb.resolutions for p in r.paragraphs) + sum(
            len(p.footnotes) for p in kb.paragraphs
        )
        return Composed("count", "", (Fact("count_footnotes", (("count", notes),)),))
    if q.has(_RESOLUTIONS):
        resolutions = [r for r in kb.resolutions if r.kind == "resolution"]
        decisions = [r for r in kb.resolutions if r.kind == "decision"]
        fact = Fact(
            "count_resolutions", (("resolutions", len(resolutions)), ("decisions", len(decisions)))
        )
        return Composed("count", "", (fact,), _evidence(kb, ("SUM6", "P1", "P2")))
    if q.has(_SPEAKERS) and not q.has(_DOCS):
        return _speaker_count(kb, q.referenced(Meeting))
    if q.has(_DOCS):
        documents = [d for d in kb.documents if d.session == _current(kb).number]
        fact = Fact("count_documents", (("count", len(documents)),))
        return Composed("count", "", (fact,), _evidence(kb, ("P19",)))
    if q.has(_ITEMS):
        sessions = [n for n in q.sessions if kb.session(n)] or [_current(kb).number]
        facts = []
        for number in sessions:
            top = [a for a in kb.agenda if a.session == number and not a.parent]
            facts.append(Fact("count_items", (("session", number), ("count", len(top)))))
            facts.extend(Fact("item", (("number", a.number), ("title", a.title)), a) for a in top)
        return Composed("count", "", tuple(facts))
    if q.has(_MEETINGS):
        session = _current(kb)
        count = session.meeting_count or len(kb.meetings)
        fact = Fact("count_meetings", (("count", count), ("session", session.number)), session)
        stating = [p for p in kb.paragraphs if re.search(r"共举行了.{1,4}次", p.text)]
        return Composed("count", "", (fact,), tuple(stating[:1]))
    return None


# --- documents -------------------------------------------------------------------------------


def _documents(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    if not q.has(_DOCS) or q.has(_COUNT):
        return None
    items = q.referenced(AgendaItem)
    rest = q.rest(
        _DOCS,
        _ITEMS,
        _WHO,
        _CONTAINS,
        re.compile(
            r"面前|审议|收到|之前|\bbefore\b"
            r"|\bconsider\w*|\bunder\b|\bsubmitted\b|\bavailable\b|\bissued\b"
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
            facts.append(
                Fact(
                    "document",
                    (
                        ("symbol", symbol),
                        ("title", document.title if document else ""),
                        ("item", item.number),
                    ),
                    document or item,
                )
            )
            listed.add(symbol)
    if not items:
        for document in kb.documents:
            if document.session == current and document.symbol not in listed:
                facts.append(
                    Fact(
                        "document",
                        (
                            ("symbol", document.symbol),
                            ("title", document.title),
                            ("item", document.agenda_item),
                        ),
                        document,
                    )
                )
    if not facts:
        if not items:
            return None
        return Composed(
            "documents",
            "no",
            tuple(Fact("no_documents", (("item", i.number),), i) for i in items),
        )
    return Composed("documents", "", tuple(facts))


# --- a resolution's structure ----------------------------------------------------------------


def _sections(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    if not q.has(_SECTIONS):
        return None
    resolutions = _named_resolutions(kb, q)
    if not resolutions:
        return None
    rest = q.rest(
        _SECTIONS,
        _CONTAINS,
        _PARAGRAPHS,
        _COUNT,
        _WHO,
        re.compile(r"分成|分为|建议|给|针对|对象|\baddress\w*|\brecommend\w*|\bto whom\b"),
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
            groups: list[tuple[Paragraph, list[Paragraph]]] = []
            for p in resolution.paragraphs:
                if p.kind == "operative":
                    groups.append((p, [p]))
                elif p.kind == "item" and groups:
                    groups[-1][1].append(p)
            for lead, members in groups:
                title = f"{lead.label} {lead.text}".strip()
                facts.append(_range_fact("section", resolution, title, members))
    return Composed("sections", "", tuple(facts))


def _range_fact(key: str, resolution: Resolution, title: str, members: list[Paragraph]) -> Fact:
    return Fact(
        key,
        (
            ("resolution", resolution.id),
            ("title", title),
            ("first", members[0].id if members else ""),
            ("last", members[-1].id if members else ""),
            ("count", len(members)),
        ),
        resolution,
    )


def _first_last(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    first, last = q.has(_FIRST), q.has(_LAST)
    if not (first or last) or not (q.has(_PARAGRAPHS) or q.has(_RESOLUTIONS)):
        return None
    resolutions = _named_resolutions(kb, q)
    if not resolutions:
        return None
    rest = q.rest(
        _FIRST,
        _LAST,
        _PARAGRAPHS,
        _CONTAINS,
        _OPERATIVE,
        _PREAMBLE,
        re.compile(r"\bone\b|\bwith\b|\bwhat\b"),
    )
    if not _content_free(rest):
        return None
    facts: list[Fact] = []
    evidence: list[Paragraph] = []
    for resolution in resolutions:
        paragraphs = list(resolution.paragraphs)
        if q.has(_OPERATIVE):
            paragraphs = [p for p in paragraphs if p.kind != "preamble"]
        elif q.has(_PREAMBLE):
            paragraphs = [p for p in paragraphs if p.kind == "preamble"]
        if not paragraphs:
            continue
        chosen = ([paragraphs[0]] if first else []) + ([paragraphs[-1]] if last else [])
        for paragraph in chosen:
            which = "first" if paragraph is paragraphs[0] and first else "last"
            facts.append(Fact(f"{which}_paragraph", (("resolution", resolution.id),), paragraph))
            evidence.append(paragraph)
    if not facts:
        return None
    return Composed("first_last", "", tuple(facts), tuple(evidence))


# --- what a chapter or annex holds -----------------------------------------------------------


def _contents(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    annex = _ANNEX.search(q.text)
    chapter = _CHAPTER.search(q.text)
    if annex is None and chapter is None:
        return None
    rest = q.rest(_ANNEX, _CHAPTER, _CONTAINS, re.compile(r"报告|\breport\b|\bof\b"))
    if not _content_free(rest):
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
            return Composed(
                "annex", "", (Fact("annex", (("annex", 1),)), *listed), tuple(where[:1])
            )
        paragraphs = [p for p in kb.paragraphs if p.parent == f"annex{number}"]
        if not paragraphs:
            return Composed("annex", "unknown", (Fact("no_annex", (("annex", number),)),))
        heading = paragraphs[0].chapter
        facts = [Fact("annex", (("annex", number), ("title", heading)))]
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
    number = int(raw) if raw.isdigit() else _roman(raw)
    chapters: dict[str, list[Paragraph]] = {}
    for paragraph in kb.paragraphs:
        if paragraph.parent == "report" and paragraph.chapter:
            chapters.setdefault(paragraph.chapter, []).append(paragraph)
    ordered = list(chapters.items())
    if not 1 <= number <= len(ordered):
        return Composed(
            "chapter",
            "unknown",
            (Fact("no_chapter", (("chapter", number), ("count", len(ordered)))),),
        )
    title, members = ordered[number - 1]
    fact = Fact(
        "chapter",
        (
            ("chapter", number),
            ("title", title),
            ("first", members[0].id),
            ("last", members[-1].id),
        ),
    )
    return Composed("chapter", "", (fact,), tuple(members[:2]))


def _roman(text: str) -> int:
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for i, ch in enumerate(text):
        value = values.get(ch, 0)
        if i + 1 < len(text) and values.get(text[i + 1], 0) > value:
            total -= value
        else:
            total += value
    return total


# --- time ------------------------------------------------------------------------------------


def _meeting_fact(key: str, meeting: Meeting) -> Fact:
    return Fact(
        key,
        (
            ("meeting", meeting.number),
            ("date", meeting.date.isoformat()),
            ("start", meeting.start.strftime("%H:%M") if meeting.start else ""),
            ("end", meeting.end.strftime("%H:%M") if meeting.end else ""),
            ("cancelled", int(meeting.cancelled)),
        ),
        meeting,
    )


def _times(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    relative = q.has(_NOW)
    clock = q.has(_CLOCK)
    if not (relative or clock):
        return None
    if not (q.has(_MEETINGS) or q.referenced(Meeting) or q.has(re.compile(r"\bon\b|安排|议程"))):
        return None
    rest = q.rest(_NOW, _CLOCK, _WHEN, _MEETINGS, re.compile(r"安排|\bon\b|\bschedul\w*"))
    if not _content_free(rest):
        return None
    meetings = [m for m in kb.meetings if not m.cancelled]
    named = q.referenced(Meeting)
    if named and not relative:
        facts = [_meeting_fact("meeting_time", m) for m in named]
        unpublished = clock and all(m.start is None for m in named)
        return Composed("time", "unknown" if unpublished else "", tuple(facts))
    if not meetings:
        return None
    moment = now or dt.datetime.now(dt.UTC)
    session = _current(kb)
    zone = _zone(session.timezone)
    today = moment.astimezone(zone).date() if zone else moment.date()
    upcoming = [m for m in meetings if m.date >= today]
    if not upcoming:
        last = max(meetings, key=lambda m: (m.date, m.number))
        facts = [
            Fact(
                "session_over",
                (
                    ("session", session.number),
                    ("start", (session.start or last.date).isoformat()),
                    ("end", (session.end or last.date).isoformat()),
                ),
                session,
            ),
            _meeting_fact("last_meeting", last),
        ]
        return Composed("time", "", tuple(facts))
    today_meetings = [m for m in upcoming if m.date == today]
    key = "today" if today_meetings else "next_meeting"
    chosen = today_meetings or [min(upcoming, key=lambda m: (m.date, m.number))]
    return Composed("time", "", tuple(_meeting_fact(key, m) for m in chosen))


def _zone(name: str) -> dt.tzinfo | None:
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo("Europe/Zurich" if name == "Europe/Geneva" else name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _dates(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    if not q.has(_WHEN):
        return None
    meetings = q.referenced(Meeting)
    rest = q.rest(
        _WHEN,
        _MEETINGS,
        _YES_NO,
        re.compile(r"举行|召开|开|审议|讨论|\bheld\b|\btake place\b|\bconsider\w*|\bdiscuss\w*"),
    )
    if not _content_free(rest):
        return None
    items = q.referenced(AgendaItem)
    if not meetings and items:
        meetings = [m for m in kb.meetings if any(i.id in m.agenda_items for i in items)]
        if meetings:
            facts_items = tuple(_meeting_fact("meeting_time", m) for m in meetings)
            return Composed("dates", "", facts_items, _evidence(kb, items[0].source, 1))
    if meetings:
        return Composed("dates", "", tuple(_meeting_fact("meeting_time", m) for m in meetings))
    sessions = [kb.session(n) for n in q.sessions]
    chosen = [s for s in sessions if s is not None] or [_current(kb)]
    facts: list[Fact] = []
    for session in chosen:
        if session.start is None:
            facts.append(Fact("session_undated", (("session", session.number),), session))
            continue
        facts.append(
            Fact(
                "session_dates",
                (
                    ("session", session.number),
                    ("start", session.start.isoformat()),
                    ("end", (session.end or session.start).isoformat()),
                    ("format", session.format),
                ),
                session,
            )
        )
        if session.number == _current(kb).number:
            facts.extend(_meeting_fact("meeting_time", m) for m in kb.meetings)
    return Composed("dates", "", tuple(facts), _evidence(kb, ("P18",)))
