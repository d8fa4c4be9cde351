"""/formateur: the trainer's home — her waiting questions (portal.forum's desk), the bouquets to review and
the exercises she can add briefs to (portal.bouquets), and how new questions reach her. Each action on them
lives with its capability: answering in portal.forum.desk_views, reviewing in portal.bouquets.review_views."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from portal.access import roles_required
from portal.bouquets import briefs as bouquet_briefs
from portal.bouquets import review
from portal.forum import desk as forum_desk
from portal.forum import reply_address
from portal.forum.desk_forms import AnswerForm, DeskFilterForm, QuestionMailForm

bp = Blueprint("trainer", __name__, url_prefix="/formateur")


@bp.route("")
@roles_required("trainer")
def space():
    filters = DeskFilterForm(request.args).chosen()
    desk = forum_desk.waiting_desk(current_user.id, filters)
    forms = {item.thread_id: AnswerForm(prefix=f"q{item.thread_id}", formdata=None) for item in desk.items}
    preference = QuestionMailForm(question_mail=current_user.question_mail,
                                  replies_by_mail=reply_address.enabled())
    return render_template("trainer/space.html", desk=desk, forms=forms, filters=filters,
                           desk_hours=forum_desk.reminder_hours(), preference=preference,
                           queue=review.review_queue(current_user.id),
                           answered=forum_desk.recently_answered(current_user.id),
                           exercises=bouquet_briefs.trainer_lessons(current_user.id))
