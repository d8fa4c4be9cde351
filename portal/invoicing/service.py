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
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.documents import french, pdf_document
from portal.invoicing.models import PAYER_TYPES, Invoice, InvoiceSequence
from portal.learning.models import Course, Enrollment, TrainingSession
from portal.links import external_url
from portal.refusals import Refused
from portal.standing import service as person_standing
from portal.timeutil import paris_today
from portal.vault import audit
from portal.vault import service as vault
from portal.vault.service import Party

PREFIX = "FAC"
LATE_FEE_EUROS = 40  # indemnité forfaitaire pour frais de recouvrement (business clients, L441-10)


class InvoiceRefused(Refused):
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
    return f"{year_prefix(year)}{seq:06d}"


def year_prefix(year: int) -> str:
    """What every number of a year's invoices and credit notes starts with."""
    return f"{PREFIX}-{year}-"


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
                  lines: list[Line] | None = None, today: date | None = None, another: bool = False,
                  ground: str = "") -> Invoice:
    """payer is None for the learner (name and address are taken from the vault). A second invoice to the same
    payer for the same enrolment is refused unless `another` says it is meant (a deposit and its balance):
    billed twice by mistake, a training would be counted twice in the BPF."""
    today = today or paris_today()
    enrollment = _enrollment(enrollment_id)
    given = person_standing.ground_for_use(enrollment.account_id, ground)  # billing a restricted person: her ground
    if payer_type not in PAYER_TYPES:
        raise InvoiceRefused(_l("Choisissez qui paie : l'apprenant, son employeur ou un financeur."))
    standing = [] if another else [i.number for i in of_enrollment(enrollment.id) if i.payer_type == payer_type]
    if standing:
        raise InvoiceRefused(_l(
            "Cette inscription a déjà une facture à ce payeur : %(numbers)s. Pour la remplacer, annulez-la "
            "d'abord par un avoir ; pour une seconde facture voulue (acompte puis solde), cochez « Émettre une "
            "seconde facture à ce payeur ».", numbers=", ".join(standing)))
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
    if given and by is not None:
        audit.record(audit.Actor(by, "staff"), enrollment.account_id, "facturation", ["full_name", "postal_address"],
                     reason=person_standing.ground_words(given), workflow="facture")
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
        if payer_type == "learner":
            # A link to her invoices page, never the PDF attached: the mail may be read on any device.
            mail.send(enrollment.account_id, "invoice_issued", number=number,
                      amount_cents=invoice.total_cents, due_on=invoice.due_on.isoformat(),
                      invoices_url=external_url("invoicing.mine"),
                      pdf_url=external_url("invoicing.learner_pdf", number=number))
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


PAID, DUE, CANCELLED, CREDIT_NOTE = "paid", "due", "cancelled", "credit_note"


def states(invoices: list[Invoice]) -> dict[str, str]:
    """Each invoice's state by number: a credit note, cancelled by one, paid in full (the vault's
    payments), or due. One query per zone."""
    paid = vault.paid_cents_of([i.number for i in invoices])
    cancelled = {i.cancels_id for i in invoices if i.cancels_id}
    cancelled |= {row.cancels_id for row in Invoice.select(Invoice.cancels).where(
        Invoice.cancels.in_([i.id for i in invoices if i.kind == "invoice"] or [0]))}
    return {i.number: CREDIT_NOTE if i.kind == "credit_note" else CANCELLED if i.id in cancelled
            else PAID if paid.get(i.number, 0) >= i.total_cents else DUE for i in invoices}


def is_cancelled(invoice: Invoice) -> bool:
    return Invoice.select().where(Invoice.cancels == invoice.id).exists()


def euros(cents: int) -> str:
    """French whatever the reader's language: an invoice is a French legal document."""
    return french.amount(cents)


@dataclass(frozen=True)
class Printed:
    """What an invoice or a credit note prints, whether it is still operational or in the archive."""
    number: str
    kind: str
    issued_on: date
    service_from: date
    service_to: date
    due_on: date
    payer_type: str
    lines: list[dict]
    total_cents: int
    cancels_number: str | None
    reason: str


def printed(invoice: Invoice) -> Printed:
    return Printed(invoice.number, invoice.kind, invoice.issued_on, invoice.service_from, invoice.service_to,
                   invoice.due_on, invoice.payer_type, json.loads(invoice.lines), invoice.total_cents,
                   invoice.cancels.number if invoice.cancels_id else None, invoice.reason)


def printed_from_archive(payload: dict) -> Printed:
    issued = date.fromisoformat(payload["issued_on"])
    return Printed(payload["number"], payload["kind"], issued,
                   date.fromisoformat(payload.get("service_from") or payload["issued_on"]),
                   date.fromisoformat(payload.get("service_to") or payload["issued_on"]),
                   date.fromisoformat(payload.get("due_on") or payload["issued_on"]),
                   payload["payer_type"], payload["lines"], payload["total_cents"], payload.get("cancels"),
                   payload.get("reason") or "")


def pdf(invoice: Invoice | Printed, party: Party) -> bytes:
    """The document as issued, from the operational row or from its archived copy."""
    if isinstance(invoice, Invoice):
        invoice = printed(invoice)
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
        doc.field("Annule la facture", invoice.cancels_number)
        doc.field("Motif", invoice.reason)
    else:
        doc.field("Échéance", f"{invoice.due_on:%d/%m/%Y}")
    doc.heading("Détail")
    lines = invoice.lines
    doc.rows(["Désignation", "Qté", "Prix unitaire HT", "Total HT"],
             [[line["description"], line["quantity"], euros(line["unit_cents"]),
               euros(line["quantity"] * line["unit_cents"])] for line in lines], [98, 14, 38, 38], numeric=(1, 2, 3))
    doc.ln(2)
    doc.field("Total HT", euros(invoice.total_cents))
    doc.field("TVA", euros(0))
    doc.field("Total TTC", euros(invoice.total_cents))
    doc.line(config["INVOICE_VAT_MENTION"])
    if invoice.kind == "invoice":
        doc.ln(2)
        doc.line(f"Paiement à réception, au plus tard le {invoice.due_on:%d/%m/%Y}. Pas d'escompte pour paiement "
                 f"anticipé. Pénalités de retard : {config['INVOICE_PENALTY_RATE']}.", size=8)
        if invoice.payer_type != "learner":
            fee = euros(LATE_FEE_EUROS * 100)
            doc.line(f"Indemnité forfaitaire pour frais de recouvrement due par le client professionnel en cas de "
                     f"retard de paiement : {fee} (article L441-10 du Code de commerce).", size=8)
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


def learner_invoices_open() -> list[Invoice]:
    """Invoices a learner pays herself, not cancelled by a credit note, oldest due date first (whether
    each is paid is the payments' standing)."""
    cancelled = Invoice.select(Invoice.cancels).where(Invoice.cancels.is_null(False))
    return list(Invoice.select().where((Invoice.kind == "invoice") & (Invoice.payer_type == "learner")
                                       & Invoice.id.not_in(cancelled)).order_by(Invoice.due_on, Invoice.id))


def of_enrollment(enrollment_id: int) -> list[Invoice]:
    """The enrolment's invoices not cancelled by a credit note, newest first."""
    cancelled = Invoice.select(Invoice.cancels).where(Invoice.cancels.is_null(False))
    return list(Invoice.select().where((Invoice.enrollment == enrollment_id) & (Invoice.kind == "invoice")
                                       & Invoice.id.not_in(cancelled))
                .order_by(Invoice.year.desc(), Invoice.seq.desc()))
