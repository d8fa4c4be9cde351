"""039_certificate_check: the narrow table the public certificate check reads (codes, course, dates,
validity, a keyed fingerprint of the printed name), so that it no longer reads the legal archive. Rows for
certificates issued before are written by `flask --app app init-db` (the fingerprint needs the key)."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class CertificateCheck(pw.Model):
        code = pw.CharField(max_length=64, primary_key=True)
        short_code = pw.CharField(max_length=10, unique=True, null=True)
        course_title = pw.CharField(max_length=200)
        version = pw.IntegerField(default=1)
        issued_on = pw.DateField()
        session_starts_on = pw.DateField(null=True)
        session_ends_on = pw.DateField(null=True)
        superseded_by = pw.CharField(max_length=64, null=True)
        superseded_on = pw.DateField(null=True)
        name_fingerprint = pw.CharField(max_length=64)
        purge_after = pw.DateField(index=True)

        class Meta:
            table_name = "certificate_check"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('certificate_check')
