"""The bot's processes and their health: ``run``, ``worker``, ``console`` and ``health``."""

from __future__ import annotations

import argparse

from bot.cli.common import SubParsers, add_command, settings
from bot.health import HEALTH_MAX_AGE


def cmd_run(args: argparse.Namespace) -> int:
    from bot.app import run_bot

    config = settings()
    config.require_token()
    # --webhook: the deployment chose a webhook, so a missing URL is an error, not polling.
    run_bot(config, webhook=True if args.webhook else None)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from bot.app import run_worker

    config = settings()
    config.require_token()
    run_worker(config)
    return 0


def cmd_console(args: argparse.Namespace) -> int:
    from bot.console import run_console

    return run_console(settings(), lang=args.lang, as_user=args.as_user, log=args.log)


def _console_user(text: str) -> object:
    from bot.console import parse_console_user

    try:
        return parse_console_user(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_health(args: argparse.Namespace) -> int:
    import datetime as dt

    from bot.health import check_health

    config = settings()
    ok, lines = check_health(
        config.db_url or config.db_path,
        config.health_file,
        max_age=dt.timedelta(seconds=args.max_age),
    )
    for line in lines:
        print(line)
    return 0 if ok else 1


def register(sub: SubParsers) -> None:
    """``run``, ``worker`` and ``health``."""
    p = add_command(sub, "run", cmd_run, "start the bot")
    p.add_argument(
        "--webhook",
        action="store_true",
        help="serve a webhook (fails unless DELEGATE_BOT_WEBHOOK_URL is set)",
    )
    add_command(
        sub, "worker", cmd_worker, "deliver notices and run the schedules; take no updates"
    )
    p = add_command(sub, "health", cmd_health, "exit 0 only if the running bot is healthy")
    p.add_argument(
        "--max-age",
        type=int,
        default=int(HEALTH_MAX_AGE.total_seconds()),
        help="seconds since the last Bot API success",
    )


def register_console(sub: SubParsers) -> None:
    p = add_command(
        sub, "console", cmd_console, "try the bot in the terminal (no Telegram token needed)"
    )
    p.add_argument("--lang", default="zh-Hans", choices=["zh-Hans", "zh-Hant", "en"])
    p.add_argument(
        "--as",
        dest="as_user",
        type=_console_user,
        metavar="admin|secretariat|USER_ID",
        help="who types: an administrator, a secretariat member, or that Telegram user with"
        " the roles the configuration and the database give it (default: a delegate)",
    )
    p.add_argument(
        "--log",
        metavar="FILE",
        help="append log lines to FILE ('-': stderr; default: stderr, or a temporary file"
        " when stderr is the transcript's own stream)",
    )
