"""Issuing invoices and credit notes, and printing them.

Numbers come from one sequence per year, incremented inside the issuing transaction: a failed issue
rolls its number back with it, and concurrent issues wait for each other, so numbers have neither
gaps nor duplicates. Nothing here edits or deletes an invoice; a credit note cancels one.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import peewee
from babel.numbers import format_currency
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import db
from portal.documents import pdf_document
from portal.invoicing.models import PAYER_TYPES, Invoice, InvoiceSequence
from portal.learning.models import Course, Enrollment, TrainingSession
from portal.timeutil import paris_today
from portal.vault import service as vault
from portal.vault.service import Party

PREFIX = "FAC"
LATE_FEE_EUROS = 40  # indemnité forfaitaire pour frais de recouvrement (business clients, L441-10)


class InvoiceRefused(Exception):
    pass


@dataclass(frozen=True)
class Line:
    description: str
    quantity: int
    unit_cents: int

    @property
    def total_cents(self) -> int:
        return self.quantity * self.unit_cents


def format_number(year: int, seq: int) -> str:
    return f"{PREFIX}-{year}-{seq:06d}"


def _next_number(year: int) -> tuple[int, str]:
    """Call first inside the issuing transaction: the UPDATE takes the lock the others wait on."""
    InvoiceSequence.insert(year=year, last=0).on_conflict_ignore().execute()
    InvoiceSequence.update(last=InvoiceSequence.last + 1).where(InvoiceSequence.year == year).execute()
    seq = InvoiceSequence.get_by_id(year).last
    return seq, format_number(year, seq)


def _enrollment(enrollment_id: int) -> Enrollment:
    row = (Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
           .where(Enrollment.id == enrollment_id).first())
    if row is None:
        raise InvoiceRefused(_l("Cette inscription n'existe pas."))
    return row


def issue_invoice(enrollment_id: int, payer_type: str, payer: Party | None, by: uuid.UUID | None,
                  lines: list[Line] | None = None, today: date | None = None) -> Invoice:
    """payer is None for the learner (name and address are taken from the vault)."""
    today = today or paris_today()
    enrollment = _enrollment(enrollment_id)
    if payer_type not in PAYER_TYPES:
        raise InvoiceRefused(_l("Choisissez qui paie : l'apprenant, son employeur ou un financeur."))
    if payer_type == "learner":
        payer = vault.learner_as_party(enrollment.account_id)
        if payer is None:
            raise InvoiceRefused(_l("Cet apprenant n'a plus d'identité : on ne peut plus le facturer."))
    elif payer is None or not payer.name.strip() or not payer.address.strip():
        raise InvoiceRefused(_l("Indiquez le nom et l'adresse de l'organisme qui paie."))
    elif len(payer.name) > 160 or len(payer.address) > 500 or len(payer.siren) > 14:
        raise InvoiceRefused(_l("Un des champs du payeur est trop long."))
    course = enrollment.session.course
    lines = lines or [Line(f"Formation « {course.title} » ({enrollment.session.title})", 1, course.price_cents)]
    if any(line.quantity <= 0 or line.unit_cents < 0 for line in lines):
        raise InvoiceRefused(_l("Quantités positives et prix unitaires non négatifs seulement."))
    with db.atomic(with_vault=True):
        seq, number = _next_number(today.year)
        invoice = Invoice.create(
            number=number, year=today.year, seq=seq, kind="invoice", enrollment=enrollment,
            account_id=enrollment.account_id, payer_type=payer_type, issued_on=today,
            service_from=enrollment.session.starts_on, service_to=enrollment.session.ends_on,
            due_on=today + timedelta(days=current_app.config["INVOICE_PAYMENT_DAYS"]),
            lines=json.dumps([line.__dict__ for line in lines], ensure_ascii=False),
            total_cents=sum(line.total_cents for line in lines), issued_by=by)
        vault.record_invoice_party(number, enrollment.account_id, payer)
    return invoice


def issue_credit_note(invoice_number: str, reason: str, by: uuid.UUID | None, today: date | None = None) -> Invoice:
    """Cancels the whole invoice; the credit note references it and repeats its lines, negated."""
    today = today or paris_today()
    reason = (reason or "").strip()
    original = Invoice.get_or_none(Invoice.number == (invoice_number or "").strip())
    if original is None:
        raise InvoiceRefused(_l("Aucune facture ne porte le numéro « %(n)s ».", n=invoice_number))
    if original.kind != "invoice":
        raise InvoiceRefused(_l("Un avoir ne s'annule pas par un autre avoir."))
    if not reason or len(reason) > 500:
        raise InvoiceRefused(_l("Indiquez le motif de l'avoir (500 caractères au plus)."))
    party = vault.invoice_parties([original.number]).get(original.number)
    lines = [Line(f"Annulation : {line['description']}", line["quantity"], -line["unit_cents"])
             for line in json.loads(original.lines)]
    try:
        with db.atomic(with_vault=True):
            seq, number = _next_number(today.year)
            note = Invoice.create(
                number=number, year=today.year, seq=seq, kind="credit_note", cancels=original,
                enrollment=original.enrollment_id, account_id=original.account_id, payer_type=original.payer_type,
                issued_on=today, service_from=original.service_from, service_to=original.service_to, due_on=today,
                lines=json.dumps([line.__dict__ for line in lines], ensure_ascii=False),
                total_cents=-original.total_cents, reason=reason, issued_by=by)
            vault.record_invoice_party(number, original.account_id, party or Party("", ""))
    except peewee.IntegrityError:  # Invoice.cancels is unique: a second credit note for the same invoice
        raise InvoiceRefused(_l("Cette facture est déjà annulée par un avoir.")) from None
    return note


def is_cancelled(invoice: Invoice) -> bool:
    return Invoice.select().where(Invoice.cancels == invoice.id).exists()


def euros(cents: int) -> str:
    """French whatever the reader's language: an invoice is a French legal document."""
    return format_currency(cents / 100, "EUR", locale="fr_FR")


def pdf(invoice: Invoice, party: Party) -> bytes:
    config = current_app.config
    title = "Facture" if invoice.kind == "invoice" else "Avoir"
    doc = pdf_document(f"{title} {invoice.number}")
    issuer = doc.issuer
    doc.line(f"{issuer.name}", bold=True)
    doc.line(f"{issuer.address}")
    doc.line(f"SIRET {issuer.siret} - TVA intracommunautaire {issuer.vat_number}")
    doc.line(issuer.nda_sentence)
    doc.heading("Facturé à")
    doc.line(party.name)
    if party.address:
        doc.line(party.address)
    if party.siren:
        doc.line(f"SIREN {party.siren}")
    doc.ln(2)
    doc.field("Date d'émission", f"{invoice.issued_on:%d/%m/%Y}")
    doc.field("Prestation", f"du {invoice.service_from:%d/%m/%Y} au {invoice.service_to:%d/%m/%Y}")
    if invoice.kind == "credit_note":
        doc.field("Annule la facture", invoice.cancels.number)
        doc.field("Motif", invoice.reason)
    else:
        doc.field("Échéance", f"{invoice.due_on:%d/%m/%Y}")
    doc.heading("Détail")
    lines = json.loads(invoice.lines)
    doc.rows(["Désignation", "Qté", "Prix unitaire HT", "Total HT"],
             [[line["description"], line["quantity"], euros(line["unit_cents"]),
               euros(line["quantity"] * line["unit_cents"])] for line in lines], [100, 12, 38, 38])
    doc.ln(2)
    doc.field("Total HT", euros(invoice.total_cents))
    doc.field("TVA", "0,00 EUR")
    doc.field("Total TTC", euros(invoice.total_cents))
    doc.line(config["INVOICE_VAT_MENTION"])
    if invoice.kind == "invoice":
        doc.ln(2)
        doc.line(f"Paiement à réception, au plus tard le {invoice.due_on:%d/%m/%Y}. Pas d'escompte pour paiement "
                 f"anticipé. Pénalités de retard : {config['INVOICE_PENALTY_RATE']}.", size=8)
        if invoice.payer_type != "learner":
            doc.line(f"Indemnité forfaitaire pour frais de recouvrement due par le client professionnel en cas de "
                     f"retard de paiement : {LATE_FEE_EUROS} EUR (article L441-10 du Code de commerce).", size=8)
    return doc.bytes()


def listing(year: int | None = None) -> list[Invoice]:
    query = Invoice.select().order_by(Invoice.year.desc(), Invoice.seq.desc())
    if year:
        query = query.where(Invoice.year == year)
    return list(query)


def invoice_or_none(number: str) -> Invoice | None:
    return Invoice.get_or_none(Invoice.number == number)


def learner_invoice_or_none(account_id: uuid.UUID, number: str) -> Invoice | None:
    """The invoice, only when it is addressed to this learner herself (not to a funder or an employer)."""
    return Invoice.get_or_none((Invoice.number == number) & (Invoice.account_id == account_id)
                               & (Invoice.payer_type == "learner"))


def invoice_exists(number: str) -> bool:
    return Invoice.select().where(Invoice.number == number).exists()


def enrollments_newest_first() -> list[Enrollment]:
    """Every enrolment with its session and course, the latest session first: what an invoice is for."""
    return list(Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
                .order_by(TrainingSession.starts_on.desc()))


def of_learner(account_id: uuid.UUID) -> list[Invoice]:
    return list(Invoice.select().where((Invoice.account_id == account_id) & (Invoice.payer_type == "learner"))
                .order_by(Invoice.year.desc(), Invoice.seq.desc()))
