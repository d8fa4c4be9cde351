"""/gestion/encaissements: what is due, overdue and paid, per payer and in all; recording a payment received
outside the card checkout (one invoice or an OPCO's batch across several); reminding an overdue invoice."""
from __future__ import annotations

from flask import Response, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.access import roles_required
from portal.documents import spreadsheet
from portal.invoicing import export
from portal.invoicing.models import COURTESY
from portal.invoicing.wording import METHOD_WORDS, PAYER_WORDS, STATE_WORDS
from portal.pages import Page
from portal.paging import PAGE_SIZE, page_number
from portal.payments import receivables, settlements
from portal.payments.forms import ReminderForm, SettlementForm
from portal.payments.views import bp
from portal.standing.service import restricted_among
from portal.timeutil import paris_today
from portal.vault import audit

STATE_FILTERS = ("overdue", "due", "paid")


def _filters() -> tuple[str, str]:
    payer = request.args.get("payeur", "")
    state = request.args.get("etat", "")
    return (payer if payer in PAYER_WORDS else ""), (state if state in STATE_FILTERS else "")


def _receivables(failed: str = "") -> dict:
    """failed: the invoice whose reminder was just refused (its row keeps the reminder's form open)."""
    today = paris_today()
    payer, state = _filters()
    found = receivables.receivables(today, payer, state, page=page_number(request.args))
    return {"found": found, "filters": {key: value for key, value in (("payeur", payer), ("etat", state)) if value},
            "today": today, "restricted": restricted_among(r.invoice.account_id for r in found.rows),
            "payer": payer, "state": state, "failed": failed, "payer_words": PAYER_WORDS,
            "state_words": STATE_WORDS, "method_words": METHOD_WORDS, "courtesy": COURTESY,
            "courtesy_days": current_app.config["INVOICE_COURTESY_DAYS"]}


RECEIVABLES = Page("payments/receivables.html", _receivables)


@bp.route("/gestion/encaissements")
@roles_required("staff")
def receivables_page():
    return RECEIVABLES.show()


@bp.route("/gestion/encaissements/paiements.csv")
@roles_required("staff")
def payments_csv():
    """Every sum received (of invoices to the payer kind the list is filtered on), for the accountant."""
    payer, _state = _filters()
    body = export.payments_csv(payer, spreadsheet.dialect_named(request.args.get("format")))
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="paiements-{paris_today():%Y%m%d}.csv"'})


@bp.route("/gestion/encaissements/<number>/relance", methods=["POST"])
@roles_required("staff")
def remind(number: str):
    form = ReminderForm()
    if not form.validate():
        return RECEIVABLES.refuse(None, number, on=form)
    try:
        receivables.remind_now(number, form.email.data or "")
    except receivables.ReminderRefused as refusal:
        return RECEIVABLES.refuse(refusal, number)
    flash(_("Relance de la facture %(n)s envoyée.", n=number), "success")
    return redirect(url_for("payments.receivables_page"), 303)


SETTLEMENT_ROWS = PAGE_SIZE  # invoices offered on one settlement page: the most overdue first


def _settlement(form: SettlementForm | None = None) -> dict:
    """Open invoices, each with a box for its part of the settlement: ?facture= pre-fills one with what it
    awaits, ?payeur= (part of an organisation's name, typed) lists only that payer's invoices, for a batch;
    otherwise the most overdue ones. Never every invoice: a provider has thousands."""
    today = paris_today()
    chosen = request.args.get("facture", "").strip()[:20]
    payer = request.args.get("payeur", "").strip()[:160]
    settling = receivables.for_settlement(today, audit.Actor(current_user.id, "staff"), payer_name=payer,
                                          number=chosen)
    found = settling.page
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
    return {"form": form, "rows": by_number, "payer": payer, "chosen": chosen, "more": more,
            "matched": settling.matched, "payer_words": PAYER_WORDS}


SETTLEMENT = Page("payments/settle.html", _settlement)


@bp.route("/gestion/encaissements/nouveau")
@roles_required("staff")
def new_settlement():
    return SETTLEMENT.show()


@bp.route("/gestion/encaissements/nouveau", methods=["POST"])
@roles_required("staff")
def record_settlement():
    form = SettlementForm()
    if not form.validate():
        return SETTLEMENT.show(form)
    received = settlements.Received(form.received_on.data, form.method.data or "", form.reference.data or "",
                                    form.amount.data or 0)
    parts = [settlements.Allocation(number, cents, line) for number, cents, line in form.parts()]
    try:
        settlements.record(received, parts, current_user.id)
    except settlements.SettlementRefused as refusal:
        return SETTLEMENT.refuse(refusal, form, on=form)
    count = sum(1 for part in parts if part.cents)
    flash(ngettext("Règlement enregistré, réparti sur %(num)s facture : son état dit ce qui reste dû.",
                   "Règlement enregistré, réparti sur %(num)s factures : leur état dit ce qui reste dû.", count),
          "success")
    return redirect(url_for("payments.receivables_page"), 303)
