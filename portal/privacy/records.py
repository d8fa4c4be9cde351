"""A person's administrative record, as she reads it in her export and on /mes-donnees: invoices and
payments, certificates, funding files, attendance, the mails and reminders sent to her, the sessions she
teaches, and what the legal archive keeps of her. Her own reads: nothing here is audited as someone
else's, except the archive, whose every reading is (portal.retention.own_records)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from portal.attendance import service as attendance
from portal.certificates import service as certificates
from portal.certificates.models import Certificate
from portal.funding.models import FundingDocument, FundingFile, FundingStatusChange
from portal.invoicing import service as invoicing
from portal.invoicing.models import Invoice
from portal.learning.models import Course, Enrollment, SessionTrainer, TrainingSession
from portal.mail.models import SentNotification
from portal.payments import service as payments
from portal.security.models import Incident, IncidentAccount
from portal.timeutil import paris_today
from portal.vault import service as vault

# What each once-key of a mail says it was (the key names the account; its first word the mail).
NOTIFICATION_WORDS = {
    "incident": "avis d'incident de sécurité", "news": "lettre de nouveautés",
    "overdue": "rappel des questions en attente", "weekly": "résumé hebdomadaire des questions",
    "question": "question d'un stagiaire", "locked": "compte verrouillé après des échecs de connexion",
    "stuffing": "alerte de sécurité", "report": "rapport de sécurité trimestriel", "release": "module ouvert",
    "update": "formation mise à jour", "resources": "ressources sur un thème", "session": "début de session",
}


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def invoices(account_id: uuid.UUID) -> list[dict]:
    rows = list(Invoice.select().where(Invoice.account_id == account_id).order_by(Invoice.year, Invoice.seq))
    parties = vault.invoice_parties([row.number for row in rows])
    paid = vault.payments_of(account_id)
    states = payments.standing(rows)
    return [{"number": row.number, "kind": row.kind, "issued_on": _iso(row.issued_on), "due_on": _iso(row.due_on),
             "total_cents": row.total_cents, "status": states[row.number], "payer_type": row.payer_type,
             "payer": parties[row.number].__dict__ if row.number in parties else None,
             "payments": [{"reference": p.provider_ref, "amount_cents": p.amount_cents, "paid_at": _iso(p.paid_at),
                           "card_last4": p.card_last4} for p in paid if p.invoice_number == row.number]}
            for row in rows]


def certificates_of(account_id: uuid.UUID) -> list[dict]:
    return [{"code": c.code, "short_code": c.short_code, "version": c.version, "course": c.course.title,
             "course_version": c.course_version,
             "issued_at": _iso(c.issued_at), "hours": c.hours, "name_as_printed": vault.certificate_holder(c.code),
             "superseded_by": c.superseded_by}
            for c in certificates.of_account(account_id)]


def _enrollments(account_id: uuid.UUID) -> list[Enrollment]:
    return list(Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
                .where(Enrollment.account_id == account_id))


def funding_files(account_id: uuid.UUID) -> list[dict]:
    enrollments = {e.id: e for e in _enrollments(account_id)}
    files = list(FundingFile.select().where(FundingFile.enrollment.in_(list(enrollments) or [0])))
    steps = list(FundingStatusChange.select().where(FundingStatusChange.file.in_([f.id for f in files] or [0]))
                 .order_by(FundingStatusChange.at))
    documents = list(FundingDocument.select().where(FundingDocument.file.in_([f.id for f in files] or [0])))
    situation = vault.own_funding_identity(account_id)
    return [{"course": enrollments[f.enrollment_id].session.course.title,
             "session": enrollments[f.enrollment_id].session.title, "funder_type": f.funder_type,
             "funder_name": f.funder_name, "case_number": f.case_number, "status": f.status,
             "steps": [{"from": s.from_status, "to": s.to_status, "at": _iso(s.at), "note": s.note}
                       for s in steps if s.file_id == f.id],
             "documents": [{"kind": d.kind, "reference": d.reference, "uploaded_copy": bool(d.stored),
                            "added_at": _iso(d.added_at)} for d in documents if d.file_id == f.id],
             **situation}
            for f in files]


@dataclass(frozen=True)
class Attended:
    enrollment: Enrollment
    statement: attendance.Statement


def attended(account_id: uuid.UUID, today: date | None = None) -> list[Attended]:
    """Each enrolment's attendance statement, from its start to its end (or today)."""
    today = today or paris_today()
    return [Attended(e, attendance.statement(e, e.session.starts_on, min(e.session.ends_on, today)))
            for e in _enrollments(account_id) if e.session.starts_on <= today]


def attendance_of(account_id: uuid.UUID) -> list[dict]:
    return [{"course": a.enrollment.session.course.title, "session": a.enrollment.session.title,
             "from": _iso(a.statement.start), "to": _iso(a.statement.end),
             "hours": str(attendance.hours(a.statement.seconds)), "active_days": a.statement.active_days,
             "progress_percent": a.statement.progress_percent}
            for a in attended(account_id)]


def notifications(account_id: uuid.UUID) -> list[dict]:
    """The mails the portal keeps a once-key for that names her (their kind and when), and the incidents she
    was told of. Reminders and suggestions are in data.json's own lists (dropout_nudges, suggestions,
    resource_mails)."""
    sent = [{"kind": NOTIFICATION_WORDS.get(row.key.split(":", 1)[0], "courriel"), "at": _iso(row.created_at)}
            for row in SentNotification.select().where(SentNotification.key.contains(str(account_id)))
            .order_by(SentNotification.created_at)]
    told = [{"kind": "avis d'incident de sécurité", "incident_of": _iso(i.occurred_on), "nature": i.nature,
             "at": _iso(row.notified_at)}
            for row, i in ((r, r.incident) for r in IncidentAccount.select(IncidentAccount, Incident).join(Incident)
                           .where(IncidentAccount.account_id == account_id))]
    return sent + told


def sessions_taught(account_id: uuid.UUID) -> list[dict]:
    return [{"course": row.session.course.title, "session": row.session.title}
            for row in SessionTrainer.select(SessionTrainer, TrainingSession, Course).join(TrainingSession)
            .join(Course).where(SessionTrainer.account_id == account_id)]


def administrative(account_id: uuid.UUID) -> dict:
    return {"invoices": invoices(account_id), "certificates": certificates_of(account_id),
            "funding_files": funding_files(account_id), "attendance": attendance_of(account_id),
            "notifications": notifications(account_id), "sessions_taught": sessions_taught(account_id)}


def documents(account_id: uuid.UUID) -> list[tuple[str, bytes]]:
    """The PDFs issued to her, as the portal prints them: certificates, attendance statements, and the
    invoices addressed to her."""
    files = [(f"documents/attestation-{c.code}.pdf", certificates.pdf(c))
             for c in Certificate.select(Certificate, Course).join(Course).where(Certificate.account_id == account_id)]
    identity = vault.own_identity(account_id)
    person = {"full_name": identity.full_name if identity else "", "employer": None}
    files += [(f"documents/releve-{a.enrollment.id}.pdf", attendance.statement_pdf(a.statement, person))
              for a in attended(account_id)]
    mine = list(Invoice.select().where((Invoice.account_id == account_id) & (Invoice.payer_type == "learner")))
    parties = vault.invoice_parties([row.number for row in mine])
    files += [(f"documents/{row.number}.pdf", invoicing.pdf(row, parties[row.number]))
              for row in mine if row.number in parties]
    return files
