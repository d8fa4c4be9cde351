"""The course page read by a newcomer: its hours explained against the lessons' own durations, the NSF code
in words, and only the sessions one can still join."""
from __future__ import annotations

import re
from html import unescape

from portal.learning.models import Course, TrainingSession

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
        assert f"{title} Du" in before
        TrainingSession.update(seats=0).where(TrainingSession.id == session.id).execute()  # every seat taken
    assert f"{title} Du" not in text(client, COURSE)
