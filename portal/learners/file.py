"""A learner's file for staff (/gestion/apprenants/<id>): her enrolments and where she stands in each,
funding files, invoices, certificates, and her identity only on a reasoned, audited read (for a restricted
person, the reason is the legal ground of that use)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from portal.accounts.models import Account
from portal.certificates import service as certificates
from portal.certificates.models import Certificate
from portal.funding import service as funding
from portal.funding.models import FundingFile
from portal.invoicing import service as invoicing
from portal.invoicing.models import Invoice
from portal.learners import roster
from portal.learning import catalogue
from portal.learning.models import Course, Enrollment, TrainingSession
from portal.standing import service as standing
from portal.vault import audit
from portal.vault import service as vault


@dataclass(frozen=True)
class LearnerFile:
    account: Account
    enrollments: list[Enrollment]  # with session and course, newest session first
    progress: dict[int, roster.Progress]  # by enrolment
    files: dict[int, FundingFile]  # by enrolment
    invoices: list[tuple[Enrollment, Invoice]]  # not cancelled by a credit note
    invoice_states: dict[str, str]
    certificates: list[Certificate]
    moved_to: dict[int, TrainingSession]  # a transferred enrolment's new session
    open_to_her: list[TrainingSession]  # the sessions she can be enrolled in now, with their course

    @property
    def restricted_at(self) -> datetime | None:
        return self.account.restricted_at


def learner_account_or_none(account_id: uuid.UUID) -> Account | None:
    """A learner's account whatever its state: a list may still name someone whose account has closed since,
    and her file then says so rather than leading nowhere."""
    return Account.get_or_none((Account.id == account_id) & (Account.role == "learner"))


def learner_file(account: Account, today: date) -> LearnerFile:
    enrollments = list(Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
                       .where(Enrollment.account_id == account.id)
                       .order_by(TrainingSession.starts_on.desc(), Enrollment.id.desc()))
    progress = {e.id: roster.progress_of(e, today) for e in enrollments}
    invoices = [(e, invoice) for e in enrollments for invoice in invoicing.of_enrollment(e.id)]
    states = invoicing.states([invoice for _, invoice in invoices]) if invoices else {}
    by_id = {e.id: e for e in enrollments}
    moved = {e.id: by_id[e.transferred_to_id].session for e in enrollments if e.transferred_to_id in by_id}
    return LearnerFile(account, enrollments, progress, funding.files_of(list(by_id)), invoices, states,
                       certificates.of_account(account.id), moved, catalogue.sessions_open_to(account.id, today))


def identity(account_id: uuid.UUID, actor: audit.Actor, reason: str) -> dict[str, str | None]:
    """Her identity, the read in the access journal with its reason; for a restricted person the reason
    must be the legal ground of this use (standing.GroundRequired otherwise, nothing read)."""
    ground = standing.ground_for_use(account_id, reason)
    return vault.read_for_staff(account_id, actor, vault.STAFF_READABLE,
                                reason=standing.ground_words(ground) if ground else reason)
