"""Exact addressing: every form people use to name a record, and what happens when it does not
exist. Most tests run on a small knowledge base built here (its shape follows the report:
90 operative paragraphs in R1, lettered sections with Chinese-numbered items in R2, a draft
decision, 19 report paragraphs, annex II); the last ones check the bundled base."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest

from knowledge.models import (
    AgendaItem,
    BureauMember,
    Document,
    Footnote,
    KnowledgeBase,
    Meeting,
    Paragraph,
    Resolution,
    Session,
    SourceInfo,
)
from knowledge.normalize import to_traditional
from knowledge.references import cited_symbols, resolve_reference
from knowledge.render_text import chinese_number

BUNDLED = Path(__file__).resolve().parent.parent / "knowledge" / "data" / "cstd-23.yaml"


def _numbered(parent: str, prefix: str, count: int, kind: str = "report") -> tuple[Paragraph, ...]:
    return tuple(
        Paragraph(f"{prefix}{n}", parent, kind, str(n), n, f"{parent} 第{n}段的案文。")  # type: ignore[arg-type]
        for n in range(1, count + 1)
    )


def small_kb() -> KnowledgeBase:
    r1 = [Paragraph(f"R1.pre.{n}", "R1", "preamble", str(n), n, f"序言{n}") for n in range(1, 9)]
    for n in range(1, 91):
        text = (
            "欢迎 2005 年以来移动电话和宽带使用人数的迅速增长" if n == 24 else f"决议一 执行段 {n}"
        )
        footnotes = (Footnote("⁹", "见 E/CN.16/2018/CRP.3。"),) if n == 66 else ()
        r1.append(Paragraph(f"R1.{n}", "R1", "operative", str(n), n, text, footnotes=footnotes))
        if n == 84:
            for i, letter in enumerate("abcd", 1):
                r1.append(
                    Paragraph(f"R1.84.{letter}", "R1", "item", f"({letter})", i, f"84 {letter}")
                )
    r2 = [
        Paragraph(f"R2.pre.{n}", "R2", "preamble", str(n), n, f"决议二序言{n}") for n in (1, 2, 3)
    ]
    for i, (letter, items) in enumerate((("a", 28), ("b", 18), ("c", 7)), 1):
        r2.append(Paragraph(f"R2.{letter}", "R2", "operative", f"({letter})", i, f"节 {letter}"))
        for n in range(1, items + 1):
            label = f"({chinese_number(n)})"
            r2.append(Paragraph(f"R2.{letter}.{n}", "R2", "item", label, n, f"{letter} 项 {n}"))
    d1 = [
        Paragraph("D1.a", "D1", "operative", "(a)", 1, "表示注意到报告"),
        Paragraph("D1.b", "D1", "operative", "(b)", 2, "核准临时议程"),
    ]
    agenda = [
        AgendaItem(f"A23.{n}", 23, str(n), f"第二十三届会议议程项目{n}") for n in range(1, 8)
    ]
    agenda += [
        AgendaItem("A23.3a", 23, "3(a)", "快速技术变革", parent="A23.3"),
        AgendaItem("A23.3b", 23, "3(b)", "空间技术", parent="A23.3"),
    ]
    agenda += [
        AgendaItem(f"A24.{n}", 24, str(n), f"临时议程项目{n}", provisional=True)
        for n in range(1, 8)
    ]
    return KnowledgeBase(
        schema_version=1,
        source=SourceInfo("E/2020/31", "report", "zh"),
        sessions=(
            Session("S23", "委员会", "Commission", 23, "held", dt.date(2020, 6, 10)),
            Session("S24", "委员会", "Commission", 24, "planned"),
        ),
        agenda=tuple(agenda),
        bureau=(
            BureauMember("B24.chair", 24, "chair", "elected", "彼得·毛约尔", country="匈牙利"),
            BureauMember("B24.vc1", 24, "vice-chair", "elected", "蔡阿民", country="奥地利"),
        ),
        meetings=tuple(Meeting(f"M{n}", 23, n, dt.date(2020, 6, 9 + n)) for n in (1, 2, 3)),
        resolutions=(
            Resolution("R1", "resolution", 1, "评估进展", 23, paragraphs=tuple(r1)),
            Resolution(
                "R2", "resolution", 2, "科学、技术和创新促进发展", 23, paragraphs=tuple(r2)
            ),
            Resolution("D1", "decision", 1, "报告和临时议程", 23, paragraphs=tuple(d1)),
        ),
        paragraphs=_numbered("report", "P", 19) + _numbered("annex2", "AX2.", 16, "annex"),
        documents=(
            Document("E/CN.16/2020/1", 23, "临时议程", "1"),
            Document("E/CN.16/2020/2", 23, "秘书长的报告", "3(a)"),
            Document("A/75/62-E/2020/11", 23, "秘书长关于信息社会世界峰会的报告", "2"),
        ),
    )


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
        ("A24.3", "A24.3"),
        ("第二次会议", "M2"),
        ("第2次虚拟会议", "M2"),
        ("the third meeting", "M3"),
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


def test_a_query_made_of_references_and_question_words_is_pure() -> None:
    for query in ("第3次虚拟会议 哪天开的", "第二十四届会议议程项目3 标题", "R1.24 是什么"):
        resolution = resolve_reference(KB, query)
        assert resolution is not None and resolution.pure, query


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


@functools.cache
def bundled_kb() -> KnowledgeBase:
    from knowledge.loader import load_knowledge_base

    return load_knowledge_base(BUNDLED.read_bytes())


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
