"""The learner space: resume point, progress per course, calendar, recent results.

A fixed number of queries whatever the history size (a test counts them).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

import peewee

from portal.learning.models import (
    Course, Enrollment, LearningEvent, Lesson, LessonProgress, Module, ModuleRelease, QuizAttempt, TrainingSession,
)
from portal.prepared import Prepared, Slot


@dataclass(frozen=True)
class Resume:
    lesson_id: int
    lesson_title: str
    course_title: str
    position_seconds: int


@dataclass
class CourseProgress:
    enrollment: Enrollment
    completed: int
    total: int
    upcoming: list[ModuleRelease] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0


@dataclass(frozen=True)
class LearnerSpace:
    resume: Resume | None
    courses: list[CourseProgress]
    results: list[QuizAttempt]
    suggestions: list = field(default_factory=list)


def learner_space(account_id: uuid.UUID, today: date, personalised: bool = True) -> LearnerSpace:
    """personalised is False while processing is restricted: no suggestions are read or shown."""
    from portal.personalisation.service import suggestions_for

    enrollments = _ENROLLMENTS.all(account=account_id)
    progress = {course: (done, total) for course, done, total in _PROGRESS.all(account=account_id)}
    upcoming: dict[int, list[ModuleRelease]] = {}
    for release in _UPCOMING.all(account=account_id, today=today):
        upcoming.setdefault(release.session_id, []).append(release)
    courses = [
        CourseProgress(e, *progress.get(e.session.course_id, (0, 0)), upcoming.get(e.session_id, []))
        for e in enrollments
    ]
    return LearnerSpace(resume_point(account_id, today), courses, recent_results(account_id),
                        suggestions_for(account_id) if personalised else [])


def _active(account: Slot) -> peewee.Expression:
    return (Enrollment.account_id == account) & (Enrollment.status == "active")


# The learner space is the page learners open most: its queries are prepared once (portal.prepared) and
# read only the columns the page shows (building each row's objects cost more than running the query).
_ENROLLMENTS = Prepared(lambda: (
    Enrollment.select(Enrollment.id, Enrollment.session, TrainingSession.id, TrainingSession.title,
                      TrainingSession.course, Course.id, Course.slug, Course.title)
    .join(TrainingSession).join(Course)
    .where(_active(Slot("account")))
    .order_by(TrainingSession.starts_on)
))

# (course, lessons completed, lessons in all) for each course the learner follows, in one query.
_PROGRESS = Prepared(lambda: (
    Lesson.select(Module.course, peewee.fn.COUNT(LessonProgress.completed_at), peewee.fn.COUNT(Lesson.id))
    .join(Module)
    .switch(Lesson)
    .join(LessonProgress, peewee.JOIN.LEFT_OUTER, on=(
        (LessonProgress.lesson == Lesson.id) & (LessonProgress.account_id == Slot("account"))))
    .where(Module.course.in_(
        TrainingSession.select(TrainingSession.course).join(Enrollment).where(_active(Slot("account")))))
    .group_by(Module.course)
    .tuples()
))

_UPCOMING = Prepared(lambda: (
    ModuleRelease.select(ModuleRelease.session, ModuleRelease.release_on, Module.id, Module.title).join(Module)
    .where(ModuleRelease.session.in_(Enrollment.select(Enrollment.session).where(_active(Slot("account"))))
           & (ModuleRelease.release_on > Slot("today")))
    .order_by(ModuleRelease.release_on)
))


def resume_point(account_id: uuid.UUID, today: date) -> Resume | None:
    """The lesson last used (latest learning event) and where the video stood. When that lesson is done
    and was not left in the middle of its video (a review), the first lesson of its course not done yet
    among those already open to the learner."""
    row = _RESUME.first(account=account_id)
    if row is None:
        return None
    lesson_id, lesson_title, course_title, position, completed_at, course_id = row
    if completed_at is not None and not position:
        following = _NEXT_TO_DO.first(account=account_id, course=course_id, today=today)
        if following is not None:
            lesson_id, lesson_title, position = following
    return Resume(lesson_id, lesson_title, course_title, position or 0)


_RESUME = Prepared(lambda: (
    LearningEvent.select(LearningEvent.lesson, Lesson.title, Course.title, LessonProgress.position_seconds,
                         LessonProgress.completed_at, Course.id)
    .join(Lesson).join(Module).join(Course)
    .switch(LearningEvent)
    .join(
        LessonProgress, peewee.JOIN.LEFT_OUTER,
        on=((LessonProgress.lesson == LearningEvent.lesson) & (LessonProgress.account_id == Slot("account"))),
    )
    .where((LearningEvent.account_id == Slot("account")) & LearningEvent.lesson.is_null(False))
    .order_by(LearningEvent.timestamp.desc(), LearningEvent.id.desc())
    .limit(1)
    .tuples()
))

# A module opens on its release date in the learner's session, or with the session when it has none.
_NEXT_TO_DO = Prepared(lambda: (
    Lesson.select(Lesson.id, Lesson.title, LessonProgress.position_seconds)
    .join(Module)
    .join(TrainingSession, on=(TrainingSession.course == Module.course))
    .join(Enrollment, on=((Enrollment.session == TrainingSession.id) & (Enrollment.account_id == Slot("account"))
                          & (Enrollment.status == "active")))
    .join(ModuleRelease, peewee.JOIN.LEFT_OUTER, on=(
        (ModuleRelease.session == TrainingSession.id) & (ModuleRelease.module == Module.id)))
    .switch(Lesson)
    .join(LessonProgress, peewee.JOIN.LEFT_OUTER, on=(
        (LessonProgress.lesson == Lesson.id) & (LessonProgress.account_id == Slot("account"))))
    .where((Module.course == Slot("course")) & LessonProgress.completed_at.is_null()
           & (peewee.fn.COALESCE(ModuleRelease.release_on, TrainingSession.starts_on)
              <= Slot("today", ModuleRelease.release_on)))
    .order_by(Module.position, Lesson.position, Lesson.id)
    .limit(1)
    .tuples()
))


def recent_results(account_id: uuid.UUID) -> list[QuizAttempt]:
    return _RECENT_RESULTS.all(account=account_id)


_RECENT_RESULTS = Prepared(lambda: (
    QuizAttempt.select(QuizAttempt.score, QuizAttempt.passed, QuizAttempt.submitted_at, Lesson.id, Lesson.title)
    .join(Lesson)
    .where(QuizAttempt.account_id == Slot("account"))
    .order_by(QuizAttempt.submitted_at.desc())
    .limit(5)
))
