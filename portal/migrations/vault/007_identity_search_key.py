"""007_identity_search_key: each identity keeps its name folded (no case, no accents), so that staff find
« Bérénice Bouquet » by typing « bouquet berenice »."""

import unicodedata
from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def _folded(text):
    # Written here as it stood when the migration was made: a migration never imports the application.
    return "".join(c for c in unicodedata.normalize("NFKD", (text or "").casefold()) if not unicodedata.combining(c))


def _fill(database):
    rows = database.execute_sql("SELECT account_id, full_name FROM identity").fetchall()
    param = database.param
    for account_id, full_name in rows:
        database.execute_sql(f"UPDATE identity SET search_key = {param} WHERE account_id = {param}",
                             (" ".join(_folded(full_name).split()), account_id))


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('identity', search_key=pw.CharField(max_length=120, default=""))
    migrator.run(_fill, database)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('identity', 'search_key')
