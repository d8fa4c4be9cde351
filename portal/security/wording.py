"""Security events in words, for the dpo's screen (the register stores codes)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

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
