"""The notice errors (the tree is drawn in :mod:`bot.notices`); each names a catalogue entry."""

from __future__ import annotations

from bot.i18n import (
    Language,
    t,
)


class NoticeError(Exception):
    """Root of the errors of this module; ``problem`` names the catalogue entry."""

    def __init__(self, problem: str, **params: object) -> None:
        super().__init__(f"{problem}: {params}" if params else problem)
        self.problem = problem
        self.params = params


def describe(error: NoticeError, lang: Language = "en") -> str:
    """What is wrong, in words from the catalogue, as plain text (the command line, a button
    answer)."""
    from bot.notices.html import check_html  # the checker raises these errors: import late

    return check_html(str(t(lang, f"notice.problem.{error.problem}", **error.params)))


class NoticeTextError(NoticeError):
    """The notice's text is empty, too long, or not valid Telegram HTML."""


class TimingError(NoticeError):
    """A time that cannot be read, lies in the past, or names an unknown meeting."""


class TopicError(NoticeError):
    """An audience that is not a topic one can subscribe to."""


class LinkError(NoticeError):
    """A link that Telegram would not accept on a button."""


class NoticeStateError(NoticeError):
    """The notice is not (or no longer) in a state that allows the action."""
