"""Who a notice reaches, and why: the one place that turns a notice's address into recipients.

A notice is addressed to **topics** people subscribe to (``all``, ``bureau``, a meeting ``M2``,
an agenda item ``A23.3``) and/or to **named lists** of people kept by admins (``bureau``, a
regional group …), which reach their members whatever they subscribed to.

A subscription covers more than its own topic: one to an agenda item also covers its
sub-items and the meetings where the item or a sub-item is taken up (:func:`covers`). So a
notice to a topic reaches, in this order of reasons:

1. the members of each addressed list who have written to the bot (Telegram lets a bot write
   only to people who started it; the others are counted as unreachable);
2. the subscribers of each addressed topic, then those of the topics that cover it (a notice
   to ``M2`` reaches the subscribers of the agenda items taken up at meeting 2);
3. the subscribers of "all notices" — and, for a notice to everyone, every chat subscribed to
   anything.

A chat is counted once, under the first reason that includes it, so the counts of the reasons
add up to the number of recipients. The preview shows them; ``Storage.queue_notice`` fixes
the same audience when the notice goes out.

Stored form (``notices.topics``): the addressed topics, then one ``list:NAME`` per list; an
empty tuple means every subscriber (as notices stored before lists existed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from bot.i18n import Language, join, plain
from bot.storage import TOPIC_ALL, AudienceSource, PersonList, Storage
from knowledge.models import AgendaItem, KnowledgeBase, Meeting

__all__ = [
    "LIST_PREFIX",
    "Address",
    "AudienceCount",
    "Reason",
    "address_label",
    "address_of",
    "count_audience",
    "covering",
    "covers",
    "reasons_of",
    "sources_of",
    "stored_address",
    "topic_label",
]

#: How a list is written among a notice's stored topics.
LIST_PREFIX: Final = "list:"
#: The source of "every chat subscribed to anything" (a notice to everyone).
ANY: Final = AudienceSource("any")


# == What a subscription covers ==================================================================


def covers(kb: KnowledgeBase | None, topic: str) -> tuple[str, ...]:
    """The topics a subscription to ``topic`` covers besides itself: for an agenda item, its
    sub-items and the meetings where it or a sub-item is taken up."""
    if kb is None:
        return ()
    item = kb.get(topic)
    if not isinstance(item, AgendaItem):
        return ()
    family = {item.id, *(i.id for i in kb.agenda if i.parent == item.id)}
    meetings = {m for i in kb.agenda if i.id in family for m in i.meetings}
    meetings |= {m.id for m in kb.meetings if family & set(m.agenda_items)}
    ordered_meetings = [m.id for m in kb.meetings if m.id in meetings]
    children = [i.id for i in kb.agenda if i.parent == item.id]
    return (*children, *ordered_meetings)


def covering(kb: KnowledgeBase | None, topic: str) -> tuple[str, ...]:
    """The topics whose subscribers a notice to ``topic`` also reaches (besides "all"):
    those that cover it, in the knowledge base's order."""
    if kb is None:
        return ()
    candidates = [*(i.id for i in kb.agenda), *(m.id for m in kb.meetings)]
    return tuple(c for c in candidates if c != topic and topic in covers(kb, c))


# == A notice's address ==========================================================================


@dataclass(frozen=True, slots=True)
class Address:
    """Whom a notice is addressed to: topics (``("all",)`` for everyone) and lists."""

    topics: tuple[str, ...]
    lists: tuple[str, ...] = ()

    @property
    def everyone(self) -> bool:
        return TOPIC_ALL in self.topics


def address_of(stored: Sequence[str]) -> Address:
    """A notice's stored topics as an Address."""
    lists = tuple(s.removeprefix(LIST_PREFIX) for s in stored if s.startswith(LIST_PREFIX))
    topics = tuple(s for s in stored if not s.startswith(LIST_PREFIX))
    if not topics and not lists:
        topics = (TOPIC_ALL,)
    return Address(topics, lists)


def stored_address(topics: Sequence[str], lists: Sequence[str] = ()) -> tuple[str, ...]:
    """What a notice stores for these topics and lists (() for everyone, nothing else)."""
    if not lists and (not topics or TOPIC_ALL in topics):
        return ()
    return (*dict.fromkeys(topics), *(LIST_PREFIX + name for name in dict.fromkeys(lists)))


# == Reasons and counts ==========================================================================


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason chats receive a notice; ``via`` is the addressed topic that a covering
    subscription (``source``) includes."""

    source: AudienceSource
    via: str | None = None


def reasons_of(kb: KnowledgeBase | None, stored: Sequence[str]) -> tuple[Reason, ...]:
    """The reasons of a notice's audience, in the order chats are counted under them."""
    address = address_of(stored)
    reasons: list[Reason] = [Reason(AudienceSource("list", name)) for name in address.lists]
    seen: set[str] = set()
    if address.everyone:
        return (*reasons, Reason(AudienceSource("topic", TOPIC_ALL)), Reason(ANY))
    for topic in address.topics:
        for subscribed, via in ((topic, None), *((c, topic) for c in covering(kb, topic))):
            if subscribed not in seen:
                seen.add(subscribed)
                reasons.append(Reason(AudienceSource("topic", subscribed), via))
    if address.topics:
        reasons.append(Reason(AudienceSource("topic", TOPIC_ALL)))
    return tuple(reasons)


def sources_of(kb: KnowledgeBase | None, stored: Sequence[str]) -> tuple[AudienceSource, ...]:
    """The audience ``Storage.queue_notice`` fixes for a notice's stored topics."""
    return tuple(reason.source for reason in reasons_of(kb, stored))


@dataclass(frozen=True, slots=True)
class AudienceCount:
    """How many chats a notice would reach now, reason by reason, and the state of its lists
    (members, and how many of them can be reached)."""

    reasons: tuple[Reason, ...]
    counts: tuple[int, ...]
    lists: tuple[PersonList, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def unreachable(self) -> int:
        """List members who cannot be reached (they have not written to the bot)."""
        return sum(p.members - p.reachable for p in self.lists)

    def count_of(self, reason: Reason) -> int:
        return self.counts[self.reasons.index(reason)]


async def count_audience(
    store: Storage, kb: KnowledgeBase | None, stored: Sequence[str]
) -> AudienceCount:
    """The audience of a notice with these stored topics, counted now."""
    reasons = reasons_of(kb, stored)
    counts = await store.audience_counts([r.source for r in reasons])
    lists = await store.person_lists(list(address_of(stored).lists))
    return AudienceCount(reasons, tuple(counts), tuple(lists))


# == Names =======================================================================================


def topic_label(kb: KnowledgeBase | None, lang: Language, topic: str) -> str:
    """A topic as a reader says it: "all notices", "meeting 2", "agenda item 3(a)"."""
    if topic in (TOPIC_ALL, "bureau"):
        return plain(lang, f"topic.{topic}")
    record = kb.get(topic) if kb is not None else None
    if isinstance(record, Meeting):
        return plain(lang, "topic.meeting", number=record.number)
    if isinstance(record, AgendaItem):
        return plain(lang, "topic.agenda", number=record.number)
    return topic


def address_label(kb: KnowledgeBase | None, lang: Language, stored: Sequence[str]) -> str:
    """Whom a notice is addressed to, in words: "all subscribers", "subscribers of meeting 2",
    "the list “bureau”" (plain text)."""
    address = address_of(stored)
    parts = [plain(lang, "audience.list", name=name) for name in address.lists]
    if address.everyone:
        parts.insert(0, plain(lang, "notice.audience_all"))
    elif address.topics:
        topics = join(lang, [topic_label(kb, lang, topic) for topic in address.topics])
        parts.insert(0, plain(lang, "audience.subscribers_of", topics=topics))
    return join(lang, parts)
