"""009_requesters: someone without an account who wrote to the dpo is recorded in the vault with what her
letter gives (name, postal address, e-mail, phone), so that her request can be answered and closed."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class Requester(pw.Model):
        id = pw.UUIDField(primary_key=True)
        full_name = pw.CharField(max_length=120)
        postal_address = pw.TextField(default="")
        email = pw.CharField(max_length=254, default="")
        phone = pw.CharField(max_length=20, default="")
        recorded_at = pw.DateTimeField()
        answered_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "requester"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('requester')
