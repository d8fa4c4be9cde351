"""051_requests_without_account: a request in the register belongs to an account or, for someone without
one, to a requester kept in the vault (her UUID only: the main zone holds no name nor address); a request
answered by post says so (an export is then handed to the dpo as a file, not sent as a link)."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('data_request', requester_id=pw.UUIDField(null=True, index=True),
                        answer_by_post=pw.BooleanField(default=False))
    migrator.drop_not_null('data_request', 'account_id')


def _forget_requesters(database):
    # Requests of people without an account cannot be kept without their requester: they go with the feature.
    database.execute_sql("DELETE FROM data_request WHERE account_id IS NULL")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.run(_forget_requesters, database)
    migrator.drop_index('data_request', 'requester_id')  # SQLite drops no column an index still names
    migrator.remove_fields('data_request', 'requester_id', 'answer_by_post')
    migrator.add_not_null('data_request', 'account_id')
