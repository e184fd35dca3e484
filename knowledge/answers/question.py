"""What a question asks: its intent words, the things it names, what is left of it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from rapidfuzz import fuzz, process

from knowledge.answers.entities import Entity, _is_cjk
from knowledge.answers.values import Value
from knowledge.dictionary import homophones, is_word, words_in
from knowledge.kbcache import derived
from knowledge.models import (
    AgendaItem,
    KnowledgeBase,
    Paragraph,
    Record,
    Resolution,
    Session,
)
from knowledge.normalize import normalize
from knowledge.query import GRAMMATICAL
from knowledge.references import ReferenceResolution
from knowledge.references.paragraphs import roman_to_arabic
from knowledge.references.parse import CLOSING_MEETING, MEETING_DAY, OPENING_MEETING
from knowledge.references.tables import subject_terms
from knowledge.search_index import STOPWORDS, index_for

R = TypeVar("R", bound=Record)


# ---------------------------------------------------------------------------------------------
# What a question asks

_WHO = re.compile(r"谁|哪位|哪几位|哪些人|哪个国家|哪些国家|哪国|\bwho\b|\bwhom\b|\bname")
_WHEN = re.compile(
    r"什么时候|啥时候|啥时|几时|何时|哪天|哪一天|几号|几月|日期|时间|\bwhen\b|what date|which date"
    r"|what day"
    r"|\bdates?\b"
    # which days, or how many ("开了几天，从哪天到哪天", "how many days did it run")
    r"|哪几天|几天|多少天|\bhow many days\b"
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
_ELECT = re.compile(
    # "是怎么当上副主席的", "how did he become vice-chair": how one came to hold a seat
    r"选举|当选|选出来|选出|补选|增选|改选|\belect\w*|(?:当上|成为|当了)(?=\s*(?:副?主席|报告员))"
    r"|\bbec(?:a|o)me (?=(?:the )?(?:vice[ -]?)?chair|(?:the )?rapporteur)"
    # everyday words for it: "who got picked to chair", "chosen as vice-chair"
    r"|\b(?:picked|chosen|selected|appointed)\b"
)
_SPEAK = re.compile(
    r"发言|发的言|发[过了]言|发了?\s*[几一两三0-9]+\s*次言|讲话|讲了话|致辞|演讲|发表|参加|出席"
    r"|\bspeak\w*|\bspoke\b|\bstatements?\b"
    r"|\b(?:took|take|takes|taking) (?:the )?floor|\btalk\w*|\baddress(?:ed)?\b|\bparticipat\w*"
    r"|\b(?:say|said) (?:anything|something)\b"
    r"|\bpanel\w*|\bintervened?\b|\bheard\b|\brepresent(?:ed|ing)\b"
)
# (not "那个办法是在讲啥": what a passage is about, 在讲 and 是讲 ask no one's words)
_SAID = re.compile(
    r"(?<![在是])讲了?些?什么|说了?些?什么|(?<![在是])讲了?些?啥|说了?些?啥|讲的什么|具体内容"
    r"|讲话内容|发言内容|什么内容|啥内容|观点|立场"
    r"|提了?(?:出了?)?(?:哪些|什么|啥)|建议了?(?:哪些|什么|啥)"
    # what a speaker presented or stressed ("介绍了哪些政策", "讲了哪些重点")
    r"|(?:(?<![在是])讲|说|介绍|谈|分享)了?(?:哪些|什么|啥)|重点|要点|具体(?:讲|说|介绍)"
    r"|(?:讲|说|介绍|谈|分享)的.{1,24}?(?:哪些|哪几[个项]|什么|啥)"
    r"|\b(?:main|key) points\b|\bhighlights\b|\bspecific numbers\b|\bwhat points\b"
    r"|\bpoints did\b|\bmessages?\b"
    r"|\bwhat did\b.*\b(?:say|said|speak about|talk about|propose|announce|state|ask for"
    r"|request|call for|suggest|recommend)\b"
    r"|\bcontent of\b|\bremarks\b|\bview(?:s)?\b"
    # "what was Feng Zhang's talk about", "what was the minister's speech on"
    r"|\bwhat (?:was|were|is) .{1,60}?\b(?:talk|speech|statement|presentation|lecture|keynote"
    r"|intervention)s?(?: (?:actually|really|exactly|mainly|mostly))? (?:about|on)\b"
    # a stance, not a post ("泰国那位 panelist 是谁，什么 position")
    r"|\bpositions? (?:on|of|about|regarding)\b|(?:'s|\bs|\btheir|\bits) positions?\b"
)
# whether someone spoke of something ("讲没讲赞比亚是怎么抗疫的", "有没有提到疫苗"), which
# asked of a resolution is whether it says so
_SAID_WHETHER = re.compile(r"([讲说提谈])没\1|(?:有没有|是否)(?:讲|说|提|谈)到?(?!话)")
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
    r"决议(?:草案)?\s*(?!1共)(\d+)(?![\d/])|第\s*(\d+)\s*[项份个号]?决议"
    # "res 2", "reso II" as delegates shorten it
    r"|\b(?:resolution|reso?)\s+(\d+)(?![\d.])(?!\s*/)"
)
_COUNT = re.compile(
    # (哪几个 asks which ones, not how many; 那几条 are those few)
    r"多少|(?<![哪那这])几(?:个|项|次|段|份|位|名|场|届|条|章|节)"
    r"|\bhow many\b|\bnumber of\b|\bcount\b"
    # "一共有几点": how many points (几点 alone asks the time)
    r"|(?:有|共)\s*几点"
)
_DOCS = re.compile(
    r"文件|文档|[几些]份.{0,6}报告|桌上|\bon the table\b"
    r"|\bdocuments?\b|\bdocs?\b|\bpapers?\b|\breports?\b"
)
_SECTIONS = re.compile(
    r"几部分|部分|章节|小标题|标题|结构|分为|分成|\b(?:sub-?)?sections?\b|\bparts?\b|\b(?:sub)?headings?\b"
    r"|\bstructure\w*|\boutline\b|\bdivided\b|\bbroken (?:up|down)\b|\bsplit (?:up|into)\b"
    r"|\blaid out\b|\borgani[sz]ed\b"
)
_FIRST = re.compile(
    r"第一段|第1段|首段|开头|起头|打头|第一|第1[点条项]|头[1一]段|\bfirst\b|\bopening\b|\bopens\b|\bbegin\w*"
    r"|\bkicks? off\b|\bstarts\b|(?:从|自)?哪1?段开始|\bcomes? (?:1|first)\b"
    r"|\bthe (?:very )?1\s+(?:thing|one|line|sentence|point|clause|words?)\b"  # "the first thing"
    # "first" as references read it ("first para" → "1 para"), not "res 1 para 46"
    r"|(?<!res )(?<!resolution )(?<!决议)\b1\s+(?:operative\s+|preambular\s+)?para(?:graph)?\b"
)
# (not 最后 as "in the end": "理事会最后是哪天通过的")
_LAST = re.compile(
    r"最后一段|末段|结尾|收尾|末尾|最后(?!是(?:哪|谁|何时|什么时候|啥时候|否)|有没有|怎么|咋|到底|究竟"
    r"|还|又|才|会|能|被|通过|决定|选|就|得|没)"
    r"|\blast\b|\bfinal\b|\bclosing\b"
    # "which paragraph rounds off the section", "chapter VIII ends on which paragraph",
    # "(b) 部分一直列到第几项"
    r"|\brounds? off\b|\bwraps? up\b|\bends? (?:on|with)\b|一直(?:列|排|编)?到|(?:列|排|编)到第?几"
)
_ANNEX = re.compile(r"附件\s*(\d)|\bannex\s*(\d)(?![0-9a-z])")
_CHAPTER = re.compile(r"第\s*(\d+)\s*章|\bchapter\s*(\d+|[ivx]+)(?![a-z0-9])")
_CONTAINS = re.compile(
    r"(?:是|有)?(?:什么|啥)东西|内容|讲了?什么|说了?什么|是什么|有什么|包括|包含|载有|关于什么|\bcontain\w*|\binclude\w*"
    r"|\babout\b|\bwhat is in\b|\bwhat'?s in\b|\bcover\w*|\bsay\w*|\blisted\b"
    r"|\bwhat (?:will|would|do|can|could|should) (?:i|we|you|one) (?:find|see|read)\b"
)
_PARAGRAPHS = re.compile(
    r"(?:[1一]\s*)?小段|段落|段|(?<=[第头首末1一])句"
    r"|\b(?:sub[- ]?)?paragraph\w*|\b(?:sub[- ]?)?paras?\b|\bclauses?\b|\bsub[- ]?items?\b"
    # the members of a list, as people call them ("下面有几个小点", "how many sub-points")
    r"|小点|分点|小条|\bsub[- ]?points?\b|\bbullet(?: point)?s?\b"
)
_PREAMBLE = re.compile(r"序言|\bpreamb\w*")
_OPERATIVE = re.compile(r"执行|\boperative\b")
_ITEMS = re.compile(r"议程项目|项目|议程|\bagenda\b|\bitems?\b")
_MEETINGS = re.compile(r"会议|开会|[场次]会(?!议)|\bmeetings?\b|\bsittings?\b")
_SPEAKERS = re.compile(r"发言者|发言人|讲者|\bspeakers?\b|\bspeak\w*|发言|\bcountries\b|国家")
_RESOLUTIONS = re.compile(r"决议|决定|\bresolutions?\b|\bdecisions?\b")
_FOOTNOTES = re.compile(r"脚注|注脚|注释|\bfootnotes?\b")
_VICE = re.compile(r"副主席|\bvice[ -]?chair\w*")
_RAPPORTEUR = re.compile(r"报告员|\brapporteur")
_BUREAU = re.compile(r"主席团|\bbureau\b|\bofficers?\b")
# (who declared a meeting open presided it: "谁宣布开场的", "who opened the first meeting")
_PRESIDE = re.compile(
    r"主持|\bpresid\w*|\bchaired\b|(?:宣布)?(?:开幕|开场)|\bopened\b|\bdeclared open\b"
)
_YES_NO = re.compile(
    r"吗|是否|有没有|是不是|有无|\b(?:did|does|do|was|were|is|are|has|have|had)\b"
    # as people ask it: "发言了没", "讲过没有", a claim to confirm
    r"|[了过]没有?|\b(?:can|could) you confirm\b|\bconfirm\b|\bis it true\b|\btrue that\b"
)

# What is left of a question once its intent, the things it names and its filler are gone;
# anything left beyond this much is content that free-text search must weigh.
_FILLER = re.compile(
    # where and when it happened, which a structured answer gives with it (first: 有人 before 有)
    r"那边|这边|有人|哪一天|哪天|哪次|哪场|什么时候|的会|这份|那份|"
    r"请问|请|一下|告诉我|我想知道|想知道|想问|问一下|能不能|可不可以|可以|到底|究竟|啥|呀|啊|呢|吧|吗|嘛"
    r"|咱们|我们|那个|这个|这次|本次|[这本此]届会(?!议)|本届|这届|此次|有没有|是不是|是否|是什么|什么|哪些|哪个|哪|谁|几"
    r"|代表团|代表|具体|一共|都|没有|了没|没|些|已经"
    r"|的|了|是|有|在|和|与|及|都|又|也|就|被|把|对|给|由|从|过|着|会上|上|中|里|期间|一共|总共|共"
    r"|委员会|科技委|科学和技术促进发展|经社理事会|理事会|届会|会议|本|次|届|个|位|名|项|份|场|段"
    r"|举行|召开|进行|担任|作为|呢|么|怎么样|怎样|情况|分别|所有|全部|列出|列表|清单"
    # when and besides, said in passing ("审议…的时候手里有几份文件", "除了…还有谁")
    r"|的时候|时候|手里|手上|手头|除了|还有|另外"
    # "in the end, in all" ("最后一共开了几次会", "最终"), not the last of something
    r"|最后(?=\s*(?:一共|总共|共|到底|究竟))|到最后|最终|到头来"
    # a demonstrative left alone once what it pointed at is cut out ("起头那段": 那), and so
    # an ordinal's 第 or a "when" ("第二次会议时": 第, 时)
    r"|(?<![\u4e00-\u9fff])[那这第时](?![\u4e00-\u9fff])"
    # the session the report covers, by its year ("how many meetings this year")
    r"|\bthis year\b(?: s\b)?"
    # how it came out ("how many meetings did they end up holding")
    r"|\bend(?:ed|s)? up\b"
    # the day or the meeting pointed at ("开幕那天讲话的…")
    r"|那一?天|当天|那一?次|那一?场"
)
_STRUCTURE_WORDS = frozenset(
    """commission cstd session sessions meeting meetings council ecosoc report held hold
    there tell me list all please the a an of in on at for to by was were is are did does do
    who whom which what when how many number anyone anybody someone any country countries
    delegation delegations delegate representative representatives member members
    officially formally also yes no its their our happen happened take taken place
    un united nations 23rd 24th 2020 virtual informal exactly actually really officer
    chairperson chairman chairwoman person people someone whether ever two both three
    first second third point already still time times all during throughout whole
    day days week anyone's altogether total overall pls please thanks thank hi hello hey
    whats end among lettered numbered sit sits if flip turn open look go find see read
    inside provisional agenda items draft going gonna will shall be been being
    itself themselves serve serves served serving acted acting holding
    apart else besides
    contain contains contained include includes included comprise comprises consist consists
    back front called titled headed need""".split()  # noqa: SIM905
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


# the session after the one the report covers: "下届会议", "next year's agenda"
_NEXT_SESSION = re.compile(
    r"下届|下一届|下次届会|明年|\bnext session\b|\bnext year\b|\bnext year s\b"
)


# the session the report covers: "这届会议", "this session"
_THIS_SESSION = re.compile(
    r"这1?届|本届|此届|\bthis (?:year s )?session\b|\bcurrent session\b|\bthe present session\b"
)


def _sessions_asked(kb: KnowledgeBase, q: _Question) -> list[int]:
    """The sessions a question names by number, the planned one it calls the next, or the
    one held it calls this session."""
    sessions = [n for n in q.sessions if kb.session(n)]
    if not sessions and q.has(_NEXT_SESSION):
        sessions = [s.number for s in kb.sessions if s.status == "planned"]
    elif not sessions and q.has(_THIS_SESSION):
        sessions = [s.number for s in kb.sessions if s.status == "held"]
    return sessions


def _unsaid(rest: str, *texts: str) -> str:
    """What is left of ``rest`` once every run of two or more Chinese characters that one of
    ``texts`` prints is taken out: words that describe the answer asked for ("第一段讲各国政府
    要怎样", "选举那章"), not something else."""
    folded = [normalize(text) for text in texts]
    words = []
    for word in rest.split():
        for size in range(len(word), 1, -1):
            for start in range(len(word) - size + 1):
                piece = word[start : start + size]
                if all(_is_cjk(ch) for ch in piece) and any(piece in t for t in folded):
                    word = word.replace(piece, " ")
        words.extend(word.split())
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
    # spans the rest leaves out: resolution titles quoted, agenda items named by subject
    titles: list[tuple[int, int]] = field(default_factory=list)
    # agenda items named by their subject ("the WSIS item"), when none is named by number
    items: list[AgendaItem] = field(default_factory=list)

    def has(self, pattern: re.Pattern[str]) -> bool:
        return bool(pattern.search(self.text))

    def referenced(self, kind: type[R]) -> list[R]:
        out: list[R] = []
        for reference in self.references.references if self.references is not None else ():
            for record in reference.records:
                if isinstance(record, kind) and record not in out:
                    out.append(record)
        if not out and issubclass(AgendaItem, kind):
            out.extend(item for item in self.items if isinstance(item, kind))
        return out

    def rest(self, *patterns: re.Pattern[str]) -> str:
        spans = [span for _, span in self.entities] + self.titles
        # intent words that hold a number ("annex 1") first, then the references, then again
        # what a reference word cut short ("决议草案2" before "决议")
        return _residual(self.text, spans, *patterns, *_REFERENCE_WORDS, *patterns)


_REFERENCE_WORDS = (
    OPENING_MEETING,
    CLOSING_MEETING,
    MEETING_DAY,
    re.compile(
        r"第\s*\d+\s*(?:届|次|项|段|章)(?:会议|会)?|\d+\s*(?:届|次)|\b\d+(?:st|nd|rd|th)?\b"
        r"|决议草案|决定草案|决议|决定|草案|\bdraft\b|\bresolutions?\b|\bdecisions?\b|\bres\b"
        r"|议程项目|议程|项目|\bagenda\b|\bitems?\b|\bsessions?\b|\bmeetings?\b|(?<![a-z])[ivx]+\b"
        r"|\([a-z]\)|\bcstd\s*-?\s*\d{2}(?!\d)"
    ),
)


def _vocabulary(kb: KnowledgeBase) -> tuple[str, frozenset[str]]:
    """The names the knowledge base gives (aliases, glossary: a short text to search), and
    every dictionary word it prints anywhere."""
    names = "\n".join(
        [normalize(a.zh) for a in kb.aliases] + [normalize(g.zh) for g in kb.glossary]
    )
    texts = [normalize(r.title) for r in kb.resolutions]
    texts.extend(normalize(p.text) for r in kb.resolutions for p in r.paragraphs)
    texts.extend(normalize(p.text) for p in kb.paragraphs)
    return names, words_in("\n".join([*texts, names]))


# a number and what it counts (一件, 几件事) are no slip for a word that sounds like them (意见)
_COUNTED_THING = re.compile(
    r"[一二三四五六七八九十两几每][件个位次项条段份场届]|^[件个位次项条段份场届]"
)


def _heard_right(kb: KnowledgeBase, text: str) -> str:
    """A question with its input-method slips put right: a run of 2–4 characters that is no
    word at all, never printed in the report, and sounds exactly like one word the report
    uses (付件二 → 附件二, 决义 → 决议). Grammatical characters are never a slip."""
    index = index_for(kb)
    if not index.vocabulary:
        return text  # a base too large to keep its texts searches without the dictionary
    printed, vocabulary = derived(kb, "answer-vocabulary", _vocabulary)

    def is_printed(fragment: str) -> bool:
        return index.prints(fragment) or fragment in printed

    out = text
    for run in re.findall(r"[\u3400-\u9fff]{2,}", text):
        # words the run holds (建议 in 最后1条建议) are not slips, nor part of one (条建 is no
        # slip for 条件)
        done: list[tuple[int, int]] = [
            (start, start + size)
            for size in (4, 3, 2)
            for start in range(len(run) - size + 1)
            if is_word(run[start : start + size]) or is_printed(run[start : start + size])
        ]
        for size in (4, 3, 2):
            for start in range(len(run) - size + 1):
                end = start + size
                window = run[start:end]
                if (
                    is_word(window)
                    or any(ch in GRAMMATICAL for ch in window)
                    or _COUNTED_THING.search(window)
                    or is_printed(window)
                ):
                    continue
                overlapping = [(a, b) for a, b in done if start < b and end > a]
                heard = homophones(window, vocabulary)
                # a slip beside a word the run holds keeps that word as typed (付主席 → 副主席
                # keeps 主席); one that would change it is no slip
                if overlapping and not (
                    len(heard) == 1
                    and len(heard[0]) == len(window)
                    and all(
                        heard[0][i - start] == run[i]
                        for a, b in overlapping
                        for i in range(max(a, start), min(b, end))
                    )
                ):
                    continue
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


def _resolution_names(kb: KnowledgeBase) -> list[tuple[re.Pattern[str], Resolution]]:
    """English names that point at one resolution: the glossary's and aliases' names of
    terms its title holds and no other title does ("WSIS", "STI")."""
    out: list[tuple[re.Pattern[str], Resolution]] = []
    for _, names, resolution in subject_terms(kb):
        for name in names:
            folded = normalize(name)
            if folded and folded.isascii() and folded not in STOPWORDS:
                pattern = re.compile(rf"(?<![a-z0-9]){re.escape(folded)}(?![a-z0-9])")
                out.append((pattern, resolution))
    out.sort(key=lambda p: -len(p[0].pattern))
    return out


def _item_subjects(kb: KnowledgeBase) -> list[tuple[re.Pattern[str], AgendaItem]]:
    """The reported session's agenda items as a question names them by subject next to the
    word item ("the WSIS item", "空间技术那个议程项目", "the item on rapid technological
    change"): a term of the glossary or aliases (four characters or more) that one item's title
    holds and no other's, in Chinese or by one of its English names."""
    session = kb.current_session.number
    items = [i for i in kb.agenda if i.title]
    terms = [(t.zh, t.en) for t in kb.glossary] + [(a.zh, a.names) for a in kb.aliases]
    out: list[tuple[re.Pattern[str], AgendaItem]] = []
    for zh, english in terms:
        folded = normalize(zh)
        if len(folded) < 4 or re.search(r"届|议程", folded):
            continue  # a session or an agenda names no subject
        # (the next session's agenda repeats some items under the same number)
        holders = [i for i in items if folded in normalize(i.title)]
        if len({i.number for i in holders}) != 1:
            continue
        holders = [i for i in holders if i.session == session]
        if not holders:
            continue
        forms = [re.escape(folded)]
        for name in english:
            name = normalize(name)
            if len(name) >= 3 and name.isascii() and name not in STOPWORDS:
                forms.append(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])")
        either = "|".join(forms)
        pattern = re.compile(
            rf"(?:{either})\s*(?:的|那个|那项|这个|这项)?\s*(?:议程项目|议题|项目)"
            rf"|(?:{either})(?: s)?\s+(?:agenda\s+)?items?\b"
            rf"|\b(?:agenda\s+)?items?\s+(?:on|about|concerning)\s+(?:the\s+)?(?:{either})"
        )
        out.append((pattern, holders[0]))
    return out


_ITEM_WORD = re.compile(r"议程项目|议题|项目|\bitems?\b")


def items_by_subject(kb: KnowledgeBase, question: _Question) -> None:
    """Note the agenda items a question names by subject, and take their words out of what
    is left of it (see ``_item_subjects``)."""
    if not _ITEM_WORD.search(question.text):
        return  # every subject pattern needs the word item: most questions stop here
    for pattern, item in derived(kb, "item-subjects", _item_subjects):
        for match in pattern.finditer(question.text):
            if item not in question.items:
                question.items.append(item)
            question.titles.append(match.span())


def roman_value(text: str) -> int:
    """ "viii" → 8 (a chapter's number as printed); 0 for no Roman numeral."""
    return int(roman_to_arabic(text) or 0)
