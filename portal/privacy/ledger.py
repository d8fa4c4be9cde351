"""The erasure ledger: one line per erased account, its id and the moment, nothing else about the person.

It lives outside the databases and outside the backups (ERASURE_LEDGER, never under BACKUP_DIR), so a
restore cannot roll it back: after a backup is restored, every account it names that the backup still
holds is erased again (`flask --app app backup restore`), and `backup verify` says how many a backup
would bring back. An erasure writes its line before its first step commits: an erasure that happened is
always in the ledger (a line for an erasure that then crashed is finished by its resume anyway).
"""
from __future__ import annotations

import os
import uuid
from datetime import datetime
from pathlib import Path

from flask import current_app

from portal.timeutil import utcnow


class LedgerMisplaced(Exception):
    pass


def path() -> Path:
    ledger = Path(current_app.config["ERASURE_LEDGER"]).resolve()
    backups = Path(current_app.config["BACKUP_DIR"]).resolve()
    if ledger.is_relative_to(backups):
        raise LedgerMisplaced("ERASURE_LEDGER ne doit pas être dans BACKUP_DIR : une restauration le ramènerait "
                              "en arrière.")
    return ledger


def record(account_id: uuid.UUID, at: datetime | None = None) -> None:
    """Appended and flushed to the disk before returning."""
    ledger = path()
    ledger.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    line = f"{account_id} {(at or utcnow()).isoformat(timespec='seconds')}Z\n".encode()
    descriptor = os.open(ledger, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, line)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def erased() -> dict[uuid.UUID, datetime]:
    """Every account in the ledger, with the first moment its erasure was asked."""
    ledger = path()
    if not ledger.is_file():
        return {}
    found: dict[uuid.UUID, datetime] = {}
    for line in ledger.read_text().splitlines():
        try:
            account, moment = line.split()
            key, when = uuid.UUID(account), datetime.fromisoformat(moment.rstrip("Z"))
        except ValueError:
            continue  # a line cut by a crash mid-write: its erasure is resumed from the database
        found.setdefault(key, when)
    return found
