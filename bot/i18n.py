"""Every word the bot says to a user, in 简体中文, 繁體中文 and English.

The words themselves are data: the catalogue files in ``locales/`` (``zh-Hans.toml``,
``en.toml``, and ``zh-Hant.toml`` for corrections to the generated Traditional text), read and
checked once per process by :mod:`bot.catalogue`. A new message is a new key in both
``zh-Hans.toml`` and ``en.toml``.

Templates are Telegram HTML. :func:`t` escapes every parameter with ``html.escape`` unless it
is already :class:`Html` (a renderer's output), so a knowledge-base or user value can never
open a tag. :func:`plain` is for places without parse mode (button labels, callback answers,
command descriptions): nothing is escaped and templates used there contain no tags. A
``count`` parameter picks the plural form (``1 recipient``, ``2 recipients``).

The Traditional catalogue is the Simplified one through OpenCC, the same conversion the
knowledge-base text gets (:func:`traditional`), so both always agree on wording. Dates,
numbers and lists are formatted by :mod:`bot.formatting`, re-exported here.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Final

from bot.catalogue import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    CatalogueError,
    Language,
    catalogue,
    traditional,
)
from bot.catalogue import placeholders as _fields
from bot.formatting import (
    chinese_number,
    format_date,
    format_short_date,
    format_time,
    join,
    ordinal_en,
    roman,
)
from knowledge.script import simplified_for_display

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "CatalogueError",
    "Html",
    "Language",
    "catalogue_keys",
    "check_catalogue",
    "chinese_number",
    "escape",
    "format_date",
    "format_short_date",
    "format_time",
    "has_key",
    "join",
    "kb_html",
    "kb_text",
    "language_from_telegram",
    "ordinal_en",
    "parse_language",
    "placeholders",
    "plain",
    "roman",
    "t",
    "traditional",
]

LANGUAGE_NAMES: Final[Mapping[Language, str]] = {
    "zh-Hans": "简体中文",
    "zh-Hant": "繁體中文",
    "en": "English",
}

_TRADITIONAL_CODES: Final = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")


class Html(str):
    """Text that is already valid Telegram HTML: :func:`t` inserts it as it is."""

    __slots__ = ()


def escape(value: object) -> Html:
    """Any value as HTML text (``&``, ``<``, ``>`` and quotes escaped)."""
    return Html(html.escape(str(value), quote=True))


def language_from_telegram(code: str | None) -> Language:
    """The interface language for a Telegram ``language_code`` on first contact."""
    if not code:
        return "en"
    lowered = code.lower().replace("_", "-")
    if lowered.startswith(_TRADITIONAL_CODES):
        return "zh-Hant"
    if lowered == "zh" or lowered.startswith("zh-"):
        return "zh-Hans"
    return "en"


_LANGUAGE_WORDS: Final[Mapping[str, Language]] = {
    "zh-hans": "zh-Hans",
    "zhhans": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh": "zh-Hans",
    "hans": "zh-Hans",
    "简体": "zh-Hans",
    "简体中文": "zh-Hans",
    "简": "zh-Hans",
    "中文": "zh-Hans",
    "zh-hant": "zh-Hant",
    "zhhant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "hant": "zh-Hant",
    "繁體": "zh-Hant",
    "繁体": "zh-Hant",
    "繁體中文": "zh-Hant",
    "繁体中文": "zh-Hant",
    "繁": "zh-Hant",
    "en": "en",
    "english": "en",
    "英文": "en",
    "英语": "en",
}


def parse_language(text: str) -> Language | None:
    """A language a user typed (``zh-Hans``, ``繁體``, ``english`` …), or None."""
    return _LANGUAGE_WORDS.get(text.strip().lower().replace("_", "-"))


# ---------------------------------------------------------------------------------------------
# Filling in the catalogue


def check_catalogue() -> None:
    """Load and check the catalogue now (at start), so a broken file stops the bot at once
    with :class:`CatalogueError` naming the file, line and key, not at the first message."""
    catalogue()


def _template(lang: Language, key: str, count: object = None) -> str:
    return catalogue().template(lang, key, count)


def has_key(key: str) -> bool:
    return key in catalogue()


def catalogue_keys() -> tuple[str, ...]:
    return catalogue().message_keys()


def placeholders(key: str) -> tuple[frozenset[str], frozenset[str]]:
    """The parameter names of a key's Simplified and English templates (every plural form)."""
    simplified, english = (
        frozenset().union(*(_fields(text) for text in catalogue().forms(lang, key).values()))
        for lang in ("zh-Hans", "en")
    )
    return simplified, english


def t(lang: Language, key: str, /, **params: object) -> Html:
    """The HTML message ``key`` in ``lang``, with every non-Html parameter escaped."""
    safe = {
        name: value if isinstance(value, Html) else escape(value) for name, value in params.items()
    }
    return Html(_template(lang, key, params.get("count")).format_map(safe))


def plain(lang: Language, key: str, /, **params: object) -> str:
    """The message ``key`` as plain text (no parse mode: nothing to escape)."""
    template = _template(lang, key, params.get("count"))
    return template.format_map({k: str(v) for k, v in params.items()})


def kb_text(lang: Language, text: str) -> str:
    """A knowledge-base text in the reader's script, not escaped: Traditional for zh-Hant,
    Simplified otherwise (the few passages the report printed in Traditional included)."""
    return traditional(text) if lang == "zh-Hant" else simplified_for_display(text)


def kb_html(lang: Language, text: str) -> Html:
    """A knowledge-base text in the reader's script, escaped for HTML."""
    return escape(kb_text(lang, text))
