"""The ``delegate-bot`` command line.

    delegate-bot run [--webhook]           start the bot (polling, or a webhook when configured)
    delegate-bot worker                    deliver notices and run the schedules, take no updates
    delegate-bot console [--as admin|secretariat|USER_ID] [--log FILE]
                                           try the bot in the terminal, no token needed
    delegate-bot ask "QUERY"               one search, with ids, scores and reasons
    delegate-bot eval FILE                 accuracy of the search engine on a query set
    delegate-bot kb extract SRC -o OUT     rebuild the knowledge base from the report text
    delegate-bot kb validate FILE          check a knowledge-base YAML file
    delegate-bot kb show ID                print one record
    delegate-bot kb schema                 print the JSON Schema of the YAML format
    delegate-bot kb upload FILE [--activate]   store (and activate) a new knowledge base
    delegate-bot kb history [--limit N]    the latest versions, and always the live one
    delegate-bot kb rollback N             activate version N (again); --dry-run previews
    delegate-bot kb get [-o FILE]          the live knowledge base's YAML
    delegate-bot health                    exit 0 only if the running bot is healthy
    delegate-bot backup PATH               consistent copy of the database, safe while running
    delegate-bot db copy --from SRC --to DST [--force]
                                           copy a whole deployment (SQLite file or PostgreSQL URL)
    delegate-bot notice send TEXT [--at TIME] [--topic T] [--list NAME] [--link URL]
                                           queue a notice; the running bot delivers it
    delegate-bot notice list               scheduled and recent notices with their figures
    delegate-bot notice report N           one notice: who was not reached, and why
    delegate-bot notice cancel N           cancel a notice that has not gone out
    delegate-bot notice reschedule N TIME  give a notice that has not gone out a new time
    delegate-bot insights [--days N]       questions without a confident answer, counted
    delegate-bot insights add ID QUESTION [--activate]
                                           make the question a way to ask for record ID

``kb show``, ``ask``, ``eval``, ``notice send`` and the console read the live knowledge base
(``bot.live.live_knowledge_base``): the version the running bot serves, not the bundled file,
unless ``--kb FILE`` says otherwise.

Every sub-command returns an exit code; errors a user can cause are printed as one line on
stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import ConfigError, Settings
from bot.health import HEALTH_MAX_AGE
from knowledge.models import KnowledgeBase

if TYPE_CHECKING:
    from bot.kbadmin import Activation, KbAdmin

Command = Callable[[argparse.Namespace], int]
KB_HELP = (
    "knowledge-base YAML file (default: the live one, the latest version activated in the"
    " database, else DELEGATE_BOT_KB or the bundled file)"
)


def _fail(message: str) -> int:
    print(f"delegate-bot: {message}", file=sys.stderr)
    return 2


def describe_os_error(exc: OSError) -> str:
    """``PATH: what is wrong`` in words, for a path that cannot be read or written."""
    if isinstance(exc, IsADirectoryError):
        problem = "is a folder, not a file"
    elif isinstance(exc, NotADirectoryError):
        problem = "part of the path is a file, not a folder"
    elif isinstance(exc, FileNotFoundError):
        problem = "no such file"
    elif isinstance(exc, PermissionError):
        problem = "permission denied"
    else:
        problem = (exc.strerror or str(exc)).lower()
    return f"{exc.filename}: {problem}" if exc.filename else problem


def _settings() -> Settings:
    return Settings.from_env()


def _load_kb(path: str | None) -> KnowledgeBase:
    """The knowledge base named with ``--kb``, else the live one: what the running bot
    serves (see :func:`bot.live.live_knowledge_base`)."""
    if path is None:
        import asyncio

        from bot.live import live_knowledge_base

        return asyncio.run(live_knowledge_base(_settings())).kb
    from knowledge.loader import load_knowledge_base

    return load_knowledge_base(Path(path).read_bytes())


def cmd_run(args: argparse.Namespace) -> int:
    from bot.app import run_bot

    settings = _settings()
    settings.require_token()
    # --webhook: the deployment chose a webhook, so a missing URL is an error, not polling.
    run_bot(settings, webhook=True if args.webhook else None)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from bot.app import run_worker

    settings = _settings()
    settings.require_token()
    run_worker(settings)
    return 0


def cmd_console(args: argparse.Namespace) -> int:
    from bot.console import run_console

    return run_console(_settings(), lang=args.lang, as_user=args.as_user, log=args.log)


def _console_user(text: str) -> object:
    from bot.console import parse_console_user

    try:
        return parse_console_user(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_ask(args: argparse.Namespace) -> int:
    from knowledge.search import format_result, search

    kb = _load_kb(args.kb)
    result = search(kb, " ".join(args.query), limit=args.limit)
    print(format_result(kb, result))
    return 0 if result.best is not None else 1


def cmd_eval(args: argparse.Namespace) -> int:
    from knowledge.evaluate import evaluate, format_report

    kb = _load_kb(args.kb)
    # The text, not the parsed list: "# typo:" comments mark the deliberate misspellings.
    report = evaluate(kb, Path(args.file).read_text(encoding="utf-8"))
    print(format_report(report))
    return 0


def cmd_kb_extract(args: argparse.Namespace) -> int:
    from knowledge.codec import dump_yaml
    from knowledge.extract.report import BUNDLED_HEADER, build_knowledge_base

    source = Path(args.source)
    glossary = Path(args.glossary) if args.glossary else source.parent / "glossary.yaml"
    glossary_text = glossary.read_text(encoding="utf-8") if glossary.exists() else None
    kb = build_knowledge_base(source.read_text(encoding="utf-8"), glossary_text)
    text = dump_yaml(kb, header=BUNDLED_HEADER)
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}: {sum(1 for _ in kb.records())} records", file=sys.stderr)
    return 0


def cmd_kb_validate(args: argparse.Namespace) -> int:
    from knowledge.loader import validate_knowledge_base

    path = Path(args.file)
    problems = validate_knowledge_base(path.read_bytes())
    for problem in problems:
        print(problem.format(str(path)))
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{path}: ok")
    return 0


def cmd_kb_show(args: argparse.Namespace) -> int:
    from knowledge.search import answer_text

    kb = _load_kb(args.kb)
    record = kb.get(args.id)
    if record is None:
        return _fail(f"no record with id {args.id!r}")
    print(f"[{args.id}]")
    print(answer_text(kb, record))
    return 0


def cmd_kb_schema(args: argparse.Namespace) -> int:
    from knowledge.schema import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def _with_kb_admin(action: Callable[[KbAdmin], Awaitable[int]]) -> int:
    """Run ``action`` on the database the bot uses; a running bot picks up what it activates
    within a few seconds."""
    import asyncio

    from bot.kbadmin import KbAdmin, KbAdminError
    from bot.storage import Storage

    settings = _settings()

    async def run() -> int:
        async with await Storage.open(settings.database) as store:
            admin = await KbAdmin.headless(settings, store)
            try:
                return await action(admin)
            except KbAdminError as exc:
                return _fail(str(exc))

    return asyncio.run(run())


def _print_activation(activation: Activation) -> None:
    verb = "rolled back to" if activation.rollback else "activated"
    print(f"{verb} version {activation.version_id}: {activation.diff.summary()}")
    if activation.reminders_synced:
        print(f"reminders rescheduled: {activation.reminder_report}")
    else:
        print("reminders not rescheduled: the notices module is not available")


def _read_upload(path: Path) -> tuple[bytes, int]:
    """The file's bytes (at most the ceiling and one more) and its size; an unreadable path
    raises OSError before anything is stored."""
    from bot.config import MAX_UPLOAD_CEILING

    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        return handle.read(MAX_UPLOAD_CEILING + 1), size


def cmd_kb_upload(args: argparse.Namespace) -> int:
    from bot.kbadmin import UploadRejected, UploadUnchanged
    from bot.kbadmin_text import preview_text

    path = Path(args.file)
    data, size = _read_upload(path)

    async def upload(admin: KbAdmin) -> int:
        too_big = await admin.reject_declared_size(path.name, None, size)
        outcome = too_big or await admin.upload(data, file_name=path.name, uploader=None)
        if isinstance(outcome, UploadRejected):
            for problem in outcome.problems:
                print(problem.format(str(path)))
            print(f"{len(outcome.problems)} problem(s); nothing changed", file=sys.stderr)
            return 1
        if isinstance(outcome, UploadUnchanged):
            live = outcome.live_version
            name = (
                f"the file {admin.settings.knowledge_base_path.name}"
                if live is None
                else (f"version {live}")
            )
            print(f"no change, {name} is live: {path.name} holds exactly its records")
            return 0
        print(preview_text(outcome))
        if not args.activate:
            print(
                f"stored as version {outcome.version_id}, not active; activate it with "
                f"`delegate-bot kb rollback {outcome.version_id}`"
            )
            return 0
        _print_activation(await admin.activate(outcome.version_id, None))
        return 0

    return _with_kb_admin(upload)


def cmd_kb_history(args: argparse.Namespace) -> int:
    from bot.kbadmin_text import history_text

    async def history(admin: KbAdmin) -> int:
        live_file = admin.settings.knowledge_base_path.name
        print(history_text(await admin.history(args.limit), live_file))
        return 0

    return _with_kb_admin(history)


def cmd_kb_rollback(args: argparse.Namespace) -> int:
    from bot.kbadmin_text import preview_text

    async def rollback(admin: KbAdmin) -> int:
        preview = await admin.preview(args.version)
        print(preview_text(preview))
        if args.dry_run:
            return 0
        _print_activation(
            await admin.activate(args.version, None, expected_base=preview.base_version)
        )
        return 0

    return _with_kb_admin(rollback)


def cmd_kb_get(args: argparse.Namespace) -> int:
    import asyncio

    async def get(admin: KbAdmin) -> int:
        name, text = await admin.live_yaml()
        if args.output in (None, "-"):
            sys.stdout.write(text)
        else:
            await asyncio.to_thread(Path(args.output).write_text, text, encoding="utf-8")
            print(f"wrote {args.output} ({name})", file=sys.stderr)
        return 0

    return _with_kb_admin(get)


def _with_store(action: Callable[[Any], Awaitable[int]]) -> int:
    """Run ``action`` on the bot's database (safe while the bot runs: SQLite in WAL mode)."""
    import asyncio

    from bot.storage import Storage

    settings = _settings()

    async def run() -> int:
        async with await Storage.open(settings.database) as store:
            return await action(store)

    return asyncio.run(run())


#: A heartbeat older than this means no bot is running (``delegate-bot health`` uses the same).
RUNNING_BOT_MAX_AGE_SECONDS = 180


def _bot_is_running(settings: Settings) -> bool:
    """Whether a bot wrote its heartbeat recently (``bot.health``)."""
    import datetime as dt

    from bot.health import read_heartbeat

    beat = read_heartbeat(settings.health_file)
    if beat is None:
        return False
    age = dt.datetime.now(dt.UTC) - beat.api_ok_at
    return age <= dt.timedelta(seconds=RUNNING_BOT_MAX_AGE_SECONDS)


def cmd_notice_send(args: argparse.Namespace) -> int:
    import datetime as dt

    from bot.live import live_knowledge_base
    from bot.notices import NoticeError, describe, queue_from_command_line

    settings = _settings()

    async def send(store: Any) -> int:
        kb = (await live_knowledge_base(settings, store)).kb
        try:
            notice, queued = await queue_from_command_line(
                store,
                kb,
                settings,
                args.text,
                at=args.at,
                topic=args.topic,
                lists=args.list,
                link=args.link,
                now=dt.datetime.now(dt.UTC),
            )
        except NoticeError as exc:
            return _fail(describe(exc))
        running = _bot_is_running(settings)
        if queued is None and notice.send_at is not None:
            local = notice.send_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M %Z")
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

    return _with_store(send)


def cmd_notice_list(args: argparse.Namespace) -> int:
    from bot.audience import address_label
    from bot.notices import first_line, recent_reports

    settings = _settings()
    kb = _load_kb(None)

    async def listing(store: Any) -> int:
        reports = await recent_reports(store, args.limit)
        if not reports:
            print("no notices")
        for report in reports:
            notice, figures = report.notice, report.figures
            moment = notice.send_at if notice.state == "scheduled" else notice.queued_at
            when = moment.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M") if moment else "-"
            print(
                f"#{notice.id}\t{notice.kind}\t{notice.state}\t{when}\t"
                f"to {address_label(kb, 'en', notice.topics)}\t"
                f"sent {figures.sent}/{figures.total}, blocked {figures.blocked},"
                f" failed {figures.failed}, pending {figures.unfinished}"
            )
            print(f"    “{first_line(notice.text_for('en'))}”")
        return 0

    return _with_store(listing)


def cmd_notice_cancel(args: argparse.Namespace) -> int:
    from bot.notices import NoticeError, cancel_notice, describe

    async def cancel(store: Any) -> int:
        try:
            await cancel_notice(store, args.id, None)
        except NoticeError as exc:
            return _fail(describe(exc))
        print(f"notice #{args.id} cancelled")
        return 0

    return _with_store(cancel)


def cmd_notice_reschedule(args: argparse.Namespace) -> int:
    import datetime as dt

    from bot.notices import NoticeError, describe, retime_draft

    settings = _settings()
    kb = _load_kb(None)

    async def reschedule(store: Any) -> int:
        try:
            draft = await retime_draft(
                store, kb, settings, args.id, args.time, now=dt.datetime.now(dt.UTC)
            )
        except NoticeError as exc:
            return _fail(describe(exc))
        notice = draft.notice
        assert notice.send_at is not None
        local = notice.send_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M %Z")
        print(f"notice #{notice.id} ({notice.state}) now goes out {local}")
        return 0

    return _with_store(reschedule)


def cmd_notice_report(args: argparse.Namespace) -> int:
    from bot.cli_reports import format_report_text
    from bot.notices import notice_report

    settings = _settings()

    async def report(store: Any) -> int:
        found = await notice_report(store, args.id, rate=settings.send_rate, limit=args.limit)
        if found is None:
            return _fail(f"no notice #{args.id}")
        print(format_report_text(found, settings.tz))
        return 0

    return _with_store(report)


def cmd_insights(args: argparse.Namespace) -> int:
    from bot.insights import AliasRefusedError, Insights, report_text
    from bot.kbadmin_text import preview_text

    settings = _settings()

    async def insights(admin: KbAdmin) -> int:
        service = Insights(settings, admin.store)
        if args.insights_command != "add":
            print(report_text(await service.report(admin.kb, args.days)))
            return 0
        question = " ".join(args.question)
        try:
            proposal = await service.propose_alias(admin, question, args.id, None)
        except AliasRefusedError as exc:
            return _fail(str(exc))
        names = ", ".join(f"“{name}”" for name in proposal.names)
        print(f"“{question}” becomes a way to ask for {args.id} (key words: {names})")
        print(preview_text(proposal.preview))
        version = proposal.preview.version_id
        if not args.activate:
            print(
                f"stored as version {version}, not active; activate it with"
                f" `delegate-bot kb rollback {version}`"
            )
            return 0
        _print_activation(await admin.activate(version, None))
        return 0

    return _with_kb_admin(insights)


def cmd_health(args: argparse.Namespace) -> int:
    import datetime as dt

    from bot.health import check_health

    settings = _settings()
    ok, lines = check_health(
        settings.db_url or settings.db_path,
        settings.health_file,
        max_age=dt.timedelta(seconds=args.max_age),
    )
    for line in lines:
        print(line)
    return 0 if ok else 1


def cmd_backup(args: argparse.Namespace) -> int:
    import asyncio

    from bot.storage import Storage
    from bot.storage.backends import masked_url

    settings = _settings()
    if settings.db_url is None and not settings.db_path.exists():
        return _fail(f"{settings.db_path}: no database to back up")

    async def backup() -> Path:
        async with await Storage.open(settings.database) as store:
            return await store.backup_to(Path(args.path))

    target = asyncio.run(backup())
    shown = settings.db_path if settings.db_url is None else masked_url(settings.db_url)
    print(f"backed up {shown} to {target}")
    return 0


def cmd_db_copy(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import parse_database
    from bot.storage import Storage, StorageError
    from bot.storage.backends import masked_url
    from bot.storage.copy import copy_database

    try:
        source, target = parse_database(args.source), parse_database(args.target)
    except ValueError as exc:
        return _fail(str(exc))
    if isinstance(source, Path) and not source.is_file():
        return _fail(f"{source}: no database to copy")
    if str(source) == str(target):
        return _fail("the source and the target are the same database")

    async def copy() -> dict[str, int]:
        async with await Storage.open(source) as src, await Storage.open(target) as dst:
            return await copy_database(src, dst, replace=args.force)

    try:
        counts = asyncio.run(copy())
    except StorageError as exc:
        return _fail(str(exc))
    shown = masked_url(target) if isinstance(target, str) else str(target)
    print(f"copied {sum(counts.values())} row(s) to {shown}:")
    for table, count in counts.items():
        print(f"  {table:<20} {count}")
    return 0


def _add_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: Command,
    help_text: str,
) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.set_defaults(handler=handler)
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="delegate-bot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    add = functools.partial(_add_command, sub)
    p = add("run", cmd_run, "start the bot")
    p.add_argument(
        "--webhook",
        action="store_true",
        help="serve a webhook (fails unless DELEGATE_BOT_WEBHOOK_URL is set)",
    )
    add("worker", cmd_worker, "deliver notices and run the schedules; take no updates")
    p = add("health", cmd_health, "exit 0 only if the running bot is healthy")
    p.add_argument(
        "--max-age",
        type=int,
        default=int(HEALTH_MAX_AGE.total_seconds()),
        help="seconds since the last Bot API success",
    )
    p = add("backup", cmd_backup, "copy the database consistently while the bot runs")
    p.add_argument("path")
    p = add("console", cmd_console, "try the bot in the terminal (no Telegram token needed)")
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
    p = add("ask", cmd_ask, "search the knowledge base and explain the answer")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=5)
    p.add_argument("--kb", help=KB_HELP)
    p = add("eval", cmd_eval, "measure search accuracy on a query set")
    p.add_argument("file")
    p.add_argument("--kb", help=KB_HELP)

    db = sub.add_parser("db", help="database tools")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    p = _add_command(
        db_sub, "copy", cmd_db_copy, "copy a whole deployment between SQLite and PostgreSQL"
    )
    p.add_argument("--from", dest="source", required=True, help="SQLite file or postgresql:// URL")
    p.add_argument("--to", dest="target", required=True, help="SQLite file or postgresql:// URL")
    p.add_argument("--force", action="store_true", help="replace a target that holds data")

    kb = sub.add_parser("kb", help="knowledge-base tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True, metavar="KB_COMMAND")

    add_kb = functools.partial(_add_command, kb_sub)
    p = add_kb("extract", cmd_kb_extract, "build the knowledge base from the report text")
    p.add_argument("source")
    p.add_argument("-o", "--output", help="YAML file to write (default: stdout)")
    p.add_argument(
        "--glossary", help="aliases/glossary YAML (default: glossary.yaml beside SOURCE)"
    )
    p = add_kb("validate", cmd_kb_validate, "check a knowledge-base YAML file")
    p.add_argument("file")
    p = add_kb("show", cmd_kb_show, "print one record")
    p.add_argument("id")
    p.add_argument("--kb", help=KB_HELP)
    add_kb("schema", cmd_kb_schema, "print the JSON Schema of the YAML format")
    p = add_kb("upload", cmd_kb_upload, "validate and store a new knowledge base (a version)")
    p.add_argument("file")
    p.add_argument("--activate", action="store_true", help="make it live at once")
    p = add_kb("history", cmd_kb_history, "list the stored knowledge-base versions")
    p.add_argument("--limit", type=int, default=10)
    p = add_kb("rollback", cmd_kb_rollback, "activate a stored version (again)")
    p.add_argument("version", type=int)
    p.add_argument("--dry-run", action="store_true", help="only show what would change")
    p = add_kb("get", cmd_kb_get, "print the live knowledge base's YAML")
    p.add_argument("-o", "--output", help="file to write (default: stdout)")

    notice = sub.add_parser("notice", help="notices to the subscribers")
    notice_sub = notice.add_subparsers(dest="notice_command", required=True, metavar="ACTION")

    add_notice = functools.partial(_add_command, notice_sub)
    p = add_notice("send", cmd_notice_send, "queue a notice for the running bot to deliver")
    p.add_argument("text", help="the text: plain, or Telegram HTML (<b>, <i>, <a href>…)")
    p.add_argument("--at", help="when: 2020-06-11T14:30, '14:30 Europe/Paris', '30m before M2'")
    p.add_argument("--topic", help="audience: all (default), bureau, M2, A23.3 …")
    p.add_argument("--list", help="named list(s) of people, e.g. bureau or bureau,focal")
    p.add_argument("--link", help="a URL shown as a button under the notice")
    p = add_notice("list", cmd_notice_list, "scheduled and recent notices with their figures")
    p.add_argument("--limit", type=int, default=10)
    p = add_notice("cancel", cmd_notice_cancel, "cancel a notice that has not gone out")
    p.add_argument("id", type=int)
    p = add_notice("reschedule", cmd_notice_reschedule, "give a notice not sent yet a new time")
    p.add_argument("id", type=int)
    p.add_argument("time", help="2020-06-11T14:30, '14:30 Europe/Paris', '30m before M2' …")
    p = add_notice("report", cmd_notice_report, "one notice: who was not reached, and why")
    p.add_argument("id", type=int)
    p.add_argument("--limit", type=int, default=100, help="recipients listed at most")

    p = add("insights", cmd_insights, "questions delegates asked without a confident answer")
    p.add_argument("--days", type=int, help="the last N days (default: all that is kept)")
    p.set_defaults(insights_command=None)
    insights_sub = p.add_subparsers(dest="insights_command", metavar="ACTION")
    p = _add_command(
        insights_sub, "add", cmd_insights, "make a question a way to ask for a record"
    )
    p.add_argument("id", help="the record the question asks for, e.g. R1.24")
    p.add_argument("question", nargs="+")
    p.add_argument("--activate", action="store_true", help="make the new version live at once")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Command = args.handler
    try:
        return handler(args)
    except ConfigError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(describe_os_error(exc))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from bot.catalogue import CatalogueError
        from knowledge.errors import KnowledgeError

        if isinstance(exc, KnowledgeError | CatalogueError):
            return _fail(str(exc))
        raise


if __name__ == "__main__":
    sys.exit(main())
