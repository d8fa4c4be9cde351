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

    enrollments = list(
        Enrollment.select(Enrollment, TrainingSession, Course)
        .join(TrainingSession).join(Course)
        .where((Enrollment.account_id == account_id) & (Enrollment.status == "active"))
        .order_by(TrainingSession.starts_on)
    )
    course_ids = list({e.session.course_id for e in enrollments})
    session_ids = [e.session_id for e in enrollments]
    progress = _progress_per_course(account_id, course_ids)
    upcoming = _upcoming_releases(session_ids, today)
    courses = [
        CourseProgress(e, *progress.get(e.session.course_id, (0, 0)), upcoming.get(e.session_id, []))
        for e in enrollments
    ]
    return LearnerSpace(resume_point(account_id), courses, recent_results(account_id),
                        suggestions_for(account_id) if personalised else [])


def _progress_per_course(account_id: uuid.UUID, course_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(lessons completed, lessons in all) per course, in one query."""
    if not course_ids:
        return {}
    query = (
        Lesson.select(Module.course, peewee.fn.COUNT(LessonProgress.completed_at), peewee.fn.COUNT(Lesson.id))
        .join(Module)
        .switch(Lesson)
        .join(LessonProgress, peewee.JOIN.LEFT_OUTER, on=(
            (LessonProgress.lesson == Lesson.id) & (LessonProgress.account_id == account_id)))
        .where(Module.course.in_(course_ids))
        .group_by(Module.course)
    )
    return {course: (done, total) for course, done, total in query.tuples()}


def _upcoming_releases(session_ids: list[int], today: date) -> dict[int, list[ModuleRelease]]:
    if not session_ids:
        return {}
    by_session: dict[int, list[ModuleRelease]] = {}
    query = (
        ModuleRelease.select(ModuleRelease, Module).join(Module)
        .where(ModuleRelease.session.in_(session_ids) & (ModuleRelease.release_on > today))
        .order_by(ModuleRelease.release_on)
    )
    for release in query:
        by_session.setdefault(release.session_id, []).append(release)
    return by_session


def resume_point(account_id: uuid.UUID) -> Resume | None:
    """The lesson last used (latest learning event) and where the video stood."""
    row = (
        LearningEvent.select(LearningEvent.lesson, Lesson.title, Course.title, LessonProgress.position_seconds)
        .join(Lesson).join(Module).join(Course)
        .switch(LearningEvent)
        .join(
            LessonProgress, peewee.JOIN.LEFT_OUTER,
            on=((LessonProgress.lesson == LearningEvent.lesson) & (LessonProgress.account_id == account_id)),
        )
        .where((LearningEvent.account_id == account_id) & LearningEvent.lesson.is_null(False))
        .order_by(LearningEvent.timestamp.desc(), LearningEvent.id.desc())
        .limit(1)
        .tuples()
        .first()
    )
    if row is None:
        return None
    lesson_id, lesson_title, course_title, position = row
    return Resume(lesson_id, lesson_title, course_title, position or 0)


def recent_results(account_id: uuid.UUID, limit: int = 5) -> list[QuizAttempt]:
    return list(
        QuizAttempt.select(QuizAttempt, Lesson).join(Lesson)
        .where(QuizAttempt.account_id == account_id)
        .order_by(QuizAttempt.submitted_at.desc())
        .limit(limit)
    )
