"""062_public_complaints: anyone may file a complaint from a public page — a funder, an employer, a learner
without an account; her name and e-mail are a vault requester's, the complaint keeps only its UUID."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.drop_not_null("complaint", "account_id")
    migrator.add_fields("complaint", requester_id=pw.UUIDField(null=True, index=True),
                        filed_as=pw.CharField(max_length=16, default="learner"))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("DELETE FROM complaint WHERE account_id IS NULL")
    migrator.drop_index("complaint", "requester_id")
    migrator.remove_fields("complaint", "requester_id", "filed_as")
    migrator.add_not_null("complaint", "account_id")
