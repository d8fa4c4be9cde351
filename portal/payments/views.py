"""/mes-factures/<n>/payer (start), /paiements/webhook (the provider's signed events) and
/paiement-test/<token> (the local test provider's hosted page)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.errors import render_error
from portal.extensions import csrf
from portal.pages import Page
from portal.payments import provider as local
from portal.payments import service
from portal.payments.forms import CardForm

bp = Blueprint("payments", __name__)
local_bp = Blueprint("local_provider", __name__, url_prefix="/paiement-test")


@bp.route("/mes-factures/<number>/payer", methods=["POST"])
@roles_required("learner")
def checkout(number: str):
    try:
        return redirect(service.start_checkout(number, current_user.id), 303)
    except service.PaymentRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("invoicing.mine"), 303)


@bp.route("/paiements/webhook", methods=["POST"])
@csrf.exempt  # the HMAC signature is the proof; the provider has no session
def webhook():
    try:
        event_id = service.handle_webhook(request.get_data(), request.headers.get(local.signature.HEADER))
    except service.PaymentRefused as refusal:
        return {"erreur": str(refusal)}, 400
    return {"recu": event_id}, 200


@local_bp.route("/<token>")
def hosted_page(token: str):
    payment = local.payment_or_none(token)
    if payment is None:
        return render_error(404, _("Ce paiement n'existe pas."))
    return HOSTED.show(payment)


# The stand-in for the provider's card page: a card refused is said at its top.
HOSTED = Page("payments/hosted.html", lambda payment: {"payment": payment})


@local_bp.route("/<token>", methods=["POST"])
def pay(token: str):
    payment = local.payment_or_none(token)
    if payment is None:
        return render_error(404, _("Ce paiement n'existe pas."))
    form = CardForm()
    if not form.validate():
        return HOSTED.refuse(None, payment, on=form)
    try:
        paid = local.pay(token, form.card_number.data or "")
    except ValueError as refusal:
        return HOSTED.refuse(str(refusal), payment)
    flash(_("Paiement accepté : il apparaîtra dans « Mes paiements » dès que le prestataire l'aura confirmé."),
          "success")
    return redirect(paid.return_url, 303)
