"""009_retention: inactivity warnings and the log of retention sweeps."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields("account", inactive_warned_at=pw.DateTimeField(null=True))

    @migrator.create_model
    class RetentionRun(pw.Model):
        id = pw.AutoField()
        as_of = pw.DateField(index=True)
        started_at = pw.DateTimeField()
        finished_at = pw.DateTimeField(null=True)
        warned = pw.IntegerField(default=0)
        archived = pw.IntegerField(default=0)
        purged = pw.IntegerField(default=0)

        class Meta:
            table_name = "retention_run"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("retention_run")
    migrator.remove_fields("account", "inactive_warned_at")
