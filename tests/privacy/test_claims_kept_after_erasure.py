"""A learner who erases her account while she still owes money: her unpaid invoices (hers, and the OPCO's
about her training) stay on « Factures » and « Encaissements », can be reminded and settled by staff, and are
named as printed; nothing else of her stays (GDPR art. 17(3)(e); invoices are kept 10 years)."""
from __future__ import annotations

from html import unescape

from portal.accounts.models import Account
from portal.invoicing import service as invoicing
from portal.invoicing.models import Invoice
from portal.privacy.erasure import delete_account
from portal.schema import zone_models
from portal.stats import bpf
from portal.timeutil import paris_today
from portal.vault.models import Identity, InvoiceParty, Payment
from tests.support.helpers import outbox, run_jobs, submit
from tests.support.learning_fixtures import signed_in
from tests.support.settlements import settle, two_trainees_of_one_opco

KEPT = {"data_request", "incident_account", "judicial_request", "audit_entry"}


def test_unpaid_invoices_of_an_erased_learner_stay_followed_under_the_printed_name_only(demo):
    numbers = two_trainees_of_one_opco(demo)  # issued 60 days ago: overdue
    own, opco = numbers["antoine"], numbers["antoine_opco"]
    staff = signed_in(demo, "gestion@petale.test")
    assert settle(staff, {"reference": "VIR 1", "amount": "50"}, {own: "50"}).status_code == 303  # in part
    with demo.app_context():
        antoine = Account.get(Account.display_name == "Antoine")
        me = antoine.id
        income = bpf.report(paris_today().year).income
        delete_account(antoine, notify=False)
        assert bpf.report(paris_today().year).income == income, "the BPF counts them as before, on their lines"

        for number in (own, opco):
            invoice = Invoice.get(Invoice.number == number)
            assert invoice.account_id != me, "kept under a pseudonym, not her account"
        assert Identity.get_or_none(Identity.account_id == me) is None
        holders = [m for zone in ("main", "vault") for m in zone_models(zone)
                   if "account_id" in m._meta.fields and m._meta.table_name not in KEPT]
        assert {m._meta.table_name: m.select().where(m.account_id == me).count() for m in holders
                if m.select().where(m.account_id == me).exists()} == {}
        printed = {row.number: row for row in InvoiceParty.select().where(
            InvoiceParty.name.contains("Antoine") | InvoiceParty.trainee.contains("Antoine"))}
        assert set(printed) == {own, opco}, "her name only as printed on the two claims"
        assert Payment.select().where(Payment.invoice_number == own).count() == 1, "the 50 € received stay"

    invoices = unescape(staff.get("/gestion/factures").get_data(as_text=True))
    assert own in invoices and opco in invoices and "Antoine Apprenant (compte effacé)" in invoices.replace(
        "</a>", "").replace("<span class=\"muted\">", "").replace("</span>", "")
    receivables = unescape(staff.get("/gestion/encaissements").get_data(as_text=True))
    assert own in receivables and opco in receivables and "Antoine Apprenant" in receivables
    assert "140,00\u00a0€" in receivables, "what her invoice still awaits"

    # Reminded: her account's address is gone, so staff give the one to claim it at.
    url, page = f"/gestion/encaissements/{own}/relance", "/gestion/encaissements"
    missing = submit(staff, url, {}, page=page)
    assert missing.status_code == 422 and "compte de la stagiaire est effacé" in unescape(
        missing.get_data(as_text=True))
    assert submit(staff, url, {"email": "antoine.nouvelle@example.test"}, page=page).status_code == 303
    run_jobs(demo)
    [reminder] = [m for m in outbox(demo) if m["Subject"].startswith("Relance : facture")]
    assert "antoine.nouvelle@example.test" in reminder["To"]

    # Settled: the rest of hers and the OPCO's transfer.
    assert settle(staff, {"reference": "CHQ 2", "amount": "140"}, {own: "140"}).status_code == 303
    assert settle(staff, {"reference": "VIR OPCO", "amount": "700"}, {opco: "700"}).status_code == 303
    with demo.app_context():
        assert invoicing.states([Invoice.get(Invoice.number == n) for n in (own, opco)]) == {
            own: invoicing.PAID, opco: invoicing.PAID}


def test_the_deletion_page_says_an_unpaid_invoice_stays_due_in_her_language(demo):
    """What the erasure keeps is said before she confirms: legal records, and an invoice still owed."""
    learner = signed_in(demo, "apprenant@petale.test")
    page = unescape(learner.get("/mes-donnees/suppression").get_data(as_text=True)).replace("\u202f", " ") \
        .replace("\u00a0", " ")
    assert "Une facture qui vous reste à payer n'est pas effacée" in page and "factures, justificatifs" in page
    with demo.app_context():
        Account.update(language="en").where(Account.display_name == "Antoine").execute()
    english = unescape(learner.get("/mes-donnees/suppression").get_data(as_text=True))
    assert "An invoice you still owe is not erased" in english and "contracts, invoices" in english
