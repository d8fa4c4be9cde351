"""/gestion/encaissements: what is due, overdue and paid, per payer and in all; recording a payment received
outside the card checkout (one invoice or an OPCO's batch across several); reminding an overdue invoice."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.access import roles_required
from portal.formtools import first_error
from portal.invoicing.wording import METHOD_WORDS, PAYER_WORDS, STATE_WORDS
from portal.paging import PAGE_SIZE, page_number
from portal.payments import receivables, settlements
from portal.payments.forms import ReminderForm, SettlementForm
from portal.payments.views import bp
from portal.timeutil import paris_today

STATE_FILTERS = ("overdue", "due", "paid")


def _filters() -> tuple[str, str]:
    payer = request.args.get("payeur", "")
    state = request.args.get("etat", "")
    return (payer if payer in PAYER_WORDS else ""), (state if state in STATE_FILTERS else "")


def _page(error: str | None = None, status: int = 200, failed: str = ""):
    today = paris_today()
    payer, state = _filters()
    found = receivables.receivables(today, payer, state, page=page_number(request.args))
    return render_template("payments/receivables.html", found=found,
                           filters={key: value for key, value in (("payeur", payer), ("etat", state)) if value},
                           today=today, payer=payer, state=state, error=error, failed=failed,
                           payer_words=PAYER_WORDS, state_words=STATE_WORDS, method_words=METHOD_WORDS), status


@bp.route("/gestion/encaissements")
@roles_required("staff")
def receivables_page():
    return _page()


@bp.route("/gestion/encaissements/<number>/relance", methods=["POST"])
@roles_required("staff")
def remind(number: str):
    form = ReminderForm()
    if not form.validate():
        return _page(first_error(form), 422, number)
    try:
        receivables.remind_now(number, form.email.data or "")
    except receivables.ReminderRefused as refusal:
        return _page(refusal.message, refusal.status, number)
    flash(_("Relance de la facture %(n)s envoyée.", n=number), "success")
    return redirect(url_for("payments.receivables_page"), 303)


SETTLEMENT_ROWS = PAGE_SIZE  # invoices offered on one settlement page: the most overdue first


def _settlement_page(form: SettlementForm | None = None, error: str | None = None, status: int = 200):
    """Open invoices, each with a box for its part of the settlement: ?facture= pre-fills one with what it
    awaits, ?payeur= (part of an organisation's name, typed) lists only that payer's invoices, for a batch;
    otherwise the most overdue ones. Never every invoice: a provider has thousands."""
    today = paris_today()
    chosen = request.args.get("facture", "").strip()[:20]
    payer = request.args.get("payeur", "").strip()[:160]
    found = receivables.standing(today, 1, state="open", payer_name=payer, number=chosen)
    rows = found.rows[:SETTLEMENT_ROWS]
    more = max(found.total - SETTLEMENT_ROWS, 0)
    if form is None:
        form = SettlementForm(formdata=None, received_on=today)
        for row in rows:
            form.allocations.append_entry({"number": row.invoice.number,
                                           "amount": row.left_cents if row.invoice.number == chosen else None})
        if chosen and any(r.invoice.number == chosen for r in rows):
            form.amount.data = next(r.left_cents for r in rows if r.invoice.number == chosen)
    by_number = {r.invoice.number: r for r in rows}
    return render_template("payments/settle.html", form=form, rows=by_number, payer=payer, chosen=chosen, more=more,
                           error=error, payer_words=PAYER_WORDS), status


@bp.route("/gestion/encaissements/nouveau")
@roles_required("staff")
def new_settlement():
    return _settlement_page()


@bp.route("/gestion/encaissements/nouveau", methods=["POST"])
@roles_required("staff")
def record_settlement():
    form = SettlementForm()
    if not form.validate():
        # The remittance's bad lines are said beside it; another field's error above the form.
        other = next((str(message) for name, messages in form.errors.items() if name != "remittance"
                      for message in messages), None)
        return _settlement_page(form, other, 422)
    received = settlements.Received(form.received_on.data, form.method.data or "", form.reference.data or "",
                                    form.amount.data or 0)
    parts = [settlements.Allocation(number, cents) for number, cents in form.parts()]
    try:
        settlements.record(received, parts, current_user.id)
    except settlements.SettlementRefused as refusal:
        return _settlement_page(form, refusal.message, refusal.status)
    count = sum(1 for part in parts if part.cents)
    flash(ngettext("Règlement enregistré : %(num)s facture réglée.", "Règlement enregistré : %(num)s factures réglées.",
                   count), "success")
    return redirect(url_for("payments.receivables_page"), 303)
