"""The words the dpo's screens use for what the registers store as codes."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

REQUEST_KIND_WORDS = {
    "access": _l("Droit d'accès"), "rectification": _l("Rectification"), "erasure": _l("Effacement"),
    "restriction": _l("Limitation du traitement"), "restriction_lift": _l("Levée de la limitation"),
    "objection": _l("Opposition"), "portability": _l("Portabilité"),
}
# The codes the register stores for how a request arrived: every screen, refusal and register note names the
# channel through these words (an e-mail is never "sa lettre", a phone call never "la date du courrier").
CHANNELS = ("espace", "courriel", "courrier", "telephone", "sur_place")
CHANNEL_WORDS = {"espace": _l("depuis son espace"), "courriel": _l("par courriel"), "courrier": _l("par courrier"),
                 "telephone": _l("par téléphone"), "sur_place": _l("sur place")}
# What brought it, as a noun with her possessive: "À comparer avec sa lettre", "Adresse donnée dans son courriel".
CHANNEL_MESSAGE = {"espace": _l("sa demande en ligne"), "courriel": _l("son courriel"), "courrier": _l("sa lettre"),
                   "telephone": _l("son appel"), "sur_place": _l("sa demande sur place")}
# The day a request arrived starts its clock, whatever brought it.
RECEIVED_ON = _l("Indiquez le jour où la demande est arrivée (reçue par courrier, par courriel, par téléphone ou "
                 "sur place).")


def request_kind(code: str) -> str:
    return str(REQUEST_KIND_WORDS.get(code, code))


def channel(code: str) -> str:
    return str(CHANNEL_WORDS.get(code, code))


def channel_message(code: str) -> str:
    """What brought the request, with her possessive ("sa lettre", "son courriel")."""
    return str(CHANNEL_MESSAGE.get(code, CHANNEL_MESSAGE["courrier"]))


# What a letter gives of its author, compared with an account.
LETTER_FIELD_WORDS = {"full_name": _l("nom complet"), "email": _l("adresse électronique"), "phone": _l("téléphone"),
                      "postal_address": _l("adresse postale")}


def letter_fields(codes) -> str:
    return ", ".join(str(LETTER_FIELD_WORDS.get(code, code)) for code in codes)


# What a letter printed for a request said (portal.privacy.models.LETTER_KINDS).
LETTER_KIND_WORDS = {"extension": _l("report de l'échéance"), "answer": _l("réponse"),
                     "outcome": _l("demande exécutée")}


def letter_kind(code: str) -> str:
    return str(LETTER_KIND_WORDS.get(code, code))
