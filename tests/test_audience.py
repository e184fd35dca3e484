"""Whom a notice reaches, and why: topics, what a subscription covers, and named lists.

Real SQLite files in ``tmp_path``; the counts a preview shows are checked against the rows
``send_notice_now`` then queues, so the preview and the delivery agree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from bot.audience import address_label, count_audience, covering, covers, reasons_of
from bot.config import Settings
from bot.lists import add_members, create_list, parse_list_name, remove_members
from bot.notices import (
    NoticeOptions,
    TopicError,
    activate_due_notices,
    cancel_notice,
    create_draft,
    schedule_notice,
    send_notice_now,
    sync_reminders,
)
from bot.storage import RecordNotFoundError, Storage
from knowledge.models import KnowledgeBase
from tests.support.delivery import add_subscribers
from tests.support.fake_bot_api import FakeBotApi
from tests.support.kbs import with_meetings

NOW = dt.datetime(2020, 6, 9, 10, 0, tzinfo=dt.UTC)
SETTINGS = Settings(reminder_leads=(dt.timedelta(minutes=15),))


async def queued_chats(store: Storage) -> list[int]:
    return sorted(d.chat_id for d in await store.pending_deliveries())


async def draft_to(store: Storage, kb: KnowledgeBase, **options: str) -> tuple[int, int]:
    """A draft with these options: (its id, the recipients its preview states)."""
    draft = await create_draft(
        store, kb, SETTINGS, author=9, text="x", options=NoticeOptions(**options), now=NOW
    )
    return draft.notice.id, draft.recipients


# == What a subscription covers ==================================================================


def test_an_agenda_item_covers_its_sub_items_and_its_meetings(kb: KnowledgeBase) -> None:
    assert covers(kb, "A23.3") == ("A23.3a", "A23.3b", "M2")
    assert covers(kb, "A23.3a") == ("M2",)
    assert covers(kb, "A23.2") == ("M3",)
    assert covers(kb, "M2") == () and covers(kb, "bureau") == ()
    # so a notice to meeting 2 reaches the subscribers of the items taken up at it
    assert covering(kb, "M2") == ("A23.3", "A23.3a", "A23.3b")
    assert covering(kb, "A23.3a") == ("A23.3",)
    assert covering(kb, "A23.3") == ()  # a meeting's subscribers do not get an item's notices


async def test_subscribing_to_item_3_covers_3a_3b_and_meeting_2(
    kb: KnowledgeBase, server: FakeBotApi, store: Storage
) -> None:
    await add_subscribers(server, store, [1], "A23.3")
    await add_subscribers(server, store, [2], "A23.3a")
    await add_subscribers(server, store, [3], "M2")
    await add_subscribers(server, store, [4], "M3")
    await add_subscribers(server, store, [5], "all")
    expected = {
        "A23.3": [1, 5],
        "A23.3a": [1, 2, 5],
        "A23.3b": [1, 5],
        "M2": [1, 2, 3, 5],
        "M3": [4, 5],
    }
    for topic, chats in expected.items():
        notice_id, stated = await draft_to(store, kb, topic=topic)
        assert stated == len(chats), topic
        assert await send_notice_now(store, notice_id, 9, kb=kb) == len(chats), topic
        assert await queued_chats(store) == chats, topic
        await store.stop_notice(notice_id)  # clear the queue for the next topic


async def test_the_preview_says_who_is_included_and_why(
    kb: KnowledgeBase, server: FakeBotApi, store: Storage
) -> None:
    # the case: topic=bureau, one delegate subscribed to everything, nobody to "bureau"
    await add_subscribers(server, store, [1], "all")
    draft = await create_draft(
        store, kb, SETTINGS, author=9, text="x", options=NoticeOptions(topic="bureau"), now=NOW
    )
    counted = {
        r.source.key: c for r, c in zip(draft.audience.reasons, draft.audience.counts, strict=True)
    }
    assert counted == {"bureau": 0, "all": 1}
    assert address_label(kb, "en", draft.notice.topics) == "subscribers of the bureau"

    # a chat subscribed several ways is counted once, under the first reason
    await add_subscribers(server, store, [2, 3], "M2")
    await add_subscribers(server, store, [3, 4], "A23.3")
    await store.subscribe(4, "all")
    audience = await count_audience(store, kb, ("M2",))
    keys = [(r.source.key, r.via) for r in audience.reasons]
    assert keys == [
        ("M2", None),
        ("A23.3", "M2"),
        ("A23.3a", "M2"),
        ("A23.3b", "M2"),
        ("all", None),
    ]
    assert list(audience.counts) == [2, 1, 0, 0, 1] and audience.total == 4


async def test_a_notice_to_everyone_reaches_every_subscription(
    kb: KnowledgeBase, server: FakeBotApi, store: Storage
) -> None:
    await add_subscribers(server, store, [1], "all")
    await add_subscribers(server, store, [2], "M3")
    audience = await count_audience(store, kb, ())
    assert [r.source.kind for r in audience.reasons] == ["topic", "any"]
    assert list(audience.counts) == [1, 1]
    assert address_label(kb, "zh-Hans", ()) == "全部订阅者"


async def test_a_scheduled_notice_to_a_meeting_reaches_the_items_subscribers(
    kb: KnowledgeBase, server: FakeBotApi, store: Storage
) -> None:
    await add_subscribers(server, store, [1], "A23.3")
    await add_subscribers(server, store, [2], "M1")
    at = (NOW + dt.timedelta(hours=1)).isoformat()
    notice_id, _ = await draft_to(store, kb, topic="M2", at=at)
    await schedule_notice(store, notice_id, 9)
    [activation] = await activate_due_notices(
        store, NOW + dt.timedelta(hours=1), dt.timedelta(hours=2), kb
    )
    assert activation.recipients == 1
    assert await queued_chats(store) == [1]


# == Named lists =================================================================================


async def test_a_list_reaches_its_members_whatever_they_subscribed(
    kb: KnowledgeBase, server: FakeBotApi, store: Storage
) -> None:
    await add_subscribers(server, store, [1], "all")  # not on the list: not reached
    for user, name in ((2, "ana_rossi"), (3, "ben_okafor"), (4, "cy_lee")):
        await store.remember_user(user, user, name, name.title(), "en")
    await store.subscribe(4, "M2")
    assert await create_list(store, 42, "bureau")
    change = await add_members(store, 42, "bureau", ["@Ana_Rossi", "3", "4", "777", "@nobody"])
    assert change.changed == (2, 3, 4, 777)
    assert change.unknown == ("@nobody",)
    assert change.unreachable == (777,)  # never wrote to the bot

    notice_id, stated = await draft_to(store, kb, lists="bureau")
    draft_audience = await count_audience(store, kb, ("list:bureau",))
    assert stated == 3 and draft_audience.unreachable == 1
    assert address_label(kb, "en", ("list:bureau",)) == "the list “bureau”"
    assert await send_notice_now(store, notice_id, 9, kb=kb) == 3
    assert await queued_chats(store) == [2, 3, 4]
    await store.stop_notice(notice_id)

    # a list and a topic together: each chat once, list members first
    audience = await count_audience(store, kb, ("M2", "list:bureau"))
    assert [(r.source.kind, r.source.key) for r in audience.reasons][:2] == [
        ("list", "bureau"),
        ("topic", "M2"),
    ]
    assert audience.total == 4 and audience.counts[0] == 3

    removed = await remove_members(store, 42, "bureau", ["@ben_okafor", "5"])
    assert removed.changed == (3,) and removed.unchanged == (5,)
    [held] = await store.person_lists()
    assert (held.name, held.members, held.reachable) == ("bureau", 3, 2)
    actions = [e.action for e in await store.recent_audit()]
    assert {"list.create", "list.add", "list.remove"} <= set(actions)


async def test_unknown_or_badly_named_lists_are_refused(kb: KnowledgeBase, store: Storage) -> None:
    with pytest.raises(TopicError) as caught:
        await draft_to(store, kb, lists="bureau")
    assert caught.value.problem == "list"
    assert await store.recent_notices() == []
    assert parse_list_name("Bureau") == "bureau"
    assert parse_list_name("add") is None and parse_list_name("g 77") is None
    with pytest.raises(RecordNotFoundError):
        await add_members(store, 42, "bureau", ["1"])
    assert await create_list(store, 42, "bureau")
    assert not await create_list(store, 42, "bureau")  # it exists


# == Reminders ===================================================================================


async def test_a_reminder_someone_cancelled_is_not_made_again(
    kb: KnowledgeBase, store: Storage
) -> None:
    timed = with_meetings(kb, M2=("2020-06-11", "15:00"))
    created = await sync_reminders(store, timed, SETTINGS, NOW)
    [reminder] = created.created
    [notice] = await store.notices_by_id([reminder])
    assert notice.topics == ("M2",)  # the items' subscribers come from bot.audience
    assert [r.source.key for r in reasons_of(kb, notice.topics)][:2] == ["M2", "A23.3"]
    await cancel_notice(store, reminder, 42)
    assert not (await sync_reminders(store, timed, SETTINGS, NOW)).created
    # the meeting moving is news: a new reminder for the new time
    moved = with_meetings(kb, M2=("2020-06-11", "16:00"))
    assert len((await sync_reminders(store, moved, SETTINGS, NOW)).created) == 1


def test_kb_variants_keep_their_meetings(kb: KnowledgeBase) -> None:
    changed = dataclasses.replace(kb, agenda=tuple(a for a in kb.agenda if a.id != "A23.3b"))
    assert covers(changed, "A23.3") == ("A23.3a", "M2")
