from __future__ import annotations

import peewee

from portal.db import ArchiveModel
from portal.timeutil import utcnow

RECORD_KINDS = ("certificate", "attendance_proof", "funding_proof", "contract", "invoice")


class ArchivedRecord(ArchiveModel):
    account_id = peewee.UUIDField(index=True)
    kind = peewee.CharField(max_length=32)
    reference = peewee.CharField(max_length=64)
    # The legal record as issued (JSON), with the holder's name as it stood on the document.
    payload = peewee.TextField()
    archived_at = peewee.DateTimeField(default=utcnow)
    purge_after = peewee.DateField(index=True)

    class Meta:
        table_name = "archived_record"
        indexes = ((("kind", "reference"), True),)
