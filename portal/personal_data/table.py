"""Retention periods, exactly the table of the privacy policy ("Durées de conservation"), and the
registers the provider keeps on purpose outside that table, each with its stated reason.

The policy page, /mes-donnees, the declarations and the retention sweep all read this module; nothing
copies it. The policy is French; /mes-donnees says the periods in the reader's language (N_ marks them
for the translation catalogue, the page translates them).
"""
from __future__ import annotations

from dataclasses import dataclass


def N_(text: str) -> str:  # noqa: N802 (Babel's extraction keyword, pybabel extract -k N_)
    return text


@dataclass(frozen=True)
class RetentionRule:
    key: str
    category: str  # as worded in the policy's table
    active: str
    archive: str
    archive_years: int | None  # years kept in the archive zone after the active period; None: not archived
    reason: str = ""  # a register kept outside the table says why; a line of the table needs none
    # A register kept so many years after its event (a request's closing, an answer), as `active` says in words.
    kept_years: int | None = None


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

# Registers outside the table: each says how long and why. None holds more than its reason needs.
REGISTERS: tuple[RetentionRule, ...] = (
    RetentionRule("exports", "Fichiers d'export", N_("7 jours"), N_("Non archivés"), None,
                  reason=N_("Le lien de téléchargement promis par la politique reste valable 7 jours.")),
    RetentionRule("requests", "Registre des demandes", N_("Tant que le compte existe, puis 5 ans après la clôture "
                                                          "de la demande ou, jamais close, après la date où la réponse "
                                                          "était due"), N_("Non archivé"), None,
                  reason=N_("Prouver à l'autorité de contrôle que chaque demande a reçu une réponse dans le "
                            "délai ; vos propres mots partent avec votre compte."), kept_years=5),
    RetentionRule("security", "Journal de sécurité", N_("1 an"), N_("Non archivé"), None,
                  reason=N_("Détecter les tentatives d'accès non autorisées et y répondre, comme la politique "
                            "le promet ; au-delà d'un an, un événement ne sert plus à cela.")),
    RetentionRule("access_log", "Journal des accès aux données", N_("Tant que le journal sert de preuve"),
                  N_("Non archivé"), None,
                  reason=N_("Montrer qui a consulté vos données d'identité et pourquoi : chaque accès laisse une "
                            "trace chaînée à la précédente, qu'on ne peut retirer sans briser la preuve ; elle ne "
                            "nomme personne (des identifiants de compte).")),
    RetentionRule("judicial", "Registre des réquisitions", N_("5 ans après la réponse"), N_("Non archivé"), None,
                  reason=N_("Justifier ce qui a été transmis à une autorité, et seulement cela."), kept_years=5),
    RetentionRule("authorship", "Auteurs des contenus et décisions de l'organisme", N_("Tant que le contenu existe"),
                  N_("Non archivé"), None,
                  reason=N_("Savoir qui, dans l'équipe, a rédigé un exercice ou une lettre, publié une version de "
                            "la politique ou consigné un incident ; seul l'identifiant de son compte y figure.")),
    RetentionRule("statistics", "Statistiques anonymes", N_("Sans limite : elles ne concernent plus personne"),
                  N_("Non archivées"), None,
                  reason=N_("Une fois écrites, elles ne disent rien de vous : combien de stagiaires, d'heures et de "
                            "produits dans l'année, comme le bilan pédagogique et financier l'exige.")),
    RetentionRule("archive", "Archives légales", N_("Selon la pièce : 5 ou 10 ans, comme la ligne de sa "
                                                    "catégorie"), N_("Archives isolées"), None,
                  reason=N_("Les pièces que la loi oblige à garder après la fermeture d'un compte, chacune "
                            "avec sa date de destruction.")),
    RetentionRule("operations", "Courriels et tâches en cours", N_("Le temps de l'envoi ou de la tâche"),
                  N_("Non archivés"), None,
                  reason=N_("Envoyer chaque courriel une seule fois et mener chaque tâche à son terme ; rien "
                            "n'en reste après l'effacement du compte.")),
)

BY_KEY = {rule.key: rule for rule in (*RULES, *REGISTERS)}
