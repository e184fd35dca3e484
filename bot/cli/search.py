"""The search engine from the command line: ``ask`` (one query, explained) and ``eval``."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.common import KB_HELP, SubParsers, add_command, load_kb


def cmd_ask(args: argparse.Namespace) -> int:
    from knowledge.search import format_result, search

    kb = load_kb(args.kb)
    result = search(kb, " ".join(args.query), limit=args.limit)
    print(format_result(kb, result))
    return 0 if result.best is not None else 1


def cmd_eval(args: argparse.Namespace) -> int:
    from knowledge.evaluate import evaluate, format_report

    kb = load_kb(args.kb)
    # The text, not the parsed list: "# typo:" comments mark the deliberate misspellings.
    report = evaluate(kb, Path(args.file).read_text(encoding="utf-8"))
    print(format_report(report))
    return 0


def register(sub: SubParsers) -> None:
    """``ask`` and ``eval``."""
    p = add_command(sub, "ask", cmd_ask, "search the knowledge base and explain the answer")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=5)
    p.add_argument("--kb", help=KB_HELP)
    p = add_command(sub, "eval", cmd_eval, "measure search accuracy on a query set")
    p.add_argument("file")
    p.add_argument("--kb", help=KB_HELP)
