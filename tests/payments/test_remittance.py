"""An OPCO's transfer pays more invoices than the payment form lists (50): staff paste the funder's remittance
advice (one invoice number and its amount a line) and record the whole batch at once; a line that is not one
is named beside the field, with nothing recorded."""
from __future__ import annotations

import re
from html import unescape

from portal.invoicing.models import Invoice
from portal.invoicing.received import paid_totals_astray
from portal.vault.models import Payment
from tests.support.crowd import add_crowd
from tests.support.helpers import submit
from tests.support.learning_fixtures import signed_in
from tests.support.settlements import SETTLE


def funder_invoices(app, count: int) -> list[str]:
    """`count` unpaid invoices addressed to a funder (the crowd bills a funder every third learner)."""
    add_crowd(app, 3 * count, paid_every=10**9)
    with app.app_context():
        return [number for (number,) in Invoice.select(Invoice.number).where(
            (Invoice.payer_type == "funder") & (Invoice.paid_cents == 0)).order_by(Invoice.number).tuples()][:count]


def paste(staff, amount: str, text: str, **more):
    return submit(staff, SETTLE, {"received_on": "2026-11-30", "method": "transfer", "reference": "OPCO EP LOT 77",
                                  "amount": amount, "remittance": text, **more})


def test_a_batch_of_more_invoices_than_the_form_lists_is_recorded_from_the_pasted_remittance(demo):
    numbers = funder_invoices(demo, 60)
    staff = signed_in(demo, "gestion@petale.test")
    form = unescape(staff.get(SETTLE).get_data(as_text=True))
    assert 'name="remittance"' in form and "Coller le relevé" in form
    separators = (" ; ", "\t", "  ", ";", " ")
    lines = [f"{number}{separators[n % len(separators)]}{'890,00 €' if n % 2 else '890'}"
             for n, number in enumerate(numbers)]
    done = paste(staff, "53 400,00", "\n".join(lines[:30]) + "\n\n" + "\r\n".join(lines[30:]) + "\n")
    assert done.status_code == 303, unescape(done.get_data(as_text=True))[:3000]
    with demo.app_context():
        rows = list(Payment.select().where(Payment.invoice_number.in_(numbers)))
        assert len(rows) == 60 and len({p.settlement for p in rows}) == 1
        assert {p.amount_cents for p in rows} == {89000} and rows[0].reference == "OPCO EP LOT 77"
        assert Invoice.select().where(Invoice.number.in_(numbers) & (Invoice.paid_cents == 89000)).count() == 60
        assert paid_totals_astray() == []
    receivables = unescape(staff.get("/gestion/encaissements").get_data(as_text=True))
    assert re.search(r"53.400,00.€</strong> réparti sur", receivables), "one transfer, one line"


def test_lines_that_are_not_an_invoice_and_its_amount_are_named_beside_the_field(demo):
    numbers = funder_invoices(demo, 3)
    staff = signed_in(demo, "gestion@petale.test")
    text = f"{numbers[0]} ; 890,00\nfacture {numbers[1]} 890\n{numbers[2]} ; douze euros\n"
    refused = paste(staff, "2 670", text)
    assert refused.status_code == 422
    page = unescape(refused.get_data(as_text=True))
    error = page.split('id="remittance-erreur">')[1].split("</p>")[0]
    assert "Lignes 2, 3 du relevé" in error and "FAC-2026-000123 ; 700,00" in error
    assert re.search(r'<textarea[^>]*aria-invalid="true"[^>]*name="remittance"', page)
    assert f"{numbers[2]} ; douze euros" in page, "the pasted text is given back to be corrected"
    above = page.split('id="reglement"')[1].split('id="remittance"')[0]
    assert 'href="#remittance"' in above and "Lignes 2, 3" not in above, "above: only a link to the field"
    with demo.app_context():
        assert not Payment.select().where(Payment.reference == "OPCO EP LOT 77").exists()


def test_a_remittance_that_does_not_add_up_to_the_transfer_or_names_an_unknown_invoice_records_nothing(demo):
    numbers = funder_invoices(demo, 2)
    staff = signed_in(demo, "gestion@petale.test")
    short = paste(staff, "1 800", f"{numbers[0]} ; 890\n{numbers[1]} ; 890")
    assert short.status_code == 422
    assert "la répartition doit faire exactement le montant reçu" in unescape(short.get_data(as_text=True))
    unknown = paste(staff, "1 780", f"{numbers[0]} ; 890\nFAC-2098-000001 ; 890")
    said = unescape(unknown.get_data(as_text=True))
    assert unknown.status_code == 422 and "Ligne 2 du relevé : Aucune facture ne porte le numéro « FAC-2098-000001 »" \
        in said.replace("\u00a0", " ")
    beside = said.split('id="remittance-erreur"')[1].split("</p>")[0] if 'id="remittance-erreur"' in said else ""
    assert "FAC-2098-000001" in beside, "said beside the pasted advice, not at the top of the page"
    twice = paste(staff, "1 780", f"{numbers[0]} ; 890\n{numbers[0].lower()} ; 890")
    assert twice.status_code == 422 and "deux fois" in unescape(twice.get_data(as_text=True))
    with demo.app_context():
        assert not Payment.select().where(Payment.reference == "OPCO EP LOT 77").exists()
