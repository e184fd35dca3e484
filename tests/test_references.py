"""Exact addressing: every form people use to name a record, and what happens when it does not
exist. Most tests run on a small knowledge base built here (its shape follows the report:
90 operative paragraphs in R1, lettered sections with Chinese-numbered items in R2, a draft
decision, 19 report paragraphs, annex II); the last ones check the bundled base."""

from __future__ import annotations

import pytest

from knowledge.normalize import to_traditional
from knowledge.references import cited_symbols, resolution_by_subject, resolve_reference
from knowledge.search import search
from tests.support.kbs import bundled_kb, small_kb

KB = small_kb()


def _resolved(query: str) -> str:
    resolution = resolve_reference(KB, query)
    assert resolution is not None, query
    assert resolution.found, (query, resolution.hint)
    record = resolution.record
    assert record is not None
    return record.id


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("R1.24", "R1.24"),
        ("r1.24", "R1.24"),
        ("R1 24", "R1.24"),
        ("1 24", "R1.24"),
        ("决议一第24段", "R1.24"),
        ("决议草案一第二十四段", "R1.24"),
        (to_traditional("决议草案一第二十四段"), "R1.24"),
        ("ＲＥＳＯＬＵＴＩＯＮ Ｉ ｐａｒａ ２４", "R1.24"),
        ("resolution I para 24", "R1.24"),
        ("draft resolution I, paragraph 24", "R1.24"),
        ("res 1 24", "R1.24"),
        ("R1.84.a", "R1.84.a"),
        ("决议草案一第84段(a)", "R1.84.a"),
        ("决议草案二 (a)(三)", "R2.a.3"),
        ("第二项决议(b)段第十八项", "R2.b.18"),
        ("res 2 a 3", "R2.a.3"),
        ("2 a 3", "R2.a.3"),
        ("R2.a.3", "R2.a.3"),
        ("决议草案二 (a)", "R2.a"),
        ("R1.pre.5", "R1.pre.5"),
        ("决议一序言部分第5段", "R1.pre.5"),
        ("resolution 1 preambular paragraph 5", "R1.pre.5"),
        ("决定草案(b)", "D1.b"),
        ("D1.b", "D1.b"),
        ("draft decision", "D1"),
        ("决议草案二", "R2"),
        ("报告第12段", "P12"),
        ("附件二第13段", "AX2.13"),
        ("AX2.13", "AX2.13"),
    ],
)
def test_paragraph_forms(query: str, expected: str) -> None:
    assert _resolved(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("议程项目3", "A23.3"),
        ("議程項目3", "A23.3"),
        ("agenda item 3", "A23.3"),
        ("agenda item 3(a)", "A23.3a"),
        ("Agenda item 3 (b)", "A23.3b"),
        ("第二十四届会议议程第4项", "A24.4"),
        ("第24届会议 议程项目 4", "A24.4"),
        ("first item of the 24th session provisional agenda", "A24.1"),
        ("临时议程项目2", "A24.2"),
        # the next session named relative to this one
        ("下届会议议程项目3", "A24.3"),
        ("next session's agenda item 3", "A24.3"),
        ("明年的议程项目3", "A24.3"),
        ("next year's agenda item 3", "A24.3"),
        ("明年那届临时议程第6项", "A24.6"),
        ("A24.3", "A24.3"),
        ("第二次会议", "M2"),
        ("第2次虚拟会议", "M2"),
        ("the third meeting", "M3"),
        # by its place in the session
        ("开幕那次会", "M1"),
        ("the opening meeting", "M1"),
        ("最后一次会议", "M3"),
        ("the closing meeting", "M3"),
        # by its day: the session met once a day
        ("on the last day", "M3"),
        ("the first day", "M1"),
        ("on 12 June", "M3"),
        ("June 11th", "M2"),
        ("the 10th of June", "M1"),
        ("6月11日", "M2"),
        ("6月12号那天", "M3"),
        ("meeting 1", "M1"),
        ("第二十三届会议", "S23"),
        ("24th session", "S24"),
        ("E/CN.16/2020/2", "E/CN.16/2020/2"),
        ("e/cn16/2020/2", "E/CN.16/2020/2"),
        ("Ｅ／ＣＮ．１６／２０２０／２", "E/CN.16/2020/2"),
        ("A/75/62-E/2020/11", "A/75/62-E/2020/11"),
        ("E/2020/11", "A/75/62-E/2020/11"),
        ("B24.vc1", "B24.vc1"),
        ("b24.chair", "B24.chair"),
    ],
)
def test_other_record_forms(query: str, expected: str) -> None:
    assert _resolved(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("CRP.1", "E/CN.16/2020/CRP.1"), ("the INF 1 list", "E/CN.16/2020/INF.1")],
)
def test_a_symbol_named_by_its_last_part_is_its_document(query: str, expected: str) -> None:
    resolution = resolve_reference(bundled_kb(), query)
    assert resolution is not None and resolution.found and resolution.record is not None
    assert resolution.record.id == expected


def test_a_last_part_shared_by_several_symbols_names_none_of_them() -> None:
    # Corr.1 ends A/67/65/Corr.1 and E/2012/48/Corr.1 alike
    resolution = resolve_reference(bundled_kb(), "Corr.1")
    assert resolution is None or all(r.kind != "document" for r in resolution.references)


def test_a_query_made_of_references_and_question_words_is_pure() -> None:
    for query in (
        "第3次虚拟会议 哪天开的",
        "第二十四届会议议程项目3 标题",
        "R1.24 是什么",
        "明年那届临时议程第6项是啥",  # the next session named is the reference's own words
    ):
        resolution = resolve_reference(KB, query)
        assert resolution is not None and resolution.pure, query


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("What does paragraph 82 of the WSIS resolution say?", "R1.82"),
        ("what's sub-para (a)(xxii) of the STI resolution", "R2.a.22"),
        ("信息社会世界峰会决议第82段", "R1.82"),
        ("科学、技术和创新那个决议的第(a)段第(二)项", "R2.a.2"),
        ("決議二第(a)段第(二)項", "R2.a.2"),
        ("para 44 WSIS res", "R1.44"),
        # an English subject name as people shorten it
        ("the science and tech resolution, para (a)(ii)", "R2.a.2"),
        ("the S&T resolution, para (b)(9)", "R2.b.9"),
        ("the science/tech resolution, para (b)(9)", "R2.b.9"),
        ("科技创新决议第(a)段第(二)项", "R2.a.2"),  # 科学、技术和创新 as it is said
        # numbers spelt out after what they number; a chapter's paragraph is the report's
        ("what is paragraph 30 of resolution one about", "R1.30"),
        ("第五章第十一段在講什麼", "P11"),
        ("chapter 8 paragraph 19", "P19"),
    ],
)
def test_a_resolution_named_by_its_subject_holds_the_paragraph(query: str, expected: str) -> None:
    resolution = resolve_reference(bundled_kb(), query)
    assert resolution is not None and resolution.pure, query
    assert resolution.record is not None and resolution.record.id == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("para 84 (d) what does it say", "R1.84.d"), ("第84段(b)", "R1.84.b"), ("para 84", "R1.84")],
)
def test_a_paragraph_number_alone_takes_the_labels_right_after_it(
    query: str, expected: str
) -> None:
    resolution = resolve_reference(bundled_kb(), query)
    assert resolution is not None and resolution.record is not None
    assert resolution.record.id == expected


@pytest.mark.parametrize(
    "query",
    [
        "which agenda items were taken up at the second meeting",
        "what items were discussed at meeting 2",
        "会议2讨论了什么",
        "第2次会议审议了哪些议程项目",
        "第2次 meeting 审议了哪些 agenda items",  # the ordinal in Chinese, the word in English
    ],
)
def test_what_a_meeting_took_up_is_its_record(query: str) -> None:
    resolution = resolve_reference(bundled_kb(), query)
    assert resolution is not None and resolution.pure, query
    assert resolution.record is not None and resolution.record.id == "M2"


def test_a_year_after_the_word_meeting_is_not_a_meeting_number() -> None:
    resolution = resolve_reference(bundled_kb(), "第二十三届会议2020年")
    assert resolution is None or all(r.kind != "meeting" for r in resolution.references)


def test_the_commission_s_own_name_names_no_resolution() -> None:
    # "science and technology" shortens resolution II's subject, and is in the Commission's name
    query = "the Commission on Science and Technology for Development resolution"
    assert resolution_by_subject(bundled_kb(), query) is None
    assert resolution_by_subject(bundled_kb(), "科技委的决议") is None


def test_a_resolution_named_by_its_subject_alone_is_left_to_search() -> None:
    # a question about its content, not an address: no paragraph is named
    assert resolve_reference(bundled_kb(), "what does the WSIS resolution say about women") is None


def test_a_reference_inside_other_words_is_kept_with_the_rest() -> None:
    resolution = resolve_reference(KB, "第3次会议 儿童和青年 发言")
    assert resolution is not None
    assert not resolution.pure
    assert resolution.record is not None and resolution.record.id == "M3"
    assert "儿童和青年" in resolution.rest


def test_a_symbol_only_cited_in_a_footnote_resolves_to_the_citing_paragraph() -> None:
    resolution = resolve_reference(KB, "E/CN.16/2018/CRP.3")
    assert resolution is not None and resolution.found
    assert not resolution.primary.exact
    assert [r.id for r in resolution.primary.records] == ["R1.66"]


def test_a_paragraph_number_without_a_container_lists_every_fit() -> None:
    resolution = resolve_reference(KB, "第十二段")
    assert resolution is not None
    assert {r.id for r in resolution.primary.records} == {"R1.12", "P12", "AX2.12"}
    assert not resolution.primary.exact


@pytest.mark.parametrize(
    ("query", "hint_has", "nearest"),
    [
        ("R1.91", "R1 has paragraphs 1–90; paragraph 91 does not exist", "R1.90"),
        ("决议草案一第九十一段", "paragraph 91 does not exist", "R1.90"),
        ("resolution I para 91", "paragraph 91 does not exist", "R1.90"),
        ("paragraph 91", "no paragraph 91", "R1.90"),
        ("R1.84.e", "R1.84 has paragraphs (a)–(d)", "R1.84.d"),
        ("决议草案二 (b)(二十)", "R2.b has paragraphs (1)–(18)", "R2.b.18"),
        ("决议草案五", "there is no draft resolution V", "D1"),
        ("议程项目9", "items 1–7; item 9 does not exist", "A23.7"),
        ("第5次会议", "meetings 1–3; meeting 5 did not take place", "M3"),
        ("E/CN.16/2020/9", "no document E/CN.16/2020/9", "E/CN.16/2020/1"),
    ],
)
def test_a_missing_record_is_reported_with_the_nearest_real_ones(
    query: str, hint_has: str, nearest: str
) -> None:
    resolution = resolve_reference(KB, query)
    assert resolution is not None
    assert not resolution.found
    assert resolution.record is None
    assert hint_has in resolution.hint
    assert nearest in [r.id for r in resolution.suggestions]


@pytest.mark.parametrize(
    "query",
    [
        "数字鸿沟",
        "妇女上网比男子低多少",
        "大会第70/125号决议",  # a General Assembly resolution, not one of the report's
        "resolution 70/125",
        "经社理事会第2020/206号决定",
        "两项决议草案",  # a count, not an address
        "委员会共举行了三次非正式会议",
    ],
)
def test_ordinary_wording_is_not_a_reference(query: str) -> None:
    resolution = resolve_reference(KB, query)
    assert resolution is None or not resolution.pure or resolution.found, query
    if resolution is not None:
        assert all(r.kind != "resolution" for r in resolution.references), query


def test_a_missing_meeting_inside_other_words_is_ordinary_wording() -> None:
    # the Internet Governance Forum's 14th meeting is not a meeting of this session
    assert resolve_reference(KB, "互联网治理论坛第十四次会议 主题") is None


def test_cited_symbols_split_joint_symbols() -> None:
    found = cited_symbols("秘书长的报告(A/75/62-E/2020/11)和 E/CN.16/2020/3/Amend.1。")
    assert "A/75/62-E/2020/11" in found
    assert "E/2020/11" in found
    assert "E/CN.16/2020/3/Amend.1" in found


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("R1.24", "R1.24"),
        ("R1 24", "R1.24"),
        ("1 24", "R1.24"),
        ("决议一第24段", "R1.24"),
        ("决议草案二 (a)(三)", "R2.a.3"),
        ("第二项决议(b)段第十八项", "R2.b.18"),
        ("resolution I para 24", "R1.24"),
        ("res 2 a 3", "R2.a.3"),
        ("议程项目3", "A23.3"),
        ("agenda item 3(a)", "A23.3a"),
        ("第二次会议", "M2"),
        ("E/CN.16/2020/2", "E/CN.16/2020/2"),
        ("e/cn16/2020/2", "E/CN.16/2020/2"),
    ],
)
def test_the_brief_forms_on_the_bundled_base(query: str, expected: str) -> None:
    resolution = resolve_reference(bundled_kb(), query)
    assert resolution is not None and resolution.record is not None
    assert resolution.record.id == expected


def test_paragraph_91_on_the_bundled_base_says_so() -> None:
    resolution = resolve_reference(bundled_kb(), "决议草案一第91段")
    assert resolution is not None and not resolution.found
    assert resolution.hint == "R1 has paragraphs 1–90; paragraph 91 does not exist"
    assert [r.id for r in resolution.suggestions][:1] == ["R1.90"]


@pytest.mark.parametrize(
    ("query", "record"),
    [
        ("请问决议一第38段讲的是什么呀", "R1.38"),  # colloquial asking around a reference
        ("決議草案二(b)第五條是什麼內容", "R2.b.5"),  # 第五條: the fifth item
        ("What does paragraph 1 of the report say?", "P1"),
        ("what does R1.24 deal with", "R1.24"),
    ],
)
def test_a_reference_asked_about_in_whole_sentences_is_exact(query: str, record: str) -> None:
    result = search(bundled_kb(), query)
    assert result.status == "exact"
    assert [m.record.id for m in result.matches][:1] == [record]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # two paragraphs of one level are a list, not a path (R1.24.25 does not exist)
        ("决议一第24段和第25段", ["R1.24", "R1.25"]),
        ("Res II (a) 第 22 条跟第 23 条分别讲啥", ["R2.a.22", "R2.a.23"]),
        # each named as a paragraph, whatever is asked between them (R1.30.31 does not exist)
        ("决议一第30段讲的什么？第31段呢", ["R1.30", "R1.31"]),
        # a range of a paragraph's sub-paragraphs stands for the paragraph
        ("决议一第84段(a)至(d)项", ["R1.84"]),
        ("res 1 para 84 (a) to (d)", ["R1.84"]),
        # a path that exists is still a path
        ("决议一第84段(a)项", ["R1.84.a"]),
    ],
)
def test_paragraphs_named_one_after_another(query: str, expected: list[str]) -> None:
    resolved = resolve_reference(bundled_kb(), query)
    assert resolved is not None
    found = [r.records[0].id for r in resolved.references if r.found and r.kind == "paragraph"]
    assert found == expected


def test_a_lead_in_asked_for_is_the_lead_paragraph() -> None:
    query = "WSIS res para 84 — what does the lead-in sentence say before the (a) to (d) list?"
    result = search(bundled_kb(), query)
    assert result.best is not None and result.best.record.id == "R1.84"
    both = search(bundled_kb(), "Res II (a) 第 22 条跟第 23 条分别讲啥")
    assert [m.record.id for m in both.matches][:2] == ["R2.a.22", "R2.a.23"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # lettered operative paragraphs are counted: (a) is the first
        ("決定草案第一項是要理事會做什麼", "D1.a"),
        ("决定草案第2段", "D1.b"),
        ("决议一第3段", "R1.3"),  # numbered ones are their numbers
    ],
)
def test_a_lettered_paragraph_is_found_by_its_place(query: str, expected: str) -> None:
    resolved = resolve_reference(bundled_kb(), query)
    assert resolved is not None and resolved.primary.found
    assert resolved.primary.records[0].id == expected


@pytest.mark.parametrize(("query", "item"), [("第3项议程是什么", "A23.3"), ("第4个议程", "A23.4")])
def test_the_nth_item_of_the_agenda_is_that_item(query: str, item: str) -> None:
    resolution = resolve_reference(bundled_kb(), query)
    assert resolution is not None
    assert [r.requested for r in resolution.references if r.found] == [item]


def test_the_resolution_named_last_before_a_paragraph_holds_it() -> None:
    resolution = resolve_reference(bundled_kb(), "决议二里有没有一条跟决议一第十段差不多的")
    assert resolution is not None
    assert [r.requested for r in resolution.references] == ["R1.10"]


@pytest.mark.parametrize(
    "query", ["决议一有一段讲宽带", "决议一里是不是有一段提到了电子废物", "第八章D节只有一段"]
)
def test_a_paragraph_there_is_names_no_paragraph_number(query: str) -> None:
    # "有一段" is "there is a paragraph", "只有一段" "one paragraph only": not paragraph 1
    resolution = resolve_reference(bundled_kb(), query)
    assert resolution is None or all(r.kind != "paragraph" for r in resolution.references)


def test_the_d_of_i_d_is_no_decision() -> None:
    resolution = resolve_reference(bundled_kb(), "I'd like the subheadings")
    assert resolution is None or all(r.kind != "resolution" for r in resolution.references)


def test_paragraphs_of_another_text_called_an_agenda_are_no_agenda_item() -> None:
    # "突尼斯议程第34到37段": the Tunis Agenda's paragraphs, not item 34 of the session's agenda
    for query in ("突尼斯议程第34到37段，是决议一哪一段重申的", "突尼斯议程第35段"):
        resolved = resolve_reference(bundled_kb(), query)
        kinds = [r.kind for r in resolved.references] if resolved is not None else []
        assert "agenda" not in kinds, query


def test_parts_named_one_after_another_are_a_list() -> None:
    # "(a) (b) (c)": three parts of resolution II, not item (c) of item (b) of part (a)
    resolved = resolve_reference(bundled_kb(), "决议二(a)(b)(c)三部分各是写给谁的")
    assert resolved is not None
    assert [r.requested for r in resolved.references] == ["R2.a", "R2.b", "R2.c"]


def test_a_word_that_begins_with_a_label_word_is_no_label() -> None:
    # "res I points to …": "points" is no "point (s)", a paragraph (s) that does not exist
    resolved = resolve_reference(bundled_kb(), "which footnote in res I points to the Covenant")
    assert resolved is not None
    assert [(r.kind, r.requested) for r in resolved.references] == [("resolution", "R1")]
    resolved = resolve_reference(bundled_kb(), "res I para24")
    assert resolved is not None and resolved.references[0].requested == "R1.24"


@pytest.mark.parametrize("query", ["決義草案一第14段", "决意草案一第14段", "绝议草案一第14段"])
def test_a_homophone_slip_for_resolution_still_names_one(query: str) -> None:
    # 决义 / 决意 / 绝议 typed for 决议 before 草案: the draft resolution, not free text
    result = resolve_reference(bundled_kb(), query)
    assert result is not None and result.primary.found
    assert result.primary.requested == "R1.14"


@pytest.mark.parametrize(
    "query",
    [
        "讲信息峰会的那份决议一共有几段正文",
        "資訊峰會決議裡講網路落差的是哪段",
        "the information summit resolution on the digital divide",
    ],
)
def test_the_summit_by_its_everyday_name_names_resolution_one(query: str) -> None:
    # 信息峰会 / "information summit": the World Summit on the Information Society
    assert resolution_by_subject(bundled_kb(), query) == "R1"
