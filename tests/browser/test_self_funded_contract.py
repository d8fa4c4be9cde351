"""A new learner paying her training herself, in chromium at 390 px, with JavaScript on and off: from the course
page (its price and schedule) to the contract, read and signed; on the ninth day she may still withdraw, and
does; enrolled again, she finds on the eleventh day that the period is over, and the deposit invoice appears
in "Mes factures" on that day and not before. The server's clock is moved, not the machine's."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.contracts import billing
from portal.contracts import views as contract_views
from portal.invoicing.models import Invoice
from portal.timeutil import to_paris, utcnow
from portal.vault.service import account_id_for_email
from tests.browser.support import click, phone_page, sign_in
from tests.support.contracts import NEWCOMER, newcomer

COURSE = "Bouquets de saison — perfectionnement"


@pytest.fixture
def clock(monkeypatch):
    """The contracts' clock (signing, withdrawing, the daily billing job), moved by whole days."""
    start, ahead = utcnow(), [timedelta(0)]
    now = lambda: start + ahead[0]  # noqa: E731
    monkeypatch.setattr(contract_views, "utcnow", now)
    monkeypatch.setattr(contract_views, "paris_today", lambda: to_paris(now()).date())
    monkeypatch.setattr(billing, "paris_today", lambda: to_paris(now()).date())
    return ahead


def enrol_paying_herself(page, base) -> None:
    page.goto(base + "/")
    click(page, "link", COURSE)
    expect(page.get_by_role("heading", name="Prix et paiement")).to_be_visible()
    expect(page.locator("#prix-paiement + p + p + p")).to_contain_text("acompte de 30")
    page.get_by_label("Financement").select_option("self")
    click(page, "button", "M'inscrire")
    expect(page.get_by_role("heading", name="Votre contrat de formation")).to_be_visible()
    for mention in ("Programme", "Connaissances préalables requises", "Formateurs", "Délai de rétractation"):
        expect(page.get_by_role("heading", name=mention, exact=True)).to_be_visible()
    address = page.get_by_label("Votre adresse postale")
    if address.count():  # asked once: her first contract keeps it for the next ones and her invoices
        address.fill("14 rue des Jardins\n35000 Rennes")
    page.get_by_label("J'ai lu le contrat et je l'accepte").check()
    click(page, "button", "Je signe le contrat")
    expect(page.get_by_role("heading", name="Mon contrat de formation")).to_be_visible()
    expect(page.get_by_text("Contrat signé")).to_be_visible()


def billing_day(live) -> None:
    with live.app_context():
        billing.daily_contract_billing()


def deposit_invoices(live) -> list[str]:
    """Hers (the demo's Bérénice has a contract of her own, billed by the same job)."""
    with live.app_context():
        return [i.number for i in Invoice.select().where(
            (Invoice.part == "deposit") & (Invoice.account_id == account_id_for_email(NEWCOMER)))]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_self_funded_learner_signs_withdraws_on_day_9_and_is_billed_on_day_11(live, browser, javascript, clock):
    newcomer(live)
    context, page, errors = phone_page(browser, live, javascript)
    sign_in(page, live.base, NEWCOMER)
    enrol_paying_herself(page, live.base)

    clock[0] = timedelta(days=9)
    page.reload()
    page.get_by_label("Je confirme").check()
    click(page, "button", "Je me rétracte")
    expect(page.get_by_text("Votre rétractation est enregistrée")).to_be_visible()
    billing_day(live)
    assert deposit_invoices(live) == []

    # Enrolled again on the ninth day: a new contract, and its own ten days.
    enrol_paying_herself(page, live.base)
    contract_page = page.url
    for day in (1, 10):
        clock[0] = timedelta(days=9 + day)
        billing_day(live)
        assert deposit_invoices(live) == [], f"no invoice on day {day}"
    page.goto(live.base + "/mes-factures")
    expect(page.get_by_text("Aucune facture à votre nom.")).to_be_visible()
    expect(page.get_by_role("heading", name="À venir")).to_be_visible()
    page.goto(contract_page)
    expect(page.get_by_role("button", name="Je me rétracte")).to_be_visible()  # the tenth day is hers still

    clock[0] = timedelta(days=9 + 11)
    page.get_by_label("Je confirme").check()
    click(page, "button", "Je me rétracte")  # the page of the tenth day, sent on the eleventh
    expect(page.get_by_role("alert")).to_contain_text(re.compile("Le délai de rétractation a pris fin le .*pour "
                                                                 "arrêter la formation"))
    page.goto(contract_page)
    expect(page.get_by_role("button", name="Je me rétracte")).to_have_count(0)
    billing_day(live)
    [number] = deposit_invoices(live)
    page.goto(live.base + "/")
    click(page, "link", "Mon espace")
    click(page, "link", "Mes factures et paiements")
    expect(page.get_by_role("link", name=number)).to_be_visible()
    expect(page.get_by_role("button", name="Payer par carte")).to_be_visible()
    assert [e for e in errors if not e.startswith("409 POST")] == [], errors  # only the late withdrawal
    context.close()
