"""048_restriction_ground_codes: the grounds of a restriction are stored in English like every other
code (the words the person and the dpo read stay French, in portal.privacy.restriction)."""

import peewee as pw
from peewee_migrate import Migrator

RENAMED = {"exactitude": "accuracy", "illicite": "unlawful", "droits": "legal_claim", "opposition": "objection",
           "autre": "other"}


def _rename(migrator: Migrator, pairs: dict[str, str]) -> None:
    for old, new in pairs.items():  # constants of this file: no user input reaches the statement
        migrator.sql(f"UPDATE account SET restriction_ground = '{new}' WHERE restriction_ground = '{old}'")


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    _rename(migrator, RENAMED)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    _rename(migrator, {new: old for old, new in RENAMED.items()})
