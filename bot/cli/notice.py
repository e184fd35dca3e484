"""``delegate-bot notice``: queue, list, cancel, reschedule and report notices on the database
the bot uses; the running bot delivers them."""

from __future__ import annotations

import argparse
import functools
from typing import Any

from bot.cli.common import SubParsers, add_command, fail, load_kb, settings, with_store
from bot.config import Settings

#: A heartbeat older than this means no bot is running (``delegate-bot health`` uses the same).
RUNNING_BOT_MAX_AGE_SECONDS = 180


def _bot_is_running(config: Settings) -> bool:
    """Whether a bot wrote its heartbeat recently (``bot.health``)."""
    import datetime as dt

    from bot.health import read_heartbeat

    beat = read_heartbeat(config.health_file)
    if beat is None:
        return False
    age = dt.datetime.now(dt.UTC) - beat.api_ok_at
    return age <= dt.timedelta(seconds=RUNNING_BOT_MAX_AGE_SECONDS)


def cmd_notice_send(args: argparse.Namespace) -> int:
    import datetime as dt

    from bot.live import live_knowledge_base
    from bot.notices import NoticeError, describe, queue_from_command_line

    config = settings()

    async def send(store: Any) -> int:
        kb = (await live_knowledge_base(config, store)).kb
        try:
            notice, queued = await queue_from_command_line(
                store,
                kb,
                config,
                args.text,
                at=args.at,
                topic=args.topic,
                lists=args.list,
                link=args.link,
                now=dt.datetime.now(dt.UTC),
            )
        except NoticeError as exc:
            return fail(describe(exc))
        running = _bot_is_running(config)
        if queued is None and notice.send_at is not None:
            local = notice.send_at.astimezone(config.tz).strftime("%Y-%m-%d %H:%M %Z")
            then = (
                "the running bot sends it then"
                if running
                else "no bot is running now (no recent heartbeat): it goes out then if one is"
                " running, or when the bot starts (within the grace period)"
            )
            print(f"notice #{notice.id} scheduled for {local}; {then}")
        else:
            then = (
                "the running bot delivers it within a second or two"
                if running
                else "no bot is running (no recent heartbeat): it will go out when the bot starts"
            )
            print(f"notice #{notice.id} queued for {queued} recipient(s); {then}")
            if not queued:
                print("warning: nobody would receive it (no subscriber, no reachable list member)")
        return 0

    return with_store(send)


def cmd_notice_list(args: argparse.Namespace) -> int:
    from bot.audience import address_label
    from bot.notices import first_line, recent_reports

    config = settings()
    kb = load_kb(None)

    async def listing(store: Any) -> int:
        reports = await recent_reports(store, args.limit)
        if not reports:
            print("no notices")
        for report in reports:
            notice, figures = report.notice, report.figures
            moment = notice.send_at if notice.state == "scheduled" else notice.queued_at
            when = moment.astimezone(config.tz).strftime("%Y-%m-%d %H:%M") if moment else "-"
            print(
                f"#{notice.id}\t{notice.kind}\t{notice.state}\t{when}\t"
                f"to {address_label(kb, 'en', notice.topics)}\t"
                f"sent {figures.sent}/{figures.total}, blocked {figures.blocked},"
                f" failed {figures.failed}, pending {figures.unfinished}"
            )
            print(f"    “{first_line(notice.text_for('en'))}”")
        return 0

    return with_store(listing)


def cmd_notice_cancel(args: argparse.Namespace) -> int:
    from bot.notices import NoticeError, cancel_notice, describe

    async def cancel(store: Any) -> int:
        try:
            await cancel_notice(store, args.id, None)
        except NoticeError as exc:
            return fail(describe(exc))
        print(f"notice #{args.id} cancelled")
        return 0

    return with_store(cancel)


def cmd_notice_reschedule(args: argparse.Namespace) -> int:
    import datetime as dt

    from bot.notices import NoticeError, describe, retime_draft

    config = settings()
    kb = load_kb(None)

    async def reschedule(store: Any) -> int:
        try:
            draft = await retime_draft(
                store, kb, config, args.id, args.time, now=dt.datetime.now(dt.UTC)
            )
        except NoticeError as exc:
            return fail(describe(exc))
        notice = draft.notice
        assert notice.send_at is not None
        local = notice.send_at.astimezone(config.tz).strftime("%Y-%m-%d %H:%M %Z")
        print(f"notice #{notice.id} ({notice.state}) now goes out {local}")
        return 0

    return with_store(reschedule)


def cmd_notice_report(args: argparse.Namespace) -> int:
    from bot.cli.notice_text import format_report_text
    from bot.notices import notice_report

    config = settings()

    async def report(store: Any) -> int:
        found = await notice_report(store, args.id, rate=config.send_rate, limit=args.limit)
        if found is None:
            return fail(f"no notice #{args.id}")
        print(format_report_text(found, config.tz))
        return 0

    return with_store(report)


def register(sub: SubParsers) -> None:
    """``notice`` and its actions."""
    notice = sub.add_parser("notice", help="notices to the subscribers")
    notice_sub = notice.add_subparsers(dest="notice_command", required=True, metavar="ACTION")

    add = functools.partial(add_command, notice_sub)
    p = add("send", cmd_notice_send, "queue a notice for the running bot to deliver")
    p.add_argument("text", help="the text: plain, or Telegram HTML (<b>, <i>, <a href>…)")
    p.add_argument("--at", help="when: 2020-06-11T14:30, '14:30 Europe/Paris', '30m before M2'")
    p.add_argument("--topic", help="audience: all (default), bureau, M2, A23.3 …")
    p.add_argument("--list", help="named list(s) of people, e.g. bureau or bureau,focal")
    p.add_argument("--link", help="a URL shown as a button under the notice")
    p = add("list", cmd_notice_list, "scheduled and recent notices with their figures")
    p.add_argument("--limit", type=int, default=10)
    p = add("cancel", cmd_notice_cancel, "cancel a notice that has not gone out")
    p.add_argument("id", type=int)
    p = add("reschedule", cmd_notice_reschedule, "give a notice not sent yet a new time")
    p.add_argument("id", type=int)
    p.add_argument("time", help="2020-06-11T14:30, '14:30 Europe/Paris', '30m before M2' …")
    p = add("report", cmd_notice_report, "one notice: who was not reached, and why")
    p.add_argument("id", type=int)
    p.add_argument("--limit", type=int, default=100, help="recipients listed at most")
