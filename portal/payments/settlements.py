"""Money received outside the card checkout, recorded by staff: a transfer, a cheque, cash, a direct debit.

One settlement is what arrived (its date, how, its reference, its amount) and how it divides among the
invoices it pays: a learner's cheque pays one invoice, in part or in full; an OPCO's transfer often pays
several invoices at once. Each invoice's part is one payment row in the vault, all of a settlement's rows
sharing its id; the invoice's paid total grows with it, in the same transaction (portal.invoicing.received).
"""
from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.invoicing import received as received_money
from portal.invoicing import service as invoicing
from portal.invoicing.wording import METHOD_WORDS
from portal.links import external_url
from portal.refusals import Refused
from portal.timeutil import from_paris, paris_today
from portal.vault import service as vault

# One lock for every settlement: two staff recording payments at once never pay one invoice twice over.
SETTLEMENT_LOCK = uuid.UUID(int=0)


class SettlementRefused(Refused):
    pass


@dataclass(frozen=True)
class Received:
    on: date
    method: str
    reference: str
    amount_cents: int


@dataclass(frozen=True)
class Allocation:
    number: str
    cents: int
    line: int | None = None  # its line in a pasted remittance advice (None: a row of the table)


def _check(received: Received, allocations: list[Allocation], today: date) -> list[Allocation]:
    if received.method not in METHOD_WORDS:
        raise SettlementRefused(_l("Choisissez le mode de règlement dans la liste."))
    if not received.reference.strip() or len(received.reference) > 120:
        raise SettlementRefused(_l("Indiquez la référence du règlement (libellé du virement, numéro du chèque…), "
                                   "120 caractères au plus."))
    if received.on > today:
        raise SettlementRefused(_l("Un règlement se date du jour où il est reçu, au plus tard aujourd'hui."))
    if received.amount_cents <= 0:
        raise SettlementRefused(_l("Indiquez le montant reçu, positif."))
    given = [a for a in allocations if a.cents]
    if not given:
        raise SettlementRefused(_l("Indiquez la part de chaque facture que ce règlement paie."))
    if any(a.cents < 0 for a in given):
        raise SettlementRefused(_l("La part d'une facture est un montant positif."))
    if len({a.number for a in given}) != len(given):
        raise SettlementRefused(_l("Une facture figure deux fois dans la répartition."))
    if sum(a.cents for a in given) != received.amount_cents:
        raise SettlementRefused(_l(
            "Les parts des factures font %(parts)s, le règlement reçu %(amount)s : la répartition doit faire "
            "exactement le montant reçu.", parts=invoicing.euros(sum(a.cents for a in given)),
            amount=invoicing.euros(received.amount_cents)))
    return given


def _about(allocation: Allocation, words) -> SettlementRefused:
    """A part refused: said beside the pasted advice, with its line, when it came from there."""
    if allocation.line is None:
        return SettlementRefused(words)
    return SettlementRefused(_l("Ligne %(n)s du relevé : %(why)s", n=allocation.line, why=words), field="remittance")


def record(received: Received, allocations: list[Allocation], by: uuid.UUID | None,
           today: date | None = None) -> str:
    """Records a settlement across one or more invoices; returns its id. Refused, in words and with nothing
    written, when an invoice does not exist, is a credit note or cancelled, or would be paid beyond what it
    still awaits."""
    today = today or paris_today()
    given = _check(received, allocations, today)
    settlement = f"rgl_{secrets.token_hex(8)}"
    paid_at = from_paris(datetime.combine(received.on, time(12)))
    paid_in_full = []
    with db.atomic(with_vault=True):
        db.person_lock(SETTLEMENT_LOCK, "settlement")
        invoices = invoicing.invoices_numbered([a.number for a in given])
        states = invoicing.states(list(invoices.values()))
        already = vault.paid_cents_of(list(invoices))
        for a in given:
            invoice = invoices.get(a.number)
            if invoice is None:
                raise _about(a, _l("Aucune facture ne porte le numéro « %(n)s ».", n=a.number))
            if invoice.kind != "invoice":
                raise _about(a, _l("%(n)s est un avoir : il ne se règle pas.", n=a.number))
            if states[a.number] == invoicing.CANCELLED:
                raise _about(a, _l("La facture %(n)s est annulée par un avoir : rien n'y est dû.", n=a.number))
            left = invoice.total_cents - already.get(a.number, 0)
            if a.cents > left:
                raise _about(a, _l(
                    "La facture %(n)s n'attend plus que %(left)s : un règlement ne la paie pas au-delà.",
                    n=a.number, left=invoicing.euros(max(left, 0))))
            if received.on < invoice.issued_on:
                raise SettlementRefused(_l("Le règlement de la facture %(n)s ne peut pas précéder son émission "
                                           "(le %(d)s).", n=a.number, d=f"{invoice.issued_on:%d/%m/%Y}"))
            if a.cents == left:
                paid_in_full.append(invoice)
        for n, a in enumerate(given, start=1):
            received_money.receive(a.number, invoices[a.number].account_id, a.cents, f"{settlement}-{n}", paid_at,
                                   method=received.method, reference=received.reference.strip(),
                                   settlement=settlement, recorded_by=by)
        # Told she has paid, at her account's address; an erased learner has none (her claim kept, not her).
        accounts = invoicing.named(paid_in_full)
        for invoice in paid_in_full:
            if invoice.payer_type == "learner" and accounts[invoice.number].has_account:
                mail.send(invoice.account_id, "invoice_paid", number=invoice.number, amount_cents=invoice.total_cents,
                          invoices_url=external_url("invoicing.mine"),
                          pdf_url=external_url("invoicing.learner_pdf", number=invoice.number))
    return settlement
