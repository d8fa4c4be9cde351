"""The course page lists the sessions one can still join, running or upcoming, under a heading that says so;
a running one says since when."""
from __future__ import annotations

from datetime import timedelta

from portal.learning.models import Course, TrainingSession
from portal.timeutil import paris_today
from tests.support.helpers import readable


def test_a_running_session_is_listed_as_open_to_join_not_as_upcoming(demo):
    with demo.app_context():
        course = Course.get(Course.slug == "art-floral-les-fondamentaux")
        today = paris_today()
        TrainingSession.create(course=course, title="Session déjà commencée", starts_on=today - timedelta(days=20),
                               ends_on=today + timedelta(days=30))
    html = readable(demo.test_client().get(f"/cours/{course.slug}").get_data(as_text=True))
    assert "Prochaines sessions" not in html
    assert "Sessions ouvertes aux inscriptions" in html
    started = html.split("Session déjà commencée")[1]
    assert started.split("</li>")[0].count("En cours depuis le") == 1
    assert "vous pouvez encore la rejoindre" in started.split("</li>")[0]
