"""A courtesy reminder, INVOICE_COURTESY_DAYS before an invoice's due date, once, by a daily job like the
overdue reminders, and listed with them on « Encaissements »; a step of a training contract keeps its own."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

from portal.contracts import billing
from portal.invoicing import service as invoicing
from portal.invoicing.models import InvoiceReminder
from portal.payments import receivables
from portal.timeutil import paris_today
from tests.support.billing import EMPLOYER, OPCO, amelie, antoine
from tests.support.contracts import share_signed, step_billed
from tests.support.helpers import outbox, run_jobs, text_of
from tests.support.invoices import HOME
from tests.support.learning_fixtures import signed_in


def courtesy_app(make_app, days: int):
    from portal.demo.seed import seed

    app = make_app(INVOICE_COURTESY_DAYS=days)
    with app.app_context():
        seed(backoffice=False)
    return app


def test_an_invoice_due_within_the_days_set_is_recalled_once_and_listed(make_app):
    app = courtesy_app(make_app, 5)
    today = paris_today()
    antoine_id, amelie_id = antoine(app), amelie(app)
    with app.app_context():
        soon = invoicing.issue_invoice(amelie_id, "learner", HOME, None, today=today - timedelta(days=27))
        invoicing.set_shares(antoine_id, {"funder": 70000, "employer": 10000, "learner": 9000})
        opco = invoicing.issue_invoice(antoine_id, "funder", OPCO, None, today=today - timedelta(days=26))
        later = invoicing.issue_invoice(antoine_id, "employer", EMPLOYER, None, today=today - timedelta(days=10))
        share_signed(antoine_id, today - timedelta(days=40), one_step=True)
        step = step_billed(antoine_id, today - timedelta(days=28))  # the contract recalls it itself
        assert receivables.send_courtesy_reminders(today) == 2, "Amélie's and the OPCO's (it has an address)"
        assert receivables.send_courtesy_reminders(today) == 0, "once"
        reminded = {r.invoice.number for r in InvoiceReminder.select().where(
            InvoiceReminder.level == invoicing.COURTESY)}
        assert reminded == {soon.number, opco.number}
        assert later.number not in reminded and step.number not in reminded
        billing.remind_due(today)  # the contract's own reminder of its step, listed with the others
        assert InvoiceReminder.select().where((InvoiceReminder.level == invoicing.COURTESY)
                                              & (InvoiceReminder.invoice == step.id)).count() == 1
        # Overdue, the invoice gets its overdue reminders all the same.
        assert receivables.send_due_reminders(today + timedelta(days=10)) >= 1
    run_jobs(app)
    courtesy = [m for m in outbox(app) if m["Subject"].startswith("Rappel : facture")]
    assert {m["Subject"].split()[3] for m in courtesy} == {soon.number, opco.number}
    [to_amelie] = [m for m in courtesy if soon.number in m["Subject"]]
    assert "apprenante2@petale.test" in to_amelie["To"] and "est à régler au plus tard le" in text_of(to_amelie)
    [to_opco] = [m for m in courtesy if opco.number in m["Subject"]]
    assert "factures@opco-ep.test" in to_opco["To"] and "EP-2026-0042" in text_of(to_opco)
    staff = signed_in(app, "gestion@petale.test")
    page = unescape(staff.get("/gestion/encaissements").get_data(as_text=True))
    assert page.count("rappelée avant échéance le") == 3 and "5 jours avant l'échéance" in page


def test_without_the_setting_no_courtesy_reminder_is_sent(demo):
    with demo.app_context():
        invoicing.issue_invoice(amelie(demo), "learner", HOME, None, today=paris_today() - timedelta(days=28))
        assert receivables.send_courtesy_reminders(paris_today()) == 0
