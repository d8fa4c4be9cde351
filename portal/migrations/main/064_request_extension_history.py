"""064_request_extension_history: every extension of a data request (and every correction of one) is kept, with
its date, the due date it set and its reason; a corrected extension used to replace the one before it. An
extension made earlier is recovered from the request (its date was not kept)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class RequestExtension(pw.Model):
        id = pw.AutoField()
        request = pw.ForeignKeyField(column_name='request_id', field='id', model=migrator.orm['data_request'],
                                     on_delete='CASCADE')
        extended_at = pw.DateTimeField(null=True)
        previous_due = pw.DateField(null=True)
        new_due = pw.DateField()
        reason = pw.TextField()
        corrected = pw.BooleanField(default=False)

        class Meta:
            table_name = "data_request_extension"

    migrator.sql("INSERT INTO data_request_extension (request_id, extended_at, previous_due, new_due, reason, corrected) "
                 "SELECT id, NULL, due_on, extended_to, COALESCE(extension_reason, ''), FALSE FROM data_request "
                 "WHERE extended_to IS NOT NULL")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('data_request_extension')
