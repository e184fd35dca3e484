"""Document symbols become links to the UN's Official Document System, through undocs.org.

Every answer passes through :func:`link_documents` on its way out (``handlers.common.send``),
so a symbol is linked wherever it stands: in a list of documents, in a paragraph of the report,
in a footnote. It works on finished Telegram HTML: it only touches text between tags, never
inside a tag, an existing link or code, and a symbol never contains ``&``, ``<`` or ``>``, so
escaped text stays escaped. Readers of either Chinese script get the Chinese text
(``https://undocs.org/zh/E/2020/31``), everyone else the English one.

A joint symbol (``A/75/62-E/2020/11``) is one document under two symbols: each half is linked
on its own, since each is a symbol the Official Document System knows.
"""

from __future__ import annotations

import re
from typing import Final

from bot.i18n import Html, Language
from knowledge.references import cited_symbols

UNDOCS: Final = "https://undocs.org"

# A symbol as the report prints it: a series of capitals (A, E, S, TD …), then parts after
# slashes (E/CN.16/2020/CRP.1, A/RES/70/125). knowledge.references.cited_symbols confirms each
# candidate (it must hold a digit) and trims what follows it (a full stop, a closing bracket).
_CANDIDATE: Final = re.compile(
    r"(?<![A-Za-z0-9/.\-])[A-Z]{1,10}(?:/[A-Za-z0-9.()\-]*[A-Za-z0-9)])+"
)
_SERIES: Final = re.compile(r"[A-Z]{1,10}/")
_TAG: Final = re.compile(r"<[^<>]*>")
_TAG_NAME: Final = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")
#: Inside these, text cannot hold a link.
_NO_LINKS: Final = frozenset({"a", "code", "pre"})


def undocs_url(symbol: str, lang: Language) -> str:
    """Where the Official Document System serves a document in the reader's language."""
    return f"{UNDOCS}/{'en' if lang == 'en' else 'zh'}/{symbol}"


def is_document_symbol(text: str) -> bool:
    """Whether ``text`` is one whole document symbol (``E/CN.16/2020/2``; not ``Europe/Paris``)."""
    found = cited_symbols(text)
    return bool(found) and found[0] == text and bool(_SERIES.match(text))


def _linked(symbol: str, lang: Language) -> str:
    return f'<a href="{undocs_url(symbol, lang)}">{symbol}</a>'


def _link_symbol(symbol: str, lang: Language) -> str:
    halves = symbol.split("-")
    if len(halves) > 1 and all(_SERIES.match(half) and "/" in half for half in halves):
        return "-".join(_linked(half, lang) for half in halves)
    return _linked(symbol, lang)


def _link_text(text: str, lang: Language) -> str:
    """Link the symbols of one run of (escaped) text."""
    out: list[str] = []
    end = 0
    for match in _CANDIDATE.finditer(text):
        found = cited_symbols(match.group(0))
        if not found or not match.group(0).startswith(found[0]):
            continue
        symbol = found[0]
        out.append(text[end : match.start()])
        out.append(_link_symbol(symbol, lang))
        end = match.start() + len(symbol)
    if not out:
        return text
    out.append(text[end:])
    return "".join(out)


def link_documents(html: str, lang: Language) -> Html:
    """``html`` with every document symbol in its text linked to undocs.org."""
    if "/" not in html:
        return Html(html)
    out: list[str] = []
    closed: list[str] = []  # names of the open tags that forbid links
    end = 0
    for tag in _TAG.finditer(html):
        text = html[end : tag.start()]
        out.append(text if closed else _link_text(text, lang))
        raw = tag.group(0)
        out.append(raw)
        end = tag.end()
        name_match = _TAG_NAME.match(raw)
        name = name_match.group(1).lower() if name_match else ""
        if name in _NO_LINKS:
            if raw.startswith("</"):
                if name in closed:
                    closed.remove(name)
            else:
                closed.append(name)
    tail = html[end:]
    out.append(tail if closed else _link_text(tail, lang))
    return Html("".join(out))
