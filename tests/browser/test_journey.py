"""The whole journey of a new learner in chromium, with JavaScript on and off: sign up, confirm through the
outbox, enrol, follow and complete lessons, pass a quiz, build and submit a bouquet, ask a question, read a
trainer's answer (the trainer answers from the trainer space), export the data and download it, delete
the account."""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.bouquets.models import Brief
from portal.learning.models import Lesson, Module
from tests.browser.outbox import link_from
from tests.support.helpers import run_jobs

EMAIL = "camille.rosier@example.org"
PASSWORD = "un-mot-de-passe-solide"


def settle(page) -> None:
    """Also waits for htmx, which pages fetch once they have loaded (static/loader.js)."""
    page.wait_for_load_state("networkidle")


def visit(page, url: str) -> None:
    page.goto(url)
    settle(page)


def press(page, name: str | re.Pattern) -> None:
    """Click and wait for the answer, whether it comes as a page load or an htmx swap."""
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.get_by_role("button", name=name).first.click()
    settle(page)


def sign_in(page, base: str, email: str, password: str) -> None:
    visit(page, f"{base}/connexion")
    page.fill("#email", email)
    page.fill("#password", password)
    press(page, "Se connecter")


def ids(app) -> dict[str, int]:
    with app.app_context():
        lesson = lambda title: Lesson.get(Lesson.title == title).id  # noqa: E731
        exercise = Lesson.get(Lesson.title == "Exercice : un bouquet en camaïeu")
        return {"welcome": lesson("Bienvenue dans la formation"), "quiz": lesson("Quiz : outils et préparation"),
                "brief": Brief.get(Brief.lesson == exercise.id).id,
                "tools": Module.get(Module.title == "Les outils et le végétal").id}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_new_learner_from_sign_up_to_deletion(live, browser, javascript):
    base, places = live.base, ids(live)
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 390, "height": 844},
                                  accept_downloads=True, locale="fr-FR")
    page = context.new_page()

    # Sign up, then confirm with the link mailed.
    visit(page, f"{base}/inscription")
    for field, value in (("full_name", "Camille Rosier"), ("email", EMAIL), ("phone", "06 12 34 56 78"),
                         ("display_name", "Camille"), ("password", PASSWORD), ("password_confirm", PASSWORD)):
        page.fill(f"#{field}", value)
    press(page, "Créer mon compte")
    expect(page.locator("main")).to_contain_text("courriel")
    run_jobs(live)
    visit(page, link_from(live, "Confirmez", "/confirmer/"))
    press(page, "Confirmer mon adresse électronique")
    sign_in(page, base, EMAIL, PASSWORD)
    expect(page.locator("h1")).to_contain_text("Bonjour Camille")

    # Enrol in the spring session from the catalogue.
    page.get_by_role("link", name="Voir les formations").click()
    settle(page)
    page.get_by_role("link", name="Art floral — les fondamentaux").first.click()
    settle(page)
    session = page.locator("li", has_text="Session A")
    session.locator("select").select_option("employer")  # paying herself: test_self_funded_contract.py
    session.get_by_role("button", name="M'inscrire").click()
    expect(page.locator("main")).to_contain_text("Votre inscription est enregistrée. Bonne formation !")
    expect(page.locator("main")).to_contain_text("Art floral — les fondamentaux")

    # Follow and complete two lessons.
    visit(page, f"{base}/lecon/{places['welcome']}")
    expect(page.locator("h1")).to_contain_text("Bienvenue dans la formation")
    if javascript:  # the player's script, fetched after load, tracks the lesson (heartbeats, position)
        assert page.evaluate("document.querySelector('[data-lesson]').petaleTracked") is True
    press(page, "J'ai terminé")
    expect(page.locator("h1")).to_contain_text("Préparer les tiges")
    press(page, "J'ai terminé")
    expect(page.locator("h1")).to_contain_text("Fiche : les outils du fleuriste")

    # Pass the quiz.
    visit(page, f"{base}/lecon/{places['quiz']}")
    page.get_by_label("En biseau, avec un couteau propre").check()
    page.get_by_label("Le sécateur").check()
    page.get_by_label("Le couteau de fleuriste").check()
    page.locator("#quiz input[type=text]").fill("sifflet")
    press(page, "Valider mes réponses")
    expect(page.locator("#quiz")).to_contain_text("100 %")

    # Build and submit a bouquet (with JavaScript, htmx swaps the workshop in place: the page stays).
    visit(page, f"{base}/atelier/{places['brief']}")
    assert page.evaluate("typeof window.htmx") == ("object" if javascript else "undefined")
    if javascript:  # a full page load would drop this mark
        page.evaluate("document.body.dataset.sameDocument = 'yes'")
    press(page, re.compile("^Rose standard rose pâle"))  # a stem of the palette, by its name and colour
    expect(page.locator("#atelier")).to_contain_text("Retirer")
    if javascript:
        assert page.evaluate("document.body.dataset.sameDocument") == "yes"
    press(page, "Soumettre")
    expect(page.locator("main")).to_contain_text("Bouquet soumis")

    # Ask a question; the trainer answers it from the trainer space; the learner reads the answer.
    visit(page, f"{base}/forum/module/{places['tools']}")
    page.fill("#title", "Faut-il couper sous l'eau ?")
    page.fill("#body", "Même pour des tiges très fines ?")
    press(page, "Envoyer la question")
    expect(page.locator("h1")).to_contain_text("Faut-il couper sous l'eau ?")
    thread_url = page.url
    trainer = browser.new_context(java_script_enabled=javascript).new_page()
    sign_in(trainer, base, "formatrice@petale.test", "petale-demo")
    visit(trainer, f"{base}/formateur")
    item = trainer.locator("li.desk-item", has_text="Faut-il couper sous l'eau ?")
    item.get_by_label("Votre réponse").fill("Oui : l'eau évite que l'air ne bouche les vaisseaux.")
    item.get_by_role("button", name="Publier la réponse").click()
    expect(trainer.get_by_text("Réponse publiée : « Faut-il couper sous l'eau ? ».")).to_be_visible()
    settle(trainer)
    trainer.context.close()
    visit(page, thread_url)
    expect(page.locator("main")).to_contain_text("l'air ne bouche les vaisseaux")

    # Export the data and download it.
    visit(page, f"{base}/mes-donnees")
    press(page, "Exporter mes données")
    run_jobs(live)
    page.reload()
    settle(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    data = json.loads(archive.read("data.json"))
    assert data["identity"]["email"] == EMAIL and data["quiz_attempts"][0]["score"] == 100
    assert data["bouquet_submissions"] and data["questions"][0]["title"] == "Faut-il couper sous l'eau ?"

    # Delete the account.
    visit(page, f"{base}/mes-donnees")
    page.get_by_role("link", name="Supprimer mon compte et mes données").click()
    settle(page)
    page.fill("#password", PASSWORD)
    page.locator("input[name=understood]").check()
    press(page, "Supprimer définitivement mon compte")
    expect(page.locator("main")).to_contain_text("supprimé")
    sign_in(page, base, EMAIL, PASSWORD)
    expect(page.locator("main")).to_contain_text("Adresse ou mot de passe incorrect")
    context.close()
