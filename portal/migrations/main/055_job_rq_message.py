"""055_job_rq_message: a queued job row names the RQ message that carries it, since one message now
carries a batch of rows (portal.jobs.dispatch.push_many)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields("job", rq_message=pw.CharField(max_length=64, null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields("job", "rq_message")
