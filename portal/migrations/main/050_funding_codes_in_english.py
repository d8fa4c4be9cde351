"""050_funding_codes_in_english: a funding file's steps and its documents' kinds are stored in English like
every other code; the words staff read stay French (portal.funding.wording), and files archived before
keep their former codes, which the wording still reads."""

import peewee as pw
from peewee_migrate import Migrator

STATUSES = {"brouillon": "draft", "depose": "submitted", "accepte": "accepted", "refuse": "refused", "paye": "paid"}
KINDS = {"convention": "agreement", "positionnement": "needs_assessment", "reglement": "house_rules",
         "releve": "attendance_statement", "certificat_realisation": "completion_certificate", "facture": "invoice",
         "enquete": "satisfaction_survey"}
# Constants of this file only: no user input reaches these statements.
COLUMNS = (("funding_file", "status", STATUSES), ("funding_status_change", "from_status", STATUSES),
           ("funding_status_change", "to_status", STATUSES), ("funding_document", "kind", KINDS))


def _rename(migrator: Migrator, backwards: bool) -> None:
    for table, column, pairs in COLUMNS:
        for old, new in pairs.items():
            before, after = (new, old) if backwards else (old, new)
            migrator.sql(f"UPDATE {table} SET {column} = '{after}' WHERE {column} = '{before}'")


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    _rename(migrator, backwards=False)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    _rename(migrator, backwards=True)
