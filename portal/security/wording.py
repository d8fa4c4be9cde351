"""Security events and incidents in words, for the dpo's screens and reports (the registers store codes)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.security import incidents

EVENT_WORDS = {
    "login_failed": _l("Connexion refusée"), "login_locked": _l("Compte verrouillé après des échecs"),
    "login_throttled": _l("Connexions freinées"), "login_succeeded": _l("Connexion réussie"),
    "password_changed": _l("Mot de passe changé"), "email_changed": _l("Adresse changée"),
    "totp_enabled": _l("Double authentification activée"), "totp_disabled": _l("Double authentification désactivée"),
    "recovery_code_used": _l("Code de secours utilisé"), "sessions_ended": _l("Sessions fermées partout"),
    "access_refused": _l("Accès refusé aux données d'une autre personne"),
    "stuffing_alert": _l("Alerte : essais d'identifiants en masse"),
    "mail_reply_refused": _l("Réponse par courriel refusée"),
}


def event_kind(code: str) -> str:
    return str(EVENT_WORDS.get(code, code))


# An incident's assessed risk and what follows from it (the rules: portal.security.incidents).
RISK_FOLLOWS = {
    None: _l("Évaluez le risque pour les personnes : il décide si la CNIL est notifiée (article 33.1) et si les "
             "personnes sont informées (article 34.1). En attendant, les 72 heures courent."),
    incidents.UNLIKELY: _l("La CNIL n'est pas notifiée : la violation est peu susceptible d'engendrer un risque "
                           "(article 33.1), pour les raisons que le registre garde. Les personnes n'ont pas à être "
                           "informées."),
    incidents.RISK: _l("La CNIL est notifiée dans les 72 heures qui suivent la découverte (article 33.1). Le risque "
                       "n'étant pas élevé, informer les personnes n'est pas obligatoire (article 34.1) ; vous pouvez "
                       "le faire."),
    incidents.HIGH: _l("La CNIL est notifiée dans les 72 heures qui suivent la découverte (article 33.1), et les "
                       "personnes sont informées sans tarder (article 34.1), sauf si l'un des cas de l'article 34.3 "
                       "s'applique : la décision motivée s'enregistre alors ci-dessous."),
}

# Where an incident stands with its people, but for « prévenues le … » (the screens add the date).
PEOPLE_WORDS = {
    incidents.NOT_TOLD_34_3: _l("personnes non informées, décision motivée (article 34.3)"),
    incidents.NOT_OWED: _l("personnes : information non obligatoire (risque non élevé)"),
    incidents.TO_TELL: _l("personnes à prévenir (risque élevé)"),
    incidents.TO_ASSESS: _l("risque à évaluer"),
}


def risk_level(code: str | None) -> str:
    return str(incidents.RISK_LEVELS[code]) if code in incidents.RISK_LEVELS else str(_l("risque non évalué"))
