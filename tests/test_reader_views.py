"""What a delegate reads, in each of the three languages: scripts, English names, labels, times.

Pure renderers over the bundled knowledge base; the expected English comes from the knowledge
base's own aliases and glossary (or from structured data such as dates), never typed in here.
"""

from __future__ import annotations

import pytest

from bot import i18n
from bot.i18n import LANGUAGES, t
from handlers import callbacks as cb
from handlers.render import render_paragraph, render_record
from knowledge.models import KnowledgeBase, Meeting, Paragraph
from knowledge.normalize import to_simplified
from knowledge.script import printed_in_traditional
from tests.test_render import assert_sendable, visible


def paragraph(kb: KnowledgeBase, record_id: str) -> Paragraph:
    record = kb.get(record_id)
    assert isinstance(record, Paragraph)
    return record


def meeting(kb: KnowledgeBase, number: int) -> Meeting:
    record = kb.get(f"M{number}")
    assert isinstance(record, Meeting)
    return record


# ---------------------------------------------------------------------------------------------
# Script


def test_traditional_catalogue_uses_taiwan_characters() -> None:
    assert i18n.plain("zh-Hant", "cmd.subscribe") == "訂閱通知"
    groups = t("zh-Hant", "help.groups", bot="cstd_bot")
    assert "群組" in groups and "羣" not in groups
    every = "".join(i18n._template("zh-Hant", key) for key in i18n.catalogue_keys())
    for hong_kong in "閲羣峯脱裏着":
        assert hong_kong not in every


def test_traditional_report_text_uses_taiwan_characters(kb: KnowledgeBase) -> None:
    r1_81 = visible(render_paragraph(kb, "zh-Hant", paragraph(kb, "R1.81")).text)
    assert "，並為決策者" in r1_81 and "併為" not in r1_81
    m2 = visible(render_record(kb, "zh-Hant", meeting(kb, 2)).text)
    assert "拉脫維亞" in m2 and "拉脱維亞" not in m2
    r1_13 = visible(render_paragraph(kb, "zh-Hant", paragraph(kb, "R1.13")).text)
    assert "世界峰會" in r1_13 and "峯" not in r1_13


@pytest.mark.parametrize("number", range(10, 20))
def test_simplified_reader_gets_simplified_for_paragraphs_printed_in_traditional(
    kb: KnowledgeBase, number: int
) -> None:
    printed = paragraph(kb, f"R1.{number}")
    assert printed_in_traditional(printed.text)
    for lang in ("zh-Hans", "en"):
        rendered = render_paragraph(kb, lang, printed)
        shown = visible(rendered.text)
        assert to_simplified(printed.text)[:12] in shown
        assert printed.text[-12:] not in shown
        assert visible(t(lang, "script.converted_note")) in shown
        original = [b for row in rendered.keyboard for b in row if b.data.startswith("v1|orig|")]
        assert [b.label for b in original] == [i18n.plain(lang, "script.button_original")]
        assert cb.decode(original[0].data) == cb.Callback("orig", (printed.id,))
        assert_sendable(rendered)
    traditional = visible(render_paragraph(kb, "zh-Hant", printed).text)
    assert visible(t("zh-Hant", "script.converted_note")) not in traditional


def test_a_paragraph_printed_in_simplified_has_no_note(kb: KnowledgeBase) -> None:
    for lang in LANGUAGES:
        rendered = render_paragraph(kb, lang, paragraph(kb, "R1.9"))
        assert visible(t(lang, "script.converted_note")) not in visible(rendered.text)
        assert not [d for d in rendered.callback_data if d.startswith("v1|orig|")]


def test_simplified_everywhere_even_for_a_stray_traditional_character(kb: KnowledgeBase) -> None:
    item = kb.get("A23.7")
    assert item is not None
    shown = visible(render_record(kb, "zh-Hans", item).text)
    assert "决定草案" in shown and "決定草案" not in shown


def test_original_text_view(kb: KnowledgeBase) -> None:
    from handlers.render import render_paragraph_original

    printed = paragraph(kb, "R1.11")
    for lang in LANGUAGES:
        rendered = render_paragraph_original(kb, lang, printed)
        shown = visible(rendered.text)
        assert printed.text in shown
        assert cb.encode("p", printed.id) in rendered.callback_data
        assert_sendable(rendered)
