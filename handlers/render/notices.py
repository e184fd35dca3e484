"""Pure renderers of the notice screens: the preview, the live progress report, the list of
notices and one notice's report. Data in, ``Rendered`` out; no I/O (see ``handlers.notices``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Final

from bot.audience import AudienceCount, address_label, topic_label
from bot.config import Settings, format_duration
from bot.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    Html,
    Language,
    format_date,
    format_short_date,
    format_time,
    plain,
    t,
)
from bot.notices import (
    Confirmation,
    Draft,
    NoticeError,
    NoticeReport,
    check_html,
    describe,
    duration_words,
)
from bot.storage import TOPIC_ALL, DeliveryFigures, Notice
from handlers import callbacks as cb
from handlers.render.times import zone_label
from handlers.render.types import Button, Keyboard, Rendered
from knowledge.models import KnowledgeBase, Meeting

#: Problems listed in a report message (the rest is counted).
REPORT_LINES: Final = 30
SNIPPET_CHARS: Final = 40


def callback_data(action: cb.NoticeAction, notice_id: int) -> str:
    return cb.NOTICES.encode(action, notice_id)


def notice_language(value: str | None) -> Language:
    for lang in LANGUAGES:
        if lang == value:
            return lang
    return DEFAULT_LANGUAGE


def render_problem(lang: Language, error: NoticeError) -> Rendered:
    return Rendered(t(lang, f"notice.problem.{error.problem}", **error.params))


def problem_plain(lang: Language, error: NoticeError) -> str:
    if error.problem == "no_time":
        return plain(lang, "notice.need_time")
    return describe(error, lang)


def when_text(lang: Language, moment: dt.datetime, tz: zoneinfo.ZoneInfo) -> str:
    """``Thursday, 11 June 2020 14:30 (Geneva time; 12:30 UTC)``."""
    local = moment.astimezone(tz)
    utc = moment.astimezone(dt.UTC)
    return plain(
        lang,
        "notice.time",
        date=format_date(lang, local.date(), weekday=True),
        time=format_time(local),
        zone=zone_label(lang, tz.key),
        utc=format_time(utc),
    )


def audience_text(kb: KnowledgeBase, lang: Language, notice: Notice) -> str:
    return address_label(kb, lang, notice.topics)


def audience_lines(kb: KnowledgeBase, lang: Language, audience: AudienceCount) -> list[str]:
    """Who is included and why: one line per reason that brings anyone (and per list), or a
    warning when nobody would receive the notice."""
    lists = {p.name: p for p in audience.lists}
    lines: list[str] = []
    for reason, count in zip(audience.reasons, audience.counts, strict=True):
        source = reason.source
        if source.kind == "list":
            line = t(lang, "audience.line_list", name=source.key, count=count)
            held = lists.get(source.key)
            if held is not None and held.members > held.reachable:
                missing = held.members - held.reachable
                line = Html(line + t(lang, "audience.line_list_unreachable", count=missing))
            lines.append(line)
        elif count == 0:
            continue
        elif source.kind == "any":
            lines.append(t(lang, "audience.line_any", count=count))
        elif source.key == TOPIC_ALL:
            lines.append(t(lang, "audience.line_all", count=count))
        elif reason.via is not None:
            lines.append(
                t(
                    lang,
                    "audience.line_covering",
                    count=count,
                    topic=topic_label(kb, lang, source.key),
                    via=topic_label(kb, lang, reason.via),
                )
            )
        else:
            topic = topic_label(kb, lang, source.key)
            lines.append(t(lang, "audience.line_topic", count=count, topic=topic))
    if audience.total == 0:
        lines.append(t(lang, "audience.nobody"))
    return lines


def schedule_when(lang: Language, moment: dt.datetime, tz: zoneinfo.ZoneInfo) -> str:
    """``Mon 1 Mar 2027, 10:00 Geneva`` / ``2027 年 3 月 1 日（星期一） 10:00（日内瓦时间）``."""
    local = moment.astimezone(tz)
    return plain(
        lang,
        "notice.schedule_when",
        date=format_short_date(lang, local.date()),
        time=format_time(local),
        zone=zone_label(lang, tz.key),
    )


def _timing_lines(
    kb: KnowledgeBase, lang: Language, notice: Notice, tz: zoneinfo.ZoneInfo
) -> list[str]:
    if notice.send_at is None:
        return [t(lang, "notice.when_now")]
    line = t(lang, "notice.when_at", when=when_text(lang, notice.send_at, tz))
    meeting = kb.get(notice.meeting_id) if notice.meeting_id else None
    if isinstance(meeting, Meeting) and notice.lead is not None:
        key = "notice.before_meeting" if notice.lead >= dt.timedelta(0) else "notice.after_meeting"
        relative = plain(
            lang,
            key,
            meeting=plain(lang, "notice.meeting", number=meeting.number),
            lead=duration_words(lang, notice.lead),
        )
        line = Html(f"{line} ({t(lang, 'notice.relative', relative=relative)})")
    return [line]


def render_preview(
    kb: KnowledgeBase,
    lang: Language,
    draft: Draft,
    tz: zoneinfo.ZoneInfo,
    *,
    confirm: Confirmation | None = None,
    paid: bool = False,
) -> Rendered:
    """The preview: audience (who and why), time, link, the text as delegates will see it,
    and the same four buttons in the same places for every notice: Send now; Schedule (with
    the full date and zone); Send me a test copy, Cancel. ``confirm`` turns the pressed
    button into its "tap again" form; ``paid``: it will go out as a paid broadcast
    (``DELEGATE_BOT_PAID_BROADCAST``)."""
    notice = draft.notice
    lines = [
        t(lang, "notice.preview_title", id=notice.id),
        t(lang, "notice.to", audience=audience_text(kb, lang, notice), count=draft.recipients),
        *audience_lines(kb, lang, draft.audience),
        *_timing_lines(kb, lang, notice, tz),
    ]
    if notice.link:
        lines.append(t(lang, "notice.link", link=notice.link))
    lines.append(t(lang, "notice.fixed_note"))
    if paid:
        lines.append(t(lang, "notice.paid_note"))
    text = Html("\n".join(lines) + "\n\n" + notice.text_for(lang))
    send_now = Button(plain(lang, "notice.button_send"), callback_data("send", notice.id))
    if notice.send_at is not None:
        when = schedule_when(lang, notice.send_at, tz)
        label = plain(lang, "notice.button_schedule_at", when=when)
    else:
        label = plain(lang, "notice.button_schedule")
    schedule = Button(label, callback_data("sched", notice.id))
    if confirm is not None and confirm.action == "send":
        key = "notice.button_send_nobody" if confirm.nobody else "notice.button_send_later"
        send_now = Button(plain(lang, key), callback_data("sendok", notice.id))
    elif confirm is not None and confirm.action == "sched":
        label = plain(lang, "notice.button_schedule_nobody")
        schedule = Button(label, callback_data("schedok", notice.id))
    test = Button(plain(lang, "notice.button_test"), callback_data("test", notice.id))
    cancel = Button(plain(lang, "notice.button_cancel"), callback_data("cancel", notice.id))
    return Rendered(text, ((send_now,), (schedule,), (test, cancel)))


def confirmation_text(lang: Language, confirm: Confirmation, tz: zoneinfo.ZoneInfo) -> str:
    """What the answer to the first tap says (plain text, for the button's answer)."""
    if confirm.nobody or confirm.when is None:
        return plain(lang, "notice.confirm_nobody")
    return plain(lang, "notice.confirm_send_later", when=schedule_when(lang, confirm.when, tz))


def _kind_text(kb: KnowledgeBase, lang: Language, notice: Notice) -> str:
    if notice.kind == "reminder" and notice.meeting_id and notice.lead is not None:
        meeting = kb.get(notice.meeting_id)
        number = meeting.number if isinstance(meeting, Meeting) else notice.meeting_id
        return plain(
            lang,
            "notice.reminder_of",
            meeting=plain(lang, "notice.meeting", number=number),
            lead=duration_words(lang, notice.lead),
        )
    return plain(lang, f"notice.kind.{notice.kind}")


def _note_lines(lang: Language, notice: Notice, settings: Settings | None) -> list[str]:
    lines: list[str] = []
    if notice.state == "dropped" and notice.late is not None:
        if notice.note == "meeting-started":
            lines.append(t(lang, "notice.dropped_started"))
        else:
            grace = format_duration(settings.notice_grace) if settings else "?"
            lines.append(
                t(
                    lang,
                    "notice.dropped_missed",
                    late=duration_words(lang, notice.late),
                    grace=grace,
                )
            )
    elif notice.late is not None:
        lines.append(t(lang, "notice.late", late=duration_words(lang, notice.late)))
    kind, _, who = notice.note.partition(":")
    if kind == "cancelled-by" and not who:
        lines.append(t(lang, "notice.note.cancelled-from-cli"))
    elif kind in ("stopped-by", "cancelled-by"):
        lines.append(t(lang, f"notice.note.{kind}", who=who))
    elif notice.note and notice.state != "dropped":
        lines.append(t(lang, f"notice.reason.{notice.note}"))
    return lines


def render_progress(
    kb: KnowledgeBase,
    lang: Language,
    report: NoticeReport,
    tz: zoneinfo.ZoneInfo,
    settings: Settings | None = None,
) -> Rendered:
    """The preview message while the notice goes out, and its final state."""
    notice, figures = report.notice, report.figures
    lines: list[str] = [
        t(
            lang,
            "notice.progress_title",
            id=notice.id,
            state=plain(lang, f"notice.state.{notice.state}"),
        ),
        t(lang, "notice.to_fixed", audience=audience_text(kb, lang, notice), count=figures.total)
        if figures.total
        else t(lang, "notice.to_only", audience=audience_text(kb, lang, notice)),
    ]
    if notice.state == "scheduled" and notice.send_at is not None:
        lines.extend(_timing_lines(kb, lang, notice, tz))
    if notice.state not in ("draft", "scheduled", "cancelled") and (
        notice.state != "dropped" or figures.total
    ):
        lines.append(_figures_line(lang, figures))
    if figures.paid:
        lines.append(t(lang, "notice.paid_count", count=figures.paid))
    if figures.skipped:
        lines.append(t(lang, "notice.skipped", count=figures.skipped))
    if figures.doubtful:
        lines.append(t(lang, "notice.doubtful", count=figures.doubtful, id=notice.id))
    if report.eta is not None and notice.state == "sending":
        if report.eta < dt.timedelta(minutes=1):
            lines.append(t(lang, "notice.eta_soon"))
        else:
            lines.append(t(lang, "notice.eta", time=duration_words(lang, report.eta)))
    lines.extend(_note_lines(lang, notice, settings))
    text = Html("\n".join(lines) + "\n\n" + notice.text_for(lang))
    keyboard: Keyboard = ()
    if notice.state == "sending":
        keyboard = (
            (Button(plain(lang, "notice.button_stop"), callback_data("stop", notice.id)),),
        )
    elif notice.state == "scheduled":
        keyboard = _cancel_keyboard(lang, notice)
    return Rendered(text, keyboard)


def _figures_line(lang: Language, figures: DeliveryFigures) -> Html:
    return t(
        lang,
        "notice.figures",
        sent=figures.sent,
        total=figures.total,
        pending=figures.unfinished,
        blocked=figures.blocked,
        failed=figures.failed,
    )


def _cancel_keyboard(lang: Language, notice: Notice) -> Keyboard:
    return ((Button(plain(lang, "notice.button_cancel"), callback_data("cancel", notice.id)),),)


def _snippet(notice: Notice, lang: Language) -> str:
    try:
        visible = " ".join(check_html(notice.text_for(lang)).split())
    except NoticeError:
        visible = ""
    return visible if len(visible) <= SNIPPET_CHARS else visible[: SNIPPET_CHARS - 1] + "…"


def render_list(
    kb: KnowledgeBase, lang: Language, reports: list[NoticeReport], tz: zoneinfo.ZoneInfo
) -> Rendered:
    if not reports:
        return Rendered(Html(f"{t(lang, 'notice.list_title')}\n{t(lang, 'notice.list_empty')}"))
    blocks: list[str] = [t(lang, "notice.list_title")]
    for report in reports:
        notice, figures = report.notice, report.figures
        moment = notice.send_at if notice.state == "scheduled" else notice.queued_at
        moment = moment or notice.finished_at or notice.created_at
        head = t(
            lang,
            "notice.list_line",
            id=notice.id,
            state=plain(lang, f"notice.state.{notice.state}"),
            kind=_kind_text(kb, lang, notice),
            when=when_text(lang, moment, tz),
            audience=audience_text(kb, lang, notice),
        )
        lines: list[str] = [head]
        if figures.total:
            lines.append(_figures_line(lang, figures))
        if notice.late is not None:
            lines.append(t(lang, "notice.late_short", late=duration_words(lang, notice.late)))
        lines.append(f"<i>{t(lang, 'notice.snippet', text=_snippet(notice, lang))}</i>")
        blocks.append("\n".join(lines))
    blocks.append(t(lang, "notice.list_hint"))
    return Rendered(Html("\n\n".join(blocks)))


def render_report(
    kb: KnowledgeBase,
    lang: Language,
    report: NoticeReport,
    tz: zoneinfo.ZoneInfo,
    settings: Settings | None = None,
) -> Rendered:
    """/notices N: the progress view plus dates and who was not reached, and why."""
    notice = report.notice
    progress = render_progress(kb, lang, report, tz, settings)
    head = str(progress.text).split("\n\n", 1)[0]
    lines = [head, t(lang, "notice.report_kind", kind=_kind_text(kb, lang, notice))]
    for key, moment in (
        ("notice.report_created", notice.created_at),
        ("notice.report_queued", notice.queued_at),
        ("notice.report_finished", notice.finished_at),
    ):
        if moment is not None:
            lines.append(t(lang, key, when=when_text(lang, moment, tz)))
    blocks = ["\n".join(lines)]
    unreached = [p for p in report.problems if p.doubt is None or p.state != "sent"]
    doubtful = [p for p in report.problems if p.doubt is not None]
    for title, problems in (
        ("notice.report_unreached", unreached),
        ("notice.report_doubtful", doubtful),
    ):
        if not problems:
            continue
        shown = problems[:REPORT_LINES]
        entries = [t(lang, title)]
        for problem in shown:
            who = f"@{problem.username}" if problem.username else (problem.first_name or "")
            why = (
                plain(lang, f"notice.doubt.{problem.doubt}")
                if problem.doubt is not None and problem.state == "sent"
                else (problem.error or "")
            )
            entries.append(
                t(
                    lang,
                    "notice.report_line",
                    chat=problem.chat_id,
                    who=who,
                    state=plain(lang, f"notice.delivery.{problem.state}"),
                    why=why,
                )
            )
        if len(problems) > REPORT_LINES:
            entries.append(t(lang, "word.more", count=len(problems) - REPORT_LINES))
        blocks.append("\n".join(entries))
    # a notice not sent yet can be cancelled from here by any secretariat member
    keyboard = _cancel_keyboard(lang, notice) if notice.state in ("draft", "scheduled") else ()
    return Rendered(Html("\n\n".join(blocks)), keyboard)
