"""/gestion/sessions/<id>/participants (who follows a session, where each stands, enrolling a person or a
company's group, every participant's documents at once) and /gestion/inscriptions/<id>/retrait|transfert
(withdrawing or transferring someone, with what follows said before it is done)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.access import roles_required
from portal.formtools import first_error
from portal.funding.wording import STATUS_LABELS
from portal.invoicing.wording import STATE_WORDS
from portal.learners import enrolments, roster, session_documents
from portal.learners.forms import DocumentsForm, EnrolGroupForm, EnrolPersonForm, TransferForm, WithdrawForm
from portal.learning.wording import FUNDING_WORDS
from portal.paging import page_number
from portal.refusals import Refused
from portal.standing.service import GroundRequired
from portal.timeutil import paris_today
from portal.vault.audit import Actor

bp = Blueprint("enrolments", __name__, url_prefix="/gestion")


@bp.before_request
@roles_required("staff")
def staff_only():
    return None


def _session(session_id: int):
    session = roster.session_with_course(session_id)
    if session is None:
        abort(404)
    return session


def _session_page(session, *, person_form=None, group_form=None, documents_form=None, documents_error=None,
                  preview=None, preview_form=None, status: int = 200):
    today = paris_today()
    return render_template(
        "learners/session.html", roster=roster.roster(session, today, page_number(request.args)), session=session,
        today=today,
        person_form=person_form or EnrolPersonForm(formdata=None, prefix="personne"),
        group_form=group_form or EnrolGroupForm(formdata=None, prefix="groupe"),
        documents_form=documents_form or DocumentsForm(formdata=None), documents_error=documents_error,
        kinds=session_documents.kinds_for(session, today), preview=preview, preview_form=preview_form,
        funding_words=FUNDING_WORDS, file_steps=STATUS_LABELS), status


@bp.route("/sessions/<int:session_id>/participants")
def session_page(session_id: int):
    return _session_page(_session(session_id))


def _enrol(session_id: int, form, which: str):
    session = _session(session_id)
    forms = {"person_form": form} if which == "person" else {"group_form": form}
    if not form.validate():
        return _session_page(session, **forms, status=422)
    employer = form.employer.data if which == "group" else ""
    people, by, today = form.newcomers(), current_user.id, paris_today()
    try:
        if not form.is_confirmed:
            preview = enrolments.preview_enrol(session.id, people, form.funding.data, by, today, employer=employer)
            return _session_page(session, **forms, preview=preview, preview_form=form)
        done = enrolments.enrol(session.id, people, form.funding.data, by, today, employer=employer)
    except Refused as refusal:
        form.form_errors.append(refusal.message)
        return _session_page(session, **forms, status=refusal.status)
    enrolled = ngettext("%(num)s inscription enregistrée", "%(num)s inscriptions enregistrées", len(done.arrivals))
    created = ngettext("dont %(num)s nouveau compte", "dont %(num)s nouveaux comptes", done.newcomers) \
        if done.newcomers else _("aucun nouveau compte")
    flash(_("%(enrolled)s, %(created)s\u00a0: chacun reçoit son courriel.", enrolled=enrolled, created=created),
          "success")
    return redirect(url_for("enrolments.session_page", session_id=session.id), 303)


@bp.route("/sessions/<int:session_id>/participants/inscription", methods=["POST"])
def enrol_person(session_id: int):
    return _enrol(session_id, EnrolPersonForm(prefix="personne"), "person")


@bp.route("/sessions/<int:session_id>/participants/groupe", methods=["POST"])
def enrol_group(session_id: int):
    return _enrol(session_id, EnrolGroupForm(prefix="groupe"), "group")


@bp.route("/sessions/<int:session_id>/participants/documents.zip")
def documents(session_id: int):
    """Read and printed, nothing changed: a GET, like one document; the access journal keeps each read."""
    session = _session(session_id)
    form = DocumentsForm(request.args)
    if not form.validate():
        return _session_page(session, documents_form=form, documents_error=first_error(form), status=422)
    try:
        bundle = session_documents.session_documents(session.id, Actor(current_user.id, current_user.role),
                                                     form.motif.data or "", paris_today())
    except GroundRequired as refusal:
        return _session_page(session, documents_form=form, documents_error=refusal.message, status=refusal.status)
    except Refused as refusal:
        return _session_page(session, documents_form=form, documents_error=refusal.message, status=refusal.status)
    return Response(bundle.content, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{bundle.filename}"', "Cache-Control": "private, no-store"})


def _consequences(enrollment_id: int):
    try:
        return enrolments.consequences(enrollment_id)
    except Refused as refusal:
        if refusal.status == 404:
            abort(404)
        raise


def _move_page(template: str, what, form, status: int = 200, **context):
    return render_template(template, c=what, form=form, funding_words=FUNDING_WORDS, file_steps=STATUS_LABELS,
                           invoice_words=STATE_WORDS, **context), status


@bp.route("/inscriptions/<int:enrollment_id>/retrait", methods=["GET", "POST"])
def withdraw(enrollment_id: int):
    what = _consequences(enrollment_id)
    if request.method == "GET":
        return _move_page("learners/withdraw.html", what, WithdrawForm(formdata=None))
    form = WithdrawForm()
    if not form.validate() or not form.is_confirmed:
        if not form.is_confirmed:
            form.form_errors.append(_("Confirmez le retrait avec le bouton de cette page."))
        return _move_page("learners/withdraw.html", what, form, 422)
    try:
        enrolments.withdraw(enrollment_id, current_user.id, form.note.data or "", paris_today())
    except Refused as refusal:
        form.form_errors.append(refusal.message)
        return _move_page("learners/withdraw.html", what, form, refusal.status)
    flash(_("Retrait enregistré : l'accès à la session est fermé et un courriel en informe la personne."), "success")
    return redirect(url_for("enrolments.session_page", session_id=what.enrollment.session_id), 303)


@bp.route("/inscriptions/<int:enrollment_id>/transfert", methods=["GET", "POST"])
def transfer(enrollment_id: int):
    """GET ?session_id=N says what the transfer to N would do; the POST, confirmed, does it."""
    what = _consequences(enrollment_id)
    today = paris_today()
    targets = enrolments.transfer_targets(what.enrollment, today)
    posted = request.method == "POST"
    asked = posted or "session_id" in request.args
    # A GET reads the session asked for from the address (nothing changes); the POST, its form.
    form = TransferForm() if posted else TransferForm(request.args if asked else None, meta={"csrf": False})
    form.session_id.choices = [(s.id, f"{s.title} ({s.starts_on:%d/%m/%Y} – {s.ends_on:%d/%m/%Y})") for s in targets]
    if not asked:
        return _move_page("learners/transfer.html", what, form, targets=targets, preview=None)
    if not form.validate():
        return _move_page("learners/transfer.html", what, form, 422, targets=targets, preview=None)
    try:
        if not (posted and form.is_confirmed):
            preview = enrolments.preview_transfer(enrollment_id, form.session_id.data, current_user.id, today)
            return _move_page("learners/transfer.html", what, form, targets=targets, preview=preview)
        new = enrolments.transfer(enrollment_id, form.session_id.data, current_user.id, form.note.data or "", today)
    except Refused as refusal:
        form.session_id.errors = [*form.session_id.errors, refusal.message]
        return _move_page("learners/transfer.html", what, form, refusal.status, targets=targets, preview=None)
    flash(_("Transfert enregistré vers la session « %(s)s » ; un courriel en informe la personne.",
            s=new.session.title), "success")
    return redirect(url_for("enrolments.session_page", session_id=new.session_id), 303)
