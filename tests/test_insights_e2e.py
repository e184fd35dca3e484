"""Question insights end to end, through the strict fake Bot API over HTTP.

Two delegates ask what the bot cannot answer; a delegate may not see the insights; the admin
sees the question counted twice, with nobody's id; two presses later the same question gets
R1.24 as its answer, and ``/kb rollback`` takes that back. Every reply must have been accepted
by the server (``server.errors == []``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.live import LiveKnowledge
from handlers import callbacks as cb
from handlers.render.kbadmin import activate_data
from knowledge.models import KnowledgeBase, Paragraph
from tests.conftest import ADMIN_ID, BotFactory
from tests.fake_bot_api import BotMessage, FakeBotApi
from tests.test_bot_e2e import Person

TIMEOUT = 5.0
ANA, BO = 801001, 802002
QUESTION = "How many people are covered by cellular networks?"
AGAIN = "how many people are covered by cellular networks"
NORMALISED = "how many people are covered by cellular networks"


async def press_for_new_message(person: Person, message: BotMessage, data: str) -> BotMessage:
    before = len(person.server.sent(person.id))
    await person.press(message, data)
    await person.server.wait_for(lambda: len(person.server.sent(person.id)) > before, TIMEOUT)
    return person.server.sent(person.id)[before]


async def press_for_edit(person: Person, message: BotMessage, data: str) -> tuple[str, BotMessage]:
    edits = person.current(message).edits
    answer = await person.press(message, data)
    await person.server.wait_for(lambda: person.current(message).edits > edits, TIMEOUT)
    return answer.text or "", person.current(message)


def is_r124_answer(message: BotMessage, kb: KnowledgeBase) -> bool:
    paragraph = kb.get("R1.24")
    assert isinstance(paragraph, Paragraph)
    text = message.text or ""
    return "(R1.24)" in text and paragraph.text[:20] in text


async def test_unanswered_question_to_fixed_answer_in_two_presses_and_back(
    server: FakeBotApi, start_bot: BotFactory, kb: KnowledgeBase, tmp_path: Path
) -> None:
    async with start_bot(knowledge=LiveKnowledge.of(kb)):
        ana = Person(server, ANA, "en", name="Ana")
        bo = Person(server, BO, "zh-hans", name="Bo")
        admin = Person(server, ADMIN_ID, "en", name="Admin")

        # Two delegates ask what the bot cannot answer.
        first = await ana.one(QUESTION)
        second = await bo.one(AGAIN)
        assert (first.text or "").startswith("I found no good answer to")
        assert (second.text or "").startswith("报告中没有找到")
        assert not is_r124_answer(first, kb)
        # Its suggestions note which record a delegate picks for the question.
        assert any(d.startswith("v1|pick|") and d.endswith("|R1.24") for d in first.callback_data)

        # A delegate's /insights is refused, and the attempt is audited.
        refused = await ana.one("/insights")
        assert refused.text == "Only administrators can see the questions delegates asked."

        # The admin sees the question, counted twice, and nobody's id or name.
        listing = await admin.one("/insights")
        text = listing.text or ""
        assert f"1. “{NORMALISED}” — 2× (no answer 2)" in text
        assert "never who asked" in text
        for secret in (str(ANA), str(BO), "Ana", "Bo"):
            assert secret not in text
            assert not any(secret in data for data in listing.callback_data)
        add = next(d for d in listing.callback_data if d.startswith("in1|a|") and "R1.24" in d)
        label = next(b["text"] for b in listing.buttons if b.get("callback_data") == add)
        assert label == "1. Add as a way to ask for R1.24"

        # Press one: the fix is previewed as a new knowledge-base version.
        proposal = await press_for_new_message(admin, listing, add)
        shown = proposal.text or ""
        assert shown.startswith(
            f"“{NORMALISED}” becomes a way to ask for R1.24 (key words: “people are covered by"
            " cellular networks”)."
        )
        assert "Preview: question for R1.24" in shown and "(stored as version 2" in shown
        assert "Compared with the live knowledge base (file cstd-23.yaml):" in shown
        assert "aliases: 1 added" in shown
        assert proposal.callback_data[0] == activate_data(2, None)
        assert not is_r124_answer(await ana.one(QUESTION), kb)  # nothing is live yet

        # Press two: activated; the same question now gets R1.24 as its answer.
        answer, activated = await press_for_edit(admin, proposal, activate_data(2, None))
        assert answer == "Version 2 is live"
        assert (activated.text or "").startswith("Version 2 is live.")
        fixed = await bo.one(QUESTION)
        assert is_r124_answer(fixed, kb)
        assert "这是你要找的答案吗？" in (fixed.text or "")
        votes = [d for d in fixed.callback_data if d.startswith("v1|fb|")]
        assert [d.rsplit("|", 1)[1] for d in votes] == ["u", "d"]

        # 👍 once: a quiet note, the vote buttons go, nothing is added to the chat.
        sent_before = len(server.sent(BO))
        note, after = await press_for_edit(bo, fixed, votes[0])
        assert note == "谢谢！"
        assert not any(d.startswith("v1|fb|") for d in after.callback_data)
        assert len(server.sent(BO)) == sent_before
        again = await bo.press(fixed, votes[1], check_keyboard=False)
        assert again.text == "这个回答已经评价过了。"

        # /kb rollback undoes it: version 1 is the file as it was live.
        rollback = await admin.one("/kb rollback 1")
        assert "Compared with the live knowledge base (version 2):" in (rollback.text or "")
        await press_for_edit(admin, rollback, rollback.callback_data[0])
        back = await ana.one(QUESTION)
        assert not is_r124_answer(back, kb)
        assert (back.text or "").startswith("I found no good answer to")

        audit = (await admin.one("/audit")).text or ""
        assert "insights.alias" in audit and "access.denied" in audit

    # Nothing kept about a question names who asked it.
    with sqlite3.connect(tmp_path / "bot.sqlite3") as conn:
        rows = conn.execute("SELECT * FROM questions").fetchall()
    assert len(rows) >= 5
    assert {row[1] for row in rows} == {NORMALISED}
    for row in rows:
        assert not {str(ANA), str(BO), "Ana", "Bo"} & {str(value) for value in row}
    assert server.errors == []


async def test_feedback_and_picks_in_three_languages(
    server: FakeBotApi, start_bot: BotFactory, kb: KnowledgeBase, tmp_path: Path
) -> None:
    async with start_bot():
        for user_id, code, ask, thanks in (
            (
                811,
                "zh-hans",
                "这是你要找的答案吗？",
                "谢谢！管理员会看到这个问题，并可以改进回答。",
            ),
            (
                812,
                "zh-hant",
                "這是你要找的答案嗎？",
                "謝謝！管理員會看到這個問題，並可以改進回答。",
            ),
            (813, "en", "Was this what you were looking for?", "Thanks! The administrators"),
        ):
            person = Person(server, user_id, code)
            answer = await person.one("妇女上网比男子低多少")
            assert ask in (answer.text or "") and "(R1.49)" in (answer.text or "")
            down = next(
                d for d in answer.callback_data if d.startswith("v1|fb|") and d.endswith("|d")
            )
            note, _ = await press_for_edit(person, answer, down)
            assert note.startswith(thanks)
            pick = next(d for d in answer.callback_data if d.startswith("v1|pick|"))
            record_id = cb.decode(pick).arg(1)  # type: ignore[union-attr]
            shown = await press_for_new_message(person, answer, pick)
            assert f"({record_id})" in (shown.text or "")
        admin = Person(server, ADMIN_ID, "zh-hant")
        listing = (await admin.one("/insights 7")).text or ""
        assert "最近 7 天沒有得到可靠回答的問題" in listing
        assert "“妇女上网比男子低多少” — 3 次（👎 3，改選 3）" in listing
        assert "回答評價：👍 0 · 👎 3" in listing
        usage = await admin.one("/insights soon")
        assert (usage.text or "").startswith("用法：/insights [天數]")
        typed = await admin.one("/insights add R9.99 手机用户有多少")
        assert typed.text == "沒有記錄 R9.99。"
    with sqlite3.connect(tmp_path / "bot.sqlite3") as conn:
        picked = conn.execute("SELECT COUNT(*) FROM questions WHERE picked IS NOT NULL").fetchone()
    assert picked[0] == 3
    assert server.errors == []
