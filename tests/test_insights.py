"""Question insights: the storage (with its migration), the service, and the fix's version.

Every test uses a real SQLite file in ``tmp_path`` (the one with two writers on one database
runs on PostgreSQL too); times come from a clock the test moves.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.i18n import Language
from bot.insights import AUDIT_ALIAS, RESERVED_IDS, AliasRefusedError, Insights
from bot.kbadmin import KbAdmin
from bot.live import LiveKnowledge
from bot.storage import LIST_TABLES, MIGRATIONS, SCHEMA_VERSION, NewQuestion, Storage
from handlers.render import Rendered, button, rows
from handlers.render.insights import (
    parse_add_alias,
    render_alias_refused,
    render_insights,
    with_feedback,
)
from knowledge.codec import dump_yaml
from knowledge.loader import load_knowledge_base
from knowledge.models import KnowledgeBase
from knowledge.question_alias import answers
from knowledge.search import search
from tests.support.rendering import visible

ENGLISH = "How many people are covered by cellular networks?"
CHINESE = "手机用户有多少？"
ADMIN = 900001


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2020, 6, 10, 9, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def store(tmp_path: Path, clock: Clock) -> AsyncIterator[Storage]:
    async with await Storage.open(tmp_path / "bot.sqlite3", clock=clock) as opened:
        yield opened


def insights_for(store: Storage, clock: Clock, days: int = 30) -> Insights:
    return Insights(Settings(db_path=store.path, insights_days=days), store, clock=clock)


# == Storage =====================================================================================


async def test_an_older_database_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    async with await Storage.open(path, migrations=MIGRATIONS[:2]) as old:
        await old.remember_user(42, 42, "ana", "Ana", "en")
        await old.subscribe(42, "M2")
        await old.add_kb_version("a: 1\n", "0" * 64, ADMIN, "first")
    with sqlite3.connect(path) as conn:  # an audit row as the program of schema 2 wrote it
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, detail)"
            " VALUES ('2020-06-10T08:00:00+00:00', ?, 'kb.upload', 'first')",
            (ADMIN,),
        )
    async with await Storage.open(path, migrations=MIGRATIONS[:2]) as old:
        before = await old.content_sha256(skip_tables=["questions", *LIST_TABLES])
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    async with await Storage.open(path) as upgraded:
        assert await upgraded.content_sha256(skip_tables=["questions", *LIST_TABLES]) == before
        assert await upgraded.subscriptions(42) == ["M2"]
        assert await upgraded.user_by_username("ana") == 42
        assert [v.summary for v in await upgraded.kb_versions()] == ["first"]
        row = await upgraded.record_question("women online", "en", "no_answer")
        assert await upgraded.question_text(row) == "women online"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7


async def test_a_question_row_holds_nothing_about_who_asked(store: Storage) -> None:
    with sqlite3.connect(store.path) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(questions)")]
    assert columns == [
        "id",
        "question",
        "language",
        "outcome",
        "answered",
        "picked",
        "rating",
        "asked_at",
    ]


async def test_insights_group_by_text_and_count_what_had_no_confident_answer(
    store: Storage, clock: Clock
) -> None:
    since = clock.now - dt.timedelta(days=1)
    a = await store.record_question("women online", "en", "no_answer")
    await store.record_question("women online", "zh-Hans", "no_answer")
    b = await store.record_question("women online", "en", "choices")
    await store.record_pick(b, "R1.49")
    liked = await store.record_question("digital divide", "en", "answered", "R1.3")
    disliked = await store.record_question("broadband", "en", "answered", "R1.30")
    corrected = await store.record_question("mobile phones", "en", "answered", "R1.30")
    await store.record_pick(corrected, "R1.24")
    assert await store.rate_answer(liked, "up")
    assert await store.rate_answer(disliked, "down")
    assert not await store.rate_answer(disliked, "up")  # one press per answer
    assert not await store.rate_answer(a, "up")  # only answers are rated
    clock.advance(minutes=1)

    found = await store.question_insights(since)

    assert [(i.question, i.asked) for i in found] == [
        ("women online", 3),
        ("mobile phones", 1),
        ("broadband", 1),
    ]
    women = found[0]
    assert (women.unanswered, women.choices, women.picked) == (2, 1, "R1.49")
    assert women.languages == ("en", "zh-Hans") and women.latest_id == b
    assert (found[1].repicked, found[1].picked) == (1, "R1.24")
    assert found[2].disliked == 1
    assert await store.answer_ratings(since) == (1, 1)
    assert await store.question_insights(clock.now) == []  # only what was asked since


async def test_old_questions_are_pruned_and_ids_never_reused(store: Storage, clock: Clock) -> None:
    insights = insights_for(store, clock, days=30)
    old = await store.record_question("old", "en", "no_answer")
    clock.advance(days=31)
    recent = await store.record_question("recent", "en", "no_answer")
    assert await insights.prune() == 1
    assert await store.question_text(old) is None
    assert await store.question_text(recent) == "recent"
    await store.prune_questions(clock.now + dt.timedelta(seconds=1))
    newer = await store.record_question("newer", "en", "no_answer")
    assert newer > recent  # a button under an old answer never names a new question


# == The service =================================================================================


async def test_what_is_recorded_for_each_kind_of_answer(
    store: Storage, clock: Clock, kb: KnowledgeBase
) -> None:
    insights = insights_for(store, clock)
    unanswered = await insights.record(ENGLISH, "en", search(kb, ENGLISH))
    answered = await insights.record(
        "婦女上網比男子低多少", "zh-Hant", search(kb, "妇女上网比男子低多少")
    )
    exact = await insights.record("R1.24", "en", search(kb, "R1.24"))
    assert unanswered is not None and answered is not None and exact is None
    assert answered == unanswered + 1
    assert await store.question_text(unanswered) is None  # written in batches …
    assert await insights.question(unanswered) == (  # … and before anything reads one
        "how many people are covered by cellular networks"
    )
    assert await insights.rate(answered, up=False) == "counted"
    assert await insights.rate(answered, up=True) == "already"
    assert await insights.rate(10_000, up=True) == "gone"
    report = await insights.report(kb)
    # equally frequent: the most recent first
    assert [line.insight.question for line in report.lines] == [
        "妇女上网比男子低多少",
        "how many people are covered by cellular networks",
    ]
    assert "R1.24" in report.lines[1].suggestions
    text = visible(render_insights("en", report).text)
    assert "2. “how many people are covered by cellular networks” — 1× (no answer 1)" in text
    assert "1. “妇女上网比男子低多少” — 1× (👎 1)" in text
    assert "Answers rated: 👍 0 · 👎 1" in text


async def test_retention_zero_keeps_nothing(
    store: Storage, clock: Clock, kb: KnowledgeBase
) -> None:
    await store.record_question("kept before", "en", "no_answer")
    insights = insights_for(store, clock, days=0)
    assert await insights.record(ENGLISH, "en", search(kb, ENGLISH)) is None
    assert await insights.prune() == 1
    report = await insights.report(kb)
    assert not report.recording
    assert visible(render_insights("en", report).text) == (
        "Question records are off (DELEGATE_BOT_INSIGHTS_DAYS=0): no question is kept."
    )


def test_the_answer_gets_votes_and_its_did_you_mean_buttons_note_picks(kb: KnowledgeBase) -> None:
    result = search(kb, "妇女上网比男子低多少")
    assert result.status == "answer" and result.alternatives
    alternative = result.alternatives[0].record.id
    rendered = Rendered(
        "<b>x</b>", rows([button("◀", "p", "R1.2"), button("≈", "r", alternative)], 1)
    )
    shown = with_feedback("en", rendered, 17, result)
    assert shown.callback_data == [
        "v1|p|R1.2",
        f"v1|pick|17|{alternative}",
        "v1|fb|17|u",
        "v1|fb|17|d",
    ]
    assert visible(shown.text).endswith("Was this what you were looking for?")
    choices = search(kb, "数字鸿沟")
    assert choices.status == "ambiguous"
    listed = with_feedback(
        "zh-Hans", Rendered("x", rows([button("a", "r", "R1.9")], 1)), 3, choices
    )
    assert listed.callback_data == ["v1|pick|3|R1.9"]  # a choice, no votes
    assert parse_add_alias("in1|a|17|R1.24") == (17, "R1.24")
    assert parse_add_alias("in1|a|x|R1.24") is None and parse_add_alias("v1|r|R1.24") is None


# == The fix: a version, through the upload path =================================================


async def test_the_fix_is_a_stored_version_made_from_the_live_file(
    store: Storage, clock: Clock, kb: KnowledgeBase, tmp_path: Path
) -> None:
    settings = Settings(db_path=store.path, admins=frozenset({ADMIN}))
    admin = KbAdmin(settings, store, LiveKnowledge.of(kb), reminder_sync=None, clock=clock)
    insights = Insights(settings, store, clock=clock)

    proposal = await insights.propose_alias(admin, ENGLISH, "R1.24", ADMIN)

    preview = proposal.preview
    assert proposal.names == ("people are covered by cellular networks",)
    assert preview.version_id == 2 and preview.base_version is None
    assert preview.diff.summary() == "aliases +1"
    kept = await store.kb_version(1)
    assert kept is not None and kept.activated_at is None
    assert load_knowledge_base(kept.yaml_text or "") == kb  # the file as it was live
    stored = await store.kb_version(2)
    assert stored is not None
    assert answers(load_knowledge_base(stored.yaml_text or ""), ENGLISH, "R1.24")
    assert admin.kb is kb and admin.live_version is None  # nothing is live before activation
    actions = [entry.action for entry in await store.recent_audit()]
    assert actions == [AUDIT_ALIAS, "kb.upload", "kb.upload"]

    # A second fix from the same live file does not keep the file again.
    again = await insights.propose_alias(admin, CHINESE, "R1.24", ADMIN)
    assert again.preview.version_id == 3
    assert [v.id for v in await store.kb_versions()] == [3, 2, 1]
    activation = await admin.activate(2, ADMIN, expected_base=None)
    assert activation.version_id == 2
    assert dump_yaml(admin.kb) != dump_yaml(kb)


async def test_a_fix_that_would_not_help_is_refused_and_stores_nothing(
    store: Storage, clock: Clock, kb: KnowledgeBase
) -> None:
    settings = Settings(db_path=store.path, admins=frozenset({ADMIN}))
    admin = KbAdmin(settings, store, LiveKnowledge.of(kb), reminder_sync=None, clock=clock)
    insights = Insights(settings, store, clock=clock)
    for question, record_id, reason in (
        ("R1.25", "R1.24", "unhelpful"),  # the reference keeps naming R1.25
        (ENGLISH, "R9.9", "record"),
        ("what is it?", "R1.24", "words"),
    ):
        with pytest.raises(AliasRefusedError) as caught:
            await insights.propose_alias(admin, question, record_id, ADMIN)
        assert caught.value.reason == reason
    assert await store.kb_versions() == []


THREE_LANGUAGES = {
    "zh-Hans": (
        "1. “zoom password” — 2 次（无答案 1，让代表选择 1）",
        "1. 加为询问 M2 的说法",
        "没有记录 R9.9。",
    ),
    "zh-Hant": (
        "1. “zoom password” — 2 次（無答案 1，讓代表選擇 1）",
        "1. 加為詢問 M2 的說法",
        "沒有記錄 R9.9。",
    ),
    "en": (
        "1. “zoom password” — 2× (no answer 1, choices 1)",
        "1. Add as a way to ask for M2",
        "There is no record R9.9.",
    ),
}


@pytest.mark.parametrize("lang", list(THREE_LANGUAGES))
async def test_insights_read_in_three_languages(
    store: Storage, clock: Clock, kb: KnowledgeBase, lang: Language
) -> None:
    line, button_label, refusal = THREE_LANGUAGES[lang]
    await store.record_question("zoom password", "en", "no_answer")
    picked = await store.record_question("zoom password", "zh-Hant", "choices")
    await store.record_pick(picked, "M2")
    rendered = render_insights(lang, await insights_for(store, clock).report(kb))
    assert line in visible(rendered.text)
    assert rendered.keyboard[0][0].label == button_label
    assert rendered.keyboard[0][0].data == f"in1|a|{picked}|M2"
    assert visible(render_alias_refused(lang, "record", "x", "R9.9").text) == refusal


async def test_questions_are_written_in_batches_and_numbered_past_pruned_ones(
    store: Storage, clock: Clock, kb: KnowledgeBase
) -> None:
    result = search(kb, ENGLISH)
    insights = insights_for(store, clock)
    await insights.start()
    first = await insights.record(ENGLISH, "en", result)
    await insights.stop()  # writes what waits
    assert first == 1 and await store.question_text(first) is not None
    await store.prune_questions(clock.now + dt.timedelta(seconds=1))
    restarted = insights_for(store, clock)
    ids = [await restarted.record(ENGLISH, "en", result) for _ in range(250)]
    # never a pruned question's id, nor one of the block the first run had reserved
    assert ids == list(range(RESERVED_IDS + 1, RESERVED_IDS + 251))
    with sqlite3.connect(store.path) as conn:  # 200 were written at once, the rest wait
        assert conn.execute("SELECT COUNT(*) FROM questions").fetchone()[0] == 200
    await restarted.stop()
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM questions").fetchone()[0] == 250


async def test_two_processes_recording_on_one_database_lose_nothing(
    database: str | Path, clock: Clock, kb: KnowledgeBase
) -> None:
    """Two bot processes on one database each number and batch their questions: their ids
    must not collide, or a whole batch is refused and lost."""
    result = search(kb, ENGLISH)
    async with (
        await Storage.open(database, clock=clock) as first,
        await Storage.open(database, clock=clock) as second,
    ):
        writers = [insights_for(first, clock), insights_for(second, clock)]
        asked: dict[int, str] = {}
        for n in range(60):
            text = f"question {n} from process {n % 2}"
            question_id = await writers[n % 2].record(text, "en", result)
            assert question_id is not None and question_id not in asked
            asked[question_id] = text
            if n == 30:
                await writers[0].flush()  # one process writes while the other still waits
        for writer in writers:
            await writer.stop()
        for question_id, text in asked.items():  # each id names its own question, in both
            assert await first.question_text(question_id) == text
            assert await second.question_text(question_id) == text
        assert await first.record_question("one more", "en", "no_answer") not in asked
        # an id given by hand past the counter (as a copy does) is never given again
        await second.record_questions(
            [NewQuestion(500, "by hand", "en", "no_answer", None, clock.now)]
        )
        assert await first.record_question("after it", "en", "no_answer") > 500
        assert (await insights_for(second, clock).record(ENGLISH, "en", result) or 0) > 500
