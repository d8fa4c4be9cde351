"""Retention periods, exactly the table of the privacy policy ("Durées de conservation").

The policy page, /mes-donnees and the retention sweep all read this module; nothing copies it.
The policy is French; /mes-donnees says the periods in the reader's language (N_ marks them for the
translation catalogue, the page translates them).
"""
from __future__ import annotations

from dataclasses import dataclass

from portal.bouquets.engine.feedback import N_


@dataclass(frozen=True)
class RetentionRule:
    key: str
    category: str  # as worded in the policy
    active: str
    archive: str
    archive_years: int | None  # years kept in the archive zone after the active period; None: not archived


RULES: tuple[RetentionRule, ...] = (
    RetentionRule("login", "Identifiants de connexion", N_("Durée d'activité du compte + 1 an"),
                  N_("Non archivés"), None),
    RetentionRule("pedagogical", "Historique pédagogique", N_("Durée d'activité du compte + 1 an"),
                  N_("Non archivé"), None),
    RetentionRule("contracts", "Documents contractuels", N_("Durée de la formation"),
                  N_("10 ans après fin de formation"), 10),
    RetentionRule("attendance", "Justificatifs de présence", N_("Durée de la formation"),
                  N_("5 ans pour contrôles financeurs"), 5),
    RetentionRule("invoices", "Factures et paiements", N_("Exercice fiscal en cours"),
                  N_("10 ans pour obligations comptables"), 10),
)

# Not in the policy's table but promised by the export feature: the archive is deleted after 7 days.
EXPORT_FILES = RetentionRule("exports", "Fichiers d'export", N_("7 jours"), N_("Non archivés"), None)

BY_KEY = {rule.key: rule for rule in (*RULES, EXPORT_FILES)}
