"""102_transfer_day_split: an enrolment she was transferred out of keeps, per lesson, the time she had spent on
the day of the transfer up to its instant (time on task is kept per day): that day is split at the transfer,
what came before counted in the session she left, the rest in the one she moved to. Null for the transfers
made before (their day stays counted whole in the session she left, as it was)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    # Added in place, as 094 did: a rebuild of the table on SQLite would trip on the rows referring to it.
    migrator.orm["enrollment"]._meta.add_field("last_day_seconds", pw.TextField(null=True))
    migrator.sql("ALTER TABLE enrollment ADD COLUMN last_day_seconds TEXT")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields("enrollment", "last_day_seconds")
