"""The shape of a valid knowledge base: its YAML keys and types, the id scheme, the JSON Schema.

The shape is read from the dataclasses in ``knowledge.models`` (their fields and type hints), so
the loader, the JSON Schema and the models cannot drift apart. On top of the types this module
knows which fields hold ids and what those ids look like, the least value of a count, and which
time zone names are valid. The rules across records (references, numbering) are in
``knowledge.rules``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import types
import typing
import zoneinfo
from dataclasses import dataclass
from typing import Any, Final, Literal

from knowledge.models import (
    SCHEMA_VERSION,
    AgendaItem,
    Alias,
    BureauMember,
    ContentsLine,
    Document,
    Footnote,
    GlossaryTerm,
    KnowledgeBase,
    Meeting,
    Paragraph,
    Procedure,
    Resolution,
    ResolutionSection,
    Segment,
    Session,
    SourceInfo,
    Speaker,
)

SUPPORTED_SCHEMA_VERSIONS: Final = frozenset({SCHEMA_VERSION})


# --- Placeholder for a value that could not be decoded -------------------------------------------


class _Invalid:
    """Stands in for a field whose YAML value was wrong, so the other rules can still run."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<invalid>"


INVALID: Final[Any] = _Invalid()


# --- Ids -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IdKind:
    """A kind of id: its name in messages, its pattern (Python and JSON Schema) and examples."""

    name: str
    pattern: str
    examples: str

    def matches(self, value: str) -> bool:
        return re.fullmatch(self.pattern, value) is not None


# Digits are spelled [0-9]: Python's \d also matches other scripts' digits.
SESSION_ID: Final = IdKind("session id", r"S[0-9]+", "S23")
AGENDA_ID: Final = IdKind("agenda item id", r"A[0-9]+\.[0-9]+[a-z]?", "A23.3, A24.3a")
BUREAU_ID: Final = IdKind("bureau seat id", r"B[0-9]+\.[a-z][a-z0-9-]*", "B24.chair, B24.vc1")
MEETING_ID: Final = IdKind("meeting id", r"M[0-9]+", "M2")
RESOLUTION_ID: Final = IdKind("resolution id", r"[RD][0-9]+", "R1, R2, D1")
PARAGRAPH_ID: Final = IdKind(
    "paragraph id",
    r"(?:[RD][0-9]+\.(?:pre\.[0-9]+|[0-9]+(?:\.[a-z])?|[a-z](?:\.[0-9]+)?)"
    r"|P[0-9]+|AX[0-9]+\.[0-9]+|SUM[0-9]+)",
    "R1.24, R1.pre.5, R1.84.a, R2.a, R2.a.3, D1.b, P12, AX2.13, SUM3",
)
PARAGRAPH_PARENT: Final = IdKind(
    "paragraph parent",
    r"(?:[RD][0-9]+|report|annex[0-9]+|summary)",
    "R1, D1, report, annex2, summary",
)
DOCUMENT_SYMBOL: Final = IdKind(
    "document symbol", r"[A-Z][A-Z0-9]*(?:/[A-Za-z0-9.\-]+)+", "E/CN.16/2020/2, A/73/798"
)

FIELD_ID_KINDS: Final[dict[tuple[type[Any], str], IdKind]] = {
    (Session, "id"): SESSION_ID,
    (AgendaItem, "id"): AGENDA_ID,
    (AgendaItem, "parent"): AGENDA_ID,
    (AgendaItem, "meetings"): MEETING_ID,
    (AgendaItem, "documents"): DOCUMENT_SYMBOL,
    (BureauMember, "id"): BUREAU_ID,
    (Meeting, "id"): MEETING_ID,
    (Meeting, "agenda_items"): AGENDA_ID,
    (Segment, "agenda_item"): AGENDA_ID,
    (Resolution, "id"): RESOLUTION_ID,
    (ResolutionSection, "paragraphs"): PARAGRAPH_ID,
    (Paragraph, "id"): PARAGRAPH_ID,
    (Paragraph, "parent"): PARAGRAPH_PARENT,
    (Document, "symbol"): DOCUMENT_SYMBOL,
    (Document, "symbols"): DOCUMENT_SYMBOL,
}

TIME_PATTERN: Final = r"([01]?[0-9]|2[0-3]):[0-5][0-9]"

# Whole numbers are counts and ordinals (≥ 1) unless listed here.
_FIELD_MINIMUMS: Final[dict[tuple[type[Any], str], int]] = {(Session, "meeting_count"): 0}

# Keys the YAML needs although the dataclass has a default, and the least number of items.
_FIELD_MIN_ITEMS: Final[dict[tuple[type[Any], str], int]] = {(KnowledgeBase, "sessions"): 1}

RECORD_NAMES: Final[dict[type[Any], str]] = {
    KnowledgeBase: "knowledge base",
    SourceInfo: "source",
    Session: "session",
    Procedure: "procedure",
    AgendaItem: "agenda item",
    BureauMember: "bureau seat",
    Meeting: "meeting",
    Segment: "segment",
    Speaker: "speaker",
    Resolution: "resolution",
    ResolutionSection: "section",
    Paragraph: "paragraph",
    Footnote: "footnote",
    Document: "document",
    ContentsLine: "contents line",
    Alias: "alias",
    GlossaryTerm: "glossary term",
}


# --- The shape, read from the models -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScalarType:
    kind: Literal["str", "int", "bool", "date", "time"]


@dataclass(frozen=True, slots=True)
class ChoiceType:
    options: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NullableType:
    inner: TypeSpec


@dataclass(frozen=True, slots=True)
class ListType:
    item: TypeSpec


@dataclass(frozen=True, slots=True)
class RecordType:
    """A nested record; ``in_resolution`` marks a paragraph whose ``parent`` is implied."""

    cls: type[Any]
    in_resolution: bool = False

    @property
    def name(self) -> str:
        return "ResolutionParagraph" if self.in_resolution else self.cls.__name__


TypeSpec = ScalarType | ChoiceType | NullableType | ListType | RecordType


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One YAML key of a record."""

    name: str
    type: TypeSpec
    required: bool
    default: Any
    id_kind: IdKind | None = None
    minimum: int | None = None
    min_items: int = 0


_SCALAR_HINTS: Final[dict[object, Literal["str", "int", "bool", "date", "time"]]] = {
    str: "str",
    int: "int",
    bool: "bool",
    dt.date: "date",
    dt.time: "time",
}


def _type_spec(hint: Any, owner: type[Any], name: str) -> TypeSpec:
    if hint in _SCALAR_HINTS:
        return ScalarType(_SCALAR_HINTS[hint])
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is Literal:
        return ChoiceType(tuple(str(arg) for arg in args))
    if origin in (types.UnionType, typing.Union) and type(None) in args:
        (inner,) = (arg for arg in args if arg is not type(None))
        return NullableType(_type_spec(inner, owner, name))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return ListType(_type_spec(args[0], owner, name))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        nested = owner is Resolution and name == "paragraphs" and hint is Paragraph
        return RecordType(hint, in_resolution=nested)
    raise TypeError(f"{owner.__name__}.{name}: no YAML form for the type {hint!r}")


_FIELDS: dict[tuple[type[Any], bool], tuple[FieldSpec, ...]] = {}


def record_fields(cls: type[Any], in_resolution: bool = False) -> tuple[FieldSpec, ...]:
    """The YAML keys of a record type, in the models' declaration order."""
    cached = _FIELDS.get((cls, in_resolution))
    if cached is None:
        cached = _FIELDS[cls, in_resolution] = _read_fields(cls, in_resolution)
    return cached


def _read_fields(cls: type[Any], in_resolution: bool) -> tuple[FieldSpec, ...]:
    hints = typing.get_type_hints(cls)
    specs: list[FieldSpec] = []
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        if f.default is not dataclasses.MISSING:
            default: Any = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = INVALID
        min_items = _FIELD_MIN_ITEMS.get((cls, f.name), 0)
        required = default is INVALID or min_items > 0
        if in_resolution and cls is Paragraph and f.name == "parent":
            required, default = False, None  # the loader fills it in from the resolution
        type_spec = _type_spec(hints[f.name], cls, f.name)
        minimum = None
        if _innermost(type_spec) == ScalarType("int"):
            minimum = _FIELD_MINIMUMS.get((cls, f.name), 1)
        specs.append(
            FieldSpec(
                name=f.name,
                type=type_spec,
                required=required,
                default=default,
                id_kind=FIELD_ID_KINDS.get((cls, f.name)),
                minimum=minimum,
                min_items=min_items,
            )
        )
    return tuple(specs)


def _innermost(spec: TypeSpec) -> TypeSpec:
    while isinstance(spec, NullableType | ListType):
        spec = spec.inner if isinstance(spec, NullableType) else spec.item
    return spec


def record_types() -> list[RecordType]:
    """Every record type reachable from KnowledgeBase, the root first."""
    found: list[RecordType] = []
    pending = [RecordType(KnowledgeBase)]
    while pending:
        record_type = pending.pop(0)
        if record_type in found:
            continue
        found.append(record_type)
        for spec in record_fields(record_type.cls, record_type.in_resolution):
            inner = _innermost(spec.type)
            if isinstance(inner, RecordType):
                pending.append(inner)
    return found


# --- JSON Schema ---------------------------------------------------------------------------------


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the knowledge-base YAML, for editors and tooling."""
    definitions: dict[str, Any] = {}
    root = RecordType(KnowledgeBase)
    for record_type in record_types():
        if record_type != root:
            definitions[record_type.name] = _record_schema(record_type)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **_record_schema(root),
        "title": "delegate-bot knowledge base",
        "description": (
            "The knowledge base of one session, read from its report (see "
            "docs/knowledge-base.md). Keys left at their default may be left out."
        ),
        "$defs": definitions,
    }


def _record_schema(record_type: RecordType) -> dict[str, Any]:
    specs = record_fields(record_type.cls, record_type.in_resolution)
    schema: dict[str, Any] = {"type": "object"}
    doc = (record_type.cls.__doc__ or "").strip()
    if doc and not doc.startswith(f"{record_type.cls.__name__}("):
        schema["description"] = " ".join(doc.split("\n\n")[0].split()).replace("``", "`")
    schema["properties"] = {spec.name: _field_schema(spec) for spec in specs}
    schema["required"] = [spec.name for spec in specs if spec.required]
    schema["additionalProperties"] = False
    return schema


def _field_schema(spec: FieldSpec) -> dict[str, Any]:
    if spec.name == "schema_version" and spec.type == ScalarType("int"):
        return {"type": "integer", "enum": sorted(SUPPORTED_SCHEMA_VERSIONS)}
    schema = _type_schema(spec.type, spec)
    if spec.min_items and schema.get("type") == "array":
        schema["minItems"] = spec.min_items
    return schema


def _type_schema(type_spec: TypeSpec, spec: FieldSpec) -> dict[str, Any]:
    if isinstance(type_spec, NullableType):
        return {"anyOf": [_type_schema(type_spec.inner, spec), {"type": "null"}]}
    if isinstance(type_spec, ListType):
        return {"type": "array", "items": _type_schema(type_spec.item, spec)}
    if isinstance(type_spec, RecordType):
        return {"$ref": f"#/$defs/{type_spec.name}"}
    if isinstance(type_spec, ChoiceType):
        return {"type": "string", "enum": list(type_spec.options)}
    kind = type_spec.kind
    if kind == "str":
        if spec.id_kind is not None:
            return {"type": "string", "pattern": f"^{spec.id_kind.pattern}$"}
        return {"type": "string"}
    if kind == "int":
        return {"type": "integer", "minimum": spec.minimum if spec.minimum is not None else 1}
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "date":
        return {"type": "string", "format": "date"}
    return {"type": "string", "pattern": f"^{TIME_PATTERN}$", "description": "HH:MM"}


# --- Time zones ----------------------------------------------------------------------------------


@functools.cache
def time_zone_names() -> frozenset[str]:
    """Every IANA time zone name the system knows (empty when it has no list)."""
    return frozenset(zoneinfo.available_timezones())


# Names people write that the IANA database does not define. Geneva keeps Swiss time, which IANA
# files under Europe/Zurich; there is no Europe/Geneva (the models' default). Whoever turns a
# session's timezone into a ZoneInfo goes through ``iana_time_zone``.
TIME_ZONE_ALIASES: Final[dict[str, str]] = {"Europe/Geneva": "Europe/Zurich"}


def iana_time_zone(name: str) -> str | None:
    """The IANA key for a session's timezone ("Europe/Geneva" → "Europe/Zurich"), or None."""
    key = TIME_ZONE_ALIASES.get(name, name)
    return key if is_time_zone(key) else None


def is_time_zone(name: str) -> bool:
    """True for an IANA time zone name the system knows (Europe/Zurich)."""
    zones = time_zone_names()
    if zones:
        return name in zones
    # No zone list on this system: ask zoneinfo itself, which refuses paths and unknown names.
    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
        return False
    return True
