"""The rules a knowledge base keeps that its types cannot say: ids, references and numbering.

``check_knowledge_base`` takes records decoded by the loader (a field that could not be decoded
holds ``INVALID`` and is skipped) and returns every broken rule as an ``Issue``: an id that does
not look like its kind or does not match its record's number and session, a duplicate id, a
reference to a record that does not exist, a label that does not stand for its number, a gap or
a repeat in a list of paragraphs, a date or time that ends before it starts, an unknown time
zone. The loader turns each into a ``Problem`` with a line and a column. (``knowledge.checks``
holds the warnings: what is valid but suspicious.)
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Collection, Iterable, Iterator
from typing import Any, Final, NamedTuple

from knowledge.models import Document, KnowledgeBase, Paragraph
from knowledge.normalize import agenda_key, chinese_to_int
from knowledge.schema import (
    AGENDA_ID,
    DOCUMENT_SYMBOL,
    FIELD_ID_KINDS,
    INVALID,
    MEETING_ID,
    PARAGRAPH_ID,
    SUPPORTED_SCHEMA_VERSIONS,
    iana_time_zone,
    record_fields,
    time_zone_names,
)


def _valid(*values: object) -> bool:
    return all(value is not INVALID for value in values)


# --- Labels and numbering ------------------------------------------------------------------------


def label_ordinal(label: str) -> int | None:
    """The ordinal a printed label stands for: "24" → 24, "(c)" → 3, "(三)" → 3, "(十二)" → 12."""
    core = label.strip()
    if len(core) >= 2 and core[0] in "(（" and core[-1] in ")）":
        core = core[1:-1].strip()
    core = core.rstrip(".．、")
    if re.fullmatch(r"[0-9]{1,6}", core):
        return int(core)
    if re.fullmatch(r"[a-zA-Z]", core):
        return ord(core.lower()) - ord("a") + 1
    return chinese_to_int(core, ordinal=True)


def _suffix_ordinal(suffix: str) -> int | None:
    if re.fullmatch(r"[0-9]+", suffix):
        return int(suffix)
    if re.fullmatch(r"[a-z]", suffix):
        return ord(suffix) - ord("a") + 1
    return None


def _suffix_like(number: int, like: str) -> str:
    """``number`` spelled as the id suffix ``like`` is spelled (a digit or a letter)."""
    if like.isalpha() and 1 <= number <= 26:
        return chr(ord("a") + number - 1)
    return str(number)


# --- The checker ---------------------------------------------------------------------------------


class Issue(NamedTuple):
    """A rule broken by a decoded record; the loader adds the line and the key path."""

    record: object
    field: str | None
    element: int | None  # the element of a list field, or None
    message: str
    first: object | None = None  # an earlier record involved ("first on line …")


_NESTED_KINDS: Final = frozenset({"preamble", "operative", "item"})
_TOP_KINDS: Final = frozenset({"report", "annex", "summary"})


def check_knowledge_base(
    kb: KnowledgeBase, *, incomplete: Collection[tuple[int, str]] = (), limit: int = 1_000
) -> list[Issue]:
    """Every rule the types cannot express, applied to a decoded knowledge base.

    ``incomplete`` names list fields, as ``(id(record), field)``, that lost an element to a type
    problem; their numbering is not checked, since a gap there is already explained. Checking
    stops after ``limit`` issues.
    """
    checker = _Checker(kb, incomplete, limit)
    with contextlib.suppress(_Enough):
        checker.run()
    return checker.issues


class _Enough(Exception):
    """The checker has found as many issues as anyone will read."""


def walk_records(value: object) -> Iterator[object]:
    """Every dataclass instance inside ``value``, itself included, parents before children."""
    if value is INVALID:
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for f in dataclasses.fields(value):
            if f.init:
                yield from walk_records(getattr(value, f.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from walk_records(item)


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """' (did you mean "X"?)' for a close match, else ''."""
    # Only names of about the same length can be close; this keeps a long list cheap.
    candidates = [name for name in known if abs(len(name) - len(value)) <= 3][:2_000]
    matches = difflib.get_close_matches(value[:60], candidates, n=1, cutoff=0.6)
    return f' (did you mean "{matches[0]}"?)' if matches else ""


def short(text: str) -> str:
    """Text from the file as a message quotes it: at most 40 characters."""
    return text if len(text) <= 40 else text[:37] + "…"


def _unknown(what: str, value: str, known: list[str]) -> str:
    if not known:
        return f'no {what} "{short(value)}" (there are none)'
    if len(known) <= 8:
        return f'no {what} "{short(value)}" (there are: {", ".join(known)})'
    return f'no {what} "{short(value)}"' + did_you_mean(value, known)


class _Checker:
    def __init__(
        self, kb: KnowledgeBase, incomplete: Collection[tuple[int, str]], limit: int
    ) -> None:
        self.kb = kb
        self.incomplete = set(incomplete)
        self.limit = limit
        self.issues: list[Issue] = []
        self.bad_ids: set[int] = set()  # records whose own id is malformed: skip derived rules

    def add(
        self,
        record: object,
        field: str | None,
        message: str,
        *,
        index: int | None = None,
        first: object | None = None,
    ) -> None:
        if len(self.issues) >= self.limit:
            raise _Enough
        self.issues.append(Issue(record, field, index, message, first))

    def run(self) -> None:
        kb = self.kb
        if _valid(kb.schema_version) and kb.schema_version not in SUPPORTED_SCHEMA_VERSIONS:
            supported = ", ".join(str(v) for v in sorted(SUPPORTED_SCHEMA_VERSIONS))
            self.add(
                kb,
                "schema_version",
                f"schema_version {kb.schema_version} is not supported (this version reads "
                f"{supported})",
            )
        self.check_id_formats()
        self.check_unique_ids()
        self.session_numbers: list[int] | None = [s.number for s in kb.sessions]
        if not all(_valid(n) for n in self.session_numbers) or (id(kb), "sessions") in (
            self.incomplete
        ):
            self.session_numbers = None
        self.check_sessions()
        self.check_agenda()
        self.check_bureau()
        self.check_meetings()
        self.check_resolutions()
        self.check_report_paragraphs()
        self.check_documents()

    # ids

    def check_id_formats(self) -> None:
        nested = {id(p) for r in self.kb.resolutions for p in r.paragraphs}
        for record in walk_records(self.kb):
            for spec in record_fields(type(record)):
                if spec.id_kind is None or (spec.name == "parent" and id(record) in nested):
                    continue  # a nested paragraph's parent is its resolution's id, checked there
                value = getattr(record, spec.name)
                values = value if isinstance(value, tuple) else (value,)
                for index, item in enumerate(values):
                    if not isinstance(item, str) or spec.id_kind.matches(item):
                        continue
                    self.add(
                        record,
                        spec.name,
                        f'"{short(item)}" is not a valid {spec.id_kind.name} '
                        f"(like {spec.id_kind.examples})",
                        index=index if isinstance(value, tuple) else None,
                    )
                    if spec.name in ("id", "symbol", "parent"):
                        self.bad_ids.add(id(record))
        for resolution in self.kb.resolutions:
            if id(resolution) in self.bad_ids or not _valid(resolution.id):
                self.bad_ids.update(id(p) for p in resolution.paragraphs)

    def check_unique_ids(self) -> None:
        seen: dict[str, object] = {}
        for record in self.kb.records():
            record_id = record.id
            if not isinstance(record_id, str) or not record_id:
                continue
            if record_id in seen:
                field = "symbol" if isinstance(record, Document) else "id"
                self.add(record, field, f'duplicate id "{record_id}"', first=seen[record_id])
            else:
                seen[record_id] = record

    def good(self, record: object, *values: object) -> bool:
        return id(record) not in self.bad_ids and _valid(*values)

    def check_session_ref(self, record: object, number: int) -> None:
        if self.session_numbers is None or not self.session_numbers:
            return
        if _valid(number) and number not in self.session_numbers:
            known = ", ".join(str(n) for n in self.session_numbers)
            self.add(record, "session", f"no session {number} in sessions (there are: {known})")

    # records

    def check_sessions(self) -> None:
        for session in self.kb.sessions:
            if self.good(session, session.id, session.number):
                expected = f"S{session.number}"
                if session.id != expected:
                    self.add(
                        session,
                        "id",
                        f'id "{session.id}" does not match number {session.number} '
                        f'(expected "{expected}")',
                    )
            self.check_dates(session, "start", session.start, "end", session.end)
            timezone = session.timezone
            if _valid(timezone) and iana_time_zone(timezone) is None:
                self.add(
                    session,
                    "timezone",
                    f'"{short(timezone)}" is not an IANA time zone (like Europe/Zurich)'
                    + did_you_mean(timezone, time_zone_names()),
                )

    def check_dates(
        self, record: object, start_name: str, start: object, end_name: str, end: object
    ) -> None:
        if not (_valid(start, end) and start is not None and end is not None):
            return
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add(record, end_name, f"{end_name} {end} is before {start_name} {start}")
        if isinstance(start, dt.time) and isinstance(end, dt.time) and end <= start:
            self.add(
                record,
                end_name,
                f"{end_name} {end:%H:%M} is not after {start_name} {start:%H:%M}",
            )

    def targets(self, owner: object, field: str, records: Iterable[Any]) -> list[str] | None:
        """The ids of ``records`` that references may point to; None when one of them could
        not be read (or the list lost an element), since a reference to it is not dangling."""
        ids: list[str] = []
        for record in records:
            id_field = "symbol" if isinstance(record, Document) else "id"
            kind = FIELD_ID_KINDS[type(record), id_field]
            if not isinstance(record.id, str) or not kind.matches(record.id):
                return None
            ids.append(record.id)
        return None if (id(owner), field) in self.incomplete else ids

    def check_ref(
        self,
        record: object,
        field: str,
        value: object,
        targets: list[str] | None,
        what: str,
        *,
        index: int | None = None,
        also: Collection[str] = (),
    ) -> None:
        if targets is None or not isinstance(value, str) or value in targets or value in also:
            return
        self.add(record, field, _unknown(what, value, targets), index=index)

    def check_agenda(self) -> None:
        agenda_ids = self.targets(self.kb, "agenda", self.kb.agenda)
        meeting_ids = self.targets(self.kb, "meetings", self.kb.meetings)
        symbols = self.targets(self.kb, "documents", self.kb.documents)
        also_known = {s for d in self.kb.documents if _valid(d.symbols) for s in d.symbols}
        for item in self.kb.agenda:
            self.check_session_ref(item, item.session)
            if self.good(item, item.id, item.session):
                prefix = f"A{item.session}."
                if not item.id.startswith(prefix):
                    self.add(
                        item,
                        "id",
                        f'id "{item.id}" does not match session {item.session} '
                        f'(its items\' ids start with "{prefix}")',
                    )
                elif _valid(item.number) and agenda_key(item.number) != item.id[len(prefix) :]:
                    self.add(
                        item, "number", f'number "{item.number}" does not match id "{item.id}"'
                    )
            parent = item.parent
            if isinstance(parent, str) and AGENDA_ID.matches(parent):
                self.check_ref(item, "parent", parent, agenda_ids, "agenda item")
                if self.good(item, item.id) and not item.id.startswith(parent):
                    self.add(
                        item, "parent", f'sub-item "{item.id}" is not under "{parent}" by its id'
                    )
            for index, meeting in enumerate(item.meetings):
                if MEETING_ID.matches(meeting):
                    self.check_ref(item, "meetings", meeting, meeting_ids, "meeting", index=index)
            for index, symbol in enumerate(item.documents):
                if DOCUMENT_SYMBOL.matches(symbol):
                    self.check_ref(
                        item,
                        "documents",
                        symbol,
                        symbols,
                        "document",
                        index=index,
                        also=also_known,
                    )

    def check_bureau(self) -> None:
        for seat in self.kb.bureau:
            self.check_session_ref(seat, seat.session)
            if self.good(seat, seat.id, seat.session):
                prefix = f"B{seat.session}."
                if not seat.id.startswith(prefix):
                    self.add(
                        seat,
                        "id",
                        f'id "{seat.id}" does not match session {seat.session} '
                        f'(expected "{prefix}…")',
                    )

    def check_meetings(self) -> None:
        agenda_ids = self.targets(self.kb, "agenda", self.kb.agenda)
        for meeting in self.kb.meetings:
            self.check_session_ref(meeting, meeting.session)
            if self.good(meeting, meeting.id, meeting.number):
                expected = f"M{meeting.number}"
                if meeting.id != expected:
                    self.add(
                        meeting,
                        "id",
                        f'id "{meeting.id}" does not match number {meeting.number} '
                        f'(expected "{expected}")',
                    )
            self.check_dates(meeting, "start", meeting.start, "end", meeting.end)
            for index, item_id in enumerate(meeting.agenda_items):
                if AGENDA_ID.matches(item_id):
                    self.check_ref(
                        meeting, "agenda_items", item_id, agenda_ids, "agenda item", index=index
                    )
            for segment in meeting.segments:
                ref = segment.agenda_item
                if isinstance(ref, str) and AGENDA_ID.matches(ref):
                    self.check_ref(segment, "agenda_item", ref, agenda_ids, "agenda item")

    def check_resolutions(self) -> None:
        for resolution in self.kb.resolutions:
            self.check_session_ref(resolution, resolution.session)
            if self.good(resolution, resolution.id, resolution.kind, resolution.number):
                letter = "R" if resolution.kind == "resolution" else "D"
                expected = f"{letter}{resolution.number}"
                if resolution.id != expected:
                    self.add(
                        resolution,
                        "id",
                        f'id "{resolution.id}" does not match a {resolution.kind} numbered '
                        f'{resolution.number} (expected "{expected}")',
                    )
            paragraph_ids = self.targets(resolution, "paragraphs", resolution.paragraphs)
            operative_ids = {
                p.id for p in resolution.paragraphs if p.kind == "operative" and _valid(p.id)
            }
            for paragraph in resolution.paragraphs:
                if _valid(paragraph.kind) and paragraph.kind not in _NESTED_KINDS:
                    self.add(
                        paragraph,
                        "kind",
                        f"a {paragraph.kind} paragraph does not belong inside a resolution; "
                        'put it under the top-level "paragraphs"',
                    )
                    continue
                self.check_paragraph_id(paragraph, operative_ids)
            for section in resolution.sections:
                if paragraph_ids is None:
                    break
                for index, paragraph_id in enumerate(section.paragraphs):
                    if PARAGRAPH_ID.matches(paragraph_id) and paragraph_id not in paragraph_ids:
                        where = resolution.id if _valid(resolution.id) else "this resolution"
                        self.add(
                            section,
                            "paragraphs",
                            f'no paragraph "{paragraph_id}" in {where}'
                            + did_you_mean(paragraph_id, paragraph_ids),
                            index=index,
                        )
            if (id(resolution), "paragraphs") not in self.incomplete:
                self.check_numbering(resolution.paragraphs)

    def check_report_paragraphs(self) -> None:
        for paragraph in self.kb.paragraphs:
            if _valid(paragraph.kind) and paragraph.kind not in _TOP_KINDS:
                self.add(
                    paragraph,
                    "kind",
                    f"a {paragraph.kind} paragraph belongs inside its resolution "
                    "(under resolutions: … paragraphs:)",
                )
                continue
            self.check_paragraph_id(paragraph, set())
        if (id(self.kb), "paragraphs") not in self.incomplete:
            self.check_numbering(self.kb.paragraphs)

    def check_paragraph_id(self, paragraph: Paragraph, operative_ids: set[str]) -> None:
        p = paragraph
        if not self.good(p, p.id, p.parent, p.kind, p.number, p.label):
            return
        expected = self.expected_paragraph_id(p, operative_ids)
        if expected is not None and expected != p.id:
            self.add(
                p,
                "id",
                f'id "{p.id}" does not match its number {p.number} (expected "{expected}")',
            )
        if p.label.strip():
            ordinal = label_ordinal(p.label)
            if ordinal is None:
                self.add(
                    p,
                    "label",
                    f'label "{short(p.label)}" is not a number, a letter or a Chinese numeral',
                )
            elif ordinal != p.number:
                self.add(
                    p,
                    "label",
                    f'label "{p.label}" stands for {ordinal}, but number is {p.number}',
                )

    def expected_paragraph_id(self, p: Paragraph, operative_ids: set[str]) -> str | None:
        """The id a paragraph of this kind, parent and number must have (None: reported)."""
        if p.kind == "preamble":
            return f"{p.parent}.pre.{p.number}"
        if p.kind == "operative":
            suffix = p.id.removeprefix(f"{p.parent}.")
            if suffix == p.id or _suffix_ordinal(suffix) is None:
                self.add(
                    p,
                    "id",
                    f'an operative paragraph of {p.parent} has an id like "{p.parent}.24" '
                    f'or "{p.parent}.a", not "{p.id}"',
                )
                return None
            return f"{p.parent}.{_suffix_like(p.number, suffix)}"
        if p.kind == "item":
            container, _, suffix = p.id.rpartition(".")
            if not container.startswith(f"{p.parent}.") or _suffix_ordinal(suffix) is None:
                self.add(
                    p,
                    "id",
                    f"an item of {p.parent} has its paragraph's id plus a number or a letter "
                    f'(like "{p.parent}.84.a" or "{p.parent}.a.3"), not "{p.id}"',
                )
                return None
            if container not in operative_ids:
                self.add(
                    p, "id", f'no operative paragraph "{container}" for item "{p.id}" to belong to'
                )
                return None
            return f"{container}.{_suffix_like(p.number, suffix)}"
        if p.kind == "report":
            if p.parent != "report":
                self.add(p, "parent", f'a report paragraph has parent "report", not "{p.parent}"')
                return None
            return f"P{p.number}"
        if p.kind == "annex":
            annex = re.fullmatch(r"annex([0-9]+)", p.parent)
            if annex is None:
                self.add(p, "parent", f'an annex paragraph has parent "annexN", not "{p.parent}"')
                return None
            return f"AX{annex.group(1)}.{p.number}"
        if p.parent != "summary":
            self.add(p, "parent", f'a summary paragraph has parent "summary", not "{p.parent}"')
            return None
        return f"SUM{p.number}"

    def check_numbering(self, paragraphs: tuple[Paragraph, ...]) -> None:
        """Within each list (a preamble, operative paragraphs, one paragraph's items, the
        report, an annex, the summary) numbers run 1, 2, 3 … in reading order."""
        lists: dict[tuple[str, str], list[Paragraph]] = {}
        for p in paragraphs:
            if not self.good(p, p.id, p.parent, p.kind, p.number):
                return  # one unreadable paragraph would make its list look broken
            # items are listed per paragraph they belong to: R1.84.a's list is "R1.84"
            key = ("item", p.id.rpartition(".")[0]) if p.kind == "item" else (p.kind, p.parent)
            lists.setdefault(key, []).append(p)
        for (kind, owner), members in lists.items():
            name = _list_name(kind, owner)
            seen: dict[int, Paragraph] = {}
            expected = 1
            for p in members:
                if p.number in seen:
                    self.add(
                        p, None, f"number {p.number} appears twice in {name}", first=seen[p.number]
                    )
                    continue
                if p.number > expected:
                    missing = (
                        str(expected)
                        if p.number == expected + 1
                        else f"{expected} to {p.number - 1}"
                    )
                    self.add(
                        p,
                        None,
                        f"{name}: number {missing} is missing before {p.number} (a gap)",
                    )
                elif p.number < expected:
                    self.add(p, None, f"{name}: number {p.number} is out of order")
                seen[p.number] = p
                expected = max(expected, p.number + 1)

    def check_documents(self) -> None:
        readable = self.targets(self.kb, "agenda", self.kb.agenda) is not None and all(
            _valid(a.session, a.number) for a in self.kb.agenda
        )
        for document in self.kb.documents:
            self.check_session_ref(document, document.session)
            ref = document.agenda_item
            if not (readable and _valid(ref, document.session) and ref):
                continue
            items = [a for a in self.kb.agenda if a.session == document.session]
            found = any(
                ref == a.id or (_valid(a.number) and agenda_key(ref) == agenda_key(a.number))
                for a in items
            )
            if not found:
                numbers = [a.number for a in items if isinstance(a.number, str)]
                self.add(
                    document,
                    "agenda_item",
                    _unknown(f"agenda item in session {document.session} numbered", ref, numbers),
                )


def _list_name(kind: str, owner: str) -> str:
    if kind == "preamble":
        return f"the preamble of {owner}"
    if kind == "operative":
        return f"the operative paragraphs of {owner}"
    if kind == "item":
        return f"the items of {owner}"
    if owner == "report":
        return "the report's paragraphs"
    if owner == "summary":
        return "the summary's paragraphs"
    return f"the paragraphs of {owner}"
