"""The ``delegate-bot`` command line.

    delegate-bot run                       start the bot (polling, or a webhook when configured)
    delegate-bot console                   try the bot in the terminal, no token needed
    delegate-bot ask "QUERY"               one search, with ids, scores and reasons
    delegate-bot eval FILE                 accuracy of the search engine on a query set
    delegate-bot kb extract SRC -o OUT     rebuild the knowledge base from the report text
    delegate-bot kb validate FILE          check a knowledge-base YAML file
    delegate-bot kb show ID                print one record
    delegate-bot kb schema                 print the JSON Schema of the YAML format
    delegate-bot health                    exit 0 only if the running bot is healthy
    delegate-bot backup PATH               consistent copy of the database, safe while running

Every sub-command returns an exit code; errors a user can cause are printed as one line on
stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.config import ConfigError, Settings
from knowledge.models import KnowledgeBase

Command = Callable[[argparse.Namespace], int]


def _fail(message: str) -> int:
    print(f"delegate-bot: {message}", file=sys.stderr)
    return 2


def _settings() -> Settings:
    return Settings.from_env()


def _load_kb(path: str | None) -> KnowledgeBase:
    """The knowledge base named on the command line, or the configured/bundled one."""
    from knowledge.loader import load_knowledge_base

    if path is None:
        settings = _settings()
        kb_path = settings.kb_path if settings.kb_path is not None else settings.bundled_kb_path()
    else:
        kb_path = Path(path)
    return load_knowledge_base(Path(kb_path).read_bytes())


def cmd_run(args: argparse.Namespace) -> int:
    from bot.app import run_bot

    settings = _settings()
    settings.require_token()
    run_bot(settings)
    return 0


def cmd_console(args: argparse.Namespace) -> int:
    from bot.console import run_console

    return run_console(_settings(), lang=args.lang)


def cmd_ask(args: argparse.Namespace) -> int:
    from knowledge.search import format_result, search

    kb = _load_kb(args.kb)
    result = search(kb, " ".join(args.query), limit=args.limit)
    print(format_result(kb, result))
    return 0 if result.best is not None else 1


def cmd_eval(args: argparse.Namespace) -> int:
    import yaml

    from knowledge.evaluate import evaluate, format_report

    kb = _load_kb(args.kb)
    queries = yaml.safe_load(Path(args.file).read_text(encoding="utf-8"))
    report = evaluate(kb, queries)
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


def cmd_health(args: argparse.Namespace) -> int:
    import datetime as dt

    from bot.health import check_health

    settings = _settings()
    ok, lines = check_health(
        settings.db_path, settings.health_file, max_age=dt.timedelta(seconds=args.max_age)
    )
    for line in lines:
        print(line)
    return 0 if ok else 1


def cmd_backup(args: argparse.Namespace) -> int:
    import asyncio

    from bot.storage import Storage

    settings = _settings()
    if not settings.db_path.exists():
        return _fail(f"{settings.db_path}: no database to back up")

    async def backup() -> Path:
        async with await Storage.open(settings.db_path) as store:
            return await store.backup_to(Path(args.path))

    target = asyncio.run(backup())
    print(f"backed up {settings.db_path} to {target}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="delegate-bot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Command, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    add("run", cmd_run, "start the bot")
    p = add("health", cmd_health, "exit 0 only if the running bot is healthy")
    p.add_argument(
        "--max-age", type=int, default=180, help="seconds since the last Bot API success"
    )
    p = add("backup", cmd_backup, "copy the database consistently while the bot runs")
    p.add_argument("path")
    p = add("console", cmd_console, "try the bot in the terminal (no Telegram token needed)")
    p.add_argument("--lang", default="zh-Hans", choices=["zh-Hans", "zh-Hant", "en"])
    p = add("ask", cmd_ask, "search the knowledge base and explain the answer")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=5)
    p.add_argument("--kb", help="knowledge-base YAML (default: configured or bundled)")
    p = add("eval", cmd_eval, "measure search accuracy on a query set")
    p.add_argument("file")
    p.add_argument("--kb", help="knowledge-base YAML (default: configured or bundled)")

    kb = sub.add_parser("kb", help="knowledge-base tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True, metavar="KB_COMMAND")

    def add_kb(name: str, handler: Command, help_text: str) -> argparse.ArgumentParser:
        p = kb_sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

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
    p.add_argument("--kb", help="knowledge-base YAML (default: configured or bundled)")
    add_kb("schema", cmd_kb_schema, "print the JSON Schema of the YAML format")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Command = args.handler
    try:
        return handler(args)
    except ConfigError as exc:
        return _fail(str(exc))
    except FileNotFoundError as exc:
        return _fail(f"{exc.filename}: no such file")
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from knowledge.errors import KnowledgeError

        if isinstance(exc, KnowledgeError):
            return _fail(str(exc))
        raise


if __name__ == "__main__":
    sys.exit(main())
