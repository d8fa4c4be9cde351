"""/formateur/consignes and /formateur/bouquets: the trainer's side of the workshop — adding a customer's
brief to an exercise of her sessions, and reviewing a submitted bouquet. Reached from the trainer's home."""
from __future__ import annotations

import json

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.bouquets import briefs as bouquet_briefs
from portal.bouquets import drafts, review
from portal.bouquets.forms import BriefForm, CommentForm
from portal.bouquets.views import bp
from portal.pages import Page, found_or_404


@bp.route("/formateur/consignes/<int:lesson_id>", methods=["GET", "POST"])
@roles_required("trainer")
def trainer_briefs(lesson_id: int):
    lessons = bouquet_briefs.trainer_lessons(current_user.id)
    lesson = found_or_404(next((candidate for candidate in lessons if candidate.id == lesson_id), None))
    form = BriefForm()
    if form.validate_on_submit():
        bouquet_briefs.create_brief(lesson, form.data, current_user.id)
        flash(_("Commande ajoutée à l'exercice."), "success")
        return redirect(url_for("bouquets.trainer_briefs", lesson_id=lesson_id))
    return TRAINER_BRIEFS.show(lesson, form)


TRAINER_BRIEFS = Page("bouquets/trainer_briefs.html", lambda lesson, form: {
    "lesson": lesson, "form": form, "briefs": bouquet_briefs.briefs_of(lesson)})


@bp.route("/formateur/bouquets/<int:submission_id>", methods=["GET", "POST"])
@roles_required("trainer")
def review_submission(submission_id: int):
    # Not one of this trainer's sessions: nothing to see here.
    submission = found_or_404(review.submission_for_trainer(current_user.id, submission_id))
    form = CommentForm()
    if form.validate_on_submit():
        review.comment(current_user.id, submission, form.body.data)
        flash(_("Commentaire envoyé à l'apprenant."), "success")
        return redirect(url_for("bouquets.review_submission", submission_id=submission_id))
    return REVIEW.show(submission, form)


REVIEW = Page("bouquets/review.html", lambda submission, form: {
    "submission": submission, "data": json.loads(submission.snapshot), "svg": drafts.snapshot_svg(submission),
    "form": form, "comments": review.comments_of([submission.id]).get(submission.id, [])})
