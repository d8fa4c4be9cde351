"""A self-funded learner's training contract, signed through the service at a chosen instant."""
from __future__ import annotations

from datetime import date, datetime, time

from portal.contracts import service as contracts
from portal.contracts.models import TrainingContract
from portal.demo.learning_seed import ADVANCED
from portal.demo.seed import DEMO_PASSWORD
from portal.learning.models import Course, Enrollment, TrainingSession
from portal.signin.service import Signup, create_confirmed_account
from portal.timeutil import to_paris
from portal.vault.service import account_id_for_email

NEWCOMER = "lea.jardin@example.org"  # enrolled nowhere; her password is the demo's
LEA_ADDRESS = "14 rue des Jardins\n35000 Rennes"  # given when she signs: her profile keeps none


def newcomer(app) -> None:
    """Léa, a learner with an account and no enrolment, who will pay her training herself."""
    with app.app_context():
        create_confirmed_account(Signup(full_name="Léa Jardin", email=NEWCOMER, phone="06 11 22 33 44",
                                        display_name="Léa", password=DEMO_PASSWORD), "learner")


def advanced_session() -> TrainingSession:
    return TrainingSession.select().join(Course).where(Course.slug == ADVANCED).get()


def sign_contract(app, signed_at: datetime, email: str = NEWCOMER, session: TrainingSession | None = None):
    """The learner (Léa, created first) signs the contract of "perfectionnement"'s next session."""
    if email == NEWCOMER:
        newcomer(app)
    with app.app_context():
        account_id = account_id_for_email(email)
        session = session or advanced_session()
        draft = contracts.offer(account_id, session.id, to_paris(signed_at).date())
        return contracts.sign(account_id, session.id, None, draft.fingerprint, signed_at,
                              postal_address=LEA_ADDRESS)


def share_signed(enrollment_id: int, signed_on: date) -> TrainingContract:
    """The learner of a funded enrolment signs the contract of her own share on that day (in an app context):
    what must come before anything is invoiced to her, from the eleventh day on."""
    enrollment = Enrollment.get_by_id(enrollment_id)
    draft = contracts.offer_for_share(enrollment.account_id, enrollment_id, signed_on)
    return contracts.sign(enrollment.account_id, None, enrollment_id, draft.fingerprint,
                          datetime.combine(signed_on, time(9, 0)),
                          postal_address=LEA_ADDRESS if draft.address_needed else "")
