"""What a newcomer tripped on (issue 37), in a real browser at 390 px: console errors when a form is shown
again with its errors, feedback placed where the eye is, a video watched to its end."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import phone_page, settle, until


def csp_errors(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m]


def test_a_form_shown_again_with_its_errors_breaks_no_content_security_rule(browser, live):
    context, page, _errors = phone_page(browser, live, True)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(live.base + "/inscription")
    settle(page)
    until(page, "!!window.htmx")
    # A password manager or another extension leaves style="" on the form's hidden inputs; htmx used to copy
    # that attribute onto the page it swaps in, which the CSP refuses.
    page.evaluate("document.querySelectorAll('input[type=hidden]').forEach(e => e.setAttribute('style', ''))")
    console.clear()
    page.get_by_role("button", name="Créer mon compte").first.click()
    settle(page)
    assert page.locator(".error").count() > 0, "the form came back with its errors"
    assert csp_errors(console) == []
    context.close()


QUIZ = "Quiz : outils et préparation"


def open_everything(live, email: str) -> tuple[int, int]:
    """Her session started long ago and every module is open; returns the quiz and the lesson before it."""
    from datetime import timedelta

    from portal.learning.models import Enrollment, Lesson, Module, ModuleRelease, TrainingSession
    from portal.timeutil import paris_today
    from portal.vault.service import account_id_for_email

    with live.app_context():
        enrollment = Enrollment.get(Enrollment.account_id == account_id_for_email(email))
        today = paris_today()
        TrainingSession.update(starts_on=today - timedelta(days=60), ends_on=today + timedelta(days=30)).where(
            TrainingSession.id == enrollment.session_id).execute()
        ModuleRelease.update(release_on=today - timedelta(days=60)).where(
            ModuleRelease.session == enrollment.session_id).execute()
        lessons = list(Lesson.select(Lesson.id, Lesson.title).join(Module)
                       .where(Module.course == enrollment.session.course_id).order_by(Module.position, Lesson.position))
    index = next(i for i, lesson in enumerate(lessons) if lesson.title == QUIZ)
    return lessons[index].id, lessons[index - 1].id


def wider_than_the_phone(page) -> list[str]:
    """What sticks out of a 390 px screen (a table scrolled sideways hides it from scrollWidth)."""
    return page.evaluate("""[...document.querySelectorAll('main *')]
        .filter(e => e.getBoundingClientRect().right > 391)
        .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")


def in_view(page, selector: str) -> bool:
    """Wholly inside the window (give or take the pixel a scroll rounds off)."""
    return page.locator(selector).evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top >= -1 && r.bottom <= window.innerHeight + 1; }")


def test_a_quiz_answered_with_javascript_shows_its_own_result_where_the_eye_is(browser, live):
    from tests.browser.support import click, sign_in

    _quiz, before = open_everything(live, "apprenante2@petale.test")
    context, page, errors = phone_page(browser, live, True)
    sign_in(page, live.base, "apprenante2@petale.test")
    page.goto(f"{live.base}/lecon/{before}")
    settle(page)
    click(page, "button", "J'ai terminé")
    expect(page.locator("h1")).to_have_text(QUIZ)
    expect(page.locator("#flashes")).to_contain_text("bravo")
    quiz = page.locator("#quiz")
    # A question with checkboxes says so, and each answer is a row a finger can hit.
    expect(quiz.locator("legend", has_text="Quels outils")).to_contain_text("plusieurs réponses possibles")
    heights = quiz.locator("label.choice").evaluate_all("rows => rows.map(r => r.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44, heights
    until(page, "!!window.htmx")  # answered in place, as with JavaScript
    quiz.get_by_label("En biseau, avec un couteau propre").check()
    # A question left blank is said beside it, at once, and the « bravo » of the page before goes.
    quiz.get_by_role("button", name="Valider mes réponses").click()
    expect(quiz.locator("fieldset", has_text="Quels outils").locator(".error")).to_have_text(
        "Cette question attend votre réponse.")
    expect(page.locator("#flashes")).not_to_contain_text("bravo")
    assert page.evaluate("document.activeElement.classList.contains('left')")
    assert in_view(page, "#quiz fieldset:nth-of-type(2) .left")
    quiz.get_by_label("Le sécateur").check()
    quiz.locator("input[type=text]").fill("droite")
    click(page, "button", "Valider mes réponses")
    expect(page.locator("#quiz .result")).to_contain_text("Votre score")
    expect(page.locator("#flashes")).not_to_contain_text("bravo")
    assert page.evaluate("document.activeElement.classList.contains('result')")
    assert in_view(page, "#quiz .result")
    assert errors == []
    context.close()


def test_the_profile_confirmation_is_where_she_is_looking_at_390_px(browser, live):
    from tests.browser.support import click, sign_in

    context, page, errors = phone_page(browser, live, True)
    sign_in(page, live.base, "apprenant@petale.test")
    page.goto(f"{live.base}/profil")
    settle(page)
    until(page, "!!window.htmx")
    page.get_by_role("button", name="Enregistrer").first.scroll_into_view_if_needed()
    click(page, "button", "Enregistrer")
    status = page.locator("#profil .flash-success")
    expect(status).to_contain_text("Modifications enregistrées")
    assert page.evaluate("document.activeElement.classList.contains('flash-success')")
    assert in_view(page, "#profil .flash-success")
    page.goto(f"{live.base}/mes-donnees")  # her address, among the rest, is not cut at 390 px
    settle(page)
    page.locator("details.facts").evaluate_all("all => all.forEach(d => d.open = true)")
    assert wider_than_the_phone(page) == []
    assert errors == []
    context.close()


def test_the_workshop_puts_the_drawing_beside_the_palette_at_1280_px_and_mes_essais_fits_390_px(browser, live):
    from portal.bouquets.models import Brief, Submission
    from tests.browser.support import sign_in

    with live.app_context():
        brief_id = Submission.select(Submission.brief).first().brief_id
        assert Brief.get_by_id(brief_id)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    sign_in(page, live.base, "apprenant@petale.test")
    page.goto(f"{live.base}/atelier/{brief_id}")
    settle(page)
    palette = page.locator("#palette").bounding_box()
    drawing = page.locator("#atelier").bounding_box()
    assert drawing["x"] > palette["x"] + palette["width"] - 1, (palette, drawing)  # beside, not below
    assert drawing["y"] < palette["y"] + 400, (palette, drawing)
    context.close()

    context, page, errors = phone_page(browser, live, True)
    sign_in(page, live.base, "apprenant@petale.test")
    page.goto(f"{live.base}/atelier/{brief_id}/essais")
    assert errors == []
    settle(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert wider_than_the_phone(page) == []
    context.close()


VIDEO = "Préparer les tiges"


def play(page) -> None:
    # The player's script comes after the page has painted: wait for it to be watching before playing.
    until(page, "!!(document.querySelector('[data-lesson]') || {}).petaleTracked")
    page.locator("video").evaluate("v => { v.muted = true; return v.play(); }")


def test_reprendre_never_starts_a_video_at_its_last_seconds(browser, live):
    """A position saved on a longer cut of the video (1 min 25 s) lies past the end of the 8-second clip."""
    from portal.learning.models import LessonProgress
    from portal.vault.service import account_id_for_email
    from tests.browser.support import sign_in
    from tests.support.learning_fixtures import lesson_named

    video = lesson_named(live, VIDEO)
    with live.app_context():
        LessonProgress.update(position_seconds=85).where(
            (LessonProgress.lesson == video.id)
            & (LessonProgress.account_id == account_id_for_email("apprenant@petale.test"))).execute()
    context, page, errors = phone_page(browser, live, True)
    sign_in(page, live.base, "apprenant@petale.test")
    page.goto(f"{live.base}/lecon/{video.id}")
    settle(page)
    play(page)
    expect(page.locator("video")).to_have_js_property("paused", False)
    assert page.locator("video").evaluate("v => v.currentTime") < 3
    # Played to its end: the position saved is its start, whatever the page was told.
    with page.expect_response(lambda r: r.url.endswith("/position"), timeout=15000) as saving:
        page.locator("video").evaluate("v => new Promise(done => { v.addEventListener('ended', done); "
                                       "v.currentTime = v.duration - 0.3; })")
    assert saving.value.status == 204
    with live.app_context():
        me = account_id_for_email("apprenant@petale.test")
        saved = LessonProgress.get((LessonProgress.lesson == video.id) & (LessonProgress.account_id == me))
        assert saved.position_seconds == 0
    assert errors == []
    context.close()


def test_a_video_watched_to_the_end_offers_jai_termine_there_and_completes_the_lesson(browser, live):
    from portal.learning.models import LessonProgress
    from portal.vault.service import account_id_for_email
    from tests.browser.support import sign_in
    from tests.support.learning_fixtures import lesson_named

    open_everything(live, "apprenante2@petale.test")
    video = lesson_named(live, VIDEO)
    context, page, errors = phone_page(browser, live, True)
    sign_in(page, live.base, "apprenante2@petale.test")
    page.goto(f"{live.base}/lecon/{video.id}")
    settle(page)
    offer = page.locator(".after-video")
    expect(offer).to_be_hidden()
    play(page)
    with page.expect_response(lambda r: r.url.endswith("/position"), timeout=15000):
        page.locator("video").evaluate("v => new Promise(done => { v.addEventListener('ended', done); "
                                       "v.currentTime = v.duration - 0.3; })")
    expect(offer).to_be_visible()
    assert page.evaluate("document.activeElement.closest('.after-video') !== null")
    assert in_view(page, ".after-video")
    with page.expect_response(lambda r: "/terminer" in r.url):
        offer.get_by_role("button", name="J'ai terminé").click()
    settle(page)
    expect(page.locator("#flashes")).to_contain_text("Leçon terminée")
    with live.app_context():
        me = account_id_for_email("apprenante2@petale.test")
        done = LessonProgress.get((LessonProgress.lesson == video.id) & (LessonProgress.account_id == me))
        assert done.completed_at is not None and done.position_seconds == 0
    assert errors == []
    context.close()
