"""What the report cannot say because it happened elsewhere or later: what another document
finds or recommends (the report takes note of documents, it never summarises them), and what
happened after the session or came out of another gathering. Questions in ``folded_question``
form (normalized, Latin and Chinese spaced)."""

from __future__ import annotations

import re

from knowledge.query import COUNT_ASKED, asks_why_held_so

__all__ = ["asks_what_a_document_says", "asks_what_happened_later"]


# Another document than the report itself: by symbol, or a report someone else wrote
_OTHER_DOCUMENT = re.compile(
    # symbols as normalized: "e cn 16 2020 2", "crp 1", "a 75 62"
    r"\b[ae] (?:cn 16 )?\d{2,4} \d|\bcrp \d|\bunctad (?:dtl|tir|dite)\b"
    r"|\bsecretary[ -]general'?s? (?:\w+ )?report|\breport (?:of|by) the secretary[ -]general"
    r"|\bsg'?s? (?:\w+ )?report|\d{4} \d{1,3}\s*号(?:决议|决定)"
    r"|\b(?:sg|secretary[ -]general)'?s? (?:\w+ ){0,3}(?:strategy|roadmap)\b"
    r"|第\s*\d{2,4} \d{1,3}\s*号(?:决议|决定)"
    r"|\bresolution \d{2,4} \d{1,3}\b|\bstate of broadband\b|\bbroadband report\b|\bpanel report\b"
    r"|秘书长(?:的|关于[^，,。？?]{0,30}的)?报告|宽带状况|小组会议的?报告"
    # a text the resolutions cite: what it says is in it, not in the report
    r"|突尼斯议程|日内瓦行动计划|\btunis agenda\b|\bgeneva plan of action\b"
    # an amendment or a corrigendum to one ("amend 1", "the amendment to the space report")
    r"|\bamend(?:ment)?s?\b|\bcorrigend\w*|修正本|更正本"
)
# What such a document says, finds or recommends: the report takes note of documents and
# never summarises them
_DOCUMENT_CONTENT = re.compile(
    # "agreed conclusions" name a kind of document (the Commission on the Status of Women's)
    r"\bfindings?\b|(?<!agreed )\bconclu\w*|\brecommend\w*|\bkey messages?\b|\bmain points?\b"
    r"|结论|建议了?什么|有(?:什么|哪些)建议|提出了?(?:什么|哪些)|发现了?什么|主要内容|要点"
    # what an amendment or corrigendum changed
    r"|(?:修)?改了?(?:哪些|什么|啥)|(?:哪些|什么|啥)(?:内容|地方)"
    r"|\bwhat (?:exactly )?(?:did|does) (?:[\w']+ ){1,10}?change\b"
    r"|\bwhat (?:was|were) (?:changed|amended|corrected)\b"
)
_DOCUMENT_SAYS = re.compile(
    r"\bwhat (?:does|did)\b.*\b(?:say|find|propose|suggest|argue|show)\b"
    r"|(?:说|讲|写)了?(?:些)?(?:什么|啥)"
)
# "what does the resolution say about the State of Broadband report", "what does resolution I
# say about the recommendations in the working group's report": the resolution speaks (another
# body's resolution, "2019/24号决议", "resolution 70/125", is another document)
_REPORT_ITSELF = re.compile(
    r"\bresolutions?\b(?! \d{2,4} \d)|\bdecisions?\b(?! \d{2,4} \d)"
    # the Commission speaking, not a report made to it ("recommendations … to the Commission")
    r"|(?<!to the )(?<!for the )\bcommission\b|(?<!号)决议|(?<!号)决定|(?<![向给])委员会"
    # a paragraph of the report that cites the text ("有一段说…要以日内瓦行动计划为框架")
    r"|有一段|[那这哪]1?段|\b(?:that|the|a|which) (?:paragraph|line|passage)\b"
)


def asks_what_a_document_says(folded: str) -> bool:
    """Whether a (normalized) question asks what another document than the report says:
    its findings, recommendations or conclusions."""
    if not _OTHER_DOCUMENT.search(folded) or _REPORT_ITSELF.search(folded):
        return False
    return bool(_DOCUMENT_CONTENT.search(folded) or _DOCUMENT_SAYS.search(folded))


# What happened after the session, or came out of another gathering: the report, written at
# the session, cannot say ("did ECOSOC end up adopting it", "后来延期了没有", "what did the
# Vienna workshop conclude"; the "World Summit Outcome" is a text the report cites)
_LATER = re.compile(
    r"后来|最终|最后(?:是不是|有没有|改|得出|结果|怎么样|是|真|到底)|最后.{0,15}(?:了没有|了没|了吗)"
    r"|\bend(?:ed|s)? up\b|\beventually\b|\bfinally\b|\bultimately\b"
    r"|\b(?:after|past|beyond) (?:19|20)\d\d\b"
    r"|\bin the end\b|\bafterwards?\b|\bsince then\b|\blater on\b|\bhow did (?:it|they|that) go\b"
    r"|\bturn(?:ed)? out\b"
    # "did ECOSOC later adopt it" (not "a later paragraph", "later in the report")
    r"|\b(?:did|has|have|was|were|is|will)\b.{0,30}\blater\b(?! (?:in|on in)\b)"
    # "讲习班开完以后": after a gathering the report mentions
    r"|(?:开完|结束|闭幕|开过)了?(?:以后|之后)|\d{4}\s*年?(?:以后|之后)"
    # "论坛任务到期后会不会再延长": once a mandate the report gives runs out
    r"|(?:到期|期满|届满)(?:以后|之后|后)"
)
_LATER_EVENT = re.compile(
    r"延期|推迟|取消|改成|改为|改了|改到|线上|网上|通过.{0,8}没|正式通过|通过的|开成|选了|结果|结论|成果"
    r"|加上|加没加|当了|当上|担任了|成为了|通过时|通过后"
    r"|加进|加入|纳入了|\brenew\w*|\bextended\b|(?:办|举办|开展|组织)了(?:哪些|什么|啥)"
    r"|(?:再|又)延长|(?:哪天|哪1?年|什么时候|啥时候)通过|修改|修订|改动|\bamend\w*|\bmodif\w*"
    r"|\bpostpon\w*|\bcancel\w*|\badopt\w*|\bapprov\w*|\bonline\b|\bvirtual\b|\boutcome\b"
    r"|\bresult\w*|\bin person\b|\b(?:go(?:ing)?|went|gone) ahead\b|\bturn(?:ed)? out\b"
    # who got a post, what number a text got ("who was eventually appointed rapporteur",
    # "what resolution number did ECOSOC end up giving it")
    r"|\bappoint\w*|\belect\w*|\bgiv(?:e|en|ing)\b|\bassign\w*|任命|当选|编号"
)
_GATHERING_OUTCOME = re.compile(
    r"(?:讲习班|研讨会|论坛|专题讨论会).*(?:结论|成果|宣言)"
    r"|\b(?:workshop|forum|symposium|igf|panel)\b"
    r".*\b(?:conclu\w*|outcome|declaration|key messages?)\b"
    r"|\bcame out of\b"
)
# the session the report covers, not "the fourth session of the e-commerce expert group"
_THIS_SESSION = re.compile(
    r"委员会|本届|这届|\bcommission\b|\bcstd\b|\bthis session\b|\b23(?:rd)? session\b|第23届"
)


# what the resolutions or the decision say of a gathering's outcome, which their paragraphs
# answer ("is there language in the WSIS resolution reaffirming the vision that came out of
# the ten-year review")
_OF_THE_TEXT = re.compile(
    r"\b(?:draft )?resolutions?\b|\bres (?:i|ii|1|2)\b|\bdraft decision\b|决议|决定草案"
)


# whether a target was met: only what happened later can say ("实现了没有", "actually met")
_TARGET_MET = re.compile(
    r"实现了没有|实现了吗|达到了没有|达到了吗|达成了没有|完成了没有|做到了没有"
    # (not people meeting: "did they actually meet in person")
    r"|\b(?:actually|ever|finally) (?:meet|met|achieve|achieved|reach|reached)\b"
    r"(?! (?:in person|face to face|physically|online|virtually|in geneva)\b)"
    r"|\bwas (?:it|the \w+(?: \w+)?) (?:actually )?(?:met|achieved|reached)\b"
    # by how much it was missed: only what happened later can say
    r"|\b(?:fall|fell|falls|fallen) short of\b|\bmiss(?:ed)? (?:the|its|that) target\b"
    r"|差了多少|没(?:有)?达到"
)


# what would have happened otherwise: no report says ("where would it have met in person if
# COVID hadn't forced it online", "要不是疫情，本来会在哪开")
_HYPOTHETICAL = re.compile(
    r"\bwould (?:\w+ )?have (?:been|met|happened|taken|gone|held|chosen|done)\b"
    r"|\bif (?:\w+ ){0,6}(?:hadn t|had not|hadn't|weren t|were not|had never)\b"
    r"|要不是|如果没有疫情|假如没有|本来会|原本会|本来要在"
)


def asks_what_happened_later(folded: str) -> bool:
    """Whether a (normalized) question asks what happened after the session, what another
    gathering concluded, or what would have happened otherwise."""
    if _HYPOTHETICAL.search(folded):
        return True
    if (
        _LATER.search(folded)
        and _LATER_EVENT.search(folded)
        # why it came to be held as it was: a reason, not what happened after the session
        and not asks_why_held_so(folded)
        # how many the Commission "ended up" holding or adopting: a count of the session's own
        and not (COUNT_ASKED.search(folded) and _THIS_SESSION.search(folded))
    ):
        return True
    if _TARGET_MET.search(folded):
        return True
    return (
        bool(_GATHERING_OUTCOME.search(folded))
        and not _THIS_SESSION.search(folded)
        and not _OF_THE_TEXT.search(folded)
    )
