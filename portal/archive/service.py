"""The legal archive of closed accounts: records kept as issued (certificates, attendance and funding
proofs, invoices), each until its own purge date. The only way in and out of the archive zone."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime

import peewee

from portal.archive.models import RECORD_KINDS, ArchivedRecord
from portal.db import archive_db, is_postgres


def years_after(day: date, years: int) -> date:
    """A purge date: the same day, so many years later (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def keep(account_id: uuid.UUID, kind: str, reference: str, payload: dict, purge_after: date) -> None:
    """Archive one record (call inside archive_transaction()); archiving it again changes nothing."""
    ArchivedRecord.insert(account_id=account_id, kind=kind, reference=reference,
                          payload=json.dumps(payload, ensure_ascii=False), purge_after=purge_after,
                          ).on_conflict_ignore().execute()


def archive_transaction():
    """One transaction of the archive zone, for several records kept together."""
    return archive_db.atomic()


@dataclass(frozen=True)
class Kept:
    kind: str
    reference: str
    payload: dict
    archived_at: datetime
    purge_after: date


def kept_for(account_id: uuid.UUID, kinds: tuple[str, ...] = RECORD_KINDS) -> list[Kept]:
    """A person's archived records (the caller records the read in the audit log)."""
    rows = (ArchivedRecord.select().where((ArchivedRecord.account_id == account_id) & ArchivedRecord.kind.in_(kinds))
            .order_by(ArchivedRecord.archived_at.desc(), ArchivedRecord.id.desc()))
    return [Kept(row.kind, row.reference, json.loads(row.payload), row.archived_at, row.purge_after) for row in rows]


def counts_for(account_id: uuid.UUID) -> dict[str, int]:
    """How many records of each kind the archive keeps of a person (no payload read)."""
    rows = (ArchivedRecord.select(ArchivedRecord.kind, peewee.fn.COUNT(ArchivedRecord.id).alias("n"))
            .where(ArchivedRecord.account_id == account_id).group_by(ArchivedRecord.kind).tuples())
    return dict(rows)


def purge_dates_for(account_id: uuid.UUID) -> dict[str, tuple[int, date]]:
    """For each kind of record the archive keeps of a person: how many, and the day the last of them is destroyed
    (no payload read)."""
    rows = (ArchivedRecord.select(ArchivedRecord.kind, peewee.fn.COUNT(ArchivedRecord.id),
                                  peewee.fn.MAX(ArchivedRecord.purge_after))
            .where(ArchivedRecord.account_id == account_id).group_by(ArchivedRecord.kind).tuples())
    return {kind: (count, _day(last)) for kind, count, last in rows}


# What a list's line may say of a piece: its subject (course, session, dates, the document's kind, the
# invoice's date), read from the payload by the database, never the holder's name nor the bytes of a copy.
LISTED_FACTS = ("course", "session", "starts_on", "ends_on", "issued_on", "issued_at", "document", "kind")


def _fact(name: str) -> peewee.Node:
    """One top-level text field of the JSON payload, read by the database (the payload of a copy holds its
    bytes: it is not carried to Python to list it)."""
    if is_postgres(archive_db):
        return peewee.fn.json_extract_path_text(peewee.Cast(ArchivedRecord.payload, "json"), name)
    return peewee.fn.json_extract(ArchivedRecord.payload, f"$.{name}")


@dataclass(frozen=True)
class Listed:
    """One archived document as the archive's list shows it: what and when, never whose."""
    kind: str
    reference: str
    year: int
    purge_after: date
    facts: dict[str, str]


def listing(kind: str | None = None, year: int | None = None, page: int = 1, per_page: int = 50) -> list[Listed]:
    """The archive's documents by kind and year of archiving, newest first, with what their line may say."""
    facts = [_fact(name).alias(f"fact_{name}") for name in LISTED_FACTS]
    query = ArchivedRecord.select(ArchivedRecord.kind, ArchivedRecord.reference, ArchivedRecord.archived_at,
                                  ArchivedRecord.purge_after, *facts).order_by(ArchivedRecord.archived_at.desc(),
                                                                               ArchivedRecord.id.desc())
    if kind:
        query = query.where(ArchivedRecord.kind == kind)
    if year:
        query = query.where((ArchivedRecord.archived_at >= datetime(year, 1, 1))
                            & (ArchivedRecord.archived_at < datetime(year + 1, 1, 1)))
    return [Listed(row["kind"], row["reference"], _when(row["archived_at"]).year, _day(row["purge_after"]),
                   {name: str(row[f"fact_{name}"]) for name in LISTED_FACTS if row[f"fact_{name}"] is not None})
            for row in query.paginate(page, per_page).dicts()]


def _when(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def record(kind: str, reference: str) -> tuple[uuid.UUID, Kept] | None:
    """One archived piece, by its kind and reference, with the account it belongs to (the caller records
    the read in the audit log)."""
    row = ArchivedRecord.get_or_none((ArchivedRecord.kind == kind) & (ArchivedRecord.reference == reference))
    if row is None:
        return None
    return row.account_id, Kept(row.kind, row.reference, json.loads(row.payload), row.archived_at, row.purge_after)


def totals() -> dict[tuple[str, int], int]:
    """How many documents of each kind each year holds."""
    year = peewee.fn.strftime("%Y", ArchivedRecord.archived_at) if not is_postgres(archive_db) else \
        peewee.fn.date_part("year", ArchivedRecord.archived_at)
    rows = (ArchivedRecord.select(ArchivedRecord.kind, year.alias("y"), peewee.fn.COUNT(ArchivedRecord.id))
            .group_by(ArchivedRecord.kind, year).tuples())
    return {(kind, int(float(y))): count for kind, y, count in rows}


def archived_certificates() -> list[tuple[dict, date]]:
    """Every archived certificate as issued, with its purge date (to index the public check once)."""
    return [(json.loads(row.payload), row.purge_after)
            for row in ArchivedRecord.select().where(ArchivedRecord.kind == "certificate")]


def archived_invoice(number: str) -> tuple[uuid.UUID, Kept] | None:
    """One archived invoice or credit note, by its number, with the account it was issued to."""
    return record("invoice", number)


def purge_due(as_of: date, held_back: frozenset[uuid.UUID] = frozenset()) -> int:
    """Delete the records whose keeping period ended before `as_of`, except those of the people held
    back (a restriction to establish a legal claim); returns how many."""
    due = ArchivedRecord.purge_after < as_of
    if held_back:
        due &= ArchivedRecord.account_id.not_in(list(held_back))
    return ArchivedRecord.delete().where(due).execute()
