"""/lecon/<id>: the module player, its auto-save, heartbeats, completion and quiz; /media for its files."""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, make_response, redirect, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.bouquets.briefs import briefs_of
from portal.errors import render_error
from portal.formatting import long_date
from portal.formtools import WebForm, first_error
from portal.fragments import wants_fragment
from portal.learning import lesson_access as access
from portal.learning import view_tokens
from portal.learning.outline import LOCKED
from portal.offline.marks import keep_offline
from portal.pages import Page
from portal.player import quiz, tracking
from portal.player.forms import CompleteForm, HeartbeatForm, PositionForm, quiz_answers_form
from portal.player.media import check_token, media_folder, media_size, media_url
from portal.timeutil import paris_today, utcnow

bp = Blueprint("player", __name__)


def _open(lesson_id: int) -> access.OpenedLesson:
    try:
        return access.open_for(current_user.id, current_user.role, lesson_id, paris_today())
    except access.LessonNotFound:
        abort(404)
    except access.NotYetReleased as locked:
        abort(make_response(render_error(
            403, _("Ce module sera disponible le %(date)s.", date=long_date(locked.release_on)))))
    except access.NotEnrolled:
        abort(make_response(render_error(403, _("Cette leçon est réservée aux personnes inscrites à la formation."))))


def _lesson(opened: access.OpenedLesson, *, graded: quiz.Graded | None = None, last_attempt: bool = True,
            record_open: bool = False, given: dict[str, list[str]] | None = None,
            unanswered: tuple[int, ...] = ()) -> dict:
    """last_attempt: show her last graded attempt (not after a refused one: the refusal is what she reads).
    given, unanswered: the answers of a refused attempt, shown again as she chose them so that she corrects
    and sends them again, and the questions she left blank, said beside each."""
    lesson = opened.lesson
    previous, following = opened.outline.around(lesson.id)
    questions = quiz.load_questions(lesson.id) if lesson.kind == "quiz" else []
    briefs = briefs_of(lesson) if lesson.kind == "bouquet" else []
    standing = quiz.state_of(current_user.id, lesson) if lesson.kind == "quiz" and opened.tracked else None
    if standing is not None and graded is None and last_attempt:
        shown = quiz.shown_attempt(current_user.id, lesson.id, _attempt_named())
        graded = quiz.graded_from(questions, shown) if shown is not None else None
    if record_open and opened.tracked:
        tracking.record_opened(current_user.id, lesson)
    low_quality = request.args.get("qualite") == "basse"
    return dict(
        lesson=lesson, module=lesson.module, course=lesson.module.course, progress=opened.progress,
        tracked=opened.tracked, previous=previous, following=following, questions=questions,
        standing=standing, graded=graded, briefs=briefs, low_quality=low_quality,
        given=given or {}, unanswered=unanswered,
        in_place=wants_fragment(),
        view=view_tokens.view_token(current_user.id, lesson.id) if opened.tracked else None,
        video_url=media_url(lesson.id, lesson.video_low_path if low_quality else lesson.video_path),
        video_low_url=media_url(lesson.id, lesson.video_low_path),
        poster_url=media_url(lesson.id, lesson.poster_path),
        captions_url=media_url(lesson.id, lesson.captions_path),
        document_url=media_url(lesson.id, lesson.document_path),
        sent_key=secrets.token_urlsafe(12) if standing is not None else None,
        video_low_bytes=media_size(lesson.video_low_path) if lesson.kind == "video" else None,
    )


LESSON = Page("player/lesson.html", _lesson, block="quiz")


def _attempt_named() -> int | None:
    """The attempt named in the address after answering (?tentative=<id>), if it is a number."""
    raw = request.args.get("tentative", "")
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


@bp.route("/lecon/<int:lesson_id>")
@roles_required("learner", "trainer", "staff")
def lesson(lesson_id: int):
    # Opening a lesson appends an "experienced" event: part of the append-only access record.
    # Not when static/offline.js fetches a copy for the road of the page she already has open.
    opened = _open(lesson_id)
    response = LESSON.show(opened, record_open=request.headers.get("X-Petale-Copie") != "oui")
    if opened.tracked:
        keep_offline(response)  # her own lesson page: the service worker may keep it for the road
    return response


def _tracked(lesson_id: int) -> access.OpenedLesson:
    opened = _open(lesson_id)
    if not opened.tracked:
        abort(make_response(render_error(403, _("Seuls les apprenants inscrits enregistrent leur progression."))))
    return opened


def _valid(form: WebForm) -> WebForm:
    """The form, or a plain 400 with its first message: these come from the page's script, not a person."""
    if not form.validate():
        abort(make_response(render_error(400, first_error(form))))
    return form


@bp.route("/lecon/<int:lesson_id>/position", methods=["POST"])
@roles_required("learner")
def save_position(lesson_id: int):
    opened = _tracked(lesson_id)
    try:
        sent = _valid(PositionForm())
        tracking.save_position(current_user.id, opened.lesson, sent.position.number,
                               duration=sent.duration.number if sent.duration.data else None,
                               at=tracking.happened_at(utcnow(), sent.age_ms))
    except ValueError:
        return render_error(400, _("Position de lecture impossible."))
    return "", 204


@bp.route("/lecon/<int:lesson_id>/battement", methods=["POST"])
@roles_required("learner")
def heartbeat(lesson_id: int):
    # No enrolment check here: the view token, signed when the lesson page was shown to this learner,
    # names her and the lesson (a beat every 30 s per tab is the most frequent request of all).
    beat = _valid(HeartbeatForm())
    try:
        tracking.credit_beat(current_user.id, lesson_id, beat.view.data or "", beat.seq.number, age_ms=beat.age_ms,
                             resumed=beat.resumed.data)
    except tracking.BadBeat:
        return render_error(400, _("Battement invalide."))
    return "", 204


@bp.route("/lecon/<int:lesson_id>/terminer", methods=["POST"])
@roles_required("learner")
def complete(lesson_id: int):
    opened = _tracked(lesson_id)
    done = _valid(CompleteForm())
    tracking.complete(current_user.id, opened.lesson, done.view.data or None,
                      tracking.happened_at(utcnow(), done.age_ms))
    flash(_("Leçon terminée, bravo !"), "success")
    return redirect(_onward(opened))


def _onward(opened: access.OpenedLesson) -> str:
    """Where a learner goes on after a lesson: the next lesson if it is open, else her space (the course
    finished, or the next lesson opens later: the space says when)."""
    following = opened.outline.around(opened.lesson.id)[1]
    if following is not None and following.state != LOCKED:
        return url_for("player.lesson", lesson_id=following.id)
    return url_for("learner_home.space")


@bp.route("/lecon/<int:lesson_id>/quiz", methods=["POST"])
@roles_required("learner")
def answer_quiz(lesson_id: int):
    opened = _tracked(lesson_id)
    if opened.lesson.kind != "quiz":
        abort(404)
    given: dict[str, list[str]] = {}
    try:
        questions = quiz.load_questions(opened.lesson.id)
        sent = quiz_answers_form([question.id for question in questions])()
        sent.validate()
        given = sent.given()
        if sent.age.errors:
            raise quiz.QuizRefused(first_error(sent))
        graded = quiz.submit(current_user.id, opened.lesson, questions,
                             quiz.Answers(given, foreign=sent.foreign),
                             sent_key=None if sent.envoi.errors else sent.envoi.data or None,
                             at=tracking.happened_at(utcnow(), sent.age_ms))
    except quiz.QuizRefused as refusal:
        return LESSON.refuse(refusal, opened, last_attempt=False, given=given, unanswered=refusal.unanswered)
    if wants_fragment():
        response = LESSON.show(opened, graded=graded)
        keep_offline(response)  # her own lesson page, as after opening it
        return response
    # Post/redirect/get: the address names the attempt, so reloading the result shows it again.
    return redirect(url_for("player.lesson", lesson_id=lesson_id, tentative=graded.attempt_id, _anchor="quiz"), 303)


@bp.route("/media/<path:path>")
def media(path: str):
    """Local stand-in for the video CDN: serves lesson files to holders of a valid token."""
    if check_token(request.args.get("jeton", ""), path) is None:
        return render_error(403, _("Ce lien vers le média a expiré. Rechargez la leçon."))
    folder = media_folder() or Path(current_app.instance_path) / "media"
    response = send_from_directory(folder, path, max_age=3600)
    response.cache_control.private = True
    return response
