"""English questions over the Chinese report: how English words reach the report's Chinese
through the dictionary (senses, inflections, compounds, spelling), and what that does to
whole questions asked in plain English."""

from __future__ import annotations

import pytest

from knowledge.dictionary import chinese_for, is_only_a_name, is_proper_name
from knowledge.english import base_forms, misspelt
from knowledge.query import Query, understand
from knowledge.references import resolve_reference
from knowledge.search import answer_text, key_terms, search
from knowledge.search_index import index_for
from tests.support.kbs import bundled_kb


def _alternatives(query: str) -> dict[str, set[str]]:
    """Each clause's source words → the texts of its alternatives."""
    understood = understand(index_for(bundled_kb()), query)
    return {c.source: {a.text for a in c.alternatives} for c in understood.clauses}


def test_every_part_of_a_definition_is_a_gloss() -> None:
    # CC-CEDICT writes 讨论 as "to discuss; to talk over": one definition, two glosses
    assert chinese_for("discuss", "委员会讨论了这个问题") == ("讨论",)
    assert chinese_for("talk over", "委员会讨论了这个问题") == ("讨论",)


def test_a_name_and_nothing_else_is_told_from_a_word_that_is_also_a_name() -> None:
    assert is_only_a_name("迪拜")  # Dubai
    assert is_proper_name("成功") and not is_only_a_name("成功")  # a county, and success
    assert is_proper_name("网络") and not is_only_a_name("网络")  # the Internet, a network


def test_a_word_s_main_sense_wins_over_a_passing_one() -> None:
    # 日期 is "date"; 迄今 is "so far / to date", which is not what "date" asks for
    text = "会议日期 迄今为止 到目前为止"
    assert chinese_for("date", text) == ("日期",)
    # with no main sense printed, a passing one is still better than nothing
    assert chinese_for("date", "迄今为止") == ("迄今",)


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("happened", "happen"),
        ("measures", "measure"),
        ("regularly", "regular"),
        ("described", "describe"),
        ("planned", "plan"),
        # comparatives and superlatives
        ("poorest", "poor"),
        ("wealthier", "wealthy"),
        ("biggest", "big"),
        ("policies", "policy"),
        ("taking", "take"),
        ("held", "hold"),
        ("implementation", "implement"),
        ("participation", "participate"),
        ("establishment", "establish"),
        # British spelling, as UN texts write it
        ("recognised", "recognize"),
        ("organisations", "organization"),
        ("labour", "labor"),
        ("programmes", "program"),
        ("centre", "center"),
    ],
)
def test_a_word_is_looked_up_in_the_forms_it_is_inflected_from(word: str, base: str) -> None:
    forms = list(base_forms(word))
    assert forms[0] == word
    assert base in forms


def test_a_word_the_glossary_knows_only_inside_longer_terms_reaches_the_dictionary() -> None:
    # the glossary has "quality" and "access" only in longer terms ("universal access …");
    # alone they are everyday words: 质量, 接入
    found = _alternatives("quality of access")
    assert "质量" in found["quality"]
    assert "接入" in found["access"]


def test_an_inflected_word_reaches_the_dictionary_through_its_base_form() -> None:
    assert "措施" in _alternatives("which measures")["measures"]


@pytest.mark.parametrize("word", ["thank", "thanking", "thanked"])
def test_a_verb_the_dictionary_glosses_only_as_a_noun_is_found(word: str) -> None:
    # 感谢 is glossed "thanks", not "to thank"
    assert "感谢" in _alternatives(f"{word} the UNCTAD Secretary-General")[word]


def test_a_british_word_with_an_ordinary_ise_keeps_its_own_form() -> None:
    forms = list(base_forms("promises"))
    assert "promise" in forms  # "promizes" is tried too, and found in no dictionary


@pytest.mark.parametrize(
    ("query", "source", "chinese"),
    [
        ("when did the agreement take effect", "take effect", "生效"),
        ("what do policy makers need", "policy makers", "决策者"),  # "policymaker", apart
    ],
)
def test_two_words_the_dictionary_glosses_as_one_are_one_clause(
    query: str, source: str, chinese: str
) -> None:
    assert chinese in _alternatives(query)[source]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Which paragraph talks about the quality of broadband access?", "接入质量"),
        ("How does the resolution describe the shift from access to quality?", "高质量接入"),
    ],
)
def test_plain_english_questions_find_their_paragraph(query: str, expected: str) -> None:
    kb = bundled_kb()
    result = search(kb, query)
    assert result.best is not None, (query, result.hint)
    assert expected in "".join(answer_text(kb, result.best.record).split()), result.best.record


@pytest.mark.parametrize(
    ("query", "framing"),
    [
        ("which chapter of the report is about the election of officers", "chapter"),
        ("what paragraphs of resolution 70/125 are reaffirmed", "paragraphs"),
        ("does the resolution mention electronic waste", "mention"),
        ("what happened at the high-level segment", "happened"),
        ("is there anything about youth", "anything"),
        ("is the commission supposed to report", "supposed"),
        ("are women still less online", "still"),
        # "part of" frames a question; it asks for no 组成部分
        ("Is financial inclusion part of what governments are encouraged to support", "part"),
        ("among the recommendations to governments, which is about jobs", "among"),
        # "talk about" asks where; "Bai Chunli's talk" is a talk (演讲)
        ("where does it talk about people in rural areas", "talk"),
        ("which resolution paragraphs cover open data? there seem to be several", "paragraphs"),
        ("which resolution paragraphs cover open data? there seem to be several", "seem"),
        ("which resolution paragraphs cover open data? there seem to be several", "several"),
        # a small word mistyped ("wich": which or with) is still a small word
        ("wich agenda item was taken up at the third meeting", "wich"),
        ("what did the resolution say abot open data", "abot"),
    ],
)
def test_words_that_only_frame_the_question_are_not_searched_for(query: str, framing: str) -> None:
    found = _alternatives(query)
    assert framing not in found, found
    assert not any(framing in source.split() for source in found), found


def test_words_next_to_a_reference_keep_their_weight() -> None:
    index = index_for(bundled_kb())
    query = "which chapter covers the election of officers for the 24th session"
    references = resolve_reference(bundled_kb(), query)
    assert references is not None
    alone = understand(index, "the election of officers")
    beside = understand(index, query, references.rest)

    def weight(understood: Query) -> float:
        return next(c.weight for c in understood.clauses if c.source == "election of officers")

    assert weight(beside) == pytest.approx(weight(alone))


def test_a_name_counts_in_latin_script_only_when_the_report_prints_all_of_it() -> None:
    # the report prints "2020" but not "WSIS Forum": a record with "2020" is no match for it
    assert "wsis forum 2020" not in _alternatives("WSIS Forum 2020")["wsis forum 2020"]
    # "COVID-19" is printed as such
    assert "covid 19" in _alternatives("COVID-19 measures")["covid 19"]


def test_a_reference_s_own_words_the_report_does_not_print_are_no_search_terms() -> None:
    # "II" names resolution II; the report prints no "ii", so as a search term it could only
    # count against every record
    kb = bundled_kb()
    query = "what does resolution II say about foresight"
    references = resolve_reference(kb, query)
    assert references is not None
    understood = understand(index_for(kb), query, references.rest)
    assert "ii" not in {c.source for c in understood.clauses}


def test_a_misspelt_everyday_word_is_read_as_the_word_it_stands_for() -> None:
    index = index_for(bundled_kb())
    assert misspelt(index, "awarness") == "awareness"
    understood = understand(index, "raise awarness of innovation")
    assert "awarness → awareness" in understood.corrections
    assert any(
        a.text == "认识"
        for c in understood.clauses
        if c.source == "awarness"
        for a in c.alternatives
    )


@pytest.mark.parametrize("word", ["speak", "observers", "enter", "findings", "went"])
def test_a_real_english_word_is_no_typing_error_for_another(word: str) -> None:
    # "speak" is not "peak", "enter" is not "center": words the report lacks, not slips
    index = index_for(bundled_kb())
    assert misspelt(index, word) == ""
    assert understand(index, f"did they {word} here").corrections == []


@pytest.mark.parametrize(
    "query", ["when did the working group meet", "where did the forum take place"]
)
def test_a_body_meeting_is_the_report_s_holding_a_meeting(query: str) -> None:
    # the report words it 举行 (举行了 5 次会议), not 遇到 (meet a person) or 发生 (happen)
    found = _alternatives(query)
    assert any("举行" in texts for texts in found.values()), found


def test_a_word_s_later_senses_count_in_part_and_weigh_nothing_more() -> None:
    # "people" is 人们 first; 人口 ("population; people") is a reading in passing
    understood = understand(index_for(bundled_kb()), "how many people live there")
    clause = next(c for c in understood.clauses if c.source == "people")
    trust = {a.text: a.trust for a in clause.alternatives}
    assert trust["人们"] == 1.0
    assert 0.0 < trust["人口"] < 1.0
    main = next(a for a in clause.alternatives if a.text == "人们")
    assert clause.weight == pytest.approx(main.size)
    # so the paragraph on the population within reach of mobile networks is still suggested
    result = search(bundled_kb(), "how many people are covered by cellular networks")
    assert "R1.24" in [m.record.id for m in result.matches[:3]]


def test_a_word_printed_only_in_a_later_sense_is_a_reading_in_passing() -> None:
    # the report's only word glossed "everybody" is 一体, "an integral whole" first
    understood = understand(
        index_for(bundled_kb()), "thanks to everybody who sent in proposals, says resolution I"
    )
    clause = next(c for c in understood.clauses if c.source == "everybody")
    assert [a.text for a in clause.alternatives] == ["一体"]
    assert 0.0 < clause.alternatives[0].trust < 1.0


def test_a_noun_made_of_a_verb_reaches_the_verb_s_chinese() -> None:
    # the dictionary glosses 实施 and 执行 as "to implement", not "implementation"
    found = _alternatives("regional implementation")["implementation"]
    assert found & {"实施", "执行"}, found


def test_contractions_and_greetings_are_no_search_terms() -> None:
    # "aren't" is "aren" once the apostrophe is folded away; "in line with" is 符合
    query = (
        "hi, does the WSIS draft say anything against unilateral measures that aren't in line"
        " with international law?"
    )
    found = _alternatives(query)
    assert "aren" not in found and "hi" not in found
    result = search(bundled_kb(), query)
    assert result.best is not None and result.best.record.id == "R1.23"


@pytest.mark.parametrize(
    "query",
    [
        "I recall a line in the WSIS draft about the digital divide",
        "I'm after the bit acknowledging rural access, can you point me to it",
    ],
)
def test_how_people_lead_into_a_question_is_not_searched(query: str) -> None:
    sources = set(_alternatives(query))
    assert not sources & {"recall", "line", "bit", "point", "after"}, sources


def test_recall_alone_is_what_a_preamble_does() -> None:
    # "does it recall …": 回顾, the preamble's verb, is asked about
    assert any(
        "回顾" in texts for texts in _alternatives("does it recall the 2030 Agenda").values()
    )


def test_twenty_fourth_is_not_the_fourth() -> None:
    kb = bundled_kb()
    index = index_for(kb)

    def labels(query: str) -> list[str]:
        return [k.label for k in key_terms(kb, index, query, understand(index, query))]

    assert "the 4th" not in labels(
        "what is the Gender Advisory Board to bring to the twenty-fourth session"
    )
    assert "the 4th" in labels("what did the fourth meeting of the e-commerce group decide")
    # a day of the month is no n-th of anything: "on the 11th", "June 11th", "the 12th of June"
    for query in (
        "Did China take the floor on the last day, or only on the 11th?",
        "who spoke on June 11th",
        "what happened on the 12th of June",
    ):
        assert not [label for label in labels(query) if label.startswith("the ")], query


def test_a_purpose_answers_why() -> None:
    # "有助于所有利益攸关方…": what the Forum is for is why it is held
    assert search(bundled_kb(), "why is the WSIS Forum held every year").status == "answer"


def test_a_long_question_no_passage_covers_offers_the_closest_as_choices() -> None:
    # nineteen words; the report says 竞争力 and 全球挑战 but nothing for "links" or "tackling"
    query = (
        "Is there any paragraph in the STI resolution that links science, technology and"
        " innovation with how nations stay competitive in the world economy while tackling"
        " global challenges at the same time?"
    )
    result = search(bundled_kb(), query)
    assert result.status == "ambiguous"
    assert result.best is not None and result.best.record.id == "R2.pre.2"
    # a short question as poorly covered still gets no answer
    assert search(bundled_kb(), "what did the football world cup final decide").status == "none"


def test_words_about_the_text_itself_are_no_search_terms() -> None:
    # "para", "text", "anywhere", "new" say where to look or frame it, not what it is about
    found = _alternatives("is there a para anywhere in the text on new business models")
    assert not {"para", "anywhere", "text", "new"} & set(found), found
    assert "business models" in found


def test_everyday_words_reach_the_report_s_wording() -> None:
    # "speak" is 发言, "gap" is also 差距 (not only the digital divide's 鸿沟), "rural" 农村
    assert "发言" in _alternatives("did the children and youth group speak")["speak"]
    assert "差距" in _alternatives("medium-term gaps in education")["gaps"]
    assert "农村" in _alternatives("rural connectivity")["rural"]
    assert "课程" in _alternatives("digital skills in school curricula")["curricula"]
    # phone-style short forms
    assert "电信" in _alternatives("world telecom day")["telecom"]
    assert "信息社会" in _alternatives("info society day")["info society"]
    # a Roman numeral the references left and "footnote" are no search terms either
    assert not {"ii", "footnote"} & set(_alternatives("the footnote in part ii on trade"))


def test_an_english_word_is_no_inflection_of_an_acronym() -> None:
    # "sided" is not a form of "SIDS" (small island developing States); "one-sided" is 单方
    found = _alternatives("countries should not take one-sided measures")
    assert not any("小岛屿" in zh for alternatives in found.values() for zh in alternatives)
    assert any(zh.startswith("单方") for zh in found["one sided"])


@pytest.mark.parametrize(
    ("query", "paragraph"),
    [
        # a resolution named by its subject alone: its own paragraphs a little first
        (
            "when did the Paris Agreement enter into force, according to the STI resolution",
            "R2.pre.5",
        ),
        (
            "the STI resolution on new technologies for LDCs, small island states and "
            "landlocked countries",
            "R2.b.8",
        ),
        # "on time", and the head of UNCTAD (its Secretary-General)
        (
            "does the WSIS resolution thank the UNCTAD chief for finishing the report in time",
            "R1.pre.8",
        ),
    ],
)
def test_a_resolution_named_by_its_subject_is_searched_first(query: str, paragraph: str) -> None:
    result = search(bundled_kb(), query)
    assert result.status != "none"
    assert result.best is not None and result.best.record.id == paragraph


def test_the_words_naming_a_resolution_by_its_subject_are_not_what_is_asked() -> None:
    # "STI" named resolution II; it does not make the high-level segment's panel (科学、技术和
    # 创新 and a Technology Bank official) an answer about the Technology Bank
    result = search(
        bundled_kb(),
        "What role does the STI resolution give the Technology Bank for the least developed"
        " countries?",
    )
    assert [m.record.id.split(".")[0] for m in result.matches[:3]] == ["R2", "R2", "R2"]


@pytest.mark.parametrize(
    ("query", "paragraph"),
    [
        # "鼓励委员会：(十八) 在提高对最不发达国家技术库的认识方面发挥积极作用"
        ("what is the Commission itself supposed to do about the LDC Technology Bank", "R2.b.18"),
        # "鼓励联合国贸易和发展会议：(六) 又请委员会性别平等问题咨询委员会…", not (a)(十四)
        ("what does resolution II encourage UNCTAD to do about gender", "R2.c.6"),
    ],
)
def test_a_recommendation_is_about_whom_its_lead_in_addresses(query: str, paragraph: str) -> None:
    result = search(bundled_kb(), query)
    assert result.best is not None and result.best.record.id == paragraph


def test_a_verb_the_report_has_no_chinese_for_weighs_half_an_unknown_noun() -> None:
    # "coping", "reshaping": how the asker relates what the paragraph names in its own words
    query = (
        "Among the recommendations to governments, is there one about coping with how the"
        " digital economy is reshaping the job market?"
    )
    index = index_for(bundled_kb())
    weights = {c.source: c.weight for c in understand(index, query).clauses}
    football = understand(index, "football market").clauses[0]
    assert football.source == "football"  # a noun the report never uses
    assert weights["coping"] == pytest.approx(weights["reshaping"])
    assert weights["coping"] == pytest.approx(football.weight / 2)
    result = search(bundled_kb(), query)  # found, first (R1.35 on jobs is close behind)
    assert result.status in ("answer", "ambiguous") and result.best is not None
    assert result.best.record.id == "R2.a.10"


def test_what_does_something_to_a_country_asks_for_no_countries() -> None:
    # "what keeps a country able to compete": "what" is what does it, not which countries
    result = search(
        bundled_kb(),
        "where does the STI resolution say innovation is what keeps a country able to compete"
        " in the world economy",
    )
    assert result.status == "answer" and result.best is not None
    assert result.best.record.id == "R2.pre.2"


@pytest.mark.parametrize(
    ("query", "paragraph"),
    [
        ("How many times did the working group on enhanced cooperation meet?", "R1.65"),
        ("加强合作工作组前后开了几次会呀", "R1.65"),
    ],
)
def test_a_body_called_by_its_last_word_is_the_one_named_just_before(
    query: str, paragraph: str
) -> None:
    # "又注意到工作组…举行了 5 次会议": the working group on enhanced cooperation, named in
    # full in the paragraph before
    result = search(bundled_kb(), query)
    assert result.status == "answer" and result.best is not None
    assert result.best.record.id == paragraph


def test_circulated_is_the_reports_distributed_to() -> None:
    kb = bundled_kb()
    result = search(kb, "in which language were the drafts circulated?")
    assert result.status in ("answer", "ambiguous") and result.best is not None
    assert "仅以英文作为非正式文件分发给委员会成员" in answer_text(kb, result.best.record)


def test_more_information_is_the_reports_further_information() -> None:
    result = search(bundled_kb(), "is there a website with more information on the session?")
    assert result.status == "answer"
    assert result.best is not None and result.best.record.id == "SUM8"


@pytest.mark.parametrize(
    "query",
    ["For how many years was the IGF's mandate extended?", "IGF 的 mandate 延长了几年？"],
)
def test_a_mandate_is_the_reports_task_whatever_follows_it(query: str) -> None:
    # "mandate" is 任务 in 任务再延长 10 年 and 任务期限, not only in 任务规定
    result = search(bundled_kb(), query)
    assert result.status == "answer" and result.best is not None
    assert result.best.record.id == "R1.69"


@pytest.mark.parametrize(
    ("query", "record"),
    [
        # the report's 按性别分列, with another word between it and 数据
        ("Does the WSIS text call for sex-disaggregated ICT data?", "R1.81"),
        # 生效, however the treaty came to apply
        ("when did the Paris climate agreement come into force, according to resolution II?",
         "R2.pre.5"),
        # 协作, teamed up with
        ("is the Commission told to team up more with the Commission on the Status of Women?",
         "R2.b.17"),
    ],
)  # fmt: skip
def test_everyday_english_for_the_reports_terms(query: str, record: str) -> None:
    result = search(bundled_kb(), query)
    assert result.status == "answer" and result.best is not None
    assert result.best.record.id == record


@pytest.mark.parametrize(
    "query",
    [
        "what does the preamble of resolution II say about the Paris Agreement?",
        "how many subparagraphs does paragraph 84 have?",
        "how is the unilateral measures paragraph worded?",
    ],
)
def test_words_for_the_parts_of_a_text_frame_the_question(query: str) -> None:
    # they say where to look, not what the passage is about: no Chinese, and no word the
    # report lacks
    understood = understand(index_for(bundled_kb()), query)
    framing = ("preamble", "subparagraphs", "worded")
    assert not any(c.source in framing for c in understood.clauses), [
        (c.source, [a.text for a in c.alternatives]) for c in understood.clauses
    ]


@pytest.mark.parametrize(
    ("query", "record"),
    [
        ("Is WHO mentioned anywhere in the WSIS resolution? For what work?", "R1.45"),
        ("What WHO work does the resolution recognise?", "R1.45"),
    ],
)  # fmt: skip
def test_an_acronym_in_capitals_is_the_name_not_the_everyday_word(query: str, record: str) -> None:
    # "WHO" is the World Health Organization where "who" asks for a person
    result = search(bundled_kb(), query)
    assert result.status == "answer" and result.best is not None
    assert result.best.record.id == record


def test_the_us_in_capitals_is_a_country_that_did_not_speak() -> None:
    result = search(bundled_kb(), "did the US speak")
    assert result.composed is not None
    assert (result.composed.intent, result.composed.verdict) == ("spoke", "no")
    # in lower case it is the everyday word: no country is named
    assert search(bundled_kb(), "did any of us speak").composed is None


def test_a_currency_named_after_a_country_names_no_country() -> None:
    result = search(bundled_kb(), "What's the Swiss franc to US dollar exchange rate today?")
    assert result.status == "none"


def test_a_question_in_capitals_throughout_keeps_its_question_words() -> None:
    understood = understand(index_for(bundled_kb()), "WHO CHAIRED THE THIRD MEETING")
    assert understood.asks_who


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("fnud", "fund"), ("totla", "total"), ("anex", "annex"), ("reslove", "resolve")],
)
def test_a_short_word_typed_with_two_letters_swapped_or_one_left_single(
    typed: str, meant: str
) -> None:
    from knowledge.english import swapped

    assert swapped(index_for(bundled_kb()), typed) == meant


@pytest.mark.parametrize("word", ["fund", "sdgs", "oman", "abcd", "tech"])
def test_a_short_word_that_is_no_slip_is_left_alone(word: str) -> None:
    from knowledge.english import swapped

    assert swapped(index_for(bundled_kb()), word) == ""


@pytest.mark.parametrize(
    ("query", "record"),
    [
        ("who funds the trust fnud", "R1.85"),
        ("trust fnud donors", "R1.85"),
    ],
)
def test_short_slips_find_what_the_word_meant_finds(query: str, record: str) -> None:
    result = search(bundled_kb(), query)
    assert result.status == "answer" and result.best is not None, result.hint
    assert result.best.record.id == record


def test_a_short_slip_in_a_question_about_structure_is_read_as_meant() -> None:
    result = search(bundled_kb(), "how many mtgs totla")
    assert result.composed is not None and result.composed.intent == "count"
