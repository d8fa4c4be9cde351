"""094_funding_file_payer: a funding file keeps the billing address and the SIREN of whoever pays (the funder,
or the employer on its training plan), which its invoices print; empty for the files already kept."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    # Added in place, as 069 and 090 did: a rebuild of the table on SQLite would trip on the rows referring to it.
    migrator.orm["funding_file"]._meta.add_field("payer_address", pw.TextField(default=""))
    migrator.orm["funding_file"]._meta.add_field("payer_siren", pw.CharField(max_length=9, default=""))
    migrator.sql("ALTER TABLE funding_file ADD COLUMN payer_address TEXT NOT NULL DEFAULT ''")
    migrator.sql("ALTER TABLE funding_file ADD COLUMN payer_siren VARCHAR(9) NOT NULL DEFAULT ''")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields("funding_file", "payer_address", "payer_siren")
