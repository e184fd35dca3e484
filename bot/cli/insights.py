"""``delegate-bot insights``: questions asked without a confident answer, and making one of
them a way to ask for a record (a new knowledge-base version)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot.cli.common import (
    SubParsers,
    add_command,
    fail,
    settings,
    store_or_activate,
    with_kb_admin,
)

if TYPE_CHECKING:
    from bot.kbadmin import KbAdmin


def cmd_insights(args: argparse.Namespace) -> int:
    from bot.cli.kb_text import preview_text
    from bot.insights import AliasRefusedError, Insights, report_text

    config = settings()

    async def insights(admin: KbAdmin) -> int:
        service = Insights(config, admin.store)
        if args.insights_command != "add":
            print(report_text(await service.report(admin.kb, args.days)))
            return 0
        question = " ".join(args.question)
        try:
            proposal = await service.propose_alias(admin, question, args.id, None)
        except AliasRefusedError as exc:
            return fail(str(exc))
        names = ", ".join(f"“{name}”" for name in proposal.names)
        print(f"“{question}” becomes a way to ask for {args.id} (key words: {names})")
        print(preview_text(proposal.preview))
        return await store_or_activate(admin, proposal.preview.version_id, args.activate)

    return with_kb_admin(insights)


def register(sub: SubParsers) -> None:
    """``insights`` and ``insights add``."""
    p = add_command(
        sub, "insights", cmd_insights, "questions delegates asked without a confident answer"
    )
    p.add_argument("--days", type=int, help="the last N days (default: all that is kept)")
    p.set_defaults(insights_command=None)
    insights_sub = p.add_subparsers(dest="insights_command", metavar="ACTION")
    p = add_command(insights_sub, "add", cmd_insights, "make a question a way to ask for a record")
    p.add_argument("id", help="the record the question asks for, e.g. R1.24")
    p.add_argument("question", nargs="+")
    p.add_argument("--activate", action="store_true", help="make the new version live at once")
