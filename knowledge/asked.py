"""What kind of fact a question asks for, and whether a passage states one.

A passage on the right subject that does not state what is asked is not an answer: "how many
people attended the IGF in Berlin" finds the paragraph about that IGF, which gives its dates
and theme but no attendance. Search tells the delegate the report does not say, instead of
answering confidently with a paragraph that cannot answer.

Most kinds are a pair of patterns over the normalized question and the normalized passage
(``knowledge.kinds``); places, countries, names, counts and what someone said need more than a
pattern and are decided here, through the knowledge base's aliases and the dictionary's
proper names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.answers import entities_in
from knowledge.dictionary import is_only_a_name, segmented
from knowledge.elsewhere import asks_what_a_document_says, asks_what_happened_later
from knowledge.kinds import ANSWERED_BY, ASKED_KINDS, BACKGROUND_STATED, COUNTED
from knowledge.models import AgendaItem, Document, KnowledgeBase, Meeting, Paragraph, Record
from knowledge.normalize import folded_question, normalize
from knowledge.query import RESOLUTION_NUMBER
from knowledge.render_text import answer_text
from knowledge.results import Match
from knowledge.search_index import SearchIndex

__all__ = [
    "lacks_beyond_records",
    "lacks_what_is_asked",
    "lacks_what_was_said",
    "what_was_reported",
]


# a person's name, strictly
_NAME_ASKED = re.compile(
    r"叫什么|叫啥|名字|姓名|\bname of\b|\bwhat is (?:his|her|their) name\b"
    # a name asked for as a noun ("ITU Sec-Gen name opening day"), not "does it name"
    r"|(?<!\bit )(?<!\bthey )(?<!\bdoes )(?<!\bdo )(?<!\bdid )(?<!\bto )\bname\b"
)
# someone: a person, or the country or organisation that acted
_WHO_ACTED = re.compile(
    r"\bwho (?:is |are |was |were )?(?:chairs?|chaired|presid(?:es|ed)|heads?|headed|leads?"
    r"|led|runs?|facilitated|organi[sz]\w*|hosting|hosts?|hosted"
    r"|moderated|moderates)\b"
    r"|\b(?:which|what) (?:\w+ ){0,3}"
    # (not a "lead-in", nor "which vice-chair seats": seats, not who holds them)
    r"(?:leads?(?! in\b)|chairs?(?! (?:seats?|posts?|positions?)\b)|heads?|runs?|organi[sz]es?"
    r"|hosts?)\b"
    r"|由谁主持|谁主持的|谁领导|谁获得"
    r"|(?:哪个|什么|哪些)(?:机构|组织|国家|部门)(?:担任|当|是)?主席|由(?:谁|哪个.{0,4})担任主席|谁当主席"
)
# who won a prize or an award: a person, named
_WINNER_ASKED = re.compile(
    r"\bwho (?:won|got|received|was awarded|were awarded|wins|gets|receives)\b"
    r"(?! (?:asked|told|invited|urged|encouraged|requested|called|to)\b)"
    r"|谁获得|谁得了|谁拿了|获奖者|得主|\bwinners?\b|\brecipients?\b|[发颁授]给(?:了)?谁"
    r"|\bwho (?:was|were|is|got) (?:elected|appointed)\b|谁当选|选出了谁|选了谁"
    r"|选出来?的.{0,24}是谁"
)
_PLACE_ASKED = re.compile(
    # (not 在哪一年, 在哪份文件: which year, which document)
    r"(?:在哪里|在哪儿"
    # (not 在哪方面, 在哪个文件: which aspect, which document)
    r"|在哪(?![1一几]?\s*(?:年|天|日|月|届|次|场|段|条|项|章|份|位|部分|方面|领域|个?文件|个?文档)))"
    # (not 在哪些领域, 在哪些方面: which fields; 在哪些地方 and 在哪些城市 are places)
    r"(?!些(?!地方|城市|地点))"
    r"|哪里|哪儿|什么地方|哪个?城市|哪座城市|什么城市|(?<!时间)地点"
    # "where" that asks, not "to spot where education may fall short"
    r"|^where\b|\bwhere$|\bwhere (?:is|was|are|were|will|did|does|do|can|could|would|should"
    r"|exactly)\b|\band where\b|\b(?:which|what) (?:city|town|venue)\b"
    # a venue asked outright ("the exact dates and venue"), where it is held (举办地)
    r"|\bvenues?\b|举办地|在哪[个座]?(?:国家|城市)?(?:办|举办|举行|开)"
)
# "用在哪些地方", "卡在哪儿", "难点在哪": where something is applied, stuck or hard, no place
_WHERE_IT_LIES = re.compile(r"[用卡难差错点键题处]在哪")
# "where can I find the list of participants": a document or a link, not a place
_WHERE_TO_FIND = re.compile(
    r"\bwhere (?:can|do|could|should) (?:i|we|one|delegates)\b"
    r"|哪里(?:可以|能够?|可)?(?:找到|下载|查到|看到|获取)|在哪(?:里|儿)?(?:可以|能够?|可)?(?:找|下载|查|看)"
    # "可以在哪个 website 查到", "在哪个网站能看到"
    r"|在哪(?:个|些)\s*(?:网站|网页|网址|website|site|page|link)\s*(?:上|里)?\s*(?:可以|能)?"
    r"\s*(?:找|下载|查|看|获取)"
)
# where something stands among priorities, not a place ("where should governments put
# capacity-building in their plans": 放在突出地位)
_WHERE_IT_STANDS = re.compile(
    r"\bwhere (?:should|do|does|did|would|could|can|must|will) (?:[\w-]+ ){1,6}?"
    r"(?:put|place|fit|rank|position|stand)\b"
)
# "在哪段提的", "那条在哪", "where in resolution I": a place in the report's text, which the
# passage found is
_WHERE_IN_TEXT = re.compile(
    r"在哪(?:1|一)?(?:段|条|项|节|章|部分|个?决议|个?决定|个?部分|里提|儿提|里讲|儿讲|里说|儿说|里写)"
    r"|(?:段|条|项|节|部分|句话?|那里|这里|定义|说法|表述|提法|内容|规定|原文|出处|脚注|注释|清单|列表)"
    r"(?:是|又)?在哪"
    r"|(?:[那这]1?(?:段|条|句|项)|(?:有|是)1(?:段|条|句|项)|段落).*在哪"
    # where in the session's structure: "挂在哪个议程项目下面"
    r"|(?:挂|放|列|归)在哪"
    r"|在哪(?:里|儿)?(?:[^ ]{0,3})?(?:提到|提及|提出|讲到|说到|写到|规定|出现|提的|讲的|说的|写的"
    r"|写了|提了|讲了|说了|列出)"
    r"|哪(?:里|儿)(?:提到|提及|讲到|说到|写到|有)|\bwhere (?:in|within|exactly in)\b"
    # "这句话在决议二哪儿", "出自决议二哪里", "放在报告哪里": a place in the report's text
    r"|(?:决议|决定|报告|草案|附件|章|节|\bres|\bresolution|\bdecision|\breport)\s*[\da-z]{0,4}\s*的?"
    r"(?:哪里|哪儿)|出自|出现在?哪|放在.{0,6}哪"
    r"|\bwhere (?:does|do|did|is|are|was) (?:it|they|this|that|[\w-]+(?: [\w-]+){0,5}?"
    r"|(?:draft )?(?:resolution|res|decision) \w+) "
    r"(?:say|said|mention\w*|talk\w*|discuss\w*|refer\w*|stated?|call\w*|speak\w*|ask\w*"
    r"|thank\w*|welcom\w*|urg\w*|encourag\w*|send\w*|point\w*|deal\w*|cover\w*"
    r"|come up|show up|appear\w*|feature\w*|occur\w*|single\w* out|highlight\w*"
    r"|stress\w*|emphasi[sz]\w*|recogni[sz]\w*|list\w*|spell\w* out|describ\w*)\b"
    r"|\bwhere\b.*\b(?:mentioned|stated|said|discussed|addressed|covered|referred to|recalled"
    r"|noted|welcomed|recogni[sz]ed|reaffirmed|encouraged|told|asked|invited|requested|urged"
    r"|called on|called upon)\b|\bwhere is (?:that|it|this)(?! (?:held|located|based|hosted))\b"
    # "where's the part encouraging …": a passage of the text
    r"|\bwhere(?: i| )?s (?:the|that) (?:part|bit|para\w*|passage|line|clause|section"
    r"|sentence|text|wording|language)\b"
    # where a report or a proposal goes: to a body, at a session
    r"|\bwhere (?:do|does|did|should|must|will) (?:\w+ ){1,3}(?:present|submit|report|send)\w*\b"
    # under which agenda item, at which meeting: the session's structure
    r"|在哪(?:1|一)?[个项次场]?\s*(?:议程|agenda|item|会议|meeting|次会|届|议题|环节|圆桌|部分会议"
    r"|resolution|res\b|decision|para|part\b|section|chapter|annex|footnote|doc)"
    # "where is that in resolution II", "where are those in the text"
    r"|\bwhere (?:is|are) (?:that|it|this|they|those|these)(?: \w+)? (?:in|within|of)\b"
    # "报告里有没有提到《巴黎协定》？在哪", "does it mention the Paris Agreement, and where":
    # whether the text names something, then where it does
    r"|(?:提到|提及|提过|讲到|说到|写到|谈到|涉及)[^？?]{0,40}[？?，,]?\s*(?:那|是|又)?在哪"
    r"|\b(?:mention\w*|refer\w*|cite\w*|talk\w* about)\b.*\bwhere\b"
)
# who belongs to something, or what a named list holds, item by item: a passage that names
# the board or the targets without listing them does not say ("宽带委员会的2025年目标具体有
# 哪几项", "who are the members of the Gender Advisory Board")
_ITEMS_ASKED = re.compile(
    r"(?:哪些|哪几个|什么)成员|成员(?:都)?(?:有|是|包括)(?:哪些|谁|什么|啥)|成员名单|由哪些.{0,8}组成"
    r"|\b(?:who|which|what) (?:are|were) (?:the|its|their) members\b|\bmembership\b"
    r"|\bmembers of the (?!commission|bureau)"
    r"|哪几项|具体(?:有|是|都是|都有)?(?:哪些|哪几|啥|什么)|都有哪些"
    r"|\blist (?:them|all|of them)\b|\bwhat exactly are\b|具体.{0,4}指标"
    r"|(?:哪些|哪几个|什么)\s*members\b"
)
_COUNTRIES_ASKED = re.compile(
    # "在哪些开发中国家做的", "第一个试点的国家是谁"
    r"哪(?:些|几个|个)[\u4e00-\u9fff]{0,4}国家|哪些会员国|国家是(?:谁|哪)"
    # (not "what keeps a country able to compete": "what" there is what does it)
    # (not "which kinds of countries": groups, which the report names as such)
    r"|\b(?:which|what) (?:of the )?(?:(?!(?:a|an|the|this|that|its|their"
    r"|are|is|do|does|did|should|must|can|were|was|kinds?|types?|sorts?|groups?"
    r"|categor(?:y|ies))\b)\w+ ){0,2}countr\w*"
    r"|\b(?:which|what) (?:member )?states\b|\b(?:which|what) delegations?\b|哪(?:个|些)代表团"
)
_OCCUPATION = re.compile(
    r"(?:是)?干(?:啥|什么)的"
    # where someone worked before, their career: no speaker's past is given
    r"|(?:以前|之前|曾经|过去)(?:在|是|当过|做过|担任)|(?:工作|任职|干)过"
    r"|\b(?:work(?:ed)?|served) (?:at|for|in|with)\b.*\b(?:before|previously|earlier)\b"
    r"|\b(?:previously|formerly|used to)\b|\b(?:career|background|biography|cv)\b"
)
# who holds a post: a person, named ("聯合國秘書長是誰", "who was the President of ECOSOC")
_HOLDER_ASKED = re.compile(
    r"\bwho (?:is|was|are|were) (?:the )?(?:current )?(?:\w+ s )?(?:co-?)?"
    r"(?:president|chair\w*|head|director\w*|secretary[- ]general|minister|ambassador"
    r"|executive secretary)\b"
    r"|(?:主席|秘书长|主任|司长|部长|大使|院长|总干事|负责人|chairs?|president|head)\s*(?:现在)?是谁"
    # which person: "是哪位署长签发的", "which staff member acted as secretary"
    r"|哪(?:1|一)?位|\bwhich (?:\w+ ){0,2}(?:staff member|official|officer|individual)s?\b"
)
# an officer as the report names who presided: by seat and country ("副主席(奥地利)")
_SEAT_BY_COUNTRY = re.compile(r"(?:副主席|主席|报告员)\s*[(（]")
# the name of a person (not of an initiative, a publication or a decision)
_PERSON_ASKED = re.compile(
    r"谁|[司部院局署校会处]长|主席|代表|大使|教授|先生|女士|总裁|主任|秘书长"
    r"|\bwho\b|\b(?:person|minister|chair\w*|director|head|president|ambassador|delegate)\b"
    r"|\b(?:professor|secretary|representative|speaker|moderator)\b"
)
_PERSON_NAME = re.compile(
    r"[A-Z][a-z]+(?: [A-Z][a-z.\-]+)+|[\u4e00-\u9fff]{1,4}·[\u4e00-\u9fff]{1,6}"
)


# ("编号" may be a paragraph's number: not counted here)
_SYMBOL_ASKED = re.compile(r"文号|文档号|文件号|文件编号|\bsymbol\b|\bdocument number\b")
_PRINTED_SYMBOL = re.compile(r"[A-Z]{1,8}(?:\.\d+)?/[A-Z0-9]")
# the number a resolution, a decision or a document goes by ("那號決議編號是多少", "what's the
# number of that resolution"; not "the number of documents", a count)
_NUMBER_OF_A_TEXT = re.compile(
    r"编号|\b(?:resolution|decision|document|report)s? number\b"
    r"|\bnumber of (?:the|that|this|its) (?:\w+ )?(?:resolution|decision|document|report)\b"
)


def _titles_something(record: Record, original: str) -> bool:
    """Whether the passage gives something's name: an agenda item (its words are its title)
    or a title in quotation marks."""
    return isinstance(record, AgendaItem) or bool(_QUOTED.search(original))


def _prints_a_symbol(kb: KnowledgeBase, record: Record) -> bool:
    """Whether the record, its footnotes or its answer text print a document symbol."""
    texts = [answer_text(kb, record)]
    if isinstance(record, Paragraph):
        texts.append(record.text)
        texts.extend(note.text for note in record.footnotes)
    return any(_PRINTED_SYMBOL.search(text) for text in texts)


def _original(kb: KnowledgeBase, record: Record) -> str:
    return record.text if isinstance(record, Paragraph) else answer_text(kb, record)


_ENUMERATED = re.compile(r"(?:^|\s)\d{1,2}\.\s|\([一二三四五六七八九十]+\)|\([a-z]\)")


def _lists_them(kb: KnowledgeBase, record: Record, folded: str) -> bool:
    """A passage that lists three or more names (people, States, organisations, titles in
    quotation marks) or numbered points, which a count can be read off. A run of common nouns
    ("会员国、民间社会、私营部门") counts nothing: "how many member States" is not answered by
    a list of kinds of stakeholder."""
    measure = _ASKED_UNIT.search(folded)
    if measure is not None and measure.group(1) in "份条段":
        return False  # "收到了多少份意见": submissions, not the bodies a passage names
    original = _original(kb, record)
    # each one once: a bureau seat names its holder several times over
    named = [e.kind for e in {e.zh: e for e, _ in entities_in(kb, normalize(original))}.values()]
    if _TIMES_COUNTED.search(folded) and not _SPOKEN.search(folded):
        return False  # how often something happened: a number of times, not a list of names
    if _UNITS_COUNTED.search(folded):
        return False  # minutes, votes, years: a measure, not a list of names
    if _ATTENDANCE.search(folded) and not _SPOKEN.search(folded):
        return False  # who attended: a list of speakers does not count them
    if _PRIZES_COUNTED.search(folded):
        return len(_QUOTED.findall(original)) >= 3  # prizes are named in quotation marks
    if _PEOPLE_COUNTED.search(folded):  # speakers: people, or States through their delegates
        return len(_PERSON_NAME.findall(original)) + named.count("country") >= 3
    if _STATES_COUNTED.search(folded):
        return named.count("country") >= 3
    if _BODIES_COUNTED.search(folded):
        return named.count("organization") + named.count("body") >= 3
    return (
        len(_PERSON_NAME.findall(original)) >= 3
        or len([kind for kind in named if kind != "body"]) >= 3
        or len(_QUOTED.findall(original)) >= 3
        or len(_ENUMERATED.findall(original)) >= 3
    )


# What the classifier of a Chinese count ("几项", "多少个") accepts of the numbers a passage
# gives: "决议草案一有几个会员国连署" is not answered by "举行了 5 次会议", nor "2025 年目标
# 订了几项指标" by "38 亿人"; 个 counts anything but times, spans and shares
_ASKED_UNIT = re.compile(r"(?:多少|(?<![好第哪])几)\s*(个|次|位|名|项|场|份|条|段|届|轮|回|家|批)")
_MEASURES = "次年天周%倍"
_ACCEPTED_UNITS = {
    "个": None,
    "次": "次场",
    "位": "位名人",
    "名": "位名人",
    "项": "项个条",
    "场": "场次",
    "份": "份",
    "条": "条项段",
    "段": "段条",
    "届": "届",
    "轮": "轮次",
    "回": "回次",
    "家": "家个",
    "批": "批",
}


# things counted in English, and the classifiers that count them: "how many targets" is not
# answered by "38 亿人"
_THINGS_COUNTED = re.compile(
    r"\bhow many (?:\w+ ){0,2}?(?:targets?|goals?|indicators?|initiatives?|projects?"
    r"|recommendations?|measures?|programmes?|programs?|actions?|commitments?"
    r"|submissions?|proposals?|contributions?|comments?|inputs?)\b"
)
# a measure counted in English: "how many hours" is not answered by "5 次会议"
_MEASURE_COUNTED = re.compile(r"\bhow many (?:\w+ ){0,2}?(hours|minutes|days|weeks|months)\b")
_MEASURE_UNITS = {"hours": "", "minutes": "", "days": "天", "weeks": "周", "months": ""}


def _counts_other_things(folded: str, text: str) -> bool:
    """Whether every number the passage gives counts another kind of thing than the question
    asks for (a Chinese classifier, or things named in English)."""
    units = [m.group("unit") for m in COUNTED.finditer(text) if m.group("unit")]
    if not units:
        return False  # a count without its unit ("五年期") is the pattern's business
    measure = _MEASURE_COUNTED.search(folded)
    if measure is not None:
        wanted = _MEASURE_UNITS[measure.group(1)]
        return not any(unit in wanted for unit in units) if wanted else True
    asked = _ASKED_UNIT.search(folded)
    unit = asked.group(1) if asked is not None else "项" if _THINGS_COUNTED.search(folded) else ""
    if not unit:
        return False
    accepted = _ACCEPTED_UNITS[unit]
    if accepted is None:
        return all(unit in _MEASURES for unit in units)
    return not any(unit in accepted for unit in units)


# a measure counted ("how many minutes was each panellist given", "how many votes")
_UNITS_COUNTED = re.compile(
    r"\bhow many (?:minutes|hours|days|weeks|months|years|votes|words|pages)\b"
    r"|(?:多少|几)(?:分钟|个?小时|天|周|个月|年|票|页)"
    # how big or how much: an amount, which no list of names gives
    r"|\bsize of\b|\bhow (?:big|large|much)\b|\bamount\b|规模|多大|金额|多少钱"
)
# What "how many …" counts, when it says
_PEOPLE_COUNTED = re.compile(
    r"\b(?:people|persons|participants|speakers|panell?ists|delegates|attendees)\b"
    r"|多少人|几个人|几位|几名|与会者|发言者|发言人|参会"
    # people of a kind: a list of organisations or States counts none of them
    r"|(?:多少|几)(?:个|名|位)?(?:女孩|女童|妇女|学生|专家|学员|青年|儿童|孩子)"
    r"|\bhow many (?:girls|women|students|experts|trainees|young people|children)\b"
)
_ATTENDANCE = re.compile(
    r"\bparticipants?\b|\battend\w*|\bturnout\b|\blogged (?:on|in)\b|\bjoined\b"
    r"|与会者|与会|参会|参加|出席|在线参加|上线"
)
_PRIZES_COUNTED = re.compile(r"[颁获得]了?[几多少]+个?奖|\b(?:prizes?|awards?)\b")
_TIMES_COUNTED = re.compile(r"几[次轮]|多少[次轮]|\bhow many (?:times|rounds)\b|\bhow often\b")
# how often someone spoke is counted on the list of their statements
_SPOKEN = re.compile(r"发言|讲话|致辞|\bspeak|\bspoke\b|\bfloor\b|\bstatements?\b")
_STATES_COUNTED = re.compile(
    r"\b(?:countries|states|nations|governments)\b|几个国家|多少(?:个)?国家|会员国|成员国"
)
_BODIES_COUNTED = re.compile(
    r"\b(?:organi[sz]ations|entities|agencies|bodies)\b|几个组织|多少(?:个)?(?:组织|机构|实体)"
)

_QUOTED = re.compile(r"“[^”]{2,}”|《[^》]{2,}》")


def _countries(kb: KnowledgeBase, text: str) -> bool:
    return any(entity.kind == "country" for entity, _ in entities_in(kb, text))


# a person's country as the bureau and the speakers' lists print it: "彼得·毛约尔(匈牙利)"
_NATIONALITY_ASKED = re.compile(
    r"哪国人|哪个国家的人|国籍|\bnationality\b|\bwhere (?:is|was) (?:he|she) from\b"
    r"|\b(?:what|which) country (?:is|was|does|did)\b[^?.,;]{0,40}\bfrom\b"
    # "是意大利籍吗", "是不是瑞士籍的": a country's 籍 (not 书籍, 会籍)
    r"|(?<=[\u4e00-\u9fff])(?<![书会学户党])籍(?=吗|嘛|么|的|呢|[?？]|\s|$)"
)
_PARENTHESISED = re.compile(r"[(（]([^()（）]{2,16})[)）]")


def _gives_a_nationality(kb: KnowledgeBase, original: str, folded: str) -> bool:
    """A country in brackets right after a name, of the person the question names (of
    anyone when it names none): "彼得·毛约尔(匈牙利)" tells where he is from; a country
    elsewhere in the passage, beside someone else, does not."""
    asked = [normalize(e.zh) for e, _ in entities_in(kb, folded) if e.kind == "person"]
    for bracket in _PARENTHESISED.finditer(original):
        if not _countries(kb, normalize(bracket.group(1))):
            continue
        before = normalize(original[: bracket.start()])
        if not asked or any(before.endswith(name) for name in asked):
            return True
    return False


def _nationality_missing(kb: KnowledgeBase, originals: Sequence[str], folded: str) -> bool:
    return bool(_NATIONALITY_ASKED.search(folded)) and not any(
        _gives_a_nationality(kb, original, folded) for original in originals
    )


def _names_someone(kb: KnowledgeBase, record: Record, text: str, folded: str) -> bool:
    """A person's name, or the country or organisation that stands for someone, other than
    those the question names ("who chairs the Broadband Commission" is not answered by a
    paragraph naming the Broadband Commission)."""
    if _PERSON_NAME.search(_original(kb, record)):
        return True
    asked_about = {e.zh for e, _ in entities_in(kb, folded)}
    return any(
        e.kind in ("person", "country", "organization") and e.zh not in asked_about
        for e, _ in entities_in(kb, text)
    )


def _names_a_person(kb: KnowledgeBase, record: Record, folded: str) -> bool:
    """A person's name other than those the question names ("Kwame Nkrumah" names a prize)."""
    asked_about = {e.zh for e, _ in entities_in(kb, folded)}
    named = [e for e, _ in entities_in(kb, normalize(_original(kb, record))) if e.kind == "person"]
    return any(e.zh not in asked_about for e in named)


def _names_a_place(kb: KnowledgeBase, record: Record) -> bool:
    """A country or a place the dictionary knows by name, outside the titles the passage
    quotes (the 《突尼斯议程》 is a text, not a place)."""
    text = normalize(_QUOTED.sub(" ", _original(kb, record)))
    if _countries(kb, text):
        return True
    # a person or a body named is no place (彼得, 联合国), even where the dictionary has a
    # county of that name
    for entity, (start, end) in entities_in(kb, text):
        if entity.kind != "country":
            text = text[:start] + " " * (end - start) + text[end:]
    return any(is_only_a_name(word) for word in segmented(text))


# What someone said: the report records who spoke, never what they said ("儿童和青年主要群体
# 的代表发言时都说了些啥", "did Japan's delegate mention a satellite programme")
_SAID_ASKED = re.compile(
    r"(?:说|讲|谈|提|介绍)了?(?:些)?(?:什么|啥|哪些)|说的是(?:什么|啥)"
    r"|(?:发言|讲话|演讲|致辞)(?:的)?(?:主要)?(?:内容|要点|重点|题目|主题)"
    # "the topic of Bai Chunli's presentation"
    r"|\b(?:title|topic|subject|theme) of (?:\w+ ){0,4}(?:talk|speech|presentation|lecture"
    r"|keynote|remarks|statement|intervention)\b"
    r"|(?:有没有|是否)(?:提到|提及|谈到|讲到|说到|宣布)"
    # "said what abt satellite data", "what did X ask the Commission to do"
    r"|\bsaid what\b|\bsay what\b|\bwhat did\b.{1,60}\bask\w*(?: \w+){0,3} to\b"
    r"|\bwhat did\b.{1,60}\b(?:say|talk about|speak about|mention|argue|propose|call for"
    r"|stress|emphasi[sz]e|highlight|focus on|ask(?: \w+){0,3} for|request|tell|told)\b"
    r"|说.{0,24}?(?:怎么|如何|咋)"
    r"|\bwhat (?:was|were)\b.{0,40}\b(?:said|the (?:main )?points?|(?:main|key) points?"
    r"|the message)\b"
    r"|\bdid\b.{1,60}\b(?:mention|talk about|speak about|bring up|raise|stress|say)\b"
    r"|(?:啥|什么|哪些)(?:看法|观点|立场|态度|意见)"
    r"|\b(?:views?|position|stance|opinion) (?:of|on)\b"
    r"|\b(?:what|which) (?:\w+ ){0,4}did\b.{1,60}\b(?:report|share|describe|present|outline)\b"
    # "介绍了 Pakistan 哪些 policy", "谈了中国哪些卫星计划", "说了现在有多少碎片"
    r"|(?:说|讲|谈|介绍|分享|提到|提及|谈到)了.{1,24}?(?:哪些|多少(?!次|份|个|项))"
    r"|(?:提到|提及|谈到|讲到|说到)了?.{0,8}?(?:哪些|什么|啥)"
    r"|(?:说|讲|谈|介绍|分享)的.{1,24}?(?:哪些|哪几[个项]|什么)"
    r"|(?:有没有|是否)(?:讲|说|谈)(?!话)"
    r"|\bwhat (?:point|points|argument|message|line|position|stance)s? did\b"
    r"|\b(?:which|what) (?:\w+ )?(?:delegations?|countr(?:y|ies)|speakers?|ministers?)"
    r" (?:brought up|raised|mentioned|talked about|spoke about|referred to)\b"
    # what was in a talk: "did X get into … in his talk", "what China argued", "讲的是疫情哪方面",
    # "presentation 说有多少", for or against
    r"|\b(?:in|during) (?:his|her|their|its|the) (?:talk|speech|statement|remarks"
    r"|presentation|intervention|lecture|keynote)\b"
    r"|\bwhat (?:\w+ ){1,3}(?:argued|stated|proposed|suggested|claimed|pointed out)\b"
    r"|(?:说|讲|谈)的是.{0,24}?(?:哪|什么|啥)"
    r"|\b(?:presentation|speech|talk|statement|remarks|lecture|intervention|keynote)\b"
    r"\s*(?:里|中|上)?\s*(?:说|讲|提)"
    r"|(?:发言|演讲|讲话|致辞)(?:里|中|上)(?:说|讲|提)"
    r"|支持还是(?:反对|有意见)|赞成还是反对|\b(?:for|in favou?r of) or against\b"
    # what someone argued or urged ("Schneider 主张了什么", "呼吁了哪些")
    r"|(?:主张|提议|呼吁|强调|倡导|建议)了?(?:些)?(?:什么|啥|哪些)"
)
# a passage that records someone speaking and nothing of what they said
_SPOKE = re.compile(r"作了?发言|发了言|发表了?演讲|致辞|听取了.{0,12}发言|介绍了|发言")
_SAID_THIS = re.compile(r"宣布|指出|表示|强调|认为|呼吁|称|说明|建议|提议")


def lacks_what_was_said(kb: KnowledgeBase, query: str, record: Record) -> bool:
    """Whether the question asks what someone said and the passage only records that they
    spoke (a meeting's list of speakers, "儿童和青年主要群体代表也作了发言")."""
    if not _SAID_ASKED.search(folded_question(query)):
        return False
    if isinstance(record, Meeting):
        return True
    original = _original(kb, record)
    return bool(_SPOKE.search(original)) and not _SAID_THIS.search(original)


# one speaker, named or not ("the US delegation", "那位部长"): no summary says what they said
_A_SPEAKER = re.compile(
    r"\bdelegat\w*|\bminister\w*|\bgovernments?\b|\bambassador\w*|\brepresentatives?\b"
    r"|代表|部长|政府|大使"
)
# where the report tells what was said at the session: its summary and its own chapters and
# annex, not a resolution's paragraphs
_DISCUSSION_PARTS = frozenset({"summary", "report", "annex2"})


def what_was_reported(
    kb: KnowledgeBase, query: str, ranked: Sequence[tuple[float, Match]], threshold: float
) -> tuple[float, Match] | None:
    """For a question asking what was said that the best passage (a list of speakers) does
    not answer: the best passage over ``threshold`` that reports what participants said —
    unless the question names who spoke (a country, a person, an organisation), whose words
    the report's summary does not attribute."""
    folded = folded_question(query)
    if _A_SPEAKER.search(folded) or any(
        e.kind in ("person", "country", "organization") for e, _ in entities_in(kb, folded)
    ):
        return None
    for pair in ranked:
        score, match = pair
        if score < threshold:
            break
        record = match.record
        if (
            isinstance(record, Paragraph)
            and record.parent in _DISCUSSION_PARTS
            and not lacks_what_was_said(kb, query, record)
        ):
            return pair
    return None


# a year named relative to the session ("明年的闭会期间小组会议什么时候开": 2021)
_RELATIVE_YEARS = (
    (re.compile(r"明年|下一年|\bnext year\b"), 1),
    (re.compile(r"去年|上一年|\blast year\b"), -1),
    (re.compile(r"今年|\bthis year\b"), 0),
)
_ASKS_DATE = next(asks for kind, asks, _ in ASKED_KINDS if kind == "a date")


def _relative_year(kb: KnowledgeBase, folded: str) -> int | None:
    held = [s.start.year for s in kb.sessions if s.status == "held" and s.start is not None]
    if not held:
        return None
    for pattern, offset in _RELATIVE_YEARS:
        if pattern.search(folded):
            return max(held) + offset
    return None


# Groups a figure is given for: "women in the least developed countries" is not "women in
# small island developing States" (each: how a question names it, how a passage prints it)
_GROUPS = (
    (r"小岛屿|\bsmall island\w*|\bsids\b", r"小岛屿"),
    (r"内陆|\blandlocked\b|\blldcs?\b", r"内陆"),
    (
        r"(?<![不中])发达国家|\b(?<!least )developed (?:countries|economies|nations)\b",
        r"(?<![不中])发达国家",
    ),
    (r"非洲|\bafrica\w*", r"非洲"),
    (r"亚太|亚洲|\basia\w*", r"亚太|亚洲"),
    (r"拉丁美洲|拉美|\blatin america\w*", r"拉丁美洲"),
    (r"农村|\brural\b", r"农村"),
)
_FIGURE_ASKED = re.compile(
    r"多少|几个|比例|百分之|百分比|\bhow (?:many|much)\b|\bpercent\w*|\bshare of\b|\bproportion\b"
    r"|\bwhat ?%|\b(?:usage|penetration|access) rates?\b"
    r"|\bwhat (?:is|was) the (?:gap|figure|rate)\b|差距(?:是|有)?多大"
)


def _figure_for_another_group(folded: str, text: str) -> str:
    """A group the question asks a figure for that the passage does not name."""
    if not _FIGURE_ASKED.search(folded):
        return ""
    for asked, printed in _GROUPS:
        named = re.search(asked, folded)
        if named and not re.search(printed, text):
            return named.group(0)
    return ""


# What no structured answer gives: the bureau, the meetings (their times), counts, parts and
# dates come from records, never a vote count, a sum, a reason or a ranking ("how many votes
# did the Chair get" is not answered by the list of the bureau)
_BEYOND_RECORDS = frozenset(
    {
        "an amount of money", "a population", "practical arrangements",
        "a person's background", "a term of office", "a share", "a percentage", "a ranking",
        "who proposed it", "an author", "a number of votes", "a vote or an objection",
        "an address", "a reason", "a company or a product",
    }
)  # fmt: skip


def lacks_beyond_records(
    kb: KnowledgeBase, index: SearchIndex, query: str, records: Sequence[Record]
) -> str:
    """The kind of fact a question about structure asks for that no structured answer gives
    and none of the records it rests on states; "" when there is none."""
    folded = folded_question(query)
    if _nationality_missing(kb, [_original(kb, r) for r in records], folded):
        return "a nationality"
    texts = [index.text(p) for r in records if (p := index.position.get(r.id)) is not None]
    for kind, asks, states in ASKED_KINDS:
        asked = kind in _BEYOND_RECORDS and asks.search(folded)
        if asked and not any(states.search(text) for text in texts):
            return kind
    return ""


# how many days something ran, which the days it ran from and to state ("2019年1月15日至17日",
# "10 月 24 日至 31 日", "from 2 to 6 November")
_DAYS_ASKED = re.compile(r"(?<![第哪])(?:几|多少)\s*天|\bhow many days\b")
_DAYS_SPANNED = re.compile(
    r"\d+\s*日\s*(?:至|到|-|–)\s*(?:\d+\s*年\s*)?(?:\d+\s*月\s*)?\d+\s*日"
    r"|\bfrom \d{1,2} (?:to|until) \d{1,2} \w+"
)


# which year something named by its year is of ("目标是哪一年的", "what year are the targets
# for"): the year in its name answers ("2025 年目标")
_YEAR_OF = re.compile(
    r"哪1?年的|\bwhat year (?:is|are|was|were) (?:\w+ ){1,4}for\b|\bfor (?:what|which) year\b"
)
_A_YEAR = re.compile(r"(?:19|20)\d\d\s*年")


def lacks_what_is_asked(kb: KnowledgeBase, index: SearchIndex, query: str, record: Record) -> str:
    """The kind of fact the question asks for (a number, a date, a name …) when the passage
    does not state one; "" when it does or the question asks for none in particular."""
    folded = folded_question(query)
    if asks_what_a_document_says(folded):
        return "what the document itself says"
    if asks_what_happened_later(folded):
        return "what happened after the session"
    position = index.position.get(record.id)
    text = index.text(position) if position is not None else ""
    if _SYMBOL_ASKED.search(folded):
        # "文号是多少" asks for a symbol, not a count: a passage that prints one answers
        return "" if _prints_a_symbol(kb, record) else "a document symbol"
    # "那个经社理事会决议编号是多少": a resolution's number (第 2019/24 号) answers too, and
    # no count is asked
    numbered = bool(_NUMBER_OF_A_TEXT.search(folded))
    if numbered and not (
        _prints_a_symbol(kb, record) or RESOLUTION_NUMBER.search(_original(kb, record))
    ):
        return "a document symbol"
    group = _figure_for_another_group(folded, text)
    if group:
        return f"a figure for {group}"
    year = _relative_year(kb, folded)
    if year is not None and _ASKS_DATE.search(folded) and str(year) not in text:
        return f"a date in {year}"
    original = _original(kb, record)
    if _nationality_missing(kb, [original], folded):
        return "a nationality"
    stated: set[str] = set()  # the kinds asked that the passage states
    for kind, asks, states in ASKED_KINDS:
        if kind == "a theme" and isinstance(record, AgendaItem | Meeting):
            continue  # an agenda item's words are its title, a meeting's its segments
        if kind == "an explanation" and isinstance(record, Document):
            continue  # "E/CN.16/2020/1 是啥东西": a document is what its title says
        if ANSWERED_BY.get(kind) in stated:
            continue  # "从哪一年开始": the year it began answers when it started
        if kind == "a number" and numbered:
            continue  # "编号是多少": the number it goes by
        if kind == "a date" and _YEAR_OF.search(folded) and _A_YEAR.search(text):
            continue  # "目标是哪一年的": 2025 年目标
        if asks.search(folded) and not states.search(text):
            if kind == "a number" and _lists_them(kb, record, folded):
                continue  # "how many panellists": the names, to be counted
            if kind == "a number" and _DAYS_ASKED.search(folded) and _DAYS_SPANNED.search(text):
                continue  # "开了几天": from the 15th to the 17th
            return kind
        if (
            kind == "a number"
            and asks.search(folded)
            and _counts_other_things(folded, text)
            and not _lists_them(kb, record, folded)
            and not (_DAYS_ASKED.search(folded) and _DAYS_SPANNED.search(text))
        ):
            return kind
        if asks.search(folded):
            stated.add(kind)
    if (
        _NAME_ASKED.search(folded)
        and not _PERSON_NAME.search(original)
        and (_PERSON_ASKED.search(folded) or not _titles_something(record, original))
    ):
        return "a name"
    # "彼得毛约尔在匈牙利是干啥的" asks what a person does, "摸底系统是干啥的" what a thing is for
    if (
        _OCCUPATION.search(folded)
        and any(e.kind == "person" for e, _ in entities_in(kb, folded))
        and not BACKGROUND_STATED.search(text)
    ):
        return "a person's background"
    if (
        _HOLDER_ASKED.search(folded)
        and not _PERSON_NAME.search(original)
        and not _SEAT_BY_COUNTRY.search(original)
    ):
        return "a name"
    if _WINNER_ASKED.search(folded) and not _names_a_person(kb, record, folded):
        return "a name"
    if _WHO_ACTED.search(folded) and not _names_someone(kb, record, text, folded):
        return "a name"
    if _ITEMS_ASKED.search(folded) and not _lists_them(kb, record, folded):
        return "the members or items"
    if _COUNTRIES_ASKED.search(folded) and not _countries(kb, text):
        return "the countries"
    if (
        _PLACE_ASKED.search(folded)
        and not _WHERE_TO_FIND.search(folded)
        and not _WHERE_IN_TEXT.search(folded)
        and not _WHERE_IT_STANDS.search(folded)
        and not _WHERE_IT_LIES.search(folded)
        and not _names_a_place(kb, record)
    ):
        return "a place"
    return ""
