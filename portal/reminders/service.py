"""The daily reminders. Each message has a once-key, so a second run the same day (or a retried
job) mails nobody twice; a missed day is caught up for module releases and content updates."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import peewee
from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.jobs import job
from portal.learning import events, membership
from portal.learning.models import (
    Course,
    Enrollment,
    LearningEvent,
    Lesson,
    Module,
    ModuleRelease,
    TrainingSession,
)
from portal.learning.outline import opening_date
from portal.links import external_url
from portal.reminders.models import CourseUpdate, DropoutNudge
from portal.standing.service import unrestricted
from portal.timeutil import paris_today, utcnow

START_DAYS = (7, 1)  # "J-7" and "J-1"
RELEASE_CATCH_UP = timedelta(days=3)
IDLE_DAYS = 7


@dataclass(frozen=True)
class RemindersReport:
    session_starts: int
    releases: int
    updates: int
    nudges: int


def send_due(today: date) -> RemindersReport:
    return RemindersReport(session_starts(today), module_releases(today), course_updates(today),
                           inactivity_nudges(today))


@job(_l("Relances quotidiennes des stagiaires"))
def daily_reminders() -> None:
    send_due(paris_today())


def _active_enrollments():
    return (Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
            .where(membership.active()))


def session_starts(today: date) -> int:
    items = []
    for days in START_DAYS:
        for e in _active_enrollments().where(TrainingSession.starts_on == today + timedelta(days=days)):
            items.append((f"session-start:{e.id}:{days}", e.account_id, {
                "days": days, "course": e.session.course.title, "session": e.session.title,
                "starts_on": e.session.starts_on.isoformat(), "space_url": external_url("learner_home.space"),
            }))
    with db.atomic():
        return mail.send_once_many("session_start", items)


def module_releases(today: date) -> int:
    """A module's release is mailed on the day it opens to her: its release day, or later when her own
    lessons wait (a person paying herself, during her withdrawal period); missed days are caught up."""
    releases = list(ModuleRelease.select(ModuleRelease, Module, TrainingSession, Course)
                    .join(Module).switch(ModuleRelease).join(TrainingSession).join(Course)
                    .where((ModuleRelease.release_on <= today) & (TrainingSession.ends_on >= today)))
    if not releases:
        return 0
    learners: dict[int, list[tuple[uuid.UUID, date | None]]] = {}
    for e in Enrollment.select(Enrollment.session, Enrollment.account_id, Enrollment.opens_from).where(
            membership.active() & Enrollment.session.in_({r.session_id for r in releases})):
        learners.setdefault(e.session_id, []).append((e.account_id, e.opens_from))
    due = [(release, account_id) for release in releases
           for account_id, opens_from in learners.get(release.session_id, [])
           if today - RELEASE_CATCH_UP <= _opens_to_her(release, opens_from) <= today]
    first_lessons = _first_lessons(list({release.module_id for release, _ in due}))
    items = []
    for release, account_id in due:
        lesson_id = first_lessons.get(release.module_id)
        items.append((f"release:{release.id}:{account_id}", account_id, {
            "module": release.module.title, "course": release.session.course.title,
            "url": external_url("player.lesson", lesson_id=lesson_id) if lesson_id
            else external_url("learner_home.space")}))
    with db.atomic():
        return mail.send_once_many("module_released", items)


def _opens_to_her(release: ModuleRelease, opens_from: date | None) -> date:
    calendar = (release.session.starts_on, {release.module_id: release.release_on}, opens_from)
    return opening_date([calendar], release.module_id) or release.release_on


def _first_lessons(module_ids: list[int]) -> dict[int, int]:
    firsts: dict[int, int] = {}
    for lesson in (Lesson.select(Lesson.id, Lesson.module).where(Lesson.module.in_(module_ids))
                   .order_by(Lesson.module, Lesson.position)):
        firsts.setdefault(lesson.module_id, lesson.id)
    return firsts


def record_update(lesson: Lesson, kind: str) -> None:
    """Called by the course editor in its transaction: the next daily run tells the followers."""
    CourseUpdate.create(course=lesson.module.course_id, lesson=lesson.id, title=lesson.title, kind=kind)


def course_updates(today: date) -> int:
    """One message per learner and course, listing what changed since the last announcement, to
    learners of sessions not yet over."""
    pending = list(CourseUpdate.select(CourseUpdate, Course).join(Course)
                   .where(CourseUpdate.announced_at.is_null()).order_by(CourseUpdate.id))
    by_course: dict[int, list[CourseUpdate]] = {}
    for update in pending:
        by_course.setdefault(update.course_id, []).append(update)
    items = []
    for course_id, updates in by_course.items():
        changes = sorted({(u.kind, u.title) for u in updates}, key=lambda change: change[1])
        context = {"course": updates[0].course.title, "changes": [list(change) for change in changes],
                   "url": external_url("learner_home.space")}
        followers = {e.account_id for e in _active_enrollments().where(
            (TrainingSession.course == course_id) & (TrainingSession.ends_on >= today))}
        items += [(f"update:{updates[-1].id}:{account_id}", account_id, context) for account_id in sorted(followers)]
    with db.atomic():
        sent = mail.send_once_many("course_updated", items)
        if pending:
            CourseUpdate.update(announced_at=utcnow()).where(
                CourseUpdate.id.in_([u.id for u in pending])).execute()
    return sent


def inactivity_nudges(today: date) -> int:
    """Learners of a running session with nothing done for IDLE_DAYS: one nudge per silent spell,
    recorded as DropoutNudge. Restricted accounts are left out (their activity is not used)."""
    cutoff = datetime.combine(today - timedelta(days=IDLE_DAYS), time(0, 0))
    last_activity = peewee.fn.MAX(LearningEvent.timestamp)
    query = (Enrollment.select(Enrollment.id, Enrollment.account_id, Enrollment.enrolled_at, Course.title,
                               last_activity.alias("last_at"))
             .join(TrainingSession).join(Course)
             .switch(Enrollment)
             .join(LearningEvent, peewee.JOIN.LEFT_OUTER, on=(
                 (LearningEvent.account_id == Enrollment.account_id)
                 & (LearningEvent.course == TrainingSession.course)))
             .where(membership.active() & (TrainingSession.starts_on <= today)
                    & (TrainingSession.ends_on >= today) & (Enrollment.enrolled_at < cutoff))
             .group_by(Enrollment.id, Enrollment.account_id, Enrollment.enrolled_at, Course.title)
             .having(peewee.fn.COALESCE(last_activity, Enrollment.enrolled_at) < cutoff))
    rows = list(unrestricted(query, Enrollment.account_id).dicts())
    items, records = [], []
    for row in rows:
        since = row["last_at"] or row["enrolled_at"]
        items.append((f"nudge:{row['id']}:{since.isoformat()}", row["account_id"], {
            "course": row["title"], "days": (today - since.date()).days, "url": external_url("learner_home.space")}))
        records.append({"account_id": row["account_id"], "enrollment": row["id"], "last_activity_at": since,
                        "sent_on": today})
    with db.atomic():
        sent = mail.send_once_many("inactivity_nudge", items)
        if records:
            DropoutNudge.insert_many(records).on_conflict_ignore().execute()
    return sent


@dataclass(frozen=True)
class SentNudge:
    """A reminder sent to a learner of the session, beside her last activity as every screen says it."""

    account_id: uuid.UUID
    sent_on: date
    last_activity: datetime | None  # None: nothing done yet (learning.events.last_activity)


def nudges_for_session(session_id: int) -> list[SentNudge]:
    nudges = list(DropoutNudge.select(DropoutNudge, Enrollment, TrainingSession).join(Enrollment)
                  .join(TrainingSession).where(Enrollment.session == session_id)
                  .order_by(DropoutNudge.sent_on.desc()))
    if not nudges:
        return []
    last = events.last_activity([n.account_id for n in nudges], nudges[0].enrollment.session.course_id)
    return [SentNudge(n.account_id, n.sent_on, last.get(n.account_id)) for n in nudges]
