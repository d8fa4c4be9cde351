"""040_bpf_facts: the BPF's anonymous statistical facts, so that its figures neither read the legal
archive nor lose a trainee who erased her account."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class TraineeFact(pw.Model):
        id = pw.AutoField()
        reference = pw.CharField(max_length=64, unique=True)
        year = pw.IntegerField(index=True)
        trainee_type = pw.CharField(max_length=24)
        funder = pw.CharField(max_length=16)
        objective = pw.CharField(max_length=80)
        nsf_code = pw.CharField(max_length=8)
        seconds = pw.IntegerField(default=0)
        finished = pw.BooleanField(default=False)
        certified = pw.BooleanField(default=False)

        class Meta:
            table_name = "bpf_trainee_fact"

    @migrator.create_model
    class IncomeFact(pw.Model):
        id = pw.AutoField()
        number = pw.CharField(max_length=20, unique=True)
        year = pw.IntegerField(index=True)
        payer_type = pw.CharField(max_length=16)
        cents = pw.IntegerField()

        class Meta:
            table_name = "bpf_income_fact"

    @migrator.create_model
    class ClosedYear(pw.Model):
        year = pw.IntegerField(primary_key=True)
        closed_at = pw.DateTimeField()

        class Meta:
            table_name = "bpf_closed_year"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('bpf_closed_year')
    migrator.remove_model('bpf_income_fact')
    migrator.remove_model('bpf_trainee_fact')
