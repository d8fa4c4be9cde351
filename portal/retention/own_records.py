"""A person's own legal records once they left the operational database: the narrow way back to them.

Only the person herself reads them here, only her own, and each reading is written in the audit log
(the archive is "no longer accessible for operational use": a reading is an event worth tracing).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from portal.archive import service as archive
from portal.archive.service import Kept
from portal.retention import archived_invoices
from portal.vault import audit

WORKFLOW = "consultation de ses pièces archivées"


@dataclass(frozen=True)
class OwnArchive:
    attendance: list[Kept]
    contracts: list[Kept]  # the enrolment with its funding file
    invoices: list[Kept]

    @property
    def empty(self) -> bool:
        return not (self.attendance or self.contracts or self.invoices)


DATES = ("starts_on", "ends_on", "issued_on", "due_on", "service_from", "service_to")


def _dated(record: Kept) -> Kept:
    """Dates as dates, for the page to write them the reader's way."""
    payload = {key: date.fromisoformat(value) if key in DATES and value else value
               for key, value in record.payload.items()}
    return replace(record, payload=payload)


def read_own(account_id: uuid.UUID, role: str) -> OwnArchive:
    records = [_dated(r) for r in archive.kept_for(account_id, ("attendance_proof", "funding_proof", "invoice"))]
    audit.record(audit.Actor(account_id, role), account_id, "lecture", ["archive"], workflow=WORKFLOW)
    return OwnArchive([r for r in records if r.kind == "attendance_proof"],
                      [r for r in records if r.kind == "funding_proof"],
                      sorted((r for r in records if r.kind == "invoice"), key=lambda r: r.reference, reverse=True))


def own_invoice_pdf(account_id: uuid.UUID, role: str, number: str) -> bytes | None:
    """The archived invoice as issued, only when it was addressed to the person herself."""
    record = next((r for r in archive.kept_for(account_id, ("invoice",)) if r.reference == number), None)
    if record is None or record.payload.get("payer_type") != "learner":
        return None
    audit.record(audit.Actor(account_id, role), account_id, "lecture", ["archive", "invoice"], workflow=WORKFLOW)
    return archived_invoices.printed_pdf(record)
