"""The values a structured answer is made of: facts, a verdict, the paragraphs that say so."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.models import (
    Paragraph,
    Record,
)

Verdict = Literal["yes", "no", "unknown", ""]
Value = str | int

# facts that point at one paragraph by its place ("the last paragraph of R1", "the one just
# before the way forward"): the paragraph itself is the answer
_PLACED = frozenset({"first_paragraph", "last_paragraph", "nth_paragraph", "before_part"})


@dataclass(frozen=True, slots=True)
class Fact:
    """One stated fact: ``key`` names what it states (``chair``, ``adopted``, ``spoke``, …),
    ``values`` its values as the report prints them, ``record`` the record it comes from."""

    key: str
    values: tuple[tuple[str, Value], ...] = ()
    record: Record | None = None

    def value(self, name: str) -> Value | None:
        return next((v for k, v in self.values if k == name), None)

    @property
    def places_a_paragraph(self) -> bool:
        """Whether the fact names its record, a paragraph, by its place."""
        return self.key in _PLACED and self.record is not None


@dataclass(frozen=True, slots=True)
class Composed:
    intent: str
    verdict: Verdict
    facts: tuple[Fact, ...]
    evidence: tuple[Paragraph, ...] = ()
    subject: str = ""  # what the question named, as it wrote it ("China", "第21届")

    @property
    def records(self) -> tuple[Record, ...]:
        """The records the answer rests on, each once, facts first."""
        seen: dict[str, Record] = {}
        for fact in self.facts:
            if fact.record is not None:
                seen.setdefault(fact.record.id, fact.record)
        for paragraph in self.evidence:
            seen.setdefault(paragraph.id, paragraph)
        return tuple(seen.values())
