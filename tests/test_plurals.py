"""Plural forms: English says "1 recipient" and "2 recipients", never "recipient(s)"."""

from __future__ import annotations

import re

import pytest

from bot import i18n
from bot.catalogue import catalogue
from bot.i18n import LANGUAGES, Language, plain, t
from handlers.render.answers import render_composed
from knowledge.answers import Composed, Fact
from knowledge.models import KnowledgeBase
from tests.support.fake_bot_api import parse_html
from tests.support.rendering import shown


def plural_keys() -> list[str]:
    return [k for k in i18n.catalogue_keys() if len(catalogue().forms("en", k)) > 1]


def test_no_english_message_hedges_its_plural() -> None:
    for key in i18n.catalogue_keys():
        for template in catalogue().forms("en", key).values():
            assert not re.search(r"\w\(s\)", template.replace("http(s)", "")), key


def test_plural_messages_are_chosen_by_their_count() -> None:
    keys = plural_keys()
    assert len(keys) >= 10
    for key in keys:
        assert "count" in i18n.placeholders(key)[1], key
        names = (i18n.placeholders(key)[1] - {"count"}) | {"session", "session_en"}
        params: dict[str, object] = {name: name.upper() for name in names}
        one, two = (plain("en", key, **params, count=n) for n in (1, 2))
        assert "1" in one and "2" in two, key
        assert one.replace("1", "2") != two, key  # a different word, not only the number
        # Chinese has one form, whatever the number
        assert plain("zh-Hans", key, **params, count=1).replace("1", "2") == plain(
            "zh-Hans", key, **params, count=2
        ), key


@pytest.mark.parametrize(
    ("key", "params", "one", "other"),
    [
        (
            "notice.to",
            {"audience": "all subscribers"},
            "To: all subscribers — 1 recipient now",
            "To: all subscribers — 7 recipients now",
        ),
        (
            "notice.to_fixed",
            {"audience": "subscribers of meeting 2"},
            "To: subscribers of meeting 2 — 1 recipient",
            "To: subscribers of meeting 2 — 7 recipients",
        ),
        ("lists.line", {"name": "bureau"}, "• bureau — 1 member", "• bureau — 7 members"),
        (
            "lists.members_title",
            {"name": "focal"},
            "List “focal”: 1 member",
            "List “focal”: 7 members",
        ),
        ("sub.removed_all", {}, "Removed your 1 subscription.", "Removed all 7 subscriptions."),
        ("kb.more_problems", {}, "… and 1 more problem", "… and 7 more problems"),
        ("qa.count_seats", {"role": "Chair"}, "Chair: 1 seat", "Chair: 7 seats"),
        ("qa.count_speakers", {"meeting": 2}, "Meeting 2: 1 speaker", "Meeting 2: 7 speakers"),
        ("qa.draft_decisions", {}, "1 draft decision", "7 draft decisions"),
    ],
)
def test_english_plural_forms(key: str, params: dict[str, object], one: str, other: str) -> None:
    assert shown("en", key, **params, count=1) == one
    assert shown("en", key, **params, count=7) == other


def test_the_rejected_upload_counts_its_problems() -> None:
    one = shown("en", "kb.rejected", file="kb.yaml", count=1)
    assert "1 problem (line:column" in one and "problem(s)" not in one
    assert "3 problems (line:column" in shown("en", "kb.rejected", file="kb.yaml", count=3)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_count_that_is_not_a_number_takes_the_general_form(lang: Language) -> None:
    assert t(lang, "notice.to", audience="x", count="<&>") == t(
        lang, "notice.to", audience="x", count=7
    ).replace("7", "&lt;&amp;&gt;")


def test_the_chinese_wording_does_not_change_with_the_count() -> None:
    assert shown("zh-Hans", "notice.to", audience="全部订阅者", count=1) == (
        "受众：全部订阅者 — 现在共 1 位收件人"
    )
    assert shown("zh-Hant", "lists.line", name="bureau", count=1) == "• bureau — 1 人"
    assert shown("zh-Hant", "lists.line", name="bureau", count=2) == "• bureau — 2 人"


def _drafts(resolutions: int, decisions: int) -> Composed:
    fact = Fact("count_resolutions", (("resolutions", resolutions), ("decisions", decisions)))
    return Composed(intent="count", verdict="", facts=(fact,))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "2 draft resolutions and 1 draft decision."),
        ("zh-Hans", "决议草案 2 项，决定草案 1 项。"),
        ("zh-Hant", "決議草案 2 項，決定草案 1 項。"),
    ],
)
def test_the_count_of_drafts_agrees_with_each_number(
    kb: KnowledgeBase, lang: Language, expected: str
) -> None:
    composed = _drafts(resolutions=2, decisions=1)
    assert parse_html(render_composed(kb, lang, composed).text)[0] == expected
    single = _drafts(resolutions=1, decisions=3)
    text = parse_html(render_composed(kb, "en", single).text)[0]
    assert text == "1 draft resolution and 3 draft decisions."
