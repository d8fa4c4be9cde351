"""030_enrollment_records_archived: the day an enrolment's legal records moved to the archive, so the
daily sweep moves each training's records once, when the training has ended."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        'enrollment',

        records_archived_on=pw.DateField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('enrollment', 'records_archived_on')
