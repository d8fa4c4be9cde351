"""A self-funded learner's training contract, signed through the service at a chosen instant."""
from __future__ import annotations

from datetime import date, datetime, time

from flask import current_app

from portal.contracts import billing
from portal.contracts import service as contracts
from portal.contracts.models import TrainingContract
from portal.demo.learning_seed import ADVANCED
from portal.demo.seed import DEMO_PASSWORD
from portal.invoicing import service as invoicing
from portal.invoicing.models import Invoice
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


def share_signed(enrollment_id: int, signed_on: date, *, one_step: bool = False) -> TrainingContract:
    """The learner of a funded enrolment signs the contract of her own share on that day (in an app context):
    what must come before anything is invoiced to her, from the eleventh day on. one_step: the provider's
    schedule then billed a share in one step (no deposit), so that it is one invoice of her whole share."""
    enrollment = Enrollment.get_by_id(enrollment_id)
    config = current_app.config
    kept = config["CONTRACT_DEPOSIT_PERCENT"], config["CONTRACT_INSTALMENTS"]
    if one_step:
        config["CONTRACT_DEPOSIT_PERCENT"], config["CONTRACT_INSTALMENTS"] = 0, 1
    try:
        draft = contracts.offer_for_share(enrollment.account_id, enrollment_id, signed_on)
        return contracts.sign(enrollment.account_id, None, enrollment_id, draft.fingerprint,
                              datetime.combine(signed_on, time(9, 0)),
                              postal_address=LEA_ADDRESS if draft.address_needed else "")
    finally:
        config["CONTRACT_DEPOSIT_PERCENT"], config["CONTRACT_INSTALMENTS"] = kept


def step_billed(enrollment_id: int, on: date) -> Invoice:
    """Staff issue the next step of her contract on that day (before its own day if it is later): her invoices
    are her schedule's steps (in an app context)."""
    step = contracts.next_step(contracts.current_of(enrollment_id))
    return invoicing.invoice_or_none(billing.bill_next_now(enrollment_id, step.id, on))


def share_billed(enrollment_id: int, signed_on: date, on: date) -> Invoice:
    """Her share's contract signed on `signed_on` in one step, invoiced on `on` (in an app context)."""
    share_signed(enrollment_id, signed_on, one_step=True)
    return step_billed(enrollment_id, on)
