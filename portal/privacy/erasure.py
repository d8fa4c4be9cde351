"""Account deletion: erase identity, credentials, preferences, consents and generated content at
once; move legal records to the archive zone with their purge dates; leave no trace in the files
the application writes (databases and their WAL, outbox, exports, job payloads).
"""
from __future__ import annotations

import json
import logging
import uuid
from email import message_from_bytes
from email.policy import default as email_policy
from email.utils import formataddr
from pathlib import Path

from flask import current_app

from portal import db, mail
from portal.accounts.models import DELETED, ERASING, Account
from portal.archive import service as archive
from portal.bouquets.models import Draft, Submission
from portal.certificates.models import Certificate
from portal.db import ZONES, is_postgres
from portal.forum.models import ReplyAddress
from portal.forum.service import erase_author_content
from portal.forum.similar import purge_erased_terms
from portal.funding.models import FundingFile
from portal.i18n import language
from portal.invoicing.models import Invoice
from portal.jobs.models import JobRecord
from portal.learning.models import (
    Course,
    Enrollment,
    LearningEvent,
    LessonProgress,
    QuizAttempt,
    TimeOnTask,
    TrainingSession,
    ViewBeat,
)
from portal.mail.models import SentNotification
from portal.payments.models import Checkout
from portal.personalisation.models import ResourceMail, Suggestion
from portal.privacy import ledger
from portal.privacy.models import ConsentEvent, DataRequest, PolicyAcknowledgement
from portal.privacy.requests import close_request, open_request
from portal.redaction import summary
from portal.reminders.models import DropoutNudge
from portal.retention import legal_records
from portal.retention.rules import BY_KEY
from portal.security.models import SecurityEvent
from portal.vault import service as vault

log = logging.getLogger("petale.privacy")
DELETED_NAME = "Compte supprimé"


RESUMED = "Effacement repris et mené à son terme après une interruption."


def delete_account(account: Account, *, reason: str = "Compte supprimé à la demande de la personne, depuis son espace.",
                   notify: bool = True) -> None:
    """Erase an account across the three zones. The first step is durable (the account marked
    "erasing" with its request in the register, in one transaction); every step after it can run again,
    so an erasure killed half-way is finished by resume_erasures() (the daily sweep,
    `flask --app app privacy resume`) instead of leaving an identity in the vault."""
    ledger.record(account.id)  # before anything commits: a restore must never miss an erasure
    request = _begin(account.id)
    contact = vault.mail_contact(account.id)
    if notify and contact is not None:
        _send_farewell(account, contact)
    _carry_out(account, request, reason, contact)


def resume_erasures() -> int:
    """Finish every erasure that was interrupted; returns how many."""
    unfinished = list(Account.select().where(Account.status == ERASING))
    for account in unfinished:
        _carry_out(account, _begin(account.id), RESUMED, vault.mail_contact(account.id))
        log.info("erasure of an account finished after an interruption")
    return len(unfinished)


REPLAYED = "Effacement rejoué après la restauration d'une sauvegarde antérieure à la suppression."


def replay_ledger() -> int:
    """After a restore: erase again every account of the ledger that the restored backup brought back."""
    accounts = [Account.get_or_none(Account.id == account_id) for account_id in ledger.erased()]
    back = [account for account in accounts if account is not None and account.status != DELETED]
    for account in back:
        _carry_out(account, _begin(account.id), REPLAYED, vault.mail_contact(account.id))
    return len(back)


def _begin(account_id: uuid.UUID) -> DataRequest:
    """Mark the account and open its request together; asked again (a resumed or repeated erasure), the
    open request is the one already there: the register never gets a second."""
    with db.atomic():
        db.person_lock(account_id, "erasure")
        Account.update(status=ERASING).where((Account.id == account_id) & (Account.status != DELETED)).execute()
        request = (DataRequest.select().where((DataRequest.account_id == account_id) & (DataRequest.kind == "erasure")
                                              & DataRequest.closed_at.is_null())
                   .order_by(DataRequest.id).first())
        return request or open_request(account_id, "erasure")


def _carry_out(account: Account, request: DataRequest, reason: str, contact: vault.MailContact | None) -> None:
    """Each step may run again: archives are inserted once by their reference, the main zone's rows are
    deleted or overwritten, the vault's deleted, files removed if present; the account is "deleted"
    only when all are done."""
    _archive_legal_records(account, contact.full_name if contact else "")
    _archive_certificates(account.id, contact.full_name if contact else "")
    _archive_invoices(account.id)
    with db.atomic():
        _erase_main_zone(account.id)
    vault.erase_identity(account.id)
    _scrub_files(contact.email if contact else None, account.id)
    with db.atomic():
        close_request(request, reason)
        Account.update(status=DELETED).where(Account.id == account.id).execute()
    # Her erased words must also leave the full-text index's pages, not only the table's.
    purge_erased_terms()
    compact_databases()


def _send_farewell(account: Account, contact: vault.MailContact) -> None:
    """Sent now, in the request: after this call there is no address left to send it to."""
    try:
        with language(account.language):
            message = mail.compose("account_deleted", to=formataddr((contact.full_name, contact.email)),
                                   context={"full_name": contact.full_name})
        mail.transmit(message)
    except Exception as failure:  # the erasure must not wait for a mail server
        # Scrubbed, without the traceback: an SMTP refusal quotes the address being erased.
        log.warning("farewell mail for a deleted account could not be sent: %s", summary(failure))


def _archive_legal_records(account: Account, full_name: str) -> None:
    """Funding and attendance proofs of each enrolment, with the name as it stood, into the archive
    (those the sweep already moved at the end of their training are kept as they were)."""
    for enrollment in legal_records.enrollments_of(account.id):
        legal_records.archive_enrollment(enrollment, full_name)


def _archive_certificates(account_id: uuid.UUID, full_name: str) -> None:
    """Issued certificates are legal records: kept in the archive with the name as printed."""
    with archive.archive_transaction():
        for c in Certificate.select(Certificate, Course, TrainingSession).join(Course).switch(Certificate).join(
                TrainingSession).where(Certificate.account_id == account_id):
            payload = {"code": c.code, "short_code": c.short_code,
                       "holder": vault.certificate_holder(c.code) or full_name,
                       "course": c.course.title, "course_version": c.course_version, "version": c.version,
                       "issued_at": c.issued_at.isoformat(), "hours": c.hours, "results": json.loads(c.results),
                       "superseded_by": c.superseded_by,
                       "superseded_at": c.superseded_at.isoformat() if c.superseded_at else None}
            archive.keep(account_id, "certificate", c.code, payload,
                         legal_records.years_after(c.session.ends_on, BY_KEY["contracts"].archive_years))


def _archive_invoices(account_id: uuid.UUID) -> None:
    """Invoices, credit notes and their payments: 10 years in the archive, as issued."""
    legal_records.archive_invoices(account_id, list(Invoice.select().where(Invoice.account_id == account_id)))


def _erase_main_zone(account_id: uuid.UUID) -> None:
    """Everything keyed by the account in the main zone; certificates and invoices were archived first."""
    erase_author_content(account_id)
    Certificate.delete().where(Certificate.account_id == account_id).execute()
    # Credit notes first: they reference the invoices they cancel.
    Invoice.delete().where((Invoice.account_id == account_id) & Invoice.cancels.is_null(False)).execute()
    Invoice.delete().where(Invoice.account_id == account_id).execute()
    Checkout.delete().where(Checkout.account_id == account_id).execute()
    legal_records.forget_uploaded_copies(
        [e.id for e in Enrollment.select(Enrollment.id).where(Enrollment.account_id == account_id)])
    # Archived above; the file rows would otherwise hold the enrolments back.
    FundingFile.delete().where(FundingFile.enrollment.in_(
        Enrollment.select(Enrollment.id).where(Enrollment.account_id == account_id))).execute()
    for model in (ReplyAddress, ConsentEvent, PolicyAcknowledgement, DropoutNudge, Suggestion, ResourceMail,
                  SecurityEvent, Draft, QuizAttempt, TimeOnTask, ViewBeat, LessonProgress, LearningEvent, Enrollment):
        model.delete().where(model.account_id == account_id).execute()
    Submission.delete().where(Submission.account_id == account_id).execute()
    # Job rows may carry links and titles written for this person.
    JobRecord.delete().where(JobRecord.args.contains(str(account_id))).execute()
    # Once-keys name the account they were sent to (a news message, a digest).
    SentNotification.delete().where(SentNotification.key.contains(str(account_id))).execute()
    # A tombstone keeps forum threads readable; it holds nothing about the person.
    Account.update(display_name=DELETED_NAME, confirmed_at=None, last_login_at=None,
                   session_version=Account.session_version + 1, language="fr").where(Account.id == account_id).execute()


def _scrub_files(email: str | None, account_id: uuid.UUID) -> None:
    instance = Path(current_app.instance_path)
    outbox = instance / "outbox"
    if outbox.is_dir():
        tag = mail.about_tag(account_id)
        for path in outbox.glob("*.eml"):
            message = message_from_bytes(path.read_bytes(), policy=email_policy)
            to_her = email is not None and email.casefold() in str(message.get("To", "")).casefold()
            if to_her or message.get(mail.ABOUT_HEADER) == tag:  # e.g. her question, sent to her trainer
                path.unlink()
    exports = instance / "exports" / str(account_id)
    if exports.is_dir():
        for path in exports.iterdir():
            path.unlink()
        exports.rmdir()


def compact_databases() -> None:
    """SQLite keeps old page images in the WAL until a checkpoint: fold and truncate it."""
    for zone, proxy in ZONES.items():
        if zone == "archive" or is_postgres(proxy):
            continue
        proxy.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")

