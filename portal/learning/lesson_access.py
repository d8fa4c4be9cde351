"""Who may open a lesson, and from when: enrolment plus the session calendar."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import peewee

from portal.learning import membership
from portal.learning.models import Course, Lesson, LessonProgress, Module, TrainingSession
from portal.learning.outline import LOCKED, Outline, outline
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
    outline: Outline  # the course as this person sees it: what comes before and after, and when it opens


def load_lesson(lesson_id: int, account_id: uuid.UUID) -> tuple[Lesson, LessonProgress | None]:
    """The lesson with its module, course and this account's progress, in one query."""
    row = _LESSON.first(lesson=lesson_id, account=account_id)
    if row is None:
        raise LessonNotFound(lesson_id)
    progress = getattr(row, "lessonprogress", None)
    return row, progress if progress is not None and progress.id is not None else None


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

def open_for(account_id: uuid.UUID, role: str, lesson_id: int, today: date) -> OpenedLesson:
    lesson, progress = load_lesson(lesson_id, account_id)
    course_id = lesson.module.course_id
    if role == "staff":
        return OpenedLesson(lesson, None, False, outline(account_id, course_id, today, everything_open=True))
    if role == "trainer":
        assigned = (TrainingSession.select().where(
            TrainingSession.id.in_(membership.sessions_taught_by(account_id)) & (TrainingSession.course == course_id))
            .exists())
        if not assigned:
            raise NotEnrolled()
        return OpenedLesson(lesson, None, False, outline(account_id, course_id, today, everything_open=True))
    if role != "learner":
        raise NotEnrolled()
    plan = outline(account_id, course_id, today)
    here = plan.get(lesson.id)
    if here is None or here.opens_on is None:
        raise NotEnrolled()
    if here.state == LOCKED:
        raise NotYetReleased(here.opens_on)
    return OpenedLesson(lesson, progress, True, plan)
