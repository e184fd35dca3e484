"""Every word the bot says to a user, in 简体中文 and English; 繁體中文 is derived at load.

Templates are Telegram HTML. :func:`t` escapes every parameter with ``html.escape`` unless it
is already :class:`Html` (a renderer's output), so a knowledge-base or user value can never
open a tag. :func:`plain` is for places without parse mode (button labels, callback answers,
command descriptions): nothing is escaped and templates used there contain no tags.

The Traditional catalogue is the Simplified one through OpenCC, the same conversion the
knowledge-base text gets (:func:`traditional`), so both always agree on wording.
"""

from __future__ import annotations

import datetime as dt
import html
import string
from collections.abc import Mapping
from functools import cache
from typing import Final, Literal, get_args

from knowledge.normalize import to_traditional
from knowledge.script import simplified_for_display

Language = Literal["zh-Hans", "zh-Hant", "en"]
LANGUAGES: Final[tuple[Language, ...]] = get_args(Language)
DEFAULT_LANGUAGE: Final[Language] = "zh-Hans"

LANGUAGE_NAMES: Final[Mapping[Language, str]] = {
    "zh-Hans": "简体中文",
    "zh-Hant": "繁體中文",
    "en": "English",
}

_TRADITIONAL_CODES: Final = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")


class Html(str):
    """Text that is already valid Telegram HTML: :func:`t` inserts it as it is."""

    __slots__ = ()


def escape(value: object) -> Html:
    """Any value as HTML text (``&``, ``<``, ``>`` and quotes escaped)."""
    return Html(html.escape(str(value), quote=True))


def language_from_telegram(code: str | None) -> Language:
    """The interface language for a Telegram ``language_code`` on first contact."""
    if not code:
        return "en"
    lowered = code.lower().replace("_", "-")
    if lowered.startswith(_TRADITIONAL_CODES):
        return "zh-Hant"
    if lowered == "zh" or lowered.startswith("zh-"):
        return "zh-Hans"
    return "en"


_LANGUAGE_WORDS: Final[Mapping[str, Language]] = {
    "zh-hans": "zh-Hans",
    "zhhans": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh": "zh-Hans",
    "hans": "zh-Hans",
    "简体": "zh-Hans",
    "简体中文": "zh-Hans",
    "简": "zh-Hans",
    "中文": "zh-Hans",
    "zh-hant": "zh-Hant",
    "zhhant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "hant": "zh-Hant",
    "繁體": "zh-Hant",
    "繁体": "zh-Hant",
    "繁體中文": "zh-Hant",
    "繁体中文": "zh-Hant",
    "繁": "zh-Hant",
    "en": "en",
    "english": "en",
    "英文": "en",
    "英语": "en",
}


def parse_language(text: str) -> Language | None:
    """A language a user typed (``zh-Hans``, ``繁體``, ``english`` …), or None."""
    return _LANGUAGE_WORDS.get(text.strip().lower().replace("_", "-"))


# ---------------------------------------------------------------------------------------------
# The catalogue: key → (简体中文, English)

_CATALOGUE: Final[Mapping[str, tuple[str, str]]] = {
    # -- welcome and help ----------------------------------------------------------------------
    "start.greeting": (
        "<b>你好，{name}！</b>我可以回答关于{session}的问题。我所知道的一切都来自会议报告"
        " {symbol}（中文本）。",
        "<b>Hello, {name}!</b> I answer questions about the {session}. Everything I know comes"
        " from its report, {symbol} (Chinese text).",
    ),
    "start.try": (
        "直接发给我一个问题或关键词，例如：<i>数字鸿沟</i>、<i>决议一第 24 段</i>、"
        "<i>谁是第二十四届会议主席</i>。",
        "Just send me a question or a few words, for example: <i>digital divide</i>,"
        " <i>resolution I paragraph 24</i>, <i>who chairs the 24th session</i>.",
    ),
    "start.commands": (
        "/agenda 议程 · /bureau 主席团 · /meetings 会议 · /res 决议和决定 · /docs 文件 ·"
        " /lang 语言 · /help 全部命令",
        "/agenda agenda · /bureau officers · /meetings meetings · /res resolutions ·"
        " /docs documents · /lang language · /help all commands",
    ),
    "start.bad_payload": (
        "这个链接指向的内容已不存在，下面是欢迎信息。",
        "That link points to something that no longer exists; here is the welcome instead.",
    ),
    "help.title": ("<b>命令</b>", "<b>Commands</b>"),
    "help.body": (
        "/agenda — 本届会议议程及每个项目的结果；/agenda 3 一个项目；/agenda next 下届临时议程\n"
        "/bureau — 主席团成员\n"
        "/meetings — 各次会议（日期、时间、项目、主持人）；/meetings 2 一次会议及发言者\n"
        "/res — 决议和决定；/res 1 决议大纲；/res 1 24 一个段落；/res 1 24-26 几个段落；"
        "/res 2 a 3；/res 1 数字鸿沟 在决议内搜索\n"
        "/calendar — 会议日历文件（.ics）；/calendar 2 一次会议\n"
        "/res — 决议和决定；/res 1 决议大纲；/res 1 24 一个段落；/res 2 a 3；"
        "/res 1 数字鸿沟 在决议内搜索\n"
        "/docs — 会议收到的文件；/docs E/CN.16/2020/2 一份文件\n"
        "/search 文字 — 搜索报告（在私聊中直接发送文字也可以）\n"
        "/tz Europe/Paris、/tz 北京、/tz UTC+8 — 以你的时区显示会议时间\n"
        "/subscribe、/unsubscribe — 订阅通知（全部、某次会议、某个议程项目、主席团）\n"
        "/lang — 界面语言：简体中文、繁體中文、English",
        "/agenda — this session's agenda and what happened to each item; /agenda 3 one item;"
        " /agenda next the next session's provisional agenda\n"
        "/bureau — the officers\n"
        "/meetings — each meeting (date, time, items, who presided); /meetings 2 one meeting"
        " with its speakers\n"
        "/calendar — the meetings as a calendar file (.ics); /calendar 2 one meeting\n"
        "/res — resolutions and decisions; /res 1 a resolution's outline; /res 1 24 one"
        " paragraph; /res 1 24-26 several; /res 2 a 3; /res 1 digital divide to search inside"
        " one\n"
        "/docs — the documents before the session; /docs E/CN.16/2020/2 one document\n"
        "/search text — search the report (in a private chat, just send the text)\n"
        "/tz Europe/Paris, /tz New York, /tz UTC+8 — show meeting times in your timezone too\n"
        "/subscribe, /unsubscribe — notices (all, a meeting, an agenda item, the bureau)\n"
        "/lang — interface language: 简体中文, 繁體中文, English",
    ),
    "help.groups": (
        "在群组里，我只回应命令、提到我（@{bot}）的消息和对我的回复。",
        "In groups I answer commands, messages that mention me (@{bot}) and replies to me.",
    ),
    "help.inline": (
        "在任何聊天中输入 @{bot} 和关键词，就可以分享报告中的段落。",
        "Type @{bot} and a few words in any chat to share a paragraph of the report.",
    ),
    # -- commands as Telegram lists them (plain text, at most 256 characters) ------------------
    "cmd.start": ("开始", "Start"),
    "cmd.help": ("全部命令和示例", "All commands, with examples"),
    "cmd.agenda": ("议程及每个项目的结果", "The agenda and what happened to each item"),
    "cmd.bureau": ("主席团成员", "The officers (bureau)"),
    "cmd.meetings": ("各次会议：日期、时间、项目", "Meetings: dates, times, items"),
    "cmd.res": ("决议和决定，某一段落", "Resolutions and decisions, one paragraph"),
    "cmd.docs": ("会议收到的文件", "Documents before the session"),
    "cmd.search": ("搜索报告", "Search the report"),
    "cmd.lang": ("界面语言", "Interface language"),
    "cmd.tz": ("你的时区", "Your timezone"),
    "cmd.subscribe": ("订阅通知", "Subscribe to notices"),
    "cmd.unsubscribe": ("取消订阅", "Unsubscribe"),
    # -- usage hints: one line each ------------------------------------------------------------
    "usage.agenda": (
        "用法：/agenda、/agenda 3、/agenda 3(a) 或 /agenda next",
        "Usage: /agenda, /agenda 3, /agenda 3(a) or /agenda next",
    ),
    "usage.meetings": (
        "用法：/meetings 或 /meetings 2（第 {first}–{last} 次会议）",
        "Usage: /meetings or /meetings 2 (meetings {first}–{last})",
    ),
    "usage.res": (
        "用法：/res、/res 1、/res 1 24、/res 1 24-26、/res 2 a 3、/res R1.84.a 或 /res 1 关键词",
        "Usage: /res, /res 1, /res 1 24, /res 1 24-26, /res 2 a 3, /res R1.84.a or /res 1"
        " keywords",
    ),
    "usage.docs": (
        "用法：/docs 或 /docs 文号（例如 {example}）",
        "Usage: /docs or /docs symbol (for example {example})",
    ),
    "usage.search": (
        "用法：/search 关键词，例如 /search 数字鸿沟",
        "Usage: /search keywords, for example /search digital divide",
    ),
    "usage.lang": (
        "用法：/lang zh-Hans、/lang zh-Hant 或 /lang en",
        "Usage: /lang zh-Hans, /lang zh-Hant or /lang en",
    ),
    "usage.tz": (
        "用法：/tz Europe/Paris、/tz 北京、/tz UTC+8（时区名、城市或与 UTC 的时差），/tz off 取消",
        "Usage: /tz Europe/Paris, /tz New York, /tz UTC+8 (a timezone name, a city or an offset"
        " from UTC), /tz off to clear it",
    ),
    "usage.subscribe": (
        "用法：/subscribe [all|bureau|M2|A23.3|A23.3a]（不加主题：订阅全部通知，再选择主题）",
        "Usage: /subscribe [all|bureau|M2|A23.3|A23.3a] (no topic: all notices, then pick topics)",
    ),
    "usage.unsubscribe": (
        "用法：/unsubscribe [all|bureau|M2|A23.3]",
        "Usage: /unsubscribe [all|bureau|M2|A23.3]",
    ),
    "usage.unknown": (
        "我不认识命令 {command}。发送 /help 查看全部命令。",
        "I don't know the command {command}. Send /help for the list.",
    ),
    "usage.not_text": (
        "我只能读文字消息。发送 /help 查看我能做什么。",
        "I can only read text messages. Send /help to see what I can do.",
    ),
    # -- wrong arguments -----------------------------------------------------------------------
    "agenda.no_item": (
        "第{session}届会议议程中没有项目 {item}（有：{items}）。",
        "The agenda of the {session_en} session has no item {item} (it has {items}).",
    ),
    "agenda.no_next": ("报告中没有下届会议的临时议程。", "The report has no provisional agenda."),
    "meetings.no_meeting": ("没有第 {number} 次会议。", "There is no meeting {number}."),
    "res.no_resolution": (
        "没有决议或决定 {which}（有：{known}）。",
        "There is no resolution or decision {which} (there are {known}).",
    ),
    "res.no_paragraph": (
        "{container}没有段落 {label}（{range}）。",
        "{container} has no paragraph {label} ({range}).",
    ),
    "res.range": ("执行部分第 {first}–{last} 段", "operative paragraphs {first}–{last}"),
    "docs.no_document": (
        "会议收到的文件中没有 {symbol}。",
        "{symbol} is not among the documents before the session.",
    ),
    "docs.near": ("相近的文号：{symbols}", "Close symbols: {symbols}"),
    "lang.unknown": ("不认识的语言：{value}", "Unknown language: {value}"),
    "tz.unknown": ("不认识的时区：{value}", "Unknown timezone: {value}"),
    "sub.unknown_topic": (
        "不认识的订阅主题：{value}（可用：all、bureau、会议如 M2、议程项目如 A23.3）",
        "Unknown topic: {value} (use all, bureau, a meeting such as M2, an agenda item such as"
        " A23.3)",
    ),
    # -- agenda --------------------------------------------------------------------------------
    "agenda.title": ("<b>第{session}届会议议程</b>", "<b>Agenda of the {session_en} session</b>"),
    "agenda.title_next": (
        "<b>第{session}届会议临时议程</b>",
        "<b>Provisional agenda of the {session_en} session</b>",
    ),
    "agenda.adopted": ("议程已通过。", "The agenda was adopted."),
    "agenda.item_title": ("<b>议程项目 {number}</b>", "<b>Agenda item {number}</b>"),
    "agenda.considered_at": ("审议：{meetings}", "Considered at: {meetings}"),
    "agenda.not_considered": ("未单独审议", "Not considered separately"),
    "agenda.action": ("结果：{action}", "Outcome: {action}"),
    "agenda.documents": ("文件：", "Documents:"),
    "agenda.subitems": ("分项：", "Sub-items:"),
    "agenda.provisional": ("（临时）", " (provisional)"),
    "agenda.button_next": ("下届临时议程 ▸", "Next session's agenda ▸"),
    "agenda.button_current": ("◂ 本届议程", "◂ This session's agenda"),
    # -- bureau --------------------------------------------------------------------------------
    "bureau.title": (
        "<b>第{session}届会议主席团</b>",
        "<b>Bureau of the {session_en} session</b>",
    ),
    "bureau.chair": ("主席", "Chair"),
    "bureau.vice-chair": ("副主席", "Vice-Chair"),
    "bureau.rapporteur": ("报告员", "Rapporteur"),
    "bureau.vice-chair-rapporteur": ("副主席兼报告员", "Vice-Chair-cum-Rapporteur"),
    "bureau.line": ("<b>{role}</b>：{who}", "<b>{role}</b>: {who}"),
    "bureau.postponed": ("推迟选举", "election postponed"),
    "bureau.presiding": ("主持会议", "presided meetings"),
    "bureau.elected_on": ("{date}选出", "elected on {date}"),
    "bureau.empty": ("报告中没有主席团的资料。", "The report lists no officers."),
    # -- meetings ------------------------------------------------------------------------------
    "meetings.title": (
        "<b>第{session}届会议的会议</b>",
        "<b>Meetings of the {session_en} session</b>",
    ),
    "meeting.title": ("<b>第 {number} 次会议</b>", "<b>Meeting {number}</b>"),
    "meeting.label": ("第 {number} 次会议", "Meeting {number}"),
    "meeting.time_geneva": ("{start}–{end}（{zone}时间）", "{start}–{end} ({zone} time)"),
    "meeting.time_user": ("你的时间（{zone}）：{span}", "Your time ({zone}): {span}"),
    "meeting.time_unknown": ("时间未公布", "time not published"),
    "meeting.items": ("议程项目：{items}", "Agenda items: {items}"),
    "meeting.presided": ("主持：{who}", "Presided: {who}"),
    "meeting.opened": ("开幕：{who}", "Opened by: {who}"),
    "meeting.format": ("形式：{format}", "Format: {format}"),
    "meeting.cancelled": ("已取消", "cancelled"),
    "meeting.segments": ("议程安排：", "Segments:"),
    "meeting.speakers": ("发言者：", "Speakers:"),
    "meeting.no_speakers": ("报告中没有这次会议的发言者名单。", "The report names no speakers."),
    "meeting.tz_hint": (
        "用 /tz Europe/Paris 设置你的时区，会议时间会同时以你的时间显示。",
        "Set your timezone with /tz Europe/Paris to see the times in your own time as well.",
    ),
    "meeting.link": ("链接", "Link"),
    # -- calendar files (/calendar, "Add to calendar") ------------------------------------------
    "cmd.calendar": ("会议日历文件（.ics）", "Meetings as a calendar file (.ics)"),
    "usage.calendar": (
        "用法：/calendar（全部会议）或 /calendar 2（第 {first}–{last} 次会议）",
        "Usage: /calendar (all meetings) or /calendar 2 (meetings {first}–{last})",
    ),
    "cal.button": ("📅 加入日历", "📅 Add to calendar"),
    "cal.button_all": ("📅 全部会议加入日历", "📅 All meetings to my calendar"),
    "cal.caption_one": (
        "📅 第 {number} 次会议（{date}）的日历文件：打开它即可加入你的日历。"
        "以后再导入会更新这次会议，不会重复。",
        "📅 Meeting {number} ({date}) as a calendar file: open it to add it to your calendar."
        " Importing it again later updates the event instead of adding it twice.",
    ),
    "cal.caption_all": (
        "📅 第{session}届会议全部 {count} 次会议的日历文件：打开它即可加入你的日历。以后再导入会"
        "更新这些会议，不会重复。",
        "📅 All {count} meetings of the {session_en} session as a calendar file: open it to add"
        " them to your calendar. Importing it again later updates them instead of adding them"
        " twice.",
    ),
    "cal.all_day": (
        "时间未公布的会议是全天事件。",
        "Meetings whose time has not been published are all-day events.",
    ),
    "cal.none": ("知识库中没有本届会议的会议。", "The knowledge base lists no meetings."),
    "cal.time_unknown": (
        "开始时间尚未公布，因此这是一个全天事件。",
        "The start time has not been published, so this is an all-day event.",
    ),
    "cal.cancelled": ("这次会议已取消。", "This meeting is cancelled."),
    "cal.agenda": ("议程项目：", "Agenda items:"),
    "cal.link": ("会议链接：{link}", "Link to the meeting: {link}"),
    "cal.source": ("出处：报告 {symbol}，{url}", "Source: the report {symbol}, {url}"),
    # -- resolutions ---------------------------------------------------------------------------
    "res.title": ("<b>决议和决定</b>", "<b>Resolutions and decisions</b>"),
    "res.resolution": ("决议草案{number}", "Draft resolution {number_en}"),
    "res.decision": ("决定草案{number}", "Draft decision {number_en}"),
    "res.decision_single": ("决定草案", "Draft decision"),
    "res.counts": (
        "序言 {preamble} 段，执行部分 {operative} 段",
        "{preamble} preambular and {operative} operative paragraphs",
    ),
    "res.adopted": ("通过：{how}", "Adopted: {how}"),
    "res.sections": ("<b>各节</b>", "<b>Sections</b>"),
    "res.preamble_range": ("序言部分（{count} 段）", "Preamble ({count} paragraphs)"),
    "res.section_range": ("第 {first}–{last} 段", "paras {first}–{last}"),
    "res.section_single": ("第 {first} 段", "para {first}"),
    "res.paragraphs_title": ("<b>{container} · 段落</b>", "<b>{container} · paragraphs</b>"),
    "res.button_paragraphs": ("全部段落 ☰", "All paragraphs ☰"),
    "res.button_outline": ("◂ 大纲", "◂ Outline"),
    "res.search_within": (
        "在{container}中搜索“{query}”：",
        "Searching {container} for “{query}”:",
    ),
    # -- paragraphs ----------------------------------------------------------------------------
    "para.operative": ("第 {label} 段", "paragraph {label}"),
    "para.preamble": ("序言部分第 {label} 段", "preambular paragraph {label}"),
    "para.item": ("第 {parent} 段{label}项", "paragraph {parent}{label}"),
    "para.report": ("报告第 {label} 段", "report, paragraph {label}"),
    "para.annex": ("附件{annex}第 {label} 段", "annex {annex_en}, paragraph {label}"),
    "para.summary": ("摘要第 {label} 段", "summary, paragraph {label}"),
    "para.chapter": ("章：{chapter}", "Chapter: {chapter}"),
    "para.section": ("节：{section}", "Section: {section}"),
    "para.footnotes": ("脚注", "Footnotes"),
    "para.terms": ("术语", "Terms"),
    "para.button_prev": ("◀ {id}", "◀ {id}"),
    "para.button_next": ("{id} ▶", "{id} ▶"),
    "para.button_section": ("§ 全节", "§ Whole section"),
    "para.button_maybe": ("≈ {label}", "≈ {label}"),
    "section.title": ("<b>{container} · {section}</b>", "<b>{container} · {section}</b>"),
    "section.preamble": ("序言部分", "Preamble"),
    "section.operative": ("执行部分", "Operative part"),
    "page.counter": ("{page}/{pages}", "{page}/{pages}"),
    "page.prev": ("◀", "◀"),
    "page.next": ("▶", "▶"),
    "page.first": ("⏮", "⏮"),
    "page.last": ("⏭", "⏭"),
    # -- documents -----------------------------------------------------------------------------
    "docs.title": (
        "<b>第{session}届会议收到的文件</b>",
        "<b>Documents before the {session_en} session</b>",
    ),
    "docs.item": ("议程项目 {number}", "agenda item {number}"),
    "docs.also": ("另见：{symbols}", "Also: {symbols}"),
    "docs.cited_in": ("引用于：{ids}", "Cited in: {ids}"),
    # -- document links (undocs.org, the UN Official Document System) -------------------------
    "docs.open_button": (
        "📄 打开 {symbol}（联合国正式文件系统）",
        "📄 Open {symbol} (UN Official Document System)",
    ),
    "docs.official_report": (
        "报告 {symbol} 的联合国正式中文本，点一下即可打开。",
        "The official English text of the report, {symbol}, is one tap away.",
    ),
    "docs.is_report": (
        "{symbol} 是本届会议的报告：我所知道的一切都来自它的中文本。",
        "{symbol} is the session's report: everything I know comes from its Chinese text.",
    ),
    # -- search --------------------------------------------------------------------------------
    "search.ambiguous": (
        "有几个可能的答案，请选择：",
        "Several answers could fit; pick one:",
    ),
    "search.none": (
        "报告中没有找到“{query}”的可靠答案。",
        "I found no good answer to “{query}” in the report.",
    ),
    "search.maybe": ("可能相关：", "Possibly related:"),
    "search.try_commands": (
        "也可以试试：/agenda、/bureau、/meetings、/res、/docs 或 /help。",
        "You could also try /agenda, /bureau, /meetings, /res, /docs or /help.",
    ),
    "search.truncated": (
        "（你的消息很长，我只用了前 {limit} 个字符来搜索。）",
        "(Your message is long; I searched with its first {limit} characters.)",
    ),
    "search.group_hint": (
        "（在群组里请提到我：@{bot} 关键词）",
        "(In groups, mention me: @{bot})",
    ),
    # -- inline mode ---------------------------------------------------------------------------
    "inline.none": ("没有找到", "Nothing found"),
    "inline.none_text": (
        "报告中没有找到“{query}”。",
        "Nothing in the report matches “{query}”.",
    ),
    "inline.help_title": ("输入关键词搜索报告", "Type a few words to search the report"),
    # -- language, timezone, subscriptions ------------------------------------------------------
    "lang.choose": ("请选择界面语言：", "Choose the interface language:"),
    "lang.current": ("当前：{name}", "Current: {name}"),
    "lang.set_hans": (
        "界面语言已设为简体中文。",
        "The interface is now in English.",
    ),
    "lang.set_hant": (
        "界面语言已设为繁体中文，报告内容也将以繁体字显示。",
        "The interface is now in English.",
    ),
    "lang.set_en": (
        "界面语言已设为英文。",
        "The interface is now in English. The report's text stays in Chinese (its only"
        " language here), with record ids and English names where the glossary has them.",
    ),
    "tz.set": ("你的时区已设为 {zone}（现在是 {now}）。", "Your timezone is now {zone} ({now})."),
    "tz.cleared": (
        "已取消你的时区，只显示日内瓦时间。",
        "Timezone cleared: times are in Geneva time only.",
    ),
    "tz.current": ("你的时区：{zone}", "Your timezone: {zone}"),
    "tz.none": ("你还没有设置时区。", "You have not set a timezone."),
    "sub.choose": ("订阅哪一类通知？", "Which notices would you like?"),
    "sub.current": ("你已订阅：{topics}", "You are subscribed to: {topics}"),
    "sub.none": ("你还没有订阅任何通知。", "You are not subscribed to anything."),
    "sub.done": ("已订阅：{topic}。", "Subscribed: {topic}."),
    "sub.already": ("你已经订阅了 {topic}。", "You were already subscribed to {topic}."),
    "sub.removed": ("已取消订阅：{topic}。", "Unsubscribed: {topic}."),
    "sub.removed_all": ("已取消全部 {count} 项订阅。", "Removed all {count} subscription(s)."),
    "sub.not_subscribed": ("你没有订阅 {topic}。", "You were not subscribed to {topic}."),
    "sub.note": (
        "会议变动和提醒将发到这里。",
        "Changes and reminders will be sent here.",
    ),
    "topic.all": ("全部通知", "all notices"),
    "topic.bureau": ("主席团", "the bureau"),
    "topic.meeting": ("第 {number} 次会议", "meeting {number}"),
    "topic.agenda": ("议程项目 {number}", "agenda item {number}"),
    # -- flood control, buttons, errors ---------------------------------------------------------
    "flood.slow_down": (
        "消息太快了，请稍等 {seconds} 秒再发。",
        "You're sending messages very fast; please wait {seconds} seconds.",
    ),
    "button.stale": (
        "这个按钮已过期，请重新发送命令。",
        "This button is out of date; send the command again.",
    ),
    "button.gone": ("这项内容已不存在。", "That item no longer exists."),
    "error.user": (
        "抱歉，出了点问题。管理员已收到通知，请稍后再试。",
        "Sorry, something went wrong. The administrators have been told; please try again later.",
    ),
    "error.admin": (
        "⚠️ 处理更新 {update} 时出错：{error}",
        "⚠️ Error while handling update {update}: {error}",
    ),
    # -- knowledge-base administration (admins only) --------------------------------------------
    "kb.denied": (
        "只有管理员可以更改或查看知识库的版本。",
        "Only administrators can change the knowledge base or see its versions.",
    ),
    "kb.denied_short": ("只有管理员可以这样做。", "Only administrators can do that."),
    "kb.usage": (
        "用法：/kb、/kb history、/kb rollback 版本号、/kb get，或回复一个 .yaml 文件发送"
        " /kb upload",
        "Usage: /kb, /kb history, /kb rollback N, /kb get, or /kb upload as a reply to a .yaml"
        " file",
    ),
    "kb.upload_how": (
        "请把知识库 .yaml 文件发给我，或回复一个 .yaml 文件发送 /kb upload。",
        "Send me the knowledge-base .yaml file, or reply /kb upload to one.",
    ),
    "kb.download_failed": (
        "无法下载文件 {file}：{error}。知识库没有变化。",
        "Could not download {file}: {error}. The knowledge base is unchanged.",
    ),
    "kb.rejected": (
        "<b>文件 {file} 未被接受</b>，知识库没有变化。{count} 个问题（行:列 键路径：问题）：",
        "<b>{file} was not accepted</b>; the knowledge base is unchanged. {count} problem(s)"
        " (line:column key.path: what is wrong):",
    ),
    "kb.more_problems": ("……另有 {count} 个问题", "… and {count} more problems"),
    "kb.preview_upload": (
        "<b>预览：{file}</b>（已存为版本 {version}，sha256 {sha}，{records} 条记录）",
        "<b>Preview: {file}</b> (stored as version {version}, sha256 {sha}, {records} records)",
    ),
    "kb.preview_rollback": (
        "<b>预览：回滚到版本 {version}</b>（sha256 {sha}，{records} 条记录）",
        "<b>Preview: roll back to version {version}</b> (sha256 {sha}, {records} records)",
    ),
    "kb.preview_version": (
        "<b>预览：启用版本 {version}</b>（sha256 {sha}，{records} 条记录）",
        "<b>Preview: activate version {version}</b> (sha256 {sha}, {records} records)",
    ),
    "kb.against_version": (
        "与当前知识库（版本 {version}）相比：",
        "Compared with the live knowledge base (version {version}):",
    ),
    "kb.against_file": (
        "与当前知识库（文件 {file}）相比：",
        "Compared with the live knowledge base (file {file}):",
    ),
    "kb.no_changes": ("没有任何变化。", "Nothing changes."),
    "kb.kind_line": ("<b>{kind}</b>：{counts}", "<b>{kind}</b>: {counts}"),
    "kb.count_added": ("新增 {count}", "{count} added"),
    "kb.count_removed": ("删除 {count}", "{count} removed"),
    "kb.count_changed": ("修改 {count}", "{count} changed"),
    "kb.added": ("＋ {id}", "+ {id}"),
    "kb.removed": ("－ {id}", "− {id}"),
    "kb.changed": ("～ {change}", "~ {change}"),
    "kb.field_move": ("{field} {old} → {new}", "{field} {old} → {new}"),
    "kb.fields_changed": ("{fields} 已修改", "{fields} changed"),
    "kb.zone_geneva": ("日内瓦", "Geneva"),
    "kb.reminders": ("<b>会议提醒</b>", "<b>Meeting reminders</b>"),
    "kb.reminder_moved": (
        "{meeting}：提醒改到 {new}（原为 {old}）",
        "{meeting}: reminders move to {new} (was {old})",
    ),
    "kb.reminder_cancelled": (
        "{meeting}：提醒取消（原为 {old}）",
        "{meeting}: reminders cancelled (was {old})",
    ),
    "kb.reminder_added": ("{meeting}：新增提醒（{new}）", "{meeting}: new reminders ({new})"),
    "kb.button_activate": ("✅ 启用版本 {version}", "✅ Activate version {version}"),
    "kb.button_discard": ("✖ 放弃", "✖ Discard"),
    "kb.button_cancel": ("✖ 取消", "✖ Cancel"),
    "kb.activated": (
        "<b>版本 {version} 已启用。</b>此后的所有问题都按新的知识库回答。",
        "<b>Version {version} is live.</b> Every question from now on is answered from it.",
    ),
    "kb.rolled_back": (
        "<b>已回滚到版本 {version}。</b>此后的所有问题都按这个版本回答。",
        "<b>Rolled back to version {version}.</b> Every question from now on is answered from it.",
    ),
    "kb.reminders_synced": ("会议提醒已同步调整。", "Meeting reminders were rescheduled."),
    "kb.reminders_not_synced": (
        "（会议提醒没有调整：通知模块不可用。）",
        "(Meeting reminders were not rescheduled: the notices module is not available.)",
    ),
    "kb.sync_failed": (
        "版本 {version} 没有启用：无法调整会议提醒（{error}）。知识库没有变化。",
        "Version {version} was not activated: the meeting reminders could not be rescheduled"
        " ({error}). The knowledge base is unchanged.",
    ),
    "kb.answer_activated": ("版本 {version} 已启用", "Version {version} is live"),
    "kb.discarded": (
        "版本 {version} 已放弃，知识库没有变化。",
        "Version {version} was discarded; the knowledge base is unchanged.",
    ),
    "kb.cancelled": ("已取消，知识库没有变化。", "Cancelled; the knowledge base is unchanged."),
    "kb.kept": (
        "已取消。版本 {version} 保留在历史中，知识库没有变化。",
        "Cancelled. Version {version} stays in the history; the knowledge base is unchanged.",
    ),
    "kb.already_live": ("版本 {version} 已经是当前版本。", "Version {version} is already live."),
    "kb.live_changed": (
        "预览之后知识库已经变了（现在是{live}），下面是新的预览。",
        "The live knowledge base changed since that preview (it is now {live}); here is a"
        " fresh one.",
    ),
    "kb.live_file": ("文件", "the file"),
    "kb.live_version_name": ("版本 {version}", "version {version}"),
    "kb.no_version": ("没有版本 {version}。", "There is no version {version}."),
    "kb.unloadable": (
        "版本 {version} 无法加载，知识库没有变化：",
        "Version {version} cannot be loaded; the knowledge base is unchanged:",
    ),
    "kb.status_version": (
        "<b>当前知识库：版本 {version}</b>",
        "<b>Live knowledge base: version {version}</b>",
    ),
    "kb.status_file": (
        "<b>当前知识库：文件 {file}</b>（还没有启用过上传的版本）",
        "<b>Live knowledge base: file {file}</b> (no uploaded version is active)",
    ),
    "kb.status_activated": (
        "{when} 由 {who} 启用；sha256 {sha}",
        "activated {when} by {who}; sha256 {sha}",
    ),
    "kb.status_uploaded": ("{when} 由 {who} 上传", "uploaded {when} by {who}"),
    "kb.status_changes": ("当时的变化：{summary}", "Its changes: {summary}"),
    "kb.status_counts": ("{records} 条记录：{counts}", "{records} records: {counts}"),
    "kb.status_help": (
        "/kb history 版本历史 · /kb get 下载当前文件 · 发送 .yaml 文件上传新版本",
        "/kb history versions · /kb get download the live file · send a .yaml file to upload",
    ),
    "kb.history_title": (
        "<b>最近的版本</b>（{zone}时间）",
        "<b>Recent versions</b> ({zone} time)",
    ),
    "kb.history_empty": ("还没有上传过任何版本。", "No version has been uploaded yet."),
    "kb.history_line": (
        "{mark} <b>{version}</b> · {when} · {who} · {summary}",
        "{mark} <b>{version}</b> · {when} · {who} · {summary}",
    ),
    "kb.history_legend": (
        "● 当前版本　✓ 曾经启用　○ 未启用。/kb rollback 版本号 回滚。",
        "● live  ✓ was live before  ○ never activated. /kb rollback N to go back to one.",
    ),
    "kb.who_cli": ("命令行", "command line"),
    "kb.get_caption": (
        "当前知识库（{live}）。修改后把文件发回给我即可上传新版本。",
        "The live knowledge base ({live}). Edit it and send it back to upload a new version.",
    ),
    # -- knowledge-base administration: unchanged uploads, the live version in the history ----
    "kb.unchanged": (
        "没有变化：{file} 与当前知识库完全相同（当前是{live}），没有存储新版本。",
        "No change: {file} is exactly the live knowledge base ({live} is live); nothing was"
        " stored.",
    ),
    "kb.history_gap": ("⋯", "⋯"),
    # -- knowledge-base administration: what changed inside a long text ------------------------
    "kb.text_diff": ("　　{field}：{diff}", "    {field}: {diff}"),
    "kb.text_diff_more": ("（另有 {count} 处修改未显示）", "(changes not shown: {count})"),
    # -- knowledge-base administration: valid but suspicious content -----------------------------
    "kb.warnings": (
        "<b>⚠️ 请核对（仍可启用）：</b>",
        "<b>⚠️ Worth a second look (activating is still possible):</b>",
    ),
    "kb.warn_outside_session": (
        "{meeting} 的日期 {date} 不在第 {session} 届会议期间（{first} 至 {last}）",
        "{meeting} is dated {date}, outside session {session} ({first} to {last})",
    ),
    "kb.warn_script": (
        "{record} 现在是{new}（原为{old}）",
        "{record} is now in {new} (it was in {old})",
    ),
    "kb.script_simplified": ("简体字", "Simplified characters"),
    "kb.script_traditional": ("繁体字", "Traditional characters"),
    "kb.history_file_live": (
        "当前使用的是文件 {file}，没有启用任何版本。",
        "The file {file} is live; no version is active.",
    ),
    "audit.title": (
        "<b>审计日志</b>（最近 {count} 条，{zone}时间）",
        "<b>Audit log</b> (latest {count}, {zone} time)",
    ),
    "audit.empty": ("审计日志是空的。", "The audit log is empty."),
    "audit.line": (
        "{when} · {who} · <b>{action}</b> · {detail}",
        "{when} · {who} · <b>{action}</b> · {detail}",
    ),
    "audit.denied": (
        "只有管理员可以查看审计日志。",
        "Only administrators can see the audit log.",
    ),
    # -- answer feedback (delegates) and question insights (admins) -----------------------------
    "fb.ask": ("这是你要找的答案吗？", "Was this what you were looking for?"),
    "fb.up": ("👍 是", "👍 Yes"),
    "fb.down": ("👎 不是", "👎 No"),
    "fb.thanks_up": ("谢谢！", "Thanks!"),
    "fb.thanks_down": (
        "谢谢！管理员会看到这个问题，并可以改进回答。",
        "Thanks! The administrators will see this question and can improve the answer.",
    ),
    "fb.already": ("这个回答已经评价过了。", "This answer has been rated already."),
    "insights.denied": (
        "只有管理员可以查看代表们提出的问题。",
        "Only administrators can see the questions delegates asked.",
    ),
    "insights.usage": (
        "用法：/insights [天数]，或 /insights add 编号 问题"
        "（例如 /insights add R1.24 手机用户有多少）",
        "Usage: /insights [days], or /insights add ID question (for example /insights add"
        " R1.24 how many people use mobile phones)",
    ),
    "insights.title": (
        "<b>最近 {days} 天没有得到可靠回答的问题</b>",
        "<b>Questions without a confident answer, last {days} days</b>",
    ),
    "insights.none": (
        "最近 {days} 天没有这样的问题。",
        "No such questions in the last {days} days.",
    ),
    "insights.off": (
        "问题记录已关闭（DELEGATE_BOT_INSIGHTS_DAYS=0）：不保存任何问题。",
        "Question records are off (DELEGATE_BOT_INSIGHTS_DAYS=0): no question is kept.",
    ),
    "insights.line": (
        "<b>{n}.</b> “{question}” — {count} 次（{details}）",
        "<b>{n}.</b> “{question}” — {count}× ({details})",
    ),
    "insights.no_answer": ("无答案 {count}", "no answer {count}"),
    "insights.choices": ("让代表选择 {count}", "choices {count}"),
    "insights.disliked": ("👎 {count}", "👎 {count}"),
    "insights.repicked": ("改选 {count}", "another record picked {count}"),
    "insights.picked": ("代表最后选择了：{id}", "Delegates finally picked: {id}"),
    "insights.suggested": ("可以指向：{ids}", "Could point to: {ids}"),
    "insights.ratings": ("回答评价：👍 {up} · 👎 {down}", "Answers rated: 👍 {up} · 👎 {down}"),
    "insights.privacy": (
        "只保存规范化的问题文字、界面语言、结果和时间，从不保存提问者；{days} 天后删除。",
        "Only the normalised question, the interface language, the outcome and the time are"
        " kept, never who asked; they are deleted after {days} days.",
    ),
    "insights.hint": (
        "按下按钮，就把这个问题作为询问该记录的一种说法（新的知识库版本：先预览，再启用，可以"
        "用 /kb rollback 撤销）。指向其他记录：/insights add 编号 问题",
        "Press a button to make the question a way to ask for that record (a new"
        " knowledge-base version: previewed, then activated; /kb rollback undoes it). Another"
        " record: /insights add ID question",
    ),
    "insights.button_add": ("{n}. 加为询问 {id} 的说法", "{n}. Add as a way to ask for {id}"),
    "insights.proposal": (
        "“{question}”将成为询问 {id} 的一种说法（关键词：{names}）。"
        "启用后，再这样问就会得到 {id}。",
        "“{question}” becomes a way to ask for {id} (key words: {names}). Once this version is"
        " live, asking it again gets {id}.",
    ),
    "insights.refused.record": ("没有记录 {id}。", "There is no record {id}."),
    "insights.refused.words": (
        "“{question}”中没有可以用来提问的词。",
        "“{question}” has no words to ask with.",
    ),
    "insights.refused.already": (
        "“{question}”已经是询问 {id} 的说法。",
        "“{question}” already asks for {id}.",
    ),
    "insights.refused.unhelpful": (
        "即使这样加入，“{question}”也不会得到 {id} 这个答案，所以知识库没有变化。",
        "Even with it, “{question}” would not get {id} as its answer, so the knowledge base is"
        " unchanged.",
    ),
    "insights.refused.invalid": (
        "新的知识库没有通过检查，知识库没有变化。",
        "The new knowledge base did not pass its checks; the knowledge base is unchanged.",
    ),
    "insights.gone": (
        "这个问题已经过了保存期限，不再保存。",
        "That question is past its retention and no longer kept.",
    ),
    # -- roles and refusals --------------------------------------------------------------------
    "access.denied": (
        "这个命令只供秘书处和管理员使用。",
        "This is for the secretariat and administrators only.",
    ),
    "access.admins_only": ("只有管理员可以管理角色。", "Only administrators can manage roles."),
    "roles.admin": ("管理员", "admin"),
    "roles.secretariat": ("秘书处", "secretariat"),
    "roles.usage_grant": (
        "用法：/grant 用户编号或@用户名 secretariat 或 admin",
        "Usage: /grant USER_ID or @username secretariat|admin",
    ),
    "roles.usage_revoke": (
        "用法：/revoke 用户编号或@用户名 secretariat 或 admin",
        "Usage: /revoke USER_ID or @username secretariat|admin",
    ),
    "roles.usage_both": ("更改：{commands}", "Change with {commands}"),
    "roles.unknown_user": (
        "找不到用户 {value}。@用户名只适用于给机器人发过消息的人；数字编号总是可以用。",
        "I don't know the user {value}. A @username works only for someone who has written to"
        " the bot; a numeric user id always works.",
    ),
    "roles.unknown_role": (
        "不认识的角色：{value}（可用：secretariat、admin）",
        "Unknown role: {value} (use secretariat or admin)",
    ),
    "roles.granted": ("{who} 现在是{role}。", "{who} is now {role}."),
    "roles.already": ("{who} 已经是{role}。", "{who} already is {role}."),
    "roles.revoked": ("{who} 不再是{role}。", "{who} is no longer {role}."),
    "roles.not_held": (
        "{who} 没有在聊天中被授予{role}角色。",
        "{who} has no {role} role granted in the chat.",
    ),
    "roles.configured": (
        "{who} 的{role}角色来自配置（DELEGATE_BOT_ADMINS / DELEGATE_BOT_SECRETARIAT），"
        "不能在聊天中撤销。",
        "{who} is {role} by configuration (DELEGATE_BOT_ADMINS / DELEGATE_BOT_SECRETARIAT);"
        " that cannot be revoked from the chat.",
    ),
    "roles.last_admin": (
        "这是最后一位管理员，不能撤销。",
        "That is the last administrator; the role cannot be revoked.",
    ),
    "roles.title": ("<b>角色</b>", "<b>Roles</b>"),
    "roles.line": ("• {who} — {role}（{source}）", "• {who} — {role} ({source})"),
    "roles.from_config": ("配置", "configuration"),
    "roles.from_chat": ("由 {by} 授予", "granted by {by}"),
    "roles.from_cli": ("命令行授予", "granted from the command line"),
    "roles.none": ("还没有人有角色。", "Nobody has a role yet."),
    # -- notices: composing ----------------------------------------------------------------------
    "notice.prompt": (
        "📣 新通知：请把通知内容作为下一条消息发给我。可以用 Telegram 的格式，"
        "或 HTML：&lt;b&gt;粗体&lt;/b&gt;、&lt;i&gt;斜体&lt;/i&gt;、"
        '&lt;a href="https://…"&gt;链接&lt;/a&gt;。',
        "📣 New notice: send me its text as your next message. Telegram's formatting works, and"
        " so does HTML: &lt;b&gt;bold&lt;/b&gt;, &lt;i&gt;italic&lt;/i&gt;,"
        ' &lt;a href="https://…"&gt;link&lt;/a&gt;.',
    ),
    "notice.preview_title": ("📣 <b>通知 #{id}</b> · 预览", "📣 <b>Notice #{id}</b> · preview"),
    "notice.progress_title": (
        "📣 <b>通知 #{id}</b> · {state}",
        "📣 <b>Notice #{id}</b> · {state}",
    ),
    "notice.to": (
        "受众：{audience} — 现在共 <b>{count}</b> 位收件人",
        "To: {audience} — <b>{count}</b> recipient(s) now",
    ),
    "notice.to_only": ("受众：{audience}", "To: {audience}"),
    "notice.to_fixed": (
        "受众：{audience} — 共 <b>{count}</b> 位收件人",
        "To: {audience} — <b>{count}</b> recipient(s)",
    ),
    "notice.audience_all": ("全部订阅者", "all subscribers"),
    "notice.when_now": (
        "时间：按“立即发送”后马上发出",
        "When: as soon as you press Send now",
    ),
    "notice.when_at": ("时间：{when}", "When: {when}"),
    "notice.time": (
        "{date} {time}（{zone}时间；UTC {utc}）",
        "{date} {time} ({zone} time; {utc} UTC)",
    ),
    "notice.relative": ("{relative}", "{relative}"),
    "notice.before_meeting": ("{meeting}开始前 {lead}", "{lead} before {meeting} starts"),
    "notice.after_meeting": ("{meeting}开始后 {lead}", "{lead} after {meeting} starts"),
    "notice.meeting": ("第 {number} 次会议", "meeting {number}"),
    "notice.link": ("链接：{link}", "Link: {link}"),
    "notice.fixed_note": (
        "<i>收件人名单在通知发出时确定。</i>",
        "<i>The recipients are fixed when it goes out.</i>",
    ),
    "notice.button_send": ("▶ 立即发送", "▶ Send now"),
    "notice.button_schedule": ("🕒 定时发送", "🕒 Schedule"),
    "notice.button_schedule_at": ("🕒 定于 {when} 发送", "🕒 Schedule for {when}"),
    "notice.button_cancel": ("✖ 取消", "✖ Cancel"),
    "notice.button_stop": ("⏹ 停止发送", "⏹ Stop sending"),
    "notice.link_button": ("🔗 打开链接", "🔗 Open the link"),
    "notice.need_time": (
        "请回复这条预览，写上发送时间，例如 2020-06-11 14:30、14:30 Europe/Paris"
        " 或 30m before M2。",
        "Reply to this preview with a time, e.g. 2020-06-11 14:30, 14:30 Europe/Paris or"
        " 30m before M2.",
    ),
    "notice.no_such": ("没有编号为 {id} 的通知。", "There is no notice number {id}."),
    # -- notices: progress and reports -----------------------------------------------------------
    "notice.state.draft": ("预览", "preview"),
    "notice.state.scheduled": ("已定时", "scheduled"),
    "notice.state.sending": ("正在发送……", "sending…"),
    "notice.state.done": ("已发送完毕", "delivered"),
    "notice.state.stopped": ("已停止", "stopped"),
    "notice.state.cancelled": ("已取消", "cancelled"),
    "notice.state.dropped": ("未发送", "not sent"),
    "notice.figures": (
        "已发送 {sent}/{total} · 待发送 {pending} · 已屏蔽 {blocked} · 失败 {failed}",
        "Sent {sent} of {total} · pending {pending} · blocked {blocked} · failed {failed}",
    ),
    "notice.skipped": ("因停止而未发送：{count}", "Not sent because it was stopped: {count}"),
    "notice.doubtful": (
        "⚠️ 可能重复：{count}（详见 /notices {id}）",
        "⚠️ Possibly duplicated: {count} (see /notices {id})",
    ),
    "notice.eta": ("预计还需约 {time}", "About {time} left"),
    "notice.eta_soon": ("预计不到一分钟即可发完", "Less than a minute left"),
    "notice.late": (
        "⏱ 比预定时间晚了 {late}：机器人当时没有运行。",
        "⏱ Sent {late} late: the bot was not running at its time.",
    ),
    "notice.late_short": ("⏱ 晚了 {late}", "⏱ {late} late"),
    "notice.dropped_missed": (
        "⏱ 没有发送：已过预定时间 {late}，超过允许的 {grace}（机器人当时没有运行）。",
        "⏱ Not sent: {late} past its time, beyond the {grace} allowed (the bot was not running).",
    ),
    "notice.dropped_started": (
        "⏱ 没有发送：会议已经开始。",
        "⏱ Not sent: the meeting had already started.",
    ),
    "notice.note.stopped-by": ("由 {who} 停止。", "Stopped by {who}."),
    "notice.note.cancelled-by": ("由 {who} 取消。", "Cancelled by {who}."),
    "notice.reason.meeting-removed": (
        "会议已不在知识库中。",
        "The meeting is no longer in the knowledge base.",
    ),
    "notice.reason.meeting-cancelled": ("会议已取消。", "The meeting was cancelled."),
    "notice.reason.meeting-untimed": (
        "会议已没有开始时间。",
        "The meeting no longer has a start time.",
    ),
    "notice.reason.meeting-changed": ("会议时间已变更。", "The meeting changed."),
    "notice.reason.lead-removed": (
        "这个提醒时间已不在配置中。",
        "That reminder lead is no longer configured.",
    ),
    "notice.kind.notice": ("通知", "notice"),
    "notice.kind.reminder": ("提醒", "reminder"),
    "notice.kind.change": ("变更通知", "change notice"),
    "notice.reminder_of": ("{meeting}开始前 {lead} 的提醒", "reminder {lead} before {meeting}"),
    "notice.list_title": ("<b>通知</b>", "<b>Notices</b>"),
    "notice.list_empty": ("还没有通知。", "No notices yet."),
    "notice.list_line": (
        "<b>#{id}</b> · {state} · {kind} · {when} · {audience}",
        "<b>#{id}</b> · {state} · {kind} · {when} · {audience}",
    ),
    "notice.snippet": ("“{text}”", "“{text}”"),
    "notice.list_hint": (
        "/notices 编号 — 一条通知的详细报告（谁没有收到，为什么）",
        "/notices N — one notice's report (who was not reached, and why)",
    ),
    "notice.report_kind": ("类型：{kind}", "Kind: {kind}"),
    "notice.report_created": ("创建：{when}", "Created: {when}"),
    "notice.report_queued": ("发出：{when}", "Went out: {when}"),
    "notice.report_finished": ("结束：{when}", "Finished: {when}"),
    "notice.report_unreached": ("<b>没有收到</b>", "<b>Not reached</b>"),
    "notice.report_doubtful": ("<b>可能重复</b>", "<b>Possibly duplicated</b>"),
    "notice.report_line": ("• {chat} {who} — {state}：{why}", "• {chat} {who} — {state}: {why}"),
    "notice.delivery.pending": ("待发送", "pending"),
    "notice.delivery.claimed": ("发送中", "being sent"),
    "notice.delivery.sent": ("已发送", "sent"),
    "notice.delivery.blocked": ("已屏蔽机器人", "blocked the bot"),
    "notice.delivery.failed": ("失败", "failed"),
    "notice.delivery.skipped": ("未发送（已停止）", "not sent (stopped)"),
    "notice.doubt.restart": (
        "可能重复：发送时机器人停止",
        "possibly duplicated: bot stopped while sending",
    ),
    "notice.doubt.network": (
        "可能重复：请求发出后连接中断",
        "possibly duplicated: the connection failed after the request was sent",
    ),
    # -- notices: what delegates receive ---------------------------------------------------------
    "notice.reminder": (
        "⏰ <b>提醒</b>：{meeting}将于 {when}（{zone}时间）开始，还有 {lead}。",
        "⏰ <b>Reminder</b>: {meeting} starts {when} ({zone} time), in {lead}.",
    ),
    "notice.changed_moved": (
        "🔁 <b>时间变更</b>：{meeting}改在 {when}（{zone}时间）开始，原定 {before}。",
        "🔁 <b>Changed</b>: {meeting} now starts {when} ({zone} time), instead of {before}.",
    ),
    "notice.changed_cancelled": (
        "❌ <b>取消</b>：原定 {before}（{zone}时间）的{meeting}已取消。",
        "❌ <b>Cancelled</b>: {meeting}, planned for {before} ({zone} time), will not take place.",
    ),
    # -- notices: what is wrong ------------------------------------------------------------------
    "notice.problem.empty": ("通知没有内容。", "The notice has no text."),
    "notice.problem.too_long": (
        "通知太长：{length} 个字符，最多 {limit} 个。",
        "The notice is too long: {length} characters, at most {limit}.",
    ),
    "notice.problem.escape": (
        "HTML 格式错误：“{char}”要写成 {escaped}（在“{near}”附近）。",
        "Broken HTML: “{char}” must be written {escaped} (near “{near}”).",
    ),
    "notice.problem.unexpected_close": (
        "HTML 格式错误：多余的结束标签 &lt;/{tag}&gt;（在“{near}”附近）。",
        "Broken HTML: unexpected closing tag &lt;/{tag}&gt; (near “{near}”).",
    ),
    "notice.problem.mismatch": (
        "HTML 格式错误：应先关闭 &lt;{expected}&gt;，却遇到 &lt;/{tag}&gt;（在“{near}”附近）。",
        "Broken HTML: &lt;{expected}&gt; must be closed before &lt;/{tag}&gt; (near “{near}”).",
    ),
    "notice.problem.unclosed": (
        "HTML 格式错误：标签 &lt;{tag}&gt; 没有关闭。",
        "Broken HTML: the tag &lt;{tag}&gt; is never closed.",
    ),
    "notice.problem.tag": (
        "Telegram 不支持标签 &lt;{tag}&gt;（在“{near}”附近）。可用：b、i、u、s、a、code、pre、"
        "blockquote、tg-spoiler。",
        "Telegram does not support the tag &lt;{tag}&gt; (near “{near}”). Use b, i, u, s, a,"
        " code, pre, blockquote or tg-spoiler.",
    ),
    "notice.problem.span": (
        'HTML 格式错误：&lt;span&gt; 只能写成 &lt;span class="tg-spoiler"&gt;（在“{near}”附近）。',
        'Broken HTML: &lt;span&gt; must be &lt;span class="tg-spoiler"&gt; (near “{near}”).',
    ),
    "notice.problem.href": (
        "HTML 格式错误：&lt;a&gt; 需要 http(s) 或 tg:// 地址（在“{near}”附近）。",
        "Broken HTML: &lt;a&gt; needs an http(s) or tg:// href (near “{near}”).",
    ),
    "notice.problem.emoji": (
        "HTML 格式错误：&lt;tg-emoji&gt; 需要数字 emoji-id（在“{near}”附近）。",
        "Broken HTML: &lt;tg-emoji&gt; needs a numeric emoji-id (near “{near}”).",
    ),
    "notice.problem.nested_quote": (
        "HTML 格式错误：引用块不能嵌套（在“{near}”附近）。",
        "Broken HTML: blockquotes cannot be nested (near “{near}”).",
    ),
    "notice.problem.topic": (
        "不认识的受众：{value}。可用：all、bureau、会议（M1）或议程项目（A23.3、A23.3a）；"
        "名单用 list=名称。",
        "Unknown audience: {value}. Use all, bureau, a meeting (M1) or an agenda item (A23.3,"
        " A23.3a); for a list, list=NAME.",
    ),
    "notice.problem.link": (
        "链接必须是 http(s) 或 tg:// 地址：{value}",
        "The link must be an http(s) or tg:// address: {value}",
    ),
    "notice.problem.format": (
        "看不懂这个时间：{value}。例如：2020-06-11 14:30（默认日内瓦时间）、"
        "2020-06-11T14:30+02:00、14:30 Europe/Paris、in 10m、30m before M2。",
        "I cannot read the time {value}. For example: 2020-06-11 14:30 (Geneva time unless"
        " said), 2020-06-11T14:30+02:00, 14:30 Europe/Paris, in 10m, 30m before M2.",
    ),
    "notice.problem.past": ("这个时间已经过去：{value}", "That time is in the past: {value}"),
    "notice.problem.meeting": ("没有这次会议：{value}", "There is no such meeting: {value}"),
    "notice.problem.no_start": (
        "知识库中没有第 {meeting} 次会议的开始时间。",
        "The knowledge base gives no start time for meeting {meeting}.",
    ),
    "notice.problem.cancelled": ("第 {meeting} 次会议已取消。", "Meeting {meeting} is cancelled."),
    "notice.problem.not_draft": (
        "通知 {notice} 已经确认、取消或发出。",
        "Notice {notice} was already confirmed, cancelled or sent.",
    ),
    "notice.problem.no_time": (
        "通知 {notice} 还没有时间：请回复预览，写上时间。",
        "Notice {notice} has no time yet: reply to its preview with one.",
    ),
    "notice.problem.not_sending": (
        "通知 {notice} 没有在发送。",
        "Notice {notice} is not going out.",
    ),
    "notice.problem.gone": ("通知 {notice} 不存在。", "There is no notice {notice}."),
    # -- structured answers (questions about structure, answered from records) ---------------
    "qa.yes": ("<b>是。</b>", "<b>Yes.</b>"),
    "qa.no": ("<b>否。</b>", "<b>No.</b>"),
    "qa.unknown": ("<b>报告没有说明。</b>", "<b>The report doesn't say.</b>"),
    "qa.nearest": ("报告说明的相关事实：", "What the report does say:"),
    "qa.sources": ("<b>报告原文</b>", "<b>Where the report says so</b> (Chinese text)"),
    "qa.open": ("查看记录：", "Open a record:"),
    "qa.not_covered": (
        "报告没有关于第{session}届会议的记载。",
        "The report has nothing on the {session} session.",
    ),
    "qa.covers": ("报告记载的是第{session}届会议。", "It covers the {session} session."),
    "qa.spoke": (
        "第 {meeting} 次会议（{date}）· {segment}：{who}",
        "Meeting {meeting} ({date}) · {segment}: {who}",
    ),
    "qa.did_not_speak": (
        "报告所列的发言者中没有{who}。",
        "{who} is not among the speakers the report lists.",
    ),
    "qa.count_speakers": (
        "第 {meeting} 次会议：{count} 位发言者",
        "Meeting {meeting}: {count} speakers",
    ),
    "qa.count_total": ("共计 {count} 位。", "{count} in all."),
    "qa.adopted": ("{title}：经{by}通过。", "{title}: adopted by {by}."),
    "qa.silence": ("{date}结束的无异议程序", "silence procedure ending {date}"),
    "qa.seat": ("第{session}届会议{role}：{who}", "{role} of the {session} session: {who}"),
    "qa.seat_postponed": ("选举推迟（{region}）", "election postponed ({region})"),
    "qa.seat_presiding": ("主持会议", "presiding"),
    "qa.seat_elected": ("经{by}选出", "elected by {by}"),
    "qa.presided": (
        "第 {meeting} 次会议（{date}）由{by}主持。",
        "Meeting {meeting} ({date}) was presided over by {by}.",
    ),
    "qa.opened": ("宣布开幕：{by}", "Opened by {by}"),
    "qa.segment_presided": ("· {segment}：由{by}主持", "· {segment}: presided over by {by}"),
    "qa.count_paragraphs": (
        "{title}：序言部分 {preamble} 段，执行部分 {operative} 段",
        "{title}: {preamble} preambular and {operative} operative paragraphs",
    ),
    "qa.count_items_under": ("，另有 {items} 个分项", ", with {items} sub-paragraphs"),
    "qa.count_footnotes": ("脚注共 {count} 个。", "{count} footnotes."),
    "qa.count_resolutions": (
        "决议草案 {resolutions} 项，决定草案 {decisions} 项。",
        "{resolutions} draft resolutions and {decisions} draft decision(s).",
    ),
    "qa.count_documents": (
        "本届会议收到的文件共 {count} 份。",
        "{count} documents were before the session.",
    ),
    "qa.count_items": (
        "第{session}届会议议程共 {count} 个项目。",
        "The {session} session's agenda has {count} items.",
    ),
    "qa.count_meetings": (
        "第{session}届会议共举行了 {count} 次会议。",
        "The {session} session held {count} meetings.",
    ),
    "qa.count_seats": ("{role}：{count} 个席位", "{role}: {count} seats"),
    "qa.document": (
        "{symbol}：{title}（议程项目 {item}）",
        "{symbol}: {title} (agenda item {item})",
    ),
    "qa.document_plain": ("{symbol}：{title}", "{symbol}: {title}"),
    "qa.no_documents": (
        "报告没有列出议程项目 {item} 的文件。",
        "The report lists no documents under agenda item {item}.",
    ),
    "qa.preamble": (
        "序言部分（{first}–{last}，{count} 段）",
        "Preamble ({first}–{last}, {count} paragraphs)",
    ),
    "qa.section": (
        "{title}（{first}–{last}，{count} 段）",
        "{title} ({first}–{last}, {count} paragraphs)",
    ),
    "qa.first_paragraph": ("{resolution}的第一段：", "The first paragraph of {resolution}:"),
    "qa.last_paragraph": ("{resolution}的最后一段：", "The last paragraph of {resolution}:"),
    "qa.annex": ("附件{annex}：{title}", "Annex {annex}: {title}"),
    "qa.annex_documents": (
        "附件一载有本届会议收到的文件清单：",
        "Annex I lists the documents before the session:",
    ),
    "qa.no_annex": ("报告没有附件{annex}。", "The report has no annex {annex}."),
    "qa.meeting_account": (
        "第 {meeting} 次会议（{date}）：自 {first} 起",
        "Meeting {meeting} ({date}): from {first}",
    ),
    "qa.chapter": (
        "第 {chapter} 章：{title}（{first}–{last}）",
        "Chapter {chapter}: {title} ({first}–{last})",
    ),
    "qa.no_chapter": (
        "报告只有 {count} 章，没有第 {chapter} 章。",
        "The report has {count} chapters; there is no chapter {chapter}.",
    ),
    "qa.meeting_time": ("第 {meeting} 次会议：{when}", "Meeting {meeting}: {when}"),
    "qa.no_start": ("（报告没有公布开始时间）", "(the report gives no start time)"),
    "qa.last_meeting": (
        "最后一次会议：第 {meeting} 次会议，{when}",
        "The last meeting: meeting {meeting}, {when}",
    ),
    "qa.next_meeting": (
        "下一次会议：第 {meeting} 次会议，{when}",
        "The next meeting: meeting {meeting}, {when}",
    ),
    "qa.today": ("今天：第 {meeting} 次会议，{when}", "Today: meeting {meeting}, {when}"),
    "qa.session_over": (
        "第{session}届会议已于 {start}至{end}举行，现已结束。",
        "The {session} session was held from {start} to {end} and is over.",
    ),
    "qa.session_dates": (
        "第{session}届会议：{start}至{end}",
        "The {session} session: {start} to {end}",
    ),
    "qa.session_undated": (
        "报告没有第{session}届会议的日期。",
        "The report gives no dates for the {session} session.",
    ),
    "qa.agenda_adopted": ("议程已正式通过。", "The agenda was formally adopted."),
    "qa.agenda_not_adopted": ("议程没有正式通过。", "The agenda was not formally adopted."),
    "qa.not_recorded": (
        "报告只列出了发言者，没有记录{who}发言的内容。",
        "The report lists who spoke, not what {who} said.",
    ),
    "qa.no_seat": (
        "报告没有提到第{session}届会议的{role}。",
        "The report names no {role} of the {session} session.",
    ),
    "qa.item": ("项目 {number}：{title}", "Item {number}: {title}"),
    "qa.nth_paragraph": ("{resolution}的第 {n} 段：", "Paragraph {n} of {resolution}:"),
    "qa.count_in": ("{where}共 {count} 段。", "{where}: {count} paragraphs."),
    "qa.count_annexes": ("报告有 {count} 个附件：", "The report has {count} annexes:"),
    "qa.count_chapters": ("报告正文共 {count} 章：", "The report has {count} chapters:"),
    "qa.chapter_title": ("{title}", "{title}"),
    "qa.council_adoption": (
        "报告记载的是委员会通过、建议经社理事会通过的草案；理事会是否以及何时通过，报告没有说明。",
        "The report records the Commission adopting the drafts it recommends to ECOSOC;"
        " whether and when the Council adopted them is not in it.",
    ),
    "qa.no_resolution": (
        "报告没有决议草案{number}。",
        "The report has no draft resolution {number}.",
    ),
    "qa.resolution": ("决议草案：{title}", "Draft resolution: {title}"),
    "qa.not_named": (
        "报告没有写出{who}发言者的姓名。",
        "The report does not name the speaker for {who}.",
    ),
    "qa.role.chair": ("主席", "Chair"),
    "qa.role.vice-chair": ("副主席", "Vice-Chair"),
    "qa.role.rapporteur": ("报告员", "Rapporteur"),
    "qa.role.bureau": ("主席团", "Bureau"),
    "chat.greeting": (
        "你好！我可以回答关于{body}第{session}届会议报告的问题。直接提问即可，例如“谁是主席”或“决议一第24段”。",
        "Hello! I answer questions about the report of the {session} session of the {body}."
        " Just ask, for example “who chaired the session” or “resolution 1 paragraph 24”.",
    ),
    "chat.thanks": (
        "不客气！还有问题随时问我。",
        "You're welcome! Ask me anything else about the report.",
    ),
    "chat.bye": ("再见！需要时随时回来问我。", "Goodbye! Come back whenever you need the report."),
    # -- what a delegate reads: scripts, labels, times ------------------------------------------
    "script.converted_note": (
        "<i>报告中本段以繁体字印出，这里以简体字显示。</i>",
        "<i>The report prints this paragraph in Traditional characters; it is shown here in"
        " Simplified.</i>",
    ),
    "script.button_original": ("原文（繁体）", "Original (Traditional)"),
    "script.original_title": (
        "<b>{place}</b>（{id}）· 原文",
        "<b>{place}</b> ({id}) · as printed",
    ),
    "script.button_converted": ("◂ 简体", "◂ Simplified"),
    "agenda.not_adopted": ("本届会议没有正式通过议程。", "The agenda was not formally adopted."),
    "meeting.opening": ("开幕", "Opening of the meeting"),
    "time.next_day": ("次日 {time}", "{time} next day"),
    "time.previous_day": ("前一日 {time}", "{time} previous day"),
    "notice.your_time": ("你的时间（{zone}）：{when}", "Your time ({zone}): {when}"),
    "bureau.seat": ("第{session}届会议{role}", "{role}, {session_en} session"),
    "bureau.seat_postponed": (
        "第{session}届会议{role} — 推迟选举",
        "{role}, {session_en} session — election postponed",
    ),
    # -- the secretariat: audiences, named lists, previews, subscriptions, staff help ----------
    "audience.subscribers_of": ("{topics}的订阅者", "subscribers of {topics}"),
    "audience.list": ("名单“{name}”", "the list “{name}”"),
    "audience.line_list": ("• 名单“{name}”上的 {count} 人", "• {count} on the list “{name}”"),
    "audience.line_list_unreachable": (
        "（另有 {count} 人无法送达：还没有开始使用机器人）",
        " ({count} more on it cannot be reached: they have not started the bot)",
    ),
    "audience.line_topic": ("• {count} 位订阅了{topic}", "• {count} subscribed to {topic}"),
    "audience.line_covering": (
        "• {count} 位订阅了{topic}（包括{via}）",
        "• {count} subscribed to {topic}, which includes {via}",
    ),
    "audience.line_all": ("• {count} 位订阅了全部通知", "• {count} subscribed to all notices"),
    "audience.line_any": (
        "• {count} 位只订阅了某些主题（发给所有人的通知也发给他们）",
        "• {count} subscribed to particular topics only (a notice to everyone reaches them too)",
    ),
    "audience.nobody": (
        "⚠️ <b>现在没有人会收到这条通知。</b>代表用 /subscribe 订阅；"
        "名单上的人要先给机器人发过消息。",
        "⚠️ <b>Nobody would receive this notice now.</b> Delegates subscribe with /subscribe;"
        " people on a list must have written to the bot.",
    ),
    "notice.schedule_when": ("{date} {time}（{zone}时间）", "{date}, {time} {zone}"),
    "notice.button_test": ("👁 发一份测试给我", "👁 Send me a test copy"),
    "notice.button_send_later": (
        "⚠️ 再点一次：现在就发，不等预定时间",
        "⚠️ Tap again to send now, not at its time",
    ),
    "notice.button_send_nobody": (
        "⚠️ 没有收件人：再点一次仍然发送",
        "⚠️ Nobody would get it: tap again to send",
    ),
    "notice.button_schedule_nobody": (
        "⚠️ 现在没有收件人：再点一次仍然定时",
        "⚠️ Nobody would get it now: tap again to schedule",
    ),
    "notice.confirm_send_later": (
        "这条通知定于 {when} 发送。要现在就发，请再点一次。",
        "This notice is set for {when}. To send it now instead, tap again.",
    ),
    "notice.confirm_nobody": (
        "现在没有人会收到这条通知。要仍然继续，请再点一次。",
        "Nobody would receive this notice now. Tap again to go ahead anyway.",
    ),
    "notice.test_sent": (
        "测试副本已发给你，只发给了你。",
        "Test copy sent to you, and nobody else.",
    ),
    "notice.test_failed": (
        "无法发给你：请先在私聊中给我发一条消息。",
        "I cannot write to you: send me a message in a private chat first.",
    ),
    "notice.note.cancelled-from-cli": ("已在命令行取消。", "Cancelled from the command line."),
    "notice.problem.list": (
        "没有这个名单：{value}（/list 查看全部名单）",
        "There is no such list: {value} (see /list)",
    ),
    "notice.problem.follows_meeting": (
        "通知 {notice} 是会议提醒，随会议时间变动：请在知识库中更改会议时间。",
        "Notice {notice} is a meeting reminder and follows its meeting: change the meeting's"
        " time in the knowledge base instead.",
    ),
    "lists.title": ("<b>名单</b>", "<b>Lists</b>"),
    "lists.none": ("还没有名单。", "There are no lists yet."),
    "lists.line": ("• <b>{name}</b> — {members} 人", "• <b>{name}</b> — {members} member(s)"),
    "lists.line_unreachable": ("，其中 {count} 人无法送达", ", {count} cannot be reached"),
    "lists.usage": (
        "/list 名称 — 成员；/list create 名称；/list add 名称 @用户名 或 用户编号 …；"
        "/list remove 名称 @用户名 …\n发通知给名单：/notice list=名称 文字",
        "/list NAME — its members; /list create NAME; /list add NAME @username or USER_ID …;"
        " /list remove NAME @username …\nA notice to a list: /notice list=NAME text",
    ),
    "lists.members_title": (
        "<b>名单“{name}”</b>：{members} 人",
        "<b>List “{name}”</b>: {members} member(s)",
    ),
    "lists.member": ("• {who}", "• {who}"),
    "lists.member_unreachable": (
        "• {who} — 无法送达：还没有开始使用机器人",
        "• {who} — cannot be reached: has not started the bot",
    ),
    "lists.empty": ("名单是空的。", "The list is empty."),
    "lists.created": (
        "已建立名单“{name}”。用 /list add {name} @用户名 添加成员。",
        "List “{name}” created. Add people with /list add {name} @username.",
    ),
    "lists.exists": ("名单“{name}”已经存在。", "A list “{name}” already exists."),
    "lists.no_such": (
        "没有名单“{name}”。/list 查看全部名单。",
        "There is no list “{name}”. /list shows them all.",
    ),
    "lists.bad_name": (
        "名单名称只能用小写字母、数字、- 和 _（最多 32 个），也不能是命令词：{value}",
        "A list name is lowercase letters, digits, - and _ (at most 32), and not a command"
        " word: {value}",
    ),
    "lists.added": ("已加入名单“{name}”：{count} 人。", "Added to “{name}”: {count}."),
    "lists.removed": ("已从名单“{name}”移除：{count} 人。", "Removed from “{name}”: {count}."),
    "lists.already": ("已在名单上：{who}", "Already on it: {who}"),
    "lists.not_member": ("不在名单上：{who}", "Not on it: {who}"),
    "lists.unknown_users": (
        "找不到：{who}。@用户名只适用于给机器人发过消息的人；数字编号总是可以用。",
        "Not found: {who}. A @username works only for someone who has written to the bot;"
        " a numeric user id always works.",
    ),
    "lists.added_unreachable": (
        "还无法送达（开始使用机器人后就能收到）：{who}",
        "Cannot be reached until they start the bot: {who}",
    ),
    "lists.admins_only": ("只有管理员可以更改名单。", "Only administrators can change lists."),
    "roles.lists": ("<b>名单</b>（/list）：{lists}", "<b>Lists</b> (/list): {lists}"),
    "roles.list_item": ("{name}（{members} 人）", "{name} ({members})"),
    "sub.all_done": (
        "已订阅全部通知。只想收某些主题？在下面选择。",
        "Subscribed to all notices. To receive only some, pick the topics below.",
    ),
    "sub.choose_narrow": (
        "你正在接收全部通知。点一个主题，就只接收你选择的主题。",
        "You receive all notices. Tap a topic to receive only the topics you pick.",
    ),
    "sub.narrowed": (
        "现在只接收：{topic}（不再接收全部通知）",
        "Now only: {topic} (no longer all notices)",
    ),
    "sub.covers": ("{topic}包括{covered}。", "{topic} includes {covered}."),
    "sub.also_all": (
        "你也订阅了全部通知；发送 /unsubscribe all 就只接收所选的主题。",
        "You also receive all notices; send /unsubscribe all to receive only the topics you"
        " chose.",
    ),
    "sub.nothing_to_remove": (
        "你没有订阅任何通知，没有可以取消的。发送 /subscribe 订阅。",
        "You are not subscribed to anything, so there is nothing to remove. Send /subscribe to"
        " subscribe.",
    ),
    "help.secretariat": (
        "<b>秘书处</b>\n"
        "/notice 文字 — 写通知并预览（前面可加 topic=M2、list=名单、at=时间、link=链接）\n"
        "/notices — 通知及发送情况；/notices 编号 — 一条通知的报告，可在那里取消定时通知\n"
        "/list — 名单及其成员",
        "<b>Secretariat</b>\n"
        "/notice TEXT — compose a notice and preview it (topic=M2, list=NAME, at=TIME, link=URL"
        " in front of the text)\n"
        "/notices — notices and their delivery; /notices N — one notice's report, where a"
        " scheduled one can be cancelled\n"
        "/list — the named lists and their members",
    ),
    "help.admin": (
        "<b>管理员</b>\n"
        "/grant、/revoke — 授予或撤销角色；/roles — 角色和名单\n"
        "/list create|add|remove — 管理名单\n"
        "/kb — 知识库（发送 .yaml 文件即可上传新版本）；/audit — 审计日志",
        "<b>Administrators</b>\n"
        "/grant, /revoke — give or take a role; /roles — roles and lists\n"
        "/list create|add|remove — keep the lists\n"
        "/kb — the knowledge base (send a .yaml file to upload a new version); /audit — the"
        " audit log",
    ),
    "cmd.notice": ("写通知", "Compose a notice"),
    "cmd.notices": ("通知及发送情况", "Notices and their delivery"),
    "cmd.list": ("名单", "Named lists of people"),
    "cmd.grant": ("授予角色", "Give a role"),
    "cmd.revoke": ("撤销角色", "Take a role away"),
    "cmd.roles": ("角色和名单", "Roles and lists"),
    "cmd.kb": ("知识库版本", "Knowledge-base versions"),
    "cmd.audit": ("审计日志", "Audit log"),
    # -- operations: paid broadcasts, API clients ---------------------------------------------
    "notice.paid_note": (
        "💳 以付费广播发送：每秒最多 1000 条，每条消息都从机器人的 Telegram Stars 余额中扣费。",
        "💳 Goes out as a paid broadcast: up to 1,000 messages a second, each message charged"
        " to the bot's Telegram Stars balance.",
    ),
    "notice.paid_count": ("其中以付费广播发送：{count}", "Sent as paid broadcasts: {count}"),
    "audit.api_client": ("{name}（API）", "{name} (API)"),
    # -- names the renderers build -------------------------------------------------------------
    "session.name": ("{body}第{number}届会议", "{number_en} session of the {body_en}"),
    "container.report": ("报告", "the report"),
    "container.summary": ("摘要", "the summary"),
    "container.annex": ("附件{number}", "annex {number_en}"),
    "para.short_preamble": ("序{number}", "PP{number}"),
    "word.comma": ("，", ", "),
    "word.semicolon": ("；", "; "),
    # -- shared words --------------------------------------------------------------------------
    "word.and": ("、", ", "),
    "word.none": ("无", "none"),
    "word.more": ("……另有 {count} 项", "… and {count} more"),
    "word.id": ("编号", "id"),
    "word.source": ("出处：{where}", "Source: {where}"),
}

_WEEKDAYS: Final[Mapping[Language, tuple[str, ...]]] = {
    "zh-Hans": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
    "zh-Hant": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS_EN: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ORDINAL_SUFFIX: Final = {1: "st", 2: "nd", 3: "rd"}


def traditional(text: str) -> str:
    """Simplified → Taiwan-standard Traditional characters, keeping the report's own words.

    OpenCC's Taiwan phrase conversion (``s2twp``) also swaps vocabulary, and in a UN report it
    picks the wrong sense: 程序 (a procedure) becomes 程式 (a program), 文件 (a document) 檔案
    (a file), 项目 (an agenda item) 專案 (a project). The Hong Kong conversion mixes in its own
    variants (訂閲, 羣組, 峯). ``to_traditional``'s display form does neither.
    """
    return to_traditional(text)


@cache
def _template(lang: Language, key: str) -> str:
    simplified, english = _CATALOGUE[key]
    if lang == "en":
        return english
    if lang == "zh-Hant":
        return traditional(simplified)
    return simplified


def has_key(key: str) -> bool:
    return key in _CATALOGUE


def catalogue_keys() -> tuple[str, ...]:
    return tuple(_CATALOGUE)


def placeholders(key: str) -> tuple[frozenset[str], frozenset[str]]:
    """The parameter names of a key's Simplified and English templates (for the tests)."""
    formatter = string.Formatter()
    simplified, english = _CATALOGUE[key]
    return (
        frozenset(name for _, name, _, _ in formatter.parse(simplified) if name),
        frozenset(name for _, name, _, _ in formatter.parse(english) if name),
    )


def t(lang: Language, key: str, /, **params: object) -> Html:
    """The HTML message ``key`` in ``lang``, with every non-Html parameter escaped."""
    safe = {
        name: value if isinstance(value, Html) else escape(value) for name, value in params.items()
    }
    return Html(_template(lang, key).format_map(safe))


def plain(lang: Language, key: str, /, **params: object) -> str:
    """The message ``key`` as plain text (no parse mode: nothing to escape)."""
    return _template(lang, key).format_map({k: str(v) for k, v in params.items()})


def kb_text(lang: Language, text: str) -> str:
    """A knowledge-base text in the reader's script, not escaped: Traditional for zh-Hant,
    Simplified otherwise (the few passages the report printed in Traditional included)."""
    return traditional(text) if lang == "zh-Hant" else simplified_for_display(text)


def kb_html(lang: Language, text: str) -> Html:
    """A knowledge-base text in the reader's script, escaped for HTML."""
    return escape(kb_text(lang, text))


def ordinal_en(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else _ORDINAL_SUFFIX.get(number % 10, "th")
    return f"{number}{suffix}"


def chinese_number(number: int) -> str:
    """1 → 一, 23 → 二十三, 24 → 二十四 (as the report writes session and resolution numbers)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number % 10] if number % 10 else "")
    if number < 100:
        tens, ones = divmod(number, 10)
        return digits[tens] + "十" + (digits[ones] if ones else "")
    return str(number)


def roman(number: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, letters in numerals:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def format_date(lang: Language, day: dt.date, *, weekday: bool = False) -> str:
    """``2020 年 6 月 10 日（星期三）`` or ``Wednesday, 10 June 2020``."""
    if lang == "en":
        text = f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
        return f"{_WEEKDAYS['en'][day.weekday()]}, {text}" if weekday else text
    text = f"{day.year} 年 {day.month} 月 {day.day} 日"
    return f"{text}（{_WEEKDAYS[lang][day.weekday()]}）" if weekday else text


def format_time(moment: dt.time | dt.datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_short_date(lang: Language, day: dt.date) -> str:
    """``2027 年 3 月 1 日（星期一）`` or ``Mon 1 Mar 2027``."""
    if lang == "en":
        weekday = _WEEKDAYS["en"][day.weekday()][:3]
        return f"{weekday} {day.day} {_MONTHS_EN[day.month - 1][:3]} {day.year}"
    return format_date(lang, day, weekday=True)


def join(lang: Language, items: list[str]) -> str:
    return plain(lang, "word.and").join(items)
