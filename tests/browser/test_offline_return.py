"""The offline page and a connection that hangs, as Amélie met them on her phone (issue 37, newcomer walk):
the offline page keeps the address she asked for, notices the network coming back, sends what waited and
offers the page she wanted; a reload online loads that page. « J'ai terminé » on a connection that never
answers says at once that it is sending, then that the connection does not answer, and the lesson stays
queued. The offline page has « Se déconnecter », working without the network."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.support import answer_quiz_offline, at_the_quiz_kept, click, kept, newcomer_at_the_video, until


def test_the_offline_page_keeps_her_address_and_takes_her_there_when_the_network_returns(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    kept(page, page.evaluate("location.pathname"))
    context.set_offline(True)
    page.get_by_role("button", name="J'ai terminé").click()
    expect(page.locator("#reseau")).to_contain_text("1 leçon terminée à envoyer.")
    click(page, "link", "Mes données")  # never opened: the offline page, at the address she asked for
    expect(page.locator("h1")).to_have_text("Vous êtes hors ligne")
    wanted = page.evaluate("location.pathname")
    assert wanted != "/hors-ligne", wanted

    context.set_offline(False)
    # What waited is sent from here, and the page says the network is back, with the way to where she was going.
    expect(page.locator("#reseau")).to_contain_text("Vos progrès faits hors ligne sont envoyés.", timeout=15000)
    expect(page.locator("h1")).to_have_text("Le réseau est revenu")
    expect(page.get_by_role("link", name="Ouvrir la page demandée")).to_be_visible()
    assert page.evaluate("JSON.parse(localStorage.getItem('petale-attente') || '[]').length") == 0
    page.reload()
    expect(page.locator("h1")).not_to_have_text("Vous êtes hors ligne")
    assert page.evaluate("location.pathname") == wanted
    assert errors == [], errors
    context.close()


def test_the_offline_page_notices_the_network_without_the_online_event(newcomer, browser):
    live = newcomer
    context, page, _errors = newcomer_at_the_video(browser, live)
    # Shown while the phone believes it is online all along (a tunnel): no "online" event will come, the
    # page tries the network by itself.
    page.goto(live.base + "/hors-ligne")
    expect(page.locator("h1")).to_have_text("Le réseau est revenu", timeout=15000)
    expect(page.get_by_role("link", name="Ouvrir la page demandée")).to_have_attribute("href", "/mon-espace")
    context.close()


def test_jai_termine_on_a_connection_that_hangs_says_so_and_stays_queued(newcomer, browser):
    live = newcomer
    context, page, _errors = newcomer_at_the_video(browser, live)
    page.route("**/terminer", lambda route: None)  # online, but the answer never comes
    done = page.locator("form.done button")
    done.click()
    expect(done).to_be_disabled(timeout=500)
    expect(done).to_have_text("Envoi…")
    expect(page.locator("#reseau")).to_contain_text("La connexion ne répond pas", timeout=7000)
    queued = page.evaluate("JSON.parse(localStorage.getItem('petale-attente') || '[]').map(i => i.k)")
    assert "complete" in queued, queued
    context.close()


def test_signing_out_from_the_offline_page_without_the_network(newcomer, browser):
    live = newcomer
    context, page, _errors = newcomer_at_the_video(browser, live)
    kept(page, page.evaluate("location.pathname"))
    context.set_offline(True)
    click(page, "link", "Mes données")
    expect(page.locator("h1")).to_have_text("Vous êtes hors ligne")
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.locator("#reseau")).to_contain_text("la déconnexion se fera au retour du réseau")
    until(page, "caches.open('petale-pages-v1').then(c => c.keys()).then(k => k.length === 0)")
    expect(page.locator("#gardees-hors-ligne")).to_contain_text("Aucune leçon n'est gardée sur cet appareil.")
    context.set_offline(False)
    page.wait_for_url("**/", timeout=15000)
    until(page, "!document.querySelector('form[data-deconnexion]') || !document.getElementById('who')")
    context.close()


def test_her_quiz_answers_kept_offline_are_shown_again_after_a_reload_and_not_queued_twice(newcomer, browser):
    live = newcomer
    context, page, errors = at_the_quiz_kept(browser, live)
    context.set_offline(True)
    quiz = answer_quiz_offline(page, ("En biseau, avec un couteau propre", "Le sécateur"))
    # Kept: no second answer for the same attempt, from this page or after a reload.
    expect(quiz.get_by_role("button", name="Valider mes réponses")).to_be_disabled()
    page.reload()
    until(page, "!!window.petaleOffline")
    expect(quiz).to_contain_text("Réponse gardée sur cet appareil, envoyée au retour du réseau.")
    expect(quiz.get_by_label("En biseau, avec un couteau propre")).to_be_checked()
    expect(quiz.get_by_label("Le sécateur")).to_be_checked()
    expect(quiz.get_by_label("Le couteau de fleuriste")).not_to_be_checked()
    expect(quiz.locator("input[type=text]")).to_have_value("en sifflet")
    expect(quiz.get_by_role("button", name="Valider mes réponses")).to_be_disabled()
    expect(quiz.get_by_label("Le sécateur")).to_be_disabled()
    assert page.evaluate("JSON.parse(localStorage.getItem('petale-attente')).filter(i => i.k === 'quiz').length") == 1
    assert errors == [], errors
    context.close()


def back_after_signing_out(page) -> None:
    """Back, as she would after signing out: no page of hers comes back, from any of the browser's memories."""
    page.go_back()
    page.wait_for_timeout(1500)  # a page restored from memory is reloaded by then
    expect(page.locator("header")).not_to_contain_text("Inès")
    expect(page.locator("body")).not_to_contain_text("Bonjour Inès")


def test_back_after_signing_out_shows_no_page_of_hers(newcomer, browser):
    live = newcomer
    context, page, _errors = newcomer_at_the_video(browser, live)
    click(page, "link", "Mon espace")
    expect(page.locator("h1")).to_have_text("Bonjour Inès")
    click(page, "button", "Se déconnecter")
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    back_after_signing_out(page)
    context.close()


def test_back_after_signing_out_offline_shows_no_page_of_hers(newcomer, browser):
    live = newcomer
    context, page, _errors = newcomer_at_the_video(browser, live)
    click(page, "link", "Mon espace")
    kept(page, "/mon-espace")
    click(page, "link", "Mon profil")
    context.set_offline(True)
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.locator("#reseau")).to_contain_text("la déconnexion se fera au retour du réseau")
    back_after_signing_out(page)
    context.close()


def test_choosing_a_language_offline_says_it_cannot_change_yet(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    kept(page, page.evaluate("location.pathname"))
    context.set_offline(True)
    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Changer").click()
    expect(page.locator("form.lang")).to_contain_text("Vous êtes hors ligne : la langue ne peut changer qu'au retour")
    assert errors == [], errors
    context.close()


def test_signed_out_offline_the_page_stops_naming_her_and_offers_nothing_to_keep(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    kept(page, page.evaluate("location.pathname"))
    expect(page.get_by_role("button", name="Garder hors ligne")).to_be_visible()
    context.set_offline(True)
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.locator("#reseau")).to_contain_text("la déconnexion se fera au retour du réseau")
    expect(page.locator("header")).not_to_contain_text("Inès")
    expect(page.get_by_role("button", name="Garder hors ligne")).to_be_hidden()
    assert errors == [], errors
    context.close()


def test_in_english_the_space_kept_is_counted_in_english_units(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    kept(page, page.evaluate("location.pathname"))
    page.get_by_label("Langue").select_option("en")
    click(page, "button", "Changer")
    click(page, "link", "My profile")
    usage = page.locator("#hors-ligne-gestion .shelf-usage")
    expect(usage).to_contain_text("kB used of 200 MB")
    expect(page.locator("#hors-ligne-gestion .kept-list")).to_contain_text("kB")
    expect(page.locator("#hors-ligne-gestion")).not_to_contain_text("ko")
    assert errors == [], errors
    context.close()


def test_a_video_watched_to_the_end_offers_one_jai_termine(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    page.evaluate("document.querySelector('video').dispatchEvent(new Event('ended'))")
    expect(page.locator(".after-video")).to_be_visible()
    expect(page.get_by_role("button", name="J'ai terminé")).to_have_count(1)
    page.get_by_role("button", name="J'ai terminé").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).not_to_have_text("Préparer les tiges")  # done: on to the next lesson
    assert errors == [], errors
    context.close()


def test_at_390_px_a_quiz_question_sits_inside_its_box(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    click(page, "link", re.compile("Fiche : les outils du fleuriste →"))
    click(page, "link", re.compile("Quiz : outils et préparation →"))
    for box in page.locator("#quiz fieldset").all():
        legend, frame = box.locator("legend").bounding_box(), box.bounding_box()
        assert legend["y"] >= frame["y"], (legend, frame)  # below the top border, not across it
    page.screenshot(path="/tmp/offline4-quiz-390.png", full_page=True)
    assert errors == [], errors
    context.close()


def test_in_english_kept_lesson_titles_keep_their_french_spacing(newcomer, browser):
    live = newcomer
    context, page, errors = newcomer_at_the_video(browser, live)
    click(page, "link", re.compile("Fiche : les outils du fleuriste →"))
    kept(page, page.evaluate("location.pathname"))
    page.get_by_label("Langue").select_option("en")
    click(page, "button", "Changer")
    until(page, "caches.open('petale-pages-v1').then(c => c.keys()).then(k => Promise.all(k.map(r => "
                "caches.match(r).then(x => x.text())))).then(t => t.some(h => h.includes('Log out')))")
    click(page, "link", "My space")
    listed = page.locator("#gardees-hors-ligne")
    title = listed.locator("a[lang=fr]", has_text="les outils du fleuriste")
    expect(title).to_have_count(1)
    assert re.search(r"Fiche\s:", title.text_content()), title.text_content()
    assert errors == [], errors
    context.close()


def test_the_lessons_readable_without_network_are_listed_in_course_order(newcomer, browser):
    live = newcomer
    context, page, errors = at_the_quiz_kept(browser, live)
    click(page, "link", "Mon espace")
    links = page.locator("#gardees-hors-ligne li a")
    expect(links).to_have_count(4)  # the first lesson, opened through « Commencer », too
    titles = [t.replace("\u202f", " ").replace("\xa0", " ") for t in links.all_text_contents()]
    in_course_order = ["Préparer les tiges", "Fiche : les outils du fleuriste", "Quiz : outils et préparation"]
    assert titles[1:] == in_course_order, titles
    click(page, "link", "Mon profil")
    shelf = [t.replace("\u202f", " ").replace("\xa0", " ")
             for t in page.locator("#hors-ligne-gestion li a").all_text_contents()]
    assert shelf[1:] == titles[1:], shelf
    assert errors == [], errors
    context.close()
