"""``delegate-bot kb``: build, check and read a knowledge-base file, and manage the stored
versions (upload, history, rollback, get) on the database the bot uses."""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import (
    KB_HELP,
    SubParsers,
    add_command,
    fail,
    load_kb,
    print_activation,
    read_upload,
    store_or_activate,
    with_kb_admin,
)

if TYPE_CHECKING:
    from bot.kbadmin import KbAdmin


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

    kb = load_kb(args.kb)
    record = kb.get(args.id)
    if record is None:
        return fail(f"no record with id {args.id!r}")
    print(f"[{args.id}]")
    print(answer_text(kb, record))
    return 0


def cmd_kb_schema(args: argparse.Namespace) -> int:
    from knowledge.schema import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_kb_upload(args: argparse.Namespace) -> int:
    from bot.cli.kb_text import preview_text
    from bot.kbadmin import UploadRejected, UploadUnchanged

    path = Path(args.file)
    data, size = read_upload(path)

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
        return await store_or_activate(admin, outcome.version_id, args.activate)

    return with_kb_admin(upload)


def cmd_kb_history(args: argparse.Namespace) -> int:
    from bot.cli.kb_text import history_text

    async def history(admin: KbAdmin) -> int:
        live_file = admin.settings.knowledge_base_path.name
        print(history_text(await admin.history(args.limit), live_file))
        return 0

    return with_kb_admin(history)


def cmd_kb_rollback(args: argparse.Namespace) -> int:
    from bot.cli.kb_text import preview_text

    async def rollback(admin: KbAdmin) -> int:
        preview = await admin.preview(args.version)
        print(preview_text(preview))
        if args.dry_run:
            return 0
        print_activation(
            await admin.activate(args.version, None, expected_base=preview.base_version)
        )
        return 0

    return with_kb_admin(rollback)


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

    return with_kb_admin(get)


def register(sub: SubParsers) -> None:
    """``kb`` and its sub-commands."""
    kb = sub.add_parser("kb", help="knowledge-base tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True, metavar="KB_COMMAND")
    add = functools.partial(add_command, kb_sub)

    p = add("extract", cmd_kb_extract, "build the knowledge base from the report text")
    p.add_argument("source")
    p.add_argument("-o", "--output", help="YAML file to write (default: stdout)")
    p.add_argument(
        "--glossary", help="aliases/glossary YAML (default: glossary.yaml beside SOURCE)"
    )
    p = add("validate", cmd_kb_validate, "check a knowledge-base YAML file")
    p.add_argument("file")
    p = add("show", cmd_kb_show, "print one record")
    p.add_argument("id")
    p.add_argument("--kb", help=KB_HELP)
    add("schema", cmd_kb_schema, "print the JSON Schema of the YAML format")
    p = add("upload", cmd_kb_upload, "validate and store a new knowledge base (a version)")
    p.add_argument("file")
    p.add_argument("--activate", action="store_true", help="make it live at once")
    p = add("history", cmd_kb_history, "list the stored knowledge-base versions")
    p.add_argument("--limit", type=int, default=10)
    p = add("rollback", cmd_kb_rollback, "activate a stored version (again)")
    p.add_argument("version", type=int)
    p.add_argument("--dry-run", action="store_true", help="only show what would change")
    p = add("get", cmd_kb_get, "print the live knowledge base's YAML")
    p.add_argument("-o", "--output", help="file to write (default: stdout)")
