"""/dpo/demandes: the register of data requests, due dates, extensions and restrictions (the dpo's screen,
kept next to the privacy services it calls; the dpo package keeps her home, navigation and guard)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.accounts.service import accounts_by_id
from portal.formtools import first_error
from portal.paging import page_number, page_of
from portal.privacy import carry_out as carry_out_request
from portal.privacy import requests as register
from portal.privacy import restriction
from portal.privacy.register_forms import CarryOutForm, CloseForm, ExtendForm, RecordRequestForm
from portal.timeutil import paris_today
from portal.vault import audit
from portal.vault.service import search_identities

bp = Blueprint("privacy_register", __name__, url_prefix="/dpo")
REQUESTS_PER_PAGE = 20  # each request carries its forms


@bp.before_request
@roles_required("dpo")
def dpo_only():
    return None


def _page(error: str | None = None, status: int = 200, form: RecordRequestForm | None = None):
    """form: the request just refused, given back as typed; otherwise an empty one."""
    state = request.args.get("etat", "")
    state = state if state in ("ouvertes", "closes") else ""
    queue = register.queue()
    if state:
        queue = [r for r in queue if (r.closed_at is None) == (state == "ouvertes")]
    listed = page_of(queue, page_number(request.args), REQUESTS_PER_PAGE)
    rows = listed.rows
    accounts = accounts_by_id([r.account_id for r in rows])
    return render_template("privacy/requests.html", rows=rows, listed=listed, state=state,
                           filters={"etat": state} if state else {}, accounts=accounts, overdue=register.is_overdue,
                           due=register.effective_due, latest=register.latest_due, today=paris_today().isoformat(),
                           carried_out=carry_out_request.CARRIED_OUT,
                           error=error,
                           form=form or RecordRequestForm(formdata=None)), status


@bp.route("/demandes")
def requests():
    return _page()


def _request(request_id: int) -> register.DataRequest:
    row = register.request_or_none(request_id)
    if row is None:
        abort(404)
    return row


@bp.route("/demandes/nouvelle", methods=["POST"])
def record():
    """A request that arrived by mail or post, for a known account."""
    form = RecordRequestForm()
    if not form.validate():
        return _page(first_error(form), 422, form)
    # The person as the letter names her: her name, address, phone or e-mail; each identity shown is a read.
    found = search_identities(form.email.data or "", audit.Actor(current_user.id, current_user.role),
                              workflow="registre des demandes", limit=5)
    if not found:
        return _page(_("Aucun compte ne correspond à ce nom, cette adresse ou ce téléphone."), 422, form)
    if len(found) > 1:
        return _page(_("Plusieurs comptes correspondent (%(names)s) : précisez avec l'adresse électronique ou le "
                       "téléphone.", names=", ".join(f.full_name for f in found)), 422, form)
    account_id = found[0].account_id
    try:
        if form.kind.data == "restriction":
            restriction.restrict(account_id, form.channel.data, received_on=form.received_on.data)
        else:
            register.open_request(account_id, form.kind.data, form.channel.data, received_on=form.received_on.data)
    except register.RequestRefused as refusal:
        return _page(refusal.message, 422, form)
    flash(_("Demande enregistrée : échéance 15 jours après sa réception."), "success")
    return redirect(url_for("privacy_register.requests"))


@bp.route("/demandes/<int:request_id>/report", methods=["POST"])
def extend(request_id: int):
    row = _request(request_id)
    form = ExtendForm()
    if not form.validate():
        return _page(first_error(form), 422)
    try:
        register.extend(row, form.new_due.data, form.reason.data or "")
    except register.RequestRefused as refusal:
        return _page(str(refusal), 422)
    flash(_("Report enregistré ; la personne est prévenue par courriel."), "success")
    return redirect(url_for("privacy_register.requests"))


@bp.route("/demandes/<int:request_id>/execution", methods=["POST"])
def carry_out(request_id: int):
    """Access, portability, erasure or objection carried out for a request received off the portal."""
    row = _request(request_id)
    form = CarryOutForm()
    if not form.validate():
        return _page(first_error(form), 422)
    actor = audit.Actor(current_user.id, current_user.role)
    try:
        if row.kind in ("access", "portability"):
            carry_out_request.export_for(row, form.identity_check.data or "", actor)
            message = _("Export en préparation : la personne recevra le lien à son adresse vérifiée, et la demande "
                        "sera close quand il sera prêt.")
        elif row.kind == "rectification":
            carry_out_request.rectify_for(row, form.identity_check.data or "", actor,
                                          full_name=form.full_name.data or "", phone=form.phone.data or "",
                                          postal_address=form.postal_address.data or "")
            message = _("Rectification faite ; la personne en est informée.")
        elif row.kind == "erasure":
            carry_out_request.erase_for(row, form.identity_check.data or "", form.confirmation.data or "", actor)
            message = _("Compte effacé ; ses pièces légales sont aux archives et la demande est close.")
        else:
            carry_out_request.object_for(row, form.identity_check.data or "", actor)
            message = _("Opposition prise en compte ; la personne en est informée.")
    except register.RequestRefused as refusal:
        return _page(refusal.message, 422)
    flash(message, "success")
    return redirect(url_for("privacy_register.requests") + f"#demande-{row.id}")


@bp.route("/demandes/<int:request_id>/cloture", methods=["POST"])
def close(request_id: int):
    row = _request(request_id)
    form = CloseForm()
    if not form.validate():
        return _page(first_error(form), 422)
    try:
        if row.kind in ("restriction", "restriction_lift"):
            restriction.lift(row.account_id, form.answer.data or "")
        else:
            register.close_with_answer(row, form.answer.data or "")
    except (register.RequestRefused, restriction.RestrictionRefused) as refusal:
        return _page(str(refusal), 422)
    flash(_("Demande close."), "success")
    return redirect(url_for("privacy_register.requests"))
