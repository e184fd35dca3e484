"""Callback data and deep links: self-contained, versioned, within Telegram's limits."""

from __future__ import annotations

import pytest

from bot.i18n import LANGUAGES
from handlers import callbacks as cb
from handlers.render import (
    render_agenda,
    render_bureau,
    render_meetings,
    render_paragraph_list,
    render_record,
    render_resolutions,
    render_section,
    render_subscriptions,
)
from knowledge.models import KnowledgeBase


@pytest.mark.parametrize(
    ("action", "args", "data"),
    [
        ("r", ("R1.24",), "v1|r|R1.24"),
        ("p", ("R2.a.3",), "v1|p|R2.a.3"),
        ("o", ("R1", 3), "v1|o|R1|3"),
        ("s", ("R1", "pre", 0), "v1|s|R1|pre|0"),
        ("l", ("agenda", 0), "v1|l|agenda|0"),
        ("lang", ("zh-Hant",), "v1|lang|zh-Hant"),
        ("sub", ("A23.3a",), "v1|sub|A23.3a"),
        ("unsub", ("all",), "v1|unsub|all"),
        ("n", (), "v1|n"),
    ],
)
def test_round_trip(action: cb.Action, args: tuple[str | int, ...], data: str) -> None:
    assert cb.encode(action, *args) == data
    decoded = cb.decode(data)
    assert decoded is not None
    assert decoded.action == action and decoded.args == tuple(str(a) for a in args)


def test_encode_refuses_what_telegram_would_refuse() -> None:
    with pytest.raises(cb.CallbackDataError):
        cb.encode("r", "E/CN.16/2020/" + "X" * 60)  # over 64 bytes
    with pytest.raises(cb.CallbackDataError):
        cb.encode("r", "数" * 21)  # 21 Chinese characters are 63 bytes, plus the prefix
    with pytest.raises(cb.CallbackDataError):
        cb.encode("r", "a|b")
    with pytest.raises(cb.CallbackDataError):
        cb.encode("r", "")
    with pytest.raises(cb.CallbackDataError):
        cb.encode("o", "R1")  # missing the page
    assert not cb.fits("r", "x" * 70)
    assert cb.fits("r", "R1.84.a")


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "v1",
        "v1|",
        "v0|r|R1.24",
        "v2|r|R1.24",
        "v1|zz|R1",
        "v1|r",
        "v1|r|a|b",
        "v1|o|R1|",
        "x" * 65,
        "v1|r|" + "x" * 60,
    ],
)
def test_decode_rejects_stale_or_foreign_data(data: str | None) -> None:
    assert cb.decode(data) is None


def test_int_arguments_default_when_garbled() -> None:
    decoded = cb.decode("v1|o|R1|abc")
    assert decoded is not None and decoded.int_arg(1) == 0
    decoded = cb.decode("v1|o|R1|7")
    assert decoded is not None and decoded.int_arg(1) == 7


def test_every_record_has_a_button_and_a_deep_link(kb: KnowledgeBase) -> None:
    for record in kb.records():
        assert cb.fits("r", record.id), record.id
        payload = cb.deep_link_payload(record.id)
        assert payload is not None and len(payload) <= 64
        candidates = cb.payload_candidates(payload)
        first_known = next(c for c in candidates if kb.get(c) is not None)
        assert first_known == record.id
    assert cb.deep_link_payload("R1.24") == "R1_24"
    assert cb.deep_link_payload("E/CN.16/2020/2") == "E-CN_16-2020-2"
    assert cb.deep_link_payload("A/75/62-E/2020/11") == "A-75-62--E-2020-11"
    assert cb.payload_candidates("A-75-62--E-2020-11")[0] == "A/75/62-E/2020/11"
    assert cb.payload_candidates("R1_pre_5")[0] == "R1.pre.5"
    assert cb.payload_candidates("bad payload!") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_button_names_something_that_exists(kb: KnowledgeBase, lang: str) -> None:
    """Buttons survive a restart because their data names records, never memory."""
    rendered = [render_record(kb, lang, r) for r in kb.records()]  # type: ignore[arg-type]
    rendered += [
        render_agenda(kb, lang),  # type: ignore[arg-type]
        render_bureau(kb, lang),  # type: ignore[arg-type]
        render_meetings(kb, lang, None),  # type: ignore[arg-type]
        render_resolutions(kb, lang),  # type: ignore[arg-type]
        render_subscriptions(kb, lang, []),  # type: ignore[arg-type]
    ]
    for resolution in kb.resolutions:
        rendered.append(render_paragraph_list(kb, lang, resolution, 0))  # type: ignore[arg-type]
        section = render_section(kb, lang, resolution, "pre", 0)  # type: ignore[arg-type]
        if section is not None:
            rendered.append(section)
    count = 0
    for answer in rendered:
        for data in answer.callback_data:
            count += 1
            decoded = cb.decode(data)
            assert decoded is not None, data
            if decoded.action in ("r", "p", "o", "s"):
                assert kb.get(decoded.arg(0)) is not None, data
            if decoded.action == "s":
                resolution = kb.resolution(decoded.arg(0))
                assert resolution is not None
                assert render_section(kb, lang, resolution, decoded.arg(1), decoded.int_arg(2))  # type: ignore[arg-type]
    assert count > 500
