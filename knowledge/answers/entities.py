"""The countries, people and organisations a question names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from knowledge.dictionary import demonyms, is_english, near_sound, sound_alike, words_in
from knowledge.extract.states import SHORT_FORMS
from knowledge.kbcache import derived
from knowledge.models import (
    KnowledgeBase,
)
from knowledge.normalize import normalize, to_simplified
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
    # "the Japanese delegation": a country named by its people's adjective
    demonym: re.Pattern[str] | None
    by_demonym: dict[str, Entity]
    latin_names: dict[int, tuple[str, ...]]  # people's Latin-script names by word count
    latin_people: dict[str, Entity]
    # Chinese names of three characters or more with one left out: (where, the rest) → names
    one_out: dict[tuple[int, str], tuple[tuple[str, Entity], ...]]
    slip_sizes: tuple[int, ...]  # the lengths of those names, longest first
    # countries' one-word Latin-script names of five letters or more ("latvia")
    latin_countries: dict[str, Entity]
    # the other words of the glossary's and aliases' English names ("chair"), which a slip
    # may be as close to as to a country ("chiar")
    latin_words: tuple[str, ...]


_ENTITY_KINDS = ("country", "person", "organization", "body")


def _build_entities(kb: KnowledgeBase) -> _Entities:
    forms: dict[str, tuple[str, set[str]]] = {}
    shown: dict[str, str] = {}

    def add(kind: str, zh: str, *names: str) -> None:
        if not zh.strip():
            return
        key = normalize(zh)
        if not key:
            return
        entry = forms.setdefault(key, (kind, set()))
        # as the knowledge base prints it ("Anriette Esterhuysen", 尼日利亚), not folded
        # (folding makes 尼日尔利亚 of it)
        shown.setdefault(key, " ".join(zh.split()))
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
    # a person is named by the surname alone (毛约尔 for 彼得·毛约尔): the last part of a
    # Chinese transliterated name, when it is nobody else's
    surnames: dict[str, list[str]] = {}
    for key, (kind, _) in forms.items():
        parts = re.split(r"[·・•]", shown[key])
        if kind == "person" and len(parts) > 1 and all(_is_cjk(ch) for ch in parts[-1]):
            surnames.setdefault(normalize(parts[-1]), []).append(key)
    for surname, owners in surnames.items():
        if len(surname) >= 2 and len(owners) == 1:
            forms[owners[0]][1].add(surname)
    # a State's short name names it (伊朗, 俄罗斯, 沙特): the one State whose name it begins
    countries = [key for key, (kind, _) in forms.items() if kind == "country"]
    for short in SHORT_FORMS:
        folded_short = normalize(short)
        owners = [key for key in countries if key.startswith(folded_short) and key != folded_short]
        if len(owners) == 1:
            forms[owners[0]][1].add(folded_short)
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
    entities = tuple(
        Entity(kind, shown[key], tuple(sorted(f))) for key, (kind, f) in forms.items()
    )
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
    by_demonym = _demonyms(entities)
    demonym = None
    if by_demonym:
        words = "|".join(sorted(map(re.escape, by_demonym), key=len, reverse=True))
        demonym = re.compile(rf"(?<![a-z])({words})(?=\s+{_PEOPLE_WORDS})")
    latin_names, latin_people = _latin_names(entities)
    one_out: dict[tuple[int, str], list[tuple[str, Entity]]] = {}
    for form, entity in cjk:
        if len(form) >= 3 and entity.kind in ("country", "person", "organization"):
            for i in range(len(form)):
                one_out.setdefault((i, form[:i] + form[i + 1 :]), []).append((form, entity))
    return _Entities(
        entities,
        tuple(latin),
        tuple(cjk),
        demonym,
        by_demonym,
        latin_names,
        latin_people,
        {k: tuple(v) for k, v in one_out.items()},
        tuple(sorted({len(rest) + 1 for _, rest in one_out}, reverse=True)),
        {
            form: entity
            for entity in entities
            if entity.kind == "country"
            for form in entity.forms
            if form.isascii() and form.isalpha() and len(form) >= 5
        },
        _other_words(kb),
    )


def _other_words(kb: KnowledgeBase) -> tuple[str, ...]:
    names = [n for t in kb.glossary for n in t.en] + [n for a in kb.aliases for n in a.names]
    words = {w for name in names for w in _LATIN_WORD.findall(normalize(name)) if len(w) >= 4}
    countries = {normalize(n) for a in kb.aliases if a.kind == "country" for n in a.names}
    return tuple(sorted(words - countries))


def _one_character_off(
    table: _Entities, text: str
) -> Iterator[tuple[int, int, str, str, str, Entity]]:
    """Each window of ``text`` one character off a Chinese name: its start and size, the
    character the name has and the one typed, the name's form and the entity."""
    for size in table.slip_sizes:
        for start in range(len(text) - size + 1):
            window = text[start : start + size]
            if not all(_is_cjk(ch) for ch in window):
                continue
            for i in range(size):
                for form, entity in table.one_out.get((i, window[:i] + window[i + 1 :]), ()):
                    if form != window:
                        yield start, size, form[i], window[i], form, entity


def _sound_slips(table: _Entities, folded: str) -> list[tuple[Entity, tuple[int, int]]]:
    """Chinese names typed with one character that sounds the same (尼日丽亚 for 尼日利亚):
    a slip of the input method, not another name."""
    if not any(_is_cjk(ch) for ch in folded):
        return []
    return [
        (entity, (start, start + size))
        for start, size, meant, typed, _, entity in _one_character_off(table, folded)
        if sound_alike(meant, typed)
    ]


def names_heard_right(kb: KnowledgeBase, query: str) -> str:
    """``query`` with a person's Chinese name typed as heard, one character sounding nearly
    alike (迪皮坡 for 迪皮波, 拜波莱迪 for 贝波莱迪: a transliterated name is heard, not read),
    written as the report prints it; ``query`` itself when it names nobody so."""
    simplified = to_simplified(query)
    if len(simplified) != len(query) or not any(_is_cjk(ch) for ch in query):
        return query
    table = derived(kb, "answer-entities", _build_entities)
    text = list(query)
    for start, size, meant, typed, form, entity in _one_character_off(table, simplified):
        if entity.kind == "person" and not sound_alike(meant, typed) and near_sound(meant, typed):
            text[start : start + size] = form
    return "".join(text)


# How close a misspelt full name must be to a person's ("Anriette Esterhuizen")
NAME_SIMILARITY = 85


def _misspelt_names(table: _Entities, folded: str) -> list[tuple[Entity, tuple[int, int]]]:
    """People named in Latin script with a slip in their name: as many words as the name
    has, close to it as a whole (only names of two words or more, each of three letters or
    more, so that no everyday word passes for one)."""
    found: list[tuple[Entity, tuple[int, int]]] = []
    if not table.latin_names:
        return found
    words = list(_LATIN_WORD.finditer(folded))
    for size, names in table.latin_names.items():
        for i in range(len(words) - size + 1):
            window = words[i : i + size]
            written = " ".join(w.group(0) for w in window)
            best = process.extractOne(
                written, names, scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY
            )
            if best is not None and best[1] < 100:
                found.append((table.latin_people[best[0]], (window[0].start(), window[-1].end())))
    return found


_LATIN_WORD = re.compile(r"[a-z][a-z\-']*")

# How close a misspelt country's name must be ("lativa" for latvia)
COUNTRY_SIMILARITY = 80


def _misspelt_countries(table: _Entities, folded: str) -> list[tuple[Entity, tuple[int, int]]]:
    """Countries named in Latin script with a slip ("did Lativa speak"): a word of five
    letters or more that no dictionary knows, close to one country's name."""
    found: list[tuple[Entity, tuple[int, int]]] = []
    for word in _LATIN_WORD.finditer(folded):
        written = word.group(0)
        if len(written) < 5 or written in table.latin_countries or is_english(written):
            continue
        best = process.extractOne(
            written,
            list(table.latin_countries),
            scorer=fuzz.ratio,
            score_cutoff=COUNTRY_SIMILARITY,
        )
        if best is None:
            continue
        rival = process.extractOne(written, table.latin_words, scorer=fuzz.ratio)
        if rival is not None and rival[1] >= best[1]:
            continue  # "chiar": as much a slip for chair as for china
        found.append((table.latin_countries[best[0]], word.span()))
    return found


def _latin_names(
    entities: tuple[Entity, ...],
) -> tuple[dict[int, tuple[str, ...]], dict[str, Entity]]:
    """People's full names in Latin script, by their number of words."""
    people: dict[str, Entity] = {}
    for entity in entities:
        if entity.kind != "person":
            continue
        for form in entity.forms:
            parts = form.split()
            if len(parts) >= 2 and form.isascii() and all(len(p) >= 3 for p in parts):
                people.setdefault(form, entity)
    sizes: dict[int, list[str]] = {}
    for form in people:
        sizes.setdefault(len(form.split()), []).append(form)
    return {n: tuple(forms) for n, forms in sizes.items()}, people


# What follows a people's adjective when it names the country: "the Chinese delegate", not
# "the Chinese text"
_PEOPLE_WORDS = (
    r"(?:delegat\w*|representatives?|minister\w*|government|ambassador|speakers?"
    r"|officials?|vice[ -]?minister\w*|deputy|side|mission|authorities|team"
    r"|vice[ -]?chair\w*|chair\w*|rapporteur|member)"
)


def _demonyms(entities: tuple[Entity, ...]) -> dict[str, Entity]:
    countries = {
        e.zh: [f for f in e.forms if f.isascii() and f.replace(" ", "").isalpha()]
        for e in entities
        if e.kind == "country"
    }
    table: dict[str, Entity] = {}
    by_zh = {e.zh: e for e in entities if e.kind == "country"}
    for zh, words in demonyms(countries).items():
        for word in words:
            table.setdefault(word, by_zh[zh])
    return table


def capitals_spelled_out(kb: KnowledgeBase, text: str) -> str:
    """``text`` with a name in capitals that is an everyday word in lower case written out:
    "Is WHO mentioned" asks about the World Health Organization, "did the US speak" about the
    United States. A question typed in capitals throughout keeps its words ("WHO CHAIRED")."""
    table = derived(kb, "answer-capitals", _capitals)
    latin = _LATIN_WORD.findall(text)
    if not table or (len(latin) >= 3 and all(w.isupper() for w in latin)):
        return text
    return _LATIN_WORD.sub(
        lambda m: (
            m.group(0) if _A_CURRENCY.match(text, m.end()) else table.get(m.group(0), m.group(0))
        ),
        text,
    )


_LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]+(?![A-Za-z])")
# a currency named after a country is no country asked about: "US dollars", "US$"
_A_CURRENCY = re.compile(r"\s*(?:\$|dollars?\b)", re.IGNORECASE)


def _capitals(kb: KnowledgeBase) -> dict[str, str]:
    """A country's or an organization's name in capitals that folds to an everyday word (WHO,
    US) → its longest Latin-script name. The bodies of the UN's own system (UN, GA) frame a
    question more often than they name what it asks about, and stay as typed."""
    out: dict[str, str] = {}
    for alias in kb.aliases:
        if alias.kind not in ("country", "organization"):
            continue
        longest = max((n for n in alias.names if n.isascii()), key=len, default="")
        for name in alias.names:
            folded = name.casefold()
            if (
                name.isascii()
                and name.isalpha()
                and name.isupper()
                and len(longest) > len(name)
                and (folded in STOPWORDS or folded in _AMBIGUOUS_LATIN)
            ):
                out[name] = longest
    return out


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
    slips = [
        *_misspelt_names(table, folded),
        *_misspelt_countries(table, folded),
        *_sound_slips(table, folded),
    ]
    for entity, (start, end) in slips:
        if free(start, end):
            taken.append((start, end))
            found.append((entity, (start, end)))
    if table.demonym is not None:
        for match in table.demonym.finditer(folded):
            if free(match.start(), match.end()):
                taken.append((match.start(), match.end()))
                found.append((table.by_demonym[match.group(1)], (match.start(), match.end())))
    found = [(e, s) for e, s in found if e.kind != "body" or e.zh not in _SELF]
    found.sort(key=lambda p: p[1])
    return found


_SELF = frozenset(
    {"委员会", "科学和技术促进发展委员会", "经济及社会理事会", "经社理事会", "理事会"}
)


def known_names(kb: KnowledgeBase, kind: str) -> tuple[str, ...]:
    """The Chinese names of every entity of ``kind`` ("country") the knowledge base has,
    longest first."""
    table = derived(kb, "answer-entities", _build_entities)
    names = {normalize(e.zh) for e in table.entities if e.kind == kind}
    return tuple(sorted(names, key=lambda n: (-len(n), n)))
