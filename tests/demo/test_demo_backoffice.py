"""The demo back office `make run` loads: funding files, an issued certificate, invoices including one
cancelled by a credit note, and a card payment — each reachable from the staff and learner pages."""
from __future__ import annotations

import re
from datetime import date, datetime, time
from html import unescape

import pytest

from portal.accounts.models import Account
from portal.certificates.models import Certificate
from portal.demo.seed import seed
from portal.funding.models import FundingFile
from portal.invoicing.models import Invoice
from portal.learning.models import Enrollment
from portal.timeutil import utcnow
from portal.vault import audit
from portal.vault.models import Payment
from tests.support.learning_fixtures import signed_in


@pytest.fixture
def full_demo(app):
    with app.app_context():
        seed()
        seed()  # twice: nothing is added the second time
    return app


def test_the_demo_back_office_is_complete_and_consistent(full_demo):
    with full_demo.app_context():
        assert FundingFile.select().count() == 3
        assert {f.status for f in FundingFile.select()} == {"accepted", "draft"}
        assert Certificate.select().count() == 1
        kinds = sorted(i.kind for i in Invoice.select())
        assert kinds == ["credit_note", "invoice", "invoice", "invoice", "invoice"]
        note = Invoice.get(Invoice.kind == "credit_note")
        assert note.cancels.payer_type == "employer"
        card, cheque = Payment.select().order_by(Payment.method)
        assert card.card_last4 == "4242" and cheque.method == "cheque" and cheque.amount_cents == 9000
        funder = Invoice.get(Invoice.payer_type == "funder")
        assert (funder.total_cents, funder.case_number) == (70000, "EP-2026-0042"), "the OPCO's share of 890 €"
        assert audit.verify().ok
    staff = signed_in(full_demo, "gestion@petale.test")
    for page, expected in (("/gestion/financements", "accepté"), ("/gestion/attestations", "valide"),
                           ("/gestion/factures", "annule la facture"), ("/gestion/statistiques", "Bilan pédagogique")):
        assert expected in unescape(staff.get(page).get_data(as_text=True)), page
    berenice = signed_in(full_demo, "berenice@petale.test")
    assert "Art floral — les fondamentaux" in unescape(berenice.get("/mes-attestations").get_data(as_text=True))
    assert "•••• 4242" in unescape(berenice.get("/mes-factures").get_data(as_text=True))
    register = unescape(signed_in(full_demo, "dpo@petale.test").get("/dpo/demandes").get_data(as_text=True))
    assert "Capucine Ancolie" in register and "sans compte" in register, "a letter from someone without an account"
    assert register.count("Vérifier son identité et exécuter la demande") >= 1, "Bérénice's letter, to carry out"
    home = unescape(signed_in(full_demo, "dpo@petale.test").get("/dpo").get_data(as_text=True))
    assert "personne sans compte" in home and "Bérénice" in home, "her home lists both letters to answer"


def test_seed_demo_can_add_a_class_whose_lists_show_their_pages(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--learners", "60"])
    assert result.exit_code == 0 and "60 apprenants inventés" in result.output, result.output
    staff = signed_in(app, "gestion@petale.test")
    directory = unescape(staff.get("/gestion/apprenants").get_data(as_text=True))
    assert "Page 1 sur 2" in directory and "Classe 0001" in directory
    assert "Page 1 sur 2" in unescape(staff.get("/gestion/financements").get_data(as_text=True))
    with app.app_context():
        assert Invoice.select().where(Invoice.payer_type == "learner").count() >= 30
    again = runner.invoke(args=["seed-demo", "--if-empty", "--learners", "1"])
    assert "Classe 0061" in unescape(staff.get("/gestion/apprenants?nom=Classe+0061").get_data(as_text=True)), \
        again.output


def test_the_demo_s_accounts_were_opened_before_their_history(full_demo):
    """« Compte ouvert le 07/12 » beside invoices of 23 October read as a mistake: each account predates what the
    demo says its owner did, and the ended session is named, not by its state (« Session terminée, terminée le »)."""
    with full_demo.app_context():
        for account in Account.select():
            enrolled = [e.enrolled_at for e in Enrollment.select().where(Enrollment.account_id == account.id)]
            billed = [datetime.combine(i.issued_on, time())
                      for i in Invoice.select().where(Invoice.account_id == account.id)]
            assert account.created_at <= min([*enrolled, *billed, utcnow()]), account.display_name
            assert account.confirmed_at == account.created_at, account.display_name
        antoine = Account.get(Account.display_name == "Antoine")
        first_invoice = min(i.issued_on for i in Invoice.select().where(Invoice.account_id == antoine.id))
    staff = signed_in(full_demo, "gestion@petale.test")
    file = unescape(staff.get(f"/gestion/apprenants/{antoine.id}").get_data(as_text=True))
    opened = re.search(r"Compte ouvert le (\d\d)/(\d\d)/(\d{4})", file)
    assert opened and date(int(opened[3]), int(opened[2]), int(opened[1])) < first_invoice
    sessions = unescape(staff.get("/gestion/sessions").get_data(as_text=True))
    assert "Session d'été" in sessions and "Session terminée" not in sessions


def test_her_payments_are_dated_in_the_same_style_as_her_invoices(full_demo):
    """« Mes paiements » wrote 07/12/2026 20:42 under « Mes factures »' 7 décembre 2026: one style, days in
    words, the card's minute said in the same words (« 7 décembre 2026 à 20:42 »)."""
    from portal.formatting import long_date, long_paris

    with full_demo.test_request_context():
        card = Payment.get(Payment.card_last4 == "4242")  # hers
        card_said = long_paris(card.paid_at)
        issued = [long_date(i.issued_on) for i in Invoice.select()]
    page = unescape(signed_in(full_demo, "berenice@petale.test").get("/mes-factures").get_data(as_text=True))
    payments = page.split("Mes paiements", 1)[1]
    assert any(day in page.split("Mes paiements", 1)[0] for day in issued)  # the invoices' style
    assert card_said in payments, card_said
    assert not re.search(r"\d\d/\d\d/\d{4}", payments)
