"""/analyses: what the lessons teach, per session and per course, for trainers (their sessions) and
staff (every session). Reached from the trainer's desk and the staff navigation."""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.documents import spreadsheet
from portal.improvement import charts, figures_csv, lesson_figures, survey_results, wording
from portal.improvement.minimum_group import MIN_GROUP

bp = Blueprint("improvement", __name__, url_prefix="/analyses")


@bp.before_request
@roles_required("trainer", "staff")
def trainers_and_staff():
    return None


@bp.route("")
def index():
    return render_template("improvement/index.html",
                           sessions=lesson_figures.viewable_sessions(current_user.id, current_user.role))


@bp.route("/sessions/<int:session_id>")
def session_page(session_id: int):
    return _report_page(lesson_figures.session_scope(current_user.id, current_user.role, session_id))


@bp.route("/formations/<int:course_id>")
def course_page(course_id: int):
    return _report_page(lesson_figures.course_scope(current_user.id, current_user.role, course_id))


@bp.route("/sessions/<int:session_id>/lecons/<int:lesson_id>")
def session_lesson(session_id: int, lesson_id: int):
    scope = lesson_figures.session_scope(current_user.id, current_user.role, session_id)
    return render_template("improvement/lesson.html", detail=lesson_figures.lesson_detail(scope, lesson_id),
                           minimum=MIN_GROUP)


@bp.route("/formations/<int:course_id>/lecons/<int:lesson_id>")
def course_lesson(course_id: int, lesson_id: int):
    scope = lesson_figures.course_scope(current_user.id, current_user.role, course_id)
    return render_template("improvement/lesson.html", detail=lesson_figures.lesson_detail(scope, lesson_id),
                           minimum=MIN_GROUP)


@bp.route("/sessions/<int:session_id>/lecons.csv")
def session_csv(session_id: int):
    return _csv(lesson_figures.session_scope(current_user.id, current_user.role, session_id), f"session-{session_id}")


@bp.route("/formations/<int:course_id>/lecons.csv")
def course_csv(course_id: int):
    return _csv(lesson_figures.course_scope(current_user.id, current_user.role, course_id), f"formation-{course_id}")


@bp.route("/sessions/<int:session_id>/satisfaction")
def session_satisfaction(session_id: int):
    return _satisfaction(lesson_figures.session_scope(current_user.id, current_user.role, session_id))


@bp.route("/formations/<int:course_id>/satisfaction")
def course_satisfaction(course_id: int):
    return _satisfaction(lesson_figures.course_scope(current_user.id, current_user.role, course_id))


def _satisfaction(scope: lesson_figures.Scope):
    return render_template("improvement/satisfaction.html", scope=scope, results=survey_results.results(scope),
                           minimum=MIN_GROUP, kind_word=wording.kind_word)


def _report_page(scope: lesson_figures.Scope):
    report = lesson_figures.report(scope)
    finished = charts.bars(_("Part des personnes ayant terminé chaque leçon"),
                           [row.finished_share for row in report.lessons], maximum=1)
    stopped = charts.bars(_("Nombre de personnes qui s’arrêtent à chaque leçon"),
                          [row.stopped_here for row in report.lessons])
    return render_template("improvement/report.html", report=report, finished_chart=finished,
                           stopped_chart=stopped, minimum=MIN_GROUP)


def _csv(scope: lesson_figures.Scope, name: str) -> Response:
    dialect = spreadsheet.dialect_named(request.args.get("format"))
    return Response(figures_csv.as_csv(lesson_figures.report(scope), dialect), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="analyses-{name}.csv"'})
