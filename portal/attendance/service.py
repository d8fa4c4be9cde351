"""The relevé de réalisation of one enrolment over a period, built from time on task, learning
events, quiz attempts and trainer answers; its CSV and PDF; and the certificat de réalisation."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import peewee
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.documents import french, pdf_document, spreadsheet
from portal.forum.models import Post, Thread
from portal.learning import completion, membership
from portal.learning.models import (
    Course,
    Enrollment,
    LearningEvent,
    Lesson,
    Module,
    QuizAttempt,
    TimeOnTask,
    TrainingSession,
)
from portal.learning.wording import lesson_kind, planned_duration, transfer_words, withdrawal_words
from portal.refusals import Refused
from portal.standing import service as standing
from portal.timeutil import decimal_hours, paris_day_start, to_paris
from portal.vault import audit
from portal.vault import service as vault

MODALITY = "à distance"


@dataclass(frozen=True)
class Activity:
    module: str
    title: str
    kind: str
    first_at: datetime | None
    last_at: datetime | None
    seconds: int
    expected_minutes: int
    best_score: int | None
    completed: bool


@dataclass(frozen=True)
class Carried:
    """Time of a period spent in an earlier session of the course, before a transfer: it is hers and counts
    here too, said apart so that « 51 min » beside « 19 min depuis » needs no guessing."""
    session: TrainingSession
    until: date  # the day she was transferred out of it
    seconds: int


@dataclass(frozen=True)
class TimePart:
    """One part of a transferred enrolment's time, in words, with the time it says."""
    words: str
    seconds: int


def time_split(carried: tuple[Carried, ...], seconds_here: int, amount: Callable[[int], str] = french.hours,
               day: Callable[[date], str] = french.long_date) -> list[TimePart]:
    """After a transfer, where an enrolment's time was spent, worded once for every page (her file, the
    session's participants, the page before withdrawing or transferring her, the relevé), the relevé's PDF
    and its CSV: each session she left up to the day she left it, then this session since. Nothing without
    a transfer. `amount` writes a duration as the reader counts it (« 0,50 h » on documents, « 30 min » on
    her file), `day` a date (in words, « 6 décembre 2026 », everywhere)."""
    if not carried:
        return []
    parts = [TimePart(_("dont %(h)s dans «\u00a0%(s)s\u00a0» jusqu'à son transfert le %(d)s", h=amount(c.seconds),
                        s=c.session.title, d=day(c.until)), c.seconds) for c in carried]
    here = (_("et %(h)s dans cette session depuis", h=amount(seconds_here)) if seconds_here
            else _("rien encore dans cette session"))
    return [*parts, TimePart(here, seconds_here)]


@dataclass(frozen=True)
class Statement:
    enrollment: Enrollment
    start: date
    end: date
    activities: list[Activity]
    active_days: int
    trainer_answers: int
    joined: date  # the day the first enrolment of her path was made (membership.FollowedDays.joined)
    carried: tuple[Carried, ...] = ()  # of `seconds`, what was spent in earlier sessions, oldest first
    moved_to: TrainingSession | None = None  # the session a transfer took this enrolment to
    day_split: str = ""  # how a transfer day within the period is counted (day_split_words), "" without one

    @property
    def transfer(self) -> str:
        """« transférée vers « Session B » le 07/12/2026 », as her file says it; "" when not transferred."""
        return transfer_words(self.enrollment, self.moved_to) if self.moved_to else ""

    @property
    def closed(self) -> str:
        """How the enrolment ended, when it did (transferred elsewhere, or withdrawn): "" while active."""
        if self.moved_to:
            return self.transfer
        return withdrawal_words(self.enrollment) if self.enrollment.status == membership.WITHDRAWN else ""

    @property
    def seconds_here(self) -> int:
        """Of `seconds`, those spent in this enrolment's own session."""
        return self.seconds - sum(c.seconds for c in self.carried)

    @property
    def seconds(self) -> int:
        return sum(a.seconds for a in self.activities)

    @property
    def expected_minutes(self) -> int:
        return sum(a.expected_minutes for a in self.activities)

    @property
    def progress_percent(self) -> int:
        done = sum(1 for a in self.activities if a.completed)
        return round(100 * done / len(self.activities)) if self.activities else 0


def enrollment_with_course(enrollment_id: int) -> Enrollment | None:
    """The enrolment with its session and course (one query), or None."""
    return (Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
            .where(Enrollment.id == enrollment_id).first())


def followed_days(enrollment: Enrollment, today: date) -> membership.FollowedDays:
    """The period a relevé or a certificate of this enrolment covers unless another is asked for."""
    return membership.followed_days(enrollment, today)


def daily_seconds(account_ids: list[uuid.UUID], course_id: int, start: date, end: date) \
        -> dict[uuid.UUID, dict[date, int]]:
    """Each one's time on task on the course's lessons, day by day, days start to end included (one query)."""
    rows = (TimeOnTask.select(TimeOnTask.account_id, TimeOnTask.day, peewee.fn.SUM(TimeOnTask.seconds))
            .join(Lesson).join(Module)
            .where(TimeOnTask.account_id.in_(account_ids or [None]) & (Module.course == course_id)
                   & TimeOnTask.day.between(start, end))
            .group_by(TimeOnTask.account_id, TimeOnTask.day).tuples())
    found: dict[uuid.UUID, dict[date, int]] = {}
    for account_id, day, seconds in rows:
        found.setdefault(account_id, {})[day] = int(seconds or 0)
    return found


def seconds_between(daily: dict[date, int], start: date, end: date) -> int:
    return sum(seconds for day, seconds in daily.items() if start <= day <= end)


def followed_seconds(daily: dict[date, int], days: membership.FollowedDays, start: date, end: date) -> int:
    """Her time over start to end as this enrolment counts it: transferred out of it, its last day only up to
    the transfer's instant (the rest of that day is the next session's)."""
    seconds = seconds_between(daily, start, end)
    if days.kept is not None and start <= days.end <= end:
        seconds -= max(0, daily.get(days.end, 0) - days.kept_seconds)
    return seconds


def split(daily: dict[date, int], days: membership.FollowedDays, start: date, end: date) -> tuple[Carried, ...]:
    """Of her time day by day over start to end, what was spent in each session she was transferred out of
    (each to the day she left it, membership's stretches): what a figure covering the chain carries. A
    transfer day is split at the transfer's instant where the enrolment kept it: before, the session she
    left; after, the next one (two transfers on one day each take their part)."""
    found, previous = [], None
    for earlier, first, last in days.stretches(start, end):
        seconds = seconds_between(daily, first, last)
        if earlier.kept is not None and start <= earlier.until <= end:
            seconds -= max(0, daily.get(earlier.until, 0) - earlier.kept_seconds)  # after she left
        if previous is not None and previous.kept is not None and start <= previous.until <= end:
            seconds += max(0, daily.get(previous.until, 0) - previous.kept_seconds)  # after she arrived
        found.append(Carried(earlier.session, earlier.until, max(0, seconds)))
        previous = earlier
    return tuple(found)


def carried(account_id, course_id: int, days: membership.FollowedDays, start: date, end: date) -> tuple[Carried, ...]:
    """split() of her own time: the part of days start to end spent in sessions she left."""
    if not days.earlier:
        return ()
    return split(daily_seconds([account_id], course_id, start, end).get(account_id, {}), days, start, end)


def statement(enrollment: Enrollment, start: date, end: date) -> Statement:
    me, course = enrollment.account_id, enrollment.session.course_id
    lessons = list(Lesson.select(Lesson, Module).join(Module).where(Module.course == course)
                   .order_by(Module.position, Lesson.position))
    ids = [lesson.id for lesson in lessons]
    # Where she was before a transfer does not depend on the day asked: `end` stands for today.
    followed = membership.followed_days(enrollment, end)
    if followed.since and start < followed.since:
        start = followed.since  # a new training of a course she followed before: nothing of the earlier one
    since, until = paris_day_start(start), paris_day_start(end + timedelta(days=1))
    seconds = dict(TimeOnTask.select(TimeOnTask.lesson, peewee.fn.SUM(TimeOnTask.seconds))
                   .where((TimeOnTask.account_id == me) & TimeOnTask.lesson.in_(ids)
                          & TimeOnTask.day.between(start, end))
                   .group_by(TimeOnTask.lesson).tuples())
    spans = {lesson: (first, last) for lesson, first, last in
             LearningEvent.select(LearningEvent.lesson, peewee.fn.MIN(LearningEvent.timestamp),
                                  peewee.fn.MAX(LearningEvent.timestamp))
             .where((LearningEvent.account_id == me) & LearningEvent.lesson.in_(ids)
                    & (LearningEvent.timestamp >= since) & (LearningEvent.timestamp < until))
             .group_by(LearningEvent.lesson).tuples()}
    scores = dict(QuizAttempt.select(QuizAttempt.lesson, peewee.fn.MAX(QuizAttempt.score))
                  .where((QuizAttempt.account_id == me) & QuizAttempt.lesson.in_(ids)
                         & (QuizAttempt.submitted_at >= since) & (QuizAttempt.submitted_at < until))
                  .group_by(QuizAttempt.lesson).tuples())
    if followed.kept is not None and start <= followed.end <= end:  # her last day here, cut at the transfer
        whole_day = membership.time_spent_on(me, course, followed.end)
        seconds = {lesson: int(seconds.get(lesson) or 0)
                   - max(0, whole_day.get(lesson, 0) - followed.kept.get(lesson, 0)) for lesson in ids}
    # Completed within this training only: a lesson she finished in an earlier one is no part of it.
    completed = completion.done_within(completion.completions([me], ids).get(me, {}), followed.since, until)
    activities = [
        Activity(lesson.module.title, lesson.title, lesson_kind(lesson.kind),
                 *spans.get(lesson.id, (None, None)),
                 int(seconds.get(lesson.id) or 0), lesson.expected_minutes, scores.get(lesson.id),
                 lesson.id in completed)
        for lesson in lessons
    ]
    days = (TimeOnTask.select(TimeOnTask.day).distinct()
            .where((TimeOnTask.account_id == me) & TimeOnTask.lesson.in_(ids) & TimeOnTask.day.between(start, end))
            .count())
    # Her questions of the whole chain, as her time: those asked in the session she left were hers too.
    answers = (Post.select().join(Thread)
               .where((Thread.author_id == me) & Thread.session.in_([s.id for s in followed.sessions])
                      & Post.by_trainer & Post.hidden_at.is_null()
                      & (Post.created_at >= since) & (Post.created_at < until)).count())
    moved = moved_to(enrollment)
    return Statement(enrollment, start, end, activities, days, answers, followed.joined,
                     carried(me, course, followed, start, end), moved, day_split_words(followed, moved, start, end))


def day_split_words(followed: membership.FollowedDays, moved: TrainingSession | None, start: date, end: date) -> str:
    """Time on task is kept per day: how the relevé counts the day of a transfer within its period, said on
    it (the page, its PDF and its CSV) as the transfer page says it before the transfer."""
    if moved is not None and followed.kept is not None and start <= followed.end <= end:
        return (f"le {followed.end:%d/%m/%Y}, jour de son transfert, ne compte ici que le temps passé avant "
                f"l'instant du transfert ({french.hours(followed.kept_seconds or 0)}) ; la suite de cette journée "
                f"compte dans «\u00a0{moved.title}\u00a0».")
    said = []
    for earlier in followed.earlier:
        if not start <= earlier.until <= end:
            continue
        if earlier.kept is None:  # a transfer recorded before the portal split its day
            said.append(f"le {earlier.until:%d/%m/%Y}, jour de son transfert, compte en entier dans "
                        f"«\u00a0{earlier.session.title}\u00a0».")
        else:
            said.append(f"le {earlier.until:%d/%m/%Y}, jour de son transfert, est partagé à l'instant du "
                        f"transfert : ce qui précède compte dans «\u00a0{earlier.session.title}\u00a0», la suite "
                        "dans la session suivante.")
    return " ".join(said)


def moved_to(enrollment: Enrollment) -> TrainingSession | None:
    """The session a transfer took this enrolment to (None: not transferred)."""
    if enrollment.status != membership.TRANSFERRED or not enrollment.transferred_to_id:
        return None
    return (TrainingSession.select().join(Enrollment, on=(Enrollment.session == TrainingSession.id))
            .where(Enrollment.id == enrollment.transferred_to_id).first())


def when(value: datetime | None) -> str:
    return to_paris(value).strftime("%d/%m/%Y %H:%M") if value else ""


# Each duration is rounded to the hundredth of an hour on its own line, and the totals are those of the exact
# durations (the hours attested): the lines may add up to a hundredth or two more or less, said once here.
ROUNDING_NOTE = ("Durées arrondies au centième d'heure ligne par ligne ; les totaux sont ceux des durées exactes, "
                 "la somme des lignes peut en différer d'un centième ou deux.")

CSV_HEADERS = ["Module", "Activité", "Type", "Début", "Fin", "Durée (h)", "Durée prévue (h)", "Score (%)", "Terminée"]


def as_csv(s: Statement, dialect: spreadsheet.Dialect = spreadsheet.FRENCH) -> str:
    rows: list[list] = [CSV_HEADERS]
    rows += [[a.module, a.title, a.kind, when(a.first_at), when(a.last_at), decimal_hours(a.seconds),
              decimal_hours(a.expected_minutes * 60), "" if a.best_score is None else a.best_score,
              "oui" if a.completed else "non"] for a in s.activities]
    rows.append(["Total", "", "", "", "", decimal_hours(s.seconds), decimal_hours(s.expected_minutes * 60), "",
                 ""])
    # A number in a column of its own kind: the progression as a number of percent, on a row that says so.
    rows.append(["Progression (%)", s.progress_percent, "", "", "", "", "", "", ""])
    rows += [[part.words, "", "", "", "", decimal_hours(part.seconds), "", "", ""]
             for part in time_split(s.carried, s.seconds_here)]
    if s.closed:
        rows.append(["Inscription", s.closed, "", "", "", "", "", "", ""])
    if s.day_split:
        rows.append(["Jour du transfert", s.day_split, "", "", "", "", "", "", ""])
    rows.append(["Jours d'activité", s.active_days, "", "", "", "", "", "", ""])
    rows.append(["Réponses des formateurs", s.trainer_answers, "", "", "", "", "", "", ""])
    rows.append(["Arrondis", ROUNDING_NOTE, "", "", "", "", "", "", ""])
    return spreadsheet.write(rows, dialect)


def holder(enrollment: Enrollment, actor: audit.Actor, workflow: str, ground: str = "") -> dict[str, str | None]:
    """The name to print, read within the document's workflow (audited); for a restricted person, only with
    the legal ground given (standing.GroundRequired otherwise)."""
    given = standing.ground_for_use(enrollment.account_id, ground)
    return vault.read_for_staff(enrollment.account_id, actor, ("full_name", "employer"), workflow=workflow,
                                reason=standing.ground_words(given) if given else "")


def statement_pdf(s: Statement, person: dict) -> bytes:
    session = s.enrollment.session
    pdf = pdf_document("Relevé de réalisation")
    pdf.field("Stagiaire", person.get("full_name"))
    pdf.field("Formation", session.course.title)
    pdf.field("Session", f"{session.title} ({session.starts_on:%d/%m/%Y} - {session.ends_on:%d/%m/%Y})")
    if s.closed:
        pdf.field("Inscription", s.closed)
    pdf.field("Période du relevé", f"du {s.start:%d/%m/%Y} au {s.end:%d/%m/%Y}")
    pdf.field("Modalité", MODALITY)
    pdf.field("Durée de la formation", f"{planned_duration(session.course)}, dont "
                                        f"{french.hours(s.expected_minutes * 60)} d'activités en ligne guidées")
    spent_where = "".join(f", {part.words}" for part in time_split(s.carried, s.seconds_here))
    pdf.field("Temps réalisé", f"{french.hours(s.seconds)} (activités en ligne){spent_where}")
    if s.day_split:
        pdf.field("Jour du transfert", s.day_split[:1].upper() + s.day_split[1:])
    pdf.field("Progression", f"{s.progress_percent}\u00a0%")
    pdf.field("Jours d'activité", s.active_days)
    pdf.field("Réponses des formateurs", s.trainer_answers)
    pdf.heading("Activités")
    pdf.rows(["Module", "Activité", "Début", "Fin", "Durée", "Prévu", "Score", "Terminée"],
             [[a.module, a.title, when(a.first_at), when(a.last_at), french.hours(a.seconds),
               french.hours(a.expected_minutes * 60), "" if a.best_score is None else f"{a.best_score}\u00a0%",
               "oui" if a.completed else "non"]
              for a in s.activities],
             [30, 44, 23, 23, 15, 15, 13, 17], numeric=(4, 5, 6))
    pdf.line(ROUNDING_NOTE)
    return pdf.bytes()


class CertificateRefused(Refused):
    pass


def certified_period(s: Statement, issued_on: date) -> tuple[date, date]:
    """A certificat de réalisation attests what was done: its dates stop at the day it is issued, however far
    the asked period or the session runs, and start no earlier than the day the first enrolment of her path
    was made (a transfer joins two sessions into one path; an enrolment she withdrew from does not). One
    certificate per funded action: after a transfer, the action (and its funding file) goes on in the session
    she moved to, whose certificate covers the whole path from the first session's start; the enrolment she
    left offers none, so that no certificate repeats the time carried into the other. Nor is a certificate
    issued for a period with no time done."""
    if s.start > issued_on:
        raise CertificateRefused(_l("Le certificat de réalisation ne peut porter que sur des jours passés : "
                                    "la période demandée commence le %(d)s.", d=f"{s.start:%d/%m/%Y}"))
    if s.moved_to is not None:
        raise CertificateRefused(_l("Cette inscription a été %(moved)s : le certificat de réalisation de son "
                                    "parcours est celui de la session « %(s)s », qui couvre aussi le temps passé "
                                    "ici (un seul certificat par action financée).",
                                    moved=s.transfer, s=s.moved_to.title))
    if not s.seconds:
        raise CertificateRefused(_l("Aucun temps réalisé du %(a)s au %(b)s : pas de certificat de réalisation à "
                                    "délivrer.", a=f"{s.start:%d/%m/%Y}", b=f"{s.end:%d/%m/%Y}"))
    return min(max(s.start, s.joined), issued_on), min(s.end, issued_on)


def certificate_refusal(s: Statement, issued_on: date) -> CertificateRefused | None:
    """Why no certificat de réalisation can be issued for this statement today (None: it can), for a page
    to say instead of offering one to be refused."""
    try:
        certified_period(s, issued_on)
    except CertificateRefused as refusal:
        return refusal
    return None


def completion_certificate_pdf(s: Statement, person: dict, issued_on: date) -> bytes:
    """The certificat de réalisation, fields of the Ministry of Labour model."""
    session = s.enrollment.session
    first, last = certified_period(s, issued_on)
    pdf = pdf_document("Certificat de réalisation")
    issuer = pdf.issuer
    pdf.line(f"Je soussigné(e) {issuer.representative}, représentant(e) légal(e) du dispensateur de l'action "
             f"concernée, {issuer.name}, {issuer.address}, SIRET {issuer.siret}, {issuer.nda_sentence},")
    pdf.line("atteste que :")
    pdf.field("Stagiaire", person.get("full_name"))
    pdf.field("Salarié(e) de l'entreprise", person.get("employer") or "-")
    pdf.line("a suivi l'action :", bold=True)
    pdf.field("Intitulé", session.course.title)
    pdf.field("Nature de l'action", session.course.nature)
    pdf.field("Modalité", MODALITY)
    pdf.field("Dates", f"du {first:%d/%m/%Y} au {last:%d/%m/%Y}")
    pdf.field("Durée réalisée", french.hours(s.seconds).replace(" h", " heures"))
    pdf.ln(4)
    pdf.line(f"Fait à {issuer.city}, le {issued_on:%d/%m/%Y}")
    pdf.ln(8)
    pdf.line("Signature et cachet du dispensateur de l'action", bold=True)
    pdf.line(f"{issuer.representative}, représentant(e) légal(e) de {issuer.name}")
    return pdf.bytes()
