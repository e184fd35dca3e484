"""Callback data and deep links: self-contained, versioned, within Telegram's limits."""

from __future__ import annotations

import re

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


# == Every namespace: one codec, the same limits, and the data buttons already carry ============

#: Data as the bot has written it under messages already sent: it must keep decoding.
WRITTEN = [
    (cb.READER, "v1|cal|M2", "cal", ("M2",)),
    (cb.READER, "v1|cal|all", "cal", ("all",)),
    (cb.READER, "v1|fb|17|u", "fb", ("17", "u")),
    (cb.READER, "v1|pick|17|R1.24", "pick", ("17", "R1.24")),
    (cb.READER, "v1|orig|R1.12", "orig", ("R1.12",)),
    (cb.KB_ADMIN, "kb1|a|3|0", "a", ("3", "0")),
    (cb.KB_ADMIN, "kb1|a|1|2", "a", ("1", "2")),
    (cb.KB_ADMIN, "kb1|x|4", "x", ("4",)),
    (cb.KB_ADMIN, "kb1|c|2", "c", ("2",)),
    (cb.NOTICES, "nv1|send|12", "send", ("12",)),
    (cb.NOTICES, "nv1|sendok|12", "sendok", ("12",)),
    (cb.NOTICES, "nv1|sched|12", "sched", ("12",)),
    (cb.NOTICES, "nv1|schedok|12", "schedok", ("12",)),
    (cb.NOTICES, "nv1|test|12", "test", ("12",)),
    (cb.NOTICES, "nv1|cancel|12", "cancel", ("12",)),
    (cb.NOTICES, "nv1|stop|12", "stop", ("12",)),
    (cb.INSIGHTS, "in1|a|17|R1.24", "a", ("17", "R1.24")),
]


@pytest.mark.parametrize(("namespace", "data", "action", "args"), WRITTEN)
def test_data_already_under_messages_keeps_decoding(
    namespace: cb.Namespace[str], data: str, action: str, args: tuple[str, ...]
) -> None:
    decoded = namespace.decode(data)
    assert decoded is not None and (decoded.action, decoded.args) == (action, args)
    assert namespace.encode(action, *args) == data  # and is written the same way still
    assert re.match(namespace.pattern(), data)
    assert re.match(namespace.pattern(action), data)
    for other in cb.NAMESPACES:
        if other is not namespace:
            assert other.decode(data) is None
            assert not re.match(other.pattern(), data)


def test_the_namespaces_have_distinct_prefixes() -> None:
    prefixes = [n.prefix for n in cb.NAMESPACES]
    assert len(set(prefixes)) == len(prefixes) == 4


@pytest.mark.parametrize(
    ("namespace", "action", "args"),
    [
        (cb.READER, "cal", ("M" * 60,)),
        (cb.KB_ADMIN, "a", (10**40, 10**20)),
        (cb.NOTICES, "cancel", (10**62,)),
        (cb.INSIGHTS, "a", (17, "E/CN.16/2020/" + "X" * 50)),
        (cb.INSIGHTS, "a", (17, "数" * 19)),
    ],
)
def test_every_namespace_refuses_data_over_64_bytes(
    namespace: cb.Namespace[str], action: str, args: tuple[str | int, ...]
) -> None:
    with pytest.raises(cb.CallbackDataError):
        namespace.encode(action, *args)
    assert namespace.encode_or_none(action, *args) is None
    assert not namespace.fits(action, *args)
    over = "|".join([namespace.prefix, action, *(str(a) for a in args)])
    assert len(over.encode()) > cb.MAX_BYTES and namespace.decode(over) is None


@pytest.mark.parametrize(
    ("namespace", "data"),
    [
        (cb.KB_ADMIN, "kb1|a|3"),  # activate needs the base version
        (cb.KB_ADMIN, "kb1|x|3|4"),
        (cb.KB_ADMIN, "kb1|a|3|x"),
        (cb.KB_ADMIN, "kb1|q|3"),
        (cb.KB_ADMIN, "kb1|c|²"),
        (cb.NOTICES, "nv1|send"),
        (cb.NOTICES, "nv1|send|twelve"),
        (cb.NOTICES, "nv1|launch|12"),
        (cb.NOTICES, "nv1|send|12|13"),
        (cb.NOTICES, "nv1|stop|²"),
        (cb.INSIGHTS, "in1|a|x|R1.24"),
        (cb.INSIGHTS, "in1|a|17"),
        (cb.INSIGHTS, "in1|a|17|"),
        (cb.INSIGHTS, "in1|b|17|R1.24"),
        (cb.READER, "v1|fb|x|u"),
        (cb.READER, "v1|pick|¹|R1.24"),
    ],
)
def test_each_namespace_rejects_what_it_never_wrote(
    namespace: cb.Namespace[str], data: str
) -> None:
    assert namespace.decode(data) is None


def test_a_digit_python_calls_a_digit_but_int_refuses_is_no_page() -> None:
    decoded = cb.decode("v1|o|R1|²")  # "²".isdigit() is true; int("²") raises
    assert decoded is not None and decoded.int_arg(1) == 0


def test_handler_patterns_match_their_actions_only() -> None:
    pattern = cb.READER.pattern("fb", "pick")
    assert re.match(pattern, "v1|fb|3|u") and re.match(pattern, "v1|pick|3|R1.9")
    assert not re.match(pattern, "v1|fbx|3|u") and not re.match(pattern, "v1|r|R1.24")
    counter = cb.READER.pattern("n", "r")
    assert re.match(counter, "v1|n") and re.match(counter, "v1|r|R1")
    assert not re.match(counter, "v1|n|1") and not re.match(counter, "v1|r")
