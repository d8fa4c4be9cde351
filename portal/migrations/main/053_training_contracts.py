"""053_training_contracts: the contract of a person paying her training herself (or her part of it), kept as
signed (text, terms version, fingerprint, date and time), its withdrawal, an early stop, and its payment
schedule (deposit and instalments, each with the invoice that billed it)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class TrainingContract(pw.Model):
        id = pw.AutoField()
        account_id = pw.UUIDField(index=True)
        enrollment = pw.ForeignKeyField(column_name='enrollment_id', field='id', model=migrator.orm['enrollment'],
                                        null=True, index=True, on_delete='SET NULL')
        session = pw.ForeignKeyField(column_name='session_id', field='id', model=migrator.orm['training_session'],
                                     on_delete='RESTRICT')
        price_cents = pw.IntegerField()
        share_cents = pw.IntegerField()
        funding = pw.CharField(max_length=16)
        text = pw.TextField()
        terms_version = pw.CharField(max_length=16)
        text_sha256 = pw.CharField(max_length=64)
        signed_at = pw.DateTimeField()
        withdrawal_ends_on = pw.DateField()
        withdrawn_at = pw.DateTimeField(null=True)
        withdrawal_channel = pw.CharField(max_length=16, null=True)
        letter_sent_on = pw.DateField(null=True)
        recorded_by = pw.UUIDField(null=True)
        stopped_on = pw.DateField(null=True)
        stop_reason = pw.CharField(max_length=16, null=True)
        stop_note = pw.TextField(default="")

        class Meta:
            table_name = "training_contract"

    @migrator.create_model
    class Instalment(pw.Model):
        id = pw.AutoField()
        contract = pw.ForeignKeyField(column_name='contract_id', field='id',
                                      model=migrator.orm['training_contract'], on_delete='CASCADE')
        position = pw.IntegerField()
        kind = pw.CharField(max_length=16)
        bills_on = pw.DateField()
        amount_cents = pw.IntegerField()
        invoice_number = pw.CharField(max_length=20, null=True)
        reminded_on = pw.DateField(null=True)
        cancelled = pw.BooleanField(default=False)

        class Meta:
            table_name = "contract_instalment"
            indexes = [(('contract', 'position'), True)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('contract_instalment')
    migrator.remove_model('training_contract')
