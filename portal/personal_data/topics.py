"""The headings /mes-donnees groups a person's data under, and the categories an incident names
(their keys are stored in Incident.categories)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Topic:
    key: str
    label: str  # as the person reads it, about her own data (/mes-donnees, an incident's notice to her)
    # As a staff screen says it, about the people concerned (the dpo's incident register): given where the
    # person's words speak to her (« vos données »), otherwise the same.
    about: str | None = None

    @property
    def staff_label(self) -> str:
        return self.about or self.label


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
    Topic("requests", _l("Demandes sur vos données"), _l("Demandes sur leurs données")),
    Topic("security", _l("Sécurité de votre compte"), _l("Sécurité de leur compte")),
    Topic("mails", _l("Courriels et tâches en cours")),
    Topic("work", _l("Votre travail pour l'organisme"), _l("Leur travail pour l'organisme")),
)

BY_KEY = {topic.key: topic for topic in TOPICS}
