"""Learning in a tunnel, in the real browser (Debian's chromium, 390 px): the network cut in the middle of a
video lesson (the browser context's offline mode, which the service worker obeys too), two minutes of
"watching" on the page's own clock, "J'ai terminé" and a quiz answered offline, then the network back:
the time credited and the attempt are what they would have been online. A lesson kept offline opens
with the network cut, the profile shows and empties what is kept, and signing out clears it all."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from portal.learning.models import LessonProgress, QuizAttempt, TimeOnTask
from portal.player import tracking
from portal.player import views as player_views
from portal.timeutil import utcnow
from portal.vault.service import account_id_for_email
from tests.browser.support import NEWCOMER, click, phone_page, until
from tests.browser.support import sign_in_newcomer as sign_in
from tests.support.learning_fixtures import lesson_named


@pytest.fixture
def server_clock(monkeypatch):
    """The server's clock, moved on with the page's: the page's two minutes pass in an instant of real time."""
    ahead = [timedelta(0)]
    real = utcnow
    for module in (tracking, player_views):
        monkeypatch.setattr(module, "utcnow", lambda: real() + ahead[0])
    return ahead


def waiting(page) -> int:
    return page.evaluate("JSON.parse(localStorage.getItem('petale-attente') || '[]').length")


def test_a_tunnel_during_a_video_and_a_quiz_loses_nothing(newcomer, browser, server_clock):
    live = newcomer
    context, page, errors = phone_page(browser, live, True)
    page.clock.install(time=datetime.now())  # the page's timers, on a clock the test can move
    sign_in(page, live)
    click(page, "link", "Mon espace")
    click(page, "link", "Commencer")
    # Walk the module once with the network: the lessons opened are kept for the road.
    click(page, "link", re.compile("Préparer les tiges →"))
    click(page, "link", re.compile("Fiche : les outils du fleuriste →"))
    click(page, "link", re.compile("Quiz : outils et préparation →"))
    click(page, "link", re.compile("← Fiche : les outils du fleuriste"))
    click(page, "link", re.compile("← Préparer les tiges"))
    expect(page.locator("h1")).to_have_text("Préparer les tiges")

    # The tunnel: two minutes on the video lesson, then "J'ai terminé".
    context.set_offline(True)
    page.clock.run_for(60_000)
    page.keyboard.press("Shift")  # she is still there
    page.clock.run_for(60_000)
    assert waiting(page) == 4  # a heartbeat every 30 s, kept
    expect(page.locator("#reseau")).to_contain_text(
        "Hors ligne : vos progrès sont gardés sur cet appareil et seront envoyés au retour du réseau.")
    expect(page.locator("#reseau")).not_to_contain_text("4")  # the time spent waits, uncounted: she did nothing
    page.get_by_role("button", name="J'ai terminé").click()
    expect(page.locator("#reseau")).to_contain_text("1 leçon terminée à envoyer.")
    expect(page.locator("form.done")).to_contain_text(
        "Leçon notée comme terminée sur cet appareil, envoyée au retour du réseau.")

    # The quiz, reached by its link: the kept page opens, the answers wait.
    click(page, "link", re.compile("Fiche : les outils du fleuriste →"))
    click(page, "link", re.compile("Quiz : outils et préparation →"))
    quiz = page.locator("#quiz")
    quiz.get_by_label("En biseau, avec un couteau propre").check()
    quiz.get_by_label("Le sécateur").check()
    quiz.get_by_label("Le couteau de fleuriste").check()
    quiz.locator("input[type=text]").fill("en sifflet")
    quiz.get_by_role("button", name="Valider mes réponses").click()
    expect(quiz).to_contain_text("Réponse gardée sur cet appareil, envoyée au retour du réseau.")
    assert waiting(page) == 6
    page.screenshot(path=str(live.instance_path) + "/hors-ligne.png", full_page=True)

    # The network returns (the server's clock has lived the same two minutes as the page).
    server_clock[0] = timedelta(minutes=2)
    context.set_offline(False)
    until(page, "JSON.parse(localStorage.getItem('petale-attente') || '[]').length === 0")
    expect(page.locator("#reseau")).to_contain_text("Votre réponse à « Quiz : outils et préparation » est arrivée")
    with live.app_context():
        ines = account_id_for_email(NEWCOMER[0])
        video = lesson_named(live, "Préparer les tiges")
        quiz_lesson = lesson_named(live, "Quiz : outils et préparation")
        credited = sum(row.seconds for row in TimeOnTask.select().where(
            (TimeOnTask.account_id == ines) & (TimeOnTask.lesson == video.id)))
        attempts = list(QuizAttempt.select().where((QuizAttempt.account_id == ines)
                                                   & (QuizAttempt.lesson == quiz_lesson.id)))
        done = LessonProgress.get((LessonProgress.account_id == ines) & (LessonProgress.lesson == video.id))
    # Online, four beats 30 s apart credit 4 × 30 s (the first counted from the page's rendering, which
    # may add the second the page took to start its script): the same here.
    assert 120 <= credited <= 121, credited
    assert len(attempts) == 1 and attempts[0].score == 100 and attempts[0].passed
    assert done.completed_at is not None
    click(page, "link", "voir le résultat")
    expect(page.locator("#quiz")).to_contain_text("Quiz réussi")
    assert errors == [], errors
    context.close()


def test_a_lesson_kept_offline_opens_with_the_network_cut_and_signing_out_clears_it(newcomer, browser):
    live = newcomer
    context, page, errors = phone_page(browser, live, True)
    sign_in(page, live)
    click(page, "link", "Mon espace")
    click(page, "link", "Commencer")
    click(page, "link", re.compile("Préparer les tiges →"))
    click(page, "link", re.compile("Fiche : les outils du fleuriste →"))
    page.get_by_role("button", name="Garder hors ligne").click()
    expect(page.locator(".keep-status")).to_have_text("Gardée hors ligne sur cet appareil.")

    click(page, "link", "Mon profil")
    shelf = page.locator("#hors-ligne-gestion")
    expect(shelf).to_be_visible()
    expect(shelf).to_contain_text("Fiche : les outils du fleuriste")
    expect(shelf).to_contain_text("avec ses fichiers")
    expect(shelf.locator(".shelf-usage")).to_contain_text(re.compile(r"\d+\s(ko|Mo) utilisés sur 200\sMo"))

    context.set_offline(True)
    click(page, "link", "Fiche : les outils du fleuriste", within=shelf)
    expect(page.locator("h1")).to_have_text("Fiche : les outils du fleuriste")
    # Its PDF opened offline the way she reaches it: tests/browser/test_offline_kept_lessons.py.
    click(page, "link", "Mes données")  # never opened: not kept, and said so
    expect(page.locator("h1")).to_have_text("Vous êtes hors ligne")
    page.screenshot(path=str(live.instance_path) + "/page-non-gardee.png", full_page=True)

    context.set_offline(False)
    click(page, "link", "Mon espace")  # the offline page names no one: her own pages have the way out
    click(page, "button", "Se déconnecter")
    assert page.evaluate("caches.keys().then(k => k.length)") == 0
    assert page.evaluate("localStorage.length") == 0
    assert errors == [], errors
    context.close()
