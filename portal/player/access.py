"""Who may open a lesson, and from when: enrolment plus the session calendar."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import peewee

from portal.learning.models import (
    Course, Enrollment, Lesson, LessonProgress, Module, ModuleRelease, SessionTrainer, TrainingSession,
)
from portal.prepared import Prepared, Slot


class LessonNotFound(Exception):
    pass


class NotEnrolled(Exception):
    pass


class NotYetReleased(Exception):
    def __init__(self, release_on: date):
        super().__init__(release_on)
        self.release_on = release_on


@dataclass(frozen=True)
class OpenedLesson:
    lesson: Lesson  # with .module and .module.course loaded
    progress: LessonProgress | None
    tracked: bool  # a learner's own view: progress, events and time on task are recorded


def load_lesson(lesson_id: int, account_id: uuid.UUID) -> tuple[Lesson, LessonProgress | None]:
    """The lesson with its module, course and this account's progress, in one query."""
    row = _LESSON.first(lesson=lesson_id, account=account_id)
    if row is None:
        raise LessonNotFound(lesson_id)
    progress = getattr(row, "lessonprogress", None)
    return row, progress if progress is not None and progress.id is not None else None


def learner_release_date(account_id: uuid.UUID, lesson: Lesson) -> date | None:
    """The earliest date this learner may open the lesson, over their active enrolments; None if none."""
    rows = _RELEASE_DATES.all(account=account_id, module=lesson.module_id, course=lesson.module.course_id)
    dates = [release_on or starts_on for starts_on, release_on in rows]
    return min(dates) if dates else None


# Every lesson page runs these: prepared once (portal.prepared).
_LESSON = Prepared(lambda: (
    Lesson.select(Lesson, Module, Course, LessonProgress)
    .join(Module).join(Course)
    .switch(Lesson)
    .join(
        LessonProgress, peewee.JOIN.LEFT_OUTER,
        on=((LessonProgress.lesson == Lesson.id) & (LessonProgress.account_id == Slot("account"))),
    )
    .where(Lesson.id == Slot("lesson"))
    .limit(1)
))

_RELEASE_DATES = Prepared(lambda: (
    Enrollment.select(TrainingSession.starts_on, ModuleRelease.release_on)
    .join(TrainingSession)
    .join(
        ModuleRelease, peewee.JOIN.LEFT_OUTER,
        on=((ModuleRelease.session == TrainingSession.id) & (ModuleRelease.module == Slot("module"))),
    )
    .where(
        (Enrollment.account_id == Slot("account")) & (Enrollment.status == "active")
        & (TrainingSession.course == Slot("course"))
    )
    .tuples()
))

_OUTLINE = Prepared(lambda: (
    Lesson.select(Lesson.id, Lesson.title).join(Module)
    .where(Module.course == Slot("course"))
    .order_by(Module.position, Lesson.position, Lesson.id)
))


def open_for(account_id: uuid.UUID, role: str, lesson_id: int, today: date) -> OpenedLesson:
    lesson, progress = load_lesson(lesson_id, account_id)
    if role == "staff":
        return OpenedLesson(lesson, None, tracked=False)
    if role == "trainer":
        assigned = (
            SessionTrainer.select().join(TrainingSession)
            .where((SessionTrainer.account_id == account_id) & (TrainingSession.course == lesson.module.course_id))
            .exists()
        )
        if not assigned:
            raise NotEnrolled()
        return OpenedLesson(lesson, None, tracked=False)
    if role != "learner":
        raise NotEnrolled()
    release_on = learner_release_date(account_id, lesson)
    if release_on is None:
        raise NotEnrolled()
    if release_on > today:
        raise NotYetReleased(release_on)
    return OpenedLesson(lesson, progress, tracked=True)


def neighbours(lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    """Previous and next lesson of the course, in programme order (one query)."""
    outline = _OUTLINE.all(course=lesson.module.course_id)
    index = next(i for i, item in enumerate(outline) if item.id == lesson.id)
    previous = outline[index - 1] if index > 0 else None
    following = outline[index + 1] if index + 1 < len(outline) else None
    return previous, following
