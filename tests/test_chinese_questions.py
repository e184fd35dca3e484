"""How a question written in Chinese is read: which words it asks about, and with what weight."""

from __future__ import annotations

import pytest

from knowledge.answers.entities import names_heard_right
from knowledge.normalize import folded_question, normalize
from knowledge.query import Query, understand
from knowledge.references import resolve_reference
from knowledge.search import key_terms, search
from knowledge.search_index import index_for
from tests.support.kbs import bundled_kb


def _understood(query: str) -> Query:
    kb = bundled_kb()
    references = resolve_reference(kb, query)
    return understand(index_for(kb), query, references.rest if references else None)


def _weight(understood: Query, source: str) -> float:
    return next(c.weight for c in understood.clauses if c.source == source)


@pytest.mark.parametrize("query", ["决议一里讲宽带的", "决议一宽带", "决议一里说宽带的是在哪段"])
def test_words_run_into_a_reference_keep_their_weight(query: str) -> None:
    # Chinese runs "决议一" into what is asked of it: "宽带" is asked with its full weight
    alone = _weight(_understood("宽带"), "宽带")
    assert _weight(_understood(query), "宽带") == pytest.approx(alone)


def test_a_resolution_run_into_a_topic_finds_the_topic_in_it() -> None:
    # the question words after the topic are no part of it: "决议二对公民科学有什么评价"
    # asks about "对公民科学" within resolution II, as "决议二 公民科学" does
    query = "决议二对公民科学有什么评价"
    sources = {c.source for c in _understood(query).clauses}
    assert "对公民科学" in sources and not any("决议" in s and "科学" in s for s in sources)
    result = search(bundled_kb(), query)
    assert result.best is not None and result.best.record.id == "R2.pre.38"


@pytest.mark.parametrize(
    ("query", "phrase"),
    [
        ("决议一里讲宽带连接的是在哪段提的", "宽带连接"),  # 的是 and 在哪段提的 only ask
        ("单方面措施那段是咋表述的", "单方面措施"),  # 方面 of 单方面 is no filler
        ("在线会议是哪天开的", "在线会议"),  # 在线 is a word, not 在 + 线
    ],
)
def test_the_words_that_glue_a_sentence_are_not_asked_about(query: str, phrase: str) -> None:
    sources = {c.source for c in _understood(query).clauses}
    assert phrase in sources, sources
    assert not any(set(source) <= set("的是在了里讲提段") for source in sources), sources


def test_a_planned_session_is_a_key_term() -> None:
    # the report speaks of the session it covers everywhere; a paragraph that does not name
    # the 24th session does not answer a question about it
    kb = bundled_kb()
    query = "第二十四届会议在哪个城市开，还在日内瓦吗"
    keys = key_terms(kb, index_for(kb), query, _understood(query))
    assert "session 24" in [k.label for k in keys]
    assert not [k for k in key_terms(kb, index_for(kb), "第二十三届会议在哪开", _understood(""))]
    result = search(kb, query)
    assert result.status == "none"


def test_a_resolution_and_a_topic_run_together_find_the_topic() -> None:
    result = search(bundled_kb(), "决议一 宽带")
    assert result.status in ("answer", "ambiguous")
    assert result.matches[0].record.id.startswith("R1.")


@pytest.mark.parametrize(
    "query",
    ["when in July 2020 did ECOSOC adopt the resolutions", "经社理事会7月哪天通过了决议草案"],
)
def test_a_month_the_report_never_pairs_with_the_event_is_a_key_term(query: str) -> None:
    # the report was written in June: it cannot say what happened in July
    result = search(bundled_kb(), query)
    assert result.status == "none" and result.silent


@pytest.mark.parametrize(
    ("query", "asked"),
    [
        ("贸发会议要不要定期报告政策审查的进展", "定期报告政策审查"),
        ("决议一里有这种说法吗：基础设施要有复原力", "基础设施要有复原力"),
    ],
)
def test_asking_yes_or_no_is_not_what_is_asked_about(query: str, asked: str) -> None:
    # "A 不 A" (要不要, 会不会) and "有这种说法吗" ask whether; they name nothing
    sources = {c.source for c in _understood(query).clauses}
    assert any(asked in source for source in sources), sources
    assert not any(word in source for source in sources for word in ("要不要", "说法")), sources


@pytest.mark.parametrize(
    ("query", "folded"),
    [("决议二一共几段", "决议2一共几段"), ("决议一一共有几个脚注", "决议1一共")],
)
def test_a_numeral_followed_by_a_word_is_not_a_longer_number(query: str, folded: str) -> None:
    # 二一共: resolution 2 and 一共 ("in all"), not resolution 21
    assert normalize(query).startswith(folded)


def test_the_month_the_session_met_in_is_no_key_term() -> None:
    # "on 11 June": a meeting day of the session; July is another month
    kb = bundled_kb()
    june = "who introduced the report on rapid technological change on 11 June"
    july = "when in July 2020 did ECOSOC adopt the resolutions"
    assert "6月" not in [k.label for k in key_terms(kb, index_for(kb), june, _understood(june))]
    assert "7月" in [k.label for k in key_terms(kb, index_for(kb), july, _understood(july))]


@pytest.mark.parametrize("query", ["resolution II的第一段", "resolution 2的第一段"])
def test_a_resolution_number_run_into_chinese_is_still_read(query: str) -> None:
    # resolution II's operative part is lettered (a)–(c): paragraph 1 does not exist
    result = search(bundled_kb(), query)
    assert result.status == "not_found" and "R2" in result.hint


def test_english_words_run_into_chinese_are_read_whole() -> None:
    # normalizing joins the scripts; what a question asks is read with a space between them
    assert folded_question("GAB 的 programme 最后 approved 了没有") == (
        "gab 的 programme 最后 approved 了没有"
    )
    assert folded_question("第24届 2020年") == normalize("第24届 2020年")  # digits stay joined


@pytest.mark.parametrize(
    ("query", "report_word"),
    [
        ("决议有没有鼓励用原住民族语言上网", "土著"),
        ("數位原住民", "数字土著"),
        ("保护个资", "个人数据"),
    ],
)
def test_taiwan_wording_is_read_as_the_report_s(query: str, report_word: str) -> None:
    texts = {a.text for c in _understood(query).clauses for a in c.alternatives}
    assert any(report_word in text for text in texts), texts


def test_things_asked_for_are_no_search_term() -> None:
    # 哪些东西 asks for things: the request the paragraph words is what counts
    result = search(bundled_kb(), "那个弥合数字鸿沟的承诺里头，具体改善哪些东西啊")
    assert result.best is not None and result.best.record.id == "R1.4"
    assert result.status != "none"


def test_what_a_passage_is_about_is_no_question_of_what_someone_said() -> None:
    # 在讲啥: what the approach is about; UNCTAD is whom it is asked of, not a speaker
    result = search(bundled_kb(), "金字塔底层那个办法是在讲啥，是让贸发会议干嘛")
    assert result.status == "answer" and result.best is not None
    assert result.best.record.id == "R2.c.3"


@pytest.mark.parametrize(
    ("query", "phrase"),
    [
        ("报告里哪些地方提到了气候变化啊，我印象里不止一处", "气候变化"),
        ("我记得好像有一段讲数字鸿沟", "数字鸿沟"),
        ("From memory, the resolution says something about e-waste", "e waste"),
    ],
)
def test_asking_from_memory_is_not_what_is_asked_about(query: str, phrase: str) -> None:
    sources = {c.source for c in _understood(query).clauses}
    assert any(phrase in source for source in sources), sources
    asked = " ".join(sources)
    assert not any(w in asked for w in ("印象", "不止", "记得", "好像", "memory")), sources


@pytest.mark.parametrize(
    ("query", "phrase", "framing"),
    [
        ("开放数据相关的内容在哪个决议里", "开放数据", "内容"),
        ("决议里面哪些地方有点名非洲", "非洲", "地方"),
        ("决议里面哪些地方有点名非洲", "非洲", "点名"),
        ("性别平等那个话题是在报告哪一部分讨论的", "性别平等", "部分"),
    ],
)
def test_where_in_the_text_is_not_what_is_asked_about(
    query: str, phrase: str, framing: str
) -> None:
    sources = {c.source for c in _understood(query).clauses}
    assert any(phrase in source for source in sources), sources
    assert not any(framing in source for source in sources), sources


@pytest.mark.parametrize(
    ("spoken", "written"),
    [
        ("世界峰会进程跟2030议程", "世界峰会进程和2030议程"),  # 跟 is spoken 和
        ("决议说宽带", "决议里宽带"),  # verbs of saying ask
        ("那场一般性讨论", "那一般性讨论"),  # a measure word counts what is asked about
        ("几份文件", "几文件"),
    ],
)
def test_what_glues_a_spoken_question_is_no_word_the_report_lacks(
    spoken: str, written: str
) -> None:
    # the report, written, never prints 跟 or 说 beside its words: a bigram the question makes
    # with them does not count against a passage
    def unknown(query: str) -> float:
        return sum(c.alternatives[0].unknown for c in _understood(query).clauses)

    assert unknown(spoken) == pytest.approx(unknown(written))


def test_a_colloquial_question_glued_with_spoken_words_finds_its_paragraph() -> None:
    result = search(bundled_kb(), "决议有没有要求把信息社会世界峰会进程跟2030议程好好协调起来？")
    assert result.status == "answer"
    assert result.matches[0].record.id == "R1.5"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        # a transliterated name typed as heard: one character sounding nearly alike
        ("迪皮坡是哪个机构的", "迪皮波是哪个机构的"),
        ("是不是那个叫拜波莱迪的", "是不是那个叫贝波莱迪的"),
        # names as printed, and words that are no name, stay as typed
        ("迪皮波是哪个机构的", "迪皮波是哪个机构的"),
        ("数字红沟是什么意思", "数字红沟是什么意思"),
    ],
)
def test_a_name_typed_as_heard_is_read_as_printed(typed: str, read: str) -> None:
    assert names_heard_right(bundled_kb(), typed) == read


def test_a_name_typed_as_heard_finds_the_person() -> None:
    result = search(bundled_kb(), "迪皮坡是哪个机构的")
    assert result.best is not None and "迪皮波" in result.best.record.text


@pytest.mark.parametrize(
    ("query", "figure"),
    [
        ("决议一说上网的比例是53.6%吗", "53.6%"),
        ("决议一说internet user比例是５３．６％吗", "53.6%"),  # full-width, as phones type it
        ("全世界97%的人口都有手机信号吗", "97%"),
    ],
)
def test_a_figure_is_a_phrase_of_its_own(query: str, figure: str) -> None:
    sources = {c.source for c in _understood(query).clauses}
    assert figure in sources, sources


def test_a_figure_checked_finds_the_paragraph_that_gives_it() -> None:
    result = search(bundled_kb(), "决议一说internet user比例是５３．６％吗")
    assert result.best is not None and result.best.record.id == "R1.24"
