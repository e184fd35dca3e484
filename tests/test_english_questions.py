"""English questions over the Chinese report: how English words reach the report's Chinese
through the dictionary (senses, inflections, compounds, spelling), and what that does to
whole questions asked in plain English."""

from __future__ import annotations

from knowledge.dictionary import chinese_for


def test_every_part_of_a_definition_is_a_gloss() -> None:
    # CC-CEDICT writes 讨论 as "to discuss; to talk over": one definition, two glosses
    assert chinese_for("discuss", "委员会讨论了这个问题") == ("讨论",)
    assert chinese_for("talk over", "委员会讨论了这个问题") == ("讨论",)


def test_a_word_s_main_sense_wins_over_a_passing_one() -> None:
    # 日期 is "date"; 迄今 is "so far / to date", which is not what "date" asks for
    text = "会议日期 迄今为止 到目前为止"
    assert chinese_for("date", text) == ("日期",)
    # with no main sense printed, a passing one is still better than nothing
    assert chinese_for("date", "迄今为止") == ("迄今",)
