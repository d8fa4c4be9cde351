"""What /mes-donnees lists: every category of data held about a learner, why, on what basis, how long."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.retention.rules import BY_KEY, RetentionRule

CONTRACT = _l("Exécution du contrat de formation")
LEGAL = _l("Obligation légale")
INTEREST = _l("Intérêt légitime")
CONSENT = _l("Consentement")


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    purpose: str
    basis: str
    retention: RetentionRule


CATEGORIES: tuple[Category, ...] = (
    Category("identity", _l("Identité et coordonnées"),
             _l("Vous inscrire, vous envoyer confirmations, supports et convocations."), CONTRACT, BY_KEY["login"]),
    Category("account", _l("Compte et identifiants"),
             _l("Vous donner accès à votre espace personnel sécurisé."), CONTRACT, BY_KEY["login"]),
    Category("history", _l("Historique de formation"),
             _l("Reprendre là où vous vous étiez arrêté, suivre votre progression, justifier la réalisation."),
             CONTRACT, BY_KEY["pedagogical"]),
    Category("exchanges", _l("Échanges pédagogiques"),
             _l("Assurer la continuité de l'accompagnement par vos formateurs."), CONTRACT, BY_KEY["pedagogical"]),
    Category("bouquets", _l("Bouquets composés dans l'atelier"),
             _l("Évaluer vos exercices pratiques et permettre les commentaires des formateurs."),
             CONTRACT, BY_KEY["pedagogical"]),
    Category("personalisation", _l("Personnalisation du parcours"),
             _l("Vous suggérer un module avancé quand vous réussissez un module vite et avec %(score)s %% "
                "ou plus aux quiz ; vous envoyer des ressources après trois échecs sur un même thème "
                "(une fois par semaine au plus). Rien de tout cela pendant une limitation du traitement.", score=85),
             INTEREST, BY_KEY["pedagogical"]),
    Category("administrative", _l("Dossier administratif : inscriptions, financement, factures, attestations"),
             _l("Répondre aux financeurs et aux obligations fiscales et réglementaires."), LEGAL, BY_KEY["contracts"]),
    Category("consents", _l("Consentements"),
             _l("Savoir si vous acceptez nos communications sur les nouvelles formations."), CONSENT, BY_KEY["login"]),
    Category("requests", _l("Demandes sur vos données"),
             _l("Répondre à vos demandes d'accès, de rectification, d'effacement, de limitation ou d'opposition."),
             LEGAL, BY_KEY["login"]),
    Category("security", _l("Événements de sécurité"),
             _l("Protéger votre compte : connexions, changements de mot de passe."), INTEREST, BY_KEY["login"]),
)
