"""A group of learners in a demo session, each with what she did in its course's lessons: the material
of aggregates (analytics, surveys, published results). Main zone only: aggregates never read the vault."""
from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

from portal.accounts.models import Account
from portal.learning.models import Enrollment, Lesson, LessonProgress, Module, QuizAttempt, TimeOnTask, TrainingSession
from portal.timeutil import utcnow


def session_named(title: str) -> TrainingSession:
    return TrainingSession.get(TrainingSession.title == title)


def course_lessons(session: TrainingSession) -> list[Lesson]:
    return list(Lesson.select().join(Module).where(Module.course == session.course_id)
                .order_by(Module.position, Lesson.position))


def learners_in(session: TrainingSession, n: int, prefix: str = "Groupe") -> list[uuid.UUID]:
    ids = []
    for index in range(n):
        account = Account.create(id=uuid.uuid4(), role="learner", display_name=f"{prefix} {index}",
                                 confirmed_at=utcnow())
        Enrollment.create(account_id=account.id, session=session.id, funding="self")
        ids.append(account.id)
    return ids


def followed(account_id: uuid.UUID, lessons: list[Lesson], *, finished: int, started: int | None = None,
             minutes: int = 10) -> None:
    """She finished the first `finished` lessons, opened the next ones up to `started` (default: one more),
    spending `minutes` on each lesson she opened."""
    opened = min(len(lessons), finished + 1 if started is None else started)
    for index, lesson in enumerate(lessons[:opened]):
        LessonProgress.create(account_id=account_id, lesson=lesson.id,
                              completed_at=utcnow() if index < finished else None)
        TimeOnTask.create(account_id=account_id, lesson=lesson.id, day=date.today() - timedelta(days=index),
                          seconds=minutes * 60)


def attempted(account_id: uuid.UUID, quiz: Lesson, answers: dict[int, tuple[list[str], bool]], *,
              days_ago: int = 1) -> None:
    """A quiz attempt: per question id, the values given and whether they were right."""
    stored = {str(qid): {"given": given, "correct": correct} for qid, (given, correct) in answers.items()}
    score = round(100 * sum(c for _, c in answers.values()) / max(len(answers), 1))
    QuizAttempt.create(account_id=account_id, lesson=quiz.id, score=score, passed=score >= quiz.pass_mark,
                       answers=json.dumps(stored), submitted_at=utcnow() - timedelta(days=days_ago))
