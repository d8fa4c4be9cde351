"""A quiz answered without the network, as Inès meets it on her phone (issue 37, the walk after the merge):
a question left blank is said at once, beside it, and nothing waits to be sent; answers the server refuses
when the network returns come back chosen, to correct and send again; the attempts counter beside answers
kept says that one waits; the offline page sets no timer that would wake the phone every few seconds."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import (
    TIMERS,
    answer_quiz_offline,
    at_the_quiz_kept,
    back_online_too_late,
    click,
    kept,
    newcomer_at_the_video,
    until,
)

LEFT = "Cette question attend votre réponse."
QUEUED_QUIZZES = "JSON.parse(localStorage.getItem('petale-attente') || '[]').filter(i => i.k === 'quiz').length"


def test_a_quiz_left_incomplete_offline_is_refused_at_once_beside_the_question_left(newcomer, browser):
    context, page, errors = at_the_quiz_kept(browser, newcomer)
    context.set_offline(True)
    quiz = page.locator("#quiz")
    quiz.get_by_label("En biseau, avec un couteau propre").check()
    quiz.get_by_role("button", name="Valider mes réponses").click()
    # Said where she is looking, beside each question left, in the words the server uses; nothing kept.
    tools = quiz.locator("fieldset", has_text="Quels outils")
    text = quiz.locator("fieldset", has_text="Comment appelle-t-on")
    expect(tools.locator(".error")).to_have_text(LEFT)
    expect(text.locator(".error")).to_have_text(LEFT)
    expect(quiz.locator("fieldset", has_text="Comment coupe-t-on").locator(".error")).to_have_count(0)
    assert page.evaluate("document.activeElement.textContent") == LEFT
    expect(quiz).not_to_contain_text("envoyée au retour du réseau")
    expect(quiz.get_by_role("button", name="Valider mes réponses")).to_be_enabled()
    assert page.evaluate(QUEUED_QUIZZES) == 0
    expect(page.locator("#reseau")).not_to_contain_text("réponse de quiz à envoyer")
    # Completed, the same press keeps her answers for the network, and the words beside the questions go.
    quiz.get_by_label("Le sécateur").check()
    quiz.locator("input[type=text]").fill("en sifflet")
    quiz.get_by_role("button", name="Valider mes réponses").click()
    expect(quiz).to_contain_text("Réponse gardée sur cet appareil, envoyée au retour du réseau.")
    expect(quiz.locator(".error")).to_have_count(0)
    assert page.evaluate(QUEUED_QUIZZES) == 1
    assert errors == [], errors
    context.close()


def test_the_attempts_beside_answers_kept_offline_count_the_one_waiting(newcomer, browser):
    context, page, _errors = at_the_quiz_kept(browser, newcomer)
    quiz = page.locator("#quiz")
    expect(quiz).to_contain_text("tentatives : 0 sur 5")
    context.set_offline(True)
    quiz.get_by_label("En biseau, avec un couteau propre").check()
    quiz.get_by_label("Le sécateur").check()
    quiz.locator("input[type=text]").fill("en sifflet")
    quiz.get_by_role("button", name="Valider mes réponses").click()
    expect(quiz).to_contain_text("Réponse gardée sur cet appareil")
    expect(quiz).to_contain_text("tentatives : 1 sur 5, la dernière en attente d'envoi")
    expect(quiz).not_to_contain_text("0 sur 5")
    page.reload()  # the kept copy, shown again with her answers waiting
    until(page, "!!window.petaleOffline")
    expect(quiz).to_contain_text("tentatives : 1 sur 5, la dernière en attente d'envoi")
    expect(quiz).not_to_contain_text("0 sur 5")
    # Sent: the counter is the server's again.
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(quiz.locator(".result")).to_contain_text("Votre score", timeout=15000)
    expect(quiz).not_to_contain_text("en attente d'envoi")
    context.close()


def test_answers_refused_on_their_return_come_back_chosen_to_send_again(newcomer, browser):
    context, page, errors = at_the_quiz_kept(browser, newcomer)
    context.set_offline(True)
    quiz = answer_quiz_offline(page, ("En biseau, avec un couteau propre", "Le sécateur", "Le couteau de fleuriste"))
    back_online_too_late(page, context)  # the server refuses it on return
    expect(quiz).to_contain_text("Envoi trop ancien pour être compté.", timeout=15000)
    expect(quiz).not_to_contain_text("envoyée au retour du réseau")
    # Every answer she had chosen is chosen again, and she may send them again.
    expect(quiz.get_by_label("En biseau, avec un couteau propre")).to_be_checked()
    expect(quiz.get_by_label("Le sécateur")).to_be_checked()
    expect(quiz.get_by_label("Le couteau de fleuriste")).to_be_checked()
    expect(quiz.get_by_label("L'agrafeuse")).not_to_be_checked()
    expect(quiz.locator("input[type=text]")).to_have_value("en sifflet")
    assert page.evaluate(QUEUED_QUIZZES) == 0
    until(page, "!!window.htmx")
    click(page, "button", "Valider mes réponses")
    expect(quiz.locator(".result")).to_contain_text("Votre score : 100")
    assert [e for e in errors if "/quiz" not in e] == [], errors  # the refusal's 422 is expected
    context.close()


def test_answers_kept_again_offline_after_a_refusal_no_longer_show_the_old_refusal(newcomer, browser):
    context, page, _errors = at_the_quiz_kept(browser, newcomer)
    context.set_offline(True)
    quiz = answer_quiz_offline(page, ("En biseau, avec un couteau propre", "Le sécateur"))
    back_online_too_late(page, context)
    expect(quiz).to_contain_text("Envoi trop ancien pour être compté.", timeout=15000)
    # Offline again, she answers again: the note says her new answer is kept, the old refusal is gone.
    context.set_offline(True)
    quiz.get_by_role("button", name="Valider mes réponses").click()
    expect(quiz).to_contain_text("Réponse gardée sur cet appareil, envoyée au retour du réseau.")
    expect(quiz).not_to_contain_text("Envoi trop ancien")
    assert page.evaluate(QUEUED_QUIZZES) == 1
    context.close()


def test_answers_refused_on_their_return_because_her_place_ended_say_so_where_she_pressed(newcomer, browser):
    from portal.learning.membership import WITHDRAWN
    from portal.learning.models import Enrollment
    from portal.vault.service import account_id_for_email
    from tests.browser.support import NEWCOMER

    context, page, _errors = at_the_quiz_kept(browser, newcomer)
    context.set_offline(True)
    quiz = page.locator("#quiz")
    quiz.get_by_label("En biseau, avec un couteau propre").check()
    quiz.get_by_label("Le sécateur").check()
    quiz.locator("input[type=text]").fill("en sifflet")
    quiz.get_by_role("button", name="Valider mes réponses").click()
    expect(quiz).to_contain_text("Réponse gardée sur cet appareil, envoyée au retour du réseau.")
    with newcomer.app_context():  # meanwhile, her enrolment ended
        Enrollment.update(status=WITHDRAWN).where(Enrollment.account_id == account_id_for_email(NEWCOMER[0])).execute()
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    # The server's words where she pressed, not a promise still standing; her answers as she chose them.
    expect(quiz).to_contain_text("réservée aux personnes inscrites", timeout=15000)
    expect(quiz).not_to_contain_text("envoyée au retour du réseau")
    expect(quiz.get_by_label("Le sécateur")).to_be_checked()
    assert page.evaluate(QUEUED_QUIZZES) == 0
    context.close()


# What would wake a phone on the offline page: a timer that repeats, or the next try of the network.
POLLING = "[...window.petaleTimers.values()].filter(t => t.startsWith('every') || t === 'once 5000')"


def test_the_offline_page_polls_only_while_the_network_is_not_reached(newcomer, browser):
    context, page, _errors = newcomer_at_the_video(browser, newcomer)
    kept(page, page.evaluate("location.pathname"))
    context.add_init_script(TIMERS)
    page.reload()  # online, nothing waiting: nothing is tried again later, no timer for it
    until(page, "!!window.petaleOffline")
    assert "every 15000" not in page.evaluate("[...window.petaleTimers.values()]")
    tries: list[str] = []
    page.on("request", lambda r: tries.append(r.url) if r.method == "HEAD" and "/hors-ligne" in r.url else None)
    context.set_offline(True)
    click(page, "link", "Mes données")  # never opened: the offline page
    expect(page.locator("h1")).to_have_text("Vous êtes hors ligne")
    page.reload()  # the offline page loaded whole, its scripts watched from their start
    expect(page.locator("h1")).to_have_text("Vous êtes hors ligne")
    until(page, "!!window.petaleOffline")
    # Offline, nothing to try: the "online" event will say when. No timer wakes the phone meanwhile.
    assert page.evaluate(POLLING) == []
    assert tries == []
    # Online again, but the server does not answer yet (a tunnel): tried again a little later, until it does.
    page.route("**/hors-ligne", lambda route: route.abort() if route.request.method == "HEAD" else route.fallback())
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    for _ in range(100):  # the first try, refused
        if tries:
            break
        page.wait_for_timeout(100)
    expect(page.locator("h1")).to_have_text("Vous êtes hors ligne")
    page.unroute("**/hors-ligne")
    expect(page.locator("h1")).to_have_text("Le réseau est revenu", timeout=15000)
    assert len(tries) >= 2, tries
    # Back: no more tries, no timer left running.
    assert page.evaluate(POLLING) == []
    context.close()
