"""``delegate-bot notice …`` run as a user would run it (in-process through ``main``)."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load_timezone
from bot.health import Heartbeat, write_heartbeat
from bot.i18n import LANGUAGES, Language, t
from bot.notices import notice_report
from bot.storage import NewNotice, Storage
from handlers.render.notices import render_progress
from knowledge.models import KnowledgeBase
from tests.support.fake_bot_api import parse_html

pytestmark = pytest.mark.usefixtures("cli_environment")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def in_store(tmp_path: Path, action: object) -> object:
    async def go() -> object:
        async with await Storage.open(tmp_path / "bot.sqlite3") as store:
            return await action(store)  # type: ignore[operator]

    return asyncio.run(go())


def beat(tmp_path: Path, age: dt.timedelta) -> None:
    write_heartbeat(
        tmp_path / "health.json", Heartbeat(dt.datetime.now(dt.UTC) - age, "0" * 64, 500, 1)
    )


def test_list_on_an_empty_database_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "notice", "list")
    assert (code, out, err) == (0, "no notices\n", "")


def test_list_shows_the_first_line_and_the_audience_by_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    async def subscribe(store: Storage) -> None:
        await store.subscribe(11, "A23.3")
        await store.create_list("bureau", None)

    in_store(tmp_path, subscribe)
    beat(tmp_path, dt.timedelta(seconds=5))
    assert (
        run(capsys, "notice", "send", "<b>Room XX</b> for meeting 2\nfrom 15:00", "--topic", "M2")[
            0
        ]
        == 0
    )
    assert (
        run(
            capsys,
            "notice",
            "send",
            "Bureau lunch",
            "--list",
            "bureau",
            "--at",
            "2030-01-02 12:00",
        )[0]
        == 0
    )
    code, out, _ = run(capsys, "notice", "list")
    assert code == 0
    lines = out.splitlines()
    assert any(
        line.startswith("#2") and "scheduled" in line and "to the list “bureau”" in line
        for line in lines
    ), out
    assert any(
        line.startswith("#1") and "to subscribers of meeting 2" in line and "sent 0/1" in line
        for line in lines
    ), out
    assert "    “Room XX for meeting 2”" in lines  # the first line, without its tags
    assert "    “Bureau lunch”" in lines


def test_send_without_a_running_bot_says_when_it_will_go_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    in_store(tmp_path, lambda store: store.subscribe(11, "all"))
    code, out, _ = run(capsys, "notice", "send", "Hello")
    assert code == 0
    assert out.strip() == (
        "notice #1 queued for 1 recipient(s); no bot is running (no recent heartbeat):"
        " it will go out when the bot starts"
    )
    beat(tmp_path, dt.timedelta(minutes=10))  # a stale heartbeat is no running bot either
    code, out, _ = run(capsys, "notice", "send", "Hello again")
    assert "it will go out when the bot starts" in out
    beat(tmp_path, dt.timedelta(seconds=5))
    code, out, _ = run(capsys, "notice", "send", "And again")
    assert out.strip() == (
        "notice #3 queued for 1 recipient(s); the running bot delivers it within a second or two"
    )


def test_send_to_nobody_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    beat(tmp_path, dt.timedelta(seconds=5))
    code, out, _ = run(capsys, "notice", "send", "Hello")
    assert code == 0 and "queued for 0 recipient(s)" in out
    assert "warning: nobody would receive it" in out


def test_cancel_and_reschedule_a_scheduled_notice(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "notice", "send", "Later", "--at", "2030-06-11 14:30")
    assert code == 0 and "notice #1 scheduled for 2030-06-11 14:30" in out
    code, out, _ = run(capsys, "notice", "reschedule", "1", "2030-06-12 09:00")
    assert (code, out.strip()) == (0, "notice #1 (scheduled) now goes out 2030-06-12 09:00 CEST")

    async def notice(store: Storage) -> object:
        return await store.notice(1)

    moved = in_store(tmp_path, notice)
    assert moved.send_at == dt.datetime(2030, 6, 12, 7, 0, tzinfo=dt.UTC)  # type: ignore[attr-defined]
    code, out, err = run(capsys, "notice", "reschedule", "1", "yesterday")
    assert code == 2 and "I cannot read the time yesterday" in err and len(err.splitlines()) == 1

    code, out, _ = run(capsys, "notice", "cancel", "1")
    assert (code, out.strip()) == (0, "notice #1 cancelled")
    cancelled = in_store(tmp_path, notice)
    assert cancelled.state == "cancelled"  # type: ignore[attr-defined]

    async def audit(store: Storage) -> object:
        return [(e.actor, e.action) for e in await store.recent_audit()]

    assert (None, "notice.cancel") in in_store(tmp_path, audit)  # type: ignore[operator]
    assert (None, "notice.reschedule") in in_store(tmp_path, audit)  # type: ignore[operator]
    code, _, err = run(capsys, "notice", "cancel", "1")
    assert code == 2 and err.strip() == (
        "delegate-bot: Notice 1 was already confirmed, cancelled or sent."
    )
    code, _, err = run(capsys, "notice", "cancel", "9")
    assert code == 2 and err.strip() == "delegate-bot: There is no notice 9."
    code, _, err = run(capsys, "notice", "reschedule", "9", "2030-06-12 09:00")
    assert code == 2 and err.strip() == "delegate-bot: There is no notice 9."


def test_a_reminder_follows_its_meeting_and_cannot_be_rescheduled(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    async def reminder(store: Storage) -> int:
        return await store.add_notice(
            NewNotice(
                kind="reminder",
                texts={"*": "Meeting 2 starts soon"},
                topics=("M2",),
                state="scheduled",
                send_at=dt.datetime(2030, 6, 11, 12, 45, tzinfo=dt.UTC),
                meeting_id="M2",
                lead=dt.timedelta(minutes=15),
            )
        )

    in_store(tmp_path, reminder)
    code, _, err = run(capsys, "notice", "reschedule", "1", "2030-06-12 09:00")
    assert code == 2 and "is a meeting reminder and follows its meeting" in err


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_notice_cancelled_from_the_command_line_says_so_in_the_chat(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kb: KnowledgeBase, lang: Language
) -> None:
    run(capsys, "notice", "send", "Later", "--at", "2030-06-11 14:30")
    assert run(capsys, "notice", "cancel", "1")[0] == 0

    async def report(store: Storage) -> object:
        return await notice_report(store, 1, rate=25.0)

    found = in_store(tmp_path, report)
    rendered = render_progress(kb, lang, found, load_timezone("Europe/Geneva"))  # type: ignore[arg-type]
    note = parse_html(t(lang, "notice.note.cancelled-from-cli"))[0]
    assert note in parse_html(rendered.text)[0]
    assert rendered.keyboard == ()  # nothing left to cancel
