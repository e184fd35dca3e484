"""English for the knowledge base's structured fields: names, roles, titles, procedures.

Everything comes from the knowledge base: its aliases and glossary (exact, whitespace aside),
names built from them (``副主席(奥地利)`` → "Vice-Chair (Austria)", ``副主席彼得·毛约尔(匈牙利)``
→ "Vice-Chair Peter Major (Hungary)"), and structured data (a procedure's end date). A value
with no English stays Chinese; the report's own text is never translated.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.i18n import format_date
from knowledge.kbcache import derived
from knowledge.models import KnowledgeBase

__all__ = ["english_name", "english_procedure", "english_title", "terms_in"]


def _fold(text: str) -> str:
    """The report spaces digits and Latin words inside Chinese text irregularly."""
    return "".join(text.split())


@dataclass(frozen=True, slots=True)
class Glossary:
    exact: dict[str, str]  # folded Chinese → the first English name
    by_length: tuple[tuple[str, str], ...]  # Chinese as written, longest first
    roles: tuple[tuple[str, str], ...]  # role aliases, longest first


def _build(kb: KnowledgeBase) -> Glossary:
    exact: dict[str, str] = {}
    written: dict[str, str] = {}
    for alias in kb.aliases:
        if alias.kind == "question":
            continue  # how delegates asked for a record, not an English name of its text
        latin = [n for n in alias.names if not any(_is_han(c) for c in n)]
        if latin:
            exact.setdefault(_fold(alias.zh), latin[0])
            written.setdefault(alias.zh, latin[0])
    for term in kb.glossary:
        if term.en:
            exact.setdefault(_fold(term.zh), term.en[0])
            written.setdefault(term.zh, term.en[0])
    ordered = tuple(
        sorted(((zh, en) for zh, en in written.items() if len(zh) >= 2), key=lambda p: -len(p[0]))
    )
    roles = tuple(
        sorted(
            ((a.zh, exact[_fold(a.zh)]) for a in kb.aliases if a.kind == "role"),
            key=lambda p: -len(p[0]),
        )
    )
    return Glossary(exact, ordered, roles)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def glossary(kb: KnowledgeBase) -> Glossary:
    return derived(kb, "bot-english", _build)


_IN_PARENTHESES = re.compile(r"^(?P<head>.+?)\s*[(（](?P<inner>[^()（）]+)[)）]$")


def english_name(kb: KnowledgeBase, zh: str) -> str | None:
    """The English for a name, role, body or term, or None where the knowledge base has none."""
    found = glossary(kb).exact.get(_fold(zh))
    if found is not None or not zh:
        return found
    match = _IN_PARENTHESES.match(zh.strip())
    if match is not None:  # 副主席(奥地利): a role or person, then a country
        head = _head(kb, match["head"])
        inner = glossary(kb).exact.get(_fold(match["inner"]))
        if head is not None and inner is not None:
            return f"{head} ({inner})"
    return None


def _head(kb: KnowledgeBase, zh: str) -> str | None:
    """A name, or a role followed by a name (副主席彼得·毛约尔 → Vice-Chair Peter Major)."""
    exact = glossary(kb).exact.get(_fold(zh))
    if exact is not None:
        return exact
    for role, role_en in glossary(kb).roles:
        if zh.startswith(role) and len(zh) > len(role):
            rest = glossary(kb).exact.get(_fold(zh[len(role) :]))
            if rest is not None:
                return f"{role_en} {rest}"
    return None


def english_title(kb: KnowledgeBase, zh: str) -> str | None:
    """A title's English, capitalised as a title is (the glossary lists terms in lower case)."""
    english = english_name(kb, zh)
    if not english:
        return None
    return english[0].upper() + english[1:]


_ENDING = re.compile(r"^(?P<date>.*?\d.*?日)\s*(?P<weekday>星期.)?\s*结束的(?P<procedure>.+)$")


def english_procedure(kb: KnowledgeBase, zh: str, day: dt.date | None) -> str | None:
    """``2020 年 6 月 9 日星期二结束的无异议程序`` with its date → "by silence procedure ending
    Tuesday, 9 June 2020" (the date from the record, the procedure from the glossary)."""
    match = _ENDING.match(zh.strip())
    if match is None or day is None:
        return None
    procedure = english_name(kb, match["procedure"])
    if procedure is None:
        return None
    ending = format_date("en", day, weekday=match["weekday"] is not None)
    return f"by {procedure} ending {ending}"


def terms_in(kb: KnowledgeBase, text: str, limit: int = 6) -> list[tuple[str, str]]:
    """Glossary terms printed in ``text``, longest first, none inside another found one."""
    found: list[tuple[str, str]] = []
    for zh, en in glossary(kb).by_length:
        if zh in text and not any(zh in longer for longer, _ in found):
            found.append((zh, en))
            if len(found) >= limit:
                break
    return found
