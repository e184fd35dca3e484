"""``python -m tests.support.fake_bot_api``: the fake Bot API alone (manual use, benchmarks)."""

from __future__ import annotations

import argparse
import asyncio
import signal

from tests.support.fake_bot_api.server import FakeBotApi
from tests.support.fake_bot_api.values import DEFAULT_TOKEN


async def _serve(port: int, token: str, latency: float, rate_limits: bool) -> None:
    server = FakeBotApi(token, port=port, latency=latency, record_requests=False)
    if rate_limits:
        server.enforce_rate_limits()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with server:
        print(f"base_url={server.base_url}", flush=True)
        print(f"base_file_url={server.base_file_url}", flush=True)
        print(f"token={server.token}", flush=True)
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.fake_bot_api",
        description="Serve a strict fake Telegram Bot API on 127.0.0.1.",
    )
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each call")
    parser.add_argument(
        "--rate-limits", action="store_true", help="answer 429 beyond Telegram's flood limits"
    )
    args = parser.parse_args(argv)
    asyncio.run(_serve(args.port, args.token, args.latency, args.rate_limits))


if __name__ == "__main__":
    main()
