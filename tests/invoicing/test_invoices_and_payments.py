"""Invoices (gapless numbering under concurrency, legal mentions, credit notes) and card payments
through the local test provider's hosted page and signed webhook."""
from __future__ import annotations

import threading
import time
from datetime import date
from html import unescape

import pytest
from werkzeug.serving import make_server

from portal.accounts.models import Account
from portal.demo.seed import seed
from portal.invoicing import service as invoicing
from portal.invoicing.models import Invoice
from portal.learning.models import Enrollment
from portal.payments import signature
from portal.payments.models import Checkout, WebhookEvent
from portal.vault.models import Payment
from portal.vault.service import Party, account_id_for_email
from tests.support.billing import agreed
from tests.support.contracts import share_billed
from tests.support.helpers import csrf_token, outbox, pdf_text, run_jobs, submit
from tests.support.invoices import antoine_enrollment, learner_invoice, webhook_for
from tests.support.learning_fixtures import signed_in

EMPLOYER = Party("Fleurs du Marais SARL", "3 rue du Temple, 75004 Paris", "404833048")




def with_funding_file(app, enrollment_id: int, case_number: str = "EP-2026-0042") -> None:
    from portal.funding import service as funding
    from portal.vault.service import account_id_for_email

    with app.app_context():
        file = funding.open_file(enrollment_id, account_id_for_email("gestion@petale.test"))
        funding.save_details(file, funding.FileDetails("opco", "OPCO EP", case_number, "employee", ""))
        if case_number:
            agreed(file)


def test_an_invoice_carries_its_number_and_the_legal_mentions(demo):
    enrollment_id = antoine_enrollment(demo)
    with_funding_file(demo, enrollment_id)
    with demo.app_context():
        invoicing.set_shares(enrollment_id, {"learner": 89000 - 70000 - 10000, "employer": 10000, "funder": 70000})
        first = share_billed(enrollment_id, date(2026, 11, 15), date(2026, 11, 26))
        second = invoicing.issue_invoice(enrollment_id, "employer", EMPLOYER, None, today=date(2026, 12, 31))
        third = invoicing.issue_invoice(enrollment_id, "funder", Party("OPCO EP", "Paris"), None,
                                        today=date(2027, 1, 1))
    assert (first.number, second.number, third.number) == ("FAC-2026-000001", "FAC-2026-000002", "FAC-2027-000001")
    staff = signed_in(demo, "gestion@petale.test")
    text = " ".join(pdf_text(staff.get(f"/gestion/factures/{first.number}.pdf").data).split())
    for expected in ("Facture FAC-2026-000001", "Pétale Formation (démonstration)", "SIRET 000 000 000 00000",
                     "Déclaration d'activité enregistrée sous le numéro 11 75 00000 75",
                     "Antoine Apprenant", "5 place des Vosges", "Date d'émission 26/11/2026", "Échéance 26/12/2026",
                     "90,00 €", "Exonéré de TVA en application de l'article 261-4-4° a du CGI",
                     "Pénalités de retard : trois fois le taux d'intérêt légal"):
        assert expected in text, expected
    assert "40,00 €" not in text, "the recovery fee is for business clients only"
    business = " ".join(pdf_text(staff.get(f"/gestion/factures/{second.number}.pdf").data).split())
    assert "Fleurs du Marais SARL" in business and "SIREN 404833048" in business and "40,00 €" in business


def test_a_learner_invoice_needs_an_address_from_her_profile_or_given_for_billing(demo):
    with demo.app_context():
        enrollment_id = Enrollment.get(Enrollment.account_id == account_id_for_email("apprenante2@petale.test")).id
        with pytest.raises(invoicing.InvoiceRefused) as refused:
            invoicing.issue_invoice(enrollment_id, "learner", None, None)
        assert "adresse de facturation" in refused.value.message
    staff = signed_in(demo, "gestion@petale.test")
    form = {"enrollment_id": enrollment_id, "payer_type": "learner", "part": "total"}
    page = submit(staff, "/gestion/factures", form, page="/gestion/factures")
    assert page.status_code == 422 and "adresse de facturation" in unescape(page.get_data(as_text=True))
    issued = submit(staff, "/gestion/factures", {**form, "payer_address": "2 quai des Fleurs\n44000 Nantes"},
                    page="/gestion/factures")
    assert issued.status_code in (302, 303)
    with demo.app_context():
        number = Invoice.get(Invoice.enrollment == enrollment_id).number
    text = " ".join(pdf_text(staff.get(f"/gestion/factures/{number}.pdf").data).split())
    assert "Amélie Apprenante" in text and "2 quai des Fleurs" in text


def test_a_credit_note_cancels_an_invoice_once_and_unknown_numbers_are_refused(demo):
    enrollment_id = antoine_enrollment(demo)
    staff = signed_in(demo, "gestion@petale.test")
    issued = submit(staff, "/gestion/factures", {"enrollment_id": enrollment_id, "payer_type": "learner"})
    assert issued.status_code == 303
    unknown = submit(staff, "/gestion/factures/FAC-2099-999999/avoir", {"reason": "erreur"}, page="/gestion/factures")
    assert unknown.status_code == 422
    assert "Aucune facture ne porte le numéro" in unescape(unknown.get_data(as_text=True))
    with demo.app_context():
        number = Invoice.get().number
    no_reason = submit(staff, f"/gestion/factures/{number}/avoir", {"reason": ""}, page="/gestion/factures")
    assert no_reason.status_code == 422
    cancelled = submit(staff, f"/gestion/factures/{number}/avoir", {"reason": "Inscription annulée"},
                       page="/gestion/factures")
    assert cancelled.status_code in (302, 303)
    again = submit(staff, f"/gestion/factures/{number}/avoir", {"reason": "encore"}, page="/gestion/factures")
    assert again.status_code == 422 and "déjà annulée" in unescape(again.get_data(as_text=True))
    with demo.app_context():
        note = Invoice.get(Invoice.kind == "credit_note")
        assert note.cancels.number == number and note.total_cents == -Invoice.get(Invoice.number == number).total_cents
        assert note.number == number[:-1] + "2", "one sequence for invoices and credit notes"
        with pytest.raises(invoicing.InvoiceRefused):
            invoicing.issue_credit_note(note.number, "avoir d'avoir", None)
        assert Invoice.select().count() == 2
    text = " ".join(pdf_text(staff.get(f"/gestion/factures/{note.number}.pdf").data).split())
    assert f"Avoir {note.number}" in text and f"Annule la facture {number}" in text and "-890,00 €" in text
    bad_payer = submit(staff, "/gestion/factures", {"enrollment_id": enrollment_id, "payer_type": "employer",
                                                     "payer_name": "", "payer_address": ""})
    assert bad_payer.status_code == 422
    said = unescape(bad_payer.get_data(as_text=True)).split('id="payer_name-erreur"')[1]
    assert "nom de l'organisme qui paie" in said


def test_a_second_invoice_to_the_same_payer_is_refused_in_words_and_a_cancelled_one_can_be_replaced(demo):
    """Billing one enrolment to the learner, then her employer, each at the full price, is what the old
    « seconde facture » box allowed: now the second is refused, the price being billed already."""
    enrollment_id = antoine_enrollment(demo)
    staff = signed_in(demo, "gestion@petale.test")
    learner = {"enrollment_id": enrollment_id, "payer_type": "learner"}
    assert submit(staff, "/gestion/factures", learner).status_code == 303
    with demo.app_context():
        first = Invoice.get().number
    twice = submit(staff, "/gestion/factures", learner)
    page = unescape(twice.get_data(as_text=True))
    assert twice.status_code == 422 and f"déjà une facture à ce payeur : {first}" in page
    assert "Reste à lui facturer : 0,00" in page and "Le solde, acompte déduit" in page
    employer = {"enrollment_id": enrollment_id, "payer_type": "employer", "payer_name": "Fleurs du Marais",
                "payer_address": "3 rue du Temple, 75004 Paris"}
    beyond = submit(staff, "/gestion/factures", employer)
    assert beyond.status_code == 422
    assert "jamais facturée au-delà de son prix" in unescape(beyond.get_data(as_text=True))
    with demo.app_context():
        assert Invoice.select().count() == 1
    assert submit(staff, f"/gestion/factures/{first}/avoir", {"reason": "Erreur d'adresse"},
                  page="/gestion/factures").status_code in (302, 303)
    assert submit(staff, "/gestion/factures", employer).status_code == 303, "the cancelled price is billed again"
    assert submit(staff, "/gestion/factures", learner).status_code == 422
    with demo.app_context():
        standing = invoicing.of_enrollment(enrollment_id)
        assert [(i.payer_type, i.total_cents) for i in standing] == [("employer", 89000)]


def test_concurrent_issues_get_gapless_unique_numbers(demo):
    enrollment_id = antoine_enrollment(demo)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def issue_five():
        try:
            with demo.app_context():
                for _ in range(5):
                    invoice = invoicing.issue_invoice(enrollment_id, "employer", EMPLOYER, None,
                                                      today=date(2026, 11, 26), another=True,
                                                      lines=[invoicing.Line("Séance", 1, 1000)])
                    with lock:
                        numbers.append(invoice.number)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            from portal.db import close_zones

            close_zones()

    threads = [threading.Thread(target=issue_five) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(numbers) == [f"FAC-2026-{n:06d}" for n in range(1, 41)]
    with demo.app_context():
        assert Invoice.select().count() == 40


@pytest.fixture
def served(demo):
    """The portal on a real port, so the provider's webhook travels over HTTP."""
    server = make_server("127.0.0.1", 0, demo, threaded=True)
    demo.config["PAYMENT_WEBHOOK_URL"] = f"http://127.0.0.1:{server.server_port}/paiements/webhook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield demo
    server.shutdown()




def pay_at_provider(learner, number: str, card: str):
    started = submit(learner, f"/mes-factures/{number}/payer", {}, page="/mes-factures")
    assert started.status_code == 303 and "/paiement-test/" in started.headers["Location"]
    hosted = learner.get(started.headers["Location"])
    assert "Paiement sécurisé" in unescape(hosted.get_data(as_text=True))
    return learner.post(started.headers["Location"], data={
        "card_number": card, "expiry": "12/30", "cvc": "123", "csrf_token": csrf_token(hosted.get_data(as_text=True))})


def test_paying_by_card_records_only_reference_amount_date_and_last_four(served):
    number = learner_invoice(served)
    learner = signed_in(served, "apprenant@petale.test")
    assert 'href="/mes-factures"' in learner.get("/mon-espace").get_data(as_text=True)
    paid = pay_at_provider(learner, number, "4242 4242 4242 4242")
    assert paid.status_code == 303 and paid.headers["Location"].endswith("/mes-factures")
    run_jobs(served)  # the provider's webhook, over HTTP to the running portal
    with served.app_context():
        [payment] = Payment.select()
        assert (payment.invoice_number, payment.amount_cents, payment.card_last4) == (number, 89000, "4242")
        assert payment.provider_ref.startswith("pay_")
        assert Checkout.get().status == "paid"
    page = unescape(learner.get("/mes-factures").get_data(as_text=True))
    assert "•••• 4242" in page and "payée" in page and "4242 4242" not in page
    again = submit(learner, f"/mes-factures/{number}/payer", {}, page="/mes-factures")
    assert again.status_code == 303 and again.headers["Location"].endswith("/mes-factures")
    assert "déjà payée" in unescape(learner.get("/mes-factures").get_data(as_text=True))


def test_between_the_card_and_the_webhook_the_invoice_says_it_is_being_confirmed_and_cannot_be_paid_twice(served):
    number = learner_invoice(served)
    learner = signed_in(served, "apprenant@petale.test")
    run_jobs(served)  # the invoice's own mail
    [issued] = [m for m in outbox(served) if m["Subject"] == "Votre facture Pétale"]
    body = issued.get_body(preferencelist=("plain",)).get_content()
    assert number in body and "890,00" in body and f"/mes-factures/{number}.pdf" in body
    assert not [part for part in issued.walk() if part.get_content_type() == "application/pdf"], "a link, no PDF"
    # Two tabs: the second "Payer" takes up the first hosted page instead of opening a second charge.
    first = submit(learner, f"/mes-factures/{number}/payer", {}, page="/mes-factures")
    second = submit(learner, f"/mes-factures/{number}/payer", {}, page="/mes-factures")
    assert first.headers["Location"] == second.headers["Location"]
    assert pay_at_provider(learner, number, "4242 4242 4242 4242").status_code == 303
    # The provider charged the card; its webhook has not arrived yet (the job has not run).
    page = unescape(learner.get("/mes-factures").get_data(as_text=True))
    assert "paiement en cours de confirmation" in page and "Payer par carte" not in page
    assert 'data-hx-trigger="every 4s"' in page and '<meta http-equiv="refresh"' in page
    row = learner.get(f"/mes-factures/{number}/etat", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "paiement en cours de confirmation" in row and "every 4s" in row
    refused = submit(learner, f"/mes-factures/{number}/payer", {}, page="/mes-factures")
    assert refused.status_code == 303
    assert "en cours de confirmation" in unescape(learner.get("/mes-factures").get_data(as_text=True))
    staff = signed_in(served, "gestion@petale.test")
    assert "paiement en cours de confirmation" in unescape(staff.get("/gestion/factures").get_data(as_text=True))
    run_jobs(served)  # the webhook lands
    row = unescape(learner.get(f"/mes-factures/{number}/etat").get_data(as_text=True))
    assert "payée" in row and "every 4s" not in row, "polling stops once paid"
    assert "payée" in unescape(staff.get("/gestion/factures").get_data(as_text=True))
    run_jobs(served)
    [paid] = [m for m in outbox(served) if m["Subject"] == "Paiement reçu, merci"]
    assert number in paid.get_body(preferencelist=("plain",)).get_content()
    with served.app_context():
        assert Payment.select().count() == 1
    assert signed_in(served, "apprenante2@petale.test").get(f"/mes-factures/{number}/etat").status_code == 404


@pytest.mark.parametrize("card, message", [("4000 0000 0000 0002", "refusé"), ("1234 5678 9012 3456", "invalide")])
def test_a_declined_or_invalid_card_is_refused_at_the_provider(demo, card, message):
    number = learner_invoice(demo)
    response = pay_at_provider(signed_in(demo, "apprenant@petale.test"), number, card)
    assert response.status_code == 422 and message in unescape(response.get_data(as_text=True))
    run_jobs(demo)
    with demo.app_context():
        assert Payment.select().count() == 0




def post_webhook(app, body: bytes, header: str):
    return app.test_client().post("/paiements/webhook", data=body, headers={
        signature.HEADER: header, "Content-Type": "application/json"})


def test_webhooks_with_a_bad_signature_an_old_timestamp_or_a_replayed_id_are_refused(demo):
    body = webhook_for(demo, learner_invoice(demo))
    with demo.app_context():
        secret = signature.webhook_secret()
    forged = post_webhook(demo, body, signature.sign(body, "not-the-secret"))
    assert forged.status_code == 400 and forged.json["erreur"] == "Signature invalide."
    old = post_webhook(demo, body, signature.sign(body, secret, int(time.time()) - 600))
    assert old.status_code == 400 and "trop ancien" in old.json["erreur"]
    tampered = post_webhook(demo, body.replace(b"89000", b"100"), signature.sign(body, secret))
    assert tampered.status_code == 400
    assert post_webhook(demo, body, "").status_code == 400
    with demo.app_context():
        assert Payment.select().count() == 0 and WebhookEvent.select().count() == 0
    good = post_webhook(demo, body, signature.sign(body, secret))
    assert good.status_code == 200
    replay = post_webhook(demo, body, signature.sign(body, secret))
    assert replay.status_code == 400 and "déjà reçu" in replay.json["erreur"]
    with demo.app_context():
        assert Payment.select().count() == 1


def test_a_learner_whose_training_others_pay_sees_their_invoices_apart_and_no_payment_of_hers(app):
    """Antoine's employer and the OPCO are billed for his training; the employer paid 90 € by cheque."""
    with app.app_context():
        seed()
        antoine = Account.get(Account.display_name == "Antoine")
        others = {i.number: i for i in Invoice.select().where(Invoice.account_id == antoine.id)}
        paid_by_employer = Payment.get(Payment.account_id == antoine.id).invoice_number
    assert others and all(i.payer_type != "learner" for i in others.values())
    learner = signed_in(app, "apprenant@petale.test")
    page = unescape(learner.get("/mes-factures").get_data(as_text=True))
    hers, _, rest = page.partition("Réglées par d'autres")
    assert "Aucune facture à votre nom." in hers
    by_others, _, paid = rest.partition("Mes paiements")
    for number in others:
        assert number in by_others and number not in paid
    assert "votre employeur" in by_others and "votre financeur" in by_others
    assert "payée en partie" in by_others
    assert "Aucun paiement." in paid, "the employer's cheque is not a payment of hers"
    assert f"/mes-factures/{paid_by_employer}.pdf" not in page
    held = unescape(learner.get("/mes-donnees").get_data(as_text=True))
    assert f"Facture {paid_by_employer}, adressée à votre employeur" in held
