"""The contract's payment schedule carried out: the daily job invoices each step on its day (the deposit the
day after the withdrawal period, never before: the invoicing service refuses it anyway), reminds her before
each invoice's due date, and an early stop settles what the contract's clause says is due."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.contracts import schedule
from portal.contracts.models import STOP_REASONS, Instalment, TrainingContract
from portal.contracts.service import ContractRefused, current_of, next_step
from portal.invoicing import service as invoicing
from portal.jobs import job
from portal.learners import enrolments
from portal.learning import membership
from portal.learning.models import Enrollment, TrainingSession
from portal.links import external_url
from portal.standing.service import GroundRequired
from portal.timeutil import paris_day, paris_today

FORCE_MAJEURE, ABANDON = STOP_REASONS


def _training(contract: TrainingContract) -> str:
    return f"formation « {contract.session.course.title} » ({contract.session.title})"


def _line(instalment: Instalment, contract: TrainingContract, of: int) -> invoicing.Line:
    return invoicing.Line(f"Échéance {instalment.position} sur {of} du solde de la {_training(contract)}, selon "
                          f"le contrat signé le {paris_day(contract.signed_at):%d/%m/%Y}", 1, instalment.amount_cents)


def _left_to_her(contract: TrainingContract) -> int:
    return invoicing.plan(contract.enrollment_id).left_for("learner")


def _bill(instalment: Instalment, today: date) -> str | None:
    """Invoices one step of the schedule, on `today`, and keeps its number with it; None when it was invoiced
    meanwhile (staff issuing it early while the daily job runs): a step is never invoiced twice."""
    contract = instalment.contract
    with db.atomic(with_vault=True):
        if not Instalment.select().where((Instalment.id == instalment.id) & Instalment.invoice_number.is_null()
                                         & ~Instalment.cancelled).exists():
            return None
        if instalment.kind == schedule.DEPOSIT:
            invoice = invoicing.issue_invoice(contract.enrollment_id, "learner", None, None, today=today,
                                              part="deposit", deposit_cents=instalment.amount_cents,
                                              from_contract=True)
        elif instalment.amount_cents == contract.share_cents == _left_to_her(contract):
            # Her whole share in one step: the invoice of her share as any other reads it (with who pays the rest).
            invoice = invoicing.issue_invoice(contract.enrollment_id, "learner", None, None, today=today,
                                              another=True, from_contract=True)
        else:
            of = Instalment.select().where((Instalment.contract == contract.id)
                                           & (Instalment.kind == schedule.BALANCE)).count()
            invoice = invoicing.issue_invoice(contract.enrollment_id, "learner", None, None, today=today,
                                              lines=[_line(instalment, contract, of)], another=True,
                                              from_contract=True)
        Instalment.update(invoice_number=invoice.number).where(Instalment.id == instalment.id).execute()
    return invoice.number


def _running(enrollment_id: int, ended: str) -> TrainingContract:
    """Her signed contract, still running (neither withdrawn from nor stopped), or the refusal in words:
    `ended` says why an ended one can do nothing more."""
    contract = current_of(enrollment_id)
    if contract is None:
        raise ContractRefused(_l("Cette inscription n'a pas de contrat signé."), 404)
    if contract.withdrawn_at is not None or contract.stopped_on is not None:
        raise ContractRefused(ended, 409)
    return contract


def bill_next_now(enrollment_id: int, step_id: int, today: date) -> str:
    """Staff issue the schedule's next step before its day, as Digiforma and Dendreo let them: the schedule is
    the contract, so the step keeps its amount and the steps after it their days (she is never billed beyond
    the contract's price); only its invoice comes earlier, dated today (never inside her ten days to
    withdraw: the invoicing service refuses it). `step_id`: the step the page showed as next, so that a
    second click never bills the one after it."""
    with db.atomic(with_vault=True):
        contract = _running(enrollment_id, _l("Ce contrat a pris fin : ses échéances ne se facturent plus à l'avance."))
        step = next_step(contract)
        if step is None or step.id != step_id:
            raise ContractRefused(_l("Cette échéance est déjà facturée, ou n'est plus la prochaine : relisez "
                                     "l'échéancier ci-dessous."), 409)
        number = _bill(step, today)
        if number is None:
            raise ContractRefused(_l("Cette échéance vient d'être facturée."), 409)
        if step.bills_on > today:
            Instalment.update(bills_on=today).where(Instalment.id == step.id).execute()
    return number


def due_steps(today: date) -> list[Instalment]:
    """The steps whose day has come, of contracts still running, or stopped (a clause may leave steps due).
    An enrolment ended otherwise (withdrawn or transferred by staff) bills nothing more by itself: its
    contract page says what to record."""
    return list(Instalment.select(Instalment, TrainingContract).join(TrainingContract)
                .join(Enrollment, on=(TrainingContract.enrollment == Enrollment.id))
                .where((Instalment.bills_on <= today) & Instalment.invoice_number.is_null() & ~Instalment.cancelled
                       & TrainingContract.withdrawn_at.is_null()
                       & ((Enrollment.status == membership.ACTIVE) | TrainingContract.stopped_on.is_null(False)))
                .order_by(Instalment.bills_on, Instalment.id))


def bill_due(today: date) -> list[str]:
    """Every step whose day has come, invoiced; a refused one (a restricted person's, a share changed by staff)
    waits for staff, who see it on the enrolment's contract page. Running twice bills nothing twice."""
    issued = []
    for instalment in due_steps(today):
        try:
            if (number := _bill(instalment, today)) is not None:
                issued.append(number)
        except (invoicing.InvoiceRefused, GroundRequired):
            current_app.logger.warning("contract instalment %s not invoiced", instalment.id)
    return issued


def remind_due(today: date) -> int:
    """One mail per invoiced step still unpaid, CONTRACT_REMINDER_DAYS before its due date."""
    days = current_app.config["CONTRACT_REMINDER_DAYS"]
    steps = list(Instalment.select(Instalment, TrainingContract).join(TrainingContract)
                 .where(Instalment.invoice_number.is_null(False) & Instalment.reminded_on.is_null()))
    invoices = invoicing.invoices_numbered([s.invoice_number for s in steps])
    soon = [s for s in steps if s.invoice_number in invoices
            and today >= invoices[s.invoice_number].due_on - timedelta(days=days)
            and today <= invoices[s.invoice_number].due_on]
    states = invoicing.states([invoices[s.invoice_number] for s in soon]) if soon else {}
    sent = 0
    for step in soon:
        invoice = invoices[step.invoice_number]
        with db.atomic():
            if states.get(invoice.number) in invoicing.OPEN:
                mail.send(step.contract.account_id, "instalment_due", once_key=f"instalment-due-{step.id}",
                          number=invoice.number, amount_cents=invoice.total_cents, due_on=invoice.due_on.isoformat(),
                          invoices_url=external_url("invoicing.mine"))
                # Listed with the invoice's reminders on « Encaissements », as the courtesy reminder it is.
                invoicing.record_reminder(invoice, invoicing.COURTESY, "learner")
                sent += 1
            Instalment.update(reminded_on=today).where(Instalment.id == step.id).execute()
    return sent


@job(_l("Facturation des échéances des contrats de formation et rappels avant échéance"))
def daily_contract_billing() -> None:
    today = paris_today()
    bill_due(today)
    remind_due(today)


@dataclass(frozen=True)
class Settlement:
    due_cents: int  # what the clause leaves due
    credit_notes: list[str]
    invoice: str | None  # the invoice of what is due, when credit notes cancelled more than the excess
    cancelled_steps: int


def _prorata(contract: TrainingContract, stopped_on: date) -> int:
    session: TrainingSession = contract.session
    days = (session.ends_on - session.starts_on).days + 1
    followed = min(max((stopped_on - session.starts_on).days + 1, 0), days)
    return contract.share_cents * followed // days


def stop(enrollment_id: int, reason: str, stopped_on: date, note: str, by: uuid.UUID, today: date) -> Settlement:
    """She stops before the end. Force majeure: only the days of the session gone by are due, pro rata; what
    was invoiced beyond is cancelled by credit notes (and what is due invoiced again). Another reason: the
    steps whose day has come stay due, those to come are cancelled. The enrolment ends either way."""
    if reason not in STOP_REASONS:
        raise ContractRefused(_l("Choisissez le motif de l'arrêt : force majeure ou abandon."))
    note = " ".join((note or "").split())[:500]
    with db.atomic(with_vault=True):
        contract = _running(enrollment_id, _l("Ce contrat a déjà pris fin."))
        if stopped_on <= contract.withdrawal_ends_on:
            raise ContractRefused(_l("Le délai de rétractation court jusqu'au %(d)s : enregistrez plutôt sa "
                                     "rétractation, qui ne coûte rien.", d=f"{contract.withdrawal_ends_on:%d/%m/%Y}"))
        if stopped_on > today:
            raise ContractRefused(_l("La date d'arrêt ne peut pas être à venir."))
        TrainingContract.update(stopped_on=stopped_on, stop_reason=reason, stop_note=note, recorded_by=by).where(
            TrainingContract.id == contract.id).execute()
        to_come = (Instalment.contract == contract.id) & Instalment.invoice_number.is_null()
        if reason == ABANDON:
            to_come &= Instalment.bills_on > stopped_on  # the steps whose day has come stay due
        cancelled = Instalment.update(cancelled=True).where(to_come).execute()
        settlement = Settlement(0, [], None, cancelled)
        if reason == FORCE_MAJEURE:
            settlement = _settle_pro_rata(contract, stopped_on, by, today, cancelled)
        enrollment = Enrollment.get_or_none(Enrollment.id == enrollment_id)
        if enrollment is not None and enrollment.status == membership.ACTIVE:
            enrolments.withdraw(enrollment.id, by, f"Arrêt de la formation le {stopped_on:%d/%m/%Y}"
                                + (f" : {note}" if note else ""), today)
    return settlement


def _settle_pro_rata(contract: TrainingContract, stopped_on: date, by: uuid.UUID, today: date,
                     cancelled: int) -> Settlement:
    due = _prorata(contract, stopped_on)
    standing = [i for i in invoicing.of_enrollment(contract.enrollment_id) if i.payer_type == "learner"]
    billed = sum(i.total_cents for i in standing)
    notes: list[str] = []
    reason = (f"Arrêt pour force majeure le {stopped_on:%d/%m/%Y} : seules les prestations dispensées sont dues "
              f"({invoicing.euros(due)} au prorata), selon le contrat")
    for invoice in standing:  # newest first
        if billed <= due:
            break
        notes.append(invoicing.issue_credit_note(invoice.number, reason, by, today).number)
        billed -= invoice.total_cents
    again = None
    if due > billed:  # what the days gone by leave due beyond what stands invoiced
        line = invoicing.Line(f"Prestations dispensées jusqu'au {stopped_on:%d/%m/%Y} de la {_training(contract)}, "
                              f"au prorata des jours de la session (arrêt pour force majeure)", 1, due - billed)
        again = invoicing.issue_invoice(contract.enrollment_id, "learner", None, by, lines=[line], today=today,
                                        another=True, from_contract=True).number
    return Settlement(due, notes, again, cancelled)
