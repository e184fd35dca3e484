"""KnowledgeBase → plain data → YAML text (the reverse lives in ``knowledge.loader``).

The YAML keys are the dataclass field names, in declaration order; fields left at their
default are omitted so the file stays short enough to edit by hand. Times are written as
quoted ``"HH:MM"`` strings (YAML 1.1 would read a bare 10:00 as the number 600). Paragraphs
nested in a resolution omit ``parent``: the loader fills it in from the resolution's id.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import yaml

from knowledge.models import KnowledgeBase, Paragraph, Resolution

_SKIP = {"_by_id"}


def to_data(value: Any, *, nested_in: str | None = None) -> Any:
    """Turn a model value into lists, dicts, strings, numbers and dates."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            if f.name in _SKIP:
                continue
            if isinstance(value, Paragraph) and f.name == "parent" and nested_in is not None:
                continue
            item = getattr(value, f.name)
            if _is_default(f, item):
                continue
            child_parent = value.id if isinstance(value, Resolution) else None
            out[f.name] = to_data(item, nested_in=child_parent)
        return out
    if isinstance(value, tuple | list):
        return [to_data(v, nested_in=nested_in) for v in value]
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value


def _is_default(f: dataclasses.Field[Any], item: Any) -> bool:
    if f.default is not dataclasses.MISSING:
        return bool(item == f.default)
    if f.default_factory is not dataclasses.MISSING:
        return bool(item == f.default_factory())
    return False


class _Dumper(yaml.SafeDumper):
    """Block style, long lines kept whole, and no anchors/aliases in the output."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_yaml(kb: KnowledgeBase, *, header: str = "") -> str:
    """The YAML text of a knowledge base, deterministic for the same input."""
    text = yaml.dump(
        to_data(kb),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
        default_flow_style=False,
    )
    if header:
        lines = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
        return lines + text
    return text
