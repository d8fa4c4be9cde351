"""/dpo/demandes: the register of data requests, due dates, extensions and restrictions (the dpo's screen,
kept next to the privacy services it calls; the dpo package keeps her home, navigation and guard)."""
from __future__ import annotations

import io

from flask import Blueprint, Response, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import Form

from portal.access import roles_required
from portal.pages import Page, found_or_404
from portal.paging import page_number
from portal.privacy import answer_check, answer_preview, export, identity_check, intake, letters_kept
from portal.privacy import carry_out as carry_out_request
from portal.privacy import requests as register
from portal.privacy.register_forms import CarryOutForm, CloseForm, DuplicateForm, ExtendForm, RecordRequestForm
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
            "methods": identity_check.METHODS, "answer_days": register.ANSWER_DAYS,
            "objections": carry_out_request.OBJECTIONS, "objection_effects": carry_out_request.OBJECTION_EFFECTS}


REQUEST_FILE = Page("privacy/request.html", _request_file)
# What the letter matched, before anything is recorded: the dpo confirms the account, or she records it
# without one; or the same person without an account who wrote before.
LETTER_MATCH = Page("privacy/letter_match.html", lambda form, match: {"form": form, "match": match})
REQUESTER_MATCH = Page("privacy/requester_match.html", lambda form, known: {"form": form, "known": known})
# The answer names someone else: the dpo reads what was found, then sends it as it is or rewrites it.
CLOSE_CONFIRM = Page("privacy/close_confirm.html", lambda row, form, cautions, told: {
    "row": row, "answer": form.answer.data or "", "by_post": form.by_post.data, "fiche": form.fiche.data,
    "cautions": cautions, "told": told, "form": form})
# What she will receive, read before the action is done and it goes out: an extension, or an objection or a
# rectification carried out (which close the request with their answer).
TOLD_CONFIRM = Page("privacy/told_confirm.html", lambda row, form, told, action, letter: {
    "row": row, "form": form, "told": told, "action": action, "letter": letter,
    "objections": carry_out_request.OBJECTIONS, "objection_effects": carry_out_request.OBJECTION_EFFECTS})


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
    if not form.validate() or form.back.data:
        return REGISTER.show(form)  # refused, or taken back to be changed: the letter as she typed it
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
    # To the request's own page, where it is carried out: the address leaves the form's POST-only one.
    return redirect(url_for("privacy_register.request_page", request_id=recorded.request.id))


@bp.route("/demandes/<int:request_id>/report", methods=["POST"])
def extend(request_id: int):
    row = _request(request_id)
    form = ExtendForm()
    if not form.validate():
        return _refused(row, form, None)
    if not form.confirmed.data:
        try:
            told = answer_preview.extension(row, form.new_due.data, form.reason.data or "", form.by_post.data,
                                             _actor())
        except register.RequestRefused as refusal:
            return _refused(row, form, refusal)
        return TOLD_CONFIRM.show(row, form, told, url_for("privacy_register.extend", request_id=row.id),
                                 url_for("privacy_register.extension_letter", request_id=row.id))
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
    given = _execution(form)
    if row.kind in carry_out_request.TOLD_BEFORE and not form.confirmed.data:
        try:
            told = answer_preview.carrying_out(row, given, _actor())
        except register.RequestRefused as refusal:
            return REQUEST_FILE.refuse(refusal, row.id, on=form)
        return TOLD_CONFIRM.show(row, form, told, url_for("privacy_register.carry_out", request_id=row.id),
                                 url_for("privacy_register.carrying_out_letter", request_id=row.id))
    try:
        message = carry_out_request.execute(row, given, _actor())
    except register.RequestRefused as refusal:
        return REQUEST_FILE.refuse(refusal, row.id, on=form)
    flash(message, "success")
    if row.kind in ("access", "portability"):  # still open: its page follows the export, taken there by post
        return redirect(url_for("privacy_register.request_page", request_id=row.id))
    return redirect(url_for("privacy_register.requests") + f"#demande-{row.id}")


def _execution(form: CarryOutForm) -> carry_out_request.Execution:
    check = carry_out_request.Check(form.identity_method.data or "", form.identity_check.data or "")
    return carry_out_request.Execution(
        check=check, confirmation=form.confirmation.data or "",
        full_name=form.full_name.data or "", phone=form.phone.data or "", postal_address=form.postal_address.data or "",
        ground=form.ground.data or "", reason=form.reason.data or "", lift_on=form.lift_on.data,
        by_post=form.by_post.data, objections=tuple(form.objections.data or ()))


@bp.route("/demandes/<int:request_id>/execution/lettre.pdf", methods=["POST"])
def carrying_out_letter(request_id: int):
    """What carrying out a request received by post tells her, as a letter to print (the letter is kept; nothing
    is done)."""
    row = _request(request_id)
    form = CarryOutForm()
    if not form.validate():
        return REQUEST_FILE.refuse(None, row.id, on=form)
    try:
        told = answer_preview.carrying_out(row, _execution(form), _actor())
    except register.RequestRefused as refusal:
        return REQUEST_FILE.refuse(refusal, row.id, on=form)
    return _letter(row, told, "outcome")


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
    if not form.confirmed.data:
        try:
            told = answer_preview.closing(row, form.answer.data or "", form.by_post.data, _actor())
        except register.RequestRefused as refusal:
            return _refused(row, form, refusal)
        return CLOSE_CONFIRM.show(row, form, answer_check.cautions(row, form.answer.data or "", _actor()), told)
    try:
        register.close_with_answer(row, form.answer.data or "", by_post=form.by_post.data)
    except register.RequestRefused as refusal:
        return _refused(row, form, refusal)
    flash(_("Demande close."), "success")
    if form.fiche.data:
        return redirect(url_for("privacy_register.request_page", request_id=row.id))
    return redirect(url_for("privacy_register.requests"))


@bp.route("/demandes/<int:request_id>/doublon", methods=["POST"])
def close_as_duplicate(request_id: int):
    """Closed as a duplicate of another of her requests: no mail, the register says which."""
    row = _request(request_id)
    form = DuplicateForm()
    if not form.validate():
        return REQUEST_FILE.refuse(register.RequestRefused(_("Choisissez le numéro de l'autre demande.")), row.id,
                                   on=form)
    try:
        register.close_as_duplicate(row, form.original.data)
    except register.RequestRefused as refusal:
        return REQUEST_FILE.refuse(refusal, row.id, on=form)
    flash(_("Demande close comme doublon de la demande n° %(n)s, sans courriel.", n=form.original.data), "success")
    return redirect(url_for("privacy_register.request_page", request_id=row.id))


def _letter(row: register.DataRequest, told: answer_preview.ToBeTold, kind: str) -> Response:
    """The letter the dpo prints and posts, kept to be printed again (reading her address is journaled)."""
    made = found_or_404(letters_kept.produce(row, told, kind, _actor()))
    return _pdf(made, answer_preview.letter_name(row))


def _pdf(content: bytes, name: str) -> Response:
    return send_file(io.BytesIO(content), mimetype="application/pdf", download_name=name, max_age=0)


@bp.route("/demandes/<int:request_id>/lettres/<int:letter_id>.pdf")
def letter_copy(request_id: int, letter_id: int):
    """A letter printed before, printed again: the same file (its reading is journaled)."""
    row = _request(request_id)
    content = found_or_404(letters_kept.copy_of(row, letter_id, _actor()))
    return _pdf(content, f"petale-lettre-demande-{row.id}-{letter_id}.pdf")


@bp.route("/demandes/<int:request_id>/report/lettre.pdf", methods=["POST"])
def extension_letter(request_id: int):
    """The extension as a letter, for someone answered by post (the letter is kept; the extension is not made)."""
    row = _request(request_id)
    form = ExtendForm()
    if not form.validate():
        return _refused(row, form, None)
    try:
        told = answer_preview.extension(row, form.new_due.data, form.reason.data or "", True, _actor())
    except register.RequestRefused as refusal:
        return _refused(row, form, refusal)
    return _letter(row, told, "extension")


@bp.route("/demandes/<int:request_id>/cloture/lettre.pdf", methods=["POST"])
def closing_letter(request_id: int):
    """The answer as a letter, for someone answered by post (the letter is kept; the request is not closed)."""
    row = _request(request_id)
    form = CloseForm()
    if not form.validate():
        return _refused(row, form, None)
    try:
        told = answer_preview.closing(row, form.answer.data or "", True, _actor())
    except register.RequestRefused as refusal:
        return _refused(row, form, refusal)
    return _letter(row, told, "answer")
