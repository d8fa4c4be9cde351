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
from portal.timeutil import utcnow

# The funding of a person paying her training herself: she enrols by signing its contract (portal.contracts).
SELF_FUNDED = "self"


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
    running_ids: frozenset[int] = frozenset()  # sessions begun already (one may still join them): said so

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
            .where(membership.active_enrollment(account_id) & (Enrollment.session.in_([s.id for s in sessions])))
        }
    # Only sessions one can still join, and hers: a full one is no offer (join() would refuse it anyway).
    seated = {s.id for s in _with_a_seat(sessions)}
    sessions = [s for s in sessions if s.id in enrolled or s.id in seated]
    following = _followed_session(account_id, course.id, today) if account_id is not None else None
    plan = outline(account_id, course.id, today) if account_id is not None else None
    if plan is not None and not any(lesson.opens_on for lesson in plan.lessons):
        plan = None  # not enrolled (staff, trainers, others): the public programme
    running = frozenset(s.id for s in sessions if s.starts_on <= today)
    return CoursePage(course, modules, lessons, sessions, enrolled, following, plan, running)


def _following(account_id: uuid.UUID, today: date, leaving: Enrollment | None = None) -> peewee.ModelSelect:
    """The sessions she follows: an active enrolment in a session not over yet, but the one a transfer
    takes her out of (`leaving`). One course at a time: progress, forum and certificate are per course, so a
    second session of it while the first is not over would split them."""
    query = (TrainingSession.select().join(Enrollment)
             .where(membership.active_enrollment(account_id) & (TrainingSession.ends_on >= today)))
    return query if leaving is None else query.where(Enrollment.id != leaving.id)


def _followed_session(account_id: uuid.UUID, course_id: int, today: date) -> TrainingSession | None:
    return (_following(account_id, today).where(TrainingSession.course == course_id)
            .order_by(TrainingSession.starts_on).first())


def _open_sessions(today: date) -> peewee.ModelSelect:
    """Sessions one may still join, whoever she is, soonest first, with their course (open_session's rule)."""
    return (TrainingSession.select(TrainingSession, Course).join(Course)
            .where((TrainingSession.ends_on >= today) & Course.published).order_by(TrainingSession.starts_on))


def _with_a_seat(sessions: list[TrainingSession]) -> list[TrainingSession]:
    """check_seats' rule read beforehand, for every session at once."""
    taken = membership.seats_taken_in([s.id for s in sessions if s.seats is not None])
    return [s for s in sessions if s.seats is None or taken.get(s.id, 0) < s.seats]


def open_sessions(today: date) -> list[TrainingSession]:
    """Every session still open to enrolment (full ones too: joining one is refused with its reason)."""
    return list(_open_sessions(today))


@dataclass(frozen=True)
class Offer:
    """An open session and whether she can join it now."""
    session: TrainingSession
    refused: str | None  # the rule of REFUSALS join() or check_seats() would refuse her with; None: she can


def offers_to(account_id: uuid.UUID, today: date, *, leaving: Enrollment | None = None) -> list[Offer]:
    """Every open session, soonest first, with their course, and the rule keeping her out of it now, read
    as join() and check_seats() would: the session she is in ("already"), another of a course she follows
    ("elsewhere": the one a transfer took her from too), no seat left ("full"). `leaving`: the enrolment a
    transfer takes her out of, whose course is then open to her as join(leaving=) has it. A session she
    withdrew from may be offered again."""
    sessions = list(_open_sessions(today))
    hers = {s.id for s in TrainingSession.select(TrainingSession.id).join(Enrollment)
            .where(membership.active_enrollment(account_id))}
    followed = {s.course_id for s in _following(account_id, today, leaving)}
    seated = {s.id for s in _with_a_seat(sessions)}

    def refused(session: TrainingSession) -> str | None:
        if session.id in hers:
            return "already"
        if session.course_id in followed:
            return "elsewhere"
        return None if session.id in seated else "full"

    return [Offer(s, refused(s)) for s in sessions]


def sessions_open_to(account_id: uuid.UUID, today: date, *, leaving: Enrollment | None = None) \
        -> list[TrainingSession]:
    """The sessions she can be enrolled in now (or transferred to, `leaving` the enrolment she leaves),
    soonest first, with their course."""
    return [o.session for o in offers_to(account_id, today, leaving=leaving) if o.refused is None]


def N_(text: str) -> str:  # noqa: N802 (Babel's extraction keyword: translated when refused, with its words)
    return text


# The rules of joining a session, said to the learner enrolling herself ("vous") or to staff enrolling
# someone ("cette personne"): one wording per rule and speaker, the rule itself written once below.
LEARNER, STAFF = 0, 1
REFUSALS = {
    "funding": (N_("Choisissez un mode de financement dans la liste."),
                N_("Choisissez un mode de financement dans la liste.")),
    "missing": (N_("Cette session n'existe pas."), N_("Cette session n'existe pas.")),
    "ended": (N_("Cette session est terminée."), N_("La session « %(title)s » est terminée : on n'y inscrit plus.")),
    "full": (N_("Cette session est complète."),
             N_("La session « %(title)s » est complète : %(seats)s places, toutes prises.")),
    "too_many": (N_("Cette session est complète."),
                 N_("La session « %(title)s » n'a plus que %(left)s place(s) libre(s) pour %(asked)s personnes.")),
    "elsewhere": (N_("Vous suivez déjà cette formation dans la session « %(title)s » : une seule session à la fois."),
                  N_("Cette personne suit déjà cette formation dans la session « %(title)s » : une seule session à "
                     "la fois (transférez-la plutôt).")),
    "already": (N_("Vous avez déjà une inscription à cette session."),
                N_("Cette personne est déjà inscrite à cette session.")),
}


def refusal(rule: str, speaker: int = LEARNER, **words) -> EnrollmentRefused:
    return EnrollmentRefused(_l(REFUSALS[rule][speaker], **words))


def open_session(session_id: int, today: date, speaker: int = LEARNER) -> TrainingSession:
    """The session one may still join: it exists, its course is published, it has not ended."""
    session = TrainingSession.get_or_none(TrainingSession.id == session_id)
    if session is None or not session.course.published:
        raise refusal("missing", speaker)
    if session.ends_on < today:
        raise refusal("ended", speaker, title=session.title)
    return session


def check_seats(session: TrainingSession, joining: int = 1, speaker: int = LEARNER, *, lock: bool = True) -> None:
    """Inside atomic(): a session with a number of seats takes no more active enrolments than that. A page
    saying beforehand whether one may join (lock=False) reads the same rule without waiting for anyone."""
    if session.seats is None:
        return
    if lock:
        db.person_lock(session.id, "session-seats")  # two desks filling the last seat wait for each other
    left = session.seats - membership.seats_taken(session.id)
    if left <= 0:
        raise refusal("full", speaker, title=session.title, seats=session.seats)
    if joining > left:
        raise refusal("too_many", speaker, title=session.title, left=left, asked=joining)


def join(account_id: uuid.UUID, session: TrainingSession, funding: str, today: date, *, speaker: int = LEARNER,
         by: uuid.UUID | None = None, leaving: Enrollment | None = None) -> Enrollment:
    """Inside atomic(), after check_seats: the person's active enrolment in the session. One session of a
    course at a time (`leaving`: the one a transfer leaves); an enrolment she left in this very session
    becomes active again rather than a second one."""
    if funding not in FUNDING_TYPES:
        raise refusal("funding", speaker)
    db.person_lock(account_id, "enrolment")  # two tabs must not enrol in two sessions of a course
    current = _followed_session(account_id, session.course_id, today)
    if current is not None and current.id != session.id and (leaving is None or current.id != leaving.session_id):
        raise refusal("elsewhere", speaker, title=current.title)
    earlier = Enrollment.get_or_none((Enrollment.account_id == account_id) & (Enrollment.session == session.id))
    if earlier is not None:
        if earlier.status == membership.ACTIVE:
            raise refusal("already", speaker)
        Enrollment.update(status=membership.ACTIVE, funding=funding, enrolled_at=utcnow(), enrolled_by=by,
                          ended_at=None, ended_by=None, end_note="", transferred_to=None, opens_from=None).where(
            Enrollment.id == earlier.id).execute()
        return Enrollment.get_by_id(earlier.id)
    try:
        with db.atomic():
            return Enrollment.create(account_id=account_id, session=session, funding=funding, enrolled_by=by)
    except peewee.IntegrityError:
        raise refusal("already", speaker) from None


def hold_lessons_until(enrollment_id: int, day: date | None) -> None:
    """No lesson of this enrolment opens before `day` (None: the session's calendar alone)."""
    Enrollment.update(opens_from=day).where(Enrollment.id == enrollment_id).execute()


def enroll(account_id: uuid.UUID, session_id: int, funding: str, today: date) -> Enrollment:
    """The learner enrolling herself from the course page."""
    if funding not in FUNDING_TYPES:
        raise refusal("funding")
    session = open_session(session_id, today)
    with db.atomic():
        check_seats(session)
        return join(account_id, session, funding, today)
