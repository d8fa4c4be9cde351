"""A session's participants and where each stands: lessons done, time spent during the session, last
activity, funding file. A fixed number of queries whatever the session's size."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

import peewee

from portal.accounts.models import Account
from portal.funding import service as funding
from portal.funding.models import FundingFile
from portal.learning import membership
from portal.learning.models import (
    Course,
    Enrollment,
    LearningEvent,
    Lesson,
    LessonProgress,
    Module,
    TimeOnTask,
    TrainingSession,
)


@dataclass(frozen=True)
class Progress:
    lessons_done: int  # in the course, whichever session she did them in
    lessons_total: int
    seconds: int  # time on task between the session's start and its end (or today)
    last_activity: datetime | None

    @property
    def percent(self) -> int:
        return round(100 * self.lessons_done / self.lessons_total) if self.lessons_total else 0


@dataclass(frozen=True)
class Participant:
    enrollment: Enrollment
    display_name: str
    restricted: bool
    progress: Progress
    file: FundingFile | None
    moved_to: TrainingSession | None = None  # a transfer's new session


@dataclass(frozen=True)
class Roster:
    session: TrainingSession
    participants: list[Participant]  # active, by display name
    former: list[Participant]  # withdrawn or transferred elsewhere
    seats_left: int | None

    @property
    def restricted(self) -> list[Participant]:
        return [p for p in self.participants if p.restricted]


def session_with_course(session_id: int) -> TrainingSession | None:
    return (TrainingSession.select(TrainingSession, Course).join(Course)
            .where(TrainingSession.id == session_id).first())


def _progress(account_ids: list[uuid.UUID], course_id: int, start: date, end: date) -> dict[uuid.UUID, Progress]:
    lessons = Lesson.select(Lesson.id).join(Module).where(Module.course == course_id)
    total = lessons.count()
    ids = account_ids or [uuid.UUID(int=0)]
    done = dict(LessonProgress.select(LessonProgress.account_id, peewee.fn.COUNT(LessonProgress.id))
                .where(LessonProgress.account_id.in_(ids) & LessonProgress.lesson.in_(lessons)
                       & LessonProgress.completed_at.is_null(False))
                .group_by(LessonProgress.account_id).tuples())
    seconds = dict(TimeOnTask.select(TimeOnTask.account_id, peewee.fn.SUM(TimeOnTask.seconds))
                   .where(TimeOnTask.account_id.in_(ids) & TimeOnTask.lesson.in_(lessons)
                          & TimeOnTask.day.between(start, end))
                   .group_by(TimeOnTask.account_id).tuples())
    last = dict(LearningEvent.select(LearningEvent.account_id, peewee.fn.MAX(LearningEvent.timestamp))
                .where(LearningEvent.account_id.in_(ids) & (LearningEvent.course == course_id))
                .group_by(LearningEvent.account_id).tuples())
    return {a: Progress(int(done.get(a) or 0), total, int(seconds.get(a) or 0), _moment(last.get(a)))
            for a in account_ids}


def _moment(value) -> datetime | None:
    """SQLite hands back MAX() of a timestamp as text."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def progress_of(enrollment: Enrollment, today: date | None = None) -> Progress:
    session = enrollment.session
    end = session.ends_on if today is None else min(session.ends_on, today)
    return _progress([enrollment.account_id], session.course_id, session.starts_on, end)[enrollment.account_id]


def roster(session: TrainingSession, today: date) -> Roster:
    enrollments = list(Enrollment.select().where(Enrollment.session == session.id).order_by(Enrollment.id))
    ids = [e.account_id for e in enrollments]
    people = {a.id: a for a in Account.select(Account.id, Account.display_name, Account.restricted_at)
              .where(Account.id.in_(ids or [uuid.UUID(int=0)]))}
    progress = _progress(ids, session.course_id, session.starts_on, min(session.ends_on, today))
    files = funding.files_of([e.id for e in enrollments])
    moved = {e.id: e.session for e in Enrollment.select(Enrollment, TrainingSession).join(TrainingSession).where(
        Enrollment.id.in_([e.transferred_to_id for e in enrollments if e.transferred_to_id] or [0]))}
    active, former = [], []
    for e in enrollments:
        person = people.get(e.account_id)
        participant = Participant(e, person.display_name if person else "—",
                                  bool(person and person.restricted_at), progress[e.account_id], files.get(e.id),
                                  moved.get(e.transferred_to_id))
        (active if e.status == membership.ACTIVE else former).append(participant)
    active.sort(key=lambda p: p.display_name.casefold())
    left = None if session.seats is None else session.seats - len(active)
    return Roster(session, active, former, left)


def active_participants(session_id: int) -> list[Enrollment]:
    """The session's active enrolments with session and course, for its documents."""
    return list(Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
                .where(membership.active_in(session_id)).order_by(Enrollment.id))
