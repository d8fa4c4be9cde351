"""Money received outside the card checkout (a cheque paying part of an invoice, an OPCO's transfer paying
several), what is due, overdue and paid per payer and in all, the reminders of overdue invoices, and what a
paid or partly paid invoice's PDF says."""
from __future__ import annotations

import re
import uuid
from datetime import timedelta
from html import unescape

from portal.funding import service as funding
from portal.funding.models import ACCEPTED, DRAFT, PAID, SUBMITTED, FundingFile
from portal.invoicing import received
from portal.invoicing import service as invoicing
from portal.invoicing.models import Invoice, InvoiceReminder
from portal.payments import receivables
from portal.timeutil import paris_today, utcnow
from portal.vault.models import Payment
from portal.vault.service import account_id_for_email
from tests.support.billing import EMPLOYER, amelie, antoine
from tests.support.contracts import step_billed
from tests.support.helpers import outbox, pdf_text, readable, run_jobs, submit, text_of
from tests.support.invoices import HOME
from tests.support.learning_fixtures import signed_in
from tests.support.querycount import count_queries
from tests.support.settlements import SETTLE, settle, two_trainees_of_one_opco


def words(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def test_a_cheque_pays_part_of_an_invoice_then_the_rest_and_the_pdf_says_so(demo):
    numbers = two_trainees_of_one_opco(demo)
    number = numbers["antoine"]
    staff = signed_in(demo, "gestion@petale.test")
    form = unescape(staff.get(f"{SETTLE}?facture={number}").get_data(as_text=True))
    assert 'value="190,00"' in form, "the chosen invoice is pre-filled with what it awaits"
    first = settle(staff, {"method": "cheque", "reference": "Chèque n° 4471203", "amount": "90"}, {number: "90"})
    assert first.status_code == 303 and first.headers["Location"].endswith("/gestion/encaissements")
    with demo.app_context():
        [invoice] = [i for i in invoicing.invoices_open() if i.number == number]
        assert invoicing.states([invoice])[number] == invoicing.PARTIAL
    partly = words(staff.get(f"/gestion/factures/{number}.pdf").data)
    assert "Déjà réglé : 90,00 €. Reste dû : 100,00 €" in partly and "Payée le" not in partly
    assert "chèque, réf. Chèque n° 4471203" in partly
    learner = signed_in(demo, "apprenant@petale.test")
    left = "payée en partie, reste 100,00\u00a0€"  # what is still owed, wherever the invoice is listed
    assert left in unescape(learner.get("/mes-factures").get_data(as_text=True))
    billing = unescape(staff.get(f"/gestion/factures/inscriptions/{invoice.enrollment_id}").get_data(as_text=True))
    learner_file = unescape(staff.get(f"/gestion/apprenants/{invoice.account_id}").get_data(as_text=True))
    assert left in billing and left in learner_file
    # More than the invoice still awaits: refused, nothing written.
    over = settle(staff, {"reference": "VIR 2", "amount": "100,01"}, {number: "100,01"})
    assert over.status_code == 422 and "n'attend plus que 100,00" in unescape(over.get_data(as_text=True))
    rest = settle(staff, {"reference": "VIR ANTOINE APPRENANT", "amount": "100"}, {number: "100"})
    assert rest.status_code == 303
    paid = words(staff.get(f"/gestion/factures/{number}.pdf").data)
    assert f"Payée le {paris_today():%d/%m/%Y}." in paid and "Paiement à réception" not in paid
    assert "virement, réf. VIR ANTOINE APPRENANT" in paid
    learner_copy = words(learner.get(f"/mes-factures/{number}.pdf").data)
    assert "Payée le" in learner_copy
    run_jobs(demo)
    assert [m for m in outbox(demo) if m["Subject"] == "Paiement reçu, merci" and number in text_of(m)]


def test_the_payer_is_found_by_the_learners_name_too_and_the_page_says_what_matched(demo):
    numbers = two_trainees_of_one_opco(demo)
    staff = signed_in(demo, "gestion@petale.test")
    for typed in ("Antoine", "apprenant ANTOINE", "antôine"):
        listed = readable(staff.get(f"{SETTLE}?payeur={typed}").get_data(as_text=True))
        assert numbers["antoine"] in listed and numbers["antoine_opco"] in listed, typed
        assert numbers["amelie_opco"] not in listed, typed
        assert f"« {typed} » trouve : Antoine Apprenant (stagiaire)" in listed, typed
    amelie_listed = unescape(staff.get(f"{SETTLE}?payeur=amelie").get_data(as_text=True))
    assert numbers["amelie_opco"] in amelie_listed and numbers["antoine"] not in amelie_listed
    opco = readable(staff.get(f"{SETTLE}?payeur=opco ep").get_data(as_text=True))
    assert "« opco ep » trouve : OPCO EP." in opco
    nobody = unescape(staff.get(f"{SETTLE}?payeur=Zébulon").get_data(as_text=True))
    assert "ne trouve aucun payeur ni apprenant" in nobody


def test_every_payment_is_listed_among_the_last_ones_received_card_payments_online_too(demo):
    numbers = two_trainees_of_one_opco(demo)
    staff = signed_in(demo, "gestion@petale.test")
    assert settle(staff, {"reference": "OPCO EP LOT 12", "amount": "700"}, {numbers["antoine_opco"]: "700"}
                  ).status_code == 303
    with demo.app_context():  # what the card checkout records once the provider confirms her payment
        received.receive(numbers["antoine"], antoine_account(demo), 19000, "pay_online_1", utcnow(), "4242")
    page = readable(staff.get("/gestion/encaissements").get_data(as_text=True))
    recent = re.sub(r"<[^>]+>", "", page.split("Derniers règlements enregistrés")[1])
    assert f"carte bancaire en ligne (carte …4242) · 190,00 € · {numbers['antoine']}" in recent
    assert f"virement · OPCO EP LOT 12 · 700,00 € · {numbers['antoine_opco']}" in recent
    assert recent.index(numbers["antoine"]) < recent.index(numbers["antoine_opco"]), "newest first"


def test_an_opcos_transfer_settles_several_invoices_at_once(demo):
    numbers = two_trainees_of_one_opco(demo)
    staff = signed_in(demo, "gestion@petale.test")
    listed = unescape(staff.get(f"{SETTLE}?payeur=OPCO EP").get_data(as_text=True))
    assert numbers["antoine_opco"] in listed and numbers["amelie_opco"] in listed
    assert numbers["antoine"] not in listed, "the funder's invoices only"
    batch = {numbers["antoine_opco"]: "700", numbers["amelie_opco"]: "840"}
    mismatch = settle(staff, {"reference": "OPCO EP LOT 2026-11", "amount": "1 500"}, batch)
    assert mismatch.status_code == 422
    assert "la répartition doit faire exactement le montant reçu" in unescape(mismatch.get_data(as_text=True))
    tomorrow = settle(staff, {"reference": "OPCO EP LOT 2026-11", "amount": "1 540",
                              "received_on": (paris_today() + timedelta(days=1)).isoformat()}, batch)
    assert tomorrow.status_code == 422
    unknown = settle(staff, {"reference": "OPCO EP LOT 2026-11", "amount": "10"}, {"FAC-2099-000001": "10"})
    assert unknown.status_code == 422
    assert "Aucune facture ne porte le numéro" in unescape(unknown.get_data(as_text=True))
    with demo.app_context():
        assert Payment.select().count() == 0
    done = settle(staff, {"reference": "OPCO EP LOT 2026-11", "amount": "1 540,00 €"}, batch)
    assert done.status_code == 303
    with demo.app_context():
        rows = list(Payment.select().order_by(Payment.id))
        assert [(p.invoice_number, p.amount_cents, p.method) for p in rows] == [
            (numbers["antoine_opco"], 70000, "transfer"), (numbers["amelie_opco"], 84000, "transfer")]
        assert len({p.settlement for p in rows}) == 1 and rows[0].reference == "OPCO EP LOT 2026-11"
        states = invoicing.states(list(invoicing.invoices_numbered(list(batch)).values()))
        assert set(states.values()) == {invoicing.PAID}
    page = unescape(staff.get("/gestion/encaissements").get_data(as_text=True))
    [line] = [li for li in page.split("<li>") if "OPCO EP LOT 2026-11" in li]
    assert re.search("1.540,00.€</strong> réparti sur", line), line
    assert numbers["antoine_opco"] in line and numbers["amelie_opco"] in line, "one transfer, one line"


def test_due_overdue_and_paid_per_payer_and_in_total(demo):
    numbers = two_trainees_of_one_opco(demo, days_ago=60)  # due 30 days ago: overdue
    with demo.app_context():
        fresh = step_billed(amelie(demo), paris_today())  # her 50 €, the one step of her contract
    staff = signed_in(demo, "gestion@petale.test")
    settle(staff, {"reference": "OPCO EP", "amount": "700"}, {numbers["antoine_opco"]: "700"})
    settle(staff, {"method": "cheque", "reference": "Chèque 12", "amount": "40"}, {numbers["antoine"]: "40"})
    with demo.app_context():
        found = receivables.receivables(paris_today())
    assert (found.total.overdue_cents, found.total.due_cents, found.total.paid_cents) == (84000 + 15000, 5000, 74000)
    by_payer = {(p.payer_type, p.payer): p.totals for p in found.by_payer}
    opco = by_payer[("funder", "OPCO EP")]
    assert (opco.overdue_cents, opco.due_cents, opco.paid_cents, opco.count) == (84000, 0, 70000, 2)
    antoine_pays = by_payer[("learner", "Antoine")]
    assert (antoine_pays.overdue_cents, antoine_pays.paid_cents) == (15000, 4000)
    assert by_payer[("learner", "Amélie")].due_cents == 5000
    assert found.by_type["funder"].overdue_cents == 84000
    page = unescape(staff.get("/gestion/encaissements").get_data(as_text=True))
    assert "OPCO EP" in page and "990,00" in page
    overdue_only = unescape(staff.get("/gestion/encaissements?etat=overdue").get_data(as_text=True))
    assert numbers["amelie_opco"] in overdue_only and fresh.number not in overdue_only
    paid_only = unescape(staff.get("/gestion/encaissements?etat=paid").get_data(as_text=True))
    assert numbers["antoine_opco"] in paid_only and numbers["amelie_opco"] not in paid_only
    home = unescape(staff.get("/gestion").get_data(as_text=True))
    assert numbers["amelie_opco"] in home and "réglée hors du portail" not in home, "a funder's invoice is followed"
    assert 'href="/gestion/encaissements"' in home


def test_overdue_invoices_are_reminded_by_mail_once_per_level(demo):
    numbers = two_trainees_of_one_opco(demo, days_ago=40)  # 10 days late: the first level
    with demo.app_context():
        assert receivables.send_due_reminders(paris_today()) == 3, "Antoine's, and the OPCO's two (it has an address)"
        assert receivables.send_due_reminders(paris_today()) == 0, "once per level"
        assert InvoiceReminder.select().count() == 3
    run_jobs(demo)
    reminders = [m for m in outbox(demo) if m["Subject"].startswith("Relance : facture")]
    [learner_mail] = [m for m in reminders if "apprenant@petale.test" in m["To"]]
    assert numbers["antoine"] in learner_mail["Subject"] and "/mes-factures" in text_of(learner_mail)
    assert "190,00" in text_of(learner_mail)
    to_opco = {m["Subject"].split()[3]: text_of(m) for m in reminders if "factures@opco-ep.test" in m["To"]}
    assert set(to_opco) == {numbers["antoine_opco"], numbers["amelie_opco"]}
    assert "dossier n° EP-2026-0042 · stagiaire : Antoine Apprenant" in to_opco[numbers["antoine_opco"]]
    assert "dossier n° EP-2026-0077 · stagiaire : Amélie Apprenante" in to_opco[numbers["amelie_opco"]]
    assert "Payer par carte" not in to_opco[numbers["amelie_opco"]]


def test_staff_remind_an_organisation_by_giving_its_accounts_address(demo):
    enrollment_id = antoine(demo)
    with demo.app_context():
        late = invoicing.issue_invoice(enrollment_id, "employer", EMPLOYER, None,
                                       today=paris_today() - timedelta(days=35))
        assert receivables.send_due_reminders(paris_today()) == 0, "no address: left to staff"
    staff = signed_in(demo, "gestion@petale.test")
    url = f"/gestion/encaissements/{late.number}/relance"
    page = "/gestion/encaissements"
    missing = submit(staff, url, {}, page=page)
    assert missing.status_code == 422 and "service comptable" in unescape(missing.get_data(as_text=True))
    bad = submit(staff, url, {"email": "pas une adresse"}, page=page)
    assert bad.status_code == 422 and "il manque le signe @" in unescape(bad.get_data(as_text=True))  # the one rule
    sent = submit(staff, url, {"email": "compta@fleurs-du-marais.test"}, page=page)
    assert sent.status_code == 303
    twice = submit(staff, url, {}, page=page)
    assert twice.status_code == 422 and "déjà partie aujourd'hui" in unescape(twice.get_data(as_text=True))
    run_jobs(demo)
    [mail] = [m for m in outbox(demo) if m["Subject"].startswith("Relance : facture")]
    assert "compta@fleurs-du-marais.test" in mail["To"] and "Fleurs du Marais SARL" in mail["To"]
    assert "Stagiaire : Antoine Apprenant" in text_of(mail)
    with demo.app_context():
        not_late = invoicing.issue_invoice(amelie(demo), "learner", HOME, None)
    early = submit(staff, f"/gestion/encaissements/{not_late.number}/relance", {}, page=page)
    assert early.status_code == 422 and "n'est pas en retard" in unescape(early.get_data(as_text=True))


def test_an_archived_paid_invoice_still_says_when_it_was_paid(demo):
    """Its fiscal year closed, the invoice moves to the legal archive with its payments: printed again from
    there, it still says « Payée le … », and a later invoice of the enrolment still counts it."""
    from datetime import date, datetime

    from portal.invoicing import received
    from portal.invoicing.personal_data import move_closed_fiscal_years

    enrollment_id = antoine(demo)
    with demo.app_context():
        invoice = invoicing.issue_invoice(enrollment_id, "learner", HOME, None, today=date(2025, 12, 1),
                                          part="deposit")
        received.receive(invoice.number, invoice.account_id, invoice.total_cents, "vir_1",
                         datetime(2025, 12, 5, 11), "", method="transfer", reference="VIR APPRENANT")
        assert move_closed_fiscal_years(date(2026, 1, 10)) == 1
        assert invoicing.invoice_or_none(invoice.number) is None
        balance = invoicing.issue_invoice(enrollment_id, "learner", HOME, None, today=date(2026, 1, 12),
                                          part="balance")
        assert balance.total_cents == 89000 - invoice.total_cents
    learner = signed_in(demo, "apprenant@petale.test")
    text = words(learner.get(f"/mes-pieces-archivees/factures/{invoice.number}.pdf").data)
    assert "Payée le 05/12/2025." in text and "virement, réf. VIR APPRENANT" in text, text


def accept_amelies_file(demo) -> uuid.UUID:
    """Staff submit Amélie's funding file, then record it accepted: it waits for the funder's payment. Returns
    the staff member's id."""
    with demo.app_context():
        staff_id = account_id_for_email("gestion@petale.test")
        file = funding.file_of(amelie(demo))
        if file.status == DRAFT:  # the OPCO's agreement is recorded before its invoice (settlements.agreed)
            funding.move(file, SUBMITTED, staff_id)
            funding.move(file, ACCEPTED, staff_id)
    return staff_id


def test_a_funders_payment_recorded_moves_its_accepted_funding_file_to_paid(demo):
    """The file said « en attente du paiement du financeur » after the OPCO's payment was recorded: staff had
    to move it by hand. Now the last of the funder's invoices settled moves it, with the reason in its history."""
    numbers = two_trainees_of_one_opco(demo)
    staff = signed_in(demo, "gestion@petale.test")
    staff_id = accept_amelies_file(demo)
    assert settle(staff, {"reference": "OPCO EP PARTIEL", "amount": "400"},
                  {numbers["amelie_opco"]: "400"}).status_code == 303
    with demo.app_context():
        file_id = funding.file_of(amelie(demo)).id
        assert funding.file_of(amelie(demo)).status == ACCEPTED, "paid in part: still waiting"
    halfway = readable(staff.get(f"/gestion/financements/{file_id}").get_data(as_text=True))
    assert "Montant pris en charge 840,00 € sur 890,00 € · 50,00 € à la charge des autres payeurs" in \
        re.sub(r"<[^>]+>", " ", halfway).replace("  ", " ").replace(" ·", " ·")
    assert "reste 440,00 € à recevoir de lui" in halfway, "the same split as her billing, and its payments"
    assert settle(staff, {"reference": "OPCO EP SOLDE", "amount": "440"},
                  {numbers["amelie_opco"]: "440"}).status_code == 303
    with demo.app_context():
        file = funding.file_of(amelie(demo))
        assert file.status == PAID
        last = funding.status_changes_of(file)[-1]
        assert last.by == staff_id and numbers["amelie_opco"] in last.note and "réglée le" in last.note
    paid = readable(staff.get(f"/gestion/financements/{file_id}").get_data(as_text=True))
    assert "part du financeur payée" in paid and "Part du financeur payée : le dossier est clos." in paid, \
        "her own 50 € may still be due: the file says whose part is paid"


def test_following_a_funders_payment_reads_the_enrolments_invoices_once(demo):
    """Whether the funder has paid all it takes is read from the billing plan, which holds the standing
    invoices: they are not read a second time before it."""
    numbers = two_trainees_of_one_opco(demo)
    staff = signed_in(demo, "gestion@petale.test")
    assert settle(staff, {"reference": "OPCO EP", "amount": "840"}, {numbers["amelie_opco"]: "840"}).status_code == 303
    staff_id = accept_amelies_file(demo)
    with demo.app_context():
        assert funding.file_of(amelie(demo)).status == PAID, "the payment recorded closed it"
        FundingFile.update(status=ACCEPTED).where(FundingFile.enrollment == amelie(demo)).execute()  # to follow again
        invoice = Invoice.get(Invoice.number == numbers["amelie_opco"])
        with count_queries() as statements:
            funding.follow_funder_payment(invoice, by=staff_id, paid_at=utcnow())
        assert funding.file_of(amelie(demo)).status == PAID
    invoice_reads = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")
                     and 'FROM "INVOICE" AS "T1"' in sql.upper()]
    assert len(invoice_reads) == 1, invoice_reads


def antoine_account(app):
    with app.app_context():
        return account_id_for_email("apprenant@petale.test")
