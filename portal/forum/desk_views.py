"""/formateur/questions/…: the trainer's question desk — answering a waiting question, and how new ones reach
her. The desk itself is drawn on the trainer's home (portal.trainer), which lists these items."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from portal.access import roles_required
from portal.forum import desk as forum_desk
from portal.forum import preferences as question_mail
from portal.forum.desk_forms import AnswerForm, DeskFilterForm, QuestionMailForm
from portal.fragments import wants_fragment
from portal.pages import Page, found_or_404

bp = Blueprint("question_desk", __name__, url_prefix="/formateur")


def _desk_item(item: forum_desk.DeskItem, form: AnswerForm, filters: dict) -> dict:
    return {"item": item, "form": form, "filters": filters, "desk_hours": forum_desk.reminder_hours()}


# A question of the desk answered in place (htmx) or on its own page; then what became of it.
DESK_ITEM = Page("forum/_desk_item.html", _desk_item)
DESK_ANSWER = Page("forum/desk_answer.html", _desk_item)
DESK_DONE = Page("forum/_desk_done.html", lambda thread, taken=None, filters=None: {
    "thread": thread, "taken": taken, "tally": forum_desk.tally(current_user.id, filters)})


@bp.route("/questions/<int:thread_id>")
@roles_required("trainer")
def question(thread_id: int):
    """The address a question's notice gives: unlike an anchor (never sent to the server, so lost through
    the sign-in redirect), it survives signing in, and it leads where the question is now: its place on
    the desk while it waits, its discussion once someone has answered it."""
    standing = forum_desk.question_standing(current_user.id, thread_id)
    if standing == "waiting":
        return redirect(url_for("trainer.space") + f"#q{thread_id}")
    found_or_404(standing)  # not a question of her sessions: not acknowledged
    return redirect(url_for("forum.thread", thread_id=thread_id))


@bp.route("/questions/<int:thread_id>/reponse", methods=["POST"])
@roles_required("trainer")
def answer(thread_id: int):
    filters = DeskFilterForm(request.args).chosen()
    form = AnswerForm(prefix=f"q{thread_id}")
    back = url_for("trainer.space", **filters)
    if not form.validate():
        waiting = forum_desk.waiting_desk(current_user.id, filters).items
        item = found_or_404(next((item for item in waiting if item.thread_id == thread_id), None))
        # Refused: the question again with her text and the error beside it (the whole desk on the home).
        return (DESK_ITEM if wants_fragment() else DESK_ANSWER).show(item, form, filters)
    try:
        post = forum_desk.answer(current_user, thread_id, form.body.data)
    except LookupError:
        abort(404)  # not a question of her sessions: nothing to acknowledge
    except forum_desk.AlreadyAnswered as taken:
        if wants_fragment():
            return DESK_DONE.refuse(taken, taken.thread, taken, filters)
        flash(_("%(name)s a déjà répondu à « %(title)s » ; votre texte n'a pas été publié.",
                name=taken.by, title=taken.thread.title), "error")
        return redirect(back)
    if wants_fragment():
        return DESK_DONE.show(post.thread, filters=filters)
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
        # Said in full: the button sits at the foot of a long page, the confirmation at its top.
        flash(_("Enregistré : les nouvelles questions de vos sessions vous arrivent par %(choice)s.",
                choice=form.chosen_label()), "success")
    else:
        flash(_("Choisissez comment les nouvelles questions vous parviennent."), "error")
    return redirect(url_for("trainer.space"))
