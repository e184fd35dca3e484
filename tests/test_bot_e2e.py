"""The bot end to end: the real Application polls the strict fake Bot API over HTTP.

Every test plays users through ``FakeBotApi`` and reads what they would see; every reply must
have been accepted by the server (``server.errors == []``).
"""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from bot.live import LiveKnowledge
from bot.ratelimit import FloodPolicy
from handlers import callbacks as cb
from knowledge.models import KnowledgeBase, Resolution
from tests.support.app import ADMIN_ID, BotFactory
from tests.support.fake_bot_api import FakeBotApi
from tests.support.people import Person, assert_buttons_fit, button_data

R1_49 = "妇女使用互联网的几率比男子低 17%"
R1_49_HANT = "婦女使用互聯網的幾率比男子低 17%"
TIMEOUT = 5.0


# ---------------------------------------------------------------------------------------------
# Starting, commands menu, languages


async def test_start_registers_command_menus(server: FakeBotApi, start_bot: BotFactory) -> None:
    async with start_bot():
        for scope in ("all_private_chats", "all_group_chats"):
            for language in ("", "zh", "en"):
                commands = [c["command"] for c in server.commands_for(scope, language)]
                assert {"agenda", "res", "meetings", "bureau"} <= set(commands), (scope, language)
        zh = {
            c["command"]: c["description"] for c in server.commands_for("all_private_chats", "zh")
        }
        en = {
            c["command"]: c["description"] for c in server.commands_for("all_private_chats", "en")
        }
        assert zh["bureau"] == "主席团成员" and en["bureau"] == "The officers (bureau)"
        assert "lang" in zh and "lang" not in {
            c["command"] for c in server.commands_for("all_group_chats", "zh")
        }
    assert server.errors == []


@pytest.mark.parametrize(
    ("language_code", "greeting", "paragraph_word"),
    [
        ("zh-hans", "你好", "决议草案一"),
        ("zh-TW", "你好", "決議草案一"),
        ("zh-hk", "你好", "決議草案一"),
        ("en", "Hello", "Draft resolution I"),
        ("fr", "Hello", "Draft resolution I"),
    ],
)
async def test_first_contact_picks_the_language(
    server: FakeBotApi,
    start_bot: BotFactory,
    language_code: str,
    greeting: str,
    paragraph_word: str,
) -> None:
    async with start_bot():
        ana = Person(server, 101, language_code)
        welcome = await ana.one("/start")
        assert welcome.text is not None and greeting in welcome.text
        assert "E/2020/31" in welcome.text
        answer = await ana.one("/res 1 49")
        assert answer.text is not None and paragraph_word in answer.text
    assert server.errors == []


async def test_paragraph_answer_with_text_footnotes_and_buttons(
    server: FakeBotApi, start_bot: BotFactory
) -> None:
    async with start_bot():
        ana = Person(server, 102)
        answer = await ana.one("/res 1 49")
        assert answer.text is not None
        assert R1_49 in answer.text
        assert "决议草案一 · 第 49 段" in answer.text and "(R1.49)" in answer.text
        assert "节：总结：审查信息社会世界峰会成果的执行情况" in answer.text
        assert_buttons_fit(answer)
        assert cb.encode("p", "R1.48") in answer.callback_data
        assert cb.encode("p", "R1.50") in answer.callback_data
        assert cb.encode("s", "R1", 0, 0) in answer.callback_data

        footnoted = await ana.one("/res 1 2")
        assert footnoted.text is not None and "脚注" in footnoted.text
        assert "A/C.2/59/3" in footnoted.text or "所有利益攸关方" in footnoted.text

        # previous/next edit the message in place
        moved = await ana.press_and_wait_edit(answer, cb.encode("p", "R1.50"))
        assert moved.text is not None and "第 50 段" in moved.text
        assert len(server.sent(ana.id)) == 2
    assert server.errors == []


async def test_res_addressing_variants(
    server: FakeBotApi, start_bot: BotFactory, kb: KnowledgeBase
) -> None:
    async with start_bot():
        ana = Person(server, 103)
        for command, record_id in [
            ("/res 2 a 3", "R2.a.3"),
            ("/res R1.84.a", "R1.84.a"),
            ("/para 1 24", "R1.24"),
            ("/resolution 1 24", "R1.24"),
            ("/res 1 pre 5", "R1.pre.5"),
            ("/res D1.b", "D1.b"),
        ]:
            answer = await ana.one(command)
            record = kb.get(record_id)
            assert answer.text is not None and f"({record_id})" in answer.text, command
            first_line = record.text.splitlines()[0] if hasattr(record, "text") else ""
            assert first_line[:20] in answer.text, command
        listing = await ana.one("/res")
        assert listing.text is not None
        for resolution in kb.resolutions:
            assert f"({resolution.id})" in listing.text
    assert server.errors == []


async def test_long_list_is_paginated_in_place(
    server: FakeBotApi, start_bot: BotFactory, kb: KnowledgeBase
) -> None:
    resolution = kb.resolution("R1")
    assert resolution is not None
    async with start_bot():
        ana = Person(server, 104)
        outline = await ana.one("/res 1")
        assert outline.text is not None
        for section in resolution.sections:
            assert section.title in outline.text
        assert "第 1–59 段" in outline.text or "第 1–" in outline.text
        paragraphs_button = cb.encode("o", "R1", 0)
        assert paragraphs_button in outline.callback_data

        page = await ana.press_and_wait_edit(outline, paragraphs_button)
        assert page.text is not None and "1/11" in str(page.reply_markup)
        first_ids = [d for d in page.callback_data if d.startswith("v1|r|R1.")]
        assert len(first_ids) == 10
        page2 = await ana.press_and_wait_edit(page, cb.encode("o", "R1", 1))
        second_ids = [d for d in page2.callback_data if d.startswith("v1|r|R1.")]
        assert second_ids and not set(second_ids) & set(first_ids)
        last = await ana.press_and_wait_edit(page2, cb.encode("o", "R1", 10))
        assert cb.encode("r", "R1.90") in last.callback_data or any(
            "R1.9" in d for d in last.callback_data
        )
        # the counter button does nothing, but is answered
        counter = button_data(last, lambda d: d == "v1|n")
        answered = await ana.press(last, counter)
        assert answered.text is None
        # the whole section of a paragraph, paged by size, edited in place
        answer = await ana.one("/res 1 30")
        section = await ana.press_and_wait_edit(answer, cb.encode("s", "R1", 0, 0))
        assert (
            section.text is not None and "总结：审查信息社会世界峰会成果的执行情况" in section.text
        )
        assert len(section.text) <= 4096
        assert_buttons_fit(section)
        # everything happened in two messages: no page was sent as a new one
        assert len(server.sent(ana.id)) == 2
    assert server.errors == []


async def test_search_inside_one_resolution(server: FakeBotApi, start_bot: BotFactory) -> None:
    async with start_bot():
        ana = Person(server, 105)
        answer = await ana.one("/res 1 数字鸿沟")
        assert answer.text is not None
        assert "在决议草案一中搜索“数字鸿沟”" in answer.text
        ids = [d.split("|")[2] for d in answer.callback_data if d.startswith(("v1|r|", "v1|p|"))]
        assert ids and all(i.startswith("R1.") for i in ids)
    assert server.errors == []


@pytest.mark.parametrize(
    ("language_code", "usage_word"),
    [("zh-hans", "用法"), ("zh-hant", "用法"), ("en", "Usage")],
)
async def test_wrong_arguments_get_a_one_line_hint(
    server: FakeBotApi, start_bot: BotFactory, language_code: str, usage_word: str
) -> None:
    async with start_bot():
        ana = Person(server, 106, language_code)
        for command, must_contain in [
            ("/res 1 999", "999"),
            ("/res abc", usage_word),
            ("/res 9", "R9"),
            ("/agenda 42", "42"),
            ("/meetings 9", "9"),
            ("/docs E/CN.16/2020/99", "E/CN.16/2020/99"),
            ("/nosuchcommand", "/nosuchcommand"),
            ("/lang klingon", "klingon"),
            ("/tz Mars/Olympus", "Mars/Olympus"),
            ("/subscribe nothing", "nothing"),
            ("/search", usage_word),
        ]:
            reply = await ana.one(command)
            assert reply.text is not None, command
            assert must_contain in reply.text, (command, reply.text)
            assert usage_word in reply.text or "/help" in reply.text, (command, reply.text)
            assert len(reply.text.splitlines()) <= 2, (command, reply.text)
        # a missing paragraph offers the nearest real ones
        missing = await ana.one("/res 1 999")
        assert cb.encode("r", "R1.90") in missing.callback_data
    assert server.errors == []


async def test_deep_link_opens_the_paragraph(server: FakeBotApi, start_bot: BotFactory) -> None:
    async with start_bot():
        ana = Person(server, 107)
        opened = await ana.one("/start R1_24")
        assert opened.text is not None and "(R1.24)" in opened.text and "第 24 段" in opened.text
        document = await ana.one("/start E-CN_16-2020-2")
        assert document.text is not None and "E/CN.16/2020/2" in document.text
        stale = await ana.one("/start R9_999")
        assert stale.text is not None and "不存在" in stale.text and "你好" in stale.text
    assert server.errors == []


async def test_traditional_chinese_shows_converted_report_text(
    server: FakeBotApi, start_bot: BotFactory
) -> None:
    async with start_bot():
        mei = Person(server, 108, "zh-tw")
        answer = await mei.one("/res 1 49")
        assert answer.text is not None
        assert R1_49_HANT in answer.text
        assert R1_49 not in answer.text
        assert "決議草案一 · 第 49 段" in answer.text
        agenda = await mei.one("/agenda")
        assert agenda.text is not None and "議程" in agenda.text
    assert server.errors == []


async def test_english_interface_keeps_the_report_in_chinese(
    server: FakeBotApi, start_bot: BotFactory
) -> None:
    async with start_bot():
        sam = Person(server, 109, "en")
        answer = await sam.one("/res 1 49")
        assert answer.text is not None
        assert "Draft resolution I · paragraph 49 (R1.49)" in answer.text
        assert R1_49 in answer.text
        assert "Terms:" in answer.text and "gender digital divide" in answer.text
        bureau = await sam.one("/bureau")
        assert bureau.text is not None and "Chair: Peter Major (Hungary)" in bureau.text
        agenda = await sam.one("/agenda")
        assert agenda.text is not None and "Agenda of the 23rd session" in agenda.text
    assert server.errors == []


async def test_language_buttons_and_direct_choice(
    server: FakeBotApi, start_bot: BotFactory
) -> None:
    async with start_bot():
        ana = Person(server, 110, "zh-hans")
        menu = await ana.one("/lang")
        assert menu.text is not None and "请选择界面语言" in menu.text
        assert set(menu.callback_data) == {
            cb.encode("lang", "zh-Hans"),
            cb.encode("lang", "zh-Hant"),
            cb.encode("lang", "en"),
        }
        chosen = await ana.press_and_wait_edit(menu, cb.encode("lang", "en"))
        assert chosen.text is not None and "The interface is now in English" in chosen.text
        welcome = await ana.one("/start")
        assert welcome.text is not None and "Hello" in welcome.text
        switched = await ana.one("/lang zh-Hant")
        assert switched.text is not None and "繁體" in switched.text
        answer = await ana.one("/res 1 49")
        assert answer.text is not None and R1_49_HANT in answer.text
    async with start_bot():  # the choice is stored: a restarted bot remembers it
        again = await ana.one("/res 1 49")
        assert again.text is not None and "決議草案一" in again.text
    assert server.errors == []


# ---------------------------------------------------------------------------------------------
# Agenda, bureau, meetings, documents


async def test_agenda(server: FakeBotApi, start_bot: BotFactory, kb: KnowledgeBase) -> None:
    async with start_bot():
        ana = Person(server, 111)
        agenda = await ana.one("/agenda")
        assert agenda.text is not None and "第二十三届会议议程" in agenda.text
        for item in kb.agenda:
            if item.session == 23:
                assert item.title in agenda.text
        assert "没有正式通过本届会议的议程" in agenda.text
        assert "审议：第 2 次会议" in agenda.text
        item = await ana.one("/agenda 3")
        assert (
            item.text is not None
            and "议程项目 3" in item.text
            and "E/CN.16/2020/CRP.1" in item.text
        )
        sub = await ana.one("/agenda 3(a)")
        assert sub.text is not None and "利用快速技术变革促进包容和可持续的发展" in sub.text
        nxt = await ana.one("/agenda next")
        assert nxt.text is not None and "第二十四届会议临时议程" in nxt.text
        assert "利用区块链促进可持续发展" in nxt.text
        # the agenda's item buttons open items
        opened = await ana.press(agenda, cb.encode("r", "A23.4"))
        assert opened.text is None
        await server.wait_for(lambda: len(server.sent(ana.id)) >= 5, TIMEOUT)
        item4 = server.sent(ana.id)[4]
        assert item4.text is not None and "议程项目 4" in item4.text
    assert server.errors == []


async def test_bureau(server: FakeBotApi, start_bot: BotFactory) -> None:
    async with start_bot():
        ana = Person(server, 112)
        bureau = await ana.one("/bureau")
        text = bureau.text
        assert text is not None
        assert text.index("第二十四届会议主席团") < text.index("第二十三届会议主席团")
        assert "主席：彼得·毛约尔 (匈牙利)" in text
        assert "2020 年 6 月 12 日结束的无异议程序" in text
        assert text.count("推迟选举") >= 3
        assert "(亚洲-太平洋国家)" in text
        assert "Kekgonne Edinton Baipoledi (博茨瓦纳)" in text
    assert server.errors == []


async def test_meetings_with_the_users_timezone(
    server: FakeBotApi, start_bot: BotFactory, live: LiveKnowledge, kb: KnowledgeBase
) -> None:
    import datetime as dt

    timed = dataclasses.replace(
        kb,
        meetings=tuple(
            dataclasses.replace(m, start=dt.time(10, 0), end=dt.time(13, 0)) for m in kb.meetings
        ),
    )
    async with start_bot(knowledge=LiveKnowledge.of(timed)):
        ana = Person(server, 113)
        listing = await ana.one("/meetings")
        assert listing.text is not None
        assert "第 1 次会议 · 2020 年 6 月 10 日（星期三）" in listing.text
        assert "10:00–13:00（日内瓦时间）" in listing.text
        assert "/tz" in listing.text
        tz = await ana.one("/tz Asia/Shanghai")
        assert tz.text is not None and "Asia/Shanghai" in tz.text
        one = await ana.one("/meetings 2")
        assert one.text is not None
        assert "你的时间（Asia/Shanghai）：16:00–19:00" in one.text
        assert "发言者" in one.text and "张锋" in one.text
        alias = await ana.one("/dates")
        assert alias.text is not None and "第 3 次会议" in alias.text
        cleared = await ana.one("/tz off")
        assert cleared.text is not None and "日内瓦" in cleared.text
    assert server.errors == []


async def test_documents(server: FakeBotApi, start_bot: BotFactory, kb: KnowledgeBase) -> None:
    async with start_bot():
        ana = Person(server, 114)
        listing = await ana.one("/docs")
        assert listing.text is not None
        for document in kb.documents:
            assert document.symbol in listing.text
        one = await ana.one("/docs e/cn.16/2020/2")
        assert one.text is not None and "E/CN.16/2020/2" in one.text
        assert "议程项目 3(a)" in one.text
    assert server.errors == []


# ---------------------------------------------------------------------------------------------
# Search, inline mode, groups


async def test_plain_text_goes_through_search(server: FakeBotApi, start_bot: BotFactory) -> None:
    async with start_bot():
        ana = Person(server, 115)
        answer = await ana.one("妇女上网比男子低多少")
        assert answer.text is not None and R1_49 in answer.text
        # did you mean …, noting the pick for the question (handlers.feedback)
        assert any(d.startswith("v1|pick|") for d in answer.callback_data)
        via_command = await ana.one("/search 妇女上网比男子低多少")
        assert via_command.text == answer.text
        nothing = await ana.one("xyzzy qwerty")
        assert nothing.text is not None and "没有找到" in nothing.text
        assert "/agenda" in nothing.text and "/help" in nothing.text
        english = await ana.one("who chairs the 24th session")
        assert english.text is not None and "彼得·毛约尔" in english.text
    assert server.errors == []


async def test_inline_mode_offers_paragraphs(server: FakeBotApi, start_bot: BotFactory) -> None:
    async with start_bot():
        ana = Person(server, 116)
        update = server.inline_query(ana.id, "妇女上网比男子低多少")
        query_id = update.inline_query_id
        assert query_id is not None
        await server.wait_for(lambda: query_id in server.inline_answers, TIMEOUT)
        answer = server.inline_answers[query_id]
        assert 1 <= len(answer.results) <= 50
        first = answer.results[0]
        assert first["id"] == "R1.49"
        assert R1_49 in first["input_message_content"]["message_text"]
        empty = server.inline_query(ana.id, "")
        empty_id = empty.inline_query_id
        assert empty_id is not None
        await server.wait_for(lambda: empty_id in server.inline_answers, TIMEOUT)
        assert server.inline_answers[empty_id].results == []
        hostile = server.inline_query(ana.id, "<b>&</i>")
        hostile_id = hostile.inline_query_id
        assert hostile_id is not None
        await server.wait_for(lambda: hostile_id in server.inline_answers, TIMEOUT)
    assert server.errors == []


async def test_groups_answer_only_commands_mentions_and_replies(
    server: FakeBotApi, start_bot: BotFactory
) -> None:
    group = -100777
    async with start_bot():
        server.add_group(group, "Delegates")
        ana = Person(server, 117)
        ana_chat = {"chat_id": group}
        agenda = await ana.one("/agenda", **ana_chat)
        assert agenda.text is not None and "第二十三届会议议程" in agenda.text
        assert agenda.reply_to_message_id is not None
        # plain text without a mention is ignored; the command after it is answered first
        server.send_message(ana.id, "妇女上网比男子低多少", chat_id=group)
        server.send_message(ana.id, "/nosuchcommand", chat_id=group)
        bureau = await ana.one("/bureau", **ana_chat)
        assert bureau.text is not None and "主席团" in bureau.text
        assert len(server.sent(group)) == 2
        mentioned = await ana.one(f"@{server.bot_username} 妇女上网比男子低多少", **ana_chat)
        assert mentioned.text is not None and R1_49 in mentioned.text
        replied = await ana.one(
            "谁是第二十四届会议主席", chat_id=group, reply_to=mentioned.message_id
        )
        assert replied.text is not None and "彼得·毛约尔" in replied.text
        addressed = await ana.one(f"/nosuchcommand@{server.bot_username}", **ana_chat)
        assert addressed.text is not None and "/nosuchcommand" in addressed.text
        named = await ana.one(f"/res@{server.bot_username} 1 49", **ana_chat)
        assert named.text is not None and R1_49 in named.text
    assert server.errors == []


# ---------------------------------------------------------------------------------------------
# Hostile input, long answers


HOSTILE = [
    "<b>",
    "</i>",
    "a & b",
    "*_[`",
    "<script>alert(1)</script>",
    "&amp; &lt; &#0;",
    "😀🇺🇳 数字鸿沟 👩‍💻",
    "مرحبا بكم في اللجنة \u202e数字鸿沟",
    "null\x00byte\x00数字",
    "\x00",
    "x" * 4096,
    "数字鸿沟" * 1024,
    "/res <b> </i>",
    "/agenda <i>",
    "/docs <&>",
    "/search " + "*_[" * 300,
]


async def test_hostile_input_is_answered_safely(server: FakeBotApi, start_bot: BotFactory) -> None:
    async with start_bot(flood=FloodPolicy(limit=100, window=10)):
        ana = Person(server, 118)
        for text in HOSTILE:
            reply = await ana.one(text)
            assert reply.text, repr(text[:30])
            assert_buttons_fit(reply)
        for text in ("<b>", "a & b", "<script>alert(1)</script>"):
            reply = await ana.one(text)
            assert reply.text is not None
            # what the user typed comes back as text, never as markup
            assert reply.source is not None and "<script>" not in reply.source
    assert server.errors == []


async def test_a_giant_paragraph_is_split_into_accepted_messages(
    server: FakeBotApi, start_bot: BotFactory, kb: KnowledgeBase
) -> None:
    resolution = kb.resolution("R1")
    assert resolution is not None
    sentence = "重申承诺全面落实世界峰会成果和 <愿景> & “目标”。"
    giant_text = sentence * 400  # about 11,000 characters, one paragraph
    paragraphs = tuple(
        dataclasses.replace(p, text=giant_text) if p.id == "R1.3" else p
        for p in resolution.paragraphs
    )
    giant_kb = dataclasses.replace(
        kb,
        resolutions=tuple(
            dataclasses.replace(r, paragraphs=paragraphs) if r.id == "R1" else r
            for r in kb.resolutions
        ),
    )
    async with start_bot(knowledge=LiveKnowledge.of(giant_kb)):
        ana = Person(server, 119)
        replies = await ana.say("/res 1 3", replies=3)
        await asyncio.sleep(0.2)
        replies = server.sent(ana.id)
        assert len(replies) >= 3
        joined = "".join(r.text or "" for r in replies)
        assert joined.count("<愿景> & “目标”") == 400
        for reply in replies:
            assert reply.text is not None and len(reply.text) <= 4096
            assert reply.text.rstrip().endswith(("。", "》", ")")) or reply is replies[-1]
        assert replies[-1].reply_markup is not None  # the buttons come with the last part
        assert all(r.reply_markup is None for r in replies[:-1])
    assert server.errors == []


# ---------------------------------------------------------------------------------------------
# Subscriptions


async def test_subscriptions(server: FakeBotApi, start_bot: BotFactory) -> None:
    async with start_bot():
        ana = Person(server, 120)
        menu = await ana.one("/subscribe")  # nothing yet: all notices at once, then the topics
        assert menu.text is not None and "已订阅全部通知" in menu.text
        assert cb.encode("sub", "M2") in menu.callback_data
        answered = await ana.press(menu, cb.encode("sub", "M2"))  # narrows it down
        assert answered.text is not None and "现在只接收：第 2 次会议" in answered.text
        await server.wait_for(lambda: ana.current(menu).edits >= 1, TIMEOUT)
        updated = ana.current(menu)
        assert cb.encode("unsub", "M2") in updated.callback_data
        assert updated.text is not None and "你已订阅：第 2 次会议" in updated.text
        done = await ana.one("/subscribe bureau")
        assert done.text is not None and "已订阅：主席团" in done.text
        again = await ana.one("/subscribe BUREAU")
        assert again.text is not None and "已经订阅" in again.text
        item = await ana.one("/subscribe a23.3")
        assert item.text is not None and "议程项目 3" in item.text
        one = await ana.one("/unsubscribe M2")
        assert one.text is not None and "已取消订阅：第 2 次会议" in one.text
        everything = await ana.one("/unsubscribe")
        assert everything.text is not None and "2" in everything.text
        nothing = await ana.one("/unsubscribe")
        assert nothing.text is not None and "没有可以取消的" in nothing.text
    assert server.errors == []


# ---------------------------------------------------------------------------------------------
# Flood control, ordering, restarts, errors


async def test_flood_control_is_per_user_and_polite(
    server: FakeBotApi, start_bot: BotFactory
) -> None:
    async with start_bot(flood=FloodPolicy(limit=10, window=30)):
        flooder = Person(server, 121)
        calm = Person(server, 122)
        for number in range(1, 31):
            server.send_message(flooder.id, f"/res 1 {number}")
        reply = await calm.one("/res 1 49")
        assert reply.text is not None and R1_49 in reply.text
        await server.wait_for(lambda: len(server.sent(flooder.id)) >= 11, TIMEOUT)
        await asyncio.sleep(0.3)
        sent = server.sent(flooder.id)
        assert len(sent) == 11
        notes = [m for m in sent if m.text and "消息太快了" in m.text]
        assert len(notes) == 1 and sent[-1] is notes[0]
        assert [
            f"(R1.{n})" in (m.text or "") for n, m in zip(range(1, 11), sent, strict=False)
        ] == [True] * 10
    assert server.errors == []


async def test_each_users_answers_stay_in_order(server: FakeBotApi, start_bot: BotFactory) -> None:
    async with start_bot():
        people = [Person(server, 200 + i) for i in range(8)]
        for number in range(1, 16):
            for person in people:
                server.send_message(person.id, f"/res 1 {number}")
        for person in people:
            await server.wait_for(lambda p=person: len(server.sent(p.id)) >= 15, TIMEOUT * 2)
            order = [m.text for m in server.sent(person.id)]
            for number, text in enumerate(order, start=1):
                assert text is not None and f"(R1.{number})" in text
    assert server.errors == []


async def test_buttons_work_after_a_restart(server: FakeBotApi, start_bot: BotFactory) -> None:
    ana = Person(server, 123)
    async with start_bot():
        answer = await ana.one("/res 1 49")
    async with start_bot():
        moved = await ana.press_and_wait_edit(answer, cb.encode("p", "R1.50"))
        assert moved.text is not None and "第 50 段" in moved.text
        stale = await ana.press(moved, "v0|p|R1.1", check_keyboard=False)
        assert stale.text is not None and "过期" in stale.text
        gone = await ana.press(moved, cb.encode("r", "R1.999"), check_keyboard=False)
        assert gone.text is not None and "不存在" in gone.text
    assert server.errors == []


async def test_an_unexpected_error_is_reported_to_user_and_admins(
    server: FakeBotApi, start_bot: BotFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import handlers.bureau

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("renderer <exploded> & more")

    monkeypatch.setattr(handlers.bureau, "render_bureau", broken)
    server.add_user(ADMIN_ID, "Admin", started=True)
    async with start_bot():
        ana = Person(server, 124)
        sorry = await ana.one("/bureau")
        assert sorry.text is not None and "出了点问题" in sorry.text
        await server.wait_for(lambda: len(server.sent(ADMIN_ID)) >= 1, TIMEOUT)
        notice = server.sent(ADMIN_ID)[0]
        assert notice.text is not None
        assert "RuntimeError: renderer <exploded> & more" in notice.text
        fine = await ana.one("/res 1 49")  # the bot keeps working
        assert fine.text is not None and R1_49 in fine.text
    assert server.errors == []


async def test_resolution_records_render_for_every_paragraph(
    server: FakeBotApi, start_bot: BotFactory, kb: KnowledgeBase
) -> None:
    """Every paragraph of every resolution is accepted by the strict server via a deep link."""
    async with start_bot(flood=FloodPolicy(limit=1000, window=1)):
        ana = Person(server, 125)
        ids = [p.id for r in kb.resolutions if isinstance(r, Resolution) for p in r.paragraphs]
        for record_id in ids:
            server.send_message(ana.id, f"/start {cb.deep_link_payload(record_id)}")
        await server.wait_for(lambda: len(server.sent(ana.id)) >= len(ids), TIMEOUT * 4)
        for record_id, message in zip(ids, server.sent(ana.id), strict=True):
            assert message.text is not None and f"({record_id})" in message.text
            assert_buttons_fit(message)
    assert server.errors == []


async def test_the_httpx_fallback_transport_works_too(
    server: FakeBotApi, start_bot: BotFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without aiohttp the bot talks through python-telegram-bot's httpx request, bounded."""
    import bot.transport

    monkeypatch.setattr(bot.transport, "aiohttp", None)
    assert isinstance(bot.transport.make_request(), bot.transport.BoundedHTTPXRequest)
    async with start_bot():
        ana = Person(server, 126)
        answer = await ana.one("/res 1 49")
        assert answer.text is not None and R1_49 in answer.text
        moved = await ana.press_and_wait_edit(answer, cb.encode("p", "R1.50"))
        assert moved.text is not None and "第 50 段" in moved.text
    assert server.errors == []
