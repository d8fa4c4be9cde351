"""067_requisition_answer_kept: a requisition's answer, as sent to the authority, is kept in the vault's files
(it holds the person's identity) and the register points at it, so the dpo can hand it over again."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields("judicial_request", answer_stored=pw.CharField(max_length=32, null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields("judicial_request", "answer_stored")
