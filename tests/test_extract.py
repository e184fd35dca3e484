"""The report extractor: E/2020/31 (Chinese) → KnowledgeBase.

The fidelity checks rebuild the report's running text here, independently of the extractor:
all whitespace out, markdown links reduced to their text, bullet dashes and footnote lines
dropped. Every text the extractor stores must be found in it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from knowledge.codec import dump_yaml
from knowledge.extract import (
    BUNDLED_HEADER,
    ExtractError,
    build_knowledge_base,
    extract_report,
    parse_glossary,
)
from knowledge.extract.states import split_states
from knowledge.extract.text import join_pieces, tidy
from knowledge.models import KnowledgeBase, Meeting, Paragraph, Resolution

ROOT = Path(__file__).resolve().parent.parent
REPORT_PATH = ROOT / "knowledge" / "sources" / "E-2020-31-zh.txt"
GLOSSARY_PATH = ROOT / "knowledge" / "sources" / "glossary.yaml"
BUNDLED_PATH = ROOT / "knowledge" / "data" / "cstd-23.yaml"

_FOOTNOTE_LINE = re.compile(r"^\s*(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\^[a-z])\s")
_CJK = "\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”"
_SPACE_BETWEEN_CJK = re.compile(f"[{_CJK}] +[{_CJK}]")

# String fields that hold ids, enumerations or English/technical values, not report text.
_NOT_REPORT_TEXT = {
    "id",
    "parent",
    "kind",
    "status",
    "source",
    "timezone",
    "body_en",
    "language",
    "sha256",
    "agenda_items",
    "meetings",
}
_NOT_REPORT_TEXT_OF = {("ResolutionSection", "paragraphs"), ("Segment", "agenda_item")}
_NOT_REPORT_TEXT_OF |= {("BureauMember", "role")}


@pytest.fixture(scope="module")
def report_text() -> str:
    return REPORT_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def kb(report_text: str) -> KnowledgeBase:
    return extract_report(report_text)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def haystacks(report_text: str) -> tuple[str, str]:
    """(the whole report, the report without its footnote lines), whitespace and links out."""
    unlinked = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", report_text)
    lines = [re.sub(r"^\s*- ", "", line) for line in unlinked.splitlines()]
    whole = _squeeze("\n".join(lines))
    running = _squeeze("\n".join(line for line in lines if not _FOOTNOTE_LINE.match(line)))
    return whole, running


def _texts(value: Any, path: str = "kb") -> Iterator[tuple[str, str]]:
    """(path, string) for every string in the knowledge base that quotes the report."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name.startswith("_") or f.name in _NOT_REPORT_TEXT:
                continue
            if (type(value).__name__, f.name) in _NOT_REPORT_TEXT_OF:
                continue
            yield from _texts(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, tuple):
        for at, item in enumerate(value):
            yield from _texts(item, f"{path}[{at}]")
    elif isinstance(value, str) and value:
        yield path, value


def _paragraph(kb: KnowledgeBase, pid: str) -> Paragraph:
    record = kb.get(pid)
    assert isinstance(record, Paragraph), pid
    return record


def _resolution(kb: KnowledgeBase, rid: str) -> Resolution:
    record = kb.resolution(rid)
    assert record is not None, rid
    return record


def _meeting(kb: KnowledgeBase, mid: str) -> Meeting:
    record = kb.get(mid)
    assert isinstance(record, Meeting), mid
    return record


# --- text primitives -------------------------------------------------------------------------


def test_tidy_removes_spaces_only_between_chinese_characters() -> None:
    assert tidy("继续在各自的 任务规定和现有资源") == "继续在各自的任务规定和现有资源"
    assert tidy("于 2020 年 6 月 10 日") == "于 2020 年 6 月 10 日"
    assert tidy("作用 and 責任") == "作用 and 責任"


def test_pieces_of_a_paragraph_join_without_a_trace_of_the_break() -> None:
    assert (
        join_pieces(["汇集当地的知识，从多", "种渠道调动资源"])
        == "汇集当地的知识，从多种渠道调动资源"
    )
    assert join_pieces(["Rowena Cristina", "L. Guevara"]) == "Rowena Cristina L. Guevara"


def test_lists_of_states_split_on_whole_names() -> None:
    assert split_states("特立尼达和多巴哥、几内亚比绍和俄罗斯联邦") == [
        "特立尼达和多巴哥",
        "几内亚比绍",
        "俄罗斯联邦",
    ]
    assert split_states("联合国贸易和发展会议") is None


# --- fidelity --------------------------------------------------------------------------------


def test_every_stored_text_is_the_reports_own(
    kb: KnowledgeBase, haystacks: tuple[str, str]
) -> None:
    whole, running = haystacks
    checked = 0
    for path, text in _texts(kb):
        for line in text.split("\n"):
            squeezed = _squeeze(line)
            assert squeezed in running or squeezed in whole, f"{path}: {line[:60]!r}"
            checked += 1
    assert checked > 700


def test_no_layout_artefacts_remain(kb: KnowledgeBase) -> None:
    for path, text in _texts(kb):
        # "第二章 信息社会…": the chapter's heading and title, joined on purpose.
        if not path.endswith(".chapter"):
            assert not _SPACE_BETWEEN_CJK.search(text), f"{path}: {text[:60]!r}"
        assert "](" not in text and "[" not in text, path
        assert not re.search(r"(^|\n)- ", text), path
        assert text == text.strip(), path


def test_paragraphs_cut_by_page_breaks_and_footnotes_are_whole(kb: KnowledgeBase) -> None:
    assert "从多种渠道调动资源" in _paragraph(kb, "R2.a.2").text
    assert "以加强较为薄弱的组成部分，并在自愿基础上" in _paragraph(kb, "R2.a.14").text
    r1_50 = _paragraph(kb, "R1.50").text
    assert r1_50.startswith("注意到旨在弥合性别数字鸿沟的多项举措")
    assert "“主页上的女性”（联合国教育、科学及文化组织)、“性别与媒体全球调查”" in r1_50
    assert r1_50.endswith("就这一问题开展的工作；")
    split_preamble = [
        p
        for p in _resolution(kb, "R2").paragraphs
        if "强调为增强妇女的经济权能，需要管理" in p.text
    ]
    assert [p.kind for p in split_preamble] == ["preamble"]
    assert "妇女使用互联网的几率比男子低 17%" in _paragraph(kb, "R1.49").text


def test_the_reports_own_characters_and_defects_are_kept(kb: KnowledgeBase) -> None:
    assert "在其各自的任務規定和現有資源範圍內" in _paragraph(kb, "R1.10").text
    assert "各自作用 and 責任範圍內" in _paragraph(kb, "R1.14").text
    assert "在各自的任务规定和现有资源范围内" in _paragraph(kb, "R2.a.6").text
    assert "2020 年 6 月 10 日至 12 日" in _paragraph(kb, "P16").text
    assert _paragraph(kb, "R1.59").text.endswith("报告情况和工作计划")


def test_markdown_and_bullet_artefacts_are_reduced_to_text(kb: KnowledgeBase) -> None:
    assert "E/CN.16/2020/INF.1 号文件" in _paragraph(kb, "AX2.4").text
    cited_5 = [f for p in _resolution(kb, "R2").paragraphs for f in p.footnotes if f.mark == "⁵"]
    assert {f.text for f in cited_5} == {"A/73/798，附件一。"}
    assert _paragraph(kb, "R2.c.3").text.startswith("尽可能广泛地实施")
    assert _paragraph(kb, "R2.c.7").label == "(七)"


def test_lead_lines_keep_their_short_lists(kb: KnowledgeBase) -> None:
    assert _paragraph(kb, "P10").text.split("\n")[1:] == [
        "主席：",
        "彼得·毛约尔(匈牙利)",
        "副主席：",
        "蔡阿民(奥地利)",
        "凯科讷·贝波莱迪(博茨瓦纳)",
    ]


# --- footnotes -------------------------------------------------------------------------------


def test_footnotes_are_attached_where_cited(kb: KnowledgeBase) -> None:
    def notes(pid: str) -> str:
        return " ".join(f.text for f in _paragraph(kb, pid).footnotes)

    assert "E/CN.16/2018/CRP.3" in notes("R1.66")
    assert "A/67/65-E/2012/48" in notes("R1.71")
    assert "E/2020/31" in notes("D1.a")
    assert "非正式虚拟会议" in notes("SUM1")
    assert _paragraph(kb, "SUM1").footnotes[0].mark == "^a"
    assert _paragraph(kb, "R1.pre.1").text.endswith("，¹")
    assert [f.mark for f in _paragraph(kb, "R1.71").footnotes] == ["¹⁰"]


def test_footnote_numbering_restarts_in_each_draft(kb: KnowledgeBase) -> None:
    first = {
        f.text for p in _resolution(kb, "R1").paragraphs for f in p.footnotes if f.mark == "¹"
    }
    second = [
        p.id for p in _resolution(kb, "R2").paragraphs if any(f.mark == "¹" for f in p.footnotes)
    ]
    assert first == {"见 A/C.2/59/3 和 A/60/687。"}
    assert second == ["R2.pre.1", "R2.a.4"]
    assert {
        f.text for p in _resolution(kb, "R2").paragraphs for f in p.footnotes if f.mark == "¹"
    } == {"大会第 70/1 号决议。"}


def test_every_printed_marker_in_a_text_has_its_footnote(kb: KnowledgeBase) -> None:
    for record in kb.records():
        if isinstance(record, Paragraph):
            marks = re.findall(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\^[a-z]", record.text)
            assert sorted(set(marks)) == sorted(f.mark for f in record.footnotes), record.id


def test_a_missing_footnote_is_an_error(report_text: str) -> None:
    broken = report_text.replace("⁹ 见 E/CN.16/2018/CRP.3。", "")
    with pytest.raises(ExtractError, match=r"R1\.66"):
        extract_report(broken)


# --- structure -------------------------------------------------------------------------------


def test_ids_are_unique_and_addressable(kb: KnowledgeBase) -> None:
    ids = [record.id for record in kb.records()]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    for record_id in ("S23", "A24.3a", "B24.chair", "M2", "R1.84.a", "R2.c.7", "D1.b", "AX2.16"):
        assert record_id in kb


def _check_run(numbers: list[int], what: str) -> None:
    assert numbers == list(range(1, len(numbers) + 1)), what


def test_paragraph_numbers_run_without_gaps(kb: KnowledgeBase) -> None:
    for resolution in kb.resolutions:
        by_kind: dict[str, list[int]] = {}
        items: dict[str, list[int]] = {}
        for p in resolution.paragraphs:
            if p.kind == "item":
                items.setdefault(p.id.rsplit(".", 1)[0], []).append(p.number)
            else:
                by_kind.setdefault(p.kind, []).append(p.number)
        for kind, numbers in by_kind.items():
            _check_run(numbers, f"{resolution.id} {kind}")
        for parent, numbers in items.items():
            _check_run(numbers, f"{parent} items")
            assert parent in kb
    for parent in ("summary", "report", "annex2"):
        _check_run([p.number for p in kb.paragraphs if p.parent == parent], parent)


def test_draft_resolution_one(kb: KnowledgeBase) -> None:
    r1 = _resolution(kb, "R1")
    assert r1.title == "评估信息社会世界峰会成果落实和后续工作方面取得的进展"
    assert r1.intro == "经济及社会理事会，"
    operative = [p for p in r1.paragraphs if p.kind == "operative"]
    assert [p.id for p in operative] == [f"R1.{n}" for n in range(1, 91)]
    assert operative[23].label == "24" and operative[23].number == 24
    assert [p.id for p in r1.paragraphs if p.kind == "item"] == [f"R1.84.{c}" for c in "abcd"]
    assert _paragraph(kb, "R1.84.a").label == "(a)"
    assert [s.title for s in r1.sections] == [
        "总结：审查信息社会世界峰会成果的执行情况",
        "互联网治理",
        "加强合作",
        "互联网治理论坛",
        "前进的道路",
    ]
    assert _paragraph(kb, "R1.60").section == "互联网治理"
    assert _paragraph(kb, "R1.84.d").section == "前进的道路"
    assert "R1.84.b" in r1.sections[-1].paragraphs
    assert all(p.id.startswith("R1.pre.") for p in r1.paragraphs if p.kind == "preamble")


def test_draft_resolution_two(kb: KnowledgeBase) -> None:
    r2 = _resolution(kb, "R2")
    assert r2.title == "科学、技术和创新促进发展"
    assert r2.operative_intro.startswith("提出以下建议供各国政府")
    assert [p.id for p in r2.paragraphs if p.kind == "operative"] == ["R2.a", "R2.b", "R2.c"]
    counts = Counter(p.id.split(".")[1] for p in r2.paragraphs if p.kind == "item")
    assert counts == {"a": 28, "b": 18, "c": 7}
    third = _paragraph(kb, "R2.a.3")
    assert (third.label, third.number) == ("(三)", 3)
    assert _paragraph(kb, "R2.b").text == "鼓励委员会："
    assert all(not p.text.startswith("提出以下建议") for p in r2.paragraphs)


def test_draft_decision_and_adoption(kb: KnowledgeBase) -> None:
    d1 = _resolution(kb, "D1")
    assert d1.kind == "decision"
    assert (
        d1.title
        == "科学和技术促进发展委员会第二十三届会议报告及委员会第二十四届会议临时议程和文件"
    )
    assert [p.id for p in d1.paragraphs] == ["D1.a", "D1.b"]
    for resolution in kb.resolutions:
        assert (
            resolution.adopted_on is not None and resolution.adopted_on.isoformat() == "2020-06-09"
        )
        assert resolution.adopted_by.endswith("结束的无异议程序")
    assert "星期二" in _resolution(kb, "R1").adopted_by
    assert "P4" in _resolution(kb, "R1").source and "P6" in _resolution(kb, "R2").source


# --- session, agenda, bureau, meetings, documents -------------------------------------------


def test_sessions(kb: KnowledgeBase) -> None:
    held, planned = kb.sessions
    assert (held.id, held.status, planned.id, planned.status) == ("S23", "held", "S24", "planned")
    assert held.body == "科学和技术促进发展委员会"
    assert (held.start, held.end) == (dt.date(2020, 6, 10), dt.date(2020, 6, 12))
    assert held.format == "非正式虚拟会议" and held.format_reason.endswith(
        "以非正式虚拟会议形式举行。"
    )
    assert held.procedure is not None
    assert (held.procedure.symbol, held.procedure.date.isoformat()) == ("2020/206", "2020-05-22")
    assert (
        held.procedure.title
        == "延长经济及社会理事会在冠状病毒病(COVID-19)大流行期间作出决定的程序"
    )
    assert held.priority_themes == (
        "利用快速技术变革促进包容和可持续的发展",
        "探索空间技术促进可持续发展及这方面国际研究协作的惠益",
    )
    assert held.meeting_count == 3 and held.agenda_adopted is False
    assert held.agenda_note == "因此，没有正式通过本届会议的议程。"
    assert len(planned.priority_themes) == 2 and "区块链" in planned.priority_themes[1]
    assert kb.current_session is held
    assert kb.source.symbol == "E/2020/31" and len(kb.source.sha256) == 64


def test_agendas(kb: KnowledgeBase) -> None:
    def top(session: int) -> list[str]:
        return [a.id for a in kb.agenda if a.session == session and a.parent is None]

    assert top(23) == [f"A23.{n}" for n in range(1, 8)]
    assert top(24) == [f"A24.{n}" for n in range(1, 8)]
    by_id = {a.id: a for a in kb.agenda}
    assert (
        by_id["A23.2"].title == "信息社会世界峰会成果在区域和国际两级落实和后续工作方面取得的进展"
    )
    assert by_id["A23.2"].meetings == ("M3",) and by_id["A23.3"].meetings == ("M2",)
    assert by_id["A23.4"].considered is False and by_id["A23.2"].considered is True
    assert (by_id["A23.3a"].parent, by_id["A23.3a"].number) == ("A23.3", "3(a)")
    assert by_id["A23.3a"].documents == ("E/CN.16/2020/2",)
    assert by_id["A23.1"].documents == ("E/CN.16/2020/1",)
    assert "没有正式通过本届会议的议程" in by_id["A23.1"].action
    assert "审议了议程项目 2" in by_id["A23.2"].action and "P4" in by_id["A23.2"].source
    assert all(a.provisional for a in kb.agenda if a.session == 24)
    assert by_id["A24.3b"].title == "利用区块链促进可持续发展：前景与挑战"
    assert by_id["A24.3a"].document_notes == ("秘书长的报告",)
    assert by_id["A24.3"].title == "科学和技术促进发展"


def test_bureau(kb: KnowledgeBase) -> None:
    seats = {m.id: m for m in kb.bureau}
    assert set(seats) == {
        "B23.chair", "B23.vc1", "B23.vc2", "B23.vc3",
        "B24.chair", "B24.vc1", "B24.vc2", "B24.vc3", "B24.vc4", "B24.rapporteur",
    }  # fmt: skip
    chair = seats["B24.chair"]
    assert (chair.name, chair.country, chair.status) == ("彼得·毛约尔", "匈牙利", "elected")
    assert chair.elected_by == "2020 年 6 月 12 日结束的无异议程序"
    assert chair.elected_on is not None and chair.elected_on.isoformat() == "2020-06-12"
    assert (seats["B24.vc1"].name, seats["B24.vc2"].country) == ("蔡阿民", "博茨瓦纳")
    assert (seats["B24.vc3"].region, seats["B24.vc4"].region) == (
        "亚洲-太平洋国家",
        "拉丁美洲和加勒比国家",
    )
    assert {seats[s].status for s in ("B24.vc3", "B24.vc4", "B24.rapporteur")} == {"postponed"}
    assert (seats["B23.chair"].name, seats["B23.chair"].country) == (
        "Kekgonne Edinton Baipoledi",
        "博茨瓦纳",
    )
    assert (seats["B23.vc1"].name, seats["B23.vc1"].country) == ("劳尔·巴尔加斯", "墨西哥")
    assert seats["B23.vc1"].elected_on is not None and seats["B23.vc1"].elected_on.day == 9
    assert (seats["B23.vc2"].name, seats["B23.vc2"].status) == ("彼得·毛约尔", "presiding")
    assert (seats["B23.vc3"].country, seats["B23.vc3"].name) == ("奥地利", "")
    assert all(m.source for m in kb.bureau)


def test_meetings(kb: KnowledgeBase) -> None:
    assert [(m.id, m.date.isoformat()) for m in kb.meetings] == [
        ("M1", "2020-06-10"),
        ("M2", "2020-06-11"),
        ("M3", "2020-06-12"),
    ]
    m1, m2, m3 = kb.meetings
    assert m1.opened_by == "副主席彼得·毛约尔(匈牙利)"
    assert [s.kind for s in m1.segments] == ["opening", "high-level segment"]
    assert [(s.kind, s.agenda_item) for s in m2.segments] == [
        ("round table", "A23.3a"),
        ("general discussion", "A23.3a"),
        ("round table", "A23.3b"),
        ("general discussion", "A23.3b"),
    ]
    assert {s.presided_by for s in m2.segments if s.kind == "round table"} == {"副主席(奥地利)"}
    assert m3.agenda_items == ("A23.2",) and m3.presided_by == "副主席(匈牙利)"
    for meeting in kb.meetings:
        assert (meeting.start, meeting.end, meeting.link) == (None, None, "")
        titles = {s.title for s in meeting.segments} | {""}
        for speaker in meeting.speakers:
            assert speaker.segment in titles and speaker.source in meeting.source


def test_every_named_speaker_is_recorded(kb: KnowledgeBase) -> None:
    annex = " ".join(p.text for p in kb.paragraphs if p.parent == "annex2")
    found = re.findall(r"[A-Z][a-zà-ÿ]+(?:[ -](?:[A-Z][a-zà-ÿ]*\.?))+", annex)
    latin_names = {name.rstrip(".") for name in found}
    names = {s.name for m in kb.meetings for s in m.speakers}
    assert latin_names and latin_names <= names
    assert {
        "张锋",
        "白春礼",
        "西蒙妮特·迪皮波",
        "法布里齐奥·赫希斯希尔德",
        "马尔科姆·约翰逊",
    } <= names


def test_representatives_and_groups_are_one_speaker_each(kb: KnowledgeBase) -> None:
    m1 = _meeting(kb, "M1")
    representatives = [s.country for s in m1.speakers if s.role == "代表" and not s.name]
    assert representatives == [
        "比利时",
        "南非",
        "墨西哥",
        "俄罗斯联邦",
        "葡萄牙",
        "阿曼",
        "土耳其",
    ]
    m3 = _meeting(kb, "M3")
    assert any(s.organization == "儿童和青年主要群体" and s.role == "代表" for s in m3.speakers)
    zambia = next(s for s in m1.speakers if s.name == "Kayula Siame")
    assert (zambia.country, zambia.organization, zambia.role) == (
        "赞比亚",
        "赞比亚高等教育部",
        "常务秘书",
    )


def test_documents(kb: KnowledgeBase) -> None:
    assert len(kb.documents) == 6
    docs = {d.symbol: d for d in kb.documents}
    assert docs["E/CN.16/2020/3"].symbols == ("E/CN.16/2020/3", "E/CN.16/2020/3/Amend.1")
    assert docs["E/CN.16/2020/2"].agenda_item == "3(a)"
    assert "https://unctad.org/" in docs["E/CN.16/2020/CRP.1"].note
    assert docs["E/CN.16/2020/INF.1"].agenda_item == ""
    assert {d.session for d in kb.documents} == {23}


def test_report_paragraphs(kb: KnowledgeBase) -> None:
    p3 = _paragraph(kb, "P3")
    assert p3.chapter == "第二章 信息社会世界峰会成果在区域和国际两级落实和后续工作方面取得的进展"
    assert _paragraph(kb, "P16").section == "A. 届会工作"
    assert _paragraph(kb, "AX2.10").section == "科学和技术促进发展(议程项目 3)"
    assert [p.id for p in kb.paragraphs if p.parent == "report"] == [f"P{n}" for n in range(1, 20)]
    assert [p.id for p in kb.paragraphs if p.parent == "annex2"] == [
        f"AX2.{n}" for n in range(1, 17)
    ]


# --- determinism, glossary, the bundled file -------------------------------------------------


def test_extraction_is_deterministic(report_text: str, kb: KnowledgeBase) -> None:
    assert dump_yaml(extract_report(report_text)) == dump_yaml(kb)


def test_glossary_is_added_and_checked(report_text: str) -> None:
    glossary = (
        "aliases:\n  - {kind: country, zh: 匈牙利, names: [Hungary]}\n"
        "glossary:\n  - {zh: 无异议程序, en: [silence procedure]}\n"
    )
    kb = build_knowledge_base(report_text, glossary)
    assert [(a.kind, a.zh, a.names) for a in kb.aliases] == [("country", "匈牙利", ("Hungary",))]
    assert [(t.zh, t.en) for t in kb.glossary] == [("无异议程序", ("silence procedure",))]
    assert build_knowledge_base(report_text).aliases == ()
    with pytest.raises(ExtractError, match=r"aliases\[0\]\.kind"):
        parse_glossary("aliases:\n  - {kind: planet, zh: 火星, names: [Mars]}\n")
    with pytest.raises(ExtractError, match=r"glossary\[0\]"):
        parse_glossary("glossary:\n  - {zh: 火星}\n")


def test_bundled_file_is_the_extraction_of_the_bundled_sources(report_text: str) -> None:
    glossary = GLOSSARY_PATH.read_text(encoding="utf-8") if GLOSSARY_PATH.exists() else None
    expected = dump_yaml(build_knowledge_base(report_text, glossary), header=BUNDLED_HEADER)
    assert BUNDLED_PATH.read_text(encoding="utf-8") == expected
    assert "docs/knowledge-base.md" in BUNDLED_HEADER
    assert "delegate-bot kb extract" in BUNDLED_HEADER


def test_a_text_that_is_not_the_report_is_refused() -> None:
    with pytest.raises(ExtractError):
        extract_report("第一章\n标题\n1. 一段。\n")


def test_the_table_of_contents_is_read_line_by_line_with_its_pages(kb: KnowledgeBase) -> None:
    lines = [(c.label, c.page) for c in kb.contents]
    assert lines[0] == ("一", 6) and lines[-1] == ("附件二", 35)
    assert [c.label for c in kb.contents].count("A") == 2  # chapter I's and chapter VIII's
    decision = next(c for c in kb.contents if c.label == "B")
    assert decision.title == "供理事会通过的决定草案" and decision.page == 26
    # an annex's label and its title stand on two lines of the source
    annex = kb.contents[-2]
    assert annex.printed == "附件一 委员会第二十三届会议收到的文件清单..... 34"
    # the page numbers never go back
    pages = [c.page for c in kb.contents]
    assert pages == sorted(pages)
