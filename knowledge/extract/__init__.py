"""Report text → KnowledgeBase, so the bundled YAML can be rebuilt from the report."""

from __future__ import annotations

from knowledge.extract.errors import ExtractError
from knowledge.extract.glossary import parse_glossary
from knowledge.extract.report import BUNDLED_HEADER, build_knowledge_base, extract_report

__all__ = [
    "BUNDLED_HEADER",
    "ExtractError",
    "build_knowledge_base",
    "extract_report",
    "parse_glossary",
]
