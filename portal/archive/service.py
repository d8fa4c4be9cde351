"""The legal archive of closed accounts: records kept as issued (certificates, attendance and funding
proofs, invoices), each until its own purge date. The only way in and out of the archive zone."""
from __future__ import annotations

import json
import uuid
from datetime import date

from portal.archive.models import ArchivedRecord
from portal.db import archive_db


def keep(account_id: uuid.UUID, kind: str, reference: str, payload: dict, purge_after: date) -> None:
    """Archive one record (call inside archive_transaction()); archiving it again changes nothing."""
    ArchivedRecord.insert(account_id=account_id, kind=kind, reference=reference,
                          payload=json.dumps(payload, ensure_ascii=False), purge_after=purge_after,
                          ).on_conflict_ignore().execute()


def archive_transaction():
    """One transaction of the archive zone, for several records kept together."""
    return archive_db.atomic()


def purge_due(as_of: date) -> int:
    """Delete the records whose keeping period ended before `as_of`; returns how many."""
    return ArchivedRecord.delete().where(ArchivedRecord.purge_after < as_of).execute()
