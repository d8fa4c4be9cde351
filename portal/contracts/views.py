"""The learner's contract: read and signed before enrolling (/cours/<slug>/contrat), or for her share of a
funded enrolment (/mon-espace/inscriptions/<id>/contrat); then kept in her space (/mon-espace/contrats),
as a page and a PDF, with « Je me rétracte » for ten days. Staff: the contract and its schedule per
enrolment (/gestion/inscriptions/<id>/contrat), a registered letter's date, an early stop."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.contracts import billing, pdf, reading, schedule, service
from portal.contracts.forms import LetterForm, NextStepForm, SignForm, StopForm, WithdrawalForm
from portal.contracts.wording import CHANNEL_WORDS, STEP_WORDS, STOP_WORDS
from portal.invoicing.wording import STATE_WORDS
from portal.pages import Page, found_or_404
from portal.refusals import Refused
from portal.timeutil import paris_today, utcnow
from portal.vault.audit import Actor

bp = Blueprint("contracts", __name__)
staff_bp = Blueprint("contract_desk", __name__, url_prefix="/gestion/inscriptions")

WORDS = {"states": STATE_WORDS, "steps": STEP_WORDS, "channels": CHANNEL_WORDS, "stops": STOP_WORDS}


@bp.app_template_global()
def payment_terms(price_cents: int) -> dict:
    """What the course page and the enrolment form say before she enrols: the schedule that will apply."""
    config = current_app.config
    percent = schedule.deposit_percent(config["CONTRACT_DEPOSIT_PERCENT"])
    return {"deposit_percent": percent, "deposit_cents": price_cents * percent // 100,
            "instalments": max(1, config["CONTRACT_INSTALMENTS"]), "withdrawal_days": schedule.WITHDRAWAL_DAYS}


@bp.app_template_global()
def upcoming_instalments(account_id) -> list:
    """The steps of her contracts still to come, for "Mes factures" (which payments draws, and which may not
    import this package)."""
    return service.upcoming_of(account_id)


@bp.app_template_global()
def unsigned_contracts(enrollment_ids) -> set[int]:
    """Those of these enrolments whose contract awaits her signature, for her file and a session's
    participants (drawn by learners, which may not import this package): « contrat non signé »."""
    return service.unsigned_among(list(enrollment_ids), paris_today())


def _offer(draft: service.Draft | None, form: SignForm) -> dict:
    """draft None: the contract cannot be offered; the refusal, at the page's top, says why."""
    return {"draft": draft, "form": form, "words": WORDS}


OFFER = Page("contracts/offer.html", _offer)


def _session_asked(form: SignForm) -> int:
    """The session: in the address when she opens the contract, in the signed form when she signs it."""
    if request.method == "POST":
        chosen = form.session_id.data
    else:
        raw = request.args.get("session", "")
        chosen = int(raw) if raw.isdigit() else None
    if not chosen:
        abort(404)
    return chosen


@bp.route("/cours/<slug>/contrat", methods=["GET", "POST"])
@roles_required("learner")
def offer(slug: str):
    """The contract of the session she pays herself, then her signature, which enrols her."""
    form = SignForm()
    return _sign_page(form, session_id=_session_asked(form), slug=slug)


@bp.route("/mon-espace/inscriptions/<int:enrollment_id>/contrat", methods=["GET", "POST"])
@roles_required("learner")
def share_offer(enrollment_id: int):
    """The contract of her share when an employer or a funder pays the rest."""
    return _sign_page(SignForm(), enrollment_id=enrollment_id)


def _draft(session_id: int | None, enrollment_id: int | None) -> service.Draft:
    if enrollment_id is not None:
        return service.offer_for_share(current_user.id, enrollment_id, paris_today())
    return service.offer(current_user.id, session_id or 0, paris_today())


def _sign_page(form: SignForm, session_id: int | None = None, enrollment_id: int | None = None,
               slug: str | None = None):
    try:
        draft = _draft(session_id, enrollment_id)
    except Refused as refusal:
        if refusal.status == 404:
            abort(404)
        return OFFER.refuse(refusal, None, form)
    if slug is not None and draft.session.course.slug != slug:
        abort(404)  # a session of another course than the page's address
    if request.method == "GET":
        return OFFER.show(draft, SignForm(formdata=None))
    valid = form.validate()
    if draft.address_needed and not (form.postal_address.data or "").strip():
        # Said beside its field with the other errors, before the service would refuse it alone.
        form.postal_address.errors = [*form.postal_address.errors, str(service.ADDRESS_NEEDED)]
        valid = False
    if not valid:
        return OFFER.show(draft, form)
    try:
        contract = service.sign(current_user.id, session_id, enrollment_id, form.fingerprint.data, utcnow(),
                                early_start=bool(form.start_now.data), postal_address=form.postal_address.data or "")
    except Refused as refusal:
        return OFFER.refuse(refusal, draft, form, on=form)
    flash(_("Contrat signé : il vous est envoyé par courriel. Vous pouvez vous rétracter jusqu'au %(d)s.",
            d=f"{contract.withdrawal_ends_on:%d/%m/%Y}"), "success")
    return redirect(url_for("contracts.mine", contract_id=contract.id), 303)


@bp.route("/mon-espace/contrats")
@roles_required("learner")
def mine_list():
    return render_template("contracts/mine_list.html", contracts=reading.of_learner(current_user.id, paris_today()))


def _mine(contract_id: int, form: WithdrawalForm) -> dict:
    page = found_or_404(reading.learner_page(current_user.id, contract_id, paris_today()))
    return {"page": page, "form": form, "words": WORDS}


MINE = Page("contracts/mine.html", _mine)


@bp.route("/mon-espace/contrats/<int:contract_id>")
@roles_required("learner")
def mine(contract_id: int):
    return MINE.show(contract_id, WithdrawalForm(formdata=None))


@bp.route("/mon-espace/contrats/<int:contract_id>/retractation", methods=["POST"])
@roles_required("learner")
def withdraw(contract_id: int):
    form = WithdrawalForm()
    if not form.validate():
        return MINE.show(contract_id, form)
    try:
        service.withdraw(current_user.id, contract_id, utcnow())
    except Refused as refusal:
        if refusal.status == 404:
            abort(404)
        return MINE.refuse(refusal, contract_id, form, on=form)
    flash(_("Votre rétractation est enregistrée : votre inscription est close et vous ne devez rien."), "success")
    return redirect(url_for("contracts.mine", contract_id=contract_id), 303)


def _pdf(page: reading.ContractPage) -> Response:
    return Response(pdf.contract_pdf(page), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{page.file_name}"',
        "Cache-Control": "private, no-store"})


@bp.route("/mon-espace/contrats/<int:contract_id>.pdf")
@roles_required("learner")
def my_pdf(contract_id: int):
    page = found_or_404(reading.learner_page(current_user.id, contract_id, paris_today()))
    return _pdf(page)


@staff_bp.before_request
@roles_required("staff")
def staff_only():
    return None


def _staff(enrollment_id: int, letter: LetterForm | None = None, stop: StopForm | None = None,
           next_step: NextStepForm | None = None) -> dict:
    actor = Actor(current_user.id, current_user.role)
    found = found_or_404(reading.staff_page(enrollment_id, actor, paris_today()))
    return {"found": found, "words": WORDS, "letter": letter or LetterForm(formdata=None),
            "stop": stop or StopForm(formdata=None), "next_form": next_step or NextStepForm(formdata=None),
            "today": paris_today()}


STAFF = Page("contracts/staff.html", _staff)


@staff_bp.route("/<int:enrollment_id>/contrat")
def staff_contract(enrollment_id: int):
    return STAFF.show(enrollment_id)


@staff_bp.route("/<int:enrollment_id>/contrat.pdf")
def staff_pdf(enrollment_id: int):
    found = reading.staff_page(enrollment_id, Actor(current_user.id, current_user.role), paris_today())
    if found is None or found.page is None:
        abort(404)
    return _pdf(found.page)


@staff_bp.route("/<int:enrollment_id>/contrat/lettre", methods=["POST"])
def record_letter(enrollment_id: int):
    form = LetterForm()
    if not form.validate():
        return STAFF.show(enrollment_id, letter=form)
    try:
        service.record_letter(enrollment_id, form.sent_on.data, current_user.id, utcnow())
    except Refused as refusal:
        if refusal.status == 404:
            abort(404)
        return STAFF.refuse(refusal, enrollment_id, letter=form, on=form.sent_on)
    flash(_("Rétractation par lettre recommandée enregistrée : l'inscription est close, rien n'est dû."), "success")
    return redirect(url_for("contract_desk.staff_contract", enrollment_id=enrollment_id), 303)


@staff_bp.route("/<int:enrollment_id>/contrat/arret", methods=["POST"])
def stop(enrollment_id: int):
    form = StopForm()
    if not form.validate():
        return STAFF.show(enrollment_id, stop=form)
    try:
        done = billing.stop(enrollment_id, form.reason.data, form.stopped_on.data, form.note.data or "",
                            current_user.id, paris_today())
    except Refused as refusal:
        if refusal.status == 404:
            abort(404)
        return STAFF.refuse(refusal, enrollment_id, stop=form, on=form.stopped_on)
    flash(_("Arrêt enregistré : %(n)s échéance(s) annulée(s), %(c)s avoir(s) émis.", n=done.cancelled_steps,
            c=len(done.credit_notes)), "success")
    return redirect(url_for("contract_desk.staff_contract", enrollment_id=enrollment_id), 303)


@staff_bp.route("/<int:enrollment_id>/contrat/echeance", methods=["POST"])
def bill_next(enrollment_id: int):
    """The schedule's next step, invoiced today rather than on its day."""
    form = NextStepForm()
    if not form.validate():
        return STAFF.show(enrollment_id, next_step=form)
    try:
        number = billing.bill_next_now(enrollment_id, form.step.data, paris_today())
    except Refused as refusal:
        if refusal.status == 404:
            abort(404)
        return STAFF.refuse(refusal, enrollment_id, next_step=form, on=form)
    flash(_("Échéance facturée par avance : facture %(n)s.", n=number), "success")
    return redirect(url_for("contract_desk.staff_contract", enrollment_id=enrollment_id), 303)
