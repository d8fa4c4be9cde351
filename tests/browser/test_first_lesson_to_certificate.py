"""A newcomer's path from the home page to her certificate, on a phone, by clicking only what the pages
show: sign up, enrol, start, every lesson kind (text, video, PDF, quiz failed then passed, bouquet
exercise), a question to the trainer, completion, the certificate. The only address not reached by a
click is the confirmation link, opened from the mail as she would. No page she meets answers 400 or
more. JavaScript on (htmx) and off."""
from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.certificates.models import Certificate
from portal.learning.models import Course, SessionTrainer, TrainingSession
from portal.timeutil import paris_today
from portal.vault.service import account_id_for_email
from tests.browser.outbox import link_from
from tests.browser.support import click, phone_page, settle
from tests.support.helpers import run_jobs

EMAIL = "lea.martin@example.org"
PASSWORD = "un-mot-de-passe-solide"
SESSION = "Session ouverte (tout le programme)"


@pytest.fixture
def open_session(live):
    """A running session whose every module is open, with the demo trainer assigned to it."""
    with live.app_context():
        course = Course.get(Course.slug == "art-floral-les-fondamentaux")
        today = paris_today()
        session = TrainingSession.create(course=course, title=SESSION, starts_on=today - timedelta(days=60),
                                         ends_on=today + timedelta(days=30))
        SessionTrainer.create(session=session, account_id=account_id_for_email("formatrice@petale.test"))
    return live








def go_on(page) -> bool:
    """Press "J'ai terminé" (or "Leçon suivante" on a lesson done already) and wait for the next page."""
    button = page.get_by_role("button", name=re.compile("J'ai terminé|Leçon suivante"))
    if not button.count():
        return False
    before = page.locator("h1").inner_text()
    with page.expect_response(lambda r: r.request.resource_type in ("document", "xhr", "fetch")):
        button.first.click()
    expect(page.locator("h1")).not_to_have_text(before)
    settle(page)
    return True


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_newcomer_reaches_her_certificate_by_clicking(open_session, browser, javascript, tmp_path):
    live = open_session
    context, page, errors = phone_page(browser, live, javascript)
    # Screenshots of each step, to be looked at: PETALE_SCREENSHOTS=<folder> keeps them.
    shots = Path(os.environ.get("PETALE_SCREENSHOTS", tmp_path)) / ("js" if javascript else "no-js")
    shots.mkdir(parents=True, exist_ok=True)
    step = iter(range(1, 100))

    def shot(name: str) -> None:
        page.screenshot(path=str(shots / f"{next(step):02d}-{name}.png"), full_page=True)

    page.goto(live.base + "/")
    settle(page)
    shot("accueil")

    # Sign up from the header, confirm from the mail, sign in from the header.
    click(page, "link", "Créer un compte")
    for field, value in (("full_name", "Léa Martin"), ("email", EMAIL), ("phone", "06 12 34 56 78"),
                         ("display_name", "Léa"), ("password", PASSWORD), ("password_confirm", PASSWORD)):
        page.fill(f"#{field}", value)
    click(page, "button", "Créer mon compte")
    expect(page.locator("main")).to_contain_text("courriel")
    shot("compte-cree")
    run_jobs(live)
    page.goto(link_from(live, "Confirmez", "/confirmer/"))  # the link in the mail
    settle(page)
    click(page, "button", "Confirmer mon adresse électronique")
    if page.get_by_role("link", name="Se connecter").count():
        click(page, "link", "Se connecter")
    if page.locator("#password").count():  # the sign-in form, her address already filled in
        expect(page.locator("#email")).to_have_value(EMAIL)
        page.fill("#password", PASSWORD)
        click(page, "button", "Se connecter")
    shot("connectee")
    expect(page.locator("h1")).to_contain_text("Bonjour Léa")
    shot("espace-vide")

    # Enrol from the catalogue.
    click(page, "link", "Voir les formations")
    click(page, "link", "Art floral — les fondamentaux")
    session = page.locator("li", has_text=SESSION)
    session.locator("select").select_option("employer")  # paying herself: tests/browser/test_self_funded_contract.py
    click(page, "button", "M'inscrire", within=session)
    expect(page.locator("main")).to_contain_text("Votre inscription est enregistrée")
    shot("inscrite")

    # The space offers one obvious way in.
    click(page, "link", "Commencer")
    expect(page.locator("h1")).to_contain_text("Bienvenue dans la formation")
    shot("premiere-lecon")
    click(page, "button", "J'ai terminé")
    expect(page.locator("h1")).to_contain_text("Préparer les tiges")  # the video
    shot("video")
    click(page, "button", "J'ai terminé")
    expect(page.locator("h1")).to_contain_text("Fiche : les outils du fleuriste")  # the PDF
    expect(page.get_by_role("link", name="Ouvrir le document (PDF)")).to_be_visible()
    click(page, "button", "J'ai terminé")

    # The quiz: a wrong answer first (explanations held back, attempts left said), then the right one.
    expect(page.locator("h1")).to_contain_text("Quiz : outils et préparation")
    quiz = page.locator("#quiz")
    quiz.get_by_label("En biseau, avec un couteau propre").check()
    quiz.get_by_label("Le sécateur").check()
    quiz.locator("input[type=text]").fill("droite")
    click(page, "button", "Valider mes réponses")
    expect(page.locator("#quiz")).to_contain_text("Pas encore")
    expect(page.locator("#quiz")).to_contain_text("Il vous reste 4 tentatives")
    shot("quiz-rate")
    quiz = page.locator("#quiz")
    quiz.get_by_label("En biseau, avec un couteau propre").check()
    quiz.get_by_label("Le sécateur").check()
    quiz.get_by_label("Le couteau de fleuriste").check()
    quiz.locator("input[type=text]").fill("en sifflet")
    click(page, "button", "Valider mes réponses")
    expect(page.locator("#quiz")).to_contain_text("Quiz réussi")
    expect(page.get_by_role("button", name="Valider mes réponses")).to_have_count(0)
    shot("quiz-reussi")
    if not javascript:
        page.reload()  # the result stays where it is: the address names the attempt (post/redirect/get)
        settle(page)
        expect(page.locator("#quiz")).to_contain_text("Quiz réussi")
    click(page, "link", "Leçon suivante : Le cercle chromatique")
    click(page, "button", "J'ai terminé")

    # The bouquet exercise: open the brief, add stems, submit, come back and go on.
    expect(page.locator("h1")).to_contain_text("Exercice : un bouquet en camaïeu")
    page.locator(".lesson ul.cards a").first.click()
    settle(page)
    click(page, "button", re.compile("^Rose standard rose pâle"))  # a stem of the palette
    expect(page.locator("#atelier")).to_contain_text("Retirer")
    shot("atelier")
    click(page, "button", "Soumettre")
    expect(page.locator("main")).to_contain_text("Bouquet soumis")
    click(page, "link", "Retour à l'exercice")

    # A question to the trainer, from the lesson's module.
    click(page, "link", "Une question sur cette leçon ? Questions et réponses du module")
    expect(page.locator("main")).to_contain_text("À propos de la leçon « Exercice : un bouquet en camaïeu ».")
    page.fill("#title", "Combien de tiges pour un camaïeu ?")
    page.fill("#body", "Faut-il un nombre impair de fleurs principales ?")
    click(page, "button", "Envoyer la question")
    expect(page.locator("h1")).to_contain_text("Combien de tiges pour un camaïeu ?")
    shot("question")

    # Back to her space, which takes her on where she was; the last lessons, then her space again.
    click(page, "link", "Mon espace")
    click(page, "link", "Reprendre « Exercice : un bouquet en camaïeu »")
    while go_on(page):
        pass
    expect(page.locator("h1")).to_contain_text("Bonjour Léa")
    run_jobs(live)  # the worker issues the certificate
    click(page, "link", "Mon espace")
    expect(page.locator("main")).to_contain_text("7 leçons terminées sur 7")
    shot("formation-terminee")
    click(page, "link", "Voir mon attestation")
    expect(page.locator("main")).to_contain_text("Art floral — les fondamentaux")
    shot("attestation")
    with live.app_context():
        assert Certificate.select().where(Certificate.account_id == account_id_for_email(EMAIL)).count() == 1
    assert errors == [], errors
    context.close()
