"""Staff editing of the catalogue and the session calendars. Each change is one transaction."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import peewee
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import db
from portal.accounts.models import Account
from portal.course_admin import lesson_files
from portal.course_admin.lesson_files import LessonFileRefused, Upload
from portal.learning import membership
from portal.learning.models import (
    Choice,
    Course,
    Enrollment,
    Lesson,
    Module,
    ModuleRelease,
    Question,
    SessionTrainer,
    TrainingSession,
)
from portal.paging import Page, paginate
from portal.player.media import file_in_media, media_folder
from portal.refusals import Refused
from portal.reminders.service import record_update
from portal.timeutil import utcnow


class Invalid(Refused):
    """A change refused as a whole; carries the French reason."""


COURSE_FIELDS = ("title", "slug", "objectives", "description", "prerequisites", "duration_hours", "nature",
                 "nsf_code", "rncp_code", "level", "published")
LESSON_FIELDS = ("title", "kind", "position", "expected_minutes", "body", "video_path", "video_low_path",
                 "poster_path", "captions_path", "transcript", "document_path", "pass_mark", "max_attempts")


def save_course(course_id: int | None, data: dict) -> Course:
    values = {field: data[field] for field in COURSE_FIELDS}
    values["rncp_code"] = values["rncp_code"] or None
    values["price_cents"] = int((Decimal(data["price_euros"]) * 100).to_integral_value())
    values["updated_at"] = utcnow()
    try:
        with db.atomic():
            if course_id is None:
                return Course.create(**values)
            before = Course.get_or_none(Course.id == course_id)
            if before is None:
                raise LookupError(course_id)
            if (before.objectives != values["objectives"]
                    or Decimal(before.duration_hours) != Decimal(values["duration_hours"])):
                values["version"] = before.version + 1  # what a certificate attests has changed
            Course.update(**values).where(Course.id == course_id).execute()
            return Course.get_by_id(course_id)
    except peewee.IntegrityError:
        raise Invalid(_l("Cette adresse de page est déjà utilisée par une autre formation.")) from None


def add_module(course_id: int, data: dict) -> Module:
    with db.atomic():
        return Module.create(course=Course.get_by_id(course_id), **data)


def save_module(module_id: int, data: dict) -> None:
    with db.atomic():
        Module.update(**data).where(Module.id == module_id).execute()


def add_lesson(module_id: int, data: dict, uploads: dict[str, Upload] | None = None) -> Lesson:
    """A new lesson, its uploaded files stored under its own folder: all of it, or nothing (files
    written for a refused lesson are removed)."""
    folder = _upload_folder(uploads)
    placed: list[Path] = []
    try:
        with db.atomic():
            if not uploads:
                lesson = Lesson.create(module=Module.get_by_id(module_id), **_lesson_values(data))
            else:
                # The lesson's id names its files' folder: created first, its paths filled once they are stored.
                lesson = Lesson.create(module=Module.get_by_id(module_id),
                                       **_lesson_values(_without(data, uploads), check_files=False))
                values = _lesson_values(_with_files(data, uploads, folder, lesson.id, placed))
                Lesson.update(**values).where(Lesson.id == lesson.id).execute()
                lesson = Lesson.get_by_id(lesson.id)
            record_update(lesson, "added")
            return lesson
    except BaseException:
        _remove(placed)
        raise


# A change to these is news for learners; a new pass mark or duration is not.
CONTENT_FIELDS = ("title", "body", "video_path", "document_path", "transcript")


def save_lesson(lesson_id: int, data: dict, uploads: dict[str, Upload] | None = None) -> None:
    """The lesson's new values; an uploaded file takes the place of the path typed for it. All or nothing:
    a refused change keeps no file it brought."""
    folder = _upload_folder(uploads)
    placed: list[Path] = []
    try:
        with db.atomic():
            values = _lesson_values(_with_files(data, uploads, folder, lesson_id, placed))
            before = Lesson.get_by_id(lesson_id)
            Lesson.update(**values).where(Lesson.id == lesson_id).execute()
            if any(getattr(before, name) != values[name] for name in CONTENT_FIELDS):
                record_update(Lesson.get_by_id(lesson_id), "updated")
    except BaseException:
        _remove(placed)
        raise


MEDIA_FIELDS = ("video_path", "video_low_path", "poster_path", "captions_path", "document_path")


def _upload_folder(uploads: dict[str, Upload] | None) -> Path | None:
    if not uploads:
        return None
    folder = media_folder()
    if folder is None:
        raise LessonFileRefused(_l("Les fichiers des leçons sont servis par un CDN extérieur (VIDEO_CDN_URL) : "
                                   "pour les envoyer d'ici, indiquez dans MEDIA_UPLOAD_DIR le dossier qu'il publie ; "
                                   "sinon déposez le fichier sur le CDN et indiquez son chemin."),
                                field=next(iter(uploads)))
    return folder


def _without(data: dict, uploads: dict[str, Upload]) -> dict:
    return {**data, **{field: None for field in uploads}}


def _with_files(data: dict, uploads: dict[str, Upload] | None, folder: Path | None, lesson_id: int,
                placed: list[Path]) -> dict:
    """The lesson's values with each uploaded file stored and its path in place of the typed one."""
    if not uploads or folder is None:
        return data
    data = dict(data)
    if "video_path" in uploads and "video_low_path" not in uploads:
        data["video_low_path"] = None  # the low-quality copy was of the video now replaced: never serve it
    limit = current_app.config["LESSON_FILE_MAX_BYTES"]
    for field, upload in uploads.items():
        data[field], created = lesson_files.store(folder, lesson_id, field, upload, limit)
        if created is not None:
            placed.append(created)
    return data


def _remove(files: list[Path]) -> None:
    for file in files:
        file.unlink(missing_ok=True)


def _lesson_values(data: dict, check_files: bool = True) -> dict:
    values = {field: data.get(field) for field in LESSON_FIELDS}
    for path in MEDIA_FIELDS:
        values[path] = values[path] or None
    if check_files:
        _refuse_missing_files(values)
    values["body"] = values["body"] or ""
    values["transcript"] = values["transcript"] or ""
    values["pass_mark"] = 70 if values["pass_mark"] is None else values["pass_mark"]
    return values


def _refuse_missing_files(values: dict) -> None:
    """A lesson naming a file that is not there shows learners a broken video. Each path must name a file
    in the media folder (media_folder); an outside CDN's files, without MEDIA_UPLOAD_DIR, are not seen from
    here."""
    if media_folder() is None:
        return
    missing = [values[name] for name in MEDIA_FIELDS if values[name] and file_in_media(values[name]) is None]
    if missing:
        raise Invalid(_l("Fichier introuvable dans le dossier des médias : %(paths)s. Envoyez-le avec le "
                         "formulaire, ou déposez-le dans le dossier des médias avant de l'indiquer.",
                         paths=", ".join(missing)))


def save_question(
    lesson_id: int, question_id: int | None, *, kind: str, prompt: str, explanation: str, accepted_answers: str,
    choices: list[tuple[str, bool]],
) -> Question:
    """Create or replace a question with its propositions, all or nothing."""
    lesson = Lesson.get_by_id(lesson_id)
    if lesson.kind != "quiz":
        raise Invalid(_l("Seule une leçon de type quiz a des questions."))
    with db.atomic():
        if question_id is None:
            last_position = Question.select(peewee.fn.MAX(Question.position)).where(Question.lesson == lesson).scalar()
            position = (last_position or 0) + 1
            question = Question.create(lesson=lesson, position=position, kind=kind, prompt=prompt,
                                       explanation=explanation or "", accepted_answers=accepted_answers or "")
        else:
            question = Question.get((Question.id == question_id) & (Question.lesson == lesson))
            Question.update(kind=kind, prompt=prompt, explanation=explanation or "",
                            accepted_answers=accepted_answers or "").where(Question.id == question.id).execute()
            Choice.delete().where(Choice.question == question).execute()
        if kind != "text":
            Choice.insert_many([
                {"question": question.id, "position": position, "label": label, "correct": correct}
                for position, (label, correct) in enumerate(choices, start=1)
            ]).execute()
    return question


def delete_question(question_id: int) -> int:
    question = Question.get_by_id(question_id)
    with db.atomic():
        question.delete_instance(recursive=True)
    return question.lesson_id


def trainers() -> list[Account]:
    return list(Account.select().where((Account.role == "trainer") & (Account.status == "active"))
                .order_by(Account.display_name))


def save_session(
    session_id: int | None, *, course_id: int, title: str, starts_on: date, ends_on: date,
    trainer_ids: list[uuid.UUID], releases: dict[int, date | None], seats: int | None = None,
) -> TrainingSession:
    course = Course.get_or_none(Course.id == course_id)
    if course is None:
        raise Invalid(_l("Cette formation n'existe pas."))
    known_trainers = {account.id for account in trainers()}
    if not set(trainer_ids) <= known_trainers:
        raise Invalid(_l("Choisissez les formateurs dans la liste."))
    module_ids = {module.id for module in Module.select(Module.id).where(Module.course == course)}
    if not set(releases) <= module_ids:
        raise Invalid(_l("Ces modules n'appartiennent pas à la formation."))
    for release_on in releases.values():
        if release_on is not None and not starts_on <= release_on <= ends_on:
            raise Invalid(_l("Chaque module doit ouvrir entre le début et la fin de la session."))
    with db.atomic():
        if session_id is None:
            session = TrainingSession.create(course=course, title=title, starts_on=starts_on, ends_on=ends_on,
                                             seats=seats)
        else:
            session = TrainingSession.get_by_id(session_id)
            if session.course_id != course.id and Enrollment.select().where(Enrollment.session == session).exists():
                raise Invalid(_l("Une session qui a des inscrits ne change pas de formation."))
            if seats is not None and seats < membership.seats_taken(session.id):
                raise Invalid(_l("La session compte déjà %(n)s participants : pas moins de places que cela.",
                                 n=membership.seats_taken(session.id)))
            TrainingSession.update(course=course, title=title, starts_on=starts_on, ends_on=ends_on,
                                   seats=seats).where(TrainingSession.id == session.id).execute()
        ModuleRelease.delete().where(ModuleRelease.session == session).execute()
        rows = [{"session": session.id, "module": module_id, "release_on": release_on}
                for module_id, release_on in releases.items() if release_on is not None]
        if rows:
            ModuleRelease.insert_many(rows).execute()
        SessionTrainer.delete().where(SessionTrainer.session == session).execute()
        if trainer_ids:
            SessionTrainer.insert_many([{"session": session.id, "account_id": t} for t in trainer_ids]).execute()
    return TrainingSession.get_by_id(session.id)


# --- reads for the management pages ------------------------------------------------------------

def find(model: type[peewee.Model], object_id: int) -> peewee.Model | None:
    return model.get_or_none(model.id == object_id)


def courses() -> list[Course]:
    return list(Course.select().order_by(Course.title))


def modules_of(course_id: int | None) -> list[Module]:
    if not course_id:
        return []
    return list(Module.select().where(Module.course == course_id).order_by(Module.position))


def lessons_of(module_id: int) -> list[Lesson]:
    return list(Lesson.select().where(Lesson.module == module_id).order_by(Lesson.position))


@dataclass(frozen=True)
class MissingFiles:
    lesson: Lesson  # with its module and course
    paths: list[tuple[str, str]]  # (the lesson's field, the path it names)


def lessons_missing_files() -> list[MissingFiles] | None:
    """The lessons naming a file that is not in the media folder, course by course; None when the files
    are on an outside CDN this server does not see (no MEDIA_UPLOAD_DIR)."""
    if media_folder() is None:
        return None
    names = peewee.fn.COALESCE(*[getattr(Lesson, name) for name in MEDIA_FIELDS])
    lessons = (Lesson.select(Lesson, Module, Course).join(Module).join(Course).where(names.is_null(False))
               .order_by(Course.title, Module.position, Lesson.position))
    found = []
    for lesson in lessons:
        paths = [(name, getattr(lesson, name)) for name in MEDIA_FIELDS
                 if getattr(lesson, name) and file_in_media(getattr(lesson, name)) is None]
        if paths:
            found.append(MissingFiles(lesson, paths))
    return found


def choices_text(question: Question) -> str:
    """The question's choices as its form writes them: one per line, the right ones starred."""
    return "\n".join(("* " if c.correct else "") + c.label for c in question.choices.order_by(Choice.position))


PERIODS = ("running", "coming", "past")  # the sessions list's period filter


def sessions(page: int, today: date, *, course_id: int | None = None, period: str = "") -> Page:
    """Latest first, each with `enrolled`: its active enrolments (one query a page), narrowed to a course and
    to sessions running, to come or past on `today`."""
    enrolled = peewee.fn.COUNT(Enrollment.id)
    query = (TrainingSession.select(TrainingSession, Course, enrolled.alias("enrolled")).join(Course)
             .switch(TrainingSession).join(Enrollment, peewee.JOIN.LEFT_OUTER,
                                           on=(Enrollment.session == TrainingSession.id) & membership.active())
             .group_by(TrainingSession.id, Course.id)
             .order_by(TrainingSession.starts_on.desc(), TrainingSession.id.desc()))
    if course_id is not None:
        query = query.where(TrainingSession.course == course_id)
    if period == "running":
        query = query.where((TrainingSession.starts_on <= today) & (TrainingSession.ends_on >= today))
    elif period == "coming":
        query = query.where(TrainingSession.starts_on > today)
    elif period == "past":
        query = query.where(TrainingSession.ends_on < today)
    return paginate(query, page)


def trainer_ids_of(session: TrainingSession) -> list[str]:
    return [str(row.account_id) for row in SessionTrainer.select().where(SessionTrainer.session == session)]


def releases_of(session: TrainingSession | None) -> dict[int, date]:
    if session is None:
        return {}
    return {row.module_id: row.release_on for row in ModuleRelease.select().where(ModuleRelease.session == session)}


@dataclass(frozen=True)
class Upcoming:
    session: TrainingSession
    enrolled: int


def sessions_starting(today: date, within_days: int = 14) -> list[Upcoming]:
    """Sessions starting in the coming days, soonest first, with how many are enrolled (one query)."""
    enrolled = peewee.fn.COUNT(Enrollment.id)
    rows = (TrainingSession.select(TrainingSession, Course, enrolled.alias("enrolled")).join(Course)
            .switch(TrainingSession).join(Enrollment, peewee.JOIN.LEFT_OUTER,
                                          on=(Enrollment.session == TrainingSession.id) & membership.active())
            .where(TrainingSession.starts_on.between(today, today + timedelta(days=within_days)))
            .group_by(TrainingSession.id, Course.id).order_by(TrainingSession.starts_on))
    return [Upcoming(row, row.enrolled) for row in rows]


def enrollments_of_sessions_ended(today: date, within_days: int = 30, limit: int | None = None) -> list[Enrollment]:
    """Enrolments of sessions ended in the last days, whose attendance statements are to be sent (the first
    `limit` of them, when given)."""
    query = (Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
             .where(TrainingSession.ends_on.between(today - timedelta(days=within_days), today - timedelta(days=1)))
             .order_by(TrainingSession.ends_on.desc(), Enrollment.id))
    return list(query.limit(limit) if limit else query)
