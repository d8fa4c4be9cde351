"""The three data zones (main, vault, archive) and the transaction helper.

Each zone is a peewee DatabaseProxy bound at start-up from its own URL, so the identity data
in the vault and the legal records in the archive can live in databases with their own
credentials. Foreign keys never cross zones: the account UUID is the join.
"""
from __future__ import annotations

import hashlib
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from urllib.parse import urlparse

import peewee
from playhouse.db_url import connect as connect_url

main_db = peewee.DatabaseProxy()
vault_db = peewee.DatabaseProxy()
archive_db = peewee.DatabaseProxy()

ZONES: dict[str, peewee.DatabaseProxy] = {"main": main_db, "vault": vault_db, "archive": archive_db}
ZONE_SETTINGS = {"main": "DATABASE_URL", "vault": "VAULT_DATABASE_URL", "archive": "ARCHIVE_DATABASE_URL"}

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    # Erased personal data must not linger in free pages of the file.
    "secure_delete": 1,
    "synchronous": "normal",
}


class MainModel(peewee.Model):
    class Meta:
        database = main_db


class VaultModel(peewee.Model):
    class Meta:
        database = vault_db


class ArchiveModel(peewee.Model):
    class Meta:
        database = archive_db


def open_database(url: str) -> peewee.Database:
    """A peewee database for a URL: sqlite:///path (WAL, foreign keys) or postgresql://..."""
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        path = url[len("sqlite:///"):]
        if path and path != ":memory:":
            _create_private_file(path)
        # A transaction starts as a writer (BEGIN IMMEDIATE): one that began as a reader and then wrote
        # would fail at once with "database is locked" when another writer was there, since SQLite
        # cannot wait for it without risking a deadlock; a writer from the start waits (busy_timeout).
        return peewee.SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE")
    if scheme in {"postgres", "postgresql", "postgres+pool", "postgresql+pool"}:
        return connect_url(url)
    raise ValueError(f"Unsupported database URL scheme: {scheme!r}")


def _create_private_file(path: str) -> None:
    """Database files hold personal data: readable by the service account only (SQLite gives
    its -wal and -shm files the same mode)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def bind_zones(config: dict) -> None:
    for zone, proxy in ZONES.items():
        current = proxy.obj
        if current is not None and not current.is_closed():
            current.close()
        proxy.initialize(open_database(config[ZONE_SETTINGS[zone]]))


def close_zones() -> None:
    for proxy in ZONES.values():
        if proxy.obj is not None and not proxy.obj.is_closed():
            proxy.close()


def release_zones() -> None:
    """End of a request or job round: keep this thread's connections for the next one (reopening three
    databases costs more than most pages), unless something left a transaction open."""
    for proxy in ZONES.values():
        database = proxy.obj
        if database is not None and not database.is_closed() and database.in_transaction():
            database.rollback()
            database.close()


def is_postgres(proxy: peewee.DatabaseProxy = main_db) -> bool:
    return isinstance(proxy.obj, peewee.PostgresqlDatabase)


# --- transactions with on-commit callbacks ---------------------------------------------------

_local = threading.local()


def _state() -> dict:
    if not hasattr(_local, "depth"):
        _local.depth = 0
        _local.callbacks = []
    return _local.__dict__


@contextmanager
def atomic(*, with_vault: bool = False) -> Iterator[None]:
    """A main-zone transaction whose on_commit callbacks run once the outermost block commits.

    Work that must only start after its cause is durable (dispatching a job) registers
    itself with on_commit; if the block raises, the callbacks are dropped with the rows.
    with_vault wraps a vault transaction around it: the vault commits last, so no identity
    outlives a failed account row, and callbacks wait until the vault rows are visible too.
    """
    state = _state()
    outermost = state["depth"] == 0
    registered_before = len(state["callbacks"])
    state["depth"] += 1
    try:
        with ExitStack() as transactions:
            if with_vault:
                transactions.enter_context(vault_db.atomic())
            transactions.enter_context(main_db.atomic())
            yield
    except BaseException:
        # A rolled-back savepoint takes its callbacks with it.
        del state["callbacks"][registered_before:]
        raise
    finally:
        state["depth"] -= 1
    if outermost:
        callbacks, state["callbacks"] = state["callbacks"], []
        for callback in callbacks:
            callback()


def on_commit(callback: Callable[[], None]) -> None:
    state = _state()
    if state["depth"] > 0:
        state["callbacks"].append(callback)
        return
    if main_db.in_transaction():
        raise RuntimeError("Use portal.db.atomic(), not main_db.atomic(), around work that enqueues jobs")
    callback()


def person_lock(account_id: uuid.UUID, purpose: str) -> None:
    """Inside atomic(): wait for any other transaction doing `purpose` for this person, so that a
    check-then-write (attempts left, one export at a time, one session per course) holds when two of
    their requests arrive together. PostgreSQL takes a transaction-level advisory lock, released at
    commit or rollback; SQLite needs nothing more, since its write transactions already run one at a
    time (BEGIN IMMEDIATE)."""
    if not main_db.in_transaction():
        raise RuntimeError("person_lock() belongs inside portal.db.atomic()")
    if is_postgres():
        digest = hashlib.blake2b(f"{purpose}:{account_id}".encode(), digest_size=8).digest()
        main_db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (int.from_bytes(digest, "big", signed=True),))


def relaxed_durability() -> None:
    """Inside atomic(), for frequent small writes whose loss in a crash of the database server itself
    is acceptable (a heartbeat, a "lesson opened" event): PostgreSQL commits without waiting for the
    disk (synchronous_commit off, this transaction only). Such a transaction is still all or nothing
    and still ordered; what a server crash can lose is the last fraction of a second of them, never
    half of one. A crash of a web node or a worker loses nothing. SQLite already commits in WAL
    mode with synchronous=NORMAL."""
    if not main_db.in_transaction():
        raise RuntimeError("relaxed_durability() belongs inside portal.db.atomic()")
    if is_postgres():
        main_db.execute_sql("SET LOCAL synchronous_commit = off")
