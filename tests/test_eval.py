"""The evaluation command, and the regression guard on the development queries."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.evaluate import EvalCase, evaluate, format_report, load_queries
from tests.support.kbs import bundled_kb, small_kb

DEV = Path(__file__).resolve().parent / "data" / "queries-dev.yaml"

QUERY_SET = """\
- id: q-1
  query: "决议一第24段"
  lang: zh-Hans
  kind: resolution
  expect_any: ["欢迎 2005 年以来移动电话"]
- id: q-2
  query: "决议一第25段"  # typo: 24→25
  lang: zh-Hans
  kind: resolution
  expect_any: ["欢迎 2005 年以来移动电话"]
- id: q-3
  query: "R1.91"
  lang: en
  kind: resolution
  expect_any: ["决议一 执行段 90"]
"""


def test_load_queries_reads_the_typo_comments() -> None:
    cases = load_queries(QUERY_SET)
    assert [c.id for c in cases] == ["q-1", "q-2", "q-3"]
    assert [c.typo for c in cases] == ["", "24→25", ""]
    assert cases[0].expect_any == ("欢迎 2005 年以来移动电话",)


def test_evaluate_scores_first_answers_and_top_three() -> None:
    report = evaluate(small_kb(), QUERY_SET)
    outcomes = {o.case.id: o for o in report.outcomes}
    assert outcomes["q-1"].hit_at_1 and outcomes["q-1"].first == "R1.24"
    assert not outcomes["q-2"].hit_at_1  # R1.25 is not R1.24
    # a missing paragraph has no answer, though its suggestions show R1.90
    assert outcomes["q-3"].status == "not_found"
    assert not outcomes["q-3"].hit_at_1 and outcomes["q-3"].hit_at_3
    assert report.accuracy(1) == (1, 3)
    assert report.accuracy(3) == (2, 3)
    assert [o.case.id for o in report.misses] == ["q-2", "q-3"]


def test_whitespace_is_ignored_on_both_sides() -> None:
    case = EvalCase("w", "R1.24", "en", "resolution", ("欢迎2005年 以来",))
    assert evaluate(small_kb(), [case]).outcomes[0].hit_at_1


def test_format_report_breaks_down_and_lists_misses() -> None:
    text = format_report(evaluate(small_kb(), QUERY_SET))
    assert "accuracy@1" in text and "accuracy@3" in text
    assert "overall          1/3    33.3%     2/3    66.7%" in text
    for heading in ("by language:", "by kind:", "by typo:", "misses (2):"):
        assert heading in text
    assert "q-2 [zh-Hans/resolution] 决议一第25段" in text
    assert "got: exact R1.25" in text


def test_a_wrong_answer_given_without_choices_is_counted_as_confident() -> None:
    # q-2 gets R1.25 as the answer (wrong, no choices); q-3 gets suggestions only
    report = evaluate(small_kb(), QUERY_SET)
    assert [o.case.id for o in report.confidently_wrong] == ["q-2"]
    assert "confidently wrong: 1/3 (33.3%)" in format_report(report)


# Floors under today's figures, so that a change that loses ground fails; the targets (97% at
# rank 1, 90% plain "no answer"s) are above them and README reports where the search stands.
# (The set grows with questions written without reading the code: a new batch lowers the
# figures before the search learns from it, and the floors are set under the new figures.)
# (7,813 questions: 89.4% overall, English 88.0% the lowest language, no-answer 90.8%; the
# no-answer floor went to 0.89 when a batch of 75 near-miss twins came in at 89.9%, and back)
DEV_FLOOR = 0.88
LANGUAGE_FLOOR = 0.87
UNANSWERABLE_FLOOR = 0.90
# and a ceiling over the answers given as the answer that are wrong (3.5% at last count)
CONFIDENTLY_WRONG_CEILING = 0.04


def test_dev_set_accuracy_stays_above_its_floor() -> None:
    report = evaluate(bundled_kb(), DEV.read_text(encoding="utf-8"))
    hits, total = report.accuracy(1)
    assert total >= 200
    assert hits / total >= DEV_FLOOR, format_report(report)
    for lang in ("zh-Hans", "zh-Hant", "en", "mixed"):
        cases = [o for o in report.outcomes if o.case.lang == lang]
        lang_hits, lang_total = report.accuracy(1, cases)
        assert lang_total > 0
        assert lang_hits / lang_total >= LANGUAGE_FLOOR, (lang, format_report(report))
    unanswerable = [o for o in report.outcomes if o.case.expect_none]
    assert len(unanswerable) >= 30
    plain, count = report.accuracy(1, unanswerable)
    assert plain / count >= UNANSWERABLE_FLOOR, format_report(report)
    assert sum(1 for o in report.outcomes if o.case.typo) >= 12
    confident = len(report.confidently_wrong) / total
    assert confident <= CONFIDENTLY_WRONG_CEILING, format_report(report)


def test_a_question_the_report_cannot_answer_is_right_only_without_an_answer() -> None:
    text = """
- id: u-1
  query: "who chaired the 21st session"
  lang: en
  kind: unanswerable
  expect_none: true
- id: u-2
  query: "R1.24"
  lang: en
  kind: unanswerable
  expect_none: true
"""
    report = evaluate(bundled_kb(), text)
    outcomes = {o.case.id: o for o in report.outcomes}
    assert outcomes["u-1"].hit_at_1 and outcomes["u-1"].status == "none"
    assert not outcomes["u-2"].hit_at_1  # an answer to an unanswerable question is wrong
    assert "unanswerable: 1/2" in format_report(report)


@pytest.mark.parametrize("source", ["text", "parsed"])
def test_evaluate_accepts_text_or_parsed_items(source: str) -> None:
    import yaml

    # the first 120 questions of the development set, as text or as parsed items
    items = yaml.safe_load(DEV.read_text(encoding="utf-8"))[:120]
    queries = yaml.safe_dump(items, allow_unicode=True) if source == "text" else items
    report = evaluate(bundled_kb(), queries)
    assert len(report.outcomes) == 120
    assert [o.case.id for o in report.outcomes] == [item["id"] for item in items]


REPORT = Path(__file__).resolve().parents[1] / "knowledge" / "sources" / "E-2020-31-zh.txt"
QUERY_SETS = sorted((Path(__file__).resolve().parent / "data").glob("queries-*.yaml"))


@pytest.mark.parametrize("path", QUERY_SETS, ids=lambda p: p.stem)
def test_every_evaluation_set_expects_what_the_report_prints(path: Path) -> None:
    # a question scored against a string the report does not print could never be right
    report = "".join(REPORT.read_text(encoding="utf-8").split())
    cases = load_queries(path.read_text(encoding="utf-8"))
    assert len({c.id for c in cases}) == len(cases)
    for case in cases:
        assert case.expect_none != bool(case.expect_any), case.id
        for expected in case.expect_any:
            squashed = "".join(expected.split())
            assert squashed in report, (case.id, expected)
