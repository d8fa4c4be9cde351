"""Whether a learner finished every lesson of a course: the hot satisfaction survey is offered then."""
from __future__ import annotations

import uuid

from portal.learning.models import Lesson, LessonProgress, Module


def finished_every_lesson(account_id: uuid.UUID, course_id: int) -> bool:
    lessons = Lesson.select(Lesson.id).join(Module).where(Module.course == course_id)
    total = lessons.count()
    done = LessonProgress.select().where((LessonProgress.account_id == account_id)
                                         & LessonProgress.lesson.in_(lessons)
                                         & LessonProgress.completed_at.is_null(False)).count()
    return total > 0 and done == total
