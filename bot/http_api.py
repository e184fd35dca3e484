"""The notices API: the secretariat's own systems send notices without a person at Telegram.

    POST   /api/v1/notices          create a notice: sent now, or scheduled with "at"
    GET    /api/v1/notices/{id}     its delivery report
    DELETE /api/v1/notices/{id}     cancel it while it is a draft or scheduled
    GET    /api/v1/openapi.json     this API described in OpenAPI 3.1

Every request carries ``Authorization: Bearer TOKEN``, a token of ``DELEGATE_BOT_API_TOKENS``
(compared in constant time); the token's name is the author in the audit log. A notice made
here goes through exactly the code of ``/notice`` (:func:`bot.notices.create_draft`: Telegram
HTML checked, length, audience, time such as ``2020-06-11T14:30`` or ``30m before M2``), then
is confirmed at once (:func:`~bot.notices.send_notice_now` or
:func:`~bot.notices.schedule_notice`): the API call is the confirmation, as on the command line.

Retries: with an ``Idempotency-Key`` header, the first request creates the notice and binds the
key to it (per client, in the same database transaction); any later request with that key gets
that same notice back (200) and creates nothing — also when two arrive at once, since the
transaction serialises them. A key reused for a different body is refused (422).

Answers are JSON: 201 ``{"id", "state", "recipients", "send_at"}``; 400 ``{"error",
"problem"}`` for bad JSON or a bad field; 401 without a valid token; 404; 409 when the notice
can no longer be cancelled; 413 over :data:`MAX_BODY_BYTES`; 422 for a reused key; 429 with
``Retry-After`` when a client sends faster than :data:`RATE_PER_SECOND` (bursts of
:data:`BURST`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import logging
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from aiohttp import web

from bot.config import ApiClient, Settings
from bot.live import LiveKnowledge
from bot.notices import (
    NoticeError,
    NoticeOptions,
    NoticeReport,
    NoticeStateError,
    cancel_notice,
    create_draft,
    describe,
    load_draft,
    notice_report,
    schedule_notice,
    send_notice_now,
)
from bot.ratelimit import TokenBuckets
from bot.storage import Notice, Storage

__all__ = ["BURST", "MAX_BODY_BYTES", "RATE_PER_SECOND", "NoticesApi", "openapi_document"]

log = logging.getLogger(__name__)

#: The largest request body accepted (a notice is at most 4,096 visible characters).
MAX_BODY_BYTES: Final = 64 * 1024
#: Requests a second per client, and how many may come at once.
RATE_PER_SECOND: Final = 5.0
BURST: Final = 20
#: Problems listed in a report.
REPORT_PROBLEMS: Final = 100
_KEY = re.compile(r"[\x21-\x7e]{1,255}")
_BEARER = re.compile(r"Bearer +(\S+)", re.IGNORECASE)
#: Fields of a notice besides its text: those of ``/notice`` (``NoticeOptions``), by their JSON
#: name (``list``, as in ``/notice list=bureau``, for ``NoticeOptions.lists``).
_OPTION_FIELDS: Final = {
    ("list" if f.name == "lists" else f.name): f.name for f in dataclasses.fields(NoticeOptions)
}
_FIELD_DOCS: Final = {
    "text": "The notice, Telegram HTML (<b>, <i>, <a href>, …) or plain text; at most 4,096"
    " visible characters.",
    "topic": "Who gets it: subscribers of this topic (a meeting such as M2, an agenda item"
    " such as A23.3, bureau) and of all; default: every subscriber.",
    "list": "A named list of people (/list), or several separated by commas; without a"
    " topic, only the list's members get it.",
    "at": 'When it goes out: "2020-06-11T14:30" (meeting timezone), with an offset or zone'
    ' name, "in 2h", or relative to a meeting: "30m before M2". Default: now.',
    "link": "A link button under the notice (http, https or tg URL).",
}


class _Refusal(Exception):
    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"error": message, **extra}


@dataclass(frozen=True, slots=True)
class _Request:
    text: str
    options: NoticeOptions
    sha256: str


class NoticesApi:
    """The routes of the notices API, on the bot's open resources (handed in by the
    composition root; ``wake_sender`` tells the delivery worker that something was queued)."""

    def __init__(
        self,
        settings: Settings,
        store: Storage,
        knowledge: LiveKnowledge,
        *,
        wake_sender: Callable[[], None] = lambda: None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        rate: float = RATE_PER_SECOND,
        burst: int = BURST,
    ) -> None:
        self._settings = settings
        self._store = store
        self._knowledge = knowledge
        self._wake_sender = wake_sender
        self._clock = clock
        self._clients = settings.api_clients
        self._buckets = TokenBuckets(rate, burst)

    def add_routes(self, app: web.Application) -> None:
        app.router.add_post("/api/v1/notices", self.create)
        app.router.add_get("/api/v1/notices/{id}", self.report)
        app.router.add_delete("/api/v1/notices/{id}", self.cancel)
        app.router.add_get("/api/v1/openapi.json", self.openapi)

    # == Routes ==================================================================================

    async def create(self, request: web.Request) -> web.Response:
        try:
            client = self._admit(request)
            key = self._idempotency_key(request)
            wanted = await self._read(request)
            async with self._store.transaction():  # a retry waits here, then finds its key
                if key is not None:
                    bound = await self._store.api_notice_key(client.name, key)
                    if bound is not None:
                        if not hmac.compare_digest(bound.request_sha256, wanted.sha256):
                            raise _Refusal(
                                422, "this Idempotency-Key was used for a different request"
                            )
                        return _json(200, await self._summary(bound.notice_id))
                notice_id, queued = await self._make(client, wanted)
                if key is not None:
                    await self._store.remember_api_notice_key(
                        client.name, key, wanted.sha256, notice_id
                    )
            if queued:
                self._wake_sender()
            log.info("API: %s created notice #%s", client.name, notice_id)
            return _json(201, await self._summary(notice_id))
        except _Refusal as refusal:
            return _refused(request, refusal)
        except NoticeError as error:
            return _refused(request, _Refusal(400, describe(error, "en"), problem=error.problem))

    async def report(self, request: web.Request) -> web.Response:
        try:
            self._admit(request)
            notice_id = _notice_id(request)
            report = await notice_report(
                self._store, notice_id, rate=self._settings.send_rate, limit=REPORT_PROBLEMS
            )
            if report is None:
                raise _Refusal(404, f"there is no notice {notice_id}")
            return _json(200, _report_json(report))
        except _Refusal as refusal:
            return _refused(request, refusal)

    async def cancel(self, request: web.Request) -> web.Response:
        try:
            client = self._admit(request)
            notice_id = _notice_id(request)
            if await self._store.notice(notice_id) is None:
                raise _Refusal(404, f"there is no notice {notice_id}")
            try:
                notice = await cancel_notice(self._store, notice_id, client.name)
            except NoticeStateError:
                current = await self._store.notice(notice_id)
                state = current.state if current else "gone"
                raise _Refusal(
                    409, f"notice {notice_id} is {state}: only a scheduled one can be cancelled"
                ) from None
            log.info("API: %s cancelled notice #%s", client.name, notice_id)
            return _json(200, {"id": notice.id, "state": notice.state})
        except _Refusal as refusal:
            return _refused(request, refusal)

    async def openapi(self, request: web.Request) -> web.Response:
        return _json(200, openapi_document())

    # == Steps ===================================================================================

    def _admit(self, request: web.Request) -> ApiClient:
        """The client whose token the request carries (401 otherwise), within its rate (429)."""
        match = _BEARER.fullmatch(request.headers.get("Authorization", "").strip())
        client = _client_of(self._clients, match.group(1) if match else "")
        if client is None:
            log.warning("API: refused a request without a valid token from %s", request.remote)
            raise _Refusal(401, "a valid bearer token is required")
        wait = self._buckets.take(client.name)
        if wait > 0:
            raise _Refusal(429, "too many requests; slow down", retry_after=math.ceil(wait))
        return client

    @staticmethod
    def _idempotency_key(request: web.Request) -> str | None:
        key = request.headers.get("Idempotency-Key")
        if key is None:
            return None
        if not _KEY.fullmatch(key):
            raise _Refusal(400, "Idempotency-Key must be 1 to 255 visible ASCII characters")
        return key

    async def _read(self, request: web.Request) -> _Request:
        if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
            raise _Refusal(413, f"the body is larger than {MAX_BODY_BYTES} bytes")
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            raise _Refusal(413, f"the body is larger than {MAX_BODY_BYTES} bytes") from None
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise _Refusal(400, "the body is not valid JSON") from None
        if not isinstance(body, dict):
            raise _Refusal(400, "the body must be a JSON object")
        unknown = sorted(set(body) - {"text", *_OPTION_FIELDS})
        if unknown:
            raise _Refusal(400, f"unknown field {unknown[0]!r}")
        for name, value in body.items():
            if not isinstance(value, str) and not (value is None and name != "text"):
                raise _Refusal(400, f"{name!r} must be a string")
        text = body.get("text")
        if not isinstance(text, str):
            raise _Refusal(400, "'text' is required")
        options = NoticeOptions(
            **{option: body.get(name) for name, option in _OPTION_FIELDS.items()}
        )
        canonical = json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return _Request(text, options, hashlib.sha256(canonical).hexdigest())

    async def _make(self, client: ApiClient, wanted: _Request) -> tuple[int, bool]:
        """Create and confirm the notice as ``/notice`` does (the same checks, the audience of
        :mod:`bot.audience`); (its id, whether it was queued)."""
        kb = self._knowledge.kb
        draft = await create_draft(
            self._store,
            kb,
            self._settings,
            author=client.name,
            text=wanted.text,
            options=wanted.options,
            now=self._clock(),
        )
        notice_id = draft.notice.id
        if draft.notice.send_at is None:
            await send_notice_now(self._store, notice_id, client.name, kb=kb)
            return notice_id, True
        await schedule_notice(self._store, notice_id, client.name)
        return notice_id, False

    async def _summary(self, notice_id: int) -> dict[str, Any]:
        notice = await self._store.notice(notice_id)
        if notice is None:
            raise _Refusal(404, f"there is no notice {notice_id}")
        if notice.queued_at is not None:
            recipients = (await self._store.delivery_figures([notice_id]))[notice_id].total
        else:
            recipients = (await load_draft(self._store, self._knowledge.kb, notice_id)).recipients
        return {
            "id": notice.id,
            "state": notice.state,
            "recipients": recipients,
            "send_at": _time(notice.send_at),
        }


def _client_of(clients: tuple[ApiClient, ...], token: str) -> ApiClient | None:
    """The client with this token; every token is compared, in constant time each."""
    found = None
    offered = token.encode("utf-8")
    for client in clients:
        if hmac.compare_digest(client.token.encode("utf-8"), offered):
            found = client
    return found


def _notice_id(request: web.Request) -> int:
    raw = request.match_info["id"]
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise _Refusal(404, f"there is no notice {raw[:20]!r}")
    return int(raw)


def _refused(request: web.Request, refusal: _Refusal) -> web.Response:
    """The refusal as JSON, and one log line (never the body: it may hold anything)."""
    if refusal.status != 401:  # logged where the token was checked
        log.info(
            "API: %s %s refused, %d: %s",
            request.method,
            request.path,
            refusal.status,
            refusal.body["error"],
        )
    return _json(refusal.status, refusal.body, _headers(refusal))


def _headers(refusal: _Refusal) -> Mapping[str, str]:
    if refusal.status == 401:
        return {"WWW-Authenticate": 'Bearer realm="delegate-bot"'}
    if refusal.status == 429:
        return {"Retry-After": str(refusal.body.get("retry_after", 1))}
    return {}


def _json(
    status: int, body: Mapping[str, Any], headers: Mapping[str, str] | None = None
) -> web.Response:
    return web.json_response(
        body, status=status, headers=headers, dumps=lambda v: json.dumps(v, ensure_ascii=False)
    )


def _time(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if moment else None


def _report_json(report: NoticeReport) -> dict[str, Any]:
    notice: Notice = report.notice
    figures = report.figures
    return {
        "id": notice.id,
        "kind": notice.kind,
        "state": notice.state,
        "topics": list(notice.topics),
        "texts": dict(notice.texts),
        "link": notice.link,
        "send_at": _time(notice.send_at),
        "created_at": _time(notice.created_at),
        "queued_at": _time(notice.queued_at),
        "finished_at": _time(notice.finished_at),
        "late_seconds": round(notice.late.total_seconds()) if notice.late else None,
        "note": notice.note or None,
        "recipients": figures.total,
        "figures": {
            "sent": figures.sent,
            "pending": figures.unfinished,
            "blocked": figures.blocked,
            "failed": figures.failed,
            "skipped": figures.skipped,
            "possibly_duplicated": figures.doubtful,
            "paid_broadcast": figures.paid,
        },
        "eta_seconds": round(report.eta.total_seconds()) if report.eta is not None else None,
        "problems": [
            {
                "chat_id": p.chat_id,
                "state": p.state,
                "attempts": p.attempts,
                "error": p.error,
                "possibly_duplicated": p.doubt,
            }
            for p in report.problems
        ],
    }


# == OpenAPI =====================================================================================


def openapi_document() -> dict[str, Any]:
    """The API in OpenAPI 3.1; the notice fields are those ``/notice`` accepts."""
    error = {"$ref": "#/components/schemas/Error"}

    def answer(description: str, schema: Mapping[str, Any] = error) -> dict[str, Any]:
        return {"description": description, "content": {"application/json": {"schema": schema}}}

    fields = {
        name: {"type": "string", "description": _FIELD_DOCS.get(name, name)}
        for name in ("text", *_OPTION_FIELDS)
    }
    notice_id = {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    }
    common = {
        "401": answer("No valid bearer token"),
        "429": answer("Too many requests: wait Retry-After seconds"),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "delegate-bot notices API",
            "version": "1",
            "description": "Send meeting notices to the bot's subscribers from other systems."
            " The same checks as /notice in Telegram; the call is the confirmation.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/notices": {
                "post": {
                    "summary": "Create a notice: sent now, or scheduled with 'at'",
                    "parameters": [
                        {
                            "name": "Idempotency-Key",
                            "in": "header",
                            "required": False,
                            "description": "Makes retries safe: the same key (per client) "
                            "returns the same notice and never creates a second one.",
                            "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["text"],
                                    "additionalProperties": False,
                                    "properties": fields,
                                }
                            }
                        },
                    },
                    "responses": {
                        "201": answer("Created", {"$ref": "#/components/schemas/Created"}),
                        "200": answer(
                            "Already created with this Idempotency-Key",
                            {"$ref": "#/components/schemas/Created"},
                        ),
                        "400": answer("Bad JSON or a bad field (the error says which)"),
                        "413": answer(f"The body is larger than {MAX_BODY_BYTES} bytes"),
                        "422": answer("The Idempotency-Key was used for another request"),
                        **common,
                    },
                }
            },
            "/api/v1/notices/{id}": {
                "parameters": [notice_id],
                "get": {
                    "summary": "A notice's delivery report",
                    "responses": {
                        "200": answer("The report", {"$ref": "#/components/schemas/Report"}),
                        "404": answer("No such notice"),
                        **common,
                    },
                },
                "delete": {
                    "summary": "Cancel a scheduled notice (nothing of it goes out)",
                    "responses": {
                        "200": answer("Cancelled", {"$ref": "#/components/schemas/State"}),
                        "404": answer("No such notice"),
                        "409": answer("It is already going out or over"),
                        **common,
                    },
                },
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": _schemas(),
        },
    }


def _schemas() -> dict[str, Any]:
    state = {
        "type": "string",
        "enum": ["draft", "scheduled", "sending", "done", "stopped", "cancelled", "dropped"],
    }
    when = {"type": ["string", "null"], "format": "date-time"}
    count = {"type": "integer", "minimum": 0}
    return {
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {"type": "string"},
                "problem": {"type": "string", "description": "A code for the notice problem"},
            },
        },
        "Created": {
            "type": "object",
            "required": ["id", "state", "recipients", "send_at"],
            "properties": {
                "id": {"type": "integer"},
                "state": state,
                "recipients": {
                    **count,
                    "description": "Chats it goes to (fixed once it is queued; for a scheduled"
                    " notice, the audience now)",
                },
                "send_at": when,
            },
        },
        "State": {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "state": state},
        },
        "Report": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "kind": {"type": "string", "enum": ["notice", "reminder", "change"]},
                "state": state,
                "topics": {"type": "array", "items": {"type": "string"}},
                "texts": {"type": "object", "additionalProperties": {"type": "string"}},
                "link": {"type": ["string", "null"]},
                "send_at": when,
                "created_at": when,
                "queued_at": when,
                "finished_at": when,
                "late_seconds": {"type": ["integer", "null"]},
                "note": {"type": ["string", "null"]},
                "recipients": count,
                "figures": {
                    "type": "object",
                    "properties": {
                        name: count
                        for name in (
                            "sent",
                            "pending",
                            "blocked",
                            "failed",
                            "skipped",
                            "possibly_duplicated",
                            "paid_broadcast",
                        )
                    },
                },
                "eta_seconds": {"type": ["integer", "null"]},
                "problems": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "chat_id": {"type": "integer"},
                            "state": {"type": "string"},
                            "attempts": count,
                            "error": {"type": ["string", "null"]},
                            "possibly_duplicated": {"type": ["string", "null"]},
                        },
                    },
                },
            },
        },
    }
