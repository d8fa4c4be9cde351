"""One enrolment's price shared among its payers (« prise en charge »), never billed beyond it; deposit and
balance adding up to the price; a funder's invoice naming the trainee and the funder's case number."""
from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest

from portal.invoicing import service as invoicing
from portal.invoicing.models import Invoice
from portal.stats import bpf
from portal.timeutil import paris_today
from tests.support.billing import EMPLOYER, OPCO, PRICE, amelie, antoine
from tests.support.contracts import share_signed
from tests.support.helpers import pdf_text, submit
from tests.support.invoices import HOME
from tests.support.learning_fixtures import signed_in


def words(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def test_the_opco_pays_700_and_the_learner_the_rest_and_nothing_more_can_be_billed(demo):
    enrollment_id = antoine(demo)
    staff = signed_in(demo, "gestion@petale.test")
    page = f"/gestion/factures/inscriptions/{enrollment_id}"
    shared = submit(staff, f"{page}/repartition", {"funder": "700", "learner": "190,00", "employer": ""}, page=page)
    assert shared.status_code == 303 and shared.headers["Location"].endswith(page)
    opco = submit(staff, "/gestion/factures", {"enrollment_id": enrollment_id, "payer_type": "funder",
                                               "payer_name": OPCO.name, "payer_address": OPCO.address,
                                               "payer_siren": OPCO.siren})
    assert opco.status_code == 303
    unsigned = submit(staff, "/gestion/factures", {"enrollment_id": enrollment_id, "payer_type": "learner"})
    assert unsigned.status_code == 409, "her share waits for her contract (L6353-3)"
    assert "Son contrat de formation n'est pas encore signé" in unescape(unsigned.get_data(as_text=True))
    with demo.app_context():
        share_signed(enrollment_id, paris_today() - timedelta(days=11), one_step=True)
    by_hand = submit(staff, "/gestion/factures", {"enrollment_id": enrollment_id, "payer_type": "learner"})
    assert by_hand.status_code == 409, "signed, her invoices are her contract's steps"
    contract = f"/gestion/inscriptions/{enrollment_id}/contrat"
    step = re.search(r'name="step" value="(\d+)"', staff.get(contract).get_data(as_text=True)).group(1)
    learner = submit(staff, f"{contract}/echeance", {"step": step}, page=contract)
    assert learner.status_code == 303, "her share, the one step of her contract, issued from its page"
    with demo.app_context():
        billed = {i.payer_type: i.total_cents for i in invoicing.of_enrollment(enrollment_id)}
        assert billed == {"funder": 70000, "learner": 19000}
        assert sum(billed.values()) == PRICE
    # A third payer, or the same again: refused in words, nothing written.
    employer = submit(staff, "/gestion/factures", {"enrollment_id": enrollment_id, "payer_type": "employer",
                                                   "payer_name": EMPLOYER.name, "payer_address": EMPLOYER.address})
    assert employer.status_code == 422
    assert "Aucune prise en charge n'est prévue pour ce payeur" in unescape(employer.get_data(as_text=True))
    again = submit(staff, "/gestion/factures", {"enrollment_id": enrollment_id, "payer_type": "learner",
                                                "lines-0-description": "Supplément", "lines-0-quantity": "1",
                                                "lines-0-unit": "10"})
    assert again.status_code == 409 and "entièrement facturé selon son échéancier" in unescape(
        again.get_data(as_text=True)).replace("\u00a0", " ")
    with demo.app_context():
        assert Invoice.select().count() == 2
        # The statistics count the training's price once, split by who paid it.
        income = {a.line.code: a.cents for a in bpf.report(date.today().year).income if a.cents}
        # Cerfa 10443 frame C: the OPCO's share on line 2 h (under the fund managers' subtotal 2), the
        # learner's on line 9 (individuals paying for themselves), the price once in the total.
        assert income == {"2h": 70000, "2": 70000, "9": 19000, "total": 89000}
    summary = unescape(staff.get(page).get_data(as_text=True))
    assert "Reste à facturer" in summary and "dossier n° EP-2026-0042" in summary
    with demo.app_context():
        numbers = {i.payer_type: i.number for i in invoicing.of_enrollment(enrollment_id)}
        due = {i.payer_type: i.due_on for i in invoicing.of_enrollment(enrollment_id)}
    hers = words(staff.get(f"/gestion/factures/{numbers['learner']}.pdf").data)
    assert "reste à votre charge après prise en charge de 700,00 € par OPCO EP" in hers, "her own share, said so"
    funders = words(staff.get(f"/gestion/factures/{numbers['funder']}.pdf").data)
    assert "prise en charge de 700,00 € sur un prix de 890,00 €" in funders
    for printed, payer in ((hers, "learner"), (funders, "funder")):
        assert f"À régler au plus tard le {due[payer]:%d/%m/%Y}." in printed and "à réception" not in printed


def test_billing_beyond_the_price_is_refused_in_words(demo):
    enrollment_id = antoine(demo)
    staff = signed_in(demo, "gestion@petale.test")
    page = f"/gestion/factures/inscriptions/{enrollment_id}"
    too_much = submit(staff, f"{page}/repartition", {"funder": "700", "learner": "190,01"}, page=page)
    text = unescape(too_much.get_data(as_text=True))
    assert too_much.status_code == 422 and "plus que le prix de la formation" in text
    not_a_sum = submit(staff, f"{page}/repartition", {"funder": "sept cents"}, page=page)
    assert not_a_sum.status_code == 422 and "Un montant en euros" in unescape(not_a_sum.get_data(as_text=True))
    # No shares: the first payer may take the whole price, then nothing is left for anyone.
    lines = {"lines-0-description": "Formation", "lines-0-quantity": "1", "lines-0-unit": "890,01"}
    over = submit(staff, "/gestion/factures", {"enrollment_id": enrollment_id, "payer_type": "learner", **lines})
    assert over.status_code == 422
    assert "dépasserait le prix de l'inscription" in unescape(over.get_data(as_text=True))
    with demo.app_context():
        employer = invoicing.issue_invoice(enrollment_id, "employer", EMPLOYER, None)
        assert employer.total_cents == PRICE
        for payer, party in (("learner", HOME), ("funder", OPCO), ("employer", EMPLOYER)):
            with pytest.raises(invoicing.InvoiceRefused) as refused:
                invoicing.issue_invoice(enrollment_id, payer, party, None, another=True)
            assert "jamais facturée au-delà de son prix" in refused.value.message
        # Lowering the employer's share below what it was billed is refused too.
        with pytest.raises(invoicing.InvoiceRefused) as lowered:
            invoicing.set_shares(enrollment_id, {"employer": 50000, "funder": 39000})
        assert "déjà été facturé" in lowered.value.message
        assert Invoice.select().count() == 1


def test_the_learners_share_left_blank_is_the_rest_and_a_price_left_to_nobody_is_said(demo):
    """« L'OPCO paie 700 €, l'apprenante le reste »: staff type 700 for the funder and leave the others
    blank (a staff walk found the rest silently billed to nobody)."""
    enrollment_id = antoine(demo)
    staff = signed_in(demo, "gestion@petale.test")
    page = f"/gestion/factures/inscriptions/{enrollment_id}"
    submit(staff, f"{page}/repartition", {"funder": "700", "employer": "", "learner": ""}, page=page)
    with demo.app_context():
        assert invoicing.plan(enrollment_id).shares == {"funder": 70000, "learner": 19000}
    partial = submit(staff, f"{page}/repartition", {"funder": "700", "employer": "0", "learner": "100"}, page=page)
    assert "90,00\u00a0€ du prix ne sont à la charge de personne" in unescape(
        staff.get(partial.headers["Location"]).get_data(as_text=True))
    with demo.app_context():
        assert invoicing.plan(enrollment_id).shares == {"funder": 70000, "learner": 10000}


def test_a_deposit_then_the_balance_make_the_price_and_never_bill_it_twice(demo):
    enrollment_id = antoine(demo)
    staff = signed_in(demo, "gestion@petale.test")
    first = {"enrollment_id": enrollment_id, "payer_type": "learner", "part": "deposit"}
    assert submit(staff, "/gestion/factures", {**first, "deposit": "300"}).status_code == 422, \
        "a person pays at most 30 % before the training (L6353-6)"
    assert submit(staff, "/gestion/factures", first).status_code == 303
    no_second_deposit = submit(staff, "/gestion/factures", first)
    assert no_second_deposit.status_code == 422
    assert "Un acompte se facture en premier" in unescape(no_second_deposit.get_data(as_text=True))
    balance = submit(staff, "/gestion/factures", {**first, "part": "balance"})
    assert balance.status_code == 303
    assert submit(staff, "/gestion/factures", {**first, "part": "balance"}).status_code == 422, "once only"
    with demo.app_context():
        deposit, rest = sorted(invoicing.of_enrollment(enrollment_id), key=lambda i: i.seq)
        assert (deposit.part, deposit.total_cents) == ("deposit", 26700)
        assert (rest.part, rest.total_cents) == ("balance", PRICE - 26700)
    text = words(staff.get(f"/gestion/factures/{rest.number}.pdf").data)
    assert f"acompte {deposit.number} de 267,00 € déduit" in text and "623,00 €" in text
    assert "Acompte de 30 % sur la formation" in words(staff.get(f"/gestion/factures/{deposit.number}.pdf").data)


def test_a_balance_without_a_deposit_is_refused(demo):
    enrollment_id = antoine(demo)
    with demo.app_context(), pytest.raises(invoicing.InvoiceRefused) as refused:
        invoicing.issue_invoice(enrollment_id, "learner", HOME, None, part="balance")
    assert "Aucun acompte" in refused.value.message


def test_a_funders_invoice_names_the_trainee_and_the_case_number_of_the_funding_file(demo):
    enrollment_id = antoine(demo, case_number="OPCO-EP-2026-118734")
    with demo.app_context():
        invoice = invoicing.issue_invoice(enrollment_id, "funder", OPCO, None, today=date(2026, 11, 26))
        assert invoice.case_number == "OPCO-EP-2026-118734"
    staff = signed_in(demo, "gestion@petale.test")
    text = words(staff.get(f"/gestion/factures/{invoice.number}.pdf").data)
    assert "Stagiaire Antoine Apprenant" in text
    assert "Dossier du financeur n° OPCO-EP-2026-118734" in text
    assert "OPCO EP" in text and "SIREN 851296632" in text and "40,00 €" in text
    assert "exonérée" in text, "each line says its VAT"


def test_a_funder_without_a_case_number_is_not_billed(demo):
    enrollment_id = amelie(demo)
    with demo.app_context(), pytest.raises(invoicing.InvoiceRefused) as refused:
        invoicing.issue_invoice(enrollment_id, "funder", OPCO, None)
    assert "numéro de dossier" in refused.value.message


def test_a_price_not_split_is_said_left_once_not_once_per_payer(demo):
    """Before the price is split, « Reste à lui facturer 890 € » stood on each of the three payers' lines, which
    read as three times the price (a staff walk, 08/12/2026)."""
    enrollment_id = antoine(demo)
    staff = signed_in(demo, "gestion@petale.test")
    page = f"/gestion/factures/inscriptions/{enrollment_id}"
    with demo.app_context():
        plan = invoicing.plan(enrollment_id)
        assert not plan.shares
        left = f"{plan.left_in_all // 100:,}".replace(",", "\u202f") + f",{plan.left_in_all % 100:02d}\u00a0€"
    shown = unescape(staff.get(page).get_data(as_text=True))
    table = shown.split("Qui paie quoi")[1].split("</table>")[0]
    assert left not in table, "no payer's line says the whole price is left to it"
    assert f"Reste à facturer</dt><dd>{left}</dd>" in shown, "said once, for the whole price, above"
