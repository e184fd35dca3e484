"""Knowledge-base administration end to end: the real Application polls the strict fake Bot API.

An admin sends a YAML document, reads the preview, presses Activate, and the next question is
answered from the new text; rollbacks, restarts, ``/kb get``, refusals and ``/audit`` the same
way. Every reply must have been accepted by the server (``server.errors == []``).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.app import BotApplication, build_application, running
from bot.kbadmin import ACTIVATION_POLL_SECONDS, KbAdmin, Preview
from bot.live import LiveKnowledge
from bot.ratelimit import FloodPolicy
from bot.storage import Storage
from handlers.render.kbadmin import activate_data, cancel_data, discard_data
from knowledge.codec import dump_yaml
from knowledge.loader import load_knowledge_base
from knowledge.models import GlossaryTerm, KnowledgeBase, Paragraph
from tests.support.app import ADMIN_ID, bot_settings
from tests.support.fake_bot_api import BotMessage, FakeBotApi
from tests.support.people import Person
from tests.test_bot_e2e import R1_49

CORPUS = Path(__file__).resolve().parent / "data" / "bad_kb"
NEW_R1_49 = "（更正）妇女使用互联网的几率比男子低 18%"
STRANGER_ID = 700007
GROUP_ID = -100500
TIMEOUT = 5.0


def corrected(kb: KnowledgeBase, text: str = NEW_R1_49) -> KnowledgeBase:
    """The bundled knowledge base as a secretariat would correct it: R1.49 reworded, M2 given
    a start time, one more glossary term."""

    def fix(paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
        return tuple(
            dataclasses.replace(p, text=text) if p.id == "R1.49" else p for p in paragraphs
        )

    resolutions = tuple(
        dataclasses.replace(r, paragraphs=fix(r.paragraphs)) for r in kb.resolutions
    )
    meetings = tuple(
        dataclasses.replace(m, start=dt.time(15), end=dt.time(18)) if m.id == "M2" else m
        for m in kb.meetings
    )
    glossary = (*kb.glossary, GlossaryTerm("数字公共产品", ("digital public goods",)))
    return dataclasses.replace(kb, resolutions=resolutions, meetings=meetings, glossary=glossary)


BotRunner = Callable[..., contextlib.AbstractAsyncContextManager[BotApplication]]


@pytest.fixture
def bot(server: FakeBotApi, tmp_path: Path, kb: KnowledgeBase) -> BotRunner:
    """``async with bot() as app``: a fresh bot on this test's database.

    By default it gets its own copy of the bundled knowledge base (activations must not touch
    the one other tests share); ``load=True`` lets it load at start-up as in production.
    """

    @contextlib.asynccontextmanager
    async def run(*, load: bool = False) -> AsyncIterator[BotApplication]:
        settings = bot_settings(server, tmp_path / "bot.sqlite3")
        knowledge = None if load else LiveKnowledge.of(kb)
        app = build_application(
            settings, knowledge=knowledge, flood=FloodPolicy(limit=1000, window=1)
        )
        async with running(app):
            yield app

    return run


async def upload(server: FakeBotApi, user_id: int, name: str, content: bytes) -> BotMessage:
    before = len(server.sent(user_id))
    server.send_document(user_id, name, content, "application/x-yaml")
    await server.wait_for(lambda: len(server.sent(user_id)) > before, TIMEOUT)
    return server.sent(user_id)[before]


async def press_and_read(person: Person, message: BotMessage, data: str) -> tuple[str, str]:
    """Press a button; (the callback answer, the message's text after its edit)."""
    answer = await person.press(message, data)
    await person.server.wait_for(lambda: person.current(message).edits > message.edits, TIMEOUT)
    return answer.text or "", person.current(message).text or ""


def kb_admin(app: BotApplication) -> KbAdmin:
    admin = app.bot_data.kb_admin
    assert admin is not None
    return admin


def live_kb(app: BotApplication) -> KnowledgeBase:
    assert app.bot_data.live is not None
    return app.bot_data.live.kb


async def test_an_upload_is_previewed_then_activated_and_answers_change(
    server: FakeBotApi, bot: BotRunner, kb: KnowledgeBase
) -> None:
    async with bot() as app:
        admin = Person(server, ADMIN_ID, "en")
        old = await admin.one("/res 1 49")
        assert old.text is not None and R1_49 in old.text

        preview = await upload(server, ADMIN_ID, "cstd-23.yaml", dump_yaml(corrected(kb)).encode())

        text = preview.text or ""
        assert text.startswith("Preview: cstd-23.yaml (stored as version 1, sha256 ")
        assert "Compared with the live knowledge base (file cstd-23.yaml):" in text
        assert "meetings: 1 changed" in text
        assert "~ M2: start — → 15:00 Geneva; end — → 18:00 Geneva" in text
        assert "paragraphs: 1 changed" in text and "~ R1.49 text changed" in text
        # The change itself: what was struck out and what came in, as Telegram entities.
        excerpt = next(line for line in text.splitlines() if line.startswith("    text: "))
        assert "（更正）" in excerpt and "18" in excerpt and "17" in excerpt
        kinds = {entity["type"] for entity in preview.entities}
        assert {"strikethrough", "underline"} <= kinds
        assert "<del>" in (preview.source or "") and "<ins>（更正）" in (preview.source or "")
        assert "glossary: 1 added" in text and "+ 数字公共产品" in text
        assert "sessions" not in text and "agenda" not in text
        assert preview.callback_data == [activate_data(1, None), discard_data(1)]
        # Nothing is live yet.
        still_old = await admin.one("/res 1 49")
        assert still_old.text is not None and R1_49 in still_old.text

        answer, activated = await press_and_read(admin, preview, activate_data(1, None))

        assert answer == "Version 1 is live"
        assert activated.startswith("Version 1 is live.")
        assert admin.current(preview).buttons == []
        new = await admin.one("/res 1 49")
        assert new.text is not None and NEW_R1_49 in new.text and R1_49 not in new.text
        assert live_kb(app) == corrected(kb)
        status = await admin.one("/kb")
        assert status.text is not None and status.text.startswith("Live knowledge base: version 1")
    assert server.errors == []


async def test_sending_the_live_file_back_stores_nothing_and_history_shows_the_live_one(
    server: FakeBotApi, bot: BotRunner, kb: KnowledgeBase
) -> None:
    async with bot() as app:
        admin = Person(server, ADMIN_ID, "en")
        same = await upload(server, ADMIN_ID, "cstd-23.yaml", dump_yaml(kb).encode())
        assert same.text == (
            "No change: cstd-23.yaml is exactly the live knowledge base (the file is live);"
            " nothing was stored."
        )
        assert same.buttons == []
        preview = await upload(server, ADMIN_ID, "v1.yaml", dump_yaml(corrected(kb)).encode())
        await press_and_read(admin, preview, preview.callback_data[0])
        await admin.one("/kb get")
        sent_back = server.documents(ADMIN_ID)[-1].content
        again = await upload(server, ADMIN_ID, "knowledge-base-v1.yaml", sent_back)
        assert again.text == (
            "No change: knowledge-base-v1.yaml is exactly the live knowledge base (version 1 is"
            " live); nothing was stored."
        )
        store = app.bot_data.store
        assert store is not None and [v.id for v in await store.kb_versions()] == [1]
        await upload(server, ADMIN_ID, "v2.yaml", dump_yaml(corrected(kb, "乙")).encode())
        lines = ((await admin.one("/kb history 1")).text or "").splitlines()
        assert lines[1].startswith("○ 2 · ") and lines[2] == "⋯" and lines[3].startswith("● 1 · ")
    assert server.errors == []


async def test_a_rollback_is_previewed_and_brings_the_old_text_back(
    server: FakeBotApi, bot: BotRunner, kb: KnowledgeBase
) -> None:
    async with bot() as app:
        admin = Person(server, ADMIN_ID, "en")
        for version, text in ((1, NEW_R1_49), (2, "第二次更正的案文")):
            preview = await upload(
                server, ADMIN_ID, f"v{version}.yaml", dump_yaml(corrected(kb, text)).encode()
            )
            await press_and_read(admin, preview, preview.callback_data[0])
        assert (await admin.one("/res 1 49")).text.count("第二次更正的案文") == 1  # type: ignore[union-attr]

        rollback = await admin.one("/kb rollback 1")
        text = rollback.text or ""
        assert text.startswith("Preview: roll back to version 1 (sha256 ")
        assert "Compared with the live knowledge base (version 2):" in text
        assert "paragraphs: 1 changed" in text
        assert f"~ R1.49: text 第二次更正的案文 → {NEW_R1_49}" in text  # short texts are shown
        assert rollback.callback_data == [activate_data(1, 2), cancel_data(1)]

        _, done = await press_and_read(admin, rollback, activate_data(1, 2))
        assert done.startswith("Rolled back to version 1.")
        answer_text = await admin.one("/res 1 49")
        assert answer_text.text is not None and NEW_R1_49 in answer_text.text

        # Closing a rollback preview keeps the version it offered.
        offer = await admin.one("/kb rollback 2")
        assert offer.callback_data == [activate_data(2, 1), cancel_data(2)]
        _, closed = await press_and_read(admin, offer, cancel_data(2))
        assert closed == "Cancelled; the knowledge base is unchanged."
        store = app.bot_data.store
        assert store is not None and await store.kb_version(2) is not None

        history = (await admin.one("/kb history")).text or ""
        lines = history.splitlines()
        assert lines[0] == "Recent versions (Geneva time)"
        assert lines[1].startswith("✓ 2 · ") and lines[2].startswith("● 1 · ")
        audit = (await admin.one("/audit")).text or ""
        assert "kb.rollback" in audit and "kb.activate" in audit and "kb.upload" in audit
        assert kb_admin(app).live_version == 1
    assert server.errors == []


async def test_a_stale_preview_is_shown_again_instead_of_applied(
    server: FakeBotApi, bot: BotRunner, kb: KnowledgeBase
) -> None:
    async with bot():
        admin = Person(server, ADMIN_ID, "en")
        first = await upload(server, ADMIN_ID, "a.yaml", dump_yaml(corrected(kb, "甲")).encode())
        second = await upload(server, ADMIN_ID, "b.yaml", dump_yaml(corrected(kb, "乙")).encode())
        await press_and_read(admin, second, second.callback_data[0])  # version 2 goes live
        before = len(server.sent(ADMIN_ID))
        answer = await admin.press(first, first.callback_data[0])  # previewed against the file
        assert answer.text == (
            "The live knowledge base changed since that preview (it is now version 2); here is"
            " a fresh one."
        )
        await server.wait_for(lambda: len(server.sent(ADMIN_ID)) > before, TIMEOUT)
        fresh = server.sent(ADMIN_ID)[before]
        assert "Compared with the live knowledge base (version 2):" in (fresh.text or "")
        assert fresh.callback_data == [activate_data(1, 2), discard_data(1)]
        assert "乙" in ((await admin.one("/res 1 49")).text or "")
        # Discarding an upload that never went live removes it.
        text = (await press_and_read(admin, fresh, discard_data(1)))[1]
        assert text == "Version 1 was discarded; the knowledge base is unchanged."
    assert server.errors == []


async def test_an_activated_version_survives_a_restart(
    server: FakeBotApi, bot: BotRunner, kb: KnowledgeBase
) -> None:
    admin = Person(server, ADMIN_ID, "en")
    async with bot(load=True) as app:
        assert kb_admin(app).live_version is None
        preview = await upload(server, ADMIN_ID, "kb.yaml", dump_yaml(corrected(kb)).encode())
        await press_and_read(admin, preview, preview.callback_data[0])
    async with bot(load=True) as app:
        assert kb_admin(app).live_version == 1
        assert live_kb(app) == corrected(kb)
        answer = await admin.one("/res 1 49")
        assert answer.text is not None and NEW_R1_49 in answer.text
        assert (await admin.one("/kb")).text.startswith("Live knowledge base: version 1")  # type: ignore[union-attr]
        # An old preview's button still works after the restart (here: already live).
        pressed = await admin.press(preview, preview.callback_data[0], check_keyboard=False)
        assert pressed.text == "Version 1 is already live."
    assert server.errors == []


async def test_kb_get_sends_the_live_yaml_which_loads_back_equal(
    server: FakeBotApi, bot: BotRunner, kb: KnowledgeBase
) -> None:
    async with bot() as app:
        admin = Person(server, ADMIN_ID, "en")
        await admin.one("/kb get")
        [bundled] = server.documents(ADMIN_ID)
        assert bundled.file_name == "knowledge-base.yaml"
        assert load_knowledge_base(bundled.content) == live_kb(app) == kb
        assert bundled.caption == (
            "The live knowledge base (the file). Edit it and send it back to upload a new version."
        )

        sent = dump_yaml(corrected(kb), header="edited by the secretariat")
        preview = await upload(server, ADMIN_ID, "kb.yaml", sent.encode())
        await press_and_read(admin, preview, preview.callback_data[0])
        await admin.one("/kb get")
        latest = server.documents(ADMIN_ID)[-1]
        assert latest.file_name == "knowledge-base-v1.yaml"
        assert latest.content.decode() == sent  # the stored text, comments and all
        assert load_knowledge_base(latest.content) == live_kb(app)
    assert server.errors == []


async def test_bad_and_oversized_files_are_rejected_with_their_lines(
    server: FakeBotApi, bot: BotRunner, kb: KnowledgeBase
) -> None:
    async with bot() as app:
        Person(server, ADMIN_ID, "en")
        gap = await upload(
            server, ADMIN_ID, "gap.yaml", (CORPUS / "numbering-gap.yaml").read_bytes()
        )
        lines = (gap.text or "").splitlines()
        assert lines[0].startswith("gap.yaml was not accepted; the knowledge base is unchanged.")
        assert any(
            line.startswith("51:") and "number 2 is missing before 3" in line for line in lines
        )
        assert gap.buttons == []

        downloads = len(server.calls("getFile"))
        server.send_document(ADMIN_ID, "huge.yaml", b"schema_version: 1\n", file_size=30_000_000)
        await server.wait_for(lambda: len(server.sent(ADMIN_ID)) >= 2, TIMEOUT)
        huge = server.sent(ADMIN_ID)[1].text or ""
        assert "1:1 -: the file is 30,000,000 bytes; the limit is 5,000,000 bytes" in huge
        assert len(server.calls("getFile")) == downloads  # refused before downloading
        assert live_kb(app) == kb
        store = app.bot_data.store
        assert store is not None and await store.kb_versions() == []
        audit = await store.recent_audit(2)
        assert [e.action for e in audit] == ["kb.upload.rejected", "kb.upload.rejected"]
    assert server.errors == []


async def test_non_admins_are_refused_and_their_group_files_ignored(
    server: FakeBotApi, bot: BotRunner, kb: KnowledgeBase
) -> None:
    async with bot() as app:
        stranger = Person(server, STRANGER_ID, "en", name="Bo")
        Person(server, ADMIN_ID, "en")
        server.add_group(GROUP_ID, "Delegates")
        store = app.bot_data.store
        assert store is not None
        yaml_bytes = dump_yaml(corrected(kb)).encode()

        refused = await upload(server, STRANGER_ID, "kb.yaml", yaml_bytes)
        assert refused.text == (
            "Only administrators can change the knowledge base or see its versions."
        )
        for command in ("/kb", "/kb history", "/kb get", "/kb rollback 1"):
            assert (await stranger.one(command)).text == refused.text
        assert (await stranger.one("/audit")).text == "Only administrators can see the audit log."
        assert server.documents(STRANGER_ID) == []

        # In a group, a document is just shared among delegates: no reply, nothing stored.
        shared = server.send_document(STRANGER_ID, "kb.yaml", yaml_bytes, chat_id=GROUP_ID)
        # The stranger's next message is handled after the document (one user's updates are
        # handled in order), so once it is answered the document has been dealt with.
        await stranger.one("/help", chat_id=GROUP_ID)
        assert len(server.sent(GROUP_ID)) == 1
        assert server.calls("getFile") == []
        assert await store.kb_versions() == []
        assert live_kb(app) == kb

        denied = [e for e in await store.recent_audit(50) if e.action == "access.denied"]
        assert len(denied) == 6 and {e.actor for e in denied} == {STRANGER_ID}
        assert any("upload of kb.yaml" in e.detail for e in denied)

        # An admin may still take a shared file up explicitly, by replying /kb upload to it.
        before = len(server.sent(GROUP_ID))
        server.send_message(ADMIN_ID, "/kb upload", chat_id=GROUP_ID, reply_to=shared.message_id)
        await server.wait_for(lambda: len(server.sent(GROUP_ID)) > before, TIMEOUT)
        preview = server.sent(GROUP_ID)[before]
        assert (preview.text or "").startswith("Preview: kb.yaml (stored as version 1")
        # A non-admin cannot press its buttons.
        answer = await stranger.press(preview, preview.callback_data[0])
        assert answer.text == "Only administrators can do that."
        assert live_kb(app) == kb and kb_admin(app).live_version is None
    assert server.errors == []


async def test_a_version_activated_from_the_command_line_goes_live_in_the_bot(
    server: FakeBotApi, bot: BotRunner, kb: KnowledgeBase, tmp_path: Path
) -> None:
    async with bot() as app:
        admin = Person(server, ADMIN_ID, "en")
        settings = bot_settings(server, tmp_path / "bot.sqlite3")
        async with await Storage.open(settings.db_path) as cli_store:
            cli = await KbAdmin.headless(settings, cli_store)
            preview = await cli.upload(
                dump_yaml(corrected(kb)).encode(), file_name="kb.yaml", uploader=None
            )
            assert isinstance(preview, Preview)
            await cli.activate(preview.version_id, None)
        # The bot's own watcher may have gone live with it already; either way it is live now.
        picked = await kb_admin(app).pick_up_activation()
        assert picked in (preview.version_id, None)
        assert kb_admin(app).live_version == preview.version_id
        answer = await admin.one("/res 1 49")
        assert answer.text is not None and NEW_R1_49 in answer.text
    assert server.errors == []


async def test_an_activation_in_one_bot_is_served_by_another_on_postgresql(
    server: FakeBotApi, kb: KnowledgeBase, pg_url: str, tmp_path: Path
) -> None:
    """Two bots on one PostgreSQL database (two processes in production; two Applications on
    two fake Bot APIs here, sharing nothing but the database): an admin activates a version in
    one, and the other answers from it within a few seconds, by its own poll."""
    async with FakeBotApi() as other_server:
        bots = [
            build_application(
                bot_settings(where, tmp_path / name / "unused.sqlite3", db_url=pg_url),
                knowledge=LiveKnowledge.of(kb),
                flood=FloodPolicy(limit=1000, window=1),
            )
            for where, name in ((server, "first"), (other_server, "second"))
        ]
        async with running(bots[0]), running(bots[1]):
            admin = Person(server, ADMIN_ID, "en")
            delegate = Person(other_server, STRANGER_ID, "en")
            old = await delegate.one("/res 1 49")
            assert old.text is not None and R1_49 in old.text
            preview = await upload(
                server, ADMIN_ID, "cstd-23.yaml", dump_yaml(corrected(kb)).encode()
            )
            answer, _ = await press_and_read(admin, preview, preview.callback_data[0])
            assert answer == "Version 1 is live"
            activated = time.monotonic()
            # the other bot learns it by polling the database: ask until it answers anew
            while kb_admin(bots[1]).live_version != 1:
                assert time.monotonic() - activated < ACTIVATION_POLL_SECONDS + 5
                await asyncio.sleep(0.1)
            new = await delegate.one("/res 1 49")
            assert new.text is not None and NEW_R1_49 in new.text and R1_49 not in new.text
            assert live_kb(bots[1]) == corrected(kb)
    assert server.errors == [] and other_server.errors == []
