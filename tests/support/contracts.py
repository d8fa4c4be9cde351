"""A self-funded learner's training contract, signed through the service at a chosen instant."""
from __future__ import annotations

from datetime import datetime

from portal.contracts import service as contracts
from portal.demo.learning_seed import ADVANCED
from portal.demo.seed import DEMO_PASSWORD
from portal.learning.models import Course, TrainingSession
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
