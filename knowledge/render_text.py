"""Plain-text renderings of records: what an answer says, and what the index reads.

``answer_text`` is the text a delegate gets for a record (the console, ``delegate-bot ask`` and
the evaluation print it; the Telegram renderer has its own HTML). A paragraph is its text and
its footnotes; a structured record (a meeting, a bureau seat, an agenda item, a session, a
document) is its fields followed by the report paragraphs it cites, so that the answer shows
where every fact comes from.

``index_fields`` is what free-text search matches against: a record's own words (a structured
record's fields, not the paragraphs it cites, which are indexed on their own) and its context
(a paragraph's section heading), kept apart so that context weighs less.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from knowledge.models import (
    AgendaItem,
    BureauMember,
    Document,
    KnowledgeBase,
    Meeting,
    Paragraph,
    Record,
    Resolution,
    Session,
)

if TYPE_CHECKING:
    from knowledge.answers import Composed
    from knowledge.results import SearchResult

__all__ = [
    "answer_text",
    "chinese_number",
    "composed_text",
    "format_result",
    "index_fields",
    "zh_date",
]

ROLE_ZH = {"chair": "主席", "vice-chair": "副主席", "rapporteur": "报告员"}
ROLE_EN = {"chair": "Chair", "vice-chair": "Vice-Chair", "rapporteur": "Rapporteur"}
STATUS_ZH = {"elected": "当选", "postponed": "选举推迟", "presiding": "主持会议"}
STATUS_EN = {"elected": "elected", "postponed": "election postponed", "presiding": "presiding"}
SEGMENT_ZH = {
    "opening": "开幕",
    "high-level segment": "高级别部分会议",
    "round table": "高级别圆桌会议",
    "general discussion": "一般性讨论",
}

_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """24 → 二十四 (0–99; larger numbers stay Arabic)."""
    if not 0 <= n < 100:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[units] if units else "")


def zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _session_name(number: int) -> str:
    return f"第{chinese_number(number)}届会议"


def _paragraph_text(paragraph: Paragraph) -> str:
    label = paragraph.label.strip()
    prefix = f"{label}. " if label.isdigit() else (f"{label} " if label else "")
    lines = [prefix + paragraph.text]
    lines.extend(f"{note.mark} {note.text}" for note in paragraph.footnotes)
    return "\n".join(lines)


def _sources(kb: KnowledgeBase, ids: tuple[str, ...]) -> Iterator[str]:
    for source_id in ids:
        record = kb.get(source_id)
        if isinstance(record, Paragraph):
            yield f"[{source_id}] {_paragraph_text(record)}"


def _agenda_label(kb: KnowledgeBase, item_id: str) -> str:
    item = kb.get(item_id)
    if isinstance(item, AgendaItem):
        return f"议程项目 {item.number}: {item.title}"
    return item_id


def _with_amendments(kb: KnowledgeBase | None, symbol: str) -> str:
    """A document's symbol with those of its amendments and corrigenda, as annex I prints
    them ("E/CN.16/2020/3 和 E/CN.16/2020/3/Amend.1")."""
    document = kb.get(symbol) if kb is not None else None
    if isinstance(document, Document) and len(document.symbols) > 1:
        return " 和 ".join(document.symbols)
    return symbol


def _fields(record: Record, kb: KnowledgeBase | None) -> list[str]:
    """The record's own facts, one per line (no cited paragraphs)."""
    if isinstance(record, Paragraph):
        return [_paragraph_text(record)]
    if isinstance(record, BureauMember):
        who = record.name or "—"
        if record.name and record.country:
            who = f"{record.name}({record.country})"
        elif record.country:
            who = f"—({record.country})"
        line = f"{_session_name(record.session)} {ROLE_ZH[record.role]}: {who}"
        lines = [line]
        extra = [n for n in (record.name_en,) if n and n != record.name]
        lines.append(
            f"{ROLE_EN[record.role]}, session {record.session}: "
            + ", ".join(extra or [record.name or "—"])
            + f" ({STATUS_EN[record.status]})"
        )
        status = STATUS_ZH[record.status]
        if record.elected_on:
            status += f" {zh_date(record.elected_on)}"
        if record.elected_by:
            status += f" ({record.elected_by})"
        lines.append(f"状态: {status}")
        if record.region:
            lines.append(f"区域: {record.region}")
        if record.note:
            lines.append(record.note)
        return lines
    if isinstance(record, Meeting):
        head = f"第{record.number}次会议"
        if record.format:
            head += f" ({record.format})"
        head += f" {zh_date(record.date)}"
        if record.start:
            head += f" {record.start:%H:%M}"
            if record.end:
                head += f"–{record.end:%H:%M}"
        if record.cancelled:
            head += " (已取消)"
        lines = [head]
        if record.opened_by:
            lines.append(f"开幕: {record.opened_by}")
        if record.presided_by:
            lines.append(f"主持: {record.presided_by}")
        for item_id in record.agenda_items:
            lines.append(_agenda_label(kb, item_id) if kb else item_id)
        for segment in record.segments:
            text = f"{SEGMENT_ZH.get(segment.kind, segment.kind)}: {segment.title}"
            if segment.presided_by:
                text += f" (主持: {segment.presided_by})"
            lines.append(text)
        for speaker in record.speakers:
            details = [x for x in (speaker.role, speaker.organization, speaker.country) if x]
            if speaker.name:
                lines.append(
                    f"发言: {speaker.name}" + (f" ({', '.join(details)})" if details else "")
                )
            elif details:
                lines.append(f"发言: {', '.join(details)}")
        if record.link:
            lines.append(record.link)
        return lines
    if isinstance(record, AgendaItem):
        kind = "临时议程" if record.provisional else "议程"
        lines = [f"{_session_name(record.session)}{kind} 项目 {record.number}: {record.title}"]
        if record.considered is False:
            lines.append("未审议")
        if record.meetings:
            lines.append("审议: " + ", ".join(record.meetings))
        if record.documents:
            lines.append("文件: " + "; ".join(_with_amendments(kb, s) for s in record.documents))
        lines.extend(record.document_notes)
        if record.action:
            lines.append(record.action)
        return lines
    if isinstance(record, Session):
        lines = [f"{record.body}{_session_name(record.number)}"]
        lines.append(f"{record.body_en}, session {record.number}")
        if record.start and record.end:
            lines.append(
                f"日期: {zh_date(record.start)}至{zh_date(record.end)} ({record.timezone})"
            )
        if record.format:
            lines.append(f"形式: {record.format}")
        if record.format_reason:
            lines.append(f"原因: {record.format_reason}")
        if record.procedure:
            procedure = f"程序: {record.procedure.symbol} ({zh_date(record.procedure.date)})"
            if record.procedure.title:
                procedure += f" {record.procedure.title}"
            lines.append(procedure)
        if record.meeting_count is not None:
            lines.append(f"会议次数: {record.meeting_count}")
        for theme in record.priority_themes:
            lines.append(f"优先主题: {theme}")
        if record.agenda_adopted is not None:
            lines.append("议程: " + ("已通过" if record.agenda_adopted else "未正式通过"))
        if record.agenda_note:
            lines.append(record.agenda_note)
        return lines
    if isinstance(record, Document):
        lines = [f"{record.symbol}: {record.title}"]
        if record.agenda_item:
            lines.append(f"议程项目: {record.agenda_item}")
        if record.note:
            lines.append(record.note)
        others = [symbol for symbol in record.symbols if symbol != record.symbol]
        if others:
            lines.append("另见: " + ", ".join(others))
        return lines
    # Resolution
    kind = "决议草案" if record.kind == "resolution" else "决定草案"
    number = chinese_number(record.number) if record.kind == "resolution" else ""
    lines = [f"{kind}{number}: {record.title}"]
    if record.adopted_by:
        adopted = f"通过方式: {record.adopted_by}"
        if record.adopted_on:
            adopted += f" ({zh_date(record.adopted_on)})"
        lines.append(adopted)
    if record.intro:
        lines.append(record.intro)
    for section in record.sections:
        lines.append(f"{section.title} ({len(section.paragraphs)})")
    counts = {"preamble": 0, "operative": 0}
    for paragraph in record.paragraphs:
        if paragraph.kind in counts:
            counts[paragraph.kind] += 1
    lines.append(f"序言部分 {counts['preamble']} 段, 执行部分 {counts['operative']} 段")
    if record.operative_intro:
        # "提出以下建议供各国政府、…审议：": to whom the operative part speaks
        lines.append(record.operative_intro)
    return lines


def answer_text(kb: KnowledgeBase, record: Record) -> str:
    """The plain text of an answer: the record, then the paragraphs it cites."""
    lines = _fields(record, kb)
    if not isinstance(record, Paragraph | Resolution):
        lines.extend(_sources(kb, record.source if not isinstance(record, Document) else ()))
    return "\n".join(lines)


def index_fields(record: Record) -> tuple[str, str]:
    """(own words, context) of a record for free-text search."""
    if isinstance(record, Paragraph):
        own = "\n".join([record.text, *(n.text for n in record.footnotes)])
        return own, " ".join(x for x in (record.section, record.chapter) if x)
    if isinstance(record, Resolution):
        # the operative lead-in ("提出以下建议供各国政府…审议") says to whom the resolution
        # speaks; as context, so that it does not outweigh the paragraphs' own words
        return "\n".join([*_fields(record, None)[:1], record.intro]), record.operative_intro
    lines = _fields(record, None)
    # the phrases people type, written together so that their bigrams exist:
    # 第二十四届会议主席, 第3次虚拟会议, 第二十四届会议临时议程项目4
    if isinstance(record, BureauMember):
        lines.append(
            f"{_session_name(record.session)}{ROLE_ZH[record.role]}{record.name}"
            f" {ROLE_EN[record.role]} {STATUS_EN[record.status]}"
            + (" 选举 当选" if record.status == "elected" else "")
            + (" 推迟选举" if record.status == "postponed" else "")
        )
    elif isinstance(record, Meeting):
        lines.append(f"第{record.number}次{record.format}会议 第{record.number}次会议")
    elif isinstance(record, AgendaItem):
        kind = "临时议程" if record.provisional else "议程"
        lines.append(
            f"{_session_name(record.session)}{kind}项目{record.number} 议程项目{record.number}"
        )
    return "\n".join(lines), ""


# ---------------------------------------------------------------------------------------------
# Structured answers (``knowledge.answers``) as plain text

_VERDICT_ZH = {"yes": "是。", "no": "否。", "unknown": "报告没有说明。"}
_FACT_ZH = {
    "not_covered": "报告没有第{session}届会议的记载",
    "adopted_elsewhere": "报告没有记载第{session}届会议通过的决议; 以下是本届会议通过的",
    "covers": "报告记载的是: 第{session}届会议",
    "spoke": "第{meeting}次会议 ({date}) {segment}: {who}",
    "did_not_speak": "报告所列发言者中没有{who}",
    "not_in_segment": "报告所列“{segment}”的发言者中没有{who}; 报告所列其发言如下",
    "absent_from_meeting": "报告所列第{meeting}次会议 ({date}) 的发言者中没有{who}",
    "not_in_meeting": "报告所列第{meeting}次会议 ({date}) 的发言者中没有{who}; 报告所列其发言如下",
    "speakers": "第{meeting}次会议 ({date}) {segment}: {who}",
    "count_speakers": "第{meeting}次会议发言者: {count}",
    "count_total": "合计: {count}",
    "adopted": "{title}: 经{by}通过 ({date})",
    "presided": "第{meeting}次会议 ({date}) 主持: {by}",
    "segment_presided": "第{meeting}次会议 {segment}: 主持 {by}",
    "count_paragraphs": "{title}: 序言部分 {preamble} 段, 执行部分 {operative} 段, 分项 {items}",
    "count_footnotes": "脚注: {count}",
    "footnote": "{where} 脚注 {mark}: {text}",
    "contents": "报告目录 (章次, 页次):",
    "contents_line": "{line}",
    "no_footnote": "{where} 没有脚注 {mark} (共 {count} 个脚注)",
    "count_resolutions": "决议草案 {resolutions} 项, 决定草案 {decisions} 项",
    "count_documents": "文件: {count}",
    "count_items": "第{session}届会议议程项目: {count}",
    "count_meetings": "第{session}届会议举行了 {count} 次会议",
    "count_seats": "{role}: {count}",
    "document": "{symbol}: {title} (议程项目 {item})",
    "no_documents": "议程项目 {item}: 报告未列出文件",
    "document_note": "议程项目 {item}: {note}",
    "preamble": "{resolution} 序言部分 {title}: {first}–{last} ({count} 段)",
    "section": "{resolution} {title}: {first}–{last} ({count} 段)",
    "first_paragraph": "{resolution} 第一段",
    "last_paragraph": "{resolution} 最后一段",
    "before_part": "紧挨在“{title}”之前的一段",
    "addressed_to": "{resolution}: {intro}",
    "annex": "附件{annex}: {title}",
    "no_annex": "报告没有附件{annex}",
    "meeting_account": "第{meeting}次会议 ({date}): {first}",
    "chapter": "第{chapter}章 {title}: {first}–{last}",
    "chapter_section": "第{chapter}章 {section}节 {title}: {first}–{last}",
    "no_chapter": "报告只有 {count} 章",
    "meeting_time": "第{meeting}次会议: {date} {start}",
    "last_meeting": "最后一次会议: 第{meeting}次会议 {date} {start}",
    "next_meeting": "下一次会议: 第{meeting}次会议 {date} {start}",
    "today": "今天: 第{meeting}次会议 {date} {start}",
    "session_over": "第{session}届会议已于 {start} 至 {end} 举行, 已经结束",
    "session_dates": "第{session}届会议: {start} 至 {end} {format}",
    "session_undated": "报告没有第{session}届会议的日期",
    "session_unplaced": "报告没有第{session}届会议的地点",
    "agenda_adopted": "议程",
    "not_recorded": "报告只列出发言者, 没有记录{who}发言的内容",
    "no_item": "第{session}届会议议程没有项目 {number}",
    "no_meeting": "报告没有第{meeting}次会议的记载",
    "no_seat": "报告没有第{session}届会议{role}的记载",
    "item": "项目 {number}: {title}",
    "nth_paragraph": "{resolution} 第 {n} 段",
    "count_in": "{where}: {count} 段",
    "count_annexes": "报告有 {count} 个附件",
    "count_chapters": "报告有 {count} 章",
    "themes_of": "第{session}届会议的优先主题 ({count} 个)",
    "theme": "{theme}",
    "chapter_title": "{title}",
    "council_adoption": (
        "报告记载的是委员会通过并建议理事会通过的草案; 理事会是否及何时通过, 报告没有说明"
    ),
    "no_resolution": "报告没有决议草案{number}",
    "resolution": "决议草案: {title}",
    "decision": "决定草案: {title}",
    "not_named": "报告没有写出{who}发言者的姓名",
}


def composed_text(kb: KnowledgeBase, composed: Composed) -> str:
    """A structured answer as plain text: the verdict, each fact, then the paragraphs."""
    lines = [_VERDICT_ZH[composed.verdict]] if composed.verdict else []
    for fact in composed.facts:
        if fact.key == "seat" and isinstance(fact.record, BureauMember):
            seat = fact.record
            line = _fields(seat, kb)[0]
            if seat.status == "postponed":
                # who holds it is not known yet: what is, is the region it is kept for
                line += f" ({STATUS_ZH[seat.status]}: {seat.region or '—'})"
            lines.append(f"{line} [{seat.id}]")
            continue
        if fact.key == "agenda_adopted" and isinstance(fact.record, Session):
            lines.append(
                fact.record.agenda_note or ("议程已通过" if fact.value("adopted") else "")
            )
            continue
        if fact.places_a_paragraph and fact.record is not None:
            template = _FACT_ZH[fact.key].format_map(dict(fact.values))
            lines.append(f"{template} [{fact.record.id}]")
            continue
        values = {k: v for k, v in fact.values}
        if "role" in values and isinstance(values["role"], str):
            values["role"] = ROLE_ZH.get(values["role"], values["role"])
        template = _FACT_ZH.get(fact.key, fact.key)
        if fact.key == "document" and not values.get("item"):
            template = (
                "{symbol}: {title}"  # a document under no agenda item (the list of participants)
            )
        text = template.format_map(_Blank(values))
        suffix = f" [{fact.record.id}]" if fact.record is not None else ""
        lines.append(" ".join(text.split()) + suffix)
    for paragraph in composed.evidence:
        lines.append(f"[{paragraph.id}] {_paragraph_text(paragraph)}")
    return "\n".join(lines)


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


def format_result(kb: KnowledgeBase, result: SearchResult, *, full: bool = True) -> str:
    """The console rendering: the answer's text, then the alternatives with ids and reasons."""
    lines = [f"query: {result.query}", f"status: {result.status}"]
    if result.hint:
        lines.append(f"hint: {result.hint}")
    if result.composed is not None:
        lines.append(f"structured: {result.composed.intent}")
        lines.extend("  " + line for line in composed_text(kb, result.composed).splitlines())
        return "\n".join(lines)
    best = result.best
    if best is not None:
        lines.append(f"answer: [{best.record.id}] score {best.score:.1f} — {best.why}")
        if full:
            lines.extend("  " + line for line in answer_text(kb, best.record).splitlines())
    if result.alternatives:
        lines.append("did you mean:" if best is not None else "suggestions:")
        for match in result.alternatives:
            preview = _preview(kb, match.record)
            lines.append(f"  [{match.record.id}] {match.score:5.1f}  {match.why} — {preview}")
    return "\n".join(lines)


def _preview(kb: KnowledgeBase, record: Record, width: int = 48) -> str:
    text = " ".join(answer_text(kb, record).split())
    return text if len(text) <= width else text[: width - 1] + "…"
