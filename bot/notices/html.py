"""A notice's text as Telegram HTML, checked the way Telegram parses it."""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Mapping
from typing import Final

from bot.notices.errors import (
    LinkError,
    NoticeTextError,
)

#: The longest visible text Telegram accepts in one message.
MAX_TEXT_CHARS: Final = 4096

_PLAIN_TAGS: Final = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "tg-spoiler"}
)
_ALLOWED_TAGS: Final = _PLAIN_TAGS | {"span", "a", "blockquote", "tg-emoji"}
_LOOKS_LIKE_HTML = re.compile(r"</?[A-Za-z][^<>]*>|&(?:#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z]+);")
_START_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z][a-zA-Z0-9_-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+))?)*)\s*>"
)
_ATTRIBUTE = re.compile(r"([a-zA-Z][a-zA-Z0-9_-]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+))?")
_END_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_CHAR_REF = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([a-zA-Z][a-zA-Z0-9]*));")
_NAMED_REFS: Final = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_REFERENCE_LIKE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")


def notice_html(source: str, *, is_html: bool | None = None) -> str:
    """The notice text as Telegram HTML, or NoticeTextError with the reason.

    ``is_html=None`` decides from the text: with a tag or a character reference it is HTML and
    must parse as Telegram parses it; otherwise it is plain text and gets escaped. In HTML, a
    ``&``, ``<`` or ``>`` that cannot be part of markup ("5 > 3", "Q&A", "x <3") is escaped
    rather than refused; anything that looks like a tag must be a valid one.
    """
    text = source.strip()
    if is_html is None:
        is_html = _LOOKS_LIKE_HTML.search(text) is not None
    text = _escape_strays(text) if is_html else html.escape(text, quote=False)
    visible = check_html(text)
    if not visible.strip():
        raise NoticeTextError("empty")
    if len(visible) > MAX_TEXT_CHARS:
        raise NoticeTextError("too_long", length=len(visible), limit=MAX_TEXT_CHARS)
    return text


def _escape_strays(source: str) -> str:
    """Escape the ``&``, ``<`` and ``>`` that cannot start markup; leave tags and character
    references (valid or not) for :func:`check_html` to judge."""
    out: list[str] = []
    pos = 0
    while pos < len(source):
        char = source[pos]
        if char == "<":
            tag = _START_TAG.match(source, pos) or _END_TAG.match(source, pos)
            if tag is not None:
                out.append(tag.group())
                pos = tag.end()
                continue
            following = source[pos + 1 : pos + 2]
            out.append(
                char
                if following.isascii() and (following.isalpha() or following == "/")
                else "&lt;"
            )
        elif char == ">":
            out.append("&gt;")
        elif char == "&":
            out.append(char if _REFERENCE_LIKE.match(source, pos) else "&amp;")
        else:
            out.append(char)
        pos += 1
    return "".join(out)


def check_html(source: str) -> str:
    """The visible text of Telegram HTML, or NoticeTextError naming what Telegram refuses."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while pos < len(source):
        special = min(
            (i for i in (source.find(c, pos) for c in "<>&") if i != -1), default=len(source)
        )
        out.append(source[pos:special])
        if special == len(source):
            break
        char = source[special]
        near = _near(source, special)
        if char == ">":
            raise NoticeTextError("escape", char=">", escaped="&gt;", near=near)
        if char == "&":
            ref = _CHAR_REF.match(source, special)
            if ref is None or (ref.group(3) is not None and ref.group(3) not in _NAMED_REFS):
                raise NoticeTextError("escape", char="&", escaped="&amp;", near=near)
            out.append(_decode_ref(ref))
            pos = ref.end()
            continue
        closing = _END_TAG.match(source, special)
        if closing is not None:
            name = closing.group(1).lower()
            if not stack:
                raise NoticeTextError("unexpected_close", tag=name, near=near)
            if stack[-1] != name:
                raise NoticeTextError("mismatch", expected=stack[-1], tag=name, near=near)
            stack.pop()
            pos = closing.end()
            continue
        opening = _START_TAG.match(source, special)
        if opening is None:
            raise NoticeTextError("escape", char="<", escaped="&lt;", near=near)
        name = opening.group(1).lower()
        if name not in _ALLOWED_TAGS:
            raise NoticeTextError("tag", tag=name, near=near)
        attributes = {
            a.group(1).lower(): (a.group(2) or "").strip("\"'")
            for a in _ATTRIBUTE.finditer(opening.group(2))
        }
        _check_tag(name, attributes, stack, near)
        stack.append(name)
        pos = opening.end()
    if stack:
        raise NoticeTextError("unclosed", tag=stack[-1])
    return "".join(out)


def _check_tag(name: str, attributes: Mapping[str, str], stack: list[str], near: str) -> None:
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise NoticeTextError("span", near=near)
    if name == "a":
        try:
            check_link(html.unescape(attributes.get("href", "")))
        except LinkError:
            raise NoticeTextError("href", near=near) from None
    if name == "tg-emoji" and not attributes.get("emoji-id", "").isdigit():
        raise NoticeTextError("emoji", near=near)
    if name == "blockquote" and "blockquote" in stack:
        raise NoticeTextError("nested_quote", near=near)


def _decode_ref(ref: re.Match[str]) -> str:
    decimal, hexadecimal, name = ref.groups()
    if name is not None:
        return _NAMED_REFS[name]
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise NoticeTextError("escape", char="&", escaped="&amp;", near=ref.group())
    return chr(code)


def _near(source: str, index: int) -> str:
    return source[max(0, index - 12) : index + 12].replace("\n", " ")


def check_link(url: str) -> str:
    """An http(s) or tg link, as Telegram accepts it on a button; LinkError otherwise."""
    cleaned = url.strip()
    parts = urllib.parse.urlsplit(cleaned)
    if (
        parts.scheme not in ("http", "https", "tg")
        or not (parts.netloc or parts.scheme == "tg")
        or any(c.isspace() for c in cleaned)
        or len(cleaned) > 2048
    ):
        raise LinkError("link", value=cleaned[:80])
    return cleaned
