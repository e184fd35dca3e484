"""Who spoke, who chaired or presided, who was elected: answered from the speakers and seats."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from knowledge.answers.entities import Entity, known_names
from knowledge.answers.question import (
    _BUREAU,
    _CONTAINS,
    _COUNT,
    _ELECT,
    _HOW,
    _ITEMS,
    _MEETINGS,
    _MEMBERS,
    _NAME,
    _NEXT_SESSION,
    _NOW,
    _PRESIDE,
    _RAPPORTEUR,
    _RESOLUTIONS,
    _ROLE,
    _SAID,
    _SAID_WHETHER,
    _SPEAK,
    _SPEAKERS,
    _THIS_SESSION,
    _TITLES,
    _VICE,
    _WHEN,
    _WHO,
    _YES_NO,
    _content_free,
    _evidence,
    _Question,
    _sessions_asked,
)
from knowledge.answers.values import Composed, Fact, Verdict
from knowledge.dictionary import is_proper_name, names_for
from knowledge.kbcache import derived
from knowledge.models import (
    AgendaItem,
    BureauMember,
    KnowledgeBase,
    Meeting,
    Paragraph,
    Speaker,
)
from knowledge.normalize import normalize
from knowledge.query import chair_or_vice, understand
from knowledge.search_index import index_for

# --- who spoke -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpeakerEntry:
    meeting: Meeting
    speaker: Speaker


def speaker_entries(kb: KnowledgeBase) -> list[SpeakerEntry]:
    return [SpeakerEntry(m, s) for m in kb.meetings for s in m.speakers]


# someone set aside: "除了贸发会议秘书长还有谁", "who else apart from UNCTAD"
_BESIDES = re.compile(
    r"除了|除去|之外|以外|\bbesides\b|\bapart from\b|\bother than\b|\bexcept\b|\belse\b"
)


def _speaker_matches(entry: SpeakerEntry, entity: Entity) -> bool:
    forms = set(entity.forms) | {normalize(entity.zh)}
    speaker = entry.speaker
    fields = [speaker.name, speaker.country, speaker.organization, speaker.role]
    folded = [normalize(f) for f in fields if f]
    return any(form == f or _inside(form, f) for form in forms for f in folded)


def _inside(form: str, field: str) -> bool:
    """A Chinese name inside a longer one (中国 in 中国科学院); a Latin name only as whole
    words ("us" is not in "hussain")."""
    if len(form) < 2:
        return False
    if form.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])", field) is not None
    return form in field


# a text naming something ("决议有没有提到…", "does the resolution mention …")
_MENTIONS = re.compile(
    r"提到|提及|提过|\bmention\w*|\brefer\w* to\b"
    # a text that says something ("what did the resolution say about the ILO", "决议里怎么说")
    r"|\b(?:resolutions?|res|decisions?|text|paragraphs?|preamble|drafts?)\b(?: \w+){0,2}"
    r" (?:say|says|said|state|states|stated)\b"
    r"|(?:决议|决定|草案|序言|段)[^，,。？?]{0,4}(?:说|讲|写)"
)


def _not_at(key: str, entity: Entity, meeting: Meeting) -> Fact:
    """Someone the report does not list among a meeting's speakers."""
    values = (("who", entity.zh), ("meeting", meeting.number), ("date", meeting.date.isoformat()))
    return Fact(key, values)


# taking part, as against speaking: a count of it is attendance, which the report does not give
_ATTENDED = re.compile(
    r"参加|参会|出席|来了|与会|\battend\w*|\btook part\b|\bjoined\b|\bparticipat\w*"
)
# who speaks for a country: its representative or delegation
_DELEGATE = re.compile(r"代表|\bdelegat\w*|\brepresentatives?\b")
_SPOKE_WORDS = re.compile(r"发言|讲话|致辞|\bspoke\b|\bspeak\w*|\bfloor\b|\bstatements?\b")


def _spoke(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    people = [e for e, _ in q.entities if e.kind in ("country", "person", "organization")]
    if people and q.has(_WHO) and q.has(_BESIDES):
        # "除了贸发会议秘书长还有谁讲话了": who else spoke, the one named among them
        people = []
    asks_said = q.has(_SAID) or (q.has(_SAID_WHETHER) and not q.has(_RESOLUTIONS))
    if q.has(_RESOLUTIONS) and q.has(_MENTIONS):
        # "決議有沒有提到國際勞工組織？講什麼？": what a resolution says of it, not a speech
        asks_said = False
    # "古巴代表叫什么", "who was the representative of Cuba": who spoke for it, by name
    asks_name = q.has(_NAME) or (q.has(_WHO) and q.has(_DELEGATE))
    if not q.has(_SPEAK) and not (people and (asks_said or (asks_name and q.has(_DELEGATE)))):
        return None
    if q.has(_COUNT) and q.has(_ATTENDED) and not q.has(_SPOKE_WORDS):
        # "这届会议到底有多少人参加": attendance, which no list of speakers counts
        return None
    # "which countries took the floor on item two": the meetings that took the item up
    meetings = q.referenced(Meeting) or _meetings_on(kb, q.referenced(AgendaItem))
    rest = q.rest(
        _SPEAK, _WHO, _YES_NO, _WHEN, _COUNT, _SPEAKERS, _CONTAINS, _ITEMS, _BESIDES, _TITLES
    )
    if people and asks_said:
        # the report lists who spoke, not what they said
        entity = people[0]
        said = [e for e in speaker_entries(kb) if _speaker_matches(e, entity)]
        facts_said = [Fact("not_recorded", (("who", entity.zh),))]
        facts_said.extend(_spoke_fact(e) for e in said)
        return Composed("spoke", "unknown", tuple(facts_said), subject=entity.zh)
    segments: frozenset[str] | None = None
    if people:
        left = q.rest(
            _SPEAK,
            _WHO,
            _YES_NO,
            _WHEN,
            _COUNT,  # "在几次会议上发过言": each meeting they spoke at, to count
            _SPEAKERS,
            _MEETINGS,
            _TITLES,
            _NAME,
            re.compile(
                r"哪次|哪一次|哪场|开幕|议题|下面|哪个|\bwhich\b|\bwhere\b|\bopening\b|\bopened\b"
                r"|\bunder\b|\bitem\b|\btopic\b|\bone of\b"
                # two asked about together: "贸发会议秘书长跟国际电联秘书长都讲话了吗"
                r"|跟|和|与|以及|都|\bboth\b"
                # who a country's speaker is: "anyone from the Swiss government"
                r"|政府|\bgovernments?\b"
            ),
        )
        if not _content_free(_SEGMENT_WORDS.sub(" ", left)):
            # "did France speak in the space technology debate": the segment it names ("在
            # 圆桌发言" names none: any round table)
            segments = _segments_named(kb, left)
            if segments is None:
                return None
    if people:
        entity = people[0]
        entries = [
            e
            for e in speaker_entries(kb)
            if _speaker_matches(e, entity)
            and (not meetings or e.meeting in meetings)
            and (segments is None or _topic(e.meeting, e.speaker) in segments)
        ]
        if len(people) > 1 and q.has(_YES_NO):
            # "贸发会议秘书长跟国际电联秘书长都讲话了吗": each of them, yes only if all did
            entries = [
                e
                for e in speaker_entries(kb)
                if any(_speaker_matches(e, p) for p in people)
                and (not meetings or e.meeting in meetings)
                and (segments is None or _topic(e.meeting, e.speaker) in segments)
            ]
            silent = [p for p in people if not any(_speaker_matches(e, p) for e in entries)]
            answered: list[Fact] = [
                _not_at("absent_from_meeting", p, meetings[0])
                if meetings
                else Fact("did_not_speak", (("who", p.zh),))
                for p in silent
            ]
            answered.extend(_spoke_fact(e) for e in entries)
            evidence = _evidence(kb, (e.speaker.source for e in entries))
            verdict_all: Verdict = "no" if silent else "yes"
            return Composed("spoke", verdict_all, tuple(answered), evidence, subject=entity.zh)
        if q.has(_NAME):
            # "国际电联秘书长叫啥名字": the speaker holding that post, not the Deputy
            entries = _with_the_role_asked(kb, q.text, entries)
        if entries and asks_name and all(not e.speaker.name for e in entries):
            # "what is the name of the UNCTAD Secretary-General": the report gives none
            unnamed = (Fact("not_named", (("who", entity.zh),)), *map(_spoke_fact, entries))
            return Composed("spoke", "unknown", unnamed, subject=entity.zh)
        if entries:
            facts = tuple(_spoke_fact(e) for e in entries)
            evidence = _evidence(kb, (e.speaker.source for e in entries))
            return Composed("spoke", "yes", facts, evidence, subject=entity.zh)
        if not _content_free(rest) and segments is None:
            return None
        elsewhere = [e for e in speaker_entries(kb) if _speaker_matches(e, entity)]
        if (segments is not None or meetings) and elsewhere:
            # "did Mexico speak in the space round table", "did China speak on 12 June": not
            # there, but here
            if segments is not None:
                segment = sorted(segments)[0]
                missing = Fact("not_in_segment", (("who", entity.zh), ("segment", segment)))
            else:
                missing = _not_at("not_in_meeting", entity, meetings[0])
            facts_else = (missing, *map(_spoke_fact, elsewhere))
            evidence_else = _evidence(kb, (e.speaker.source for e in elsewhere))
            return Composed("spoke", "no", facts_else, evidence_else, subject=entity.zh)
        # a bureau member presiding is not a speaker, but is the answer to "did X take part"
        presiding = _presiding_mentions(kb, entity)
        facts_list: list[Fact] = [Fact("did_not_speak", (("who", entity.zh),))]
        facts_list.extend(presiding)
        return Composed(
            "spoke",
            "no",
            tuple(facts_list),
            _evidence(kb, ("AX2.3", "AX2.8", "AX2.16")),
            subject=entity.zh,
        )
    if not people and q.has(_YES_NO):
        named = _unlisted_name(kb, _SEGMENT_WORDS.sub(" ", rest))
        if named:
            # a country or person the report never names: it is not among the speakers
            # (of any round table it names)
            fact = Fact("did_not_speak", (("who", named),))
            evidence = _evidence(kb, ("AX2.3", "AX2.8", "AX2.16"))
            return Composed("spoke", "no", (fact,), evidence, subject=named)
    if not _content_free(_SEGMENT_WORDS.sub(" ", rest)):
        # (not "一般性讨论" alone: the general discussion of whatever the question names)
        segments = _segments_named(kb, rest)
        if segments is None:
            return None
    if segments is None and q.items:
        # an agenda item named by its subject ("空间技术议题"): its meetings, and the round
        # table or segment held on it
        meetings = meetings or _meetings_on(kb, q.items)
        titled = frozenset(
            s.segment
            for m in kb.meetings
            for s in m.speakers
            # (the item's title and the round table's may differ in a word: 合作, 协作)
            if any(
                fuzz.ratio(normalize(i.title), normalize(s.segment)) >= _SAME_TITLE
                for i in q.items
            )
        )
        segments = titled or None
    if q.has(_COUNT) and segments is None:
        return _speaker_count(kb, meetings)
    if not q.has(_WHO) and not meetings and segments is None:
        return None
    chosen = meetings or [m for m in kb.meetings if m.speakers]
    if segments is not None:
        chosen = [m for m in chosen if any(_topic(m, s) in segments for s in m.speakers)]
    facts = tuple(
        Fact(
            "speakers",
            (
                ("meeting", m.number),
                ("date", m.date.isoformat()),
                ("segment", segment),
                ("who", "; ".join(_speaker_label(s) for s in speakers)),
            ),
            m,
        )
        for m in chosen
        for segment, speakers in _by_segment(m.speakers)
        if segments is None or _topic(m, speakers[0]) in segments
    )
    if not facts:
        return None
    # the report's own words after the list: annex II's paragraphs that name them
    return Composed("speakers", "", facts, _speakers_stated(kb, chosen, segments))


# words that name a part of a meeting as such, not which one
_SEGMENT_WORDS = re.compile(
    r"\bdiscussions?\b|\bdebates?\b|\bpanels?\b|\bround ?tables?\b|\bsegments?\b"
    r"|\bthemes?\b|\btopics?\b|\bsessions?\b|\bpriority\b|\bpart\b|\bdelegations?\b"
    r"|\bamong\b|\blist\b|\bevery\b|\bwhose\b|\brepresentatives?\b|\bhigh[- ]level\b|\bgeneral\b"
    r"|一般性|讨论|辩论|圆桌(?:会议)?|小组|部分会议|主题|议题|那场|这场|那次|高级别|会员国|国家"
    r"|[那这](?![\u4e00-\u9fff])"
)


def _segments_named(kb: KnowledgeBase, rest: str) -> frozenset[str] | None:
    """The parts of the meetings (a round table, the high-level segment) whose titles hold
    every word left of a question ("the space technology debate": 探索空间技术…), or None
    when no part does."""
    words = _SEGMENT_WORDS.sub(" ", rest)
    if _content_free(words):
        return None
    clauses = understand(index_for(kb), words).clauses
    if not clauses:
        return None
    named = frozenset(
        segment
        for segment in {s.segment for m in kb.meetings for s in m.speakers}
        if segment not in _GENERAL_DISCUSSION
        if all(
            any(a.text and a.text in normalize(segment) for a in c.alternatives) for c in clauses
        )
    )
    return named or None


# how alike an agenda item's title and a round table's must be to name the same subject
_SAME_TITLE = 90.0
# a meeting's general discussion belongs to the round table or segment it follows
_GENERAL_DISCUSSION = frozenset({"", "一般性讨论"})


def _topic(meeting: Meeting, speaker: Speaker) -> str:
    """The round table or segment a speaker spoke in: their own segment, or for the general
    discussion the one before it."""
    topic = ""
    for other in meeting.speakers:
        if other.segment not in _GENERAL_DISCUSSION:
            topic = other.segment
        if other is speaker:
            return topic
    return speaker.segment


def _speakers_stated(
    kb: KnowledgeBase, meetings: Sequence[Meeting], segments: frozenset[str] | None = None
) -> tuple[Paragraph, ...]:
    """Annex II's paragraphs that name the speakers (of these round tables or segments)."""
    sources = (
        s.source
        for m in meetings
        for s in m.speakers
        if segments is None or _topic(m, s) in segments
    )
    return _evidence(kb, sources, 4)


def _meetings_on(kb: KnowledgeBase, items: Sequence[AgendaItem]) -> list[Meeting]:
    """The meetings that took up these agenda items or their sub-items."""
    named = {i.id for i in items}
    ids = named | {a.id for a in kb.agenda if a.parent in named}
    return [m for m in kb.meetings if ids & set(m.agenda_items)] if named else []


def _role_names(kb: KnowledgeBase) -> re.Pattern[str]:
    """The English names the aliases give posts ("Deputy Secretary-General" → 副秘书长),
    longest first, as one pattern."""
    names = {normalize(n) for a in kb.aliases if a.kind == "role" for n in a.names}
    names = {n for n in names if len(n) >= 4}  # not "sg", "usg"
    either = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{either})(?![a-z])" if either else r"(?!)")


def _in_chinese(kb: KnowledgeBase, text: str) -> str:
    """``text`` with the posts it names in English written as the aliases write them in
    Chinese ("itu deputy secretary-general" → "itu 副秘书长")."""
    zh = {normalize(n): a.zh for a in kb.aliases if a.kind == "role" for n in a.names}
    pattern = derived(kb, "role-names", _role_names)
    return pattern.sub(lambda m: f" {zh.get(m.group(0), m.group(0))} ", text)


def _with_the_role_asked(
    kb: KnowledgeBase, text: str, entries: list[SpeakerEntry]
) -> list[SpeakerEntry]:
    """The entries whose speaker holds the post the question names ("国际电联秘书长": the
    Secretary-General, not the Deputy Secretary-General), or all of them when it names none
    of their posts."""
    text = _in_chinese(kb, text)
    roles = {normalize(e.speaker.role) for e in entries if e.speaker.role}
    asked = {r for r in roles if r and r in text}
    # a post inside a longer one the question names ("秘书长" in "副秘书长") is not asked
    asked = {
        r
        for r in asked
        if not any(r != o and r in o and text.count(r) == text.count(o) for o in asked)
    }
    chosen = [e for e in entries if normalize(e.speaker.role) in asked]
    return chosen or entries


def _spoke_fact(entry: SpeakerEntry) -> Fact:
    return Fact(
        "spoke",
        (
            ("meeting", entry.meeting.number),
            ("date", entry.meeting.date.isoformat()),
            ("who", _speaker_label(entry.speaker)),
            ("segment", entry.speaker.segment),
        ),
        entry.meeting,
    )


def _unlisted_name(kb: KnowledgeBase, rest: str) -> str:
    """The proper name a question is left with, when the report never prints it ("Kenya",
    "肯尼亚"): the dictionary knows it is a name, the knowledge base does not have it."""
    words = rest.split()
    if len(words) != 1:
        return ""
    word = words[0]
    text = derived(kb, "text-without-states", _text_without_states)
    if word.isascii():
        names = names_for(word)
        return names[0] if names and not any(n in text for n in names) else ""
    return word if is_proper_name(word) and word not in text else ""


def _text_without_states(kb: KnowledgeBase) -> str:
    """The report's paragraphs with the States it names taken out: a name inside one is not
    that name (尼日, Niger, inside 尼日利亚)."""
    text = " ".join(normalize(p.text) for p in kb.paragraphs)
    for country in known_names(kb, "country"):
        text = text.replace(country, " ")
    return text


def _by_segment(speakers: Sequence[Speaker]) -> Iterator[tuple[str, list[Speaker]]]:
    """The speakers in runs of one segment, in the report's order (each round table's general
    discussion is its own)."""
    runs: list[tuple[str, list[Speaker]]] = []
    for speaker in speakers:
        if runs and runs[-1][0] == speaker.segment:
            runs[-1][1].append(speaker)
        else:
            runs.append((speaker.segment, [speaker]))
    yield from runs


def _speaker_label(speaker: Speaker) -> str:
    parts = [p for p in (speaker.country, speaker.organization, speaker.role) if p]
    head = speaker.name or (parts.pop(0) if parts else "")
    return head + (f" ({', '.join(parts)})" if parts else "")


def _presiding_mentions(kb: KnowledgeBase, entity: Entity) -> list[Fact]:
    facts: list[Fact] = []
    for seat in kb.bureau:
        names = {normalize(x) for x in (seat.name, seat.name_en, seat.country) if x}
        if names & (set(entity.forms) | {normalize(entity.zh)}):
            facts.append(_seat_fact(seat))
    return facts


def _speaker_count(kb: KnowledgeBase, meetings: list[Meeting]) -> Composed:
    chosen = meetings or list(kb.meetings)
    facts = [
        Fact("count_speakers", (("meeting", m.number), ("count", len(m.speakers))), m)
        for m in chosen
    ]
    if len(chosen) > 1:
        total = sum(len(m.speakers) for m in chosen)
        facts.append(Fact("count_total", (("count", total),)))
    return Composed("count", "", tuple(facts), _speakers_stated(kb, chosen))


def _election_dates(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    if not q.has(_ELECT) or not (q.has(_WHEN) or q.has(_HOW)):
        return None
    # "通过什么方式": by what means
    by_means = re.compile(r"通过(?=\s*(?:什么|啥|哪种|何种))")
    rest = q.rest(_ELECT, _WHEN, _HOW, _ROLE, _YES_NO, _MEMBERS, by_means)
    if not _content_free(rest):
        return None
    sessions = [n for n in q.sessions if kb.session(n)] or [s.number for s in kb.sessions]
    people = {normalize(e.zh) for e, _ in q.entities}
    # "when was the rapporteur elected": that seat, not the others elected with it; "when
    # was the chair elected" the Chair's, not the Vice-Chair's
    role = "rapporteur" if q.has(_RAPPORTEUR) else chair_or_vice(q.text)
    held = [
        s
        for s in kb.bureau
        if s.session in sessions
        and (not people or normalize(s.name) in people or normalize(s.country) in people)
        and (role is None or s.role == role)
    ]
    seats = [s for s in held if s.elected_on or s.status == "postponed"]
    if not seats and role == "chair" and held:
        # a Chair the report names without the day of the election: it does not say when
        return Composed(
            "elected",
            "unknown",
            tuple(_seat_fact(s) for s in held),
            _evidence(kb, (src for s in held for src in s.source)),
        )
    if not seats:
        return None
    return Composed(
        "elected",
        "",
        tuple(_seat_fact(s) for s in seats),
        _evidence(kb, (src for s in seats for src in s.source)),
    )


# --- the bureau ------------------------------------------------------------------------------


def _role_of(q: _Question) -> str | None:
    if q.has(_VICE):
        # the Chair asked about, a Vice-Chair only mentioned; or both asked for
        return chair_or_vice(q.text)
    if q.has(_RAPPORTEUR):
        return "rapporteur"
    if q.has(_BUREAU):
        return None
    return "chair"


def _seats(
    kb: KnowledgeBase, role: str | None, sessions: Sequence[int] | None
) -> list[BureauMember]:
    return [
        s
        for s in kb.bureau
        if (role is None or s.role == role) and (not sessions or s.session in sessions)
    ]


def _seat_fact(seat: BureauMember) -> Fact:
    return Fact(
        "seat",
        (
            ("session", seat.session),
            ("role", seat.role),
            ("status", seat.status),
            ("name", seat.name),
            ("country", seat.country),
            ("region", seat.region),
            ("by", seat.elected_by),
            ("date", seat.elected_on.isoformat() if seat.elected_on else ""),
        ),
        seat,
    )


_OVER_MEETINGS = re.compile(r"\bmeetings?\b|次会议|场会")


def _bureau(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    if not q.has(_ROLE) or q.referenced(Meeting):
        return None
    if q.referenced(AgendaItem):
        return None  # "item 5 of the agenda elects which chair": the item answers
    if any(kb.session(n) is None for n in q.sessions):
        return None  # a session the report has no bureau for: not another session's bureau
    if any(
        e.kind in ("body", "organization") and not _BUREAU.search(normalize(e.zh))
        for e, _ in q.entities
    ):
        return None  # "who chairs the Broadband Commission": another body's chair (not 主席团)
    # (who presided over meetings, even named by their seat: "did the same vice-chair preside
    # over all three meetings")
    presiding_words = q.has(_PRESIDE) and (
        not re.search(r"主席|\bchair(?!ed)", q.text) or bool(_OVER_MEETINGS.search(q.text))
    )
    if presiding_words and not q.has(_BUREAU):
        return None  # "who presided" is about meetings
    rest = q.rest(
        _ROLE,
        _WHO,
        _YES_NO,
        _ELECT,
        _COUNT,
        _WHEN,
        _NEXT_SESSION,  # "who will chair next year" (before _NOW takes "next" alone)
        _THIS_SESSION,
        _NOW,
        re.compile(r"推迟|延后|空缺|选满|\bpostpon\w*|\bvacant|\bdefer\w*|\bfilled\b|\bseats?\b"),
        # "who served as rapporteur", "谁担任报告员", "明年谁当主席"
        re.compile(
            r"担任|出任|当(?=\s*(?:副?主席|报告员))|\bserv(?:e|ed|es|ing) as\b|\bacted as\b"
        ),
    )
    if not _content_free(rest):
        return None
    people = [e for e, _ in q.entities if e.kind in ("person", "country")]
    role = _role_of(q)
    sessions = _sessions_asked(kb, q)
    seats = _seats(kb, role, sessions)
    if not seats and sessions and role is not None:
        nearest = [_seat_fact(s) for s in kb.bureau if s.role == role]
        missing = Fact("no_seat", (("session", sessions[0]), ("role", role)))
        return Composed("bureau", "unknown", (missing, *nearest))
    if re.search(r"推迟|延后|空缺|选满|\bpostpon|\bvacant|\bdefer|\bfilled\b|\bempty\b", q.text):
        postponed = [s for s in seats if s.status == "postponed"]
        if re.search(r"\bfilled\b|选满", q.text) and q.has(_YES_NO):
            verdict_filled: Verdict = "no" if postponed else "yes"
            return Composed(
                "bureau",
                verdict_filled,
                tuple(_seat_fact(s) for s in postponed or seats),
                _evidence(kb, (src for s in postponed or seats for src in s.source), 2),
            )
        seats = postponed
    elif role == "chair" and not q.has(_BUREAU):
        seats = [s for s in seats if s.status != "presiding"]
    verdict: Verdict = ""
    if people:
        forms = {f for e in people for f in e.forms} | {normalize(e.zh) for e in people}
        matching = [
            s
            for s in _seats(kb, None, sessions)
            if {normalize(x) for x in (s.name, s.name_en, s.country) if x} & forms
        ]
        in_role = [s for s in matching if s in seats]
        if q.has(_YES_NO):
            verdict = "yes" if in_role else "no"
        if verdict == "no":
            # "was Hungary the chair": no — the seat Hungary held, and who held the one asked
            seats = matching + [s for s in seats if s not in matching]
        else:
            seats = in_role or matching or seats
    if not seats:
        return None
    if q.has(_COUNT):
        fact = Fact("count_seats", (("count", len(seats)), ("role", role or "bureau")))
        return Composed("count", "", (fact, *(_seat_fact(s) for s in seats)))
    seats.sort(key=lambda s: (-s.session, ["chair", "vice-chair", "rapporteur"].index(s.role)))
    return Composed(
        "bureau",
        verdict,
        tuple(_seat_fact(s) for s in seats),
        _evidence(kb, (src for s in seats for src in s.source), 2),
    )


# which or how many things someone chaired ("主持了哪几场", "which meetings did … chair")
_WHICH_OR_HOW_MANY = re.compile(
    r"哪些|哪几|哪个|哪场|哪次|几场|几次|几个|多少|\bwhich\b|\bwhat\b|\bhow many\b"
)
# "chair" the verb ("did … chair"), not the seat ("the vice-chair from Hungary", "Chair Peter
# Major", "当 CSTD 的 chair")
_CHAIR_VERB = re.compile(
    r"\b(?:did|does|do|will|would|to)\b.{0,40}?(?<!vice )(?<!vice-)\bchair\b"
    r"(?!\s*(?:of|from)\b)|\bchairing\b"
)


def presided_over(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    """The meetings and their parts that someone named presided over ("匈牙利那位副主席主持了
    哪几场", "how many of the round tables were chaired by the vice-chair from Austria"), as
    the report prints who presided: a vice-chair by country."""
    if not (q.has(_PRESIDE) or _CHAIR_VERB.search(q.text)) or not q.has(_WHICH_OR_HOW_MANY):
        return None
    if q.has(_WHO) or q.referenced(Meeting):
        return None  # who presided over a meeting named: _presided
    if q.referenced(AgendaItem):
        return None  # the meetings on an item named: _presided, by the meetings that took it up
    named = [e for e, _ in q.entities if e.kind in ("country", "person")]
    if not named:
        return None
    forms = {normalize(f) for e in named for f in (e.zh, *e.forms) if len(f) >= 2}
    # a person by the country of the bureau seat they hold ("彼得·毛约尔" → 匈牙利)
    forms |= {
        normalize(b.country)
        for b in kb.bureau
        if b.country and b.name and any(f in normalize(b.name) for f in forms)
    }

    def by_them(presided_by: str) -> bool:
        text = normalize(presided_by)
        return bool(text) and any(f in text for f in forms)

    facts: list[Fact] = []
    sources: list[str] = []
    for meeting in kb.meetings:
        if by_them(meeting.presided_by):
            held = (
                ("meeting", meeting.number),
                ("date", meeting.date.isoformat()),
                ("by", meeting.presided_by),
                ("opened", meeting.opened_by),
            )
            facts.append(Fact("presided", held, meeting))
        for segment in meeting.segments:
            if by_them(segment.presided_by):
                part = (
                    ("meeting", meeting.number),
                    ("segment", segment.title),
                    ("by", segment.presided_by),
                )
                facts.append(Fact("segment_presided", part, meeting))
                if segment.source:
                    sources.append(segment.source)
    if not facts:
        return None
    return Composed("presided", "", tuple(facts), _evidence(kb, sources, 4))


def _presided(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    if not (q.has(_PRESIDE) or q.has(_ROLE)) or not (q.has(_WHO) or q.has(_YES_NO)):
        return None
    if any(kb.session(n) is None for n in q.sessions):
        return None  # "联合国大会第75届会议的主席是谁": another body's session, not ours
    if any(
        e.kind in ("body", "organization") and not _BUREAU.search(normalize(e.zh))
        for e, _ in q.entities
    ):
        return None  # "第 3 次 meeting 上 IGF MAG 的 chair 是谁": another body's chair
    # "议程项目2的高级别圆桌是谁主持的": the meetings that took up the item
    meetings = q.referenced(Meeting) or _meetings_on(kb, q.referenced(AgendaItem))
    segment_words = re.compile(
        r"开幕|高级别|圆桌|本人|部分会议|\bopen\w*|\bround ?table\b|\bhigh[- ]level\b|\bsegment\b"
        r"|\bpanel\b|\bhimself\b|\bherself\b"
    )
    rest = q.rest(_ROLE, _WHO, _PRESIDE, _YES_NO, _MEETINGS, _ITEMS, segment_words)
    if not meetings:
        if not re.search(r"会议|\bmeetings?\b|圆桌|round ?table|segment|部分", q.text):
            return None
        if not _content_free(rest):
            return None
        meetings = list(kb.meetings)
    elif not _content_free(rest):
        return None
    facts: list[Fact] = []
    for meeting in meetings:
        facts.append(
            Fact(
                "presided",
                (
                    ("meeting", meeting.number),
                    ("date", meeting.date.isoformat()),
                    ("by", meeting.presided_by),
                    ("opened", meeting.opened_by),
                ),
                meeting,
            )
        )
        for segment in meeting.segments:
            if segment.presided_by:
                facts.append(
                    Fact(
                        "segment_presided",
                        (
                            ("meeting", meeting.number),
                            ("segment", segment.title),
                            ("by", segment.presided_by),
                        ),
                        meeting,
                    )
                )
    # where the report says so: each meeting's opening, and each segment it names a chair for
    sources = [s for m in meetings for s in m.source[:1]]
    sources += [g.source for m in meetings for g in m.segments if g.presided_by and g.source]
    return Composed("presided", "", tuple(facts), _evidence(kb, sources, 4))
