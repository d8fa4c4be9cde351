"""042_receivables: an invoice says which part of its payer's share it bills (all, a deposit, the balance)
and carries the funder's case number; each payer's share of an enrolment's price (« prise en charge »);
the reminders sent for overdue invoices; what archived invoices billed each enrolment."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('invoice', part=pw.CharField(max_length=16, default="total"),
                        case_number=pw.CharField(max_length=64, default=""))

    @migrator.create_model
    class BillingShare(pw.Model):
        id = pw.AutoField()
        enrollment = pw.ForeignKeyField(column_name='enrollment_id', field='id', model=migrator.orm['enrollment'],
                                        on_delete='CASCADE')
        payer_type = pw.CharField(max_length=16)
        amount_cents = pw.IntegerField()
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "billing_share"
            indexes = [(('enrollment', 'payer_type'), True)]

    @migrator.create_model
    class InvoiceReminder(pw.Model):
        id = pw.AutoField()
        invoice = pw.ForeignKeyField(column_name='invoice_id', field='id', model=migrator.orm['invoice'],
                                     on_delete='CASCADE')
        level = pw.IntegerField()
        sent_at = pw.DateTimeField()
        channel = pw.CharField(max_length=16)

        class Meta:
            table_name = "invoice_reminder"

    @migrator.create_model
    class ArchivedBilling(pw.Model):
        id = pw.AutoField()
        enrollment = pw.ForeignKeyField(column_name='enrollment_id', field='id', model=migrator.orm['enrollment'],
                                        on_delete='CASCADE')
        number = pw.CharField(max_length=20, unique=True)
        payer_type = pw.CharField(max_length=16)
        part = pw.CharField(max_length=16)
        total_cents = pw.IntegerField()

        class Meta:
            table_name = "archived_billing"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('archived_billing')
    migrator.remove_model('invoice_reminder')
    migrator.remove_model('billing_share')
    migrator.remove_fields('invoice', 'part', 'case_number')
