"""The words the dpo's screens use for what the registers store as codes."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

REQUEST_KIND_WORDS = {
    "access": _l("Droit d'accès"), "rectification": _l("Rectification"), "erasure": _l("Effacement"),
    "restriction": _l("Limitation du traitement"), "restriction_lift": _l("Levée de la limitation"),
    "objection": _l("Opposition"), "portability": _l("Portabilité"),
}
CHANNEL_WORDS = {"espace": _l("depuis son espace"), "courriel": _l("par courriel"), "courrier": _l("par courrier")}


def request_kind(code: str) -> str:
    return str(REQUEST_KIND_WORDS.get(code, code))


def channel(code: str) -> str:
    return str(CHANNEL_WORDS.get(code, code))


# What a letter gives of its author, compared with an account.
LETTER_FIELD_WORDS = {"full_name": _l("nom complet"), "email": _l("adresse électronique"), "phone": _l("téléphone"),
                      "postal_address": _l("adresse postale")}


def letter_fields(codes) -> str:
    return ", ".join(str(LETTER_FIELD_WORDS.get(code, code)) for code in codes)
