"""033_restriction_detail_and_authority_notice: a data request keeps what the person gave with it (the
ground of a restriction, why to lift it); an incident records when the CNIL was notified."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('data_request', detail=pw.TextField(null=True))
    migrator.add_fields('incident', authority_notified_at=pw.DateTimeField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('data_request', 'detail')
    migrator.remove_fields('incident', 'authority_notified_at')
