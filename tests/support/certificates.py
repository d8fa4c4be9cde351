"""A course completed by a demo learner, and the certificate it earned."""
from __future__ import annotations

from portal.accounts.models import Account
from portal.certificates.models import Certificate
from portal.learning.models import Course, Lesson, Module, QuizAttempt
from portal.player import tracking
from tests.support.helpers import run_jobs

COURSE = "art-floral-les-fondamentaux"



def complete_course(app, display_name="Amélie") -> None:
    with app.app_context():
        learner = Account.get(Account.display_name == display_name).id
        lessons = list(Lesson.select(Lesson, Module).join(Module).join(Course).where(Course.slug == COURSE))
        for lesson in lessons:
            if lesson.kind == "quiz":
                QuizAttempt.create(account_id=learner, lesson=lesson.id, score=90, passed=True, answers="{}")
            tracking.complete(learner, lesson, None)
    run_jobs(app)
    run_jobs(app)


def the_certificate(app) -> Certificate:
    with app.app_context():
        return Certificate.select(Certificate, Course).join(Course).get()
