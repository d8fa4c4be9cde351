"""/dpo/demandes: the register of data requests, due dates, extensions and restrictions (the dpo's screen,
kept next to the privacy services it calls; the dpo package keeps her home, navigation and guard)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import Form

from portal.access import roles_required
from portal.pages import Page, found_or_404
from portal.paging import page_number
from portal.privacy import answer_check, export, identity_check, intake
from portal.privacy import carry_out as carry_out_request
from portal.privacy import requests as register
from portal.privacy.register_forms import CarryOutForm, CloseForm, ExtendForm, RecordRequestForm
from portal.privacy.register_listing import STATES, request_file
from portal.privacy.register_listing import register as register_rows
from portal.privacy.restriction import GROUNDS_SEEN
from portal.timeutil import paris_today
from portal.vault import audit

bp = Blueprint("privacy_register", __name__, url_prefix="/dpo")


@bp.before_request
@roles_required("dpo")
def dpo_only():
    return None


def _actor() -> audit.Actor:
    return audit.Actor(current_user.id, current_user.role)


def _register(form: RecordRequestForm | None = None) -> dict:
    """form: the request just refused, given back as typed; otherwise an empty one. The forms of each
    request's actions are drawn by the template: a refused one's words go to the page's top."""
    state = request.args.get("etat", "")
    state = state if state in STATES else ""
    wanted = request.args.get("q", "").strip()[:100]
    shown = register_rows(_actor(), state, page_number(request.args), wanted)
    filters = {key: value for key, value in (("etat", state), ("q", wanted)) if value}
    return {"rows": shown.rows, "listed": shown.listed, "state": state, "wanted": wanted, "filters": filters,
            "names": shown.names,
            "accounts": shown.accounts, "requesters": shown.requesters, "postal_exports": shown.postal_exports,
            "exports_asked": shown.carried_out,
            "overdue": register.is_overdue, "due": register.effective_due, "latest": register.latest_due,
            "today": paris_today().isoformat(), "carried_out": carry_out_request.CARRIED_OUT, "grounds": GROUNDS_SEEN,
            "form": form or RecordRequestForm(formdata=None)}


REGISTER = Page("privacy/requests.html", _register)


def _request_file(request_id: int) -> dict:
    """One request: its history, what the portal holds to compare with the letter, and what to do."""
    shown = found_or_404(request_file(request_id, _actor()))
    return {"shown": shown, "r": shown.request, "overdue": register.is_overdue, "due": register.effective_due,
            "latest": register.latest_due, "carried_out": carry_out_request.CARRIED_OUT, "grounds": GROUNDS_SEEN,
            "methods": identity_check.METHODS, "answer_days": register.ANSWER_DAYS}


REQUEST_FILE = Page("privacy/request.html", _request_file)
# What the letter matched, before anything is recorded: the dpo confirms the account, or she records it
# without one; or the same person without an account who wrote before.
LETTER_MATCH = Page("privacy/letter_match.html", lambda form, match: {"form": form, "match": match})
REQUESTER_MATCH = Page("privacy/requester_match.html", lambda form, known: {"form": form, "known": known})
# The answer names someone else: the dpo reads what was found, then sends it as it is or rewrites it.
CLOSE_CONFIRM = Page("privacy/close_confirm.html", lambda row, form, cautions: {
    "row": row, "answer": form.answer.data or "", "by_post": form.by_post.data, "fiche": form.fiche.data,
    "cautions": cautions})


@bp.route("/demandes")
def requests():
    return REGISTER.show()


@bp.route("/demandes/<int:request_id>")
def request_page(request_id: int):
    return REQUEST_FILE.show(request_id)


def _request(request_id: int) -> register.DataRequest:
    return found_or_404(register.request_or_none(request_id))


def _refused(row: register.DataRequest, form: Form, refusal: register.RequestRefused | None):
    """An action refused, on the page it was sent from: the request's own page, or the register."""
    if getattr(form, "fiche", None) is not None and form.fiche.data:
        return REQUEST_FILE.refuse(refusal, row.id, on=form)
    return REGISTER.refuse(refusal, on=form)


@bp.route("/demandes/nouvelle", methods=["POST"])
def record():
    """A request that arrived by mail or post: for the account her letter names, or from someone without one."""
    form = RecordRequestForm()
    if not form.validate():
        return REGISTER.show(form)
    letter = intake.Letter(kind=form.kind.data, channel=form.channel.data, received_on=form.received_on.data,
                           full_name=form.full_name.data or "", postal_address=form.postal_address.data or "",
                           email=form.email.data or "", phone=form.phone.data or "",
                           without_account=form.without_account.data,
                           confirmed_account=form.confirmed_account.data or "",
                           confirmed_requester=form.confirmed_requester.data or "",
                           new_requester=form.new_requester.data)
    try:
        recorded = intake.record_received(letter, _actor())
    except register.RequestRefused as refusal:
        return REGISTER.refuse(refusal, form, on=form)
    if isinstance(recorded, intake.Proposal):
        return LETTER_MATCH.show(form, recorded.match)
    if isinstance(recorded, intake.SameRequester):
        return REQUESTER_MATCH.show(form, recorded.known)
    named = recorded.named or _("une personne sans compte")
    flash(_("Demande enregistrée pour %(who)s : échéance 15 jours après sa réception.", who=named), "success")
    return redirect(url_for("privacy_register.requests"))


@bp.route("/demandes/<int:request_id>/report", methods=["POST"])
def extend(request_id: int):
    row = _request(request_id)
    form = ExtendForm()
    if not form.validate():
        return _refused(row, form, None)
    try:
        mailed = register.extend(row, form.new_due.data, form.reason.data or "", by_post=form.by_post.data)
    except register.RequestRefused as refusal:
        return _refused(row, form, refusal)
    flash(_("Report enregistré ; la personne est prévenue par courriel.") if mailed else
          _("Report enregistré, sans courriel : prévenez-la par courrier."), "success")
    if form.fiche.data:
        return redirect(url_for("privacy_register.request_page", request_id=row.id) + "#historique")
    return redirect(url_for("privacy_register.requests"))


@bp.route("/demandes/<int:request_id>/execution", methods=["POST"])
def carry_out(request_id: int):
    """A request received off the portal carried out: export, rectification, erasure, objection, restriction or
    its lifting."""
    row = _request(request_id)
    form = CarryOutForm()
    if not form.validate():
        return REQUEST_FILE.refuse(None, row.id, on=form)
    check = carry_out_request.Check(form.identity_method.data or "", form.identity_check.data or "")
    given = carry_out_request.Execution(
        check=check, confirmation=form.confirmation.data or "",
        full_name=form.full_name.data or "", phone=form.phone.data or "", postal_address=form.postal_address.data or "",
        ground=form.ground.data or "", reason=form.reason.data or "", by_post=form.by_post.data)
    try:
        message = carry_out_request.execute(row, given, _actor())
    except register.RequestRefused as refusal:
        return REQUEST_FILE.refuse(refusal, row.id, on=form)
    flash(message, "success")
    if row.kind in ("access", "portability"):  # still open: its page follows the export, taken there by post
        return redirect(url_for("privacy_register.request_page", request_id=row.id))
    return redirect(url_for("privacy_register.requests") + f"#demande-{row.id}")


@bp.route("/demandes/<int:request_id>/export.zip")
def postal_export(request_id: int):
    """The export of a request answered by post, for the dpo to send (taking it is journaled)."""
    path = found_or_404(export.export_for_post(_request(request_id), _actor()))
    return send_file(path, as_attachment=True, download_name=f"petale-donnees-demande-{request_id}.zip", max_age=0)


@bp.route("/demandes/<int:request_id>/cloture", methods=["POST"])
def close(request_id: int):
    row = _request(request_id)
    form = CloseForm()
    if not form.validate():
        return _refused(row, form, None)
    try:
        answer_check.close_checked(row, form.answer.data or "", _actor(), by_post=form.by_post.data,
                                   confirmed=form.confirmed.data)
    except answer_check.AnswerNamesOthers as caution:
        return CLOSE_CONFIRM.refuse(caution, row, form, caution.cautions)
    except register.RequestRefused as refusal:
        return _refused(row, form, refusal)
    flash(_("Demande close."), "success")
    if form.fiche.data:
        return redirect(url_for("privacy_register.request_page", request_id=row.id))
    return redirect(url_for("privacy_register.requests"))
