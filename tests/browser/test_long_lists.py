"""Staff walk the back office's long lists at 1280 px and 390 px: page links in the address, filters, a
search by phone whose page reloads without « Méthode non autorisée », tables that fit the screen."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.accounts.models import Account
from portal.vault import audit
from portal.vault.service import account_id_for_email
from tests.browser.support import click, phone_page, settle, sign_in
from tests.support.crowd import add_crowd


@pytest.mark.parametrize(("javascript", "width"), [(True, 1280), (False, 1280), (True, 390)],
                         ids=["desktop-js", "desktop-no-js", "phone-js"])
def test_staff_page_through_filter_and_search_the_lists(live, browser, javascript, width, tmp_path):
    crowd = add_crowd(live, 120)
    with live.app_context():
        someone = Account.get_by_id(crowd[0]).display_name
        dpo = audit.Actor(account_id_for_email("dpo@petale.test"), "dpo")
        for n in range(60):
            audit.record(dpo, None, "lecture", ["email"], reason=f"contrôle {n}")
    context, page, errors = phone_page(browser, live, javascript)
    page.set_viewport_size({"width": width, "height": 900})
    shots = Path(os.environ.get("PETALE_SCREENSHOTS", tmp_path)) / f"lists-{width}-{javascript}"
    shots.mkdir(parents=True, exist_ok=True)

    sign_in(page, live.base, "gestion@petale.test")
    click(page, "link", "Apprenants")
    expect(page.locator("main")).to_contain_text("Page 1 sur 3")
    click(page, "link", "Suivante")
    assert page.url.endswith("/gestion/apprenants?page=2")
    expect(page.locator("main")).to_contain_text("Page 2 sur 3")
    page.get_by_label("Nom affiché contient").fill(someone)
    click(page, "button", "Filtrer")
    assert "nom=Foule" in page.url, "the filters are in the address"
    expect(page.locator("main")).to_contain_text("1 résultat")
    expect(page.locator("main tbody")).to_contain_text(someone)

    page.get_by_label("Nom, adresse électronique ou téléphone").fill("06 12 00 00 05")
    page.get_by_label("Raison (sans nom ni coordonnées)").first.fill("appel entrant")
    click(page, "button", "Chercher")
    expect(page.locator(".found")).to_contain_text("Antoine Apprenant")
    assert "06" not in page.url and "appel" not in page.url
    page.reload()
    settle(page)
    expect(page.locator("main")).not_to_contain_text("Méthode non autorisée")
    expect(page.locator(".found")).to_contain_text("Antoine Apprenant")
    page.screenshot(path=str(shots / "01-directory.png"), full_page=True)

    click(page, "link", "Factures")
    expect(page.locator("main")).to_contain_text("Page 1 sur 3")
    page.get_by_label("État").select_option("paid")
    click(page, "button", "Filtrer")
    assert "etat=paid" in page.url
    expect(page.locator("main tbody")).not_to_contain_text("à payer avant")
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(shots / "02-invoices.png"), full_page=True)
    assert fits, "the invoices page does not widen the screen"
    if width == 1280:
        table = page.evaluate("document.querySelector('main table').getBoundingClientRect().width")
        assert table > 900, f"the back office uses the screen's width: the table is {table} px wide"
        tall = page.evaluate("document.documentElement.scrollHeight")
        assert tall < 4000, f"fifty invoices take {tall} px: a row's actions stay folded"

    context.close()
    context, page, errors = phone_page(browser, live, javascript)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live.base, "dpo@petale.test")
    click(page, "link", "Journal d'accès")
    expect(page.locator("main")).to_contain_text("Page 1 sur 2")
    height = page.evaluate("document.querySelector('main table').getBoundingClientRect().height")
    page.screenshot(path=str(shots / "03-journal.png"), full_page=True)
    if width == 1280:
        assert height < 3000, f"50 journal rows take {height} px"
    assert not [e for e in errors if not e.startswith("422")], errors
    context.close()
