"""The pure renderers and the HTML splitter: what a user would read, checked without Telegram."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import string
from pathlib import Path

import pytest

from bot import i18n
from bot.i18n import LANGUAGES, Language, language_from_telegram, parse_language, t
from handlers import callbacks as cb
from handlers.htmlsplit import measure, split_html, truncate_html
from handlers.render import (
    PAGE_BUDGET,
    PARAGRAPHS_PER_PAGE,
    meeting_time_lines,
    render_agenda,
    render_agenda_next,
    render_bureau,
    render_documents,
    render_meetings,
    render_paragraph,
    render_paragraph_list,
    render_record,
    render_resolution,
    render_resolutions,
    render_section,
    render_subscriptions,
    section_paragraphs,
)
from knowledge.models import KnowledgeBase, Paragraph, Resolution
from knowledge.render_text import answer_text
from tests.support.fake_bot_api import parse_html
from tests.support.rendering import assert_sendable, visible

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------
# Splitting long messages


def test_short_text_is_one_message() -> None:
    assert split_html("<b>R1.24</b> 文字") == ["<b>R1.24</b> 文字"]
    assert split_html("   ") == []


def test_split_prefers_paragraph_boundaries() -> None:
    paragraphs = [f"<b>{n}.</b> " + "数字鸿沟依然存在，" * 30 + "。" for n in range(1, 40)]
    html = "\n\n".join(paragraphs)
    pieces = split_html(html)
    assert len(pieces) > 1
    for piece in pieces:
        assert measure(piece) <= 4096
        visible(piece)
        # every piece is made of whole paragraphs
        assert piece.startswith("<b>") and piece.endswith("。")
    assert "\n\n".join(pieces) == html


def test_a_giant_paragraph_is_cut_after_sentences_with_tags_reopened() -> None:
    sentence = "这是一句很长的话 & <没有标签>，用来检验切分。"
    html = (
        "<i>"
        + "".join(
            sentence.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            for _ in range(800)
        )
        + "</i>"
    )
    pieces = split_html(html)
    assert len(pieces) > 1
    shown = ""
    for piece in pieces:
        assert measure(piece) <= 4096
        text, entities = parse_html(piece)
        assert entities and entities[0]["type"] == "italic"  # the tag is open in every piece
        assert text.endswith("。")
        shown += text
    assert shown == sentence * 800


def test_split_never_breaks_an_entity_or_a_surrogate_pair() -> None:
    html = "&amp;😀" * 3000
    pieces = split_html(html, limit=1000)
    assert "".join(visible(p) for p in pieces) == "&😀" * 3000
    for piece in pieces:
        assert measure(piece) <= 1000


def test_split_without_any_good_boundary_cuts_anywhere() -> None:
    html = "x" * 10_000
    pieces = split_html(html)
    assert [len(p) for p in pieces] == [4096, 4096, 1808]


def test_truncate_keeps_one_message() -> None:
    html = "\n\n".join(["段落。" * 400] * 5)
    short = truncate_html(html)
    assert measure(short) <= 4096 and short.endswith("…")
    visible(short)


# ---------------------------------------------------------------------------------------------
# Every record, every language: sendable, escaped, within limits


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_record_renders_within_telegram_limits(kb: KnowledgeBase, lang: Language) -> None:
    for record in kb.records():
        assert_sendable(render_record(kb, lang, record, user_tz="Asia/Tokyo"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_listing_renders_within_telegram_limits(kb: KnowledgeBase, lang: Language) -> None:
    for rendered in (
        render_agenda(kb, lang),
        render_agenda_next(kb, lang),
        render_bureau(kb, lang),
        render_meetings(kb, lang, None),
        render_meetings(kb, lang, "America/New_York"),
        render_resolutions(kb, lang),
        render_documents(kb, lang),
        render_subscriptions(kb, lang, ["all", "M2"]),
    ):
        assert_sendable(rendered)


def test_knowledge_base_values_are_escaped(kb: KnowledgeBase) -> None:
    hostile = "<b>粗体</b> & <i>斜体 &amp; *_[`"
    paragraph = kb.get("R1.49")
    assert isinstance(paragraph, Paragraph)
    spoiled = dataclasses.replace(
        paragraph,
        text=hostile,
        section="<script>",
        footnotes=(dataclasses.replace(paragraph.footnotes[0], text=hostile),)
        if paragraph.footnotes
        else (),
    )
    for lang in LANGUAGES:
        rendered = render_paragraph(kb, lang, spoiled)
        shown = visible(rendered.text)
        expected = i18n.kb_text(lang, hostile)
        assert expected in shown
        assert "<script>" in shown or i18n.kb_text(lang, "<script>") in shown


def test_paragraph_answer_says_where_it_is(kb: KnowledgeBase) -> None:
    paragraph = kb.get("R1.49")
    assert isinstance(paragraph, Paragraph)
    shown = visible(render_paragraph(kb, "zh-Hans", paragraph).text)
    assert shown.startswith("决议草案一 · 第 49 段 (R1.49)")
    assert "节：总结：审查信息社会世界峰会成果的执行情况" in shown
    assert "49. 极为关切地注意到妇女使用互联网的几率比男子低 17%" in shown
    english = visible(render_paragraph(kb, "en", paragraph).text)
    assert english.startswith("Draft resolution I · paragraph 49 (R1.49)")
    assert "gender digital divide" in english
    traditional = visible(render_paragraph(kb, "zh-Hant", paragraph).text)
    assert traditional.startswith("決議草案一 · 第 49 段")
    assert "婦女" in traditional and "妇女" not in traditional


def test_a_resolution_shows_to_whom_its_operative_part_speaks(kb: KnowledgeBase) -> None:
    # "提出以下建议供各国政府、…审议" stands between the preamble and the recommendations
    resolution = kb.get("R2")
    assert isinstance(resolution, Resolution) and resolution.operative_intro
    shown = visible(render_resolution(kb, "zh-Hans", resolution).text)
    assert "提出以下建议供各国政府、科学和技术促进发展委员会及联合国贸易和发展会议审议" in shown
    assert "提出以下建议供各国政府" in answer_text(kb, resolution)


def test_item_paragraphs_name_their_parent(kb: KnowledgeBase) -> None:
    item = kb.get("R2.a.3")
    assert isinstance(item, Paragraph)
    assert visible(render_paragraph(kb, "zh-Hans", item).text).startswith(
        "决议草案二 · 第 (a) 段(三)项 (R2.a.3)"
    )
    assert visible(render_paragraph(kb, "en", item).text).startswith(
        "Draft resolution II · paragraph (a)(iii) (R2.a.3)"
    )


def test_alternatives_become_at_most_three_buttons(kb: KnowledgeBase) -> None:
    paragraph = kb.get("R1.49")
    assert isinstance(paragraph, Paragraph)
    others = [kb.get(i) for i in ("R1.50", "R1.7", "SUM5", "R1.30", "R1.49")]
    rendered = render_paragraph(kb, "zh-Hans", paragraph, [r for r in others if r])
    maybe = [d for d in rendered.callback_data if d.startswith("v1|r|")]
    assert maybe == [cb.encode("r", "R1.50"), cb.encode("r", "R1.7"), cb.encode("r", "SUM5")]


# ---------------------------------------------------------------------------------------------
# Pagination


def test_paragraph_list_pages_cover_every_paragraph_once(kb: KnowledgeBase) -> None:
    for resolution in kb.resolutions:
        pages = -(-len(resolution.paragraphs) // PARAGRAPHS_PER_PAGE)
        seen: list[str] = []
        for page in range(pages):
            rendered = render_paragraph_list(kb, "zh-Hans", resolution, page)
            assert_sendable(rendered)
            assert len(rendered.messages()) == 1
            seen += [
                d.split("|")[2]
                for d in rendered.callback_data
                if d.startswith("v1|r|") and d != "v1|r|" + resolution.id
            ]
        assert seen == [p.id for p in resolution.paragraphs]
        # a page beyond the end shows the last page instead of nothing
        assert (
            render_paragraph_list(kb, "en", resolution, 999).text
            == render_paragraph_list(kb, "en", resolution, pages - 1).text
        )


def test_section_pages_fit_one_message_and_cover_the_section(kb: KnowledgeBase) -> None:
    resolution = kb.resolution("R1")
    assert isinstance(resolution, Resolution)
    for key in ["pre", *(str(i) for i in range(len(resolution.sections)))]:
        found = section_paragraphs(resolution, key)
        assert found is not None
        _, members = found
        shown = ""
        page = 0
        while True:
            rendered = render_section(kb, "zh-Hans", resolution, key, page)
            assert rendered is not None
            assert len(rendered.messages()) == 1 and measure(rendered.text) <= PAGE_BUDGET + 400
            shown += visible(rendered.text)
            if cb.encode("s", "R1", key, page + 1) not in rendered.callback_data:
                break
            page += 1
        for paragraph in members:
            assert i18n.kb_text("zh-Hans", paragraph.text)[:30] in shown
    assert render_section(kb, "zh-Hans", resolution, "99", 0) is None
    assert render_section(kb, "zh-Hans", resolution, "nonsense", 0) is None


# ---------------------------------------------------------------------------------------------
# Times


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Shanghai", "你的时间（Asia/Shanghai）：16:00–19:00"),
        ("America/New_York", "你的时间（America/New_York）：04:00–07:00"),
        ("Pacific/Honolulu", "你的时间（Pacific/Honolulu）：前一日 22:00–01:00"),
        ("Europe/Zurich", None),
        ("Europe/Geneva", None),
        (None, None),
    ],
)
def test_meeting_times_in_geneva_and_the_users_zone(
    kb: KnowledgeBase, zone: str | None, expected: str | None
) -> None:
    meeting = dataclasses.replace(kb.meetings[0], start=dt.time(10, 0), end=dt.time(13, 0))
    lines = [visible(line) for line in meeting_time_lines(kb, "zh-Hans", meeting, zone)]
    assert lines[0] == "10:00–13:00（日内瓦时间）"
    assert lines[1:] == ([expected] if expected else [])


def test_meeting_without_a_time_says_so(kb: KnowledgeBase) -> None:
    meeting = dataclasses.replace(kb.meetings[0], start=None, end=None)
    assert [visible(x) for x in meeting_time_lines(kb, "en", meeting, "Asia/Tokyo")] == [
        "time not published"
    ]


# ---------------------------------------------------------------------------------------------
# The catalogue


def _used_keys() -> set[str]:
    pattern = re.compile(r"""\b(?:t|plain)\(\s*\w+,\s*(?:f?)["']([a-z_.\-{}]+)["']""")
    keys: set[str] = set()
    for folder in ("handlers", "bot"):
        for path in (ROOT / folder).rglob("*.py"):
            keys.update(pattern.findall(path.read_text(encoding="utf-8")))
    return keys


def test_every_key_used_in_code_is_in_the_catalogue() -> None:
    used = _used_keys()
    assert len(used) > 80
    fixed = {k for k in used if "{" not in k}
    assert not {k for k in fixed if not i18n.has_key(k)}
    prefixes = {k.split("{")[0] for k in used if "{" in k}
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in i18n.catalogue_keys()), prefix


def test_both_languages_take_the_same_parameters() -> None:
    """Each language uses the same values; English may take the English form (``*_en``)."""
    for key in i18n.catalogue_keys():
        simplified, english = i18n.placeholders(key)
        assert simplified == {name.removesuffix("_en") for name in english}, key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_template_is_valid_html(lang: Language) -> None:
    for key in i18n.catalogue_keys():
        names = i18n.placeholders(key)[0] | i18n.placeholders(key)[1]
        filled = t(lang, key, **{name: "<&>" for name in names})
        shown = visible(filled) if filled.strip() else ""
        assert "<&>" in shown or not names, key


def test_traditional_wording_is_derived_from_simplified() -> None:
    assert t("zh-Hant", "res.title") == "<b>決議和決定</b>"
    assert t("zh-Hans", "res.title") == "<b>决议和决定</b>"
    assert t("en", "res.title") == "<b>Resolutions and decisions</b>"


def test_parameters_are_escaped_unless_already_html() -> None:
    assert (
        t("en", "search.none", query="<b>x</b>")
        == "I found no good answer to “&lt;b&gt;x&lt;/b&gt;” in the report."
    )
    assert (
        t("en", "search.none", query=i18n.Html("<b>x</b>"))
        == "I found no good answer to “<b>x</b>” in the report."
    )
    assert (
        i18n.plain("en", "search.none", query="<b>")
        == "I found no good answer to “<b>” in the report."
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("zh-hans", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("zh-sg", "zh-Hans"),
        ("zh-hant", "zh-Hant"),
        ("zh-TW", "zh-Hant"),
        ("zh-hk", "zh-Hant"),
        ("zh_HK", "zh-Hant"),
        ("en", "en"),
        ("en-GB", "en"),
        ("fr", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_first_contact_language(code: str | None, expected: str) -> None:
    assert language_from_telegram(code) == expected


def test_typed_language_names() -> None:
    assert parse_language("zh-Hans") == "zh-Hans"
    assert parse_language("ZH-HANT") == "zh-Hant"
    assert parse_language("繁體") == "zh-Hant"
    assert parse_language("English") == "en"
    assert parse_language("klingon") is None


def test_format_helpers() -> None:
    day = dt.date(2020, 6, 10)
    assert i18n.format_date("zh-Hans", day, weekday=True) == "2020 年 6 月 10 日（星期三）"
    assert i18n.format_date("en", day, weekday=True) == "Wednesday, 10 June 2020"
    assert [i18n.chinese_number(n) for n in (1, 10, 13, 23, 24, 40)] == [
        "一",
        "十",
        "十三",
        "二十三",
        "二十四",
        "四十",
    ]
    assert [i18n.roman(n) for n in (1, 2, 4, 9, 14)] == ["I", "II", "IV", "IX", "XIV"]
    assert [i18n.ordinal_en(n) for n in (1, 2, 3, 11, 23, 24)] == [
        "1st",
        "2nd",
        "3rd",
        "11th",
        "23rd",
        "24th",
    ]
    assert set(string.Formatter().parse("x"))  # the formatter the catalogue relies on


def test_traditional_keeps_the_reports_words(kb: KnowledgeBase) -> None:
    # Taiwan phrasing would make 项目 (an agenda item) 專案 (a project), 程序 (a procedure)
    # 程式 (a program) and 文件 (a document) 檔案 (a file)
    assert t("zh-Hant", "agenda.item_title", number="3") == "<b>議程項目 3</b>"
    item = kb.get("A23.3")
    assert item is not None
    shown = visible(render_record(kb, "zh-Hant", item).text)
    assert "議程項目 3" in shown and "無異議程序" in shown and "文件" in shown
    assert all(word not in shown for word in ("專案", "程式", "檔案"))


def test_english_names_replace_chinese_ones(kb: KnowledgeBase) -> None:
    shown = visible(render_bureau(kb, "en").text)
    assert "Chair: Peter Major (Hungary)" in shown and "彼得·毛约尔" not in shown
    assert "election postponed" in shown


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_an_agenda_item_lists_its_documents_with_their_amendments(
    kb: KnowledgeBase, lang: Language
) -> None:
    # annex I lists "E/CN.16/2020/3 和 E/CN.16/2020/3/Amend.1" for item 3(b); the amendment
    # was before the Commission too
    item = kb.get("A23.3b")
    assert item is not None
    assert "E/CN.16/2020/3/Amend.1" in visible(render_record(kb, lang, item).text)
    assert "E/CN.16/2020/3 和 E/CN.16/2020/3/Amend.1" in answer_text(kb, item)
