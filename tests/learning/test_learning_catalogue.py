"""Catalogue, course pages, enrolment and the learner space."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

from portal.learning.models import Enrollment, TrainingSession
from portal.timeutil import utcnow
from tests.support.helpers import submit
from tests.support.learning_fixtures import signed_in
from tests.support.querycount import count_queries


def test_catalogue_lists_published_courses_publicly(demo):
    html = demo.test_client().get("/").get_data(as_text=True)
    assert "Art floral — les fondamentaux" in html and "Bouquets de saison — perfectionnement" in html


def test_course_page_shows_programme_durations_price_and_sessions(demo):
    html = demo.test_client().get("/cours/art-floral-les-fondamentaux").get_data(as_text=True)
    for fragment in ["Objectifs", "Prérequis", "Préparer les tiges", "15 min", "890,00", "Session A",
                     "211", "Connectez-vous pour vous inscrire"]:
        assert fragment in html, fragment
    assert demo.test_client().get("/cours/inconnu").status_code == 404


def test_a_learner_enrols_choosing_the_funding(demo):
    client = signed_in(demo, "apprenante2@petale.test")
    page = "/cours/bouquets-de-saison-perfectionnement"
    with demo.app_context():
        session = TrainingSession.get(TrainingSession.title == "Perfectionnement — prochaine session")
    response = submit(client, f"{page}/inscription", {"session_id": session.id, "funding": "cpf"}, page=page)
    assert response.status_code == 302 and response.headers["Location"] == "/mon-espace"
    with demo.app_context():
        enrollment = Enrollment.get(Enrollment.session == session)
        assert enrollment.funding == "cpf"
    assert "Bouquets de saison" in client.get("/mon-espace").get_data(as_text=True)
    again = submit(client, f"{page}/inscription", {"session_id": session.id, "funding": "cpf"}, page=page)
    assert again.status_code == 303
    assert "Vous avez déjà une inscription à cette session." in client.get(page).get_data(as_text=True)


def test_one_session_of_a_course_at_a_time(demo):
    """Antoine follows spring session A: summer session B of the same course is refused until A is over."""
    client = signed_in(demo, "apprenant@petale.test")
    page = "/cours/art-floral-les-fondamentaux"
    with demo.app_context():
        summer = TrainingSession.get(TrainingSession.title == "Session B")
        spring = TrainingSession.get(TrainingSession.title == "Session A")
        before = Enrollment.select().count()
    html = client.get(page).get_data(as_text=True)
    assert "Vous suivez déjà cette formation dans la session « Session A »." in html
    assert "M&#39;inscrire" not in html
    refused = submit(client, f"{page}/inscription", {"session_id": summer.id, "funding": "cpf"}, page=page)
    assert refused.status_code == 303
    assert "une seule session à la fois" in client.get(page).get_data(as_text=True)
    with demo.app_context():
        assert Enrollment.select().count() == before
        TrainingSession.update(ends_on=utcnow().date() - timedelta(days=1)).where(
            TrainingSession.id == spring.id).execute()
    again = submit(client, f"{page}/inscription", {"session_id": summer.id, "funding": "cpf"}, page=page)
    assert again.status_code == 302  # the spring session is over: a new one may start
    with demo.app_context():
        assert Enrollment.select().count() == before + 1


def test_enrolment_bad_input_is_refused_in_french(demo):
    client = signed_in(demo, "apprenante2@petale.test")
    page = "/cours/bouquets-de-saison-perfectionnement"
    with demo.app_context():
        session = TrainingSession.get(TrainingSession.title == "Perfectionnement — prochaine session")
        before = Enrollment.select().count()
    for data, message in [
        ({"session_id": session.id, "funding": "loterie"}, "Choisissez une session et un mode de financement."),
        ({"session_id": "abc", "funding": "cpf"}, "Choisissez une session et un mode de financement."),
        ({"session_id": 99999, "funding": "cpf"}, "Cette session n&#39;existe pas."),
    ]:
        response = submit(client, f"{page}/inscription", data, page=page)
        assert response.status_code == 303
        assert message in client.get(page).get_data(as_text=True)
    with demo.app_context():
        TrainingSession.update(ends_on=utcnow().date() - timedelta(days=1)).where(
            TrainingSession.id == session.id).execute()
    submit(client, f"{page}/inscription", {"session_id": session.id, "funding": "cpf"}, page=page)
    with demo.app_context():
        assert Enrollment.select().count() == before


def test_only_learners_enrol(demo):
    staff = signed_in(demo, "gestion@petale.test")
    page = "/cours/bouquets-de-saison-perfectionnement"
    response = submit(staff, f"{page}/inscription", {"session_id": 1, "funding": "cpf"}, page=page)
    assert response.status_code == 403


def test_learner_space_shows_resume_progress_calendar_and_results(learner):
    html = learner.get("/mon-espace").get_data(as_text=True)
    # The first lesson open and not done, in programme order; not the video last opened, done already.
    assert "Reprendre" in html and "Le cercle chromatique" in html and "vidéo à 0:03" not in html
    assert "Reprendre « Le cercle chromatique »" in unescape(html)
    assert "4 leçons terminées sur 7" in html
    assert "Prochain module : Le bouquet rond" in html
    assert "100 % — réussi" in html and "33 % — à retravailler" in html
    assert "Pour aller plus loin" in html


def test_learner_space_costs_a_fixed_number_of_queries(demo, learner):
    learner.get("/mon-espace")
    with demo.app_context():
        pass
    with count_queries() as statements:
        assert learner.get("/mon-espace").status_code == 200
    # One statement per block of the page, whatever her history: account, enrolments, lessons and progress,
    # module releases, recent courses, results, suggestions, a contract to sign, a questionnaire to answer,
    # answers to her questions not read yet.
    assert len(statements) <= 10, statements


def test_learner_pages_in_english(demo, learner):
    from portal.accounts.models import Account

    with demo.app_context():
        Account.update(language="en").where(Account.display_name == "Antoine").execute()
    space = learner.get("/mon-espace").get_data(as_text=True)
    assert "Resume" in space and "4 of 7 lessons finished" in space and "Latest results" in space
    course = learner.get("/cours/art-floral-les-fondamentaux").get_data(as_text=True)
    assert "Sessions open for enrolment" in course and "Objectives" in course
