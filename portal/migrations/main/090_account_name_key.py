"""090_account_name_key: each account keeps its display name folded (without case or accents), so that staff's
name filters find « Amélie » from « amelie » in the database, a page at a time, as they find « Amé »."""

import unicodedata

import peewee as pw
from peewee_migrate import Migrator

BATCH = 500


def _key(name):
    # As portal.textfold and portal.accounts.models.name_key stood when this migration was written.
    folded = "".join(c for c in unicodedata.normalize("NFKD", (name or "").casefold()) if not unicodedata.combining(c))
    return " ".join(folded.split())[:40]


def _fill(database):
    param = database.param
    rows = [(_key(name), account_id) for account_id, name in
            database.execute_sql("SELECT id, display_name FROM account").fetchall()]
    for start in range(0, len(rows), BATCH):
        database.cursor().executemany(f"UPDATE account SET name_key = {param} WHERE id = {param}",
                                      rows[start:start + BATCH])


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    # Added in place, as 069 did: a rebuild of the table on SQLite would trip on the rows that refer to an account.
    migrator.orm["account"]._meta.add_field("name_key", pw.CharField(max_length=40, default=""))
    migrator.sql("ALTER TABLE account ADD COLUMN name_key VARCHAR(40) NOT NULL DEFAULT ''")
    migrator.run(_fill, database)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields("account", "name_key")
