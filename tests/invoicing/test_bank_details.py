"""The provider's bank details (PROVIDER_IBAN, PROVIDER_BIC) are printed, with the reference to quote, on an
invoice still to be paid, never on one paid; an IBAN failing its ISO 13616 key stops the portal from starting."""
from __future__ import annotations

import pytest

from portal.invoicing import received
from portal.invoicing import service as invoicing
from portal.timeutil import utcnow
from tests.support.helpers import pdf_text
from tests.support.invoices import HOME, antoine_enrollment
from tests.support.learning_fixtures import signed_in

IBAN = "FR76 3000 6000 0112 3456 7890 189"


def words(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def test_an_invoice_to_pay_says_where_and_with_which_reference_and_a_paid_one_does_not(make_app):
    from portal.demo.seed import seed

    app = make_app(PROVIDER_IBAN="fr7630006000011234567890189", PROVIDER_BIC="petafrppxxx")
    with app.app_context():
        seed(backoffice=False)
    enrollment_id = antoine_enrollment(app)
    with app.app_context():
        invoice = invoicing.issue_invoice(enrollment_id, "learner", HOME, None, part="deposit", deposit_cents=10000)
    staff = signed_in(app, "gestion@petale.test")
    due = words(staff.get(f"/gestion/factures/{invoice.number}.pdf").data)
    assert (f"Règlement par virement : IBAN {IBAN} - BIC PETAFRPPXXX. Référence à indiquer sur le virement : "
            f"{invoice.number}.") in due
    with app.app_context():
        received.receive(invoice.number, invoice.account_id, invoice.total_cents, "vir_1", utcnow(),
                         method="transfer", reference="VIR")
    paid = words(staff.get(f"/gestion/factures/{invoice.number}.pdf").data)
    assert "Payée le" in paid and "IBAN" not in paid


def test_without_an_iban_no_bank_details_are_printed(demo):
    enrollment_id = antoine_enrollment(demo)
    with demo.app_context():
        invoice = invoicing.issue_invoice(enrollment_id, "learner", HOME, None)
    staff = signed_in(demo, "gestion@petale.test")
    assert "IBAN" not in words(staff.get(f"/gestion/factures/{invoice.number}.pdf").data)


@pytest.mark.parametrize(("settings", "said"), [
    ({"PROVIDER_IBAN": "FR76 3000 6000 0112 3456 7890 188", "PROVIDER_BIC": "PETAFRPPXXX"}, "n'est pas un IBAN"),
    ({"PROVIDER_IBAN": IBAN, "PROVIDER_BIC": "PETA"}, "n'est pas un BIC"),
    ({"PROVIDER_BIC": "PETAFRPPXXX"}, "sans PROVIDER_IBAN"),
])
def test_a_wrong_iban_or_bic_stops_the_portal_from_starting(make_app, settings, said):
    with pytest.raises(RuntimeError) as refused:
        make_app(**settings)
    assert said in str(refused.value)
