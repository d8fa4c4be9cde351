"""107_restriction_lift_announced: a restriction is lifted only after the person has been told (GDPR article
18(3)): the dpo first announces the day it will be lifted, with the reason, and lifts it on or after that day. The
request keeps the day announced and the reason."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('data_request', lift_on=pw.DateField(null=True), lift_reason=pw.TextField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('data_request', 'lift_on', 'lift_reason')
