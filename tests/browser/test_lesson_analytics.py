"""A trainer goes from her desk to one lesson's figures on a phone, JavaScript on and off, clicking only
what the pages show: her sessions, a session's lesson table and chart, a quiz lesson's questions."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import click, phone_page, sign_in
from tests.support.cohorts import attempted, course_lessons, followed, learners_in, session_named


@pytest.fixture
def a_class(live):
    """Session A (Fanny's) with ten more learners: enough people for figures; half of them cut straight."""
    from portal.learning.models import Question

    with live.app_context():
        session = session_named("Session A")
        lessons = course_lessons(session)
        quiz = next(lesson for lesson in lessons if lesson.kind == "quiz")
        text = Question.get((Question.lesson == quiz.id) & (Question.kind == "text"))
        for index, account in enumerate(learners_in(session, 10)):
            followed(account, lessons, finished=4 if index < 5 else 2)
            attempted(account, quiz, {text.id: (["sifflet"] if index < 5 else ["Droite"], index < 5)})
    return live


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_trainer_goes_from_her_desk_to_a_lessons_figures(a_class, browser, javascript):
    live = a_class
    context, page, errors = phone_page(browser, live, javascript)
    sign_in(page, live.base, "formatrice@petale.test")
    click(page, "link", re.compile("Espace formateur"))
    click(page, "link", re.compile("Ce que les leçons apprennent"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Analyses des leçons")
    expect(page.get_by_role("link", name="Session B")).to_have_count(0)  # Félix's session
    click(page, "link", "Session A")
    expect(page.locator("main")).to_contain_text("Personnes comptées\u00a0: 11")
    expect(page.locator("svg.chart").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the table reads as one card per lesson
    click(page, "link", "Quiz : outils et préparation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quiz : outils et préparation")
    row = page.locator("tr", has_text="la coupe en biais")
    expect(row).to_contain_text("45\u00a0%")  # five of the eleven: the demo's Antoine answered it too, wrongly
    expect(row).to_contain_text("droite (5)")
    expect(page.locator("main")).not_to_contain_text("Antoine")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == []
    context.close()
