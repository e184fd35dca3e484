"""United Nations resolution symbols and the way the report cites them.

The report cites resolutions by body and number, not by symbol: "大会第 70/125 号决议" is
A/RES/70/125, "经社理事会第 2006/46 号决议" is E/RES/2006/46. A delegate who types the symbol
gets the paragraphs that cite it. A symbol typed short ("UNCTAD/DTL/STICT/2019") finds the
documents it begins ("UNCTAD/DTL/STICT/2019/4").
"""

from __future__ import annotations

import re

from knowledge.kbcache import derived
from knowledge.models import KnowledgeBase, Paragraph, Record
from knowledge.normalize import fold_symbol

__all__ = ["citing_records"]

# "大会 … 第 70/125 号决议", "经社理事会第 2006/46 号决议": the body named within a few
# characters before the number
_CITED = re.compile(r"第\s*(\d{2,4})\s*/\s*(\d{1,4})\s*号决议")
_BODIES = (
    ("A/RES", re.compile(r"大会")),
    ("E/RES", re.compile(r"经社理事会|经济及社会理事会|理事会")),
)
_SYMBOL = re.compile(r"^([AE])/RES/(\d{2,4})/(\d{1,4})$")
_PRINTED = re.compile(r"[A-Z][A-Z0-9.]*(?:/[A-Z0-9.()\-]*[A-Z0-9)])+")


def _paragraphs(kb: KnowledgeBase) -> list[Paragraph]:
    return [p for r in kb.resolutions for p in r.paragraphs] + list(kb.paragraphs)


def _tables(kb: KnowledgeBase) -> tuple[dict[str, list[Record]], dict[str, list[Record]]]:
    """(resolution symbol → citing paragraphs, folded printed symbol → citing paragraphs)."""
    resolutions: dict[str, list[Record]] = {}
    printed: dict[str, list[Record]] = {}
    for paragraph in _paragraphs(kb):
        texts = [paragraph.text, *(note.text for note in paragraph.footnotes)]
        for text in texts:
            for match in _CITED.finditer(text):
                before = text[max(0, match.start() - 40) : match.start()]
                # the body named nearest before the number ("大会在第 70/125 号决议中 …
                # 根据经社理事会第 2006/46 号决议": the second is the Council's)
                nearest = max(
                    ((m.end(), prefix) for prefix, body in _BODIES for m in body.finditer(before)),
                    default=None,
                )
                if nearest is None:
                    continue
                symbol = f"{nearest[1]}/{match.group(1)}/{match.group(2)}"
                bucket = resolutions.setdefault(symbol, [])
                if paragraph not in bucket:
                    bucket.append(paragraph)
            for match in _PRINTED.finditer(text.upper()):
                bucket = printed.setdefault(fold_symbol(match.group(0)), [])
                if paragraph not in bucket:
                    bucket.append(paragraph)
    return resolutions, printed


def citing_records(kb: KnowledgeBase, symbol: str) -> tuple[Record, ...]:
    """The paragraphs that cite a resolution by its number, or print a symbol that begins
    with the one typed; empty when nothing does."""
    resolutions, printed = derived(kb, "citations", _tables)
    typed = symbol.strip().upper()
    found = resolutions.get(typed)
    if found:
        return tuple(found)
    folded = fold_symbol(typed)
    if len(folded) < 6:
        return ()
    out: list[Record] = []
    for key, records in printed.items():
        if key.startswith(folded) and key != folded:
            out.extend(r for r in records if r not in out)
    return tuple(out)
