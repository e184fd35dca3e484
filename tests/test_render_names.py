"""The names renderers build from catalogue wording, in the three languages: timezones,
sessions, containers, preambular labels, and the separators between parts."""

from __future__ import annotations

import pytest

from bot.i18n import Language, chinese_number, kb_text, ordinal_en
from handlers.render.names import container_name, session_name, session_title
from handlers.render.paragraphs import render_paragraph_list
from handlers.render.resolutions import render_resolutions
from handlers.render.times import zone_label
from knowledge.models import KnowledgeBase, Paragraph
from knowledge.views import current_session
from tests.support.rendering import visible


@pytest.mark.parametrize(
    ("lang", "geneva"), [("zh-Hans", "日内瓦"), ("zh-Hant", "日內瓦"), ("en", "Geneva")]
)
def test_geneva_is_named_for_the_reader_and_other_zones_by_their_key(
    lang: Language, geneva: str
) -> None:
    assert zone_label(lang, "Europe/Geneva") == geneva
    assert zone_label(lang, "Europe/Zurich") == geneva
    assert zone_label(lang, "Asia/Tokyo") == "Asia/Tokyo"
    assert zone_label(lang, "Nowhere/Atlantis") == "Nowhere/Atlantis"


def test_a_session_is_named_by_its_body_and_number(kb: KnowledgeBase) -> None:
    for session in kb.sessions:
        number = chinese_number(session.number)
        assert (
            session_name("zh-Hans", session)
            == f"{kb_text('zh-Hans', session.body)}第{number}届会议"
        )
        assert (
            session_name("zh-Hant", session)
            == f"{kb_text('zh-Hant', session.body)}第{number}屆會議"
        )
        assert session_name("en", session) == (
            f"{ordinal_en(session.number)} session of the {session.body_en}"
        )
    current = current_session(kb)
    assert current is not None
    for lang in ("zh-Hans", "zh-Hant", "en"):
        assert session_title(kb, lang) == session_name(lang, current)


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("zh-Hans", ("附件二", "报告", "摘要")),
        ("zh-Hant", ("附件二", "報告", "摘要")),
        ("en", ("annex II", "the report", "the summary")),
    ],
)
def test_the_reports_own_containers_are_named_in_the_readers_language(
    kb: KnowledgeBase, lang: Language, names: tuple[str, str, str]
) -> None:
    parents = {p.parent for p in kb.paragraphs}
    assert {"annex2", "report", "summary"} <= parents
    assert tuple(container_name(kb, lang, c) for c in ("annex2", "report", "summary")) == names


@pytest.mark.parametrize(("lang", "prefix"), [("zh-Hans", "序"), ("zh-Hant", "序"), ("en", "PP")])
def test_preambular_paragraphs_are_listed_by_a_short_label(
    kb: KnowledgeBase, lang: Language, prefix: str
) -> None:
    resolution = next(r for r in kb.resolutions if r.paragraphs[0].kind == "preamble")
    first: Paragraph = resolution.paragraphs[0]
    listed = render_paragraph_list(kb, lang, resolution, 0)
    assert listed.keyboard[0][0].label == f"{prefix}{first.number}"
    assert f"{prefix}{first.number} " in visible(listed.text)


@pytest.mark.parametrize(("lang", "comma"), [("zh-Hans", "，"), ("zh-Hant", "，")])
def test_how_and_when_a_resolution_was_adopted_are_separated_in_the_readers_script(
    kb: KnowledgeBase, lang: Language, comma: str
) -> None:
    resolution = next(r for r in kb.resolutions if r.adopted_by and r.adopted_on)
    shown = visible(render_resolutions(kb, lang).text)
    how = kb_text(lang, resolution.adopted_by)
    assert f"{how}{comma}" in shown
