"""The legal records and their clocks (the policy's "Durées de conservation"): a training's contract
(the enrolment with its funding file) and its attendance proof leave the operational database when the
training ends, invoices with their payments when their fiscal year closes; each then lives in the
archive zone until its own purge date.

Erasure moves all of a person's records at once; the daily sweep moves each one when its clock runs
out. Both write the same payloads through these functions, and archiving a record twice changes nothing
(the archive keeps the first copy by its reference), so either may run again after a crash.
"""
from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import peewee

from portal import db
from portal.archive import service as archive
from portal.funding import service as funding
from portal.funding.models import FundingDocument, FundingFile, FundingStatusChange
from portal.invoicing.models import Invoice
from portal.learning.models import Course, Enrollment, Lesson, Module, TimeOnTask, TrainingSession
from portal.payments.models import Checkout
from portal.retention.rules import BY_KEY
from portal.vault import service as vault

# A funding file still being processed (filed, accepted but not yet paid) is the provider's working
# file even after the training: it moves once the funder has paid or refused.
SETTLED_FUNDING = ("paye", "refuse")


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _hours_followed(account_id: uuid.UUID, course_id: int) -> str:
    seconds = (TimeOnTask.select(peewee.fn.COALESCE(peewee.fn.SUM(TimeOnTask.seconds), 0))
               .join(Lesson).join(Module)
               .where((TimeOnTask.account_id == account_id) & (Module.course == course_id))
               .scalar() or 0)
    return str((Decimal(seconds) / 3600).quantize(Decimal("0.01")))


def _funding_payload(file: FundingFile | None) -> dict:
    if file is None:
        return {}
    return {"funder_type": file.funder_type, "funder_name": file.funder_name, "case_number": file.case_number,
            "status": file.status, "documents": {d.kind: d.reference for d in file.documents}}


def archive_enrollment(enrollment: Enrollment, holder: str, *, with_funding: bool = True) -> None:
    """The attendance proof (5 years after the training) and, unless the funding file is still being
    processed, the contract with its funding file (10 years). Call with the session and course joined."""
    session = enrollment.session
    base = {"holder": holder, "course": session.course.title, "session": session.title,
            "starts_on": session.starts_on.isoformat(), "ends_on": session.ends_on.isoformat(),
            "funding": enrollment.funding, "enrolled_at": enrollment.enrolled_at.isoformat()}
    attendance = {**base, "hours": _hours_followed(enrollment.account_id, session.course_id)}
    with archive.archive_transaction():
        archive.keep(enrollment.account_id, "attendance_proof", f"attendance_proof-{enrollment.id}", attendance,
                     years_after(session.ends_on, BY_KEY["attendance"].archive_years))
        if with_funding:
            file = FundingFile.get_or_none(FundingFile.enrollment == enrollment.id)
            contract_ends = years_after(session.ends_on, BY_KEY["contracts"].archive_years)
            archive.keep(enrollment.account_id, "funding_proof", f"funding_proof-{enrollment.id}",
                         {**base, **_funding_payload(file)}, contract_ends)
            # The uploaded copies (signed agreement, funder's approval) as they were received.
            for document in funding.stored_documents([enrollment.id]):
                content = vault.document_for_archive(document.stored)
                if content is not None:
                    archive.keep(enrollment.account_id, "contract", f"contract-{enrollment.id}-{document.kind}",
                                 {**base, "document": document.kind, "content_type": document.content_type,
                                  "content_base64": base64.b64encode(content).decode("ascii")}, contract_ends)


def forget_uploaded_copies(enrollment_ids: list[int]) -> None:
    """Once archived, the vault's copies go; called before the rows naming them are deleted, so that a
    crash in between leaves rows to find them again, never a file nothing points to."""
    vault.forget_documents([d.stored for d in funding.stored_documents(enrollment_ids)])


def enrollments_of(account_id: uuid.UUID) -> list[Enrollment]:
    return list(Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
                .where(Enrollment.account_id == account_id))


def invoice_payload(invoice: Invoice, party: vault.Party | None, payments: list) -> dict:
    return {"number": invoice.number, "kind": invoice.kind, "issued_on": invoice.issued_on.isoformat(),
            "service_from": invoice.service_from.isoformat(), "service_to": invoice.service_to.isoformat(),
            "due_on": invoice.due_on.isoformat(),
            "payer_type": invoice.payer_type, "payer": party.__dict__ if party else None,
            "lines": json.loads(invoice.lines), "total_cents": invoice.total_cents,
            "cancels": invoice.cancels.number if invoice.cancels_id else None, "reason": invoice.reason,
            "payments": [{"reference": p.provider_ref, "amount_cents": p.amount_cents,
                          "paid_at": p.paid_at.isoformat(), "card_last4": p.card_last4}
                         for p in payments if p.invoice_number == invoice.number]}


def archive_invoices(account_id: uuid.UUID, invoices: list[Invoice]) -> None:
    """Invoices and credit notes with their payments, as issued: 10 years after the end of the fiscal
    year of issue."""
    if not invoices:
        return
    parties = vault.invoice_parties([i.number for i in invoices])
    payments = vault.payments_of(account_id)
    with archive.archive_transaction():
        for invoice in invoices:
            archive.keep(account_id, "invoice", invoice.number,
                         invoice_payload(invoice, parties.get(invoice.number), payments),
                         years_after(fiscal_year_end(invoice.issued_on.year), BY_KEY["invoices"].archive_years))


def fiscal_year_end(year: int) -> date:
    """The provider's fiscal year is the calendar year."""
    return date(year, 12, 31)


# --- the clocks, run by the daily sweep -------------------------------------------------------------

@dataclass(frozen=True)
class Moved:
    trainings: int  # enrolments whose contract and attendance proof left the operational database
    invoices: int  # invoices and credit notes moved with their payments


def move_ended_trainings(as_of: date) -> int:
    """Enrolments of sessions that ended before as_of: proofs archived, the settled funding file removed
    from the operational database. An enrolment whose funding file is still being processed keeps it,
    and is looked at again the next day."""
    due = list(Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
               .switch(Enrollment).join(FundingFile, peewee.JOIN.LEFT_OUTER,
                                        on=(FundingFile.enrollment == Enrollment.id))
               .where((TrainingSession.ends_on < as_of) & Enrollment.records_archived_on.is_null()
                      & (FundingFile.id.is_null() | FundingFile.status.in_(SETTLED_FUNDING))))
    holders = vault.legal_names([e.account_id for e in due])
    for enrollment in due:
        holder = holders.get(enrollment.account_id)
        if holder is None:
            continue  # an account being erased: its erasure archives its records
        archive_enrollment(enrollment, holder)
        forget_uploaded_copies([enrollment.id])
        with db.atomic():
            files = FundingFile.select(FundingFile.id).where(FundingFile.enrollment == enrollment.id)
            FundingDocument.delete().where(FundingDocument.file.in_(files)).execute()
            FundingStatusChange.delete().where(FundingStatusChange.file.in_(files)).execute()
            FundingFile.delete().where(FundingFile.enrollment == enrollment.id).execute()
            Enrollment.update(records_archived_on=as_of).where(Enrollment.id == enrollment.id).execute()
    return len(due)


def _settled(invoice: Invoice, cancelled: set[int], paid: dict[str, int]) -> bool:
    if invoice.kind == "credit_note" or invoice.id in cancelled or invoice.payer_type != "learner":
        return True  # a funder's or an employer's payment is followed outside the portal
    return paid.get(invoice.number, 0) >= invoice.total_cents


def move_closed_fiscal_years(as_of: date) -> int:
    """Invoices of fiscal years closed before as_of, with their credit notes and payments. An invoice the
    learner still has to pay stays where she can pay it; an invoice moves with its credit notes, once
    the credit notes' own year is closed too."""
    closed = list(Invoice.select().where(Invoice.year < as_of.year))
    if not closed:
        return 0
    credit_notes = {row.cancels_id: row for row in closed if row.cancels_id}
    open_credit_notes = {row.cancels_id for row in Invoice.select(Invoice.cancels).where(
        (Invoice.year >= as_of.year) & Invoice.cancels.is_null(False))}
    paid = vault.paid_cents_of([row.number for row in closed])
    cancelled = set(credit_notes)
    moving = [row for row in closed if row.kind == "invoice" and row.id not in open_credit_notes
              and _settled(row, cancelled, paid)]
    moving += [credit_notes[row.id] for row in moving if row.id in credit_notes]
    by_account: dict[uuid.UUID, list[Invoice]] = {}
    for row in moving:
        by_account.setdefault(row.account_id, []).append(row)
    for account_id, invoices in by_account.items():
        archive_invoices(account_id, invoices)
        numbers = [row.number for row in invoices]
        with db.atomic():
            Checkout.delete().where(Checkout.invoice_number.in_(numbers)).execute()
            # Credit notes first: they reference the invoices they cancel.
            Invoice.delete().where(Invoice.number.in_(numbers) & Invoice.cancels.is_null(False)).execute()
            Invoice.delete().where(Invoice.number.in_(numbers)).execute()
        vault.forget_invoices(numbers)
    return len(moving)


def run_clocks(as_of: date) -> Moved:
    return Moved(move_ended_trainings(as_of), move_closed_fiscal_years(as_of))
