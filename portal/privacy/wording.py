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
