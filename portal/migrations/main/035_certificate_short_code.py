"""035_certificate_short_code: a short code to type from paper, given now to certificates already issued."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator

import secrets

from stdnum import luhn

with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext

# As portal/certificates/short_code.py made them when this migration was written (a migration stays frozen).
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_short_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(9))
    return body + luhn.calc_check_digit(body, ALPHABET)


def backfill(database: pw.Database) -> None:
    placeholder = "%s" if isinstance(database, pw.PostgresqlDatabase) else "?"
    for (certificate_id,) in database.execute_sql("SELECT id FROM certificate WHERE short_code IS NULL").fetchall():
        database.execute_sql(f"UPDATE certificate SET short_code = {placeholder} WHERE id = {placeholder}",
                             (new_short_code(), certificate_id))


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('certificate', short_code=pw.CharField(max_length=10, unique=True, null=True))
    migrator.run(backfill, database)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('certificate', 'short_code')
