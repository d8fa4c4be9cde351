"""The offline promise held in every navigation (issue 37, item 1), in the real browser at 390 px with
Playwright's offline mode: (a) a lesson reached through « J'ai terminé » is kept as the page says; (b) in a
first session the scripts are kept with it, so the lesson reloaded offline still queues « J'ai terminé »,
and a form the browser sends itself offline gets a page in words; (c) the offline page lists what is kept
and never links back to itself; (d) « Garder hors ligne » is not offered with JavaScript off; (e) a quiz
answered offline shows its result once the answers have arrived."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.support import NEWCOMER, click, newcomer_at_the_video, phone_page, until
from tests.browser.support import sign_in_newcomer as sign_in

VIDEO = "Préparer les tiges"
QUIZ = "Quiz : outils et préparation"


def kept(page, path: str) -> None:
    until(page, f"caches.open('petale-pages-v1').then(c => c.match('{path}')).then(r => !!r)")


def test_a_lesson_reached_through_jai_termine_is_kept_and_works_reloaded_offline(newcomer, browser):
    live = newcomer
    context, page, errors = phone_page(browser, live, True)
    sign_in(page, live)
    click(page, "link", "Mon espace")
    click(page, "link", "Commencer")
    click(page, "button", "J'ai terminé")  # a form, then a redirect: the worker never sees the page's GET
    expect(page.locator("h1")).to_have_text(VIDEO)
    path = page.evaluate("location.pathname")
    kept(page, path)
    until(page, "caches.open('petale-statique-v1').then(c => c.keys()).then(k => "
                "k.some(r => r.url.includes('offline.js')) && k.some(r => r.url.includes('htmx')))")

    context.set_offline(True)
    page.reload()  # (b) the whole page again, from the worker, with its scripts
    expect(page.locator("h1")).to_have_text(VIDEO)
    until(page, "!!window.petaleOffline && !!window.htmx")
    page.get_by_role("button", name="J'ai terminé").click()
    expect(page.locator("form.done")).to_contain_text(
        "Leçon notée comme terminée sur cet appareil, envoyée au retour du réseau.")
    assert page.evaluate("JSON.parse(localStorage.getItem('petale-attente') || '[]')"
                         ".some(i => i.k === 'complete')")

    # A form the browser sends by itself (its script did not run): a page in words, not the browser's error.
    page.evaluate("document.querySelector('form.done').submit()")
    expect(page.locator("h1")).to_have_text("Votre envoi n'est pas parti")
    assert errors == [], errors
    context.close()


def test_the_offline_page_lists_the_lessons_kept_and_never_links_to_itself(newcomer, browser):
    live = newcomer
    context, page, _errors = phone_page(browser, live, True)
    sign_in(page, live)
    click(page, "link", "Mon espace")
    click(page, "link", "Commencer")
    click(page, "link", re.compile(f"{VIDEO} →"))
    kept(page, page.evaluate("location.pathname"))
    context.set_offline(True)
    click(page, "link", "Mes données")  # never opened: not kept
    expect(page.locator("h1")).to_have_text("Vous êtes hors ligne")
    listed = page.locator("#gardees-hors-ligne")
    expect(listed).to_be_visible()
    expect(listed.get_by_role("link", name=VIDEO)).to_be_visible()
    hrefs = page.locator("main a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and not any(h.startswith("/hors-ligne") for h in hrefs), hrefs
    click(page, "link", VIDEO, within=listed)
    expect(page.locator("h1")).to_have_text(VIDEO)
    context.close()


def test_keeping_offline_is_not_offered_without_javascript(newcomer, browser):
    live = newcomer
    context, page, errors = phone_page(browser, live, False)
    page.goto(live.base + "/connexion")
    page.fill("#email", NEWCOMER[0])
    page.fill("#password", NEWCOMER[1])
    click(page, "button", "Se connecter")
    click(page, "link", "Commencer")
    click(page, "link", re.compile(f"{VIDEO} →"))
    expect(page.locator(".keep-offline")).to_be_hidden()
    expect(page.get_by_role("button", name="Garder hors ligne")).to_be_hidden()
    assert errors == [], errors
    context.close()


def test_a_quiz_answered_offline_shows_its_result_once_sent(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    click(page, "link", re.compile("Fiche : les outils du fleuriste →"))
    click(page, "link", re.compile(f"{QUIZ} →"))
    kept(page, page.evaluate("location.pathname"))
    context.set_offline(True)
    page.reload()  # offline, the kept quiz page, whole
    until(page, "!!window.petaleOffline")
    quiz = page.locator("#quiz")
    quiz.get_by_label("En biseau, avec un couteau propre").check()
    quiz.get_by_label("Le sécateur").check()
    quiz.get_by_label("Le couteau de fleuriste").check()
    quiz.locator("input[type=text]").fill("en sifflet")
    quiz.get_by_role("button", name="Valider mes réponses").click()
    expect(quiz).to_contain_text("Réponse gardée sur cet appareil, envoyée au retour du réseau.")
    context.set_offline(False)
    page.evaluate("window.petaleOffline.flush()")
    expect(page.locator("#quiz .result")).to_contain_text("Votre score : 100 %.")
    expect(page.locator("#quiz")).to_contain_text("Quiz réussi")
    expect(page.get_by_role("button", name="Valider mes réponses")).to_have_count(0)
    assert errors == [], errors
    context.close()
