"""The bot's own HTTP server end to end: the real Application runs on the fake Bot API, and a
real HTTP client (aiohttp) talks to ``/metrics``, ``/healthz``, ``/readyz`` and the notices API
on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import socket
import zoneinfo
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.app import BotApplication, build_application, running
from bot.config import ApiClient, ConfigError
from bot.health import Heartbeat, write_heartbeat
from bot.http_api import BURST, MAX_BODY_BYTES
from bot.live import LiveKnowledge
from bot.storage import Storage
from knowledge.models import KnowledgeBase
from tests.support.app import bot_settings
from tests.support.fake_bot_api import FakeBotApi
from tests.support.kbs import with_meetings
from tests.support.people import Person
from tests.support.process import free_port

TIMEOUT = 10.0
GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")
MAILER = ApiClient("mailer", "m" * 40)
MEETINGS_DB = ApiClient("meetings-db", "d" * 31 + "X")


class Client:
    """A real HTTP client of the bot's server."""

    def __init__(self, session: aiohttp.ClientSession, base: str) -> None:
        self.session = session
        self.base = base

    async def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = MAILER.token,
        body: Any = None,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any, aiohttp.typedefs.LooseHeaders]:
        sent = dict(headers or {})
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        data = raw if raw is not None else None if body is None else json.dumps(body)
        if data is not None:
            sent.setdefault("Content-Type", "application/json")
        async with self.session.request(
            method, self.base + path, data=data, headers=sent
        ) as response:
            text = await response.text()
            try:
                payload: Any = json.loads(text)
            except ValueError:
                payload = text
            return response.status, payload, response.headers


Runner = Callable[..., contextlib.AbstractAsyncContextManager[tuple[BotApplication, Client]]]


@pytest.fixture
def run_bot(server: FakeBotApi, tmp_path: Path, live: LiveKnowledge) -> Runner:
    """``async with run_bot(**settings) as (app, client):`` the bot with its HTTP server on a
    free port, and a client for it."""

    @contextlib.asynccontextmanager
    async def run(
        knowledge: LiveKnowledge | None = None, **overrides: Any
    ) -> AsyncIterator[tuple[BotApplication, Client]]:
        values: dict[str, Any] = {
            "http_port": free_port(),
            "api_clients": (MAILER, MEETINGS_DB),
            "send_rate": 200.0,
        }
        values.update(overrides)
        settings = bot_settings(server, tmp_path / "bot.sqlite3", **values)
        app = build_application(settings, knowledge=knowledge or live)
        async with running(app), aiohttp.ClientSession() as session:
            yield app, Client(session, f"http://127.0.0.1:{settings.http_port}")

    return run


def store_of(app: BotApplication) -> Storage:
    assert app.bot_data.store is not None
    return app.bot_data.store


async def subscribers(server: FakeBotApi, app: BotApplication, chats: range) -> list[int]:
    for chat in chats:
        server.add_user(chat, f"Delegate {chat}", language_code="en", started=True)
        await store_of(app).subscribe(chat)
    return list(chats)


async def until_done(client: Client, notice_id: int) -> Any:
    """The notice's report once it is done (polled through the API)."""
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while True:
        status, body, _ = await client.call("GET", f"/api/v1/notices/{notice_id}")
        assert status == 200
        if body["state"] == "done":
            return body
        assert asyncio.get_running_loop().time() < deadline, body
        await asyncio.sleep(0.1)


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus text page, parsed by prometheus_client's own parser."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


# == /metrics, /healthz, /readyz =================================================================


async def test_metrics_count_updates_answers_api_calls_and_the_queue(
    server: FakeBotApi, run_bot: Runner, live: LiveKnowledge
) -> None:
    # The first free-text search of a process loads the dictionary, which takes seconds on a
    # busy machine; this test counts, it does not time, so that happens before the bot starts.
    await live.search("妇女上网比男子低多少")
    async with run_bot() as (app, client):
        ana = Person(server, 700, "en")
        await ana.one("/agenda 3")
        await ana.one("/res 1 24")
        await ana.one("/search R1.24")  # exact
        await ana.one("妇女上网比男子低多少")  # an answer
        await ana.one("digital divide between women and men")  # did-you-mean choices
        await ana.one("thank you")  # small talk: no search, so not a search without answer
        await ana.one("/nonsense42")
        chats = await subscribers(server, app, range(710, 714))
        server.block_chat(711)
        server.fail_next("sendMessage", 429, retry_after=1, chat_id=712)
        status, _, _ = await client.call("POST", "/api/v1/notices", body={"text": "Room XVII"})
        assert status == 201
        await server.wait_for(lambda: all(server.sent(c) for c in chats if c != 711), TIMEOUT)

        async with client.session.get(client.base + "/metrics") as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/plain")
            page = await response.text()
    found = samples(page)

    def value(name: str, **labels: str) -> float:
        return found[(name, tuple(sorted(labels.items())))]

    assert value("delegate_bot_updates_total", command="agenda") == 1
    assert value("delegate_bot_updates_total", command="res") == 1
    assert value("delegate_bot_updates_total", command="search") == 1
    assert value("delegate_bot_updates_total", command="text") == 3
    assert value("delegate_bot_updates_total", command="unknown") == 1  # /nonsense42
    assert not any("nonsense42" in str(key) for key in found)
    assert value("delegate_bot_answers_total", outcome="exact") == 1
    assert value("delegate_bot_answers_total", outcome="answer") == 1
    assert value("delegate_bot_answers_total", outcome="choices") == 1
    assert value("delegate_bot_answers_total", outcome="smalltalk") == 1
    assert value("delegate_bot_answers_total", outcome="none") == 0
    assert value("delegate_bot_answer_latency_seconds_count") == 7
    assert value("delegate_bot_answer_latency_seconds_bucket", le="+Inf") == 7
    assert value("delegate_bot_answer_latency_seconds_bucket", le="10.0") == 7
    assert value("delegate_bot_telegram_api_calls_total", method="getMe", status="200") >= 1
    assert value("delegate_bot_telegram_api_calls_total", method="sendMessage", status="200") >= 7
    assert value("delegate_bot_telegram_api_calls_total", method="sendMessage", status="403") == 1
    assert value("delegate_bot_telegram_api_calls_total", method="sendMessage", status="429") == 1
    assert (
        value("delegate_bot_notices", state="done")
        + value("delegate_bot_notices", state="sending")
        == 1
    )
    assert value("delegate_bot_deliveries", state="blocked") == 1
    assert value("delegate_bot_deliveries", state="sent") == 3
    assert value("delegate_bot_delivery_queue_depth") == 0
    assert value("delegate_bot_notice_messages_sent_total", paid="false") == 3
    assert value("delegate_bot_notice_messages_sent_total", paid="true") == 0
    assert value("delegate_bot_knowledge_base_version") == 0  # the bundled file
    assert value("delegate_bot_knowledge_base_records") > 200
    now = dt.datetime.now(dt.UTC).timestamp()
    assert now - 600 < value("process_start_time_seconds") <= now
    assert now - 600 < value("delegate_bot_start_time_seconds") <= now
    assert value("delegate_bot_http_requests_total", route="/api/v1/notices", status="201") == 1
    assert server.errors == []


async def test_healthz_and_readyz(server: FakeBotApi, run_bot: Runner, tmp_path: Path) -> None:
    async with run_bot() as (app, client):
        status, body, _ = await client.call("GET", "/healthz", token=None)
        assert (status, body) == (200, {"status": "alive"})
        settings = app.bot_data.settings
        assert settings is not None
        await server.wait_for(settings.health_file.exists, TIMEOUT)  # the first heartbeat
        status, body, _ = await client.call("GET", "/readyz", token=None)
        assert status == 200 and body["ready"] is True
        assert any(line.startswith("Bot API: ok") for line in body["checks"])
        assert any(line.startswith("knowledge base: ok") for line in body["checks"])

        stale = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
        write_heartbeat(settings.health_file, Heartbeat(stale, "0" * 64, 286, 1))
        status, body, _ = await client.call("GET", "/readyz", token=None)
        assert status == 503 and body["ready"] is False
        assert any(line.startswith("Bot API: last success 600 s ago") for line in body["checks"])


async def test_readyz_and_the_api_on_postgresql(
    server: FakeBotApi, run_bot: Runner, pg_url: str
) -> None:
    """With the database on PostgreSQL, /readyz checks that database (not a SQLite file), and
    an API notice is stored and delivered there."""
    async with run_bot(db_url=pg_url) as (app, client):
        settings = app.bot_data.settings
        assert settings is not None
        await server.wait_for(settings.health_file.exists, TIMEOUT)
        status, body, _ = await client.call("GET", "/readyz", token=None)
        assert status == 200 and body["ready"] is True, body
        assert body["checks"][0].startswith("database: ok (postgresql://")
        chats = await subscribers(server, app, range(1200, 1203))
        status, created, _ = await client.call(
            "POST",
            "/api/v1/notices",
            body={"text": "Room XVII"},
            headers={"Idempotency-Key": "pg-1"},
        )
        assert status == 201 and created["recipients"] == 3
        report = await until_done(client, created["id"])
        assert report["figures"]["sent"] == 3
        assert [len(server.sent(chat)) for chat in chats] == [1, 1, 1]
    async with await Storage.open(pg_url) as store:
        key = await store.api_notice_key("mailer", "pg-1")
        assert key is not None and key.notice_id == created["id"]
    assert server.errors == []


async def test_the_server_is_off_without_a_port(server: FakeBotApi, run_bot: Runner) -> None:
    port = free_port()
    async with run_bot(http_port=None) as (app, _client):
        assert "http" not in app.bot_data.extras
        with pytest.raises(OSError):
            await asyncio.open_connection("127.0.0.1", port)


async def test_a_port_in_use_stops_the_start_with_one_line(
    server: FakeBotApi, tmp_path: Path, live: LiveKnowledge
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        settings = bot_settings(server, tmp_path / "bot.sqlite3", http_port=port)
        app = build_application(settings, knowledge=live)
        with pytest.raises(ConfigError) as caught:
            async with running(app):
                pass
    assert str(caught.value).startswith(
        f"DELEGATE_BOT_HTTP_PORT: cannot listen on 127.0.0.1:{port}"
    )
    assert app.bot_data.store is None  # what had been opened was closed again


# == The notices API: authentication, limits, bad requests =======================================


async def test_requests_without_a_valid_token_are_refused(run_bot: Runner) -> None:
    async with run_bot() as (app, client):
        for token, headers in (
            (None, {}),
            ("x" * 40, {}),
            (MAILER.token[:-1], {}),
            (None, {"Authorization": f"Basic {MAILER.token}"}),
            (None, {"Authorization": "Bearer"}),
        ):
            status, body, answer_headers = await client.call(
                "POST", "/api/v1/notices", token=token, body={"text": "x"}, headers=headers
            )
            assert status == 401, (token, headers)
            assert body == {"error": "a valid bearer token is required"}
            assert answer_headers["WWW-Authenticate"].startswith("Bearer")
        for method in ("GET", "DELETE"):
            status, _, _ = await client.call(method, "/api/v1/notices/1", token=None)
            assert status == 401
        assert await store_of(app).recent_notices() == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{not json", "the body is not valid JSON"),
        (b"[1, 2]", "the body must be a JSON object"),
        (b"{}", "'text' is required"),
        (b'{"text": 5}', "'text' must be a string"),
        (b'{"text": "x", "topic": 3}', "'topic' must be a string"),
        (b'{"text": "x", "audience": "all"}', "unknown field 'audience'"),
        (b"\xff\xfe", "the body is not valid JSON"),
    ],
)
async def test_bad_json_is_refused_with_a_message(
    run_bot: Runner, raw: bytes, message: str
) -> None:
    async with run_bot() as (app, client):
        status, body, _ = await client.call("POST", "/api/v1/notices", raw=raw)
        assert (status, body["error"]) == (400, message)
        assert await store_of(app).recent_notices() == []


@pytest.mark.parametrize(
    ("fields", "problem", "words"),
    [
        ({"text": "<b>Room XVII</i>"}, "mismatch", "Broken HTML"),
        ({"text": "See <font>here</font>"}, "tag", "does not support the tag <font>"),
        ({"text": "   "}, "empty", "has no text"),
        ({"text": "x" * 4097}, "too_long", "4097"),
        ({"text": "x", "topic": "M99"}, "topic", "M99"),
        ({"text": "x", "at": "2020-06-11T14:30"}, "past", "past"),
        ({"text": "x", "at": "next tuesday-ish"}, "format", "next tuesday-ish"),
        ({"text": "x", "at": "30m before M2"}, "no_start", "start time"),
        ({"text": "x", "link": "javascript:alert(1)"}, "link", "javascript"),
    ],
)
async def test_a_bad_notice_gets_the_same_check_as_the_notice_command(
    run_bot: Runner,
    fields: dict[str, str],
    problem: str,
    words: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with run_bot() as (app, client):
        with caplog.at_level(logging.INFO, logger="bot.http_api"):
            status, body, _ = await client.call("POST", "/api/v1/notices", body=fields)
        assert status == 400
        assert body["problem"] == problem
        assert words in body["error"]
        assert await store_of(app).recent_notices() == []  # nothing stored, not even a draft
    assert f"POST /api/v1/notices refused, 400: {body['error']}" in caplog.text


async def test_a_body_over_the_limit_is_refused(run_bot: Runner) -> None:
    async with run_bot() as (app, client):
        big = json.dumps({"text": "x" * MAX_BODY_BYTES}).encode()
        status, body, _ = await client.call("POST", "/api/v1/notices", raw=big)
        assert status == 413 and "larger than" in body["error"]

        async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: read and counted
            for _ in range(MAX_BODY_BYTES // 1024 + 2):
                yield b" " * 1024

        async with client.session.post(
            client.base + "/api/v1/notices",
            data=chunks(),
            headers={"Authorization": f"Bearer {MAILER.token}"},
        ) as response:
            assert response.status == 413
        assert await store_of(app).recent_notices() == []


async def test_a_client_sending_too_fast_gets_429_and_others_do_not(run_bot: Runner) -> None:
    async with run_bot() as (_app, client):
        answers = await asyncio.gather(
            *(client.call("GET", "/api/v1/notices/1") for _ in range(BURST + 10))
        )
        statuses = [status for status, _, _ in answers]
        assert statuses.count(404) >= BURST  # within the burst: answered (no such notice)
        limited = [(body, headers) for status, body, headers in answers if status == 429]
        assert limited, statuses
        assert int(limited[0][1]["Retry-After"]) >= 1
        assert limited[0][0]["error"] == "too many requests; slow down"
        status, _, _ = await client.call("GET", "/api/v1/notices/1", token=MEETINGS_DB.token)
        assert status == 404  # another client has its own allowance


# == The notices API: creating, retrying, reporting, cancelling ==================================


async def test_a_notice_posted_goes_out_once_and_is_reported(
    server: FakeBotApi, run_bot: Runner
) -> None:
    async with run_bot() as (app, client):
        chats = await subscribers(server, app, range(800, 805))
        server.block_chat(804)
        status, created, _ = await client.call(
            "POST",
            "/api/v1/notices",
            body={"text": "<b>Meeting 2</b> moves to room XVII", "topic": "m2"},
        )
        assert status == 201
        assert created == {"id": 1, "state": "sending", "recipients": 5, "send_at": None}
        await server.wait_for(lambda: all(server.sent(c) for c in chats[:4]), TIMEOUT)

        body = await until_done(client, 1)
        assert body["topics"] == ["M2"]
        assert body["figures"]["sent"] == 4 and body["figures"]["blocked"] == 1
        assert body["recipients"] == 5
        assert [p["chat_id"] for p in body["problems"]] == [804]
        delivered = server.sent(800)[0]
        assert delivered.text == "Meeting 2 moves to room XVII"
        assert delivered.entities[0]["type"] == "bold"
        assert delivered.paid_broadcast is False
        audit = await store_of(app).recent_audit()
        assert [(e.actor_name, e.action) for e in audit[:2]] == [
            ("mailer", "notice.send"),
            ("mailer", "notice.draft"),
        ]
    assert server.errors == []


async def test_an_api_notice_reaches_the_audience_a_notice_command_would(
    server: FakeBotApi, run_bot: Runner
) -> None:
    """The API goes through the composition of ``/notice``: a named list, and a topic whose
    audience includes the subscribers of the agenda items taken up at the meeting."""
    async with run_bot() as (app, client):
        store = store_of(app)
        for chat, topic in ((1101, "A23.3"), (1102, "M2"), (1103, "M3"), (1104, "all")):
            server.add_user(chat, f"Delegate {chat}", language_code="en", started=True)
            await store.remember_user(chat, chat, None, f"Delegate {chat}", "en")
            await store.subscribe(chat, topic)
        assert await store.create_list("bureau", created_by=None)
        await store.add_list_members("bureau", [1103, 4242], added_by=None)  # 4242: never wrote

        status, to_m2, _ = await client.call(
            "POST", "/api/v1/notices", body={"text": "Meeting 2 moves", "topic": "M2"}
        )
        assert status == 201 and to_m2["recipients"] == 3  # 1101 through item 3, 1102, 1104
        status, to_list, _ = await client.call(
            "POST", "/api/v1/notices", body={"text": "The bureau meets", "list": "bureau"}
        )
        assert status == 201 and to_list["recipients"] == 1  # 4242 cannot be reached
        status, body, _ = await client.call(
            "POST", "/api/v1/notices", body={"text": "x", "list": "focal"}
        )
        assert (status, body["problem"]) == (400, "list")
        assert "focal" in body["error"]

        await until_done(client, to_m2["id"])
        report = await until_done(client, to_list["id"])
        assert report["topics"] == ["list:bureau"] and report["figures"]["sent"] == 1
        texts = {chat: [m.text for m in server.sent(chat)] for chat in range(1101, 1105)}
        assert texts == {
            1101: ["Meeting 2 moves"],
            1102: ["Meeting 2 moves"],
            1103: ["The bureau meets"],
            1104: ["Meeting 2 moves"],
        }
        drafted = [e for e in await store.recent_audit() if e.action == "notice.draft"]
        assert [(e.actor, e.actor_name, e.detail) for e in drafted] == [
            (None, "mailer", f"#{to_list['id']} to the list “bureau”"),
            (None, "mailer", f"#{to_m2['id']} to subscribers of meeting 2"),
        ]
    assert server.errors == []


async def test_one_idempotency_key_creates_one_notice_delivered_once(
    server: FakeBotApi, run_bot: Runner
) -> None:
    async with run_bot() as (app, client):
        chats = await subscribers(server, app, range(900, 910))
        notice = {"text": "Room XVII at 15:00"}
        key = {"Idempotency-Key": "meetings-db/notice/4711"}
        status, first, _ = await client.call("POST", "/api/v1/notices", body=notice, headers=key)
        assert status == 201
        status, again, _ = await client.call("POST", "/api/v1/notices", body=notice, headers=key)
        assert status == 200
        assert again["id"] == first["id"] and again["recipients"] == 10

        # the same key sent several times at once: one is created, the others get it back
        other = {"Idempotency-Key": "meetings-db/notice/4712"}
        answers = await asyncio.gather(
            *(
                client.call("POST", "/api/v1/notices", body={"text": "Second"}, headers=other)
                for _ in range(6)
            )
        )
        statuses = sorted(status for status, _, _ in answers)
        assert statuses == [200, 200, 200, 200, 200, 201]
        assert len({body["id"] for _, body, _ in answers}) == 1

        # the same key with another body is a mistake, not a retry
        status, body, _ = await client.call(
            "POST", "/api/v1/notices", body={"text": "Changed"}, headers=key
        )
        assert status == 422 and "different request" in body["error"]
        # keys belong to their client: the same key from another system is another notice
        status, theirs, _ = await client.call(
            "POST", "/api/v1/notices", body=notice, headers=key, token=MEETINGS_DB.token
        )
        assert status == 201 and theirs["id"] not in (first["id"], answers[0][1]["id"])

        await server.wait_for(lambda: all(len(server.sent(c)) == 3 for c in chats), TIMEOUT)
        await asyncio.sleep(1.5)  # a duplicate, were there one, would arrive by now
        assert len(await store_of(app).recent_notices()) == 3
        for chat in chats:
            texts = [m.text for m in server.sent(chat)]
            assert sorted(texts) == ["Room XVII at 15:00", "Room XVII at 15:00", "Second"]
        assert len(server.calls("sendMessage")) == 30
    assert server.errors == []


async def test_a_bad_idempotency_key_is_refused(run_bot: Runner) -> None:
    async with run_bot() as (app, client):
        for bad in ("", "x" * 256, "caf\u00e9"):
            status, body, _ = await client.call(
                "POST",
                "/api/v1/notices",
                body={"text": "x"},
                headers={"Idempotency-Key": bad.encode("utf-8").decode("latin-1")},
            )
            assert status == 400 and "Idempotency-Key" in body["error"]
        assert await store_of(app).recent_notices() == []


async def test_a_scheduled_notice_cancelled_with_delete_never_goes_out(
    server: FakeBotApi, run_bot: Runner, kb: KnowledgeBase
) -> None:
    start = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=4)).astimezone(GENEVA)
    timed = LiveKnowledge.of(
        with_meetings(kb, M2=(start.date().isoformat(), start.time().isoformat("seconds")))
    )
    async with run_bot(knowledge=timed) as (app, client):
        chats = await subscribers(server, app, range(950, 953))
        status, kept, _ = await client.call(
            "POST", "/api/v1/notices", body={"text": "Kept", "at": "2s before M2"}
        )
        assert status == 201 and kept["state"] == "scheduled" and kept["recipients"] == 3
        status, dropped, _ = await client.call(
            "POST", "/api/v1/notices", body={"text": "Cancelled", "at": "2s before M2"}
        )
        assert status == 201 and dropped["send_at"] == kept["send_at"]
        status, body, _ = await client.call("DELETE", f"/api/v1/notices/{dropped['id']}")
        assert (status, body) == (200, {"id": dropped["id"], "state": "cancelled"})

        await server.wait_for(lambda: all(server.sent(c) for c in chats), TIMEOUT)
        await asyncio.sleep(1.5)  # past its time, with the worker polling every second
        for chat in chats:
            assert [m.text for m in server.sent(chat)] == ["Kept"]
        _, report, _ = await client.call("GET", f"/api/v1/notices/{dropped['id']}")
        assert report["state"] == "cancelled" and report["recipients"] == 0
        assert report["note"] == "cancelled-by:mailer"

        status, body, _ = await client.call("DELETE", f"/api/v1/notices/{kept['id']}")
        assert status == 409 and "only a scheduled one" in body["error"]
        for path in ("/api/v1/notices/999", "/api/v1/notices/abc"):
            status, _, _ = await client.call("DELETE", path)
            assert status == 404
            status, _, _ = await client.call("GET", path)
            assert status == 404
        audit = [(e.actor_name, e.action) for e in await store_of(app).recent_audit()]
        assert ("mailer", "notice.cancel") in audit
    assert server.errors == []


async def test_the_openapi_description_matches_what_the_api_accepts(run_bot: Runner) -> None:
    async with run_bot() as (_app, client):
        status, spec, _ = await client.call("GET", "/api/v1/openapi.json", token=None)
    assert status == 200 and spec["openapi"].startswith("3.1")
    post = spec["paths"]["/api/v1/notices"]["post"]
    schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["text"]
    assert set(schema["properties"]) == {"text", "topic", "list", "at", "link"}
    assert {"201", "200", "400", "401", "413", "422", "429"} <= set(post["responses"])
    item = spec["paths"]["/api/v1/notices/{id}"]
    assert set(item) == {"parameters", "get", "delete"}
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


async def test_an_unexpected_failure_is_a_short_json_500(run_bot: Runner) -> None:
    async with run_bot() as (app, client):
        await store_of(app).close()  # the database goes away under the API
        status, body, _ = await client.call("POST", "/api/v1/notices", body={"text": "x"})
        assert status == 500
        assert body == {"error": "internal error; see the bot's log"}
