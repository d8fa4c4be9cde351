"""The learner's way on: the outline with each lesson's state, one obvious next step, "next" after a lesson
and a quiz, a quiz result that survives a reload, explanations held back until the quiz is passed or the
attempts are used, the calendar and its .ics file, plural and relative-time wording."""
from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

from icalendar import Calendar

from portal.accounts.models import Account
from portal.certificates import service as certificates
from portal.forum.models import Thread
from portal.learning.models import Course, Lesson, Module, ModuleRelease
from portal.timeutil import utcnow
from portal.vault.service import account_id_for_email
from tests.support.helpers import csrf_token, submit
from tests.support.learning_fixtures import answers, lesson_named, signed_in

QUIZ = "Quiz : outils et préparation"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.get_data(as_text=True))


def test_the_course_page_shows_her_outline_with_links_only_to_open_lessons(demo, learner):
    html = page(learner, "/cours/art-floral-les-fondamentaux")
    spiral = lesson_named(demo, "La spirale")
    circle = lesson_named(demo, "Le cercle chromatique")
    assert f'href="/lecon/{circle.id}"' in html and 'Le cercle chromatique</a> <span class="muted">— à faire' in html
    assert 'Bienvenue dans la formation</a> <span class="ok">— terminée' in html
    assert f'href="/lecon/{spiral.id}"' not in html, "a lesson not open yet is not linked"
    assert re.search(r"La spirale <span class=\"muted\">— ouvre le \d+ \w+ 20\d\d", html)


def test_the_public_sees_the_programme_without_states(demo, client):
    html = page(client, "/cours/art-floral-les-fondamentaux")
    assert "à faire" not in html and "/lecon/" not in html


def test_a_newcomer_is_offered_to_start_and_singular_wording(demo):
    amelie = signed_in(demo, "apprenante2@petale.test")
    html = page(amelie, "/mon-espace")
    welcome = lesson_named(demo, "Bienvenue dans la formation")
    assert f'href="/lecon/{welcome.id}">Commencer</a>' in html
    assert "0 leçon terminée sur 7" in html
    done = submit(amelie, f"/lecon/{welcome.id}/terminer", {}, page=f"/lecon/{welcome.id}")
    next_lesson = lesson_named(demo, "Préparer les tiges")
    assert done.status_code == 302 and done.headers["Location"] == f"/lecon/{next_lesson.id}"
    html = page(amelie, "/mon-espace")
    assert "1 leçon terminée sur 7" in html and "Reprendre « Préparer les tiges »" in html


def test_the_pager_and_done_never_lead_into_a_lesson_not_open_yet(demo):
    """Amélie's session opens the colours module later: the quiz's "next" is text with the date."""
    amelie = signed_in(demo, "apprenante2@petale.test")
    quiz, circle = lesson_named(demo, QUIZ), lesson_named(demo, "Le cercle chromatique")
    html = page(amelie, f"/lecon/{quiz.id}")
    assert f'href="/lecon/{circle.id}"' not in html
    assert re.search(r"Le cercle chromatique — ouvre le \d+", html)
    sheet = lesson_named(demo, "Fiche : les outils du fleuriste")
    html = page(amelie, f"/lecon/{sheet.id}")
    assert f'rel="next" href="/lecon/{quiz.id}"' in html
    assert amelie.get(f"/lecon/{circle.id}").status_code == 403, "typed by hand, it still says when it opens"


def test_the_last_open_lesson_done_leads_back_to_the_space(demo):
    amelie = signed_in(demo, "apprenante2@petale.test")
    with demo.app_context():
        Lesson.update(kind="text").where(Lesson.title == QUIZ).execute()  # a lesson with "J'ai terminé"
    quiz = lesson_named(demo, QUIZ)
    done = submit(amelie, f"/lecon/{quiz.id}/terminer", {}, page=f"/lecon/{quiz.id}")
    assert done.headers["Location"] == "/mon-espace"


def test_a_quiz_answer_redirects_to_its_result_which_a_reload_shows_again(demo):
    amelie = signed_in(demo, "apprenante2@petale.test")
    quiz = lesson_named(demo, QUIZ)
    token = csrf_token(amelie.get(f"/lecon/{quiz.id}").get_data(as_text=True))
    answered = amelie.post(f"/lecon/{quiz.id}/quiz", data={**answers(demo, quiz, single_right=False),
                                                           "csrf_token": token})
    assert answered.status_code == 303
    location = answered.headers["Location"]
    assert re.fullmatch(rf"/lecon/{quiz.id}\?tentative=\d+#quiz", location)
    for _ in range(2):  # the result, then the same after a reload
        html = page(amelie, location.split("#")[0])
        assert "Votre score : 67 %." in html and "Pas encore" in html
    other = signed_in(demo, "apprenant@petale.test")
    assert "Votre score : 67 %." not in page(other, location.split("#")[0]), "an attempt is shown to its owner only"


def test_explanations_wait_until_the_quiz_is_passed_or_the_attempts_are_used(demo):
    amelie = signed_in(demo, "apprenante2@petale.test")
    quiz = lesson_named(demo, QUIZ)
    explanation = "Sécateur et couteau coupent"
    with demo.app_context():
        Lesson.update(max_attempts=2).where(Lesson.id == quiz.id).execute()
    first = submit_answers(amelie, demo, quiz, single_right=False)
    assert "Réponse incorrecte." in first and explanation not in first
    assert "Il vous reste 1 tentative" in first and "Valider mes réponses" in first
    last = submit_answers(amelie, demo, quiz, single_right=False)
    assert explanation in last and "Valider mes réponses" not in last
    assert "toutes les tentatives" in last


def test_a_passed_quiz_offers_the_next_lesson_not_another_attempt(demo):
    amelie = signed_in(demo, "apprenante2@petale.test")
    quiz = lesson_named(demo, QUIZ)
    with demo.app_context():
        Lesson.update(max_attempts=None).where(Lesson.id == quiz.id).execute()
    html = submit_answers(amelie, demo, quiz)
    assert "Quiz réussi !" in html and "Valider mes réponses" not in html
    assert "Sécateur et couteau coupent" in html, "passed: the explanations are there to read"
    later = page(amelie, f"/lecon/{quiz.id}")
    assert "Quiz réussi !" in later and "Valider mes réponses" not in later
    assert later.count(" disabled>") >= 3, "her answers are shown, not offered to change"
    assert 'href="/mon-espace"' in later  # the next lesson opens later in her session: back to her space


def submit_answers(client, app, quiz, **options) -> str:
    response = submit(client, f"/lecon/{quiz.id}/quiz", answers(app, quiz, **options), page=f"/lecon/{quiz.id}",
                      follow_redirects=True)
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def test_reviewing_a_done_lesson_does_not_take_over_resume(demo, learner):
    video = lesson_named(demo, "Préparer les tiges")
    page(learner, f"/lecon/{video.id}")  # Antoine watches again the video he finished (paused at 0:03)
    html = page(learner, "/mon-espace")
    assert "Reprendre « Le cercle chromatique »" in html and "vidéo à 0:03" not in html


def test_the_space_offers_the_certificate_once_issued(demo, learner):
    assert "Voir mon attestation" not in page(learner, "/mon-espace")
    with demo.app_context():
        me = account_id_for_email("apprenant@petale.test")
        course = Course.get(Course.slug == "art-floral-les-fondamentaux")
        certificates.issue(me, course.id)
    html = page(learner, "/mon-espace")
    assert 'href="/mes-attestations">Voir mon attestation</a>' in html
    assert "Reprendre" not in html


def test_the_calendar_page_and_its_ics_file(demo, learner):
    html = page(learner, "/mon-espace/calendrier")
    assert "Ouverture du module « Le bouquet rond »" in html
    assert "Début de la session « Session A »" in html
    response = learner.get("/mon-espace/calendrier.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = [c for c in calendar.walk("VEVENT")]
    summaries = [str(e["SUMMARY"]) for e in events]
    assert len(events) == 5  # start, three module openings, end
    assert any("Le bouquet rond" in s for s in summaries)
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert "Mon calendrier" in page(learner, "/mon-espace")


def test_modules_opening_the_same_day_are_listed_in_their_course_order(demo, learner):
    with demo.app_context():
        ModuleRelease.delete().execute()  # every module opens on the session's first day
        course = Course.get(Course.slug == "art-floral-les-fondamentaux")
        titles = [m.title for m in Module.select().where(Module.course == course).order_by(Module.position)]
    html = page(learner, "/mon-espace/calendrier")
    listed = re.findall(r"Ouverture du module « ([^»]+?) »", html)
    assert listed == titles, listed


def test_the_subscription_address_can_be_copied_in_one_tap(demo, learner):
    html = page(learner, "/mon-espace/calendrier")
    assert 'data-copy="feed-url"' not in html, "no address yet: nothing to copy"
    token = csrf_token(html)
    learner.post("/mon-espace/calendrier/abonnement", data={"csrf_token": token})
    html = page(learner, "/mon-espace/calendrier")
    assert re.search(r'<button type="button" class="secondary" data-copy="feed-url"[^>]* hidden>Copier</button>', html)


def test_trainers_read_how_long_a_question_waited_in_words(demo):
    with demo.app_context():
        Thread.update(created_at=utcnow() - timedelta(days=2, hours=3)).execute()
    trainer = signed_in(demo, "formatrice@petale.test")
    html = page(trainer, "/formateur")
    assert "il y a 2 jours" in html and " j " not in html


def test_the_restriction_notice_can_be_hidden_for_the_visit(demo, learner):
    with demo.app_context():
        Account.update(restricted_at=utcnow()).where(
            Account.id == account_id_for_email("apprenant@petale.test")).execute()
    assert "Le traitement de vos données est limité" in page(learner, "/mon-espace")
    hidden = submit(learner, "/avis/limitation/masquer", {"next": "/mon-espace"}, page="/mon-espace")
    assert hidden.status_code == 302 and hidden.headers["Location"] == "/mon-espace"
    assert "Le traitement de vos données est limité : elles" not in page(learner, "/mon-espace")
    assert "limit" in page(learner, "/mes-donnees").lower()
