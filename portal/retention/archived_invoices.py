"""Invoices of closed fiscal years, once in the legal archive: printed again as issued, for the person they
were addressed to (portal.retention.own_records) and for the dpo, who keeps the archive, when one must be
produced (an accountant's or a tax inspector's request): by number only, the reason in the access log."""
from __future__ import annotations

from portal.archive import service as archive
from portal.archive.service import Kept
from portal.invoicing import service as invoicing
from portal.vault import audit
from portal.vault.service import Party


def printed_pdf(record: Kept) -> bytes:
    """The archived invoice or credit note as issued, with the party it was addressed to."""
    payer = record.payload.get("payer") or {}
    party = Party(payer.get("name", ""), payer.get("address", ""), payer.get("siren", ""), payer.get("trainee", ""))
    return invoicing.pdf(invoicing.printed_from_archive(record.payload), party)


def pdf_for_reason(number: str, actor: audit.Actor, reason: str) -> bytes | None:
    """The archived document numbered `number`, or None; the reading is logged with its reason (raises
    audit.ReasonNamesSomeone when the reason names the person: it stays in the log after her erasure)."""
    found = archive.archived_invoice(number)
    if found is None:
        return None
    account_id, record = found
    audit.record(actor, account_id, "lecture", ["archive", "invoice"], reason=reason)
    return printed_pdf(record)
