"""/formateur: the trainer space, scoped to the sessions the trainer runs."""
from __future__ import annotations

import json

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.access import roles_required
from portal.bouquets import service as bouquets
from portal.bouquets.forms import BriefForm, CommentForm
from portal.bouquets.models import Brief
from portal.forum import service as forum
from portal.timeutil import utcnow

bp = Blueprint("trainer", __name__, url_prefix="/formateur")


@bp.route("")
@roles_required("trainer")
def space():
    return render_template("trainer/space.html", queue=bouquets.review_queue(current_user.id),
                           exercises=bouquets.trainer_lessons(current_user.id),
                           questions=forum.unanswered(current_user.id), now=utcnow())


@bp.route("/consignes/<int:lesson_id>", methods=["GET", "POST"])
@roles_required("trainer")
def briefs(lesson_id: int):
    lesson = next((l for l in bouquets.trainer_lessons(current_user.id) if l.id == lesson_id), None)
    if lesson is None:
        abort(404)
    form = BriefForm()
    if form.validate_on_submit():
        bouquets.create_brief(lesson, form.data, current_user.id)
        flash(_("Commande ajoutée à l'exercice."), "success")
        return redirect(url_for("trainer.briefs", lesson_id=lesson_id))
    return render_template("trainer/briefs.html", lesson=lesson, form=form,
                           briefs=list(lesson.briefs.order_by(Brief.id))), 422 if form.errors else 200


@bp.route("/bouquets/<int:submission_id>", methods=["GET", "POST"])
@roles_required("trainer")
def bouquet(submission_id: int):
    submission = bouquets.submission_for_trainer(current_user.id, submission_id)
    if submission is None:
        abort(404)  # not one of this trainer's sessions: nothing to see here
    form = CommentForm()
    if form.validate_on_submit():
        bouquets.comment(current_user.id, submission, form.body.data)
        flash(_("Commentaire envoyé à l'apprenant."), "success")
        return redirect(url_for("trainer.bouquet", submission_id=submission_id))
    return render_template(
        "trainer/bouquet.html", submission=submission, data=json.loads(submission.snapshot),
        svg=bouquets.snapshot_svg(submission), form=form,
        comments=bouquets.comments_of([submission.id]).get(submission.id, []),
    ), 422 if form.errors else 200
