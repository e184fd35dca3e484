"""Document symbols linked to undocs.org: pure tests on finished Telegram HTML."""

from __future__ import annotations

import pytest

from bot.i18n import LANGUAGES, Language, escape
from handlers.doclinks import is_document_symbol, link_documents, undocs_url
from handlers.render import render_document, render_documents, render_paragraph
from knowledge.models import Document, KnowledgeBase, Paragraph
from knowledge.references import cited_symbols
from tests.support.app import BotFactory
from tests.support.fake_bot_api import BotMessage, FakeBotApi, parse_html
from tests.support.people import Person


def links(html: str) -> list[tuple[str, str]]:
    """(visible text, url) of every link Telegram would show."""
    text, entities = parse_html(html)
    utf16 = text.encode("utf-16-le")
    return [
        (utf16[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le"), e["url"])
        for e in entities
        if e["type"] == "text_link"
    ]


@pytest.mark.parametrize(("lang", "code"), [("zh-Hans", "zh"), ("zh-Hant", "zh"), ("en", "en")])
def test_a_symbol_links_to_the_document_in_the_readers_language(lang: Language, code: str) -> None:
    html = link_documents("<b>E/CN.16/2020/2</b> 秘书长的报告", lang)
    assert links(html) == [("E/CN.16/2020/2", f"https://undocs.org/{code}/E/CN.16/2020/2")]
    assert parse_html(html)[0] == "E/CN.16/2020/2 秘书长的报告"  # the visible text is unchanged


def test_symbols_inside_report_text_are_linked_where_they_stand() -> None:
    html = link_documents(escape("秘书长的报告（A/75/62-E/2020/11）。另见 E/CN.16/2020/3。"), "en")
    assert links(html) == [
        ("A/75/62", "https://undocs.org/en/A/75/62"),
        ("E/2020/11", "https://undocs.org/en/E/2020/11"),
        ("E/CN.16/2020/3", "https://undocs.org/en/E/CN.16/2020/3"),
    ]
    assert parse_html(html)[0] == "秘书长的报告（A/75/62-E/2020/11）。另见 E/CN.16/2020/3。"


def test_escaped_text_stays_escaped_and_existing_links_and_code_are_left_alone() -> None:
    quoted = escape('<b>A&B</b> "E/2020/31"')
    source = (
        f"{quoted}\n"
        '<a href="https://example.org/">E/2020/31</a> <code>E/2020/31</code>\n'
        "(E/2020/31) A/RES/70/125."
    )
    html = link_documents(source, "zh-Hans")
    text, _ = parse_html(html)
    assert text.splitlines()[0] == '<b>A&B</b> "E/2020/31"'
    assert links(html) == [
        ("E/2020/31", "https://undocs.org/zh/E/2020/31"),
        ("E/2020/31", "https://example.org/"),
        ("E/2020/31", "https://undocs.org/zh/E/2020/31"),
        ("A/RES/70/125", "https://undocs.org/zh/A/RES/70/125"),
    ]
    assert link_documents(html, "zh-Hans") == html  # linking twice changes nothing


@pytest.mark.parametrize(
    "text",
    [
        "Europe/Paris",
        "Etc/GMT-3",
        "2020/206 号决定",
        "COVID-19",
        "https://example.org/E/2020/31",
        "and/or E/",
        "经社理事会第2020/206号决定",
    ],
)
def test_what_is_not_a_symbol_is_not_linked(text: str) -> None:
    assert link_documents(escape(text), "en") == escape(text)


def test_whole_symbols_are_recognised() -> None:
    assert is_document_symbol("E/CN.16/2020/2") and is_document_symbol("A/RES/70/125")
    assert not is_document_symbol("Europe/Zurich") and not is_document_symbol("E/CN.16/2020/2 x")
    assert undocs_url("E/2020/31", "zh-Hant") == "https://undocs.org/zh/E/2020/31"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_document_and_every_cited_symbol_of_the_bundled_base_is_linked(
    kb: KnowledgeBase, lang: Language
) -> None:
    code = "en" if lang == "en" else "zh"
    listing = links(link_documents(render_documents(kb, lang).text, lang))
    for document in kb.documents:
        halves = document.symbol.split("-") if "-E/" in document.symbol else [document.symbol]
        for half in halves:
            assert (half, f"https://undocs.org/{code}/{half}") in listing, half
    shown = 0
    for record in kb.records():
        if isinstance(record, Paragraph) and cited_symbols(record.text):
            html = link_documents(render_paragraph(kb, lang, record).text, lang)
            linked = {symbol for symbol, _ in links(html)}
            for symbol in cited_symbols(record.text):
                if "-" not in symbol:
                    assert symbol in linked, (record.id, symbol)
                    shown += 1
        elif isinstance(record, Document):
            html = link_documents(render_document(kb, lang, record).text, lang)
            first = record.symbol.split("-E/")[0]
            assert (first, f"https://undocs.org/{code}/{first}") in links(html), record.symbol
    assert shown >= 5


# ---------------------------------------------------------------------------------------------
# End to end: what a delegate sees through the fake Bot API


def message_links(message: BotMessage) -> list[tuple[str, str]]:
    text = message.text or ""
    utf16 = text.encode("utf-16-le")
    return [
        (utf16[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le"), e["url"])
        for e in message.entities
        if e["type"] == "text_link"
    ]


def url_buttons(message: BotMessage) -> list[tuple[str, str]]:
    return [(b["text"], b["url"]) for b in message.buttons if "url" in b]


async def test_docs_links_every_symbol_and_offers_the_document_as_a_button(
    server: FakeBotApi, start_bot: BotFactory, kb: KnowledgeBase
) -> None:
    async with start_bot():
        ana = Person(server, 601, "en")
        listing = await ana.one("/docs")
        shown = message_links(listing)
        for document in kb.documents:
            for half in (
                document.symbol.split("-") if "-E/" in document.symbol else [document.symbol]
            ):
                assert (half, f"https://undocs.org/en/{half}") in shown
        assert "The official English text of the report, E/2020/31, is one tap away." in (
            listing.text or ""
        )
        assert ("E/2020/31", "https://undocs.org/en/E/2020/31") in shown

        one = await ana.one("/docs E/CN.16/2020/2")
        assert url_buttons(one) == [
            (
                "📄 Open E/CN.16/2020/2 (UN Official Document System)",
                "https://undocs.org/en/E/CN.16/2020/2",
            )
        ]
        assert ("E/CN.16/2020/2", "https://undocs.org/en/E/CN.16/2020/2") in message_links(one)
        assert one.callback_data  # the record's own buttons stay

        report = await ana.one("/docs E/2020/31")
        assert (report.text or "").startswith("E/2020/31 is the session's report")
        assert url_buttons(report)[0][1] == "https://undocs.org/en/E/2020/31"

        cited = await ana.one("/docs A/RES/70/125")
        assert "is not among the documents before the session" in (cited.text or "")
        assert url_buttons(cited)[0][1] == "https://undocs.org/en/A/RES/70/125"
        nonsense = await ana.one("/docs hello")
        assert url_buttons(nonsense) == []

        welcome = await ana.one("/start")
        assert ("E/2020/31", "https://undocs.org/en/E/2020/31") in message_links(welcome)
        assert "The official English text of the report, E/2020/31, is one tap away." in (
            welcome.text or ""
        )

        # A symbol in a paragraph of the report, in the Traditional script: the Chinese text.
        bo = Person(server, 602, "zh-hant")
        paragraph = await bo.one("/res AX2.5")
        assert ("A/75/62", "https://undocs.org/zh/A/75/62") in message_links(paragraph)
        assert ("E/2020/11", "https://undocs.org/zh/E/2020/11") in message_links(paragraph)
        zh_one = await bo.one("/docs E/CN.16/2020/2")
        assert url_buttons(zh_one) == [
            (
                "📄 打開 E/CN.16/2020/2（聯合國正式文件系統）",
                "https://undocs.org/zh/E/CN.16/2020/2",
            )
        ]
        zh_listing = await Person(server, 603, "zh-hans").one("/docs")
        assert "报告 E/2020/31 的联合国正式中文本，点一下即可打开。" in (zh_listing.text or "")
    assert server.errors == []
