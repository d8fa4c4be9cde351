"""The erasure ledger: one line per erased account, its id and the moment, nothing else about the person.

It must outlive the server, since the restore it serves is the one after the server was lost: it lives
with the backups' second site, beside the backup files (BACKUP_DIR/erasure-ledger.txt, or ERASURE_LEDGER),
and never inside a backup archive, so a restore cannot roll it back. It is appended at each erasure, before
the erasure's first step commits: an erasure that happened is always in it (a line for an erasure that
then crashed is finished by its resume anyway). After a restore every account it names that the backup
still holds is erased again; `backup restore` refuses to run without a readable ledger unless told to.

Before this, the default was <instance>/erasure-ledger/erasures.txt, on the server itself: an instance
that still has a ledger there gets its lines carried over to the new place (then the old file is renamed
`…carried-over`), at the next erasure, backup or restore, whichever comes first.
"""
from __future__ import annotations

import contextlib
import os
import uuid
from datetime import datetime
from pathlib import Path

from flask import current_app

from portal.refusals import Refused
from portal.timeutil import utcnow

NAME = "erasure-ledger.txt"
LEGACY = Path("erasure-ledger") / "erasures.txt"  # the old default, under the instance folder


class LedgerUnreadable(Refused):
    pass


def path() -> Path:
    """ERASURE_LEDGER when set, else beside the backup files."""
    configured = current_app.config.get("ERASURE_LEDGER")
    return Path(configured) if configured else Path(current_app.config["BACKUP_DIR"]) / NAME


def where() -> str:
    """Where the ledger is looked for, and why there, in words."""
    if current_app.config.get("ERASURE_LEDGER"):
        return f"{path()} (ERASURE_LEDGER)"
    return f"{path()} (BACKUP_DIR, {current_app.config['BACKUP_DIR']}, faute d'ERASURE_LEDGER)"


def _append(ledger: Path, lines: list[str]) -> None:
    """Appended and flushed to the disk before returning; an empty list only makes sure the file is there."""
    ledger.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(ledger, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        if lines:
            os.write(descriptor, "".join(f"{line}\n" for line in lines).encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def carry_over() -> int:
    """Copy the lines of a ledger left at the old default into the ledger's place; returns how many."""
    old = Path(current_app.instance_path) / LEGACY
    ledger = path()
    if not old.is_file() or (ledger.exists() and old.samefile(ledger)):
        return 0
    present = set(ledger.read_text().splitlines()) if ledger.is_file() else set()
    missing = [line for line in old.read_text().splitlines() if line.strip() and line not in present]
    _append(ledger, missing)
    # FileNotFoundError: another process carried it over at the same time; duplicated lines count once.
    with contextlib.suppress(FileNotFoundError):
        old.rename(old.with_name(old.name + ".carried-over"))
    return len(missing)


def ensure() -> Path:
    """Make sure the ledger exists (empty if nobody was ever erased), so that a restore that finds none
    knows it is looking in the wrong place rather than at an instance without erasures."""
    carry_over()
    _append(path(), [])
    return path()


def record(account_id: uuid.UUID, at: datetime | None = None) -> None:
    carry_over()
    _append(path(), [f"{account_id} {(at or utcnow()).isoformat(timespec='seconds')}Z"])


def erased(required: bool = False) -> dict[uuid.UUID, datetime]:
    """Every account in the ledger, with the first moment its erasure was asked. required: a ledger that
    is missing or unreadable is refused, saying where it was looked for, instead of read as empty."""
    try:
        carry_over()
        text = path().read_text()
    except FileNotFoundError:
        if required:
            raise LedgerUnreadable(f"Registre des effacements introuvable : rien à {where()}.") from None
        return {}
    except OSError as failure:  # a mount gone stale, a permission: never read as "nobody was erased"
        raise LedgerUnreadable(f"Registre des effacements illisible à {where()} : {failure.strerror}.") from None
    found: dict[uuid.UUID, datetime] = {}
    for line in text.splitlines():
        try:
            account, moment = line.split()
            key, when = uuid.UUID(account), datetime.fromisoformat(moment.rstrip("Z"))
        except ValueError:
            continue  # a line cut by a crash mid-write: its erasure is resumed from the database
        found.setdefault(key, when)
    return found
