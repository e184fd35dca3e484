"""The Commission's offices and acts as delegates of other working languages name them.

A delegate who works in French or Spanish asks for the "president" of the Commission (le
président, el presidente: the UN's English says Chair), how many meetings it "realised" (réaliser:
held), who "assisted to" a meeting (assister à: attended) or was "given the floor" (spoke).
``english_wording`` writes those as the report's English glossary reads them, so that the
structured answers and the glossary find the office or the act asked about.
"""

from __future__ import annotations

import re

__all__ = ["english_wording"]

# the president of a body the Commission is not (the General Assembly, ECOSOC, a country)
_ANOTHER_PRESIDENT = re.compile(
    r"\bgeneral assembly\b|\bga\b|\bunga\b|\becosoc\b|\bcouncil\b|\bcountry\b|\bstate\b"
    r"|\brepublic\b|大会|理事会"
)
_OFFICES = (
    (re.compile(r"\bvice[- ]?presid[ae]nt(s?)\b", re.IGNORECASE), r"vice-chair\1"),
    (re.compile(r"\bpresid[ae]nt(s?)\b", re.IGNORECASE), r"chair\1"),
)
_ACTS = (
    # "how many meetings the Commission has realised": held
    (re.compile(r"\b(?:realis|realiz)(?:ed|es|e|ing)\b", re.IGNORECASE), "held"),
    (re.compile(r"\bassist(?:ed|s)? (?:to|at)\b", re.IGNORECASE), "attended"),
    (re.compile(r"\b(?:was|were|been|be) given the floor\b", re.IGNORECASE), "spoke"),
    (re.compile(r"\b(?:took|take|takes|taken|taking) the floor\b", re.IGNORECASE), "spoke"),
)


def english_wording(query: str) -> str:
    """``query`` with the offices and acts named as the report's English names them."""
    text = query
    if not _ANOTHER_PRESIDENT.search(text.casefold()):
        for pattern, replacement in _OFFICES:
            text = pattern.sub(replacement, text)
    for pattern, replacement in _ACTS:
        text = pattern.sub(replacement, text)
    return text
