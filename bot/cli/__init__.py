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

One module per group of sub-commands, each adding its own arguments: ``process`` (run, worker,
console, health), ``database`` (backup, db copy), ``search`` (ask, eval), ``kb``, ``notice`` and
``insights``; ``common`` holds what they share, and ``kb_text`` and ``notice_text`` word the
knowledge-base previews and the notice reports in plain text.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from bot.cli import database, insights, kb, notice, process, search
from bot.cli.common import Command, describe_os_error, fail
from bot.config import ConfigError

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="delegate-bot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # The order of the help's list of commands.
    process.register(sub)  # run, worker, health
    database.register_backup(sub)
    process.register_console(sub)
    search.register(sub)  # ask, eval
    database.register(sub)  # db copy
    kb.register(sub)
    notice.register(sub)
    insights.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Command = args.handler
    try:
        return handler(args)
    except ConfigError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(describe_os_error(exc))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from bot.catalogue import CatalogueError
        from knowledge.errors import KnowledgeError

        if isinstance(exc, KnowledgeError | CatalogueError):
            return fail(str(exc))
        raise
