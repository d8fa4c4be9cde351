"""Whether a learner finished every lesson of a course (the hot satisfaction survey is offered then), and
which lessons she completed within one training of it: the progress of an enrolment, which its participants
line, its relevé, its certificates and her space read. A new enrolment in a course she followed before is a
new training action: what she completed earlier stays hers, but is no part of it."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from portal.learning import xapi
from portal.learning.models import LearningEvent, Lesson, LessonProgress, Module
from portal.timeutil import paris_day_start


def finished_every_lesson(account_id: uuid.UUID, course_id: int, since: date | None = None) -> bool:
    """since: a new training of a course she followed before (membership's `since`): only the lessons completed
    within it count."""
    if since is not None:
        ids = [lesson.id for lesson in Lesson.select(Lesson.id).join(Module).where(Module.course == course_id)]
        return bool(ids) and len(done_within(completions([account_id], ids).get(account_id, {}), since)) == len(ids)
    lessons = Lesson.select(Lesson.id).join(Module).where(Module.course == course_id)
    total = lessons.count()
    done = LessonProgress.select().where((LessonProgress.account_id == account_id)
                                         & LessonProgress.lesson.in_(lessons)
                                         & LessonProgress.completed_at.is_null(False)).count()
    return total > 0 and done == total


def completions(account_ids: list[uuid.UUID], lesson_ids: list[int] | None) \
        -> dict[uuid.UUID, dict[int, list[datetime]]]:
    """When each of them completed each lesson: the first time (her progress row) and every time she completed
    it again in a later training of the course (a completed event), one list per lesson (two queries). With
    lesson_ids None, only the completed events, of every lesson (one query: the progress rows are known)."""
    found: dict[uuid.UUID, dict[int, list[datetime]]] = {}
    people = account_ids or [uuid.UUID(int=0)]
    if lesson_ids is None:
        return _completed_events(found, LearningEvent.account_id.in_(people))
    lessons = lesson_ids or [0]
    for account_id, lesson_id, at in (LessonProgress.select(LessonProgress.account_id, LessonProgress.lesson,
                                                            LessonProgress.completed_at)
                                      .where(LessonProgress.account_id.in_(people) & LessonProgress.lesson.in_(lessons)
                                             & LessonProgress.completed_at.is_null(False)).tuples()):
        found.setdefault(account_id, {}).setdefault(lesson_id, []).append(at)
    return _completed_events(found, LearningEvent.account_id.in_(people) & LearningEvent.lesson.in_(lessons))


def _completed_events(found: dict, where) -> dict[uuid.UUID, dict[int, list[datetime]]]:
    for account_id, lesson_id, at in (LearningEvent.select(LearningEvent.account_id, LearningEvent.lesson,
                                                           LearningEvent.timestamp)
                                      .where(where & (LearningEvent.verb == xapi.COMPLETED)
                                             & LearningEvent.lesson.is_null(False)).tuples()):
        found.setdefault(account_id, {}).setdefault(lesson_id, []).append(at)
    return found


def done_within(times: dict[int, list[datetime]], since: date | None, until: datetime | None = None) -> set[int]:
    """The lessons completed within a training: from the day it began (`since`, Paris; None: her first
    training of the course, whenever she did them) and before `until`."""
    start = paris_day_start(since) if since else None
    return {lesson for lesson, moments in times.items()
            if any((start is None or at >= start) and (until is None or at < until) for at in moments)}
