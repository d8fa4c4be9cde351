"""A learner answers the hot survey on a phone (390 px), JavaScript on and off: from her space, clicking
and typing only what the pages show, then her space no longer asks."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import click, phone_page, settle, sign_in


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_learner_answers_the_hot_survey_from_her_space(live, browser, javascript):
    context, page, errors = phone_page(browser, live, javascript)
    sign_in(page, live.base, "apprenant@petale.test")
    click(page, "link", re.compile("Mon espace"))
    section = page.locator("section", has=page.get_by_role("heading", name="Votre avis"))
    expect(section).to_be_visible()
    click(page, "link", re.compile("Donner mon avis sur"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Votre avis sur")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    overall = page.get_by_role("group", name=re.compile("Dans l'ensemble"))
    overall.get_by_label("5").check()
    page.get_by_label(re.compile("Que devrions-nous améliorer")).fill("Plus de gros plans sur les gestes.")
    with page.expect_response(lambda r: r.request.resource_type in ("document", "xhr", "fetch")):
        page.get_by_role("button", name="Envoyer mes réponses").click()
    settle(page)
    expect(page.locator(".flash")).to_contain_text("Vos réponses nous aident")
    expect(page.get_by_role("heading", name="Votre avis")).to_have_count(0)
    assert errors == []
    context.close()
