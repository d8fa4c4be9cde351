"""Counting the SQL statements a page costs, across the three zones."""
from __future__ import annotations

from contextlib import contextmanager

from portal.db import ZONES

COUNTED = ("SELECT", "INSERT", "UPDATE", "DELETE")


@contextmanager
def count_queries():
    statements: list[str] = []

    def hook(event):
        if event.sql.lstrip().upper().startswith(COUNTED):
            statements.append(event.sql)

    databases = [proxy.obj for proxy in ZONES.values()]
    for database in databases:
        database.query_hooks.append(hook)
    try:
        yield statements
    finally:
        for database in databases:
            database.query_hooks.remove(hook)
