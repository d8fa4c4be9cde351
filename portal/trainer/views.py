"""/formateur: the trainer space, scoped to the sessions the trainer runs."""
from __future__ import annotations

import json
from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from portal.access import roles_required
from portal.bouquets import briefs as bouquet_briefs
from portal.bouquets import drafts, review
from portal.bouquets.forms import BriefForm, CommentForm
from portal.forum import desk as forum_desk
from portal.forum import preferences as question_mail
from portal.forum import queue
from portal.fragments import wants_fragment
from portal.trainer.forms import AnswerForm, DeskFilterForm, QuestionMailForm

bp = Blueprint("trainer", __name__, url_prefix="/formateur")


def _filters() -> dict[str, int]:
    form = DeskFilterForm(request.args)
    form.validate()
    return {name: getattr(form, name).data for name in ("session", "module")
            if getattr(form, name).data is not None and not getattr(form, name).errors}


def _desk(filters: dict[str, int]) -> forum_desk.Desk:
    return forum_desk.desk(current_user.id, timedelta(hours=_hours()),
                           session_id=filters.get("session"), module_id=filters.get("module"))


def _hours() -> int:
    return current_app.config["FORUM_REMINDER_HOURS"]


@bp.route("")
@roles_required("trainer")
def space():
    filters = _filters()
    desk = _desk(filters)
    forms = {item.thread_id: AnswerForm(prefix=f"q{item.thread_id}", formdata=None) for item in desk.items}
    preference = QuestionMailForm(question_mail=current_user.question_mail)
    return render_template("trainer/space.html", desk=desk, forms=forms, filters=filters, desk_hours=_hours(),
                           preference=preference, queue=review.review_queue(current_user.id),
                           answered=forum_desk.recently_answered(current_user.id),
                           exercises=bouquet_briefs.trainer_lessons(current_user.id))


@bp.route("/questions/<int:thread_id>/reponse", methods=["POST"])
@roles_required("trainer")
def answer(thread_id: int):
    filters = _filters()
    form = AnswerForm(prefix=f"q{thread_id}")
    back = url_for("trainer.space", **filters)
    if not form.validate():
        desk = _desk(filters)
        item = next((item for item in desk.items if item.thread_id == thread_id), None)
        if item is None:
            abort(404)
        if wants_fragment():
            return render_template("trainer/_desk_item.html", item=item, form=form, filters=filters,
                                   desk_hours=_hours()), 422
        return render_template("trainer/space.html", desk=desk, filters=filters, desk_hours=_hours(),
                               forms={i.thread_id: form if i.thread_id == thread_id else
                                      AnswerForm(prefix=f"q{i.thread_id}", formdata=None) for i in desk.items},
                               preference=QuestionMailForm(question_mail=current_user.question_mail),
                               queue=review.review_queue(current_user.id),
                               answered=forum_desk.recently_answered(current_user.id),
                               exercises=bouquet_briefs.trainer_lessons(current_user.id)), 422
    try:
        post = forum_desk.answer(current_user, thread_id, form.body.data)
    except LookupError:
        abort(404)  # not a question of her sessions: nothing to acknowledge
    except forum_desk.AlreadyAnswered as taken:
        if wants_fragment():
            return render_template("trainer/_desk_done.html", thread=taken.thread, taken=taken,
                                   waiting_questions=queue.unanswered_count(current_user.id)), 409
        flash(_("%(name)s a déjà répondu à « %(title)s » ; votre texte n'a pas été publié.",
                name=taken.by, title=taken.thread.title), "error")
        return redirect(back)
    if wants_fragment():
        return render_template("trainer/_desk_done.html", thread=post.thread, taken=None,
                               waiting_questions=queue.unanswered_count(current_user.id))
    # Markup survives the session's tagged JSON: the notice keeps its link to the discussion.
    flash(Markup("{} <a href=\"{}\">{}</a>").format(_("Réponse publiée : « %(title)s ».", title=post.thread.title),
                                                   url_for("forum.thread", thread_id=post.thread_id),
                                                   _("Voir la discussion")), "success")
    return redirect(back)


@bp.route("/preferences", methods=["POST"])
@roles_required("trainer")
def preferences():
    form = QuestionMailForm()
    if form.validate_on_submit():
        question_mail.set_question_mail(current_user.id, form.question_mail.data)
        flash(_("Préférence enregistrée."), "success")
    else:
        flash(_("Choisissez comment être prévenu des nouvelles questions."), "error")
    return redirect(url_for("trainer.space"))


@bp.route("/consignes/<int:lesson_id>", methods=["GET", "POST"])
@roles_required("trainer")
def briefs(lesson_id: int):
    lessons = bouquet_briefs.trainer_lessons(current_user.id)
    lesson = next((candidate for candidate in lessons if candidate.id == lesson_id), None)
    if lesson is None:
        abort(404)
    form = BriefForm()
    if form.validate_on_submit():
        bouquet_briefs.create_brief(lesson, form.data, current_user.id)
        flash(_("Commande ajoutée à l'exercice."), "success")
        return redirect(url_for("trainer.briefs", lesson_id=lesson_id))
    return render_template("trainer/briefs.html", lesson=lesson, form=form,
                           briefs=bouquet_briefs.briefs_of(lesson)), 422 if form.errors else 200


@bp.route("/bouquets/<int:submission_id>", methods=["GET", "POST"])
@roles_required("trainer")
def bouquet(submission_id: int):
    submission = review.submission_for_trainer(current_user.id, submission_id)
    if submission is None:
        abort(404)  # not one of this trainer's sessions: nothing to see here
    form = CommentForm()
    if form.validate_on_submit():
        review.comment(current_user.id, submission, form.body.data)
        flash(_("Commentaire envoyé à l'apprenant."), "success")
        return redirect(url_for("trainer.bouquet", submission_id=submission_id))
    return render_template(
        "trainer/bouquet.html", submission=submission, data=json.loads(submission.snapshot),
        svg=drafts.snapshot_svg(submission), form=form,
        comments=review.comments_of([submission.id]).get(submission.id, []),
    ), 422 if form.errors else 200
