"""The headings /mes-donnees groups a person's data under, and the categories an incident names
(their keys are stored in Incident.categories)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Topic:
    key: str
    label: str


TOPICS: tuple[Topic, ...] = (
    Topic("identity", _l("Identité et coordonnées")),
    Topic("account", _l("Compte et identifiants")),
    Topic("history", _l("Historique de formation")),
    Topic("exchanges", _l("Échanges pédagogiques")),
    Topic("bouquets", _l("Bouquets composés dans l'atelier")),
    Topic("personalisation", _l("Personnalisation du parcours")),
    Topic("administrative", _l("Dossier administratif : inscriptions, financement, factures, attestations")),
    Topic("consents", _l("Consentements")),
    Topic("improvement", _l("Amélioration de nos formations")),
    Topic("requests", _l("Demandes sur vos données")),
    Topic("security", _l("Sécurité de votre compte")),
    Topic("mails", _l("Courriels et tâches en cours")),
    Topic("work", _l("Votre travail pour l'organisme")),
)

BY_KEY = {topic.key: topic for topic in TOPICS}
