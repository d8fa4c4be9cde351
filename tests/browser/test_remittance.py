"""Staff record an OPCO's transfer over more invoices than the payment form lists (60 > 50) by pasting the
funder's remittance, at 390 px with JavaScript and at 1280 px without: a bad line is named beside the field
first, then the whole batch is recorded at once and shows as one line of the latest settlements."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.invoicing.models import Invoice
from tests.browser.support import click, phone_page, sign_in
from tests.support.crowd import add_crowd


@pytest.mark.parametrize(("javascript", "width"), [(True, 390), (False, 1280)], ids=["phone-js", "desktop-no-js"])
def test_staff_record_a_batch_of_sixty_invoices_from_the_pasted_remittance(live, browser, javascript, width):
    add_crowd(live, 180, paid_every=10**9)
    with live.app_context():
        numbers = [n for (n,) in Invoice.select(Invoice.number).where(
            (Invoice.payer_type == "funder") & (Invoice.paid_cents == 0) & (Invoice.year == 2099))
            .order_by(Invoice.number).tuples()][:60]
    context, page, errors = phone_page(browser, live, javascript)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live.base, "gestion@petale.test")
    click(page, "link", "Encaissements")
    click(page, "link", "Enregistrer un règlement (une facture, ou un virement groupé d'un financeur)")
    page.get_by_label("Référence (libellé du virement, n° de chèque…)").fill("OPCO LOT 2026-12")
    page.get_by_label("Montant reçu (€)").fill("53 400,00")
    remittance = page.get_by_label("Relevé du payeur : un numéro de facture et son montant par ligne")
    expect(remittance).to_be_visible()  # open already: more open invoices than the form lists
    remittance.fill("\n".join(f"{n} ; 890,00" for n in numbers[:-1]) + f"\n{numbers[-1]} huit cent quatre-vingt-dix")
    click(page, "button", "Enregistrer le règlement")
    expect(page.locator("#remittance-erreur")).to_contain_text("Ligne 60 du relevé")
    expect(remittance).to_have_attribute("aria-invalid", "true")
    remittance.fill("\n".join(f"{n}\t890,00" for n in numbers))
    click(page, "button", "Enregistrer le règlement")
    expect(page.locator("#flashes")).to_contain_text("Règlement enregistré, réparti sur 60 factures")
    expect(page.locator("main")).to_contain_text("OPCO LOT 2026-12")
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the receivables page does not widen the screen"
    with live.app_context():
        assert Invoice.select().where(Invoice.number.in_(numbers) & (Invoice.paid_cents == 89000)).count() == 60
    assert not [e for e in errors if not e.startswith("422")], errors
    context.close()
