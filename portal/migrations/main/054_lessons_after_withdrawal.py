"""054_lessons_after_withdrawal: an enrolment may open its lessons no earlier than a given day (a person paying
her training herself: the day after her withdrawal period, unless she asked to start at once), and her
contract records whether she asked."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('enrollment', opens_from=pw.DateField(null=True))
    migrator.add_fields('training_contract', early_start=pw.BooleanField(default=False))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('training_contract', 'early_start')
    migrator.remove_fields('enrollment', 'opens_from')
