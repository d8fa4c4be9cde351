"""Progress made without a network: queued in the browser (static/offline.js) and sent later with its
age. Credited once, at the time it happened, never more than the lesson's planned time from late beats,
refused when older than a view lives; quiz answers sent twice are graded once. And what the server says
about keeping pages: which pages the service worker may keep, and when every copy must go."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from portal.accounts.models import Account
from portal.learning.models import LessonProgress, QuizAttempt
from portal.player import tracking
from portal.timeutil import utcnow
from tests.support.helpers import csrf_token
from tests.support.learning_fixtures import lesson_named, signed_in
from tests.support.tracking import fresh_view, learner_id, seconds


@pytest.fixture
def video(demo):
    return lesson_named(demo, "Préparer les tiges")


def test_beats_queued_offline_are_credited_at_the_time_they_happened(demo, video):
    """Four beats queued during two minutes in a tunnel, sent in one burst when the network returns: the
    same 120 s as if they had arrived on time (the burst's own timing credits nothing)."""
    account = learner_id(demo)
    start = utcnow().replace(microsecond=0) - timedelta(minutes=10)
    view = fresh_view(demo, account, video, start)
    base = seconds(demo, video.id)
    back_online = start + timedelta(seconds=125)
    with demo.app_context():
        credited = [tracking.credit_beat(account, video.id, view, seq, now=back_online + timedelta(milliseconds=seq),
                                         age_ms=(125 - 30 * seq) * 1000 + seq)
                    for seq in (1, 2, 3, 4)]
        # Sent again (the answer to the burst was lost in the next tunnel): nothing more.
        again = [tracking.credit_beat(account, video.id, view, seq, now=back_online + timedelta(seconds=9),
                                      age_ms=(125 - 30 * seq + 9) * 1000) for seq in (1, 2, 3, 4)]
    assert credited == [30, 30, 30, 30] and again == [0, 0, 0, 0]
    assert seconds(demo, video.id) - base == 120


def test_a_beat_older_than_a_view_lives_is_refused(demo, video):
    account = learner_id(demo)
    view = fresh_view(demo, account, video, utcnow() - timedelta(minutes=1))
    with demo.app_context(), pytest.raises(tracking.TooOld):
        tracking.credit_beat(account, video.id, view, 1, age_ms=(tracking.MAX_AGE_SECONDS + 1) * 1000)
    learner = signed_in(demo, "apprenant@petale.test")
    token = csrf_token(learner.get(f"/lecon/{video.id}").get_data(as_text=True))
    for age in (str((tracking.MAX_AGE_SECONDS + 1) * 1000), "-5", "soon"):
        response = learner.post(f"/lecon/{video.id}/battement", data={"csrf_token": token, "view": view, "seq": "1",
                                                                      "age": age})
        assert response.status_code == 400, age


def test_late_beats_never_credit_more_than_the_lesson_s_planned_time(demo, video):
    """A forged queue of a thousand beats 45 s apart (twelve hours) earns the planned duration, no more."""
    account = learner_id(demo)
    start = utcnow().replace(microsecond=0) - timedelta(hours=11, minutes=30)
    view = fresh_view(demo, account, video, start)
    base = seconds(demo, video.id)
    now = utcnow()
    with demo.app_context():
        for seq in range(1, 901):
            tracking.credit_beat(account, video.id, view, seq, now=now,
                                 age_ms=int(((now - start).total_seconds() - 45 * seq) * 1000))
    assert seconds(demo, video.id) - base == video.expected_minutes * 60


def test_j_ai_termine_sent_late_completes_the_lesson_when_it_was_pressed(demo, video):
    learner = signed_in(demo, "apprenante2@petale.test")  # Félix: the lesson is not done yet
    with demo.app_context():
        lesson = lesson_named(demo, "Bienvenue dans la formation")
    page = learner.get(f"/lecon/{lesson.id}").get_data(as_text=True)
    view = re.search(r'name="view" value="([^"]+)"', page).group(1)
    response = learner.post(f"/lecon/{lesson.id}/terminer",
                            data={"csrf_token": csrf_token(page), "view": view, "age": str(20 * 60 * 1000)})
    assert response.status_code == 302
    with demo.app_context():
        done = LessonProgress.get((LessonProgress.lesson == lesson.id)
                                  & (LessonProgress.account_id == learner_id(demo, "apprenante2@petale.test")))
    assert abs((utcnow() - done.completed_at) - timedelta(minutes=20)) < timedelta(seconds=30)


def test_quiz_answers_sent_twice_are_graded_once(demo):
    learner = signed_in(demo, "apprenante2@petale.test")
    quiz = lesson_named(demo, "Quiz : outils et préparation")
    page = learner.get(f"/lecon/{quiz.id}").get_data(as_text=True)
    key = re.search(r'name="envoi" value="([^"]+)"', page).group(1)
    answers = {"csrf_token": csrf_token(page), "envoi": key, "age": "90000"}
    for name in set(re.findall(r'name="(q\d+)"', page)):  # the first choice of each, or a short text
        choice = re.search(rf'name="{name}" value="([^"]+)"', page)
        answers[name] = choice.group(1) if choice else "en biseau"
    account = learner_id(demo, "apprenante2@petale.test")

    def attempts():
        with demo.app_context():
            return list(QuizAttempt.select().where((QuizAttempt.account_id == account)
                                                   & (QuizAttempt.lesson == quiz.id)))

    before = len(attempts())
    first = learner.post(f"/lecon/{quiz.id}/quiz", data=answers)
    second = learner.post(f"/lecon/{quiz.id}/quiz", data=answers)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]  # the same attempt's result
    made = attempts()
    assert len(made) == before + 1
    assert abs((utcnow() - made[-1].submitted_at) - timedelta(seconds=90)) < timedelta(seconds=30)
    # A new page is a new key: answering again is a new attempt.
    fresh = learner.get(f"/lecon/{quiz.id}").get_data(as_text=True)
    answers["envoi"] = re.search(r'name="envoi" value="([^"]+)"', fresh).group(1)
    learner.post(f"/lecon/{quiz.id}/quiz", data=answers)
    assert len(attempts()) == before + 2


def test_only_a_learner_s_own_pages_are_marked_for_keeping_and_signing_out_clears_them(demo, video):
    learner = signed_in(demo, "apprenant@petale.test")
    lesson = learner.get(f"/lecon/{video.id}")
    assert lesson.headers.get("X-Petale-Hors-Ligne") == "oui"
    assert learner.get("/mon-espace").headers.get("X-Petale-Hors-Ligne") == "oui"
    for personal in ("/mes-donnees", "/profil", "/mes-factures", "/mes-attestations"):
        assert "X-Petale-Hors-Ligne" not in learner.get(personal).headers, personal
    trainer = signed_in(demo, "formatrice@petale.test")
    assert "X-Petale-Hors-Ligne" not in trainer.get(f"/lecon/{video.id}").headers
    assert 'id="reseau"' not in trainer.get("/formateur").get_data(as_text=True)
    html = lesson.get_data(as_text=True)
    mark = re.search(r'id="reseau"[^>]*data-learner="([0-9a-f]{20})"', html).group(1)
    assert str(learner_id(demo)) not in html.split('id="reseau"')[1].split(">")[0] and len(mark) == 20
    assert 'class="keep-offline" hidden' in html and "Garder hors ligne" in html
    assert re.search(r"Garder aussi la vidéo en qualité basse \(\d+\sko\)", html), "its size, in words"
    worker = learner.get("/sw.js")
    assert worker.status_code == 200 and worker.mimetype == "text/javascript"
    assert worker.headers["Cache-Control"] == "no-cache" and b"X-Petale-Hors-Ligne" in worker.data
    assert learner.get("/hors-ligne/jeton").get_json()["jeton"]
    assert "Vous êtes hors ligne" in demo.test_client().get("/hors-ligne").get_data(as_text=True)
    out = learner.post("/deconnexion", data={"csrf_token": csrf_token(html)})
    assert out.status_code == 302 and out.headers["Clear-Site-Data"] == '"cache", "storage"'



@pytest.mark.parametrize("address", ["/hors-ligne", "/hors-ligne/envoi"])
def test_the_offline_pages_fetched_within_a_session_name_no_one(demo, address):
    """The service worker keeps these pages as fetched in her session, then shows them to whoever holds the
    phone offline, after she signed out too: nothing in them says who she is."""
    learner = signed_in(demo, "apprenant@petale.test")
    assert "Antoine" in learner.get("/mon-espace").get_data(as_text=True)  # named on her other pages
    html = learner.get(address).get_data(as_text=True)
    assert "Antoine" not in html
    assert 'id="who"' not in html
    # « Se déconnecter » for whoever holds the phone: it names no one, and carries no token of hers.
    assert re.search(r'<form[^>]*data-deconnexion data-copie><input type="hidden" name="csrf_token" value="">', html)
    assert not re.search(r'data-learner="[^"]', html)  # the queue's mark of her, opaque but hers
    assert 'href="/mon-espace"' in html  # the way to the space this device may hold


@pytest.mark.parametrize("address, words", [("/hors-ligne", "You are offline"), ("/hors-ligne/envoi", 'lang="en"')])
def test_the_offline_pages_are_in_her_language_and_pages_say_theirs(demo, address, words):
    """Kept by the service worker as fetched in her session: an English account's copy is in English; every
    page says its language, so that the worker fetches them again when it changes (static/sw.js)."""
    with demo.app_context():
        Account.update(language="en").where(Account.id == learner_id(demo)).execute()
    learner = signed_in(demo, "apprenant@petale.test")
    response = learner.get(address)
    html = response.get_data(as_text=True)
    assert words in html and 'lang="en"' in html and "Antoine" not in html
    assert response.headers["Content-Language"] == "en"
    assert learner.get("/mon-espace").headers["Content-Language"] == "en"
    assert demo.test_client().get("/").headers["Content-Language"] == "fr"
