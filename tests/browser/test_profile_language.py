"""Choosing another language on /profil with JavaScript on: the whole page, its confirmation included,
comes back in the new language (the htmx swap alone rendered the form in the old one)."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import click, phone_page, settle, sign_in, sign_in_newcomer, until


def test_english_then_french_each_bring_the_whole_page_back_in_that_language(browser, live):
    context, page, errors = phone_page(browser, live, javascript=True)
    sign_in(page, live.base, "apprenant@petale.test")
    page.goto(live.base + "/profil")
    settle(page)
    page.locator("#language").select_option("en")
    click(page, "button", "Enregistrer")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    settle(page)
    expect(page.locator(".flash-success")).to_contain_text("Changes saved.")
    expect(page.get_by_role("button", name="Save")).to_be_visible()
    page.locator("#language").select_option("fr")
    click(page, "button", "Save")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    settle(page)
    expect(page.locator(".flash-success")).to_contain_text("Modifications enregistrées.")
    expect(page.get_by_role("button", name="Enregistrer")).to_be_visible()
    assert errors == []
    context.close()


def test_the_offline_page_follows_her_language(newcomer, browser):
    """Kept when the service worker was installed (in French); once she chose English, the offline page
    shown for a page not kept is in English."""
    live = newcomer
    context, page, errors = phone_page(browser, live, javascript=True)
    sign_in_newcomer(page, live)
    until(page, "caches.match('/hors-ligne').then(function (r) { return !!r; })")
    page.goto(live.base + "/profil")
    settle(page)
    page.locator("#language").select_option("en")
    click(page, "button", "Enregistrer")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    until(page, "caches.match('/hors-ligne').then(function (r) { return r && r.headers.get('Content-Language') "
                "=== 'en'; })")
    context.set_offline(True)
    page.goto(live.base + "/mes-factures")
    expect(page.locator("h1")).to_have_text("You are offline")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.set_offline(False)
    assert errors == []
    context.close()
