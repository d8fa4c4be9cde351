"""What invoicing holds about a person: the invoices and credit notes issued for her trainings (the
payer's name and address, and her payments, are in the vault), kept for the fiscal year, then 10 years
in the legal archive."""
from __future__ import annotations

import json
import uuid
from datetime import date

from flask_babel import lazy_gettext as _l

from portal import db
from portal.archive import service as archive
from portal.formatting import money
from portal.invoicing import service as invoicing
from portal.invoicing.models import ArchivedBilling, Invoice, InvoiceReminder
from portal.invoicing.wording import OTHER_PAYER_WORDS, STATE_WORDS
from portal.personal_data.registry import LEGAL, Archived, Declaration, Person, iso
from portal.personal_data.table import BY_KEY
from portal.vault import service as vault


def _invoices(account_id: uuid.UUID) -> list[Invoice]:
    return list(Invoice.select().where(Invoice.account_id == account_id).order_by(Invoice.year, Invoice.seq))


def _held(person: Person) -> list[tuple[str, str]]:
    """Hers first, then those about her training addressed to another payer, saying to whom (as /mes-factures)."""
    rows = _invoices(person.account_id)
    rows = [r for r in rows if invoicing.addressed_to_learner(r)] + \
        [r for r in rows if not invoicing.addressed_to_learner(r)]
    states = invoicing.states(rows)
    return [(_invoice_words(row), f"{money(row.total_cents)} · {STATE_WORDS[states[row.number]]}") for row in rows]


def _invoice_words(row: Invoice) -> str:
    credit = row.kind == "credit_note"
    if invoicing.addressed_to_learner(row):
        return str(_l("Avoir %(n)s", n=row.number) if credit else _l("Facture %(n)s", n=row.number))
    payer = OTHER_PAYER_WORDS.get(row.payer_type, row.payer_type)
    return str(_l("Avoir %(n)s, adressé à %(payer)s", n=row.number, payer=payer) if credit
               else _l("Facture %(n)s, adressée à %(payer)s", n=row.number, payer=payer))


def _payments(payments: list, number: str) -> list[dict]:
    return [{"reference": p.provider_ref, "amount_cents": p.amount_cents, "paid_at": iso(p.paid_at),
             "card_last4": p.card_last4, "method": p.method, "bank_reference": p.reference}
            for p in payments if p.invoice_number == number]


def _party(party: vault.Party | None) -> dict | None:
    """The payer as printed (the address its reminders go to is not part of the document)."""
    return {"name": party.name, "address": party.address, "siren": party.siren, "trainee": party.trainee} \
        if party else None


def _reminders(invoices: list[Invoice]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for row in InvoiceReminder.select().where(InvoiceReminder.invoice.in_([i.id for i in invoices] or [0])) \
            .order_by(InvoiceReminder.sent_at):
        found.setdefault(row.invoice_id, []).append(iso(row.sent_at))
    return found


def _exported(person: Person) -> dict:
    rows = _invoices(person.account_id)
    parties = vault.invoice_parties([row.number for row in rows])
    paid = vault.payments_of(person.account_id)
    states = invoicing.states(rows)
    reminders = _reminders(rows)
    return {"administrative": {"invoices": [
        {"number": row.number, "kind": row.kind, "issued_on": iso(row.issued_on), "due_on": iso(row.due_on),
         "total_cents": row.total_cents, "status": states[row.number], "payer_type": row.payer_type,
         "payer": _party(parties.get(row.number)), "payments": _payments(paid, row.number),
         "reminders": reminders.get(row.id, [])}
        for row in rows]}}


def _files(person: Person) -> list:
    """The invoices addressed to her, as printed."""
    mine = [row for row in _invoices(person.account_id) if invoicing.addressed_to_learner(row)]
    parties = vault.invoice_parties([row.number for row in mine])
    return [(f"documents/{row.number}.pdf", invoicing.pdf(row, parties[row.number]))
            for row in mine if row.number in parties]


def fiscal_year_end(year: int) -> date:
    """The provider's fiscal year is the calendar year."""
    return date(year, 12, 31)


def _payload(invoice: Invoice, party: vault.Party | None, payments: list) -> dict:
    return {"number": invoice.number, "kind": invoice.kind, "issued_on": invoice.issued_on.isoformat(),
            "service_from": invoice.service_from.isoformat(), "service_to": invoice.service_to.isoformat(),
            "due_on": invoice.due_on.isoformat(), "payer_type": invoice.payer_type, "part": invoice.part,
            "case_number": invoice.case_number, "payer": _party(party), "lines": json.loads(invoice.lines),
            "total_cents": invoice.total_cents, "cancels": invoice.cancels.number if invoice.cancels_id else None,
            "reason": invoice.reason, "payments": _payments(payments, invoice.number)}


def archive_invoices(account_id: uuid.UUID, invoices: list[Invoice]) -> None:
    """Invoices and credit notes with their payments, as issued: 10 years after the end of the fiscal
    year of issue. Archiving again changes nothing."""
    if not invoices:
        return
    parties = vault.invoice_parties([i.number for i in invoices])
    payments = vault.payments_of(account_id)
    with archive.archive_transaction():
        for invoice in invoices:
            archive.keep(account_id, "invoice", invoice.number,
                         _payload(invoice, parties.get(invoice.number), payments),
                         archive.years_after(fiscal_year_end(invoice.issued_on.year), BY_KEY["invoices"].archive_years))


def _delete(numbers: list[str]) -> None:
    InvoiceReminder.delete().where(InvoiceReminder.invoice.in_(
        Invoice.select(Invoice.id).where(Invoice.number.in_(numbers)))).execute()
    # Credit notes first: they reference the invoices they cancel.
    Invoice.delete().where(Invoice.number.in_(numbers) & Invoice.cancels.is_null(False)).execute()
    Invoice.delete().where(Invoice.number.in_(numbers)).execute()


def _claims(rows: list[Invoice]) -> list[Invoice]:
    """Those of her invoices still awaiting money, from her, her employer or a funder: a claim still owed, which
    her erasure does not cancel (GDPR art. 17(3)(e)): they stay where staff follow, remind and settle them."""
    states = invoicing.states(rows)
    return [row for row in rows if states[row.number] in invoicing.OPEN]


def _gone(rows: list[Invoice]) -> list[Invoice]:
    """Those her erasure moves to the legal archive: paid, cancelled, credit notes (an open invoice has none)."""
    kept = {row.number for row in _claims(rows)}
    return [row for row in rows if row.number not in kept]


def _archive(person: Person) -> None:
    archive_invoices(person.account_id, _gone(_invoices(person.account_id)))


def _erase(person: Person) -> None:
    """The settled ones leave (archived just before); the claims stay under a pseudonym, in both zones, with
    the payer's name and address as printed (the invoice is a legal record) and nothing else of her: her
    account, her identity and her file go. Archived when paid, by the fiscal-year clock, as any invoice."""
    rows = _invoices(person.account_id)
    _delete([row.number for row in _gone(rows)])
    claims = [row.number for row in _claims(rows)]
    if claims:
        pseudonym = uuid.uuid4()
        Invoice.update(account_id=pseudonym).where(Invoice.number.in_(claims)).execute()
        vault.keep_claims(claims, pseudonym)


def _settled(state: str) -> bool:
    """Paid, or cancelled by a credit note: nothing is expected any more, from whoever the payer is (a
    funder's or an employer's payment is followed in the portal too)."""
    return state not in invoicing.OPEN


def _keep_what_was_billed(invoices: list[Invoice]) -> None:
    """What the moving invoices billed their enrolments, so that later invoices still count them: an invoice
    with its credit note cancels out, so a cancelled pair leaves nothing."""
    cancelled = {row.cancels_id for row in invoices if row.cancels_id}
    for row in invoices:
        if row.kind == "invoice" and row.id not in cancelled and row.enrollment_id:
            ArchivedBilling.insert(enrollment=row.enrollment_id, number=row.number, payer_type=row.payer_type,
                                   part=row.part, total_cents=row.total_cents).on_conflict_ignore().execute()


def move_closed_fiscal_years(as_of: date) -> int:
    """The invoices' clock ("Factures et paiements : exercice fiscal en cours"): invoices of fiscal years
    closed before as_of, with their credit notes and payments. An invoice still to be paid (by the learner,
    her employer or a funder) stays where it is followed; an invoice moves with its credit notes, once their
    own year is closed."""
    closed = list(Invoice.select().where(Invoice.year < as_of.year))
    if not closed:
        return 0
    states = invoicing.states(closed)
    credit_notes = {row.cancels_id: row for row in closed if row.cancels_id}
    open_credit_notes = {row.cancels_id for row in Invoice.select(Invoice.cancels).where(
        (Invoice.year >= as_of.year) & Invoice.cancels.is_null(False))}
    moving = [row for row in closed if row.kind == "invoice" and row.id not in open_credit_notes
              and _settled(states[row.number])]
    moving += [credit_notes[row.id] for row in moving if row.id in credit_notes]
    by_account: dict[uuid.UUID, list[Invoice]] = {}
    for row in moving:
        by_account.setdefault(row.account_id, []).append(row)
    for account_id, invoices in by_account.items():
        archive_invoices(account_id, invoices)
        numbers = [row.number for row in invoices]
        with db.atomic():
            _keep_what_was_billed(invoices)
            _delete(numbers)
        vault.forget_invoices(numbers)
    return len(moving)


DECLARATIONS = (
    Declaration(
        roles=("learner",),
        key="invoicing.invoices", topic="administrative", label=_l("Factures et avoirs"),
        models=(Invoice, InvoiceReminder, "invoice_party", "payment"), retention=BY_KEY["invoices"], basis=LEGAL,
        purpose=_l("Émettre des factures conformes aux obligations fiscales."),
        while_restricted=_l("Conservées ; une nouvelle facture n'est émise qu'avec le motif légal noté par la "
                            "gestion."),
        held=_held, export=_exported, files=_files, archive=_archive, erase=_erase,
        clock=move_closed_fiscal_years, order=30, archived=Archived("invoice", BY_KEY["invoices"])),
)
