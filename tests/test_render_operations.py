"""The words operations add to the chat, in all three languages: a preview that says the notice
goes out as a paid broadcast, a report that counts paid messages, an API client in /audit."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest

from bot.cli.notice_text import format_report_text
from bot.i18n import LANGUAGES, Language
from bot.notices import NoticeReport, confirmation_needed, load_draft
from bot.storage import AuditEntry, DeliveryFigures, NewNotice, Storage
from handlers.render.kbadmin import render_audit
from handlers.render.notices import render_preview, render_progress
from knowledge.models import KnowledgeBase

GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")
PAID_NOTE = {
    "zh-Hans": "以付费广播发送：每秒最多 1000 条，每条消息都从机器人的 Telegram Stars 余额中扣费",
    "zh-Hant": "以付費廣播發送：每秒最多 1000 條，每條消息都從機器人的 Telegram Stars 餘額中扣費",
    "en": "Goes out as a paid broadcast: up to 1,000 messages a second",
}
PAID_COUNT = {
    "zh-Hans": "其中以付费广播发送：7",
    "zh-Hant": "其中以付費廣播發送：7",
    "en": "Sent as paid broadcasts: 7",
}
API_CLIENT = {"zh-Hans": "mailer（API）", "zh-Hant": "mailer（API）", "en": "mailer (API)"}


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_preview_says_when_a_notice_goes_out_as_a_paid_broadcast(
    tmp_path: Path, kb: KnowledgeBase, lang: Language
) -> None:
    async with await Storage.open(tmp_path / "db.sqlite3") as store:
        notice_id = await store.add_notice(NewNotice(kind="notice", texts={"*": "Room XVII"}))
        draft = await load_draft(store, kb, notice_id)
    paid = render_preview(kb, lang, draft, GENEVA, paid=True).text
    free = render_preview(kb, lang, draft, GENEVA).text
    assert PAID_NOTE[lang] in paid
    assert PAID_NOTE[lang] not in free
    assert "💳" in paid and "💳" not in free
    # the "tap again" form of the preview (nobody would get it yet) says so too
    confirm = confirmation_needed(draft, "send")
    assert confirm is not None and confirm.nobody
    again = render_preview(kb, lang, draft, GENEVA, confirm=confirm, paid=True)
    assert PAID_NOTE[lang] in again.text
    assert "sendok" in str(again.keyboard)


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_report_counts_paid_messages(
    tmp_path: Path, kb: KnowledgeBase, lang: Language
) -> None:
    async with await Storage.open(tmp_path / "db.sqlite3") as store:
        notice_id = await store.add_notice(NewNotice(kind="notice", texts={"*": "Room XVII"}))
        notice = await store.notice(notice_id)
    assert notice is not None
    paid = render_progress(kb, lang, NoticeReport(notice, DeliveryFigures(sent=7, paid=7)), GENEVA)
    free = render_progress(kb, lang, NoticeReport(notice, DeliveryFigures(sent=7)), GENEVA)
    assert PAID_COUNT[lang] in paid.text
    assert PAID_COUNT[lang].rsplit("：", 1)[0].rsplit(":", 1)[0] not in free.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_audit_log_names_an_api_client(lang: Language) -> None:
    at = dt.datetime(2020, 6, 11, 12, 30, tzinfo=dt.UTC)
    entries = [
        AuditEntry(2, at, None, "notice.draft", "#3 to all", actor_name="mailer"),
        AuditEntry(1, at, 42, "notice.send", "#2 to 5 recipient(s)"),
    ]
    lines = render_audit(lang, entries, GENEVA).text.split("\n")
    assert API_CLIENT[lang] in lines[1]
    assert " 42 " in lines[2] and "(API)" not in lines[2] and "（API）" not in lines[2]


async def test_the_command_line_report_counts_paid_messages(tmp_path: Path) -> None:
    async with await Storage.open(tmp_path / "db.sqlite3") as store:
        notice_id = await store.add_notice(NewNotice(kind="notice", texts={"*": "Room XVII"}))
        notice = await store.notice(notice_id)
    assert notice is not None
    paid = format_report_text(NoticeReport(notice, DeliveryFigures(sent=7, paid=5)), GENEVA)
    free = format_report_text(NoticeReport(notice, DeliveryFigures(sent=7)), GENEVA)
    assert "sent as paid broadcasts: 5" in paid.splitlines()
    assert "paid" not in free
