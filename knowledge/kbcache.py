"""Values derived from a KnowledgeBase, built once and dropped with it.

A KnowledgeBase is immutable, so anything computed from it (the search index, the reference
tables) stays valid for its lifetime. Entries are keyed by the object's identity (hashing a
knowledge base would hash every record) and held through a weak reference: replacing the active
knowledge base frees the old index.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from knowledge.models import KnowledgeBase

T = TypeVar("T")

_cache: dict[int, tuple[weakref.ref[KnowledgeBase], dict[str, Any]]] = {}
_lock = threading.Lock()


def _values(kb: KnowledgeBase) -> dict[str, Any] | None:
    entry = _cache.get(id(kb))
    if entry is not None and entry[0]() is kb:
        return entry[1]
    return None


def _forget(key: int) -> Callable[[weakref.ref[KnowledgeBase]], None]:
    def drop(ref: weakref.ref[KnowledgeBase]) -> None:
        with _lock:
            entry = _cache.get(key)
            if entry is not None and entry[0] is ref:
                del _cache[key]

    return drop


def derived(kb: KnowledgeBase, key: str, build: Callable[[KnowledgeBase], T]) -> T:
    """``build(kb)``, computed at most once per knowledge base and key (thread-safe)."""
    with _lock:
        values = _values(kb)
        if values is not None and key in values:
            cached: T = values[key]
            return cached
    built = build(kb)  # outside the lock: a build takes a while and may use the cache itself
    with _lock:
        values = _values(kb)
        if values is None:
            values = {}
            _cache[id(kb)] = (weakref.ref(kb, _forget(id(kb))), values)
        existing: T = values.setdefault(key, built)
        return existing
