"""What the contract pages show: the text as signed, the parties (from the vault), the schedule with each
step's invoice and its state, and whether she may still withdraw."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, timedelta

from portal.contracts import service
from portal.contracts.models import Instalment, TrainingContract
from portal.documents.issuer import Provider, provider
from portal.formatting import file_name
from portal.invoicing import service as invoicing
from portal.learning import membership
from portal.learning.models import Course, Enrollment, TrainingSession
from portal.learning.outline import OutlineLesson, outline
from portal.timeutil import to_paris
from portal.vault import audit
from portal.vault import service as vault
from portal.vault.service import Party


@dataclass(frozen=True)
class Step:
    instalment: Instalment
    state: str | None  # the invoice's state once invoiced (invoicing's words), None before
    due_on: date | None  # the invoice's due date once invoiced


@dataclass(frozen=True)
class ContractPage:
    contract: TrainingContract
    sections: list[dict]
    party: Party
    steps: list[Step]
    can_withdraw: bool
    provider: Provider
    # Where she begins once signed: the lesson to start from, or else the day lessons open (her own
    # calendar, the one her space follows); both None for a contract withdrawn or stopped, or read by staff.
    start_lesson: OutlineLesson | None = None
    opens_on: date | None = None

    @property
    def next_step(self) -> Instalment | None:
        """The schedule's first step not yet invoiced (none cancelled): what staff may issue before its day."""
        return next((s.instalment for s in self.steps
                     if not s.instalment.invoice_number and not s.instalment.cancelled), None)

    @property
    def file_name(self) -> str:
        """Named like the certificate: the course and the day she signed."""
        return file_name("contrat", self.contract.session.course.slug, to_paris(self.contract.signed_at).date())

    @property
    def billing_opens_on(self) -> date:
        """The first day anything may be invoiced to her (the day after her ten days to withdraw)."""
        return self.contract.withdrawal_ends_on + timedelta(days=1)


@dataclass(frozen=True)
class StaffPage:
    enrollment: Enrollment
    page: ContractPage | None  # None: no contract signed for this enrolment
    awaited_cents: int = 0  # no contract yet: her own share, which her space asks her to sign for (0: none)
    # The session is over and no contract is here: a signed one went to the legal archive with the training;
    # none is offered to sign any more.
    ended: bool = False


def _steps(contract: TrainingContract) -> list[Step]:
    instalments = list(Instalment.select().where(Instalment.contract == contract.id).order_by(Instalment.position))
    invoices = invoicing.invoices_numbered([i.invoice_number for i in instalments if i.invoice_number])
    states = invoicing.states(list(invoices.values())) if invoices else {}
    return [Step(i, states.get(i.invoice_number), invoices[i.invoice_number].due_on
                 if i.invoice_number in invoices else None) for i in instalments]


def _page(contract: TrainingContract, party: Party | None, today: date) -> ContractPage:
    return ContractPage(contract, service.sections_of(contract), party or Party("", ""), _steps(contract),
                        service.can_withdraw(contract, today), provider())


def learner_page(account_id: uuid.UUID, contract_id: int, today: date) -> ContractPage | None:
    contract = service.mine_or_none(account_id, contract_id)
    if contract is None:
        return None
    page = _page(contract, vault.learner_as_party(account_id), today)
    if contract.withdrawn_at or contract.stopped_on:
        return page
    plan = outline(account_id, contract.session.course_id, today)
    following = plan.next_to_do
    opening = plan.next_opening if following is None else None
    return replace(page, start_lesson=following, opens_on=opening.opens_on if opening else None)


def staff_page(enrollment_id: int, reader: audit.Actor, today: date) -> StaffPage | None:
    """A staff member reading the contract reads her name and address: the vault's journal says so."""
    enrollment = (Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
                  .where(Enrollment.id == enrollment_id).first())
    if enrollment is None:
        return None
    contract = service.current_of(enrollment_id)
    if contract is None:
        ended = enrollment.session.ends_on < today
        return StaffPage(enrollment, None, service.learner_share(enrollment)
                         if enrollment.status == membership.ACTIVE and not ended else 0, ended)
    audit.record(reader, contract.account_id, "lecture", ["full_name", "postal_address"], workflow="contrat")
    return StaffPage(enrollment, _page(contract, vault.learner_as_party(contract.account_id), today))


@dataclass(frozen=True)
class Contracts:
    """Her space's list: the contracts she signed, the shares she has still to sign for."""
    signed: list[TrainingContract]
    to_sign: list[Enrollment]


def of_learner(account_id: uuid.UUID, today: date) -> Contracts:
    return Contracts(service.of_learner(account_id), service.to_sign(account_id, today))
