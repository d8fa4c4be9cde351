"""The public catalogue, course pages and enrolment."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import peewee
from flask_babel import lazy_gettext as _l

from portal import db
from portal.learning import membership
from portal.learning.models import FUNDING_TYPES, Course, Enrollment, Lesson, Module, TrainingSession
from portal.learning.outline import Outline, outline
from portal.refusals import Refused


class EnrollmentRefused(Refused):
    """Carries the French reason shown to the learner."""


@dataclass(frozen=True)
class CoursePage:
    course: Course
    modules: list[Module]
    lessons_by_module: dict[int, list[Lesson]]
    sessions: list[TrainingSession]
    enrolled_session_ids: set[int]
    following: TrainingSession | None = None  # a running or upcoming session of this course the learner is in
    outline: Outline | None = None  # her own plan of the course, with each lesson's state, once enrolled

    @property
    def expected_minutes(self) -> int:
        return sum(lesson.expected_minutes for lessons in self.lessons_by_module.values() for lesson in lessons)


def published_courses() -> list[Course]:
    return list(Course.select().where(Course.published).order_by(Course.title))


def course_page(slug: str, account_id: uuid.UUID | None, today: date) -> CoursePage | None:
    course = Course.get_or_none((Course.slug == slug) & Course.published)
    if course is None:
        return None
    modules = list(Module.select().where(Module.course == course).order_by(Module.position))
    lessons: dict[int, list[Lesson]] = {module.id: [] for module in modules}
    query = (
        Lesson.select(Lesson.id, Lesson.module, Lesson.title, Lesson.kind, Lesson.expected_minutes, Lesson.position)
        .join(Module).where(Module.course == course).order_by(Module.position, Lesson.position)
    )
    for lesson in query:
        lessons[lesson.module_id].append(lesson)
    sessions = list(
        TrainingSession.select().where((TrainingSession.course == course) & (TrainingSession.ends_on >= today))
        .order_by(TrainingSession.starts_on)
    )
    enrolled: set[int] = set()
    if account_id is not None and sessions:
        enrolled = {
            row.session_id for row in Enrollment.select(Enrollment.session)
            .where((Enrollment.account_id == account_id) & (Enrollment.session.in_([s.id for s in sessions])))
        }
    following = _followed_session(account_id, course.id, today) if account_id is not None else None
    plan = outline(account_id, course.id, today) if account_id is not None else None
    if plan is not None and not any(lesson.opens_on for lesson in plan.lessons):
        plan = None  # not enrolled (staff, trainers, others): the public programme
    return CoursePage(course, modules, lessons, sessions, enrolled, following, plan)


def _followed_session(account_id: uuid.UUID, course_id: int, today: date) -> TrainingSession | None:
    """One course at a time: progress, forum and certificate are per course, so a second session of it
    while the first is not over would split them."""
    return (TrainingSession.select().join(Enrollment)
            .where(membership.active_enrollment(account_id)
                   & (TrainingSession.course == course_id) & (TrainingSession.ends_on >= today))
            .order_by(TrainingSession.starts_on).first())


def enroll(account_id: uuid.UUID, session_id: int, funding: str, today: date) -> Enrollment:
    if funding not in FUNDING_TYPES:
        raise EnrollmentRefused(_l("Choisissez un mode de financement dans la liste."))
    session = TrainingSession.get_or_none(TrainingSession.id == session_id)
    if session is None or not session.course.published:
        raise EnrollmentRefused(_l("Cette session n'existe pas."))
    if session.ends_on < today:
        raise EnrollmentRefused(_l("Cette session est terminée."))
    try:
        with db.atomic():
            db.person_lock(account_id, "enrolment")  # two tabs must not enrol in two sessions of a course
            current = _followed_session(account_id, session.course_id, today)
            if current is not None and current.id != session.id:
                raise EnrollmentRefused(_l("Vous suivez déjà cette formation dans la session « %(title)s » : "
                                           "une seule session à la fois.", title=current.title))
            return Enrollment.create(account_id=account_id, session=session, funding=funding)
    except peewee.IntegrityError:
        raise EnrollmentRefused(_l("Vous avez déjà une inscription à cette session.")) from None
