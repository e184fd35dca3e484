"""A notice's delivery report as data; the handlers and the command line put it in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.notices.errors import NoticeError
from bot.notices.html import check_html
from bot.storage import (
    DeliveryFigures,
    DeliveryOutcome,
    Notice,
    Storage,
)

# == Reports =====================================================================================


@dataclass(frozen=True, slots=True)
class NoticeReport:
    """A notice with its delivery figures, the deliveries that need a word (not reached,
    still queued, possibly doubled) and an estimate of the time left."""

    notice: Notice
    figures: DeliveryFigures
    problems: tuple[DeliveryOutcome, ...] = ()
    eta: dt.timedelta | None = None

    @property
    def doubtful(self) -> tuple[DeliveryOutcome, ...]:
        return tuple(p for p in self.problems if p.doubt is not None)


async def notice_report(
    store: Storage, notice_id: int, *, rate: float, limit: int | None = 50
) -> NoticeReport | None:
    """The notice's report; ``rate`` (messages per second) gives the estimate of time left;
    ``limit`` deliveries needing a word are listed (None: figures only)."""
    notice = await store.notice(notice_id)
    if notice is None:
        return None
    figures = (await store.delivery_figures([notice_id]))[notice_id]
    problems = await store.delivery_outcomes(notice_id, limit=limit) if limit else []
    eta = None
    if notice.state == "sending":
        ahead = await store.queue_ahead(notice_id)
        eta = dt.timedelta(seconds=round(ahead / rate)) if rate > 0 else None
    return NoticeReport(notice, figures, tuple(problems), eta)


async def recent_reports(store: Storage, limit: int = 10) -> list[NoticeReport]:
    """Scheduled notices, then the latest ones, each with its figures."""
    notices = await store.recent_notices(limit)
    figures = await store.delivery_figures([n.id for n in notices])
    return [NoticeReport(n, figures[n.id]) for n in notices]


def first_line(text: str, limit: int = 60) -> str:
    """The first line of a notice's visible text (tags removed), shortened to ``limit``."""
    try:
        visible = check_html(text)
    except NoticeError:
        visible = text
    line = next((part.strip() for part in visible.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
