"""Knowledge-base administration as a service: the bad-upload corpus, previews, activations,
rollbacks, start-up loading, activations from the command line, and concurrent searches.

Every test uses a real SQLite file in ``tmp_path``. "Nothing changed" is checked on content,
not on file bytes (WAL may touch those): the SHA-256 of the live knowledge base written out with
``dump_yaml``, and the digest of every table's rows.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import hashlib
import logging
import threading
import time
import zoneinfo
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import cli
from bot.cli.kb_text import history_text, preview_text
from bot.config import Settings
from bot.i18n import Language, traditional
from bot.kbadmin import (
    Activation,
    AlreadyLiveError,
    KbAdmin,
    LiveChangedError,
    Preview,
    ReminderSyncError,
    UploadRejected,
    UploadUnchanged,
    VersionNotFoundError,
    VersionUnloadableError,
    format_problems,
)
from bot.live import LiveKnowledge, live_knowledge_base
from bot.notices import ReminderChanges
from bot.storage import Storage
from handlers.render.kbadmin import (
    render_activation,
    render_history,
    render_preview,
    render_rejection,
    render_unchanged,
)
from knowledge.codec import dump_yaml
from knowledge.diff import diff_knowledge_bases, reminder_changes
from knowledge.loader import load_knowledge_base
from knowledge.models import GlossaryTerm, KnowledgeBase, Paragraph
from tests.support.fake_bot_api import parse_html
from tests.support.rendering import visible

ROOT = Path(__file__).resolve().parent.parent

CORPUS = Path(__file__).resolve().parent / "data" / "bad_kb"
MANIFEST: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text())
BASE_TEXT = (CORPUS / "base.yaml").read_text(encoding="utf-8")
ADMIN = 900001
STRANGER = 555
JUNE_FIRST = dt.datetime(2020, 6, 1, tzinfo=dt.UTC)
GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")
DEEP = 50_000


class RecordingSync:
    """A stand-in for ``bot.notices.sync_reminders`` that records what it saw, and can fail."""

    def __init__(self, *, fail: bool = False) -> None:
        self.fail = fail
        self.calls: list[tuple[KnowledgeBase, dt.datetime, int | None]] = []

    async def __call__(
        self, store: Storage, kb: KnowledgeBase, settings: Settings, now: dt.datetime
    ) -> ReminderChanges:
        active = await store.active_kb_version()  # inside the activation's transaction
        self.calls.append((kb, now, active.id if active else None))
        if self.fail:
            raise RuntimeError("the reminder table is broken")
        return ReminderChanges(moved=(7,))


def settings_for(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "db_path": tmp_path / "bot.sqlite3",
        "admins": frozenset({ADMIN}),
        "kb_path": CORPUS / "base.yaml",
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Storage]:
    async with await Storage.open(tmp_path / "bot.sqlite3") as opened:
        yield opened


def make_admin(
    tmp_path: Path,
    store: Storage,
    kb: KnowledgeBase,
    *,
    sync: RecordingSync | None = None,
    live_version: int | None = None,
) -> tuple[KbAdmin, LiveKnowledge]:
    live = LiveKnowledge.of(kb)
    admin = KbAdmin(
        settings_for(tmp_path),
        store,
        live,
        live_version=live_version,
        reminder_sync=sync if sync is not None else RecordingSync(),
        clock=lambda: JUNE_FIRST,
    )
    return admin, live


def edited_base(*, m2_start: str = "'11:00'", p1: str = "委员会审议了议程项目 3 和 4。") -> str:
    """base.yaml with M2 moved, P1 reworded, one more glossary term and one more paragraph."""
    text = BASE_TEXT.replace("  start: '10:00'", f"  start: {m2_start}")
    text = text.replace("  text: 委员会审议了议程项目 3。", f"  text: {p1}")
    text = text.replace(
        "documents:\n",
        "- id: P2\n  parent: report\n  kind: report\n  label: '2'\n  number: 2\n"
        "  text: 新增的一段。\ndocuments:\n",
    )
    return text + "glossary:\n- zh: 数字鸿沟\n  en: [digital divide]\n"


async def fingerprint(admin: KbAdmin, live: LiveKnowledge) -> tuple[str, str, int | None]:
    """What must not change: the live knowledge base, the stored data, the live version."""
    live_hash = hashlib.sha256(dump_yaml(live.kb).encode()).hexdigest()
    db_hash = await admin.store.content_sha256(skip_tables=("audit_log",))
    return live_hash, db_hash, admin.live_version


async def with_history(tmp_path: Path, store: Storage) -> tuple[KbAdmin, LiveKnowledge]:
    """An admin whose database already holds an active version (base.yaml) and a pending
    one; the bot started on another file (M2 at 09:30)."""
    started_on = load_knowledge_base(edited_base(m2_start="'09:30'"))
    admin, live = make_admin(tmp_path, store, started_on)
    first = await admin.upload(BASE_TEXT.encode(), file_name="base.yaml", uploader=ADMIN)
    assert isinstance(first, Preview)
    await admin.activate(first.version_id, ADMIN)
    pending = await admin.upload(edited_base().encode(), file_name="next.yaml", uploader=ADMIN)
    assert isinstance(pending, Preview)
    return admin, live


# ---------------------------------------------------------------------------------------------
# The corpus of bad uploads


def corpus_cases() -> list[Any]:
    cases = [
        pytest.param(name, (CORPUS / name).read_bytes(), exp["line"], exp["message"], id=name)
        for name, exp in sorted(MANIFEST.items())
    ]
    nesting = ("schema_version: 1\nsessions: " + "[" * DEEP + "]" * DEEP).encode()
    cases.append(
        pytest.param("deep.yaml", nesting, 2, "nested too deeply", id="50000-level-nesting")
    )
    oversize = BASE_TEXT.encode() + b"#" * 5_000_000
    cases.append(
        pytest.param(
            "big.yaml",
            oversize,
            1,
            f"the file is {len(oversize):,} bytes; the limit is 5,000,000 bytes",
            id="over-the-size-limit",
        )
    )
    return cases


def test_the_corpus_covers_every_kind_of_bad_file_the_issue_names() -> None:
    names = set(MANIFEST)
    assert len(names) >= 40
    for needed in (
        "syntax-unclosed-quote.yaml",
        "wrong-type-int.yaml",
        "missing-required-key.yaml",
        "duplicate-id.yaml",
        "dangling-agenda-meeting.yaml",
        "numbering-gap.yaml",
        "alias-bomb.yaml",
        "python-tag.yaml",
        "binary.yaml",
        "utf16.yaml",
        "empty.yaml",
        "not-kb-mapping.yaml",
    ):
        assert needed in names, needed


@pytest.mark.parametrize(("name", "data", "line", "message"), corpus_cases())
async def test_a_bad_upload_is_rejected_and_changes_nothing(
    tmp_path: Path, store: Storage, name: str, data: bytes, line: int, message: str
) -> None:
    admin, live = await with_history(tmp_path, store)
    before = await fingerprint(admin, live)
    snapshot = live.current
    audit_before = await store.recent_audit(1000)

    outcome = await admin.upload(data, file_name=name, uploader=ADMIN)

    assert isinstance(outcome, UploadRejected)
    expected = [p for p in outcome.problems if p.line == line and message in p.message]
    assert expected, f"expected line {line}: {message!r}; got {format_problems(outcome.problems)}"
    # The reply lists it as "line:column key.path: what is wrong".
    shown = format_problems(outcome.problems)
    wanted = f"{line}:{expected[0].column} {expected[0].path}: {expected[0].message}"
    assert wanted in shown
    assert wanted in visible(render_rejection("en", outcome).text)
    # Nothing changed: the live knowledge base (the very same snapshot), the stored data …
    assert await fingerprint(admin, live) == before
    assert live.current is snapshot
    # … except for one audit entry that says why.
    audit_after = await store.recent_audit(1000)
    assert len(audit_after) == len(audit_before) + 1
    entry = audit_after[0]
    assert (entry.actor, entry.action) == (ADMIN, "kb.upload.rejected")
    assert entry.detail.startswith(f"{name}: ")
    assert outcome.reason in entry.detail or entry.detail.endswith("…")


async def test_a_file_declared_too_big_is_refused_before_it_is_read(
    tmp_path: Path, store: Storage
) -> None:
    admin, live = await with_history(tmp_path, store)
    before = await fingerprint(admin, live)
    assert await admin.reject_declared_size("kb.yaml", ADMIN, 5_000_000) is None
    rejected = await admin.reject_declared_size("kb.yaml", ADMIN, 30_000_000)
    assert rejected is not None
    assert format_problems(rejected.problems) == [
        "1:1 -: the file is 30,000,000 bytes; the limit is 5,000,000 bytes (5 MB)"
    ]
    assert await fingerprint(admin, live) == before
    assert (await store.recent_audit(1))[0].action == "kb.upload.rejected"


async def test_more_than_ten_problems_are_counted_not_listed(
    tmp_path: Path, store: Storage
) -> None:
    admin, _ = make_admin(tmp_path, store, load_knowledge_base(BASE_TEXT))
    text = BASE_TEXT + "".join(f"extra_{n}: 1\n" for n in range(14))
    outcome = await admin.upload(text.encode(), file_name="many.yaml", uploader=ADMIN)
    assert isinstance(outcome, UploadRejected) and len(outcome.problems) == 14
    lines = format_problems(outcome.problems)
    assert len(lines) == 11 and lines[-1] == "… and 4 more problems"
    assert visible(render_rejection("en", outcome).text).endswith("… and 4 more problems")


# ---------------------------------------------------------------------------------------------
# Upload, preview, activation


async def test_a_good_upload_is_stored_pending_and_previewed(
    tmp_path: Path, store: Storage
) -> None:
    base = load_knowledge_base(BASE_TEXT)
    admin, live = make_admin(tmp_path, store, base)
    before = await fingerprint(admin, live)

    preview = await admin.upload(edited_base().encode(), file_name="next.yaml", uploader=ADMIN)

    assert isinstance(preview, Preview)
    assert preview.base_version is None and not preview.was_active
    assert preview.diff.summary() == "meetings ~1 · paragraphs +1 ~1 · glossary +1"
    assert preview.diff.kind("paragraphs").added == ("P2",)
    moved = preview.diff.kind("meetings").changed[0]
    assert [(f.field, f.old_text, f.new_text) for f in moved.fields] == [
        ("start", "10:00", "11:00")
    ]
    [reminder] = preview.reminders
    assert (reminder.meeting, reminder.kind) == ("M2", "moved")
    # Stored, not active; the live knowledge base is untouched.
    version = await store.kb_version(preview.version_id)
    assert version is not None and version.activated_at is None and not version.is_active
    assert version.sha256 == hashlib.sha256(edited_base().encode()).hexdigest()
    assert version.summary == preview.diff.summary()
    assert await store.active_kb_version() is None
    assert (await fingerprint(admin, live))[0] == before[0]
    entry = (await store.recent_audit(1))[0]
    assert entry.action == "kb.upload" and f"version {preview.version_id}" in entry.detail


async def test_activation_swaps_the_snapshot_after_recording_it_with_the_reminders(
    tmp_path: Path, store: Storage
) -> None:
    sync = RecordingSync()
    base = load_knowledge_base(BASE_TEXT)
    admin, live = make_admin(tmp_path, store, base, sync=sync)
    preview = await admin.upload(edited_base().encode(), file_name="next.yaml", uploader=ADMIN)
    assert isinstance(preview, Preview)
    old_snapshot = live.current

    activation = await admin.activate(preview.version_id, ADMIN, expected_base=None)

    new_kb = load_knowledge_base(edited_base())
    assert live.kb == new_kb and live.current is not old_snapshot
    assert live.current.search("P2").best is not None  # the index is the new one
    assert old_snapshot.kb == base  # searches that began before still see the old pair
    assert admin.live_version == preview.version_id and activation.previous_version is None
    assert activation.reminders_synced
    assert activation.reminder_report == "0 created, 1 moved, 0 cancelled, 0 change notices"
    # The reminders were synced with the new knowledge base, inside the activation's
    # transaction (it already saw the new active version).
    [(synced_kb, now, active_seen)] = sync.calls
    assert synced_kb == new_kb and now == JUNE_FIRST and active_seen == preview.version_id
    active = await store.active_kb_version()
    assert active is not None and active.id == preview.version_id
    assert active.activated_by == ADMIN
    entry = (await store.recent_audit(1))[0]
    assert entry.action == "kb.activate"
    assert "meetings ~1" in entry.detail and "reminders: 0 created, 1 moved" in entry.detail


async def test_a_failing_reminder_sync_undoes_the_whole_activation(
    tmp_path: Path, store: Storage
) -> None:
    admin, live = make_admin(
        tmp_path, store, load_knowledge_base(BASE_TEXT), sync=RecordingSync(fail=True)
    )
    preview = await admin.upload(edited_base().encode(), file_name="next.yaml", uploader=ADMIN)
    assert isinstance(preview, Preview)
    before = await fingerprint(admin, live)
    whole_db = await store.content_sha256()
    snapshot = live.current
    with pytest.raises(ReminderSyncError, match="reminder table is broken") as caught:
        await admin.activate(preview.version_id, ADMIN)
    assert isinstance(caught.value.__cause__, RuntimeError)
    assert await fingerprint(admin, live) == before
    assert await store.content_sha256() == whole_db  # the audit entry was undone too
    assert live.current is snapshot and await store.active_kb_version() is None


async def test_activation_without_a_notices_module_says_so(tmp_path: Path, store: Storage) -> None:
    live = LiveKnowledge.of(load_knowledge_base(BASE_TEXT))
    admin = KbAdmin(settings_for(tmp_path), store, live, reminder_sync=None)
    preview = await admin.upload(edited_base().encode(), file_name="next.yaml", uploader=ADMIN)
    assert isinstance(preview, Preview)
    activation = await admin.activate(preview.version_id, ADMIN)
    assert not activation.reminders_synced
    assert "not synced" in (await store.recent_audit(1))[0].detail


async def test_rollback_previews_then_activates_an_older_version_again(
    tmp_path: Path, store: Storage
) -> None:
    admin, live = await with_history(tmp_path, store)  # v1 active, v2 pending
    await admin.activate(2, ADMIN)
    assert live.kb == load_knowledge_base(edited_base())

    preview = await admin.preview(1)
    assert preview.was_active and preview.base_version == 2 and preview.file_name is None
    assert preview.diff.summary() == "meetings ~1 · paragraphs −1 ~1 · glossary −1"
    rollback = await admin.activate(1, ADMIN, expected_base=preview.base_version)

    assert rollback.rollback and rollback.previous_version == 2
    assert live.kb == load_knowledge_base(BASE_TEXT) and admin.live_version == 1
    assert (await store.recent_audit(1))[0].action == "kb.rollback"
    history = await admin.history()
    assert [(v.id, v.is_active) for v in history.recent] == [(2, False), (1, True)]


async def test_stale_and_pointless_activations_are_refused(tmp_path: Path, store: Storage) -> None:
    admin, live = await with_history(tmp_path, store)  # v1 active, v2 pending
    third = await admin.upload(
        edited_base(m2_start="'12:00'").encode(), file_name="third.yaml", uploader=ADMIN
    )
    assert isinstance(third, Preview) and third.base_version == 1
    await admin.activate(2, ADMIN, expected_base=1)
    before = await fingerprint(admin, live)
    with pytest.raises(LiveChangedError) as caught:
        await admin.activate(third.version_id, ADMIN, expected_base=third.base_version)
    assert (caught.value.expected, caught.value.live) == (1, 2)
    with pytest.raises(AlreadyLiveError):
        await admin.activate(2, ADMIN)
    with pytest.raises(AlreadyLiveError):
        await admin.preview(2)
    with pytest.raises(VersionNotFoundError):
        await admin.activate(99, ADMIN)
    assert await fingerprint(admin, live) == before


async def test_discarding_drops_a_pending_upload_but_never_an_activated_one(
    tmp_path: Path, store: Storage
) -> None:
    admin, _ = await with_history(tmp_path, store)  # v1 active, v2 pending
    assert await admin.discard(2, ADMIN) is True
    assert await store.kb_version(2) is None
    assert (await store.recent_audit(1))[0].action == "kb.discard"
    assert await admin.discard(1, ADMIN) is False
    assert await store.kb_version(1) is not None
    with pytest.raises(VersionNotFoundError):
        await admin.discard(2, ADMIN)


async def test_a_stored_version_that_no_longer_loads_is_not_activated(
    tmp_path: Path, store: Storage
) -> None:
    admin, live = await with_history(tmp_path, store)
    future = BASE_TEXT.replace("schema_version: 1", "schema_version: 2")
    digest = hashlib.sha256(future.encode()).hexdigest()
    version_id = await store.add_kb_version(future, digest, None, "from the future")
    before = await fingerprint(admin, live)
    with pytest.raises(VersionUnloadableError) as caught:
        await admin.activate(version_id, ADMIN)
    assert "schema_version 2 is not supported" in caught.value.problems[0].message
    assert await fingerprint(admin, live) == before


# ---------------------------------------------------------------------------------------------
# Who may


async def test_admins_come_from_the_configuration_and_from_granted_roles(
    tmp_path: Path, store: Storage
) -> None:
    admin, _ = make_admin(tmp_path, store, load_knowledge_base(BASE_TEXT))
    assert await admin.is_admin(ADMIN)
    assert not await admin.is_admin(STRANGER)
    await store.grant_role(STRANGER, "secretariat", granted_by=ADMIN)
    assert not await admin.is_admin(STRANGER)
    await store.grant_role(STRANGER, "admin", granted_by=ADMIN)
    assert await admin.is_admin(STRANGER)
    await admin.refuse(777, "upload of kb.yaml")
    entry = (await store.recent_audit(1))[0]
    assert entry.actor == 777 and "upload of kb.yaml" in entry.detail


# ---------------------------------------------------------------------------------------------
# Start-up, the command line, activations made elsewhere


async def test_start_up_loads_the_latest_activated_version(tmp_path: Path, store: Storage) -> None:
    settings = settings_for(tmp_path)
    initial = await live_knowledge_base(settings, store)
    assert initial.version_id is None and initial.kb == load_knowledge_base(BASE_TEXT)
    admin, _ = await with_history(tmp_path, store)
    await admin.activate(2, ADMIN)
    initial = await live_knowledge_base(settings, store)
    assert initial.version_id == 2 and initial.kb == load_knowledge_base(edited_base())


async def test_start_up_falls_back_to_the_file_when_the_stored_version_fails(
    tmp_path: Path, store: Storage, caplog: pytest.LogCaptureFixture
) -> None:
    future = BASE_TEXT.replace("schema_version: 1", "schema_version: 2")
    version_id = await store.add_kb_version(
        future, hashlib.sha256(future.encode()).hexdigest(), None, "from the future"
    )
    await store.activate_kb_version(version_id, None)
    with caplog.at_level(logging.ERROR, logger="bot.live"):
        initial = await live_knowledge_base(settings_for(tmp_path), store)
    assert initial.version_id is None and initial.kb == load_knowledge_base(BASE_TEXT)
    assert any("CANNOT BE LOADED" in r.getMessage() for r in caplog.records)
    assert (await store.recent_audit(1))[0].action == "kb.load_failed"


async def test_a_version_activated_elsewhere_goes_live_in_the_running_bot(
    tmp_path: Path, store: Storage
) -> None:
    bot_admin, live = make_admin(tmp_path, store, load_knowledge_base(BASE_TEXT))
    bot_admin.poll_interval = 0.05
    bot_admin.start_watching()
    try:
        # The command line: another process, another connection to the same file.
        async with await Storage.open(tmp_path / "bot.sqlite3") as cli_store:
            cli_admin = await KbAdmin.headless(
                settings_for(tmp_path), cli_store, reminder_sync=RecordingSync()
            )
            preview = await cli_admin.upload(
                edited_base().encode(), file_name="next.yaml", uploader=None
            )
            assert isinstance(preview, Preview)
            await cli_admin.activate(preview.version_id, None)
        # The bot's instance learns of the activation by polling the database (another
        # process in production): there is no event to wait on here either.
        deadline = time.monotonic() + 5
        while bot_admin.live_version != preview.version_id and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.02)
        assert bot_admin.live_version == preview.version_id
        assert live.kb == load_knowledge_base(edited_base())
        assert await bot_admin.pick_up_activation() is None  # nothing new
    finally:
        await bot_admin.stop_watching()


async def test_an_unloadable_version_activated_elsewhere_is_skipped_loudly(
    tmp_path: Path, store: Storage, caplog: pytest.LogCaptureFixture
) -> None:
    bot_admin, live = make_admin(tmp_path, store, load_knowledge_base(BASE_TEXT))
    snapshot = live.current
    future = BASE_TEXT.replace("schema_version: 1", "schema_version: 2")
    version_id = await store.add_kb_version(
        future, hashlib.sha256(future.encode()).hexdigest(), None, "from the future"
    )
    await store.activate_kb_version(version_id, None)
    with caplog.at_level(logging.ERROR, logger="bot.kbadmin"):
        assert await bot_admin.pick_up_activation() is None
        assert await bot_admin.pick_up_activation() is None  # not retried every poll
    assert [r.levelno for r in caplog.records] == [logging.ERROR]
    assert live.current is snapshot and bot_admin.live_version is None


def test_the_command_line_uploads_activates_lists_rolls_back_and_gets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DELEGATE_BOT_DB", str(tmp_path / "bot.sqlite3"))
    monkeypatch.setenv("DELEGATE_BOT_KB", str(CORPUS / "base.yaml"))
    good = tmp_path / "next.yaml"
    good.write_text(edited_base(), encoding="utf-8")
    bad = CORPUS / "numbering-gap.yaml"

    assert cli.main(["kb", "upload", str(bad)]) == 1
    out, err = capsys.readouterr()
    assert f"{bad}:51:" in out and "number 2 is missing before 3" in out
    assert "nothing changed" in err

    assert cli.main(["kb", "upload", str(good), "--activate"]) == 0
    out, _ = capsys.readouterr()
    assert "meetings ~1 · paragraphs +1 ~1 · glossary +1" in out
    assert "M2: start 10:00 → 11:00 Geneva" in out
    assert "activated version 1" in out

    assert cli.main(["kb", "get"]) == 0
    assert capsys.readouterr().out == edited_base()

    base_copy = tmp_path / "base.yaml"
    base_copy.write_text(BASE_TEXT, encoding="utf-8")
    assert cli.main(["kb", "upload", str(base_copy)]) == 0
    assert "stored as version 2, not active" in capsys.readouterr().out
    assert cli.main(["kb", "rollback", "2", "--dry-run"]) == 0
    capsys.readouterr()
    assert cli.main(["kb", "history"]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[0].startswith("     2") and out.splitlines()[1].startswith("*    1")

    assert cli.main(["kb", "rollback", "2"]) == 0
    assert "activated version 2" in capsys.readouterr().out
    assert cli.main(["kb", "rollback", "1"]) == 0
    assert "rolled back to version 1" in capsys.readouterr().out
    assert cli.main(["kb", "rollback", "1"]) == 2
    assert "already live" in capsys.readouterr().err
    out_file = tmp_path / "live.yaml"
    assert cli.main(["kb", "get", "-o", str(out_file)]) == 0
    assert load_knowledge_base(out_file.read_bytes()) == load_knowledge_base(edited_base())


# ---------------------------------------------------------------------------------------------
# Searches while activations alternate

MARKER = "量子纠缠通信网络试点"


def _with_marked_paragraph(kb: KnowledgeBase) -> KnowledgeBase:
    def mark(paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
        return tuple(
            dataclasses.replace(p, text=f"{MARKER}。{p.text}") if p.id == "R1.49" else p
            for p in paragraphs
        )

    resolutions = tuple(
        dataclasses.replace(r, paragraphs=mark(r.paragraphs)) for r in kb.resolutions
    )
    glossary = (*kb.glossary, GlossaryTerm(MARKER, ("quantum pilot",)))
    return dataclasses.replace(kb, resolutions=resolutions, glossary=glossary)


async def test_searches_during_activations_see_one_whole_knowledge_base(
    tmp_path: Path, store: Storage, kb: KnowledgeBase
) -> None:
    plain_text, marked_text = dump_yaml(kb), dump_yaml(_with_marked_paragraph(kb))
    # Started on a third knowledge base: uploading the live one again would store nothing.
    admin, live = make_admin(tmp_path, store, dataclasses.replace(kb, glossary=kb.glossary[1:]))
    versions = []
    for name, text in (("a.yaml", plain_text), ("b.yaml", marked_text)):
        preview = await admin.upload(text.encode(), file_name=name, uploader=ADMIN)
        assert isinstance(preview, Preview)
        versions.append(preview.version_id)
    plain_r149 = kb.get("R1.49").text  # type: ignore[union-attr]

    seen: set[str] = set()
    problems: list[str] = []
    stop = threading.Event()
    lock = threading.Lock()

    def check(snapshot_kb: KnowledgeBase, result_records: list[Any], query: str) -> None:
        paragraph = snapshot_kb.get("R1.49")
        assert paragraph is not None
        which = "marked" if paragraph.text.startswith(MARKER) else "plain"  # type: ignore[union-attr]
        if which == "plain" and paragraph.text != plain_r149:  # type: ignore[union-attr]
            problems.append("R1.49 is neither version")
        for record in result_records:
            if snapshot_kb.get(record.id) is not record:
                problems.append(f"{query}: {record.id} is not from the snapshot's knowledge base")
        found_marker = any(r.id == "R1.49" for r in result_records[:1])
        if query == MARKER and found_marker != (which == "marked"):
            problems.append(f"{query}: index and knowledge base disagree ({which})")
        with lock:
            seen.add(which)

    def search_in_thread() -> None:
        while not stop.is_set():
            for query in (MARKER, "R1.49", "妇女使用互联网的几率"):
                snapshot = live.current
                result = snapshot.search(query)
                check(snapshot.kb, [m.record for m in result.matches], query)
            # Leave the activations some of the interpreter: with the GIL, busy-looping
            # searchers starve the event loop's many short steps (seconds turn into minutes).
            time.sleep(0.005)

    async def search_in_task() -> None:
        while not stop.is_set():
            snapshot, result = await live.search(MARKER)
            check(snapshot.kb, [m.record for m in result.matches], MARKER)
            await asyncio.sleep(0.001)

    threads = [threading.Thread(target=search_in_thread) for _ in range(3)]
    for thread in threads:
        thread.start()
    tasks = [asyncio.create_task(search_in_task()) for _ in range(4)]
    try:
        for round_number in range(6):
            await admin.activate(versions[round_number % 2], ADMIN)
            await asyncio.sleep(0.02)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
        await asyncio.gather(*tasks)
    assert problems == []
    assert seen == {"plain", "marked"}
    assert live.kb == load_knowledge_base(marked_text)


# ---------------------------------------------------------------------------------------------
# What admins read


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_previews_and_activations_render_as_valid_telegram_html(
    lang: Language, kb: KnowledgeBase
) -> None:
    changed = _with_marked_paragraph(kb)
    changed = dataclasses.replace(
        changed,
        meetings=tuple(
            dataclasses.replace(m, start=dt.time(10), link="https://example.org/?a=1&b=<2>")
            for m in kb.meetings
        ),
        paragraphs=tuple(dataclasses.replace(p, text=p.text + "<&>") for p in kb.paragraphs),
    )
    diff = diff_knowledge_bases(kb, changed)
    preview = Preview(
        version_id=12,
        sha256="ab" * 32,
        file_name="<cstd> & co.yaml",
        base_version=3,
        diff=diff,
        reminders=reminder_changes(kb, changed, JUNE_FIRST),
        record_count=1234,
        was_active=False,
    )
    rendered = render_preview(lang, preview, "cstd-23.yaml")
    for piece in rendered.messages():
        text, _ = parse_html(piece)  # raises on anything Telegram would refuse
        assert len(text) <= 4096
    shown = visible(rendered.text)
    assert "<cstd> & co.yaml" in shown
    assert shown.count("R1.49") == 1 and "M1: start — → 10:00" in shown
    assert len([line for line in shown.splitlines() if line.startswith(("~", "～"))]) == 3 + 5
    assert [len(data.encode()) <= 64 for data in rendered.callback_data] == [True, True]
    if lang == "zh-Hant":
        assert "預覽" in shown and "日內瓦" in shown
    elif lang == "en":
        assert "… and 39 more" in shown  # 44 changed paragraphs, 5 shown
        assert "M1: new reminders (2020-06-10 10:00 Geneva)" in shown
    activation = Activation(
        version_id=12,
        sha256="ab" * 32,
        previous_version=3,
        diff=diff,
        reminders=preview.reminders,
        rollback=True,
        reminders_synced=False,
    )
    for piece in render_activation(lang, activation).messages():
        parse_html(piece)


# ---------------------------------------------------------------------------------------------
# The upload limit is one figure


async def test_the_upload_limit_is_one_figure_in_code_config_readme_and_messages(
    tmp_path: Path, store: Storage
) -> None:
    from knowledge.loader import MAX_BYTES, validate_knowledge_base

    limit = Settings().max_upload_bytes
    assert limit == MAX_BYTES  # what `kb validate` accepts is what an upload accepts
    readme = await asyncio.to_thread((ROOT / "README.md").read_text, encoding="utf-8")
    row = next(line for line in readme.splitlines() if "`DELEGATE_BOT_MAX_UPLOAD_BYTES`" in line)
    assert f"`{limit}`" in row
    docs = await asyncio.to_thread((ROOT / "docs" / "knowledge-base.md").read_text)
    assert f"{limit:,} bytes" in docs

    # One byte over: the same refusal from the validator, the upload and the declared size.
    over = BASE_TEXT.encode() + b"#" * (limit - len(BASE_TEXT.encode()) + 1)
    expected = f"the file is {limit + 1:,} bytes; the limit is {limit:,} bytes (5 MB)"
    assert [p.message for p in validate_knowledge_base(over)] == [expected]
    admin, _ = make_admin(tmp_path, store, load_knowledge_base(BASE_TEXT))
    uploaded = await admin.upload(over, file_name="big.yaml", uploader=ADMIN)
    assert isinstance(uploaded, UploadRejected)
    assert [p.message for p in uploaded.problems] == [expected]
    declared = await admin.reject_declared_size("big.yaml", ADMIN, limit + 1)
    assert declared is not None and [p.message for p in declared.problems] == [expected]
    # Exactly at the limit passes the size check (and then fails only as YAML content would).
    at_limit = over[:-1]
    assert len(at_limit) == limit
    assert validate_knowledge_base(at_limit) == []


# ---------------------------------------------------------------------------------------------
# The live file uploaded again; the live version in the history


async def test_uploading_the_live_knowledge_base_again_stores_nothing(
    tmp_path: Path, store: Storage
) -> None:
    admin, live = await with_history(tmp_path, store)  # v1 (BASE_TEXT) live, v2 pending
    before = await fingerprint(admin, live)
    audit_before = len(await store.recent_audit(1000))

    # The same records, even written differently (a comment, another layout), are no change.
    again = "# the live file, sent back unchanged\n" + dump_yaml(load_knowledge_base(BASE_TEXT))
    outcome = await admin.upload(again.encode(), file_name="same.yaml", uploader=ADMIN)

    assert isinstance(outcome, UploadUnchanged)
    assert (outcome.file_name, outcome.live_version) == ("same.yaml", 1)
    assert await fingerprint(admin, live) == before
    assert [v.id for v in (await admin.history()).recent] == [2, 1]
    audit = await store.recent_audit(1000)
    assert len(audit) == audit_before + 1
    assert (audit[0].action, audit[0].actor) == ("kb.upload.unchanged", ADMIN)
    assert "same.yaml" in audit[0].detail and "version 1" in audit[0].detail

    expected = {
        "en": "No change: same.yaml is exactly the live knowledge base (version 1 is live);"
        " nothing was stored.",
        "zh-Hans": "没有变化：same.yaml 与当前知识库完全相同（当前是版本 1），没有存储新版本。",
    }
    expected["zh-Hant"] = traditional(expected["zh-Hans"])
    for lang, text in expected.items():
        assert visible(render_unchanged(lang, outcome).text) == text  # type: ignore[arg-type]

    # With the file live (no version activated yet) the same holds.
    fresh_store = await Storage.open(tmp_path / "other.sqlite3")
    async with fresh_store:
        file_admin, _ = make_admin(tmp_path, fresh_store, load_knowledge_base(BASE_TEXT))
        outcome = await file_admin.upload(BASE_TEXT.encode(), file_name="b.yaml", uploader=ADMIN)
        assert isinstance(outcome, UploadUnchanged) and outcome.live_version is None
        assert await fresh_store.kb_versions() == []
        assert visible(render_unchanged("en", outcome).text) == (
            "No change: b.yaml is exactly the live knowledge base (the file is live);"
            " nothing was stored."
        )


async def test_the_history_always_shows_the_live_version(tmp_path: Path, store: Storage) -> None:
    admin, _ = await with_history(tmp_path, store)  # v1 live, v2 pending
    third = await admin.upload(
        edited_base(m2_start="'12:00'").encode(), file_name="third.yaml", uploader=ADMIN
    )
    assert isinstance(third, Preview)

    history = await admin.history(1)
    assert [v.id for v in history.recent] == [3]
    assert history.older_live is not None and history.older_live.id == 1
    assert history.older_live.yaml_text is None  # listing versions never carries their files
    lines = history_text(history, "base.yaml").splitlines()
    assert lines[0].startswith("     3")
    assert lines[1].strip() == "…"
    assert lines[2].startswith("*    1")
    for lang in ("zh-Hans", "zh-Hant", "en"):
        shown = visible(render_history(lang, history, "base.yaml", GENEVA).text)  # type: ignore[arg-type]
        assert "● 1 · " in shown and "○ 3 · " in shown and "○ 2 · " not in shown

    # The live version listed among the latest is not repeated.
    history = await admin.history(3)
    assert [v.id for v in history.recent] == [3, 2, 1] and history.older_live is None
    assert history_text(history, "base.yaml").count("*    1") == 1

    # With the file live, the history says so.
    fresh_store = await Storage.open(tmp_path / "other.sqlite3")
    async with fresh_store:
        file_admin, _ = make_admin(tmp_path, fresh_store, load_knowledge_base(BASE_TEXT))
        pending = await file_admin.upload(
            edited_base().encode(), file_name="next.yaml", uploader=ADMIN
        )
        assert isinstance(pending, Preview)
        history = await file_admin.history(5)
        assert "live: the file base.yaml (no version is active)" in history_text(
            history, "base.yaml"
        )
        expected = {
            "en": "The file base.yaml is live; no version is active.",
            "zh-Hans": "当前使用的是文件 base.yaml，没有启用任何版本。",
        }
        expected["zh-Hant"] = traditional(expected["zh-Hans"])
        for lang, text in expected.items():
            shown = visible(render_history(lang, history, "base.yaml", GENEVA).text)  # type: ignore[arg-type]
            assert text in shown


# ---------------------------------------------------------------------------------------------
# What changed inside a long text


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_a_changed_text_is_previewed_as_a_short_escaped_diff(
    lang: Language, kb: KnowledgeBase
) -> None:
    def fix(paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
        return tuple(
            dataclasses.replace(p, text=p.text.replace("低 17%", "低 <18%> & more"))
            if p.id == "R1.49"
            else dataclasses.replace(p, text=p.text + "又及。")
            if p.id.startswith("R2.")
            else p
            for p in paragraphs
        )

    changed = dataclasses.replace(
        kb,
        resolutions=tuple(
            dataclasses.replace(r, paragraphs=fix(r.paragraphs)) for r in kb.resolutions
        ),
    )
    diff = diff_knowledge_bases(kb, changed)
    preview = Preview(12, "ab" * 32, "kb.yaml", None, diff, (), 1234, False)
    rendered = render_preview(lang, preview, "cstd-23.yaml")
    html = rendered.text
    for piece in rendered.messages():
        parse_html(piece)
    # The change itself, struck through and underlined, escaped.
    assert "<del>17%</del><ins>&lt;18%&gt; &amp; more</ins>" in html
    shown = visible(html)
    assert "男子低 17%<18%> & more，在最不发达" in shown  # the same, as Telegram shows it
    changed_lines = [line for line in shown.splitlines() if line.startswith(("~", "～"))]
    assert len(changed_lines) == 5  # the first five of the changed paragraphs …
    excerpts = [line for line in shown.splitlines() if "又及。" in line]
    assert len(excerpts) == 4  # … each with its excerpt (R1.49 is the first)
    assert max(len(line) for line in excerpts) < 80
    more = {"en": "… and ", "zh-Hans": "……另有", "zh-Hant": "……另有"}[lang]
    assert any(line.strip().startswith(more) for line in shown.splitlines())


# ---------------------------------------------------------------------------------------------
# Warnings for what is valid but suspicious


async def test_previews_list_warnings_for_suspicious_but_valid_content(
    tmp_path: Path, store: Storage, kb: KnowledgeBase
) -> None:
    r149 = kb.get("R1.49")
    assert isinstance(r149, Paragraph)
    text = dump_yaml(kb).replace(r149.text, traditional(r149.text))
    m2 = "- id: M2\n  session: 23\n  number: 2\n  date: 2020-06-11\n"
    assert m2 in text
    admin, _ = make_admin(tmp_path, store, kb)
    # A meeting that ends before it starts is not merely suspicious: it is refused, with its line.
    backwards = text.replace(m2, m2 + "  start: '15:00'\n  end: '13:00'\n")
    refused = await admin.upload(backwards.encode(), file_name="odd.yaml", uploader=ADMIN)
    assert isinstance(refused, UploadRejected)
    assert [p.message for p in refused.problems] == ["end 13:00 is not after start 15:00"]
    text = text.replace(m2, m2.replace("2020-06-11", "2020-06-15") + "  start: '15:00'\n")

    preview = await admin.upload(text.encode(), file_name="odd.yaml", uploader=ADMIN)

    assert isinstance(preview, Preview)  # valid: stored and previewable, only flagged
    assert [type(w).__name__ for w in preview.warnings] == [
        "MeetingOutsideSession",
        "ScriptChanged",
    ]
    expected = {
        "en": [
            "⚠️ Worth a second look (activating is still possible):",
            "M2 is dated 2020-06-15, outside session 23 (2020-06-10 to 2020-06-12)",
            "R1.49 is now in Traditional characters (it was in Simplified characters)",
        ],
        "zh-Hans": [
            "⚠️ 请核对（仍可启用）：",
            "M2 的日期 2020-06-15 不在第 23 届会议期间（2020-06-10 至 2020-06-12）",
            "R1.49 现在是繁体字（原为简体字）",
        ],
    }
    expected["zh-Hant"] = [traditional(line) for line in expected["zh-Hans"]]
    for lang, lines in expected.items():
        rendered = render_preview(lang, preview, "cstd-23.yaml")  # type: ignore[arg-type]
        for piece in rendered.messages():
            parse_html(piece)
        shown = visible(rendered.text).splitlines()
        start = shown.index(lines[0])
        assert shown[start : start + 3] == lines
    printed = preview_text(preview)
    assert "  warning: M2 is dated 2020-06-15, outside session 23 (2020-06-10 to 2020-06-12)" in (
        printed
    )
    assert "  warning: R1.49 is now in Traditional characters (was Simplified)" in printed

    # Against the new live version, going back is checked the same way, in the preview of an
    # upload and in that of a stored version; without warnings there is no heading.
    await admin.activate(preview.version_id, ADMIN)
    back = await admin.upload(dump_yaml(kb).encode(), file_name="fixed.yaml", uploader=ADMIN)
    assert isinstance(back, Preview)
    assert [type(w).__name__ for w in back.warnings] == ["ScriptChanged"]  # back to Simplified
    assert (await admin.preview(back.version_id)).warnings == back.warnings
    assert "⚠️" not in visible(
        render_preview("en", dataclasses.replace(back, warnings=()), "x").text
    )
