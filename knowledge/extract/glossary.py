"""The hand-written aliases and glossary (``knowledge/sources/glossary.yaml``), which the report
does not contain: names in other scripts and languages, and English ↔ Chinese terms."""

from __future__ import annotations

from typing import Any, get_args

import yaml

from knowledge.extract.errors import ExtractError
from knowledge.models import Alias, AliasKind, GlossaryTerm

__all__ = ["parse_glossary"]


def parse_glossary(text: str) -> tuple[tuple[Alias, ...], tuple[GlossaryTerm, ...]]:
    """``{aliases: [{kind, zh, names}], glossary: [{zh, en}]}`` → records (safe YAML only)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ExtractError(f"glossary: not valid YAML: {exc}") from None
    if data is None:
        return (), ()
    if not isinstance(data, dict):
        raise ExtractError("glossary: the top level must be a mapping")
    unknown = set(data) - {"aliases", "glossary"}
    if unknown:
        raise ExtractError(f"glossary: unknown keys {sorted(unknown)}")
    kinds = get_args(AliasKind)
    aliases = []
    for at, entry in enumerate(_entries(data, "aliases", ("kind", "zh", "names"))):
        if entry["kind"] not in kinds:
            raise ExtractError(f"glossary: aliases[{at}].kind must be one of {', '.join(kinds)}")
        aliases.append(
            Alias(
                entry["kind"],
                _string(entry["zh"], f"aliases[{at}].zh"),
                _strings(entry["names"], f"aliases[{at}].names"),
            )
        )
    terms = [
        GlossaryTerm(
            _string(entry["zh"], f"glossary[{at}].zh"), _strings(entry["en"], f"glossary[{at}].en")
        )
        for at, entry in enumerate(_entries(data, "glossary", ("zh", "en")))
    ]
    return tuple(aliases), tuple(terms)


def _entries(data: dict[Any, Any], key: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    entries = data.get(key) or []
    if not isinstance(entries, list):
        raise ExtractError(f"glossary: {key} must be a list")
    for at, entry in enumerate(entries):
        if not isinstance(entry, dict) or set(entry) != set(fields):
            raise ExtractError(f"glossary: {key}[{at}] must have exactly {', '.join(fields)}")
    return entries


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ExtractError(f"glossary: {where} must be a non-empty string")
    return value.strip()


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ExtractError(f"glossary: {where} must be a non-empty list of strings")
    return tuple(_string(item, f"{where}[{at}]") for at, item in enumerate(value))
