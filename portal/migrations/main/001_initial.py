"""Peewee migrations -- 001_initial.py.

Some examples (model - class or model name)::

    > Model = migrator.orm['table_name']            # Return model in current state by name
    > Model = migrator.ModelClass                   # Return model in current state by name

    > migrator.sql(sql)                             # Run custom SQL
    > migrator.run(func, *args, **kwargs)           # Run python function with the given args
    > migrator.create_model(Model)                  # Create a model (could be used as decorator)
    > migrator.remove_model(model, cascade=True)    # Remove a model
    > migrator.add_fields(model, **fields)          # Add fields (allow_not_null=True skips default)
    > migrator.change_fields(model, **fields)       # Change fields
    > migrator.remove_fields(model, *field_names, cascade=True)
    > migrator.rename_field(model, old_field_name, new_field_name)
    > migrator.rename_table(model, new_table_name)
    > migrator.add_index(model, *col_names, unique=False)
    > migrator.add_not_null(model, *field_names)
    > migrator.add_default(model, field_name, default)
    > migrator.add_constraint(model, name, sql)
    > migrator.drop_index(model, *col_names)
    > migrator.drop_not_null(model, *field_names)
    > migrator.drop_constraints(model, *constraints)

"""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Write your migrations here."""
    
    @migrator.create_model
    class Account(pw.Model):
        id = pw.UUIDField(primary_key=True)
        role = pw.CharField(default='learner', index=True, max_length=16)
        display_name = pw.CharField(max_length=40)
        language = pw.CharField(default='fr', max_length=5)
        status = pw.CharField(default='active', index=True, max_length=16)
        created_at = pw.DateTimeField()
        confirmed_at = pw.DateTimeField(null=True)
        last_login_at = pw.DateTimeField(null=True)
        session_version = pw.IntegerField(default=1)

        class Meta:
            table_name = "account"

    @migrator.create_model
    class JobRecord(pw.Model):
        id = pw.AutoField()
        func = pw.CharField(max_length=200)
        args = pw.TextField(default='[]')
        status = pw.CharField(default='pending', index=True, max_length=16)
        attempts = pw.IntegerField(default=0)
        max_attempts = pw.IntegerField(default=5)
        run_after = pw.DateTimeField(index=True)
        created_at = pw.DateTimeField()
        queued_at = pw.DateTimeField(null=True)
        started_at = pw.DateTimeField(null=True)
        finished_at = pw.DateTimeField(null=True)
        last_error = pw.TextField(null=True)

        class Meta:
            table_name = "job"

    @migrator.create_model
    class PeriodicRun(pw.Model):
        name = pw.CharField(max_length=100, primary_key=True)
        last_enqueued_at = pw.DateTimeField()

        class Meta:
            table_name = "periodic_run"

    @migrator.create_model
    class UsedToken(pw.Model):
        digest = pw.CharField(max_length=64, primary_key=True)
        purpose = pw.CharField(max_length=32)
        used_at = pw.DateTimeField()

        class Meta:
            table_name = "used_token"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Write your rollback migrations here."""
    
    migrator.remove_model('used_token')

    migrator.remove_model('periodic_run')

    migrator.remove_model('job')

    migrator.remove_model('account')
