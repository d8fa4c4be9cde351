"""011_professional_status_codes: a person's professional situation is stored as an English code like every
other code (employee, jobseeker, self_employed, individual, apprentice); the words stay French in
portal.funding.wording, which still reads a record archived with a former code."""

import peewee as pw
from peewee_migrate import Migrator

CODES = {"salarie": "employee", "demandeur_emploi": "jobseeker", "independant": "self_employed",
         "particulier": "individual", "apprenti": "apprentice"}


def _rename(migrator: Migrator, backwards: bool) -> None:
    # Constants of this file only: no user input reaches these statements.
    for old, new in CODES.items():
        before, after = (new, old) if backwards else (old, new)
        migrator.sql(f"UPDATE funding_identity SET professional_status = '{after}' WHERE professional_status = '{before}'")


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    _rename(migrator, backwards=False)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    _rename(migrator, backwards=True)
