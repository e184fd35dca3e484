"""Formatted text: HTML and MarkdownV2, parsed the way Telegram parses them.

``parse_html`` and ``parse_markdown_v2`` return the visible text and its entities (offsets in
UTF-16 code units), or raise ``EntityParseError`` with Telegram's description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.support.fake_bot_api.values import JSONDict


def utf16_len(text: str) -> int:
    """Telegram measures entity offsets and lengths in UTF-16 code units."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


class EntityParseError(ValueError):
    """Text that Telegram would refuse with ``can't parse entities``; the message is the reason."""


_HTML_TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_SPECIAL = re.compile(r"[<>&]")
_HTML_START_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z][a-zA-Z0-9_-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+))?)*)"
    r"\s*>"
)
_HTML_ATTRIBUTE = re.compile(
    r"([a-zA-Z][a-zA-Z0-9_-]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+))?"
)
_HTML_END_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_HTML_ENTITY = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([a-zA-Z][a-zA-Z0-9]*));")


@dataclass(slots=True)
class _OpenTag:
    name: str
    start: int  # UTF-16 offset in the output
    attributes: dict[str, str]
    language: str | None = None


def _decode_html_entity(source: str, pos: int) -> tuple[str, int]:
    """Decode the entity at ``source[pos] == '&'``; return the text and the index after it."""
    match = _HTML_ENTITY.match(source, pos)
    if match is None:
        raise EntityParseError(
            f'Character "&" at byte offset {_byte_offset(source, pos)} must be escaped as "&amp;"'
        )
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        decoded = _HTML_NAMED_ENTITIES.get(name)
        if decoded is None:
            raise EntityParseError(
                f'Unsupported HTML entity "&{name};" at byte offset {_byte_offset(source, pos)}'
            )
        return decoded, match.end()
    code_point = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code_point == 0 or code_point > 0x10FFFF or 0xD800 <= code_point <= 0xDFFF:
        raise EntityParseError(
            f"Invalid numeric HTML entity at byte offset {_byte_offset(source, pos)}"
        )
    return chr(code_point), match.end()


def _decode_attribute(source: str, raw: str | None) -> str:
    if raw is None:
        return ""
    if raw[:1] in {'"', "'"}:
        raw = raw[1:-1]
    if "<" in raw or ">" in raw:
        raise EntityParseError(f"Unescaped angle bracket in attribute value {raw!r}")
    parts: list[str] = []
    pos = 0
    while (amp := raw.find("&", pos)) != -1:
        parts.append(raw[pos:amp])
        decoded, pos = _decode_html_entity(raw, amp)
        parts.append(decoded)
    parts.append(raw[pos:])
    return "".join(parts)


def _html_entity_for(tag: _OpenTag, offset: int, length: int) -> JSONDict | None:
    kind = _HTML_TAG_ENTITY[tag.name]
    entity: JSONDict = {"type": kind, "offset": offset, "length": length}
    if kind == "text_link":
        url = tag.attributes.get("href", "")
        if not url:
            return None  # Telegram drops a link without a target and keeps its text
        user = re.fullmatch(r"tg://user\?id=(\d+)", url)
        if user is not None:
            entity["type"] = "text_mention"
            entity["user"] = {"id": int(user.group(1)), "is_bot": False, "first_name": ""}
        else:
            entity["url"] = url
    elif kind == "pre" and tag.language:
        entity["language"] = tag.language
    elif kind == "blockquote" and "expandable" in tag.attributes:
        entity["type"] = "expandable_blockquote"
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = tag.attributes["emoji-id"]
    return entity


def parse_html(source: str) -> tuple[str, list[JSONDict]]:
    """Parse Telegram HTML into (plain text, entities) or raise ``EntityParseError``.

    Allowed: ``b strong i em u ins s strike del span(class="tg-spoiler") tg-spoiler a(href)
    code pre blockquote(expandable) tg-emoji(emoji-id)``, balanced and properly nested; only the
    ``&lt; &gt; &amp; &quot;`` and numeric character references; every other ``<``, ``>`` and
    ``&`` must be escaped.
    """
    out: list[str] = []
    length = 0  # UTF-16 length of the output so far
    stack: list[_OpenTag] = []
    entities: list[JSONDict] = []
    pos = 0
    end = len(source)
    while pos < end:
        special = _HTML_SPECIAL.search(source, pos)
        if special is None:
            chunk = source[pos:]
            out.append(chunk)
            length += utf16_len(chunk)
            break
        at = special.start()
        if at > pos:
            chunk = source[pos:at]
            out.append(chunk)
            length += utf16_len(chunk)
        char = source[at]
        if char == ">":
            raise EntityParseError(
                f'Character ">" at byte offset {_byte_offset(source, at)} must be escaped '
                'as "&gt;"'
            )
        if char == "&":
            decoded, pos = _decode_html_entity(source, at)
            out.append(decoded)
            length += utf16_len(decoded)
            continue
        if source.startswith("</", at):
            closing = _HTML_END_TAG.match(source, at)
            if closing is None:
                raise EntityParseError(
                    f"Unclosed end tag at byte offset {_byte_offset(source, at)}"
                )
            name = closing.group(1).lower()
            if not stack:
                raise EntityParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(source, at)}"
                )
            tag = stack.pop()
            if tag.name != name:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(source, at)}, "
                    f'expected "</{tag.name}>", found "</{name}>"'
                )
            language = tag.attributes.get("class", "")
            if (
                tag.name == "code"
                and stack
                and stack[-1].name == "pre"
                and language.startswith("language-")
            ):
                # <pre><code class="language-x"> is one pre entity with a language
                stack[-1].language = language.removeprefix("language-")
            elif length > tag.start:
                entity = _html_entity_for(tag, tag.start, length - tag.start)
                if entity is not None:
                    entities.append(entity)
            pos = closing.end()
            continue
        opening = _HTML_START_TAG.match(source, at)
        if opening is None:
            if at + 1 < end and source[at + 1].isalpha():
                raise EntityParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(source, at)}"
                )
            raise EntityParseError(
                f'Character "<" at byte offset {_byte_offset(source, at)} must be escaped '
                'as "&lt;"'
            )
        name = opening.group(1).lower()
        if name not in _HTML_TAG_ENTITY:
            raise EntityParseError(
                f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, at)}'
            )
        attributes = {
            attr.group(1).lower(): _decode_attribute(source, attr.group(2))
            for attr in _HTML_ATTRIBUTE.finditer(opening.group(2))
        }
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise EntityParseError('Tag "span" must have class "tg-spoiler"')
        if name == "tg-emoji" and not attributes.get("emoji-id", "").isdigit():
            raise EntityParseError(
                "Custom emoji entity must contain a valid custom emoji identifier"
            )
        if name == "blockquote" and any(t.name == "blockquote" for t in stack):
            raise EntityParseError("Blockquote entities can't be nested")
        stack.append(_OpenTag(name, length, attributes))
        pos = opening.end()
    if stack:
        raise EntityParseError(
            f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"'
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


_MD2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MD2_MARKERS = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
}
_MD_LEGACY_MARKERS = {"*": "bold", "_": "italic"}


@dataclass(slots=True)
class _OpenMarker:
    marker: str
    start: int  # UTF-16 offset in the output
    byte_offset: int
    url_kind: str = ""  # "text_link" or "custom_emoji" for [text](url) and ![emoji](tg://…)


def parse_markdown_v2(source: str, *, legacy: bool = False) -> tuple[str, list[JSONDict]]:
    """Parse MarkdownV2 (or legacy Markdown) into (plain text, entities).

    MarkdownV2: ``*bold* _italic_ __underline__ ~strike~ ||spoiler|| `code` ```pre```
    [text](url) ![emoji](tg://emoji?id=…)`` and ``>`` quotes; every other reserved character
    ``_*[]()~`>#+-=|{}.!`` must be escaped with a backslash. Legacy Markdown knows ``* _ ` ```
    and links only, and has no reserved characters outside them.
    """
    out: list[str] = []
    length = 0
    stack: list[_OpenMarker] = []
    entities: list[JSONDict] = []
    markers = _MD_LEGACY_MARKERS if legacy else _MD2_MARKERS
    quote_start: int | None = None
    pos = 0
    end = len(source)

    def emit(text: str) -> None:
        nonlocal length
        out.append(text)
        length += utf16_len(text)

    def offset(index: int) -> int:
        return _byte_offset(source, index)

    def escaped_until(closing: str, start: int, what: str) -> tuple[str, int]:
        """Read verbatim text up to ``closing``; inside, only ``\\`` escapes."""
        parts: list[str] = []
        index = start
        while index < end:
            if source.startswith(closing, index):
                return "".join(parts), index + len(closing)
            char = source[index]
            if char == "\\" and index + 1 < end and not legacy:
                parts.append(source[index + 1])
                index += 2
                continue
            parts.append(char)
            index += 1
        raise EntityParseError(f"Can't find end of {what} entity at byte offset {offset(start)}")

    while pos < end:
        char = source[pos]
        at_line_start = pos == 0 or source[pos - 1] == "\n"
        if quote_start is not None and at_line_start and char != ">":
            if length > quote_start:
                entities.append(
                    {"type": "blockquote", "offset": quote_start, "length": length - quote_start}
                )
            quote_start = None
        if char == "\\" and (not legacy or source[pos + 1 : pos + 2] in {"_", "*", "`", "["}):
            if pos + 1 >= end or not 1 <= ord(source[pos + 1]) <= 126:
                raise EntityParseError(
                    f"Character '\\' at byte offset {offset(pos)} must be followed by a "
                    "character to escape"
                )
            emit(source[pos + 1])
            pos += 2
            continue
        if char == "`":
            if source.startswith("```", pos):
                body, after = escaped_until("```", pos + 3, "Pre")
                language = ""
                first_line, newline, rest = body.partition("\n")
                if newline and first_line and not first_line[0].isspace():
                    language, body = first_line, rest
                start = length
                emit(body)
                entity: JSONDict = {"type": "pre", "offset": start, "length": length - start}
                if language:
                    entity["language"] = language
                if length > start:
                    entities.append(entity)
                pos = after
                continue
            body, after = escaped_until("`", pos + 1, "Code")
            start = length
            emit(body)
            if length > start:
                entities.append({"type": "code", "offset": start, "length": length - start})
            pos = after
            continue
        if not legacy and char == ">" and at_line_start:
            if quote_start is None:
                quote_start = length
            pos += 1
            continue
        if char == "[" or (not legacy and source.startswith("![", pos)):
            if stack and legacy:
                emit(char)
                pos += 1
                continue
            kind = "custom_emoji" if char == "!" else "text_link"
            stack.append(_OpenMarker("[", length, offset(pos), kind))
            pos += 2 if char == "!" else 1
            continue
        if char == "]" and stack and stack[-1].marker == "[":
            opened = stack.pop()
            if not source.startswith("(", pos + 1):
                if legacy:
                    pos += 1  # a bracketed text without a link stays plain text
                    continue
                raise EntityParseError(f"Can't find end of a url at byte offset {offset(pos)}")
            url, after = escaped_until(")", pos + 2, "TextUrl")
            if length > opened.start:
                link: JSONDict = {
                    "type": opened.url_kind,
                    "offset": opened.start,
                    "length": length - opened.start,
                }
                if opened.url_kind == "custom_emoji":
                    emoji_id = re.fullmatch(r"tg://emoji\?id=(\d+)", url)
                    if emoji_id is None:
                        raise EntityParseError(
                            "Custom emoji entity must contain a valid custom emoji identifier"
                        )
                    link["custom_emoji_id"] = emoji_id.group(1)
                else:
                    link["url"] = url
                entities.append(link)
            pos = after
            continue
        marker = source[pos : pos + 2] if source[pos : pos + 2] in markers else char
        if marker in markers:
            if stack and stack[-1].marker == marker:
                opened = stack.pop()
                if length > opened.start:
                    entities.append(
                        {
                            "type": markers[marker],
                            "offset": opened.start,
                            "length": length - opened.start,
                        }
                    )
            elif legacy and stack:
                emit(marker)  # legacy entities do not nest: other markers are plain text
            else:
                stack.append(_OpenMarker(marker, length, offset(pos)))
            pos += len(marker)
            continue
        if not legacy and char in _MD2_RESERVED:
            raise EntityParseError(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        emit(char)
        pos += 1
    if quote_start is not None and length > quote_start:
        entities.append(
            {"type": "blockquote", "offset": quote_start, "length": length - quote_start}
        )
    if stack:
        opened = stack[-1]
        name = "TextUrl" if opened.marker == "[" else markers[opened.marker].capitalize()
        raise EntityParseError(
            f"Can't find end of {name} entity at byte offset {opened.byte_offset}"
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def strip_text(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Telegram trims leading and trailing whitespace and clips entities to what is left."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    total = utf16_len(stripped)
    clipped: list[JSONDict] = []
    for entity in entities:
        start = max(0, entity["offset"] - lead)
        stop = min(total, entity["offset"] + entity["length"] - lead)
        if stop > start:
            clipped.append({**entity, "offset": start, "length": stop - start})
    return stripped, clipped
