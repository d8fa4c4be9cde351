"""The one rule for an e-mail address typed into any form (sign-up, profile, complaint, the dpo's intake, a
staff enrolment): email_validator's syntax, without asking the domain's DNS, and the reason in words when
it is refused (email_validator explains in English, and « n'est pas valide » alone leaves a person guessing).
"""
from __future__ import annotations

from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l


class AddressRefused(ValueError):
    """`words`: why, in the reader's language."""

    def __init__(self, words):
        super().__init__(str(words))
        self.words = words


def normalised(text: str, *, reserved_allowed: bool | None = None) -> str:
    """The address as it is kept, or AddressRefused saying why. reserved_allowed: whether a reserved domain
    (.test, .local…) is accepted; by default only in demo mode, whose own accounts live on .test."""
    text = text or ""
    if reserved_allowed is None:
        reserved_allowed = bool(current_app.config.get("DEMO_MODE"))
    try:
        return validate_email(text, check_deliverability=False, test_environment=reserved_allowed).normalized
    except EmailNotValidError:
        raise AddressRefused(refusal(text)) from None


def refusal(text: str):
    """Why an address is not one: what is missing or what is wrong with it."""
    if "@" not in text:
        return _l("Cette adresse électronique n'est pas valide : il manque le signe @.")
    domain = text.rsplit("@", 1)[1].strip().lower().rstrip(".")
    if domain.rsplit(".", 1)[-1] in SPECIAL_USE_DOMAIN_NAMES:
        return _l("Cette adresse électronique n'est pas valide : le domaine « %(domain)s » est réservé "
                  "(essais, réseau local) et ne peut pas recevoir de courriel.", domain=domain)
    if "." not in domain:
        return _l("Cette adresse électronique n'est pas valide : après le signe @, il faut un domaine avec "
                  "un point, comme exemple.fr.")
    return _l("Cette adresse électronique n'est pas valide : vérifiez qu'elle s'écrit comme "
              "prenom.nom@exemple.fr, sans espace ni caractère spécial.")
