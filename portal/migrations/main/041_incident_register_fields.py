"""041_incident_register_fields: an incident keeps when it was discovered (the 72 hours run from then),
its likely consequences, the authority's reference once notified, and a reasoned decision not to tell the
people concerned (GDPR art. 34(3))."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('incident', discovered_at=pw.DateTimeField(null=True),
                        consequences=pw.TextField(default=""),
                        authority_reference=pw.CharField(max_length=100, null=True),
                        no_notice_reason=pw.TextField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('incident', 'discovered_at', 'consequences', 'authority_reference', 'no_notice_reason')
