"""What is owed to the provider: each invoice still in the working database with what it received and what
it still awaits, totals of what is due, overdue and paid, per payer and in all; and the reminders of overdue
invoices, sent by the daily job or by staff, through the mail outbox.

A learner's reminder goes to her account's address (portal.mail); an employer's or a funder's to the
billing address kept with the invoice's payer in the vault, read when the mail leaves, so that no name or
address is written in the job's row.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, timedelta
from email.utils import formataddr

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import db, email_address, mail
from portal.accounts.names import display_names
from portal.invoicing import receivable_sums as sums
from portal.invoicing import service as invoicing
from portal.invoicing.models import COURTESY, Invoice, InvoiceReminder
from portal.jobs import enqueue, job
from portal.links import external_url
from portal.mail.relay import verdict
from portal.paging import PAGE_SIZE, Page
from portal.refusals import Refused
from portal.textfold import fold
from portal.timeutil import paris_today, to_paris
from portal.vault import audit
from portal.vault import service as vault

# Automatic reminders: level, days after the due date. Each is sent once per invoice.
LEVELS = ((1, 7), (2, 21), (3, 45))
MANUAL = 0  # a reminder staff send themselves


class ReminderRefused(Refused):
    pass


@dataclass(frozen=True)
class Totals:
    due_cents: int = 0  # still to be paid, not yet due
    overdue_cents: int = 0  # still to be paid, past its due date
    paid_cents: int = 0  # received
    count: int = 0  # invoices


@dataclass(frozen=True)
class Receivable:
    invoice: Invoice
    state: str  # invoicing's: paid, partial, due
    paid_cents: int
    left_cents: int
    overdue_days: int  # 0 when not overdue
    payer: str  # the organisation's name, or the learner's display name
    learner: str  # the display name of the trainee the invoice is for (once she is erased: as printed)
    can_mail: bool  # whether a reminder has an address to go to
    reminders: list[InvoiceReminder] = field(default_factory=list)
    # False once the trainee's account is erased (the invoice kept as a claim): no file of hers to open, and a
    # learner's own invoice is reminded at the address staff give, as an organisation's.
    has_account: bool = True

    @property
    def to_payer(self) -> bool:
        """Whether its reminders go to the billing address kept with the invoice rather than to her account."""
        return self.invoice.payer_type != "learner" or not self.has_account

    @property
    def open(self) -> bool:
        return self.left_cents > 0


@dataclass(frozen=True)
class PayerTotals:
    payer: str
    payer_type: str
    totals: Totals


@dataclass(frozen=True)
class RecordedSettlement:
    """One sum received (a transfer, a cheque) and the invoices it paid: an OPCO's batch is one line."""
    paid_at: object
    method: str
    reference: str
    parts: list[tuple[str, int]]  # (invoice number, cents)
    card_last4: str = ""  # a card paid online: its last four digits, as the printed invoice says

    @property
    def total_cents(self) -> int:
        return sum(cents for _, cents in self.parts)


def _settlements(payments: list) -> list[RecordedSettlement]:
    grouped: dict[str, RecordedSettlement] = {}
    for payment in payments:  # newest first; a settlement's payments share its key, a card payment is alone
        key = payment.settlement or f"payment-{payment.id}"
        if key not in grouped:
            grouped[key] = RecordedSettlement(payment.paid_at, payment.method, payment.reference, [],
                                              payment.card_last4)
        grouped[key].parts.append((payment.invoice_number, payment.amount_cents))
    return list(grouped.values())


@dataclass(frozen=True)
class Receivables:
    rows: list[Receivable]  # standing invoices: open ones first (most overdue first), then paid; a page of them
    # when a page was asked for
    by_payer: list[PayerTotals]
    by_type: dict[str, Totals]
    total: Totals
    recent: list[RecordedSettlement]  # the latest sums received (by staff, by card online), each with what it paid
    listed: Page | None = None  # the page shown, when one was asked for (its rows are `rows`)
    payers: int = 0  # payers in all (by_payer names only those who owe the most when a page is asked for)

    @property
    def open(self) -> list[Receivable]:
        return [r for r in self.rows if r.open]


PAYERS_SHOWN = 30  # payers named in the totals: those who owe the most; the others are counted
EVERY_ROW = 10**9  # no page asked for: every standing invoice (the daily reminders' round)


def _totals(found: sums.Sums) -> Totals:
    return Totals(found.due_cents, found.overdue_cents, found.received_cents, found.count)


def receivables(today: date, payer_type: str = "", state: str = "", page: int | None = None) -> Receivables:
    """Every invoice not cancelled and still in the working database (paid ones of the fiscal years not yet
    closed, unpaid ones of any year). state filters the rows ("overdue", "due", "paid", or "open": still
    awaiting money), payer_type too; the totals are always of everything. With `page`, the rows are that page's
    and the totals name the PAYERS_SHOWN payers who owe the most; without, every row and every payer. The
    database sums the amounts each invoice keeps (portal.invoicing.receivable_sums): a fixed number of
    statements, whatever the volume, and only the rows shown are read whole."""
    summed = sums.summary(today, PAYERS_SHOWN if page is not None else None)
    by_type = {kind: _totals(found) for kind, found in sorted(summed.by_type.items())}
    total = Totals()
    for found in by_type.values():
        total = Totals(total.due_cents + found.due_cents, total.overdue_cents + found.overdue_cents,
                       total.paid_cents + found.paid_cents, total.count + found.count)
    listed = standing(today, page, payer_type=payer_type, state=state)
    return Receivables(listed.rows, _named(summed.payers), by_type, total, _settlements(vault.recent_settlements()),
                       listed if page is not None else None, summed.payer_count)


def standing(today: date, page: int | None, *, payer_type: str = "", state: str = "", payer_name: str = "",
             number: str = "", due_by: date | None = None) -> Page:
    """The invoices receivables() lists (its rows: Receivable), without its totals: what the settlement form
    and a reminder need. Without a page, every one of them. payer_name (part of an organisation's name,
    without case or accents) and number narrow them too."""
    keys = _payer_keys_named(payer_name) if payer_name.strip() else None
    listed = sums.standing_page(today, page or 1, payer_type=payer_type, state=state, number=number,
                                payer_keys=keys, size=PAGE_SIZE if page is not None else EVERY_ROW, due_by=due_by)
    return dataclasses.replace(listed, rows=_receivables_of(listed.rows, today))


@dataclass(frozen=True)
class Settling:
    """The open invoices a settlement may pay, and what the payer typed matched (organisations' names,
    learners' names), said above them."""
    page: Page
    matched: list[str]


def for_settlement(today: date, reader: audit.Actor, *, payer_name: str = "", number: str = "") -> Settling:
    """The open invoices of the payer typed, found by its name or by the learner's (any case, accents or
    order of the words: the vault's name search): a private person pays her own invoices, and a funder's
    invoice names the trainee. Each learner found is a read of her name, journaled."""
    if not payer_name.strip():
        return Settling(standing(today, 1, state="open", number=number), [])
    keys, organisations = _organisations_named(payer_name)
    learners = vault.search_identities(payer_name, reader, sums.invoiced_learners(), workflow="encaissement",
                                       once_a_while=True)
    listed = sums.standing_page(today, 1, state="open", number=number, payer_keys=keys,
                                learners=[f.account_id for f in learners])
    matched = organisations + [str(_l("%(name)s (stagiaire)", name=f.full_name)) for f in learners]
    return Settling(dataclasses.replace(listed, rows=_receivables_of(listed.rows, today)), matched)


def _organisations_named(text: str) -> tuple[list[str], list[str]]:
    """The keys and the names of the organisations whose name contains the text (without case or accents)."""
    wanted = fold(" ".join(text.split()))
    organisations = sums.organisations()
    names = vault.organisation_payers([sample for _kind, _key, sample in organisations])
    found = [(key, names[sample].name) for _kind, key, sample in organisations
             if sample in names and wanted in fold(names[sample].name)]
    return [key for key, _name in found], sorted({name for _key, name in found})


def _payer_keys_named(text: str) -> list[str]:
    return _organisations_named(text)[0]


def _named(payers: list[sums.PayerSums]) -> list[PayerTotals]:
    learners = display_names([p.account_id for p in payers if p.account_id is not None])
    organisations = vault.organisation_payers([p.sample_number for p in payers if p.payer_type != "learner"])
    # An erased learner's claims are grouped under their pseudonym: named as their invoices were printed.
    printed = vault.printed_names([p.sample_number for p in payers
                                   if p.payer_type == "learner" and p.account_id not in learners])
    deleted, unknown = str(_l("compte supprimé")), str(_l("payeur inconnu"))
    named = []
    for p in payers:
        if p.payer_type == "learner":
            name = learners.get(p.account_id) or (printed[p.sample_number].payer if p.sample_number in printed
                                                  else deleted)
        else:
            found = organisations.get(p.sample_number)
            name = found.name if found and p.payer_key else unknown
        named.append(PayerTotals(name, p.payer_type, _totals(p.sums)))
    return named


def _receivables_of(listed: list[sums.Listed], today: date) -> list[Receivable]:
    """The invoices listed, read whole, in that order, with their learner, payer and reminders."""
    invoices = invoicing.invoices_with_ids([row.id for row in listed])
    amounts = {row.id: row for row in listed}
    states = invoicing.states(invoices, paid={i.number: amounts[i.id].received_cents for i in invoices})
    names = invoicing.named(invoices)
    reminders = invoicing.reminders_of(invoices)
    billed = vault.organisation_payers([i.number for i in invoices if i.payer_type != "learner"
                                        or not names[i.number].has_account])
    unknown = str(_l("payeur inconnu"))
    rows = []
    for invoice in invoices:
        received, left = amounts[invoice.id].received_cents, amounts[invoice.id].left_cents
        late = (today - invoice.due_on).days if left and invoice.due_on < today else 0
        who = names[invoice.number]
        found = billed.get(invoice.number)
        if invoice.payer_type == "learner":
            payer, can_mail = who.payer, who.has_account or bool(found and found.has_email)
        else:
            payer, can_mail = (found.name, found.has_email) if found else (unknown, False)
        rows.append(Receivable(invoice, states[invoice.number], received, left, late, payer, who.learner, can_mail,
                               reminders.get(invoice.id, []), who.has_account))
    return rows


def _level_due(receivable: Receivable) -> int:
    """The highest automatic level the invoice's delay has reached; 0 before the first."""
    return max((level for level, days in LEVELS if receivable.overdue_days >= days), default=0)


def _send(receivable: Receivable, level: int) -> None:
    """Inside a transaction: the reminder's row and its mail job commit together (COURTESY: the mail before the
    due date, the others after it)."""
    invoice = receivable.invoice
    context = {"number": invoice.number, "issued_on": invoice.issued_on.isoformat(),
               "due_on": invoice.due_on.isoformat(), "total_cents": invoice.total_cents,
               "left_cents": receivable.left_cents, "case_number": invoice.case_number,
               "payer_type": invoice.payer_type}
    template = "invoice_courtesy" if level == COURTESY else "invoice_overdue"
    if not receivable.to_payer:
        mail.send(invoice.account_id, template, invoices_url=external_url("invoicing.mine"), **context)
        channel = "learner"
    else:
        enqueue(deliver_to_payer, invoice.number, context, template)
        channel = "payer"
    invoicing.record_reminder(invoice, level, channel)


def send_due_reminders(today: date) -> int:
    """The daily round: each overdue invoice gets each automatic level once, when its delay reaches it (a
    missed day is caught up, only the highest level reached is sent). Invoices to an organisation without a
    billing address are left to staff, who see them on the receivables page. Returns how many were sent."""
    sent = 0
    for receivable in standing(today, None, state="open").rows:
        level = _level_due(receivable)
        if not level or not receivable.can_mail or any(r.level >= level for r in receivable.reminders):
            continue
        sent += _sent_once(receivable, level, InvoiceReminder.level >= level)
    return sent


def _sent_once(receivable: Receivable, level: int, already) -> bool:
    """Sends her reminder at `level` unless another run got there first (`already`: the condition on the
    invoice's reminders that says so, read in the same transaction)."""
    with db.atomic():
        if InvoiceReminder.select().where((InvoiceReminder.invoice == receivable.invoice.id) & already).exists():
            return False
        _send(receivable, level)
    return True


@job(_l("Relance des factures en retard de paiement"))
def daily_invoice_reminders() -> None:
    send_due_reminders(paris_today())


def send_courtesy_reminders(today: date) -> int:
    """The daily courtesy round: an invoice still to be paid, INVOICE_COURTESY_DAYS before its due date (0: no
    such reminder), is recalled once to its payer, as its overdue reminders would be (a missed day is caught up
    until the due date). A step of a learner's training contract is left to the contract, which recalls it with
    its own mail; an organisation without a billing address gets none. Returns how many were sent."""
    days = current_app.config["INVOICE_COURTESY_DAYS"]
    if days <= 0:
        return 0
    sent = 0
    for receivable in standing(today, None, state="due", due_by=today + timedelta(days=days)).rows:
        if (receivable.invoice.from_contract or not receivable.can_mail
                or any(r.level == COURTESY for r in receivable.reminders)):
            continue
        sent += _sent_once(receivable, COURTESY, InvoiceReminder.level == COURTESY)
    return sent


@job(_l("Rappel des factures avant leur échéance"))
def daily_courtesy_reminders() -> None:
    send_courtesy_reminders(paris_today())


def remind_now(number: str, email: str = "", today: date | None = None) -> Receivable:
    """A reminder staff send themselves, for an overdue invoice; for an organisation, to the billing address
    given here (kept for its next reminders) or already kept. At most one a day per invoice."""
    today = today or paris_today()
    email = (email or "").strip()
    wanted = (number or "").strip()
    found = next(iter(standing(today, 1, number=wanted).rows), None) if wanted else None
    if found is None:
        raise ReminderRefused(_l("Aucune facture en cours ne porte le numéro « %(n)s ».", n=number))
    if not found.open:
        raise ReminderRefused(_l("La facture %(n)s est payée : il n'y a rien à réclamer.", n=found.invoice.number))
    if not found.overdue_days:
        raise ReminderRefused(_l("La facture %(n)s n'est pas en retard : elle est à payer au plus tard le %(d)s.",
                                 n=found.invoice.number, d=f"{found.invoice.due_on:%d/%m/%Y}"))
    if email and (not found.to_payer or len(email) > 254):
        raise ReminderRefused(_l("L'adresse du service comptable n'est pas une adresse électronique valable."))
    if email:
        try:  # the portal's one rule for an address, and its words for why not
            email = email_address.normalised(email, reserved_allowed=True)
        except email_address.AddressRefused as refused:
            raise ReminderRefused(refused.words) from None
    if found.to_payer and not found.has_account and not (email or found.can_mail):
        raise ReminderRefused(_l("Le compte de la stagiaire est effacé : indiquez l'adresse électronique où "
                                 "réclamer cette facture, la relance y partira, et les suivantes aussi."))
    if found.to_payer and not (email or found.can_mail):
        raise ReminderRefused(_l("Indiquez l'adresse électronique du service comptable du payeur : la relance y "
                                 "partira, et les suivantes aussi."))
    if any(to_paris(r.sent_at).date() == today for r in found.reminders):
        raise ReminderRefused(_l("Une relance de la facture %(n)s est déjà partie aujourd'hui.",
                                 n=found.invoice.number))
    with db.atomic(with_vault=True):
        if email:
            vault.set_billing_email(found.invoice.number, email)
        _send(found, MANUAL)
    return found


@job(_l("Envoi d'une relance de facture à son payeur"))
def deliver_to_payer(number: str, context: dict, template: str = "invoice_overdue") -> None:
    """The reminder of an organisation's invoice (or of an erased learner's), to its billing address read now
    from the vault (an invoice moved to the archive, or a payer whose address was removed, is simply not
    reminded); template: the overdue reminder, or the courtesy one before the due date."""
    contact = vault.billing_contact(number)
    if contact is None:
        return
    name, email = contact
    trainee = vault.invoice_parties([number]).get(number)
    message = mail.compose(template, to=formataddr((name, email)), context={
        **context, "full_name": name, "trainee": trainee.trainee if trainee else ""})
    try:
        mail.transmit(message)
    except OSError as failure:
        raise verdict(failure) from failure
