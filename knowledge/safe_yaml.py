"""Reading YAML that may come from anyone, bounded at every step, into a tree of nodes with lines.

1. bytes → text: the size limit before anything else, UTF-8 only (a UTF-8 BOM is dropped; UTF-16
   and UTF-32 are named), no NUL bytes, only characters YAML allows;
2. text → nodes: the parser's event stream is composed here rather than by PyYAML, so nesting
   depth, alias count and expanded size are checked as events arrive, before any recursion or
   expansion can happen, and no tag but YAML's plain ones is accepted.

Each node keeps its line and column, so whoever decodes it can say where a problem is. Anything
that stops reading raises ``Stop`` with the problems found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

import yaml

from knowledge.errors import NO_KEY, Problem

#: The largest file read, in bytes (5 MB, decimal as Telegram counts them); the bot's
#: ``DELEGATE_BOT_MAX_UPLOAD_BYTES`` defaults to it, so validating and uploading agree.
MAX_BYTES: Final = 5_000_000
MAX_DEPTH: Final = 50  # the real file nests about 8 deep
MAX_ALIASES: Final = 1_000  # the codec writes none; a hand-made anchor or two is fine
MAX_NODES: Final = 200_000  # after alias expansion; the bundled file has about 10,000

# The C parser when PyYAML was built with libyaml; only its event stream is used.
PARSER: Final[type[Any]] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_YAML_TAG: Final = "tag:yaml.org,2002:"
_SCALAR_TAGS: Final = frozenset(
    _YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
STR_TAG, INT_TAG, FLOAT_TAG, BOOL_TAG, NULL_TAG, TIMESTAMP_TAG = (
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


class Stop(Exception):
    """Reading cannot go on; ``problems`` say why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def stop(line: int, column: int, message: str, path: str = NO_KEY) -> Stop:
    """A ``Stop`` for one problem, to raise."""
    return Stop([Problem(line, column, path, message)])


# --- 1. Bytes → text -----------------------------------------------------------------------------

_UTF_BOMS: Final = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def text_of(data: object, max_bytes: int) -> str:
    """The text of ``data`` (str or bytes), if it is small enough and plain YAML text."""
    if isinstance(data, str):
        size = len(data) if len(data) > max_bytes else len(data.encode("utf-8", "surrogatepass"))
        _check_size(size, max_bytes)
        text = data
    elif isinstance(data, bytes | bytearray | memoryview):
        _check_size(len(data), max_bytes)
        text = _decode(bytes(data))
    else:
        raise stop(1, 1, f"expected the text of a YAML file, not {type(data).__name__}")
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line, column = _position(text, text.index("\x00"))
        raise stop(line, column, "binary file, not YAML (it contains NUL characters)")
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line, column = _position(text, bad.start())
        raise stop(
            line, column, f"character U+{ord(bad.group()):04X} is not allowed in a YAML file"
        )
    return text


def too_large_message(size: int, max_bytes: int) -> str:
    """What is wrong with a file of ``size`` bytes over the limit (decimal megabytes)."""
    megabytes = max_bytes / 1_000_000
    return f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes ({megabytes:g} MB)"


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise stop(1, 1, too_large_message(size, max_bytes))


def _decode(raw: bytes) -> str:
    for bom, encoding in _UTF_BOMS:
        if raw.startswith(bom):
            raise stop(
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
            raise stop(1, 1, "the file looks like UTF-16 text; save it as UTF-8")
        line, column = _byte_position(raw, nul)
        raise stop(line, column, "binary file, not YAML (it contains NUL bytes)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(raw, exc.start)
        raise stop(
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
class Scalar:
    """A plain value, with its resolved tag; ``size`` counts nodes, aliases expanded."""

    tag: str
    value: str
    line: int
    column: int
    size: int = 1


@dataclass(slots=True, eq=False)
class Seq:
    line: int
    column: int
    items: list[Node] = field(default_factory=list)
    size: int = 1


@dataclass(slots=True, eq=False)
class Map:
    line: int
    column: int
    pairs: list[tuple[Node, Node]] = field(default_factory=list)
    size: int = 1
    pending_key: Node | None = None


Node = Scalar | Seq | Map


def compose(text: str, parser_class: type[Any] = PARSER) -> Node:
    """The node tree of a YAML text, read from ``parser_class``'s events."""
    parser = parser_class(text)
    try:
        return _Composer(parser, text).compose()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text) from None
    except yaml.YAMLError as exc:
        raise stop(1, 1, f"YAML syntax error: {exc}") from None
    finally:
        parser.dispose()


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> Stop:
    mark = exc.problem_mark or exc.context_mark
    context = exc.context or ""
    if "quoted scalar" in context and exc.context_mark is not None:
        mark = exc.context_mark  # where the quote opens, not the end of the file
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = exc.problem or "not valid YAML"
    if "nesting depth" in problem:
        return stop(line, column, f"nested too deeply (more than {MAX_DEPTH} levels)")
    message = f"YAML syntax error: {problem}"
    if context:
        context_mark = exc.context_mark
        shown = context_mark is not None and context_mark.line + 1 != line
        where = f" (line {context_mark.line + 1})" if shown and context_mark else ""
        message += f", {context}{where}"
    lines = text.splitlines()
    if "cannot start any token" in problem and 0 < line <= len(lines) and "\t" in lines[line - 1]:
        message += "; indent with spaces, not tabs"
    return stop(line, column, message)


class _Composer:
    """Events → nodes, iteratively, with the depth, alias and size limits applied as it goes."""

    def __init__(self, parser: Any, text: str) -> None:
        self.parser = parser
        self.text = text
        self.stack: list[Seq | Map] = []
        self.anchors: dict[str, Node] = {}
        self.open_anchors: dict[int, str] = {}  # collection → its anchor, until it is complete
        self.expanded = 0
        self.aliases = 0
        self.documents = 0
        self.root: Node | None = None
        self.tag_problems: list[Problem] = []

    def compose(self) -> Node:
        while True:
            event = self.parser.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    line, column = _mark(event)
                    raise stop(
                        line,
                        column,
                        "a second YAML document starts here; a knowledge base "
                        "is one document (remove the --- line)",
                    )
            elif isinstance(event, yaml.ScalarEvent):
                tag = self.scalar_tag(event)
                self.add(Scalar(tag, event.value, *_mark(event)), event)
            elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                self.open(event)
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                self.close()
            elif isinstance(event, yaml.AliasEvent):
                self.alias(event)
        if self.tag_problems:
            raise Stop(self.tag_problems)
        if self.root is None:
            if self.text.strip():
                raise stop(
                    1,
                    1,
                    "the file has only comments; a knowledge base starts with schema_version: 1",
                )
            raise stop(1, 1, "the file is empty")
        return self.root

    def scalar_tag(self, event: yaml.ScalarEvent) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            return _resolve_tag(yaml.ScalarNode, event.value, event.implicit)
        if tag not in _SCALAR_TAGS:
            self.reject_tag(event, tag)
            return STR_TAG
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
            raise stop(line, column, f"nested too deeply (more than {MAX_DEPTH} levels)")
        is_seq = isinstance(event, yaml.SequenceStartEvent)
        expected = _YAML_TAG + ("seq" if is_seq else "map")
        if event.tag is not None and event.tag not in ("!", expected):
            self.reject_tag(event, event.tag)
        node: Seq | Map = Seq(line, column) if is_seq else Map(line, column)
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

    def add(self, node: Scalar, event: yaml.ScalarEvent) -> None:
        self.count(1, event)
        self.attach(node)
        if event.anchor is not None:
            self.anchors[event.anchor] = node

    def alias(self, event: yaml.AliasEvent) -> None:
        line, column = _mark(event)
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            raise stop(line, column, f"too many aliases (more than {MAX_ALIASES})")
        anchor = event.anchor or ""
        if anchor in self.open_anchors.values():
            raise stop(line, column, f'alias "*{anchor}" refers to a node that contains it')
        target = self.anchors.get(anchor)
        if target is None:
            raise stop(line, column, f'alias "*{anchor}" refers to no anchor "&{anchor}"')
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
            raise stop(line, column, message)

    def attach(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        parent.size += node.size
        if isinstance(parent, Seq):
            parent.items.append(node)
        elif parent.pending_key is None:
            parent.pending_key = node
        else:
            parent.pairs.append((parent.pending_key, node))
            parent.pending_key = None


def _mark(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
