"""The bureaux: seats elected, seats whose election was postponed, and officers seen presiding.

Elections are reported as a lead sentence naming the session and the procedure, followed by a
list ("主席：" / "副主席：" then "name(country)" lines). A postponed election names the regions
whose vice-chairs are still to come; a postponed rapporteur is to be appointed later. The chair
of the session itself is named where he spoke (annex II); vice-chairs who presided are named
as "副主席(匈牙利)", with the name where the report gives it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge.extract.errors import ExtractError
from knowledge.extract.text import chinese_numeral, find_date, tidy
from knowledge.models import BureauMember, BureauRole, Paragraph

_SESSION = re.compile(r"第([一二三四五六七八九十]+)届会议")
_ELECTION_LEAD = re.compile(r"选举了.*主席团成员[：:]$")
# "以 2020 年 6 月 9 日星期二结束的无异议程序" (not the 经 of 经社理事会: a date follows).
_PROCEDURE = re.compile(r"(?:以|经)\s*(?P<how>\d[^，,。]*?结束的无异议程序)")
_ROLE_HEADERS: dict[str, BureauRole] = {
    "主席": "chair",
    "副主席": "vice-chair",
    "报告员": "rapporteur",
}
_MEMBER = re.compile(r"^(?P<name>[^()（）]+?)\s*\((?P<country>[^)]+)\)。?$")
_POSTPONED_VICE_CHAIRS = re.compile(r"推迟选举来自(?P<regions>.+?)的副主席")
_POSTPONED_RAPPORTEUR = re.compile(r"任命报告员推迟")
_SESSION_CHAIR = re.compile(
    r"委员会第(?P<session>[一二三四五六七八九十]+)届会议主席\s*(?P<name>[^(;；]+?)\s*\((?P<country>[^)]+)\)"
)
_PRESIDING = re.compile(r"副主席(?P<name>[\u4e00-\u9fff·]*)\((?P<country>[\u4e00-\u9fff]+)\)")


def procedure_wording(text: str) -> str:
    """ "2020 年 6 月 9 日星期二结束的无异议程序" — how a decision or election was made."""
    match = _PROCEDURE.search(text)
    return match.group("how").strip() if match else ""


@dataclass
class _Seats:
    """Seats of one session, numbered as they are found (vc1, vc2, …)."""

    session: int
    members: list[BureauMember]

    def next_id(self, role: BureauRole) -> str:
        if role == "vice-chair":
            taken = sum(1 for m in self.members if m.role == "vice-chair")
            return f"B{self.session}.vc{taken + 1}"
        return f"B{self.session}.{role}"


_SeatsGetter = Callable[[int], _Seats]


def read_bureau(
    report: Sequence[Paragraph], annex: Sequence[Paragraph], held_session: int
) -> list[BureauMember]:
    """Every seat, ordered by session: the held session's first, then the next one's."""
    seats: dict[int, _Seats] = {}

    def of(session: int) -> _Seats:
        return seats.setdefault(session, _Seats(session, []))

    for paragraph in annex:
        _read_session_chair(paragraph, of)
    for paragraph in report:
        _read_election(paragraph, of)
    election_session = _election_session(report, held_session)
    for paragraph in report:
        _read_postponed(paragraph, of(election_session))
    _read_presiding(report, annex, of(held_session))
    return [member for number in sorted(seats) for member in seats[number].members]


def _read_session_chair(paragraph: Paragraph, of: _SeatsGetter) -> None:
    match = _SESSION_CHAIR.search(paragraph.text)
    if not match:
        return
    seats = of(chinese_numeral(match.group("session")))
    seats.members.append(
        BureauMember(
            id=seats.next_id("chair"),
            session=seats.session,
            role="chair",
            status="elected",
            name=match.group("name"),
            country=match.group("country"),
            note=match.group(0),
            source=(paragraph.id,),
        )
    )


def _read_election(paragraph: Paragraph, of: _SeatsGetter) -> None:
    lead, *listed = paragraph.text.split("\n")
    if not listed or not _ELECTION_LEAD.search(lead):
        return
    session = _SESSION.search(lead)
    if not session:
        raise ExtractError(f"{paragraph.id}: an election that names no session")
    seats = of(chinese_numeral(session.group(1)))
    how = procedure_wording(lead)
    role: BureauRole | None = None
    for line in listed:
        header = line.rstrip("：:")
        if header in _ROLE_HEADERS:
            role = _ROLE_HEADERS[header]
            continue
        member = _MEMBER.match(line)
        if not member or role is None:
            raise ExtractError(f"{paragraph.id}: cannot read the elected member {line!r}")
        seats.members.append(
            BureauMember(
                id=seats.next_id(role),
                session=seats.session,
                role=role,
                status="elected",
                name=tidy(member.group("name")),
                country=member.group("country"),
                elected_by=how,
                elected_on=find_date(how),
                source=(paragraph.id,),
            )
        )


def _election_session(report: Sequence[Paragraph], held_session: int) -> int:
    """The session whose bureau the postponed seats belong to: the one elected for the next."""
    for paragraph in report:
        if _POSTPONED_VICE_CHAIRS.search(paragraph.text) and paragraph.chapter:
            session = _SESSION.search(paragraph.chapter)
            if session:
                return chinese_numeral(session.group(1))
    return held_session + 1


def _read_postponed(paragraph: Paragraph, seats: _Seats) -> None:
    vice_chairs = _POSTPONED_VICE_CHAIRS.search(paragraph.text)
    if vice_chairs:
        for region in vice_chairs.group("regions").split("以及"):
            seats.members.append(
                BureauMember(
                    id=seats.next_id("vice-chair"),
                    session=seats.session,
                    role="vice-chair",
                    status="postponed",
                    region=region.strip(),
                    note=paragraph.text,
                    source=(paragraph.id,),
                )
            )
    if _POSTPONED_RAPPORTEUR.search(paragraph.text):
        seats.members.append(
            BureauMember(
                id=seats.next_id("rapporteur"),
                session=seats.session,
                role="rapporteur",
                status="postponed",
                note=paragraph.text,
                source=(paragraph.id,),
            )
        )


def _read_presiding(
    report: Sequence[Paragraph], annex: Sequence[Paragraph], seats: _Seats
) -> None:
    """Vice-chairs of the held session seen presiding, in order of first mention."""
    elected = {m.country for m in seats.members}
    found: dict[str, tuple[str, list[str]]] = {}
    for paragraph in [*report, *annex]:
        for match in _PRESIDING.finditer(paragraph.text):
            country = match.group("country")
            if country in elected:
                continue
            name, sources = found.setdefault(country, ("", []))
            if paragraph.id not in sources:
                sources.append(paragraph.id)
            found[country] = (name or match.group("name"), sources)
    for country, (name, sources) in found.items():
        seats.members.append(
            BureauMember(
                id=seats.next_id("vice-chair"),
                session=seats.session,
                role="vice-chair",
                status="presiding",
                name=name,
                country=country,
                source=tuple(sources),
            )
        )
