"""The error of the report extractor.

    KnowledgeError            (knowledge.errors)
    └── ExtractError          the report text does not have the shape the extractor reads,
                              or a glossary text is not the expected mapping

The message names the source line where it can, so a changed report is quick to diagnose.
"""

from __future__ import annotations

from knowledge.errors import KnowledgeError


class ExtractError(KnowledgeError):
    """The report (or glossary) text cannot be turned into a knowledge base."""
