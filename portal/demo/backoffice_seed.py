"""Demo back office: funding files, a learner who finished a past session with her certificate, invoices
(one cancelled by a credit note), an enrolment's price shared between its OPCO and the employer, a cheque
paying part of an overdue invoice and its reminder, a card payment, and last year's paid deposit already in
the legal archive."""
from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from portal import db
from portal.certificates import service as certificates
from portal.contracts import schedule
from portal.contracts import service as contracts
from portal.contracts.models import Instalment
from portal.demo.learning_seed import ADVANCED, FUNDAMENTALS, _event
from portal.funding import service as funding
from portal.funding.models import FundingDocument, FundingFile
from portal.invoicing import received
from portal.invoicing import service as invoicing
from portal.invoicing.personal_data import move_closed_fiscal_years
from portal.learning import xapi
from portal.learning.models import (
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    Module,
    QuizAttempt,
    SessionTrainer,
    TimeOnTask,
    TrainingSession,
)
from portal.payments import receivables, settlements
from portal.payments.models import Checkout
from portal.privacy import intake
from portal.stats.bpf import close_years
from portal.timeutil import utcnow
from portal.vault import service as vault
from portal.vault.audit import Actor
from portal.vault.service import Party

# Bérénice pays for herself; her profile keeps no address (no paper documents), her invoices do.
BERENICE_BILLING = Party("", "8 rue des Capucines\n69001 Lyon")

def seed_backoffice(today: date) -> None:
    if FundingFile.select().exists():
        return
    people = {name: vault.account_id_for_email(f"{name}@petale.test")
              for name in ("apprenant", "apprenante2", "berenice", "gestion", "formatrice", "dpo")}
    course = Course.get_or_none(Course.slug == FUNDAMENTALS)
    if None in people.values() or course is None:
        return
    staff = people["gestion"]
    antoine = Enrollment.get(Enrollment.account_id == people["apprenant"])
    amelie = Enrollment.get(Enrollment.account_id == people["apprenante2"])
    berenice = _finished_learner(people["berenice"], people["formatrice"], course, today)
    _funding_file(antoine, staff, "opco", "OPCO EP", "EP-2026-0042", ("submitted", "accepted"), "employee",
                  "Fleurs du Marais SARL", {"agreement": "Convention signée le 02/11, classée GED n° 481",
                                            "programme": "Programme v3 joint à la convention",
                                            "convocation": "Envoyée par courriel le 03/11"})
    _funding_file(amelie, staff, "cpf", "", "", (), "individual", "", {})
    _funding_file(berenice, staff, "self", "", "", (), "individual", "", {})
    _summer_contract(berenice, today)
    certificates.issue(people["berenice"], course.id)
    _antoines_invoices(antoine, staff, today)
    _last_years_deposit(berenice, staff, today)
    _letters_to_the_dpo(Actor(people["dpo"], "dpo"), today)
    # Her contract's steps, as its schedule billed them (the demo writes her history, not staff by hand).
    paid = invoicing.issue_invoice(berenice.id, "learner", BERENICE_BILLING, staff, today=today, part="balance",
                                   from_contract=True)
    _steps_billed(berenice, schedule.BALANCE, paid.number)
    # Paid by card today, at ten or, seeded earlier in the day, a moment ago: never at an hour still to come.
    paid_at = min(datetime.combine(today, time(9)), utcnow() - timedelta(minutes=30))
    with db.atomic(with_vault=True):
        token = secrets.token_urlsafe(24)
        Checkout.create(token=token, invoice_number=paid.number, account_id=people["berenice"],
                        amount_cents=paid.total_cents, status="paid", paid_at=paid_at)
        received.receive(paid.number, people["berenice"], paid.total_cents, f"pay_demo{secrets.token_hex(4)}",
                         paid_at, "4242")
    _berenices_contract(people["berenice"], today)


def _summer_contract(enrollment: Enrollment, today: date) -> None:
    """Bérénice paid the summer session herself: she signed its contract online, eleven days before her
    deposit was invoiced (nothing may be invoiced to her before, L6353-3 to L6353-6)."""
    signed_on = _deposit_day(today) - timedelta(days=schedule.WITHDRAWAL_DAYS + 1)
    draft = contracts.offer_for_share(enrollment.account_id, enrollment.id, signed_on)
    contracts.sign(enrollment.account_id, None, enrollment.id, draft.fingerprint,
                   datetime.combine(signed_on, time(10)), postal_address=BERENICE_BILLING.address)


def _steps_billed(enrollment: Enrollment, kind: str, number: str) -> None:
    """The demo invoiced her contract's steps itself (a deposit, then one balance): its schedule says so, or
    the daily billing would invoice them again."""
    contract = contracts.current_of(enrollment.id)
    Instalment.update(invoice_number=number).where((Instalment.contract == contract.id) & (Instalment.kind == kind)
                                                   & Instalment.invoice_number.is_null()).execute()


def _berenices_contract(account_id, today: date) -> None:
    """Bérénice pays the "perfectionnement" herself: she signed its contract three days ago, so she may still
    withdraw for a week, and "Mes factures" announces the deposit for the day after."""
    session = TrainingSession.select().join(Course).where(Course.slug == ADVANCED).order_by(
        TrainingSession.starts_on).first()
    if session is None:
        return
    signed_at = datetime.combine(today - timedelta(days=3), time(9, 15))
    draft = contracts.offer(account_id, session.id, today - timedelta(days=3))
    contracts.sign(account_id, session.id, None, draft.fingerprint, signed_at, postal_address=BERENICE_BILLING.address)


def _letters_to_the_dpo(dpo: Actor, today: date) -> None:
    """Two letters waiting in the dpo's register: Bérénice asks for her data by post (to carry out once her
    identity is checked), and someone who never had an account asks what we hold about her."""
    letter = intake.Letter(kind="access", channel="courrier", received_on=today - timedelta(days=4),
                           email="berenice@petale.test")
    proposal = intake.record_received(letter, dpo)  # whom it matched, as the dpo confirms it
    intake.record_received(replace(letter, confirmed_account=str(proposal.match.account_id)), dpo)
    intake.record_received(intake.Letter(kind="access", channel="courrier", received_on=today - timedelta(days=2),
                                         without_account=True, full_name="Capucine Ancolie",
                                         postal_address="12 rue des Glycines\n69004 Lyon"), dpo)


def _antoines_invoices(antoine: Enrollment, staff, today: date) -> None:
    """Antoine's employer was billed the whole price by mistake, six weeks ago: cancelled by a credit note.
    The OPCO takes 700 €, the employer the rest; the employer paid 90 € by cheque and is late with the rest,
    reminded once; the OPCO's invoice, issued this week, names Antoine and the OPCO's case number."""
    employer = Party("Fleurs du Marais SARL", "3 rue du Temple, 75004 Paris", "404833048",
                     email="compta@fleurs-du-marais.test")
    billed_on = max(today - timedelta(days=45), date(today.year, 1, 1))
    mistaken = invoicing.issue_invoice(antoine.id, "employer", employer, staff, today=billed_on)
    invoicing.issue_credit_note(mistaken.number, "Prise en charge par l'OPCO : la part de l'employeur est refaite.",
                                staff, today=billed_on)
    invoicing.set_shares(antoine.id, {"funder": 70000, "employer": antoine.session.course.price_cents - 70000})
    share = invoicing.issue_invoice(antoine.id, "employer", employer, staff, today=billed_on)
    cheque = settlements.Received(min(billed_on + timedelta(days=20), today), "cheque", "n° 4471203", 9000)
    settlements.record(cheque, [settlements.Allocation(share.number, 9000)], staff, today=today)
    receivables.send_due_reminders(today)
    invoicing.issue_invoice(antoine.id, "funder", Party("OPCO EP", "9 rue de Vienne, 75008 Paris", "851296632"),
                            staff, today=max(today - timedelta(days=3), date(today.year, 1, 1)))


def _deposit_day(today: date) -> date:
    return date(today.year - 1, 12, 12)


def _last_years_deposit(enrollment: Enrollment, staff, today: date) -> None:
    """Bérénice paid a 30 % deposit when she enrolled, last December: its fiscal year is closed, so it is
    already in the legal archive (FAC-<last year>-000001), for her "pièces archivées" and the staff's archive
    search; the balance billed this year deducts it."""
    issued = _deposit_day(today)
    invoice = invoicing.issue_invoice(enrollment.id, "learner", BERENICE_BILLING, staff, today=issued, part="deposit",
                                      from_contract=True)  # her contract's deposit step
    _steps_billed(enrollment, schedule.DEPOSIT, invoice.number)
    received.receive(invoice.number, enrollment.account_id, invoice.total_cents, f"pay_demo{secrets.token_hex(4)}",
                     datetime.combine(issued, time(18, 30)), "4242")
    close_years(today)  # its figures kept for the statistics before its invoices move
    move_closed_fiscal_years(today)


def _funding_file(enrollment: Enrollment, staff, funder_type: str, funder_name: str, case_number: str,
                  steps: tuple[str, ...], status: str, employer: str, documents: dict[str, str]) -> None:
    file = funding.open_file(enrollment.id, staff)
    funding.save_details(file, funding.FileDetails(funder_type, funder_name, case_number, status, employer))
    for step in steps:
        funding.move(FundingFile.get_by_id(file.id), step, staff)
    with db.atomic():
        for kind, reference in documents.items():
            FundingDocument.create(file=file.id, kind=kind, reference=reference, added_by=staff)


def _finished_learner(account_id, trainer, course: Course, today: date) -> Enrollment:
    """Bérénice followed a summer session that is over: every lesson done, the quiz passed at 95 %."""
    with db.atomic():
        session = TrainingSession.create(course=course, title="Session d'été",
                                         starts_on=today - timedelta(days=120), ends_on=today - timedelta(days=30))
        SessionTrainer.create(session=session, account_id=trainer)
        enrollment = Enrollment.create(account_id=account_id, session=session, funding="self",
                                       enrolled_at=datetime.combine(min(session.starts_on, _deposit_day(today)),
                                                                    time(9)))
        lessons = list(Lesson.select().join(Module).where(Module.course == course).order_by(Module.position,
                                                                                            Lesson.position))
        for index, lesson in enumerate(lessons):
            when = datetime.combine(session.starts_on + timedelta(days=3 + 9 * index), time(18, 30))
            _event(account_id, xapi.EXPERIENCED, lesson, course, when)
            if lesson.kind == "quiz":
                QuizAttempt.create(account_id=account_id, lesson=lesson, submitted_at=when, score=95, passed=True,
                                   answers="{}")
                _event(account_id, xapi.ATTEMPTED, lesson, course, when, result={
                    "score": {"scaled": 0.95, "raw": 95, "min": 0, "max": 100}, "success": True, "completion": True})
            _event(account_id, xapi.COMPLETED, lesson, course, when + timedelta(minutes=lesson.expected_minutes),
                   result={"completion": True})
            LessonProgress.create(account_id=account_id, lesson=lesson, completed_at=when, updated_at=when)
            TimeOnTask.create(account_id=account_id, lesson=lesson, day=when.date(),
                              seconds=lesson.expected_minutes * 58)
    return enrollment
