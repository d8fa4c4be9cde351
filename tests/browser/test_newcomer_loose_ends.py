"""What a newcomer walk at 390 px still tripped on (issue 37, learner side): one wording for what is kept
offline, and no « Garder hors ligne » offered for a lesson that is readable offline already; the demo's
inbox, so that sign-up goes on under `make run`; an e-mail address that breaks where an address breaks."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.demo.seed import seed
from portal.signin.service import Signup, create_confirmed_account
from tests.browser.support import click, kept, phone_page, settle, sign_in
from tests.browser.support import sign_in_newcomer as sign_in_ines
from tests.support.helpers import run_jobs

WELCOME = "Bienvenue dans la formation"  # a text lesson: nothing to keep but its page


def test_a_lesson_opened_without_files_is_said_kept_and_not_offered_to_keep_again(newcomer, browser):
    live = newcomer
    context, page, errors = phone_page(browser, live, True)
    sign_in_ines(page, live)
    click(page, "link", "Mon espace")
    click(page, "link", "Commencer")
    expect(page.locator("h1")).to_have_text(WELCOME)
    kept(page, page.evaluate("location.pathname"))
    page.reload()
    settle(page)
    expect(page.locator(".keep-status")).to_have_text("Gardée hors ligne sur cet appareil.")
    expect(page.get_by_role("button", name="Garder hors ligne")).to_be_hidden()
    expect(page.locator(".keep-offline").get_by_role("button", name="Retirer")).to_be_visible()
    # The same words where the kept lessons are listed, and on the network bar's way to them.
    click(page, "link", "Mon espace")
    expect(page.locator("#titre-gardees")).to_have_text("Leçons gardées hors ligne sur cet appareil")
    for old in ("Lisible sans réseau", "lisibles sans réseau", "Leçon gardée hors ligne"):
        assert old not in page.content()
    assert errors == [], errors
    context.close()


@pytest.fixture
def demo_live(make_app, free_port_number):
    """The portal served as `make run` serves it: PETALE_DEMO, mail written to files."""
    import threading

    from werkzeug.serving import make_server

    base = f"http://127.0.0.1:{free_port_number}"
    app = make_app(BASE_URL=base, DEMO_MODE=True, TYPOGRAPHY=True)
    with app.app_context():
        seed()
    server = make_server("127.0.0.1", free_port_number, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.base = base
    yield app
    server.shutdown()


def test_in_the_demo_a_newcomer_signs_up_reads_her_mail_in_the_demo_inbox_and_goes_on(demo_live, browser):
    live = demo_live
    context, page, errors = phone_page(browser, live, True)
    page.goto(live.base + "/inscription")
    for name, value in (("full_name", "Nina Vasseur"), ("email", "nina.vasseur@example.org"),
                        ("phone", "06 12 34 56 79"), ("display_name", "Nina"),
                        ("password", "un-mot-de-passe-solide"), ("password_confirm", "un-mot-de-passe-solide")):
        page.fill(f"#{name}", value)
    click(page, "button", "Créer mon compte")
    expect(page.locator("h1")).to_have_text("Vérifiez vos courriels")
    page.get_by_role("link", name="ouvrir la boîte de réception de démonstration").click()
    settle(page)
    expect(page.get_by_text("Aucun courriel pour cette adresse pour l'instant")).to_be_visible()
    run_jobs(live)  # what `make run`'s job thread does in a moment
    page.reload()
    settle(page)
    page.screenshot(path="/tmp/shots-learnD/demo-inbox-390.png", full_page=True)
    expect(page.locator("h2").first).to_have_text("Confirmez votre inscription sur Pétale")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the inbox fits a phone ({width} px)"
    page.locator("a[href*='/confirmer/']").first.click()
    settle(page)
    click(page, "button", "Confirmer mon adresse")
    expect(page.locator("h1")).to_have_text("Se connecter")
    assert errors == [], errors
    context.close()


LONG_ADDRESS = "marie-charlotte.delaunay-villeneuve@messagerie-exemple.test"


def test_the_email_in_my_data_breaks_after_the_at_sign_or_a_dot_at_390_px(live, browser):
    with live.app_context():
        create_confirmed_account(Signup(full_name="Marie-Charlotte Delaunay", email=LONG_ADDRESS,
                                        phone="06 12 34 56 70", display_name="Marie", password="petale-demo"),
                                 "learner")
    context, page, errors = phone_page(browser, live, True)
    sign_in(page, live.base, LONG_ADDRESS)
    page.goto(live.base + "/mes-donnees")
    settle(page)
    cell = page.locator("table.held td", has_text="messagerie")
    # Where the lines of the address start: each one after « @ » or a dot, never inside a word.
    starts = cell.first.evaluate("""td => {
        const text = td.textContent, range = document.createRange(), node = td.firstChild, tops = [];
        const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
        let offset = 0, last = null, starts = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            for (let i = 0; i < n.length; i++) {
                range.setStart(n, i); range.setEnd(n, i + 1);
                const top = Math.round(range.getBoundingClientRect().top);
                if (last !== null && top > last + 2) starts.push(offset + i);
                last = top;
            }
            offset += n.length;
        }
        return [text, starts];
    }""")
    text, breaks = starts
    page.screenshot(path="/tmp/shots-learnD/mes-donnees-390.png", full_page=True)
    assert breaks, "too long for one line at 390 px: it breaks somewhere"
    assert all(text[i - 1] in "@." for i in breaks), (text, breaks)
    assert errors == [], errors
    context.close()
