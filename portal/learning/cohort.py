"""What the learners of some sessions did, lesson by lesson, read for aggregates (portal.improvement turns
these into figures): who started and finished each lesson, how far each went, the time each spent, and
their first attempt at each quiz. Every read counts only the people their standing lets be counted
(portal.standing.objection.counted: restricted and objecting people are left out), so no caller can
forget it.

A handful of grouped queries whatever the number of learners and events: the rows come back per lesson
or per person, never per event."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date

import peewee
from peewee import fn

from portal.learning import membership
from portal.learning.models import (
    Choice,
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    Module,
    Question,
    QuizAttempt,
    TimeOnTask,
    TrainingSession,
)
from portal.standing.objection import counted

# A lesson's place in its course: modules then lessons, by position (modules have fewer than this many lessons).
_RANK_STEP = 10_000


@dataclass(frozen=True)
class CohortLesson:
    id: int
    title: str
    kind: str
    expected_minutes: int
    module_title: str
    rank: int


@dataclass(frozen=True)
class CohortQuestion:
    id: int
    lesson_id: int
    kind: str
    prompt: str
    choices: dict[str, str]  # choice id (as stored in an attempt) -> label


@dataclass(frozen=True)
class FirstAttempt:
    lesson_id: int
    answers: dict[str, dict]  # question id -> {"given": [...], "correct": bool}


def _rows(query) -> list[tuple]:
    """The rows as the driver returns them: figures need no model conversion, and converting thousands of
    rows cost more than reading them (a course's 25,000 time totals: 26 ms to read, 70 ms more to convert)."""
    return list(query.model._meta.database.execute(query))


def members(session_ids: list[int]) -> peewee.ModelSelect:
    """The accounts counted in these sessions' aggregates, as a subquery."""
    return (Enrollment.select(Enrollment.account_id)
            .where(membership.followed_in(session_ids) & counted(Enrollment.account_id)))


def group_size(session_ids: list[int]) -> int:
    return (Enrollment.select(fn.COUNT(fn.DISTINCT(Enrollment.account_id)))
            .where(membership.followed_in(session_ids) & counted(Enrollment.account_id)).scalar() or 0)


def sessions_of_course(course_id: int) -> list[TrainingSession]:
    return list(TrainingSession.select().where(TrainingSession.course == course_id)
                .order_by(TrainingSession.starts_on.desc(), TrainingSession.id))


def session_with_course(session_id: int) -> TrainingSession | None:
    return (TrainingSession.select(TrainingSession, Course).join(Course)
            .where(TrainingSession.id == session_id).first())


def course_or_none(course_id: int) -> Course | None:
    return Course.get_or_none(Course.id == course_id)


def lessons_of(course_id: int) -> list[CohortLesson]:
    """The course's lessons in programme order."""
    rows = (Lesson.select(Lesson.id, Lesson.title, Lesson.kind, Lesson.expected_minutes, Lesson.position,
                          Module.title.alias("module_title"), Module.position.alias("module_position"))
            .join(Module).where(Module.course == course_id).order_by(Module.position, Lesson.position).dicts())
    return [CohortLesson(row["id"], row["title"], row["kind"], row["expected_minutes"], row["module_title"],
                         row["module_position"] * _RANK_STEP + row["position"]) for row in rows]


def progress_counts(session_ids: list[int], lesson_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per lesson: how many counted people started it, and how many finished it."""
    if not lesson_ids:
        return {}
    rows = (LessonProgress.select(LessonProgress.lesson, fn.COUNT(LessonProgress.id),
                                  fn.COUNT(LessonProgress.completed_at))
            .where(LessonProgress.lesson.in_(lesson_ids) & LessonProgress.account_id.in_(members(session_ids)))
            .group_by(LessonProgress.lesson).tuples())
    return {lesson: (started, finished) for lesson, started, finished in rows}


def furthest_reached(session_ids: list[int], course_id: int) -> list[tuple[int, int]]:
    """Per counted person who started the course: the rank of the furthest lesson she opened, and how many
    lessons she finished."""
    rank = Module.position * _RANK_STEP + Lesson.position
    return _rows(LessonProgress.select(fn.MAX(rank), fn.COUNT(LessonProgress.completed_at))
                 .join(Lesson).join(Module)
                 .where((Module.course == course_id) & LessonProgress.account_id.in_(members(session_ids)))
                 .group_by(LessonProgress.account_id))


def median_seconds(session_ids: list[int], lesson_ids: list[int]) -> dict[int, tuple[float, int]]:
    """Per lesson: the median of the time each counted person spent on it (her total, in seconds), and how
    many people that is about. The database ranks the totals and averages the middle one or two: two
    rows per lesson come back, not one per person."""
    if not lesson_ids:
        return {}
    totals = (TimeOnTask.select(TimeOnTask.lesson, fn.SUM(TimeOnTask.seconds).alias("total"))
              .where(TimeOnTask.lesson.in_(lesson_ids) & TimeOnTask.account_id.in_(members(session_ids)))
              .group_by(TimeOnTask.account_id, TimeOnTask.lesson))
    ranked = TimeOnTask.select(
        totals.c.lesson_id, totals.c.total,
        fn.ROW_NUMBER().over(partition_by=[totals.c.lesson_id], order_by=[totals.c.total]).alias("n"),
        fn.COUNT(peewee.SQL("*")).over(partition_by=[totals.c.lesson_id]).alias("people")).from_(totals)
    middle = (TimeOnTask.select(ranked.c.lesson_id, fn.AVG(ranked.c.total), fn.MAX(ranked.c.people))
              .from_(ranked)
              .where((ranked.c.n == (ranked.c.people + 1) / 2) | (ranked.c.n == (ranked.c.people + 2) / 2))
              .group_by(ranked.c.lesson_id))
    return {lesson_id: (float(seconds), int(people)) for lesson_id, seconds, people in _rows(middle)}


def quiz_questions(lesson_ids: list[int]) -> list[CohortQuestion]:
    if not lesson_ids:
        return []
    questions = list(Question.select().where(Question.lesson.in_(lesson_ids))
                     .order_by(Question.lesson, Question.position))
    choices: dict[int, dict[str, str]] = {}
    for choice in Choice.select().where(Choice.question.in_([q.id for q in questions])).order_by(Choice.position):
        choices.setdefault(choice.question_id, {})[str(choice.id)] = choice.label
    return [CohortQuestion(q.id, q.lesson_id, q.kind, q.prompt, choices.get(q.id, {})) for q in questions]


def first_attempts(session_ids: list[int], lesson_ids: list[int]) -> list[FirstAttempt]:
    """Each counted person's first attempt at each of these quizzes (the database numbers them)."""
    if not lesson_ids:
        return []
    order = fn.ROW_NUMBER().over(partition_by=[QuizAttempt.account_id, QuizAttempt.lesson],
                                 order_by=[QuizAttempt.submitted_at, QuizAttempt.id])
    numbered = (QuizAttempt.select(QuizAttempt.lesson, QuizAttempt.answers, order.alias("n"))
                .where(QuizAttempt.lesson.in_(lesson_ids) & QuizAttempt.account_id.in_(members(session_ids))))
    firsts = (QuizAttempt.select(numbered.c.lesson_id, numbered.c.answers).from_(numbered)
              .where(numbered.c.n == 1))
    return [FirstAttempt(lesson_id, _answers(answers)) for lesson_id, answers in _rows(firsts)]


def _answers(stored: str | None) -> dict[str, dict]:
    try:
        found = json.loads(stored or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def sessions_listed(taught_by: uuid.UUID | None) -> list[TrainingSession]:
    """Sessions with their course, the latest first: those a trainer teaches, or every one (None)."""
    query = TrainingSession.select(TrainingSession, Course).join(Course)
    if taught_by is not None:
        query = query.where(TrainingSession.id.in_(membership.sessions_taught_by(taught_by)))
    return list(query.order_by(Course.title, TrainingSession.starts_on.desc(), TrainingSession.id))


def enrolments_to_survey(ended_after: date, ended_before: date, *, or_finished: bool = False
                         ) -> list[tuple[uuid.UUID, int]]:
    """(account id, session id) of the counted people with an active enrolment in a session that ended
    between these two days, or, with or_finished, in a session not ended before `ended_after` whose
    course they finished (every lesson done)."""
    query = (Enrollment.select(Enrollment.account_id, Enrollment.session).join(TrainingSession)
             .where(membership.active() & counted(Enrollment.account_id)
                    & (TrainingSession.ends_on >= ended_after)))
    ended = TrainingSession.ends_on <= ended_before
    if or_finished:
        lessons = Lesson.select(fn.COUNT(Lesson.id)).join(Module).where(Module.course == TrainingSession.course)
        done = (LessonProgress.select(fn.COUNT(LessonProgress.id)).join(Lesson).join(Module)
                .where((Module.course == TrainingSession.course) & (LessonProgress.account_id == Enrollment.account_id)
                       & LessonProgress.completed_at.is_null(False)
                       # done within this enrolment's time: not a course finished in an earlier training of it
                       & (LessonProgress.completed_at >= Enrollment.enrolled_at)))
        ended = ended | ((done == lessons) & (lessons > 0))
    return list(query.where(ended).tuples())


def active_session_in(account_id: uuid.UUID, course_id: int) -> TrainingSession | None:
    """Her active session of this course (the latest, should she have two)."""
    return (TrainingSession.select().join(Enrollment)
            .where(membership.active_enrollment(account_id) & (TrainingSession.course == course_id))
            .order_by(TrainingSession.starts_on.desc()).first())


def sessions_ended_between(course_id: int, first: date, last: date) -> list[int]:
    return [row.id for row in TrainingSession.select(TrainingSession.id).where(
        (TrainingSession.course == course_id) & TrainingSession.ends_on.between(first, last))]


def finished_count(session_ids: list[int], course_id: int) -> int:
    """How many counted people of these sessions finished every lesson of the course."""
    total = Lesson.select(fn.COUNT(Lesson.id)).join(Module).where(Module.course == course_id).scalar() or 0
    if not total or not session_ids:
        return 0
    finishers = (LessonProgress.select(LessonProgress.account_id).join(Lesson).join(Module)
                 .where((Module.course == course_id) & LessonProgress.completed_at.is_null(False)
                        & LessonProgress.account_id.in_(members(session_ids)))
                 .group_by(LessonProgress.account_id).having(fn.COUNT(LessonProgress.id) == total))
    return LessonProgress.select(fn.COUNT(peewee.SQL("*"))).from_(finishers).scalar() or 0
