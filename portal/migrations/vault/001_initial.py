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
    class Credential(pw.Model):
        account_id = pw.UUIDField(primary_key=True)
        password_hash = pw.CharField(max_length=255)
        totp_secret = pw.CharField(max_length=64, null=True)
        password_changed_at = pw.DateTimeField()

        class Meta:
            table_name = "credential"

    @migrator.create_model
    class Identity(pw.Model):
        account_id = pw.UUIDField(primary_key=True)
        full_name = pw.CharField(max_length=120)
        email = pw.CharField(max_length=254)
        email_key = pw.CharField(max_length=254, unique=True)
        phone = pw.CharField(max_length=20)
        postal_address = pw.TextField(null=True)
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "identity"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Write your rollback migrations here."""
    
    migrator.remove_model('identity')

    migrator.remove_model('credential')
