"""A notice is said once (issue 37): « Leçon terminée, bravo ! » greets the lesson reached through « J'ai
terminé », and the copy the service worker keeps of that page must not say it again when the lesson is
reloaded offline, nor when it is opened again from the offline list."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import DEMO_VIDEO, click, phone_page, settle, until
from tests.browser.support import sign_in_newcomer as sign_in

BRAVO = "Leçon terminée, bravo"


def kept(page, path: str) -> str:
    """The kept copy's HTML, once the worker has put it away."""
    until(page, f"caches.open('petale-pages-v1').then(c => c.match('{path}')).then(r => !!r)")
    return page.evaluate(f"caches.open('petale-pages-v1').then(c => c.match('{path}')).then(r => r.text())")


def test_the_copy_kept_of_a_page_with_a_notice_does_not_say_it_again_offline(newcomer, browser):
    live = newcomer
    context, page, errors = phone_page(browser, live, True)
    sign_in(page, live)
    click(page, "link", "Mon espace")
    click(page, "link", "Commencer")
    # « J'ai terminé » sent by the browser itself, as from a page whose scripts did not run (JavaScript off, or a
    # kept page reopened whole): the redirect's page is a navigation, which the worker keeps as it passes.
    with page.expect_navigation():
        page.evaluate("document.querySelector('form.done').submit()")
    settle(page)
    expect(page.locator("h1")).to_have_text(DEMO_VIDEO)
    expect(page.locator("#flashes")).to_contain_text(BRAVO)
    path = page.evaluate("location.pathname")
    copy = kept(page, path)
    assert DEMO_VIDEO in copy and BRAVO not in copy, "the kept copy has no notice"

    context.set_offline(True)
    page.reload()
    expect(page.locator("h1")).to_have_text(DEMO_VIDEO)
    expect(page.locator("#flashes")).not_to_contain_text(BRAVO)
    assert page.locator("#flashes .flash").count() == 0
    assert errors == [], errors
    context.close()

