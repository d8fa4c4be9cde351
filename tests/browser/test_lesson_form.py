"""Staff adding a lesson see the fields of its kind only: a quiz asks no video, a video no pass mark — by the
stylesheet alone, so the same with JavaScript off; without support for :has every field would show."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import click, phone_page, sign_in

VIDEO_ONLY = "Envoyer la vidéo (MP4 ou WebM)"
QUIZ_ONLY = "Seuil de réussite (%)"
HANDOUT = "Envoyer le document PDF"
POSTER = re.compile("^Envoyer l'affiche")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_lesson_form_asks_what_its_kind_needs(live, browser, javascript):
    context, page, errors = phone_page(browser, live, javascript)
    sign_in(page, live.base, "gestion@petale.test")
    click(page, "link", "Formations")
    click(page, "link", re.compile("Art floral — les fondamentaux"))
    page.locator("main a[href*='/modules/']").first.click()
    form = page.locator("form", has=page.get_by_role("button", name="Ajouter la leçon"))
    kind = form.get_by_label("Type", exact=True)
    kind.select_option(label="Quiz")
    expect(form.get_by_label(QUIZ_ONLY)).to_be_visible()
    expect(form.get_by_label(VIDEO_ONLY)).to_be_hidden()
    expect(form.get_by_label(HANDOUT)).to_be_hidden()
    expect(form.get_by_label(POSTER)).to_be_hidden()
    kind.select_option(label="Vidéo")
    expect(form.get_by_label(VIDEO_ONLY)).to_be_visible()
    expect(form.get_by_label(POSTER)).to_be_visible()
    expect(form.get_by_label(HANDOUT)).to_be_visible()  # a video lesson may carry its handout
    expect(form.get_by_label(QUIZ_ONLY)).to_be_hidden()
    kind.select_option(label="Texte")
    expect(form.get_by_label("Titre de la leçon")).to_be_visible()
    expect(form.get_by_label(VIDEO_ONLY)).to_be_hidden()
    click(page, "link", re.compile("Quiz : outils et préparation"))
    question = page.locator("form", has=page.get_by_role("button", name="Ajouter la question"))
    question_kind = question.get_by_label("Type de question")
    question_kind.select_option(label="Réponse courte")
    expect(question.get_by_label("Réponses acceptées (réponse courte)")).to_be_visible()
    expect(question.get_by_label("Propositions")).to_be_hidden()
    question_kind.select_option(label="Choix multiple")
    expect(question.get_by_label("Propositions")).to_be_visible()
    expect(question.get_by_label("Réponses acceptées (réponse courte)")).to_be_hidden()
    assert errors == []
    context.close()
