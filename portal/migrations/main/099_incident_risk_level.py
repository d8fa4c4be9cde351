"""099_incident_risk_level: an incident keeps the dpo's assessment of its risk for the people (none likely,
a risk, a high risk) and its reasons, when she made it: no risk likely spares the CNIL's notification (GDPR
art. 33(1)), a high risk obliges to tell the people (art. 34(1))."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('incident', risk_level=pw.CharField(max_length=12, null=True),
                        risk_reason=pw.TextField(null=True), risk_assessed_at=pw.DateTimeField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('incident', 'risk_level', 'risk_reason', 'risk_assessed_at')
