"""Who an invoice is addressed to (a person or an organisation, with its accounting address) and the payments
received, with their bank references."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

import peewee

from portal.db import MANY_KEYS, vault_db
from portal.vault import audit
from portal.vault.models import (
    Identity,
    InvoiceParty,
    Payment,
)


@dataclass(frozen=True)
class Party:
    name: str
    address: str
    siren: str = ""
    trainee: str = ""  # the trainee named on an employer's or a funder's invoice
    email: str = ""  # where its reminders go (never printed)


def learner_as_party(account_id: uuid.UUID) -> Party | None:
    """The learner as payer: legal name and postal address (used by the invoicing service itself)."""
    identity = Identity.get_or_none(Identity.account_id == account_id)
    return Party(identity.full_name, identity.postal_address or "") if identity else None


def record_invoice_party(number: str, account_id: uuid.UUID, party: Party) -> None:
    InvoiceParty.create(number=number, account_id=account_id, name=party.name, address=party.address,
                        siren=party.siren, trainee=party.trainee, email=party.email)


def invoice_parties(numbers: list[str], actor: audit.Actor | None = None, workflow: str = "facture",
                    subject_id: uuid.UUID | None = None, reason: str | None = None) -> dict[str, Party]:
    """Payers as printed. A staff reader is audited (the learner reading their own invoices is not), with the
    reason given (a restricted person's legal ground)."""
    if actor is not None:
        audit.record(actor, subject_id, "lecture", ["invoice_party"], workflow=workflow, reason=reason)
    rows = InvoiceParty.select().where(InvoiceParty.number.in_(numbers or [""]))
    return {row.number: Party(row.name, row.address, row.siren, row.trainee, row.email) for row in rows}


@dataclass(frozen=True)
class Payer:
    """An organisation's invoice as the receivables list shows it: whom it is owed by, whether its
    reminders have an address to go to."""
    name: str
    has_email: bool


def organisation_payers(numbers: list[str]) -> dict[str, Payer]:
    """The employers and funders of these invoices (the caller passes only invoices addressed to an
    organisation): the company or funder names the receivables are grouped by. The learner's name is not
    read here, so the listing is not a read of her identity."""
    query = InvoiceParty.select(InvoiceParty.number, InvoiceParty.name, InvoiceParty.email)
    if len(numbers) <= MANY_KEYS:
        return {n: Payer(name, bool(email)) for n, name, email in query.where(
            InvoiceParty.number.in_(numbers or [""])).tuples()}
    wanted = set(numbers)
    return {n: Payer(name, bool(email)) for n, name, email in vault_db.execute(query).fetchall() if n in wanted}


def set_billing_email(number: str, email: str) -> bool:
    """The address an organisation's reminders go to (not printed on the invoice, so it may change)."""
    return bool(InvoiceParty.update(email=email).where(InvoiceParty.number == number).execute())


def billing_contact(number: str) -> tuple[str, str] | None:
    """(name, address) the reminders of an organisation's invoice go to, read when the mail is sent."""
    row = InvoiceParty.get_or_none(InvoiceParty.number == number)
    return (row.name, row.email) if row is not None and row.email else None


def record_payment(provider_ref: str, account_id: uuid.UUID, invoice_number: str, amount_cents: int,
                   paid_at, card_last4: str, *, method: str = "card", reference: str = "",
                   settlement: str | None = None, recorded_by: uuid.UUID | None = None) -> bool:
    """Idempotent on the provider's reference (or the settlement's own for a payment recorded by staff);
    returns whether it was new."""
    return bool(Payment.insert(provider_ref=provider_ref, account_id=account_id, invoice_number=invoice_number,
                               amount_cents=amount_cents, paid_at=paid_at, card_last4=card_last4, method=method,
                               reference=reference, settlement=settlement, recorded_by=recorded_by)
                .on_conflict_ignore().as_rowcount().execute())


def payments_for(invoice_numbers: list[str]) -> list[Payment]:
    """The payments of these invoices, oldest first (what a printed invoice says of its payment)."""
    return list(Payment.select().where(Payment.invoice_number.in_(invoice_numbers or [""]))
                .order_by(Payment.paid_at, Payment.id))


def _settlement_key():
    """What groups the payments of one sum received: a settlement staff recorded (an OPCO's batch paying several
    invoices), or the payment alone (a card payment online has no settlement)."""
    return peewee.fn.COALESCE(Payment.settlement, Payment.id.cast("TEXT"))


def recent_settlements(limit: int = 20) -> list[Payment]:
    """The latest sums received, whoever recorded them (staff, the card checkout), newest first (one row per
    invoice a settlement paid)."""
    latest = (Payment.select(_settlement_key()).group_by(_settlement_key())
              .order_by(peewee.fn.MAX(Payment.id).desc()).limit(limit))
    return list(Payment.select().where(_settlement_key().in_(latest)).order_by(Payment.id.desc()))


def every_payment() -> list[Payment]:
    """Every sum received, oldest first (one row per invoice a settlement paid): the accountant's export."""
    return list(Payment.select().order_by(Payment.paid_at, Payment.id))


def payments_of(account_id: uuid.UUID) -> list[Payment]:
    return list(Payment.select().where(Payment.account_id == account_id).order_by(Payment.paid_at.desc()))


def paid_cents_of(invoice_numbers: list[str]) -> dict[str, int]:
    query = Payment.select(Payment.invoice_number, peewee.fn.SUM(Payment.amount_cents)).group_by(Payment.invoice_number)
    if len(invoice_numbers) <= MANY_KEYS:
        return dict(query.where(Payment.invoice_number.in_(invoice_numbers or [""])).tuples())
    wanted = set(invoice_numbers)
    return {number: paid for number, paid in vault_db.execute(query).fetchall() if number in wanted}


def forget_invoices(invoice_numbers: list[str]) -> None:
    """Payers and payments of invoices now kept in the legal archive (which holds them as issued)."""
    with vault_db.atomic():
        InvoiceParty.delete().where(InvoiceParty.number.in_(invoice_numbers or [""])).execute()
        Payment.delete().where(Payment.invoice_number.in_(invoice_numbers or [""])).execute()


def keep_claims(invoice_numbers: list[str], pseudonym: uuid.UUID) -> None:
    """An erased person's invoices still awaiting money stay, as the record of a claim still owed (GDPR art.
    17(3)(e)) and of an invoice issued (10 years): their payer as printed and the payments they received are
    keyed by a pseudonym instead of her account, which ties them to one another and to nothing else of her
    (erase_identity, keyed by her account, then leaves them)."""
    with vault_db.atomic():
        InvoiceParty.update(account_id=pseudonym).where(InvoiceParty.number.in_(invoice_numbers or [""])).execute()
        Payment.update(account_id=pseudonym).where(Payment.invoice_number.in_(invoice_numbers or [""])).execute()


@dataclass(frozen=True)
class Printed:
    """The names an invoice was printed with: its payer's, and the trainee's on an organisation's invoice."""
    payer: str
    trainee: str


def printed_names(invoice_numbers: list[str]) -> dict[str, Printed]:
    """The names printed on these invoices, for the invoices of erased trainees only (the caller's rule): the
    claim's own record, read by the lists that follow it; no identity of hers is left to read or to log."""
    if not invoice_numbers:
        return {}  # no erased trainee among them, the usual case: no statement
    query = InvoiceParty.select(InvoiceParty.number, InvoiceParty.name, InvoiceParty.trainee)
    return {n: Printed(name, trainee) for n, name, trainee in query.where(
        InvoiceParty.number.in_(invoice_numbers or [""])).tuples()}


def legal_names(account_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The names to print on legal records moved to the archive (the archiving itself, not a reader)."""
    rows = Identity.select(Identity.account_id, Identity.full_name).where(
        Identity.account_id.in_(list(set(account_ids)) or [uuid.UUID(int=0)]))
    return {row.account_id: row.full_name for row in rows}


def paid_cents(invoice_number: str) -> int:
    return Payment.select(peewee.fn.COALESCE(peewee.fn.SUM(Payment.amount_cents), 0)).where(
        Payment.invoice_number == invoice_number).scalar() or 0
