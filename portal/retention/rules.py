"""Retention periods, exactly the table of the privacy policy ("Durées de conservation").

The policy page, /mes-donnees and the retention sweep all read this module; nothing copies it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RetentionRule:
    key: str
    category: str  # as worded in the policy
    active: str
    archive: str
    archive_years: int | None  # years kept in the archive zone after the active period; None: not archived


RULES: tuple[RetentionRule, ...] = (
    RetentionRule("login", "Identifiants de connexion", "Durée d'activité du compte + 1 an", "Non archivés", None),
    RetentionRule("pedagogical", "Historique pédagogique", "Durée d'activité du compte + 1 an", "Non archivé", None),
    RetentionRule("contracts", "Documents contractuels", "Durée de la formation", "10 ans après fin de formation", 10),
    RetentionRule("attendance", "Justificatifs de présence", "Durée de la formation", "5 ans pour contrôles financeurs", 5),
    RetentionRule("invoices", "Factures et paiements", "Exercice fiscal en cours", "10 ans pour obligations comptables", 10),
)

# Not in the policy's table but promised by the export feature: the archive is deleted after 7 days.
EXPORT_FILES = RetentionRule("exports", "Fichiers d'export", "7 jours", "Non archivés", None)

BY_KEY = {rule.key: rule for rule in (*RULES, EXPORT_FILES)}
