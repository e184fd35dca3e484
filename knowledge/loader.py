"""YAML text → validated KnowledgeBase, or every problem with its line and key path.

The reverse of ``knowledge.codec``. The text may come from anyone (an administrator's upload in
the chat), so reading it is bounded at every step and nothing but a ``KnowledgeError`` escapes:

1. bytes and 2. events, in ``knowledge.safe_yaml``: a size limit before anything else, UTF-8
   only, then a node tree composed from the parser's events with depth, alias and size limits
   applied as they arrive, and no tag but YAML's plain ones;
3. records: the node tree is decoded field by field from the shapes in ``knowledge.schema``,
   so every wrong type, unknown or missing key and duplicate key is reported at its node;
4. rules: ``knowledge.rules.check_knowledge_base`` checks ids, references and numbering.

All problems found are reported together, sorted by line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Final

import yaml

from knowledge.errors import (
    NO_KEY,
    ROOT_KEY,
    KnowledgeError,
    KnowledgeValidationError,
    Problem,
)
from knowledge.models import KnowledgeBase, Resolution
from knowledge.rules import Issue, check_knowledge_base, did_you_mean
from knowledge.rules import short as _short
from knowledge.safe_yaml import (
    BOOL_TAG,
    FLOAT_TAG,
    INT_TAG,
    MAX_ALIASES,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    NULL_TAG,
    PARSER,
    STR_TAG,
    TIMESTAMP_TAG,
    Map,
    Node,
    Scalar,
    Seq,
    Stop,
    compose,
    stop,
    text_of,
    too_large_message,
)
from knowledge.schema import (
    INVALID,
    RECORD_NAMES,
    ChoiceType,
    FieldSpec,
    ListType,
    NullableType,
    RecordType,
    ScalarType,
    TypeSpec,
    json_schema,
    record_fields,
)

__all__ = [
    "MAX_ALIASES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_PROBLEMS",
    "KnowledgeError",
    "KnowledgeValidationError",
    "Problem",
    "json_schema",
    "load_knowledge_base",
    "too_large_message",
    "validate_knowledge_base",
]

MAX_PROBLEMS: Final = 1_000

# The YAML event parser (the C one when PyYAML was built with libyaml).
_Parser: Final[type[Any]] = PARSER

_TIME: Final = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_DATE: Final = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DECIMAL: Final = re.compile(r"[-+]?[0-9]{1,18}")
_TRUTH: Final[dict[str, bool]] = dict(yaml.constructor.SafeConstructor.bool_values)


# --- Public API ----------------------------------------------------------------------------------


def load_knowledge_base(data: str | bytes, *, max_bytes: int = MAX_BYTES) -> KnowledgeBase:
    """The knowledge base in ``data``; raises KnowledgeValidationError listing every problem."""
    kb, problems, cause = _read(data, max_bytes)
    if problems or kb is None:
        raise KnowledgeValidationError(problems) from cause
    return kb


def validate_knowledge_base(data: str | bytes, *, max_bytes: int = MAX_BYTES) -> list[Problem]:
    """Every problem in ``data``, sorted by line; empty when it is a valid knowledge base."""
    return _read(data, max_bytes)[1]


def _read(
    data: object, max_bytes: int
) -> tuple[KnowledgeBase | None, list[Problem], Exception | None]:
    """The knowledge base or the problems, and the unexpected exception if one occurred."""
    try:
        text = text_of(data, max_bytes)
        root = compose(text, _Parser)
        kb, problems = _Decoder().knowledge_base(root)
        return kb, problems, None
    except Stop as stopped:
        return None, sorted(stopped.problems, key=_order), None
    except Exception as exc:  # an upload must never take the caller down with it
        message = f"the file could not be read ({type(exc).__name__}: {_short(str(exc))})"
        return None, [Problem(1, 1, NO_KEY, message)], exc


def _order(problem: Problem) -> tuple[int, int, str, str]:
    return (problem.line, problem.column, problem.path, problem.message)


# --- 3. Node tree → records ----------------------------------------------------------------------


@dataclass(slots=True)
class _Place:
    """Where a decoded record came from, to put its problems on the right line."""

    path: str
    node: Map
    values: dict[str, Node]
    items: dict[str, list[tuple[int, Node]]]  # list fields: position and node of each kept


class _TooManyProblems(Exception):
    pass


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _Decoder:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.places: dict[int, _Place] = {}
        self.keep_alive: list[object] = []  # so an id() in places is never reused
        self.incomplete: set[tuple[int, str]] = set()
        self.dropped: set[str] = set()  # paths of list fields that lost an element
        self.kept: dict[str, list[tuple[int, Node]]] = {}  # list field path → elements kept

    def knowledge_base(self, root: Node) -> tuple[KnowledgeBase | None, list[Problem]]:
        self.check_root(root)
        kb = None
        try:
            kb = self.record(root, RecordType(KnowledgeBase), "")
            if kb is not None:
                # Fields that failed to decode hold INVALID; the rules skip them, so what they
                # report on top of the type problems is independent of those.
                room = MAX_PROBLEMS - len(self.problems)  # one more, to know there are more
                issues = check_knowledge_base(kb, incomplete=self.incomplete, limit=room + 1)
                for issue in issues:
                    self.issue(issue)
        except _TooManyProblems:
            last = self.problems[-1]
            self.problems.append(
                Problem(
                    last.line,
                    last.column,
                    last.path,
                    f"stopped after {MAX_PROBLEMS} problems; fix these and try again",
                )
            )
        problems = sorted(set(self.problems), key=_order)
        if problems or not isinstance(kb, KnowledgeBase):
            return None, problems
        return kb, []

    def check_root(self, root: Node) -> None:
        hint = "a knowledge base is a mapping that starts with schema_version: 1"
        if isinstance(root, Seq):
            raise stop(
                root.line,
                root.column,
                f"this is a YAML list, not a knowledge base; {hint}",
                ROOT_KEY,
            )
        if isinstance(root, Scalar):
            if root.tag == NULL_TAG:
                raise stop(1, 1, "the file has no content", ROOT_KEY)
            raise stop(
                root.line,
                root.column,
                f"this is a single value ({_describe(root)}), not a knowledge base; {hint}",
                ROOT_KEY,
            )
        known = {spec.name for spec in record_fields(KnowledgeBase)}
        keys = [_short(key.value) for key, _ in root.pairs if isinstance(key, Scalar)]
        if keys and not known.intersection(keys):
            shown = ", ".join(keys[:5]) + (", …" if len(keys) > 5 else "")
            raise stop(
                root.line,
                root.column,
                f"this is not a knowledge base: none of its keys ({shown}) is one of "
                f"{', '.join(sorted(known))}",
                ROOT_KEY,
            )

    # problems

    def problem(self, node: Node | tuple[int, int], path: str, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            raise _TooManyProblems
        line, column = node if isinstance(node, tuple) else (node.line, node.column)
        self.problems.append(Problem(line, column, path or ROOT_KEY, message))

    def issue(self, issue: Issue) -> None:
        path, node = self.locate(issue.record, issue.field, issue.element)
        message = issue.message
        if issue.first is not None:
            _, first_node = self.locate(issue.first, issue.field, None)
            message += f" (first on line {first_node.line})"
        self.problem(node, path, message)

    def locate(
        self, record: object, field_name: str | None, index: int | None
    ) -> tuple[str, Node]:
        place = self.places[id(record)]
        if field_name is None:
            return place.path or ROOT_KEY, place.node
        path = _join(place.path, field_name)
        value = place.values.get(field_name)
        if value is None:
            return path, place.node
        items = place.items.get(field_name)
        if index is not None and items is not None and index < len(items):
            position, item = items[index]
            return f"{path}[{position}]", item
        return path, value

    # records

    def record(
        self, node: Node, record_type: RecordType, path: str, implied_parent: Any = None
    ) -> Any:
        """A record decoded from a mapping node, with INVALID in its unreadable fields; None
        when the node is not a mapping at all."""
        cls = record_type.cls
        if not isinstance(node, Map):
            self.problem(
                node,
                path,
                f"expected a {RECORD_NAMES[cls]} (a mapping of keys), found {_describe(node)}",
            )
            return None
        specs = record_fields(cls, record_type.in_resolution)
        by_name = {spec.name: spec for spec in specs}
        values: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.pairs:
            key = self.key_name(key_node, path)
            if key is None:
                continue
            if key in key_lines:
                self.problem(
                    key_node,
                    _join(path, key),
                    f'duplicate key "{key}" (first on line {key_lines[key]})',
                )
                continue
            key_lines[key] = key_node.line
            if key not in by_name:
                self.problem(key_node, _join(path, key), self.unknown_key(key, cls, specs))
                continue
            values[key] = value_node
        missing = [spec.name for spec in specs if spec.required and spec.name not in values]
        if missing:
            names = ", ".join(f'"{name}"' for name in missing)
            plural = "s" if len(missing) > 1 else ""
            self.problem(node, path, f"missing required key{plural} {names}")
        kwargs: dict[str, Any] = {}
        items: dict[str, list[tuple[int, Node]]] = {}
        for spec in specs:
            given = values.get(spec.name)
            if given is None:
                # A missing required list reads as empty, so the rules can still iterate it.
                missing_list = spec.required and isinstance(spec.type, ListType)
                kwargs[spec.name] = () if missing_list else spec.default
                continue
            field_path = _join(path, spec.name)
            child_parent = kwargs.get("id") if cls is Resolution else None
            kwargs[spec.name] = self.value(given, spec.type, spec, field_path, child_parent)
            if field_path in self.kept:
                items[spec.name] = self.kept.pop(field_path)
        if record_type.in_resolution:
            given = kwargs.get("parent")
            if (
                isinstance(given, str)
                and isinstance(implied_parent, str)
                and given != implied_parent
            ):
                self.problem(
                    values["parent"],
                    _join(path, "parent"),
                    f'parent "{given}" is not the resolution it is in '
                    f'("{implied_parent}"); leave the key out',
                )
            kwargs["parent"] = implied_parent
        record = cls(**kwargs)
        self.keep_alive.append(record)
        self.places[id(record)] = _Place(path, node, values, items)
        for spec in specs:
            if _join(path, spec.name) in self.dropped:
                self.incomplete.add((id(record), spec.name))
        return record

    def key_name(self, key_node: Node, path: str) -> str | None:
        if not isinstance(key_node, Scalar):
            self.problem(
                key_node, path, f"a key must be a plain name, found {_describe(key_node)}"
            )
            return None
        if len(key_node.value) > 60:  # no key is that long; keep it out of paths and messages
            self.problem(key_node, path, f'unknown key "{_short(key_node.value)}"')
            return None
        if key_node.value == "<<":
            self.problem(
                key_node,
                _join(path, "<<"),
                "merge keys (<<) are not supported; write the keys out",
            )
            return None
        return key_node.value

    def unknown_key(self, key: str, cls: type[Any], specs: tuple[FieldSpec, ...]) -> str:
        names = [spec.name for spec in specs]
        suggestion = did_you_mean(key, names)
        if suggestion:
            return f'unknown key "{key}"{suggestion}'
        if len(names) <= 8:
            return f'unknown key "{key}" (a {RECORD_NAMES[cls]} has: {", ".join(names)})'
        return f'unknown key "{key}" for a {RECORD_NAMES[cls]}'

    # values

    def value(
        self, node: Node, type_spec: TypeSpec, spec: FieldSpec, path: str, implied_parent: Any
    ) -> Any:
        if isinstance(type_spec, NullableType):
            if isinstance(node, Scalar) and node.tag == NULL_TAG:
                return None
            return self.value(node, type_spec.inner, spec, path, implied_parent)
        if isinstance(type_spec, ListType):
            return self.list_value(node, type_spec, spec, path, implied_parent)
        if isinstance(type_spec, RecordType):
            record = self.record(node, type_spec, path, implied_parent)
            return INVALID if record is None else record
        if not isinstance(node, Scalar):
            self.problem(node, path, f"expected {_expected(type_spec)}, found {_describe(node)}")
            return INVALID
        if isinstance(type_spec, ChoiceType):
            options = ", ".join(type_spec.options)
            if node.tag != STR_TAG:
                self.problem(node, path, f"expected one of: {options}; found {_describe(node)}")
                return INVALID
            if node.value in type_spec.options:
                return node.value
            self.problem(
                node,
                path,
                f'"{_short(node.value)}" is not one of: {options}'
                + did_you_mean(node.value[:60], type_spec.options),
            )
            return INVALID
        return self.scalar(node, type_spec, spec, path)

    def list_value(
        self, node: Node, type_spec: ListType, spec: FieldSpec, path: str, implied_parent: Any
    ) -> tuple[Any, ...]:
        if not isinstance(node, Seq):
            if isinstance(node, Scalar) and node.tag == NULL_TAG:
                found = "nothing; write [] for an empty list or leave the key out"
                self.problem(node, path, f"expected a list, found {found}")
            else:
                self.problem(node, path, f"expected a list, found {_describe(node)}")
            return ()
        values: list[Any] = []
        kept: list[tuple[int, Node]] = []
        for index, item in enumerate(node.items):
            value = self.value(item, type_spec.item, spec, f"{path}[{index}]", implied_parent)
            if value is INVALID:
                self.dropped.add(path)
            else:
                values.append(value)
                kept.append((index, item))
        if len(node.items) < spec.min_items:
            item_type = type_spec.item
            what = RECORD_NAMES[item_type.cls] if isinstance(item_type, RecordType) else "item"
            self.problem(node, path, f"at least {spec.min_items} {what} is required")
        self.kept[path] = kept
        return tuple(values)

    def scalar(self, node: Scalar, type_spec: ScalarType, spec: FieldSpec, path: str) -> Any:
        kind = type_spec.kind
        raw = node.value
        if kind == "str":
            if node.tag == STR_TAG:
                return raw
            hint = ""
            if node.tag == NULL_TAG:
                hint = '; write "" for empty text' + (
                    " or leave the key out" if not spec.required else ""
                )
            else:
                hint = f'; put it in quotes: "{_short(raw)}"'
            self.problem(node, path, f"expected text, found {_describe(node)}{hint}")
            return INVALID
        if kind == "int":
            if node.tag == INT_TAG and _DECIMAL.fullmatch(raw.replace("_", "")):
                number = int(raw.replace("_", ""))
                minimum = spec.minimum if spec.minimum is not None else 1
                if number < minimum:
                    self.problem(node, path, f"{number} is too small (at least {minimum})")
                    return INVALID
                return number
            if node.tag == INT_TAG:  # 0x1A, 0o17, 1:30 and the like
                self.problem(node, path, f'write "{_short(raw)}" as a plain number, like 24')
            else:
                self.problem(node, path, f"expected a whole number, found {_describe(node)}")
            return INVALID
        if kind == "bool":
            truth = _TRUTH.get(raw.lower()) if node.tag == BOOL_TAG else None
            if truth is not None:
                return truth
            self.problem(node, path, f"expected true or false, found {_describe(node)}")
            return INVALID
        if kind == "date":
            match = _DATE.fullmatch(raw) if node.tag in (STR_TAG, TIMESTAMP_TAG) else None
            if match is None:
                found = (
                    f"a date and time ({raw})" if node.tag == TIMESTAMP_TAG else _describe(node)
                )
                self.problem(node, path, f"expected a date (YYYY-MM-DD), found {found}")
                return INVALID
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError as exc:
                self.problem(node, path, f'"{_short(raw)}" is not a valid date ({exc})')
                return INVALID
        # A time: "HH:MM". Unquoted, YAML 1.1 reads 10:00 as the number 600, so the text as
        # written is what counts.
        match = _TIME.fullmatch(raw) if node.tag in (STR_TAG, INT_TAG, FLOAT_TAG) else None
        if match is None:
            self.problem(node, path, f'expected a time "HH:MM", found {_describe(node)}')
            return INVALID
        hours, minutes = (int(part) for part in match.groups())
        if hours > 23 or minutes > 59:
            self.problem(node, path, f'"{raw}" is not a valid time (00:00 to 23:59)')
            return INVALID
        return dt.time(hours, minutes)


def _expected(type_spec: TypeSpec) -> str:
    if isinstance(type_spec, ChoiceType):
        return "one of: " + ", ".join(type_spec.options)
    if isinstance(type_spec, ScalarType):
        return {
            "str": "text",
            "int": "a whole number",
            "bool": "true or false",
            "date": "a date (YYYY-MM-DD)",
            "time": 'a time "HH:MM"',
        }[type_spec.kind]
    return "a value"


def _describe(node: Node) -> str:
    if isinstance(node, Seq):
        return "a list"
    if isinstance(node, Map):
        return "a mapping"
    shown = _short(node.value)
    if node.tag == NULL_TAG:
        return "nothing"
    if node.tag == BOOL_TAG:
        return f"true/false ({shown})"
    if node.tag in (INT_TAG, FLOAT_TAG):
        return f"a number ({shown})"
    if node.tag == TIMESTAMP_TAG:
        return f"a date ({shown})"
    return f'the text "{shown}"'
