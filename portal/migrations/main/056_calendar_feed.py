"""056_calendar_feed: the private, revocable token of a learner's calendar subscription address."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator

with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class CalendarFeed(pw.Model):
        token = pw.CharField(max_length=64, primary_key=True)
        account_id = pw.UUIDField(unique=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "calendar_feed"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    # Raw SQL: remove_model needs the model the migrator learned while migrating, absent in a lone rollback.
    migrator.sql('DROP TABLE calendar_feed')
