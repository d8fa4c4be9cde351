"""032_funding_document_upload: a funding file's document may be an uploaded copy kept in the vault
zone's files (its random name, type and size here; the bytes there)."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        'funding_document',

        stored=pw.CharField(max_length=32, null=True),
        content_type=pw.CharField(max_length=32, null=True),
        size=pw.IntegerField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('funding_document', 'stored', 'content_type', 'size')
