"""What the invoices still standing have received and still await, summed by the database: in all, per payer
type, per payer, and the page of them a list shows. Each invoice keeps what it has received
(portal.invoicing.received), so no payment is read here, and the number of statements does not depend on how
many invoices there are.

Standing: an invoice (not a credit note) that no credit note cancels, still in the working database.
Overdue: money still awaited after its due date; due: money awaited, not yet due; received: what it was paid,
never counted beyond its amount.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import peewee

from portal import recount
from portal.invoicing.models import Invoice
from portal.paging import PAGE_SIZE, Page

STATES = ("overdue", "due", "paid", "open")


def standing():
    """The condition an invoice standing meets (the module's docstring)."""
    cancelled = Invoice.select(Invoice.cancels).where(Invoice.cancels.is_null(False))
    return (Invoice.kind == "invoice") & Invoice.id.not_in(cancelled)


def _received():
    return peewee.Case(None, ((Invoice.paid_cents > Invoice.total_cents, Invoice.total_cents),), Invoice.paid_cents)


def _left():
    return Invoice.total_cents - _received()


def _overdue(today: date):
    return (_left() > 0) & (Invoice.due_on < today)


def _amounts(today: date) -> list:
    """received, overdue, due, count: the sums every total is made of."""
    left = _left()
    return [peewee.fn.SUM(_received()),
            peewee.fn.SUM(peewee.Case(None, ((_overdue(today), left),), 0)),
            peewee.fn.SUM(peewee.Case(None, (((left > 0) & (Invoice.due_on >= today), left),), 0)),
            peewee.fn.COUNT(Invoice.id)]


@dataclass(frozen=True)
class Sums:
    received_cents: int = 0
    overdue_cents: int = 0
    due_cents: int = 0
    count: int = 0


def _sums(row) -> Sums:
    received, overdue, due, count = row
    return Sums(int(received or 0), int(overdue or 0), int(due or 0), int(count or 0))


@dataclass(frozen=True)
class PayerSums:
    payer_type: str
    account_id: uuid.UUID | None  # the learner paying herself; None for an organisation
    payer_key: str  # the organisation (portal.invoicing.received.payer_key); "" for a learner
    sample_number: str  # one of its invoices: the organisation's name is read with it, from the vault
    sums: Sums


@dataclass(frozen=True)
class Summary:
    payers: list[PayerSums]  # those who owe the most (overdue first, then due), or all of them
    payer_count: int  # payers in all
    by_type: dict[str, Sums]  # payer type -> what all its invoices received and await


def _added(sums: list[Sums]) -> Sums:
    return Sums(*(sum(getattr(s, name) for s in sums) for name in ("received_cents", "overdue_cents", "due_cents",
                                                                     "count")))


# How long a summary is used again at most, even when the stamp says nothing changed (a safety net: the
# stamp sees every write this package and portal.invoicing.received make).
SUMMARY_FRESH_SECONDS = 60


def _stamp() -> tuple:
    """What the sums are made of has been written to since the stamp was read when the stamp differs (one
    statement, one pass over the invoices without grouping): an invoice issued, cancelled (its credit note is
    one more row) or archived changes the count or the last id; a payment recorded or repaired changes what
    the invoices received, and its sum weighted by each invoice's id sees money moved from one to another."""
    # SUM, not SQLite's TOTAL: PostgreSQL has no TOTAL (COALESCE for a table without invoices).
    row = Invoice.select(peewee.fn.COUNT(Invoice.id), peewee.fn.MAX(Invoice.id),
                         peewee.fn.COALESCE(peewee.fn.SUM(Invoice.paid_cents), 0),
                         peewee.fn.COALESCE(peewee.fn.SUM(Invoice.paid_cents * Invoice.id), 0)).tuples().get()
    return tuple(str(value) for value in row)


def summary(today: date, limit: int | None = None) -> Summary:
    """summary_counted(), kept per process and used again while nothing it sums was written since (two
    statements of grouping over every standing invoice became one pass without grouping on each view of the
    receivables page). Names are never kept: the caller reads them each time."""
    return recount.kept_while_unwritten("receivable_sums", (today, limit), _stamp(),
                                        lambda: summary_counted(today, limit), SUMMARY_FRESH_SECONDS)


def summary_counted(today: date, limit: int | None = None) -> Summary:
    """The payers who owe the most, `limit` of them or all, how many there are, and the sums per payer type
    (two statements). Organisations are few and all summed; learners paying themselves are thousands: the
    database keeps the first `limit` of them, and counts and sums them all in the same statement."""
    received, overdue, due, count = _amounts(today)
    amounts = [received.alias("received"), overdue.alias("overdue"), due.alias("due"), count.alias("invoices")]
    sample = peewee.fn.MIN(Invoice.number).alias("sample")
    organisations = (Invoice.select(Invoice.payer_type, Invoice.payer_key, sample, *amounts)
                     .where(standing() & (Invoice.payer_type != "learner"))
                     .group_by(Invoice.payer_type, Invoice.payer_key))
    everyone = [peewee.fn.COUNT(peewee.SQL("*")).over(), *(peewee.fn.SUM(a).over() for a in (received, overdue, due,
                                                                                                count))]
    learners = (Invoice.select(Invoice.account_id, sample, *amounts, *everyone)
                .where(standing() & (Invoice.payer_type == "learner")).group_by(Invoice.account_id)
                .order_by(peewee.SQL("overdue").desc(), peewee.SQL("due").desc(), peewee.SQL("sample")))
    if limit is not None:
        learners = learners.limit(limit)
    rows = [PayerSums(payer_type, None, key, sample, _sums(amounts))
            for payer_type, key, sample, *amounts in organisations.tuples()]
    by_type = {kind: _added([p.sums for p in rows if p.payer_type == kind]) for kind in {p.payer_type for p in rows}}
    payer_count = len(rows)
    for account_id, sample, *amounts in learners.tuples():
        rows.append(PayerSums("learner", uuid.UUID(str(account_id)), "", sample, _sums(amounts[:4])))
        if len(rows) == payer_count + 1:  # every row carries the count and sums of all learners
            payer_count += int(amounts[4])
            by_type["learner"] = _sums(amounts[5:])
    rows.sort(key=lambda p: (-p.sums.overdue_cents, -p.sums.due_cents, p.sample_number))
    return Summary(rows[:limit] if limit is not None else rows, payer_count, by_type)


def organisations() -> list[tuple[str, str, str]]:
    """(payer type, payer key, one invoice number) of each organisation with a standing invoice: the few
    rows a search by the organisation's name reads its names from."""
    return list(Invoice.select(Invoice.payer_type, Invoice.payer_key, peewee.fn.MIN(Invoice.number))
                .where(standing() & (Invoice.payer_type != "learner"))
                .group_by(Invoice.payer_type, Invoice.payer_key).tuples())


def invoiced_learners() -> set[uuid.UUID]:
    """The learners with a standing invoice, to them or to a payer of their training: those a search of the
    payer by the learner's name may find (and so read the name of)."""
    return {account_id for (account_id,) in Invoice.select(Invoice.account_id).distinct()
            .where(standing() & Invoice.account_id.is_null(False)).tuples()}


@dataclass(frozen=True)
class Listed:
    """A standing invoice as a list shows it, before it is read whole."""
    id: int
    received_cents: int
    left_cents: int


def standing_page(today: date, page: int, *, payer_type: str = "", state: str = "", number: str = "",
                  payer_keys: list[str] | None = None, learners: list[uuid.UUID] | None = None,
                  excluded: list[str] | None = None, size: int = PAGE_SIZE, due_by: date | None = None) -> Page:
    """A page of the standing invoices (rows: Listed), those still awaiting money first, by due date: the
    most overdue at the top, then those falling due soonest, then the paid ones. payer_keys: only these
    organisations' invoices, and (learners) those of these learners' trainings, whoever pays them (an empty
    list: none); excluded: invoice numbers left out; due_by: only those due by that day."""
    if (payer_keys is not None or learners is not None) and not payer_keys and not learners:
        return Page([], 1, size, 0)
    query = _standing(today, payer_type, state, number, payer_keys, learners, excluded, due_by)
    total = query.count()
    last = max(1, -(-total // size))
    page = min(max(page, 1), last)
    return Page(_listed(query.paginate(page, size)) if total else [], page, size, total)


def first_standing(today: date, state: str, *, excluded: list[str] | None = None, size: int) -> list[Listed]:
    """The first `size` standing invoices in `state`, in standing_page()'s order, without counting them all (one
    statement: the staff's home names a few and never says how many)."""
    return _listed(_standing(today, "", state, "", None, None, excluded).limit(size))


def _standing(today: date, payer_type: str, state: str, number: str, payer_keys: list[str] | None,
              learners: list[uuid.UUID] | None, excluded: list[str] | None, due_by: date | None = None):
    """standing_page()'s invoices, in its order."""
    query = Invoice.select(Invoice.id, _received(), _left()).where(standing())
    if due_by is not None:
        query = query.where(Invoice.due_on <= due_by)
    if payer_type:
        query = query.where(Invoice.payer_type == payer_type)
    if number:
        query = query.where(Invoice.number == number)
    if excluded:
        query = query.where(Invoice.number.not_in(excluded))
    if payer_keys is not None or learners is not None:
        query = query.where(((Invoice.payer_type != "learner") & Invoice.payer_key.in_(payer_keys or [""]))
                            | Invoice.account_id.in_(learners or [uuid.UUID(int=0)]))
    if state == "overdue":
        query = query.where(_overdue(today))
    elif state == "due":
        query = query.where((_left() > 0) & (Invoice.due_on >= today))
    elif state == "paid":
        query = query.where(_left() <= 0)
    elif state == "open":
        query = query.where(_left() > 0)
    return query.order_by(peewee.Case(None, ((_left() > 0, 0),), 1), Invoice.due_on, Invoice.id)


def _listed(query) -> list[Listed]:
    return [Listed(invoice_id, int(received or 0), int(left or 0)) for invoice_id, received, left in query.tuples()]
