"""Offline and back, on « Mon espace » and the lessons, as a newcomer walks it at 390 px (issue 37, second
walk): once what waited has been sent her space says so and shows her progress without a reload; the banner
counts what she did (a lesson finished), not the video's position; « J'ai terminé » pressed offline shows it
is noted; Back from the offline page shows each kept lesson once, with no CSP error."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.support import TIMERS, click, newcomer_at_the_video, phone_page, until
from tests.browser.support import sign_in as sign_in_with
from tests.browser.support import sign_in_newcomer as sign_in

VIDEO = "Préparer les tiges"


def kept(page, path: str) -> None:
    until(page, f"caches.open('petale-pages-v1').then(c => c.match('{path}')).then(r => !!r)")


def console_of(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    return messages


def test_back_online_her_space_says_progress_is_saved_and_shows_it(newcomer, browser):
    live = newcomer
    context, page, errors = phone_page(browser, live, True)
    sign_in(page, live)
    click(page, "link", "Mon espace")
    kept(page, "/mon-espace")
    click(page, "link", "Commencer")
    kept(page, page.evaluate("location.pathname"))
    context.set_offline(True)
    page.get_by_role("button", name="J'ai terminé").click()
    expect(page.locator("form.done")).to_contain_text("Leçon notée comme terminée")
    click(page, "link", "Mon espace")  # the kept copy: nothing finished yet
    expect(page.locator("#mes-formations + ul")).to_contain_text("0 leçon terminée sur")

    context.set_offline(False)  # the browser's "online" event sends what waited
    bar = page.locator("#reseau")
    # The first try may meet a network not quite back (it is tried again 3 s later).
    expect(bar).to_contain_text("Vos progrès faits hors ligne sont envoyés.", timeout=15000)
    expect(page.locator("#mes-formations + ul")).to_contain_text("1 leçon terminée sur")
    expect(page.get_by_role("link", name=f"Reprendre « {VIDEO} »")).to_be_visible()
    page.screenshot(path=str(live.instance_path) + "/espace-de-retour.png", full_page=True)
    assert errors == [], errors
    context.close()


def test_jai_termine_offline_counts_the_lesson_not_the_video_position_and_is_noted(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    kept(page, page.evaluate("location.pathname"))
    context.set_offline(True)
    # The video watched a while: its position waits too, but she did not do it.
    page.evaluate("window.petaleOffline.post(document.querySelector('[data-lesson]').getAttribute('data-position-url'),"
                  " {position: 12, duration: 60}, 'position')")
    done = page.get_by_role("button", name="J'ai terminé")
    done.click()
    bar = page.locator("#reseau")
    expect(bar).to_contain_text("1 leçon terminée à envoyer.")
    expect(bar).not_to_contain_text("2")
    expect(done).to_be_disabled()  # pressed again, nothing more to do: it says so
    page.screenshot(path=str(live.instance_path) + "/termine-hors-ligne.png", full_page=True)
    page.reload()  # the kept copy, whole: still noted
    expect(page.get_by_role("button", name="J'ai terminé")).to_be_disabled()
    expect(page.locator("#reseau")).to_contain_text("1 leçon terminée à envoyer.")
    assert errors == [], errors
    context.close()


def test_back_from_the_offline_page_lists_each_kept_lesson_once_without_csp_error(newcomer, browser):
    live = newcomer
    context, page, _errors = phone_page(browser, live, True)
    messages = console_of(page)
    sign_in(page, live)
    click(page, "link", "Mon espace")
    click(page, "link", "Commencer")
    click(page, "link", re.compile(f"{VIDEO} →"))
    kept(page, page.evaluate("location.pathname"))
    click(page, "link", "Mon espace")
    listed = page.locator("#gardees-hors-ligne")
    expect(listed.get_by_role("link", name=VIDEO)).to_have_count(1)
    kept(page, "/mon-espace")
    # A password manager or another extension leaves style="" on the forms' hidden inputs; htmx's snapshot of
    # the page, put back on Back, used to carry them, each refused by the CSP.
    page.evaluate("document.querySelectorAll('input[type=hidden]').forEach(e => e.setAttribute('style', ''))")
    context.set_offline(True)
    click(page, "link", "Mes données")  # never opened: the offline page
    expect(page.locator("h1")).to_have_text("Vous êtes hors ligne")
    messages.clear()
    page.go_back()
    expect(page.locator("h1")).to_have_text("Bonjour Inès")
    page.wait_for_timeout(500)
    expect(listed.get_by_role("link", name=VIDEO)).to_have_count(1)
    links = listed.locator("li a").all_text_contents()
    assert len(links) == len(set(links)), links
    assert [m for m in messages if "Content Security Policy" in m] == [], messages
    context.close()


def test_after_choosing_english_her_kept_space_and_the_offline_page_are_in_english(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    kept(page, page.evaluate("location.pathname"))
    click(page, "link", "Mon espace")
    kept(page, "/mon-espace")
    page.get_by_label("Langue").select_option("en")
    click(page, "button", "Changer")
    expect(page.locator("h1")).to_have_text("Hello Inès")
    # The copies kept in French are fetched again in English: her space, and the offline page.
    until(page, "caches.open('petale-pages-v1').then(c => c.match('/mon-espace')).then(r => r.text())"
                ".then(html => html.includes('Hello Inès'))")
    until(page, "caches.match('/hors-ligne').then(r => r.text()).then(html => html.includes('You are offline'))")

    context.set_offline(True)
    click(page, "link", "My data")  # never opened: the offline page, in English
    expect(page.locator("h1")).to_have_text("You are offline")
    listed = page.locator("#gardees-hors-ligne")
    expect(listed.get_by_role("link", name=VIDEO)).to_be_visible()
    # Her space is no lesson: not listed with « Remove ».
    expect(listed.get_by_role("link", name=re.compile("My space|Mon espace"))).to_have_count(0)
    page.screenshot(path=str(live.instance_path) + "/hors-ligne-en.png", full_page=True)
    click(page, "link", "My space")
    expect(page.locator("h1")).to_have_text("Hello Inès")
    expect(page.locator("#mes-formations + ul")).to_contain_text("0 of 7 lessons finished")

    context.set_offline(False)
    click(page, "link", "My profile")
    shelf = page.locator("#hors-ligne-gestion")
    expect(shelf).to_contain_text("They are erased when you log out.")
    expect(shelf.get_by_role("button", name="Remove all")).to_be_visible()
    assert errors == [], errors
    context.close()


def test_a_lesson_removed_is_not_kept_again_until_she_asks(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    video = page.evaluate("location.pathname")
    kept(page, video)
    click(page, "link", "Mon espace")
    listed = page.locator("#gardees-hors-ligne")
    expect(listed).to_contain_text("Les leçons que vous ouvrez sont gardées aussi")  # said, since she did not ask
    listed.get_by_role("button", name=f"Retirer « {VIDEO} » de cet appareil").click()
    expect(listed.get_by_role("link", name=VIDEO)).to_have_count(0)

    page.goto(live.base + video)  # opened again, as she would from the course plan
    expect(page.locator("h1")).to_have_text(VIDEO)
    expect(page.get_by_role("button", name="Garder hors ligne")).to_be_visible()
    page.wait_for_timeout(1000)  # what the worker and the page's script would keep, they have kept by now
    assert not page.evaluate(f"caches.open('petale-pages-v1').then(c => c.match('{video}')).then(r => !!r)")
    assert video not in page.evaluate("Object.keys(JSON.parse(localStorage.getItem('petale-gardees') || '{}'))")

    page.get_by_role("button", name="Garder hors ligne").click()  # she asks: kept again, and from now on
    expect(page.locator(".keep-status")).to_have_text("Gardée hors ligne sur cet appareil.")
    kept(page, video)
    assert errors == [], errors
    context.close()


# The next try of what waits, as offline.js plans it (a timer set to run once).
NEXT_TRY = ("[...window.petaleTimers.values()].filter(t => /^once (3000|6000|12000|24000|48000|60000|15000)$/"
            ".test(t))")


def test_in_a_tunnel_what_waits_is_tried_again_later_and_later_then_at_once_when_the_network_returns(live, browser):
    """The phone says it is online, the server does not answer: each failed try waits twice as long before
    the next (up to a minute), never every 3 s for the length of the tunnel."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR", service_workers="block")
    context.add_init_script(TIMERS)
    page = context.new_page()
    page.javascript = True
    sign_in_with(page, live.base, "apprenant@petale.test")
    click(page, "link", "Mon espace")
    until(page, "!!window.petaleOffline")
    page.route(live.base + "/**", lambda route: route.abort())  # the tunnel: asked, never answered
    page.evaluate("window.petaleOffline.post('/lecon/1/battement', {view: 'x', seq: 1}, 'beat')")
    until(page, f"{NEXT_TRY}.length === 1")
    planned = []
    for _ in range(7):
        [next_try] = page.evaluate(NEXT_TRY)
        planned.append(next_try)
        page.evaluate("window.petaleOffline.flush()")  # the planned try, now rather than after its wait
    assert planned == ["once 3000", "once 6000", "once 12000", "once 24000", "once 48000", "once 60000",
                       "once 60000"]
    # The network returns: sent at once, and nothing more is planned.
    page.unroute(live.base + "/**")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    until(page, "JSON.parse(localStorage.getItem('petale-attente') || '[]').length === 0")
    until(page, f"{NEXT_TRY}.length === 0")
    context.close()
