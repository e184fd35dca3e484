"""English words → the report's Chinese through the dictionary (CC-CEDICT).

The glossary and the aliases give the United Nations names and terms; everyday English goes
through the dictionary's glosses, restricted to words the knowledge base prints
(``knowledge.dictionary.chinese_for``). A question's words are rarely in the glosses' own
form, so a word is looked up as written, then as the base forms it may be inflected from
(measures → measure, happened → happen, regularly → regular, makers → maker). Two or three
words may be one gloss ("take place" → 举行, "policy makers" → 决策者), which is tried before
the words one by one.
``knowledge.query`` asks here for every English word that the glossary does not take.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence

from rapidfuzz import fuzz, process

from knowledge.dictionary import (
    chinese_for,
    english_gloss_set,
    english_glosses,
    is_english,
    main_sense,
    passing_senses,
)
from knowledge.search_index import STOPWORDS, SearchIndex, stem

__all__ = [
    "asks_only",
    "base_forms",
    "dictionary_chinese",
    "dictionary_phrase",
    "english_word",
    "misspelt",
    "passing_chinese",
]

# Verbs that frame a question about a text rather than say what it is about: "which paragraph
# covers …", "does the resolution mention …", "what happened …" (the Chinese counterparts,
# 提到 / 讲了什么, are question words in knowledge.query).
FRAMING = frozenset(
    """
    mention mentions mentioned mentioning describe describes
    described describing contain contains contained containing according regarding concerning
    happen happens happened
    para paras text texts res doc docs operative preambular footnote footnotes sub
    preamble preambles subparagraph subparagraphs subheading subheadings wording worded
    """.split()  # noqa: SIM905 - a word list reads best as text
)
# Words of conversation that say nothing about what is asked ("is there anything about …",
# "is the Commission supposed to …", "still", "too"); the dictionary would find some of them
# in the report (有人, 本身, 仍然) and make them count.
FILLER = frozenset(
    """
    anything something everything nothing anyone someone everyone anybody somebody itself
    themselves still already yet ever just really actually basically exactly too also again
    else if whether thing things kind sort supposed meant like perhaps maybe probably
    aren isn doesn don didn wasn weren haven hasn hadn couldn wouldn shouldn ain
    hi hello hey thanks pls plz
    anywhere somewhere up far going comes look saying exact new before among amongst
    name named expected both out put taken go near above front seem seems seemed several
    ii iii iv vi vii viii ix
    """.split()  # noqa: SIM905 - a word list reads best as text (the first of the last lines:
    # "aren't" once the apostrophe is folded away; "not" is a stopword already)
)
# Parts of a text: after "which" or "what" they name the kind of answer ("which chapter",
# "what paragraphs"), not what it is about.
_PARTS = frozenset(["chapter", "section", "paragraph", "subparagraph", "annex", "part"])
_WHICH = frozenset(("which", "what"))
_TALK = frozenset(("talk", "talks", "talked", "talking"))


def asks_only(words: Sequence[str], i: int) -> bool:
    """Whether ``words[i]`` only frames the question (see FRAMING, FILLER and _PARTS)."""
    word = words[i]
    if word in FRAMING or word in FILLER:
        return True
    if word == "part" and words[i + 1 : i + 2] == ["of"]:
        return True  # "is financial inclusion part of what governments are asked to do"
    if word in _TALK and words[i + 1 : i + 2] == ["about"]:
        return True  # "where does it talk about rural areas" (not "Bai Chunli's talk")
    # "which paragraphs", "which resolution paragraphs"
    return stem(word) in _PARTS and any(w in _WHICH for w in words[max(0, i - 2) : i])


_IRREGULAR = {
    "children": "child",
    "women": "woman",
    "men": "man",
    "people": "person",
    "countries": "country",
    "analyses": "analysis",
    "data": "data",
    "took": "take",
    "made": "make",
    "met": "meet",
    "held": "hold",
    "gave": "give",
    "given": "give",
    "spoke": "speak",
    "spoken": "speak",
    "chose": "choose",
    "chosen": "choose",
    "began": "begin",
    "begun": "begin",
    "led": "lead",
    "grew": "grow",
    "grown": "grow",
    "brought": "bring",
    "sought": "seek",
    "thought": "think",
    "taught": "teach",
    "wrote": "write",
    "written": "write",
    "went": "go",
    "gone": "go",
    "came": "come",
    "saw": "see",
    "knew": "know",
    "known": "know",
    "told": "tell",
    "found": "find",
    "left": "leave",
    "kept": "keep",
    "meant": "mean",
    "paid": "pay",
    "sent": "send",
    "spent": "spend",
    "built": "build",
    "won": "win",
    "lost": "lose",
    "felt": "feel",
    "heard": "hear",
    "stood": "stand",
    "understood": "understand",
}

# suffix → what may replace it in the base form, tried in order
_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ies", ("y",)),
    ("ied", ("y",)),
    ("ing", ("", "e")),
    ("ed", ("", "e")),
    ("es", ("", "e")),
    ("s", ("",)),
    ("ily", ("y",)),
    ("ly", ("", "le")),
    ("ness", ("",)),
    # nouns made of verbs: implementation → implement, participation → participate,
    # establishment → establish
    ("ation", ("", "e", "ate")),
    ("ment", ("",)),
    # comparatives and superlatives: poorest, poorer → poor; wealthiest → wealthy
    ("iest", ("y",)),
    ("ier", ("y",)),
    ("est", ("", "e")),
    ("er", ("", "e")),
)
_DOUBLED = frozenset("bdgklmnprt")


# British spelling, as UN documents and most delegates write it, for the dictionary's American
# (recognise, organisation, labour, programme, centre)
_BRITISH = (
    (re.compile(r"is(e|es|ed|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"yse(s|d)?$"), r"yze\1"),
    (re.compile(r"our(s|ed|ing)?$"), r"or\1"),
    (re.compile(r"tre(s)?$"), r"ter\1"),
    (re.compile(r"amme(s)?$"), r"am\1"),
)


def base_forms(word: str) -> Iterator[str]:
    """``word`` itself, then the forms it may be inflected from, most likely first; a British
    spelling's American form after the word itself."""
    yield word
    for pattern, replacement in _BRITISH:
        american = pattern.sub(replacement, word)
        if american != word and len(word) >= 5:
            yield from base_forms(american)  # "promises" is no "promizes": both are tried
            break
    if word in _IRREGULAR:
        yield _IRREGULAR[word]
    yield stem(word)
    for suffix, replacements in _SUFFIXES:
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        root = word[: -len(suffix)]
        for replacement in replacements:
            yield root + replacement
        # planned → plan, shipping → ship
        doubled = len(root) >= 4 and root[-1] == root[-2] and root[-1] in _DOUBLED
        if suffix in ("ed", "ing", "est", "er") and doubled:
            yield root[:-1]


def dictionary_chinese(index: SearchIndex, word: str) -> tuple[str, ...]:
    """The Chinese the report prints for an English word, by the dictionary's glosses of the
    word or of a form it is inflected from (the first form the dictionary knows)."""
    return _looked_up(index, word)[0]


def passing_chinese(index: SearchIndex, word: str) -> tuple[str, ...]:
    """The report's words the dictionary glosses with ``word`` (the form
    ``dictionary_chinese`` found) in a later sense only: possible, less likely readings."""
    return _looked_up(index, word)[1]


def _looked_up(index: SearchIndex, word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    text = index.vocabulary
    if not text:
        return (), ()
    forms = list(dict.fromkeys(base_forms(word)))
    # the dictionary may gloss only the plural or noun (感谢 "thanks", not "to thank")
    forms += [form + "s" for form in forms if not form.endswith("s") and len(form) >= 4]
    for form in dict.fromkeys(forms):
        found = chinese_for(form, text, limit=3)
        if found:
            if main_sense(form, text) > 0:
                # the report prints the word only in a later sense of each word that has it
                # ("everybody": 一体, first "an integral whole"): a possible reading, not the
                # likely one
                return (), (found + passing_senses(form, text))[:3]
            return found, passing_senses(form, text)
    return (), ()


# a phrase's words tried in this many of their forms each (taking place → take place)
_PHRASE_FORMS = 3


def dictionary_phrase(index: SearchIndex, words: Sequence[str], start: int) -> tuple[int, str]:
    """The longest run of two or three words from ``start`` that the dictionary glosses as
    one ("took place", "policy makers" written apart for "policymakers"), as (how many
    words, the Chinese the report prints for it); (0, "") when there is none."""
    text = index.vocabulary
    if not text:
        return 0, ""
    for length in (3, 2):
        window = words[start : start + length]
        if (
            len(window) < length
            or window[0] in STOPWORDS
            or window[-1] in STOPWORDS
            or window[0] in FRAMING
            or not all(word.isalpha() for word in window)
        ):
            continue
        heads = list(itertools.islice(dict.fromkeys(base_forms(window[0])), _PHRASE_FORMS))
        tails = list(itertools.islice(dict.fromkeys(base_forms(window[-1])), _PHRASE_FORMS))
        middle = list(window[1:-1])
        for head, tail in itertools.product(heads, tails):
            found = chinese_for(" ".join([head, *middle, tail]), text, limit=1)
            if not found and length == 2:
                # written as one word or with a hyphen ("policymakers", "one-sided")
                found = chinese_for(head + tail, text, limit=1) or chinese_for(
                    f"{head}-{tail}", text, limit=1
                )
            if found:
                return length, found[0]
    return 0, ""


def english_word(word: str) -> bool:
    """Whether the dictionary glosses some word with ``word`` or a form it is inflected from
    (a real English word, not a typing error): "findings" through "finding" from "find"."""
    if any(is_english(form) for form in base_forms(word)):
        return True
    # (a noun made of a verb's -ing, in the plural: findings, proceedings, hearings)
    single = stem(word)
    return (
        single != word
        and single.endswith("ing")
        and any(is_english(form) for form in base_forms(single))
    )


def swapped(index: SearchIndex, word: str) -> str:
    """The one word of the glossary or of the dictionary's glosses of the report's words that
    ``word`` (four letters or more, no English word) is with two neighbouring letters swapped
    or a doubled letter typed once ("fnud" → fund, "totla" → total, "anex" → annex), which a
    ratio of shared letters puts too far off in a short word; "" unless exactly one."""
    if len(word) < 4 or not word.isalpha() or english_word(word):
        return ""
    glosses = english_gloss_set(index.vocabulary) if index.vocabulary else frozenset()
    candidates = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    candidates |= {word[: i + 1] + word[i] + word[i + 1 :] for i in range(len(word))}
    found = sorted(
        c
        for c in candidates - {word}
        if c not in STOPWORDS and (c in glosses or c in index.expander.words)
    )
    return found[0] if len(found) == 1 else ""


# how close a misspelt word must be to the one it stands for (rapidfuzz ratio): one letter
# left out or swapped in a word of eight ("awarness", "disabilites")
MISSPELT_CUTOFF = 88.0


def misspelt(index: SearchIndex, word: str) -> str:
    """The English word of the dictionary's glosses of the report's words that ``word``
    (which neither the report nor the dictionary knows) is a slip for; "" if none is close."""
    text = index.vocabulary
    if not text or len(word) < 5 or english_word(word):
        return ""  # a real word ("speak", "observers") is no slip for another
    glosses = english_glosses(text)
    for form in dict.fromkeys((word, stem(word))):
        best = process.extractOne(form, glosses, scorer=fuzz.ratio, score_cutoff=MISSPELT_CUTOFF)
        if best is not None and any(_looked_up(index, str(best[0]))):
            return str(best[0])
    return ""
