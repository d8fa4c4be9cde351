"""The three data zones (main, vault, archive) and the transaction helper.

Each zone is a peewee DatabaseProxy bound at start-up from its own URL, so the identity data
in the vault and the legal records in the archive can live in databases with their own
credentials. Foreign keys never cross zones: the account UUID is the join.
"""
from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import select
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from urllib.parse import urlparse

import peewee
from playhouse.db_url import parse as parse_url
from playhouse.pool import PooledPostgresqlDatabase

log = logging.getLogger("petale.db")

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
        settings = parse_url(url)
        # A server that does not answer (a failover, a host gone) is an outage to report, not a request
        # left hanging for the kernel's two minutes.
        settings.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
        database_class = PooledPostgres if scheme.endswith("+pool") else Postgres
        return database_class(**settings)
    raise ValueError(f"Unsupported database URL scheme: {scheme!r}")


CONNECT_TIMEOUT_SECONDS = 5


def connection_dropped(connection) -> bool:
    """An idle connection the server has closed (a restart, a failover, an OOM kill of its backend): the
    driver says so once it has failed on it; before that, the socket says so — an idle connection has
    nothing to read unless the server hung up (its last words are a FATAL message, then end of file)."""
    if connection.closed:
        return True
    poller = select.poll()
    poller.register(connection.fileno(), select.POLLIN)
    return bool(poller.poll(0))


class _ReopensDroppedConnections:
    """PostgreSQL keeps one connection per thread from one request or job to the next; after the server
    restarted, that connection is dead. Before a transaction begins, and before a statement outside any
    transaction, a dropped connection is closed and a new one opened, so the first request after the
    server is back succeeds. Never inside a transaction, nor for COMMIT: its work died with the old
    connection, and a COMMIT sent on a new one would report a success that did not happen — such a
    transaction fails (the request gets a 503, see portal.errors) and the next one reopens."""

    def begin(self, *args, **kwargs):
        self._reopen_if_dropped()
        return super().begin(*args, **kwargs)

    def execute_sql(self, sql, params=None):
        if not self.in_transaction():
            self._reopen_if_dropped()
        return super().execute_sql(sql, params)

    def _reopen_if_dropped(self) -> None:
        if not self._state.closed and connection_dropped(self._state.conn):
            log.warning("database connection dropped by the server: closed, a new one is opened")
            self.discard_connection()

    def discard_connection(self) -> None:
        self.close()


class Postgres(_ReopensDroppedConnections, peewee.PostgresqlDatabase):
    pass


class PooledPostgres(_ReopensDroppedConnections, PooledPostgresqlDatabase):
    def _is_closed(self, conn) -> bool:
        # Checked when the pool hands out a connection: one the server hung up on is thrown away.
        return connection_dropped(conn) or super()._is_closed(conn)

    def discard_connection(self) -> None:
        self.manual_close()  # not back to the pool


def unavailable(error: BaseException) -> bool:
    """The database could not be reached or dropped the connection (on SQLite: the file stayed locked, or
    the disk failed): an outage that passes, for which a person is asked to retry in a moment, as
    opposed to a bug. SQLite reports a missing table as an operational error too: that one is a bug."""
    if isinstance(error, peewee.InterfaceError):
        return True
    if not isinstance(error, peewee.OperationalError):
        return False
    cause = error.args[0] if error.args else None
    if isinstance(cause, sqlite3.Error):
        return any(words in str(cause).lower() for words in SQLITE_OUTAGES)
    return True


SQLITE_OUTAGES = ("locked", "disk i/o error", "unable to open database file")


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
    databases costs more than most pages), unless something left a transaction open or the server
    dropped the connection. Never raises: it runs after the response is decided, and a failure here
    would turn a page into a server error."""
    for proxy in ZONES.values():
        database = proxy.obj
        if database is None or database.is_closed():
            continue
        if database.in_transaction():
            with suppress(peewee.PeeweeException):
                database.rollback()
            while database.in_transaction():
                database.pop_transaction()
            with suppress(peewee.PeeweeException):
                database.close()
        elif isinstance(database, _ReopensDroppedConnections) and connection_dropped(database.connection()):
            with suppress(peewee.PeeweeException):
                database.discard_connection()


# --- fork safety ---------------------------------------------------------------------------------

# Connections a forked child found open in its parent: kept referenced, never used nor closed. Closing
# one (or letting the garbage collector do it) would send PostgreSQL's Terminate message down the socket
# the parent still uses; using one would interleave two processes' statements on it.
_inherited: list[object] = []


def forget_inherited_connections() -> None:
    """In a forked child (an RQ work-horse forked from a worker that built the app, a gunicorn worker
    forked after --preload): the parent's connections are left to the parent, and the child opens its own
    at its first statement. Also drops the parent's open transactions and on-commit callbacks."""
    for proxy in ZONES.values():
        database = proxy.obj
        if database is None:
            continue
        state = database._state
        if not state.closed:
            _inherited.append(state.conn)
        state.reset()
        if isinstance(database, PooledPostgresqlDatabase):
            _inherited.append((database._connections, database._in_use))
            database._connections, database._in_use = [], {}
    _local.__dict__.clear()


os.register_at_fork(after_in_child=forget_inherited_connections)


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


# --- locks that die with their process ----------------------------------------------------------

# Server-side TCP keepalive on a lock's connection: a lock whose machine was lost (no FIN ever comes) is
# released within idle + interval × count seconds instead of the kernel's two hours.
LOCK_KEEPALIVE = {"tcp_keepalives_idle": 10, "tcp_keepalives_interval": 5, "tcp_keepalives_count": 3}


@contextmanager
def process_lock(name: str) -> Iterator[bool]:
    """Yields whether this process now holds the lock `name` (False: another live process does). Held until
    the block ends or the process dies, whatever kills it (kill -9, an OOM kill, its machine lost): a run
    that takes it and finds an earlier run unfinished knows at once that the earlier run's process is gone.

    PostgreSQL: a transaction-level advisory lock in a transaction kept open, on a connection of its own,
    for the whole block — the server ends both when the client goes away, and PgBouncer in transaction
    mode keeps a transaction on one server connection. SQLite: an flock on a file beside the main
    database, on the same machine by construction; the kernel drops it with the process."""
    database = main_db.obj
    if isinstance(database, peewee.PostgresqlDatabase):
        with _advisory_lock(database, name) as held:
            yield held
    else:
        with _file_lock(Path(f"{database.database}.{name}.lock")) as held:
            yield held


@contextmanager
def _advisory_lock(database: peewee.PostgresqlDatabase, name: str) -> Iterator[bool]:
    own = Postgres(database.database, **database.connect_params)
    own.connect()
    try:
        for setting, value in LOCK_KEEPALIVE.items():
            own.execute_sql(f"SET {setting} = {int(value)}")
        own.begin()
        key = int.from_bytes(hashlib.blake2b(f"lock:{name}".encode(), digest_size=8).digest(), "big", signed=True)
        yield bool(own.execute_sql("SELECT pg_try_advisory_xact_lock(%s)", (key,)).fetchone()[0])
    finally:
        own.close()  # ends the transaction, and with it the lock


@contextmanager
def _file_lock(path: Path) -> Iterator[bool]:
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(descriptor)  # releases the flock


# Past this many values, a lookup reads the whole (small) table and keeps what it needs: building and binding
# a statement with thousands of parameters costs more than reading a few thousand rows (the receivables of
# a provider's year: 7,000 invoice numbers).
MANY_KEYS = 500
