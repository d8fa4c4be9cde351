"""What a newcomer tripped on (issue 37), in a real browser at 390 px: console errors when a form is shown
again with its errors, feedback placed where the eye is, a video watched to its end."""
from __future__ import annotations

from tests.browser.support import phone_page, settle


def csp_errors(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m]


def test_a_form_shown_again_with_its_errors_breaks_no_content_security_rule(browser, live):
    context, page, _errors = phone_page(browser, live, True)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(live.base + "/inscription")
    settle(page)
    # A password manager or another extension leaves style="" on the form's hidden inputs; htmx used to copy
    # that attribute onto the page it swaps in, which the CSP refuses.
    page.evaluate("document.querySelectorAll('input[type=hidden]').forEach(e => e.setAttribute('style', ''))")
    console.clear()
    page.get_by_role("button", name="Créer mon compte").first.click()
    settle(page)
    assert page.locator(".error").count() > 0, "the form came back with its errors"
    assert csp_errors(console) == []
    context.close()
