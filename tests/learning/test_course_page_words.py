"""The course page read by a newcomer: its hours explained against the lessons' own durations, the NSF code
in words, and only the sessions one can still join."""
from __future__ import annotations

import re
from html import unescape

from portal.accounts.models import Account
from portal.learning.models import Course, TrainingSession
from tests.support.page_language import french_left

COURSE = "/cours/art-floral-les-fondamentaux"


def text(client, url):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", client.get(url).get_data(as_text=True))))


def test_the_hours_are_explained_and_the_speciality_said_in_words(demo):
    page = text(demo.test_client(), COURSE)
    assert "21 heures Tout le temps de formation prévu : les leçons en ligne (environ" in page
    assert "Spécialité Productions végétales, cultures spécialisées et protection des cultures (code NSF 211)" in page
    assert "Code NSF" not in page


def test_a_full_session_is_not_offered(demo):
    client = demo.test_client()
    before = text(client, COURSE)
    with demo.app_context():
        session = (TrainingSession.select(TrainingSession, Course).join(Course)
                   .where(Course.slug == "art-floral-les-fondamentaux")
                   .order_by(TrainingSession.ends_on.desc()).first())
        title = session.title
        # Upcoming (« Du … au … ») or running (« En cours depuis … »): listed while one may join it.
        assert f"{title} Du" in before or f"{title} En cours depuis" in before
        TrainingSession.update(seats=0).where(TrainingSession.id == session.id).execute()  # every seat taken
    after = text(client, COURSE)
    assert f"{title} Du" not in after and f"{title} En cours depuis" not in after


def test_an_english_course_page_says_the_portals_words_in_english_and_marks_the_providers_french(learner):
    """The speciality, the hours' explanation and every label in English; the provider's own texts (title,
    objectives, modules, lessons, sessions) stay French, marked lang="fr" so that they are read aloud in French."""
    with learner.application.app_context():
        Account.update(language="en").where(Account.display_name == "Antoine").execute()
    html = learner.get(COURSE).get_data(as_text=True)
    page = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))
    assert "Speciality Plant production, specialised crops and crop protection (NSF code 211)" in page
    assert "Productions végétales" not in page
    assert "21 hours" in page and "All the training time planned" in page
    assert french_left(html) == []
    assert '<h1 lang="fr">Art floral — les fondamentaux</h1>' in html
