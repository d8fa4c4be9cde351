"""A trainer clears a queue of five questions from her desk, by clicking and typing only what the page
shows, on a phone, JavaScript on (each item replaced in place, the navigation's count going down) and
off (a page per answer). Then the learner finds the answer, and a reference answer under the module."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.accounts.models import Account
from portal.forum import writing
from portal.forum.models import Post, Thread
from portal.learning.models import Module
from tests.browser.support import click, phone_page, sign_in

QUESTIONS = [
    ("Quelle eau pour les tulipes ?", "Froide ou tiède ?"),
    ("Tiges creuses des amaryllis", "Faut-il les tuteurer ?"),
    ("Recouper sous l'eau ?", "Est-ce vraiment utile ?"),
    ("Combien de feuillage ?", "Pour un bouquet de 25 tiges, combien de branches de feuillage ?"),
    ("Mousse florale ou pique-fleurs ?", "Laquelle choisir pour une coupe basse ?"),
]


@pytest.fixture
def five_questions(live):
    with live.app_context():
        antoine = Account.get(Account.display_name == "Antoine")
        module = Module.get(Module.title == "Les couleurs")
        for title, body in QUESTIONS:
            writing.ask(antoine, module, title, body)
    return live




@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_trainer_clears_five_questions_from_her_desk(five_questions, browser, javascript, tmp_path):
    live = five_questions
    context, page, errors = phone_page(browser, live, javascript)
    shots = Path(os.environ.get("PETALE_SCREENSHOTS", tmp_path)) / ("desk-js" if javascript else "desk-no-js")
    shots.mkdir(parents=True, exist_ok=True)

    sign_in(page, live.base, "formatrice@petale.test")
    click(page, "link", re.compile("Espace formateur"))
    badge = page.locator("#trainer-waiting .badge")
    start = int(re.match(r"\d+", badge.inner_text()).group())
    waiting = int(page.locator("#questions-count").inner_text())
    assert waiting >= 5
    page.screenshot(path=str(shots / "01-desk.png"), full_page=True)

    for number, (title, body) in enumerate(QUESTIONS, start=1):
        item = page.locator("li.desk-item", has=page.get_by_role("link", name=title))
        expect(item).to_contain_text(body)
        expect(item).to_contain_text("Antoine")
        expect(item).to_contain_text("Les couleurs")
        expect(item).to_contain_text("Avancement")
        item.get_by_label("Votre réponse").fill(f"Réponse {number} à « {title} ».")
        click(page, "button", "Publier la réponse", within=item)
        expect(page.get_by_text(f"Réponse publiée : « {title} ».")).to_be_visible()
        expect(page.locator("#questions-count")).to_have_text(str(waiting - number))
        expect(page.locator("li.desk-item form", has_text=title)).to_have_count(0)
        # Swapped with the counters (out of band) or drawn by the next page: the answer just given first.
        expect(page.locator("#answered-recently li").first).to_contain_text(title)
        left = start - number
        if left:
            expect(badge).to_contain_text(str(left))
        else:
            expect(badge).to_have_count(0)
        if number == 1:
            page.screenshot(path=str(shots / "02-after-first-answer.png"), full_page=True)

    with live.app_context():
        for title, _ in QUESTIONS:
            thread = Thread.get(Thread.title == title)
            assert thread.answered_at is not None
            assert Post.select().where((Post.thread == thread.id) & (Post.by_trainer == True)).count() == 1  # noqa: E712

    # She keeps the first answer as a reference for every session of the course.
    click(page, "link", "Voir la discussion")
    expect(page.locator("h1")).to_have_text(QUESTIONS[-1][0] if not javascript else QUESTIONS[0][0])
    # Under a title in her own words: the learner's question stays in its session.
    page.locator("summary", has_text="Marquer comme réponse de référence").first.click()
    page.get_by_label("Titre montré à toutes les sessions").first.fill("Choisir son outil de coupe")
    click(page, "button", "En faire une réponse de référence")
    expect(page.get_by_text("réponse de référence", exact=True)).to_be_visible()
    page.screenshot(path=str(shots / "03-reference.png"), full_page=True)
    assert errors == [], errors
    context.close()


def test_the_last_question_answered_in_place_leaves_the_desk_as_a_reload_shows_it(live, browser):
    """No filters nor « Les plus anciennes d'abord » over an empty list: « Toutes les questions… »."""
    context, page, errors = phone_page(browser, live, True)
    sign_in(page, live.base, "formatrice@petale.test")
    click(page, "link", re.compile("Espace formateur"))
    questions = page.locator("section", has=page.locator("#questions"))
    items = page.locator("li.desk-item:has(form)")
    assert items.count() >= 1
    while items.count():
        item = items.first
        item.get_by_label("Votre réponse").fill("Une réponse.")
        click(page, "button", "Publier la réponse", within=item)
    expect(page.locator("#questions-count")).to_have_text("0")
    expect(questions).to_contain_text("Toutes les questions de vos sessions ont une réponse.")
    expect(questions).not_to_contain_text("Les plus anciennes d'abord")
    expect(questions.get_by_role("button", name="Filtrer")).to_have_count(0)
    page.reload()
    expect(questions).to_contain_text("Toutes les questions de vos sessions ont une réponse.")
    expect(questions).not_to_contain_text("Les plus anciennes d'abord")
    assert errors == [], errors
    context.close()
