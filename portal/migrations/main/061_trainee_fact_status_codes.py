"""061_trainee_fact_status_codes: the BPF's anonymous trainee facts keep the professional situation under
the English codes the vault now stores (vault migration 011)."""

import peewee as pw
from peewee_migrate import Migrator

CODES = {"salarie": "employee", "demandeur_emploi": "jobseeker", "independant": "self_employed",
         "particulier": "individual", "apprenti": "apprentice"}


def _rename(migrator: Migrator, backwards: bool) -> None:
    # Constants of this file only: no user input reaches these statements.
    for old, new in CODES.items():
        before, after = (new, old) if backwards else (old, new)
        migrator.sql(f"UPDATE bpf_trainee_fact SET trainee_type = '{after}' WHERE trainee_type = '{before}'")


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    _rename(migrator, backwards=False)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    _rename(migrator, backwards=True)
