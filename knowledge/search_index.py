"""The free-text index: built once per knowledge base, immutable afterwards.

Why character bigrams: Chinese has no spaces, and most words people type are two or three
characters long (数字, 鸿沟, 宽带); a bigram index finds a word wherever it occurs without a
word segmenter, tolerates one wrong character in a longer phrase (数据裤 still shares 数据), and
handles Traditional input once it is folded to Simplified. Latin-script words, numbers and
symbols are indexed as whole tokens, with their Chinese neighbours (第24 | 24届), so that
"第二十四届" and "24届" meet. SQLite FTS5's trigram tokenizer was the alternative; it cannot
match two-character words, which are most of the vocabulary.

Measured (``bench/search.py``): against rapidfuzz over every passage, this index answers in
about 1 ms at 30,000 passages and 10 ms at 300,000 (the scan: 0.3 s and 3 s), with better
first answers, in about 5 bytes a posting.

Layout: every term is an int64 key (a CJK bigram packs both code points below bit 42, other
terms are a 40-bit hash above it); postings are CSR arrays sorted by term, then by document,
holding the document number (int32) and the BM25 term-frequency factor quantised to a byte.
A query gathers the posting lists of its terms in one numpy operation and scores them with
``bincount``, so latency grows with the posting lists a query touches, not with the size of
the base. The index is built in batches so that its peak memory stays close to its final size.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import numpy.typing as npt
import yaml

from knowledge.kbcache import derived
from knowledge.models import (
    AgendaItem,
    BureauMember,
    Document,
    KnowledgeBase,
    Meeting,
    Paragraph,
    Record,
    Resolution,
    Session,
)
from knowledge.normalize import normalize
from knowledge.references import ReferenceTables, reference_tables
from knowledge.render_text import index_fields

__all__ = [
    "STOPWORDS",
    "Expander",
    "Postings",
    "SearchIndex",
    "build_index",
    "index_for",
    "term_keys",
]

IntArray = npt.NDArray[np.int64]

# BM25 constants: the usual values; passages are short, so length normalisation stays mild.
K1 = 1.2
B = 0.5

_ASCII_TOKEN = re.compile(r"[0-9a-z][0-9a-z.%]*")
_HAS_ASCII = re.compile(r"[0-9a-z]")
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
_HASH_MASK = (1 << 40) - 1


def _is_cjk_array(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    mask = np.zeros(codes.shape, dtype=bool)
    for low, high in _CJK_RANGES:
        mask |= (codes >= low) & (codes <= high)
    return mask


def _is_cjk_char(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _hash_term(term: str) -> int:
    # Python's string hash: fast and cached on the string; the index lives in the process that
    # built it, so a per-process hash seed does no harm.
    return (1 << 42) | (hash(term) & _HASH_MASK)


def _token_terms(text: str) -> Iterator[str]:
    """Latin words, numbers and symbols parts, with their Chinese neighbours and next word."""
    previous_end = -2
    previous = ""
    for match in _ASCII_TOKEN.finditer(text):
        token = match.group(0).rstrip(".")
        start, end = match.start(), match.start() + len(token)
        yield "t:" + token
        if start > 0 and _is_cjk_char(text[start - 1]):
            yield "l:" + text[start - 1] + token
        if end < len(text) and _is_cjk_char(text[end]):
            yield "r:" + token + text[end]
        if previous and start == previous_end + 1 and text[previous_end] == " ":
            yield "p:" + previous + " " + token
        previous, previous_end = token, end


def _bigram_keys(texts: Sequence[str]) -> tuple[IntArray, IntArray]:
    """(document number, key) of every CJK bigram in a batch of normalized texts."""
    if not texts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    joined = "\x00".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    cjk = _is_cjk_array(codes)
    positions = np.flatnonzero(cjk[:-1] & cjk[1:])
    keys = (codes[positions].astype(np.int64) << 21) | codes[positions + 1].astype(np.int64)
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    docs = np.searchsorted(starts, positions, side="right") - 1
    return docs.astype(np.int64), keys


_CJK_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]{2,}")


def term_keys(text: str) -> IntArray:
    """Every term key of one normalized text, with repetitions (a query, or a short text)."""
    keys: list[int] = []
    for run in _CJK_RUN.finditer(text):
        codes = [ord(ch) for ch in run.group(0)]
        keys.extend((a << 21) | b for a, b in itertools.pairwise(codes))
    if _HAS_ASCII.search(text):
        keys.extend(_hash_term(t) for t in _token_terms(text))
    return np.asarray(keys, dtype=np.int64)


# A posting's BM25 term-frequency factor, tf·(K1+1)/(tf + K1·(1-B+B·len/avg)), lies in
# (0, K1+1); it is stored quantised to one byte (error < 0.5 %), computed once at build time.
WEIGHT_SCALE = 255.0 / (K1 + 1)


@dataclass(frozen=True, slots=True)
class Postings:
    """One field's inverted index."""

    keys: IntArray  # sorted term keys
    indptr: IntArray  # postings of keys[i] are docs[indptr[i]:indptr[i+1]]
    docs: npt.NDArray[np.int32]
    weights: npt.NDArray[np.uint8]  # quantised BM25 term-frequency factor (WEIGHT_SCALE)
    idf: npt.NDArray[np.float32]

    @property
    def size(self) -> int:
        return int(self.docs.shape[0])

    def lookup(self, keys: IntArray) -> npt.NDArray[np.int64]:
        """Term numbers of keys, -1 for keys not in the index."""
        if self.keys.shape[0] == 0 or keys.shape[0] == 0:
            return np.full(keys.shape, -1, dtype=np.int64)
        where = np.searchsorted(self.keys, keys)
        where = np.minimum(where, self.keys.shape[0] - 1)
        found = self.keys[where] == keys
        return np.where(found, where, -1).astype(np.int64)

    def term_docs(self, term: int) -> npt.NDArray[np.int32]:
        return self.docs[self.indptr[term] : self.indptr[term + 1]]

    def contains(self, term: int, docs: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """For each document number in docs: does it contain the term?"""
        posting = self.term_docs(term)
        if posting.shape[0] == 0:
            return np.zeros(docs.shape, dtype=bool)
        where = np.minimum(np.searchsorted(posting, docs), posting.shape[0] - 1)
        return np.asarray(posting[where] == docs)


@dataclass(slots=True)
class _Chunk:
    """One batch of documents' postings, grouped by term: a run per distinct term."""

    run_keys: IntArray  # distinct term keys of the batch, sorted
    run_lengths: IntArray  # documents per run
    docs: npt.NDArray[np.int32]  # document numbers within the batch, run after run
    tfs: npt.NDArray[np.uint8]


# Documents per batch: bounds the batch's temporary arrays (about 6 kB a passage).
_CHUNK = 4_096


def _chunk(texts: list[str]) -> tuple[_Chunk, npt.NDArray[np.float32]]:
    docs, keys = _bigram_keys(texts)
    extra_docs: list[int] = []
    extra_keys: list[int] = []
    for i, text in enumerate(texts):
        if _HAS_ASCII.search(text):
            for term in _token_terms(text):
                extra_docs.append(i)
                extra_keys.append(_hash_term(term))
    if extra_keys:
        docs = np.concatenate((docs, np.asarray(extra_docs, dtype=np.int64)))
        keys = np.concatenate((keys, np.asarray(extra_keys, dtype=np.int64)))
    lengths = np.bincount(docs, minlength=len(texts)).astype(np.float32)
    if keys.shape[0] == 0:
        empty = np.zeros(0, dtype=np.int64)
        return _Chunk(empty, empty, np.zeros(0, np.int32), np.zeros(0, np.uint8)), lengths
    # one entry per (term, document), sorted by term then document
    order = np.lexsort((docs, keys))
    docs, keys = docs[order], keys[order]
    del order
    new_entry = np.ones(keys.shape[0], dtype=bool)
    new_entry[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
    starts = np.flatnonzero(new_entry)
    tfs = np.minimum(np.diff(np.append(starts, keys.shape[0])), 255).astype(np.uint8)
    keys, docs = keys[starts], docs[starts]
    new_run = np.ones(keys.shape[0], dtype=bool)
    new_run[1:] = keys[1:] != keys[:-1]
    run_starts = np.flatnonzero(new_run)
    chunk = _Chunk(
        run_keys=keys[run_starts],
        run_lengths=np.diff(np.append(run_starts, keys.shape[0])),
        docs=docs.astype(np.int32),
        tfs=tfs,
    )
    return chunk, lengths


def _build_postings(text_of: Callable[[int], str], count: int) -> Postings:
    """Postings of the ``count`` normalized texts ``text_of(0..count-1)``, in two passes over
    batches of them.

    The first pass collects the vocabulary and each term's document frequency; the second
    computes each batch's postings again and writes them straight into the final arrays.
    Nothing per posting or per text is held between the passes, so the peak stays close to
    the final size (5 bytes a posting) even for 300,000 passages; the price is computing the
    texts twice.
    """
    lengths = np.zeros(count, dtype=np.float32)
    vocabulary = np.zeros(0, dtype=np.int64)
    frequency = np.zeros(0, dtype=np.int64)
    for base in range(0, count, _CHUNK):
        batch = [text_of(i) for i in range(base, min(base + _CHUNK, count))]
        chunk, batch_lengths = _chunk(batch)
        lengths[base : base + len(batch)] = batch_lengths
        # merge the batch's terms into the sorted vocabulary
        where = np.searchsorted(vocabulary, chunk.run_keys)
        known = where < vocabulary.shape[0]
        known[known] = vocabulary[where[known]] == chunk.run_keys[known]
        np.add.at(frequency, where[known], chunk.run_lengths[known])
        vocabulary = np.insert(vocabulary, where[~known], chunk.run_keys[~known])
        frequency = np.insert(frequency, where[~known], chunk.run_lengths[~known])

    indptr = np.zeros(vocabulary.shape[0] + 1, dtype=np.int64)
    np.cumsum(frequency, out=indptr[1:])
    out_docs = np.empty(int(indptr[-1]), dtype=np.int32)
    out_weights = np.empty(int(indptr[-1]), dtype=np.uint8)
    norm = K1 * (1 - B + B * lengths / max(float(lengths.mean()) if count else 1.0, 1.0))
    cursor = indptr[:-1].copy()
    # batches come in document order: appending each batch's run of a term after the
    # previous batches' keeps every posting list sorted by document
    for base in range(0, count, _CHUNK):
        chunk, _ = _chunk([text_of(i) for i in range(base, min(base + _CHUNK, count))])
        terms = np.searchsorted(vocabulary, chunk.run_keys)
        run_starts = np.concatenate(([0], np.cumsum(chunk.run_lengths)[:-1]))
        offsets = np.repeat(cursor[terms] - run_starts, chunk.run_lengths)
        offsets += np.arange(chunk.docs.shape[0])
        docs = chunk.docs + base
        tf = chunk.tfs.astype(np.float32)
        factor = tf * (K1 + 1) / (tf + norm[docs])
        out_docs[offsets] = docs
        out_weights[offsets] = np.clip(np.rint(factor * WEIGHT_SCALE), 1, 255).astype(np.uint8)
        cursor[terms] += chunk.run_lengths

    df = frequency.astype(np.float32)
    idf = np.log(1.0 + (count - df + 0.5) / (df + 0.5)).astype(np.float32)
    return Postings(vocabulary, indptr, out_docs, out_weights, idf)


# ---------------------------------------------------------------------------------------------
# English → Chinese: aliases and glossary


STOPWORDS = frozenset(
    """
    a an the of for in on at to and or by with from is are was were be been being what who
    whom whose which when where why how did does do done this that these those it its about as
    into through their there have has had not no can could should would will shall may might
    me my our we you your i tell show give please find list any some all also than then so
    such per via between during under over many much more most other each every same own just
    only very here they them he she his her him us want know get got let make made say said
    see seen times
    """.split()  # noqa: SIM905 - a word list reads best as text
)


def stem(word: str) -> str:
    """A light English stem: plural endings only (countries → country, technologies →
    technology); verb endings are tried against the vocabulary by ``Expander.known_form``."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _inflections(word: str) -> Iterator[str]:
    """Base forms a word may come from: presided → preside, elected → elect, hosting → host."""
    for suffix, replacements in (
        ("ied", ("y",)),
        ("ed", ("", "e")),
        ("ing", ("", "e")),
        ("ly", ("",)),
        ("er", ("", "e")),
        ("ment", ("",)),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            for replacement in replacements:
                yield word[: -len(suffix)] + replacement


@dataclass(frozen=True, slots=True)
class ExpansionEntry:
    zh: str  # as the knowledge base writes it
    name: str  # the English name as the source writes it
    kind: str  # "alias" or "glossary"
    folded: str = ""  # zh normalized, with its index terms looked up once at build time
    terms: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    unknown_terms: int = 0


# an acronym as written: capitals, perhaps a plural "s" (SIDS, LDCs, ICTs)
_ACRONYM = re.compile(r"[A-Z]{2,}s?")


_PERSON_ZH = re.compile("[\u4e00-\u9fff]{2,4}")
# the kinds of alias whose Chinese names, sharing an English one, are one thing
_SIBLING_KINDS = frozenset({"organization"})


@dataclass(frozen=True, slots=True)
class Expander:
    """English (and other Latin-script) names → the report's Chinese wording; and Chinese
    names an alias gives (a way delegates ask, ``wordings``) → the wording it stands for."""

    phrases: dict[tuple[str, ...], tuple[ExpansionEntry, ...]]
    words: tuple[str, ...]  # every word of every phrase, for spelling correction
    word_set: frozenset[str]
    longest: int
    wordings: dict[str, tuple[ExpansionEntry, ...]] = field(default_factory=dict)
    # words only written as acronyms (SIDS, LDCs): no English word is inflected from them
    # ("sided" is no form of "sids")
    acronyms: frozenset[str] = frozenset()
    # the Chinese names of one organisation (those sharing an English name): 贸发会议 and
    # 联合国贸易和发展会议, 国际电联 and 国际电信联盟 (normalized)
    siblings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # people's Chinese names of two to four characters (白春礼): what a name typed with a
    # character that sounds the same (白春丽) may be, beside the dictionary's words
    people: frozenset[str] = frozenset()

    def known_form(self, word: str) -> str | None:
        """The vocabulary's form of a word (its stem or an inflection's base), if any."""
        stemmed = stem(word)
        if stemmed in self.word_set:
            return stemmed
        for base in _inflections(word):
            if base in self.word_set and base not in self.acronyms:
                return base
        return None

    @staticmethod
    def build(
        kb: KnowledgeBase, postings: Postings, extra: Iterable[tuple[str, Sequence[str]]] = ()
    ) -> Expander:
        entries: dict[tuple[str, ...], list[ExpansionEntry]] = {}
        wordings: dict[str, list[ExpansionEntry]] = {}
        looked_up: dict[str, tuple[str, IntArray, int]] = {}

        def entry(zh: str, name: str, kind: str) -> ExpansionEntry:
            if zh not in looked_up:
                folded = normalize(zh)
                terms = postings.lookup(np.unique(term_keys(folded)))
                looked_up[zh] = (folded, terms[terms >= 0], int(np.count_nonzero(terms < 0)))
            folded, known, unknown = looked_up[zh]
            return ExpansionEntry(zh, name, kind, folded, known, unknown)

        def add(zh: str, name: str, kind: str) -> None:
            words = tuple(stem(w) for w in normalize(name).split() if w)
            if not words or not any(ch.isascii() and ch.isalpha() for ch in "".join(words)):
                if words and _CJK_RUN.search(name) and normalize(name) != normalize(zh):
                    # a Chinese name: matched as a whole phrase of the query (knowledge.query)
                    bucket = wordings.setdefault(normalize(name), [])
                    if all(e.zh != zh for e in bucket):
                        bucket.append(entry(zh, name, kind))
                return
            bucket = entries.setdefault(words, [])
            if any(e.zh == zh for e in bucket):
                return
            bucket.append(entry(zh, name, kind))

        for alias in kb.aliases:
            for name in alias.names:
                add(alias.zh, name, "alias")
            if alias.zh.isascii():
                add(alias.zh, alias.zh, "alias")
        for term in kb.glossary:
            for name in term.en:
                add(term.zh, name, "glossary")
        for zh, names in extra:
            for name in names:
                add(zh, name, "glossary")
        named: dict[str, set[str]] = {}
        for alias in kb.aliases:
            if alias.kind in _SIBLING_KINDS and len(alias.zh) >= 4 and _CJK_RUN.match(alias.zh):
                for name in alias.names:
                    named.setdefault(normalize(name), set()).add(normalize(alias.zh))
        siblings: dict[str, set[str]] = {}
        for group in named.values():
            for zh in group:
                siblings.setdefault(zh, set()).update(group - {zh})
        vocabulary = sorted({w for words in entries for w in words if len(w) > 2})
        written = {w for key in entries for e in entries[key] for w in e.name.split()}
        acronyms = {stem(normalize(w)) for w in written if _ACRONYM.fullmatch(w)}
        acronyms -= {stem(normalize(w)) for w in written if not _ACRONYM.fullmatch(w)}
        return Expander(
            phrases={k: tuple(v) for k, v in entries.items()},
            words=tuple(vocabulary),
            word_set=frozenset(vocabulary),
            longest=max((len(k) for k in entries), default=1),
            wordings={k: tuple(v) for k, v in wordings.items()},
            acronyms=frozenset(acronyms),
            siblings={k: tuple(sorted(v)) for k, v in siblings.items() if v},
            people=frozenset(
                a.zh for a in kb.aliases if a.kind == "person" and _PERSON_ZH.fullmatch(a.zh)
            ),
        )


# ---------------------------------------------------------------------------------------------
# The index


@dataclass(frozen=True, slots=True)
class SearchIndex:
    """Everything search needs about one knowledge base; immutable, safe to share."""

    records: tuple[Record, ...]
    position: dict[str, int]  # record id → document number
    main: Postings
    context: Postings
    expander: Expander
    references: ReferenceTables
    related: dict[str, frozenset[str]]  # record id → ids of records about the same thing
    kinds: npt.NDArray[np.int8]  # document number → kind code (see KIND_CODES)
    sessions: npt.NDArray[np.int16]  # document number → session number, 0 if none
    has_symbol: npt.NDArray[np.bool_]  # document number → prints a document symbol
    members: dict[str, npt.NDArray[np.int64]]  # container id (R1, D1, report…) → documents
    texts: tuple[str, ...] | None  # normalized own words, kept below KEEP_TEXTS_BELOW
    # every normalized text in one string, for the dictionary's "does the report use this
    # word" (kept below KEEP_TEXTS_BELOW; larger bases search without the dictionary)
    vocabulary: str = ""

    def __len__(self) -> int:
        return len(self.records)

    @property
    def nbytes(self) -> int:
        """Memory held by the index arrays (postings and per-document arrays)."""
        arrays: list[npt.NDArray[np.generic]] = [self.kinds, self.sessions, self.has_symbol]
        arrays.extend(self.members.values())
        for postings in (self.main, self.context):
            arrays += [postings.keys, postings.indptr, postings.docs, postings.weights]
            arrays.append(postings.idf)
        total = sum(int(array.nbytes) for array in arrays)
        return total

    def text(self, doc: int) -> str:
        """The normalized own words of a document (kept, or recomputed for large bases)."""
        if self.texts is not None:
            return self.texts[doc]
        return normalize(index_fields(self.records[doc])[0])

    @property
    def rare_idf(self) -> float:
        """The idf of a term found once: what an unknown term would weigh."""
        count = len(self.records)
        return float(np.log(1.0 + (count - 0.5) / 1.5)) if count else 1.0

    def keys(self, text: str) -> IntArray:
        return term_keys(text)

    def printing(self, word: str) -> IntArray:
        """The documents whose text holds every bigram of ``word`` (from the postings)."""
        terms = self.main.lookup(np.unique(term_keys(word)))
        if terms.shape[0] == 0 or bool((terms < 0).any()):
            return np.zeros(0, dtype=np.int64)
        found: IntArray | None = None
        for term in terms.tolist():
            docs = np.unique(self.main.term_docs(term)).astype(np.int64)
            found = docs if found is None else np.intersect1d(found, docs)
        return found if found is not None else np.zeros(0, dtype=np.int64)

    def prints(self, fragment: str) -> bool:
        """Whether the knowledge base prints ``fragment`` (normalized): no when one of its
        bigrams is in no record (a lookup in the postings), else a look through the texts
        kept for the dictionary. Above SEARCHED_TEXT_BELOW characters of text that look costs
        milliseconds, and a fragment all of whose bigrams occur is taken as printed."""
        keys = term_keys(fragment)
        if keys.shape[0] and bool(np.any(self.main.lookup(keys) < 0)):
            return False
        if self.vocabulary and len(self.vocabulary) < SEARCHED_TEXT_BELOW:
            return fragment in self.vocabulary
        return bool(keys.shape[0])


KIND_CODES: dict[type, int] = {
    Paragraph: 0,
    Session: 1,
    AgendaItem: 2,
    BureauMember: 3,
    Meeting: 4,
    Resolution: 5,
    Document: 6,
}


# Keeping normalized texts for re-ranking costs memory linear in the base (about 300 bytes a
# passage); above this size the few candidates a query re-ranks are normalized again instead
# (about 1 ms a query), which keeps a 300,000-passage deployment within its memory budget.
KEEP_TEXTS_BELOW = 50_000
# Below this many characters of kept text (a few thousand passages) SearchIndex.prints
# searches the text itself; above, bigrams in the postings decide (see prints).
SEARCHED_TEXT_BELOW = 500_000


def _mentions(kb: KnowledgeBase, tables: ReferenceTables) -> dict[str, list[str]]:
    """What a paragraph is about beyond its own words, for its context field: the titles of
    the documents it cites ("介绍了秘书长的报告(E/CN.16/2020/3)" is about space technologies)
    and the meeting whose account it belongs to ("在同次会议上" is the 3rd meeting)."""
    mentions: dict[str, list[str]] = {}
    for folded, citing in tables.citations.items():
        document = tables.documents.get(folded)
        if document is None or not document.title:
            continue
        for record in citing:
            if isinstance(record, Paragraph):
                mentions.setdefault(record.id, []).append(document.title)
    for meeting in kb.meetings:
        label = f"第{meeting.number}次会议 {meeting.date.month}月{meeting.date.day}日"
        for source in meeting.source:
            mentions.setdefault(source, []).append(label)
    # a sub-paragraph is what its lead-in asks ("鼓励委员会：(十八) 在提高…认识方面发挥积极
    # 作用": what the Commission is asked to do)
    for resolution in kb.resolutions:
        leads = {p.id: p.text for p in resolution.paragraphs if p.kind == "operative"}
        for paragraph in resolution.paragraphs:
            lead = leads.get(paragraph.id.rsplit(".", 1)[0]) if paragraph.kind == "item" else None
            if lead:
                mentions.setdefault(paragraph.id, []).append(lead)
    return mentions


# the verb a lead-in opens with ("鼓励各国政府…：", "促请联合国各组织…")
LEAD_VERB = re.compile(r"^(?:鼓励|促请|请|要求|邀请|吁请|建议|呼吁|敦促)")
# whom it speaks to: the words after the verb, up to its colon or to how or what the
# addressee is to act ("单独和共同考虑", "根据…", "定期…")
_ADDRESSEE = re.compile(rf"{LEAD_VERB.pattern}(.+?)(?=[：:，,]|单独|根据|考虑|定期|继续)")


def _addressees(kb: KnowledgeBase) -> dict[str, str]:
    """Whom each sub-item of a resolution speaks to, from its lead-in ("鼓励委员会：(十八) 在提高
    …认识方面发挥积极作用" asks the Commission): what it says is what that addressee is asked."""
    addressed: dict[str, str] = {}
    for resolution in kb.resolutions:
        leads = {p.id: p.text for p in resolution.paragraphs if p.kind == "operative"}
        for paragraph in resolution.paragraphs:
            lead = leads.get(paragraph.id.rsplit(".", 1)[0]) if paragraph.kind == "item" else None
            if lead and (found := _ADDRESSEE.match(lead.strip())):
                addressed[paragraph.id] = found.group(1)
    return addressed


def _antecedents(kb: KnowledgeBase) -> dict[str, str]:
    """The full name of a body a paragraph calls by its last word alone, when a paragraph just
    before it names the body in full ("注意到…加强合作问题工作组开展工作" and then "又注意到工作组
    …举行了5次会议": the working group on enhanced cooperation)."""
    texts = [p.text for r in kb.resolutions for p in r.paragraphs]
    bodies = {a.zh for a in kb.aliases if a.kind in ("body", "organization") and len(a.zh) >= 6}
    # a last word most paragraphs use on its own stands for something else as well (委员会 is
    # the Commission itself): only a rarer one points back (counted once per last word)
    used = {head: sum(head in t for t in texts) for head in {n[-3:] for n in bodies}}
    names = {n for n in bodies if used[n[-3:]] <= len(texts) // 20}
    found: dict[str, str] = {}
    for resolution in kb.resolutions:
        recent: list[str] = []  # full names in the last paragraphs, latest first
        for paragraph in resolution.paragraphs:
            text = paragraph.text
            named = [n for n in names if n in text]
            for name in recent:
                head = name[-3:]
                if head in text and not any(n.endswith(head) for n in named):
                    found.setdefault(paragraph.id, name)
            recent = (named + recent)[:3]
    return found


def _members(records: Sequence[Record]) -> dict[str, npt.NDArray[np.int64]]:
    """Documents inside each container, for ``search(..., within="R1")``."""
    groups: dict[str, list[int]] = {}
    for i, record in enumerate(records):
        if isinstance(record, Paragraph):
            groups.setdefault(record.parent, []).append(i)
        elif isinstance(record, Resolution):
            groups.setdefault(record.id, []).append(i)
    return {key: np.asarray(value, dtype=np.int64) for key, value in groups.items()}


def _has_symbol(records: Sequence[Record], tables: ReferenceTables) -> npt.NDArray[np.bool_]:
    citing = {record.id for records in tables.citations.values() for record in records}
    return np.fromiter(
        (isinstance(r, Document) or r.id in citing for r in records),
        dtype=bool,
        count=len(records),
    )


_SECTION_ITEM = re.compile(r"议程项目\s*(\d+(?:\s*\(?[a-z]\)?)?)")


def _related(kb: KnowledgeBase, tables: ReferenceTables) -> dict[str, frozenset[str]]:
    """Which records are about the same thing, both ways (a meeting ↔ its annex paragraphs)."""
    links: dict[str, set[str]] = {}

    def link(a: str, b: str) -> None:
        links.setdefault(a, set()).add(b)
        links.setdefault(b, set()).add(a)

    paragraphs = {record.id for record in kb.records() if isinstance(record, Paragraph)}
    for record in kb.records():
        if isinstance(record, Paragraph) and (head := record.id.rpartition(".")[0]) in paragraphs:
            # a part or a paragraph and what stands under it (R2.a ↔ R2.a.28, R1.84 ↔ R1.84.a)
            link(record.id, head)
        for source in getattr(record, "source", ()) or ():
            if isinstance(source, str):
                link(record.id, source)
        if isinstance(record, Meeting):
            for item in record.agenda_items:
                link(record.id, item)
        elif isinstance(record, AgendaItem):
            for meeting in record.meetings:
                link(record.id, meeting)
            if record.parent:
                link(record.id, record.parent)
        elif isinstance(record, Document) and record.agenda_item:
            session = record.session
            key = re.sub(r"[^0-9a-z]", "", record.agenda_item.casefold())
            agenda_item = tables.agenda.get((session, key))
            if agenda_item is not None:
                link(record.id, agenda_item.id)
        elif isinstance(record, Resolution):
            for paragraph in record.paragraphs:
                link(record.id, paragraph.id)
        elif isinstance(record, Paragraph) and (named := _SECTION_ITEM.search(record.section)):
            # annex II's paragraphs stand under the item they report on ("…(议程项目 2)")
            key = re.sub(r"[^0-9a-z]", "", named.group(1).casefold())
            agenda_item = tables.agenda.get((kb.current_session.number, key))
            if agenda_item is not None:
                link(record.id, agenda_item.id)
    for target, citing in tables.related.items():
        for record_id in citing:
            link(target, record_id)
    return {k: frozenset(v) for k, v in links.items()}


def build_index(kb: KnowledgeBase) -> SearchIndex:
    """The index of a knowledge base, built now unless it already was (milliseconds for one
    report, about half a minute for 300,000 passages). ``search`` builds it on first use; the
    bot calls this before it swaps in a new knowledge base, so that no query waits for it."""
    return derived(kb, "search-index", _build_index)


def _build_index(kb: KnowledgeBase) -> SearchIndex:
    records = tuple(kb.records())
    count = len(records)
    keep = count < KEEP_TEXTS_BELOW
    kept: dict[int, str] = {}

    addressed = _addressees(kb)
    antecedents = _antecedents(kb)

    def main_text(i: int) -> str:
        text = kept.get(i)
        if text is None:
            own = index_fields(records[i])[0]
            if (addressee := addressed.get(records[i].id)) is not None:
                own = f"{addressee}\n{own}"
            if (antecedent := antecedents.get(records[i].id)) is not None:
                own = f"{antecedent}\n{own}"
            text = normalize(own)
            if keep:
                kept[i] = text
        return text

    tables = reference_tables(kb)
    mentions = _mentions(kb, tables)

    def context_text(i: int) -> str:
        record = records[i]
        parts = [index_fields(record)[1]] if isinstance(record, Paragraph | Resolution) else []
        parts.extend(mentions.get(record.id, ()))
        return normalize(" ".join(p for p in parts if p)) if any(parts) else ""

    main = _build_postings(main_text, count)
    context = _build_postings(context_text, count)
    texts = tuple(kept[i] for i in range(count)) if keep else None
    expander = Expander.build(kb, main, bundled_extra_glossary())
    return SearchIndex(
        records=records,
        position={record.id: i for i, record in enumerate(records)},
        main=main,
        context=context,
        expander=expander,
        references=tables,
        related=_related(kb, tables),
        kinds=np.fromiter((KIND_CODES[type(r)] for r in records), dtype=np.int8, count=count),
        sessions=np.fromiter(
            (
                getattr(r, "session", 0) if not isinstance(r, Session) else r.number
                for r in records
            ),
            dtype=np.int16,
            count=count,
        ),
        has_symbol=_has_symbol(records, tables),
        members=_members(records),
        texts=texts,
        vocabulary="\n".join(texts) if texts is not None else "",
    )


@functools.cache
def bundled_extra_glossary() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Terms search adds to a knowledge base's own glossary (``sources/glossary-extra.yaml``):
    everyday English words for report wording that the bilingual glossary does not list."""
    try:
        text = (
            resources.files("knowledge")
            .joinpath("sources/glossary-extra.yaml")
            .read_text(encoding="utf-8")
        )
    except FileNotFoundError:
        return ()
    data = yaml.safe_load(text) or {}
    out: list[tuple[str, tuple[str, ...]]] = []
    for entry in data.get("glossary", []) or []:
        out.append((str(entry["zh"]), tuple(str(e) for e in entry.get("en", []))))
    for entry in data.get("aliases", []) or []:
        out.append((str(entry["zh"]), tuple(str(e) for e in entry.get("names", []))))
    return tuple(out)


def index_for(kb: KnowledgeBase) -> SearchIndex:
    """The index of a knowledge base (built on first use, then cached with the base)."""
    return build_index(kb)
