"""A session's participants and where each stands: lessons done, time spent (since she joined the course,
when a transfer brought her), last activity, funding file. A fixed number of queries whatever the
session's size."""
from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from portal.accounts.models import Account
from portal.attendance import service as attendance
from portal.funding import service as funding
from portal.funding.models import FundingFile
from portal.learning import completion, events, membership
from portal.learning.models import (
    Course,
    Enrollment,
    Lesson,
    Module,
    TrainingSession,
)
from portal.paging import Page, page_of
from portal.timeutil import paris_day_start


@dataclass(frozen=True)
class Progress:
    lessons_done: int  # within this training (its transfer chain), not in an earlier one
    lessons_total: int
    seconds: int  # time on task over the days her enrolment answers for (membership.followed_days)
    last_activity: datetime | None
    carried: tuple[attendance.Carried, ...] = ()  # of `seconds`, what was spent in sessions she was transferred out of
    before: tuple[Enrollment, ...] = ()  # her earlier trainings of the course: this one counts afresh

    @property
    def seconds_here(self) -> int:
        return self.seconds - sum(c.seconds for c in self.carried)

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
    participants: list[Participant]  # active, by display name (a page of them when one was asked for)
    former: list[Participant]  # withdrawn or transferred elsewhere
    seats_left: int | None
    active_count: int = 0  # every active participant, on this page or not
    restricted_count: int = 0  # those of them whose processing is restricted
    listed: Page | None = None  # the page shown, when one was asked for

    @property
    def restricted(self) -> list[Participant]:
        return [p for p in self.participants if p.restricted]


def session_with_course(session_id: int) -> TrainingSession | None:
    return (TrainingSession.select(TrainingSession, Course).join(Course)
            .where(TrainingSession.id == session_id).first())


def _followed(enrollments: list[Enrollment], course_id: int, today: date) -> dict[int, Progress]:
    """Where each enrolment (with its session, all of one course) stands over the days it answers for, as its
    relevé counts them (membership's followed_days): the lessons completed within this training (a new
    enrolment in a course she followed before starts afresh: completion's done_within), time on task, after
    a transfer with the time she carried from the session she left, said apart. A fixed number of queries,
    whatever their number."""
    if not enrollments:
        return {}
    days = membership.followed_days_of(enrollments, today)
    accounts = [e.account_id for e in enrollments]
    lessons = [lesson.id for lesson in Lesson.select(Lesson.id).join(Module).where(Module.course == course_id)]
    done = completion.completions(accounts, lessons)
    last = events.last_activity(accounts, course_id)
    daily = attendance.daily_seconds(accounts, course_id, min(d.start for d in days.values()),
                                     max(d.end for d in days.values()))

    def followed(e: Enrollment) -> Progress:
        mine, span = daily.get(e.account_id, {}), days[e.id]
        lately = last.get(e.account_id)
        if span.since and lately and lately < paris_day_start(span.since):
            lately = None  # her last activity was in an earlier training
        return Progress(len(completion.done_within(done.get(e.account_id, {}), span.since)), len(lessons),
                        attendance.followed_seconds(mine, span, span.start, span.end), lately,
                        attendance.split(mine, span, span.start, span.end), span.before)
    return {e.id: followed(e) for e in enrollments}


def progress_of(enrollment: Enrollment, today: date) -> Progress:
    """Where she stands over the days this enrolment answers for (its file, the page before leaving it)."""
    return _followed([enrollment], enrollment.session.course_id, today)[enrollment.id]


def roster(session: TrainingSession, today: date, page: int | None = None) -> Roster:
    """The session's participants; with `page`, where a page of the active ones stands (progress and funding
    file read for them only), the others counted."""
    enrollments = list(Enrollment.select(Enrollment, TrainingSession).join(TrainingSession)
                       .where(Enrollment.session == session.id).order_by(Enrollment.id))
    ids = [e.account_id for e in enrollments]
    people = {a.id: a for a in Account.select(Account.id, Account.display_name, Account.restricted_at)
              .where(Account.id.in_(ids or [uuid.UUID(int=0)]))}

    def name(e: Enrollment) -> str:
        person = people.get(e.account_id)
        return person.display_name if person else "—"

    active = sorted((e for e in enrollments if e.status == membership.ACTIVE), key=lambda e: name(e).casefold())
    closed = [e for e in enrollments if e.status != membership.ACTIVE]
    listed = page_of(active, page) if page is not None else None
    shown = (listed.rows if listed else active) + closed
    progress = _followed(shown, session.course_id, today)
    files = funding.files_of([e.id for e in shown])
    moved = {e.id: e.session for e in Enrollment.select(Enrollment, TrainingSession).join(TrainingSession).where(
        Enrollment.id.in_([e.transferred_to_id for e in closed if e.transferred_to_id] or [0]))}

    def participant(e: Enrollment) -> Participant:
        person = people.get(e.account_id)
        return Participant(e, name(e), bool(person and person.restricted_at), progress[e.id],
                           files.get(e.id), moved.get(e.transferred_to_id))

    rows = [participant(e) for e in (listed.rows if listed else active)]
    restricted = sum(1 for e in active if people.get(e.account_id) and people[e.account_id].restricted_at)
    left = None if session.seats is None else session.seats - len(active)
    return Roster(session, rows, [participant(e) for e in closed], left, len(active), restricted,
                  dataclasses.replace(listed, rows=rows) if listed else None)



def every_participant(session_id: int) -> list[Enrollment]:
    """Every enrolment the session ever had, active or closed (withdrawn, transferred elsewhere), with session
    and course, for its documents: a closed one still has a relevé to give."""
    return list(Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
                .where(Enrollment.session == session_id).order_by(Enrollment.id))
