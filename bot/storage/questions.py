"""Questions delegates asked, kept for the admins' insights."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.storage.base import StorageBase
from bot.storage.common import (
    _check_limit,
    _time_from_text,
    _time_to_text,
)
from bot.storage.values import (
    LANGUAGES,
    Language,
    NewQuestion,
    QuestionInsight,
    QuestionOutcome,
    Rating,
)

#: PostgreSQL's counter behind questions.id.
_QUESTION_SEQUENCE = "pg_get_serial_sequence('questions', 'id')::regclass"


class QuestionStore(StorageBase):
    # == Question insights =======================================================================
    # A row: the normalised question, the interface language, the outcome, the time, and
    # later the record picked or the rating. Rows older than the retention are pruned.

    async def record_question(
        self,
        question: str,
        language: Language,
        outcome: QuestionOutcome,
        answered: str | None = None,
    ) -> int:
        """Keep a free-text question and what it got; the row's id (for its buttons)."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")
        async with self._exclusive():
            return await self._insert(
                "INSERT INTO questions (question, language, outcome, answered, asked_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (question, language, outcome, answered, self._now()),
            )

    async def reserve_question_ids(self, count: int) -> list[int]:
        """``count`` question ids no other caller, in this process or another on the same
        database, will ever be given, in increasing order; :meth:`record_questions` writes
        rows under them later. Ids left unused stay unused (gaps are harmless)."""
        if count < 1:
            raise ValueError(f"count must be at least 1, not {count}")
        if self.dialect.name == "postgresql":
            async with self._exclusive():
                rows = await self._rows(
                    f"SELECT nextval({_QUESTION_SEQUENCE}) AS id FROM generate_series(1, ?)",
                    (count,),
                )
            return sorted(int(row["id"]) for row in rows)
        async with self.transaction():  # BEGIN IMMEDIATE: one process at a time moves it
            row = await self._row(
                "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence"
                " WHERE name = 'questions'), 0),"
                " COALESCE((SELECT MAX(id) FROM questions), 0)) AS last"
            )
            last = 0 if row is None else int(row["last"])
            moved = await self._execute(
                "UPDATE sqlite_sequence SET seq = ? WHERE name = 'questions'", (last + count,)
            )
            if not moved:
                await self._execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES ('questions', ?)",
                    (last + count,),
                )
        return list(range(last + 1, last + count + 1))

    async def record_questions(self, questions: Sequence[NewQuestion]) -> None:
        """Keep several questions at once, under ids from :meth:`reserve_question_ids`."""
        for question in questions:
            if question.language not in LANGUAGES:
                raise ValueError(f"unknown language {question.language!r}")
        async with self.transaction():  # one commit for the batch, not one per row
            await self._execute_many(
                "INSERT INTO questions (id, question, language, outcome, answered, asked_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (q.id, q.question, q.language, q.outcome, q.answered, _time_to_text(q.at))
                    for q in questions
                ],
            )
            if questions and self.dialect.name == "postgresql":
                # Ids given by hand past the counter (a copy, a test) would come again from
                # it: move it past them. Reserved ids never are, so this never moves it back
                # under another process's feet. (SQLite's AUTOINCREMENT does this itself.)
                highest = max(q.id for q in questions)
                await self._rows(
                    f"SELECT setval({_QUESTION_SEQUENCE}, ?)"
                    f" WHERE COALESCE(pg_sequence_last_value({_QUESTION_SEQUENCE}), 0) < ?",
                    (highest, highest),
                )

    async def last_question_id(self) -> int:
        """The highest question id ever given, pruned ones included (ids are never reused)."""
        async with self._exclusive():
            if self.dialect.name == "postgresql":
                row = await self._row(
                    "SELECT GREATEST(COALESCE(pg_sequence_last_value("
                    f"{_QUESTION_SEQUENCE}), 0), COALESCE((SELECT MAX(id) FROM questions), 0))"
                    " AS last"
                )
            else:
                row = await self._row(
                    "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence"
                    " WHERE name = 'questions'), 0),"
                    " COALESCE((SELECT MAX(id) FROM questions), 0)) AS last"
                )
        return 0 if row is None else int(row["last"])

    async def rate_answer(self, question_id: int, rating: Rating) -> bool:
        """👍 or 👎 on an answer; False when it was rated already (one press per answer) or
        the row is gone."""
        async with self._exclusive():
            changed = await self._execute(
                "UPDATE questions SET rating = ?"
                " WHERE id = ? AND outcome = 'answered' AND rating IS NULL",
                (rating, question_id),
            )
        return changed > 0

    async def record_pick(self, question_id: int, record_id: str) -> bool:
        """The record the delegate chose after the answer (the last choice counts)."""
        async with self._exclusive():
            changed = await self._execute(
                "UPDATE questions SET picked = ? WHERE id = ?", (record_id, question_id)
            )
        return changed > 0

    async def question_text(self, question_id: int) -> str | None:
        async with self._exclusive():
            row = await self._row("SELECT question FROM questions WHERE id = ?", (question_id,))
        return None if row is None else str(row["question"])

    async def question_insights(
        self, since: dt.datetime, limit: int = 10
    ) -> list[QuestionInsight]:
        """The questions asked since ``since`` without a confident answer (no answer, choices,
        an answer disliked or corrected by a "did you mean"), grouped by text, most asked
        first."""
        wanted = (
            "FROM questions WHERE asked_at >= ? AND"
            " (outcome <> 'answered' OR rating = 'down' OR picked IS NOT NULL)"
        )
        async with self._exclusive():
            groups = await self._rows(
                f"""
                SELECT question, COUNT(*) AS asked,
                       SUM(CASE WHEN outcome = 'no_answer' THEN 1 ELSE 0 END) AS unanswered,
                       SUM(CASE WHEN outcome = 'choices' THEN 1 ELSE 0 END) AS choices,
                       SUM(CASE WHEN outcome = 'answered' AND rating = 'down'
                           THEN 1 ELSE 0 END) AS disliked,
                       SUM(CASE WHEN outcome = 'answered' AND picked IS NOT NULL
                           THEN 1 ELSE 0 END) AS repicked,
                       {self.dialect.distinct_list("language")} AS languages,
                       MAX(id) AS latest_id, MAX(asked_at) AS last_asked
                {wanted}
                GROUP BY question ORDER BY asked DESC, latest_id DESC LIMIT ?
                """,
                (_time_to_text(since), _check_limit(limit)),
            )
            texts = [str(row["question"]) for row in groups]
            marks = ", ".join("?" * len(texts))
            picks = await self._rows(
                f"SELECT question, picked, COUNT(*) AS n, MAX(id) AS latest {wanted}"
                f" AND picked IS NOT NULL AND question IN ({marks})"
                " GROUP BY question, picked ORDER BY n DESC, latest DESC",
                (_time_to_text(since), *texts),
            )
        favourite: dict[str, str] = {}
        for row in picks:
            favourite.setdefault(str(row["question"]), str(row["picked"]))
        return [
            QuestionInsight(
                question=str(row["question"]),
                asked=int(row["asked"]),
                unanswered=int(row["unanswered"]),
                choices=int(row["choices"]),
                disliked=int(row["disliked"]),
                repicked=int(row["repicked"]),
                languages=tuple(sorted(str(row["languages"]).split(","))),
                picked=favourite.get(str(row["question"])),
                latest_id=int(row["latest_id"]),
                last_asked=_time_from_text(row["last_asked"]),
            )
            for row in groups
        ]

    async def answer_ratings(self, since: dt.datetime) -> tuple[int, int]:
        """(👍, 👎) given to answers since ``since``."""
        async with self._exclusive():
            row = await self._row(
                "SELECT COALESCE(SUM(CASE WHEN rating = 'up' THEN 1 ELSE 0 END), 0) AS up,"
                " COALESCE(SUM(CASE WHEN rating = 'down' THEN 1 ELSE 0 END), 0) AS down"
                " FROM questions WHERE asked_at >= ? AND rating IS NOT NULL",
                (_time_to_text(since),),
            )
        return (0, 0) if row is None else (int(row["up"]), int(row["down"]))

    async def prune_questions(self, before: dt.datetime) -> int:
        """Forget the questions asked before ``before``; how many went."""
        async with self._exclusive():
            return await self._execute(
                "DELETE FROM questions WHERE asked_at < ?", (_time_to_text(before),)
            )
