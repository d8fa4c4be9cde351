"""What the back office's lists name and filter by: the courses (to choose one) and a session with its course
(to say which one a list is narrowed to)."""
from __future__ import annotations

from portal.learning.models import Course, TrainingSession


def course_choices() -> list[tuple[int, str]]:
    """(id, title) of every course, by title: a short list, fit for a filter's choices."""
    return list(Course.select(Course.id, Course.title).order_by(Course.title).tuples())


def session_with_course(session_id: int | None) -> TrainingSession | None:
    if session_id is None:
        return None
    return (TrainingSession.select(TrainingSession, Course).join(Course)
            .where(TrainingSession.id == session_id).first())
