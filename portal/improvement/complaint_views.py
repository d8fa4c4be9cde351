"""/mon-espace/reclamations: a learner files a complaint and reads the answers to hers;
/gestion/reclamations and /gestion/ameliorations: the staff's register of complaints and of improvement
actions."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from portal import i18n
from portal.access import roles_required
from portal.accounts.names import display_names
from portal.improvement import actions, complaints, wording
from portal.improvement.forms import ActionForm, ComplaintAnswerForm, ComplaintForm, PublicComplaintForm
from portal.pages import Page
from portal.timeutil import paris_today

bp = Blueprint("complaints", __name__)


def _optional(pairs: list[tuple[int, str]]) -> list[SelectChoice]:
    # A course's title is the provider's French: said so on an English page (lang="" is no language).
    lang = {"lang": "fr"} if i18n.reader_language() != "fr" else {}
    return [SelectChoice("", "—"), *[SelectChoice(str(value), label, render_kw=lang) for value, label in pairs]]


@bp.route("/mon-espace/reclamations", methods=["GET", "POST"])
@roles_required("learner")
def mine():
    form = ComplaintForm()
    form.course.choices = _optional(complaints.courses())
    if form.validate_on_submit():
        try:
            complaints.file(current_user.id, form.subject.data, form.body.data, form.course_id(), paris_today())
        except complaints.ComplaintRefused as refusal:
            return MINE.refuse(refusal, form, on=form.course)
        flash(_("Réclamation enregistrée\u00a0: nous vous répondons par courriel sous 30 jours au plus tard."),
              "success")
        return redirect(url_for("complaints.mine"))
    return MINE.show(form)


MINE = Page("improvement/my_complaints.html", lambda form: {"form": form,
                                                             "filed": complaints.filed_by(current_user.id)})


@bp.route("/reclamation", methods=["GET", "POST"])
def public():
    """Anyone — a funder, an employer, a learner without an account — files a complaint here."""
    form = PublicComplaintForm()
    form.course.choices = _optional(complaints.courses())
    if form.validate_on_submit():
        try:
            complaints.file_public(complaints.PublicComplaint(
                form.full_name.data or "", form.email.data or "", form.filed_as.data or "", form.subject.data or "",
                form.body.data or "", form.course_id()), paris_today())
        except complaints.ComplaintRefused as refusal:
            return PUBLIC.refuse(refusal, form, on=form)
        flash(_("Réclamation enregistrée\u00a0: nous vous répondons par courriel sous 30 jours au plus tard."),
              "success")
        return redirect(url_for("complaints.public"))
    return PUBLIC.show(form)


PUBLIC = Page("improvement/public_complaint.html", lambda form: {"form": form})


@bp.route("/gestion/reclamations")
@roles_required("staff")
def register():
    rows = complaints.register()
    return render_template("improvement/complaints.html", complaints=rows, today=paris_today(),
                           names=display_names(c.account_id for c in rows), filed_as=wording.filed_as_word)


@bp.route("/gestion/reclamations/<int:complaint_id>", methods=["GET", "POST"])
@roles_required("staff")
def handle(complaint_id: int):
    found = complaints.complaint(complaint_id)
    form = ComplaintAnswerForm(obj=None) if found.answered_on is None else ComplaintAnswerForm(answer=found.answer)
    form.action.choices = _optional(actions.choices())
    if form.validate_on_submit():
        try:
            complaints.answer(found, form.answer.data, form.action_id(), current_user.id, paris_today())
        except complaints.ComplaintRefused as refusal:
            return COMPLAINT.refuse(refusal, found, form, on=form.action)
        flash(_("Réponse enregistrée\u00a0; la personne la reçoit par courriel."), "success")
        return redirect(url_for("complaints.handle", complaint_id=complaint_id))
    return COMPLAINT.show(found, form)


def _complaint(found: complaints.Complaint, form: ComplaintAnswerForm) -> dict:
    name = display_names([found.account_id]).get(found.account_id, "") \
        or _("personne sans compte (%(who)s)", who=wording.filed_as_word(found.filed_as))
    return {"complaint": found, "form": form, "name": name}


COMPLAINT = Page("improvement/complaint.html", _complaint)


@bp.route("/gestion/ameliorations", methods=["GET", "POST"])
@roles_required("staff")
def improvement_actions():
    form = ActionForm()
    form.course.choices = _optional(complaints.courses())
    if form.validate_on_submit():
        actions.record(form.title.data, form.source.data, form.finding.data, form.change.data, form.course_id(),
                       form.done_on.data, current_user.id, paris_today())
        flash(_("Action d'amélioration enregistrée."), "success")
        return redirect(url_for("complaints.improvement_actions"))
    return ACTIONS.show(form)


ACTIONS = Page("improvement/actions.html", lambda form: {"form": form, "actions": actions.register(),
                                                         "source_word": wording.source_word})
