"""A course's outline as one learner sees it: every lesson in programme order with its state (done, in
progress, open, opens on a date) — the learner space, the course page and the player's pager all lead
on from it, so a link the portal shows never points at a lesson that is not open yet.

Two prepared queries whatever the course size: the lessons with this learner's progress, and the
opening dates of her active enrolments (a module opens on its release date in her session, or with the
session when it has none; with two sessions of a course, the earlier date counts).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

import peewee

from portal.learning import membership
from portal.learning.models import Enrollment, Lesson, LessonProgress, Module, ModuleRelease, TrainingSession
from portal.prepared import Prepared, Slot

DONE, IN_PROGRESS, OPEN, LOCKED = "done", "in_progress", "open", "locked"


@dataclass(frozen=True)
class OutlineLesson:
    id: int
    title: str
    kind: str
    expected_minutes: int
    module_id: int
    module_title: str
    course_id: int
    position_seconds: int
    started: bool
    completed_at: datetime | None
    opens_on: date | None  # None: not open to this person at all (no active enrolment)
    state: str


@dataclass(frozen=True)
class Outline:
    course_id: int
    lessons: list[OutlineLesson]

    @property
    def done(self) -> int:
        return sum(lesson.state == DONE for lesson in self.lessons)

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def started(self) -> bool:
        return any(lesson.state in (DONE, IN_PROGRESS) for lesson in self.lessons)

    @property
    def finished(self) -> bool:
        return bool(self.lessons) and self.done == self.total

    @property
    def next_to_do(self) -> OutlineLesson | None:
        """Where she goes on: a lesson she started and left (a video half watched), else the first one,
        in programme order, that is open and not done. A lesson done and opened again to review it
        never takes this place."""
        return (next((lesson for lesson in self.lessons if lesson.state == IN_PROGRESS), None)
                or next((lesson for lesson in self.lessons if lesson.state == OPEN), None))

    @property
    def next_opening(self) -> OutlineLesson | None:
        """The first lesson still to open (its date is when the course goes on)."""
        return next((lesson for lesson in self.lessons if lesson.state == LOCKED and lesson.opens_on), None)

    def modules(self) -> list[tuple[str, list[OutlineLesson]]]:
        return [(title, list(items)) for (_, title), items in
                groupby(self.lessons, key=lambda lesson: (lesson.module_id, lesson.module_title))]

    def around(self, lesson_id: int) -> tuple[OutlineLesson | None, OutlineLesson | None]:
        """The lessons before and after this one in programme order."""
        index = next((i for i, lesson in enumerate(self.lessons) if lesson.id == lesson_id), None)
        if index is None:
            return None, None
        before = self.lessons[index - 1] if index > 0 else None
        after = self.lessons[index + 1] if index + 1 < len(self.lessons) else None
        return before, after

    def get(self, lesson_id: int) -> OutlineLesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)


def _state(completed_at, started: bool, opens_on: date | None, today: date) -> str:
    if completed_at is not None:
        return DONE
    if opens_on is None or opens_on > today:
        return LOCKED
    return IN_PROGRESS if started else OPEN


def outlines_for(account_id: uuid.UUID, today: date, course_id: int | None = None,
                 everything_open: bool = False) -> dict[int, Outline]:
    """The outline of each course this person follows (or of `course_id` only). everything_open is for
    trainers and staff, who may open every lesson and have no progress of their own."""
    if course_id is None:
        rows = _FOLLOWED_LESSONS.all(account=account_id)
    else:
        rows = _COURSE_LESSONS.all(account=account_id, course=course_id)
    calendars = {} if everything_open else session_calendars(account_id)
    reached = {row[4] for row in rows if row[8] is not None}  # modules she has opened a lesson of
    outlines: dict[int, list[OutlineLesson]] = {}
    for (lesson_id, title, kind, minutes, module_id, module_title, course, position, progress_id,
         completed_at) in rows:
        opens_on = today if everything_open else opening_date(calendars.get(course, []), module_id)
        if opens_on is not None and opens_on > today and module_id in reached:
            # A module she reached stays open to her, whatever the calendar of a session she moved to or
            # enrolled in again: what she learnt stays hers; what she has not reached opens with the calendar.
            opens_on = today
        started = progress_id is not None
        outlines.setdefault(course, []).append(OutlineLesson(
            lesson_id, title, kind, minutes, module_id, module_title, course, position or 0, started,
            completed_at, opens_on, _state(completed_at, started, opens_on, today)))
    return {course: Outline(course, lessons) for course, lessons in outlines.items()}


def outline(account_id: uuid.UUID, course_id: int, today: date, everything_open: bool = False) -> Outline:
    return outlines_for(account_id, today, course_id, everything_open).get(course_id, Outline(course_id, []))


# A session's first day, its modules' release dates, and the day before which nothing opens to her (or None).
Calendar = tuple[date, dict[int, date], date | None]


def session_calendars(account_id: uuid.UUID) -> dict[int, list[Calendar]]:
    """course -> the calendar of each session of it this person is actively enrolled in."""
    sessions: dict[int, tuple[int, Calendar]] = {}
    for session_id, course, starts_on, opens_from, module, release_on in _OPENINGS.all(account=account_id):
        _, (_, releases, _) = sessions.setdefault(session_id, (course, (starts_on, {}, opens_from)))
        if module is not None:
            releases[module] = release_on
    calendars: dict[int, list[Calendar]] = {}
    for course, calendar in sessions.values():
        calendars.setdefault(course, []).append(calendar)
    return calendars


def opening_date(calendars: list[Calendar], module_id: int) -> date | None:
    """The day a module opens: its release in the session, or the session's first day, never before her
    enrolment's own first day (opens_from); the earliest over her sessions; None when she follows no
    session of its course."""
    days = [max(releases.get(module_id, starts_on), opens_from or date.min)
            for starts_on, releases, opens_from in calendars]
    return min(days) if days else None


def _active(account: Slot) -> peewee.Expression:
    return membership.active_enrollment(account)


def _lessons(where) -> peewee.ModelSelect:
    return (
        Lesson.select(Lesson.id, Lesson.title, Lesson.kind, Lesson.expected_minutes, Module.id, Module.title,
                      Module.course, LessonProgress.position_seconds, LessonProgress.id, LessonProgress.completed_at)
        .join(Module)
        .switch(Lesson)
        .join(LessonProgress, peewee.JOIN.LEFT_OUTER, on=(
            (LessonProgress.lesson == Lesson.id) & (LessonProgress.account_id == Slot("account"))))
        .where(where)
        .order_by(Module.course, Module.position, Lesson.position, Lesson.id)
        .tuples()
    )


_FOLLOWED_LESSONS = Prepared(lambda: _lessons(Module.course.in_(
    TrainingSession.select(TrainingSession.course).join(Enrollment).where(_active(Slot("account"))))))

_COURSE_LESSONS = Prepared(lambda: _lessons(Module.course == Slot("course")))

_OPENINGS = Prepared(lambda: (
    Enrollment.select(TrainingSession.id, TrainingSession.course, TrainingSession.starts_on, Enrollment.opens_from,
                      ModuleRelease.module, ModuleRelease.release_on)
    .join(TrainingSession)
    .join(ModuleRelease, peewee.JOIN.LEFT_OUTER, on=(ModuleRelease.session == TrainingSession.id))
    .where(_active(Slot("account")))
    .tuples()
))
