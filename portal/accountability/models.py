"""The quarterly security reports, kept as they were built."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.timeutil import utcnow


class SecurityReport(MainModel):
    quarter = peewee.CharField(max_length=8, unique=True)  # 2026-T4
    body = peewee.TextField()  # JSON figures
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "security_report"
