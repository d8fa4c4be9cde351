"""097_request_letters: each letter the dpo prints to answer a request received by post is kept (its PDF in the
vault's files: it carries her name and postal address; the register points at it, with when it was made and what
it said), so the request's page lists them and prints any of them again, the same file."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class RequestLetterMade(pw.Model):
        id = pw.AutoField()
        request = pw.ForeignKeyField(column_name='request_id', field='id', model=migrator.orm['data_request'],
                                     on_delete='CASCADE')
        made_at = pw.DateTimeField()
        kind = pw.CharField(max_length=16)
        stored = pw.CharField(max_length=32, null=True)

        class Meta:
            table_name = "data_request_letter"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('data_request_letter')
