"""/gestion/sessions/<id>/participants (who follows a session, where each stands, enrolling a person or a
company's group, every participant's documents at once) and /gestion/inscriptions/<id>/retrait|transfert
(withdrawing or transferring someone, with what follows said before it is done)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from wtforms import SelectChoice

from portal.access import roles_required
from portal.formtools import first_error
from portal.funding.wording import STATUS_LABELS
from portal.invoicing.wording import STATE_WORDS
from portal.learners import enrolments, roster, session_documents
from portal.learners.forms import DocumentsForm, EnrolGroupForm, EnrolPersonForm, TransferForm, WithdrawForm
from portal.learning import catalogue
from portal.learning.wording import FUNDING_WORDS
from portal.pages import GROUND_ASKED, Page, found_or_404
from portal.paging import page_number
from portal.refusals import Refused
from portal.standing.service import GroundRequired
from portal.timeutil import paris_today
from portal.vault.audit import Actor

bp = Blueprint("enrolments", __name__, url_prefix="/gestion")
# Why a session of her course cannot take her, said in its line of the transfer's list.
UNAVAILABLE = {"full": _l("complète")}


@bp.before_request
@roles_required("staff")
def staff_only():
    return None


def _session(session_id: int):
    return found_or_404(roster.session_with_course(session_id))


def _participants(session, *, person_form: EnrolPersonForm | None = None, group_form: EnrolGroupForm | None = None,
                  documents_form: DocumentsForm | None = None, preview: enrolments.Enrolled | None = None,
                  preview_form: EnrolPersonForm | EnrolGroupForm | None = None) -> dict:
    today = paris_today()
    return {"roster": roster.roster(session, today, page_number(request.args)), "session": session, "today": today,
            "person_form": person_form or EnrolPersonForm(formdata=None, prefix="personne"),
            "group_form": group_form or EnrolGroupForm(formdata=None, prefix="groupe"),
            "documents_form": documents_form or DocumentsForm(formdata=None),
            "kinds": session_documents.kinds_for(session, today), "preview": preview, "preview_form": preview_form,
            "funding_words": FUNDING_WORDS, "file_steps": STATUS_LABELS}


PARTICIPANTS = Page("learners/session.html", _participants)


@bp.route("/sessions/<int:session_id>/participants")
def session_page(session_id: int):
    return PARTICIPANTS.show(_session(session_id))


def _enrol(session_id: int, form, which: str):
    session = _session(session_id)
    forms = {"person_form": form} if which == "person" else {"group_form": form}
    if not form.validate():
        return PARTICIPANTS.show(session, **forms)
    employer = form.employer.data if which == "group" else ""
    people, by, today = form.newcomers(), current_user.id, paris_today()
    try:
        if not form.is_confirmed:
            preview = enrolments.preview_enrol(session.id, people, form.funding.data, by, today, employer=employer,
                                               ground=form.motif.data or "")
            return PARTICIPANTS.show(session, **forms, preview=preview, preview_form=form)
        done = enrolments.enrol(session.id, people, form.funding.data, by, today, employer=employer,
                                ground=form.motif.data or "")
    except GroundRequired as refusal:  # asked in place: the form shows its field for the ground (a 409)
        return PARTICIPANTS.refuse(refusal, session, **forms, on=form.motif)
    except Refused as refusal:
        return PARTICIPANTS.refuse(refusal, session, **forms, on=form)
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
        return PARTICIPANTS.show(session, documents_form=form)
    try:
        bundle = session_documents.session_documents(session.id, Actor(current_user.id, current_user.role),
                                                     form.motif.data or "", paris_today())
    except (GroundRequired, Refused) as refusal:
        return PARTICIPANTS.refuse(refusal, session, documents_form=form, on=form.motif)
    return Response(bundle.content, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{bundle.filename}"', "Cache-Control": "private, no-store"})


@bp.route("/inscriptions/<int:enrollment_id>/convocation.pdf")
def convocation(enrollment_id: int):
    """One participant's convocation (PDF), from her file or her session's participants."""
    session = found_or_404(session_documents.session_of(enrollment_id))
    form = DocumentsForm(request.args)
    if not form.validate():
        return PARTICIPANTS.refuse(_("%(field)s : %(error)s", field=form.motif.label.text, error=first_error(form)),
                                   session)
    try:
        document = session_documents.convocation_of(enrollment_id, Actor(current_user.id, current_user.role),
                                                    form.motif.data or "", paris_today())
    except GroundRequired as refusal:
        # Asked on a page of its own, the way back to where it was asked for (her file, the session…).
        return GROUND_ASKED.refuse(refusal, _("Télécharger la convocation (PDF)"))
    except Refused as refusal:
        return PARTICIPANTS.refuse(refusal, session)  # said at the page's top: no form of the page was sent
    return Response(document.content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{document.filename}"', "Cache-Control": "private, no-store"})


def _consequences(enrollment_id: int):
    try:
        return enrolments.consequences(enrollment_id)
    except Refused as refusal:
        if refusal.status == 404:
            abort(404)
        raise


def _move(what: enrolments.Consequences, form: WithdrawForm | TransferForm, **context) -> dict:
    """What a withdrawal or a transfer would do, and its form."""
    return {"c": what, "form": form, "funding_words": FUNDING_WORDS, "file_steps": STATUS_LABELS,
            "invoice_words": STATE_WORDS, **context}


def _target_choices(targets: list[catalogue.Offer]) -> list[SelectChoice]:
    """Each other session of her course; one she could not join is shown, greyed, with why (« complète »)."""
    def label(s) -> str:
        return f"{s.title} ({s.starts_on:%d/%m/%Y} – {s.ends_on:%d/%m/%Y})"
    return [SelectChoice(o.session.id, label(o.session)) if o.refused is None else
            SelectChoice(o.session.id, f"{label(o.session)} — {UNAVAILABLE.get(o.refused, _('indisponible'))}",
                         render_kw={"disabled": True})
            for o in targets]


WITHDRAW = Page("learners/withdraw.html", _move)
TRANSFER = Page("learners/transfer.html", _move)


@bp.route("/inscriptions/<int:enrollment_id>/retrait", methods=["GET", "POST"])
def withdraw(enrollment_id: int):
    what = _consequences(enrollment_id)
    if request.method == "GET":
        return WITHDRAW.show(what, WithdrawForm(formdata=None))
    form = WithdrawForm()
    valid = form.validate()
    if not form.is_confirmed:
        return WITHDRAW.refuse(_("Confirmez le retrait avec le bouton de cette page."), what, form, on=form)
    if not valid:
        return WITHDRAW.show(what, form)
    try:
        enrolments.withdraw(enrollment_id, current_user.id, form.note.data or "", paris_today())
    except Refused as refusal:
        return WITHDRAW.refuse(refusal, what, form, on=form)
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
    form.session_id.choices = _target_choices(targets)
    if not asked:
        return TRANSFER.show(what, form, targets=targets, preview=None)
    if not form.validate():
        return TRANSFER.show(what, form, targets=targets, preview=None)
    try:
        if not (posted and form.is_confirmed):
            preview = enrolments.preview_transfer(enrollment_id, form.session_id.data, current_user.id, today)
            return TRANSFER.show(what, form, targets=targets, preview=preview)
        new = enrolments.transfer(enrollment_id, form.session_id.data, current_user.id, form.note.data or "", today)
    except Refused as refusal:
        return TRANSFER.refuse(refusal, what, form, targets=targets, preview=None, on=form.session_id)
    flash(_("Transfert enregistré vers la session « %(s)s » ; un courriel en informe la personne.",
            s=new.session.title), "success")
    return redirect(url_for("enrolments.session_page", session_id=new.session_id), 303)
