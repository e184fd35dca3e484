"""What a question says about the one asking, which is no part of what is asked.

Delegates write while working: "For my minister's briefing: how many meetings …", "I need the
exact wording for my note.", "帮部长准备材料：…", "我在起草我们的发言稿，想引用…". The purpose
names things (a briefing, a statement, a minister, ECOSOC) that the report prints elsewhere and
that the question does not ask about; search and the structured answers read the question
without it.

A part is the asker's when it states (it asks nothing: no question word, no question mark),
speaks of the asker (I, we, my, our; 我, 我们, 部长 …) and names what the asker is working on
or for — or when it introduces the asker ("Budget officer asking:", "I cover online trade.",
"做扶贫项目的想问"). A part that names the asker only ("the note at the start of the report:
what does it say") stays: what it names is asked about.
"""

from __future__ import annotations

import re

from knowledge.compound import ASKS

__all__ = ["without_asker"]

# where a question's parts meet: a colon, a dash, a sentence's end, a Chinese comma
# (a Latin stop or comma only before a space: E/CN.16/2020/3 and 53.6% stay whole)
_PARTS = re.compile(r"(?<=[：。！？；，])\s*|(?<=[:.!?;,])\s+|\s+[—–-]+\s+")
_ASKER = re.compile(
    # "I" as a pronoun, not the numeral of "res I", "annex I"
    r"(?:^|[,:;]\s*)i\b|\bi (?:am|m|need|want|have|must|will|was|had|would|d)\b|\bi['’]"
    r"|\b(?:we|my|our|me|us)\b|\bquick (?:one|question)\b"
    r"|我|咱|部长|大使|领导|老板|同事"
)
_PURPOSE = re.compile(
    # what the asker is working on or for ("for my minister's briefing", "I'm drafting a
    # summary"), not what the asker's notes say ("my notes say …" is a claim to check)
    r"\b(?:for|drafting|writing|preparing|working on|putting together|checking)"
    r" (?:[\w'’]+ ){0,3}?(?:briefing|brief|notes?|statement|speech|cable|memo|readout|article"
    r"|story|minister|boss|ambassador|colleagues?|summary|report|talking points)\b"
    r"|\bneed to know\b|\bquick (?:one|question)\b"
    r"|准备|起草|整理|核对|材料|简报|发言稿|讲话稿|稿子|报道|笔记|电报|文章|备忘录"
)
# who is asking, said before the question: "Budget officer asking:", "Journalist question:",
# "I advise a country office on …", "As an NGO observer", "做扶贫项目的想问", "我在香港做政策研究"
_INTRODUCED = re.compile(
    r"^(?:[\w'’-]+ ){0,3}(?:asking|question|here)$"
    r"|^(?:i|we) (?:advise|cover|work|report|write|research|teach|represent|run|manage|lead)\b"
    r"|^(?:i['’]?m|i am|we['’]?re|we are) (?:an?|the|with|from|at|in) "
    r"|^as (?:an?|the) "
    r"|(?:想问|请问|问一下|查一下|请教)(?:一下|下)?$|^我们?是|^我们?在.{1,8}(?:做|工作|负责|搞)"
)
# a part this long names more than a purpose
_LONGEST = 90


def without_asker(query: str) -> str:
    """``query`` without the parts that only say what the asker is working on; ``query``
    itself when it has none, or when nothing would be left."""
    parts = [p for p in _PARTS.split(query) if p.strip()]
    if len(parts) < 2:
        return query
    kept = [part for part in parts if not _of_the_asker(part)]
    if len(kept) == len(parts) or not kept:
        return query
    if _REFERS_BACK.search(" ".join(kept).casefold()):
        # "I'm from the ILO office — is our work mentioned …": who the asker is, is what
        # the question asks about
        return query
    return " ".join(kept)


# the question asks about the asker's own body: "our work", "did we speak", "我们的工作"
_REFERS_BACK = re.compile(r"\b(?:our|ours|we|us)\b|我们|咱们|我方|本组织|本机构|我国")


def _of_the_asker(part: str) -> bool:
    folded = part.casefold()
    if len(part) > _LONGEST or ASKS.search(folded):
        return False
    if _INTRODUCED.search(folded.strip(" :：,，.。;；—–-")):
        return True
    return bool(_ASKER.search(folded)) and bool(_PURPOSE.search(folded))
