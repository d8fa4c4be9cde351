"""008_payment_methods_and_billing_contacts: a payment says how it was made (card, transfer, cheque…), with
its reference, the settlement it belongs to (one transfer for several invoices) and who recorded it; an
invoice's payer keeps the trainee named on it and the address its reminders go to."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('payment', method=pw.CharField(max_length=16, default="card"),
                        reference=pw.CharField(max_length=120, default=""),
                        settlement=pw.CharField(max_length=40, null=True, index=True),
                        recorded_by=pw.UUIDField(null=True))
    migrator.add_fields('invoice_party', trainee=pw.CharField(max_length=160, default=""),
                        email=pw.CharField(max_length=254, default=""))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('invoice_party', 'trainee', 'email')
    migrator.remove_fields('payment', 'method', 'reference', 'settlement', 'recorded_by')
