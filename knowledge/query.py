"""What a query asks: its parts, what they mean in the report's wording, and its intent.

``understand`` turns a query into clauses — one per Chinese phrase as typed, one per English
name or term (expanded through the aliases and the glossary into the report's Chinese, with
spelling corrected against their vocabulary), one per number or unknown word — each with the
index terms it needs, weighted by rarity. It also reads what the query asks about structured
records: a role (主席 is not 副主席), a postponed or elected seat, a count, a date, a reason,
a document symbol. ``knowledge.search`` scores records against this.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from knowledge.dictionary import homophones, is_word, synonyms, words_in
from knowledge.english import (
    asks_only,
    dictionary_chinese,
    dictionary_phrase,
    english_word,
    misspelt,
    passing_chinese,
    swapped,
)
from knowledge.normalize import is_cjk, normalize, to_simplified
from knowledge.references.paragraphs import roman_to_arabic
from knowledge.references.parse import SUMMIT, SUMMIT_EVERYDAY_NAMES
from knowledge.search_index import STOPWORDS, ExpansionEntry, SearchIndex, stem

__all__ = [
    "COMMISSION_SHORT_NAMES",
    "COUNT_ASKED",
    "Alternative",
    "Clause",
    "Query",
    "abbreviated",
    "asks_why_held_so",
    "heard_right",
    "key_words",
    "mended",
    "spelled_right",
    "understand",
]

# Words that ask instead of describing what is asked about.
_QUESTION_WORDS = re.compile(
    # where in the text: "在哪段提的", "在哪儿讲的", "决议里讲的" (the passage found says)
    r"在哪(?:1|一)?(?:段|条|项|节|部分|里|儿)?(?:提到|提及|提出|提|讲到|讲|说到|说|写到|写)的?"
    # "是在报告哪一部分讨论的", "在决议二哪几段出现"
    r"|(?:是)?在(?:报告|决议[0-9]?|决定|草案)的?哪[1一几]?个?(?:段|条|项|节|章|部分|里|儿)"
    r"(?:讨论|提到|提及|提出|提|讲到|讲|说到|说|写到|写|出现)?的?"
    # "电子商务相关的内容", "有点名非洲": what a passage is about, how it names something
    r"|(?:相关|有关)的?(?:内容|部分|段落)|(?:有)?点(?:了)?名"
    r"|(?<=[里中])(?:讲|说|提|写)(?:到|及|了)?的?"
    # asking yes or no by "A not A" (要不要, 会不会, 加没加), or whether it is said at all
    r"|([\u4e00-\u9fff])[不没]\1|(?:有)?(?:这种|这样的?|类似的?)(?:说法|表述|提法|内容|话)"
    # which one: "是(b)的第几点", "那一段", "这条"
    r"|第几(?:段|条|项|点|节|章|个|部分|次|届)?|[那这哪](?:1|一)?(?:段|条|项|句话|句)"
    # a passage pointed at: "有一句专门说…", "听说有段话把…", "有一段提到"
    r"|有(?:1|一)?(?:句|段|条)话?(?:专门|是)?(?:在)?(?:说|讲|提|写)?(?:到|了|及)?|专门(?:说|讲|提)"
    # "具体要改善哪些东西", "讲了啥东西": things asked for, not a word to find
    r"|(?:有?哪些|什么|啥)东西"
    r"|是什么|是谁|什么时候|哪一天|哪天|何时|有?哪[0-9几]*[个位些项次天年届]?(?:地方)?|多少|几次|几个"
    r"|为什么|为啥"
    r"|怎么样|怎么|如何|是否|有没有|请问|什么|谁|吗|呢|吧|啊"
    # conversational filler: it asks, it does not describe (到底 / 啥 / 咱们 / 那个 / 是不是 …)
    r"|请问一下|问一下|一下|我想知道|想知道|我想问|想问|告诉我|帮我查|帮我找|能不能|可不可以|可以"
    r"|到底|究竟|具体|大概|一共|总共|呀|嘛|哦|啦|咱们|我们|你们|他们|那个|这个|那些|这些"
    r"|是不是|有没有|讲了什么|讲了啥|说了什么|说了啥|讲了|说了|提到了|提到|讲到|说到|啥|干嘛|叫什么|叫啥|名字"
    # how a text is worded: "是咋表述的", "怎么措辞的"
    r"|(?:是)?(?:怎么|咋|如何)(?:表述|措辞|写|说|讲)的?|咋样|咋的|咋"
    r"|的时候|时候|当时|最后|里面|里头|(?<![单双多各])方面|的话|一些|那次|这次|那里|这里|关于"
    # where it was said: "张锋在会上是以啥身份发言的" (not 大会上, the General Assembly's)
    r"|(?<![大全])在?会上"
    r"|文号|文档编号|文件编号|文档号|文件号|编号"  # asking for a symbol (文件 folds to 文档)
    # asking from memory: "我印象里不止一处", "我记得好像是…", "没记错的话"
    r"|我?印象(?:里|中)?|我?记得|好像|似乎|(?:如果)?没记错的?话?|不止一处|不止一个地方"
    r"|(?:都)?在?哪些地方|都在哪儿?"
)
_VICE_CHAIR = re.compile(r"副主席|vice\s*(?:chair|chairperson|chairman)")
_CHAIR = re.compile(r"(?<!副)主席|\bchair(?:s|ed|person|man|woman)?\b")
_RAPPORTEUR = re.compile(r"报告员|rapporteur")
_POSTPONED = re.compile(r"推迟|延后|postpon|defer|尚未|pending|not yet|vacant|空缺")
_ELECTED = re.compile(r"当选|选出|选举了|\belected\b")
# how many of something is asked ("那几份" are those few, not a count)
COUNT_ASKED = re.compile(r"多少|(?<![那这])几[次场个项份]|\bhow many\b|\bnumber of\b")
_FORMAT = re.compile(
    r"虚拟|线上|在线|网上开|视频会议|面对面|形式|virtual|online|in person|face to face|format"
)
_MEETING_WORD = re.compile(r"会议|meeting")
_PROCEEDINGS = re.compile(
    r"发言|讲话|致辞|演讲|圆桌|小组|开幕|主持|议程|审议|讨论|会上|6月|几号|哪天|代表|出席|参加"
    r"|\b(?:segment|panel\w*|round ?tables?|spoke|speak\w*|speech|open\w*|chair\w*|agenda"
    r"|discuss\w*|day|june|session|mtg|when|delegat\w*|represent\w*|attend\w*|he|she|his|her)\b"
)
_PRIORITY_THEMES = re.compile(r"优先主题|priority theme")
_WHO = re.compile(r"谁|\bwho\b|\bwhom\b|姓名|名字|\bname")
_WHY = re.compile(r"为什么|为何|为啥|原因|理由|\bwhy\b|\breason")
# who presided over a meeting or a part of one (not who chairs the session: the bureau)
_PRESIDED = re.compile(
    r"(?:谁|哪位|哪个人?)\s*(?:来)?\s*主持|主持人?(?:的)?是谁"
    r"|\bwho (?:\w+ ){0,2}(?:chair|presid|moderat)\w*"
    r"|\b(?:chair|presid|moderat)\w* (?:\w+ ){0,2}by (?:who|whom)\b|\bwho chaired it\b"
    r"|\b(?:chaired|presided|moderated)\b[^?]*\bwho\b"
)
_PRESIDED_OVER = re.compile(
    r"会议|圆桌|讨论|部分|\bmeetings?\b|\bround ?tables?\b|\bsegments?\b|\bpanels?\b|\bdebates?\b"
    r"|\bdiscussions?\b"
)
# who introduced or presented a report (with "report" said): the passage that says so
_INTRODUCED = re.compile(
    r"\bwho (?:\w+ ){0,2}(?:introduc\w*|present\w*|walk\w* (?:\w+ ){0,3}through)"
    r"|\b(?:introduc\w*|present\w*|intro)\b (?:\w+ ){0,2}by (?:who|whom)\b"
    # "是谁 present 的": an English verb in a Chinese question
    r"|(?:谁|哪位|哪个人)\s*(?:来)?\s*(?:介绍|present|introduc|intro\b)|介绍的?是谁"
)
_AGENDA_ADOPTED = re.compile(
    r"议程.*(?:通过|adopt)|(?:通过|adopt).*议程|agenda.*adopt|adopt.*agenda"
)
_SUMMARY = re.compile(r"摘要|\bsummary\b")
_SYMBOL = re.compile(r"文号|编号|文档号|文件号|\bsymbol|document number")
# The Commission's short Chinese names, which the report never prints (the structured answers
# read them as 委员会, search as the Commission's full name)
COMMISSION_SHORT_NAMES = ("科技促发委员会", "科技促发委", "促发委员会", "促发委", "科发委")
# Everyday Chinese for what the report words formally (the glossary does this for English).
_COLLOQUIAL_WORDING = {
    "线上会议": "虚拟会议",
    "在线会议": "虚拟会议",
    "网上会议": "虚拟会议",
    "视频会议": "虚拟会议",
    "远程会议": "虚拟会议",
    "线上": "虚拟",
    # held online, said as people say it ("为啥这届会议是线上开的")
    **dict.fromkeys(("网上开", "线上开", "在线开", "视频开", "远程开"), "虚拟形式举行"),
    "视讯会议": "虚拟会议",
    "视讯": "虚拟",
    "开会": "举行会议",
    "开幕式": "开幕",
    # "not able to agree": the report's 未能
    "没能": "未能",
    # "will it affect the UN budget": the report's programme budget implications
    "对联合国预算有影响": "涉及方案预算问题",
    "对预算有影响": "涉及方案预算问题",
    "预算有影响": "涉及方案预算问题",
    # Taiwan and Hong Kong wording OpenCC leaves as it is (it converts characters and some
    # phrases, not every term that differs across the Strait)
    "数字落差": "数字鸿沟",
    "资通信技术": "信息和通信技术",
    "资通讯技术": "信息和通信技术",
    "资通信": "信息和通信技术",
    "资通讯": "信息和通信技术",
    "开发中国家": "发展中国家",
    "已开发国家": "发达国家",
    "最低度开发国家": "最不发达国家",
    "低度开发国家": "最不发达国家",
    "高峰会": "峰会",
    "多方利害关系人": "多利益攸关方",
    "利害关系人": "利益攸关方",
    "永续发展": "可持续发展",
    "永续": "可持续",
    "云端运算": "云计算",
    "太空技术": "空间技术",
    "太空科技": "空间技术",
    "远距医疗": "远程医疗",
    "远距": "远程",
    "资安": "网络安全",
    "开放原始码": "开放源码",
    "数字原住民": "数字土著",
    "原住民族": "土著",
    "原住民": "土著",
    "个资": "个人数据",
    # everyday names of what the report names formally
    "新冠疫情": "冠状病毒病大流行",
    "新冠": "冠状病毒病",
    "疫情": "大流行",
    "联大": "大会",
    # the summit by its everyday names (信息峰会; 資訊峰會 once simplified)
    **dict.fromkeys(SUMMIT_EVERYDAY_NAMES, SUMMIT),
    # the Commission itself, by a short name
    **dict.fromkeys(COMMISSION_SHORT_NAMES, "科学和技术促进发展委员会"),
    "科技促进发展委员会": "科学和技术促进发展委员会",
    "老百姓": "人民",
    "小岛国": "小岛屿发展中国家",
    # "发给委员会成员": the report's 分发给 (kept as it is where the text says so)
    "分发给": "分发给",
    "发给": "分发给",
    "女的": "妇女",
    "男的": "男子",
    "更多资料": "进一步资料",
    "更多信息": "进一步资料",
    # Taiwan's 更多資料, which OpenCC turns into 更多数据
    "更多数据": "进一步资料",
    "网民": "互联网用户",
    "电子垃圾": "电子废物",
    # the unconnected, in everyday words
    **dict.fromkeys(
        ("没连上网", "连不上网", "上不了网", "没有上网", "没上网", "没有联网", "没联网"),
        "未连通因特网",
    ),
    "航太": "航天",
    # playing a role: the report's 发挥…作用
    "扮演": "发挥",
    "角色": "作用",
    "手机": "移动电话",
}
_COLLOQUIAL = re.compile("|".join(sorted(_COLLOQUIAL_WORDING, key=len, reverse=True)))
_ORDINALS = {
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
    "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10", "eleventh": "11",
    "twelfth": "12", "thirteenth": "13", "fourteenth": "14", "fifteenth": "15",
    "sixteenth": "16", "seventeenth": "17", "eighteenth": "18", "nineteenth": "19",
    "twentieth": "20",
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30}
_CARDINALS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "seventeen": "17", "twenty": "20",
}  # fmt: skip
RESOLUTION_NUMBER = re.compile(r"(?<![\d/])(\d{2,4})\s*/\s*(\d{1,4})(?![\d/])")
# a figure: a share or a number with a decimal point ("53.6%", "97%", "3.8")
_FIGURE = re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?%|(?<![0-9.])[0-9]+\.[0-9]+(?![0-9.])")
_PIECE = re.compile(
    r"[0-9.%]*[\u3400-\u9fff\uf900-\ufaff〇](?:[0-9.%]*[\u3400-\u9fff\uf900-\ufaff〇])*[0-9.%]*"
    r"|[a-z0-9][a-z0-9.%]*"
)


@dataclass(slots=True)
class Alternative:
    text: str  # normalized
    terms: npt.NDArray[np.int64]  # its distinct terms the index knows (main postings numbers)
    idf: npt.NDArray[np.float32]
    why: str
    unknown: float = 0.0  # what its terms the index does not know weigh (see UNKNOWN_*)
    rows: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # a less likely reading (a word's later sense in the dictionary): a record with it covers
    # the clause only in part, and it does not make the clause weigh more
    trust: float = 1.0

    @property
    def weight(self) -> float:
        """What a record that has every known term of the alternative covers."""
        return float(self.idf.sum())

    @property
    def size(self) -> float:
        """What the alternative asks for: its known terms and, discounted, its unknown ones."""
        return self.weight + self.unknown


@dataclass(slots=True)
class Clause:
    alternatives: list[Alternative]
    typed: bool  # a Chinese phrase as the user typed it: tolerate typing errors
    expansion: bool = False  # one English name or term, however long its Chinese
    weight: float = 0.0
    source: str = ""  # the query words it stands for (normalized)


# An expanded name is one concept, however many characters its Chinese has: its weight is
# capped near that of a rare two-word phrase, so that one long official name does not outweigh
# the rest of the query.
EXPANSION_WEIGHT_CAP = 12.0


@dataclass(slots=True)
class Query:
    clauses: list[Clause]
    role: str | None = None  # "chair", "vice-chair", "rapporteur"
    seat_status: str | None = None  # "postponed", "elected"
    asks_count: bool = False
    asks_format: bool = False
    about_meetings: bool = False
    about_proceedings: bool = False  # who spoke, presided, a segment, a day of the session
    asks_symbol: bool = False
    asks_themes: bool = False
    asks_agenda_adopted: bool = False
    asks_who: bool = False
    asks_why: bool = False
    asks_who_introduced: bool = False
    asks_who_presided: bool = False  # over a meeting or a part of one ("那场圆桌是谁主持的")
    names_summary: bool = False  # "摘要里说…", "according to the summary": its paragraphs
    chapter: int = 0  # "第六章里说…", "what does chapter VII record about …": its paragraphs
    corrections: list[str] = field(default_factory=list)


# A term the report never uses counts against a query — "明天天气" is not about weather
# forecasting even though 天气 occurs. An unknown Latin-script word (after spelling correction
# and glossary expansion) weighs as much as the rarest known term; an unknown Chinese bigram
# half as much, since bigrams across word boundaries (网比 in 上网比男子) and typing errors
# (数据裤) are unknown too.
UNKNOWN_BIGRAM = 0.5
UNKNOWN_WORD = 1.0
# An English verb form the report has no Chinese for ("coping with how the digital economy is
# reshaping the job market") tells, in the asker's words, how the things asked about relate;
# a noun the report never uses names something it does not cover, and weighs twice as much
UNKNOWN_VERB_FORM = 0.5
# what a record with a word's less likely reading covers of it (see Alternative.trust)
PASSING_TRUST = 0.5


def _alternative(
    index: SearchIndex, text: str, why: str, unknown_share: float = UNKNOWN_BIGRAM
) -> Alternative:
    keys = np.unique(index.keys(text))
    terms = index.main.lookup(keys)
    missing = keys[terms < 0]
    unknown = float(np.count_nonzero(~_grammatical(missing))) * unknown_share * index.rare_idf
    terms = terms[terms >= 0]
    return Alternative(text=text, terms=terms, idf=index.main.idf[terms], why=why, unknown=unknown)


# Characters that glue a sentence together rather than name anything (把, 也, 了, 里 …): a
# bigram the report never prints because one of these joins two words ("要把", "里去") is
# how a question is phrased, not something it asks about, and does not count against it.
GRAMMATICAL = frozenset(
    "的了是在有和与及或也都还就要把被将对给从向到于以而其这那些个吗呢吧啊呀么啥哪谁去来里上下得着过很第几"
)
# and what glues a spoken question, which the report, written, never prints beside its
# words: 跟 for 和 ("进程跟2030议程"), verbs of saying ("决议说", "那段讲"), measure words
# ("几份文件", "那场会"), 搞 and 咋
_SPOKEN_GLUE = frozenset("跟讲说份场搞咋")
_GRAMMATICAL = np.array(sorted(ord(ch) for ch in GRAMMATICAL | _SPOKEN_GLUE), dtype=np.int64)
_LOW21 = (1 << 21) - 1


def _grammatical(keys: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Which term keys are CJK bigrams with a grammatical character in them."""
    bigram = keys < (1 << 42)
    first = np.isin(keys >> 21, _GRAMMATICAL)
    second = np.isin(keys & _LOW21, _GRAMMATICAL)
    return np.asarray(bigram & (first | second))


# Words that named a record ("决议草案二" in "决议草案二 序言 传统知识") already point the
# search at it; as search terms they count this much.
REFERENCE_WORDS_SHARE = 0.3


# How people lead into a question about a passage, which says nothing of what it is about
# ("I recall a line in the WSIS draft saying …", "I'm after the bit acknowledging …", "can you
# point me to it"): "recall" alone is what a preamble does (回顾) and stays
_CONVERSATION = re.compile(
    r"\bi (?:recall|remember|think|believe|guess|seem to remember)\b"
    r"|\b(?:can|could) you (?:point me to|show me|tell me|find)\b|\bpoint me to\b"
    r"|\bi(?: a| )?m (?:after|looking for)\b|\blooking for\b"
    r"|\b(?:the|a|that|this) (?:bit|line|sentence|passage)\b|\bthe text\b"
    # asking from memory: "from memory", "my notes say", "I'm fairly sure"
    r"|\bfrom memory\b|\bmy notes say\b|\bif i remember (?:correctly|rightly)\b"
    r"|\bi(?: a| )?m (?:fairly|pretty|quite) sure\b|\bi wrote down\b|\bi have a feeling\b"
    r"|\bcorrect me if i(?: a| )?m wrong\b"
    # how it came out ("why did the session end up being held online"): not its end
    r"|\bend(?:ed|s)? up(?: being)?\b"
)


# the Chair as such: "主席" not after 副 nor before 团, "chair" not after "vice"
_PLAIN_CHAIR = re.compile(r"(?<!副)主席(?!团)|(?<!vice)(?<!vice )(?<!vice-)\bchair\w*")
# both asked for: "主席和副主席分别是谁", "the chair and the vice-chairs"
_BOTH = re.compile(r"分别|各是|\band\b|和|跟|与|\bboth\b")


# a chapter of the report named by its number (folded: 第六章 is 第6章)
CHAPTER_NAMED = re.compile(r"第\s*(\d+)\s*章|\bchapter\s*(\d+|[ivx]+)(?![a-z0-9])")


def chapter_number(named: re.Match[str]) -> int:
    """The number of a chapter ``CHAPTER_NAMED`` found: "8", "viii" → 8; 0 for none."""
    raw = named.group(1) or named.group(2)
    return int(raw) if raw.isdigit() else int(roman_to_arabic(raw) or 0)


def asks_why_held_so(folded: str) -> bool:
    """Whether a (normalized) question asks why something was held as it was ("为啥这届会议
    后来改成线上开了", "why did the session end up online"): a reason, which the report may
    record, not what happened later."""
    return bool(_WHY.search(folded) and _FORMAT.search(folded))


def chair_or_vice(folded: str) -> str | None:
    """Which seat a (normalized) question asks about when it names the Chair or a Vice-Chair:
    the one named first when it names both ("第23届会议的主席到底是谁啊，我看好多地方写的都是
    副主席": the other is only mentioned), None when it asks for both ("主席和副主席分别是谁")."""
    vice = _VICE_CHAIR.search(folded)
    plain = _PLAIN_CHAIR.search(folded)
    if vice is None:
        return "chair" if plain is not None else None
    if plain is None:
        return "vice-chair"
    first, second = sorted((vice, plain), key=lambda m: m.start())
    if _BOTH.search(folded[first.end() : second.start()]):
        return None
    return "chair" if first is plain else "vice-chair"


def understand(
    index: SearchIndex, query: str, rest: str | None = None, *, chapter_named: bool = True
) -> Query:
    """The clauses and intent of a query. ``rest`` is what is left of it once the records it
    names are taken out (``ReferenceResolution.rest``): the other clauses weigh less. A
    chapter named ("第六章里说…") is where to look, not words to find, unless
    ``chapter_named`` is false."""
    folded = normalize(query)
    understood = Query(clauses=[])
    if _VICE_CHAIR.search(folded) or _CHAIR.search(folded):
        understood.role = chair_or_vice(folded)
    elif _RAPPORTEUR.search(folded):
        understood.role = "rapporteur"
    if _POSTPONED.search(folded):
        understood.seat_status = "postponed"
    elif _ELECTED.search(folded):
        understood.seat_status = "elected"
    understood.asks_count = bool(COUNT_ASKED.search(folded))
    understood.asks_format = bool(_FORMAT.search(folded))
    understood.about_meetings = bool(_MEETING_WORD.search(folded))
    understood.about_proceedings = bool(_PROCEEDINGS.search(folded))
    understood.asks_symbol = bool(_SYMBOL.search(folded))
    understood.asks_themes = bool(_PRIORITY_THEMES.search(folded))
    understood.asks_agenda_adopted = bool(_AGENDA_ADOPTED.search(folded))
    understood.asks_who = bool(_WHO.search(folded))
    understood.asks_why = bool(_WHY.search(folded))
    understood.names_summary = bool(_SUMMARY.search(folded))
    chapter = CHAPTER_NAMED.search(folded) if chapter_named else None
    if chapter is not None:
        # where to look, not what to find: "chapter" is no 章节 a paragraph prints
        understood.chapter = chapter_number(chapter)
        folded = f"{folded[: chapter.start()]} {folded[chapter.end() :]}"
    clauses = understood.clauses
    words: list[str] = []

    def flush_words() -> None:
        if words:
            clauses.extend(_english_clauses(index, words, understood.corrections))
            words.clear()

    for match in _PIECE.finditer(_CONVERSATION.sub(" ", folded)):
        piece = match.group(0)
        if piece.isascii():
            # numbers stay with the words around them: "23rd session", "State of Broadband 2019"
            words.append(piece)
            continue
        flush_words()
        # a figure is a phrase of its own ("比例是53.6%吗": 53.6%), as it is in English
        piece = _FIGURE.sub(r" \g<0> ", piece)
        for part in _split_at_references(_QUESTION_WORDS.sub(" ", piece), rest):
            if (len(part) < 2 and not part.isdigit()) or GRAMMATICAL.issuperset(part):
                continue
            alternatives = [_alternative(index, part, part)]
            worded = _COLLOQUIAL.sub(lambda m: _COLLOQUIAL_WORDING[m.group(0)], part)
            if worded != part:
                alternatives.append(_alternative(index, worded, f"wording {part} → {worded}"))
            for other, why in _dictionary_forms(index, part):
                alternatives.append(_alternative(index, other, why))
            for other, why in _sibling_forms(index.expander.siblings, part):
                alternatives.append(_alternative(index, other, why))
            # a way of asking that an alias names (see key_words): like an English name
            aliased = [_expanded(index, e) for e in index.expander.wordings.get(part, ())]
            alternatives.extend(aliased)
            clauses.append(
                Clause(alternatives, typed=len(part) >= 3, expansion=bool(aliased), source=part)
            )
    flush_words()
    # a resolution's number ("2019/24", "70/125") is one thing, though folding splits it in two
    for first, second in RESOLUTION_NUMBER.findall(query):
        number = f"{first} {second}"
        clauses.append(Clause([_alternative(index, number, number)], typed=False, source=number))
    for clause in clauses:
        weighed = [a for a in clause.alternatives if a.trust == 1.0] or clause.alternatives
        clause.weight = max((a.size for a in weighed), default=0.0)
        if clause.expansion:
            clause.weight = min(clause.weight, EXPANSION_WEIGHT_CAP)
        if rest is not None and clause.source and not _left_in(clause.source, rest):
            # words that named a record: as search terms they count less, and a word the
            # report does not print ("ii" of "resolution II") not at all
            known = any(a.weight > 0 for a in clause.alternatives)
            clause.weight *= REFERENCE_WORDS_SHARE if known else 0.0
    understood.clauses = [c for c in clauses if c.weight > 0]
    understood.asks_who_presided = bool(_PRESIDED.search(folded)) and bool(
        _PRESIDED_OVER.search(folded)
    )
    understood.asks_who_introduced = bool(_INTRODUCED.search(folded)) and (
        bool(re.search(r"报告|(?<![a-z])reports?(?![a-z])", folded))  # "space report是谁" too
        # or as search hears a slip ("秘书长的报高是谁介绍的")
        or any("报告" in a.text for c in understood.clauses for a in c.alternatives)
    )
    return understood


# what glues a phrase to the sentence around it ("的是在", "宽带连接的是", "里讲宽带"), when
# it makes no word with its neighbour (在线, 目的, 还是 stay whole)
_GLUE_BEFORE = frozenset("的是了在里讲说提写")
_GLUE_AFTER = frozenset("的了是在有吗呢吧啊呀么")


def _unglued(part: str) -> str:
    while len(part) > 2 and part[0] in _GLUE_BEFORE and not is_word(part[:2]):
        part = part[1:]
    while len(part) > 2 and part[-1] in _GLUE_AFTER and not is_word(part[-2:]):
        part = part[:-1]
    return part


def _split_at_references(text: str, rest: str | None) -> list[str]:
    """The Chinese phrases of ``text``, a phrase that runs a record's name into what is asked
    of it ("决议1里讲宽带的是在") cut where the words left once references are taken out
    begin and end: "宽带" is then asked with its full weight, "决议1" as a reference's words."""
    parts = [_unglued(part) for part in text.split()]
    if rest is None:
        return parts
    # the rest's words as the query's own phrases are cut: without the question words
    # ("决议二对公民科学有什么评价" leaves "对公民科学", not "对公民科学有什么评价")
    tokens = [_unglued(t) for t in _QUESTION_WORDS.sub(" ", _CONVERSATION.sub(" ", rest)).split()]
    kept = sorted({t for t in tokens if len(t) >= 2 and not t.isascii()}, key=len)[::-1]
    out: list[str] = []
    for part in parts:
        if _left_in(part, rest):
            out.append(part)
            continue
        for token in kept:
            if token in part:
                part = part.replace(token, f" {token} ")
        out.extend(_unglued(piece) for piece in part.split())
    return out


def spelled_right(index: SearchIndex, query: str, *, keep_real_words: bool = False) -> str:
    """The query with the Latin-script slips search reads through corrected ("who will chiar
    the next session" → "… chair …"), for the structured answers, which read words as typed;
    the query itself when it has none. ``keep_real_words``: an English word search reads as
    the glossary's ("connection" as its "connecting") stays as typed."""
    if not any(_may_be_slip(index, w.lower()) for w in re.findall(r"[A-Za-z]{4,}", query)):
        return query  # (most questions: no word search would correct, no second reading)
    return mended(query, understand(index, query).corrections, keep_real_words=keep_real_words)


def mended(query: str, corrections: list[str], *, keep_real_words: bool = False) -> str:
    """The query with the corrections a reading of it made ("chiar → chair") applied; see
    ``spelled_right``, which reads it first."""
    fixed = query
    for correction in corrections:
        typed, _, meant = correction.partition(" → ")
        if keep_real_words and english_word(typed):
            continue
        if typed and meant:
            fixed = re.sub(
                rf"(?<![A-Za-z]){re.escape(typed)}(?![A-Za-z])", meant, fixed, flags=re.I
            )
    return fixed


def heard_right(index: SearchIndex, query: str) -> str:
    """The query with the Chinese homophone slips a phone's input makes read as meant
    ("临时意程" → 临时议程, "无意义程序" → 无异议程序), read before anything else: the
    records a question names and the structured answers read characters as typed (search's
    own terms try such readings as alternatives too); the query itself when it has none.
    Within a run of Chinese characters, a slip of three characters or more that holds no
    word is read as the one word of the report it sounds like; a shorter one, or one with a
    word in it, only when the word meant makes a phrase the report prints with the two
    characters around it where the characters typed make none (意义 → 异议 in 无意义程序,
    though the report prints 意义: 几场 stays, 手机 is no 收集)."""
    simplified = to_simplified(query)
    text = index.vocabulary
    if not text or len(simplified) != len(query) or not any(is_cjk(ch) for ch in query):
        return query
    vocabulary = _sound_vocabulary(text, index.expander.people)
    heard = "".join(
        _heard_run(index, vocabulary, piece)
        for piece in re.split(r"([\u4e00-\u9fff]{2,})", simplified)
    )
    if heard == simplified:
        return query
    # the characters typed where nothing changed (the Traditional ones stay as typed)
    return "".join(h if h != s else q for q, s, h in zip(query, simplified, heard, strict=True))


# function words and spoken glue: a slip in them changes nothing asked (在哪 is no 在内)
_SLIP_PROOF = GRAMMATICAL | _SPOKEN_GLUE


def _heard_run(index: SearchIndex, vocabulary: frozenset[str], run: str) -> str:
    start = 0
    while start < len(run) - 1:
        meant = _slip_at(index, vocabulary, run, start)
        if meant is None:
            start += 1
            continue
        run = run[:start] + meant + run[start + len(meant) :]
        start += len(meant)
    return run


def _slip_at(index: SearchIndex, vocabulary: frozenset[str], run: str, start: int) -> str | None:
    for size in (4, 3, 2):
        window = run[start : start + size]
        if len(window) < size or _SLIP_PROOF.intersection(window):
            continue
        if not is_word(window) and _word_across(run, start, size):
            continue  # 體交 in 實體交報告: the end of 实体, no slip for 提交
        meant = homophones(window, vocabulary)
        if len(meant) != 1:
            continue
        word = meant[0]
        if size >= 3 and not index.prints(window) and not _holds_a_word(window):
            return word
        fixed = run[:start] + word + run[start + size :]
        for first in range(max(start - 2, 0), start + 1):
            span = slice(first, first + size + 2)
            if span.stop > len(run):
                break
            if index.prints(normalize(fixed[span])) and not index.prints(normalize(run[span])):
                return word
    return None


def _holds_a_word(window: str) -> bool:
    """Whether ``window`` is a word or holds one of two characters (作工作 holds 工作: the end
    of 合作 and a word, no slip for 做工作)."""
    return is_word(window) or any(is_word(window[i : i + 2]) for i in range(len(window) - 1))


def _word_across(run: str, start: int, size: int) -> bool:
    """Whether a word of two characters crosses an edge of the window ``run[start:start+size]``."""
    end = start + size
    return (start > 0 and is_word(run[start - 1 : start + 1])) or (
        end < len(run) and is_word(run[end - 1 : end + 1])
    )


def _may_be_slip(index: SearchIndex, word: str) -> bool:
    """Whether search may read ``word`` as a slip: a word the glossary does not know, that is
    no English word or shares its first seven letters with one of the glossary's."""
    words = index.expander.words
    if index.expander.known_form(word) is not None:
        return False
    if not english_word(word):
        return True
    return len(word) >= 8 and any(w.startswith(word[:7]) for w in words)


def _one_edit_away(words: tuple[str, ...], word: str) -> str:
    """The first glossary word one edit from ``word``, two letters swapped counting as one
    ("chiar" → "chair", which a ratio of shared letters puts no nearer than "china")."""
    return next((w for w in words if OSA.distance(word, w, score_cutoff=1) <= 1), "")


def _glossary_slip(words: tuple[str, ...], word: str) -> str:
    """The glossary's word that ``word`` is a slip for when the two share their first seven
    letters and differ in a letter or two ("rapporter" → "rapporteur"): even a word some
    dictionary gloss uses, which the general spelling correction leaves alone."""
    if len(word) < 8:
        return ""
    best = process.extractOne(word, words, scorer=fuzz.ratio, score_cutoff=88)
    if best is None:
        return ""
    meant = str(best[0])
    shared = next(
        (i for i, (a, b) in enumerate(zip(word, meant, strict=False)) if a != b),
        min(len(word), len(meant)),
    )
    return meant if shared >= 7 else ""


# the small words of four letters or more, which a slip may be one edit from ("wich", "abot")
_LONG_STOPWORDS = tuple(sorted(w for w in STOPWORDS if len(w) >= 4))


def _small_word_slip(index: SearchIndex, word: str) -> bool:
    """A word one edit from a small word ("wich": which or with), no English word and not
    printed in the report: a slip for a word search ignores, not a word to look for."""
    return (
        len(word) >= 4
        and word.isalpha()
        and not english_word(word)
        and not _printed(index, word)
        and index.expander.known_form(word) is None
        and any(OSA.distance(word, w, score_cutoff=1) <= 1 for w in _LONG_STOPWORDS)
    )


def _left_in(source: str, rest: str) -> bool:
    """Whether the words a clause stands for are left once references are taken out; the
    rest has no small words ("election of officers" is left in "… election officers")."""
    if source in rest:
        return True
    words = [w for w in source.split() if w not in STOPWORDS]
    left = set(rest.split())
    return bool(words) and all(w in left for w in words)


def _sibling_forms(siblings: dict[str, tuple[str, ...]], part: str) -> list[tuple[str, str]]:
    """A Chinese phrase with an organisation's other Chinese name (贸发会议跟委员会 →
    联合国贸易和发展会议跟委员会): the report writes the full name in the resolutions and the
    short one in the annexes."""
    found = [name for name in siblings if name in part]
    # not a name inside a longer one the phrase holds (开发计划署 inside 联合国开发计划署 is
    # that one)
    found = [n for n in found if not any(n != o and n in o for o in found)]
    forms: list[tuple[str, str]] = []
    for name in found:
        for other in siblings[name][:2]:
            forms.append((part.replace(name, other), f"same as {name} → {other}"))
    return forms[:4]


@functools.lru_cache(maxsize=4)
def _sound_vocabulary(text: str, people: frozenset[str]) -> frozenset[str]:
    """What a typed phrase may be a homophone slip for: the dictionary's words the report
    prints, and people's names (one set per knowledge base, so the sounds index is built
    once)."""
    return words_in(text) | people


def _dictionary_forms(index: SearchIndex, part: str) -> list[tuple[str, str]]:
    """Other ways to write a Chinese phrase the report does not print as typed: a word that
    sounds the same (数字红沟 → 数字鸿沟) or means the same (小孩 → 儿童), from CC-CEDICT."""
    text = index.vocabulary
    if not text or not any(is_cjk(ch) for ch in part) or index.prints(part):
        return []
    vocabulary = _sound_vocabulary(text, index.expander.people)
    forms: list[tuple[str, str]] = []
    for size in (4, 3, 2):
        for start in range(len(part) - size + 1):
            window = part[start : start + size]
            if not all(is_cjk(ch) for ch in window) or index.prints(window):
                continue
            # a real word is no typing slip (手机 is not 收集 misheard)
            slips = () if is_word(window) else homophones(window, vocabulary)
            for word in slips[:2]:
                fixed = part[:start] + word + part[start + size :]
                forms.append((fixed, f"sounds like {window} → {word}"))
            for word in synonyms(window, text)[:2]:
                fixed = part[:start] + word + part[start + size :]
                forms.append((fixed, f"dictionary {window} → {word}"))
            if size >= 3 and not GRAMMATICAL.intersection(window):
                for word in abbreviated(window, text)[:1]:
                    fixed = part[:start] + word + part[start + size :]
                    forms.append((fixed, f"short for {window} → {word}"))
        if forms:
            break
    return forms[:4]


# between two characters of a Chinese short form, what its full form may have left out (科技创新
# for 科学、技术和创新, 信通技术 for 信息和通信技术; the enumeration comma is a space once folded)
_LEFT_OUT = "[\u4e00-\u9fff ]{0,3}?"


@functools.lru_cache(maxsize=4096)
def abbreviated(window: str, text: str) -> tuple[str, ...]:
    """What ``window`` may be short for in ``text``: spans that begin and end with its first
    and last characters and hold its characters in order, the most frequent first."""
    pattern = re.compile(f"({_LEFT_OUT})".join(re.escape(ch) for ch in window))
    counts: dict[str, int] = {}
    for match in pattern.finditer(text):
        span = match.group()
        if span != window and len(span) <= 2 * len(window) + 1 and _one_per_item(match):
            counts[span] = counts.get(span, 0) + 1
    return tuple(sorted(counts, key=lambda span: (-counts[span], span)))


def _one_per_item(match: re.Match[str]) -> bool:
    """Whether a short form's span crosses a break (a space: an enumeration comma, or a comma
    between clauses) only where the short form took one character of the item before it, as
    科技创新 takes 科 of 科学、技术和创新; 报告本 is no short form of "报告，说明本"."""
    gaps = match.groups()
    return not any(
        " " in gap and index > 0 and gaps[index - 1] == "" for index, gap in enumerate(gaps)
    )


def _expanded(index: SearchIndex, entry: ExpansionEntry) -> Alternative:
    return Alternative(
        text=entry.folded,
        terms=entry.terms,
        idf=index.main.idf[entry.terms],
        why=f"{entry.kind} {entry.name} → {entry.zh}",
        unknown=entry.unknown_terms * UNKNOWN_BIGRAM * index.rare_idf,
    )


def key_words(query: str) -> tuple[str, ...]:
    """What a query is about, as ``understand`` reads it: each Chinese phrase without its
    question words, and each run of Latin-script words without the words that only ask
    (leading and trailing stopwords).

    Given as the names of an alias, these make the same question — in either script, any
    case or punctuation — expand to the alias's wording: a Latin run is matched as a phrase of
    consecutive words, a Chinese phrase as a whole.
    """
    found: list[str] = []
    run: list[str] = []

    def flush() -> None:
        words = list(run)
        run.clear()
        while words and words[0] in STOPWORDS:
            words.pop(0)
        while words and words[-1] in STOPWORDS:
            words.pop()
        if any(ch.isalpha() for word in words for ch in word):
            found.append(" ".join(words))

    for match in _PIECE.finditer(normalize(query)):
        piece = match.group(0)
        if piece.isascii():
            run.append(piece)
            continue
        flush()
        found.extend(
            part
            for part in _QUESTION_WORDS.sub(" ", piece).split()
            if len(part) >= 2 and not part.isdigit()
        )
    flush()
    return tuple(dict.fromkeys(found))


def _printed(index: SearchIndex, word: str) -> bool:
    """Whether the report prints a Latin-script word ("unctad", "2020") as a word."""
    return bool((index.main.lookup(index.keys(word)) >= 0).any())


def _english_clauses(index: SearchIndex, words: list[str], corrections: list[str]) -> list[Clause]:
    """Latin-script words → clauses: glossary and alias phrases (longest first), ordinal
    numbers, or the word itself (names and acronyms the report prints in Latin script)."""
    expander = index.expander
    forms: list[str] = []
    # words the glossary has no entry of their own for: CC-CEDICT's Chinese for them, where
    # the report uses it ("kids" → 儿童, "measures" → 措施), also when the glossary knows the
    # word only inside longer terms ("access", "quality")
    looked_up: dict[int, tuple[str, ...]] = {}
    corrected_to: dict[int, str] = {}
    for i, word in enumerate(words):
        form = expander.known_form(word)
        open_word = (
            not asks_only(words, i)
            and word not in STOPWORDS
            and word not in _ORDINALS
            and word not in _CARDINALS
            and word not in _TENS
            and len(word) >= 3
            and word.isalpha()
            and not _printed(index, word)
        )
        if open_word and form is None and (near := _glossary_slip(expander.words, word)):
            # "rapporter" (a gloss somewhere in the dictionary) for the UN's rapporteur
            corrections.append(f"{word} → {near}")
            form = near
        if open_word and (form is None or (form,) not in expander.phrases):
            found = dictionary_chinese(index, word)
            if found or passing_chinese(index, word):
                looked_up[i] = found
        if (
            form is None
            and open_word
            and i not in looked_up
            and len(word) >= 5  # short words: too many real words one letter apart
            and not english_word(word)  # nor is "enter" a slip for "center"
        ):
            # a word neither the glossary nor the report knows: a typing error?
            best = process.extractOne(
                stem(word), expander.words, scorer=fuzz.ratio, score_cutoff=85
            )
            near = str(best[0]) if best is not None else _one_edit_away(expander.words, word)
            if near and near not in STOPWORDS:  # "fora" is no slip for "for"
                corrections.append(f"{word} → {near}")
                form = near
            elif corrected := misspelt(index, word):
                # or a word the dictionary knows, misspelt ("awarness")
                corrections.append(f"{word} → {corrected}")
                looked_up[i] = dictionary_chinese(index, corrected)
                corrected_to[i] = corrected
        if (
            form is None
            and open_word
            and i not in looked_up
            and i not in corrected_to
            and (slip := swapped(index, word))
        ):
            # two letters swapped, one of a pair left single: "fnud", "totla", "anex"
            corrections.append(f"{word} → {slip}")
            if slip in expander.words:
                form = slip
            else:
                looked_up[i] = dictionary_chinese(index, slip)
                corrected_to[i] = slip
        forms.append(form or stem(word))
    clauses: list[Clause] = []

    def glossary_clause(i: int, length: int) -> Clause | None:
        entries = expander.phrases.get(tuple(forms[i : i + length]))
        if entries is None or (length == 1 and forms[i] in STOPWORDS):
            return None
        alternatives = [
            Alternative(
                text=e.folded,
                terms=e.terms,
                idf=index.main.idf[e.terms],
                why=f"{e.kind} {e.name} → {e.zh}",
                unknown=e.unknown_terms * UNKNOWN_BIGRAM * index.rare_idf,
            )
            for e in entries
        ]
        written = " ".join(words[i : i + length])
        # as printed in Latin script, without the small words every English text has
        # ("on" in "working group on enhanced cooperation" is in the Commission's name too)
        content = [w for w in words[i : i + length] if w not in STOPWORDS] or [written]
        if all(_printed(index, w) for w in content):
            # the report prints some names in Latin script ("EQUALS", "COVID-19"); a name it
            # prints only part of ("2020" of "WSIS Forum 2020") is not one of them, and what
            # it does not print of one (its words in that order) counts against it
            alternatives.append(_alternative(index, " ".join(content), written, UNKNOWN_WORD))
        return Clause(alternatives, typed=False, expansion=True, source=written)

    i = 0
    while i < len(forms):
        # glossary terms of several words, then the dictionary's, then single words
        clause, used = None, 0
        for length in range(min(expander.longest, len(forms) - i), 1, -1):
            if (clause := glossary_clause(i, length)) is not None:
                used = length
                break
        if clause is None:
            used, zh = dictionary_phrase(index, words, i)
            if used:
                written = " ".join(words[i : i + used])
                alternative = _alternative(index, zh, f"dictionary {written} → {zh}")
                clause = Clause([alternative], typed=False, expansion=True, source=written)
        if clause is None and asks_only(words, i):
            i += 1  # "talk about", "which paragraphs": how it asks, whatever the glossary has
            continue
        if clause is None and (clause := glossary_clause(i, 1)) is not None:
            used = 1
        if clause is not None:
            clauses.append(clause)
            i += used
            continue
        word = words[i]
        if i in looked_up:
            alternatives = [
                _alternative(index, zh, f"dictionary {word} → {zh}") for zh in looked_up[i]
            ]
            for zh in passing_chinese(index, corrected_to.get(i, word)):
                passing = _alternative(index, zh, f"dictionary {word} → {zh}")
                passing.trust = PASSING_TRUST
                alternatives.append(passing)
            clauses.append(Clause(alternatives, typed=False, expansion=True, source=word))
            i += 1
            continue
        if word in _TENS and i + 1 < len(words) and words[i + 1] in _ORDINALS:
            number = str(_TENS[word] + int(_ORDINALS[words[i + 1]]))
            clause = Clause([_alternative(index, number, number)], typed=False, source=number)
            clauses.append(clause)
            i += 2
            continue
        if word in _ORDINALS or word in _CARDINALS:
            number = _ORDINALS.get(word) or _CARDINALS[word]
            clause = Clause([_alternative(index, number, number)], typed=False, source=number)
            clauses.append(clause)
        elif (
            word not in STOPWORDS
            and forms[i] not in STOPWORDS
            and not asks_only(words, i)
            # a lone letter is a label only inside a reference ("3(b)", "res 2 a 3"),
            # which reference parsing has already read; alone it matches every (b)
            and (len(word) > 1 or word.isdigit())
            and not _small_word_slip(index, word)
        ):
            share = UNKNOWN_WORD
            if word.endswith(("ing", "ed")) and english_word(word):
                share = UNKNOWN_VERB_FORM
            alternatives = [_alternative(index, word, word, share)]
            if forms[i] != word:
                alternatives.append(_alternative(index, forms[i], word, share))
            clauses.append(Clause(alternatives, typed=False, source=word))
        i += 1
    return clauses
