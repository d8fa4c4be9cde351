"""The module player: release dates, media links, auto-save, completion and query budget."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest

from portal.demo.learning_seed import DEMO_VIDEO_PAUSED_AT
from portal.learning import xapi
from portal.learning.models import LearningEvent, LessonProgress, ModuleRelease, TimeOnTask
from portal.timeutil import utcnow
from portal.vault.service import account_id_for_email
from tests.support.helpers import csrf_token
from tests.support.learning_fixtures import lesson_named, signed_in
from tests.support.querycount import count_queries


def post(client, url, data, page):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def test_video_lesson_has_the_low_bandwidth_player(demo, learner):
    video = lesson_named(demo, "Préparer les tiges")
    html = unescape(learner.get(f"/lecon/{video.id}").get_data(as_text=True))
    assert 'preload="none"' in html and "poster=" in html and '<track kind="captions"' in html
    assert "Transcription" in html and "sous l'eau" in html
    assert "Télécharger la vidéo" in html and "qualite=basse" in html
    assert f"#t={DEMO_VIDEO_PAUSED_AT}\"" in html, "resumes where the learner stopped"
    low = learner.get(f"/lecon/{video.id}?qualite=basse").get_data(as_text=True)
    assert "preparer-les-tiges-basse.mp4" in low


def test_media_links_name_only_the_lesson_and_expire(demo, learner, monkeypatch):
    import re

    video = lesson_named(demo, "Préparer les tiges")
    html = unescape(learner.get(f"/lecon/{video.id}").get_data(as_text=True))
    poster = re.search(r'poster="([^"]+)"', html).group(1)
    with demo.app_context():
        from portal.accounts.models import Account

        account = Account.get(Account.display_name == "Antoine")
    assert str(account.id) not in poster and str(account.id.hex) not in poster and "apprenant" not in poster
    from itsdangerous import URLSafeTimedSerializer

    token = poster.split("jeton=")[1]
    payload = URLSafeTimedSerializer("x").loads_unsafe(token)[1]
    assert set(payload) == {"l", "p"}
    anonymous = demo.test_client()
    served = anonymous.get(poster)
    assert served.status_code == 200, "a CDN needs no session: the token is the key"
    served.close()
    assert anonymous.get(poster.replace("affiche.svg", "sous-titres.vtt")).status_code == 403
    assert anonymous.get(poster[:-4] + "AAAA").status_code == 403


def test_pdf_and_text_lessons(demo, learner):
    sheet = lesson_named(demo, "Fiche : les outils du fleuriste")
    html = unescape(learner.get(f"/lecon/{sheet.id}").get_data(as_text=True))
    assert "Ouvrir le document (PDF)" in html
    import re

    pdf_url = re.search(r'href="(/media/demo/fiche-outils.pdf[^"]+)"', html).group(1)
    response = learner.get(pdf_url)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    response.close()
    welcome = lesson_named(demo, "Bienvenue dans la formation")
    html = learner.get(f"/lecon/{welcome.id}").get_data(as_text=True)
    assert "<h2>Bienvenue</h2>" in html and "<strong>vidéos</strong>" in html


def test_a_module_not_yet_released_cannot_be_opened_by_url(demo, learner):
    spiral = lesson_named(demo, "La spirale")
    response = learner.get(f"/lecon/{spiral.id}")
    assert response.status_code == 403
    assert "Ce module sera disponible le" in response.get_data(as_text=True)
    with demo.app_context():
        ModuleRelease.update(release_on=utcnow().date() - timedelta(days=1)).where(
            ModuleRelease.module == spiral.module_id).execute()
    assert learner.get(f"/lecon/{spiral.id}").status_code == 200


def test_lessons_are_for_enrolled_learners_assigned_trainers_and_staff(demo):
    welcome = lesson_named(demo, "Bienvenue dans la formation")
    url = f"/lecon/{welcome.id}"
    assert demo.test_client().get(url).status_code == 302
    for email, status in [
        ("apprenant@petale.test", 200), ("apprenante2@petale.test", 200), ("formatrice@petale.test", 200),
        ("formateur2@petale.test", 200), ("gestion@petale.test", 200), ("dpo@petale.test", 403),
    ]:
        assert signed_in(demo, email).get(url).status_code == status, email
    advanced = lesson_named(demo, "Les fleurs de printemps")
    outsider = signed_in(demo, "apprenant@petale.test").get(f"/lecon/{advanced.id}")
    assert outsider.status_code == 403
    assert "réservée aux personnes inscrites" in unescape(outsider.get_data(as_text=True))
    assert signed_in(demo, "formateur2@petale.test").get(f"/lecon/{advanced.id}").status_code == 403
    assert signed_in(demo, "apprenant@petale.test").get("/lecon/99999").status_code == 404


def _resume(learner) -> str:
    return learner.get("/mon-espace").get_data(as_text=True).split("Reprendre")[1].split("</p>")[0]


def test_opening_a_lesson_appends_an_xapi_event_and_moves_the_resume_point(demo, learner):
    circle = lesson_named(demo, "Le cercle chromatique")
    learner.get(f"/lecon/{circle.id}")
    with demo.app_context():
        event = LearningEvent.select().order_by(LearningEvent.id.desc()).get()
        assert event.verb == xapi.EXPERIENCED and event.object_iri == f"http://petale.test/lecon/{circle.id}"
    assert "Le cercle chromatique" in _resume(learner)


def test_resume_skips_a_finished_lesson_to_the_first_open_one_not_done(demo, learner):
    """Antoine finished the first module; back on its welcome page (a review), "Reprendre" offers the first
    lesson he has not done among the released ones, not the page he has read already."""
    welcome = lesson_named(demo, "Bienvenue dans la formation")
    learner.get(f"/lecon/{welcome.id}")
    assert "Le cercle chromatique" in _resume(learner)
    with demo.app_context():  # the colours module is not open yet: nothing to take up, the space says when
        ModuleRelease.update(release_on=utcnow().date() + timedelta(days=3)).where(
            ModuleRelease.module == lesson_named(demo, "Le cercle chromatique").module_id).execute()
    html = unescape(learner.get("/mon-espace").get_data(as_text=True))
    assert "Reprendre" not in html
    assert "La suite ouvre le" in html and "« Le cercle chromatique »" in html


def test_staff_and_trainers_preview_without_being_tracked(demo):
    welcome = lesson_named(demo, "Bienvenue dans la formation")
    with demo.app_context():
        before = LearningEvent.select().count()
    html = signed_in(demo, "gestion@petale.test").get(f"/lecon/{welcome.id}").get_data(as_text=True)
    assert "data-lesson" not in html and "J&#39;ai terminé" not in html
    with demo.app_context():
        assert LearningEvent.select().count() == before


def test_video_position_is_saved_idempotently_and_resumed(demo):
    learner = signed_in(demo, "apprenante2@petale.test")  # Amélie has not finished the video
    video = lesson_named(demo, "Préparer les tiges")
    page = f"/lecon/{video.id}"
    for _ in range(2):
        assert post(learner, f"{page}/position", {"position": "312"}, page).status_code == 204
    with demo.app_context():
        rows = LessonProgress.select().where((LessonProgress.lesson == video.id) & (
            LessonProgress.account_id == account_id_for_email("apprenante2@petale.test")))
        assert [r.position_seconds for r in rows] == [312]
    assert "#t=312" in learner.get(page).get_data(as_text=True)
    space = unescape(learner.get("/mon-espace").get_data(as_text=True))
    assert "vidéo à 5:12" in space and "Reprendre « Préparer les tiges »" in space


def test_a_position_queued_offline_never_moves_resume_back(demo):
    """Amélie watched to 5:12 on the train; a few seconds replayed offline earlier (at 0:03) arrive after it."""
    learner = signed_in(demo, "apprenante2@petale.test")
    video = lesson_named(demo, "Préparer les tiges")
    page = f"/lecon/{video.id}"
    assert post(learner, f"{page}/position", {"position": "312"}, page).status_code == 204
    late = post(learner, f"{page}/position", {"position": "3", "age": "60000"}, page)
    assert late.status_code == 204
    assert "#t=312" in learner.get(page).get_data(as_text=True)
    # A position taken after the saved one still moves it, whether sent at once or queued a moment.
    assert post(learner, f"{page}/position", {"position": "330", "age": "0"}, page).status_code == 204
    assert "#t=330" in learner.get(page).get_data(as_text=True)
    # One kept offline longer than a lesson view lives is refused in words and not saved.
    assert post(learner, f"{page}/position", {"position": "7", "age": "999999999"}, page).status_code == 400
    assert "#t=330" in learner.get(page).get_data(as_text=True)


@pytest.mark.parametrize("value", ["-5", "99999999", "abc", "", "1e400"])
def test_absurd_positions_are_refused_and_nothing_changes(demo, learner, value):
    video = lesson_named(demo, "Préparer les tiges")
    page = f"/lecon/{video.id}"
    response = post(learner, f"{page}/position", {"position": value}, page)
    assert response.status_code == 400
    assert "Position de lecture impossible." in unescape(response.get_data(as_text=True)) or \
        "Valeur numérique attendue." in unescape(response.get_data(as_text=True))
    with demo.app_context():
        assert LessonProgress.get(LessonProgress.lesson == video.id).position_seconds == DEMO_VIDEO_PAUSED_AT


def test_saving_for_a_lesson_of_another_course_is_refused(demo, learner):
    advanced = lesson_named(demo, "Les fleurs de printemps")
    welcome = lesson_named(demo, "Bienvenue dans la formation")
    response = post(learner, f"/lecon/{advanced.id}/position", {"position": "10"}, f"/lecon/{welcome.id}")
    assert response.status_code == 403
    with demo.app_context():
        assert not LessonProgress.select().where(LessonProgress.lesson == advanced.id).exists()


def test_j_ai_termine_completes_once_and_goes_to_the_next_lesson(demo, learner):
    colours = lesson_named(demo, "Le cercle chromatique")
    page = f"/lecon/{colours.id}"
    html = learner.get(page).get_data(as_text=True)
    view = __import__("re").search(r'name="view" value="([^"]+)"', html).group(1)
    response = learner.post(f"{page}/terminer", data={"csrf_token": csrf_token(html), "view": view})
    assert response.status_code == 302
    exercise = lesson_named(demo, "Exercice : un bouquet en camaïeu")
    assert response.headers["Location"] == f"/lecon/{exercise.id}"
    learner.post(f"{page}/terminer", data={"csrf_token": csrf_token(html), "view": view})
    with demo.app_context():
        completions = LearningEvent.select().where(
            (LearningEvent.lesson == colours.id) & (LearningEvent.verb == xapi.COMPLETED))
        assert completions.count() == 1
        # Without heartbeats the time since opening is credited (seconds here, capped at 20 min).
        assert TimeOnTask.select().where(TimeOnTask.lesson == colours.id).count() <= 1
    assert "5 leçons terminées sur 7" in learner.get("/mon-espace").get_data(as_text=True)


@pytest.mark.parametrize("title", ["Préparer les tiges", "Quiz : outils et préparation"])
def test_the_player_costs_a_fixed_number_of_queries(demo, learner, title):
    lesson = lesson_named(demo, title)
    learner.get(f"/lecon/{lesson.id}")
    with count_queries() as statements:
        assert learner.get(f"/lecon/{lesson.id}").status_code == 200
    assert len(statements) <= 8, statements


def test_a_media_link_is_reused_for_a_while_then_signed_again(demo, learner, monkeypatch):
    """Two learners (or two visits) within a twenty-fourth of the validity get the same link, so the
    browser's cache serves the poster again; after that a new token, still valid for the rest."""
    import re
    import time

    video = lesson_named(demo, "Préparer les tiges")

    def poster():
        html = unescape(learner.get(f"/lecon/{video.id}").get_data(as_text=True))
        return re.search(r'poster="([^"]+)"', html).group(1)

    clock = [time.monotonic()]
    monkeypatch.setattr("portal.player.media.time.monotonic", lambda: clock[0])
    first = poster()
    clock[0] += demo.config["MEDIA_TOKEN_MAX_AGE"] / 24 - 1
    assert poster() == first
    from itsdangerous.timed import TimestampSigner

    later = int(time.time()) + 5  # the next token is signed at another second, so it differs
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    clock[0] += 2
    second = poster()
    assert second != first
    served = demo.test_client().get(second)
    assert served.status_code == 200
    served.close()


@pytest.mark.parametrize("cdn, allowed", [
    ("https://cdn.exemple.fr/media", "https://cdn.exemple.fr"),
    ("/media", None),  # served by the portal itself: 'self' is enough, no other origin is let in
])
def test_the_csp_lets_in_the_media_of_the_configured_cdn_and_nothing_else(make_app, cdn, allowed):
    """Every video, poster, caption and file link of a video lesson comes from an origin the page's
    CSP allows for media and images; the documented CDN set-up works in a browser."""
    import re
    from urllib.parse import urlsplit

    from portal.demo.seed import seed

    app = make_app(VIDEO_CDN_URL=cdn)
    with app.app_context():
        seed(backoffice=False)
    client = signed_in(app, "apprenant@petale.test")
    video = lesson_named(app, "Préparer les tiges")
    response = client.get(f"/lecon/{video.id}")
    directives = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    html = unescape(response.get_data(as_text=True))
    media = re.findall(r'(?:src|poster)="([^"]+)"', html)
    assert any("jeton=" in url for url in media)
    for url in media:
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url)) if urlsplit(url).netloc else "'self'"
        assert origin in directives["media-src"].split() and origin in directives["img-src"].split(), url
    others = [s for s in directives["media-src"].split() if s != "'self'"]
    assert others == ([allowed] if allowed else [])


def test_a_position_in_the_last_seconds_of_the_video_is_saved_as_its_start(demo):
    learner = signed_in(demo, "apprenante2@petale.test")
    video = lesson_named(demo, "Préparer les tiges")
    page = f"/lecon/{video.id}"

    def saved():
        with demo.app_context():
            return LessonProgress.get((LessonProgress.lesson == video.id) & (
                LessonProgress.account_id == account_id_for_email("apprenante2@petale.test"))).position_seconds

    assert post(learner, f"{page}/position", {"position": "477", "duration": "480"}, page).status_code == 204
    assert saved() == 0 and "#t=" not in learner.get(page).get_data(as_text=True)
    assert post(learner, f"{page}/position", {"position": "300", "duration": "480"}, page).status_code == 204
    assert saved() == 300
    # Less than max(min(10 s, a third), a tenth of the video) left is its end: 40 s before the end of 8 min (a
    # tenth is 48 s), or 2 s before the end of a video of 8 s (it restarted at 6 s, with nothing left to see).
    assert post(learner, f"{page}/position", {"position": "440", "duration": "480"}, page).status_code == 204
    assert saved() == 0
    assert post(learner, f"{page}/position", {"position": "420", "duration": "480"}, page).status_code == 204
    assert saved() == 420
    assert post(learner, f"{page}/position", {"position": "6", "duration": "8"}, page).status_code == 204
    assert saved() == 0
    # A short video keeps a position with a third of it still to see: the demo's clip paused at 3 s of 8, which
    # the learner's space announces (« vidéo à 0:03 »), resumes there.
    assert post(learner, f"{page}/position", {"position": "3", "duration": "8"}, page).status_code == 204
    assert saved() == 3
    assert post(learner, f"{page}/position", {"position": "8", "duration": "8"}, page).status_code == 204
    assert saved() == 0
    assert post(learner, f"{page}/position", {"position": "30", "duration": "x"}, page).status_code == 400


def test_a_copy_for_the_road_is_not_counted_as_opening_the_lesson(demo):
    learner = signed_in(demo, "apprenante2@petale.test")
    video = lesson_named(demo, "Préparer les tiges")

    def opened():
        with demo.app_context():
            return LearningEvent.select().where((LearningEvent.verb == xapi.EXPERIENCED)
                                                & (LearningEvent.lesson == video.id)).count()

    before = opened()
    copy = learner.get(f"/lecon/{video.id}", headers={"X-Petale-Copie": "oui"})
    assert copy.status_code == 200 and copy.headers["X-Petale-Hors-Ligne"] == "oui"
    assert opened() == before
    learner.get(f"/lecon/{video.id}")
    assert opened() == before + 1
