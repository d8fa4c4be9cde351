"""Who belongs to which session: the rules every package asks rather than writes again — which
enrolment is active, which sessions a trainer teaches, who teaches a session."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

import peewee

from portal.learning.models import Enrollment, Lesson, Module, SessionTrainer, TimeOnTask, TrainingSession
from portal.timeutil import to_paris

ACTIVE = "active"
# No longer active: taken off the session by staff, or moved to another session of the same course.
WITHDRAWN, TRANSFERRED = "withdrawn", "transferred"


def active_enrollment(account) -> peewee.Expression:
    """The condition "an active enrolment of this account" (an id, or a prepared query's Slot)."""
    return (Enrollment.account_id == account) & (Enrollment.status == ACTIVE)


def active() -> peewee.Expression:
    """The condition "an active enrolment", whoever's."""
    return Enrollment.status == ACTIVE


def active_in(session_id) -> peewee.Expression:
    """The condition "an active enrolment in this session": its participants, the seats they take."""
    return (Enrollment.session == session_id) & (Enrollment.status == ACTIVE)


def active_in_course(account_id, course_id: int) -> list[Enrollment]:
    """Her active enrolments in a course, with their session, the latest made first (her current training)."""
    return list(Enrollment.select(Enrollment, TrainingSession).join(TrainingSession)
                .where(active_enrollment(account_id) & (TrainingSession.course == course_id))
                .order_by(Enrollment.enrolled_at.desc(), Enrollment.id.desc()))


def seats_taken(session_id: int) -> int:
    return Enrollment.select().where(active_in(session_id)).count()


def seats_taken_in(session_ids: list[int]) -> dict[int, int]:
    """seats_taken of several sessions in one query (a session nobody is in is absent)."""
    return dict(Enrollment.select(Enrollment.session, peewee.fn.COUNT(Enrollment.id))
                .where(Enrollment.session.in_(session_ids or [0]) & active())
                .group_by(Enrollment.session).tuples())


def sessions_taught_by(trainer) -> peewee.ModelSelect:
    """The ids of the sessions a trainer (an id, or a Slot) is assigned to, as a subquery."""
    return SessionTrainer.select(SessionTrainer.session).where(SessionTrainer.account_id == trainer)


def teaches(trainer_id, session_id: int) -> bool:
    return SessionTrainer.select().where((SessionTrainer.session == session_id)
                                         & (SessionTrainer.account_id == trainer_id)).exists()


def trainers_of(session_id) -> peewee.ModelSelect:
    """The account ids of a session's trainers, as a subquery."""
    return SessionTrainer.select(SessionTrainer.account_id).where(SessionTrainer.session == session_id)


def record_funding(enrollment_id: int, funding: str) -> None:
    """Who funds an enrolment is the enrolment's: its funding file names the funder and says so here, so
    that every page (participants, the learner's file, the statistics) reads one answer."""
    Enrollment.update(funding=funding).where(Enrollment.id == enrollment_id).execute()


def followed_in(session_ids) -> peewee.Expression:
    """The condition "an enrolment that counts as having followed one of these sessions": active or
    withdrawn (where she stopped is part of the session's story); a transferred one counts in the
    session she moved to."""
    return Enrollment.session.in_(session_ids) & (Enrollment.status != TRANSFERRED)


@dataclass(frozen=True)
class Earlier:
    """A session she followed the course in before a transfer brought her to this enrolment."""
    session: TrainingSession
    until: date  # the day she was transferred out of it: its last day counted there
    # Of that day, her seconds per lesson up to the transfer's instant (the rest of the day is the next
    # session's); None: a transfer recorded before the split was kept, its day counted whole here.
    kept: dict[int, int] | None = None

    @property
    def kept_seconds(self) -> int | None:
        return None if self.kept is None else sum(self.kept.values())


def time_spent_on(account_id, course_id: int, day: date) -> dict[int, int]:
    """Her seconds per lesson of the course on one day so far: kept on the enrolment a transfer ends, so that
    the day is split at the transfer's instant (time on task is kept per day)."""
    return {lesson: int(seconds or 0) for lesson, seconds in
            TimeOnTask.select(TimeOnTask.lesson, TimeOnTask.seconds).join(Lesson).join(Module)
            .where((TimeOnTask.account_id == account_id) & (Module.course == course_id) & (TimeOnTask.day == day))
            .tuples()}


def kept_on_leaving(enrollment: Enrollment) -> dict[int, int] | None:
    """What an enrolment she was transferred out of kept of its last day (time_spent_on at the transfer)."""
    if enrollment.status != TRANSFERRED or not enrollment.last_day_seconds:
        return None
    return {int(lesson): int(seconds) for lesson, seconds in json.loads(enrollment.last_day_seconds).items()}


def as_kept(seconds: dict[int, int]) -> str:
    """time_spent_on as stored on the enrolment she leaves."""
    return json.dumps({str(lesson): n for lesson, n in sorted(seconds.items())})


@dataclass(frozen=True)
class FollowedDays:
    """The days whose time on task an enrolment counts, and where she was on those before a transfer."""
    session: TrainingSession  # the enrolment's own
    start: date
    end: date
    # The day the chain's first enrolment was made (Paris): nothing of the path can be attested before it. An
    # enrolment she withdrew from and a later one are two paths; only a transfer joins them.
    joined: date
    earlier: tuple[Earlier, ...] = ()  # oldest first: days up to each `until` were spent in that session
    # Transferred out of this enrolment: of its last day (`end`), her seconds per lesson up to the transfer;
    # the rest of that day is the next session's. None: any other enrolment (or a transfer before the split).
    kept: dict[int, int] | None = field(default=None)
    # She had followed the course before, in an enrolment no transfer joins to this one: this is a new training
    # action, which counts only what was done from the day it began (`joined`); what she did earlier stays
    # hers (her lessons stay open to her) but belongs to that earlier training's documents. None: first time.
    since: date | None = None
    before: tuple[Enrollment, ...] = ()  # those earlier trainings of the course, oldest first

    @property
    def kept_seconds(self) -> int | None:
        return None if self.kept is None else sum(self.kept.values())

    @property
    def sessions(self) -> tuple[TrainingSession, ...]:
        """Every session of the chain, oldest first, this enrolment's last: where her forum questions were."""
        return (*(e.session for e in self.earlier), self.session)

    def stretches(self, start: date, end: date) -> list[tuple[Earlier, date, date]]:
        """Of the days start to end, those spent in each earlier session (first, last; first > last when
        none): each from the day after she left the one before it, to the day she left it."""
        found, after = [], None
        for earlier in self.earlier:
            first = start if after is None else max(start, after + timedelta(days=1))
            found.append((earlier, first, min(end, earlier.until)))
            after = earlier.until
        return found


def followed_days(enrollment: Enrollment, today: date) -> FollowedDays:
    """The days an enrolment answers for, for its file, its relevé and its certificates alike. Progress and
    time belong to the course and follow her through a transfer: an enrolment a transfer led to counts from
    the start of the first session of the chain (its earlier sessions named, each to the day she left it);
    one she was transferred out of or withdrawn from stops on that day; any other, at its session's end or
    today. `joined`: the day the chain's first enrolment was made, before which nothing of the path is
    attested (an enrolment she withdrew from is no part of a later one's chain: only a transfer links them)."""
    return followed_days_of([enrollment], today)[enrollment.id]


def followed_days_of(enrollments: list[Enrollment], today: date) -> dict[int, FollowedDays]:
    """followed_days of several enrolments (with their session), by id, their chains walked back together:
    a query per step, whatever their number."""
    chains: dict[int, list[Earlier]] = {e.id: [] for e in enrollments}
    first_enrolled = {e.id: e.enrolled_at for e in enrollments}  # of each chain's oldest enrolment so far
    seen = {e.id: {e.id} for e in enrollments}
    reached = {e.id: e.id for e in enrollments}  # how far back each chain has been walked
    while reached:
        # If two enrolments were ever transferred into the same one, the latest move is the one it came from.
        moves = (Enrollment.select(Enrollment, TrainingSession).join(TrainingSession)
                 .where(Enrollment.transferred_to.in_(list(set(reached.values())))
                        & (Enrollment.status == TRANSFERRED))
                 .order_by(Enrollment.ended_at, Enrollment.id))
        before = {b.transferred_to_id: b for b in moves}
        further = {}
        for origin, current in reached.items():
            step = before.get(current)
            if step is None or step.id in seen[origin]:
                continue
            seen[origin].add(step.id)
            left = to_paris(step.ended_at).date() if step.ended_at else step.session.ends_on
            chains[origin].insert(0, Earlier(step.session, left, kept_on_leaving(step)))
            first_enrolled[origin] = step.enrolled_at
            further[origin] = step.id
        reached = further
    before = _trained_before(enrollments, first_enrolled, seen)
    return {e.id: _followed(e, tuple(chains[e.id]), to_paris(first_enrolled[e.id]).date(), today, before[e.id])
            for e in enrollments}


def _trained_before(enrollments: list[Enrollment], first_enrolled: dict, seen: dict[int, set[int]]) \
        -> dict[int, tuple[Enrollment, ...]]:
    """For each enrolment, her enrolments in the same course made before its chain began and not part of it:
    earlier trainings (one query, whatever their number)."""
    courses = {e.session.course_id for e in enrollments}
    accounts = {e.account_id for e in enrollments}
    others = list(Enrollment.select(Enrollment, TrainingSession).join(TrainingSession)
                  .where(Enrollment.account_id.in_(list(accounts)) & TrainingSession.course.in_(list(courses)))
                  .order_by(Enrollment.enrolled_at, Enrollment.id))
    return {e.id: tuple(o for o in others if _earlier_training(o, e, seen[e.id], first_enrolled[e.id]))
            for e in enrollments}


def _earlier_training(other: Enrollment, enrollment: Enrollment, chain: set[int], first_enrolled) -> bool:
    """Whether `other` is a training of the same course she followed before this enrolment's chain began."""
    return (other.account_id == enrollment.account_id and other.session.course_id == enrollment.session.course_id
            and other.id not in chain and other.enrolled_at < first_enrolled)


def new_training_since(enrollment: Enrollment, hers: list[Enrollment]) -> date | None:
    """followed_days' `since` read from her enrolments already loaded (each with its session): the page that
    lists them all (her space) asks it without a query per enrolment."""
    moves = {o.transferred_to_id: o for o in sorted(hers, key=lambda o: (o.ended_at or o.enrolled_at, o.id))
             if o.status == TRANSFERRED and o.transferred_to_id}
    chain, first = {enrollment.id}, enrollment.enrolled_at
    step = moves.get(enrollment.id)
    while step is not None and step.id not in chain:
        chain.add(step.id)
        first = step.enrolled_at
        step = moves.get(step.id)
    earlier = any(_earlier_training(o, enrollment, chain, first) for o in hers)
    return to_paris(first).date() if earlier else None


def trained_before(account_id, course_id: int) -> list[Enrollment]:
    """Her enrolments in a course (with their session), oldest first: what a new enrolment would follow on
    from, said before staff enrol her again."""
    return list(Enrollment.select(Enrollment, TrainingSession).join(TrainingSession)
                .where((Enrollment.account_id == account_id) & (TrainingSession.course == course_id))
                .order_by(Enrollment.enrolled_at, Enrollment.id))


def _followed(enrollment: Enrollment, earlier: tuple[Earlier, ...], joined: date, today: date,
              before: tuple[Enrollment, ...] = ()) -> FollowedDays:
    session = enrollment.session
    start = min([session.starts_on, *(e.session.starts_on for e in earlier)])
    since = joined if before else None
    if since is not None:
        start = max(start, since)
    end = min(session.ends_on, today)
    kept = None
    if enrollment.status != ACTIVE and enrollment.ended_at:  # withdrawn or transferred: up to the day she left
        left = to_paris(enrollment.ended_at).date()
        end = min(end, left)
        kept = kept_on_leaving(enrollment) if end == left else None
    return FollowedDays(session, start, end, joined, earlier, kept=kept, since=since, before=before)
