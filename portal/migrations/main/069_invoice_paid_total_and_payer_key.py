"""069_invoice_paid_total_and_payer_key: each invoice keeps what it has received (the sum of its payments, which
are in the vault) and, for an organisation's invoice, a keyed hash of the payer's name: the receivables of
thousands of invoices are then summed and grouped by the database, with no cross-database read.

Filling them reads the vault's payments and payers: the one migration of the main zone that reads another
zone, through the zone's proxy (bound by the app that runs the migrations, with its SECRET_KEY). On a new
installation the main zone is migrated before the vault exists: there is no invoice to fill then."""

import hashlib
import hmac
import unicodedata
from contextlib import suppress

import peewee as pw
from flask import current_app
from peewee_migrate import Migrator

from portal.db import vault_db  # the other zone's proxy only: no model, no service of the application

with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext

BATCH = 500


def _folded(text):
    # As portal.textfold stood when this migration was written: a migration keeps its own copy.
    folded = "".join(c for c in unicodedata.normalize("NFKD", (text or "").casefold()) if not unicodedata.combining(c))
    return " ".join(folded.split())


def _key(secret, name):
    return hmac.new(secret, f"payer:{_folded(name)}".encode(), hashlib.sha256).hexdigest()[:32]


def _fill(database):
    invoices = database.execute_sql("SELECT number, payer_type FROM invoice").fetchall()
    if not invoices or not vault_db.table_exists("payment"):
        return
    paid = dict(vault_db.execute_sql(
        "SELECT invoice_number, SUM(amount_cents) FROM payment GROUP BY invoice_number").fetchall())
    names = dict(vault_db.execute_sql("SELECT number, name FROM invoice_party").fetchall())
    secret = current_app.config["SECRET_KEY"].encode()
    param = database.param
    rows = [(int(paid.get(number) or 0), _key(secret, names[number]) if payer != "learner" and number in names else "",
             number) for number, payer in invoices]
    for start in range(0, len(rows), BATCH):
        with database.atomic():
            database.cursor().executemany(
                f"UPDATE invoice SET paid_cents = {param}, payer_key = {param} WHERE number = {param}",
                rows[start:start + BATCH])


COLUMNS = {"paid_cents": (pw.IntegerField(default=0), "INTEGER NOT NULL DEFAULT 0"),
           "payer_key": (pw.CharField(max_length=32, default=""), "VARCHAR(32) NOT NULL DEFAULT ''")}


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    # Added in place: migrator.add_fields would rebuild the table on SQLite (to make the column NOT NULL), and
    # inside the migration's transaction SQLite cannot set its foreign keys aside: the rows that refer to an
    # invoice (reminders, credit notes) make that rebuild fail. Both databases accept this statement as is.
    invoice = migrator.orm["invoice"]
    for name, (field, definition) in COLUMNS.items():
        invoice._meta.add_field(name, field)
        migrator.sql(f"ALTER TABLE invoice ADD COLUMN {name} {definition}")
    migrator.run(_fill, database)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('invoice', 'paid_cents', 'payer_key')
