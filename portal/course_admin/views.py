"""/gestion/formations, /gestion/modules, /gestion/lecons, /gestion/questions, /gestion/sessions."""
from __future__ import annotations

import uuid

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import SelectChoice

from portal.access import roles_required
from portal.accounts.names import display_names
from portal.bouquets.briefs import briefs_of, create_brief
from portal.bouquets.forms import BriefForm
from portal.course_admin import lesson_files
from portal.course_admin import service as manage
from portal.course_admin.forms import (
    LESSON_FIELD_ORDER,
    CourseForm,
    LessonForm,
    ModuleForm,
    QuestionForm,
    SessionFilterForm,
    SessionForm,
    release_dates_form,
)
from portal.course_admin.lesson_files import LessonFileRefused
from portal.course_admin.wording import MEDIA_FIELD_WORDS
from portal.errors import render_error
from portal.formtools import accepts_large_body
from portal.learning import lookups
from portal.learning.models import (
    Course,
    Lesson,
    Module,
    Question,
    TrainingSession,
)
from portal.learning.wording import LESSON_KIND_WORDS
from portal.pages import Page, found_or_404
from portal.paging import page_number
from portal.player.quiz import load_questions
from portal.refusals import Refused
from portal.reminders import service as reminders
from portal.timeutil import paris_today

bp = Blueprint("manage", __name__, url_prefix="/gestion")


@bp.before_request
@roles_required("staff")
def staff_only():
    return None


def _or_404(model, object_id: int):
    return found_or_404(manage.find(model, object_id))


@bp.route("/formations")
def courses():
    return render_template("manage/courses.html", courses=manage.courses())


@bp.route("/formations/nouvelle", methods=["GET", "POST"])
def new_course():
    form = CourseForm()
    if form.validate_on_submit():
        try:
            course = manage.save_course(None, form.data)
        except manage.Invalid as refusal:
            return COURSE.refuse(refusal, None, form, on=form)
        flash(_("Formation créée."), "success")
        return redirect(url_for("manage.course", course_id=course.id))
    return COURSE.show(None, form)


@bp.route("/formations/<int:course_id>", methods=["GET", "POST"])
def course(course_id: int):
    course = _or_404(Course, course_id)
    form = CourseForm(obj=course) if request.method == "GET" else CourseForm()
    if request.method == "GET":
        form.price_euros.data = course.price_cents / 100
    if form.validate_on_submit():
        try:
            manage.save_course(course_id, form.data)
        except manage.Invalid as refusal:
            return COURSE.refuse(refusal, course, form, on=form)
        flash(_("Formation enregistrée."), "success")
        return redirect(url_for("manage.course", course_id=course_id))
    return COURSE.show(course, form)


def _course(course: Course | None, form: CourseForm, module_form: ModuleForm | None = None) -> dict:
    """A course's form; once it exists, its modules and the form to add one."""
    if course is None:
        return {"form": form, "course": None}
    modules = manage.modules_of(course.id)
    return {"form": form, "course": course, "modules": modules,
            "module_form": module_form or ModuleForm(formdata=None, prefix="module", position=len(modules) + 1)}


COURSE = Page("manage/course.html", _course)


MODULE_FIELDS = ("title", "theme", "summary", "position")


@bp.route("/formations/<int:course_id>/modules", methods=["POST"])
def add_module(course_id: int):
    course = _or_404(Course, course_id)
    form = ModuleForm(prefix="module")
    if form.validate_on_submit():
        module = manage.add_module(course.id, {k: form.data[k] for k in MODULE_FIELDS})
        flash(_("Module ajouté."), "success")
        return redirect(url_for("manage.module", module_id=module.id))
    return COURSE.show(course, CourseForm(obj=course), form)


@bp.route("/modules/<int:module_id>", methods=["GET", "POST"])
def module(module_id: int):
    module = _or_404(Module, module_id)
    form = ModuleForm(obj=module)
    if request.method == "POST" and form.validate_on_submit():
        manage.save_module(module.id, {k: form.data[k] for k in MODULE_FIELDS})
        flash(_("Module enregistré."), "success")
        return redirect(url_for("manage.module", module_id=module.id))
    return MODULE.show(module, form)


def _module(module: Module, form: ModuleForm, lesson_form: LessonForm | None = None) -> dict:
    lessons = manage.lessons_of(module.id)
    lesson_form = lesson_form or LessonForm(formdata=None, prefix="lesson", position=len(lessons) + 1,
                                             expected_minutes=15)
    return {"module": module, "form": form, "lessons": lessons, "lesson_form": lesson_form,
            "kinds": LESSON_KIND_WORDS, "fields": LESSON_FIELD_ORDER,
            "file_limit": lesson_files.megabytes(current_app.config["LESSON_FILE_MAX_BYTES"])}


MODULE = Page("manage/module.html", _module)


def _lesson_body_limit(config) -> int:
    """A lesson form carries up to four files of LESSON_FILE_MAX_BYTES, and its text."""
    return 4 * config["LESSON_FILE_MAX_BYTES"] + config["MAX_CONTENT_LENGTH"]


def _refused_on(form: LessonForm, refusal: Refused):
    """Where a lesson's refusal is said: a file's, beside the file input it came from (its `field` names
    the path the file was meant for); any other, at the form's top."""
    return form.file_field(refusal.field) if isinstance(refusal, LessonFileRefused) else form


@bp.route("/modules/<int:module_id>/lecons", methods=["POST"])
@accepts_large_body(_lesson_body_limit)
def add_lesson(module_id: int):
    module = _or_404(Module, module_id)
    form = LessonForm(prefix="lesson")
    if form.validate_on_submit():
        try:
            lesson = manage.add_lesson(module.id, form.data, form.uploads())
        except (manage.Invalid, LessonFileRefused) as refusal:
            return MODULE.refuse(refusal, module, ModuleForm(obj=module), form, on=_refused_on(form, refusal))
        flash(_("Leçon ajoutée."), "success")
        return redirect(url_for("manage.lesson", lesson_id=lesson.id))
    return MODULE.show(module, ModuleForm(obj=module), form)


@bp.route("/lecons/<int:lesson_id>", methods=["GET", "POST"])
@accepts_large_body(_lesson_body_limit)
def lesson(lesson_id: int):
    lesson = _or_404(Lesson, lesson_id)
    form = LessonForm(obj=lesson)
    if request.method == "POST" and form.validate_on_submit():
        try:
            manage.save_lesson(lesson.id, form.data, form.uploads())
        except (manage.Invalid, LessonFileRefused) as refusal:
            return LESSON.refuse(refusal, lesson, form, on=_refused_on(form, refusal))
        flash(_("Leçon enregistrée."), "success")
        return redirect(url_for("manage.lesson", lesson_id=lesson.id))
    return LESSON.show(lesson, form)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """A body past the limit is refused before any form is read: said on the lesson's page (or the
    module's) with the limit, never as a bare error page."""
    limit = lesson_files.megabytes(current_app.config["LESSON_FILE_MAX_BYTES"])
    message = _("L'envoi dépasse la taille autorisée : chaque fichier fait au plus %(n)s Mo. Rien n'a été "
                "enregistré.", n=limit)
    args = request.view_args or {}
    lesson = manage.find(Lesson, args["lesson_id"]) if request.endpoint == "manage.lesson" else None
    module = manage.find(Module, args["module_id"]) if request.endpoint == "manage.add_lesson" else None
    if lesson is not None:
        form = LessonForm(formdata=None, obj=lesson)
        return LESSON.refuse(Refused(message, 413), lesson, form, on=form)
    if module is not None:
        lesson_form = LessonForm(formdata=None, prefix="lesson")
        return MODULE.refuse(Refused(message, 413), module, ModuleForm(obj=module, formdata=None), lesson_form,
                             on=lesson_form)
    return render_error(413, _("Ce que vous avez envoyé dépasse la taille autorisée (%(n)s Mo par fichier de "
                               "leçon, %(m)s Mo pour un autre formulaire).", n=limit,
                               m=lesson_files.megabytes(current_app.config["MAX_CONTENT_LENGTH"])))


def _lesson(lesson: Lesson, form: LessonForm, question_form: QuestionForm | None = None,
            brief_form: BriefForm | None = None) -> dict:
    return {"lesson": lesson, "form": form,
            "question_form": question_form or QuestionForm(formdata=None, prefix="question"),
            "questions": load_questions(lesson.id) if lesson.kind == "quiz" else [],
            "briefs": briefs_of(lesson) if lesson.kind == "bouquet" else [], "fields": LESSON_FIELD_ORDER,
            "file_limit": lesson_files.megabytes(current_app.config["LESSON_FILE_MAX_BYTES"]),
            "brief_form": brief_form or BriefForm(formdata=None, prefix="brief", month=5, budget_euros=40)}


LESSON = Page("manage/lesson.html", _lesson)


@bp.route("/lecons/fichiers-manquants")
def missing_files():
    return render_template("manage/missing_files.html", missing=manage.lessons_missing_files(),
                           field_words=MEDIA_FIELD_WORDS)


@bp.route("/lecons/<int:lesson_id>/commandes", methods=["POST"])
def add_brief(lesson_id: int):
    lesson = _or_404(Lesson, lesson_id)
    if lesson.kind != "bouquet":
        return render_error(400, _("Une commande s'attache à une leçon « exercice de bouquet »."))
    form = BriefForm(prefix="brief")
    if form.validate_on_submit():
        create_brief(lesson, form.data, current_user.id)
        flash(_("Commande ajoutée."), "success")
        return redirect(url_for("manage.lesson", lesson_id=lesson.id) + "#commandes")
    return LESSON.show(lesson, LessonForm(obj=lesson), brief_form=form)


def _save_question(lesson: Lesson, question_id: int | None, form: QuestionForm) -> None:
    manage.save_question(
        lesson.id, question_id, kind=form.kind.data, prompt=form.prompt.data, explanation=form.explanation.data,
        accepted_answers=form.accepted_answers.data, choices=form.parsed_choices(),
    )


@bp.route("/lecons/<int:lesson_id>/questions", methods=["POST"])
def add_question(lesson_id: int):
    lesson = _or_404(Lesson, lesson_id)
    if lesson.kind != "quiz":
        return render_error(400, _("Seule une leçon de type quiz a des questions."))
    form = QuestionForm(prefix="question")
    if form.validate_on_submit():
        try:
            _save_question(lesson, None, form)
        except manage.Invalid as refusal:
            return LESSON.refuse(refusal, lesson, LessonForm(obj=lesson), form, on=form)
        flash(_("Question ajoutée."), "success")
        return redirect(url_for("manage.lesson", lesson_id=lesson.id) + "#questions")
    return LESSON.show(lesson, LessonForm(obj=lesson), form)


@bp.route("/questions/<int:question_id>", methods=["GET", "POST"])
def question(question_id: int):
    question = _or_404(Question, question_id)
    if request.method == "GET":
        form = QuestionForm(obj=question)
        form.choices.data = manage.choices_text(question)
    else:
        form = QuestionForm()
        if form.validate_on_submit():
            try:
                _save_question(question.lesson, question.id, form)
            except manage.Invalid as refusal:
                return QUESTION.refuse(refusal, question, form, on=form)
            flash(_("Question enregistrée."), "success")
            return redirect(url_for("manage.lesson", lesson_id=question.lesson_id) + "#questions")
    return QUESTION.show(question, form)


QUESTION = Page("manage/question.html", lambda question, form: {"question": question, "form": form})


@bp.route("/questions/<int:question_id>/supprimer", methods=["POST"])
def delete_question(question_id: int):
    _or_404(Question, question_id)
    lesson_id = manage.delete_question(question_id)
    flash(_("Question supprimée."), "success")
    return redirect(url_for("manage.lesson", lesson_id=lesson_id) + "#questions")


@bp.route("/sessions")
def sessions():
    form = SessionFilterForm(request.args)
    form.formation.choices = [SelectChoice("", _("Toutes")),
                              *(SelectChoice(str(i), title) for i, title in lookups.course_choices())]
    form.validate()
    return SESSIONS.show(form)


def _sessions(filters: SessionFilterForm) -> dict:
    """The sessions, filtered (refused filters are said beside them, not applied)."""
    valid = not filters.errors
    listed = manage.sessions(page_number(request.args), paris_today(),
                             course_id=filters.course_id() if valid else None,
                             period=(filters.periode.data or "") if valid else "")
    return {"listed": listed, "sessions": listed.rows, "filters": filters, "active_filters": filters.active_filters()}


SESSIONS = Page("manage/sessions.html", _sessions)


def _session_form(session: TrainingSession | None) -> SessionForm:
    form = SessionForm(obj=session) if request.method == "GET" and session else SessionForm()
    form.course_id.choices = [(c.id, c.title) for c in manage.courses()]
    form.trainer_ids.choices = [(str(a.id), a.display_name) for a in manage.trainers()]
    if request.method == "GET" and session:
        form.course_id.data = session.course_id
        form.trainer_ids.data = manage.trainer_ids_of(session)
    return form


@bp.route("/sessions/nouvelle", methods=["GET", "POST"])
@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
def session(session_id: int | None = None):
    session = _or_404(TrainingSession, session_id) if session_id else None
    form = _session_form(session)
    course_id = form.course_id.data or (session.course_id if session else None)
    modules = manage.modules_of(course_id)
    releases = release_dates_form(modules)()
    if form.validate_on_submit() and releases.validate():
        try:
            saved = manage.save_session(
                session_id, course_id=form.course_id.data, title=form.title.data, starts_on=form.starts_on.data,
                ends_on=form.ends_on.data, trainer_ids=[uuid.UUID(t) for t in form.trainer_ids.data],
                releases=releases.dates(), seats=form.seats.data,
            )
        except manage.Invalid as refusal:
            return SESSION.refuse(refusal, session, form, releases, modules, on=form)
        flash(_("Session enregistrée."), "success")
        return redirect(url_for("manage.session", session_id=saved.id))
    form.form_errors.extend(error for errors in releases.errors.values() for error in errors)
    return SESSION.show(session, form, releases, modules)


def _session(session: TrainingSession | None, form: SessionForm, releases, modules: list[Module]) -> dict:
    """A session's form, its modules' release dates, and the reminders its learners were sent."""
    nudges = reminders.nudges_for_session(session.id) if session else []
    return {"form": form, "session": session, "modules": modules, "releases": manage.releases_of(session),
            "release_form": releases, "nudges": nudges, "names": display_names(n.account_id for n in nudges)}


SESSION = Page("manage/session.html", _session)
