"""037_restriction_ground: a restricted account keeps the ground of its restriction as a code, so that
the retention sweep can hold back what a legal claim needs (GDPR art. 18(1)(c))."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('account', restriction_ground=pw.CharField(max_length=16, null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('account', 'restriction_ground')
