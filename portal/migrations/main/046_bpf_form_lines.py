"""046_bpf_form_lines: the BPF's facts hold the lines of the form itself (cerfa 10443): an invoice's fact
keeps the line of frame C it falls on (who paid, and which funder), and a trainee's fact keeps the letter of
her line of frame F-3 in place of the portal's own words for it."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext

# The words 040 stored, and the form's F-3 letter each one is.
OBJECTIVES = {
    "F-3 Diplôme ou titre inscrit au RNCP": "a",
    "F-3 Certification inscrite au répertoire spécifique": "b",
    "F-3 Autre formation professionnelle": "d",
    "F-3 Bilan de compétences": "e",
    "F-3 Validation des acquis de l'expérience": "f",
}
# Facts written before this migration know who paid, not which funder: a learner's invoice is line 9, an
# employer's line 1; a funder's is left "" and read as 2h (an OPCO's other schemes) by portal.stats.bpf.
PAYERS = {"learner": "9", "employer": "1"}


def _quoted(words: str) -> str:
    """The constant words above inside an SQL string literal."""
    return words.replace("'", "''")


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('bpf_income_fact', line=pw.CharField(max_length=8, default=""))
    for words, letter in OBJECTIVES.items():
        migrator.sql(f"UPDATE bpf_trainee_fact SET objective = '{letter}' WHERE objective = '{_quoted(words)}'")
    for payer, line in PAYERS.items():
        migrator.sql(f"UPDATE bpf_income_fact SET line = '{line}' WHERE payer_type = '{payer}'")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    for words, letter in OBJECTIVES.items():
        migrator.sql(f"UPDATE bpf_trainee_fact SET objective = '{_quoted(words)}' WHERE objective = '{letter}'")
    migrator.remove_fields('bpf_income_fact', 'line')
