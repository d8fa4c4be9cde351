"""036_offline_progress: what a view was credited from queued (late) heartbeats, so that it never exceeds
the lesson's planned duration; the key a quiz page gives its answers, so that answers sent again after a
network drop are graded once."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator

with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('view_beat', late_seconds=pw.IntegerField(default=0))
    migrator.add_fields('quiz_attempt', sent_key=pw.CharField(max_length=32, null=True))
    migrator.add_index('quiz_attempt', 'account_id', 'lesson', 'sent_key', unique=True)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.drop_index('quiz_attempt', 'account_id', 'lesson', 'sent_key')
    migrator.remove_fields('quiz_attempt', 'sent_key')
    migrator.remove_fields('view_beat', 'late_seconds')
