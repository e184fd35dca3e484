"""The errors of the knowledge domain.

    KnowledgeError                   anything wrong with a knowledge base
    └── KnowledgeValidationError     a YAML text that is not a valid knowledge base;
                                     ``problems`` says what is wrong and where

A caller that only needs to know "this file cannot be used" catches ``KnowledgeError``; one that
shows the officer what to fix catches ``KnowledgeValidationError`` and prints its problems.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

NO_KEY = "-"
"""The path of a problem that belongs to the file as a whole (encoding, size, syntax)."""

ROOT_KEY = "<root>"
"""The path of a problem with the top-level mapping itself."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a knowledge-base file, at a 1-based line and column."""

    line: int
    column: int
    path: str
    message: str

    def format(self, file_name: str) -> str:
        """``FILE:LINE:COLUMN: key.path: what is wrong`` — the form editors can jump to."""
        return f"{file_name}:{self.line}:{self.column}: {self.path or NO_KEY}: {self.message}"


class KnowledgeError(Exception):
    """Root of the knowledge domain's errors."""


class KnowledgeValidationError(KnowledgeError):
    """A text that is not a valid knowledge base; ``problems`` are sorted by line."""

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self._summary())

    def format(self, file_name: str, *, limit: int | None = None) -> str:
        """Every problem (or the first ``limit``) on its own line, named after ``file_name``."""
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [problem.format(file_name) for problem in shown]
        if len(shown) < len(self.problems):
            lines.append(f"… and {len(self.problems) - len(shown)} more problems")
        return "\n".join(lines)

    def _summary(self) -> str:
        if not self.problems:
            return "not a valid knowledge base"
        first = "; ".join(
            f"line {p.line}, column {p.column}: {p.path or NO_KEY}: {p.message}"
            for p in self.problems[:3]
        )
        more = len(self.problems) - 3
        return first + (f" (and {more} more problems)" if more > 0 else "")

    def __reduce__(self) -> tuple[type[KnowledgeValidationError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))
