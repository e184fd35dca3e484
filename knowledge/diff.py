"""What changes between two knowledge bases: records added, removed and changed, per kind.

An administrator sees this before a new knowledge base goes live, so it answers "what will the
bot say differently?": which ids appear, which go, and for a changed record which fields moved
and, where the values are short, from what to what (``M2: start 10:00 → 15:00 Geneva``). Long
text is named (``R1.24 text changed``) and then shown as a short excerpt of its changes
(:func:`text_diff`): Chinese compared character by character, since it has no spaces, other
scripts word by word, each change with a little context, the first few changes only.

Records are compared per kind, keyed by their id; a resolution is compared without its
paragraphs, which are compared on their own (with the report's paragraphs) so that one edited
paragraph reads as one changed paragraph, not as a changed resolution.

:func:`reminder_changes` says which meeting reminders an activation would move, cancel or add:
a meeting's start as an aware datetime in its session's timezone, before and after.

Everything here is pure: values in, values out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Final, Literal

from knowledge.models import KnowledgeBase, Meeting, Resolution
from knowledge.schema import iana_time_zone

__all__ = [
    "CONTEXT_CHARS",
    "KINDS",
    "SHOWN_CHANGES",
    "SHOWN_CHANGE_CHARS",
    "FieldChange",
    "KbDiff",
    "KindDiff",
    "RecordChange",
    "ReminderChange",
    "TextDiff",
    "TextPiece",
    "describe_change",
    "diff_knowledge_bases",
    "format_text_diff",
    "meeting_starts",
    "reminder_changes",
    "show_value",
    "text_diff",
]

#: The kinds compared, in the order a YAML file lists them (``source`` last: it rarely changes).
KINDS: Final = (
    "sessions",
    "agenda",
    "bureau",
    "meetings",
    "resolutions",
    "paragraphs",
    "documents",
    "contents",
    "aliases",
    "glossary",
    "source",
)

#: Text longer than this is named as changed, not shown.
SHOWN_TEXT_CHARS: Final = 40
#: A list is shown whole only while its text stays this short.
SHOWN_LIST_CHARS: Final = 60

#: Characters of unchanged text kept on each side of a change in a text diff.
CONTEXT_CHARS: Final = 12
#: Changes shown in one text diff; the rest are counted.
SHOWN_CHANGES: Final = 3
#: The longest removed or inserted run shown (longer ones are clipped).
SHOWN_CHANGE_CHARS: Final = 60

_SKIPPED_FIELDS: Final = frozenset({"_by_id"})
_MEETING_TIME_FIELDS: Final = frozenset({"start", "end"})


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a record, before and after; ``zone`` is the timezone a time is local to."""

    field: str
    old: object
    new: object
    zone: str | None = None

    @property
    def old_text(self) -> str | None:
        return show_value(self.old)

    @property
    def new_text(self) -> str | None:
        return show_value(self.new)

    @property
    def shown(self) -> bool:
        """Whether both values are short enough to show as ``old → new``."""
        return self.old_text is not None and self.new_text is not None

    def text_diff(self) -> TextDiff | None:
        """For a text too long to show whole, an excerpt of its changes; None otherwise."""
        if self.shown or not isinstance(self.old, str) or not isinstance(self.new, str):
            return None
        return text_diff(self.old, self.new)


@dataclass(frozen=True, slots=True)
class RecordChange:
    """A record present before and after, with the fields that differ (in declaration order)."""

    id: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class KindDiff:
    """The changes of one kind of record (``meetings``, ``paragraphs`` …), in file order."""

    kind: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[RecordChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def counts(self) -> str:
        """``+1 −2 ~3``, leaving out the zeros."""
        parts = [
            f"{sign}{len(items)}"
            for sign, items in (("+", self.added), ("−", self.removed), ("~", self.changed))
            if items
        ]
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class KbDiff:
    """Every kind that changed; empty when the two knowledge bases hold the same records."""

    kinds: tuple[KindDiff, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.kinds

    def kind(self, name: str) -> KindDiff:
        """The changes of one kind (an empty KindDiff when it did not change)."""
        return next((k for k in self.kinds if k.kind == name), KindDiff(name))

    def summary(self) -> str:
        """One line for logs and version lists: ``meetings ~1 · paragraphs +1 ~1``."""
        if self.empty:
            return "no changes"
        return " · ".join(f"{k.kind} {k.counts()}" for k in self.kinds)

    def lines(
        self, limit: int = 5, zone_label: Callable[[str], str] = lambda zone: zone
    ) -> list[str]:
        """A plain-text account: a line per kind, then its first ``limit`` ids of each sort."""
        if self.empty:
            return ["no changes"]
        out: list[str] = []
        for kind in self.kinds:
            out.append(f"{kind.kind}: {kind.counts()}")
            out.extend(f"  + {i}" for i in kind.added[:limit])
            out.extend(_more(kind.added, limit))
            out.extend(f"  − {i}" for i in kind.removed[:limit])
            out.extend(_more(kind.removed, limit))
            for change in kind.changed[:limit]:
                out.append(f"  ~ {describe_change(change, zone_label)}")
                out.extend(
                    f"      {field.field}: {format_text_diff(excerpt)}"
                    for field in change.fields
                    if (excerpt := field.text_diff()) is not None
                )
            out.extend(_more(kind.changed, limit))
        return out


def _more(items: tuple[object, ...], limit: int) -> list[str]:
    return [f"    … and {len(items) - limit} more"] if len(items) > limit else []


@dataclass(frozen=True, slots=True)
class ReminderChange:
    """A meeting whose reminders an activation would move, cancel or create.

    ``old``/``new`` are the meeting's start (aware, in its session's timezone) before and after;
    None where it has none (no start time, cancelled, or not there).
    """

    meeting: str
    kind: Literal["moved", "cancelled", "added"]
    old: dt.datetime | None
    new: dt.datetime | None


# --- Text diffs ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextPiece:
    """A run of a text diff: unchanged context (``same``), or what was removed or added.

    Elided context and clipped runs carry ``…`` in their text; line breaks are shown as ``↵``.
    """

    kind: Literal["same", "removed", "added"]
    text: str


@dataclass(frozen=True, slots=True)
class TextDiff:
    """The first :data:`SHOWN_CHANGES` changes of a text with their context; ``more`` counts
    the changes left out. No pieces: the texts are equal."""

    pieces: tuple[TextPiece, ...]
    more: int = 0


# A Latin word or number (with inner apostrophes, dots, hyphens), a run of spaces, or any
# other single character: every Chinese character is a token of its own.
_TOKEN: Final = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*|\s+|.", re.DOTALL)
_CJK: Final = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: Unchanged runs this short between two changes are folded into one change.
_FOLDED_CHARS: Final = 2


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        # \w matches Chinese too: split it into characters, keep Latin words whole.
        if _CJK.search(token) and len(token) > 1:
            tokens.extend(
                re.findall(r"[\u3400-\u9fff\uf900-\ufaff]|[^\u3400-\u9fff\uf900-\ufaff]+", token)
            )
        else:
            tokens.append(token)
    return tokens


def text_diff(old: str, new: str) -> TextDiff:
    """What changed from ``old`` to ``new``, short: Chinese by character, other text by word.

    Each change keeps :data:`CONTEXT_CHARS` of unchanged text on each side (whole words);
    unchanged text in between is elided; removed and added runs are clipped at
    :data:`SHOWN_CHANGE_CHARS`; after :data:`SHOWN_CHANGES` changes the rest are counted.
    """
    if old == new:
        return TextDiff(())
    a, b = _tokens(old), _tokens(new)
    runs: list[tuple[str, str, str]] = []  # (tag, old text, new text), tiny equal runs folded
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for opcode, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        runs.append(("equal" if opcode == "equal" else "change", before, after))
    runs = _fold(runs)
    changes = [i for i, run in enumerate(runs) if run[0] == "change"]
    shown = changes[:SHOWN_CHANGES]
    last = shown[-1]
    pieces: list[TextPiece] = []
    for index, (kind, before, after) in enumerate(runs[: last + 2]):
        if kind == "change":
            if before:
                pieces.append(TextPiece("removed", _clip_change(before)))
            if after:
                pieces.append(TextPiece("added", _clip_change(after)))
            continue
        lead = index == 0
        trail = index == last + 1
        context = _context(before, lead=lead, trail=trail)
        if trail and index + 1 < len(runs) and not context.endswith("…"):
            context += "…"  # more text (and changes) follow
        pieces.append(TextPiece("same", context))
    return TextDiff(tuple(p for p in pieces if p.text), len(changes) - len(shown))


def _fold(runs: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Fold an unchanged run of one or two characters between two changes into them, so a
    reworded phrase reads as one change, not as confetti."""
    folded: list[tuple[str, str, str]] = []
    for run in runs:
        if (
            run[0] == "change"
            and len(folded) >= 2
            and folded[-1][0] == "equal"
            and len(folded[-1][1]) <= _FOLDED_CHARS
            and folded[-2][0] == "change"
        ):
            _, same, _ = folded.pop()
            _, before, after = folded.pop()
            run = ("change", before + same + run[1], after + same + run[2])
        elif run[0] == "change" and folded and folded[-1][0] == "change":
            _, before, after = folded.pop()
            run = ("change", before + run[1], after + run[2])
        folded.append(run)
    return folded


def _shown_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "↵")


def _clip_change(text: str) -> str:
    text = _shown_text(text)
    return text if len(text) <= SHOWN_CHANGE_CHARS else text[:SHOWN_CHANGE_CHARS] + "…"


def _context(text: str, *, lead: bool, trail: bool) -> str:
    """Unchanged text beside a change: all of it when short, else its ends (whole tokens)."""
    slack = 4
    if lead and trail:
        limit = 2 * CONTEXT_CHARS + slack
        if len(text) <= limit:
            return _shown_text(text)
        return _shown_text(_head(text).rstrip() + "…" + _tail(text).lstrip())
    if len(text) <= CONTEXT_CHARS + slack:
        return _shown_text(text)
    if lead:
        return "…" + _shown_text(_tail(text).lstrip())
    if trail:
        return _shown_text(_head(text).rstrip()) + "…"
    # Between two changes.
    if len(text) <= 2 * CONTEXT_CHARS + slack:
        return _shown_text(text)
    return _shown_text(_head(text).rstrip() + "…" + _tail(text).lstrip())


def _head(text: str) -> str:
    kept, size = [], 0
    for token in _tokens(text):
        if size + len(token) > CONTEXT_CHARS:
            break
        kept.append(token)
        size += len(token)
    return "".join(kept)


def _tail(text: str) -> str:
    kept: list[str] = []
    size = 0
    for token in reversed(_tokens(text)):
        if size + len(token) > CONTEXT_CHARS:
            break
        kept.append(token)
        size += len(token)
    return "".join(reversed(kept))


def format_text_diff(diff: TextDiff) -> str:
    """A text diff as plain text: ``…比男子低 [-17-]{+18+}%，在…`` (the command line)."""
    marks = {"same": ("", ""), "removed": ("[-", "-]"), "added": ("{+", "+}")}
    text = "".join(f"{marks[p.kind][0]}{p.text}{marks[p.kind][1]}" for p in diff.pieces)
    if diff.more:
        text += f" (+{diff.more} more change{'s' if diff.more != 1 else ''})"
    return text


# --- Showing values ------------------------------------------------------------------------------


def show_value(value: object) -> str | None:
    """A value as an administrator wrote it in the YAML, or None when it is too long to show."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if not value:
            return '""'
        if len(value) > SHOWN_TEXT_CHARS or "\n" in value:
            return None
        return value
    if isinstance(value, tuple):
        if not all(isinstance(item, str) for item in value):
            return None
        text = "[" + ", ".join(str(item) for item in value) + "]"
        return text if len(text) <= SHOWN_LIST_CHARS and "\n" not in text else None
    return None


def describe_change(
    change: RecordChange, zone_label: Callable[[str], str] = lambda zone: zone
) -> str:
    """``M2: start 10:00 → 15:00 Geneva`` or ``R1.24 text changed`` (or both kinds, joined)."""
    shown: list[str] = []
    named: list[str] = []
    for field in change.fields:
        if field.shown:
            zone = f" {zone_label(field.zone)}" if field.zone else ""
            shown.append(f"{field.field} {field.old_text} → {field.new_text}{zone}")
        else:
            named.append(field.field)
    parts = list(shown)
    if named:
        parts.append(f"{', '.join(named)} changed")
    if shown:
        return f"{change.id}: " + "; ".join(parts)
    return f"{change.id} " + "; ".join(parts)


# --- Diffing -------------------------------------------------------------------------------------


def diff_knowledge_bases(old: KnowledgeBase, new: KnowledgeBase) -> KbDiff:
    """What changes when ``new`` replaces ``old``."""
    kinds: list[KindDiff] = []
    old_zones, new_zones = _session_zones(old), _session_zones(new)
    for kind in KINDS:
        before = _records(old, kind)
        after = _records(new, kind)
        added = tuple(key for key in after if key not in before)
        removed = tuple(key for key in before if key not in after)
        changed: list[RecordChange] = []
        for key, record in after.items():
            previous = before.get(key)
            if previous is None or previous == record:
                continue
            zone = None
            if isinstance(record, Meeting):
                zone = new_zones.get(record.session) or old_zones.get(record.session)
            fields = tuple(_field_changes(previous, record, zone))
            if fields:
                changed.append(RecordChange(key, fields))
        found = KindDiff(kind, added, removed, tuple(changed))
        if found:
            kinds.append(found)
    return KbDiff(tuple(kinds))


def _records(kb: KnowledgeBase, kind: str) -> dict[str, object]:
    """The records of one kind by id, in file order."""
    if kind == "source":
        return {"source": kb.source}
    if kind == "paragraphs":
        nested = (p for resolution in kb.resolutions for p in resolution.paragraphs)
        return {p.id: p for p in (*nested, *kb.paragraphs)}
    if kind == "aliases":
        return _keyed_by_text((alias.zh, alias) for alias in kb.aliases)
    if kind == "glossary":
        return _keyed_by_text((term.zh, term) for term in kb.glossary)
    if kind == "contents":
        return _keyed_by_text((line.title, line) for line in kb.contents)
    records: tuple[object, ...] = getattr(kb, kind)
    return {str(getattr(record, "id")): record for record in records}  # noqa: B009


def _keyed_by_text(pairs: Iterable[tuple[str, object]]) -> dict[str, object]:
    """Entries keyed by their Chinese text; a repeated text gets ``#2``, ``#3`` …"""
    keyed: dict[str, object] = {}
    for text, entry in pairs:
        key, number = text, 1
        while key in keyed:
            number += 1
            key = f"{text}#{number}"
        keyed[key] = entry
    return keyed


def _field_changes(old: object, new: object, zone: str | None) -> Iterator[FieldChange]:
    if type(old) is not type(new) or not dataclasses.is_dataclass(new):
        yield FieldChange("value", old, new)
        return
    for f in dataclasses.fields(new):
        if f.name in _SKIPPED_FIELDS or (isinstance(new, Resolution) and f.name == "paragraphs"):
            continue
        before, after = getattr(old, f.name), getattr(new, f.name)
        if before != after:
            time_zone = (
                zone if isinstance(new, Meeting) and f.name in _MEETING_TIME_FIELDS else None
            )
            yield FieldChange(f.name, before, after, time_zone)


def _session_zones(kb: KnowledgeBase) -> dict[int, str]:
    return {session.number: session.timezone for session in kb.sessions}


# --- Reminders -----------------------------------------------------------------------------------


def meeting_starts(kb: KnowledgeBase) -> dict[str, dt.datetime]:
    """When each meeting that will take place starts, as an aware datetime in its timezone.

    Meetings without a start time, cancelled meetings and meetings of a session whose timezone
    is unknown have no reminders, so they are left out.
    """
    zones: Mapping[int, str] = _session_zones(kb)
    starts: dict[str, dt.datetime] = {}
    for meeting in kb.meetings:
        if meeting.start is None or meeting.cancelled:
            continue
        key = iana_time_zone(zones.get(meeting.session, ""))
        if key is None:
            continue
        starts[meeting.id] = dt.datetime.combine(
            meeting.date, meeting.start, zoneinfo.ZoneInfo(key)
        )
    return starts


def reminder_changes(
    old: KnowledgeBase, new: KnowledgeBase, now: dt.datetime
) -> tuple[ReminderChange, ...]:
    """The meetings whose reminders move, are cancelled or appear when ``new`` replaces ``old``.

    Only meetings that start after ``now`` (before or after the change) count: reminders of
    past meetings are gone already.
    """
    before, after = meeting_starts(old), meeting_starts(new)
    changes: list[ReminderChange] = []
    for meeting_id in dict.fromkeys([*after, *before]):
        was, will_be = before.get(meeting_id), after.get(meeting_id)
        if was == will_be:
            continue
        if will_be is None:
            if was is not None and was > now:
                changes.append(ReminderChange(meeting_id, "cancelled", was, None))
        elif was is None:
            if will_be > now:
                changes.append(ReminderChange(meeting_id, "added", None, will_be))
        elif was > now or will_be > now:
            changes.append(ReminderChange(meeting_id, "moved", was, will_be))
    return tuple(changes)
