"""086_bpf_transfer_paths: a transfer is one training path, counted once in the BPF. A trainee's fact says
whether it counts its trainee (`counted`): the fact of an enrolment a transfer left, in a year where the
enrolment she moved to has its own fact, no longer counts her a second time nor repeats her hours (both facts
were written with all her time on the course that year: the one she moved to keeps it). A path she left in a
year and went on with in a later one is not finished in that year.

The facts name no enrolment, only a keyed hash of it (portal.stats.bpf.reference, with the app's SECRET_KEY):
those of enrolments still in the working database are found again that way. Facts kept of a trainee erased
before this migration cannot be told apart any more and stay as they were written."""

import hashlib
import hmac
import uuid
from contextlib import suppress

import peewee as pw
from flask import current_app
from peewee_migrate import Migrator

with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext

TRANSFERRED = "transferred"  # portal.learning.membership.TRANSFERRED when this migration was written


def _reference(secret, account_id, enrollment_id, year):
    # As portal.stats.bpf.reference stood when this migration was written: a migration keeps its own copy.
    return hmac.new(secret, f"bpf:{account_id}:{enrollment_id}:{year}".encode(), hashlib.sha256).hexdigest()


def _account(stored):
    return stored if isinstance(stored, uuid.UUID) else uuid.UUID(str(stored))


def _fix(database):
    param = database.param
    moves = database.execute_sql(
        "SELECT e.id, e.account_id, e.transferred_to_id FROM enrollment e "
        f"WHERE e.status = {param} AND e.transferred_to_id IS NOT NULL", [TRANSFERRED]).fetchall()
    years = [row[0] for row in database.execute_sql("SELECT DISTINCT year FROM bpf_trainee_fact").fetchall()]
    if not moves or not years:
        return
    secret = current_app.config["SECRET_KEY"].encode()
    known = {row[0] for row in database.execute_sql("SELECT reference FROM bpf_trainee_fact").fetchall()}
    for left, account, moved_to in moves:
        account = _account(account)
        for year in years:
            mine = _reference(secret, account, left, year)
            if mine not in known:
                continue
            if _reference(secret, account, moved_to, year) in known:
                database.execute_sql(f"UPDATE bpf_trainee_fact SET counted = {param}, seconds = 0, finished = {param}, "
                                     f"certified = {param} WHERE reference = {param}", [False, False, False, mine])
            else:
                database.execute_sql(f"UPDATE bpf_trainee_fact SET finished = {param}, certified = {param} "
                                     f"WHERE reference = {param}", [False, False, mine])


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    # Added in place, as 069 does, rather than by a rebuild of the table.
    migrator.orm["bpf_trainee_fact"]._meta.add_field("counted", pw.BooleanField(default=True))
    migrator.sql("ALTER TABLE bpf_trainee_fact ADD COLUMN counted BOOLEAN NOT NULL DEFAULT TRUE")
    migrator.run(_fix, database)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('bpf_trainee_fact', 'counted')
