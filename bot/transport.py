"""How the bot talks HTTP to the Bot API: python-telegram-bot's ``BaseRequest`` seam.

:class:`AiohttpRequest` sends requests with aiohttp. python-telegram-bot's default,
``HTTPXRequest``, spends several times more CPU per request than the request itself needs as
soon as many run at once (httpcore's pool scans every connection for every request), which
caps a busy bot at a few hundred answers a second; aiohttp keeps a plain keep-alive pool.

When aiohttp is not installed, :func:`make_request` falls back to :class:`BoundedHTTPXRequest`:
``HTTPXRequest`` behind a semaphore, so httpx never holds more than a few connections.

Errors map as ``HTTPXRequest`` maps them: a timeout is ``TimedOut``, any other transport
failure ``NetworkError``; HTTP statuses (400, 403, 429 …) are returned to python-telegram-bot,
which raises its usual exceptions.

Every call is reported to ``observe(method, status)`` when one is set (the metrics: Bot API
calls by method and HTTP status, ``timeout`` or ``network`` when no answer came).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from typing import Any, Final

from telegram import Bot
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

try:
    import aiohttp
except ImportError:  # pragma: no cover - aiohttp is a dependency; httpx is the fallback
    aiohttp = None  # type: ignore[assignment]

#: Bot API calls in flight at once (sends, edits, answers).
DEFAULT_CONCURRENCY: Final = 100
DEFAULT_CONNECT_TIMEOUT: Final = 5.0
DEFAULT_READ_TIMEOUT: Final = 5.0
DEFAULT_WRITE_TIMEOUT: Final = 5.0
MEDIA_WRITE_TIMEOUT: Final = 20.0
POOL_TIMEOUT: Final = 30.0
_JSON: Final = {"Content-Type": "application/json"}

#: Told of each Bot API call: (method, HTTP status or "timeout" / "network").
Observer = Callable[[str, int | str], None]


def _method_of(url: str) -> str:
    return url[url.rfind("/") + 1 :]


def _seconds(value: object, default: float | None) -> float | None:
    """A timeout argument: a number, None (no limit), or python-telegram-bot's "default"."""
    if value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    return default


class AiohttpRequest(BaseRequest):
    """A ``BaseRequest`` on an aiohttp session with a bounded keep-alive pool."""

    def __init__(
        self,
        connection_pool_size: int = DEFAULT_CONCURRENCY,
        read_timeout: float | None = DEFAULT_READ_TIMEOUT,
        connect_timeout: float | None = DEFAULT_CONNECT_TIMEOUT,
        write_timeout: float | None = DEFAULT_WRITE_TIMEOUT,
    ) -> None:
        if aiohttp is None:  # pragma: no cover
            raise RuntimeError("aiohttp is not installed")
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._write_timeout = write_timeout
        self._session: aiohttp.ClientSession | None = None
        self.observe: Observer | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._pool_size, ttl_dns_cache=300, enable_cleanup_closed=True
            )
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("this AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data is not None else {}
        body: Any = None
        if files:
            form = aiohttp.FormData()
            for name, value in (request_data.json_parameters if request_data else {}).items():
                form.add_field(name, value)
            for name, (filename, content, mime_type) in files.items():
                form.add_field(name, content, filename=filename, content_type=mime_type)
            body = form
        elif request_data is not None:
            # A JSON body: Telegram reads native types, and encoding it is far cheaper than
            # percent-encoding every Chinese character of a form.
            body = json.dumps(request_data.parameters, ensure_ascii=False, separators=(",", ":"))
        write_default = MEDIA_WRITE_TIMEOUT if files else self._write_timeout
        read = _seconds(read_timeout, self._read_timeout)
        write = _seconds(write_timeout, write_default)
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=_seconds(pool_timeout, POOL_TIMEOUT),
            sock_connect=_seconds(connect_timeout, self._connect_timeout),
            # aiohttp has no separate write timeout: a slow upload counts against reading
            sock_read=None if read is None or write is None else max(read, write),
        )
        observe = self.observe
        try:
            headers = _JSON if isinstance(body, str) else None
            async with session.request(
                method, url, data=body, headers=headers, timeout=timeout
            ) as response:
                answer = response.status, await response.read()
        except TimeoutError as exc:
            if observe is not None:
                observe(_method_of(url), "timeout")
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            if observe is not None:
                observe(_method_of(url), "network")
            raise NetworkError(f"aiohttp: {exc!r}") from exc
        if observe is not None:
            observe(_method_of(url), answer[0])
        return answer


class BoundedHTTPXRequest(HTTPXRequest):
    """``HTTPXRequest`` that hands at most ``limit`` requests to httpx at a time.

    httpcore's pool does work proportional to (open connections × waiting requests) on every
    request; waiting here, on a plain semaphore, costs nothing and keeps the pool small.
    """

    def __init__(self, limit: int = 16, **kwargs: Any) -> None:
        kwargs.setdefault("pool_timeout", POOL_TIMEOUT)
        super().__init__(connection_pool_size=limit, **kwargs)
        self._gate = asyncio.Semaphore(limit)
        self.observe: Observer | None = None

    async def do_request(self, url: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        async with self._gate:
            try:
                answer = await super().do_request(url, *args, **kwargs)
            except TimedOut:
                if self.observe is not None:
                    self.observe(_method_of(url), "timeout")
                raise
            except NetworkError:
                if self.observe is not None:
                    self.observe(_method_of(url), "network")
                raise
        if self.observe is not None:
            self.observe(_method_of(url), answer[0])
        return answer


class PipelinedUpdatesRequest(AiohttpRequest):
    """Long polling that asks for the next batch as soon as a batch arrives.

    python-telegram-bot's updater parses a batch of updates, queues them, and only then asks
    for the next one; on a busy bot the event loop reaches that next request after the work
    the batch started, so network latency and processing add up instead of overlapping. Here,
    the moment a ``getUpdates`` answer arrives, the same request with the next offset is sent
    in the background; when the updater asks for exactly that, it gets the answer already on
    its way. Any other request (another offset, other parameters, the updater's final
    confirmation) first cancels the speculative one, so at most one ``getUpdates`` is ever in
    flight, as Telegram requires.

    The speculative request confirms the batch just received. The updater itself confirms it
    before processing it too (its next ``getUpdates`` goes out right after queueing the
    updates), so what a crash can lose is the same as without pipelining.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(connection_pool_size=1, **kwargs)
        self._ahead: asyncio.Task[tuple[int, bytes]] | None = None
        self._ahead_key: tuple[str, str] | None = None

    async def shutdown(self) -> None:
        await self._drop_ahead()
        await super().shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        key = (url, _request_key(request_data))
        ahead = self._ahead
        if ahead is not None and self._ahead_key == key:
            self._ahead = self._ahead_key = None
            try:
                status, body = await ahead
            except (NetworkError, TimedOut):
                status, body = 0, b""  # asked too early to matter: ask again below
            if status:
                self._look_ahead(url, method, request_data, body, read_timeout)
                return status, body
        await self._drop_ahead()
        status, body = await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        self._look_ahead(url, method, request_data, body, read_timeout)
        return status, body

    def _look_ahead(
        self,
        url: str,
        method: str,
        request_data: RequestData | None,
        body: bytes,
        read_timeout: Any,
    ) -> None:
        """Send the request the updater will make next: the same one, past this batch."""
        if request_data is None or not url.endswith("/getUpdates"):
            return
        parameters = dict(request_data.parameters)
        if not parameters.get("timeout"):
            return  # a final confirmation (timeout 0) is not followed by more polling
        try:
            updates = json.loads(body).get("result")
        except (ValueError, AttributeError):
            return
        if not isinstance(updates, list) or not updates:
            return
        last = updates[-1].get("update_id") if isinstance(updates[-1], dict) else None
        if not isinstance(last, int):
            return
        parameters["offset"] = last + 1
        following = ApiParameters(parameters)
        self._ahead_key = (url, _request_key(following))
        self._ahead = asyncio.create_task(
            super().do_request(url, method, following, read_timeout),  # type: ignore[arg-type]
            name="getUpdates ahead",
        )

    async def _drop_ahead(self) -> None:
        ahead, self._ahead, self._ahead_key = self._ahead, None, None
        if ahead is not None and not ahead.done():
            ahead.cancel()
        if ahead is not None:
            with contextlib.suppress(asyncio.CancelledError, NetworkError, TimedOut):
                await ahead


class ApiParameters:
    """Plain JSON parameters in the shape of ``RequestData`` (what a ``BaseRequest`` reads)."""

    contains_files = False

    def __init__(self, parameters: dict[str, Any]) -> None:
        self.parameters = parameters
        self.multipart_data: dict[str, Any] = {}

    @property
    def json_parameters(self) -> dict[str, str]:
        return {
            name: value if isinstance(value, str) else json.dumps(value)
            for name, value in self.parameters.items()
        }


Keyboard = list[list[dict[str, str]]]


async def send_html(
    bot: Bot,
    chat_id: int,
    text: str,
    *,
    keyboard: Keyboard | None = None,
    reply_to: int | None = None,
    paid_broadcast: bool = False,
) -> dict[str, Any]:
    """``sendMessage`` in HTML with link previews off; returns the sent message as JSON.

    The hot path of every answer and every notice. ``bot.send_message`` would build
    python-telegram-bot objects for the parameters and parse the whole returned ``Message``,
    which together cost about twice the HTTP request itself; neither is needed. The request
    still goes through the bot's ``BaseRequest.post``, so errors are python-telegram-bot's
    usual exceptions (``BadRequest``, ``Forbidden``, ``RetryAfter`` …). ``paid_broadcast``
    sends with ``allow_paid_broadcast``.
    """
    parameters: dict[str, Any] = {
        "chat_id": chat_id,
        "text": text,
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": True},
    }
    if keyboard:
        parameters["reply_markup"] = {"inline_keyboard": keyboard}
    if reply_to is not None:
        parameters["reply_parameters"] = {
            "message_id": reply_to,
            "allow_sending_without_reply": True,
        }
    if paid_broadcast:
        parameters["allow_paid_broadcast"] = True
    result = await bot.request.post(
        f"{bot.base_url}/sendMessage",
        request_data=ApiParameters(parameters),  # type: ignore[arg-type]
    )
    if not isinstance(result, dict):
        raise NetworkError(f"sendMessage answered {result!r}")
    return result


def _request_key(request_data: RequestData | ApiParameters | None) -> str:
    if request_data is None:
        return ""
    return json.dumps(request_data.parameters, sort_keys=True, default=str)


def make_request(*, for_updates: bool = False, observe: Observer | None = None) -> BaseRequest:
    """The request object for Bot API calls, or (``for_updates``) for long polling; each call
    is reported to ``observe`` when given."""
    request: AiohttpRequest | BoundedHTTPXRequest
    if aiohttp is not None:
        if for_updates:
            request = PipelinedUpdatesRequest(read_timeout=DEFAULT_READ_TIMEOUT)
        else:
            request = AiohttpRequest()
    elif for_updates:
        return HTTPXRequest(connection_pool_size=1)
    else:
        request = BoundedHTTPXRequest()
    request.observe = observe
    return request
