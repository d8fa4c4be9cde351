"""052_list_indexes: the back office's lists hold a provider's whole history, a page at a time; these
indexes let a page be found without sorting every row: learners by display name, certificates by date of
issue, invoices by due date, funding files by status, sessions by start date."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


# name (as the models declare it), table, columns
INDEXES = (("account_role_status_display_name", "account", ("role", "status", "display_name")),
           ("certificate_issued_at", "certificate", ("issued_at",)), ("invoice_due_on", "invoice", ("due_on",)),
           ("fundingfile_status", "funding_file", ("status",)),
           ("trainingsession_starts_on", "training_session", ("starts_on",)))


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    for name, table, columns in INDEXES:
        migrator.sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({", ".join(columns)})')


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    for name, _table, _columns in INDEXES:
        migrator.sql(f'DROP INDEX IF EXISTS "{name}"')
