"""Knowledge bases for tests: a small one built here, the bundled one, and edits of them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from pathlib import Path

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
from knowledge.render_text import chinese_number

BUNDLED = Path(__file__).resolve().parents[2] / "knowledge" / "data" / "cstd-23.yaml"


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


@functools.cache
def bundled_kb() -> KnowledgeBase:
    from knowledge.loader import load_knowledge_base

    return load_knowledge_base(BUNDLED.read_bytes())


def with_meetings(kb: KnowledgeBase, **changes: object) -> KnowledgeBase:
    """The knowledge base with meetings changed: ``M2=("2020-06-11", "15:00")`` gives a date
    and local start, ``M2="cancelled"`` cancels it, ``M3=None`` removes it."""
    meetings = []
    for meeting in kb.meetings:
        change = changes.get(meeting.id, ...)
        if change is None:
            continue
        if change == "cancelled":
            meeting = dataclasses.replace(meeting, cancelled=True)
        elif isinstance(change, tuple):
            day, start = change
            meeting = dataclasses.replace(
                meeting, date=dt.date.fromisoformat(day), start=dt.time.fromisoformat(start)
            )
        meetings.append(meeting)
    return dataclasses.replace(kb, meetings=tuple(meetings))


def edited_bundled(tmp_path: Path) -> Path:
    """The bundled file as an administrator edits it: meeting 2 moved to a future day and
    given a start time, R1.49's figure corrected."""
    text = BUNDLED.read_text(encoding="utf-8")
    m2 = "- id: M2\n  session: 23\n  number: 2\n  date: 2020-06-11\n"
    assert m2 in text
    text = text.replace(m2, m2.replace("2020-06-11", "2099-06-11") + "  start: '15:00'\n")
    assert text.count("男子低 17%") == 1
    text = text.replace("男子低 17%", "男子低 18%")
    edited = tmp_path / "edited.yaml"
    edited.write_text(text, encoding="utf-8")
    return edited
