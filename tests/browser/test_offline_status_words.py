"""What the status line says about progress made without a network, as a newcomer walked it at 390 px (issue
37, third walk), in the real browser with Playwright's offline mode: a first send that fails says at once
that progress is kept on this device; the time spent on a video, sent alone, is not called saved progress;
the offline page the worker keeps names no one; signing out offline says what happens, erases the kept
lessons, and signs her out when the network returns."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import click, newcomer_at_the_video, until

KEPT_HERE = "vos progrès sont gardés sur cet appareil et seront envoyés au retour du réseau"


def kept(page, path: str) -> None:
    until(page, f"caches.open('petale-pages-v1').then(c => c.match('{path}')).then(r => !!r)")


def queue_position(page) -> None:
    page.evaluate("window.petaleOffline.post(document.querySelector('[data-lesson]').getAttribute('data-position-url'),"
                  " {position: 12, duration: 60}, 'position')")


def test_a_first_send_that_fails_says_at_once_that_progress_is_kept_on_this_device(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    kept(page, page.evaluate("location.pathname"))
    context.set_offline(True)
    queue_position(page)
    bar = page.locator("#reseau")
    expect(bar).to_contain_text(KEPT_HERE)
    # A network the phone believes is there (a wifi without internet): the browser says "online", nothing answers.
    page.evaluate("Object.defineProperty(navigator, 'onLine', {get: () => true, configurable: true});"
                  " window.dispatchEvent(new Event('online'))")
    expect(bar).to_contain_text(f"La connexion ne répond pas : {KEPT_HERE}.", timeout=2000)
    expect(bar).not_to_contain_text("Envoi de vos progrès")
    page.screenshot(path=str(live.instance_path) + "/envoi-echoue.png", full_page=True)

    context.set_offline(False)  # the network, really back: what waited leaves, and the line says so
    page.evaluate("delete navigator.onLine; window.dispatchEvent(new Event('online'))")
    expect(bar).to_contain_text("Le temps passé hors ligne sur vos leçons est envoyé.", timeout=15000)
    assert errors == [], errors
    context.close()


def test_a_heartbeat_alone_is_said_kept_here_then_sent_never_saved_progress(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    kept(page, page.evaluate("location.pathname"))
    context.set_offline(True)
    page.evaluate("(root => window.petaleOffline.post(root.getAttribute('data-beat-url'),"
                  " {view: root.getAttribute('data-view'), seq: 1}, 'beat'))(document.querySelector('[data-lesson]'))")
    bar = page.locator("#reseau")
    expect(bar).to_contain_text(KEPT_HERE)
    context.set_offline(False)
    # Only the time spent was sent: no lesson done, nothing called « progrès … enregistrés ».
    expect(bar).to_contain_text("Le temps passé hors ligne sur vos leçons est envoyé.", timeout=15000)
    expect(bar).not_to_contain_text("enregistr")
    assert page.evaluate("JSON.parse(localStorage.getItem('petale-attente') || '[]').length") == 0
    assert errors == [], errors
    context.close()


def test_the_offline_page_the_worker_keeps_names_no_one(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    until(page, "caches.match('/hors-ligne').then(r => !!r)")
    copy = page.evaluate("caches.match('/hors-ligne').then(r => r.text())")
    # Shown to whoever opens the phone offline, after she signed out too.
    assert "Inès" not in copy  # « Se déconnecter » is there, for whoever holds it: it needs no name
    assert 'data-learner=""' in copy  # the queue's mark of her, opaque but hers: none

    context.set_offline(True)
    click(page, "link", "Mes données")  # never opened: the offline page
    expect(page.locator("h1")).to_have_text("Vous êtes hors ligne")
    expect(page.locator("header")).not_to_contain_text("Inès")
    click(page, "link", "Mon espace")  # the way to her kept space stays
    expect(page.locator("h1")).to_have_text("Bonjour Inès")
    assert errors == [], errors
    context.close()


def test_signing_out_offline_says_so_erases_the_kept_lessons_and_signs_out_when_back(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    video = page.evaluate("location.pathname")
    kept(page, video)
    context.set_offline(True)
    queue_position(page)
    page.get_by_role("button", name="Se déconnecter").click()
    bar = page.locator("#reseau")
    expect(bar).to_contain_text("Vous êtes hors ligne : les leçons gardées sont effacées de cet appareil, "
                                "et la déconnexion se fera au retour du réseau.")
    until(page, f"caches.open('petale-pages-v1').then(c => c.match('{video}')).then(r => !r)")
    assert page.evaluate("localStorage.getItem('petale-gardees')") is None
    page.screenshot(path=str(live.instance_path) + "/deconnexion-hors-ligne.png", full_page=True)

    context.set_offline(False)  # what waited is sent, then she is signed out
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible(timeout=15000)
    expect(page.locator("header")).not_to_contain_text("Inès")
    assert page.evaluate("localStorage.getItem('petale-attente')") is None
    assert errors == [], errors
    context.close()


def test_signed_out_offline_she_is_signed_out_when_she_comes_back_through_the_offline_page(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    kept(page, page.evaluate("location.pathname"))
    context.set_offline(True)
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.locator("#reseau")).to_contain_text("la déconnexion se fera au retour du réseau")
    click(page, "link", "Mes données")  # never kept: the offline page, which names no one
    expect(page.locator("h1")).to_have_text("Vous êtes hors ligne")
    context.set_offline(False)  # the offline page notices the network: she is signed out from there
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible(timeout=15000)
    page.goto(live.base + "/mon-espace")  # her space, from the network: she is signed out there
    expect(page.locator("h1")).to_have_text("Se connecter")
    expect(page.locator("header")).not_to_contain_text("Inès")
    assert errors == [], errors
    context.close()


def test_signing_out_offline_on_her_space_takes_the_kept_lessons_off_its_list(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    kept(page, page.evaluate("location.pathname"))
    click(page, "link", "Mon espace")
    listed = page.locator("#gardees-hors-ligne")
    expect(listed.get_by_role("link", name="Préparer les tiges")).to_be_visible()
    context.set_offline(True)
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.locator("#reseau")).to_contain_text("les leçons gardées sont effacées de cet appareil")
    expect(listed).to_be_hidden()  # nothing is readable without the network any more: not offered
    assert errors == [], errors
    context.close()
