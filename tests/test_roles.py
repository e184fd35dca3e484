"""Roles end to end: who may grant, revoke and send notices, and that a refusal changes nothing.

Admins come from the settings (``ADMIN_ID``) and from grants made in the chat; every
privileged command from anyone else gets a short refusal, is audited, and leaves every table
but the audit log (and the sender's own ``users`` row) exactly as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.app import BotApplication
from bot.roles import RoleChange, access_of, revoke_role
from tests.support.app import ADMIN_ID, Runner, store_of
from tests.support.fake_bot_api import FakeBotApi
from tests.support.people import Person, data_for, subscribers

DENIED = "This is for the secretariat and administrators only."
ADMINS_ONLY = "Only administrators can manage roles."
#: What a refused command may change: the audit log, and the sender's own contact details.
MAY_CHANGE = frozenset({"audit_log", "users", "sqlite_sequence"})


def tables(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, read from the file by another connection."""
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall()) for n in names}


def db_path(app: BotApplication) -> Path:
    return store_of(app).path


def person(server: FakeBotApi, user_id: int, username: str | None = None) -> Person:
    someone = Person(server, user_id, "en", name=f"User{user_id}")
    if username is not None:
        server.add_user(user_id, f"User{user_id}", username=username, language_code="en")
    return someone


async def test_refused_commands_change_nothing_but_the_audit(
    server: FakeBotApi, run_bot: Runner
) -> None:
    async with run_bot() as app:
        await subscribers(server, app, range(10, 13))
        mallory = person(server, 666)
        await mallory.one("/start")  # known to the bot before the snapshot
        before = tables(db_path(app))

        assert (await mallory.one("/grant 666 admin")).text == ADMINS_ONLY
        assert (await mallory.one(f"/revoke {ADMIN_ID} admin")).text == ADMINS_ONLY
        assert (await mallory.one("/roles")).text == ADMINS_ONLY
        assert (await mallory.one("/notice Everyone: free lunch")).text == DENIED
        assert (await mallory.one("/notices")).text == DENIED

        after = tables(db_path(app))
        changed = {
            name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
        }
        assert changed <= MAY_CHANGE
        denied = [e for e in await store_of(app).recent_audit() if e.action == "access.denied"]
        assert [(e.actor, e.detail) for e in reversed(denied)] == [
            (666, "/grant 666 admin"),
            (666, f"/revoke {ADMIN_ID} admin"),
            (666, "/roles"),
            (666, "/notice Everyone: free lunch"),
            (666, "/notices"),
        ]
        assert all(server.sent(chat) == [] for chat in range(10, 13))
    assert server.errors == []


async def test_grant_by_username_then_revoke(server: FakeBotApi, run_bot: Runner) -> None:
    async with run_bot() as app:
        admin = person(server, ADMIN_ID)
        bob = person(server, 4242, username="bob_delegate")
        await bob.one("/start")  # a @username is known only once its owner has written

        unknown = await admin.one("/grant @nobody_here secretariat")
        assert unknown.text is not None and "I don't know the user @nobody_here" in unknown.text
        granted = await admin.one("/grant @Bob_Delegate secretariat")
        assert granted.text == "@bob_delegate (4242) is now secretariat."
        assert (await store_of(app).all_roles())[0].granted_by == ADMIN_ID
        again = await admin.one("/grant 4242 secretariat")
        assert again.text == "@bob_delegate (4242) already is secretariat."

        preview = await bob.one("/notice Room change for meeting 2")
        assert preview.text is not None and preview.text.startswith("📣 Notice #1 · preview")
        assert (await bob.one("/grant 4242 admin")).text == ADMINS_ONLY  # not an admin

        listing = await admin.one("/roles")
        assert listing.text is not None
        assert f"{ADMIN_ID}) — admin (configuration)" in listing.text
        assert f"@bob_delegate (4242) — secretariat (granted by {ADMIN_ID})" in listing.text

        revoked = await admin.one("/revoke @bob_delegate secretariat")
        assert revoked.text == "@bob_delegate (4242) is no longer secretariat."
        assert (await bob.one("/notice again")).text == DENIED
        audit = [(e.action, e.detail) for e in await store_of(app).recent_audit()]
        assert ("role.grant", "4242 secretariat") in audit
        assert ("role.revoke", "4242 secretariat") in audit
    assert server.errors == []


async def test_configured_admins_cannot_be_revoked_from_the_chat(
    server: FakeBotApi, run_bot: Runner
) -> None:
    async with run_bot() as app:
        admin = person(server, ADMIN_ID)
        carol = person(server, 5151)
        await admin.one("/grant 5151 admin")
        before = await store_of(app).all_roles()

        answer = await carol.one(f"/revoke {ADMIN_ID} admin")
        assert answer.text is not None and "by configuration" in answer.text
        assert await store_of(app).all_roles() == before
        assert (await admin.one("/roles")).text is not None  # still an admin

        # Carol, granted in the chat, can be revoked — but never the last admin.
        settings = app.bot_data.settings
        assert settings is not None
        assert await revoke_role(store_of(app), settings, ADMIN_ID, 5151, "admin") is (
            RoleChange.REVOKED
        )
        assert not (await access_of(store_of(app), settings, 5151)).is_admin
    assert server.errors == []


async def test_the_last_admin_granted_in_the_chat_stays(
    server: FakeBotApi, run_bot: Runner
) -> None:
    async with run_bot(admins=frozenset()) as app:
        store = store_of(app)
        await store.grant_role(7, "admin", granted_by=None)
        settings = app.bot_data.settings
        assert settings is not None
        assert await revoke_role(store, settings, 7, 7, "admin") is RoleChange.LAST_ADMIN
        assert (await access_of(store, settings, 7)).is_admin


async def test_a_delegate_cannot_press_the_secretariats_buttons(
    server: FakeBotApi, run_bot: Runner
) -> None:
    group = -100555
    async with run_bot() as app:
        await subscribers(server, app, range(20, 23))
        server.add_group(group, "Delegates and secretariat")
        admin = person(server, ADMIN_ID)
        dave = person(server, 888)
        [preview] = await admin.say("/notice hello", chat_id=group)
        answer = await dave.press(preview, data_for(preview, "send"))
        assert answer.text == DENIED
        notice = await store_of(app).notice(1)
        assert notice is not None and notice.state == "draft"
        assert await store_of(app).pending_deliveries() == []
        # a delegate replying to the preview with a time changes nothing either
        [refusal] = await dave.say("2030-01-01 10:00", chat_id=group, reply_to=preview.message_id)
        assert refusal.text == DENIED
        notice = await store_of(app).notice(1)
        assert notice is not None and notice.send_at is None
    assert server.errors == []
