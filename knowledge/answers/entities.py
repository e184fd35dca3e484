"""The countries, people and organisations a question names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.dictionary import words_in
from knowledge.kbcache import derived
from knowledge.models import (
    KnowledgeBase,
)
from knowledge.normalize import normalize
from knowledge.search_index import STOPWORDS

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
