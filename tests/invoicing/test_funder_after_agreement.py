"""A funder is invoiced after its agreement (« accord de prise en charge ») is recorded on the funding file:
before it, the invoice is refused in words with a link to the file; the payment recorded then closes the file."""
from __future__ import annotations

import re

import pytest

from portal.funding import service as funding
from portal.funding.models import ACCEPTED, PAID, SUBMITTED
from portal.invoicing import service as invoicing
from portal.vault.service import account_id_for_email
from tests.support.billing import OPCO, antoine
from tests.support.helpers import readable
from tests.support.learning_fixtures import signed_in
from tests.support.settlements import settle, two_trainees_of_one_opco


def test_a_funder_is_invoiced_only_once_its_agreement_is_recorded_and_its_payment_closes_the_file(demo):
    enrollment_id = antoine(demo, agreement=False)
    with demo.app_context():
        staff_id = account_id_for_email("gestion@petale.test")
        invoicing.set_shares(enrollment_id, {"funder": 70000, "learner": 19000})
        file = funding.file_of(enrollment_id)
        for status in ("brouillon", "déposé"):
            with pytest.raises(invoicing.InvoiceRefused) as refused:
                invoicing.issue_invoice(enrollment_id, "funder", OPCO, None)
            assert refused.value.status == 409 and f"est « {status} »" in readable(str(refused.value.message))
            assert "accord de prise en charge" in str(refused.value.message)
            assert refused.value.remedy.values == {"file_id": file.id}
            if status == "brouillon":
                funding.move(file, SUBMITTED, staff_id)
        funding.move(file, ACCEPTED, staff_id, "Accord reçu")
        number = invoicing.issue_invoice(enrollment_id, "funder", OPCO, None).number
    staff = signed_in(demo, "gestion@petale.test")
    listed = readable(staff.get("/gestion/factures").get_data(as_text=True))
    assert "OPCO EP <span class=\"muted\">(financeur)</span>" in listed, "the list names whom it is owed by"
    assert settle(staff, {"reference": "OPCO EP", "amount": "700"}, {number: "700"}).status_code == 303
    with demo.app_context():
        assert funding.file_of(enrollment_id).status == PAID


def test_an_invoice_beyond_the_payers_share_names_the_share_not_the_price(demo):
    enrollment_id = antoine(demo)
    with demo.app_context():
        invoicing.set_shares(enrollment_id, {"funder": 70000, "learner": 19000})
        with pytest.raises(invoicing.InvoiceRefused) as refused:
            invoicing.issue_invoice(enrollment_id, "funder", OPCO, None,
                                    lines=[invoicing.Line("Formation", 1, 80000)])
    message = readable(str(refused.value.message))
    assert "dépasserait la prise en charge de ce payeur : 700,00 €" in message and "il reste 700,00 €" in message
    assert "dépasserait le prix" not in message


def test_the_accountant_exports_the_invoices_and_the_payments_under_the_lists_filters(demo):
    numbers = two_trainees_of_one_opco(demo)
    staff = signed_in(demo, "gestion@petale.test")
    assert settle(staff, {"reference": "OPCO EP LOT 12", "amount": "1540"},
                  {numbers["antoine_opco"]: "700", numbers["amelie_opco"]: "840"}).status_code == 303
    listed = staff.get("/gestion/factures?payeur=funder").get_data(as_text=True)
    assert 'href="/gestion/factures.csv?payeur=funder"' in listed
    response = staff.get("/gestion/factures.csv?payeur=funder")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == ("Numéro;Type;Date d'émission;Échéance;Payeur;Nom du payeur;Montant (€);Reçu (€);Reste dû (€);"
                        "État")
    assert len(lines) == 3, "the funder's two invoices, not Antoine's own"
    row = next(line.split(";") for line in lines if line.startswith(numbers["antoine_opco"]))
    assert row[4:] == ["financeur", "OPCO EP", "700,00", "700,00", "0,00", "payée"]
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", row[2]) and re.fullmatch(r"\d\d/\d\d/\d{4}", row[3])
    payments = staff.get("/gestion/encaissements/paiements.csv?payeur=funder").get_data(as_text=True)
    rows = [line.split(";") for line in payments.lstrip("\ufeff").splitlines()]
    assert rows[0][:4] == ["Date de réception", "Mode", "Référence", "Facture"] and len(rows) == 3
    assert {r[3] for r in rows[1:]} == {numbers["antoine_opco"], numbers["amelie_opco"]}
    assert {r[6] for r in rows[1:]} == {"700,00", "840,00"} and {r[1] for r in rows[1:]} == {"virement"}
    assert 'href="/gestion/encaissements/paiements.csv?payeur=funder"' in \
        staff.get("/gestion/encaissements?payeur=funder").get_data(as_text=True)
