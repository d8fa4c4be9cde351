"""Encrypted backups of the three zones: create (daily job and command), rotate, verify, restore.

Each zone is snapshotted consistently on its own: SQLite's online backup API, pg_dump for PostgreSQL.
The manifest keeps every table's row count and a checksum of its content, so a restore can prove it
brought back exactly what was saved.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import peewee
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import db
from portal.backup import ledger
from portal.backup.archive_file import BadBackup, open_sealed, seal
from portal.backup.models import BackupRun
from portal.db import ZONE_SETTINGS, ZONES, open_database
from portal.jobs import job
from portal.refusals import Refused
from portal.timeutil import utcnow

log = logging.getLogger("petale.backup")
DAILY_KEPT, WEEKLY_KEPT = 7, 4
PREFIX, SUFFIX = "petale-", ".bak"


class BackupRefused(Refused):
    pass


def backup_key() -> str:
    key = current_app.config.get("BACKUP_KEY")
    if key:
        return key
    if current_app.config.get("DEMO_MODE"):
        # The demo has no secrets worth keeping; a real instance must bring its own key.
        return hashlib.sha256(("demo-backup:" + current_app.config["SECRET_KEY"]).encode()).hexdigest()
    raise BackupRefused("BACKUP_KEY n'est pas définie : une sauvegarde en clair est refusée.")


def backup_dir() -> Path:
    folder = Path(current_app.config["BACKUP_DIR"])
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


# --- snapshots and checksums -------------------------------------------------------------------

def _sqlite_path(zone: str) -> str:
    return current_app.config[ZONE_SETTINGS[zone]][len("sqlite:///"):]


def _is_sqlite(zone: str) -> bool:
    return current_app.config[ZONE_SETTINGS[zone]].startswith("sqlite:")


def _snapshot(zone: str) -> bytes:
    if _is_sqlite(zone):
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "copy.db"
            source = sqlite3.connect(_sqlite_path(zone))
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()
                source.close()
            return target.read_bytes()
    url = current_app.config[ZONE_SETTINGS[zone]]
    return subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--dbname={url}"],
                          check=True, capture_output=True).stdout


def table_digests(database: peewee.Database) -> dict[str, dict]:
    """Rows and a content checksum per table, the same whichever engine holds the data."""
    digests = {}
    for table in sorted(database.get_tables()):
        columns = [c.name for c in database.get_columns(table)]
        order = ", ".join(f'"{c}"' for c in columns)
        cursor = database.execute_sql(f'SELECT {order} FROM "{table}" ORDER BY {order}')
        checksum, rows = hashlib.sha256(), 0
        for row in cursor:
            checksum.update(json.dumps([_plain(v) for v in row], default=str).encode())
            rows += 1
        digests[table] = {"rows": rows, "checksum": checksum.hexdigest()}
    return digests


def _plain(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, memoryview):
        return bytes(value).hex()
    return str(value) if value is not None else None


# --- create, rotate ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Created:
    path: Path
    size: int
    tables: int


def create() -> Created:
    secret = backup_key()
    # The ledger stays beside the backups, never in them; written now even if nobody was ever erased, so
    # that a restore which finds none knows it is looking in the wrong place.
    ledger.ensure()
    members, manifest = {}, {"created_at": utcnow().isoformat() + "Z", "zones": {}}
    for zone in ZONES:
        data = _snapshot(zone)
        name = f"{zone}.{'db' if _is_sqlite(zone) else 'dump'}"
        members[name] = data
        manifest["zones"][zone] = {"file": name, "engine": "sqlite" if _is_sqlite(zone) else "postgresql",
                                   "sha256": hashlib.sha256(data).hexdigest(), "tables": table_digests(ZONES[zone])}
    # The vault zone's files (documents attached to funding files) travel with the vault's database.
    manifest["vault_files"] = {}
    for name, data in _vault_files():
        members[f"vault-files/{name}"] = data
        manifest["vault_files"][name] = hashlib.sha256(data).hexdigest()
    members["manifest.json"] = json.dumps(manifest, indent=2).encode()
    path = backup_dir() / f"{PREFIX}{utcnow():%Y%m%dT%H%M%S%f}Z{SUFFIX}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(seal(members, secret))
    size = path.stat().st_size
    tables = sum(len(z["tables"]) for z in manifest["zones"].values())
    _log_run("backup", path.name, True, f"{tables} tables, {size} octets")
    return Created(path, size, tables)


def _vault_files() -> list[tuple[str, bytes]]:
    folder = Path(current_app.config["VAULT_FILES_DIR"])
    if not folder.is_dir():
        return []
    return [(path.name, path.read_bytes()) for path in sorted(folder.iterdir())
            if path.is_file() and not path.name.endswith(".part")]


def runs_between(since, until) -> list[BackupRun]:
    """Backups, restore tests and restores of a period (the quarterly security report counts them)."""
    return list(BackupRun.select().where((BackupRun.at >= since) & (BackupRun.at < until)))


def _log_run(kind: str, file: str, ok: bool, detail: str) -> None:
    with db.atomic():
        BackupRun.create(kind=kind, file=file, ok=ok, detail=detail[:300])


def _stamp(path: Path) -> datetime | None:
    try:
        return datetime.strptime(path.name[len(PREFIX):-len(SUFFIX)], "%Y%m%dT%H%M%S%fZ")
    except ValueError:
        return None


def rotate(folder: Path | None = None) -> list[Path]:
    """Keep the newest backup of each of the last 7 days that have one, and the newest of each of the
    4 weeks before those; delete the rest. Returns what was deleted."""
    folder = folder or backup_dir()
    dated = sorted(((stamp, path) for path in folder.glob(f"{PREFIX}*{SUFFIX}") if (stamp := _stamp(path))),
                   reverse=True)
    keep, days, weeks = set(), [], []
    for stamp, path in dated:
        day = stamp.date()
        if day not in days and len(days) < DAILY_KEPT:
            days.append(day)
            keep.add(path)
        elif day not in days:
            week = stamp.isocalendar()[:2]
            if week not in weeks and len(weeks) < WEEKLY_KEPT and all(d.isocalendar()[:2] != week for d in days):
                weeks.append(week)
                keep.add(path)
    removed = [path for _, path in dated if path not in keep]
    for path in removed:
        path.unlink()
    return removed


@job(_l("Sauvegarde chiffrée quotidienne"))
def daily_backup() -> None:
    try:
        create()
        rotate()
    except (BackupRefused, ledger.LedgerUnreadable, subprocess.CalledProcessError, OSError) as failure:
        log.error("daily backup failed: %s", failure)
        _log_run("backup", "", False, str(failure))


# --- verify and restore ------------------------------------------------------------------------

def read(path: Path) -> tuple[dict, dict[str, bytes]]:
    members = open_sealed(Path(path).read_bytes(), backup_key())
    try:
        manifest = json.loads(members["manifest.json"])
    except (KeyError, ValueError):
        raise BadBackup("Sauvegarde incomplète : le manifeste manque.") from None
    for zone, info in manifest["zones"].items():
        data = members.get(info["file"])
        if data is None or hashlib.sha256(data).hexdigest() != info["sha256"]:
            raise BadBackup(f"Sauvegarde incomplète : la zone {zone} manque ou ne correspond pas au manifeste.")
    for name, digest in manifest.get("vault_files", {}).items():
        data = members.get(f"vault-files/{name}")
        if data is None or hashlib.sha256(data).hexdigest() != digest:
            raise BadBackup("Sauvegarde incomplète : un fichier du coffre manque ou ne correspond pas au manifeste.")
    return manifest, members


@dataclass(frozen=True)
class Verified:
    tables: int
    # Accounts of the erasure ledger that this backup still holds (a restore erases them again); None
    # when the main zone is a PostgreSQL dump, which is not opened here.
    resurrecting: int | None


def verify(path: Path, erased: set[uuid.UUID] = frozenset()) -> Verified:
    """Decrypt, check every checksum, restore SQLite snapshots into a scratch folder and compare every
    table with the manifest; count the erased accounts the backup would bring back. Records a restore
    test."""
    manifest, members = read(path)
    compared, resurrecting = 0, None
    with tempfile.TemporaryDirectory() as folder:
        for zone, info in manifest["zones"].items():
            if info["engine"] != "sqlite":
                compared += _check_dump(zone, members[info["file"]], info["tables"])
                continue
            scratch = Path(folder) / info["file"]
            scratch.write_bytes(members[info["file"]])
            database = peewee.SqliteDatabase(str(scratch))
            try:
                if table_digests(database) != info["tables"]:
                    raise BadBackup(f"La zone {zone} restaurée ne correspond pas au manifeste.")
                if zone == "main":
                    resurrecting = _still_there(database, erased)
            finally:
                database.close()
            compared += len(info["tables"])
    _log_run("restore_test", Path(path).name, True, f"{compared} tables comparées")
    return Verified(compared, resurrecting)


def _still_there(database: peewee.Database, erased: set[uuid.UUID]) -> int:
    """How many of these accounts the snapshot holds not yet deleted (peewee keeps UUIDs as hex text)."""
    if not erased:
        return 0
    rows = database.execute_sql("SELECT id, status FROM account").fetchall()
    present = {str(account_id).replace("-", "") for account_id, status in rows if status != "deleted"}
    return sum(1 for account_id in erased if account_id.hex in present)


def _check_dump(zone: str, data: bytes, tables: dict) -> int:
    """pg_restore reads the whole archive and lists its contents: every table must be there with its data
    (`backup restore` then compares rows and checksums)."""
    listing = subprocess.run(["pg_restore", "--list"], input=data, check=True, capture_output=True).stdout.decode()
    dumped = {line.split()[-2] for line in listing.splitlines() if " TABLE DATA " in line and not line.startswith(";")}
    missing = set(tables) - dumped
    if missing:
        raise BadBackup(f"La zone {zone} de la sauvegarde n'a pas les tables {sorted(missing)}.")
    return len(tables)


def restore(path: Path) -> dict[str, int]:
    """Into an empty instance only: every zone's database must hold no table yet."""
    manifest, members = read(path)
    for zone in ZONES:
        if ZONES[zone].get_tables():
            raise BackupRefused(f"La zone {zone} n'est pas vide : la restauration se fait dans une instance neuve.")
    db.close_zones()
    restored = {}
    for zone, info in manifest["zones"].items():
        data = members[info["file"]]
        if _is_sqlite(zone):
            target = Path(_sqlite_path(zone))
            for extra in (Path(f"{target}-wal"), Path(f"{target}-shm")):
                extra.unlink(missing_ok=True)
            target.write_bytes(data)
            os.chmod(target, 0o600)
        else:
            subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                            f"--dbname={current_app.config[ZONE_SETTINGS[zone]]}"], input=data, check=True,
                           capture_output=True)
        ZONES[zone].initialize(open_database(current_app.config[ZONE_SETTINGS[zone]]))
        if table_digests(ZONES[zone]) != info["tables"]:
            raise BadBackup(f"La zone {zone} restaurée ne correspond pas au manifeste.")
        restored[zone] = len(info["tables"])
    folder = Path(current_app.config["VAULT_FILES_DIR"])
    for name in manifest.get("vault_files", {}):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = folder / Path(name).name
        target.write_bytes(members[f"vault-files/{name}"])
        os.chmod(target, 0o600)
    _log_run("restore", Path(path).name, True, ", ".join(f"{z} : {n} tables" for z, n in restored.items()))
    return restored
