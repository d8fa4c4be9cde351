"""002_rectification: paper documents choice and the two steps of an address change."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "identity",
        paper_documents=pw.BooleanField(default=False),
        pending_email=pw.CharField(max_length=254, null=True),
        previous_email=pw.CharField(max_length=254, null=True),
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields("identity", "paper_documents", "pending_email", "previous_email")
