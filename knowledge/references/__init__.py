"""Exact addressing: a query that names a record resolves to it, or says that it does not exist.

People name things in many ways; all of these name the same paragraph::

    R1.24   R1 24   1 24   决议一第24段   決議草案一第二十四段   resolution I para 24   res 1 24

and ``决议草案二 (a)(三)``, ``第二项决议(b)段第十八项``, ``res 2 a 3`` name ``R2.a.3``.
Agenda items (``议程项目3``, ``agenda item 3(a)``, ``第二十四届会议议程第4项``), meetings
(``第二次会议``, ``first meeting``), sessions (``第二十三届会议``) and document symbols
(``E/CN.16/2020/2``, ``e/cn16/2020/2``) are recognised too.

``resolve_reference`` answers with the record, or — when the query names something that does
not exist, such as paragraph 91 of a resolution with 90 — with a hint and the nearest real
records. It never answers with something other than what was named.

The package: ``tables`` (what exists, built once per knowledge base), ``parse`` (the prepared
query and the values a parse answers with), ``paragraphs`` (resolutions, the report, annexes
and their paragraphs) and ``resolve`` (the entry points, and documents, ids, sessions, agenda
items and meetings).
"""

from knowledge.references.parse import (
    Reference,
    ReferenceKind,
    ReferenceResolution,
    expand_shorthand,
)
from knowledge.references.resolve import (
    named_meetings,
    named_sessions,
    prepare_query,
    resolution_by_subject,
    resolve_reference,
    subject_words_left,
)
from knowledge.references.tables import ReferenceTables, cited_symbols, reference_tables

__all__ = [
    "Reference",
    "ReferenceKind",
    "ReferenceResolution",
    "ReferenceTables",
    "cited_symbols",
    "expand_shorthand",
    "named_meetings",
    "named_sessions",
    "prepare_query",
    "reference_tables",
    "resolution_by_subject",
    "resolve_reference",
    "subject_words_left",
]
