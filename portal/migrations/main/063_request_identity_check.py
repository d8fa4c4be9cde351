"""063_request_identity_check: the register keeps how a request's author was identified, also once the
request is closed (the answer written at closing replaced it)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields("data_request", identity_check=pw.TextField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields("data_request", "identity_check")
