"""Playwright steps every browser walk shares: a phone-sized page, waiting for htmx to settle, clicking what
the page shows, signing in from the home page."""
from __future__ import annotations

import re

from playwright.sync_api import expect

# The learner of the `newcomer` fixture (tests/browser/conftest.py): her address and password.
NEWCOMER = ("ines.roux@example.org", "un-mot-de-passe-solide")


def phone_page(browser, live, javascript: bool):
    """A phone-sized page (390 px, French), and the list that collects every answer of 400 or more the
    portal gives it."""
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 390, "height": 844},
                                  locale="fr-FR")
    page = context.new_page()
    page.javascript = javascript  # settle() waits for htmx's swaps when it runs
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.request.method} {r.url}")
            if r.status >= 400 and r.url.startswith(live.base) else None)
    return context, page, errors


def settle(page) -> None:
    """The page loaded and, with JavaScript, htmx done swapping (its classes gone)."""
    page.wait_for_load_state("networkidle")
    if getattr(page, "javascript", False):
        expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)


def click(page, role: str, name: str | re.Pattern, *, within=None) -> None:
    """Click what the page shows (a link or a button, by its visible name) and wait for the answer."""
    with page.expect_response(lambda r: r.request.resource_type in ("document", "xhr", "fetch")):
        (within or page).get_by_role(role, name=name).first.click()
    settle(page)


def sign_in(page, base, email):
    page.goto(base + "/")  # the address she was given; everything after is clicked
    click(page, "link", "Se connecter")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill("petale-demo")
    click(page, "button", "Se connecter")


def until(page, condition: str, tries: int = 300) -> None:
    """Poll a condition in the page (wait_for_function would evaluate a string, which the CSP forbids)."""
    for _ in range(tries):
        if page.evaluate(condition):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {condition}")


def sign_in_newcomer(page, live) -> None:
    """The `newcomer` signs in from the home page; the service worker takes the pages from the next one on."""
    page.goto(live.base + "/")
    settle(page)
    click(page, "link", "Se connecter")
    page.fill("#email", NEWCOMER[0])
    page.fill("#password", NEWCOMER[1])
    click(page, "button", "Se connecter")
    until(page, "!!navigator.serviceWorker.controller")


DEMO_VIDEO = "Préparer les tiges"  # the course's video lesson, the one the offline walks keep


def newcomer_at_the_video(browser, live, javascript: bool = True):
    """Inès signed in on a phone and at the course's video lesson, reached as she would: « Mon espace »,
    « Commencer », then the next lesson's link. Returns (context, page, errors) as phone_page does."""
    context, page, errors = phone_page(browser, live, javascript)
    sign_in_newcomer(page, live)
    click(page, "link", "Mon espace")
    click(page, "link", "Commencer")
    click(page, "link", re.compile(f"{DEMO_VIDEO} →"))
    return context, page, errors


def kept(page, path: str) -> None:
    """Wait until the service worker holds the page at `path` for the road."""
    until(page, f"caches.open('petale-pages-v1').then(c => c.match('{path}')).then(r => !!r)")


def at_the_quiz_kept(browser, live):
    """A newcomer who went from the video through the sheet to the quiz, and kept the quiz for offline."""
    context, page, errors = newcomer_at_the_video(browser, live)
    click(page, "link", re.compile("Fiche : les outils du fleuriste →"))
    click(page, "link", re.compile("Quiz : outils et préparation →"))
    kept(page, page.evaluate("location.pathname"))
    return context, page, errors


# The timers the page's scripts leave waiting, with their delays: those that repeat (setInterval) and
# those set to run once later (setTimeout), each forgotten once cleared or run.
TIMERS = """
(() => {
  const live = new Map();
  window.petaleTimers = live;
  const every = window.setInterval.bind(window), later = window.setTimeout.bind(window);
  const stopEvery = window.clearInterval.bind(window), stopLater = window.clearTimeout.bind(window);
  window.setInterval = (run, delay, ...rest) => {
    const id = every(run, delay, ...rest);
    live.set(id, "every " + delay);
    return id;
  };
  window.setTimeout = (run, delay, ...rest) => {
    const id = later((...args) => { live.delete(id); return typeof run === "function" ? run(...args) : undefined; },
                     delay, ...rest);
    live.set(id, "once " + delay);
    return id;
  };
  window.clearInterval = (id) => { live.delete(id); stopEvery(id); };
  window.clearTimeout = (id) => { live.delete(id); stopLater(id); };
})();
"""


KEPT_NOTE = "Réponse gardée sur cet appareil, envoyée au retour du réseau."


def answer_quiz_offline(page, choices: tuple[str, ...], text: str = "en sifflet"):
    """Offline, the demo quiz answered with these choices and this text: its form says the answer is kept."""
    quiz = page.locator("#quiz")
    for label in choices:
        quiz.get_by_label(label).check()
    quiz.locator("input[type=text]").fill(text)
    quiz.get_by_role("button", name="Valider mes réponses").click()
    expect(quiz).to_contain_text(KEPT_NOTE)
    return quiz


def back_online_too_late(page, context) -> None:
    """Her phone stayed offline longer than an answer may wait (half a day), then the network returns."""
    page.evaluate("""() => { const items = JSON.parse(localStorage.getItem('petale-attente'));
        items.forEach(i => { i.t -= 13 * 3600 * 1000; });
        localStorage.setItem('petale-attente', JSON.stringify(items)); }""")
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
