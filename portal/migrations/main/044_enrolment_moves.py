"""044_enrolment_moves: staff enrol, withdraw and transfer people. A session may have a number of seats
(none: no limit); an enrolment keeps who made it (none: the learner herself), and when it stopped being
active, who stopped it, the words said, and the enrolment a transfer led to."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('training_session', seats=pw.IntegerField(null=True))
    migrator.add_fields(
        'enrollment',
        enrolled_by=pw.UUIDField(null=True),
        ended_at=pw.DateTimeField(null=True),
        ended_by=pw.UUIDField(null=True),
        end_note=pw.TextField(default=""),
        transferred_to=pw.ForeignKeyField(column_name='transferred_to_id', field='id',
                                          model=migrator.orm['enrollment'], null=True, on_delete='SET NULL'))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('enrollment', 'enrolled_by', 'ended_at', 'ended_by', 'end_note', 'transferred_to')
    migrator.remove_fields('training_session', 'seats')
