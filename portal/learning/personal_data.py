"""What learning holds about a person: her enrolments, her progress and results, her time on each
lesson (the source of attendance proofs), the sessions a trainer teaches."""
from __future__ import annotations

import json
from datetime import date
from typing import BinaryIO

import peewee
from flask_babel import lazy_gettext as _l

from portal.archive import service as archive
from portal.formatting import paris_date, time_spent
from portal.i18n import FrenchWithin
from portal.learning import membership, xapi
from portal.learning.models import (
    CalendarFeed,
    Choice,
    Course,
    Enrollment,
    LearningEvent,
    Lesson,
    LessonProgress,
    Module,
    Question,
    QuizAttempt,
    SessionTrainer,
    TimeOnTask,
    TrainingSession,
    ViewBeat,
)
from portal.learning.wording import funding as funding_words
from portal.personal_data.registry import CONTRACT, LEGAL, Archived, Declaration, Person, iso
from portal.personal_data.table import BY_KEY
from portal.timeutil import decimal_hours
from portal.vault import service as vault

BATCH = 2000


def enrollments_of(account_id) -> list[Enrollment]:
    """Her enrolments with their session and course joined."""
    return list(Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
                .where(Enrollment.account_id == account_id).order_by(Enrollment.enrolled_at))


def _lesson_titles() -> dict[int, str]:
    return {lesson.id: lesson.title for lesson in Lesson.select(Lesson.id, Lesson.title)}


# --- enrolments --------------------------------------------------------------------------------------

def _enrollments_held(person: Person) -> list[tuple[str, str]]:
    # The course and session are the provider's French: marked so on an English page.
    return [(FrenchWithin(c=e.session.course.title),
             FrenchWithin("%(s)s · " + funding_words(e.funding).replace("%", "%%"), s=e.session.title))
            for e in enrollments_of(person.account_id)]


def _enrollments_exported(person: Person) -> dict:
    return {"enrollments": [{"course": e.session.course.title, "session": e.session.title,
                             "starts_on": e.session.starts_on.isoformat(), "ends_on": e.session.ends_on.isoformat(),
                             "funding": e.funding, "status": e.status, "enrolled_at": e.enrolled_at.isoformat(),
                             # transferred out: her seconds of that day up to the transfer, counted in this session
                             **({"transfer_day_seconds_here": sum(membership.kept_on_leaving(e).values())}
                                if membership.kept_on_leaving(e) is not None else {})}
                            for e in enrollments_of(person.account_id)]}


def _erase_enrollments(person: Person) -> None:
    Enrollment.delete().where(Enrollment.account_id == person.account_id).execute()


# --- progress, results, time on task -----------------------------------------------------------------

def _seconds(account_id) -> int:
    return (TimeOnTask.select(peewee.fn.COALESCE(peewee.fn.SUM(TimeOnTask.seconds), 0))
            .where(TimeOnTask.account_id == account_id).scalar() or 0)


def _history_held(person: Person) -> list[tuple[str, str]]:
    me = person.account_id
    return [
        (str(_l("Événements d'apprentissage")),
         str(LearningEvent.select().where(LearningEvent.account_id == me).count())),
        (str(_l("Leçons terminées")), str(LessonProgress.select().where(
            (LessonProgress.account_id == me) & LessonProgress.completed_at.is_null(False)).count())),
        (str(_l("Tentatives de quiz")), str(QuizAttempt.select().where(QuizAttempt.account_id == me).count())),
        (str(_l("Temps passé enregistré")), time_spent(_seconds(me))),
    ]


def _history_exported(person: Person) -> dict:
    me = person.account_id
    lessons = _lesson_titles()
    return {
        "progress": [{"lesson": lessons.get(p.lesson_id, ""), "position_seconds": p.position_seconds,
                      "completed_at": iso(p.completed_at)}
                     for p in LessonProgress.select().where(LessonProgress.account_id == me)],
        "time_on_task": [{"lesson": lessons.get(t.lesson_id, ""), "day": t.day.isoformat(), "seconds": t.seconds}
                         for t in TimeOnTask.select().where(TimeOnTask.account_id == me)],
        "quiz_attempts": _quiz_attempts_exported(me, lessons),
        "learning_events_file": "xapi-statements.json",
    }


def _quiz_attempts_exported(me, lessons: dict[int, str]) -> list[dict]:
    """Each answer in words, as she saw it: the question's text and the text of the options she chose
    (a choice is stored by its id, which means nothing to her)."""
    attempts = list(QuizAttempt.select().where(QuizAttempt.account_id == me).order_by(QuizAttempt.submitted_at))
    stored = {attempt.id: _stored_answers(attempt) for attempt in attempts}
    question_ids = {int(qid) for answers in stored.values() for qid in answers if qid.isdigit()}
    questions = {qid: (prompt, kind) for qid, prompt, kind in Question.select(
        Question.id, Question.prompt, Question.kind).where(Question.id.in_(list(question_ids))).tuples()}
    labels = {str(choice_id): label for choice_id, label in
              Choice.select(Choice.id, Choice.label).where(Choice.question.in_(list(question_ids))).tuples()}

    def in_words(qid: str, given) -> str:
        if qid.isdigit() and questions.get(int(qid), ("", ""))[1] == "text":
            return str(given)  # what she typed
        return labels.get(str(given), str(given))

    return [{"lesson": lessons.get(attempt.lesson_id, ""), "submitted_at": attempt.submitted_at.isoformat(),
             "score": attempt.score, "passed": attempt.passed,
             "answers": [{"question": questions.get(int(qid), ("", ""))[0] if qid.isdigit() else "",
                          "given": [in_words(qid, given) for given in answer.get("given", [])],
                          "correct": bool(answer.get("correct"))}
                         for qid, answer in stored[attempt.id].items()]}
            for attempt in attempts]


def _stored_answers(attempt: QuizAttempt) -> dict:
    try:
        answers = json.loads(attempt.answers or "{}")
    except ValueError:
        return {}
    return {str(qid): answer for qid, answer in answers.items() if isinstance(answer, dict)} \
        if isinstance(answers, dict) else {}


def _statements(person: Person):
    def write(stream: BinaryIO) -> None:
        """Streamed in batches, so a long history does not sit in memory at once."""
        known = xapi.activities()
        stream.write(b"[")
        first, last_id = True, 0
        while True:
            rows = list(LearningEvent.select()
                        .where((LearningEvent.account_id == person.account_id) & (LearningEvent.id > last_id))
                        .order_by(LearningEvent.id).limit(BATCH))
            if not rows:
                break
            for event in rows:
                statement = xapi.statement(event, person.account_id, known)
                stream.write((b"" if first else b",\n") + json.dumps(statement, ensure_ascii=False).encode())
                first = False
            last_id = rows[-1].id
        stream.write(b"]")
    return [("xapi-statements.json", write)]


def _erase_history(person: Person) -> None:
    for model in (QuizAttempt, TimeOnTask, ViewBeat, LessonProgress, LearningEvent):
        model.delete().where(model.account_id == person.account_id).execute()


def hours_followed(account_id, course_id: int) -> str:
    """Hours recorded on the course's lessons, as the attendance proof states them."""
    seconds = (TimeOnTask.select(peewee.fn.COALESCE(peewee.fn.SUM(TimeOnTask.seconds), 0))
               .join(Lesson).join(Module)
               .where((TimeOnTask.account_id == account_id) & (Module.course == course_id))
               .scalar() or 0)
    return str(decimal_hours(seconds))


def archive_attendance_proof(enrollment: Enrollment, holder: str) -> None:
    """The attendance proof of one enrolment (5 years after its training ends). Call with the session and
    course joined; archiving it again changes nothing."""
    session = enrollment.session
    archive.keep(enrollment.account_id, "attendance_proof", f"attendance_proof-{enrollment.id}",
                         {**training_facts(enrollment, holder),
                          "hours": hours_followed(enrollment.account_id, session.course_id)},
                         archive.years_after(session.ends_on, BY_KEY["attendance"].archive_years))


def training_facts(enrollment: Enrollment, holder: str) -> dict:
    """What every legal record of an enrolment starts with."""
    session = enrollment.session
    return {"holder": holder, "course": session.course.title, "session": session.title,
            "starts_on": session.starts_on.isoformat(), "ends_on": session.ends_on.isoformat(),
            "funding": enrollment.funding, "enrolled_at": enrollment.enrolled_at.isoformat()}


def move_ended_trainings(as_of: date) -> int:
    """The attendance proof's clock ("Justificatifs de présence : durée de la formation"): when a session
    has ended, each enrolment's proof goes to the archive, once."""
    due = list(Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
               .where((TrainingSession.ends_on < as_of) & Enrollment.records_archived_on.is_null()))
    holders = vault.legal_names([e.account_id for e in due])
    moved = 0
    for enrollment in due:
        holder = holders.get(enrollment.account_id)
        if holder is None:
            continue  # an account being erased: its erasure archives its records
        with archive.archive_transaction():
            archive_attendance_proof(enrollment, holder)
        Enrollment.update(records_archived_on=as_of).where(Enrollment.id == enrollment.id).execute()
        moved += 1
    return moved


def _archive_attendance(person: Person) -> None:
    with archive.archive_transaction():
        for enrollment in enrollments_of(person.account_id):
            archive_attendance_proof(enrollment, person.full_name)


# --- sessions taught ---------------------------------------------------------------------------------

def _taught(account_id) -> list[SessionTrainer]:
    return list(SessionTrainer.select(SessionTrainer, TrainingSession, Course).join(TrainingSession).join(Course)
                .where(SessionTrainer.account_id == account_id))


def _taught_held(person: Person) -> list[tuple[str, str]]:
    return [(FrenchWithin(c=row.session.course.title),
             FrenchWithin(_l("%(s)s (formatrice ou formateur)"), s=row.session.title))
            for row in _taught(person.account_id)]


def _taught_exported(person: Person) -> dict:
    return {"administrative": {"sessions_taught": [{"course": row.session.course.title, "session": row.session.title}
                                                   for row in _taught(person.account_id)]}}


def _erase_taught(person: Person) -> None:
    SessionTrainer.delete().where(SessionTrainer.account_id == person.account_id).execute()


def _enrollments_answered(person: Person) -> list[dict]:
    return [{"course": e.session.course.title, "session": e.session.title, "enrolled_at": e.enrolled_at.isoformat()}
            for e in enrollments_of(person.account_id)]


def _verb_words(verb: str) -> str:
    shown = xapi.verb_display(verb)
    return shown.get(xapi.CONTENT_LANGUAGE) or next(iter(shown.values()))


def _events_answered(person: Person) -> list[dict]:
    """A requisition's answer: each action in French words, as the xAPI vocabulary displays it, not its IRI."""
    return [{"at": e.timestamp.isoformat(), "verb": _verb_words(e.verb),
             "lesson": e.lesson.title if e.lesson_id else None}
            for e in LearningEvent.select(LearningEvent, Lesson).join(Lesson, peewee.JOIN.LEFT_OUTER)
            .where(LearningEvent.account_id == person.account_id).order_by(LearningEvent.timestamp)]


# --- calendar subscription ---------------------------------------------------------------------------

def _feed_held(person: Person) -> list[tuple[str, str]]:
    feed = CalendarFeed.get_or_none(CalendarFeed.account_id == person.account_id)
    return [(str(_l("Adresse d'abonnement au calendrier")),
             str(_l("créée le %(d)s", d=paris_date(feed.created_at))))] if feed else []


def _erase_feed(person: Person) -> None:
    CalendarFeed.delete().where(CalendarFeed.account_id == person.account_id).execute()


KEEP_ONLY = _l("Conservées, sans autre usage que leur conservation.")

DECLARATIONS = (
    Declaration(
        roles=("learner",),
        key="learning.enrollments", topic="administrative", label=_l("Inscriptions"), models=(Enrollment,),
        retention=BY_KEY["contracts"], basis=CONTRACT,
        purpose=_l("Vous donner accès aux sessions choisies et répondre à vos financeurs."),
        while_restricted=_l("Conservées ; comptées, sans votre nom, dans le bilan pédagogique et financier "
                            "(obligation légale)."),
        held=_enrollments_held, export=_enrollments_exported, erase=_erase_enrollments, order=90,
        answers={"enrollments": _enrollments_answered}),
    Declaration(
        roles=("learner",),
        key="learning.history", topic="history", label=_l("Progression, résultats et temps passé"),
        models=(LessonProgress, QuizAttempt, LearningEvent, ViewBeat, TimeOnTask),
        retention=BY_KEY["pedagogical"], basis=CONTRACT,
        purpose=_l("Reprendre là où vous en étiez, suivre votre progression, justifier la réalisation."),
        while_restricted=_l("Conservés et montrés à vous seulement ; ni suggestions, ni statistiques de comparaison "
                            "avec les autres stagiaires."),
        held=_history_held, export=_history_exported, files=_statements, archive=_archive_attendance,
        erase=_erase_history, clock=move_ended_trainings, order=20, answers={"learning_events": _events_answered},
        archived=Archived("attendance_proof", BY_KEY["attendance"])),
    Declaration(
        roles=("learner",),
        key="learning.calendar_feed", topic="account", label=_l("Abonnement à votre calendrier"),
        models=(CalendarFeed,), retention=BY_KEY["login"], basis=CONTRACT,
        purpose=_l("Permettre à votre agenda de suivre les dates de vos sessions, à une adresse privée que vous "
                   "pouvez remplacer ou supprimer."),
        while_restricted=_l("L'adresse continue de servir votre agenda ; vous pouvez la supprimer."),
        held=_feed_held, erase=_erase_feed),
    Declaration(
        roles=("trainer", "staff", "dpo"),
        key="learning.taught", topic="work", label=_l("Sessions que vous animez"),
        models=(SessionTrainer,), retention=BY_KEY["contracts"], basis=LEGAL,
        purpose=_l("Savoir qui anime quelle session, pour les stagiaires et pour les contrôles."),
        while_restricted=KEEP_ONLY, held=_taught_held, export=_taught_exported, erase=_erase_taught),
)
