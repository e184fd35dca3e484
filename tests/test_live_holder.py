"""The live knowledge holder: one reference swapped at once, repeated searches remembered."""

from __future__ import annotations

import dataclasses

from bot import live as live_module
from bot.live import LiveKnowledge
from knowledge.models import KnowledgeBase


async def test_replace_swaps_knowledge_and_index_together(kb: KnowledgeBase) -> None:
    holder = LiveKnowledge.of(kb)
    before = holder.current
    _, answer = await holder.search("妇女上网比男子低多少")
    assert answer.best is not None and answer.best.record.id == "R1.49"
    smaller = dataclasses.replace(kb, resolutions=tuple(r for r in kb.resolutions if r.id != "R1"))
    after = await holder.replace_async(smaller)
    assert holder.current is after and after is not before
    assert after.kb is smaller and before.kb is kb  # a reader holding the old one keeps it
    snapshot, again = await holder.search("妇女上网比男子低多少")
    assert snapshot is after
    assert again.best is None or not again.best.record.id.startswith("R1.")


async def test_repeated_questions_are_answered_from_memory(kb: KnowledgeBase) -> None:
    holder = LiveKnowledge.of(kb)
    _, first = await holder.search("数字鸿沟")
    _, second = await holder.search("数字鸿沟")
    assert second is first
    _, other = await holder.search("数字鸿沟", within="R1")
    assert other is not first
    long_query = "信息社会世界峰会 " * 10  # searched in a worker thread, not remembered
    _, one = await holder.search(long_query)
    _, two = await holder.search(long_query)
    assert one == two and one is not two


async def test_memory_is_bounded(kb: KnowledgeBase) -> None:
    holder = LiveKnowledge.of(kb)
    for number in range(live_module.CACHED_SEARCHES + 50):
        holder.current.remembered_search(f"R1.{number % 90 + 1} {number}")
    assert len(holder.current._recent) == live_module.CACHED_SEARCHES


def test_a_replacement_is_built_with_what_the_first_question_needs(kb: KnowledgeBase) -> None:
    # the dictionary takes a second or two to read: a knowledge base about to replace the
    # live one pays for it before it is in place, so no delegate waits
    from knowledge import dictionary

    dictionary._read_whole.cache_clear()
    live_module.Snapshot.build(kb)
    assert not dictionary.is_loaded()  # building alone stays quick
    live_module.Snapshot.build_warm(kb)
    assert dictionary.is_loaded()


async def test_a_starting_process_warms_up_in_the_background(kb: KnowledgeBase) -> None:
    from knowledge import dictionary

    dictionary._read_whole.cache_clear()
    holder = LiveKnowledge(live_module.Snapshot.build(kb))
    holder.warm_up_soon()  # returns at once; the first answers need not wait for it
    await holder.close()  # waits for the warm-up
    assert dictionary.is_loaded()
    _, answer = await holder.search("did the Japanese delegation speak")
    assert answer.composed is not None and answer.composed.verdict == "yes"
