"""058_objection: a person's objection to improving the offer (art. 21), where her standing lives."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class Objection(pw.Model):
        id = pw.AutoField()
        account_id = pw.UUIDField()
        purpose = pw.CharField(max_length=32, default="improvement")
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "objection"
            indexes = ((("account_id", "purpose"), True),)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('objection')
