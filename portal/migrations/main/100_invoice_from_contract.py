"""100_invoice_from_contract: an invoice says whether it bills a step of the learner's training contract (the
contract reminds those before their due date with its own mail, so the courtesy reminder of the others does
not send a second); the invoices already issued for contract steps are marked from the steps that name them."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    # Added in place, as 069, 090 and 094 did: a rebuild of the table on SQLite would trip on the rows referring to it.
    migrator.orm["invoice"]._meta.add_field("from_contract", pw.BooleanField(default=False))
    migrator.sql("ALTER TABLE invoice ADD COLUMN from_contract BOOLEAN NOT NULL DEFAULT FALSE")
    migrator.sql("UPDATE invoice SET from_contract = TRUE WHERE number IN "
                 "(SELECT invoice_number FROM contract_instalment WHERE invoice_number IS NOT NULL)")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields("invoice", "from_contract")
