"""YAML text → validated KnowledgeBase, or every problem with its line and key path.

The reverse of ``knowledge.codec``. The text may come from anyone (an administrator's upload in
the chat), so reading it is bounded at every step and nothing but a ``KnowledgeError`` escapes:

1. bytes: size limit before anything else, UTF-8 only (a UTF-8 BOM is dropped), no NUL bytes;
2. events: the parser's event stream is composed into a node tree here rather than by PyYAML,
   so nesting depth, alias count and expanded size are checked as events arrive, before any
   recursion or expansion can happen, and no tag but YAML's plain ones is accepted;
3. records: the node tree is decoded field by field from the shapes in ``knowledge.schema``,
   so every wrong type, unknown or missing key and duplicate key is reported at its node;
4. rules: ``knowledge.rules.check_knowledge_base`` checks ids, references and numbering.

All problems found are reported together, sorted by line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
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

#: The largest file read, in bytes (5 MB, decimal as Telegram counts them); the bot's
#: ``DELEGATE_BOT_MAX_UPLOAD_BYTES`` defaults to it, so validating and uploading agree.
MAX_BYTES: Final = 5_000_000
MAX_DEPTH: Final = 50  # the real file nests about 8 deep
MAX_ALIASES: Final = 1_000  # the codec writes none; a hand-made anchor or two is fine
MAX_NODES: Final = 200_000  # after alias expansion; the bundled file has about 10,000
MAX_PROBLEMS: Final = 1_000

# The C parser when PyYAML was built with libyaml; only its event stream is used.
_Parser: Final[type[Any]] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_YAML_TAG: Final = "tag:yaml.org,2002:"
_SCALAR_TAGS: Final = frozenset(
    _YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP = (
    _YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_resolve_tag: Final[Callable[[type[yaml.Node], str, tuple[bool, bool]], str]] = (
    yaml.resolver.Resolver().resolve
)

# Characters YAML 1.1 does not allow in a stream (its printable set), checked up front so the
# problem gets a line and a column.
_NON_PRINTABLE: Final = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
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
        text = _text_of(data, max_bytes)
        root = _compose(text)
        kb, problems = _Decoder().knowledge_base(root)
        return kb, problems, None
    except _Stop as stop:
        return None, sorted(stop.problems, key=_order), None
    except Exception as exc:  # an upload must never take the caller down with it
        message = f"the file could not be read ({type(exc).__name__}: {_short(str(exc))})"
        return None, [Problem(1, 1, NO_KEY, message)], exc


def _order(problem: Problem) -> tuple[int, int, str, str]:
    return (problem.line, problem.column, problem.path, problem.message)


class _Stop(Exception):
    """Reading cannot go on; ``problems`` say why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def _stop(line: int, column: int, message: str, path: str = NO_KEY) -> _Stop:
    return _Stop([Problem(line, column, path, message)])


# --- 1. Bytes → text -----------------------------------------------------------------------------

_UTF_BOMS: Final = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _text_of(data: object, max_bytes: int) -> str:
    if isinstance(data, str):
        size = len(data) if len(data) > max_bytes else len(data.encode("utf-8", "surrogatepass"))
        _check_size(size, max_bytes)
        text = data
    elif isinstance(data, bytes | bytearray | memoryview):
        _check_size(len(data), max_bytes)
        text = _decode(bytes(data))
    else:
        raise _stop(1, 1, f"expected the text of a YAML file, not {type(data).__name__}")
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line, column = _position(text, text.index("\x00"))
        raise _stop(line, column, "binary file, not YAML (it contains NUL characters)")
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line, column = _position(text, bad.start())
        raise _stop(
            line, column, f"character U+{ord(bad.group()):04X} is not allowed in a YAML file"
        )
    return text


def too_large_message(size: int, max_bytes: int) -> str:
    """What is wrong with a file of ``size`` bytes over the limit (decimal megabytes)."""
    megabytes = max_bytes / 1_000_000
    return f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes ({megabytes:g} MB)"


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise _stop(1, 1, too_large_message(size, max_bytes))


def _decode(raw: bytes) -> str:
    for bom, encoding in _UTF_BOMS:
        if raw.startswith(bom):
            raise _stop(
                1,
                1,
                f"the file is {encoding} (it starts with a {encoding} byte-order mark); "
                "save it as UTF-8",
            )
    nul = raw.find(b"\x00")
    if nul >= 0:
        # UTF-16 text without a byte-order mark has zeros at every other byte (its ASCII keys),
        # all at one parity; binary data has them anywhere.
        head = raw[:400]
        half = max(len(head) // 2, 1)
        zeros = sorted((head[0::2].count(0), head[1::2].count(0)))
        if zeros[1] >= 0.3 * half and zeros[0] <= 0.05 * half:
            raise _stop(1, 1, "the file looks like UTF-16 text; save it as UTF-8")
        line, column = _byte_position(raw, nul)
        raise _stop(line, column, "binary file, not YAML (it contains NUL bytes)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(raw, exc.start)
        raise _stop(
            line,
            column,
            f"not valid UTF-8: byte 0x{raw[exc.start]:02X} at byte offset {exc.start}; "
            "save the file as UTF-8 (it may be in another encoding, such as GBK or Latin-1)",
        ) from None


def _position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, offset - line_start + 1


# --- 2. Text → node tree -------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class _Scalar:
    tag: str
    value: str
    line: int
    column: int
    size: int = 1


@dataclass(slots=True, eq=False)
class _Seq:
    line: int
    column: int
    items: list[_Node] = field(default_factory=list)
    size: int = 1


@dataclass(slots=True, eq=False)
class _Map:
    line: int
    column: int
    pairs: list[tuple[_Node, _Node]] = field(default_factory=list)
    size: int = 1
    pending_key: _Node | None = None


_Node = _Scalar | _Seq | _Map


def _compose(text: str) -> _Node:
    parser = _Parser(text)
    try:
        return _Composer(parser, text).compose()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text) from None
    except yaml.YAMLError as exc:
        raise _stop(1, 1, f"YAML syntax error: {exc}") from None
    finally:
        parser.dispose()


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> _Stop:
    mark = exc.problem_mark or exc.context_mark
    context = exc.context or ""
    if "quoted scalar" in context and exc.context_mark is not None:
        mark = exc.context_mark  # where the quote opens, not the end of the file
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = exc.problem or "not valid YAML"
    if "nesting depth" in problem:
        return _stop(line, column, f"nested too deeply (more than {MAX_DEPTH} levels)")
    message = f"YAML syntax error: {problem}"
    if context:
        context_mark = exc.context_mark
        shown = context_mark is not None and context_mark.line + 1 != line
        where = f" (line {context_mark.line + 1})" if shown and context_mark else ""
        message += f", {context}{where}"
    lines = text.splitlines()
    if "cannot start any token" in problem and 0 < line <= len(lines) and "\t" in lines[line - 1]:
        message += "; indent with spaces, not tabs"
    return _stop(line, column, message)


class _Composer:
    """Events → nodes, iteratively, with the depth, alias and size limits applied as it goes."""

    def __init__(self, parser: Any, text: str) -> None:
        self.parser = parser
        self.text = text
        self.stack: list[_Seq | _Map] = []
        self.anchors: dict[str, _Node] = {}
        self.open_anchors: dict[int, str] = {}  # collection → its anchor, until it is complete
        self.expanded = 0
        self.aliases = 0
        self.documents = 0
        self.root: _Node | None = None
        self.tag_problems: list[Problem] = []

    def compose(self) -> _Node:
        while True:
            event = self.parser.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    line, column = _mark(event)
                    raise _stop(
                        line,
                        column,
                        "a second YAML document starts here; a knowledge base "
                        "is one document (remove the --- line)",
                    )
            elif isinstance(event, yaml.ScalarEvent):
                tag = self.scalar_tag(event)
                self.add(_Scalar(tag, event.value, *_mark(event)), event)
            elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                self.open(event)
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                self.close()
            elif isinstance(event, yaml.AliasEvent):
                self.alias(event)
        if self.tag_problems:
            raise _Stop(self.tag_problems)
        if self.root is None:
            if self.text.strip():
                raise _stop(
                    1,
                    1,
                    "the file has only comments; a knowledge base starts with schema_version: 1",
                )
            raise _stop(1, 1, "the file is empty")
        return self.root

    def scalar_tag(self, event: yaml.ScalarEvent) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            return _resolve_tag(yaml.ScalarNode, event.value, event.implicit)
        if tag not in _SCALAR_TAGS:
            self.reject_tag(event, tag)
            return _STR
        return str(tag)

    def reject_tag(self, event: yaml.Event, tag: str) -> None:
        shown = "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag
        line, column = _mark(event)
        self.tag_problems.append(
            Problem(
                line,
                column,
                NO_KEY,
                f'the tag "{shown}" is not allowed: a knowledge base holds plain values only',
            )
        )

    def open(self, event: yaml.CollectionStartEvent) -> None:
        line, column = _mark(event)
        if len(self.stack) >= MAX_DEPTH:
            raise _stop(line, column, f"nested too deeply (more than {MAX_DEPTH} levels)")
        is_seq = isinstance(event, yaml.SequenceStartEvent)
        expected = _YAML_TAG + ("seq" if is_seq else "map")
        if event.tag is not None and event.tag not in ("!", expected):
            self.reject_tag(event, event.tag)
        node: _Seq | _Map = _Seq(line, column) if is_seq else _Map(line, column)
        self.count(1, event)
        self.stack.append(node)
        if event.anchor is not None:
            self.open_anchors[id(node)] = event.anchor

    def close(self) -> None:
        node = self.stack.pop()
        anchor = self.open_anchors.pop(id(node), None)
        self.attach(node)
        if anchor is not None:
            self.anchors[anchor] = node

    def add(self, node: _Scalar, event: yaml.ScalarEvent) -> None:
        self.count(1, event)
        self.attach(node)
        if event.anchor is not None:
            self.anchors[event.anchor] = node

    def alias(self, event: yaml.AliasEvent) -> None:
        line, column = _mark(event)
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            raise _stop(line, column, f"too many aliases (more than {MAX_ALIASES})")
        anchor = event.anchor or ""
        if anchor in self.open_anchors.values():
            raise _stop(line, column, f'alias "*{anchor}" refers to a node that contains it')
        target = self.anchors.get(anchor)
        if target is None:
            raise _stop(line, column, f'alias "*{anchor}" refers to no anchor "&{anchor}"')
        self.count(target.size, event)
        self.attach(target)

    def count(self, size: int, event: yaml.Event) -> None:
        self.expanded += size
        if self.expanded > MAX_NODES:
            line, column = _mark(event)
            if self.aliases:
                message = f"through its aliases the file expands to more than {MAX_NODES:,} values"
            else:
                message = (
                    f"the file has more than {MAX_NODES:,} values, more than a knowledge base"
                )
            raise _stop(line, column, message)

    def attach(self, node: _Node) -> None:
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        parent.size += node.size
        if isinstance(parent, _Seq):
            parent.items.append(node)
        elif parent.pending_key is None:
            parent.pending_key = node
        else:
            parent.pairs.append((parent.pending_key, node))
            parent.pending_key = None


def _mark(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


# --- 3. Node tree → records ----------------------------------------------------------------------


@dataclass(slots=True)
class _Place:
    """Where a decoded record came from, to put its problems on the right line."""

    path: str
    node: _Map
    values: dict[str, _Node]
    items: dict[str, list[tuple[int, _Node]]]  # list fields: position and node of each kept


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
        self.kept: dict[str, list[tuple[int, _Node]]] = {}  # list field path → elements kept

    def knowledge_base(self, root: _Node) -> tuple[KnowledgeBase | None, list[Problem]]:
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

    def check_root(self, root: _Node) -> None:
        hint = "a knowledge base is a mapping that starts with schema_version: 1"
        if isinstance(root, _Seq):
            raise _stop(
                root.line,
                root.column,
                f"this is a YAML list, not a knowledge base; {hint}",
                ROOT_KEY,
            )
        if isinstance(root, _Scalar):
            if root.tag == _NULL:
                raise _stop(1, 1, "the file has no content", ROOT_KEY)
            raise _stop(
                root.line,
                root.column,
                f"this is a single value ({_describe(root)}), not a knowledge base; {hint}",
                ROOT_KEY,
            )
        known = {spec.name for spec in record_fields(KnowledgeBase)}
        keys = [_short(key.value) for key, _ in root.pairs if isinstance(key, _Scalar)]
        if keys and not known.intersection(keys):
            shown = ", ".join(keys[:5]) + (", …" if len(keys) > 5 else "")
            raise _stop(
                root.line,
                root.column,
                f"this is not a knowledge base: none of its keys ({shown}) is one of "
                f"{', '.join(sorted(known))}",
                ROOT_KEY,
            )

    # problems

    def problem(self, node: _Node | tuple[int, int], path: str, message: str) -> None:
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
    ) -> tuple[str, _Node]:
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
        self, node: _Node, record_type: RecordType, path: str, implied_parent: Any = None
    ) -> Any:
        """A record decoded from a mapping node, with INVALID in its unreadable fields; None
        when the node is not a mapping at all."""
        cls = record_type.cls
        if not isinstance(node, _Map):
            self.problem(
                node,
                path,
                f"expected a {RECORD_NAMES[cls]} (a mapping of keys), found {_describe(node)}",
            )
            return None
        specs = record_fields(cls, record_type.in_resolution)
        by_name = {spec.name: spec for spec in specs}
        values: dict[str, _Node] = {}
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
        items: dict[str, list[tuple[int, _Node]]] = {}
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

    def key_name(self, key_node: _Node, path: str) -> str | None:
        if not isinstance(key_node, _Scalar):
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
        self, node: _Node, type_spec: TypeSpec, spec: FieldSpec, path: str, implied_parent: Any
    ) -> Any:
        if isinstance(type_spec, NullableType):
            if isinstance(node, _Scalar) and node.tag == _NULL:
                return None
            return self.value(node, type_spec.inner, spec, path, implied_parent)
        if isinstance(type_spec, ListType):
            return self.list_value(node, type_spec, spec, path, implied_parent)
        if isinstance(type_spec, RecordType):
            record = self.record(node, type_spec, path, implied_parent)
            return INVALID if record is None else record
        if not isinstance(node, _Scalar):
            self.problem(node, path, f"expected {_expected(type_spec)}, found {_describe(node)}")
            return INVALID
        if isinstance(type_spec, ChoiceType):
            options = ", ".join(type_spec.options)
            if node.tag != _STR:
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
        self, node: _Node, type_spec: ListType, spec: FieldSpec, path: str, implied_parent: Any
    ) -> tuple[Any, ...]:
        if not isinstance(node, _Seq):
            if isinstance(node, _Scalar) and node.tag == _NULL:
                found = "nothing; write [] for an empty list or leave the key out"
                self.problem(node, path, f"expected a list, found {found}")
            else:
                self.problem(node, path, f"expected a list, found {_describe(node)}")
            return ()
        values: list[Any] = []
        kept: list[tuple[int, _Node]] = []
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

    def scalar(self, node: _Scalar, type_spec: ScalarType, spec: FieldSpec, path: str) -> Any:
        kind = type_spec.kind
        raw = node.value
        if kind == "str":
            if node.tag == _STR:
                return raw
            hint = ""
            if node.tag == _NULL:
                hint = '; write "" for empty text' + (
                    " or leave the key out" if not spec.required else ""
                )
            else:
                hint = f'; put it in quotes: "{_short(raw)}"'
            self.problem(node, path, f"expected text, found {_describe(node)}{hint}")
            return INVALID
        if kind == "int":
            if node.tag == _INT and _DECIMAL.fullmatch(raw.replace("_", "")):
                number = int(raw.replace("_", ""))
                minimum = spec.minimum if spec.minimum is not None else 1
                if number < minimum:
                    self.problem(node, path, f"{number} is too small (at least {minimum})")
                    return INVALID
                return number
            if node.tag == _INT:  # 0x1A, 0o17, 1:30 and the like
                self.problem(node, path, f'write "{_short(raw)}" as a plain number, like 24')
            else:
                self.problem(node, path, f"expected a whole number, found {_describe(node)}")
            return INVALID
        if kind == "bool":
            truth = _TRUTH.get(raw.lower()) if node.tag == _BOOL else None
            if truth is not None:
                return truth
            self.problem(node, path, f"expected true or false, found {_describe(node)}")
            return INVALID
        if kind == "date":
            match = _DATE.fullmatch(raw) if node.tag in (_STR, _TIMESTAMP) else None
            if match is None:
                found = f"a date and time ({raw})" if node.tag == _TIMESTAMP else _describe(node)
                self.problem(node, path, f"expected a date (YYYY-MM-DD), found {found}")
                return INVALID
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError as exc:
                self.problem(node, path, f'"{_short(raw)}" is not a valid date ({exc})')
                return INVALID
        # A time: "HH:MM". Unquoted, YAML 1.1 reads 10:00 as the number 600, so the text as
        # written is what counts.
        match = _TIME.fullmatch(raw) if node.tag in (_STR, _INT, _FLOAT) else None
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


def _describe(node: _Node) -> str:
    if isinstance(node, _Seq):
        return "a list"
    if isinstance(node, _Map):
        return "a mapping"
    shown = _short(node.value)
    if node.tag == _NULL:
        return "nothing"
    if node.tag == _BOOL:
        return f"true/false ({shown})"
    if node.tag in (_INT, _FLOAT):
        return f"a number ({shown})"
    if node.tag == _TIMESTAMP:
        return f"a date ({shown})"
    return f'the text "{shown}"'
