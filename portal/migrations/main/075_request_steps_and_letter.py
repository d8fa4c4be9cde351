"""075_request_steps_and_letter: each step of carrying out a data request (her identity checked and how, the
export prepared or taken, the erasure, rectification, restriction…) is kept with its date for the request's
history; a request recorded from a letter points to the postal address the letter gave, kept in the vault."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class RequestStep(pw.Model):
        id = pw.AutoField()
        request = pw.ForeignKeyField(column_name='request_id', field='id', model=migrator.orm['data_request'],
                                     on_delete='CASCADE')
        at = pw.DateTimeField()
        what = pw.TextField()

        class Meta:
            table_name = "data_request_step"

    migrator.add_fields('data_request', letter_id=pw.UUIDField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('data_request', 'letter_id')
    migrator.remove_model('data_request_step')
