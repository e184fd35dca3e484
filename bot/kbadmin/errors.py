"""What the knowledge-base administration refuses to do (the tree is drawn in
:mod:`bot.kbadmin`), and how its messages name problems and versions."""

from __future__ import annotations

from typing import Final

from knowledge.errors import NO_KEY, Problem

#: Problems shown to an administrator for a rejected file; the rest are counted.
SHOWN_PROBLEMS: Final = 10


class KbAdminError(Exception):
    """Root of what the knowledge-base administration refuses to do."""


class VersionNotFoundError(KbAdminError):
    def __init__(self, version_id: int) -> None:
        super().__init__(f"there is no knowledge-base version {version_id}")
        self.version_id = version_id


class VersionUnloadableError(KbAdminError):
    """A stored version that no longer loads (e.g. written for a newer schema)."""

    def __init__(self, version_id: int, problems: tuple[Problem, ...]) -> None:
        first = format_problem(problems[0]) if problems else "unreadable"
        super().__init__(f"version {version_id} cannot be loaded: {first}")
        self.version_id = version_id
        self.problems = problems


class AlreadyLiveError(KbAdminError):
    def __init__(self, version_id: int) -> None:
        super().__init__(f"version {version_id} is already live")
        self.version_id = version_id


class ReminderSyncError(KbAdminError):
    """``sync_reminders`` failed; the activation was undone with it (the cause is chained)."""

    def __init__(self, version_id: int, cause: BaseException) -> None:
        super().__init__(
            f"version {version_id} was not activated: rescheduling the reminders failed "
            f"({type(cause).__name__}: {cause})"
        )
        self.version_id = version_id


class LiveChangedError(KbAdminError):
    """The preview was made against another live version; activate from a fresh preview."""

    def __init__(self, expected: int | None, live: int | None) -> None:
        super().__init__(
            f"the live knowledge base changed since the preview (was {version_name(expected)},"
            f" now {version_name(live)})"
        )
        self.expected = expected
        self.live = live


def version_name(version_id: int | None) -> str:
    """``version 3``, or ``the file`` when no version is live."""
    return "the file" if version_id is None else f"version {version_id}"


def format_problem(problem: Problem) -> str:
    """``line:column key.path: what is wrong``."""
    return f"{problem.line}:{problem.column} {problem.path or NO_KEY}: {problem.message}"


def format_problems(problems: tuple[Problem, ...], limit: int = SHOWN_PROBLEMS) -> list[str]:
    """The first ``limit`` problems, one line each, and how many more there are."""
    lines = [format_problem(problem) for problem in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"… and {len(problems) - limit} more problems")
    return lines
