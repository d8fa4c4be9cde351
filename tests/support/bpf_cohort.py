"""A 2031 session of learners for the BPF tests: each with a professional status, one hour on a lesson
that year, the first one's employer billed."""
from __future__ import annotations

from datetime import date, datetime

from portal.accounts.models import Account
from portal.invoicing import service as invoicing
from portal.learning.models import Course, Enrollment, Lesson, Module, TimeOnTask, TrainingSession
from portal.vault.models import FundingIdentity
from portal.vault.service import Party

YEAR = 2031


def cohort(app, statuses: list[str], restricted: int = 0) -> None:
    """Learners of one 2031 session, each with one hour on a lesson that year."""
    with app.app_context():
        course = Course.get(Course.slug == "art-floral-les-fondamentaux")
        lesson = Lesson.select().join(Module).where(Module.course == course).first()
        session = TrainingSession.create(course=course, title="Session 2031", starts_on=date(YEAR, 2, 1),
                                         ends_on=date(YEAR, 5, 1))
        for n, status in enumerate(statuses):
            account = Account.create(display_name=f"Stagiaire {n}", role="learner", confirmed_at=datetime(YEAR, 1, 1),
                                     restricted_at=datetime(YEAR, 1, 1) if n < restricted else None)
            FundingIdentity.create(account_id=account.id, professional_status=status, employer="Maison Florale")
            enrollment = Enrollment.create(account_id=account.id, session=session, funding="opco")
            TimeOnTask.create(account_id=account.id, lesson=lesson, day=date(YEAR, 3, 1), seconds=3600)
            if n == 0:
                # Invoicing a restricted trainee is a use beyond keeping her data: it needs its legal ground.
                invoicing.issue_invoice(enrollment.id, "employer", Party("Maison Florale", "Lyon"), None,
                                        today=date(YEAR, 2, 1),
                                        ground="obligation envers son financeur" if restricted else "")
