"""The bot's own HTTP server, for the tools an IT officer already runs.

Set ``DELEGATE_BOT_HTTP_PORT`` to open it::

    GET /metrics                 Prometheus text format (bot.metrics)
    GET /healthz                 200 while the process runs and serves
    GET /readyz                  200 when ready, 503 with the reasons otherwise
    /api/v1/…                    the notices API (bot.http_api), with bearer tokens

One aiohttp server inside the bot's process and event loop, on 127.0.0.1 unless
``DELEGATE_BOT_HTTP_LISTEN`` says otherwise (python-telegram-bot's webhook server, when used,
stays separate). Ready means what ``delegate-bot health`` checks — the database opens, a
knowledge base is loaded, the Bot API answered within :data:`bot.health.HEALTH_MAX_AGE` — and
that this process has its database open.

The composition root builds it with callables for what lives in the Application, so this
module knows nothing of Telegram::

    server = HttpServer(settings, metrics, refresh=…, readiness=…, api=NoticesApi(…))
    await server.start()     # binds; server.port is the port bound
    await server.stop()
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Final

from aiohttp import web

from bot.http_api import MAX_BODY_BYTES, NoticesApi
from bot.metrics import CONTENT_TYPE, Metrics

__all__ = ["HttpServer"]

log = logging.getLogger(__name__)

#: (ready, one line per check).
Readiness = Callable[[], Awaitable[tuple[bool, list[str]]]]
#: Reads the database's figures into the metrics before a scrape.
Refresh = Callable[[], Awaitable[None]]
_SHUTDOWN_SECONDS: Final = 2.0


class HttpServer:
    """``/metrics``, ``/healthz``, ``/readyz`` and (given) the notices API."""

    def __init__(
        self,
        metrics: Metrics,
        *,
        host: str,
        port: int,
        refresh: Refresh,
        readiness: Readiness,
        api: NoticesApi | None = None,
    ) -> None:
        self._metrics = metrics
        self._host = host
        self._port = port
        self._refresh = refresh
        self._readiness = readiness
        self._api = api
        self._runner: web.AppRunner | None = None
        self._bound: int | None = None

    @property
    def port(self) -> int:
        if self._bound is None:
            raise RuntimeError("the HTTP server is not started")
        return self._bound

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[self._count])
        app.router.add_get("/metrics", self._metrics_page)
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        if self._api is not None:
            self._api.add_routes(app)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=_SHUTDOWN_SECONDS)
        await runner.setup()
        site = web.TCPSite(runner, self._host, self._port, reuse_address=True)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner
        addresses = runner.addresses  # the real port when 0 was asked for
        self._bound = int(addresses[0][1]) if addresses else self._port
        log.info("HTTP server on %s:%d (metrics, health, notices API)", self._host, self._bound)

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    # == Routes ==================================================================================

    @web.middleware
    async def _count(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        """Count each request by route and status (routes, not paths: bounded labels); an
        unexpected error is logged and answered with a short JSON 500."""
        resource = request.match_info.route.resource
        route = resource.canonical if resource is not None else "unmatched"
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            self._metrics.http_request(route, exc.status)
            raise
        except Exception:
            log.exception("HTTP %s %s failed", request.method, route)
            response = web.json_response(
                {"error": "internal error; see the bot's log"}, status=500
            )
        self._metrics.http_request(route, response.status)
        return response

    async def _metrics_page(self, request: web.Request) -> web.Response:
        started = time.perf_counter()
        await self._refresh()
        body = self._metrics.render()
        log.debug("metrics rendered in %.1f ms", (time.perf_counter() - started) * 1000)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def _readyz(self, request: web.Request) -> web.Response:
        ready, checks = await self._readiness()
        return web.json_response({"ready": ready, "checks": checks}, status=200 if ready else 503)
