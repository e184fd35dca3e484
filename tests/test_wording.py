"""The Commission's offices and acts as delegates of other working languages name them."""

from __future__ import annotations

import pytest

from knowledge.search import search
from knowledge.wording import english_wording
from tests.support.kbs import bundled_kb


@pytest.mark.parametrize(
    ("query", "read"),
    [
        (
            "Who is the president of CSTD for the 24th session?",
            "Who is the chair of CSTD for the 24th session?",
        ),
        ("the vice-presidents of the next session", "the vice-chairs of the next session"),
        (
            "How many meetings the Commission has realised?",
            "How many meetings the Commission has held?",
        ),
        (
            "How many delegates assisted to the meetings",
            "How many delegates attended the meetings",
        ),
        ("the youth were given the floor", "the youth spoke"),
    ],
)
def test_offices_and_acts_read_as_the_report_s_english_names_them(query: str, read: str) -> None:
    assert english_wording(query) == read


def test_the_president_of_another_body_stays_a_president() -> None:
    query = "what debate will the President of the General Assembly hold"
    assert english_wording(query) == query


def test_the_commission_s_president_is_its_chair() -> None:
    result = search(bundled_kb(), "Who is the president of CSTD for the 24th session?")
    assert result.composed is not None and result.composed.intent == "bureau"
    assert result.best is not None and result.best.record.id == "B24.chair"
